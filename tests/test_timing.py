"""Deadlines counted from named events, several timed actions in one stage, clock hours (guide/engine/timing.py).

The policy is a fixture written for these tests (tests/time_policies/timed/), not a partnership's: step 2 must be
done "within five working days of step 1", step 3 has an acknowledgement "immediately" and an action plan "within 48
hours" besides a review "within ten working days of the escalation starting", and step 4 is "within 24 hours".
Every date and time below is counted by hand on the calendar of December 2026 (no bank holiday before the 25th).
"""

from __future__ import annotations

import copy
from datetime import date, time
from pathlib import Path

import pytest
import yaml

from guide.engine import next_step
from guide.engine import timing
from guide.engine.model import Timescale
from guide.engine.reminders import calendar_file, reminder_events
from guide.engine.workdays import WorkingCalendar

from .pyodide_job import run_in_pyodide
from guide.publish.policy_files import check_policy, load_policy

FIXTURE = Path(__file__).parent / "time_policies" / "timed" / "policy.yaml"
BASE = {"immediate-risk": "no"}


@pytest.fixture(scope="module")
def policy():
    return load_policy(FIXTURE, today=date(2026, 12, 1))


def advise(policy, answers, today):
    step = next_step(policy, {**BASE, **answers}, today)
    assert step["kind"] == "advice", step.get("question")
    return step


def asked(policy, answers, today) -> str:
    step = next_step(policy, {**BASE, **answers}, today)
    assert step["kind"] == "question"
    return step["question"]["id"]


# --- "within five working days of step 1" ---


def test_step_2_counts_from_step_1_raised_not_from_step_2(policy):
    step = advise(policy, {"escalation.reached": "step-1", "escalation.step-1.response": "not-resolved",
                           "escalation.step-1.raised-on": "2026-11-30"}, "2026-12-01")
    assert step["outcome"] == "raise" and step["stage"]["id"] == "step-2"
    # Monday 30 November + 5 working days = Monday 7 December, whenever step 2 itself is raised.
    assert step["deadline"] == {"date": "2026-12-07", "text": "Monday 7 December 2026"}
    assert step["timescale"]["within"] == "within 5 working days after Step 1 is raised"
    assert step["counted_from"]["text"] == "Step 1 raised on Monday 30 November 2026"
    assert step["timescale"]["counts_from"] == "stage-raised" and step["timescale"]["from_stage"] == "step-1"


def test_the_calendar_and_the_email_say_the_date_is_counted_from_step_1(policy):
    """The fixture's step 2, "within five working days of step 1": the reminder and the e-mail drafts carry the date
    and the event it is counted from (Step 1 raised on Monday 30 November), not only "due today" (found by a trial:
    the .ics and the drafts gave the date with nothing saying it was counted from step 1)."""
    from guide.engine.email_drafts import email_drafts

    answers = {**BASE, "escalation.reached": "step-1", "escalation.step-1.response": "not-resolved",
               "escalation.step-1.raised-on": "2026-11-30"}
    counted = "That time is counted from Step 1 raised on Monday 30 November 2026."
    due = [e for e in reminder_events(policy, answers, "2026-12-01") if e["date"] == date(2026, 12, 7)]
    assert due and counted in due[0]["description"]
    drafts = email_drafts(policy, answers, "2026-12-01")
    assert drafts and all(counted in d["body"] for d in drafts if "by Monday 7 December 2026" in d["body"])
    assert any("by Monday 7 December 2026" in d["body"] for d in drafts)
    # Counted from the stage's own raising, nothing more is said.
    own = {**BASE, "escalation.reached": "none", "escalation.step-1.raise-on": "2026-12-01"}
    assert not any("counted from" in e["description"] for e in reminder_events(policy, own, "2026-12-01"))


def test_waiting_at_step_2_asks_for_the_day_step_1_was_raised_and_counts_from_it(policy):
    waiting = {"escalation.reached": "step-2", "escalation.step-2.response": "none",
               "escalation.step-2.raised-on": "2026-12-02"}
    assert asked(policy, waiting, "2026-12-03") == "escalation.step-1.raised-on"
    step = advise(policy, {**waiting, "escalation.step-1.raised-on": "2026-11-30"}, "2026-12-03")
    assert step["outcome"] == "waiting" and step["stage"]["id"] == "step-2"
    assert step["deadline"]["date"] == "2026-12-07"     # not 9 December (five working days from step 2)
    assert step["raised_on"]["date"] == "2026-12-02"
    assert "Step 1" in step["timescale"]["text"]


def test_step_1_cannot_have_been_raised_after_step_2(policy):
    step = next_step(policy, {**BASE, "escalation.reached": "step-2", "escalation.step-2.response": "none",
                              "escalation.step-2.raised-on": "2026-12-02", "escalation.step-1.raised-on": "2026-12-03"},
                     "2026-12-03")
    assert step["kind"] == "question" and step["question"]["id"] == "escalation.step-1.raised-on"
    assert step["errors"][0]["message"] == (
        "The date Step 1 was raised must be on or before 2 December 2026, when Step 2 was raised")


def test_step_2_past_its_deadline_from_step_1_is_overdue_and_moves_on(policy):
    step = advise(policy, {"escalation.reached": "step-2", "escalation.step-2.response": "none",
                           "escalation.step-2.raised-on": "2026-12-02", "escalation.step-1.raised-on": "2026-11-30",
                           "escalation.step-3.raise-on": "2026-12-08", "escalation.step-3.raise-at": "not-known"},
                  "2026-12-08")
    assert step["stage"]["id"] == "step-3"
    assert any(n["kind"] == "overdue" and "Monday 7 December 2026" in n["text"] for n in step["notices"])


def test_a_passed_deadline_counted_from_step_1_names_step_1(policy):
    step = advise(policy, {"escalation.reached": "step-1", "escalation.step-1.response": "not-resolved",
                           "escalation.step-1.raised-on": "2026-11-30"}, "2026-12-10")
    notice = [n for n in step["notices"] if n["kind"] == "past-due"]
    assert notice and "Step 1 raised on Monday 30 November 2026" in notice[0]["text"]
    assert "Monday 7 December 2026" in notice[0]["text"]
    # Someone only now raising step 2 is told plainly that its time has already run out (found by a trial: the notice
    # spoke only to someone who had raised it).
    assert notice[0]["text"].endswith("If you have not raised it yet, the time the policy gives for it has already run "
                                      "out: raise it without delay.")


# --- several timed actions in one stage; the escalation started; clock hours ---


def test_step_3_shows_each_timed_action_with_its_date_and_time(policy):
    step = advise(policy, {"escalation.reached": "step-2", "escalation.step-2.response": "not-resolved",
                           "escalation.step-2.raised-on": "2026-12-02", "escalation.step-1.raised-on": "2026-11-30",
                           "escalation.step-3.raise-on": "2026-12-04", "escalation.step-3.raise-at": "not-known"},
                  "2026-12-03")
    assert step["stage"]["id"] == "step-3" and step["raised_on"]["date"] == "2026-12-04"
    # The review: ten working days from step 1 (Monday 30 November), the start of the escalation.
    assert step["deadline"] == {"date": "2026-12-14", "text": "Monday 14 December 2026"}
    assert step["timescale"]["within"] == (
        "within 10 working days after the escalation starts (Step 1 raised)")
    acknowledge, plan = step["actions"]
    assert (acknowledge["id"], acknowledge["action"]) == ("acknowledge", "Acknowledge the escalation")
    assert acknowledge["timescale"]["within"] == "immediately"
    assert acknowledge["deadline"] == {"date": "2026-12-04", "text": "Friday 4 December 2026"}
    # 48 clock hours from the start of Friday 4 December (the time not known): the end of Saturday 5 December.
    assert plan["deadline"] == {"date": "2026-12-05", "time": "23:59", "text": "Saturday 5 December 2026 at 23:59",
                                "start_of_day": True}
    assert plan["timescale"]["within"] == (
        "within 48 hours after Step 3 is raised (clock hours, counted from the start of that day, as the time is not "
        "known)")
    assert plan["why"] if "why" in plan else plan["timescale"]["why"]["passages"][0]["text"].startswith("Within 48")


def test_waiting_at_step_3_keeps_every_date(policy):
    step = advise(policy, {"escalation.reached": "step-3", "escalation.step-3.response": "none",
                           "escalation.step-3.raised-on": "2026-12-04", "escalation.step-1.raised-on": "2026-11-30",
                           "escalation.step-3.raised-at": "not-known"}, "2026-12-07")
    assert step["outcome"] == "waiting" and step["deadline"]["date"] == "2026-12-14"
    assert [a["deadline"]["date"] for a in step["actions"]] == ["2026-12-04", "2026-12-05"]


def test_an_hours_deadline_gives_a_date_and_a_time(policy):
    step = advise(policy, {"escalation.reached": "step-3", "escalation.step-3.response": "not-resolved",
                           "escalation.step-3.raised-on": "2026-12-04", "escalation.step-1.raised-on": "2026-11-30",
                           "escalation.step-4.raise-on": "2026-12-18", "escalation.step-4.raise-at": "not-known"},
                  "2026-12-17")
    assert step["stage"]["id"] == "step-4"
    assert step["deadline"] == {"date": "2026-12-18", "time": "23:59", "text": "Friday 18 December 2026 at 23:59",
                                "start_of_day": True}
    assert step["timescale"]["text"] == (
        "24 hours after Step 4 is raised (clock hours, counted from the start of that day, as the time is not known)")
    assert step["counted_from"] is None       # its own stage: the date to start is the one it counts from


def test_the_calendar_file_has_the_hours_deadline_and_each_timed_action(policy):
    step_4 = {**BASE, "escalation.reached": "step-3", "escalation.step-3.response": "not-resolved",
              "escalation.step-3.raised-on": "2026-12-04", "escalation.step-1.raised-on": "2026-11-30",
              "escalation.step-4.raise-on": "2026-12-18", "escalation.step-4.raise-at": "not-known"}
    events = reminder_events(policy, step_4, "2026-12-17")
    assert events[0]["date"] == date(2026, 12, 18) and events[0]["summary"].startswith("Response due by 23:59")
    step_3 = {**BASE, "escalation.reached": "step-2", "escalation.step-2.response": "not-resolved",
              "escalation.step-2.raised-on": "2026-12-02", "escalation.step-1.raised-on": "2026-11-30",
              "escalation.step-3.raise-on": "2026-12-04", "escalation.step-3.raise-at": "not-known"}
    events = reminder_events(policy, step_3, "2026-12-03")
    assert [(e["date"], e["summary"].split(":")[0]) for e in events] == [
        (date(2026, 12, 14), "Response due"), (date(2026, 12, 4), "Acknowledge the escalation"),
        (date(2026, 12, 5), "Send an agreed action plan"), (date(2026, 12, 15), "Decide")]
    assert "due by Saturday 5 December 2026 at 23:59" in events[2]["description"]
    assert "DTSTART;VALUE=DATE:20261205" in calendar_file(policy, step_3, "2026-12-03")


def test_the_first_stage_counts_as_before(policy):
    step = advise(policy, {"escalation.reached": "none", "escalation.step-1.raise-on": "2026-12-18"}, "2026-12-17")
    assert step["deadline"] == {"date": "2026-12-29", "text": "Tuesday 29 December 2026"}   # Christmas skipped
    assert step["timescale"]["within"] == "within 5 working days" and step["actions"] == []


# --- the time model on its own ---


def test_clock_hours_count_from_the_start_of_the_day_and_never_later():
    calendar = WorkingCalendar((), (2026, 2026))
    hours = lambda n: Timescale(kind="hours", amount=n)
    assert timing.due(calendar, date(2026, 12, 4), hours(48)) == timing.Due(date(2026, 12, 5), time(23, 59), True)
    assert timing.due(calendar, date(2026, 12, 4), hours(36)) == timing.Due(date(2026, 12, 5), time(12, 0), True)
    assert timing.due(calendar, date(2026, 12, 4), hours(1)) == timing.Due(date(2026, 12, 4), time(1, 0), True)
    assert timing.due(calendar, date(9999, 12, 30), hours(48)) is None


def test_clock_hours_count_from_the_time_given():
    calendar = WorkingCalendar((), (2026, 2026))
    hours = lambda n: Timescale(kind="hours", amount=n)
    # "24 hours" from an escalation raised on Friday at 17:00 is due on Saturday at 17:00, not Friday at 23:59.
    assert timing.due(calendar, date(2026, 12, 4), hours(24), time(17, 0)) == timing.Due(date(2026, 12, 5),
                                                                                        time(17, 0))
    # Seven hours from 17:00 end at midnight: shown as 23:59 of Friday, the day it is due.
    assert timing.due(calendar, date(2026, 12, 4), hours(7), time(17, 0)) == timing.Due(date(2026, 12, 4),
                                                                                       time(23, 59))
    assert timing.due(calendar, date(2026, 12, 4), hours(48), time(9, 30)) == timing.Due(date(2026, 12, 6),
                                                                                        time(9, 30))
    assert timing.due(calendar, date(9999, 12, 30), hours(48), time(23, 59)) is None


@pytest.mark.parametrize("typed, expected", [
    ("17:00", time(17, 0)), ("17.00", time(17, 0)), ("5pm", time(17, 0)), ("5 PM", time(17, 0)),
    ("5:30pm", time(17, 30)), ("5.30 p.m.", time(17, 30)), ("9:05", time(9, 5)), ("09:05", time(9, 5)),
    ("12pm", time(12, 0)), ("12am", time(0, 0)), ("11:59 am", time(11, 59)), (" 17:00 ", time(17, 0)),
])
def test_the_times_people_type(typed, expected):
    assert timing.parse_time(typed) == expected


@pytest.mark.parametrize("typed", [
    "25:61", "24:00", "17:60", "5", "17", "1700", "13pm", "0am", "5:3pm", "five", "", "17:00:00", "17:00pm",
    "-1:00", "٥pm", "１７:００", "17:00" + "0" * 10**6, None, 17, 17.0, ["17:00"], {"time": "17:00"}, True,
])
def test_other_times_are_refused_without_an_exception(typed):
    assert timing.parse_time(typed) is None


def test_hours_whose_start_is_only_words_get_no_date():
    """Suffolk's "within 48 hours" of "receiving the referral": an event the guide cannot date, so no date (as before)."""
    calendar = WorkingCalendar((), (2026, 2026))
    words_only = Timescale(kind="hours", amount=48, starts="receiving the referral")
    assert not words_only.computable and timing.due(calendar, date(2026, 12, 4), words_only) is None
    assert words_only.describe() == "48 hours from receiving the referral"


# --- check refuses what it cannot count ---


def _checked(tmp_path, change) -> list[str]:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    change(data["pathways"][0]["stages"])
    folder = tmp_path / "timed"
    folder.mkdir(parents=True)
    (folder / "source.md").write_text((FIXTURE.parent / "source.md").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "policy.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    _, problems = check_policy(folder / "policy.yaml")
    return [str(p) for p in problems]


def test_the_fixture_passes_check():
    _, problems = check_policy(FIXTURE)
    assert not problems


def test_check_refuses_a_stage_that_does_not_exist(tmp_path):
    problems = _checked(tmp_path, lambda stages: stages[1]["timescale"].update(from_stage="step-9"))
    assert len(problems) == 1 and "step-9" in problems[0]
    assert problems[0].split(":")[1:3] and problems[0].split(":")[1].isdigit()    # file:line:col


def test_check_refuses_a_later_stage(tmp_path):
    problems = _checked(tmp_path, lambda stages: stages[1]["timescale"].update(from_stage="step-3"))
    assert len(problems) == 1 and "comes after" in problems[0]


def test_check_refuses_stage_raised_without_a_stage_and_a_stage_without_stage_raised(tmp_path):
    assert _checked(tmp_path / "a", lambda stages: stages[1]["timescale"].pop("from_stage"))
    assert _checked(tmp_path / "b", lambda stages: stages[1]["timescale"].pop("counts_from"))


def test_a_stage_named_without_stage_raised_is_told_to_add_it_not_to_remove_it(tmp_path):
    """"Within five working days of step 1" written as `from_stage: step-1` alone (the Eastfen trial): removing
    `from_stage`, as the message used to say, would count step 2's date from step 2."""
    problems = _checked(tmp_path, lambda stages: stages[1]["timescale"].pop("counts_from"))
    assert len(problems) == 1, problems
    assert "add `counts_from: stage-raised`" in problems[0] and "`step-1`" in problems[0]
    assert "remove it" not in problems[0]


def test_a_stage_written_as_counts_from_is_told_how_to_name_it(tmp_path):
    """`counts_from: step-1` (the Eastfen trial): the message lists the events and says how to count from step 1."""
    def change(stages):
        stages[1]["timescale"].pop("from_stage")
        stages[1]["timescale"]["counts_from"] = "step-1"
    problems = _checked(tmp_path, change)
    assert problems and all("it must be one of" in p for p in problems), problems
    assert "write `counts_from: stage-raised` and `from_stage: step-1`" in problems[0]


def test_check_finds_each_timed_actions_quote_in_the_source(tmp_path):
    problems = _checked(tmp_path, lambda stages: stages[2]["actions"][1]["timescale"].update(quote="Within 47 hours."))
    assert len(problems) == 1 and "quote not found" in problems[0] and "Within 47 hours" in problems[0]
    problems = _checked(tmp_path / "b", lambda stages: stages[2]["actions"][1]["timescale"].pop("quote"))
    assert len(problems) == 1 and "action-plan" in problems[0]


def test_check_refuses_a_previous_response_at_the_first_stage(tmp_path):
    problems = _checked(tmp_path, lambda stages: stages[0]["timescale"].update(counts_from="previous-response"))
    assert len(problems) == 1 and "first stage" in problems[0]


def test_waiting_at_a_stage_whose_only_dates_are_its_timed_actions(tmp_path):
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    data["pathways"][0]["stages"][2]["timescale"] = {"kind": "not-stated", "quote": {
        "from_source": False, "basis": "reading", "note": "a test"}}
    folder = tmp_path / "timed"
    folder.mkdir()
    (folder / "source.md").write_text((FIXTURE.parent / "source.md").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "policy.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    untimed = load_policy(folder / "policy.yaml", today=date(2026, 12, 1))
    waiting = {"escalation.reached": "step-3", "escalation.step-3.response": "none"}
    assert asked(untimed, waiting, "2026-12-07") == "escalation.step-3.raised-on"
    step = advise(untimed, {**waiting, "escalation.step-3.raised-on": "2026-12-04",
                            "escalation.step-3.raised-at": "not-known"}, "2026-12-07")
    assert step["deadline"] is None and step["raised_on"]["date"] == "2026-12-04"
    assert [a["deadline"]["date"] for a in step["actions"]] == ["2026-12-04", "2026-12-05"]


def test_check_refuses_an_unknown_event_and_two_actions_of_one_id(tmp_path):
    assert _checked(tmp_path / "a", lambda stages: stages[0]["timescale"].update(counts_from="meeting-held"))

    def twice(stages):
        stages[2]["actions"].append(copy.deepcopy(stages[2]["actions"][0]))
    problems = _checked(tmp_path / "b", twice)
    assert len(problems) == 1 and "appears twice" in problems[0]


def test_the_manual_page_says_each_timescale_and_timed_action_in_the_same_words(policy):
    from guide.publish.manual import ManualRenderer
    page = next(p for p in ManualRenderer(policy).pages() if p.path == "pathways/escalation.md").markdown
    assert "**Timescale:** 5 working days after Step 1 is raised." in page
    assert "**Timescale:** 10 working days after the escalation starts (Step 1 raised)." in page
    assert "- Acknowledge the escalation: immediately." in page
    assert "- Send an agreed action plan: within 48 hours after Step 3 is raised" in page
    renderer = ManualRenderer(policy)
    pathway = policy.pathways[0]
    why = dict(renderer.stage_why(pathway, pathway.stage("step-3")))
    assert why["Timescale: Send an agreed action plan"].passages[0].text.startswith("Within 48 hours")


def test_the_email_drafts_give_each_timed_action_its_date(policy):
    from guide.engine.email_drafts import email_drafts
    drafts = email_drafts(policy, {**BASE, "escalation.reached": "step-2", "escalation.step-2.response": "not-resolved",
                                   "escalation.step-2.raised-on": "2026-12-02",
                                   "escalation.step-1.raised-on": "2026-11-30",
                                   "escalation.step-3.raise-on": "2026-12-04",
                                   "escalation.step-3.raise-at": "not-known"}, "2026-12-03")
    body = drafts[0]["body"]
    assert "within 10 working days after the escalation starts (Step 1 raised): by Monday 14 December 2026." in body
    assert "Acknowledge the escalation immediately: by Friday 4 December 2026." in body
    assert "Send an agreed action plan within 48 hours after Step 3 is raised" in body
    assert "by Saturday 5 December 2026 at 23:59." in body


# --- the same in the browser's engine (Pyodide under Node) and in every route ---


SCENARIOS = [
    ({"escalation.reached": "step-1", "escalation.step-1.response": "not-resolved",
      "escalation.step-1.raised-on": "2026-11-30"}, "2026-12-01"),
    ({"escalation.reached": "step-2", "escalation.step-2.response": "none", "escalation.step-2.raised-on": "2026-12-02",
      "escalation.step-1.raised-on": "2026-11-30"}, "2026-12-03"),
    ({"escalation.reached": "step-2", "escalation.step-2.response": "not-resolved",
      "escalation.step-2.raised-on": "2026-12-02", "escalation.step-1.raised-on": "2026-11-30",
      "escalation.step-3.raise-on": "2026-12-04", "escalation.step-3.raise-at": "not-known"}, "2026-12-03"),
    ({"escalation.reached": "step-3", "escalation.step-3.response": "not-resolved",
      "escalation.step-3.raised-on": "2026-12-04", "escalation.step-1.raised-on": "2026-11-30",
      "escalation.step-4.raise-on": "2026-12-18", "escalation.step-4.raise-at": "not-known"}, "2026-12-17"),
    # The time given: 24 hours from Friday 18 December at 17:00 is Saturday at 17:00 (issue 20.1).
    ({"escalation.reached": "step-3", "escalation.step-3.response": "not-resolved",
      "escalation.step-3.raised-on": "2026-12-04", "escalation.step-1.raised-on": "2026-11-30",
      "escalation.step-4.raise-on": "2026-12-18", "escalation.step-4.raise-at": "5pm"}, "2026-12-17"),
]


def test_every_route_of_the_fixture_has_its_dates(policy):
    from guide.engine.routes import enumerate_routes

    routes = list(enumerate_routes(policy, date(2026, 12, 3)))
    advice = [r.outcome for r in routes if r.outcome.get("kind") == "advice"]
    assert advice and all(a["deadline"] or a["outcome"] == "resolved" or a["stage"]["id"] != "step-2"
                          for a in advice)
    assert any(a["stage"]["id"] == "step-3" and len(a["actions"]) == 2 and a["actions"][1]["deadline"]["time"]
               for a in advice)


@pytest.mark.node
def test_the_fixture_under_pyodide_matches_cpython(policy, tmp_path):
    import json

    from guide.engine import browser
    from guide.publish.pages import policy_json


    path = tmp_path / "timed.json"
    path.write_text(policy_json(policy, check_policy(FIXTURE)[0].data), encoding="utf-8")
    cases = [{"policy": "timed", "answers": {**BASE, **answers}, "today": today} for answers, today in SCENARIOS]
    pyodide = run_in_pyodide(tmp_path, {"policies": {"timed": str(path)}, "cases": cases, "digests": [],
                                         "calendars": cases})
    browser.load_policy(path.read_text(encoding="utf-8"))
    expected = [json.loads(browser.advise(json.dumps(c["answers"]), c["today"])) for c in cases]
    assert pyodide["advice"] == expected
    assert [a["deadline"]["date"] for a in pyodide["advice"]] == ["2026-12-07", "2026-12-07", "2026-12-14",
                                                                  "2026-12-18", "2026-12-19"]
    assert pyodide["advice"][4]["deadline"]["text"] == "Saturday 19 December 2026 at 17:00"
    assert pyodide["advice"][2]["actions"][1]["deadline"]["text"] == "Saturday 5 December 2026 at 23:59"
    assert pyodide["calendars"] == [browser.calendar(json.dumps(c["answers"]), c["today"]) for c in cases]
    assert pyodide["drafts"] == [json.loads(browser.drafts(json.dumps(c["answers"]), c["today"])) for c in cases]


def test_the_escalation_record_lists_each_timed_action_with_its_date(policy):
    from guide.engine.documents import RECORD_ID, form_html

    answers = {**BASE, "escalation.reached": "step-2", "escalation.step-2.response": "not-resolved",
               "escalation.step-2.raised-on": "2026-12-02", "escalation.step-1.raised-on": "2026-11-30",
               "escalation.step-3.raise-on": "2026-12-04", "escalation.step-3.raise-at": "not-known"}
    html = form_html(policy, RECORD_ID, answers, {}, "2026-12-03")
    assert "Response due by Monday 14 December 2026 (10 working days after the escalation starts" in html
    assert "Acknowledge the escalation (immediately): due by Friday 4 December 2026." in html
    assert "Send an agreed action plan (within 48 hours after Step 3 is raised" in html
    assert "due by Saturday 5 December 2026 at 23:59." in html


def test_a_start_named_only_in_words_gives_no_date_whatever_the_kind():
    """Issue 20: a free-text `starts:` changed the words but not the date (counted from the stage raised)."""
    calendar = WorkingCalendar((), (2026, 2026))
    minutes = Timescale(kind="working-days", amount=5, starts="receiving the minutes")
    assert not minutes.computable and timing.due(calendar, date(2026, 12, 4), minutes) is None
    feedback = Timescale(kind="working-days", amount=1, starts="receiving feedback", counts_from="previous-response")
    assert feedback.computable and timing.due(calendar, date(2026, 12, 4), feedback) == timing.Due(date(2026, 12, 7))


# --- the time of the event an hours deadline counts from (issue 20.1: "hours give a date and a time") ---

STEP_4 = {"escalation.reached": "step-3", "escalation.step-3.response": "not-resolved",
          "escalation.step-3.raised-on": "2026-12-04", "escalation.step-1.raised-on": "2026-11-30",
          "escalation.step-4.raise-on": "2026-12-18"}


def test_after_the_date_of_an_event_hours_count_from_the_guide_asks_its_time(policy):
    step = next_step(policy, {**BASE, **STEP_4}, "2026-12-17")
    question = step["question"]
    assert (question["id"], question["type"]) == ("escalation.step-4.raise-at", "time")
    assert question["text"] == "What time are you raising Step 4?"
    assert [o["value"] for o in question["options"]] == ["not-known"]     # "I do not know the time"


@pytest.mark.parametrize("typed", ["17:00", "5pm", "17.00", "5:00 pm"])
def test_24_hours_from_friday_at_5pm_is_saturday_at_5pm(policy, typed):
    step = advise(policy, {**STEP_4, "escalation.step-4.raise-at": typed}, "2026-12-17")
    assert step["deadline"] == {"date": "2026-12-19", "time": "17:00", "text": "Saturday 19 December 2026 at 17:00",
                                "start_of_day": False}
    assert step["timescale"]["within"] == "within 24 hours after Step 4 is raised (clock hours)"
    assert {"id": "escalation.step-4.raise-at", "question": "What time are you raising Step 4?",
            "answer": "17:00"} in step["summary"]


def test_not_knowing_the_time_counts_from_the_start_of_the_day_and_says_so(policy):
    step = advise(policy, {**STEP_4, "escalation.step-4.raise-at": "not-known"}, "2026-12-17")
    assert step["deadline"]["text"] == "Friday 18 December 2026 at 23:59" and step["deadline"]["start_of_day"]
    assert "counted from the start of that day, as the time is not known" in step["timescale"]["within"]
    assert {"id": "escalation.step-4.raise-at", "question": "What time are you raising Step 4?",
            "answer": "I do not know the time"} in step["summary"]


@pytest.mark.parametrize("typed, code", [("25:61", "invalid-time"), ("17", "invalid-time"), ("", "missing"),
                                         ("   ", "missing"), ({"day": "1"}, "missing"), (["5pm"], "invalid-time"),
                                         (5, "invalid-time"), (None, "missing"), ("x" * 10**6, "invalid-time")])
def test_a_time_that_is_not_a_time_gets_a_plain_message(policy, typed, code):
    step = next_step(policy, {**BASE, **STEP_4, "escalation.step-4.raise-at": typed}, "2026-12-17",
                     submitted="escalation.step-4.raise-at")
    assert step["kind"] == "question" and step["question"]["id"] == "escalation.step-4.raise-at"
    assert step["errors"][0]["code"] == code
    assert step["errors"][0]["message"] in (
        "Enter the time you are raising Step 4, or select “I do not know the time”",
        "Enter the time you are raising Step 4 as a time of day, like 17:00, 17.00, 5pm or 5:30pm")


def test_a_timed_action_counts_from_the_time_its_stage_was_raised(policy):
    step = advise(policy, {"escalation.reached": "step-3", "escalation.step-3.response": "none",
                           "escalation.step-3.raised-on": "2026-12-04", "escalation.step-1.raised-on": "2026-11-30",
                           "escalation.step-3.raised-at": "4:15pm"}, "2026-12-05")
    plan = step["actions"][1]
    assert plan["deadline"]["text"] == "Sunday 6 December 2026 at 16:15"     # 48 hours from Friday 16:15
    assert plan["timescale"]["within"] == "within 48 hours after Step 3 is raised (clock hours)"
    assert step["actions"][0]["deadline"] == {"date": "2026-12-04", "text": "Friday 4 December 2026"}


def test_no_time_is_asked_where_no_hours_count(policy):
    """Steps 1 and 2 count working days: their walks ask dates only, as before."""
    for answers, today in SCENARIOS[:2]:
        walk_ids = {row["id"] for row in advise(policy, answers, today)["summary"]}
        assert not any(qid.endswith(("-at")) for qid in walk_ids)


def test_the_calendar_has_a_timed_event_when_the_time_is_known(policy):
    answers = {**BASE, **STEP_4, "escalation.step-4.raise-at": "17:00"}
    text = calendar_file(policy, answers, "2026-12-17")
    assert "DTEND:20261219T170000" in text and "DTSTART:20261219T163000" in text
    assert "SUMMARY:Response due by 17:00: Step 4: The chair decides" in text
    unknown = calendar_file(policy, {**answers, "escalation.step-4.raise-at": "not-known"}, "2026-12-17")
    assert "DTSTART;VALUE=DATE:20261218" in unknown and "T170000" not in unknown


def test_the_drafts_record_and_log_give_the_date_and_time(policy):
    from guide.engine.documents import RECORD_ID, form_html
    from guide.engine.email_drafts import email_drafts
    from guide.engine.escalation_log import _row

    answers = {**BASE, **STEP_4, "escalation.step-4.raise-at": "5pm"}
    assert "by Saturday 19 December 2026 at 17:00." in email_drafts(policy, answers, "2026-12-17")[0]["body"]
    assert "Response due by Saturday 19 December 2026 at 17:00" in form_html(policy, RECORD_ID, answers, {},
                                                                               "2026-12-17")
    row = _row(policy, {"made": "2026-12-17"}, answers, date(2026, 12, 19), False)
    assert row["deadline"] == "2026-12-19 17:00" and not row["overdue"]
    assert _row(policy, {"made": "2026-12-17"}, answers, date(2026, 12, 20), False)["overdue"]


def test_changing_the_date_keeps_the_time_and_changing_the_stage_asks_it_again(policy):
    """The time is asked per event, as its date is: a later stage's raising never takes an earlier one's time."""
    answers = {**BASE, **STEP_4, "escalation.step-4.raise-at": "17:00"}
    moved = advise(policy, {**answers, "escalation.step-4.raise-on": "2026-12-21"}, "2026-12-17")
    assert moved["deadline"]["text"] == "Tuesday 22 December 2026 at 17:00"
    step = next_step(policy, {**answers, "escalation.reached": "step-2", "escalation.step-2.response": "not-resolved",
                              "escalation.step-2.raised-on": "2026-12-02", "escalation.step-3.raise-on": "2026-12-04"},
                     "2026-12-03")
    assert step["question"]["id"] == "escalation.step-3.raise-at"


def test_a_record_carries_the_time_and_continuing_makes_it_the_time_raised(policy):
    from guide.engine.record_data import record_part, resume_answers

    answers = {**BASE, **STEP_4, "escalation.step-4.raise-at": "5pm"}
    assert '"escalation.step-4.raise-at": "17:00"' in record_part(policy, answers, date(2026, 12, 17)).replace(
        "&quot;", '"')
    kept = resume_answers(policy, answers, "2026-12-19")
    assert kept["escalation.step-4.raised-at"] == "17:00" and kept["escalation.step-4.raised-on"] == "2026-12-18"
    step = advise(policy, {**kept, "escalation.step-4.response": "none"}, "2026-12-19")
    assert step["outcome"] == "waiting" and step["deadline"]["text"] == "Saturday 19 December 2026 at 17:00"


# --- scenario tables: a time column (guide/engine/scenario_table.py) ---


def test_a_scenario_table_gives_the_time_and_its_template_has_time_columns(policy):
    import csv
    import io

    from guide.engine.scenario_table import run_table, template

    head = "today,immediate-risk,stage reached,response,raised on,Step 1 raised on,raise on,raise at,stage,deadline"
    rows = ["17/12/2026,no,Step 3,not resolved,04/12/2026,30/11/2026,18/12/2026,5pm,Step 4,"
            "Saturday 19 December 2026 at 17:00",
            "17/12/2026,no,Step 3,not resolved,04/12/2026,30/11/2026,18/12/2026,,Step 4,"
            "Friday 18 December 2026 at 23:59",                                 # blank: the time not known
            "17/12/2026,no,Step 3,not resolved,04/12/2026,30/11/2026,18/12/2026,not known,Step 4,"
            "Saturday 19 December 2026 at 17:00",                               # wrong: counted from the start of day
            "17/12/2026,no,Step 3,not resolved,04/12/2026,30/11/2026,18/12/2026,25:61,Step 4,"]
    result = run_table(policy, "\r\n".join([head, *rows]).encode())
    assert [r["passed"] for r in result["rows"]] == [True, True, False]
    assert [(p["row"], p["heading"]) for p in result["problems"]] == [(5, "raise at")]
    assert "17:00, 17.00, 5pm or 5:30pm" in result["problems"][0]["text"]
    text = template(policy, date(2026, 12, 3))
    headings = next(csv.reader(io.StringIO(text[1:])))
    assert "raise at" in headings and "raised at" in headings
    assert run_table(policy, text.encode("utf-8"))["problems"] == []


@pytest.mark.parametrize("fixture", [FIXTURE, Path(__file__).parent / "shapes" / "fastroute" / "policy.yaml"],
                         ids=["timed", "fastroute"])
def test_random_and_hostile_walks_through_time_questions_never_raise(fixture):
    import random

    from .fuzz import walk

    model = load_policy(fixture, today=date(2026, 12, 1))
    rng = random.Random(20)
    for _ in range(300):
        walk(model, rng, date(2026, 12, 3))


def test_the_time_you_raise_a_stage_is_not_taken_for_the_time_it_was_raised(policy):
    """A change of "How far has it got?" (the page keeps every answer): "What time are you raising Step 3?" answered
    17:00 never answers "What time was Step 3 raised?", as the dates never do (tests/test_changed_answers.py)."""
    answers = {**BASE, "escalation.reached": "step-2", "escalation.step-2.response": "not-resolved",
               "escalation.step-2.raised-on": "2026-12-02", "escalation.step-1.raised-on": "2026-11-30",
               "escalation.step-3.raise-on": "2026-12-04", "escalation.step-3.raise-at": "17:00"}
    assert advise(policy, answers, "2026-12-03")["actions"][1]["deadline"]["text"] == (
        "Sunday 6 December 2026 at 17:00")
    answers.update({"escalation.reached": "step-3", "escalation.step-3.response": "none",
                    "escalation.step-3.raised-on": "2026-12-04"})
    step = next_step(policy, answers, "2026-12-07", submitted="escalation.reached")
    assert step["question"]["id"] == "escalation.step-3.raised-at" and step["errors"] == []


def test_a_count_from_a_day_off_says_it_starts_on_the_next_working_day(policy):
    """Step 1 raised on Saturday 5 December: the guide counts its working days from Monday 7 December (a rule of the
    guide, not of the policy, which is silent), so the words under the date say so (found by a trial: raised on the
    Boxing Day substitute, the guide's date was a day later than a count by hand, and nothing said why)."""
    saturday = advise(policy, {"escalation.reached": "step-1", "escalation.step-1.response": "not-resolved",
                               "escalation.step-1.raised-on": "2026-12-05"}, "2026-12-07")
    assert saturday["deadline"]["date"] == "2026-12-14"
    assert saturday["timescale"]["counting"] == (
        "Weekends and bank holidays are not counted. Saturday 5 December 2026 is not a working day. The policy does "
        "not say how to count from such a day: the guide counts from the next working day, Monday 7 December 2026, "
        "as if it happened then.")
    monday = advise(policy, {"escalation.reached": "step-1", "escalation.step-1.response": "not-resolved",
                             "escalation.step-1.raised-on": "2026-12-07"}, "2026-12-07")
    assert monday["timescale"]["counting"] == "Weekends and bank holidays are not counted."
