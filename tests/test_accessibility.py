"""WCAG 2.2 AA checks with axe-core (from npm, injected by the test only) on manual pages and guide screens."""

from __future__ import annotations

import pytest

from .conftest import ROOT
from .guide_driver import Guide
from .scenarios import MEDWAY

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page) -> list[dict]:
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
