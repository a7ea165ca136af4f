"""Shape fixtures without a browser test of their own, in Chromium (see tests/test_shape_parity.py for the list of
which test runs each fixture where). Each fixture's site is built alone, served, and walked as a practitioner would.

tests/shapes/riverside (see tests/test_riverside.py for CPython): step 3 counted from step 1 in the result and in
"Do this now"; step 2's acknowledgement and action plan with their dates and time, and the adults' inbox; step 1's
directory with the adults' help and "may consult" as optional; the instruction as an action; both owners; the
24-hour route.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import fixture_site
from .guide_driver import Guide

pytestmark = pytest.mark.browser

SHAPES = Path(__file__).parent / "shapes"
START = {"immediate-risk": "no", "too-slow": "no", "person": "adult"}


@pytest.fixture(scope="module")
def riverside_site(tmp_path_factory):
    yield from fixture_site(tmp_path_factory, SHAPES, "riverside", "2026-12-01")


def words(locator) -> str:
    return " ".join(locator.inner_text().split())


def test_riverside_step_3_from_step_1_the_instruction_and_the_owners(page, riverside_site):
    """"This discussion must occur within five working days of step 1."; "the person should remain in the care
    setting until the escalation has been resolved"; "This is a joint protocol of ..." """
    guide = Guide(page, riverside_site, "riverside", today="2026-12-04").open()
    owners = words(page.locator(".guide-owners"))
    assert "Riverside Safeguarding Children Partnership" in owners and "Riverside Safeguarding Adults Board" in owners
    guide.walk({**START, "care-setting": "yes", "escalation.reached": "step-2",
                "escalation.step-2.response": "not-resolved", "escalation.step-2.raised-on": "2026-12-03",
                "escalation.step-1.raised-on": "2026-11-30", "escalation.step-3.raise-on": "2026-12-04"})
    text = guide.screen_text()
    assert "Monday 7 December 2026" in text and "Friday 11 December 2026" not in text
    assert "Counted from Step 1 raised on Monday 30 November 2026" in text
    now = words(page.locator(".guide-now"))
    assert "Monday 7 December 2026" in now
    assert "Keep the person in the care setting until the escalation has been resolved." in now
    assert "Tell: " not in now or "care setting" not in now.split("Tell: ", 1)[1]
    guide.watch.assert_clean()


def test_riverside_step_2_actions_the_adults_inbox_and_step_1s_directory(page, riverside_site):
    """Step 2: "An acknowledgement must be provided immediately. Within 48 hours an agreed action plan must be sent";
    "e-mails the adults' safeguarding team". Step 1: the find-a-liaison-officer search; "may consult"."""
    guide = Guide(page, riverside_site, "riverside", today="2026-12-04").open()
    guide.walk({**START, "care-setting": "no", "escalation.reached": "step-1",
                "escalation.step-1.response": "not-resolved", "escalation.step-1.raised-on": "2026-11-30",
                "escalation.step-2.raise-on": "2026-12-04", "escalation.step-2.raise-at": "14:30"})
    now = words(page.locator(".guide-now"))
    assert "Acknowledge the escalation" in now and "Friday 4 December 2026" in now
    assert "Send an agreed action plan" in now and "Sunday 6 December 2026 at 14:30" in now
    assert page.locator('.guide-now a[href="mailto:adults.safeguarding@riverside.example.org"]').count() >= 1
    # No response time at step 2, but two timed actions: the calendar file is offered for them.
    assert page.locator('.guide-now button[data-action="calendar"]').count() == 1
    # The result is headed with each action's date in its own words, never a response's; the adults' inbox (no
    # `side`) by its own name, not "at the partnership" (tests/test_advice_wording.py).
    panel = words(page.locator(".guide-panel"))
    assert "Acknowledge the escalation by Friday 4 December 2026" in panel and "esponse" not in panel
    assert "Send an agreed action plan to the practitioner's line manager by Sunday 6 December 2026 at 14:30" in panel
    assert "at the partnership" not in now and "Who they contact The adults' safeguarding team" in now
    guide.watch.assert_clean()

    guide = Guide(page, riverside_site, "riverside", today="2026-11-30").open()
    guide.walk({**START, "care-setting": "no", "escalation.reached": "none",
                "escalation.step-1.raise-on": "2026-11-30"})
    now = page.locator(".guide-now")
    assert now.locator('a[href="https://riverside.example.org/find-a-liaison-officer"]').count() == 1
    assert "Search for the adult's GP practice or care provider." in words(now)
    assert "child's school" not in words(now)
    assert "You may also consult" in words(now) and "Optional" in words(now)
    guide.watch.assert_clean()


def test_riverside_24_hour_route(page, riverside_site):
    """"the line manager escalates directly to the head of service in the other agency the same working day, who
    must respond within 24 hours." """
    guide = Guide(page, riverside_site, "riverside", today="2026-12-02").open()
    guide.walk({"immediate-risk": "no", "too-slow": "yes", "person": "child", "urgent.reached": "none",
                "urgent.head-of-service.raise-on": "2026-12-02", "urgent.head-of-service.raise-at": "5pm"})
    assert "Fast route: 24-hour escalation" in words(page.locator(".guide-panel"))
    now = words(page.locator(".guide-now"))
    assert "Head of service" in now and "Thursday 3 December 2026 at 17:00" in now
    guide.watch.assert_clean()
