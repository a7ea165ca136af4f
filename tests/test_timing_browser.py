"""The fixture policy of deadlines counted from named events, in Chromium (see tests/test_timing.py for CPython).

The fixture's site is built on its own (from tests/time_policies/), served, and walked as a practitioner would:
"Do this now" and the result give step 3's review counted from step 1, and each timed action with its date and time.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from .conftest import ROOT
from .guide_driver import Guide

pytestmark = pytest.mark.browser

POLICIES = Path(__file__).parent / "time_policies"


@pytest.fixture(scope="module")
def timed_site(tmp_path_factory):
    from guide.publish.site import build_site, make_server

    out = tmp_path_factory.mktemp("timed")
    build_site(ROOT, out / "site", only="timed", today="2026-12-01", work=out / "work", policies=POLICIES)
    server = make_server(out / "site", "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_guide_counts_from_step_1_and_dates_each_timed_action(page, timed_site):
    guide = Guide(page, timed_site, "timed", today="2026-12-03").open()
    guide.walk({"immediate-risk": "no", "escalation.reached": "step-2", "escalation.step-2.response": "not-resolved",
                "escalation.step-2.raised-on": "2026-12-02", "escalation.step-1.raised-on": "2026-11-30",
                "escalation.step-3.raise-on": "2026-12-04"})
    text = guide.screen_text()
    assert "Monday 14 December 2026" in text
    assert "10 working days after the escalation starts (Step 1 raised)" in text
    assert "Counted from Step 1 raised on Monday 30 November 2026" in text
    now = " ".join(page.locator(".guide-now").inner_text().split())      # "Do this now"
    assert "Acknowledge the escalation" in now and "Friday 4 December 2026" in now
    assert "Send an agreed action plan" in now and "Saturday 5 December 2026 at 23:59" in now
    guide.watch.assert_clean()
