"""Issue 11, e-mail drafts: one per person the advice names, with the stage, the agencies, the deadline and the
reason, and never the child's details."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from guide.engine.email_drafts import email_drafts

from .scenarios import MEDWAY
from .test_scenarios import policy


def test_medway_stage_3_drafts_name_the_stage_agencies_deadline_and_reason():
    """Medway Section 4, Stage 3: the Assistant Director and the Detective Superintendent are contacted, with "A
    response is required within 5 working days"; the CP Chair and the IRO are informed; "A copy of the Stage 3
    Escalation Form ... sent to the MSCP" (mscp@medway.gov.uk, the only address the policy gives)."""
    scenario = MEDWAY[0]
    drafts = {d["who"]: d for d in email_drafts(policy("medway"), scenario.answers, scenario.today)}
    assert list(drafts) == ["Assistant Director or Deputy Director, in your agency (Health)",
                            "Detective Superintendent, Head of Safeguarding, in the other agency (Kent Police)",
                            "Child Protection Conference Chair", "Independent Reviewing Officer (IRO)",
                            "Medway Safeguarding Children Partnership (MSCP)"]
    police = drafts["Detective Superintendent, Head of Safeguarding, in the other agency (Kent Police)"]
    assert police["subject"] == "Escalation: Stage 3: Escalate to Assistant/Deputy Directors (Health and Kent Police)"
    assert "by Friday 27 November 2026" in police["body"] and police["to"] == ""
    assert "because the child is in care" in drafts["Independent Reviewing Officer (IRO)"]["body"]
    mscp = drafts["Medway Safeguarding Children Partnership (MSCP)"]
    assert mscp["to"] == "mscp@medway.gov.uk" and mscp["href"].startswith("mailto:mscp@medway.gov.uk?subject=")
    link = urlparse(mscp["href"])
    assert parse_qs(link.query)["body"][0] == mscp["body"]


def test_while_waiting_the_drafts_chase_the_other_side():
    medway = policy("medway")
    answers = dict(MEDWAY[0].answers, **{"escalation.reached": "stage-2", "escalation.stage-2.raised-on": "2026-11-18"})
    drafts = email_drafts(medway, answers, "2026-11-20")
    assert drafts and all(d["subject"].startswith("Response needed: Stage 2") for d in drafts)
    assert all("I have not yet had a response" in d["body"] for d in drafts)


def test_no_draft_holds_what_the_practitioner_typed():
    """The engine is given only the answers to its questions; even a stray typed value never reaches a draft."""
    scenario = MEDWAY[0]
    answers = dict(scenario.answers, **{"child-name": "Sam Example"})
    for draft in email_drafts(policy("medway"), answers, scenario.today):
        assert "Sam" not in draft["subject"] + draft["body"] + draft["href"]


def test_no_advice_no_drafts():
    assert email_drafts(policy("medway"), {"immediate-risk": "yes"}, "2026-11-20") == []


def test_the_same_role_on_both_sides_gets_two_drafts_that_say_which_agency():
    """Issue 19: health and children's social care at Medway stage 3 both go to an "Assistant Director or Deputy
    Director"; the two drafts said the same thing. Each now says whose: yours, or the other agency's."""
    scenario = MEDWAY[0]
    answers = {k: v for k, v in scenario.answers.items() if k != "mash"}
    answers["other-agency"] = "social-care"
    drafts = email_drafts(policy("medway"), answers, scenario.today)
    who = [d["who"] for d in drafts]
    assert len(set(who)) == len(who)
    assert who[:2] == ["Assistant Director or Deputy Director, in your agency (Health)",
                       "Assistant Director or Deputy Director, in the other agency (Children's social care)"]


def test_each_role_of_a_contact_gets_its_own_draft_not_a_comma_list():
    """Issue 19: "To: Manager, Safeguarding lead (or equivalent)" read as one person with a long title, or as more
    roles than there are (a title may hold a comma). Wirral stage 2 names two roles on each side: one draft each."""
    from .scenarios import WIRRAL
    scenario = next(s for s in WIRRAL if s.outcome == "raise" and s.stage.startswith("Stage 2"))
    drafts = email_drafts(policy("wirral"), scenario.answers, scenario.today)
    assert [d["who"] for d in drafts] == [
        "manager, in your agency (Health)", "safeguarding lead (or equivalent), in your agency (Health)",
        "manager, in the other agency (Merseyside Police)",
        "safeguarding lead (or equivalent), in the other agency (Merseyside Police)"]
    assert drafts[1]["body"].startswith("To: Safeguarding lead (or equivalent)\n")


def test_the_agencies_are_named_as_far_as_the_stage_names_them():
    """A stage with contacts on one side only said "a disagreement between Police", and with none the calendar
    file said "between ." (found by a business manager trying a policy with no agency questions)."""
    from guide.engine.email_drafts import agencies_words
    from guide.engine.wording import DEFAULT

    def step(*sides):
        return {"contacts": [{"side": side, "agency": {"name": name}} for side, name in sides]}

    assert agencies_words(DEFAULT, step(("yours", "Health"), ("theirs", "Police"))) == "Health and Police"
    assert agencies_words(DEFAULT, step(("theirs", "Police"))) == "Police and another agency"
    assert agencies_words(DEFAULT, step()) == "two agencies"
