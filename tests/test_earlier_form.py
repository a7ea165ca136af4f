"""Issue 19, point 5 (WCAG 2.2 3.3.7 Redundant entry): a later form is offered what the earlier form shows, read
from the practitioner's own file, while the data part the partnership's log reads still holds nothing typed."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from guide.engine.documents import RECORD_ID, display, fills, form_document, form_for, form_screens
from guide.engine.earlier_form import MAX_DOCUMENT, offer, offered_values, read_shown
from guide.engine.escalation_log import record_part_of
from guide.engine.record_data import read_record
from guide.publish.policy_files import discover_policies, load_policy

from .conftest import BUILD_TODAY, POLICIES
from .scenarios import MEDWAY, WIRRAL
from .test_scenarios import policy

POLICY_FILES = discover_policies(POLICIES)
CHILD = "Sam Example"
STAGE_3_TYPED = {       # what a practitioner types into Medway's Stage 3 Escalation Form (Appendix one)
    "sender-name": {"name": "Alex Jones", "role": "Health Visitor"}, "sender-service": "0-19 Healthy Child Service",
    "recipient-name": {"name": "Pat Director", "role": "Assistant Director, Safeguarding"},
    "child-name": CHILD, "child-dob": {"day": "3", "month": "4", "year": "2019"},
    "practitioner-name": "Alex Jones", "line-manager-name": "Robin Lee",
    "stage-1-raised-on": {"day": "26", "month": "10", "year": "2026"}, "stage-1-names": "Chris Manager",
    "stage-1-response-on": {"day": "30", "month": "10", "year": "2026"},
    "stage-2-raised-on": {"day": "2", "month": "11", "year": "2026"}, "stage-2-names": "Dana Lead",
    "concern-summary": "The plan is not followed.\nNo core group since June.", "requested-action": "A core group.",
}


def _stage_3_form(details=STAGE_3_TYPED) -> bytes:
    """Medway's stage 3 advice (Section 4, Stage 3) and the Stage 3 Escalation Form made from it on 20 November."""
    return form_document(policy("medway"), "stage-3-escalation", MEDWAY[0].answers, details, MEDWAY[0].today)


def _stage_4_answers(data: bytes) -> dict:
    """Continued from the form ten days later: no response at stage 3, so stage 4 (Medway Section 4, Stage 4)."""
    result = read_record(policy("medway"), data, "2026-11-30")
    assert result["ok"], result
    return {**dict(result["answers"]), "escalation.stage-3.response": "none"}


def _with_document(xml: bytes, base: bytes | None = None) -> bytes:
    """The stage 3 form with its document part replaced by ``xml``."""
    source = zipfile.ZipFile(io.BytesIO(base or _stage_3_form()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item, xml if item.filename == "word/document.xml" else source.read(item))
    return out.getvalue()


def test_the_stage_4_form_is_offered_everything_typed_into_the_stage_3_form():
    """Medway Stage 4: "the escalation must be sent to the MSCP using the Escalation Form"; the same form again, so
    every field typed at stage 3 is offered, as the stage 3 form shows it, and nothing the practitioner must not
    retype is left to retype."""
    medway = policy("medway")
    data = _stage_3_form()
    answers = _stage_4_answers(data)
    found = offered_values(medway, data, "stage-3-escalation", answers, {}, "2026-11-30")
    assert found["ok"] and found["form"] == "Stage 3 Escalation Form" and found["made"] == "20 November 2026"
    offered = {f["key"]: f for f in found["fields"]}
    assert offered["child-name"]["value"] == CHILD and offered["child-name"]["label"] == "Name of Child (if applicable)"
    assert offered["child-dob"]["value"] == "2019-04-03" and offered["child-dob"]["shown"] == "3 April 2019"
    assert offered["sender-name"]["value"] == {"name": "Alex Jones", "role": "Health Visitor"}
    # A job title with a comma in it stays whole: the name is before the first comma.
    assert offered["recipient-name"]["value"] == {"name": "Pat Director", "role": "Assistant Director, Safeguarding"}
    assert offered["concern-summary"]["value"] == "The plan is not followed.\nNo core group since June."
    assert offered["stage-1-raised-on"]["value"] == "2026-10-26"
    assert offered["stage-2-raised-on"]["value"] == "2026-11-02"       # no longer among the answers at stage 4
    assert "alert-date" not in offered, "the date stage 3 was raised, as the answers give it"
    # Used, they leave nothing typed at stage 3 to type again at stage 4.
    details = {f["key"]: f["value"] for f in found["fields"]}
    screens = form_screens(medway, "stage-3-escalation", answers, details, "2026-11-30")
    form = form_for(medway, "stage-3-escalation")
    by_key = {f.value_key: f for f in form.fields}
    for section in screens["sections"]:
        for field in section["fields"]:
            if field["key"] in STAGE_3_TYPED:
                key = field["key"]
                assert display(by_key[key], field["value"]) == display(by_key[key], STAGE_3_TYPED[key]), key
    assert len(found["fields"]) >= 12


def _typed_for(field):
    """A value a practitioner might type into this field, different for each field, with characters to escape."""
    if field.type == "date":
        return "2019-04-03"
    if field.type == "name-and-role":
        return {"name": f"Name {field.id} <&>", "role": f"Role {field.id}, \"quoted\""}
    if field.type == "choice":
        return field.options[-1]
    if field.type == "email":
        return f"{field.id}@example.org"
    return f"Typed {field.id} <w:t>&amp;\n\tsecond line"


@pytest.mark.parametrize("path", POLICY_FILES, ids=[p.parent.name for p in POLICY_FILES])
def test_every_form_reads_back_what_was_typed_and_its_data_part_holds_none_of_it(path):
    """Over every policy present, every form and the escalation record: each value typed reads back from the
    document as typed, and the data part (what the partnership's escalation log reads) holds none of it."""
    subject = load_policy(path, today=BUILD_TODAY)
    for form in (*subject.forms, form_for(subject, RECORD_ID)):
        fields = [f for f in form.fields if fills(f)]
        if not fields:
            continue            # a form the policy links to without its fields (Wirral's proformas)
        typed = {}
        for field in fields:
            typed.setdefault(field.value_key, _typed_for(field))
        data = form_document(subject, form.id, {}, typed, "2026-11-20")
        found = read_shown(subject, data)
        assert found["ok"] and found["form"] == form.title, (form.id, found)
        assert found["values"] == typed, form.id
        part = repr(record_part_of(data))
        assert "Typed" not in part and "Name " not in part and "2019" not in part, form.id


def test_the_escalation_record_offers_its_shared_fields_to_the_stage_3_form():
    """Forms share field keys: the record made at stage 2 gives the Stage 3 form the practitioner's name, the
    child's details and the summary."""
    medway = policy("medway")
    typed = {"sender-name": {"name": "Alex Jones", "role": "Health Visitor"}, "sender-contact": "01634 000000",
             "child-name": CHILD, "concern-summary": "Referral declined.", "requested-action": "A strategy discussion."}
    record = form_document(medway, RECORD_ID, MEDWAY[0].answers, typed, MEDWAY[0].today)
    found = offered_values(medway, record, "stage-3-escalation", MEDWAY[0].answers, {}, MEDWAY[0].today)
    assert found["ok"] and found["form"] == "Escalation record"
    offered = {f["key"]: f["value"] for f in found["fields"]}
    assert offered == {"sender-name": {"name": "Alex Jones", "role": "Health Visitor"}, "child-name": CHILD,
                       "concern-summary": "Referral declined.", "requested-action": "A strategy discussion."}


def test_rows_the_recipient_filled_in_word_are_offered_where_stage_4_asks_for_them(tmp_path):
    """The Assistant Director fills in "Response" and "Date of response" in Word; at stage 4 the practitioner
    completes those rows (Appendix one: "complete this form with all responses and resolutions received")."""
    path = tmp_path / "returned.docx"
    path.write_bytes(_stage_3_form())
    document = docx.Document(str(path))
    for table in document.tables:
        for row in table.rows:
            label = row.cells[0].text
            if label == "Response":
                row.cells[1].text = "We will hold a core group."
            elif label == "Date of response":
                row.cells[1].text = "25/11/2026"
    document.save(str(path))
    data = path.read_bytes()
    medway = policy("medway")
    offered = {f["key"]: f["value"] for f in
               offered_values(medway, data, "stage-3-escalation", _stage_4_answers(data), {}, "2026-11-30")["fields"]}
    assert offered["response"] == "We will hold a core group." and offered["response-date"] == "2026-11-25"
    at_stage_3 = offered_values(medway, data, "stage-3-escalation", MEDWAY[0].answers, {}, MEDWAY[0].today)
    assert "response" not in {f["key"] for f in at_stage_3["fields"]}, "the recipient's row, not asked at stage 3"


def test_a_date_the_answers_give_stays_as_they_give_it():
    """The answers are the one source of dates: the form's "Date of stage 3 alert", typed as 21 November on the
    stage 3 form, stays 20 November at stage 4, the date the answers give for raising stage 3."""
    medway = policy("medway")
    data = _stage_3_form({**STAGE_3_TYPED, "alert-date": {"day": "21", "month": "11", "year": "2026"}})
    assert read_shown(medway, data)["values"]["alert-date"] == "2026-11-21"
    found = offered_values(medway, data, "stage-3-escalation", _stage_4_answers(data), {}, "2026-11-30")
    assert "alert-date" not in {f["key"] for f in found["fields"]}


def test_nothing_typed_here_is_replaced():
    medway = policy("medway")
    data = _stage_3_form()
    answers = _stage_4_answers(data)
    typed = {"child-name": "S.E.", "sender-service": "Health"}      # "Health" is what the answers give: not typed
    offered = {f["key"]: f["value"] for f in offer(medway, "stage-3-escalation", answers, typed,
                                                   read_shown(medway, data)["values"], "2026-11-30")["fields"]}
    assert "child-name" not in offered
    assert offered["sender-service"] == "0-19 Healthy Child Service"


def _deep(depth: int) -> bytes:
    return b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>" + \
        b"<w:tbl>" * depth + b"</w:tbl>" * depth + b"</w:document>"


@pytest.mark.parametrize("data, says", [
    (b"", "not a form or escalation record made by this guide"),
    (b"PK\x03\x04 not really a document", "not a form or escalation record made by this guide"),
    (b"<html>" * 1000, "not a form or escalation record made by this guide"),
    (None, "not a form or escalation record made by this guide"),
])
def test_a_file_that_is_not_ours_says_so(data, says):
    result = read_shown(policy("medway"), data)
    assert not result["ok"] and says in result["message"]


def test_a_form_from_another_partnership_is_refused():
    wirral = form_document(policy("wirral"), RECORD_ID, WIRRAL[3].answers, {"child-name": CHILD}, WIRRAL[3].today)
    result = read_shown(policy("medway"), wirral)
    assert not result["ok"] and "not this partnership's policy" in result["message"]
    assert CHILD not in result["message"]


@pytest.mark.parametrize("xml", [
    b"<?xml version='1.0'?><!DOCTYPE d [<!ENTITY a 'aaaa'>]><d>&a;</d>",     # entities: refused before parsing
    b"not xml at all <<<",
    _deep(50_000),                                                              # nesting: no recursion
    b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
    + b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Stage 3 alert</w:t></w:r></w:p></w:tc></w:tr></w:tbl>" * 20_000
    + b"</w:document>",                                                         # many tables: only the first read
    b"<other/>",
])
def test_a_changed_document_part_is_a_plain_message(xml):
    result = read_shown(policy("medway"), _with_document(xml))
    assert not result["ok"] and result["message"]


def test_a_compressed_bomb_is_not_unpacked():
    bomb = _with_document(b" " * (MAX_DOCUMENT + 10))
    assert len(bomb) < 100_000
    result = read_shown(policy("medway"), bomb)
    assert not result["ok"] and "not a form or escalation record" in result["message"]


def test_hostile_values_from_the_page_are_not_offered():
    medway = policy("medway")
    found = {"child-name": ["a list"], "child-dob": "31 February", "sender-name": {"name": 3}, "alert-date": {"x": 1},
             "line-manager-name": "x" * 200_000, "practitioner-name": "Kim"}
    offered = offer(medway, "stage-3-escalation", MEDWAY[0].answers, {}, found, MEDWAY[0].today)
    assert [f["key"] for f in offered["fields"]] == ["practitioner-name"]
    assert offer(medway, "no-such-form", MEDWAY[0].answers, {}, found, MEDWAY[0].today) == {"fields": []}
    assert offer(medway, "stage-3-escalation", [], {}, found, MEDWAY[0].today) == {"fields": []}


def test_a_form_saved_again_in_libreoffice_still_offers_its_answers(tmp_path):
    """A practitioner may open the form and save it again: the rows are read as shown, whatever wrote them."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (make test installs it with .ci/run)")
    source = tmp_path / "form.docx"
    source.write_bytes(_stage_3_form())
    (tmp_path / "saved").mkdir()
    result = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                             "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "saved"), str(source)],
                            capture_output=True, text=True, timeout=180)
    saved = (tmp_path / "saved" / "form.docx").read_bytes()
    assert saved != source.read_bytes(), result.stderr
    assert read_shown(policy("medway"), saved)["values"] == read_shown(policy("medway"), source.read_bytes())["values"]
