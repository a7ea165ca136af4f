"""Issue 11, "resume from your own record": the answers a document carries, and reading them back (any file)."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from guide.engine.documents import RECORD_ID, form_document
from guide.engine.record_data import MAX_PART, PART, read_record, record_answers, resume_answers
from guide.engine.walk import next_step

from .scenarios import MEDWAY, WIRRAL
from .test_scenarios import policy

CHILD = "Sam Example"


def _record(slug: str, scenario, details=None) -> bytes:
    return form_document(policy(slug), RECORD_ID, scenario.answers, details or {"child-name": CHILD}, scenario.today)


def _with_part(text: bytes, base: bytes | None = None) -> bytes:
    """A record whose data part is replaced by ``text``."""
    source = zipfile.ZipFile(io.BytesIO(base or _record("medway", MEDWAY[0])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, text if item.filename == PART else source.read(item))
    return out.getvalue()


def test_every_document_carries_the_answers_and_never_what_was_typed():
    for form_id in (RECORD_ID, "stage-3-escalation"):
        data = form_document(policy("medway"), form_id, MEDWAY[0].answers, {"child-name": CHILD}, MEDWAY[0].today)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = archive.read(PART).decode("utf-8")
            assert "customXml/item1.xml" in archive.read("word/_rels/document.xml.rels").decode()
        assert CHILD not in part
        assert record_answers(data)["escalation.stage-3.raise-on"] == "2026-11-20"
        assert docx.Document(io.BytesIO(data)).paragraphs            # still a document python-docx opens


def test_resuming_a_stage_3_record_asks_what_has_happened_at_stage_3():
    """Medway Section 4: the record advised raising stage 3 on 20 November; continued, stage 3 is the stage
    reached, raised on 20 November, and the guide asks what has happened since."""
    medway = policy("medway")
    result = read_record(medway, _record("medway", MEDWAY[0]), "2026-11-30")
    assert result["ok"] and not result["older"]
    assert "20 November 2026" in result["message"]
    answers = dict(result["answers"])
    assert answers["escalation.reached"] == "stage-3"
    assert answers["escalation.stage-3.raised-on"] == "2026-11-20"
    assert "escalation.stage-3.raise-on" not in answers
    step = next_step(medway, answers, today="2026-11-30")
    assert step["question"]["id"] == "escalation.stage-3.response"
    answers["escalation.stage-3.response"] = "none"
    step = next_step(medway, answers, today="2026-11-30")
    assert step["stage"]["id"] == "stage-4"


def test_a_waiting_record_asks_again_what_has_happened():
    medway = policy("medway")
    answers = dict(MEDWAY[0].answers, **{"escalation.reached": "stage-2", "escalation.stage-2.raised-on": "2026-11-18"})
    walk_step = next_step(medway, answers, today="2026-11-20")
    assert walk_step["outcome"] == "waiting"
    resumed = resume_answers(medway, answers, "2026-11-20")
    assert "escalation.stage-2.response" not in resumed and resumed["escalation.reached"] == "stage-2"


def test_a_record_from_another_partnership_is_refused():
    result = read_record(policy("medway"), _record("wirral", WIRRAL[3]), "2026-11-30")
    assert not result["ok"] and "not this partnership's policy" in result["message"]


def test_a_record_made_under_other_rules_says_so():
    data = _record("medway", MEDWAY[0])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = archive.read(PART).replace(b'digest="', b'digest="0')
    result = read_record(policy("medway"), _with_part(part, data), "2026-11-30")
    assert result["ok"] and result["older"] and "earlier version of the policy" in result["message"]


# Whole files, or ("part", text): a Medway record whose data part is replaced by the text. The record is made in the
# test, not at collection, so that a fork without Medway's policy skips this test instead of failing to collect.
@pytest.mark.parametrize("data", [
    b"", b"not a zip", b"PK\x03\x04broken", "a string".encode(),
    ("part", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><record xmlns="urn:escalation-guide:record:1"/>'),
    ("part", b"<record xmlns='urn:other'><policy slug='medway'/><answers>{}</answers></record>"),
    ("part", b"<record xmlns='urn:escalation-guide:record:1'><policy slug='medway'/><answers>[1, 2]</answers></record>"),
    ("part", b"<record xmlns='urn:escalation-guide:record:1'><policy slug='medway'/><answers>{\"a\": {\"b\": 1}}</answers></record>"),
    ("part", b"<record xmlns='urn:escalation-guide:record:1'><policy slug='medway'/><answers>" + b"[" * 100000 + b"</answers></record>"),
    ("part", b"<record " + b"x" * (MAX_PART + 10) + b"/>"),
    ("part", b"<record xmlns='urn:escalation-guide:record:1'><policy slug='medway'/><answers>not json</answers>"),
], ids=["empty", "text", "broken zip", "string", "entities", "other namespace", "list", "nested", "deep",
        "too large", "unclosed"])
def test_any_other_file_is_a_plain_refusal(data):
    if isinstance(data, tuple):
        data = _with_part(data[1])
    result = read_record(policy("medway"), data, "2026-11-30")
    assert result == {"ok": False, "message": result["message"]}
    assert "was not made by this guide" in result["message"]


def test_a_compressed_bomb_is_not_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(PART, b"<" + b"a" * (50 * 1024 * 1024))
    assert len(out.getvalue()) < 200_000
    assert not read_record(policy("medway"), out.getvalue(), "2026-11-30")["ok"]


def test_answers_from_a_record_are_checked_like_typed_ones():
    """A record edited by hand (an answer that is no option, a date that is not a date) restores the answers up to
    there: the guide asks that question again, as if it had been typed wrong."""
    data = _record("medway", MEDWAY[0])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = archive.read(PART).replace(b'"own-agency": "health"', b'"own-agency": "martians"')
    result = read_record(policy("medway"), _with_part(part, data), "2026-11-30")
    assert result["ok"]
    answers = dict(result["answers"])
    assert "own-agency" not in answers
    assert next_step(policy("medway"), answers, today="2026-11-30")["question"]["id"] == "own-agency"


def test_the_escalation_reference_is_kept_only_in_the_guides_own_form():
    """Issue 13: the record carries the escalation's random reference for the partnership's log; anything else in
    its place (markup, a name) is left out, and reading the record gives it back."""
    medway = policy("medway")
    answers = MEDWAY[0].answers
    made = form_document(medway, RECORD_ID, answers, {}, "2026-11-20", "ESC-7K2M-Q9TD")
    assert "<reference>ESC-7K2M-Q9TD</reference>" in _part(made)
    assert read_record(medway, made, "2026-11-30")["reference"] == "ESC-7K2M-Q9TD"
    for bad in ("Sam Example", "<x/>", "ESC-7K2M-Q9TD<", "esc-7k2m-q9td", 42):
        made = form_document(medway, RECORD_ID, answers, {}, "2026-11-20", bad)
        assert "<reference>" not in _part(made)
        assert read_record(medway, made, "2026-11-30")["reference"] == ""


def _part(document: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        return archive.read(PART).decode("utf-8")


def _made_before_the_stage_was_in_the_id(digest_changed: bool = False) -> bytes:
    """MEDWAY[0]'s record as the guide made it before issue 19: the day Stage 3 is raised as `escalation.raise-on`."""
    data = _record("medway", MEDWAY[0])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = archive.read(PART).replace(b'"escalation.stage-3.raise-on"', b'"escalation.raise-on"')
    if digest_changed:
        part = part.replace(b'digest="', b'digest="0')
    assert b'"escalation.raise-on": "2026-11-20"' in part
    return _with_part(part, data)


def test_a_record_made_before_the_stage_was_in_the_id_still_continues():
    """Medway Section 4: a record made before issue 19 advised raising Stage 3 on 20 November (then
    `escalation.raise-on`). Made under the same rules, its date is the day Stage 3 was raised: continued, Stage 3 is
    the stage reached, raised on 20 November, and the partnership's log reads it as before."""
    from guide.engine.escalation_log import read_log

    medway = policy("medway")
    result = read_record(medway, _made_before_the_stage_was_in_the_id(), "2026-11-30")
    assert result["ok"] and not result["older"]
    answers = dict(result["answers"])
    assert answers["escalation.reached"] == "stage-3"
    assert answers["escalation.stage-3.raised-on"] == "2026-11-20"
    assert not [qid for qid in answers if qid.endswith(".raise-on")]
    assert next_step(medway, answers, today="2026-11-30")["question"]["id"] == "escalation.stage-3.response"
    rows = read_log(medway, [("old.docx", _made_before_the_stage_was_in_the_id())], "2026-11-30")["rows"]
    assert [(r["stage"][:7], r["outcome"], r["raised_on"]) for r in rows] == [("Stage 3", "raise", "2026-11-20")]


def test_a_record_made_before_the_stage_was_in_the_id_under_other_rules_asks_the_date_again():
    """Made under an earlier version of the policy, the old record's date cannot be known to be the day Stage 3 is
    raised: it is never given to a stage; the guide asks when Stage 3 is raised."""
    medway = policy("medway")
    result = read_record(medway, _made_before_the_stage_was_in_the_id(digest_changed=True), "2026-11-30")
    assert result["ok"] and result["older"]
    answers = dict(result["answers"])
    assert not [qid for qid in answers if qid.endswith(".raise-on")]
    assert answers["escalation.reached"] == "stage-2" and "escalation.stage-3.raised-on" not in answers
    assert next_step(medway, answers, today="2026-11-30")["question"]["id"] == "escalation.stage-3.raise-on"


def _deep(kind: str) -> bytes:
    """Each within the size limit of a record's data part (256 KiB unpacked)."""
    head = b"<record xmlns='urn:escalation-guide:record:1'><policy slug='medway'/><made>2026-11-20</made>"
    if kind == "answers":        # the forged 6 KB record of issue 24: answers nested 50,000 deep
        return _with_part(head + b"<answers>" + b"[" * 50_000 + b"</answers></record>")
    if kind == "elements":       # elements nested 30,000 deep beside well-formed answers
        return _with_part(head + b"<answers>{}</answers>" + b"<x>" * 30_000 + b"</x>" * 30_000 + b"</record>")
    return _with_part(head + b"<answers>{}</answers>" + b"<x/>" * 50_000 + b"</record>")      # 50,000 elements


@pytest.mark.parametrize("kind", ["answers", "elements", "many"])
def test_a_forged_record_is_refused_before_anything_is_parsed_deeply(kind, monkeypatch):
    """Issue 24, point 5: a record's data part is bounded in depth and in elements before it is parsed (a deep
    structure overflows the browser's stack under Pyodide: a fatal error, not an exception), so json.loads never sees
    nesting and the XML is never built beyond the record's own shape."""
    import json

    from guide.engine import record_data

    data = _deep(kind)
    assert len(data) < 10_000
    seen = []
    real = json.loads
    monkeypatch.setattr(record_data.json, "loads", lambda text, *a, **k: seen.append(len(text)) or real(text, *a, **k))
    result = read_record(policy("medway"), data, "2026-11-30")
    assert not result["ok"] and "was not made by this guide" in result["message"]
    assert seen == [], "json.loads was given the forged answers"
