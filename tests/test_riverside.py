"""A partnership's policy nobody here had seen, written from docs/adding-a-partnership.md alone
(tests/shapes/riverside: a joint children's and adults' protocol, four steps, written for the tests, no council's
text). Each scenario names the passage of tests/shapes/riverside/source.md it tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.engine.email_drafts import email_drafts
from guide.engine.reminders import calendar_file
from guide.engine.walk import next_step
from guide.publish.policy_files import check_policy, load_policy

SHAPE = Path(__file__).resolve().parent / "shapes" / "riverside"
START = {"immediate-risk": "no", "too-slow": "no", "person": "adult", "care-setting": "no"}
# Step 1 raised on Monday 30 November 2026, step 2 on Thursday 3 December, step 3 on Friday 4 December.
AT_STEP_3 = {**START, "escalation.reached": "step-2", "escalation.step-2.response": "not-resolved",
             "escalation.step-2.raised-on": "2026-12-03", "escalation.step-1.raised-on": "2026-11-30",
             "escalation.step-3.raise-on": "2026-12-04"}
AT_STEP_2 = {**START, "escalation.reached": "step-1", "escalation.step-1.response": "not-resolved",
             "escalation.step-1.raised-on": "2026-11-30", "escalation.step-2.raise-on": "2026-12-04",
             "escalation.step-2.raise-at": "14:30"}     # hours count from the time step 2 is raised


@pytest.fixture(scope="module")
def policy():
    return load_policy(SHAPE / "policy.yaml")


def advise(policy, answers, today):
    step = next_step(policy, answers, today)
    assert step["kind"] == "advice", step
    return step


def passages(why) -> list[str]:
    return [p["text"] for p in why["passages"]]


def test_the_fixture_checks_clean():
    _, problems = check_policy(SHAPE / "policy.yaml")
    assert [str(p) for p in problems] == []


def test_who_owns_this_protocol_both_bodies_with_inbox_and_chair(policy):
    """"This is a joint protocol of the Riverside Safeguarding Children Partnership and the Riverside Safeguarding
    Adults Board." """
    step = advise(policy, {**START, "escalation.reached": "none", "escalation.step-1.raise-on": "2026-11-30"},
                  "2026-11-30")
    assert [(o["name"], o["inbox"], o["chair"]) for o in step["owners"]] == [
        ("Riverside Safeguarding Children Partnership", "rscp@riverside.example.org", "Independent Scrutineer"),
        ("Riverside Safeguarding Adults Board", "rsab@riverside.example.org", "Independent Chair of the Adults Board")]


def test_step_1_the_directory_with_the_adults_help_and_may_consult_as_optional(policy):
    """Step 1: "Find the other agency's liaison officer with the find-a-liaison-officer search"; Principles:
    "Practitioners may consult senior managers at any step." """
    step = advise(policy, {**START, "escalation.reached": "none", "escalation.step-1.raise-on": "2026-11-30"},
                  "2026-11-30")
    assert step["stage"]["id"] == "step-1"
    assert step["deadline"]["date"] == "2026-12-03"                   # 3 working days from Monday 30 November
    directory = [c for c in step["contacts"] if c["contact"] and c["contact"]["directory"]]
    assert [(c["side"], c["contact"]["directory"], c["contact"]["help"]) for c in directory] == [
        ("theirs", "https://riverside.example.org/find-a-liaison-officer",
         ["Search for the adult's GP practice or care provider."])]
    assert not directory[0]["roles"]                                  # no role invented for it
    optional = [(c["names"], c["optional"]) for c in step["contacts"] if c["optional"]]
    assert optional == [(["A senior manager"], True)]


def test_the_directory_help_on_a_childs_route_is_the_childrens(policy):
    """The help depends on the answers: the children's line only on a child's route."""
    step = advise(policy, {**START, "person": "child", "escalation.reached": "none",
                           "escalation.step-1.raise-on": "2026-11-30"}, "2026-11-30")
    [directory] = [c for c in step["contacts"] if c["contact"] and c["contact"]["directory"]]
    assert directory["contact"]["help"] == ["Search for the child's school or social worker's team."]


def test_may_consult_is_never_a_draft_or_a_reminder(policy):
    answers = {**START, "escalation.reached": "none", "escalation.step-1.raise-on": "2026-11-30"}
    drafts = email_drafts(policy, answers, "2026-11-30")
    assert "senior manager" not in str(drafts).lower()
    assert "senior manager" not in (calendar_file(policy, answers, "2026-11-30") or "").lower()


def test_step_2_acknowledgement_immediately_and_action_plan_within_48_hours(policy):
    """Step 2: "An acknowledgement must be provided immediately. Within 48 hours an agreed action plan must be
    sent" (clock hours, counted from the time step 2 is raised, 14:30: a date and a time)."""
    step = advise(policy, AT_STEP_2, "2026-12-04")
    assert step["stage"]["id"] == "step-2"
    assert [(a["id"], a["deadline"]) for a in step["actions"]] == [
        ("acknowledge", {"date": "2026-12-04", "text": "Friday 4 December 2026"}),
        ("action-plan", {"date": "2026-12-06", "time": "14:30", "text": "Sunday 6 December 2026 at 14:30",
                         "start_of_day": False})]
    assert passages(step["actions"][1]["timescale"]["why"]) == ["Within 48 hours an agreed action plan must be sent"]
    # The policy gives step 2 no response time of its own: no date is made up for it.
    assert step["deadline"] is None and step["timescale"]["kind"] == "not-stated"
    calendar = calendar_file(policy, AT_STEP_2, "2026-12-04")
    assert "Send an agreed action plan" in calendar and "Acknowledge the escalation" in calendar


def test_step_2_e_mails_the_adults_inbox_only_about_an_adult(policy):
    """Step 2: "Where the disagreement is about an adult, the line manager also e-mails the adults' safeguarding
    team at adults.safeguarding@riverside.example.org." """
    adult = advise(policy, AT_STEP_2, "2026-12-04")
    inboxes = [c["contact"]["email"] for c in adult["contacts"] if c["contact"] and c["contact"]["email"]]
    assert inboxes == ["adults.safeguarding@riverside.example.org"]
    assert "adults.safeguarding@riverside.example.org" in str(email_drafts(policy, AT_STEP_2, "2026-12-04"))
    child = advise(policy, {**AT_STEP_2, "person": "child"}, "2026-12-04")
    assert not [c for c in child["contacts"] if c["contact"] and c["contact"]["email"]]


def test_step_3_is_counted_from_step_1_in_every_output(policy):
    """Step 3: "This discussion must occur within five working days of step 1." Step 1 on Monday 30 November: the
    discussion by Monday 7 December, not five working days after step 3 (Friday 11 December)."""
    step = advise(policy, AT_STEP_3, "2026-12-04")
    assert step["stage"]["id"] == "step-3"
    assert step["deadline"]["date"] == "2026-12-07"
    assert step["counted_from"] == {"stage": "step-1", "date": "2026-11-30",
                                    "text": "Step 1 raised on Monday 30 November 2026"}
    assert step["timescale"]["within"] == "within 5 working days after Step 1 is raised"
    assert passages(step["timescale"]["why"]) == ["This discussion must occur within five working days of step 1."]
    assert "20261207" in calendar_file(policy, AT_STEP_3, "2026-12-04")
    assert "Monday 7 December 2026" in str(email_drafts(policy, AT_STEP_3, "2026-12-04"))
    assert "Friday 11 December 2026" not in str(email_drafts(policy, AT_STEP_3, "2026-12-04"))


def test_the_person_should_remain_in_the_care_setting_is_an_instruction(policy):
    """Principles: "the person should remain in the care setting until the escalation has been resolved", only where
    the disagreement concerns a placement; "Do not delay safeguarding action" always."""
    placed = advise(policy, {**AT_STEP_3, "care-setting": "yes"}, "2026-12-04")
    assert [i["text"] for i in placed["instructions"]] == [
        "Do not delay safeguarding action while the disagreement is being resolved.",
        "Keep the person in the care setting until the escalation has been resolved."]
    assert not any("care setting" in d["action"] for d in placed["duties"])      # an action, not "Tell: ..."
    unsure = advise(policy, {**AT_STEP_3, "care-setting": "not-sure"}, "2026-12-04")
    assert [i["status"] for i in unsure["instructions"]][1] != "required"
    assert [i["text"] for i in advise(policy, AT_STEP_3, "2026-12-04")["instructions"]] == [
        "Do not delay safeguarding action while the disagreement is being resolved."]


def test_step_4_goes_to_the_business_unit_of_the_persons_board(policy):
    """Step 4: "the head of service refers the matter to the business unit of the Children Partnership or of the
    Adults Board, which responds within 10 working days." """
    answers = {**START, "escalation.reached": "step-3", "escalation.step-3.response": "not-resolved",
               "escalation.step-3.raised-on": "2026-12-04", "escalation.step-1.raised-on": "2026-11-30",
               "escalation.step-2.raised-on": "2026-12-02", "escalation.step-4.raise-on": "2026-12-07"}
    for person, inbox in (("adult", "rsab@riverside.example.org"), ("child", "rscp@riverside.example.org")):
        step = advise(policy, {**answers, "person": person}, "2026-12-07")
        assert step["stage"]["id"] == "step-4"
        assert [c["contact"]["email"] for c in step["contacts"] if c["contact"]] == [inbox]
        assert step["deadline"]["date"] == "2026-12-21"                 # 10 working days from Monday 7 December


def test_the_24_hour_escalation_is_a_fast_route_with_a_time(policy):
    """24-hour escalation: "the line manager escalates directly to the head of service in the other agency the same
    working day, who must respond within 24 hours." """
    question = next_step(policy, {"immediate-risk": "no"}, "2026-12-02")
    assert question["question"]["id"] == "too-slow"                   # straight after immediate risk
    step = advise(policy, {**START, "too-slow": "yes", "urgent.reached": "none",
                           "urgent.head-of-service.raise-on": "2026-12-02", "urgent.head-of-service.raise-at": "5pm"},
                  "2026-12-02")
    assert step["pathway"]["kind"] == "fast" and step["stage"]["id"] == "head-of-service"
    assert step["deadline"] == {"date": "2026-12-03", "time": "17:00", "text": "Thursday 3 December 2026 at 17:00",
                                "start_of_day": False}
    assert step["raise_within"]["kind"] == "same-working-day"
    assert [c["names"] for c in step["contacts"]] == [["Head of service"]]
    normal = advise(policy, {**START, "escalation.reached": "none", "escalation.step-1.raise-on": "2026-11-30"},
                    "2026-11-30")
    assert [f["id"] for f in normal["fast_routes"]] == ["urgent"]


def test_the_policys_words_for_the_person(policy):
    """"It applies to every adult, child or young person at risk in Riverside." The guide's own words say it."""
    drafts = " ".join(d["body"] for d in email_drafts(policy, AT_STEP_3, "2026-12-04"))
    assert "keeping an adult, child or young person safe" in drafts and "keeping a child safe" not in drafts


def test_a_stage_with_only_timed_actions_is_told_what_to_write(tmp_path):
    """Writing Riverside from the docs, step 2 (an acknowledgement and an action plan, no response time) first had no
    `timescale`; the check said only "pathways[1].stages[2] needs `timescale`; add it". It now names the stage and
    says what to write when the policy gives it none."""
    import shutil

    tmp_path = tmp_path / "riverside"
    tmp_path.mkdir()
    shutil.copy(SHAPE / "source.md", tmp_path / "source.md")
    text = (SHAPE / "policy.yaml").read_text(encoding="utf-8")
    assert "        timescale: {kind: not-stated}\n" in text
    (tmp_path / "policy.yaml").write_text(text.replace("        timescale: {kind: not-stated}\n", ""), encoding="utf-8")
    _, problems = check_policy(tmp_path / "policy.yaml")
    assert [str(p).split(": ", 1)[1] for p in problems] == [
        "pathways[1].stages[2] (`step-2`) needs `timescale`; add it (`timescale: {kind: not-stated}` if your policy "
        "gives this stage no response time)"]


def test_the_flowchart_box_of_a_stage_dated_only_by_its_timed_actions_gives_their_times(policy):
    """Step 2 has no response time of its own, only an acknowledgement "immediately" and an action plan "within 48
    hours": its box in the manual's flowchart gives those, not "no timescale set by the policy"."""
    from guide.publish.manual import ManualRenderer

    pathway = next(p for p in policy.pathways if any(s.actions for s in p.stages))
    box = next(b for b in ManualRenderer(policy).flow(pathway) if b["stage"].actions)
    assert all(action.action in box["time"] for action in box["stage"].actions), box["time"]
    assert "no timescale" not in box["time"]
