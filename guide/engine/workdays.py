"""Working days: no weekends, no bank holidays (standard library only).

The bank holidays come in as data (the build makes them with the `holidays` package), so this runs the same in
CPython and in the browser.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Iterable, Optional

if TYPE_CHECKING:
    from .model import Timescale

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# Bounds, so that no start date or count can overflow a date or loop for long: a deadline is days or weeks away.
MAX_WORKING_DAYS = 5000       # about 20 years of working days
MAX_CALENDAR_DAYS = 36600     # about 100 years (counted in ``timing.day_due``)
MAX_SEARCH_DAYS = 400         # a year without a working day is a broken bank holiday list, not a deadline


def long_date(day: date) -> str:
    """GOV.UK style with the weekday: "Friday 27 November 2026"."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """"27 November 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class WorkingCalendar:
    def __init__(self, bank_holidays: Iterable[date], years: tuple[int, int]):
        self.bank_holidays = frozenset(bank_holidays)
        self.years = years

    def covers(self, day: date) -> bool:
        """Whether the bank holidays of ``day``'s year are known."""
        return self.years[0] <= day.year <= self.years[1]

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.bank_holidays

    def first_working_day(self, day: date) -> Optional[date]:
        """``day`` itself if it is a working day, otherwise the next working day; None if there is none within
        ``MAX_SEARCH_DAYS`` or before the last date a ``date`` can hold."""
        for _ in range(MAX_SEARCH_DAYS):
            if self.is_working_day(day):
                return day
            if day >= date.max:
                return None
            day += timedelta(days=1)
        return None

    def add_working_days(self, start: date, count: int) -> Optional[date]:
        """The working day ``count`` working days after ``start``.

        A start on a weekend or bank holiday counts from the next working day: raised on Saturday, 5 working
        days runs to the Monday after next, as if raised on the Monday. Bounded: None (not an exception) for a
        count that is not 0 to ``MAX_WORKING_DAYS``, or a day past the last date a ``date`` can hold (year 9999).
        """
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_WORKING_DAYS:
            return None
        day = self.first_working_day(start)
        for _ in range(count):
            if day is None or day >= date.max:
                return None
            day = self.first_working_day(day + timedelta(days=1))
        return day

    def working_days_between(self, start: date, end: date) -> Optional[int]:
        """How many working days from ``start`` to ``end``, counted as ``add_working_days`` counts them (so that
        ``add_working_days(start, n) == end`` gives ``n``); None if ``end`` is before ``start``, the years' bank
        holidays are not known, or the span is longer than ``MAX_WORKING_DAYS`` allows."""
        if end < start or not (self.covers(start) and self.covers(end)) or (end - start).days > 2 * MAX_WORKING_DAYS:
            return None
        day = self.first_working_day(start)
        if day is None:
            return None
        count = 0
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def deadline(self, start: date, timescale: "Timescale") -> Optional[date]:
        """The day by which a response is due, or None where the timescale is not a count of days or the date
        cannot be worked out (see ``add_working_days``). The counting is ``timing.day_due``."""
        from .timing import day_due
        return day_due(self, start, timescale)
