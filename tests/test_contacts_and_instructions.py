"""Contacts as they are in the field (an inbox, a directory with help that depends on the answers, an optional "may
consult" contact) and instructions that are not "tell someone", on a fixture policy written for the tests
(tests/shapes/northfield: no council's text)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from guide.engine.email_drafts import email_drafts
from guide.engine.reminders import reminder_events
from guide.engine.routes import contacts_text
from guide.engine.walk import next_step
from guide.publish.policy_files import check_policy, load_policy

from .pyodide_job import run_in_pyodide

SHAPE = Path(__file__).resolve().parent / "shapes" / "northfield"
TODAY = "2026-11-23"   # a Monday
START = {"immediate-risk": "no", "person": "child", "care-setting": "no", "escalation.reached": "none",
         "escalation.step-1.raise-on": TODAY}


@pytest.fixture(scope="module")
def policy():
    return load_policy(SHAPE / "policy.yaml")


def advise(policy, **answers):
    step = next_step(policy, {**START, **{k.replace("_", "-"): v for k, v in answers.items()}}, TODAY)
    assert step["kind"] == "advice", step
    return step


def test_the_fixture_checks_clean():
    policy, problems = check_policy(SHAPE / "policy.yaml")
    assert [str(p) for p in problems] == []
    assert not [w for w in policy.warnings if "has no route" in w.message], "a directory is a route"


def test_a_directory_is_named_directly_with_the_help_for_a_child(policy):
    step = advise(policy)
    directory = next(c for c in step["contacts"] if c["contact"])
    assert directory["roles"] == [] and directory["names"] == ["the liaison directory"]
    assert directory["side"] == "theirs" and directory["optional"] is False
    assert directory["contact"]["directory"] == "https://example.org/find-a-liaison-officer"
    assert directory["contact"]["help"] == ["Search the children's directory by the child's school."]


def test_the_directory_help_for_an_adult_is_the_adults(policy):
    step = advise(policy, person="adult")
    directory = next(c for c in step["contacts"] if c["contact"])
    assert directory["contact"]["help"] == ["Search the adults' directory by the person's GP practice."]


def test_may_consult_is_optional_and_never_a_draft_or_a_reminder(policy):
    step = advise(policy)
    optional = [c for c in step["contacts"] if c["optional"]]
    assert [c["names"] for c in optional] == [["A senior manager"]]
    drafts = email_drafts(policy, {**START}, TODAY)
    assert drafts and not any("senior manager" in d["who"].lower() or "senior manager" in d["body"].lower()
                              for d in drafts)
    events = reminder_events(policy, {**START}, TODAY)
    assert events and not any("senior manager" in str(e).lower() for e in events)
    assert "may also consult A senior manager" in contacts_text(step["contacts"])


def test_a_directory_is_looked_in_never_written_to_or_chased(policy):
    """Source: "Find the other agency's liaison officer in the liaison directory." The directory is where to find
    whom to write to: the guide drafts no e-mail "To: the liaison directory" and does not say to chase it, while the
    practitioner in the other agency still gets a draft and is chased (found by the Eastfen trial, where the
    "Find a safeguarding lead" directory got a "Response needed" e-mail)."""
    assert any(c["contact"] and c["contact"]["directory"] for c in advise(policy)["contacts"])
    drafts = email_drafts(policy, {**START}, TODAY)
    assert [d["who"] for d in drafts] == ["the other practitioner, in the other agency"]
    assert not any("directory" in d["who"] or "directory" in d["body"] for d in drafts)
    due = next(e for e in reminder_events(policy, {**START}, TODAY) if e["summary"].startswith("Response due"))
    assert "Chase: The other practitioner." in due["description"] and "directory" not in due["description"]


def test_an_inbox_is_named_directly_and_its_draft_goes_to_it(policy):
    answers = {**START, "person": "adult", "escalation.reached": "step-1", "escalation.step-1.response": "not-resolved",
               "escalation.step-1.raised-on": "2026-11-02", "escalation.step-2.raise-on": TODAY}
    step = next_step(policy, answers, TODAY)
    assert step["stage"]["id"] == "step-2"
    inbox = next(c for c in step["contacts"] if c["contact"])
    assert inbox["side"] == "partnership" and inbox["contact"]["email"] == "adults.team@example.org"
    assert [d["to"] for d in email_drafts(policy, answers, TODAY) if d["to"]] == ["adults.team@example.org"]


def test_a_duty_naming_a_directory_carries_its_link_and_help(policy):
    answers = {**START, "escalation.reached": "step-1", "escalation.step-1.response": "not-resolved",
               "escalation.step-1.raised-on": "2026-11-02", "escalation.step-2.raise-on": TODAY}
    duty = next_step(policy, answers, TODAY)["duties"][0]
    assert duty["contact"]["directory"] == "https://example.org/find-a-liaison-officer"
    assert duty["contact"]["help"] == ["Search the children's directory by the child's school."]
    assert duty["contact"]["name"] == "the liaison directory" and duty["contact"]["email"] is None


def test_the_inbox_is_only_on_adults_routes(policy):
    answers = {**START, "escalation.reached": "step-1", "escalation.step-1.response": "not-resolved",
               "escalation.step-1.raised-on": "2026-11-02", "escalation.step-2.raise-on": TODAY}
    step = next_step(policy, answers, TODAY)
    assert not any(c["contact"] for c in step["contacts"])


def test_an_instruction_shows_only_where_its_condition_holds(policy):
    unconditional = "Do not delay safeguarding action while the disagreement is being resolved."
    keep = "Keep the person in the care setting until the escalation has been resolved."
    assert [i["text"] for i in advise(policy)["instructions"]] == [unconditional]
    step = advise(policy, care_setting="yes")
    assert [(i["text"], i["status"]) for i in step["instructions"]] == [(unconditional, "required"), (keep, "required")]
    assert [(i["text"], i["status"]) for i in advise(policy, care_setting="not-sure")["instructions"]][1] == (keep, "check")
    assert step["duties"] == [], "an instruction is not someone to tell"


def test_an_instruction_carries_its_source_words(policy):
    step = advise(policy, care_setting="yes")
    why = step["instructions"][1]["why"]
    assert why["from_source"] and why["passages"][0]["text"] == (
        "the person should remain in the care setting until the escalation has been resolved")
    assert why["passages"][0]["section"] == "While the escalation goes on"


def copy_with(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "northfield"
    folder.mkdir()
    shutil.copy(SHAPE / "source.md", folder / "source.md")
    text = (SHAPE / "policy.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / "policy.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return folder / "policy.yaml"


def problems_of(path: Path) -> list[str]:
    return [str(p) for p in check_policy(path)[1]]


def test_an_instruction_naming_an_unknown_question_is_refused_where_it_is(tmp_path):
    path = copy_with(tmp_path, 'when: {care-setting: "yes"}', 'when: {care-seting: "yes"}')
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "care-seting" in text)
    assert [p for p in problems_of(path) if "unknown question `care-seting`" in p and f":{line}:" in p]


def test_help_naming_an_unknown_answer_is_refused(tmp_path):
    path = copy_with(tmp_path, "when: {person: child}", "when: {person: children}")
    assert [p for p in problems_of(path) if "children" in p and "person" in p]


def test_a_stage_naming_an_unknown_contact_is_refused(tmp_path):
    path = copy_with(tmp_path, "- contact: liaison-directory", "- contact: liason-directory")
    assert [p for p in problems_of(path) if "liason-directory" in p]


def test_an_instruction_without_its_quote_is_refused(tmp_path):
    path = copy_with(tmp_path, "        quote: the person should remain in the care setting until the escalation has been resolved\n", "")
    assert [p for p in problems_of(path) if "quote" in p]


def test_a_contact_entry_with_both_roles_and_a_contact_is_refused(tmp_path):
    path = copy_with(tmp_path, "- contact: liaison-directory", "- roles: [manager]\n            contact: liaison-directory")
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "- roles: [manager]" in text)
    assert [p for p in problems_of(path) if f":{line}:" in p and "give one, not both" in p]


def test_a_contact_entry_with_neither_roles_nor_a_contact_is_refused(tmp_path):
    path = copy_with(tmp_path, "{side: theirs, roles: [manager], quote", "{side: theirs, quote")
    assert [p for p in problems_of(path) if "names neither" in p]


def test_a_contact_on_both_sides_is_refused(tmp_path):
    path = copy_with(tmp_path, "            side: theirs\n            quote: Find", "            side: both\n            quote: Find")
    assert [p for p in problems_of(path) if "`side: partnership`" in p]


def test_an_unknown_key_on_an_instruction_is_refused(tmp_path):
    path = copy_with(tmp_path, "          - text: Do not delay", "          - because: it says so\n            text: Do not delay")
    assert [p for p in problems_of(path) if "because" in p]


# --- in Chromium: "Do this now" -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shape_site(tmp_path_factory) -> Path:
    """The fixture policy alone, built as a partnership's site."""
    from guide.publish.site import build_site

    from .conftest import BUILD_TODAY, ROOT

    folder = tmp_path_factory.mktemp("northfield")
    shutil.copytree(SHAPE, folder / "policies" / "northfield")
    site = folder / "site"
    build_site(ROOT, site, today=BUILD_TODAY, work=folder / "work", policies=folder / "policies")
    return site


def test_the_manual_shows_instructions_the_directory_and_may_consult(shape_site):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((shape_site / "northfield" / "pathways" / "escalation" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    text = " ".join(page.get_text(" ").split())
    assert "What to do: Do not delay safeguarding action while the disagreement is being resolved." in text
    assert "Keep the person in the care setting until the escalation has been resolved." in text
    assert "A senior manager (optional: the policy says they may be consulted)" in text
    assert page.find("a", string="the liaison directory")["href"] == "../../contacts/#liaison-directory"
    contacts = BeautifulSoup((shape_site / "northfield" / "contacts" / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
    assert contacts.find("a", href="https://example.org/find-a-liaison-officer")
    assert "Search the adults' directory by the person's GP practice." in contacts.get_text()


@pytest.mark.browser
def test_do_this_now_shows_the_instruction_as_an_action_and_may_consult_as_optional(shape_site, page):
    from playwright.sync_api import expect

    from .conftest import serving
    from .guide_driver import Guide

    with serving(shape_site) as base:
        guide = Guide(page, base, "northfield", today=TODAY).open()
        guide.walk({**START, "care-setting": "yes"})
        now = page.locator(".guide-now")
        actions = now.locator(".guide-now__actions li")
        expect(actions).to_have_count(2)
        expect(actions.nth(1)).to_have_text("Keep the person in the care setting until the escalation has been resolved.")
        rows = {" ".join(row.locator("dt").inner_text().split()): " ".join(row.locator("dd").inner_text().split())
                for row in now.locator(".govuk-summary-list__row").all()}
        assert not any("care setting" in value for value in rows.values()), "an instruction is not a 'Tell' row"
        optional = rows.pop("You may also consult")
        assert optional.startswith("A senior manager") and "Optional" in optional
        assert not any("senior manager" in value for value in rows.values()), rows
        directory = now.get_by_role("link", name="Find a contact in the liaison directory (opens in new tab)")
        expect(directory).to_have_attribute("href", "https://example.org/find-a-liaison-officer")
        assert "Search the children's directory by the child's school." in now.inner_text()
        assert "adults' directory" not in now.inner_text()
        why = page.locator(".guide-instructions li").nth(1)
        assert "the person should remain in the care setting until the escalation has been resolved" in why.inner_html()
        page.locator('[data-action="drafts"]').click()
        drafts = page.locator("#guide-drafts")
        expect(drafts).to_be_visible()
        assert "senior manager" not in drafts.inner_text().lower()
        guide.watch.assert_clean()


@pytest.mark.node
def test_pyodide_gives_the_same_contacts_instructions_and_drafts(tmp_path):
    """The fixture's advice (directory help, optional contact, instructions) and drafts, inside Pyodide under Node,
    are those of CPython."""
    import json

    from guide.engine import browser
    from guide.publish.pages import policy_json

    path = SHAPE / "policy.yaml"
    data = check_policy(path)[0].data
    (tmp_path / "northfield.json").write_text(policy_json(load_policy(path), data), encoding="utf-8")
    answers = [{**START, "care-setting": value, "person": person} for value in ("yes", "not-sure")
               for person in ("child", "adult")]
    answers.append({**START, "person": "adult", "escalation.reached": "step-1", "escalation.step-1.response": "not-resolved",
                    "escalation.step-1.raised-on": "2026-11-02", "escalation.step-2.raise-on": TODAY})
    cases = [{"policy": "northfield", "answers": a, "today": TODAY} for a in answers]
    calendars = [{"policy": "northfield", "answers": a, "today": TODAY} for a in answers]
    pyodide = run_in_pyodide(tmp_path, {"policies": {"northfield": str(tmp_path / "northfield.json")}, "cases": cases,
                                         "digests": [], "calendars": calendars})
    browser.load_policy((tmp_path / "northfield.json").read_text(encoding="utf-8"))
    expected = [json.loads(browser.advise(json.dumps(a), TODAY)) for a in answers]
    assert pyodide["advice"] == expected
    assert [[i["text"] for i in step["instructions"]] for step in expected][:2] == [[
        "Do not delay safeguarding action while the disagreement is being resolved.",
        "Keep the person in the care setting until the escalation has been resolved."]] * 2
    assert pyodide["drafts"] == [json.loads(browser.drafts(json.dumps(a), TODAY)) for a in answers]


def test_the_practitioner_named_as_the_other_agencys_contact_is_a_warning_at_its_line(tmp_path):
    """The role of the person using the guide (`you: true`) named on side `theirs`: the guide would say "In the other
    agency: The practitioner who disagrees", the practitioner themselves (found by a regional trial that followed a
    fixture doing so). The check warns at the role, with the fix."""
    folder = tmp_path / "northfield"
    shutil.copytree(SHAPE, folder)
    text = (folder / "policy.yaml").read_text(encoding="utf-8")
    mistaken = "{side: theirs, roles: [practitioner], quote: raises the concern with the other practitioner}"
    text = text.replace("{side: theirs, roles: [other-practitioner], quote: raises the concern with the other practitioner}",
                        mistaken, 1)
    (folder / "policy.yaml").write_text(text, encoding="utf-8")
    policy, problems = check_policy(folder / "policy.yaml")
    assert problems == []
    line = next(i for i, l in enumerate(text.splitlines(), 1) if mistaken in l)
    found = [str(w) for w in policy.warnings if "`you: true`" in w.message]
    assert len(found) == 1 and found[0].startswith(f"{folder / 'policy.yaml'}:{line}:")
    assert "add a role of its own for the professional in the other agency" in found[0]
    assert not [w for w in check_policy(SHAPE / "policy.yaml")[0].warnings if "`you: true`" in w.message]
