"""The fixture policy of deadlines counted from named events, in Chromium (see tests/test_timing.py for CPython).

The fixture's site is built on its own (from tests/time_policies/), served, and walked as a practitioner would:
"Do this now" and the result give step 3's review counted from step 1, and each timed action with its date and time;
where hours count from an event, the guide asks its time after its date and counts from it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import fixture_site
from .guide_driver import Guide

pytestmark = pytest.mark.browser

POLICIES = Path(__file__).parent / "time_policies"


@pytest.fixture(scope="module")
def timed_site(tmp_path_factory):
    yield from fixture_site(tmp_path_factory, POLICIES, "timed", "2026-12-01")


def test_the_guide_counts_from_step_1_and_dates_each_timed_action(page, timed_site):
    guide = Guide(page, timed_site, "timed", today="2026-12-03").open()
    guide.walk({"immediate-risk": "no", "escalation.reached": "step-2", "escalation.step-2.response": "not-resolved",
                "escalation.step-2.raised-on": "2026-12-02", "escalation.step-1.raised-on": "2026-11-30",
                "escalation.step-3.raise-on": "2026-12-04", "escalation.step-3.raise-at": "not-known"})
    text = guide.screen_text()
    assert "Monday 14 December 2026" in text
    assert "10 working days after the escalation starts (Step 1 raised)" in text
    assert "Counted from Step 1 raised on Monday 30 November 2026" in text
    now = " ".join(page.locator(".guide-now").inner_text().split())      # "Do this now"
    assert "Acknowledge the escalation" in now and "Friday 4 December 2026" in now
    assert "Send an agreed action plan" in now and "Saturday 5 December 2026 at 23:59" in now
    guide.watch.assert_clean()


def test_the_guide_asks_the_time_and_counts_24_hours_from_it(page, timed_site):
    """Issue 20.1: "24 hours" from Step 4 raised on Friday 18 December at 17:00 is due on Saturday at 17:00."""
    from .test_accessibility import violations

    guide = Guide(page, timed_site, "timed", today="2026-12-17").open()
    for qid, value in (("immediate-risk", "no"), ("escalation.reached", "step-3"),
                       ("escalation.step-3.response", "not-resolved"), ("escalation.step-3.raised-on", "2026-12-04"),
                       ("escalation.step-4.raise-on", "2026-12-18")):
        assert guide.question_id() == qid
        guide.answer(value)
    assert guide.question_id() == "escalation.step-4.raise-at"
    assert guide.heading.inner_text() == "What time are you raising Step 4?"
    assert page.get_by_label("Time", exact=True).count() == 1                  # the input has its label
    assert violations(page) == []
    # Not a time: a plain message, linked from the summary, and what was typed is kept.
    guide.answer("25:61")
    assert guide.question_id() == "escalation.step-4.raise-at"
    assert "like 17:00, 17.00, 5pm or 5:30pm" in page.locator(".govuk-error-summary").inner_text()
    assert page.locator("#guide-time").input_value() == "25:61"
    assert page.locator('.govuk-error-summary a[href="#guide-time"]').count() == 1
    guide.answer("5pm")
    now = " ".join(page.locator(".guide-now").inner_text().split())      # "Do this now"
    assert "Saturday 19 December 2026 at 17:00" in now
    text = guide.screen_text()
    assert "Friday 18 December 2026 at 17:00" in text                        # the date and time to start
    assert "(clock hours)" in text and "start of that day" not in text
    assert "5pm" not in text and "17:00" in text
    guide.watch.assert_clean()


def test_i_do_not_know_the_time_is_a_checkbox_reached_by_keyboard(page, timed_site):
    guide = Guide(page, timed_site, "timed", today="2026-12-17").open()
    for value in ("no", "step-3", "not-resolved", "2026-12-04", "2026-12-18"):
        guide.answer(value)
    assert guide.question_id() == "escalation.step-4.raise-at"
    page.locator("#guide-time").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "guide-answer-0"
    page.keyboard.press("Space")
    guide.continue_()
    text = guide.screen_text()
    assert "Friday 18 December 2026 at 23:59" in text
    assert "counted from the start of that day, as the time is not known" in text
    guide.watch.assert_clean()
