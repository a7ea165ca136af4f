"""Issue 19, point 1: changing an earlier answer never leaves a later answer standing for a question it was not
given to. The page keeps every answer on "Change" and replays them all (guide.js), so the engine must ask again any
later question whose meaning depends on the answer changed: "When are you raising Stage 1?" answered on 10 December
must not answer "When are you raising Stage 3?".

The property runs over every policy present (a fork's too), fuzzed with hypothesis: walk to an outcome, change one
of the answers shown in "Your answers" (once or a few times, as someone would), replay with every other answer
kept, and check that each answer the engine takes from those kept was given to a question with the same meaning:
the same words and, for a date, the same subject ("the date you are raising Stage 3").
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from guide.engine.walk import Walk
from guide.publish.policy_files import discover_policies, load_policy, site_path_for

from .conftest import BUILD_TODAY, POLICIES

FILES = discover_policies(POLICIES)
# Fixtures whose deadlines count clock hours, so that the walk asks times too (issue 20.1): written for the tests.
HOURS = [Path(__file__).parent / "time_policies" / "timed" / "policy.yaml",
         Path(__file__).parent / "shapes" / "fastroute" / "policy.yaml"]
LIMIT = 80   # questions in one walk: far more than any policy asks


@lru_cache(maxsize=None)
def policy_at(path):
    return load_policy(path, today=BUILD_TODAY)


def meaning(walk: Walk, question) -> tuple:
    """What a question asks, as the practitioner reads it: its words, and for a date or a time what it is of."""
    subject = {"date": walk._date_subject, "time": walk._time_subject}.get(question.type)
    return question.text, subject(question) if subject else None


def an_answer(data, walk: Walk, question, today: date, avoid=None):
    """An answer the engine takes for this question, drawn by hypothesis (another than ``avoid`` where there is
    one). The walk is not changed."""
    if question.type in ("choice", "yes-no"):
        values = [o.value for o in question.answer_options(walk.wording) if o.value != avoid]
        return data.draw(st.sampled_from(values)) if values else None
    if question.type == "date":
        offset = data.draw(st.integers(-45, 10))
        tries = [today + timedelta(days=offset), today]
        for day in tries:
            if day.isoformat() != avoid and not walk.copy().answer(question.id, day.isoformat()):
                return day.isoformat()
        return None
    if question.type == "time":
        values = [v for v in ("17:00", "9:30am", "not-known") if v != avoid]
        return data.draw(st.sampled_from(values))
    return None if avoid == "text" else "text"


def walk_on(policy, today, answers: dict, given_to: dict, data) -> Walk:
    """Replay ``answers`` as the page does after a change, then answer whatever is asked anew, to an outcome.
    Each answer taken from ``answers`` must have been given to a question of the same meaning."""
    walk = Walk(policy, today)
    for _ in range(LIMIT):
        step = walk.next()
        if step["kind"] != "question":
            assert_dates_belong_to_the_path(walk, step)
            return walk
        question = walk.pending
        now = meaning(walk, question)
        if question.id in answers and not walk.copy().answer(question.id, answers[question.id]):
            assert given_to[question.id] == now, (
                f"the answer {answers[question.id]!r} to `{question.id}` was given to {given_to[question.id]} "
                f"and is now taken for {now}")
            walk.answer(question.id, answers[question.id])
            continue
        value = an_answer(data, walk, question, today)   # asked anew, or refused now (shown with its error)
        assume(value is not None)
        answers[question.id], given_to[question.id] = value, now
        assert walk.answer(question.id, value) == []
    raise AssertionError("the walk did not end")


def assert_dates_belong_to_the_path(walk: Walk, step: dict) -> None:
    """The advice's dates are answers about its own stages: the day its stage is raised (or the response to the stage
    before it came, where the time counts from that), the day the stage reached was raised."""
    if step["kind"] != "advice" or not step["raised_on"]:
        return
    pathway, stage = step["pathway"]["id"], step["stage"]["id"]
    about = {"raise": [f"{pathway}.{stage}.raise-on"] + ([f"{pathway}.{step['previous']['id']}.response-on"]
                                                         if step["previous"] else []),
             }.get(step["outcome"], [f"{pathway}.{stage}.raised-on"])
    day = date.fromisoformat(step["raised_on"]["date"])
    assert any(walk.facts.get(qid) == day and qid in walk.order for qid in about), (step["outcome"], about, day)


@pytest.mark.parametrize("path", FILES + HOURS, ids=site_path_for)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), today=st.dates(date(2026, 1, 5), date(2026, 12, 18)), changes=st.integers(1, 3))
def test_a_changed_answer_re_asks_every_later_question_whose_meaning_depends_on_it(path, data, today, changes):
    policy = policy_at(path)
    answers: dict = {}
    given_to: dict = {}
    walk = walk_on(policy, today, answers, given_to, data)
    for _ in range(changes):
        if not walk.order:
            return
        qid = data.draw(st.sampled_from(walk.order), label="changed")
        question = walk.questions[qid]
        # The question as it was shown, with the answers before it: its meaning when the new answer is given.
        before = Walk(policy, today)
        for earlier in walk.order[: walk.order.index(qid)]:
            before.next()
            before.answer(earlier, answers[earlier])
        before.next()
        value = an_answer(data, before, question, today, avoid=answers[qid])
        if value is None:
            continue
        answers[qid], given_to[qid] = value, meaning(before, before.pending)
        walk = walk_on(policy, today, answers, given_to, data)


MEDWAY = POLICIES / "medway" / "policy.yaml"
MEDWAY_CASE = {"immediate-risk": "no", "about": "case", "outside-area": "no", "own-agency": "health",
               "other-agency": "social-care", "cp-plan": "no", "in-care": "no"}


@pytest.mark.skipif(not MEDWAY.exists(), reason="Medway's policy is not here")
def test_medway_changing_how_far_it_has_got_asks_when_stage_3_is_raised():
    """The walk in issue 19: Pre-stage did not resolve it, Stage 1 to be raised on 10 December; then "How far has
    the disagreement got?" changed to Stage 2, no response, raised 2 December. Stage 3 is next (Section 4: a
    response within 5 working days): the guide asks when it is raised, and does not count from 10 December."""
    from guide.engine.walk import next_step

    medway = policy_at(MEDWAY)
    today = "2026-12-18"
    answers = {**MEDWAY_CASE, "escalation.reached": "pre-stage", "escalation.pre-stage.response": "not-resolved"}
    step = next_step(medway, answers, today)
    answers[step["question"]["id"]] = "2026-12-10"
    stage_1 = next_step(medway, answers, today)
    assert (stage_1["stage"]["id"], stage_1["raised_on"]["date"]) == ("stage-1", "2026-12-10")
    # Change: every other answer is kept, as the page keeps them.
    answers.update({"escalation.reached": "stage-2", "escalation.stage-2.response": "none",
                    "escalation.stage-2.raised-on": "2026-12-02", "escalation.stage-1.used": "yes"})
    step = next_step(medway, answers, today)
    assert step["kind"] == "question", step.get("deadline")
    assert step["question"]["id"] == "escalation.stage-3.raise-on"
    assert step["question"]["text"].startswith("When are you raising Stage 3")
    answers[step["question"]["id"]] = today
    stage_3 = next_step(medway, answers, today)
    assert stage_3["stage"]["id"] == "stage-3" and stage_3["deadline"]["date"] == "2026-12-29"
    assert [n["kind"] for n in stage_3["notices"]] == ["overdue"]


@pytest.mark.skipif(not MEDWAY.exists(), reason="Medway's policy is not here")
def test_medway_a_raise_date_whose_response_is_already_late_says_so():
    """Medway, Stage 1: "a response within 5 working days". A Stage 1 raised on 10 December had its response due by
    Thursday 17 December: on Friday 18 December the advice says the date has passed, not only "Response due by"."""
    from guide.engine.walk import next_step

    medway = policy_at(MEDWAY)
    answers = {**MEDWAY_CASE, "escalation.reached": "pre-stage", "escalation.pre-stage.response": "not-resolved",
               "escalation.stage-1.raise-on": "2026-12-10"}
    late = next_step(medway, answers, "2026-12-18")
    assert late["outcome"] == "raise" and late["deadline"]["date"] == "2026-12-17"
    notice = next(n for n in late["notices"] if n["kind"] == "past-due")
    assert "due by Thursday 17 December 2026" in notice["text"] and "has passed" in notice["text"]
    assert "“How far has the disagreement got?”" in notice["text"]
    on_time = next_step(medway, answers, "2026-12-17")
    assert "past-due" not in [n["kind"] for n in on_time["notices"]]


def test_every_advice_whose_deadline_has_passed_says_so():
    """Over every policy present: each route to raising a stage, read again on the day after its deadline (the
    same answers), says the response is late; read on the deadline, it does not."""
    from guide.engine.routes import enumerate_routes
    from guide.engine.walk import next_step

    seen = 0
    for path in FILES:
        policy = policy_at(path)
        for route in enumerate_routes(policy, date(2026, 11, 20)):
            step = route.outcome
            if step["kind"] != "advice" or step["outcome"] != "raise" or not step["deadline"]:
                continue
            assert "past-due" not in [n["kind"] for n in step["notices"]], (path, route.answers)
            due = date.fromisoformat(step["deadline"]["date"])
            later = next_step(policy, dict(route.answers), due + timedelta(days=1))
            if later["kind"] == "advice" and later["outcome"] == "raise" and later["deadline"] == step["deadline"]:
                seen += 1
                assert "past-due" in [n["kind"] for n in later["notices"]], (path, route.answers)
    assert seen or not FILES


@pytest.mark.skipif(not MEDWAY.exists(), reason="Medway's policy is not here")
def test_medway_a_kept_answer_no_longer_offered_is_asked_afresh_without_an_error():
    """Medway Section 3: "If the subject of the alert concerns a single agency, then that service should be consulted
    with first." Changed to "not a single agency", Step 1 is no longer a step: "How far has it got?" is asked
    again, with no error about an answer the practitioner did not just give."""
    from guide.engine.walk import next_step

    medway = policy_at(MEDWAY)
    answers = {"immediate-risk": "no", "about": "practice", "own-agency": "education", "single-agency": "yes",
               "practice-alert.reached": "consult-service", "practice-alert.consult-service.response": "none"}
    assert next_step(medway, answers, "2026-11-20")["kind"] == "advice"
    answers["single-agency"] = "no"
    step = next_step(medway, answers, "2026-11-20", submitted="single-agency")
    assert step["question"]["id"] == "practice-alert.reached" and step["errors"] == []
    assert "consult-service" not in [o["value"] for o in step["question"]["options"]]
    # Given as the answer just submitted (or from the command line), it is still refused with its error.
    refused = next_step(medway, answers, "2026-11-20", submitted="practice-alert.reached")
    assert refused["errors"][0]["code"] == "invalid-option"
    assert next_step(medway, answers, "2026-11-20")["errors"][0]["code"] == "invalid-option"
