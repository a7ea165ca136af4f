"""The guide says what the source says, and shows the words (issue 8).

Every outcome of every route through every bundled policy: each item of advice carries a "Why?" whose passages are in
the policy's source text, no authoring note reaches a practitioner, and the defects found by reviewing the guide
against the sources stay fixed (each test names the passage it encodes).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

from guide.engine import next_step
from guide.engine.routes import enumerate_routes
from guide.publish.policy_files import discover_policies, load_policy, site_path_for
from guide.publish.quotes import SourceText

from .conftest import BUILD_TODAY, POLICIES

BUNDLED = discover_policies(POLICIES)
AUTHORING = re.compile(r"\bYAML\b|\breplace (it|this|them) with\b|\bthe partnership should\b|\bnot an? [A-Z]\w* rule\b"
                       r"|\bauthors?\b|\breviewers?\b", re.I)


@lru_cache(maxsize=None)
def policy_at(path: Path):
    return load_policy(path, today=BUILD_TODAY)


@lru_cache(maxsize=None)
def outcomes(path: Path) -> tuple:
    """Each distinct final step of every route (as a frozen repr, to keep the cache hashable)."""
    seen, found = set(), []
    for route in enumerate_routes(policy_at(path), date.fromisoformat(BUILD_TODAY)):
        key = repr(route.outcome)
        if key not in seen:
            seen.add(key)
            found.append(route.outcome)
    return tuple(found)


def source_of(path: Path) -> SourceText:
    name = re.search(r"^  source_file: (\S+)$", path.read_text(encoding="utf-8"), re.M)
    if not name:
        pytest.fail(f"{path} names no source_file")
    return SourceText.read(path.parent / name.group(1))


def strings(node, path=()):
    """Every string in a JSON value, with its path, leaving out the quoted passages themselves."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "passages":
                yield from strings(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, path + (index,))
    elif isinstance(node, str):
        yield path, node


def keys(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from keys(value)


def whys(step: dict):
    """Every "Why?" an outcome must carry: (what, why)."""
    if step["kind"] == "signpost":
        yield "signpost", step["signpost"].get("why")
        return
    if step["kind"] != "advice":
        return
    yield "stage", step["stage"].get("why")
    yield "route", step.get("route_why")
    for contact in step["contacts"]:
        yield f"contact {contact['roles']}", contact.get("why")
    for duty in step["duties"]:
        yield f"duty {duty['action']}", duty.get("why")
    yield "timescale", step["timescale"].get("why")
    if step.get("raise_within"):
        yield "raise within", step["raise_within"].get("why")
    if step.get("requires"):
        yield "requires", step.get("requires_why")
    if step.get("raised_by"):
        yield "raised by", step.get("raised_by_why")
    if step.get("form"):
        yield "form", step["form"].get("why")
    for notice in step["notices"]:
        if notice["kind"] == "blocked":
            yield "blocked notice", notice.get("why")


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(POLICIES)))
def test_every_advice_item_has_a_why_with_passages_from_the_source(path):
    source = source_of(path)
    checked = 0
    for step in outcomes(path):
        for what, why in whys(step):
            assert why, f"{what} has no why in {step.get('stage', step.get('signpost'))}"
            if why["from_source"]:
                assert why["passages"], what
                for passage in why["passages"]:
                    assert source.find(passage["text"]) >= 0, passage["text"]
                    assert passage["section"], f"{passage['text']!r} has no section"
            else:
                assert why["text"] and not why["passages"], what
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(POLICIES)))
def test_no_authoring_note_reaches_a_practitioner(path):
    for step in outcomes(path):
        assert "note" not in set(keys(step))
        for where, text in strings(step):
            assert not AUTHORING.search(text), f"{where}: {text}"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(POLICIES)))
def test_the_first_screen_and_immediate_risk_result_speak_to_practitioners(path):
    policy = policy_at(path)
    step = next_step(policy, {"immediate-risk": "yes"}, BUILD_TODAY)
    signpost = step["signpost"]
    for text in (signpost["title"], signpost["instruction"], signpost.get("hint") or ""):
        assert not AUTHORING.search(text), text
    assert "999" in signpost["instruction"]
    why = signpost["why"]
    if not why["from_source"]:
        assert why["text"] == f"{policy.partnership.short_name}'s policy does not cover this. This is the national advice."


# --- the manual ------------------------------------------------------------------------------------------------


def notes(node):
    """Every author's `note` in a policy file's data."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "note" and isinstance(value, str):
                yield value
            else:
                yield from notes(value)
    elif isinstance(node, list):
        for value in node:
            yield from notes(value)


def page_text(html: str) -> str:
    text = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.replace("&#39;", "'").replace("&quot;", '"').replace("&amp;", "&").split())


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(POLICIES)))
def test_authors_notes_are_not_in_the_published_pages(path, built_site):
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    folder = built_site / site_path_for(path)
    # The "Every route" page is the reviewers' (not indexed): it lists each inference with its author's reason.
    pages = [page_text(p.read_text(encoding="utf-8")) for p in folder.rglob("*.html")
             if not {"versions", "routes"} & set(p.relative_to(folder).parts)]
    assert pages
    written = [" ".join(n.split()) for n in notes(data)]
    assert written, "the policy has author's notes to look for"
    for note in written:
        probe = note[:80]
        assert not any(probe in text for text in pages), note
    assert not any("source-note" in p.read_text(encoding="utf-8") for p in folder.rglob("*.html"))


# --- the defects found by reviewing the guide against the sources (issue 8), one test each ---------------------


def advise(name: str, answers: dict, today: str = "2026-11-20") -> dict:
    from guide.__main__ import resolve_policy_path

    return next_step(policy_at(resolve_policy_path(name)), answers, today)


def roles(step: dict, side: str) -> list[str]:
    return sorted(r["title"] for c in step["contacts"] if c["side"] == side for r in c["roles"])


def every_text(step: dict) -> str:
    return " ".join(text for _, text in strings(step))


SUFFOLK_PLAN = {"immediate-risk": "no", "about": "cp-plan", "plan-about": "implementation", "own-agency": "health",
                "other-agency": "social-care"}


def test_suffolk_cp_plan_dispute_starts_by_acting_without_delay_not_with_a_referral():
    """Suffolk, "Dissent regarding the implementation of a child protection plan": "Professionals in all agencies
    have a responsibility to act without delay to safeguard the child [...]" and "Professionals should therefore
    attempt to resolve differences in line with the actions outlined above."""
    step = advise("suffolk", {**SUFFOLK_PLAN, "cp-plan-implementation.reached": "none"})
    assert step["stage"]["title"] == "Act without delay to safeguard the child"
    passages = " ".join(p["text"] for p in step["stage"]["why"]["passages"])
    assert "act without delay to safeguard the child [i.e. by calling for a case to be allocated" in passages
    routes = enumerate_routes(policy_at(POLICIES / "suffolk" / "policy.yaml"), date.fromisoformat(BUILD_TODAY))
    plan = [r.outcome for r in routes if r.outcome.get("pathway", {}).get("id") == "cp-plan-implementation"]
    assert plan
    for outcome in plan:
        text = every_text(outcome).lower()
        assert "referral" not in text and "referrer" not in text, outcome["stage"]["title"]
        quoted = " ".join(p["text"] for p in (outcome["stage"]["why"] or {}).get("passages", []))
        if outcome["stage"]["id"] != "act":
            assert "in line with the actions outlined above" in quoted


def test_suffolk_waiting_at_step_2_counts_its_working_day_from_the_feedback_not_from_raising_it():
    """Suffolk, Dispute at the Point of Referral, paragraph 3: professionals should attempt to resolve the difference
    "within one working day or a timescale that protects the child (whichever is less) following receipt of
    feedback". A practitioner waiting at Step 2 is asked when the feedback (the response to Step 1) came: feedback
    on Monday 16 November puts the end of Step 2 on Tuesday 17 November, though Step 2 began on the 18th (the guide
    counted from the 18th and said to wait until the 19th)."""
    waiting = {"immediate-risk": "no", "about": "referral", "own-agency": "health", "other-agency": "social-care",
               "referral.reached": "professionals", "referral.professionals.response": "none",
               "referral.professionals.raised-on": "2026-11-18"}
    asked = advise("suffolk", waiting, today="2026-11-18")
    assert asked["kind"] == "question" and asked["question"]["id"] == "referral.revisit.response-on"
    late = advise("suffolk", {**waiting, "referral.revisit.response-on": "2026-11-16",
                              "referral.first-line-managers.raise-on": "2026-11-18"}, today="2026-11-18")
    assert late["outcome"] == "raise" and late["stage"]["id"] == "first-line-managers"
    assert [n["text"] for n in late["notices"] if n["kind"] == "overdue"] == [
        "The response to Step 2 was due by Tuesday 17 November 2026 and has not come. Move on to Step 3."]
    on_time = advise("suffolk", {**waiting, "referral.revisit.response-on": "2026-11-18"}, today="2026-11-18")
    assert on_time["outcome"] == "waiting" and on_time["deadline"]["date"] == "2026-11-19"
    assert on_time["counted_from"]["text"] == "the response to Step 1, received on Wednesday 18 November 2026"
    assert "following receipt of feedback" in on_time["timescale"]["wording"]


def test_suffolk_health_alternative_is_at_the_senior_manager_step_not_before():
    """Suffolk, Dispute at the Point of Referral: "the issue MUST be referred without delay through the line management
    to a senior manager. Alternatively, (i.e. in Health Services ...) input may be sought directly from the
    designated nurse or doctor in preference to the use of line management." """
    base = {"immediate-risk": "no", "about": "referral", "own-agency": "health", "other-agency": "social-care"}
    step3 = advise("suffolk", {**base, "referral.reached": "professionals", "referral.professionals.response": "none",
                               "referral.professionals.raised-on": "2026-11-18", "referral.revisit.response-on": "2026-11-18",
                               "referral.first-line-managers.raise-on": "2026-11-20"})
    assert step3["stage"]["id"] == "first-line-managers"
    assert "Designated nurse or doctor" not in roles(step3, "yours")
    step4 = advise("suffolk", {**base, "referral.reached": "first-line-managers",
                               "referral.first-line-managers.response": "not-resolved",
                               "referral.first-line-managers.raised-on": "2026-11-19"})
    assert step4["stage"]["id"] == "senior-manager"
    assert "Designated nurse or doctor" in roles(step4, "yours")


def test_suffolk_second_step_counts_from_the_feedback_received():
    """Suffolk: "within one working day or a timescale that protects the child (whichever is less) following receipt
    of feedback": the deadline counts from the feedback, and the guide asks for that date."""
    base = {"immediate-risk": "no", "about": "referral", "own-agency": "education", "other-agency": "social-care",
            "referral.reached": "revisit", "referral.revisit.response": "not-resolved"}
    question = advise("suffolk", base)
    assert question["kind"] == "question" and question["question"]["id"] == "referral.revisit.response-on"
    step = advise("suffolk", {**base, "referral.revisit.response-on": "2026-11-13"})
    assert step["deadline"]["date"] == "2026-11-16"      # Friday 13th's feedback: the next working day


@pytest.mark.parametrize("name", ["medway", "medway/2016-06"])
def test_medway_summaries_give_five_working_days_to_stages_1_to_3_only(name):
    """Medway, Section 4 (2016: Section 3): "A response is required within 5 working days" at stages 1, 2 and 3;
    stage 4 sets no timescale."""
    policy = policy_at(POLICIES / "medway" / ("policy.yaml" if name == "medway" else "versions/2016-06.yaml"))
    escalation = policy.pathway("escalation")
    assert "stages 1 to 3, each needing a response within 5 working days" in escalation.summary
    assert "four stages, each" not in escalation.summary.lower()
    assert escalation.stage("stage-4").timescale.kind == "not-stated"


def test_medway_stage_4_does_not_say_who_raises_it():
    """Medway, Stage 4: "the escalation must be sent to the MSCP using the Escalation Form" (the source names nobody)."""
    step = advise("medway", {"immediate-risk": "no", "about": "case", "outside-area": "no", "own-agency": "health",
                             "other-agency": "social-care", "cp-plan": "no", "in-care": "no",
                             "escalation.reached": "stage-3", "escalation.stage-3.response": "not-resolved",
                             "escalation.stage-3.raised-on": "2026-11-10", "escalation.stage-1.used": "yes",
                             "escalation.stage-2.used": "yes"})
    assert step["stage"]["id"] == "stage-4"
    assert step["raised_by"] == [] and step["raised_by_why"] is None


@pytest.mark.parametrize("name", ["medway", "medway/2016-06", "suffolk"])
def test_immediate_risk_is_national_advice_said_in_plain_words(name, built_site):
    """Not in these policies: the immediate-risk rule is national guidance, said so, with 999 as a phone link."""
    step = advise(name, {"immediate-risk": "yes"})
    policy_name = step["signpost"]["why"]["text"].split("'s policy")[0]
    assert step["signpost"]["why"] == {"from_source": False, "basis": "national-guidance", "passages": [],
                                       "text": f"{policy_name}'s policy does not cover this. This is the national advice."}
    assert "Replace" not in every_text(step)
    if name != "medway/2016-06":
        page = (built_site / name / "guide" / "index.html").read_text(encoding="utf-8")
        assert 'href="tel:999"' in page and "Replace it" not in page and "not a Medway rule" not in page


def test_wirral_manager_is_contacted_within_one_working_day():
    """Wirral, Section 1: "their manager should be contacted within one working day"."""
    step = advise("wirral", {"immediate-risk": "no", "other-agency-involved": "yes", "own-agency": "health",
                             "other-agency": "police", "escalation.reached": "stage-1",
                             "escalation.stage-1.response": "not-resolved", "escalation.stage-1.raised-on": "2026-11-16",
                             "escalation.stage-2.raise-on": "2026-11-20"})
    assert step["stage"]["id"] == "stage-2"
    assert step["raise_within"]["within"] == "within 1 working day"
    assert step["raise_within"]["why"]["passages"][0]["text"].endswith("their manager should be contacted within one working day")


def test_medway_stage_3_asks_about_stage_2_too_and_can_name_it():
    """Medway, Stage 3: "Both stages 1 and 2 must be utilised before going to stage 3"."""
    base = {"immediate-risk": "no", "about": "case", "outside-area": "no", "own-agency": "health",
            "other-agency": "social-care", "cp-plan": "no", "in-care": "no", "escalation.reached": "stage-3",
            "escalation.stage-3.response": "not-resolved", "escalation.stage-3.raised-on": "2026-11-10",
            "escalation.stage-1.used": "yes"}
    assert advise("medway", base)["question"]["id"] == "escalation.stage-2.used"
    blocked = advise("medway", {**base, "escalation.stage-2.used": "no", "escalation.stage-2.raise-on": "2026-11-20"})
    notice = next(n for n in blocked["notices"] if n["kind"] == "blocked")
    assert "Stage 2" in notice["text"]
    assert notice["why"]["passages"][0]["text"] == "Both stages 1 and 2 must be utilised before going to stage 3."


def test_model_conference_chair_is_copied_at_every_step_of_the_plan_dispute():
    """Model procedure 3.4.3: "The Conference Chair should be copied into all correspondence"."""
    policy = policy_at(POLICIES / "model" / "policy.yaml")
    pathway = policy.pathway("cp-plan")
    for stage in pathway.stages:
        assert any(d.role == "conference-chair" for d in pathway.duties_for(stage)), stage.id


def test_model_health_may_go_to_the_designated_or_named_professional_at_line_management():
    """Model procedure 3.1.3: "In Health services, input may be sought directly from the Designated or Named
    Professional in preference to the use of line management"."""
    step = advise("model", {"immediate-risk": "no", "about": "referral", "own-agency": "health",
                            "other-agency": "social-care", "referral.reached": "first-line-managers",
                            "referral.first-line-managers.response": "not-resolved"})
    assert step["stage"]["id"] == "line-management"
    assert "Designated or Named Professional" in roles(step, "yours")


def test_medway_2016_independent_chair_is_informed_at_stage_4():
    """Medway 2016, Stage 4: "The MSCB Independent Chair will also be informed." """
    step = advise("medway/2016-06", {"immediate-risk": "no", "own-agency": "health", "other-agency": "social-care",
                                     "cp-plan": "no", "escalation.reached": "stage-3",
                                     "escalation.stage-3.response": "not-resolved",
                                     "escalation.stage-3.raised-on": "2016-07-06"}, today="2016-07-20")
    assert step["stage"]["id"] == "stage-4"
    assert "Inform the MSCB Independent Chair." in [d["action"] for d in step["duties"]]


def test_medway_kent_police_help_only_when_kent_police_are_involved():
    """Medway, Stage 1: "If in doubt as to who the person in the role is, please contact the Kent Police control
    room ..." belongs to the Kent Police roles."""
    base = {"immediate-risk": "no", "about": "case", "outside-area": "no", "cp-plan": "no", "in-care": "no",
            "escalation.reached": "pre-stage", "escalation.pre-stage.response": "not-resolved",
            "escalation.stage-1.raise-on": "2026-11-20"}
    health = advise("medway", {**base, "own-agency": "health", "other-agency": "education"})
    assert "Kent Police control room" not in every_text(health)
    police = advise("medway", {**base, "own-agency": "health", "other-agency": "kent-police", "mash": "yes"})
    kent = [c for c in police["contacts"] if c["side"] == "theirs"]
    assert any("Kent Police control room" in (c.get("hint") or "") for c in kent)


def test_medway_practice_alert_first_answer_does_not_mention_a_line_manager():
    """Medway, Section 3: the Partnership Practice Alert has no line-manager step."""
    step = advise("medway", {"immediate-risk": "no", "about": "practice", "own-agency": "education",
                             "single-agency": "no"})
    assert step["question"]["id"] == "practice-alert.reached"
    first = step["question"]["options"][0]["label"]
    assert "line manager" not in first.lower()


def test_wirral_business_manager_is_never_a_dead_end():
    """Wirral, sections 4 to 7: "Please contact the WSCB Business Manager [e-mail removed] ...", "Please contact
    [e-mail removed] for direct contact details", "Members should contact [e-mail removed]". The chapter gives only the
    Business Manager's own address and telephone (left out); each stage that sends someone to the Business Manager
    links to the manual's contacts entry, which says the procedure gives no inbox or phone line. None is invented."""
    wirral = policy_at(POLICIES / "wirral" / "policy.yaml")
    contact = wirral.contact("business-manager")
    assert not (contact.email or contact.phone or contact.website)
    assert "gives no inbox" in contact.hint and "gives no inbox" in contact.note
    for stage in wirral.pathway("escalation").stages:
        for text in (stage.description, stage.help):
            if text and "Business Manager" in text:
                mentions = text.count("Business Manager")
                assert text.count("Business Manager](contacts.md#business-manager)") == mentions, (stage.id, text)
