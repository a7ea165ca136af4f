"""Issue 19, point 3: no dead end in the advice. Waiting at a stage with no timescale says so, when to follow it up
and that the child's safety comes first; a duty that holds only if a stage ends one way is not shown as if it
held before the stage has ended."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pytest

from guide.engine.routes import enumerate_routes
from guide.engine.walk import next_step
from guide.publish.policy_files import discover_policies, load_policy, site_path_for

from .conftest import BUILD_TODAY, POLICIES

FILES = discover_policies(POLICIES)
TODAY = date(2026, 11, 20)


@lru_cache(maxsize=None)
def policy_at(path):
    return load_policy(path, today=BUILD_TODAY)


@lru_cache(maxsize=None)
def outcomes(path) -> list:
    return [r.outcome for r in enumerate_routes(policy_at(path), TODAY) if r.outcome["kind"] == "advice"]


@pytest.mark.parametrize("path", FILES, ids=site_path_for)
def test_every_wait_without_a_date_says_why_when_to_follow_up_and_that_the_child_comes_first(path):
    policy = policy_at(path)
    for step in outcomes(path):
        untimed = [n["text"] for n in step["notices"] if n["kind"] == "untimed"]
        if step["outcome"] != "waiting" or step["deadline"]:
            assert not untimed, step["stage"]
            continue
        assert len(untimed) == 1, step["stage"]
        text = untimed[0]
        assert policy.immediate_risk.summary in text
        assert "follow it up" in text
        stage = policy.pathway(step["pathway"]["id"]).stage(step["stage"]["id"])
        if stage.timescale.kind == "not-stated":
            assert "sets no timescale" in text
        if stage.timescale.wording:
            assert stage.timescale.wording.strip().rstrip(".") in text


@pytest.mark.skipif(not (POLICIES / "wirral" / "policy.yaml").exists(), reason="Wirral's policy is not here")
def test_wirral_still_waiting_at_stage_3_is_not_told_to_wait_for_ever():
    """Wirral, section 5 sets no timescale for the conflict resolution meeting; section 2: "When any professional
    considers a child is at immediate risk of significant harm ... escalated on the same working day"."""
    wirral = policy_at(POLICIES / "wirral" / "policy.yaml")
    step = next_step(wirral, {"immediate-risk": "no", "other-agency-involved": "yes", "own-agency": "schools",
                              "other-agency": "health", "escalation.reached": "stage-3",
                              "escalation.stage-3.response": "none"}, TODAY)
    assert step["outcome"] == "waiting" and step["deadline"] is None
    (text,) = [n["text"] for n in step["notices"] if n["kind"] == "untimed"]
    assert text.startswith("The policy sets no timescale for a response to Stage 3")
    assert "follow it up" in text
    assert text.endswith("escalate your concerns the same working day using child protection procedures.")


@pytest.mark.parametrize("path", FILES, ids=site_path_for)
def test_no_duty_is_shown_for_an_outcome_that_has_not_happened(path):
    """Over every policy present: each duty shown holds on the answers given (or on an "I'm not sure" answer),
    never on how a stage not yet ended will end."""
    policy = policy_at(path)
    for step in outcomes(path):
        pathway = policy.pathway(step["pathway"]["id"])
        stage = pathway.stage(step["stage"]["id"])
        for duty in step["duties"]:
            assert duty["status"] in ("required", "check"), (stage.id, duty["action"])
        assert len(step["duties"]) <= len(pathway.duties_for(stage))


@pytest.mark.skipif(not (POLICIES / "wirral" / "policy.yaml").exists(), reason="Wirral's policy is not here")
def test_wirral_the_stage_3_proforma_duty_is_for_a_disagreement_resolved_at_stage_3():
    """Wirral, Appendix 2: "Proforma for Reporting Conflicts which have been Resolved at Stage 3". Someone starting
    Stage 3 is not told to send it; someone whose disagreement was resolved at Stage 3 is."""
    wirral = policy_at(POLICIES / "wirral" / "policy.yaml")
    base = {"immediate-risk": "no", "other-agency-involved": "yes", "own-agency": "schools", "other-agency": "health"}
    starting = next_step(wirral, {**base, "escalation.reached": "stage-2", "escalation.stage-2.response": "not-resolved"},
                         TODAY)
    assert starting["outcome"] == "raise" and starting["stage"]["id"] == "stage-3"
    proforma = "Send the Appendix 2 proforma to the WSCB Business Manager."
    assert proforma not in [d["action"] for d in starting["duties"]]
    resolved = next_step(wirral, {**base, "escalation.reached": "stage-3", "escalation.stage-3.response": "resolved"},
                         TODAY)
    assert resolved["outcome"] == "resolved"
    assert [(d["action"], d["status"]) for d in resolved["duties"] if d["action"] == proforma] == [(proforma, "required")]
