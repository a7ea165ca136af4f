"""Issue 19, point 5, in Chromium: at Medway stage 4 the Stage 3 Escalation Form the practitioner made is read in
their browser, what it shows is offered for confirmation, and only then fills the stage 4 form (WCAG 2.2 3.3.7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .guide_driver import ENGINE_TIMEOUT, Guide
from .scenarios import MEDWAY
from .test_accessibility import violations
from .test_guide_browser import docx_fields, zipfile_text

pytestmark = pytest.mark.browser

CHILD = "Sam Example"


def _stage_3_form(page, guide, tmp_path) -> Path:
    """Medway Section 4, Stage 3: the practitioner fills in the Stage 3 Escalation Form and keeps the file."""
    guide.walk(MEDWAY[0].answers)
    page.get_by_role("button", name="Fill in the Stage 3 Escalation Form").first.click()
    expect(guide.heading).to_have_text("Stage 3 alert (1 of 2)", timeout=ENGINE_TIMEOUT)
    guide.fill_form({"Your name and job title": "Alex Jones, Health Visitor",
                     "Your service": "0-19 Healthy Child Service",
                     "Who you are sending it to": "Pat Director, Assistant Director"})
    guide.fill_form({"Name of Child (if applicable)": CHILD, "DOB (if applicable)": "2019-04-03",
                     "The practitioner's name": "Alex Jones", "The practitioner's line manager": "Robin Lee"})
    guide.fill_form({"Date stage 1 was raised": "2026-10-26", "Names of the managers at stage 1": "Chris Manager"})
    guide.fill_form({"Name of the Designated Safeguarding Lead or Head of Service at stage 2": "Dana Lead"})
    guide.fill_form({"Summary of concern(s) remaining from Stage 2": "The plan is not followed.",
                     "Requested action": "A core group."})
    expect(guide.heading).to_have_text("Check your answers before you make the document")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the Stage 3 Escalation Form (Word)").click()
    path = tmp_path / "stage-3-form.docx"
    info.value.save_as(path)
    return path


def test_stage_4_offers_the_stage_3_forms_answers_and_fills_the_form_once_confirmed(page, site_server, tmp_path):
    guide = Guide(page, site_server, "medway", today="2026-11-20").open()
    form = _stage_3_form(page, guide, tmp_path)
    assert CHILD not in zipfile_text(form, "customXml/item1.xml"), "the data part the log reads"

    later = page.context.new_page()
    again = Guide(later, site_server, "medway", today="2026-11-30").open()
    requests = []
    later.on("request", lambda r: requests.append(r.url))
    later.set_input_files("#guide-resume-file", str(form))          # Continue an escalation, from the form
    expect(again.heading).to_have_text(
        "What has happened since Stage 3 (Escalate to Assistant/Deputy Directors) was raised?", timeout=ENGINE_TIMEOUT)
    later.locator('#guide-form input[name="answer"][value="none"]').check()
    again.continue_()
    expect(again.heading).to_contain_text("Stage 4")
    later.get_by_role("button", name="Fill in the Stage 3 Escalation Form").first.click()

    # Shown first, for confirmation: nothing is filled in yet.
    expect(again.heading).to_have_text("We found these answers in your Stage 3 Escalation Form", timeout=ENGINE_TIMEOUT)
    found = again.screen_text()
    for shown in (CHILD, "3 April 2019", "Alex Jones, Health Visitor", "0-19 Healthy Child Service",
                  "Pat Director, Assistant Director", "Robin Lee", "26 October 2026", "Chris Manager", "Dana Lead",
                  "The plan is not followed.", "A core group.", "made on 20 November 2026"):
        assert shown in found, shown
    assert violations(later) == [], "the confirmation screen"
    later.get_by_role("button", name="Do not use them").click()
    expect(again.heading).to_have_text("Stage 3 alert (1 of 2)")
    expect(later.locator("#guide-field-from-name")).to_have_value("")

    # From the form's own first screen: a file that is not one of ours says so, and what was typed stays.
    later.fill("#guide-field-from-service", "Health visiting")
    later.locator(".guide-earlier summary").click()
    notes = tmp_path / "notes.docx"
    notes.write_bytes(b"PK\x03\x04 not a document")
    later.set_input_files("#guide-earlier-file", str(notes))
    expect(later.locator("#guide-status")).to_contain_text("not a form or escalation record made by this guide")
    expect(later.locator("#guide-field-from-service")).to_have_value("Health visiting")
    later.set_input_files("#guide-earlier-file", str(form))
    expect(again.heading).to_have_text("We found these answers in your Stage 3 Escalation Form")
    assert "0-19 Healthy Child Service" not in again.screen_text(), "typed here: not offered, not replaced"
    later.get_by_role("button", name="Use these answers").click()

    expect(again.heading).to_have_text("Stage 3 alert (1 of 2)")
    expect(later.locator("#guide-status")).to_contain_text("The answers from your Stage 3 Escalation Form are filled in")
    expect(later.locator("#guide-field-from-name")).to_have_value("Alex Jones")
    expect(later.locator("#guide-field-from-role")).to_have_value("Health Visitor")
    expect(later.locator("#guide-field-from-service")).to_have_value("Health visiting")
    expect(later.locator("#guide-field-to-name")).to_have_value("Pat Director")
    again.continue_()
    expect(later.locator("#guide-field-child-name")).to_have_value(CHILD)
    expect(later.locator("#guide-field-child-dob-year")).to_have_value("2019")
    expect(later.locator("#guide-field-line-manager")).to_have_value("Robin Lee")
    again.continue_()
    expect(later.locator("#guide-field-stage-1-managers")).to_have_value("Chris Manager")
    again.continue_()
    again.continue_()
    expect(later.locator("#guide-field-summary")).to_have_value("The plan is not followed.")
    again.fill_form({"Response": "Declined.", "Resolution of alert": "None.", "Date of response": "2026-11-27"})
    again.fill_form({"Summary of concern(s) remaining from Stage 3": "Still no plan."})
    expect(again.heading).to_have_text("Check your answers before you make the document")
    with later.expect_download() as info:
        later.get_by_role("button", name="Download the Stage 3 Escalation Form (Word)").click()
    path = tmp_path / "stage-4-form.docx"
    info.value.save_as(path)
    fields = docx_fields(path)
    assert fields["Stage 3 alert"]["Name of Child (if applicable)"] == CHILD
    assert fields["Stage 3 alert"]["From"] == "Alex Jones, Health Visitor"
    assert fields["Stage One – Service Manager"]["Name of manager (s)"] == "Chris Manager"
    assert fields["Stage four – MSCP"]["Summary of concern(s) remaining from Stage 3"] == "Still no plan."
    assert CHILD not in zipfile_text(path, "customXml/item1.xml")
    probe = again.privacy_probe()
    assert CHILD not in repr(probe) and "Alex Jones" not in repr(probe)
    assert not [url for url in requests if not url.endswith((".json", ".zip", ".wasm", ".mjs", ".js"))], requests
    again.watch.assert_clean()
