"""The dates of an escalation as a calendar file (iCalendar, RFC 5545), standard library only.

All-day events: the response deadline, and, when the policy has a next step, the working day after it, to decide
whether to go on. A deadline in clock hours counted from a time the practitioner gave (``timing``) is a timed event
at the time it is due instead, in local ("floating") time, so no time zone: the guide's times are the clock on the
wall where the practitioner is. Hours counted from the start of a day (the time not known) stay all-day. Each says the stage, the agencies and whom to chase; never the child's details,
which the guide does not pass here at all. The same answers on the same day give the same file.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time, timedelta
from typing import Any, Mapping, Optional

from .email_drafts import agencies_words, writable_contacts
from .file_names import name_part
from .model import Policy
from .record_data import clean_reference
from .walk import replay
from .workdays import long_date

PRODID = "-//Escalation guide//Resolving professional differences//EN"


def reminder_events(policy: Policy, answers: Mapping[str, Any], today: date | str) -> list[dict]:
    """The events for the advice these answers lead to: [] when there is no date to remind of."""
    walk, step = replay(policy, answers, today)
    if step.get("kind") != "advice" or step.get("outcome") not in ("raise", "waiting"):
        return []
    timed = [a for a in step.get("actions") or () if a.get("deadline")]
    if not step.get("deadline") and not timed:
        return []
    w = policy.wording
    stage = f"{step['stage']['label']}: {step['stage']['title']}"
    due = date.fromisoformat(step["deadline"]["date"]) if step.get("deadline") else None
    agencies = agencies_words(w, step)
    required = writable_contacts(step)   # whom to chase: never a directory, a page to look them up in
    chase = "; ".join(", ".join(c["names"]) for c in required if c["side"] in
                      ("theirs", "both", "partnership")) or "; ".join(", ".join(c["names"]) for c in required)
    nxt = step.get("next")
    next_text = f"{nxt['label']}: {nxt['title']}" if nxt else ""
    common = {"stage": stage, "partnership": policy.partnership.short_name, "policy": policy.document.title,
              "agencies": agencies, "chase": chase or w("calendar.nobody"), "date": long_date(due) if due else "",
              "next": next_text,
              # An indicative time says so ("the policy gives this time as a guide"), as its words do everywhere.
              "as_a_guide": w("timescale.indicative") if (step.get("timescale") or {}).get("indicative") else "",
              # Where the date is counted from another event than raising this stage ("Step 1 raised on ..."), so
              # that the reminder says what the date was counted from, as the guide does.
              "counted": " " + w("deadline.counted_sentence", event=step["counted_from"]["text"])
              if step.get("counted_from") else ""}
    events = []
    if due:   # the response's date; a stage whose policy gives none may still have timed actions
        at = step["deadline"].get("time")
        events.append({"date": due, "at": _timed(step["deadline"]), "summary": w("calendar.due.summary_at", time=at, **common)
                       if at else w("calendar.due.summary", **common),
                       "description": w("calendar.due.description" if nxt else
                                        # a fast route's one step is not the last step of the whole policy
                                        "calendar.due.description_fast" if step["pathway"].get("kind") == "fast"
                                        else "calendar.due.description_last", **common)})
    for action in timed:   # each timed action of the stage on its own day (``timing``)
        events.append({"date": date.fromisoformat(action["deadline"]["date"]), "at": _timed(action["deadline"]),
                       "summary": w("calendar.action.summary", action=action["action"], **common),
                       "description": w("calendar.action.description", action=action["action"],
                                        due=action["deadline"]["text"], within=action["timescale"]["within"],
                                        **common)})
    if nxt and due:
        decide = walk.calendar.add_working_days(due, 1)
        if decide:
            events.append({"date": decide, "at": None, "summary": w("calendar.decide.summary", **common),
                           "description": w("calendar.decide.description", **common)})
    return events


def _timed(deadline: dict) -> Optional[time]:
    """The time a deadline is due, where it was counted from a time given; None for an all-day event."""
    if not deadline.get("time") or deadline.get("start_of_day"):
        return None
    return time.fromisoformat(deadline["time"])


def calendar_file(policy: Policy, answers: Mapping[str, Any], today: date | str) -> Optional[str]:
    """The iCalendar text (CRLF lines, folded at 75 octets), or None when there is no date to put in a calendar."""
    events = reminder_events(policy, answers, today)
    if not events:
        return None
    stamp = (today if isinstance(today, date) else date.fromisoformat(str(today))).strftime("%Y%m%dT000000Z")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for event in events:
        uid = hashlib.sha256("|".join([policy.partnership.slug, event["date"].isoformat(), event["summary"]])
                             .encode("utf-8")).hexdigest()[:32]
        if event.get("at") is not None:     # due at a time: an event that ends then (half an hour to act)
            end = datetime.combine(event["date"], event["at"])
            span = [f"DTSTART:{end - timedelta(minutes=30):%Y%m%dT%H%M%S}", f"DTEND:{end:%Y%m%dT%H%M%S}"]
        else:
            span = [f"DTSTART;VALUE=DATE:{event['date']:%Y%m%d}",
                    f"DTEND;VALUE=DATE:{event['date'] + timedelta(days=1):%Y%m%d}"]
        lines += ["BEGIN:VEVENT", f"UID:{uid}@escalation-guide", f"DTSTAMP:{stamp}", *span,
                  f"SUMMARY:{_text(event['summary'])}", f"DESCRIPTION:{_text(event['description'])}",
                  "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


_LINE_BREAK = re.compile("\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma escaped; every kind of line break (a bare CR,
    and the Unicode ones some parsers also end a line at) written as the escaped newline `\\n`; other control
    characters, which TEXT cannot hold, left out. So nothing in policy text can start a property of its own."""
    value = _CONTROL.sub("", _LINE_BREAK.sub("\n", value))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets folded (RFC 5545 3.1), never inside a UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def calendar_name(policy: Policy, today: date | str, reference: str = "") -> str:
    """The file name: the partnership, the date and the escalation's random reference, never a child's name."""
    day = today if isinstance(today, date) else date.fromisoformat(str(today))
    reference = clean_reference(reference)
    return (f"escalation-dates-{name_part(policy.partnership.slug, 'partnership')}-{day.isoformat()}"
            + (f"-{reference}" if reference else "") + ".ics")
