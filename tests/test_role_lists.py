"""Issue 19: roles joined by commas read as more roles than there are (a title may hold a comma), and a role named
mid-sentence kept its capital ("You and Line manager or team manager raise ..."). The manual lists several roles,
as the guide does; roles who raise a stage together are joined by "and" in the guide's words."""

from __future__ import annotations

import json
import subprocess

from guide.engine.wording import mid_sentence
from guide.publish.manual import ManualRenderer

from .conftest import ROOT
from .test_scenarios import policy


def _page(slug: str, path: str) -> str:
    return next(p.markdown for p in ManualRenderer(policy(slug)).pages() if p.path == path)


def test_a_role_mid_sentence_is_in_lower_case_only_where_its_title_is_in_sentence_case():
    assert mid_sentence("Line manager or team manager") == "line manager or team manager"
    assert mid_sentence("The practitioner who disagrees") == "the practitioner who disagrees"
    assert mid_sentence("The agency's WSCB Board representative") == "the agency's WSCB Board representative"
    for kept in ("Head of Service", "Designated Safeguarding Lead or Head of Service", "IRO", "A", ""):
        assert mid_sentence(kept) == kept


def test_the_page_script_has_the_same_rule():
    titles = ["Line manager or team manager", "The practitioner who disagrees", "Head of Service", "IRO", "A", "",
              "The agency's WSCB Board representative"]
    script = (f"import('{ROOT / 'guide/web/guide/now.mjs'}').then((m) => "
              f"console.log(JSON.stringify({json.dumps(titles)}.map(m.midSentence))))")
    out = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [mid_sentence(t) for t in titles]


def test_wirral_stage_2_lists_its_two_roles_and_medway_stage_2_raisers_read_as_a_sentence():
    wirral = _page("wirral", "pathways/escalation.md")
    assert "Manager, Safeguarding lead" not in wirral
    assert "    - Manager\n    - Safeguarding lead (or equivalent)\n" in wirral
    medway = _page("medway", "pathways/escalation.md")
    assert "**Who raises it:** The practitioner who disagrees and line manager or team manager." in medway


def test_medway_form_is_sent_to_two_roles_listed_not_four_by_commas():
    form = _page("medway", "forms/stage-3-escalation.md")
    assert ("**Send it to:**\n\n- Assistant Director, Deputy Director, Headteacher, Governor or equivalent\n"
            "- Detective Superintendent, Head of Safeguarding\n") in form


def _now_html(step: dict) -> str:
    """'Do this now' as the page script writes it, in Node, with the default words."""
    wording = json.loads((ROOT / "guide/engine/wording.json").read_text(encoding="utf-8"))
    script = (
        f"const words = {json.dumps(wording)};"
        "const t = (key, values = {}) => words[key].replace(/\\{(\\w+)\\}/g, (m, k) => (k in values ? values[k] : m));"
        f"import('{ROOT / 'guide/web/guide/now.mjs'}').then((m) => console.log(m.nowHtml({{ t }}, {json.dumps(step)})))")
    out = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    return out.stdout


def test_do_this_now_gives_a_duty_contact_its_route_or_its_manual_entry():
    """Issue 19 follow-up: "Do this now" showed only a duty contact's e-mail, so Wirral's Business Manager (no inbox)
    was named with no way to reach it; the details below linked its manual entry. Both now say the same."""
    from guide.engine import next_step
    from .scenarios import WIRRAL
    resolved = next(s for s in WIRRAL if s.outcome == "resolved" and "stage 2" in s.name)
    step = next_step(policy("wirral"), resolved.answers, resolved.today)
    html = _now_html(step)
    assert 'href="../contacts/#business-manager"' in html
    step["duties"][0]["contact"].update(email=None, phone="01234 567 890", website="https://example.org/wscb")
    html = _now_html(step)
    assert 'href="tel:01234567890"' in html and 'href="https://example.org/wscb"' in html
    assert "contacts/#business-manager" not in html


def test_do_this_now_names_a_form_to_send_that_the_guide_cannot_fill():
    """Wirral, resolved at stage 2: "Do this now" said to tell the Business Manager but not what to send them (the
    proforma, which the guide cannot fill in: the chapter does not reproduce it). It now names it, linked to the
    manual; while raising the stage it is not offered at all."""
    from guide.engine import next_step
    from .scenarios import WIRRAL
    resolved = next(s for s in WIRRAL if s.outcome == "resolved" and "stage 2" in s.name)
    html = _now_html(next_step(policy("wirral"), resolved.answers, resolved.today))
    assert 'href="../forms/stage-2-proforma/"' in html
    assert "Proforma for reporting conflicts resolved at stage 2 (Appendix 1)" in html


def _result_html(step: dict) -> str:
    """The whole result as the page script writes it, in Node, with the default words."""
    from .test_advice_wording import render_with

    return render_with(json.loads((ROOT / "guide/engine/wording.json").read_text(encoding="utf-8")), step)


def test_a_stage_already_resolved_is_not_to_be_raised_within_a_day():
    """Wirral, resolved at stage 2: the details still said "Raise it within 1 working day." """
    from guide.engine import next_step
    from .scenarios import WIRRAL
    wirral = policy("wirral")
    resolved = next(s for s in WIRRAL if s.outcome == "resolved" and "stage 2" in s.name)
    assert "Raise it within" not in _result_html(next_step(wirral, resolved.answers, resolved.today))
    raising = next(s for s in WIRRAL if s.outcome == "raise" and s.stage.startswith("Stage 2"))
    assert "Raise it within 1 working day." in _result_html(next_step(wirral, raising.answers, raising.today))
