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
    page.add_script_tag(path=str(AXE))
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
    page.get_by_role("button", name="Fill in the Stage 3 Escalation Form").click()
    page.wait_for_selector("#guide-form[data-form]")
    assert violations(page) == [], "form section"
    guide.continue_()
    assert violations(page) == [], "form section with errors"
