"""Working days: weekends and England and Wales bank holidays do not count (the holidays package, handed in as data)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from guide.publish.bank_holidays import bank_holidays
from guide.engine import next_step
from guide.engine.model import Timescale
from guide.engine.workdays import WorkingCalendar, long_date

YEARS = (2012, 2031)
CALENDAR = WorkingCalendar(bank_holidays("england-and-wales", YEARS), YEARS)
FIVE = Timescale(kind="working-days", amount=5)


@pytest.mark.parametrize("start,count,expected,why", [
    ("2026-11-16", 5, "2026-11-23", "Monday plus 5 working days is the next Monday"),
    ("2026-11-20", 5, "2026-11-27", "Friday plus 5 is the next Friday: the weekend does not count"),
    ("2026-11-21", 5, "2026-11-30", "raised on a Saturday: counts from Monday 23rd"),
    ("2026-11-22", 1, "2026-11-24", "raised on a Sunday: Monday is day 0, Tuesday day 1"),
    ("2026-12-22", 5, "2026-12-31", "Christmas Day (Fri) and Boxing Day's substitute (Mon 28th) do not count"),
    ("2026-12-29", 5, "2027-01-06", "New Year's Day (Fri 1 January 2027) does not count"),
    ("2026-12-23", 1, "2026-12-24", "Christmas Eve is a working day"),
    ("2026-12-24", 1, "2026-12-29", "25th (Fri), weekend, 28th (Boxing Day substitute) skipped"),
    ("2026-04-01", 5, "2026-04-10", "Good Friday 3 April and Easter Monday 6 April 2026 do not count"),
    ("2022-05-30", 5, "2022-06-08", "2022: the spring bank holiday moved to Thursday 2 June, and Friday 3 June (Jubilee)"),
    ("2022-05-31", 1, "2022-06-01", "the last Monday of May 2022 was a working day: the holiday moved"),
    ("2022-09-16", 1, "2022-09-20", "Monday 19 September 2022, the State Funeral, did not count"),
    ("2023-05-05", 1, "2023-05-09", "Monday 8 May 2023, the Coronation, did not count"),
    ("2026-05-25", 5, "2026-06-02", "raised on a bank holiday (Spring bank holiday): counts from Tuesday 26 May"),
    ("2026-08-31", 1, "2026-09-02", "raised on the Summer bank holiday: Tuesday is day 0"),
])
def test_add_working_days(start, count, expected, why):
    assert CALENDAR.add_working_days(date.fromisoformat(start), count) == date.fromisoformat(expected), why
    # The escalation log times stages the other way: from the day raised to a later day, the same count.
    assert CALENDAR.working_days_between(date.fromisoformat(start), date.fromisoformat(expected)) == count, why


@given(start=st.dates(date(2012, 1, 1), date(2031, 6, 30)), count=st.integers(0, 60))
def test_working_days_between_undoes_add_working_days(start, count):
    end = CALENDAR.add_working_days(start, count)
    if end is not None and CALENDAR.covers(end):
        assert CALENDAR.working_days_between(start, end) == count


def test_working_days_between_refuses_what_it_cannot_count():
    assert CALENDAR.working_days_between(date(2026, 11, 20), date(2026, 11, 19)) is None      # backwards
    assert CALENDAR.working_days_between(date(2026, 11, 20), date(2040, 1, 1)) is None        # holidays unknown
    assert CALENDAR.working_days_between(date(2026, 11, 21), date(2026, 11, 22)) == 0         # a weekend


def test_same_working_day_moves_to_the_next_working_day():
    same = Timescale(kind="same-working-day")
    assert CALENDAR.deadline(date(2026, 11, 20), same) == date(2026, 11, 20)
    assert CALENDAR.deadline(date(2026, 12, 25), same) == date(2026, 12, 29)


def test_calendar_days_and_non_numeric_timescales():
    assert CALENDAR.deadline(date(2026, 11, 10), Timescale(kind="calendar-days", amount=7)) == date(2026, 11, 17)
    for kind in ("agreed", "not-stated", "immediately", "without-delay"):
        assert CALENDAR.deadline(date(2026, 11, 10), Timescale(kind=kind)) is None
    assert CALENDAR.deadline(date(2026, 11, 10), Timescale(kind="hours", amount=48)) is None


def test_timescales_are_described_in_words_not_turned_into_numbers():
    assert Timescale(kind="same-working-day").describe() == "the same working day"
    assert Timescale(kind="working-days", amount=1, sooner_if_needed=True).describe() == (
        "1 working day, or sooner if the child's safety requires it")
    assert Timescale(kind="immediately").describe() == "immediately"


def test_scotland_and_northern_ireland_have_their_own_holidays():
    scotland = set(bank_holidays("scotland", (2026, 2026)))
    ni = set(bank_holidays("northern-ireland", (2026, 2026)))
    england = set(bank_holidays("england-and-wales", (2026, 2026)))
    assert date(2026, 1, 2) in scotland and date(2026, 1, 2) not in england
    assert date(2026, 3, 17) in ni and date(2026, 3, 17) not in england
    assert date(2026, 8, 3) in scotland and date(2026, 8, 31) in england


def test_long_date_is_plain_english():
    assert long_date(date(2026, 11, 27)) == "Friday 27 November 2026"


def test_the_engine_counts_from_the_date_raised_across_christmas():
    from .test_scenarios import policy

    answers = {"immediate-risk": "no", "about": "case", "outside-area": "no", "own-agency": "health",
               "other-agency": "social-care", "cp-plan": "no", "in-care": "no", "escalation.reached": "pre-stage",
               "escalation.pre-stage.response": "not-resolved", "escalation.stage-1.raise-on": "2026-12-22"}
    step = next_step(policy("medway"), answers, "2026-12-21")
    assert step["deadline"] == {"date": "2026-12-31", "text": "Thursday 31 December 2026"}
    assert step["raised_on"]["date"] == "2026-12-22"


def test_a_response_due_today_is_not_yet_overdue():
    from .test_scenarios import policy

    answers = {"immediate-risk": "no", "about": "case", "outside-area": "no", "own-agency": "health",
               "other-agency": "social-care", "cp-plan": "no", "in-care": "no", "escalation.reached": "stage-1",
               "escalation.stage-1.response": "none", "escalation.stage-1.raised-on": "2026-11-13"}
    due = next_step(policy("medway"), answers, "2026-11-20")
    assert due["outcome"] == "waiting" and due["deadline"]["date"] == "2026-11-20"
    late = next_step(policy("medway"), {**answers, "escalation.stage-2.raise-on": "2026-11-23"}, "2026-11-21")
    assert late["outcome"] == "raise" and late["stage"]["id"] == "stage-2"
    assert late["notices"][0]["kind"] == "overdue"
    assert "was due by Friday 20 November 2026" in late["notices"][0]["text"]


def test_a_year_without_known_bank_holidays_is_flagged():
    from .test_scenarios import policy

    answers = {"immediate-risk": "no", "about": "case", "outside-area": "no", "own-agency": "health",
               "other-agency": "social-care", "cp-plan": "no", "in-care": "no", "escalation.reached": "pre-stage",
               "escalation.pre-stage.response": "not-resolved", "escalation.stage-1.raise-on": "2040-03-01"}
    step = next_step(policy("medway"), answers, "2026-11-20")
    assert [n["kind"] for n in step["notices"]] == ["calendar"]
