"""The escalation record's machine-readable part, and reading it back to continue an escalation (standard library).

The record (.docx) carries, beside what it shows, a custom XML part with the policy it was made under and the
answers to the guide's questions: options and dates only. What the practitioner typed into forms (a child's name,
their own) is never in it. Opening the record in the guide (in the browser: nothing is uploaded) restores the
answers and moves the escalation on: the stage the record advised raising is now the stage reached, raised on the
date given, and the guide asks what has happened since.

Reading is bounded: the file, the part and the answers have size limits, no DTD or entity is accepted, the XML is
read only to the record's own shape (elements counted and their depth limited as they arrive) and the answers are
checked to be flat before they are parsed (under Pyodide a deep structure overflows the browser's stack: a fatal
error of the whole engine, not an exception), and any problem is a plain message, never an exception.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import date, time
from typing import Any, Mapping, Optional
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from .model import Policy
from .walk import replay
from .workdays import long_date

NAMESPACE = "urn:escalation-guide:record:1"
PART = "customXml/item1.xml"
MAX_FILE = 20 * 1024 * 1024       # bytes of a record file
MAX_PART = 256 * 1024             # bytes of its data part, unpacked
MAX_ANSWERS = 200
MAX_THEME = 10_000                # characters of the theme read back: one of the policy's own sentences
MAX_ELEMENTS = 16                 # elements in the data part: record, policy, made, reference, theme, answers
MAX_DEPTH = 2                     # the record and its children
REFERENCE = re.compile(r"ESC-[0-9A-Z]{4}-[0-9A-Z]{4}")   # made at random by the guide, kept when resumed


def clean_reference(value: Any) -> str:
    """The escalation's reference if it is one the guide makes, else ""."""
    return value if isinstance(value, str) and REFERENCE.fullmatch(value) else ""


def policy_digest(policy: Policy) -> str:
    """A short digest of the rules (questions, routes, stages, forms): it changes when a rule changes."""
    rules = repr((policy.questions, policy.routes, policy.pathways, policy.forms))
    return hashlib.sha256(rules.encode("utf-8")).hexdigest()[:16]


def record_part(policy: Policy, answers: Mapping[str, Any], made: date, reference: str = "", theme: str = "") -> str:
    """The XML part for a record made from these answers: only the questions the guide asked, as given, the
    escalation's random reference (so the partnership's log sees one escalation however many records it sends) and
    the kind of disagreement, as the policy's list words it, where the practitioner chose one."""
    walk, _ = replay(policy, answers, made)
    given = {qid: _given(walk.facts[qid]) for qid in walk.order if qid in walk.facts}
    doc = policy.document
    attributes = {"slug": policy.partnership.slug, "site-path": policy.site_path, "title": doc.title,
                  "version": doc.version or "", "effective": doc.effective_date or "", "digest": policy_digest(policy)}
    policy_element = "<policy " + " ".join(f"{k}={quoteattr(str(v))}" for k, v in attributes.items()) + "/>"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<record xmlns="{NAMESPACE}" format="1">'
            f"{policy_element}<made>{made.isoformat()}</made>"
            + (f"<reference>{clean_reference(reference)}</reference>" if clean_reference(reference) else "")
            + (f"<theme>{escape(theme)}</theme>" if isinstance(theme, str) and theme else "") +
            f"<answers>{escape(json.dumps(given, ensure_ascii=False))}</answers></record>")


def _given(value: Any) -> str:
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value.isoformat() if isinstance(value, date) else str(value)


def read_record(policy: Policy, data: bytes, today: date | str) -> dict:
    """Read a record made by the guide. Returns {ok: True, answers: [[id, value], ...] in the order to give them,
    older: bool, message} or {ok: False, message} in plain words."""
    w = policy.wording
    found = _read_part(data)
    if isinstance(found, str):
        return {"ok": False, "message": w(found)}
    about, answers = found
    if about.get("slug") != policy.partnership.slug:
        return {"ok": False, "message": w("resume.other_partnership", title=about.get("title") or "another policy")}
    resumed = resume_answers(policy, current_answers(policy, about, answers), today)
    older = about.get("digest") != policy_digest(policy)
    try:
        made = long_date(date.fromisoformat(about.get("made", "")))
    except ValueError:
        made = w("resume.made_unknown")
    message = w("resume.older" if older else "resume.done", made=made)
    return {"ok": True, "answers": [[k, v] for k, v in resumed.items()], "older": older, "message": message,
            "reference": about.get("reference", ""), "theme": _listed_theme(policy, about.get("theme"))}


def _listed_theme(policy: Policy, theme) -> str:
    """The theme read from a record, if this policy lists it; "" for anything else (never shown as if listed)."""
    from .documents import chosen_theme     # documents imports this module

    return chosen_theme(policy, {"theme": theme}) if theme else ""


def _read_part(data: bytes):
    """(policy attributes, answers) from a record file, or the wording key of what is wrong with it."""
    if not isinstance(data, (bytes, bytearray, memoryview)) or len(data) > MAX_FILE:
        return "resume.not_a_record"
    try:
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
            try:
                info = archive.getinfo(PART)
            except KeyError:
                return "resume.not_a_record"
            if info.file_size > MAX_PART:
                return "resume.not_a_record"
            with archive.open(info) as stream:
                raw = stream.read(MAX_PART + 1)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, EOFError):
        return "resume.not_a_record"
    if len(raw) > MAX_PART or b"<!DOCTYPE" in raw.upper() or b"<!ENTITY" in raw.upper():
        return "resume.not_a_record"
    root = _bounded_tree(raw)
    if root is None:
        return "resume.not_a_record"
    ns = f"{{{NAMESPACE}}}"
    policy_element, answers_element = root.find(ns + "policy"), root.find(ns + "answers")
    if root.tag != ns + "record" or policy_element is None or answers_element is None:
        return "resume.not_a_record"
    text = answers_element.text or "{}"
    if not _nesting_at_most(text, 1):
        return "resume.not_a_record"
    try:
        answers = json.loads(text)
    except (ValueError, RecursionError):
        return "resume.not_a_record"
    if not isinstance(answers, dict) or len(answers) > MAX_ANSWERS or not all(
            isinstance(k, str) and isinstance(v, str) and len(k) <= 100 and len(v) <= 100 for k, v in answers.items()):
        return "resume.not_a_record"
    about = dict(policy_element.attrib)
    made = root.find(ns + "made")
    about["made"] = (made.text or "") if made is not None else ""
    reference = root.find(ns + "reference")
    about["reference"] = clean_reference(reference.text if reference is not None else "")
    theme = root.find(ns + "theme")
    about["theme"] = (theme.text or "")[:MAX_THEME] if theme is not None else ""
    return about, answers


def current_answers(policy: Policy, about: Mapping[str, str], answers: Mapping[str, str],
                    other_rules: bool = False) -> dict[str, str]:
    """A record's answers under the ids the engine asks today.

    Records made before the day a stage is raised was asked per stage carry ``<pathway>.raise-on``: the answer to
    the one "When are you raising ...?" their walk asked, the last question before the advice. Replayed as the
    record was made (its day, under the same rules: the same digest), the walk stops at that very question, now
    ``<pathway>.<stage>.raise-on``, and the date goes there. Under other rules the stage it was given for is not
    known, so the date is dropped and the guide asks it again: it is never given to another stage. The log, which
    reads every record under today's rules and marks one made under others (``other_rules``), places it where
    today's rules ask for it, as it did before."""
    legacy = {qid for qid in answers if qid.count(".") == 1 and qid.endswith(".raise-on")}
    if not legacy:
        return dict(answers)
    kept = {qid: value for qid, value in answers.items() if qid not in legacy}
    try:
        made = date.fromisoformat(about.get("made", ""))
    except (TypeError, ValueError):
        return kept
    if about.get("digest") != policy_digest(policy) and not other_rules:
        return kept
    _, step = replay(policy, kept, made)
    asked = step["question"]["id"] if step.get("kind") == "question" and not step.get("errors") else ""
    pathway, _, rest = asked.partition(".")
    if rest.endswith(".raise-on") and f"{pathway}.raise-on" in legacy:
        kept[asked] = answers[f"{pathway}.raise-on"]
    return kept


def _bounded_tree(raw: bytes):
    """The record's XML root, read a few kilobytes at a time and given up as soon as it holds more than
    MAX_ELEMENTS elements or nests deeper than MAX_DEPTH; None for anything that is not such XML."""
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    root, depth, count = None, 0, 0
    try:
        for offset in range(0, len(raw) + 1, 4096):
            if offset < len(raw):
                parser.feed(raw[offset:offset + 4096])
            else:
                parser.close()
            for event, element in parser.read_events():
                if event == "end":
                    depth -= 1
                    continue
                depth, count = depth + 1, count + 1
                root = element if root is None else root
                if depth > MAX_DEPTH or count > MAX_ELEMENTS:
                    return None
    except (ElementTree.ParseError, ValueError, RecursionError):
        return None
    return root


_STRUCTURE = re.compile(r'\\.|["\[\]{}]', re.S)


def _nesting_at_most(text: str, limit: int) -> bool:
    """Whether a JSON text nests arrays and objects at most ``limit`` deep (brackets inside strings skipped): a
    linear scan, so that nothing deeper ever reaches json.loads."""
    if text.count("[") + text.count("{") <= limit:
        return True
    depth, in_string = 0, False
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        if token[0] == "\\":
            continue            # an escaped character: part of a string (outside one, json.loads refuses it)
        if token == '"':
            in_string = not in_string
        elif not in_string:
            depth += 1 if token in "[{" else -1
            if depth > limit:
                return False
    return True


def resume_answers(policy: Policy, answers: Mapping[str, str], today: date | str) -> dict[str, str]:
    """The answers to continue with: the stage the record advised raising is now the stage reached, raised on the
    date given then; a stage that was waiting for a response asks again what has happened. Answers the policy
    would not ask are dropped."""
    walk, step = replay(policy, answers, today)
    kept = {qid: _given(walk.facts[qid]) for qid in walk.order if qid in walk.facts}
    if step.get("kind") != "advice":
        return kept
    pathway, stage = step["pathway"]["id"], step["stage"]["id"]
    if step.get("outcome") == "raise":
        raised_on = kept.pop(f"{pathway}.{stage}.raise-on", None)
        raised_at = kept.pop(f"{pathway}.{stage}.raise-at", None)     # its time, where clock hours count from it
        earlier = kept.pop(f"{pathway}.reached", None)
        for qid in list(kept):
            if qid.startswith(pathway + ".") and qid.endswith((".response", ".response-on", ".response-at")):
                del kept[qid]
        if earlier and earlier != stage and any(s.id == earlier for s in policy.pathway(pathway).stages):
            kept.setdefault(f"{pathway}.{earlier}.used", "yes")     # the stage reached before was used
        kept[f"{pathway}.reached"] = stage
        if raised_on:
            kept[f"{pathway}.{stage}.raised-on"] = raised_on
            if raised_at:
                kept[f"{pathway}.{stage}.raised-at"] = raised_at
    elif step.get("outcome") == "waiting":
        kept.pop(f"{pathway}.{stage}.response", None)
    return kept


def record_answers(data: bytes) -> Optional[dict]:
    """The answers in a record file, as stored (for tests and the escalation log); None if it is not a record."""
    found = _read_part(data)
    return None if isinstance(found, str) else found[1]
