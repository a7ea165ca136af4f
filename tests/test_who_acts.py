"""Issue 19 point 2: the advice says who raises a stage and whom they contact on each side, in the policy's roles;
the practitioner is never sent to contact themself."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from guide.engine import next_step
from guide.engine.walk import contacts_for
from guide.publish.policy_files import discover_policies, load_policy

from .conftest import BUILD_TODAY, POLICIES
from .scenarios import MEDWAY
from .test_scenarios import policy

EVERY = discover_policies(POLICIES)


@lru_cache(maxsize=None)
def policy_at(path: Path):
    return load_policy(path, today=BUILD_TODAY)


def stages(p):
    for pathway in p.pathways:
        for stage in pathway.stages:
            yield pathway, stage


@pytest.mark.parametrize("path", EVERY, ids=lambda p: str(p.relative_to(POLICIES)))
def test_the_practitioner_is_not_a_contact_in_their_own_agency_nor_the_other(path):
    """A contact is someone to go to: the person using the guide (a role marked `you`) is not one in their own
    agency, and a role listed only for the other agency is never the practitioner's own (Medway's and the model's
    first step listed "The practitioner who disagrees" as the other agency's contact; Suffolk's Step 2 listed
    "The professional who disagrees" on both sides)."""
    p = policy_at(path)
    for pathway, stage in stages(p):
        for entry in stage.contacts:
            if entry.side == "theirs":
                assert not [r for r in entry.roles if p.role(r).you or r in stage.raised_by], (pathway.id, stage.id)
            if entry.side == "both":    # the role for the other agency too (Suffolk's Step 2 listed the practitioner)
                assert not [r for r in entry.roles if p.role(r).you], (pathway.id, stage.id)
            if entry.side in ("theirs", "both"):    # "Your manager" is not the other agency's (Suffolk's meetings)
                title = p.role
                assert not [r for r in entry.roles if title(r).title.startswith("Your ")
                            and "other agency" not in title(r).title], (pathway.id, stage.id)
        for contact in contacts_for(p, stage, {"pathway": pathway.id}):
            if contact["side"] == "yours":
                assert not [r for r in contact["roles"] if p.role(r["id"]).you], (pathway.id, stage.id)


def test_medway_stage_3_is_raised_by_the_dsl_or_head_of_service():
    """Medway Section 4, Stage 3: "the Service Manager/ Designated Safeguarding Leads must escalate to the agency
    Assistant Director/ Deputy Director/ Headteacher/ Governor or equivalent"."""
    step = next_step(policy("medway"), MEDWAY[0].answers, MEDWAY[0].today)
    assert step["raised_by"] == ["Designated Safeguarding Lead or Head of Service"]
    assert step["raised_by_you"] == [False]
    sides = {c["side"]: (c["equivalent"], [r["title"] for r in c["roles"]]) for c in step["contacts"]}
    assert sides == {"yours": (True, ["Assistant Director or Deputy Director"]),
                     "theirs": (True, ["Detective Superintendent, Head of Safeguarding"])}


def test_suffolk_revisiting_the_referral_contacts_nobody_in_the_receiving_service():
    """Suffolk, Dispute at the Point of Referral, paragraph 2: "The referrer and their Manager/Safeguarding Lead
    re-visit the referral, taking into consideration any comments that have been made by the receiving service":
    the referrer takes the receiving service's comments into account; the policy does not say to contact it."""
    p = policy("suffolk")
    stage = p.pathway("referral").stage("revisit")
    contacts = contacts_for(p, stage, {"pathway": "referral"})
    assert [(c["side"], [r["title"] for r in c["roles"]]) for c in contacts] == [
        ("yours", ["Your manager or Safeguarding Lead"])]
    assert p.role(stage.raised_by[0]).you          # the referrer is the person using the guide


def test_medway_first_step_names_the_other_professional_not_the_practitioner():
    """Medway Section 2: "Initial attempts should be made to resolve the matter professional to professional"."""
    p = policy("medway")
    stage = p.pathway("escalation").stage("first-step")
    contacts = contacts_for(p, stage, {"pathway": "escalation"})
    assert [(c["side"], [r["title"] for r in c["roles"]]) for c in contacts] == [
        ("yours", ["Line manager or team manager"]),
        ("theirs", ["The professional in the other agency you disagree with"])]


def quote_sections(p) -> dict:
    """(pathway, stage, what) -> the sections of its passages, for every quote a stage gives."""
    found = {}
    for pathway, stage in stages(p):
        quotes = {"stage": stage.quote, "timescale": stage.timescale.quote, "raised_by": stage.raised_by_quote,
                  "raise_within": stage.raise_within.quote if stage.raise_within else None,
                  "form": stage.form_quote, "records": stage.records_quote}
        quotes.update({f"contact {i}": c.quote for i, c in enumerate(stage.contacts)})
        for what, quote in quotes.items():
            if quote is not None:
                found[(pathway.id, stage.id, what)] = [x.section for x in quote.passages]
    return found


def test_medway_stage_3_timescale_is_sourced_to_stage_3_not_stage_2():
    """Issue 19: "A response is required within 5 working days." stands under Stage 2 and under Stage 3 of Medway's
    Section 4; Stage 3's "Why?" named the Stage 2 section (the first that holds the sentence)."""
    p = policy("medway")
    escalation = p.pathway("escalation")
    for stage_id, heading in (("stage-2", "Stage 2 - Escalate"), ("stage-3", "Stage 3 - Escalate")):
        [section] = [x.section for x in escalation.stage(stage_id).timescale.quote.passages]
        assert heading in section, (stage_id, section)


@pytest.mark.parametrize("path", EVERY, ids=lambda p: str(p.relative_to(POLICIES)))
def test_the_browser_gets_the_same_sections_as_the_build(path):
    """The page carries the sections map (pages.source_sections); the engine in the browser rebuilds every quote
    from it, and must name the same sections as the build did, each stage's own included."""
    from guide.engine.model import Policy
    from guide.publish.pages import source_sections

    built = policy_at(path)
    again = Policy.from_dict(_data(path), site_path=built.site_path, source_sections=source_sections(built))
    assert quote_sections(again) == quote_sections(built)


def _data(path: Path) -> dict:
    from guide.publish.policy_files import check_policy

    policy_file, problems = check_policy(path)
    return policy_file.data
