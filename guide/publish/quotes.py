"""Every rule quotes its source: finding each quoted passage in the policy's source text (build time).

A policy names its source text (``document.source_file``, e.g. ``source.md`` beside the YAML): the published
policy with individuals' details removed. Each rule carries a ``quote``: one passage, a list of passages, or
``{from_source: false, note: ...}``. A passage must occur in the source, compared after normalising only white
space, quote marks and dashes. The section a passage comes from is the nearest Markdown heading above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

_MARKS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def normalise(text: str) -> str:
    """White space runs to one space, curly quotes to straight ones, every dash to a hyphen."""
    return " ".join(str(text).translate(_MARKS).split())


@dataclass(frozen=True)
class Site:
    """A place in a policy where a rule stands, and so where a quote belongs."""

    path: tuple          # path of the rule in the policy data
    key: str             # the key of its quote: "quote", "raised_by_quote", ...
    what: str            # the rule in words, for messages: "stage `stage-1`: timescale"

    @property
    def quote_path(self) -> tuple:
        return self.path + (self.key,)


def _dicts(node: Any, *path) -> Iterator[tuple[tuple, dict]]:
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    if isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, dict):
                yield (*path, index), item


def rule_sites(data: dict) -> Iterator[Site]:
    """Every rule of a policy that must quote its source."""
    if not isinstance(data, dict):
        return
    if isinstance(data.get("immediate_risk"), dict):
        yield Site(("immediate_risk",), "quote", "the immediate-risk rule")
    for path, route in _dicts(data, "routes"):
        target = route.get("pathway") or route.get("signpost")
        yield Site(path, "quote", f"the route to `{target}`")
    for path, signpost in _dicts(data, "signposts"):
        yield Site(path, "quote", f"signpost `{signpost.get('id')}`")
    for path, form in _dicts(data, "forms"):
        yield Site(path, "quote", f"form `{form.get('id')}`")
    for path, group in _dicts(data, "stage_groups"):
        yield Site(path, "quote", f"stage group `{group.get('id')}`")
    for ppath, pathway in _dicts(data, "pathways"):
        pid = pathway.get("id")
        yield Site(ppath, "quote", f"pathway `{pid}`")
        if pathway.get("records"):
            yield Site(ppath, "records_quote", f"pathway `{pid}`: records")
        for dpath, duty in _dicts(pathway, "duties"):
            yield Site(ppath + dpath, "quote", f"pathway `{pid}`: duty “{_short(duty.get('action'))}”")
        for ipath, instruction in _dicts(pathway, "instructions"):
            yield Site(ppath + ipath, "quote", f"pathway `{pid}`: instruction “{_short(instruction.get('text'))}”")
        for spath, stage in _dicts(pathway, "stages"):
            spath = ppath + spath
            what = f"stage `{pid}.{stage.get('id')}`"
            yield Site(spath, "quote", what)
            for key in ("timescale", "raise_within", "requires"):
                # "The policy sets no timescale" states the source's silence: there is no passage to quote.
                if isinstance(stage.get(key), dict) and (stage[key].get("kind") != "not-stated" or "quote" in stage[key]):
                    yield Site(spath + (key,), "quote", f"{what}: {key.replace('_', ' ')}")
            for apath, action in _dicts(stage, "actions"):     # each timed action's time, as the stage's own
                if isinstance(action.get("timescale"), dict) and (
                        action["timescale"].get("kind") != "not-stated" or "quote" in action["timescale"]):
                    yield Site(spath + apath + ("timescale",), "quote",
                               f"{what}: timed action `{action.get('id')}`")
            for cpath, entry in _dicts(stage, "contacts"):
                roles = entry.get("roles") if isinstance(entry.get("roles"), list) else [entry.get("contact")]
                yield Site(spath + cpath, "quote", f"{what}: contact {', '.join(map(str, roles))}")
            for key, field in (("raised_by_quote", "raised_by"), ("records_quote", "records"), ("form_quote", "form")):
                if stage.get(field):
                    yield Site(spath, key, f"{what}: {field.replace('_', ' ')}")
            for dpath, duty in _dicts(stage, "duties"):
                yield Site(spath + dpath, "quote", f"{what}: duty “{_short(duty.get('action'))}”")
            for ipath, instruction in _dicts(stage, "instructions"):
                yield Site(spath + ipath, "quote", f"{what}: instruction “{_short(instruction.get('text'))}”")


def _short(text: Any, limit: int = 50) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def passages(quote: Any) -> list[str]:
    """The passages of a quote as written (a string or a list of strings); none for ``from_source: false``."""
    if isinstance(quote, str):
        return [quote]
    if isinstance(quote, list):
        return [p for p in quote if isinstance(p, str)]
    return []


class SourceText:
    """A policy's source text, normalised for finding passages, with its headings."""

    def __init__(self, text: str):
        self.headings: list[tuple[int, int, str]] = []   # (offset in the normalised text, level, heading)
        pieces: list[str] = []
        length = 0
        for line in text.splitlines():
            match = _HEADING.match(line)
            if match:
                self.headings.append((length, len(match.group(1)), normalise(match.group(2))))
                line = match.group(2)
            piece = normalise(line)
            if piece:
                pieces.append(piece)
                length += len(piece) + 1
        self.text = " ".join(pieces)

    @classmethod
    def read(cls, path: Path) -> "SourceText":
        return cls(path.read_text(encoding="utf-8"))

    def find(self, passage: str) -> int:
        """Where the passage starts in the normalised text, or -1. It must not start or end inside a word."""
        return next(self.find_all(passage), -1)

    def find_all(self, passage: str) -> Iterator[int]:
        """Every place the passage starts (a sentence a policy repeats, such as a timescale, stands in several)."""
        wanted = normalise(passage)
        if not wanted:
            return
        start = self.text.find(wanted)
        while start >= 0:
            end = start + len(wanted)
            before = self.text[start - 1] if start else " "
            after = self.text[end] if end < len(self.text) else " "
            if not (before.isalnum() and wanted[0].isalnum()) and not (after.isalnum() and wanted[-1].isalnum()):
                yield start
            start = self.text.find(wanted, start + 1)

    def section_near(self, passage: str, anchor: int) -> str:
        """The section of a passage, preferring where it stands in the same section as ``anchor`` (a stage's own
        words): Medway repeats "A response is required within 5 working days." at stages 2 and 3."""
        found = list(self.find_all(passage))
        if not found:
            return ""
        if anchor >= 0:
            home = self.section(anchor)
            for offset in found:
                if self.section(offset) == home:
                    return home
        return self.section(found[0])

    def section(self, offset: int) -> str:
        """The headings above ``offset``, from the outermost below the title: "4. Stages › Stage 1"."""
        chain: list[tuple[int, str]] = []
        for start, level, heading in self.headings:
            if start > offset:
                break
            chain = [(lvl, text) for lvl, text in chain if lvl < level] + [(level, heading)]
        if len(chain) > 1 and chain[0][0] == 1:
            chain = chain[1:]
        return " › ".join(text for _, text in chain)


def stage_context(data: dict, site_path: tuple) -> str | None:
    """"pathway-id/stage-id" of a rule that stands in a stage, else None: the key the engine looks a stage's passages
    up by first (guide.engine.model.IN_STAGE)."""
    if len(site_path) >= 4 and site_path[0] == "pathways" and site_path[2] == "stages":
        pathway = _get(data, site_path[:2])
        stage = _get(data, site_path[:4])
        if isinstance(pathway, dict) and isinstance(stage, dict):
            return f"{pathway.get('id')}/{stage.get('id')}"
    return None


def resolve(data: dict, source: SourceText) -> dict[str, str]:
    """The section of every passage the policy quotes that the source holds: {passage as written: section}."""
    sections: dict[str, str] = {}
    for site in rule_sites(data):
        quote = _get(data, site.quote_path)
        for passage in passages(quote):
            offset = source.find(passage)
            if offset >= 0:
                sections[passage] = source.section(offset)
    return sections


def _get(data: Any, path: tuple) -> Any:
    node = data
    for key in path:
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return None
    return node
