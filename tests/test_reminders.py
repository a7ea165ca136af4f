"""Issue 11, the calendar: the escalation's dates as an iCalendar file (RFC 5545), parsed here by `icalendar`."""

from __future__ import annotations

from datetime import date

import icalendar
import pytest

from guide.engine.reminders import calendar_file, calendar_name
from guide.publish.policy_files import load_policy

from .conftest import BUILD_TODAY, POLICIES
from .scenarios import MEDWAY

# Every test here encodes Medway's dates: a fork without Medway's policy skips them.
pytestmark = pytest.mark.skipif(not (POLICIES / "medway" / "policy.yaml").exists(), reason="Medway's policy is not here")


@pytest.fixture(scope="module")
def medway():
    return load_policy(POLICIES / "medway" / "policy.yaml", today=BUILD_TODAY)


def _events(text: str) -> list:
    return [c for c in icalendar.Calendar.from_ical(text).walk("VEVENT")]


def test_stage_3_gives_the_response_deadline_and_the_day_to_decide_on_stage_4(medway):
    """Medway Section 4, Stage 3: "A response is required within 5 working days." Raised on Friday 20 November
    2026, the response is due on Friday 27 November; the day after it to decide on Stage 4 is Monday 30 November."""
    scenario = MEDWAY[0]
    text = calendar_file(medway, scenario.answers, scenario.today)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    due, decide = _events(text)
    assert due.decoded("dtstart") == date(2026, 11, 27) and due.decoded("dtend") == date(2026, 11, 28)
    assert str(due["summary"]) == "Response due: Stage 3: Escalate to Assistant/Deputy Directors"
    description = str(due["description"])
    assert "Detective Superintendent, Head of Safeguarding" in description     # whom to chase, commas unescaped
    assert "Stage 4: Involving the Medway Safeguarding Children Partnership" in description
    assert decide.decoded("dtstart") == date(2026, 11, 30)
    assert str(decide["summary"]).startswith("Decide: go on to Stage 4")
    assert due["uid"] != decide["uid"]


def test_lines_are_folded_at_75_octets_with_crlf(medway):
    scenario = MEDWAY[0]
    text = calendar_file(medway, scenario.answers, scenario.today)
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))


def test_bank_holidays_move_the_dates(medway):
    """Raised on Monday 21 December 2026: 5 working days skip Christmas Day and the Boxing Day holiday (Monday 28),
    so the response is due on Wednesday 30 December and the decision falls on Thursday 31 December."""
    answers = dict(MEDWAY[0].answers)
    for key in list(answers):
        if key.endswith("raise-on"):
            answers[key] = "2026-12-21"
    due, decide = _events(calendar_file(medway, answers, "2026-12-21"))
    assert due.decoded("dtstart") == date(2026, 12, 30)
    assert decide.decoded("dtstart") == date(2026, 12, 31)


def test_no_date_no_calendar(medway):
    """Nothing to remind of: a route that ends at a signpost, or answers not finished."""
    assert calendar_file(medway, {"immediate-risk": "yes"}, "2026-11-20") is None
    assert calendar_file(medway, {}, "2026-11-20") is None


def test_the_file_name_and_content_never_hold_what_the_practitioner_typed(medway):
    """The engine is never given the child's details for a calendar: only the answers to the questions, which are
    options and dates. Even answers that are not options leave no trace."""
    answers = dict(MEDWAY[0].answers, **{"child-name": "Alice Example"})
    text = calendar_file(medway, answers, MEDWAY[0].today)
    assert "Alice" not in text
    assert calendar_name(medway, "2026-11-20") == "escalation-dates-medway-2026-11-20.ics"


LINE_BREAKS = "\r\n", "\r", "\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"


def test_line_breaks_in_policy_text_stay_inside_their_property(tmp_path):
    """Issue 24 point 6: a bare CR in policy text reached the .ics unescaped, a new line (and so an extra property)
    for a parser that ends lines at any CR, LF or Unicode line break. Every break is escaped as TEXT (RFC 5545
    3.3.11) or left out, so even such a parser finds only the event's own properties."""
    import re
    import shutil

    folder = tmp_path / "medway"
    shutil.copytree(POLICIES / "medway", folder)
    policy_file = folder / "policy.yaml"
    text = policy_file.read_text(encoding="utf-8")
    hostile = ('"Escalate\\rATTENDEE:mailto:a@example.org\\nX-LF:1\\r\\nX-CRLF:1\\x85X-NEL:1'
               '\\u2028X-LS:1 to Assistant/Deputy Directors"')
    policy_file.write_text(text.replace("title: Escalate to Assistant/Deputy Directors", f"title: {hostile}", 1),
                           encoding="utf-8")
    policy = load_policy(policy_file, today=BUILD_TODAY)
    scenario = MEDWAY[0]
    calendar = calendar_file(policy, scenario.answers, scenario.today)
    assert "ATTENDEE" in calendar, "the hostile title is in the file"
    lines = calendar.split("\r\n")
    assert not [line for line in lines if re.search(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]", line)]
    lenient = "\r\n".join(re.split("|".join(map(re.escape, LINE_BREAKS)), calendar))
    for event in icalendar.Calendar.from_ical(lenient).walk("VEVENT"):
        assert set(event) == {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "TRANSP"}
    summary = str(_events(calendar)[0]["summary"])
    assert summary.startswith("Response due: Stage 3: Escalate\nATTENDEE:mailto:a@example.org\nX-LF:1\nX-CRLF:1")
