"""The joint protocol fixture (tests/shapes/joint) in Chromium (see tests/test_joint_protocol.py for CPython).

Its site is built on its own, served, and walked as a practitioner would: the guide page names both owning bodies
and says "Find your level"; the result names the level's group and says the policy's words for the person at risk;
the manual's first page lists the owners and the pathway page heads each group with its levels.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import fixture_site
from .guide_driver import Guide
from .test_accessibility import violations

pytestmark = pytest.mark.browser

SHAPES = Path(__file__).parent / "shapes"


@pytest.fixture(scope="module")
def joint_site(tmp_path_factory):
    yield from fixture_site(tmp_path_factory, SHAPES, "joint", "2026-12-01")


def test_the_guide_and_the_manual_say_the_owners_the_levels_and_their_groups(page, joint_site):
    guide = Guide(page, joint_site, "joint", today="2026-12-02").open()
    assert page.title().startswith("Find your level")
    owners = " ".join(page.locator(".guide-owners").inner_text().split())
    assert owners == ("This is a joint protocol of Eastmoor Safeguarding Children Partnership and Eastmoor "
                      "Safeguarding Adults Board.")
    heading = guide.walk({"immediate-risk": "no", "escalation.reached": "level-2",
                          "escalation.level-2.response": "not-resolved", "escalation.level-2.raised-on": "2026-11-30",
                          "escalation.level-3.raise-on": "2026-12-02"})
    assert heading == "Your next step: Level 3: Service manager to service manager"
    assert page.locator(".guide-panel .guide-group").inner_text() == "Formal escalation"
    text = guide.screen_text()
    assert "Wednesday 9 December 2026" in text
    assert violations(page) == []
    guide.watch.assert_clean()

    page.goto(f"{joint_site}/")                # the site's index of partnerships
    assert ("Eastmoor Safeguarding Partnerships: Joint escalation protocol. A joint protocol of Eastmoor Safeguarding "
            "Children Partnership and Eastmoor Safeguarding Adults Board.") in " ".join(
        page.locator("main").inner_text().split())

    page.goto(f"{joint_site}/joint/")
    main = " ".join(page.locator("main").inner_text().split())
    assert "Who owns this policy" in main
    assert "Eastmoor Safeguarding Adults Board (ESAB). Chair: Independent Chair of the Adults Board." in main
    assert page.locator('a[href="mailto:esab@eastmoor.example.org"]').count() >= 1
    assert "If an adult, child or young person is at immediate risk" in main
    assert violations(page) == []

    page.goto(f"{joint_site}/joint/pathways/escalation/")
    groups = [" ".join(h.split()).rstrip("¶") for h in page.locator("main h2").all_inner_texts()]
    assert [g for g in groups if "resolution" in g or "escalation" in g.lower()] == [
        "Informal resolution", "Formal escalation"]
    levels = page.locator("#group-formal ~ h3").all_inner_texts()
    assert [" ".join(h.split())[:7] for h in levels] == ["Level 3", "Level 4", "Level 5"]
    assert "or sooner if the adult, child or young person's safety requires it" in page.locator("main").inner_text()
    assert violations(page) == []

    page.goto(f"{joint_site}/joint/contacts/")
    assert "Chair: Independent Scrutineer of the Children Partnership" in page.locator("main").inner_text()
    assert violations(page) == []
