"""Practitioner-facing words found wrong by a business manager's trial of the shape catalogue's fixtures. Each is the
engine's output (what both CPython and the page script show) and the page script's rendering of it, in Node:

1. a stage whose only dated things are timed actions (tests/shapes/riverside/, Step 2: "An acknowledgement must be
   provided immediately. Within 48 hours an agreed action plan must be sent") had no date in its headline, and its
   e-mails said "The policy asks for a response (the policy sets no timescale)": the headline now names each action
   its date belongs to ("Acknowledge the escalation by ..."), and nothing calls it a response;
2. past the last stage of a policy that says nothing of what happens next (riverside's Step 4), "Read what the
   policy says happens next, below" pointed to nothing: it now says plainly that the policy does not say;
3. a timescale marked ``indicative: true`` said so in its details but not beside its date in the headline, the
   calendar or the record: it now does, in the same words ("the policy gives this time as a guide");
4. an inbox named with no ``side`` (riverside's adults' safeguarding team: "the line manager also e-mails the adults'
   safeguarding team") read "The partnership or another body": it now reads "Contact", and an owner's inbox (Step 4's
   business units) "At Riverside Safeguarding Children Partnership".
"""

from __future__ import annotations

import html as html_text
import json
import re
import subprocess
from pathlib import Path

import pytest

from guide.engine import next_step
from guide.engine.documents import RECORD_ID, form_html
from guide.engine.email_drafts import email_drafts
from guide.engine.reminders import calendar_file
from guide.publish.manual import ManualRenderer
from guide.publish.policy_files import load_policy

from .conftest import ROOT

RIVERSIDE = ROOT / "tests" / "shapes" / "riverside" / "policy.yaml"
TIMED = ROOT / "tests" / "time_policies" / "timed"
WIRRAL = ROOT / "policies" / "wirral" / "policy.yaml"
START = {"immediate-risk": "no", "too-slow": "no", "care-setting": "no"}
# Step 2, raised on Friday 4 December (time not known), about an adult: the adults' inbox is named too.
STEP_2 = {**START, "person": "adult", "escalation.reached": "step-1", "escalation.step-1.response": "not-resolved",
          "escalation.step-1.raised-on": "2026-11-30", "escalation.step-2.raise-on": "2026-12-04",
          "escalation.step-2.raise-at": "not-known"}
# Step 4, the last, about a child: its contact is the Children Partnership's business unit.
STEP_4 = {**START, "person": "child", "escalation.reached": "step-3", "escalation.step-3.response": "not-resolved",
          "escalation.step-3.raised-on": "2026-11-30", "escalation.step-4.raise-on": "2026-12-04"}
PAST_STEP_4 = {**START, "person": "adult", "escalation.reached": "step-4", "escalation.step-4.raised-on": "2026-11-20"}
AS_A_GUIDE = "(the policy gives this time as a guide: the child's needs decide)"


@pytest.fixture(scope="module")
def riverside():
    return load_policy(RIVERSIDE)


def render(policy, step: dict, module: str = "result.mjs", function: str = "resultHtml") -> str:
    """The page script's HTML for an engine step, in Node, with the words the built page carries (pages.py)."""
    words = {k: v for k, v in policy.wording.texts.items() if k.startswith(("guide.", "why."))}
    return render_with(words, step, module, function)


def render_with(words: dict, step: dict, module: str = "result.mjs", function: str = "resultHtml") -> str:
    """The page script's HTML for an engine step, in Node, with these words."""
    script = (
        f"const words = {json.dumps(words)};"
        "const t = (key, values = {}) => (words[key] ?? key).replace(/\\{(\\w+)\\}/g, (m, k) => (k in values ? values[k] : m));"
        "const ctx = { t, data: { html: {} }, state: { current: 1, answers: {} } };"
        f"import('{ROOT / 'guide/web/guide' / module}').then((m) => console.log(m.{function}(ctx, {json.dumps(step)})))")
    out = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    return out.stdout


def text(html: str) -> str:
    return " ".join(html_text.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def panel(html: str) -> str:
    return text(html.split('<section class="guide-now"')[0])


# --- 1. a date headed with what it is for ---------------------------------------------------------------------


def test_a_stage_with_only_timed_actions_is_headed_by_each_action_never_a_response(riverside):
    step = next_step(riverside, STEP_2, "2026-12-04")
    assert step["deadline"] is None and step["timescale"]["kind"] == "not-stated"
    assert [(d["label"], d["text"]) for d in step["due"]] == [
        ("Acknowledge the escalation by", "Friday 4 December 2026"),
        ("Send an agreed action plan to the practitioner's line manager by", "Saturday 5 December 2026 at 23:59")]
    head = panel(render(riverside, step))
    assert "Acknowledge the escalation by Friday 4 December 2026" in head
    assert "Send an agreed action plan to the practitioner's line manager by Saturday 5 December 2026 at 23:59" in head
    assert "Response" not in head and "response" not in head


def test_the_e_mails_of_such_a_stage_name_its_actions_and_ask_for_no_response(riverside):
    for answers, today in ((STEP_2, "2026-12-04"),
                           ({**STEP_2, "escalation.reached": "step-2", "escalation.step-2.response": "none",
                             "escalation.step-2.raised-on": "2026-12-02", "escalation.step-2.raised-at": "10:00"},
                            "2026-12-03")):
        drafts = email_drafts(riverside, answers, today)
        assert drafts
        for draft in drafts:
            assert "asks for a response" not in draft["body"] and "(the policy sets no timescale)" not in draft["body"]
            assert "Acknowledge the escalation immediately: by" in draft["body"]


def test_waiting_at_such_a_stage_does_not_say_there_is_no_date_under_two_dates(riverside):
    waiting = {**STEP_2, "escalation.reached": "step-2", "escalation.step-2.response": "none",
               "escalation.step-2.raised-on": "2026-12-02", "escalation.step-2.raised-at": "10:00"}
    step = next_step(riverside, waiting, "2026-12-03")
    assert len(step["due"]) == 2
    untimed = next(n["text"] for n in step["notices"] if n["kind"] == "untimed")
    assert "no date to wait until" not in untimed
    assert untimed.startswith("The policy sets no timescale for a response to Step 2, only for its timed actions, so "
                              "the guide gives a date to each of those but none to wait for a response until.")


def test_the_record_heads_such_a_stage_with_its_actions(riverside):
    html = form_html(riverside, RECORD_ID, STEP_2, {}, "2026-12-04")
    assert "Acknowledge the escalation by Friday 4 December 2026; Send an agreed action plan" in html


def test_a_stage_with_a_response_time_is_still_headed_by_the_response(riverside):
    step = next_step(riverside, STEP_4, "2026-12-04")
    assert [(d["for"], d["label"]) for d in step["due"]] == [("response", "Response from the people contacted due by")]
    assert "Response from the people contacted due by Friday 18 December 2026" in panel(render(riverside, step))


# --- 2. past the last stage -------------------------------------------------------------------------------------


def test_past_the_last_stage_of_a_silent_policy_it_says_the_policy_does_not_say(riverside):
    end = next_step(riverside, {**PAST_STEP_4, "escalation.step-4.response": "not-resolved"}, "2026-12-03")
    assert end["outcome"] == "end" and end["after"] is None
    html = text(render(riverside, end))
    assert "Read what the policy says happens next, below" not in html
    assert "Step 4: The partnership was the last step in the policy. The policy does not say what happens after it." in html
    assert "This is the last step in the policy. The policy does not say what happens after it." in html
    waiting = next_step(riverside, {**PAST_STEP_4, "escalation.step-4.response": "none"}, "2026-11-25")
    assert waiting["outcome"] == "waiting" and waiting["next"] is None
    now = render(riverside, waiting, "now.mjs", "nowHtml")
    assert 'href="#guide-next"' not in now and "What happens next" not in now
    assert "This is the last step in the policy. The policy does not say what happens after it." in text(now)


def test_a_policy_that_says_what_happens_next_still_points_to_it():
    """Wirral's ``after`` ("Proformas sent to the WSCB Business Manager are ..."): the link and its words stay."""
    wirral = load_policy(WIRRAL)
    from .scenarios import WIRRAL as SCENARIOS
    end = next(s for s in SCENARIOS if s.outcome == "end")
    step = next_step(wirral, end.answers, end.today)
    html = text(render(wirral, step))
    assert step["after"] and "Read what the policy says happens next, below." in html
    assert "does not say what happens after it" not in html


# --- 3. an indicative date says so beside it --------------------------------------------------------------------


@pytest.fixture(scope="module")
def indicative(tmp_path_factory):
    """The timed fixture with ``indicative: true`` on every stage's timescale (as tests/test_indicative.py)."""
    from .test_indicative import _copy

    return load_policy(_copy(tmp_path_factory.mktemp("indicative"), True))


STEP_3 = {"immediate-risk": "no", "escalation.reached": "step-2", "escalation.step-2.response": "not-resolved",
          "escalation.step-2.raised-on": "2026-12-01", "escalation.step-1.raised-on": "2026-11-30",
          "escalation.step-3.raise-on": "2026-12-02", "escalation.step-3.raise-at": "09:00"}


def test_an_indicative_date_is_never_headed_as_a_hard_deadline(indicative):
    step = next_step(indicative, STEP_3, "2026-12-02")
    assert AS_A_GUIDE in step["timescale"]["text"]        # the details already said so
    assert step["due"][0]["as_a_guide"] == AS_A_GUIDE
    html = render(indicative, step)
    assert f"Response from the other agency due by Monday 14 December 2026 {AS_A_GUIDE}" in panel(html)
    now = text(render(indicative, step, "now.mjs", "nowHtml"))
    assert f"Monday 14 December 2026 {AS_A_GUIDE}" in now
    assert f"due today {AS_A_GUIDE}" in calendar_file(indicative, STEP_3, "2026-12-02").replace("\r\n ", "")
    record = html_text.unescape(form_html(indicative, RECORD_ID, STEP_3, {}, "2026-12-02"))
    assert f"Response due by Monday 14 December 2026 {AS_A_GUIDE}" in record


def test_a_firm_date_has_no_such_words():
    policy = load_policy(TIMED / "policy.yaml")
    step = next_step(policy, STEP_3, "2026-12-02")
    assert step["due"][0]["as_a_guide"] is None
    assert "as a guide" not in render(policy, step) and "as a guide" not in calendar_file(policy, STEP_3, "2026-12-02")


# --- 4. an inbox outside the two agencies, shown as what it is -------------------------------------------------


def test_an_inbox_with_no_side_reads_as_a_contact_not_the_partnership(riverside):
    step = next_step(riverside, STEP_2, "2026-12-04")
    inbox = next(c for c in step["contacts"] if c["contact"] and c["contact"]["id"] == "adults-inbox")
    assert inbox["side"] == "partnership" and inbox["body"] == {"kind": "contact", "name": "The adults' safeguarding team"}
    html = render(riverside, step)
    assert "The partnership or another body" not in html and "at the partnership" not in html
    assert "<dt>Contact</dt><dd>The adults&#39; safeguarding team" in html
    assert ">Who they contact</dt>" in html
    assert "The partnership or another body" not in form_html(riverside, RECORD_ID, STEP_2, {}, "2026-12-04")
    manual = next(p.markdown for p in ManualRenderer(riverside).pages() if p.path == "pathways/escalation.md")
    assert "- **Contact:** [The adults' safeguarding team](../contacts.md#adults-inbox)" in manual
    assert "The partnership or another body" not in manual


def test_an_owners_inbox_reads_as_that_owners(riverside):
    step = next_step(riverside, STEP_4, "2026-12-04")
    assert [c["body"] for c in step["contacts"]] == [
        {"kind": "owner", "name": "Riverside Safeguarding Children Partnership"}]
    html = render(riverside, step)
    assert ">At Riverside Safeguarding Children Partnership</dt>" in html
    assert ">Who they contact at Riverside Safeguarding Children Partnership</dt>" in html
    manual = next(p.markdown for p in ManualRenderer(riverside).pages() if p.path == "pathways/escalation.md")
    assert "- **At Riverside Safeguarding Adults Board:** [The Adults Board's business unit]" in manual


def test_a_role_at_the_partnership_reads_as_before():
    """The timed fixture's Step 4, the partnership's chair: a role, the partnership's."""
    policy = load_policy(TIMED / "policy.yaml")
    answers = {"immediate-risk": "no", "escalation.reached": "step-3", "escalation.step-3.response": "not-resolved",
               "escalation.step-1.raised-on": "2026-11-30", "escalation.step-3.raised-on": "2026-12-02",
               "escalation.step-4.raise-on": "2026-12-17", "escalation.step-4.raise-at": "17:00"}
    step = next_step(policy, answers, "2026-12-17")
    assert step["contacts"][0]["body"]["kind"] == "partnership"
    assert ">The partnership or another body</dt>" in render(policy, step)
