"""The practitioner-facing words, in one place (standard library only).

The defaults are in ``wording.json`` beside this module; the page script and the manual's templates get the same
words from the build. A policy may override any of them under its optional ``wording`` key (the schema lists each
one), which is also how a Welsh or plain-English variant would change them.

Placeholders are ``{name}``; ``{Name}`` inserts the value with its first letter in capitals. Nothing else in a
text is special, so an override cannot reach into the program (no format specifications, no attributes).

A few placeholders are the policy's own words (its optional ``terms``), filled in once, when the words are made, so
every text (the engine's, the manual's, the page script's) says them: ``{person}`` for the person at risk ("child",
or "adult, child or young person" in a joint protocol), ``{a_person}`` with its article, ``{stage_word}`` and
``{stages_word}`` for what the policy calls a stage ("stage", "step", "level"). The defaults are today's words.
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


def _article(noun: str) -> str:
    """"a child", "an adult, child or young person": by the first letter, which is enough for the words policies use
    (a policy with another word gives ``a_person`` itself)."""
    return ("an " if noun[:1].lower() in "aeio" else "a ") + noun


def terms(given: Optional[Mapping[str, Any]] = None) -> dict[str, str]:
    """The policy's own words (its ``terms``) as the placeholders they fill, with today's words where it gives none."""
    # A term is the policy's words, never a placeholder: its braces go (``check`` refuses them first).
    given = {k: " ".join(v.replace("{", "").replace("}", "").split()) for k, v in (given or {}).items()
             if isinstance(v, str) and v.replace("{", "").replace("}", "").strip()}
    person = given.get("person", "child")
    stage = _lower(given.get("stage", "stage"))
    return {
        "person": person,
        "a_person": given.get("a_person", _article(person)),
        "stage_word": stage,
        "stages_word": _lower(given.get("stages", stage + "s")),
    }


def _lower(word: str) -> str:
    """A word as it reads mid-sentence: "Level" -> "level"; "RAG" is kept ({Stage_word} gives the capital back)."""
    return word[:1].lower() + word[1:] if word[1:] == word[1:].lower() else word


class Wording:
    """The defaults with a policy's overrides, its own terms filled in. Call it:
    ``wording("notice.overdue", previous=..., date=...)``."""

    def __init__(self, overrides: Optional[Mapping[str, str]] = None, words: Optional[Mapping[str, Any]] = None):
        texts = dict(DEFAULTS)
        if overrides:
            texts.update({k: v for k, v in overrides.items() if k in DEFAULTS and isinstance(v, str)})
        self.terms = terms(words)
        self.texts = {k: fill(v, self.terms) for k, v in texts.items()}

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


def listed(names, wording: "Wording" = DEFAULT, last: str = "manual.owners.and") -> str:
    """Names in a sentence: "A", "A and B", "A, B and C" (the last joint in the policy's words)."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + wording(last) + names[-1]
