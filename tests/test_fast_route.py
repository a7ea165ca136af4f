"""A fast route: a route for when the normal timescales are too slow (a same-day escalation with a 24-hour
response), beside the immediate-risk rule, with its own question, contacts, clock and form. On a fixture policy
written for the tests (tests/shapes/fastroute: a county consortium whose steps 1 to 5 share one window of 5 working
days and step 6 has 14, with a separate urgent escalation; no council's text)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from guide.engine.walk import next_step
from guide.publish.policy_files import check_policy, load_policy

from .conftest import ROOT
from .pyodide_job import run_in_pyodide

SHAPE = Path(__file__).resolve().parent / "shapes" / "fastroute"
TODAY = "2026-12-02"   # a Wednesday
QUESTION = "Could the child suffer significant harm before the normal process can complete?"
START = {"immediate-risk": "no", "own-agency": "health", "other-agency": "social-care"}
URGENT = {**START, "too-slow": "yes", "urgent.reached": "none", "urgent.head-of-service.raise-on": TODAY,
          "urgent.head-of-service.raise-at": "not-known"}   # 24 hours from the start of the day (tests/test_timing.py)


@pytest.fixture(scope="module")
def policy():
    return load_policy(SHAPE / "policy.yaml")


def advise(policy, answers, today=TODAY):
    step = next_step(policy, answers, today)
    assert step["kind"] == "advice", step
    return step


def test_the_fixture_checks_clean():
    _, problems = check_policy(SHAPE / "policy.yaml")
    assert [str(p) for p in problems] == []


def test_the_model_knows_the_fast_route(policy):
    assert [p.id for p in policy.fast_routes] == ["urgent"]
    assert policy.pathway("urgent").question == "too-slow" and policy.pathway("escalation").kind == "standard"


def test_the_fast_question_is_asked_straight_after_immediate_risk(policy):
    step = next_step(policy, {"immediate-risk": "no"}, TODAY)
    assert step["kind"] == "question"
    assert step["question"]["id"] == "too-slow" and step["question"]["text"] == QUESTION


def test_the_fast_route_gives_its_own_contacts_clock_and_form(policy):
    step = advise(policy, URGENT)
    assert step["outcome"] == "raise"
    assert step["pathway"]["kind"] == "fast" and step["fast_routes"] == []
    assert step["fast_route"]["question"] == QUESTION and step["fast_route"]["manual"] == "pathways/urgent/"
    assert step["stage"]["id"] == "head-of-service"
    required = [(c["side"], c["names"], c["agency"] and c["agency"]["name"]) for c in step["contacts"]
                if not c["optional"]]
    assert required == [("theirs", ["Head of Service"], "Children's social care")]
    optional = [c for c in step["contacts"] if c["optional"]]
    assert [c["contact"]["phone"] for c in optional] == ["01632 960 000"]
    # Its own clock: hours give a date and a time; it is raised the same working day.
    assert step["deadline"] == {"date": "2026-12-02", "time": "23:59", "text": "Wednesday 2 December 2026 at 23:59",
                                "start_of_day": True}
    assert step["timescale"]["kind"] == "hours" and step["timescale"]["amount"] == 24
    assert step["raise_within"]["kind"] == "same-working-day"
    assert step["form"]["id"] == "urgent-form" and step["form"]["now"] is True
    assert [d["contact"]["email"] for d in step["duties"]] == ["urgent@fourshires.example.org"]


def test_waiting_on_the_fast_route_keeps_its_deadline_with_its_time(policy):
    answers = {**START, "too-slow": "yes", "urgent.reached": "head-of-service",
               "urgent.head-of-service.response": "none", "urgent.head-of-service.raised-on": "2026-12-01",
               "urgent.head-of-service.raised-at": "not-known"}
    step = advise(policy, answers, "2026-12-01")
    assert step["outcome"] == "waiting"
    assert step["deadline"]["date"] == "2026-12-01" and step["deadline"]["time"] == "23:59"
    # A day later the 24 hours have passed: the last (only) step of the fast route, overdue.
    late = advise(policy, answers, "2026-12-02")
    assert late["outcome"] == "end" and [n["kind"] for n in late["notices"]] == ["overdue"]


def test_the_normal_route_names_the_fast_route_for_when_it_becomes_too_slow(policy):
    answers = {**START, "too-slow": "no", "escalation.reached": "none", "escalation.step-1.raise-on": "2026-11-30"}
    step = advise(policy, answers)
    assert step["pathway"]["kind"] == "standard" and step["fast_route"] is None
    assert [(f["id"], f["question"]) for f in step["fast_routes"]] == [("urgent", QUESTION)]
    assert step["deadline"]["date"] == "2026-12-07"          # 5 working days from Monday 30 November


def test_steps_1_to_5_share_one_window_counted_from_step_1(policy):
    answers = {**START, "too-slow": "no", "escalation.reached": "step-3", "escalation.step-3.response": "not-resolved",
               "escalation.step-3.raised-on": "2026-12-02", "escalation.step-1.raised-on": "2026-11-30",
               "escalation.step-4.raise-on": "2026-12-03"}
    step = advise(policy, answers, "2026-12-03")
    assert step["stage"]["id"] == "step-4"
    assert step["deadline"]["date"] == "2026-12-07"          # the same day as step 1's: one window
    assert step["counted_from"]["stage"] == "step-1"


def test_step_6_has_14_working_days(policy):
    answers = {**START, "too-slow": "no", "escalation.reached": "step-5", "escalation.step-5.response": "not-resolved",
               "escalation.step-5.raised-on": "2026-12-03", "escalation.step-1.raised-on": "2026-11-30",
               "escalation.step-6.raise-on": "2026-12-07"}
    step = advise(policy, answers, "2026-12-07")
    assert step["stage"]["id"] == "step-6"
    assert step["deadline"]["date"] == "2026-12-29"   # 14 working days from 7 December; 25 and 28 December are off
    assert step["timescale"]["amount"] == 14


def test_a_policy_without_a_fast_route_names_none():
    """Over whatever policies are present: a policy with no ``kind: fast`` pathway has no fast route, and keeps its
    advice (the normal route names no fast route to take)."""
    for path in sorted((ROOT / "policies").glob("*/policy.yaml")):
        model = load_policy(path)
        if any(p.fast for p in model.pathways):
            continue
        assert model.fast_routes == () and all(p.kind == "standard" for p in model.pathways), path


# --- check: file:line:col ---------------------------------------------------------------------------------


def _checked(tmp_path, old: str, new: str, count: int = 1) -> list[str]:
    folder = tmp_path / "fastroute"
    folder.mkdir()
    shutil.copy(SHAPE / "source.md", folder / "source.md")
    text = (SHAPE / "policy.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / "policy.yaml").write_text(text.replace(old, new, count), encoding="utf-8")
    _, problems = check_policy(folder / "policy.yaml")
    return [str(p) for p in problems]


def _at(problems: list[str], words: str) -> str:
    found = [p for p in problems if words in p]
    assert found, problems
    assert re.match(r".*policy\.yaml:\d+:\d+: ", found[0]), found[0]
    return found[0]


def test_check_a_fast_route_needs_its_question(tmp_path):
    _at(_checked(tmp_path, "    question: too-slow\n", ""), "needs `question`")


def test_check_only_a_fast_route_has_a_question(tmp_path):
    _at(_checked(tmp_path, "    kind: fast\n", ""), "must not have `question`")


def test_check_an_unknown_fast_question(tmp_path):
    _at(_checked(tmp_path, "    question: too-slow\n", "    question: too-slo\n"), "unknown question `too-slo`")


def test_check_the_fast_question_is_yes_no(tmp_path):
    problem = _at(_checked(tmp_path, "    question: too-slow\n", "    question: own-agency\n"), "is `choice`")
    assert "yes-no" in problem


def test_check_the_fast_question_is_asked_early(tmp_path):
    moved = ("  - id: own-agency\n    type: choice\n    text: Which agency do you work for?\n    options_from: agencies\n")
    text = (SHAPE / "policy.yaml").read_text(encoding="utf-8")
    fast_question = text[text.index("  # The fast route's question"):text.index("  - id: own-agency")]
    problems = _checked(tmp_path, fast_question + moved, moved + fast_question)
    problem = _at(problems, "ask it early")
    assert "not after `own-agency`" in problem


def test_check_the_route_to_the_fast_route_tests_its_question(tmp_path):
    problem = _at(_checked(tmp_path, '  - when: {too-slow: "yes"}\n    pathway: urgent',
                           '  - when: {immediate-risk: "no"}\n    pathway: urgent'), "must test its question")
    assert 'too-slow: "yes"' in problem


def test_check_a_normal_route_before_the_fast_one_that_never_lets_it_be_reached(tmp_path):
    routes = ('  - when: {too-slow: "yes"}\n    pathway: urgent\n'
              '    quote: Where the child may suffer significant harm before the normal process can complete\n')
    normal = ('  - when: {immediate-risk: "no"}\n    pathway: escalation\n'
              '    quote: Steps 1 to 5 must all be completed within 5 working days of step 1 being raised.\n')
    problems = _checked(tmp_path, routes, normal + routes)
    _at(problems, "the fast route is never reached")


# --- the manual --------------------------------------------------------------------------------------------


def _pages(policy) -> dict[str, str]:
    from guide.publish.manual import ManualRenderer

    return {page.path: page.markdown for page in ManualRenderer(policy).pages()}


def test_the_manual_shows_the_fast_route_under_the_immediate_risk_rule(policy):
    home = _pages(policy)["index.md"]
    box = home[home.index('<div class="fast-route" id="fast-route-urgent"'):]
    box = box[: box.index("</div>")]
    assert home.index('id="immediate-risk"') < home.index('id="fast-route-urgent"') < home.index("## What this policy")
    assert f"**{QUESTION}**" in box and "[Urgent escalation](pathways/urgent.md)" in box
    assert "When to raise it: the same working day." in box
    assert "Timescale: 24 hours after Urgent escalation is raised (clock hours" in box
    assert "Where the child may suffer significant harm before the normal process can complete" in box   # Why?


def test_the_fast_route_page_says_when_to_use_it_and_the_normal_one_points_to_it(policy):
    pages = _pages(policy)
    urgent = pages["pathways/urgent.md"]
    assert '!!! warning "Fast route"' in urgent and f"**{QUESTION}**" in urgent
    assert "Head of Service" in urgent and "01632 960 000" in pages["contacts.md"]
    normal = pages["pathways/escalation.md"]
    assert '!!! note "Fast route"' in normal and "[Urgent escalation](urgent.md)" in normal


def test_a_manual_without_a_fast_route_shows_none():
    for path in sorted((ROOT / "policies").glob("*/policy.yaml")):
        model = load_policy(path)
        if model.fast_routes:
            continue
        pages = _pages(model)
        assert 'class="fast-route"' not in pages["index.md"], path
        assert not any('"Fast route"' in text for name, text in pages.items() if name.startswith("pathways/")), path


# --- under Pyodide -----------------------------------------------------------------------------------------


@pytest.mark.node
def test_the_fast_route_under_pyodide_matches_cpython(tmp_path, policy):
    """The fast route's advice (and the normal route's pointer to it, a calendar with the 24-hour deadline's time)
    is the same JSON inside Pyodide under Node as in CPython (the runner of tests/test_pyodide_parity.py)."""
    import json

    from guide.engine import browser
    from guide.publish.pages import policy_json

    data = check_policy(SHAPE / "policy.yaml")[0].data
    policy_file = tmp_path / "fastroute.json"
    policy_file.write_text(policy_json(policy, data), encoding="utf-8")
    waiting = {**START, "too-slow": "yes", "urgent.reached": "head-of-service",
               "urgent.head-of-service.response": "none", "urgent.head-of-service.raised-on": "2026-12-01",
               "urgent.head-of-service.raised-at": "not-known"}
    normal = {**START, "too-slow": "no", "escalation.reached": "none", "escalation.step-1.raise-on": "2026-11-30"}
    cases = [{"policy": "fastroute", "answers": a, "today": t}
             for a, t in ((URGENT, TODAY), (waiting, "2026-12-01"), (normal, TODAY), ({"immediate-risk": "no"}, TODAY))]
    pyodide = run_in_pyodide(tmp_path, {"policies": {"fastroute": str(policy_file)}, "cases": cases,
                                         "digests": [{"policy": "fastroute", "today": TODAY}],
                                         "calendars": [{"policy": "fastroute", "answers": URGENT, "today": TODAY}]})

    browser.load_policy(policy_file.read_text(encoding="utf-8"))
    expected = [json.loads(browser.advise(json.dumps(c["answers"]), c["today"])) for c in cases]
    assert pyodide["advice"] == expected
    assert expected[0]["fast_route"]["question"] == QUESTION and expected[0]["deadline"]["time"] == "23:59"
    assert expected[2]["fast_routes"][0]["id"] == "urgent" and expected[3]["question"]["id"] == "too-slow"
    assert pyodide["digests"] == [json.loads(browser.routes_digest(TODAY))]
    calendar = browser.calendar(json.dumps(URGENT), TODAY)
    assert pyodide["calendars"] == [calendar]
    assert "Response due by 23:59" in calendar


def test_check_the_fast_question_is_not_the_immediate_risk_one(tmp_path):
    _at(_checked(tmp_path, "    question: too-slow\n", "    question: immediate-risk\n"), "asks its own question")


def test_the_fast_question_is_text_in_the_manual_not_markup(tmp_path):
    hostile = "Too slow? <script>alert(1)</script> [x](javascript:alert(1)) *now*"
    problems = _checked(tmp_path, f"    text: {QUESTION}\n", f"    text: \"{hostile}\"\n")
    assert problems == []
    pages = _pages(load_policy(tmp_path / "fastroute" / "policy.yaml"))
    for name in ("index.md", "pathways/urgent.md"):
        assert "<script>" not in pages[name] and " [x](javascript:" not in pages[name], name
        assert "&lt;script&gt;" in pages[name] or "\\<script\\>" in pages[name], name


def test_when_to_use_marks_the_fast_route(policy):
    table = _pages(policy)["when-to-use.md"]
    assert "| [Urgent escalation](pathways/urgent.md) | **Fast route.** When the child" in table
    assert "| [Resolving professional differences](pathways/escalation.md) | Six steps" in table


def test_a_question_only_the_normal_route_needs_is_not_asked_on_the_fast_route(tmp_path):
    old = "    text: Which agency do you work for?\n"
    assert _checked(tmp_path, old, old + "    ask_when: {pathway: escalation}\n") == []
    model = load_policy(tmp_path / "fastroute" / "policy.yaml")
    answers = {"immediate-risk": "no", "too-slow": "yes"}
    assert next_step(model, answers, TODAY)["question"]["id"] == "other-agency"
    step = advise(model, {**answers, "other-agency": "social-care", "urgent.reached": "none",
                          "urgent.head-of-service.raise-on": TODAY, "urgent.head-of-service.raise-at": "not-known"})
    assert "own-agency" not in [row["id"] for row in step["summary"]]
    assert next_step(model, {"immediate-risk": "no", "too-slow": "no"}, TODAY)["question"]["id"] == "own-agency"


def test_the_calendar_reminder_of_the_fast_route_does_not_call_it_the_policys_last_step(policy):
    """The fast route's one step is not the last step of the policy (found by a trial: its .ics said "This is the
    last step in the policy")."""
    from guide.engine.reminders import reminder_events

    due = [e for e in reminder_events(policy, URGENT, TODAY) if e["summary"].startswith("Response due")]
    assert due, reminder_events(policy, URGENT, TODAY)
    assert "last step in the policy" not in due[0]["description"]
    assert "This route for urgent cases has no further step" in due[0]["description"]
