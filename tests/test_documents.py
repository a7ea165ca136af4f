"""The document code in CPython: the policy's own form layouts, pre-filling, validation, escaping, file names."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import unquote

import docx

from guide.engine.documents import (RECORD_ID, email_link, filename, form_document, form_screens, prefill, validate)
from guide.engine.docx import WordDocument, clean

from .scenarios import MEDWAY, MEDWAY_2016, SUFFOLK, WIRRAL
from .test_guide_browser import docx_fields
from .test_scenarios import policy


def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def fields_of(data: bytes, tmp_path) -> dict:
    path = tmp_path / "doc.docx"
    path.write_bytes(data)
    return docx_fields(path)


def test_medway_2016_form_keeps_its_own_shorter_layout(tmp_path):
    scenario = MEDWAY_2016[2]  # stage 2 unresolved: stage 3
    medway_2016 = policy("medway/2016-06")
    details = {"sender-name": "Kim Social Worker", "recipient-name": "An Assistant Director", "child-name": "Sam Example",
               "child-dob": {"day": "3", "month": "3", "year": "2012"}, "practitioner-name": "Kim",
               "line-manager-name": "Robin", "concern-summary": "Plan not followed.", "requested-action": "Core group."}
    data = form_document(medway_2016, "stage-3-escalation", scenario.answers, details, scenario.today)
    fields = fields_of(data, tmp_path)
    assert list(fields) == ["Stage 3 Escalation Form", "Response by Assistant/ Deputy Director"]
    first = fields["Stage 3 Escalation Form"]
    assert first["Date of Alert"] == "6 July 2016"
    assert first["To: Assistant/ Deputy Director"] == "An Assistant Director"
    assert first["Name of Child"] == "Sam Example" and first["DOB"] == "3 March 2012"
    assert first["Service"] == "Children's Social Care"
    assert fields["Response by Assistant/ Deputy Director"]["If not resolved to progress to Stage 4"] == ""
    current = fields_of(form_document(policy("medway"), "stage-3-escalation", MEDWAY[0].answers, details, MEDWAY[0].today), tmp_path)
    assert "Stage One – Service Manager" in current and "Stage One – Service Manager" not in fields


def test_every_value_is_escaped_and_control_characters_dropped():
    scenario = MEDWAY[0]
    tricky = 'Tom & Jerry <b>bold</b> "quoted" \x00\x07\x1b end'
    data = form_document(policy("medway"), "stage-3-escalation", scenario.answers,
                         {"sender-name": tricky, "concern-summary": "first line\nsecond line\tafter tab"}, scenario.today)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt;" in xml and "\x07" not in xml
    cells = {row.cells[0].text: row.cells[1].text for table in read(data).tables for row in table.rows}
    assert cells["From"] == 'Tom & Jerry <b>bold</b> "quoted"  end'
    assert cells["Summary of concern(s) remaining from Stage 2"] == "first line\nsecond line\tafter tab"
    assert clean("a\x0bb\r\nc") == "ab\nc"


def test_the_same_input_gives_the_same_bytes():
    scenario = MEDWAY[0]
    make = lambda: form_document(policy("medway"), RECORD_ID, scenario.answers, {"sender-name": "A"}, scenario.today)
    assert make() == make()


def test_prefill_takes_dates_and_labels_from_the_answers():
    scenario = MEDWAY[0]
    medway = policy("medway")
    values = prefill(medway, medway.form("stage-3-escalation"), scenario.answers, scenario.today)
    assert values == {"alert-date": "2026-11-20", "sender-service": "Health", "recipient-service": "Kent Police",
                      "practitioner-service": "Health", "stage-2-raised-on": "2026-11-02"}
    screens = form_screens(medway, "stage-3-escalation", scenario.answers, {"sender-service": "Health visiting"}, scenario.today)
    first = {f["key"]: f for f in screens["sections"][0]["fields"]}
    assert first["sender-service"]["value"] == "Health visiting" and not first["sender-service"]["prefilled"]
    assert first["recipient-service"]["prefilled"]
    assert [s["title"] for s in screens["sections"]][-1] == "Stage Three – Assistant Director / Headteacher / equivalent"
    assert "Response" in screens["recipient_fields"], "fields for the recipient are not asked"


def test_validation_messages():
    medway = policy("medway")
    errors = validate(medway, "stage-3-escalation", 0, {"alert-date": {"day": "20", "month": "", "year": "2026"},
                                                        "sender-name": " ", "child-dob": "2019-02-30"})
    by_field = {e["field"]: e for e in errors}
    assert by_field["alert-date"]["message"] == "“Date of stage 3 alert” must include a month"
    assert by_field["alert-date"]["part"] == "month"
    assert by_field["from"]["message"] == "Enter “Your name and job title”"   # the label on screen, not "From"
    assert by_field["from"]["part"] == "all"                                   # both boxes are empty
    second = {e["field"]: e for e in validate(medway, "stage-3-escalation", 1, {"child-dob": "2019-02-30"})}
    assert second["child-dob"]["message"] == "“DOB (if applicable)” must be a real date"   # part 2 of the section
    assert "child-name" not in second, "optional"
    record = validate(medway, RECORD_ID, 0, {"sender-name": {"name": "A", "role": "B"}, "sender-service": "B",
                                             "sender-contact": "C"})
    assert record == []
    no_role = validate(medway, RECORD_ID, 0, {"sender-name": {"name": "A", "role": " "}, "sender-service": "B",
                                              "sender-contact": "C"})
    assert [(e["message"], e["part"]) for e in no_role] == [("“Your name and job title” must include a job title", "role")]


def test_a_name_and_job_title_is_two_boxes_one_row_and_fits_a_form_that_has_one_box():
    """Issue 11: "name and job title split, `autocomplete` on the practitioner's own details". Two parts on screen,
    one row in the document as the paper form has it; a value typed as one box (a policy whose form has "Name and
    title" as text, sharing the key) fills the other kind of field, and the other way."""
    from guide.engine.documents import display, field_value, form_for

    medway = policy("medway")
    scenario = MEDWAY[0]
    screens = form_screens(medway, "stage-3-escalation", scenario.answers, {}, scenario.today)
    fields = {f["id"]: f for section in screens["sections"] for f in section["fields"]}
    assert fields["from"]["type"] == "name-and-role"
    assert fields["from"]["autocomplete"] == {"name": "name", "role": "organization-title"}
    assert fields["from"]["parts"] == {"name": "Full name", "role": "Job title"}
    assert fields["from-service"]["autocomplete"] == "organization"
    assert fields["to"]["autocomplete"] == {"name": "off", "role": "off"}      # someone else's: not your name
    assert fields["to-service"]["autocomplete"] is None
    assert fields["child-name"]["autocomplete"] is None
    details = {"sender-name": {"name": "Alex Jones", "role": "Health Visitor"}}
    word = read(form_document(medway, "stage-3-escalation", scenario.answers, details, scenario.today))
    rows = {row.cells[0].text: row.cells[1].text for table in word.tables for row in table.rows}
    assert rows["From"] == "Alex Jones, Health Visitor"
    record = form_for(medway, RECORD_ID)
    sender = next(f for f in record.fields if f.id == "sender-name")
    assert display(sender, details["sender-name"]) == "Alex Jones, Health Visitor"
    assert display(sender, {"name": "Alex Jones", "role": ""}) == "Alex Jones"
    assert field_value(sender, "Alex Jones, DSL") == {"name": "Alex Jones, DSL", "role": ""}
    assert field_value(sender, ["not", "a", "name"]) == {"name": "", "role": ""}     # hostile input: no traceback
    as_text = next(f for f in medway.form("stage-3-escalation").fields if f.id == "practitioner")
    assert field_value(as_text, {"name": "Alex Jones", "role": "Health Visitor"}) == "Alex Jones, Health Visitor"
    shown = form_screens(medway, RECORD_ID, scenario.answers, details, scenario.today)
    assert shown["sections"][0]["fields"][0]["value"] == {"name": "Alex Jones", "role": "Health Visitor"}


def test_file_name_and_email_never_carry_the_childs_details():
    medway = policy("medway")
    assert filename(medway, "stage-3-escalation", "2026-11-20") == "stage-3-escalation-form-2026-11-20.docx"
    assert filename(medway, RECORD_ID, "2026-11-20") == "escalation-record-2026-11-20.docx"
    link = email_link(medway, medway.form("stage-3-escalation"), "2026-11-20")
    assert link["to"] == "mscp@medway.gov.uk"
    assert unquote(link["href"]).startswith("mailto:mscp@medway.gov.uk?subject=Stage 3 Escalation Form, 20 November 2026&body=")
    wirral = policy("wirral")
    assert email_link(wirral, wirral.form("stage-2-proforma"), "2026-11-20") is None, "no organisational address given"


def test_escalation_record_for_each_kind_of_outcome(tmp_path):
    for scenario in (MEDWAY[0], MEDWAY[1], SUFFOLK[4], WIRRAL[4], MEDWAY[9]):
        data = form_document(policy(scenario.policy), RECORD_ID, scenario.answers, {"child-name": "S.E."}, scenario.today)
        document = read(data)
        text = "\n".join(p.text for p in document.paragraphs)
        assert "Escalation record" in text
        assert fields_of(data, tmp_path)["The child"]["Child's name or initials"] == "S.E."
        answers = [[c.text for c in row.cells] for row in document.tables[-1].rows]
        assert answers[0] == ["Question", "Answer"] and len(answers) > 1
        if scenario.kind == "signpost":
            assert "What the guide said" in text
    waiting = read(form_document(policy("medway"), RECORD_ID, MEDWAY[9].answers, {}, MEDWAY[9].today))
    assert "Now: wait for a response to Stage 1: Escalate to Service Manager." in [p.text for p in waiting.paragraphs]


def test_forms_the_source_does_not_reproduce_are_not_offered_for_filling():
    from guide.engine import next_step

    # resolved at stage 2: the proforma is for that outcome (raising the stage no longer offers it)
    resolved = next(s for s in WIRRAL if s.outcome == "resolved" and "stage 2" in s.name)
    step = next_step(policy("wirral"), resolved.answers, resolved.today)
    assert step["form"]["fillable"] is False and "does not reproduce its fields" in step["form"]["hint"]


def test_a_minimal_document_opens_in_python_docx():
    data = WordDocument("Title", "Author", __import__("datetime").date(2026, 1, 2), footer="Footer").heading("Heading", 1) \
        .paragraph("Text").table(["A", "B"], [["1", "2"]], [0.5, 0.5]).to_bytes()
    document = read(data)
    assert document.core_properties.title == "Title" and document.paragraphs[0].style.name == "Heading 1"
    assert document.sections[0].footer.paragraphs[0].text == "Footer"


STAGE_4 = {"immediate-risk": "no", "about": "case", "outside-area": "no", "own-agency": "health",
           "other-agency": "social-care", "cp-plan": "no", "in-care": "no", "escalation.reached": "stage-3",
           "escalation.stage-3.response": "not-resolved", "escalation.stage-3.raised-on": "2026-11-10",
           "escalation.stage-1.used": "yes", "escalation.stage-2.used": "yes"}


def test_medway_stage_4_the_sender_completes_the_responses_and_remaining_concerns(tmp_path):
    """Medway Section 4, Stage 4: "the escalation must be sent to the MSCP using the Escalation Form with details of
    all responses received and the remaining concerns"; Appendix one: "If not resolved complete this form with all
    responses and resolutions received and detail the remaining concerns before sending the form to
    mscp@medway.gov.uk". So at stage 4 the practitioner fills the rows the stage 3 recipient left, and the date of
    the stage 3 alert is the date given for stage 3."""
    medway = policy("medway")
    screens = form_screens(medway, "stage-3-escalation", STAGE_4, {}, "2026-11-24")
    keys = [f["key"] for section in screens["sections"] for f in section["fields"]]
    for key in ("response", "resolution", "response-date", "stage-3-remaining"):
        assert key in keys, key
    alert = next(f for section in screens["sections"] for f in section["fields"] if f["key"] == "alert-date")
    assert alert["value"] == "2026-11-10" and alert["prefilled"]
    assert screens["recipient_fields"] == ["Form sent to MSCP (mscp@medway.gov.uk): date sent"]
    last = len(screens["sections"]) - 1
    assert [e["key"] for e in validate(medway, "stage-3-escalation", last, {}, STAGE_4, "2026-11-24")] == [
        "stage-3-remaining"]
    details = {"response": "The Assistant Director declined the request.", "resolution": "None agreed.",
               "response-date": {"day": "17", "month": "11", "year": "2026"},
               "stage-3-remaining": "The plan is still not followed."}
    fields = fields_of(form_document(medway, "stage-3-escalation", STAGE_4, details, "2026-11-24"), tmp_path)
    flat = {label: value for section in fields.values() for label, value in section.items()}
    assert flat["Response"] == "The Assistant Director declined the request."
    assert flat["Date of response"] == "17 November 2026"
    assert flat["Summary of concern(s) remaining from Stage 3"] == "The plan is still not followed."
    assert flat["Date of stage 3 alert"] == "10 November 2026"


def test_medway_stage_3_still_leaves_the_responses_to_the_recipient():
    medway = policy("medway")
    scenario = MEDWAY[0]
    screens = form_screens(medway, "stage-3-escalation", scenario.answers, {}, scenario.today)
    keys = [f["key"] for section in screens["sections"] for f in section["fields"]]
    assert "response" not in keys and "stage-3-remaining" not in keys
    assert "Summary of concern(s) remaining from Stage 3" in screens["recipient_fields"]


def test_no_form_screen_asks_more_than_seven_fields():
    """Issue 11: at most about 7 fields per screen; a longer section is asked in even parts, named "(1 of 2)"."""
    from guide.engine.documents import SCREEN_FIELDS, form_for, sender_sections
    from tests.conftest import POLICIES

    checked = 0
    for path in sorted(POLICIES.glob("**/*.yaml")):
        loaded = policy(path.parent.name if path.parent.name != "versions" else f"{path.parent.parent.name}/{path.stem}")
        for form in loaded.forms + (form_for(loaded, RECORD_ID),):   # every policy offers the escalation record
            for screen in sender_sections(form, frozenset(f.id for f in form.fields)):
                assert 0 < len(screen.fields) <= SCREEN_FIELDS, (form.id, screen.title)
                checked += 1
    assert checked


def test_a_date_before_the_one_it_must_follow_is_an_error():
    """A response cannot be received before the escalation was raised (`not_before`)."""
    medway = policy("medway")
    errors = validate(medway, "stage-3-escalation", 2, {"stage-1-raised-on": "2026-10-26", "stage-1-names": "A",
                                                        "stage-1-response-on": "2026-10-20"})
    assert [e["message"] for e in errors] == [
        "“Date the stage 1 response was received” must be on or after “Date stage 1 was raised”, 26 October 2026"]
    assert validate(medway, "stage-3-escalation", 2, {"stage-1-raised-on": "2026-10-26", "stage-1-names": "A",
                                                      "stage-1-response-on": "2026-10-26"}) == []


def test_every_document_kind_has_headings_header_rows_title_language_and_room_to_write():
    """Issue 11 (downloads are in scope of the accessibility regulations): heading styles, table header rows, a
    document title and language; rows the recipient completes keep room to write, as the paper form's boxes do."""
    from docx.oxml.ns import qn

    scenario = MEDWAY[0]
    medway = policy("medway")
    for form_id in (RECORD_ID, "stage-3-escalation", "practice-alert"):
        document = read(form_document(medway, form_id, scenario.answers, {}, scenario.today))
        styles = {p.style.name for p in document.paragraphs}
        assert "Title" in styles, (form_id, styles)
        if form_id == RECORD_ID:
            assert "Heading 1" in styles, styles
        assert document.core_properties.title
        assert document.styles.element.xpath("//w:rPrDefault//w:lang/@w:val") == ["en-GB"]
        for table in document.tables:
            first = table.rows[0]._tr
            assert first.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None, form_id
    stage_3 = read(form_document(medway, "stage-3-escalation", scenario.answers, {}, scenario.today))
    heights = {row.cells[0].text: row._tr.xpath("./w:trPr/w:trHeight/@w:val")
               for table in stage_3.tables for row in table.rows}
    assert heights["Response"] == ["1700"] and heights["Date of response"] == ["560"]
    assert heights["Requested action"] == []


def test_the_print_view_is_the_same_document_as_the_download():
    """Issue 11: "the print view is the same document (partnership, version, every row)". The HTML the guide prints
    and the Word file come from one builder: the same title, partnership, version line, headings and rows, in the
    same order, with room to write where the recipient fills in; and every value is escaped."""
    from html.parser import HTMLParser

    from guide.engine.documents import form_html

    class Texts(HTMLParser):
        def __init__(self):
            super().__init__()
            self.cells, self.headings, self.rooms, self._in = [], [], [], None

        def handle_starttag(self, tag, attrs):
            if tag in ("th", "td", "h1", "h2", "h3"):
                self._in, self._text = tag, ""
            if tag == "tr":
                self.rooms.append(dict(attrs).get("class"))

        def handle_endtag(self, tag):
            if tag == self._in:
                (self.headings if tag.startswith("h") else self.cells).append(self._text)
                self._in = None

        def handle_data(self, data):
            if self._in:
                self._text += data

    scenario = MEDWAY[0]
    medway = policy("medway")
    hostile = {"sender-name": "<script>alert(1)</script> & co", "concern-summary": "Line one\nLine two"}
    for form_id in (RECORD_ID, "stage-3-escalation", "practice-alert"):
        html = form_html(medway, form_id, scenario.answers, hostile, scenario.today)
        assert "<script>" not in html and "&lt;script&gt;" in html
        word = read(form_document(medway, form_id, scenario.answers, hostile, scenario.today))
        parsed = Texts()
        parsed.feed(html.replace("<br>", "\n"))
        word_cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells
                      if not (len(row.cells) > 1 and row.cells[0]._tc is row.cells[-1]._tc)]   # not the spanning heading
        assert parsed.cells == word_cells, form_id
        word_headings = [p.text for p in word.paragraphs if p.style.name in ("Title", "Heading 1", "Heading 2")]
        assert parsed.headings == word_headings, form_id
        assert medway.partnership.name in html and "version" in html
    stage_3 = form_html(medway, "stage-3-escalation", scenario.answers, {}, scenario.today)
    assert '<tr class="room-long"><th scope="row">Response</th>' in stage_3
    assert '<tr class="room"><th scope="row">Date of response</th>' in stage_3


def test_the_record_asks_the_kind_of_disagreement_from_the_policys_own_list():
    """Issue 13: records carry "the themes the policy lists (applies_when categories)". The escalation record offers
    the policy's kinds of disagreement, word for word, and "Something else"; the choice goes into the document's
    data part. Anything else in its place (free text, a child's name) is an error on screen and never carried."""
    from guide.engine.documents import themes
    from guide.engine.record_data import _read_part

    medway = policy("medway")
    scenario = MEDWAY[0]
    listed = themes(medway)
    assert listed[0].startswith("Disagreements over the handling of concerns reported to an agency")
    assert len(listed) == len(medway.applies_when.disagreements)
    screens = form_screens(medway, RECORD_ID, scenario.answers, {}, scenario.today)
    theme = next(f for s in screens["sections"] for f in s["fields"] if f["key"] == "theme")
    assert theme["type"] == "choice" and theme["options"] == [*listed, "Something else"] and not theme["required"]
    section = next(i for i, s in enumerate(screens["sections"]) if theme in s["fields"])
    assert not [e for e in validate(medway, RECORD_ID, section, {"theme": listed[2]}) if e["key"] == "theme"]
    wrong = [e for e in validate(medway, RECORD_ID, section, {"theme": "Sam Example"}) if e["key"] == "theme"]
    assert wrong[0]["message"] == "Choose one answer for “What kind of disagreement it is”"
    for form_id in (RECORD_ID, "stage-3-escalation"):
        data = form_document(medway, form_id, scenario.answers, {"theme": listed[2]}, scenario.today)
        assert _read_part(data)[0]["theme"] == listed[2], form_id
        forged = form_document(medway, form_id, scenario.answers, {"theme": "Sam Example"}, scenario.today)
        part = zipfile.ZipFile(io.BytesIO(forged)).read("customXml/item1.xml").decode("utf-8")
        assert _read_part(forged)[0]["theme"] == "" and "Sam Example" not in part, form_id
    # A policy that lists no kinds of disagreement asks nothing.
    from dataclasses import replace

    bare = replace(medway, applies_when=replace(medway.applies_when, disagreements=()))
    fields = [f["key"] for s in form_screens(bare, RECORD_ID, scenario.answers, {}, scenario.today)["sections"]
              for f in s["fields"]]
    assert "theme" not in fields


def test_every_document_shows_the_escalation_reference_so_paper_matches_the_log():
    """Issue 13: the log names escalations by their reference; a business manager holding the paper record (or the
    printed form) can find its row. A value that is not a reference the guide makes is not shown."""
    from guide.engine.documents import form_html

    medway = policy("medway")
    scenario = MEDWAY[0]
    for form_id in (RECORD_ID, "stage-3-escalation", "practice-alert"):
        texts = [p.text for p in read(form_document(medway, form_id, scenario.answers, {}, scenario.today,
                                                    "ESC-AB12-CD34")).paragraphs]
        assert any(t.startswith("Escalation reference: ESC-AB12-CD34.") for t in texts), form_id
        assert "ESC-AB12-CD34" in form_html(medway, form_id, scenario.answers, {}, scenario.today, "ESC-AB12-CD34")
        forged = [p.text for p in read(form_document(medway, form_id, scenario.answers, {}, scenario.today,
                                                     "Sam Example")).paragraphs]
        assert not any("Sam Example" in t or t.startswith("Escalation reference") for t in forged), form_id


def test_file_names_are_bounded_safe_and_differ_between_escalations_of_a_day():
    """Issue 24 point 6 and issue 19 point 6: an 832-character download name was made from a long form title, and
    every form of a day got the same name. Every policy present: at most 100 characters, only letters, digits and
    hyphens, and the escalation's random reference (never anything about the child) tells two escalations apart."""
    import re

    from guide.engine.file_names import MAX_NAME_PART, name_part
    from guide.engine.reminders import calendar_name

    from .conftest import POLICIES
    from .test_scenarios import policy as load

    long_title = "Stage 3 escalation form: " + "very long title " * 50 + "</title><script>"
    assert len(name_part(long_title, "form")) <= MAX_NAME_PART and re.fullmatch(r"[a-z0-9-]+", name_part(
        long_title, "form"))
    assert name_part("Ffurflen uwchgyfeirio — ŵ", "form") == "ffurflen-uwchgyfeirio"
    assert name_part("«»…", "form") == "form" and name_part("x" * 500, "form") == "x" * MAX_NAME_PART
    first, second = "ESC-7K2M-Q9XD", "ESC-ABCD-EFGH"
    for slug in sorted(p.parent.name for p in POLICIES.glob("*/policy.yaml")):
        current = load(slug)
        for form_id in [f.id for f in current.forms] + [RECORD_ID]:
            names = {filename(current, form_id, "2026-11-20", reference) for reference in (first, second)}
            assert len(names) == 2, "two escalations of a day, two names"
            for name in names | {filename(current, form_id, "2026-11-20", "../../etc/passwd\r\nAlice Example")}:
                assert len(name) <= 100 and re.fullmatch(r"[a-z0-9-]+(-ESC-[0-9A-Z]{4}-[0-9A-Z]{4})?\.docx", name)
                assert "alice" not in name.lower()
        dates = {calendar_name(current, "2026-11-20", reference) for reference in (first, second)}
        assert len(dates) == 2 and all(len(n) <= 100 and re.fullmatch(r"[a-z0-9-]+-ESC-[0-9A-Z-]{9}\.ics", n)
                                       for n in dates)


def test_the_guide_never_says_it_leaves_blank_a_field_it_asks_for(tmp_path):
    """Issue 19: Medway's Stage 3 form said "Left blank for the person who receives the form: ... Name of Assistant
    Director/ Headteacher/ equivalent", then asked "Who you are sending it to" (the same value, `recipient-name`).
    The name typed is the Assistant Director's: the document shows it there too, and the hint no longer lists it."""
    scenario = MEDWAY[0]
    medway = policy("medway")
    screens = form_screens(medway, "stage-3-escalation", scenario.answers, {}, scenario.today)
    asked = {f["key"] for s in screens["sections"] for f in s["fields"]}
    by_label = {f.label: f for f in medway.form("stage-3-escalation").fields}
    assert "recipient-name" in asked
    assert "Name of Assistant Director/ Headteacher/ equivalent" not in screens["recipient_fields"]
    assert not [label for label in screens["recipient_fields"] if by_label[label].value_key in asked]
    details = {"recipient-name": {"name": "Pat Director", "role": "Assistant Director"}}
    fields = fields_of(form_document(medway, "stage-3-escalation", scenario.answers, details, scenario.today), tmp_path)
    stage_3 = fields["Stage Three – Assistant Director / Headteacher / equivalent"]
    assert stage_3["Name of Assistant Director/ Headteacher/ equivalent"] == "Pat Director, Assistant Director"


def test_form_screens_say_where_the_document_goes_next_and_what_to_write():
    """Issue 19: after a download nothing said what to do with the file; a free-text field's only hint was about
    privacy. Where it goes comes from the form's `send_to` and `copy_to` (Medway: "A copy of the Stage 3 Escalation
    Form ... sent to the MSCP"); the escalation record is kept and opened again to carry on."""
    scenario = MEDWAY[0]
    medway = policy("medway")
    stage_3 = form_screens(medway, "stage-3-escalation", scenario.answers, {}, scenario.today)
    assert stage_3["next"].startswith("Next: send it by your organisation's secure e-mail to the people this stage")
    assert "with a copy to Medway Safeguarding Children Partnership (MSCP) (mscp@medway.gov.uk)" in stage_3["next"]
    record = form_screens(medway, RECORD_ID, scenario.answers, {}, scenario.today)
    assert "Continue an escalation" in record["next"]
    free_text = [f for s in record["sections"] + stage_3["sections"] for f in s["fields"] if f["type"] == "long-text"]
    assert free_text and all(f["hint"] and "computer" not in f["hint"] for f in free_text)


def test_the_manual_says_the_assistant_directors_name_is_the_to_field():
    """The manual's form page said "The person who receives it" for the name the guide fills in from "To"."""
    from guide.publish.manual import ManualRenderer

    assert ManualRenderer.same_as(policy("medway").form("stage-3-escalation")) == {"ad-name": "To"}
