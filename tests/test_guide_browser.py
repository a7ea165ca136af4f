"""The decision guide in Chromium: walks, the back button, changing answers, errors, documents, privacy."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.request
from datetime import date
from functools import lru_cache
from pathlib import Path

import docx
import pytest
from playwright.sync_api import expect

from guide.publish.policy_files import load_policy
from guide.engine.routes import enumerate_routes

from .conftest import BUILD_TODAY, POLICIES
from .guide_driver import ENGINE_TIMEOUT, Guide
from .scenarios import MEDWAY, SUFFOLK, WIRRAL

pytestmark = pytest.mark.browser

TODAY = date(2026, 11, 20)
CURRENT = ["medway", "suffolk", "wirral", "model"]
CHILD = "Sam Example"


@lru_cache(maxsize=None)
def walks_for(slug: str) -> list:
    """One route per pathway (a route that raises a stage with a deadline, where there is one), and immediate risk."""
    policy = load_policy(POLICIES / slug / "policy.yaml", today=BUILD_TODAY)
    routes = list(enumerate_routes(policy, TODAY))
    chosen = [next(r for r in routes if r.outcome["kind"] == "signpost" and r.outcome["signpost"]["id"] == "immediate-risk")]
    for pathway in policy.pathways:
        mine = [r for r in routes if r.outcome["kind"] == "advice" and r.outcome["pathway"]["id"] == pathway.id]
        best = [r for r in mine if r.outcome["outcome"] == "raise" and r.outcome["deadline"]]
        chosen.append((best or mine)[len(best or mine) // 2])
    return chosen


def headline(outcome: dict) -> str:
    if outcome["kind"] == "signpost":
        return outcome["signpost"]["title"]
    name = f"{outcome['stage']['label']}: {outcome['stage']['title']}"
    return {"raise": f"Your next step: {name}", "waiting": f"Wait for a response to {name}",
            "resolved": f"Resolved at {name}", "end": f"This was the last step in the policy: {name}"}[outcome["outcome"]]


def check_do_this_now(page, outcome: dict):
    """Issue 11: the top of the result answers "what now, by when, whom to tell": the action, each contact, the
    deadline as a date, who to tell, and the form, before any of the details, in the first screenful."""
    panel = page.locator("section.guide-now")
    expect(panel).to_be_visible()
    text = " ".join(panel.inner_text().split())
    active = outcome["outcome"] in ("raise", "waiting")
    stage = f"{outcome['stage']['label']}: {outcome['stage']['title']}"
    assert stage in page.locator(".guide-now__action").inner_text()
    if active:
        for contact in outcome["contacts"]:
            for role in contact["roles"]:
                assert role["title"] in text, role
        if outcome["deadline"]:
            assert outcome["deadline"]["text"] in text
            expect(panel.get_by_role("button", name="Add the dates to your calendar")).to_be_visible()
    for duty in outcome["duties"]:
        assert (duty["role"] or (duty["contact"] or {}).get("name") or duty["action"]) in text
    if outcome["outcome"] == "raise" and outcome["form"] and outcome["form"]["fillable"]:
        expect(panel.get_by_role("button", name=f"Fill in the {outcome['form']['title']}")).to_be_visible()
    details = page.locator("#guide-details").bounding_box()
    assert panel.bounding_box()["y"] < details["y"]


@pytest.mark.parametrize("slug", CURRENT)
def test_walk_each_pathway_to_its_advice(page, site_server, slug):
    guide = Guide(page, site_server, slug).open()
    for route in walks_for(slug):
        answers = {qid: (v.isoformat() if isinstance(v, date) else v) for qid, v in route.answers}
        assert guide.walk(answers) == headline(route.outcome)
        text = guide.screen_text()
        if route.outcome["kind"] == "advice":
            if route.outcome["deadline"]:
                assert route.outcome["deadline"]["text"] in text
            check_do_this_now(page, route.outcome)
            for contact in route.outcome["contacts"]:
                for role in contact["roles"]:
                    assert role["title"] in text
            for duty in route.outcome["duties"]:
                assert duty["action"] in text
        probe = guide.privacy_probe()
        assert probe["url"] == f"{site_server}/{slug}/guide/"
        guide.start_again()
    guide.watch.assert_clean()


def test_medway_example_gives_stage_3_and_fills_the_form(page, site_server, tmp_path):
    scenario = MEDWAY[0]
    guide = Guide(page, site_server, "medway").open()
    assert guide.walk(scenario.answers) == "Your next step: Stage 3: Escalate to Assistant/Deputy Directors"
    text = guide.screen_text()
    assert "Response from the other agency due by Friday 27 November 2026" in text
    assert "The response to Stage 2 was due by Monday 9 November 2026 and has not come." in text
    assert "Detective Superintendent, Head of Safeguarding" in text and "Assistant Director or Deputy Director" in text
    assert "Inform the Child Protection Conference Chair. Because the child is on a child protection plan." in text
    assert "Inform the Independent Reviewing Officer (IRO). Because the child is in care." in text
    assert "mscp@medway.gov.uk" in text
    href = page.get_by_role("link", name="Stage 3: Escalate to Assistant/Deputy Directors").first.get_attribute("href")
    assert href == "../pathways/escalation/#stage-3"

    page.get_by_role("button", name="Fill in the Stage 3 Escalation Form").first.click()
    expect(guide.heading).to_have_text("Stage 3 alert (1 of 2)")      # ten fields: two screens of five
    assert page.locator("#guide-field-alert-date-day").input_value() == "20"
    assert page.locator("#guide-field-to-service").input_value() == "Kent Police"
    expect(page.get_by_text("Your service", exact=True)).to_be_visible()   # the paper's three "Service" rows, told apart
    expect(page.get_by_text("Their service", exact=True)).to_be_visible()
    # Issue 11: name and job title are two boxes, and the practitioner's own details say what they are, so that the
    # browser can fill them in (WCAG 1.3.5); the recipient's do not. A missing part gets its own message.
    assert page.locator("#guide-field-from-name").get_attribute("autocomplete") == "name"
    assert page.locator("#guide-field-from-role").get_attribute("autocomplete") == "organization-title"
    assert page.locator("#guide-field-from-service").get_attribute("autocomplete") == "organization"
    assert page.locator("#guide-field-to-name").get_attribute("autocomplete") == "off"
    guide.fill_form({"Your name and job title": "Alex Jones, Health Visitor", "Who you are sending it to": "Pat Director"})
    expect(page.locator(".govuk-error-summary")).to_contain_text("“Who you are sending it to” must include a job title")
    page.locator(".govuk-error-summary a").first.click()
    expect(page.locator("#guide-field-to-role")).to_be_focused()
    assert page.locator("#guide-field-to-name").input_value() == "Pat Director"     # nothing typed is lost
    guide.fill_form({"Who you are sending it to": "Pat Director, Assistant Director"})
    expect(guide.heading).to_have_text("Stage 3 alert (2 of 2)")
    guide.fill_form({"Name of Child (if applicable)": CHILD, "DOB (if applicable)": "2019-03-03",
                     "The practitioner's name": "Alex Jones", "The practitioner's line manager": "Robin Lead"})
    expect(guide.heading).to_have_text("Stage One – Service Manager")
    guide.fill_form({"Date stage 1 was raised": "2026-10-26", "Names of the managers at stage 1": "Chris Manager",
                     "Date the stage 1 response was received": "2026-10-20"})
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "“Date the stage 1 response was received” must be on or after “Date stage 1 was raised”, 26 October 2026")
    guide.fill_form({"Date the stage 1 response was received": "2026-10-29"})
    expect(guide.heading).to_have_text("Stage Two – Designated Safeguarding Lead / Head of Service")
    assert page.locator("#guide-field-stage-2-raised-day").input_value() == "2"
    guide.fill_form({"Name of the Designated Safeguarding Lead or Head of Service at stage 2": "Dana Lead"})
    guide.fill_form({"Summary of concern(s) remaining from Stage 2": "No response to the MASH decision.",
                     "Requested action": "Review the MASH decision this week."})
    expect(guide.heading).to_have_text("Check your answers before you make the document")
    assert "2 November 2026" in guide.screen_text()
    page.get_by_role("link", name="Change Who you are sending it to").click()          # back to the field itself
    expect(page.locator("#guide-field-to-name")).to_be_focused()
    guide.continue_()
    expect(guide.heading).to_have_text("Check your answers before you make the document")

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the Stage 3 Escalation Form (Word)").click()
    download = info.value
    assert re.fullmatch(r"stage-3-escalation-form-2026-11-20-ESC-[0-9A-Z]{4}-[0-9A-Z]{4}\.docx", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    fields = docx_fields(path)
    assert fields["Stage 3 alert"]["Date of stage 3 alert"] == "20 November 2026"
    assert fields["Stage 3 alert"]["From"] == "Alex Jones, Health Visitor"
    assert fields["Stage 3 alert"]["To"] == "Pat Director, Assistant Director"
    assert fields["Stage 3 alert"]["Name of Child (if applicable)"] == CHILD
    assert fields["Stage 3 alert"]["DOB (if applicable)"] == "3 March 2019"
    assert fields["Stage 3 alert"]["Line Manager"] == "Robin Lead"
    assert fields["Stage One – Service Manager"]["Date escalation raised"] == "26 October 2026"
    assert fields["Stage One – Service Manager"]["Name of manager (s)"] == "Chris Manager"
    assert fields["Stage Two – Designated Safeguarding Lead / Head of Service"]["Date escalation raised"] == "2 November 2026"
    assert fields["Stage Two – Designated Safeguarding Lead / Head of Service"]["Name of DSL/Head of Service"] == "Dana Lead"
    stage_3 = fields["Stage Three – Assistant Director / Headteacher / equivalent"]
    assert stage_3["Summary of concern(s) remaining from Stage 2"] == "No response to the MASH decision."
    assert stage_3["Requested action"] == "Review the MASH decision this week."
    assert stage_3["Response"] == "" and stage_3["Resolution of alert"] == "", "left for the recipient"
    document = docx.Document(str(path))
    assert "Medway Safeguarding Children Partnership" in [p.text for p in document.paragraphs]
    assert "made 20 November 2026" in document.sections[0].footer.paragraphs[0].text

    email = page.get_by_role("link", name="E-mail mscp@medway.gov.uk")
    mailto = email.get_attribute("href")
    assert mailto.startswith("mailto:mscp@medway.gov.uk?subject=Stage%203%20Escalation%20Form")
    assert "Sam" not in mailto and "Example" not in mailto

    assert_pdf_text(path, ["Stage 3 Escalation Form", CHILD, "Alex Jones, Health Visitor", "Kent Police",
                           "No response to the MASH decision.", "Dana Lead"])
    probe = guide.privacy_probe()
    assert CHILD not in json.dumps(probe) and probe["local"] == "{}" and probe["session"] == "{}" and probe["cookies"] == ""
    guide.watch.assert_clean()


def test_practice_alert_and_escalation_record_documents(page, site_server, tmp_path):
    guide = Guide(page, site_server, "medway").open()
    guide.walk({"immediate-risk": "no", "about": "practice", "own-agency": "education", "single-agency": "no",
                "practice-alert.reached": "none"})
    page.get_by_role("button", name="Fill in the Partnership Practice Alert").first.click()
    guide.fill_form({"Name of informer and title": "Lee Teacher, DSL", "Contact details": "dsl@school.example",
                     "Summary of what happened. Please include specific dates and examples.": "Three referrals lost."})
    guide.fill_form({"What measures have already been taken to try and address or resolve the issue?": "Emails.",
                     "Summary of contributory causes/barriers/challenges": "No shared inbox.",
                     "Action taken or recommended to prevent a recurrence": "A shared inbox."})
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the Partnership Practice Alert (Word)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert re.fullmatch(r"partnership-practice-alert-2026-11-20-ESC-[0-9A-Z]{4}-[0-9A-Z]{4}\.docx", path.name)
    fields = docx_fields(path)["Report template – Partnership Practice Alert for the MSCP Learning Lessons Subgroup"]
    assert fields["Name of informer and title"] == "Lee Teacher, DSL"
    assert fields["Service"] == "A school or education setting"
    assert fields["Date of Partnership Practice Alert"] == "20 November 2026"
    assert fields["Action taken or recommended to prevent a recurrence"] == "A shared inbox."
    assert fields["Identified areas of good practice"] == ""
    assert_pdf_text(path, ["Partnership Practice Alert", "Three referrals lost.", "Lee Teacher, DSL"])

    # Issue 11: printing gives the same document: the partnership, the policy's version and every row (an empty
    # one too), shown only while the print dialogue is open; focus stays on the button.
    page.evaluate("""() => { window.__printed = []; window.print = () => window.__printed.push({
        html: document.getElementById("guide-print").innerHTML,
        printing: document.body.classList.contains("guide-printing") }); }""")
    printing = page.get_by_role("button", name="Print, or save as PDF")
    printing.click()
    page.wait_for_function("() => window.__printed.length === 1")
    printed = page.evaluate("window.__printed[0]")
    assert printed["printing"]
    for text in ("Partnership Practice Alert", "Medway Safeguarding Children Partnership", "Lee Teacher, DSL",
                 "Identified areas of good practice", "Three referrals lost.", "version"):
        assert text in printed["html"], text
    expect(printing).to_be_focused()
    assert page.locator("#guide-print").inner_html() == ""
    assert "guide-printing" not in (page.locator("body").get_attribute("class") or "")

    # The escalation record, for a Wirral walk: every policy offers it.
    wirral = Guide(page, site_server, "wirral")
    wirral.open()
    scenario = WIRRAL[3]
    wirral.walk(scenario.answers)
    page.get_by_role("button", name="Make an escalation record").click()
    wirral.fill_form({"Your name and job title": "Jo Nurse, School Nurse", "Your work e-mail address or telephone number": "0151 000 0000"})
    wirral.fill_form({"Child's name or initials": CHILD})
    wirral.fill_form({"What the disagreement is about": "Referral declined.", "What you want to happen": "A strategy discussion."})
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the Escalation record (Word)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert re.fullmatch(r"escalation-record-2026-11-20-ESC-[0-9A-Z]{4}-[0-9A-Z]{4}\.docx", path.name)
    record = docx.Document(str(path))
    fields = docx_fields(path)
    assert fields["About you"]["Your name and job title"] == "Jo Nurse, School Nurse"
    assert fields["About you"]["Your agency, service or team"] == "Health"
    assert fields["The child"]["Child's name or initials"] == CHILD
    assert fields["The disagreement"]["The agency you disagree with"] == "Merseyside Police"
    texts = [p.text for p in record.paragraphs]
    assert "Next step: raise Stage 2: Safeguarding lead." in texts
    stages = [[c.text for c in row.cells] for row in record.tables[3].rows]
    assert stages[1] == ["Stage 1: Professionals resolving disagreement", "2 November 2026", "No response yet"]
    assert_pdf_text(path, ["Escalation record", CHILD, "Stage 2: Safeguarding lead"])
    wirral.watch.assert_clean()
    guide.watch.assert_clean()


def test_change_an_answer_and_the_advice_changes(page, site_server):
    guide = Guide(page, site_server, "medway").open()
    guide.walk(MEDWAY[0].answers)
    assert "Inform the Independent Reviewing Officer (IRO)." in guide.screen_text()
    page.get_by_role("link", name="Change Is the child in care?").click()
    expect(guide.heading).to_have_text("Is the child in care?")
    expect(page.locator('input[value="yes"]')).to_be_checked()
    guide.answer("no")
    expect(guide.heading).to_have_text("Your next step: Stage 3: Escalate to Assistant/Deputy Directors")
    assert "Inform the Independent Reviewing Officer (IRO)." not in guide.screen_text()
    page.get_by_role("link", name="Change Does the disagreement concern the Multi Agency Safeguarding Hub (MASH)?").click()
    guide.answer("no")
    page.get_by_role("link", name="Change How far has the disagreement got?").click()
    guide.answer("stage-1")
    guide.walk({"escalation.stage-1.response": "resolved", "escalation.stage-1.raised-on": "2026-11-16"})
    assert guide.heading.inner_text() == "Resolved at Stage 1: Escalate to Service Manager"
    assert "Operational Child Protection Detective Inspector" in guide.screen_text()
    guide.watch.assert_clean()


def test_browser_back_button_goes_back_one_question(page, site_server):
    guide = Guide(page, site_server, "suffolk").open()
    guide.answer("no")
    guide.answer("conference")
    expect(guide.heading).to_have_text("What about the conference?")
    page.go_back()
    expect(guide.heading).to_have_text("What is the disagreement about?")
    expect(page.locator('input[value="conference"]')).to_be_checked()
    page.go_back()
    expect(guide.heading).to_have_text("Is a child at immediate risk of significant harm?")
    expect(page.locator('input[value="no"]')).to_be_checked()
    page.go_forward()
    expect(guide.heading).to_have_text("What is the disagreement about?")
    guide.answer("referral")
    page.locator("[data-action=back]").click()
    expect(guide.heading).to_have_text("What is the disagreement about?")
    assert page.url == f"{site_server}/suffolk/guide/"
    guide.watch.assert_clean()


def test_start_again_clears_the_answers_and_the_childs_details(page, site_server):
    guide = Guide(page, site_server, "medway").open()
    guide.walk(MEDWAY[0].answers)
    page.get_by_role("button", name="Make an escalation record").click()
    guide.fill_form({"Your name and job title": "Alex Jones, Social Worker", "Your work e-mail address or telephone number": "01634 000000"})
    guide.fill_form({"Child's name or initials": CHILD})
    guide.start_again()
    expect(page.locator("#guide-form input:checked")).to_have_count(0)
    assert CHILD not in page.content()
    guide.walk(MEDWAY[0].answers)
    page.get_by_role("button", name="Make an escalation record").click()
    expect(page.locator("#guide-field-sender-name-name")).to_have_value("")
    expect(page.locator("#guide-field-sender-name-role")).to_have_value("")
    guide.fill_form({"Your name and job title": "Alex Jones, Social Worker", "Your work e-mail address or telephone number": "01634 000000"})
    expect(page.locator("#guide-field-child-name")).to_have_value("")
    assert CHILD not in json.dumps(guide.privacy_probe())
    guide.watch.assert_clean()


def test_an_invalid_date_shows_the_error_summary_and_keeps_the_input(page, site_server):
    guide = Guide(page, site_server, "medway").open()
    answers = dict(MEDWAY[0].answers)
    del answers["escalation.stage-2.raised-on"]
    with pytest.raises(AssertionError, match="escalation.stage-2.raised-on"):
        guide.walk(answers)
    guide.continue_()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter the date Stage 2 was raised")
    assert page.title().startswith("Error: ")
    guide.answer({"day": "31", "month": "2", "year": "2026"})
    expect(summary).to_contain_text("The date Stage 2 was raised must be a real date")
    expect(page.locator("#guide-date-day")).to_have_value("31")
    expect(page.locator("#guide-date-month")).to_have_value("2")
    expect(page.locator("#guide-date-year")).to_have_value("2026")
    expect(page.locator(".govuk-error-message")).to_contain_text("must be a real date")
    summary.get_by_role("link").click()
    expect(page.locator("#guide-date-day")).to_be_focused()
    guide.answer({"day": "2", "month": "11", "year": "2026"})
    guide.walk(answers)
    expect(guide.heading).to_have_text("Your next step: Stage 3: Escalate to Assistant/Deputy Directors")
    guide.watch.assert_clean()


def test_a_form_section_with_a_missing_field_keeps_what_was_typed(page, site_server):
    guide = Guide(page, site_server, "suffolk").open()
    guide.walk(SUFFOLK[0].answers)
    page.get_by_role("button", name="Make an escalation record").click()
    guide.fill_form({"Your line manager": "Robin Lead"})
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter “Your name and job title”")
    expect(page.locator("#guide-field-line-manager")).to_have_value("Robin Lead")
    guide.watch.assert_clean()


def test_an_answer_given_while_the_engine_starts_is_kept(page, site_server):
    """Issue 12: with Pyodide held back, every choice question comes from the tree worked out at build time, up to
    the first date question; the date (which needs the engine) waits, says so, and is answered once it is ready."""
    release = []

    def hold(route):
        release.append(route)

    page.route("**/pyodide.asm.wasm", hold)
    guide = Guide(page, site_server, "medway").open()
    answers = MEDWAY[0].answers
    asked = []
    status = page.locator("#guide-status")
    for _ in range(20):
        qid = guide.question_id()
        asked.append(qid)
        page.locator(f'#guide-form input[name="answer"][value="{answers[qid]}"]').check()
        before = page.evaluate("document.getElementById('guide').dataset.screen || '0'")
        page.locator("#guide-form button[type=submit]").click()
        page.wait_for_function("""before => document.getElementById("guide-status").textContent.trim() !== ""
            || (document.getElementById("guide").dataset.screen || "0") !== before""", arg=before)
        if "The guide is still" in status.inner_text():
            break
    # Every choice came from the tree; the answer that leads to a date question is the first to wait.
    assert asked[-1] == "escalation.stage-2.response" and len(asked) == 10, asked
    assert page.evaluate("document.getElementById('guide').dataset.engine") != "ready"
    expect(page.locator(f'#guide-form input[value="{answers[asked[-1]]}"]')).to_be_checked()
    while not release:
        page.wait_for_timeout(50)
    release[0].continue_()
    expect(page.locator("#guide-date")).to_be_visible(timeout=90_000)
    expect(status).to_be_empty()
    guide.watch.assert_clean()


def test_leaving_with_answers_asks_first(page, site_server):
    guide = Guide(page, site_server, "wirral").open()
    guide.answer("no")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))
    page.get_by_role("link", name="Contacts and roles").first.click(no_wait_after=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    expect(guide.heading).to_have_text("Is the disagreement with another agency?")


def test_the_first_question_is_in_the_built_html(site_server):
    html = urllib.request.urlopen(f"{site_server}/medway/guide/").read().decode("utf-8")
    assert 'data-question="immediate-risk"' in html
    assert "Is a child at immediate risk of significant harm?" in html
    import re

    script = re.search(r'<script type="module" async src="([0-9a-f]{12})/guide.js"></script>', html)
    assert script, "the page script is loaded from its content-hashed folder"
    worker = urllib.request.urlopen(f"{site_server}/medway/guide/{script.group(1)}/engine-worker.mjs")
    assert worker.headers["Content-Type"] == "text/javascript"
    assert worker.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    runtime = re.search(r'<script async src="[0-9a-f]{12}/engine-start\.js" data-runtime="\.\./\.\./(_runtime/)">', html)
    pyodide = re.search(r'"folder":"(pyodide-[0-9.]+/)"', worker.read().decode("utf-8")).group(1)
    shared = f"{site_server}/{runtime.group(1)}{pyodide}"   # the site's runtime, shared by every partnership
    with urllib.request.urlopen(f"{shared}pyodide.asm.wasm") as response:
        assert response.headers["Content-Type"] == "application/wasm"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with urllib.request.urlopen(f"{shared}pyodide.mjs") as response:
        assert response.headers["Content-Type"] == "text/javascript"
    assert urllib.request.urlopen(f"{site_server}/medway/guide/").headers["Cache-Control"] == "no-cache"


def test_every_manual_page_links_to_the_guide(built_site):
    from bs4 import BeautifulSoup

    for slug in CURRENT:
        pages = [p for p in (built_site / slug).rglob("index.html") if "2016-06" not in str(p) and "/guide/" not in str(p)]
        assert len(pages) >= 6
        for path in pages:
            link = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("a.policy-meta__guide")
            assert link is not None and link["href"].endswith("guide/") and link.get_text(strip=True) == "Find your stage"
    assert not (built_site / "medway" / "2016-06" / "guide").exists(), "no guide for a superseded version"


def test_search_finds_a_stage(page, site_server):
    page.goto(f"{site_server}/wirral/")
    page.wait_for_load_state("networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("determination", delay=30)
    expect(page.locator(".md-search-result__item").first).to_contain_text("WSCB Chair", timeout=15_000)


# --- helpers -------------------------------------------------------------------------------------------------


def docx_fields(path) -> dict[str, dict[str, str]]:
    """Each table of labelled fields, by its heading row: {section: {label: value}} (labels may repeat: last wins)."""
    document = docx.Document(str(path))
    sections = {}
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and rows[0][0] == rows[0][-1] and len(rows[0]) == 2:
            fields = {}
            for label, value in rows[1:]:
                fields.setdefault(label, value)
            sections[rows[0][0]] = fields
    return sections


def assert_pdf_text(path, expected: list[str]):
    """Convert the .docx to PDF with LibreOffice (headless) and check its text. Skips only if soffice is absent."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    from pypdf import PdfReader

    out = path.parent / "pdf"
    profile = path.parent / "lo-profile"
    result = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                             "--outdir", str(out), str(path)], capture_output=True, text=True, timeout=180)
    pdf = out / (path.stem + ".pdf")
    assert pdf.exists(), result.stderr + result.stdout
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(str(pdf)).pages).split())
    for words in expected:
        assert words in text, f"{words!r} not in the PDF text: {text[:500]}"


# --- "Why?" on every item of advice, the immediate-risk screen, failing visibly (issues 8 and 9) ----------------


def test_every_item_of_advice_shows_why_with_the_source_words(page, site_server):
    """Medway, stage 3 for health v Kent Police (the first Medway scenario): a "Why?" on the stage, each contact,
    the deadline, each duty and the form, each quoting the words the engine gives for the same answers."""
    from guide.engine import next_step

    scenario = MEDWAY[0]
    expected = next_step(load_policy(POLICIES / "medway" / "policy.yaml", today=BUILD_TODAY), scenario.answers,
                         scenario.today)
    guide = Guide(page, site_server, "medway", today=scenario.today).open()
    guide.walk(scenario.answers)
    screen = page.locator("#guide-screen")
    whys = screen.locator("details.why")
    wanted = [expected["stage"]["why"], expected["timescale"]["why"], expected["form"]["why"]]
    wanted += [c["why"] for c in expected["contacts"]] + [d["why"] for d in expected["duties"]]
    assert whys.count() >= len(wanted)
    quoted = " ".join(" ".join(whys.nth(i).locator(".why__quote").all_text_contents()) for i in range(whys.count()))
    for why in wanted:
        for passage in why["passages"]:
            assert passage["text"] in quoted, passage["text"]
    first = whys.first
    expect(first.locator(".why__quote").first).to_be_hidden()
    first.locator("summary").click()
    expect(first.locator(".why__quote").first).to_be_visible()
    expect(first.locator(".why__section").first).to_contain_text("Source:")
    guide.watch.assert_clean()


def test_immediate_risk_is_a_warning_with_a_phone_link_and_no_authoring_note(page, site_server):
    guide = Guide(page, site_server, "medway").open()
    guide.walk({"immediate-risk": "yes"})
    panel = page.locator(".guide-panel.immediate-risk")
    expect(panel).to_be_visible()
    expect(page.locator('#guide-screen a[href="tel:999"]').first).to_be_visible()
    text = page.locator("#guide-screen").inner_text()
    assert "Replace" not in text and "not a Medway rule" not in text
    page.locator("#guide-screen details.why summary").first.click()
    expect(page.locator("#guide-screen .why__inferred").first).to_have_text(
        "MSCP's policy does not cover this. This is the national advice.")


def test_the_page_script_modules_are_small(built_site):
    for slug in sorted(p.name for p in built_site.iterdir() if (p / "guide").is_dir()):
        folder = built_site / slug / "guide"
        scripts = list(folder.glob("*/*.mjs")) + list(folder.glob("*/*.js"))
        assert len(scripts) >= 10, (slug, scripts)
        sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in scripts}
        assert max(sizes.values()) <= 250, (slug, sizes)


def _advise_cli(slug: str, answers: dict, today: str) -> dict:
    """The engine's advice for these answers, as the command line gives it."""
    import sys

    result = subprocess.run([sys.executable, "-m", "guide", "advise", "--policy", slug, "--answers", "-",
                             "--today", today], input=json.dumps(answers), capture_output=True, text=True,
                            timeout=120, check=True)
    return json.loads(result.stdout)


def _quoted(locator) -> str:
    """The words quoted in the "Why?" disclosures under ``locator``, white space normalised."""
    whys = locator.locator("xpath=self::details[contains(@class, 'why')] | .//details[contains(@class, 'why')]")
    return " ".join(" ".join(whys.locator(".why__quote").all_text_contents()).split())


def test_each_item_of_advice_has_its_own_why_quoting_the_policy_source(page, site_server):
    """Medway, stage 3: the "Why?" sits with its item (the stage, each contact row, the deadline, each duty, the
    form), opens to the passages the CLI gives for the same answers, and each passage is in the policy's source
    text."""
    from guide.publish.quotes import normalise

    scenario = MEDWAY[0]
    expected = _advise_cli("medway", scenario.answers, scenario.today)
    source_name = load_policy(POLICIES / "medway" / "policy.yaml", today=BUILD_TODAY).document.source_file
    source = normalise((POLICIES / "medway" / source_name).read_text(encoding="utf-8"))
    guide = Guide(page, site_server, "medway", today=scenario.today).open()
    guide.walk(scenario.answers)
    screen = page.locator("#guide-screen")

    def check(where, why, what):
        assert why and why["from_source"] and why["passages"], what
        whys = where.locator("xpath=self::details[contains(@class, 'why')] | .//details[contains(@class, 'why')]")
        assert whys.count() >= 1, f"no Why? on {what}"
        shown = _quoted(where)
        for passage in why["passages"]:
            assert " ".join(passage["text"].split()) in shown, (what, passage["text"])
            assert normalise(passage["text"]) in source, (what, passage["text"])

    stage_why = screen.locator(".guide-stage-description ~ details.why").first
    check(stage_why, expected["stage"]["why"], "the stage")
    rows = screen.locator("dl.guide-list > dd")
    offset = 1 if expected["raised_by"] else 0
    assert rows.count() == offset + len(expected["contacts"])
    for index, contact in enumerate(expected["contacts"]):
        check(rows.nth(offset + index), contact["why"], f"contact {contact['roles'][0]['title']}")
    deadline_why = screen.locator("#guide-deadline").locator("xpath=following-sibling::details[1]")
    check(deadline_why, expected["timescale"]["why"], "the deadline")
    duties = screen.locator("ul.guide-duties > li")
    assert duties.count() == len(expected["duties"])
    for index, duty in enumerate(expected["duties"]):
        check(duties.nth(index), duty["why"], f"duty {duty['action']}")
    form_why = screen.locator("#guide-form-heading").locator("xpath=following-sibling::details[1]")
    check(form_why, expected["form"]["why"], "the form")
    deadline_why.locator("summary").click()
    expect(deadline_why.locator(".why__quote").first).to_be_visible()
    expect(deadline_why.locator(".why__section").first).to_have_text(
        f"Source: {expected['timescale']['why']['passages'][0]['section']}")
    guide.watch.assert_clean()


def test_every_wording_key_the_page_script_reads_is_in_wording_json():
    """The page script's words come from guide/engine/wording.json through t(); a key it reads that is not there
    would show the key itself to a practitioner."""
    import re

    from guide.engine.wording import DEFAULTS

    folder = Path(__file__).resolve().parent.parent / "guide" / "web" / "guide"
    code = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.*js")))
    fixed = set(re.findall(r"""\bt\(\s*["']([\w.-]+)["']""", code))
    fixed |= set(re.findall(r"""\[\s*"[a-z]+",\s*"(guide\.[\w.-]+)\"""", code))  # the date-input labels
    assert len(fixed) > 60
    assert fixed - set(DEFAULTS) == set()
    # Keys made from the engine's values: every value the engine gives has its text.
    for outcome in ("raise", "waiting", "resolved", "end"):
        assert f"guide.result.{outcome}" in DEFAULTS
    for side in ("yours", "theirs", "both", "partnership"):
        assert f"guide.side.{side}" in DEFAULTS
        assert f"guide.now.contact.{side}" in DEFAULTS
        assert f"guide.now.raised_with.{side}" in DEFAULTS
    for whose in ("theirs", "others"):    # the engine's response_from
        assert f"guide.due.{whose}" in DEFAULTS
    for prefix in re.findall(r"t\(`([\w.]+)\$\{", code):
        assert prefix in ("guide.result.", "guide.side.", "guide.now.contact.", "guide.now.raised_with.", "guide.log.column.",
                          "guide.log.outcome."), prefix
    from guide.engine.escalation_log import COLUMNS
    for column in ("reference", "made", "pathway", "stage", "outcome", "your_agency", "other_agency", "deadline",
                   "overdue", "records"):
        assert column in COLUMNS and f"guide.log.column.{column}" in DEFAULTS
    for outcome in ("raise", "waiting", "resolved", "end"):
        assert f"guide.log.outcome.{outcome}" in DEFAULTS


def test_with_javascript_off_the_guide_says_it_needs_it(browser, site_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_server}/medway/guide/")
    expect(page.locator(".guide-noscript")).to_be_visible()
    expect(page.locator(".guide-noscript a")).to_have_attribute("href", "../when-to-use/")
    expect(page.locator("#guide-screen")).to_be_hidden()
    context.close()


def test_a_review_link_opens_the_guide_with_a_routes_answers_and_leaves_none_in_the_address(page, site_server):
    """Issue 10, the review pack: each row of "Where the answers lead" on the routes page links to the guide with one
    route's answers after "#try=". The guide walks them as a practitioner would (Back works), shows what the engine
    gives for them (a date written "today-N" is N days before the day the link is opened), and the address keeps no
    answer."""
    from urllib.parse import parse_qsl, unquote

    from guide.engine.walk import next_step

    guide = Guide(page, site_server, "medway", today="2026-11-20")
    page.goto(f"{site_server}/medway/routes/")
    link = page.locator('a[href*="today-60"]', has_text="Open in the guide").first
    href = link.get_attribute("href")
    answers = dict(parse_qsl(unquote(href.split("#try=", 1)[1])))
    answers = {k: ("2026-09-21" if v == "today-60" else "2026-11-20" if v == "today" else v)
               for k, v in answers.items()}
    expected = next_step(load_policy(POLICIES / "medway" / "policy.yaml", today=BUILD_TODAY), answers,
                         today="2026-11-20")
    assert expected["kind"] == "advice" and expected["notices"]
    link.click()
    page.wait_for_url("**/medway/guide/")
    expect(page.locator("#guide-screen")).to_contain_text(expected["stage"]["title"], timeout=ENGINE_TIMEOUT)
    for notice in expected["notices"]:
        expect(page.locator("#guide-screen")).to_contain_text(notice["text"].split(".")[0])
    expect(page.locator("#guide-status")).to_contain_text("review page")
    assert page.evaluate("location.hash") == ""
    page.go_back()
    qid = guide.question_id()
    assert qid in answers
    expect(page.locator(f'#guide-form input[name="answer"][value="{answers[qid]}"]:checked,'
                        f' #guide-form input[name="day"]')).to_have_count(1)
    guide.watch.assert_clean()


def test_a_tampered_review_link_is_ignored(page, site_server):
    guide = Guide(page, site_server, "medway")
    page.goto(f"{site_server}/medway/guide/#try=" + "immediate-risk%3D%3Cscript%3E")
    expect(guide.heading).to_be_visible()
    assert guide.question_id() == "immediate-risk"
    expect(page.locator("#guide-status")).not_to_contain_text("review page")
    assert page.evaluate("location.hash") == ""
    guide.watch.assert_clean()


def test_the_calendar_download_holds_the_response_deadline(page, site_server, tmp_path):
    """Issue 11: "Add the dates to your calendar" gives an .ics with the response deadline of Medway stage 3 ("A
    response is required within 5 working days") and the day to decide on stage 4; its name and content hold no
    child's details."""
    import icalendar

    guide = Guide(page, site_server, "medway").open()
    guide.walk(MEDWAY[0].answers)
    button = page.get_by_role("button", name="Add the dates to your calendar")
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert re.fullmatch(r"escalation-dates-medway-2026-11-20-ESC-[0-9A-Z]{4}-[0-9A-Z]{4}\.ics", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    events = list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
    assert [e.decoded("dtstart") for e in events] == [date(2026, 11, 27), date(2026, 11, 30)]
    assert "Detective Superintendent" in str(events[0]["description"])
    expect(button).to_be_focused()
    guide.watch.assert_clean()


def test_start_again_asks_first_and_no_is_safe(page, site_server):
    """Issue 11: Start again clears everything typed, so it asks first; "No, go back" keeps every answer."""
    guide = Guide(page, site_server, "medway").open()
    guide.walk(MEDWAY[0].answers)
    page.get_by_role("button", name="Start again").click()
    expect(guide.heading).to_have_text("Start again?")
    page.get_by_role("button", name="No, go back").click()
    expect(guide.heading).to_have_text("Your next step: Stage 3: Escalate to Assistant/Deputy Directors")
    guide.start_again()
    expect(page.locator("#guide-form input:checked")).to_have_count(0)


def test_back_after_putting_an_error_right_shows_no_error(page, site_server):
    guide = Guide(page, site_server, "medway").open()
    guide.continue_()                              # nothing chosen: "Select yes or no"
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    guide.answer("no")
    guide.continue_()
    page.go_back()
    expect(guide.heading).to_have_text("Is a child at immediate risk of significant harm?")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator('#guide-form input[value="no"]')).to_be_checked()


def test_links_to_the_manual_open_in_a_new_tab_and_say_so(page, site_server):
    """Issue 11: following a manual link from a result must not wipe the answers."""
    guide = Guide(page, site_server, "medway").open()
    guide.walk(MEDWAY[0].answers)
    links = page.locator("#guide-screen a[href^='../']")
    assert links.count() >= 3
    for index in range(links.count()):
        link = links.nth(index)
        assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
        assert link.inner_text().endswith("(opens in new tab)")
    with page.context.expect_page() as opened:
        links.first.click()
    opened.value.close()
    expect(guide.heading).to_have_text("Your next step: Stage 3: Escalate to Assistant/Deputy Directors")


def test_medway_stage_4_form_carries_the_responses_and_the_stage_3_date(page, site_server, tmp_path):
    """Issue 11, Medway Section 4, Stage 4 and Appendix one ("If not resolved complete this form with all responses
    and resolutions received and detail the remaining concerns before sending the form to mscp@medway.gov.uk"): the
    guide asks the practitioner for the stage 3 response and the remaining concerns, and pre-fills the date of the
    stage 3 alert given a moment before."""
    from .test_documents import STAGE_4

    guide = Guide(page, site_server, "medway", today="2026-11-24").open()
    guide.walk(STAGE_4)
    expect(guide.heading).to_contain_text("Stage 4")
    page.get_by_role("button", name="Fill in the Stage 3 Escalation Form").first.click()
    expect(guide.heading).to_have_text("Stage 3 alert (1 of 2)")
    assert page.locator("#guide-field-alert-date-day").input_value() == "10"
    guide.fill_form({"Your name and job title": "Alex Jones, Social Worker",
                     "Who you are sending it to": "Pat Director, Assistant Director"})
    guide.fill_form({"The practitioner's name": "Alex Jones", "The practitioner's line manager": "Robin"})
    guide.fill_form({"Date stage 1 was raised": "2026-10-26", "Names of the managers at stage 1": "Chris Manager"})
    guide.fill_form({"Date stage 2 was raised": "2026-11-02",
                     "Name of the Designated Safeguarding Lead or Head of Service at stage 2": "Dana Lead"})
    expect(page.locator("#guide-field-ad-name-name")).to_have_value("Pat Director")   # the same person, asked once
    expect(page.locator("#guide-field-ad-name-role")).to_have_value("Assistant Director")
    guide.fill_form({"Summary of concern(s) remaining from Stage 2": "No plan.", "Requested action": "A plan.",
                     "Response": "Declined.", "Resolution of alert": "None.", "Date of response": "2026-11-17"})
    guide.fill_form({"Summary of concern(s) remaining from Stage 3": "Still no plan."})
    expect(guide.heading).to_have_text("Check your answers before you make the document")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the Stage 3 Escalation Form (Word)").click()
    path = tmp_path / "form.docx"
    info.value.save_as(path)
    fields = docx_fields(path)
    assert fields["Stage 3 alert"]["Date of stage 3 alert"] == "10 November 2026"
    stage_3 = fields["Stage Three – Assistant Director / Headteacher / equivalent"]
    assert stage_3["Response"] == "Declined." and stage_3["Date of response"] == "17 November 2026"
    assert fields["Stage four – MSCP"]["Summary of concern(s) remaining from Stage 3"] == "Still no plan."
    guide.watch.assert_clean()


def _record_for(page, guide, answers, tmp_path) -> Path:
    """Walk, make the escalation record, and save it: the file a practitioner keeps between stages."""
    guide.walk(answers)
    return _download_record(page, guide, tmp_path)


TIMELINESS = "Concerns about the timeliness of interventions."     # one of Medway's kinds of disagreement


def _download_record(page, guide, tmp_path, theme: str | None = None, earlier: bool = False) -> Path:
    """From a result: make the escalation record and save it; ``theme``: the kind of disagreement to choose;
    ``earlier``: the guide first offers what the record it continued from shows (issue 19.5), used here."""
    page.get_by_role("button", name="Make an escalation record").click()
    if earlier:
        expect(guide.heading).to_have_text("We found these answers in your Escalation record", timeout=ENGINE_TIMEOUT)
        page.get_by_role("button", name="Use these answers").click()
    guide.fill_form({"Your name and job title": "Alex Jones, Social Worker", "Your work e-mail address or telephone number": "01634 000000"})
    guide.fill_form({"Child's name or initials": CHILD})
    guide.fill_form({"What the disagreement is about": "Referral declined.", "What you want to happen": "A strategy discussion.",
                     **({"What kind of disagreement it is": theme} if theme else {})})
    expect(guide.heading).to_have_text("Check your answers before you make the document")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the Escalation record (Word)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_an_escalation_continues_from_its_own_record(page, site_server, tmp_path):
    """Issue 11: at stage 3 (Medway Section 4) the practitioner keeps the record; ten days later they open it in the
    guide (nothing uploaded), and the guide goes straight to "what has happened since stage 3 was raised", with
    every earlier answer and date restored; no response by the deadline (5 working days) moves them to stage 4."""
    guide = Guide(page, site_server, "medway", today="2026-11-20").open()
    guide.walk(MEDWAY[0].answers)
    record = _download_record(page, guide, tmp_path, theme=TIMELINESS)
    assert CHILD not in zipfile_text(record, "customXml/item1.xml")
    assert f"<theme>{TIMELINESS}</theme>" in zipfile_text(record, "customXml/item1.xml")   # issue 13
    later = page.context.new_page()
    again = Guide(later, site_server, "medway", today="2026-11-30").open()
    requests = []
    later.on("request", lambda r: requests.append(r.url))
    expect(later.locator("#guide-resume")).to_be_visible()
    later.set_input_files("#guide-resume-file", str(record))
    expect(again.heading).to_have_text(
        "What has happened since Stage 3 (Escalate to Assistant/Deputy Directors) was raised?", timeout=ENGINE_TIMEOUT)
    expect(later.locator("#guide-status")).to_contain_text("20 November 2026")
    assert not [url for url in requests if not url.endswith((".json", ".zip", ".wasm", ".mjs", ".js"))], requests
    later.locator('#guide-form input[name="answer"][value="none"]').check()
    again.continue_()
    expect(again.heading).to_contain_text("Stage 4")
    assert "Friday 27 November 2026" in again.screen_text()         # stage 3's response was due then
    # Issue 13: the stage 4 record carries the same random escalation reference as the stage 3 one.
    first_reference = re.search(r"<reference>(ESC-[0-9A-Z]{4}-[0-9A-Z]{4})</reference>",
                                zipfile_text(record, "customXml/item1.xml")).group(1)
    second = _download_record(later, again, tmp_path, earlier=True)
    assert second != record
    assert f"<reference>{first_reference}</reference>" in zipfile_text(second, "customXml/item1.xml")
    assert f"<theme>{TIMELINESS}</theme>" in zipfile_text(second, "customXml/item1.xml"), "kept when continued"
    again.watch.assert_clean()


def test_a_file_that_is_not_a_record_or_from_another_partnership_is_refused(page, site_server, tmp_path):
    wirral = Guide(page, site_server, "wirral").open()
    record = _record_for(page, wirral, WIRRAL[3].answers, tmp_path)
    guide = Guide(page, site_server, "medway").open()
    page.set_input_files("#guide-resume-file", str(record))
    expect(page.locator("#guide-status")).to_contain_text("not this partnership's policy", timeout=ENGINE_TIMEOUT)
    assert guide.question_id() == "immediate-risk"
    other = tmp_path / "notes.docx"
    other.write_bytes(b"PK\x03\x04 not really a document")
    page.set_input_files("#guide-resume-file", str(other))
    expect(page.locator("#guide-status")).to_contain_text("This file was not made by this guide")
    guide.watch.assert_clean()


def zipfile_text(path: Path, member: str) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read(member).decode("utf-8")


def test_draft_emails_per_person_without_the_childs_details(page, site_server):
    """Issue 11: "Draft the e-mails" lists one mailto: link per person the Medway stage 3 advice names; the MSCP's
    has its address; none holds what was typed into a form."""
    from urllib.parse import parse_qs, unquote, urlparse

    guide = Guide(page, site_server, "medway").open()
    guide.walk(MEDWAY[0].answers)
    page.get_by_role("button", name="Draft the e-mails").click()
    box = page.locator("#guide-drafts")
    expect(box).to_be_focused()
    links = box.locator("a[href^='mailto:']")
    expect(links).to_have_count(5)
    mscp = box.get_by_role("link", name="E-mail to Medway Safeguarding Children Partnership (MSCP)")
    href = mscp.get_attribute("href")
    assert urlparse(href).path == "mscp@medway.gov.uk"
    body = parse_qs(urlparse(href).query)["body"][0]
    assert "Stage 3" in body and "Health and Kent Police" in body and "Friday 27 November 2026" in body
    assert CHILD not in unquote(" ".join(links.evaluate_all("els => els.map(e => e.href)")))
    guide.watch.assert_clean()


def test_the_check_screen_shows_what_the_document_also_holds(page, site_server, tmp_path):
    """Issue 13: before downloading, the practitioner sees what the document holds besides what it shows: the
    policy, the escalation's reference and one row for each answer it carries; nothing typed into the form."""
    import html as html_text

    guide = Guide(page, site_server, "medway").open()
    guide.walk(MEDWAY[0].answers)
    record = _download_record(page, guide, tmp_path, theme=TIMELINESS)     # downloaded from the check screen
    carried = page.locator("details.guide-carried")
    carried.locator("summary").click()
    text = carried.inner_text()
    part = zipfile_text(record, "customXml/item1.xml")
    answers = json.loads(html_text.unescape(re.search(r"<answers>(.*)</answers>", part).group(1)))
    assert re.search(r"<reference>(.*?)</reference>", part).group(1) in text
    assert "Resolving Professional Differences" in text or "MSCP" in text or "Medway" in text
    assert carried.locator(".govuk-summary-list__row").count() == 3 + len(answers)   # policy, reference, theme
    assert f"Kind of disagreement {TIMELINESS}" in " ".join(text.split())
    assert "Is a child at immediate risk of significant harm?" in text
    assert CHILD not in text and "Alex Jones" not in text
    from .test_accessibility import violations

    # From the top of the screen: scrolled, a link that happens to sit under the sticky header fails axe's
    # target-size check by position alone (the 320 px keyboard test checks that a focused link is never hidden).
    page.evaluate("window.scrollTo(0, 0)")
    assert violations(page) == [], "check screen with what the document holds"
    guide.watch.assert_clean()


def test_a_waiting_result_says_what_to_do_while_waiting_not_how_to_raise_the_stage(page, site_server):
    """Issue 11: "A 'waiting' result says what to do while waiting and what happens on the deadline". Medway Section
    4, Stage 3 ("a response within 5 working days"): raised on Wednesday 18 November, so the response is due by
    Wednesday 25 November. The panel says to wait until then and what comes next; the details say the stage was
    raised and need not be raised again; the form is not the primary action, as it was sent already.

    Issue 19 (points 2, 3 and 6): "Do this now" still said "Who they go to in your agency" and "Tell ..." as if to
    raise Stage 3 again. It now says whose response is due, what to do if it does not come (Stage 4, named), that the
    child's safety comes first, and whom it was raised with; the IRO and the copy to the MSCP (Stage 3's own duties)
    are to check, not to do again. Then, changed to "resolved": no one to contact, the policy's records to keep."""
    answers = {k: v for k, v in MEDWAY[0].answers.items() if k != "escalation.stage-3.raise-on"}
    answers.update({"escalation.reached": "stage-3", "escalation.stage-3.response": "none",
                    "escalation.stage-3.raised-on": "2026-11-18"})
    guide = Guide(page, site_server, "medway").open()
    assert guide.walk(answers) == "Wait for a response to Stage 3: Escalate to Assistant/Deputy Directors"
    action = " ".join(page.locator(".guide-now__action").inner_text().split())
    assert action == ("Wait for the response to Stage 3: Escalate to Assistant/Deputy Directors. You do not need to "
                      "raise it again.")
    panel = page.locator("section.guide-now")
    rows = {" ".join(k.inner_text().split()): " ".join(v.inner_text().split())
            for k, v in zip(panel.locator("dt").all(), panel.locator("dd").all())}
    assert rows["Raised on"] == "Wednesday 18 November 2026"
    assert rows["Response from the other agency due by"] == "Wednesday 25 November 2026"
    assert rows["If there is no response by then"].startswith("Raise Stage 4: Involving the Medway Safeguarding")
    assert not [k for k in rows if k.startswith(("Who they", "Contact in", "Their equivalent")) or k == "Tell"], rows
    assert any(k.startswith("Raised with, in the other agency") for k in rows), rows
    assert "Independent Reviewing Officer (IRO)" in rows["Check you have told"]
    expect(panel.locator(".guide-now__safety")).to_have_text(
        "The child's safety comes first. If a child is at immediate risk of significant harm, do not escalate. "
        "Act today.")
    expect(panel.get_by_role("button", name="Add the dates to your calendar")).to_be_visible()
    expect(panel.get_by_role("button", name="Fill in the Stage 3 Escalation Form")).to_have_count(0)
    lead = page.locator(".guide-waiting-lead")
    expect(lead).to_have_text("You raised Stage 3: Escalate to Assistant/Deputy Directors on Wednesday 18 November 2026. "
                              "This is what the stage involves, for reference: you do not need to raise it again "
                              "while you wait.")
    assert lead.bounding_box()["y"] < page.locator(".guide-stage-description").bounding_box()["y"]
    expect(page.locator("#guide-contacts")).to_have_text("Who it was raised with")
    assert "You sent the Stage 3 Escalation Form when you raised this stage." in guide.screen_text()
    fill = page.get_by_role("button", name="Fill in the Stage 3 Escalation Form")
    expect(fill).to_have_count(1)
    assert "md-button--primary" not in fill.get_attribute("class")
    from .test_accessibility import violations

    assert violations(page) == [], "a waiting result"

    page.get_by_role("link", name=re.compile(r"^Change What has happened since Stage 3")).click()
    guide.answer("resolved")
    expect(guide.heading).to_have_text("Resolved at Stage 3: Escalate to Assistant/Deputy Directors")
    panel = page.locator("section.guide-now")
    keys = [" ".join(k.inner_text().split()) for k in panel.locator("dt").all()]
    assert not [k for k in keys if k.startswith(("Who they", "Contact in", "Their equivalent", "Raised with"))], keys
    assert "Tell" not in keys and "Check you have told" in keys
    expect(panel.locator(".guide-now__records")).to_contain_text("All stages of the process should be well documented.")
    expect(panel.locator(".guide-now__safety")).to_have_count(0)
    expect(panel.get_by_role("button", name="Draft the e-mails")).to_have_count(0)
    expect(page.locator("#guide-contacts")).to_have_text("Who it was raised with")
    assert "Keep a record of the outcome" not in guide.screen_text()
    assert violations(page) == [], "a resolved result"
    guide.watch.assert_clean()


def test_changing_how_far_it_has_got_asks_the_date_of_the_new_stage(page, site_server):
    """Issue 19, the walk on Friday 18 December 2026: Medway Pre-stage did not resolve it, Stage 1 raised on 10
    December; then Change "How far has the disagreement got?" to Stage 2, no response, raised 2 December. The guide
    asks when Stage 3 is raised (it never reuses 10 December), and a response date already past says so."""
    guide = Guide(page, site_server, "medway", today="2026-12-18").open()
    case = {"immediate-risk": "no", "about": "case", "outside-area": "no", "own-agency": "health",
            "other-agency": "social-care", "cp-plan": "no", "in-care": "no", "escalation.reached": "pre-stage",
            "escalation.pre-stage.response": "not-resolved", "escalation.stage-1.raise-on": "2026-12-10"}
    assert guide.walk(case).startswith("Your next step: Stage 1")
    assert "was due by Thursday 17 December 2026, and that day has passed" in guide.screen_text()
    page.get_by_role("link", name="Change How far has the disagreement got?").click()
    guide.answer("stage-2")
    guide.walk({"escalation.stage-2.response": "none", "escalation.stage-2.raised-on": "2026-12-02",
                "escalation.stage-1.used": "yes", "escalation.stage-3.raise-on": "2026-12-18"})
    asked = [row.inner_text() for row in page.locator(".govuk-summary-list__key").all()]
    assert any(text.startswith("When are you raising Stage 3") for text in asked), asked
    expect(guide.heading).to_have_text("Your next step: Stage 3: Escalate to Assistant/Deputy Directors")
    text = guide.screen_text()
    assert "Tuesday 29 December 2026" in text and "Thursday 17 December 2026" not in text
    guide.watch.assert_clean()


def test_a_duty_to_a_contact_with_no_inbox_links_to_its_entry_in_the_manual(page, site_server, built_site):
    """Wirral, Appendix 1: the proforma "should be sent to the WSCB Business Manager"; the chapter gives only the
    Business Manager's own address (left out). The duty links to the manual's entry, which says so: no dead end."""
    from .scenarios import WIRRAL_CASE

    guide = Guide(page, site_server, "wirral").open()
    heading = guide.walk({**WIRRAL_CASE, "own-agency": "health", "other-agency": "police",
                          "escalation.reached": "stage-2", "escalation.stage-2.response": "resolved"})
    assert heading.startswith("Resolved at Stage 2")
    duty = page.locator(".guide-duties li", has_text="Send the Appendix 1 proforma to the WSCB Business Manager.")
    link = duty.get_by_role("link", name=re.compile("^Contact details for WSCB Business Manager"))
    assert link.get_attribute("href") == "../contacts/#business-manager"
    contacts = (built_site / "wirral" / "contacts" / "index.html").read_text(encoding="utf-8")
    assert 'id="business-manager"' in contacts and "gives no inbox" in contacts


# --- Issue 19 (points 2 and 6): who acts, said first; one counter; where a file goes next ----------------------


PHONE = {"width": 390, "height": 844}


def _in_first_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_do_this_now_starts_with_who_raises_the_stage_on_a_phone(page, site_server):
    """Medway Section 4, Stage 3: "the Service Manager/ Designated Safeguarding Leads must escalate to the agency
    Assistant Director/ ..." The practitioner was told to "contact the people below" (the Assistant Directors of
    both agencies); "Who raises it" was two phone screens lower. The first screen now says who raises it, then whom
    they contact on each side, in the manual's words."""
    page.set_viewport_size(PHONE)
    guide = Guide(page, site_server, "medway").open()
    guide.walk(MEDWAY[0].answers)
    action = page.locator(".guide-now__action")
    expect(action).to_have_text("Designated Safeguarding Lead or Head of Service raises Stage 3: Escalate to "
                                "Assistant/Deputy Directors, with the Stage 3 Escalation Form. Whom they contact is below.")
    assert "contact the people below" not in guide.screen_text()
    assert _in_first_screen(page, action), "who acts is below the first screen on a phone"
    now = page.locator("section.guide-now")
    keys = now.locator(".govuk-summary-list__key").all_inner_texts()
    assert keys[:3] == ["Who they go to in your agency (Health)", "Their equivalent in the other agency (Kent Police)",
                        "Start it"]
    expect(now.locator(".guide-now__equivalent")).to_have_text(
        "The role in your agency speaks with the same role in the other agency.")
    expect(page.locator(".guide-panel__deadline")).to_have_text(
        "Response from the other agency due by Friday 27 November 2026")
    guide.watch.assert_clean()


def test_do_this_now_never_sends_the_practitioner_to_themself(page, site_server):
    """Medway Section 2, first step: "Initial attempts should be made to resolve the matter professional to
    professional". The other agency's contact read "The practitioner who disagrees", the practitioner themself."""
    guide = Guide(page, site_server, "medway").open()
    answers = {**{k: v for k, v in MEDWAY[0].answers.items() if not k.startswith("escalation.")},
               "escalation.reached": "none"}
    guide.walk(answers)
    text = " ".join(page.locator("section.guide-now").inner_text().split())
    assert "Contact in the other agency (Kent Police) The professional in the other agency you disagree with" in text
    assert "The practitioner who disagrees" not in text
    assert "Timescale within a time both sides agree" in text and "due by within" not in text   # no date, no "due by"
    guide.watch.assert_clean()


def test_the_two_assistant_director_drafts_say_which_agency(page, site_server):
    guide = Guide(page, site_server, "medway").open()
    answers = {k: v for k, v in MEDWAY[0].answers.items() if k != "mash"}
    guide.walk({**answers, "other-agency": "social-care"})
    page.get_by_role("button", name="Draft the e-mails").click()
    expect(page.locator("#guide-drafts")).to_be_focused()
    links = page.locator("#guide-drafts a[href^='mailto:']").all_inner_texts()
    assert links[:2] == ["E-mail to Assistant Director or Deputy Director, in your agency (Health)",
                         "E-mail to Assistant Director or Deputy Director, in the other agency (Children's social care)"]
    assert len(set(links)) == len(links)
    guide.watch.assert_clean()


def test_form_screens_have_one_counter_hints_on_what_to_write_and_the_download_says_what_next(page, site_server):
    """Issue 19: "Stage 3 Escalation Form, part 1 of 5" above "Stage 3 alert (1 of 2)"; the Assistant Director's
    name "left blank for the person who receives the form", then asked for; each free-text hint about privacy;
    the download's confirmation at the top of a long page, off a phone's screen, saying nothing of what next."""
    page.set_viewport_size(PHONE)
    guide = Guide(page, site_server, "medway").open()
    guide.walk(MEDWAY[0].answers)
    page.get_by_role("button", name="Fill in the Stage 3 Escalation Form").first.click()
    expect(guide.heading).to_have_text("Stage 3 alert (1 of 2)")
    expect(page.locator(".guide-caption")).to_have_text("Stage 3 Escalation Form")
    assert "Name of Assistant Director" not in guide.screen_text()
    guide.fill_form({"Your name and job title": "Alex Jones, Health Visitor",
                     "Who you are sending it to": "Pat Director, Assistant Director"})
    guide.fill_form({"The practitioner's name": "Alex Jones", "The practitioner's line manager": "Robin Lead"})
    guide.fill_form({"Date stage 1 was raised": "2026-10-26", "Names of the managers at stage 1": "Chris Manager"})
    guide.fill_form({"Name of the Designated Safeguarding Lead or Head of Service at stage 2": "Dana Lead"})
    expect(guide.heading).to_have_text("Stage Three – Assistant Director / Headteacher / equivalent")
    expect(page.locator(".guide-form__personal")).to_have_count(1)
    hints = page.locator(".govuk-hint").all_inner_texts()
    assert hints == ["What is still not agreed after stage 2, and why it matters for the child's safety.",
                     "What you are asking the Assistant Director, Headteacher or equivalent to decide or do."]
    guide.fill_form({"Summary of concern(s) remaining from Stage 2": "x", "Requested action": "y"})
    with page.expect_download():
        page.get_by_role("button", name="Download the Stage 3 Escalation Form (Word)").click()
    saved = page.locator("#guide-saved")
    expect(saved).to_be_focused()
    expect(saved).to_contain_text("is downloading.")
    expect(saved).to_contain_text("Next: send it by your organisation's secure e-mail to the people this stage names")
    expect(saved).to_contain_text("with a copy to Medway Safeguarding Children Partnership (MSCP) (mscp@medway.gov.uk)")
    assert _in_first_screen(page, saved)
    guide.watch.assert_clean()


def test_continue_an_escalation_is_on_the_first_screen_and_takes_a_form(page, site_server):
    page.set_viewport_size(PHONE)
    Guide(page, site_server, "medway").open()
    link = page.get_by_role("link", name="Or continue from your form or record.")
    expect(link).to_be_visible()
    assert _in_first_screen(page, link)
    link.click()
    expect(page.locator("#guide-resume-file")).to_be_focused()
    expect(page.locator("#guide-resume")).to_contain_text("Open a form or escalation record you made with this guide")
    assert page.evaluate("location.hash") == ""


def test_why_cites_the_section_of_the_stage_in_question(page, site_server):
    """Medway repeats "A response is required within 5 working days." under Stage 2 and Stage 3: the Stage 3
    timescale's "Why?" named the Stage 2 section."""
    guide = Guide(page, site_server, "medway").open()
    guide.walk(MEDWAY[0].answers)
    why = page.locator("#guide-deadline").locator("xpath=following-sibling::details[1]")
    why.locator("summary").click()
    expect(why.locator(".why__section").first).to_contain_text("Stage 3 - Escalate to Assistant/ Deputy Directors")
    guide.watch.assert_clean()
