"""Scenarios from the source policies: stage, contacts on each side, deadline, every duty, the form."""

from __future__ import annotations

from functools import lru_cache

import pytest

from guide.__main__ import resolve_policy_path
from guide.engine import next_step
from guide.publish.policy_files import load_policy

from .conftest import BUILD_TODAY
from .scenarios import ALL, MEDWAY, MEDWAY_2016, MODEL, SUFFOLK, WIRRAL, Scenario


@lru_cache(maxsize=None)
def policy(name: str):
    return load_policy(resolve_policy_path(name), today=BUILD_TODAY)


def titles(advice: dict, side: str) -> list[str]:
    return sorted(role["title"] for c in advice["contacts"] if c["side"] == side for role in c["roles"])


@pytest.mark.parametrize("count", [(MEDWAY, 8), (MEDWAY_2016, 8), (SUFFOLK, 8), (WIRRAL, 8), (MODEL, 8)],
                         ids=["medway", "medway-2016", "suffolk", "wirral", "model"])
def test_at_least_eight_scenarios_per_policy(count):
    scenarios, minimum = count
    assert len(scenarios) >= minimum
    assert all(s.passage for s in scenarios)


@pytest.mark.parametrize("scenario", ALL, ids=lambda s: f"{s.policy}: {s.name}")
def test_scenario(scenario: Scenario):
    step = next_step(policy(scenario.policy), scenario.answers, scenario.today)
    assert step["kind"] == scenario.kind, step.get("question", step)
    if scenario.kind == "signpost":
        assert step["signpost"]["id"] == scenario.signpost
        assert step["signpost"]["instruction"]
        return
    assert step["outcome"] == scenario.outcome
    assert f"{step['stage']['label']}: {step['stage']['title']}" == scenario.stage
    assert titles(step, "yours") == sorted(scenario.yours)
    assert titles(step, "theirs") == sorted(scenario.theirs)
    assert titles(step, "partnership") == sorted(scenario.partnership)
    unsure = sorted(r["title"] for c in step["contacts"] if c["status"] == "check" for r in c["roles"])
    assert unsure == sorted(scenario.check)
    assert (step["deadline"] or {}).get("date") == scenario.deadline
    assert sorted((d["action"], d["status"]) for d in step["duties"]) == sorted(scenario.duties)
    assert (step["form"] or {}).get("title") == scenario.form
    assert sorted(n["kind"] for n in step["notices"]) == sorted(scenario.notices)
    assert step["timescale"]["text"], "every advice names a timescale"
    if scenario.extra.get("sooner"):
        assert step["timescale"]["sooner_if_needed"] is True
        assert "or sooner if the child's safety requires it" in step["timescale"]["text"]
    if "raise_within" in scenario.extra:
        assert scenario.extra["raise_within"] in step["raise_within"]["text"]


def test_duties_carry_their_reason():
    step = next_step(policy("medway"), MEDWAY[0].answers, MEDWAY[0].today)
    reasons = {d["action"]: d["because"] for d in step["duties"]}
    assert reasons["Inform the Child Protection Conference Chair."] == "the child is on a child protection plan"
    assert reasons["Inform the Independent Reviewing Officer (IRO)."] == "the child is in care"
    copy = next(d for d in step["duties"] if d["contact"])
    assert copy["contact"]["email"] == "mscp@medway.gov.uk"


def test_advice_says_what_happens_next_and_the_rule_that_blocks_it():
    medway = policy("medway")
    answers = dict(MEDWAY[0].answers)
    answers.update({"escalation.reached": "stage-1", "escalation.stage-1.response": "not-resolved",
                    "escalation.stage-1.raised-on": "2026-11-09", "escalation.stage-2.raise-on": "2026-11-20"})
    answers.pop("escalation.stage-2.response"), answers.pop("escalation.stage-2.raised-on")
    answers.pop("escalation.stage-1.used")
    step = next_step(medway, answers, "2026-11-20")
    assert step["stage"]["id"] == "stage-2"
    assert step["next"]["label"] == "Stage 3"
    assert step["next"]["requires"] == "Both stages 1 and 2 must be utilised before going to stage 3."
    assert step["next"]["manual"] == "pathways/escalation/#stage-3"


def test_the_summary_lists_each_answer_in_order():
    scenario = MEDWAY[0]
    step = next_step(policy("medway"), scenario.answers, scenario.today)
    ids = [row["id"] for row in step["summary"]]
    assert ids[:4] == ["immediate-risk", "about", "outside-area", "own-agency"]
    assert ids[-1] == "escalation.stage-3.raise-on"
    answers = {row["id"]: row["answer"] for row in step["summary"]}
    assert answers["other-agency"] == "Kent Police"
    assert answers["escalation.stage-2.raised-on"] == "2 November 2026"


def test_a_form_for_an_outcome_is_offered_once_it_holds_and_a_stage_form_when_raised():
    """Wirral's proformas are "for Reporting Conflicts which have been Resolved at Stage 2 [3]": raising the stage
    offered them as the thing to fill in now, the same too-early problem as the duty on that outcome. Now the form
    comes with the outcome it is for; Medway's Stage 3 Escalation Form is still filled when the stage is raised."""
    wirral = policy("wirral")
    resolved = next(s for s in WIRRAL if s.outcome == "resolved" and "stage 2" in s.name)
    form = next_step(wirral, resolved.answers, resolved.today)["form"]
    assert form["title"] == "Proforma for reporting conflicts resolved at stage 2 (Appendix 1)" and form["now"] is True
    raising = next(s for s in WIRRAL if s.outcome == "raise" and s.stage.startswith("Stage 2"))
    assert next_step(wirral, raising.answers, raising.today)["form"] is None
    medway = MEDWAY[0]
    step = next_step(policy("medway"), medway.answers, medway.today)
    assert step["outcome"] == "raise" and step["form"]["now"] is True
