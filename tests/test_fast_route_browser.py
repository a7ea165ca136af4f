"""The fast-route fixture (tests/shapes/fastroute) in Chromium: its site built on its own, served, and walked as a
practitioner would (see tests/test_fast_route.py for CPython). The fast route's question comes straight after
immediate risk; its result says it is the fast route, with the question, its contacts and its deadline with a time;
the normal route points to it; the manual's home page shows it under the immediate-risk rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import fixture_site
from .guide_driver import Guide

pytestmark = pytest.mark.browser

SHAPES = Path(__file__).parent / "shapes"
QUESTION = "Could the child suffer significant harm before the normal process can complete?"


@pytest.fixture(scope="module")
def fast_site(tmp_path_factory):
    yield from fixture_site(tmp_path_factory, SHAPES, "fastroute", "2026-12-01")


def test_the_guide_asks_the_fast_question_and_gives_the_fast_route(page, fast_site):
    guide = Guide(page, fast_site, "fastroute", today="2026-12-02").open()
    guide.answer("no")                                   # immediate risk
    assert guide.question_id() == "too-slow" and guide.heading.inner_text() == QUESTION
    guide.walk({"too-slow": "yes", "own-agency": "health", "other-agency": "social-care", "urgent.reached": "none",
                "urgent.head-of-service.raise-on": "2026-12-02",
                "urgent.head-of-service.raise-at": "not-known"})
    assert "Fast route: Urgent escalation" in page.locator(".guide-panel").inner_text()
    text = guide.screen_text()
    assert f"You answered yes to: {QUESTION}" in text
    now = " ".join(page.locator(".guide-now").inner_text().split())      # "Do this now"
    assert "Head of Service" in now and "Children's social care" in now
    assert "01632 960 000" in now                                        # the duty line, offered as optional
    assert "Wednesday 2 December 2026 at 23:59" in now                  # the deadline, with its time
    assert page.locator('button[data-form="urgent-form"]').count() >= 1
    guide.watch.assert_clean()


def test_the_normal_route_points_to_the_fast_route_and_the_manual_shows_it(page, fast_site):
    guide = Guide(page, fast_site, "fastroute", today="2026-12-02").open()
    guide.walk({"immediate-risk": "no", "too-slow": "no", "own-agency": "health", "other-agency": "social-care",
                "escalation.reached": "none", "escalation.step-1.raise-on": "2026-12-02"})
    assert page.locator(".guide-panel--fast").count() == 0
    link = page.locator(".guide-fast-routes a")
    assert link.count() == 1 and "Urgent escalation" in link.inner_text()
    assert link.get_attribute("href").endswith("pathways/urgent/")
    guide.watch.assert_clean()
    page.goto(f"{fast_site}/fastroute/")
    box = page.locator("#fast-route-urgent")
    text = " ".join(box.inner_text().split())
    assert "Fast route" in text and QUESTION in text and "24 hours" in text
    assert box.locator('a[href$="pathways/urgent/"]').count() == 1


def test_the_fast_route_screens_and_pages_have_no_wcag_violations(page, fast_site):
    from .test_accessibility import violations

    guide = Guide(page, fast_site, "fastroute", today="2026-12-02").open()
    guide.walk({"immediate-risk": "no", "too-slow": "yes", "own-agency": "health", "other-agency": "social-care",
                "urgent.reached": "none", "urgent.head-of-service.raise-on": "2026-12-02",
                "urgent.head-of-service.raise-at": "not-known"})
    assert violations(page) == []
    for path in ("", "pathways/urgent/", "pathways/escalation/"):
        page.goto(f"{fast_site}/fastroute/{path}")
        assert violations(page) == [], path
