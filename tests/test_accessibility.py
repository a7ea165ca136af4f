"""WCAG 2.2 AA checks with axe-core (from npm, injected by the test only) on manual pages and guide screens."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import POLICIES, ROOT
from .guide_driver import ENGINE_TIMEOUT, Guide
from .scenarios import MEDWAY

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page) -> list[dict]:
    # After the header's fades (Material swaps the page title in as a screen scrolls): mid-fade, text is paler.
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
    # A fade can start just after the screen settles (the header swaps in the page title as focus scrolls the
    # screen): wait a moment and for quiet again, so that a colour is never measured mid-fade.
    page.wait_for_timeout(300)
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
    # Evaluated through DevTools, not as a page script: the site's Content Security Policy runs no inline script.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags}})).violations.map(
            v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))""",
        TAGS)


@pytest.mark.parametrize("path", ["", "medway/", "medway/pathways/escalation/", "medway/forms/stage-3-escalation/",
                                  "medway/versions/", "medway/2016-06/", "suffolk/pathways/referral/", "wirral/contacts/",
                                  "model/glossary/", "medway/routes/"])
def test_manual_pages_have_no_wcag_violations(page, site_server, path):
    page.goto(f"{site_server}/{path}")
    assert violations(page) == []


@pytest.mark.parametrize("slug", sorted(p.name for p in POLICIES.iterdir() if (p / "policy.yaml").exists()))
def test_a_glossary_with_its_navigation_scrolled_has_no_wcag_violations(page, site_server, slug):
    """Issue 19: at 1280 x 800 the theme scrolls the navigation to the glossary's entry, and in Suffolk's two 18 px
    links then sat closer than 24 px to each other (target-size)."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{site_server}/{slug}/glossary/")
    assert violations(page) == []


def test_search_results_have_no_wcag_violations(page, site_server):
    """Issue 19: the count of results ("12 matching documents") was 4.41:1 on the theme's grey (color-contrast)."""
    page.goto(f"{site_server}/medway/")
    page.locator("input.md-search__input").focus()
    page.locator("input.md-search__input").press_sequentially("stage", delay=30)
    expect(page.locator(".md-search-result__meta")).to_be_visible(timeout=15_000)
    page.wait_for_selector(".md-search-result__item")
    assert violations(page) == []


def test_guide_screens_have_no_wcag_violations(page, site_server):
    guide = Guide(page, site_server, "medway").open()
    assert violations(page) == [], "first question"
    guide.continue_()
    assert violations(page) == [], "error summary"
    guide.walk(MEDWAY[0].answers)
    assert violations(page) == [], "advice"
    page.get_by_role("button", name="Draft the e-mails").click()
    page.wait_for_selector("#guide-drafts a")
    assert violations(page) == [], "advice with e-mail drafts"
    page.get_by_role("button", name="Start again").click()
    page.wait_for_selector("text=Start again?")
    assert violations(page) == [], "start again?"
    page.get_by_role("button", name="No, go back").click()
    page.get_by_role("button", name="Fill in the Stage 3 Escalation Form").first.click()
    page.wait_for_selector("#guide-form[data-form]")
    assert violations(page) == [], "form section"
    guide.continue_()
    assert violations(page) == [], "form section with errors"
    page.get_by_role("link", name="Back").first.click()            # to the advice
    page.get_by_role("button", name="Make an escalation record").click()
    guide.fill_form({"Your name and job title": "Alex Jones, Social Worker",
                     "Your work e-mail address or telephone number": "01634 000000"})
    guide.fill_form({"Child's name or initials": "SE"})
    page.wait_for_selector("input[type=radio][name=theme]")
    assert violations(page) == [], "form section with a choice (the kind of disagreement)"


def test_manual_pages_print_cleanly(page, site_server, tmp_path):
    """Print media: the navigation, header and search go; the content and the version line stay."""
    from pypdf import PdfReader

    page.goto(f"{site_server}/medway/pathways/escalation/")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".headerlink"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".policy-meta__version").is_visible()
    assert not page.locator(".policy-meta__guide").is_visible()
    pdf = tmp_path / "escalation.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages).split())
    assert "Stage 3: Escalate to Assistant/Deputy Directors" in text
    assert "Version not stated in the source" in text
    assert "Search" not in text.split("Escalating a disagreement about a child")[0]


FOCUS_STATE = """() => {
  const e = document.activeElement;
  const r = e.getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
  const s = getComputedStyle(e);
  const marks = [s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 ? "outline" : "",
                 s.boxShadow !== "none" ? "shadow" : ""];
  for (const label of e.labels || []) {
    if (getComputedStyle(label, "::before").boxShadow !== "none") marks.push("label");
  }
  return {
    what: `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""} ${(e.innerText || e.value || e.name || "").slice(0, 40)}`,
    skip: e.matches(".md-skip"), onTop: e.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)),
    tag: e.tagName, inHeader: !!e.closest(".md-header"), inMenu: !!e.closest(".md-sidebar--primary"), inSearch: !!e.closest(".md-search__output"),
    hidden: e.checkVisibility ? !e.checkVisibility({visibilityProperty: true, opacityProperty: false}) : false,
    top: r.top, bottom: r.bottom, header, height: innerHeight, marked: marks.filter(Boolean),
    submit: e.matches("#guide-form button[type=submit]"),
    answer: e.matches("#guide-form input[name=answer], #guide-date input"),
  };
}"""


def tab(page) -> dict:
    """Press Tab once; where focus went, and whether it can be seen: drawn, in the window, not under the header."""
    page.keyboard.press("Tab")
    state = page.evaluate(FOCUS_STATE)
    where = state["what"]
    assert state["tag"] != "BODY", "focus fell to the page body"
    assert not state["inMenu"], f"focus went into the closed menu: {where}"
    assert not state["inSearch"] and not state["hidden"], f"focus went to something hidden: {where}"
    assert state["marked"], f"no focus indicator on {where}"
    if state["skip"]:  # the skip link is drawn over the header while it has focus
        assert state["onTop"], f"{where} is hidden under something"
    elif not state["inHeader"]:  # the header's own controls (search) are the header
        assert state["top"] >= state["header"] - 1, f"{where} is under the sticky header"
        assert state["bottom"] <= state["height"] + 1, f"{where} is below the window"
    return state


def tab_to(page, done, limit: int = 25) -> dict:
    for _ in range(limit):
        state = tab(page)
        if done(state):
            return state
    raise AssertionError("Tab never reached the control")


def test_a_keyboard_only_walk_at_320_px_keeps_focus_visible_and_in_view(page, site_server):
    """Issue 11 (400% zoom is a 320 px wide window): the Tab order goes from the header to the question, never into
    the closed menu or search; every stop is drawn, in the window and clear of the sticky header; a walk to the
    Medway stage 3 advice needs only Tab, the arrow keys, typing and Enter."""
    page.set_viewport_size({"width": 320, "height": 640})
    guide = Guide(page, site_server, "medway").open()
    answers = MEDWAY[0].answers
    for _ in range(30):
        qid = guide.question_id()
        if qid is None:
            break
        state = tab_to(page, lambda s: s["answer"])
        value = answers[qid]
        if page.locator("#guide-date").count():
            year, month, day = value.split("-")
            page.keyboard.type(str(int(day)))
            assert tab(page)["what"].startswith("input#guide-date-month")
            page.keyboard.type(str(int(month)))
            assert tab(page)["what"].startswith("input#guide-date-year")
            page.keyboard.type(year)
        else:
            page.keyboard.press("Space")
            for _ in range(10):
                if page.locator(f'#guide-form input[name="answer"][value="{value}"]').is_checked():
                    break
                page.keyboard.press("ArrowDown")
            expect(page.locator(f'#guide-form input[name="answer"][value="{value}"]')).to_be_checked()
        tab_to(page, lambda s: s["submit"])
        before = page.evaluate("document.getElementById('guide').dataset.screen")
        page.keyboard.press("Enter")
        page.wait_for_function("b => document.getElementById('guide').dataset.screen !== b", arg=before,
                               timeout=ENGINE_TIMEOUT)
        heading = page.locator("#guide-heading").bounding_box()
        assert heading["y"] >= 48 - 1, "the new screen's heading is under the sticky header"
        assert page.locator("#guide-error-summary, .govuk-error-summary").count() == 0, qid
    expect(page.locator("#guide-heading")).to_have_text(f"Your next step: {MEDWAY[0].stage}")
    # The result: the first stops are the "Do this now" panel's links and buttons, each in view.
    stops = [tab(page)["what"] for _ in range(8)]
    assert any("Fill in the Stage 3 Escalation Form" in s for s in stops), stops


@pytest.mark.parametrize("slug", sorted(p.name for p in POLICIES.iterdir() if (p / "policy.yaml").exists()))
def test_the_first_question_and_its_answers_are_in_the_first_screen_of_a_phone(page, site_server, slug):
    """Issue 11: on a 390 x 844 phone the first question and every answer to it show without scrolling."""
    page.set_viewport_size({"width": 390, "height": 844})
    Guide(page, site_server, slug).open()
    legend = page.locator("#guide-form legend").bounding_box()
    last = page.locator("#guide-form .govuk-radios__item").last.bounding_box()
    assert legend["y"] >= 48 and last["y"] + last["height"] <= 844, (legend, last)
    expect(page.locator("#immediate-risk a[href^='tel:']")).to_be_in_viewport()


def test_who_acts_the_form_and_the_download_confirmation_have_no_wcag_violations(page, site_server):
    """Issue 19: the states it changed, at 390 px: the first screen with "Continue an escalation" linked, Do this now
    with who raises the stage, a form screen that asks for the child's details, and the confirmation of a download
    with what to do next."""
    page.set_viewport_size({"width": 390, "height": 844})
    guide = Guide(page, site_server, "medway").open()
    expect(page.locator("#guide-resume-link")).to_be_visible()
    assert violations(page) == [], "first question, with the link to continue an escalation"
    guide.walk(MEDWAY[0].answers)
    assert violations(page) == [], "advice: who raises it"
    page.get_by_role("button", name="Make an escalation record").click()
    guide.fill_form({"Your name and job title": "Alex Jones, Social Worker",
                     "Your work e-mail address or telephone number": "01634 000000"})
    page.wait_for_selector(".guide-form__personal")
    assert violations(page) == [], "form section asking for the child's details"
    guide.fill_form({"Child's name or initials": "SE"})
    guide.fill_form({"What the disagreement is about": "x", "What you want to happen": "y"})
    with page.expect_download():
        page.get_by_role("button", name="Download the Escalation record (Word)").click()
    expect(page.locator("#guide-saved")).to_be_focused()
    expect(page.locator("#guide-saved")).to_contain_text("Continue an escalation")
    assert violations(page) == [], "download confirmed, with what to do next"
