"""Issue 19 (points 2, 3 and 6), left over: a practitioner WAITING for the response to a stage they raised was told
"Contact in your agency ..." and "Tell ..." as if to raise it again; once RESOLVED, "Do this now" still listed whom
to contact. Waiting, "Do this now" says when the response is due and from whom, what to do if it does not come (the
next stage, named, with the policy's time to raise it) and that the child's safety comes first; the people the stage
was raised with are named as such. Once resolved, it says what the policy asks on resolution (a duty or form on that
outcome, a record only where the policy asks for one) and names no one to contact. A duty of the stage itself is,
waiting or resolved, something to check was done, never a to-do again.

The advice (the engine) says whose response is awaited, the safety reminder, and whether each duty is on how the
stage ended; "Do this now" (now.mjs) is rendered in Node with the default words, as the page does."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from functools import lru_cache

import pytest

from guide.engine import next_step
from guide.engine.routes import enumerate_routes
from guide.publish.policy_files import discover_policies, load_policy, site_path_for

from .conftest import BUILD_TODAY, POLICIES, ROOT
from .scenarios import MEDWAY, WIRRAL, WIRRAL_CASE

FILES = discover_policies(POLICIES)
TODAY = date(2026, 11, 20)
WORDS = json.loads((ROOT / "guide/engine/wording.json").read_text(encoding="utf-8"))
# "Do this now" row labels that make someone a person to contact now (raising a stage).
TO_CONTACT = [WORDS[k] for k in WORDS if k.startswith(("guide.now.contact.", "guide.now.by.")) or k == "guide.now.equivalent"]


@lru_cache(maxsize=None)
def policy_at(path):
    return load_policy(path, today=BUILD_TODAY)


def policy(slug: str):
    return policy_at(POLICIES / slug / "policy.yaml")


@lru_cache(maxsize=None)
def outcomes(path) -> tuple:
    """Each distinct waiting, resolved or raise advice of a policy (distinct in what "Do this now" shows)."""
    seen, result = set(), []
    for route in enumerate_routes(policy_at(path), TODAY):
        step = route.outcome
        if step["kind"] != "advice" or step["outcome"] not in ("waiting", "resolved", "raise"):
            continue
        key = json.dumps([step["outcome"], step["pathway"]["id"], step["stage"]["id"], step["contacts"],
                          step["duties"], bool(step["deadline"]), step["form"], step["notices"]], sort_keys=True)
        if key not in seen:
            seen.add(key)
            result.append(step)
    return tuple(result)


def now_html(steps: list[dict]) -> list[str]:
    """'Do this now' for each step as the page script writes it, in one Node process, with the default words."""
    script = (
        "import { readFileSync } from 'node:fs';"
        "const [words, steps] = JSON.parse(readFileSync(0, 'utf-8'));"
        "const t = (key, values = {}) => { if (!(key in words)) throw new Error('no words for ' + key);"
        " return words[key].replace(/\\{(\\w+)\\}/g, (m, k) => (k in values ? values[k] : m)); };"
        "const md = (text) => text;"
        f"import('{ROOT / 'guide/web/guide/now.mjs'}').then((m) => console.log(JSON.stringify("
        "steps.map((s) => m.nowHtml({ t, data: { html: {} } }, s)))));")
    out = subprocess.run(["node", "--input-type=module", "-e", script], input=json.dumps([WORDS, steps]),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&amp;", "&").split())


def row_keys(html: str) -> list[str]:
    return [text_of(k) for k in re.findall(r'<dt class="govuk-summary-list__key">(.*?)</dt>', html)]


# --- the advice: over every policy present --------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=site_path_for)
def test_the_advice_says_whose_response_is_awaited_and_that_the_child_comes_first_while_waiting(path):
    p = policy_at(path)
    for step in outcomes(path):
        sides = {c["side"] for c in step["contacts"] if not c["optional"]}
        assert step["response_from"] == ("theirs" if "theirs" in sides else "others" if sides else None)
        if step["outcome"] == "waiting":
            assert step["safety"] and p.immediate_risk.summary in step["safety"]
        else:
            assert step["safety"] is None


@pytest.mark.parametrize("path", FILES, ids=site_path_for)
def test_each_duty_says_whether_it_is_on_how_the_stage_ended(path):
    """A duty on how the stage ended holds only once it has (never to someone raising the stage); every other duty
    is the stage's own."""
    p = policy_at(path)
    for step in outcomes(path):
        pathway = p.pathway(step["pathway"]["id"])
        stage = pathway.stage(step["stage"]["id"])
        whens = {d.action: d.when for d in pathway.duties_for(stage)}
        for duty in step["duties"]:
            on = f"{pathway.id}.{stage.id}.response" in json.dumps(whens[duty["action"]] or {})
            assert duty["on"] == ("outcome" if on else "stage"), duty["action"]
            if step["outcome"] == "raise":
                assert duty["on"] == "stage", duty["action"]


@pytest.mark.parametrize("path", FILES, ids=site_path_for)
def test_do_this_now_waiting_or_resolved_lists_no_one_to_contact_and_no_stage_duty_to_do_again(path):
    steps = outcomes(path)
    for step, html in zip(steps, now_html(list(steps))):
        keys, text = row_keys(html), text_of(html)
        where = (step["outcome"], step["pathway"]["id"], step["stage"]["id"])
        todo = [d for d in step["duties"] if step["outcome"] == "raise" or d["on"] == "outcome"]
        done = [d for d in step["duties"] if d not in todo]
        assert (WORDS["guide.now.tell"] in keys) == bool(todo), where
        assert (WORDS["guide.now.check_told"] in keys) == bool(done), where
        if step["outcome"] == "raise":
            if any(not c["optional"] for c in step["contacts"]):
                assert any(k.startswith(tuple(TO_CONTACT)) for k in keys), where
            continue
        assert not any(k.startswith(tuple(TO_CONTACT)) for k in keys), (where, keys)
        assert "contact the people below" not in text and "Keep a record of the outcome" not in text, where
        if step["outcome"] == "waiting":
            untimed = any(n["kind"] == "untimed" for n in step["notices"])
            assert (step["safety"] in text) != untimed, where          # said once: here, or in the notice above
            label = WORDS["guide.now.if_none" if step["deadline"] else "guide.now.if_none.untimed"]
            assert label in keys, where
            if step["deadline"]:
                assert step["deadline"]["text"] in text, where
            if step["if_unresolved"]:
                assert WORDS["guide.now.if_none.policy"] in text and "Raise" not in text, where
            elif step["next"]:
                assert f"Raise {step['next']['label']}: {step['next']['title']}" in text, where
            else:
                assert WORDS["guide.now.if_none.last"] in text, where
                # a link to what the policy says happens next only where it says something (not an empty block)
                assert ('href="#guide-next"' in html) == bool(step["after"]), where
                assert (WORDS["guide.next.silent"] in text) != bool(step["after"]), where
            for contact in step["contacts"]:
                if not contact["optional"] and not contact["contact"]:
                    assert any(k.startswith(WORDS[f"guide.now.raised_with.{contact['side']}"]) for k in keys), where
        else:
            assert not any(k.startswith("Raised with") for k in keys), where
            assert (WORDS["guide.now.records"] in keys) == bool(step["records"]), where
            for record in step["records"]:
                assert text_of(record) in text, where
            assert "button" not in html or (step["form"] and step["form"]["now"]), where   # no drafts, no calendar


# --- one named scenario per bundled policy ---------------------------------------------------------------------


def test_medway_waiting_at_stage_1_says_when_whose_response_is_due_and_what_then():
    """Medway Section 4, Stage 1: "a response within 5 working days"; raised Wednesday 18 November, due Wednesday
    25 November from the other agency; if it does not come, Stage 2. The IRO (the child is in care) and the copy to
    the MSCP were for when Stage 1 was raised: to check, not to do again."""
    scenario = next(s for s in MEDWAY if s.outcome == "waiting")
    step = next_step(policy("medway"), scenario.answers, scenario.today)
    (html,) = now_html([step])
    keys, text = row_keys(html), text_of(html)
    assert "Wait for the response to Stage 1: Escalate to Service Manager. You do not need to raise it again." in text
    assert "Response from the other agency due by Wednesday 25 November 2026" in text
    assert ("If there is no response by then Raise Stage 2: Escalate to Designated Safeguarding Leads / Head of "
            "Service, and come back to the guide then.") in text
    assert "The child's safety comes first. If a child is at immediate risk of significant harm, do not escalate. " \
           "Act today." in text
    assert "Raised with, in your agency (Health)" in keys and "Raised with, in the other agency (A school or " \
           "education setting)" in keys
    assert "Contact in your agency" not in text and "Tell" not in keys
    assert "Check you have told" in keys and "Independent Reviewing Officer" in text


def test_medway_resolved_at_stage_2_names_no_one_to_contact():
    """Medway, resolved at Stage 2: the policy's records ("All stages of the process should be well documented"),
    and the stage's own duties to check; no "Who they contact", no "Keep a record of the outcome" of the guide's."""
    scenario = next(s for s in MEDWAY if s.outcome == "resolved")
    step = next_step(policy("medway"), scenario.answers, scenario.today)
    (html,) = now_html([step])
    keys, text = row_keys(html), text_of(html)
    assert text.startswith("Do this now It was resolved at Stage 2")
    assert "Keep a record" in keys and "All stages of the process should be well documented." in text
    assert "Check you have told" in keys and "Tell" not in keys
    assert "Named GP" not in text and "Children's Social Care Head of Service" not in text


def test_wirral_resolved_at_stage_2_says_what_to_send_and_no_one_to_contact():
    """Wirral, Section 2 and Appendix 1: resolved at stage 2, the proforma "should be sent to the WSCB Business
    Manager" (a duty on that outcome): the one thing to do, with no contact list."""
    scenario = next(s for s in WIRRAL if s.outcome == "resolved" and "stage 2" in s.name)
    step = next_step(policy("wirral"), scenario.answers, scenario.today)
    assert [d["on"] for d in step["duties"]] == ["outcome"]
    (html,) = now_html([step])
    keys, text = row_keys(html), text_of(html)
    assert "What the policy asks you to do now it is resolved is below." in text
    assert "Tell" in keys and "WSCB Business Manager" in text
    assert not any(k.startswith(("Contact in", "Who they", "Raised with")) for k in keys)


def test_wirral_waiting_at_stage_3_with_no_timescale_names_the_next_stage_and_says_safety_once():
    """Wirral, Section 5 sets no timescale for the conflict resolution meeting: no date, so "If no response comes";
    the safety reminder is in the notice above, not said twice."""
    step = next_step(policy("wirral"), {**WIRRAL_CASE, "own-agency": "schools", "other-agency": "health",
                                        "escalation.reached": "stage-3", "escalation.stage-3.response": "none"}, TODAY)
    assert step["outcome"] == "waiting" and step["deadline"] is None
    (html,) = now_html([step])
    keys, text = row_keys(html), text_of(html)
    assert "If no response comes" in keys and f"Raise {step['next']['label']}: {step['next']['title']}" in text
    assert "safety comes first" not in text
    assert any("safety comes first" in n["text"] for n in step["notices"])


def test_model_waiting_names_who_it_was_raised_with_and_resolved_keeps_the_procedure_records():
    """The model procedure, Section 3.1.4 (the meeting of all parties): "Records of discussions must be maintained
    by all the agencies involved"; resolved there, "Do this now" gives those records and no one to contact."""
    steps = outcomes(POLICIES / "model" / "policy.yaml")
    waiting = next(s for s in steps if s["outcome"] == "waiting" and s["contacts"])
    resolved = next(s for s in steps if s["outcome"] == "resolved" and len(s["records"]) > 1)
    html_waiting, html_resolved = now_html([waiting, resolved])
    assert "Wait for the response to" in text_of(html_waiting)
    assert any(k.startswith("Raised with") for k in row_keys(html_waiting))
    assert not any(k.startswith(("Contact in", "Who they", "Raised with")) for k in row_keys(html_resolved))
    assert "Keep a record" in row_keys(html_resolved)
    assert "All the agencies involved keep records of the discussions." in text_of(html_resolved)


def test_suffolk_waiting_names_whose_response_and_the_next_step():
    """Suffolk, Dispute at the Point of Referral: waiting at a step, "Do this now" names the next step to take if no
    response comes."""
    p = policy("suffolk")
    steps = [s for s in outcomes(POLICIES / "suffolk" / "policy.yaml") if s["outcome"] == "waiting" and s["next"]]
    assert steps
    for step, html in zip(steps, now_html(steps)):
        assert f"Raise {step['next']['label']}: {step['next']['title']}" in text_of(html)
        assert p.immediate_risk.summary in step["safety"]


def test_where_the_policy_says_what_to_do_if_unresolved_do_this_now_points_to_its_words():
    """A stage with its own "if not resolved" words (``if_unresolved``): waiting, "Do this now" sends the practitioner
    to those words (in the details), not to the next stage by the guide's own reading."""
    scenario = next(s for s in MEDWAY if s.outcome == "waiting")
    step = next_step(policy("medway"), scenario.answers, scenario.today)
    step["if_unresolved"] = "Ask the partnership to arrange a meeting."
    (html,) = now_html([step])
    assert '<a href="#guide-next">What the policy says to do</a>' in html and "Raise Stage 2" not in html


def test_suffolk_a_step_counted_from_the_feedback_is_not_started_on_the_feedback_day():
    """Suffolk, Dispute at the Point of Referral: the next step is due "within a further one working day ... following
    receipt of feedback". "Do this now" said "Start it: Monday 9 November 2026", the day the feedback came (in the
    past); the advice now says the deadline counts from the response, and gives no day to start it on."""
    answers = {"immediate-risk": "no", "about": "referral", "own-agency": "health", "other-agency": "social-care",
               "referral.reached": "professionals", "referral.professionals.raised-on": "2026-11-02",
               "referral.professionals.response": "not-resolved", "referral.professionals.response-on": "2026-11-09"}
    step = next_step(policy("suffolk"), answers, "2026-11-10")
    assert step["kind"] == "advice" and step["outcome"] == "raise", step
    assert step["raised_on"] is None
    assert step["counted_from"]["text"] == "the response to Step 2, received on Monday 9 November 2026"
    assert "Start it" not in row_keys(now_html([step])[0])
