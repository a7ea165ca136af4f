"""Time in a policy: what a deadline counts from, when it falls, and how it is said (standard library only).

A timescale (``timescale:`` of a stage, or one of its timed ``actions:``) is an amount and a **named event** it
counts from:

- ``raised``: this stage raised (the default);
- ``previous-response``: the response to the previous stage received ("a further one working day following
  receipt of feedback");
- ``stage-raised`` with ``from_stage: <stage id>``: an earlier stage (or this one) raised ("within five working days
  of step 1");
- ``escalation-started``: the first stage of the pathway raised.

The engine asks only for the dates of the events a deadline needs, under the answer ids that already exist
(``<pathway>.<stage>.raised-on``, ``<pathway>.<stage>.raise-on``, ``<pathway>.<stage>.response-on``), and the words
of a timescale that names an event are made here from the same data, so the words and the date cannot disagree.

Hours are clock hours, counted from the **time** of their event: where an hours deadline counts from an event, the
guide asks, after its date, for its time (``<pathway>.<stage>.raised-at``, ``raise-at``, ``response-at``; typed as
17:00, 17.00, 5pm or 5:30pm: ``parse_time``), so "24 hours" from an escalation raised on Friday at 17:00 is due on
Saturday at 17:00. A practitioner who does not know the time says so (``NOT_KNOWN``): the count then starts at
00:00 of the event's day, so the date and time it gives are never later than the policy's, and the words say that
it was counted from the start of that day (a count that ends at midnight is shown as 23:59 of the day before, so
the day shown is the day it is due). A ``starts:`` given in free words, with no ``counts_from``, names an event the
guide cannot date: such a timescale gets words and no date (never a date counted from another event).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Optional

from .wording import DEFAULT, Wording
from .workdays import MAX_CALENDAR_DAYS, long_date

DAY_KINDS = ("working-days", "same-working-day", "calendar-days")
RAISED, PREVIOUS_RESPONSE, STAGE_RAISED, ESCALATION_STARTED = (
    "raised", "previous-response", "stage-raised", "escalation-started")
EVENTS = (RAISED, PREVIOUS_RESPONSE, STAGE_RAISED, ESCALATION_STARTED)
MAX_HOURS = 24 * 365
NOT_KNOWN = "not-known"       # the answer to a time question: "I do not know the time"
TIME_PARTS = {"raised-on": "raised-at", "raise-on": "raise-at", "response-on": "response-at"}   # date id -> time id


@dataclass(frozen=True)
class Event:
    """What a deadline counts from: ``kind`` one of ``EVENTS``; ``stage`` the stage it is about (for
    ``previous-response``, the stage whose response it is)."""

    kind: str
    stage: Optional[str] = None


@dataclass(frozen=True)
class Due:
    """When a timed action is due: a day, and for hours a time on it."""

    day: date
    at: Optional[time] = None
    start_of_day: bool = False      # hours counted from 00:00 of the event's day: its time was not known

    def to_json(self, wording: Wording = DEFAULT) -> dict:
        text = long_date(self.day)
        if self.at is None:
            return {"date": self.day.isoformat(), "time": None, "text": text}
        text = wording("deadline.at", date=text, time=self.at.strftime("%H:%M"))
        return {"date": self.day.isoformat(), "time": self.at.strftime("%H:%M"), "text": text,
                "start_of_day": self.start_of_day}


def counted(timescale) -> bool:
    """Whether the guide can give a date for this timescale: a count of days or of clock hours from an event it
    knows. One whose start is only named in free words (``starts`` with no ``counts_from``) is not counted: a date
    counted from another event would stand under words that name this one."""
    if timescale.starts and timescale.counts_from is None:
        return False
    return timescale.kind in DAY_KINDS or timescale.kind == "hours"


def event(timescale, stage_id: str, stage_ids: tuple[str, ...], previous_id: Optional[str] = None) -> Event:
    """The event ``timescale`` (of the stage ``stage_id``, in a pathway whose stages are ``stage_ids``) counts from.
    ``previous_id`` is the stage before it on this walk (for ``previous-response``)."""
    kind = timescale.counts_from or RAISED
    if kind == STAGE_RAISED:
        return Event(RAISED, timescale.from_stage)
    if kind == ESCALATION_STARTED:
        return Event(RAISED, stage_ids[0] if stage_ids else stage_id)
    if kind == PREVIOUS_RESPONSE:
        return Event(PREVIOUS_RESPONSE, previous_id)
    return Event(RAISED, stage_id)


def needs_time(timescale) -> bool:
    """Whether the time of this timescale's event changes its date: a count of clock hours the guide can date."""
    return timescale.kind == "hours" and counted(timescale)


def due(calendar, start: date, timescale, at: Optional[time] = None) -> Optional[Due]:
    """When ``timescale`` falls, counted from an event on the day ``start`` (for hours, at the time ``at``, or
    from the start of that day where the time is not known); None where it is not counted."""
    if not counted(timescale):
        return None
    if timescale.kind == "hours":
        amount = timescale.amount
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_HOURS:
            return None
        if start > date.max - timedelta(days=amount // 24 + 2):
            return None
        moment = datetime.combine(start, at or time(0, 0)) + timedelta(hours=amount)
        if moment.time() == time(0, 0):     # midnight: the last minute of the day before, so the day is the due day
            moment -= timedelta(minutes=1)
        return Due(moment.date(), moment.time(), start_of_day=at is None)
    day = day_due(calendar, start, timescale)
    return Due(day) if day else None


def day_due(calendar, start: date, timescale) -> Optional[date]:
    """The day a count of days falls on (working days skip weekends and bank holidays; a start on a day off counts
    from the next working day); None for any other kind, or a date that cannot be worked out."""
    if timescale.kind == "working-days":
        return calendar.add_working_days(start, timescale.amount)
    if timescale.kind == "same-working-day":
        return calendar.first_working_day(start)
    if timescale.kind == "calendar-days":
        amount = timescale.amount
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= MAX_CALENDAR_DAYS:
            return None
        if start > date.max - timedelta(days=amount):
            return None
        return start + timedelta(days=amount)
    return None


def action_due(calendar, start: date, timescale, at: Optional[time] = None) -> Optional[Due]:
    """When a timed action of a stage falls: as ``due``, and an action to do "immediately" is due on the day of its
    event (the response timescale of a stage says "immediately" in words only, as it always has)."""
    if timescale.kind == "immediately":
        return Due(start)
    return due(calendar, start, timescale, at)


_TWENTY_FOUR = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")
_TWELVE = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?\s*([ap])\.?\s*m\.?")


def parse_time(raw) -> Optional[time]:
    """A time of day as people in the UK type it: 17:00, 17.00, 9:05, 5pm, 5 pm, 5:30pm, 5.30 p.m., 12am (midnight),
    12pm (noon). None for anything else (25:61, 17, "five o'clock", a number, a list): never an exception."""
    if not isinstance(raw, str):
        return None
    text = raw[:20].strip().lower()
    match = _TWENTY_FOUR.fullmatch(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        return time(hour, minute) if hour < 24 and minute < 60 else None
    match = _TWELVE.fullmatch(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if not 1 <= hour <= 12 or minute >= 60:
            return None
        return time(hour % 12 + (12 if match.group(3) == "p" else 0), minute)
    return None


def describe(timescale, wording: Wording = DEFAULT, start_of_day: bool = False) -> str:
    """The timescale in plain words, e.g. "5 working days of Step 1 being raised, or sooner if ...". For hours
    counted from the start of their event's day (its time not known), the words say so."""
    key = "timescale." + timescale.kind.replace("-", "_")
    if timescale.kind in ("working-days", "calendar-days", "hours"):
        key += ".one" if timescale.amount == 1 else ".many"
    text = wording(key, n=timescale.amount)
    if timescale.starts:
        text += wording("timescale.starts", starts=timescale.starts)
    else:
        text += counts_from_words(timescale, wording, start_of_day)
    if timescale.sooner_if_needed:
        text += wording("timescale.sooner")
    if timescale.indicative:    # the policy's timescales are a guide: its words say so wherever the time is given
        text += wording("timescale.indicative")
    return text


def counts_from_words(timescale, wording: Wording = DEFAULT, start_of_day: bool = False) -> str:
    """" of Step 1 being raised": the event a timescale names, from the same data its date is counted from. Empty
    for the timescales that count from their own stage with no word about it (as the bundled policies read)."""
    kind = timescale.counts_from
    label = timescale.from_label
    text = ""
    if kind == ESCALATION_STARTED and label:
        text = wording("timescale.from.escalation", stage=label)
    elif kind in (None, RAISED, STAGE_RAISED) and label:
        text = wording("timescale.from.stage", stage=label)
    if needs_time(timescale):
        text += wording("timescale.hours.start_of_day" if start_of_day else "timescale.hours.clock")
    return text


def within(timescale, wording: Wording = DEFAULT, start_of_day: bool = False) -> str:
    """As a phrase after "respond": "within 5 working days", "immediately"."""
    if timescale.kind in ("working-days", "calendar-days", "hours", "agreed"):
        return wording("timescale.within", timescale=describe(timescale, wording, start_of_day))
    if timescale.kind == "same-working-day":
        return wording("timescale.on", timescale=describe(timescale, wording))
    if timescale.kind == "not-stated":
        return wording("timescale.within_not_stated")
    return describe(timescale, wording)
