"""The practitioner-facing words, in one place (standard library only).

The defaults are in ``wording.json`` beside this module; the page script and the manual's templates get the same
words from the build. A policy may override any of them under its optional ``wording`` key (the schema lists each
one), which is also how a Welsh or plain-English variant would change them.

Placeholders are ``{name}``; ``{Name}`` inserts the value with its first letter in capitals. Nothing else in a
text is special, so an override cannot reach into the program (no format specifications, no attributes).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Mapping, Optional

DEFAULTS: dict[str, str] = json.loads(Path(__file__).with_name("wording.json").read_text(encoding="utf-8"))
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")


def fill(text: str, values: Mapping[str, Any]) -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]``; unknown names stay as they are."""
    def one(match: re.Match) -> str:
        name = match.group(1)
        if name in values:
            return str(values[name])
        lower = name[:1].lower() + name[1:]
        if name[:1].isupper() and lower in values:
            value = str(values[lower])
            return value[:1].upper() + value[1:]
        return match.group(0)

    return _PLACEHOLDER.sub(one, text)


class Wording:
    """The defaults with a policy's overrides. Call it: ``wording("notice.overdue", previous=..., date=...)``."""

    def __init__(self, overrides: Optional[Mapping[str, str]] = None):
        self.texts = dict(DEFAULTS)
        if overrides:
            self.texts.update({k: v for k, v in overrides.items() if k in DEFAULTS and isinstance(v, str)})

    def __call__(self, key: str, **values: Any) -> str:
        return fill(self.texts[key], values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Wording) and other.texts == self.texts

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.texts.items())))


DEFAULT = Wording()


ARTICLES = ("The", "A", "An", "Your", "Their")


def mid_sentence(title: str) -> str:
    """A role's title as it reads after "and": its first letter in lower case where the title is in sentence case
    ("Line manager or team manager" -> "line manager or team manager"); a title with other capitals ("Head of
    Service", "IRO") is kept as written, but for a leading article ("The Lead Professional" -> "the Lead Professional"). The page script has the same rule (now.mjs ``midSentence``)."""
    first, _, rest = title.partition(" ")
    if first in ARTICLES and rest:
        return title[:1].lower() + title[1:]      # "The agency's WSCB Board representative": "the agency's ..."
    if len(first) > 1 and first[1:].islower() and not any(c.isupper() for c in rest):
        return title[:1].lower() + title[1:]
    return title
