"""The partnership's escalation log (issue 13): the records practitioners send in, read where they are (the business
manager's browser, or `python -m guide log`), as one row per escalation and a quarterly report (standard library).

Each record (.docx) the guide makes carries the policy it was made under, the answers (options and dates, never
what was typed into forms) and the escalation's random reference (guide.engine.record_data). The log replays the
answers through the same engine: the pathway, the stage reached, the outcome, the agencies, the dates and the
deadline come from the policy's own rules, not from a second reading of the document. Records of one escalation
(the same reference, at stage 1, 2 and 3) make one row with its history; a record from another partnership is
refused with a plain message; a record from an earlier version of the policy is read and marked. An identical copy
of a record is counted once. A response is overdue when its due date has passed (on the log's today) and no later
record of that escalation was received. Whatever is wrong with one file (forged, dated 9999, or a failure of the
replay itself) lists that file as not read, with the reason, and never loses the others.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import Counter
from datetime import date
from statistics import median
from typing import Any, Iterable, Mapping

from . import timing
from .model import Policy
from .record_data import _read_part, current_answers, policy_digest
from .walk import replay

MAX_FILES = 5000
EARLIEST = date(2000, 1, 1)        # the earliest date a record may carry (see sane_dates)
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
COLUMNS = ("reference", "made", "pathway", "stage", "outcome", "your_agency", "other_agency", "theme", "raised_on",
           "deadline", "overdue", "partnership", "older_version", "records", "files")


def read_log(policy: Policy, files: Iterable[tuple[str, bytes]], today: date | str) -> dict:
    """{"rows", "refused": [{"file", "message"}], "duplicates": [{"file", "same_as"}], "overdue_means"} from
    (file name, bytes) pairs; never raises for a file."""
    return log_from_parts(policy, ((name, record_part_of(data)) for name, data in files), today)


def record_part_of(data: bytes):
    """What the log needs of one file, read once: (policy attributes, answers), or the wording key of the refusal."""
    try:
        return _read_part(data)
    except Exception:           # noqa: BLE001 - one file's failure never loses the others
        return "resume.not_a_record"


def sane_dates(today: date) -> tuple[date, date]:
    """The dates a record may carry (the day it was made, and every date answered): from 1 January 2000 (before any
    safeguarding board's escalation policy: boards began in 2006, partnerships in 2019) to a year after the log's today (a stage may be planned ahead, a computer's
    clock may be wrong by a day). Anything else (the year 9999, 1999) is a mistake or a forgery, not counted."""
    try:
        latest = today.replace(year=today.year + 1)
    except ValueError:          # 29 February
        latest = today.replace(year=today.year + 1, day=28)
    return EARLIEST, latest


def log_from_parts(policy: Policy, parts: Iterable[tuple[str, Any]], today: date | str) -> dict:
    """The log from files already read by ``record_part_of`` (the page reads each as it is added). An identical
    copy of a record already read (the same escalation, made the same day with the same answers) is counted once
    and listed; a file that cannot be counted is listed with the reason, and never stops the others."""
    from .workdays import long_date

    today = today if isinstance(today, date) else date.fromisoformat(str(today))
    w = policy.wording
    digest = policy_digest(policy)
    escalations: dict[str, list[dict]] = {}
    refused, duplicates, seen = [], [], {}
    for count, (name, found) in enumerate(parts):
        name = str(name)[:200]
        if count >= MAX_FILES:
            refused.append({"file": name, "message": w("log.too_many", limit=MAX_FILES)})
            continue
        try:
            if isinstance(found, str):
                refused.append({"file": name, "message": w(found)})
                continue
            about, answers = found
            if about.get("slug") != policy.partnership.slug:
                refused.append({"file": name, "message": w("resume.other_partnership",
                                                           title=about.get("title") or w("log.another_policy"))})
                continue
            content = json.dumps([[about.get(k) for k in ("digest", "made", "reference", "theme")], answers],
                                 sort_keys=True)
            if content in seen:
                duplicates.append({"file": name, "same_as": seen[content]})
                continue
            earliest, latest = sane_dates(today)
            if not _dates_between(about, answers, earliest, latest):
                refused.append({"file": name, "message": w("log.date_out_of_range", earliest=long_date(earliest),
                                                           latest=long_date(latest))})
                continue
            row = _row(policy, about, answers, today, older=about.get("digest") != digest)
            if row is None:
                refused.append({"file": name, "message": w("log.no_stage")})
                continue
        except Exception as error:      # noqa: BLE001 - one file's failure never loses the others
            refused.append({"file": name, "message": w("log.failed_record", error=type(error).__name__)})
            continue
        seen[content] = name
        row["files"] = [name]
        key = about.get("reference") or "record-" + hashlib.sha256(
            json.dumps([about.get("made"), answers], sort_keys=True).encode("utf-8")).hexdigest()[:12]
        escalations.setdefault(key, []).append(row)
    rows = [_merge(records) for _, records in sorted(escalations.items())]
    rows.sort(key=lambda r: (r["made"], r["reference"]))
    return {"rows": rows, "refused": refused, "duplicates": duplicates,
            "overdue_means": w("guide.log.overdue.means", date=long_date(today))}


def _dates_between(about: Mapping, answers: Mapping, earliest: date, latest: date) -> bool:
    """Whether the day the record was made, and every date among its answers, falls between the two."""
    values = [about.get("made", "")] + [v for v in answers.values() if ISO_DATE.fullmatch(v)]
    for index, value in enumerate(values):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            if index == 0:
                return False        # a record always says the day it was made
            continue                # not a real date: the replay asks again, as for a typed one
        if not earliest <= day <= latest:
            return False
    return True


def _row(policy: Policy, about: Mapping, answers: Mapping, today: date, older: bool) -> dict | None:
    try:
        made = date.fromisoformat(about.get("made", ""))
    except ValueError:
        return None
    walk, step = replay(policy, current_answers(policy, about, answers, other_rules=True), made)
    if step.get("kind") != "advice":
        return None
    pathway, stage = step["pathway"], step["stage"]
    stages = policy.pathway(pathway["id"]).stages
    index = next((i for i, s in enumerate(stages) if s.id == stage["id"]), 0)
    due = step.get("deadline") or {}
    deadline = due.get("date") or ""
    if deadline and due.get("time") and not due.get("start_of_day"):   # clock hours from a time given: "... 17:00"
        deadline += " " + due["time"]
    raised = (step.get("raised_on") or {}).get("date") or ""
    outcome = step["outcome"]
    return {
        "moved_on": _moved_on(policy, walk, pathway["id"], step, made),
        "reference": about.get("reference") or "",
        "made": made.isoformat(),
        "pathway": pathway["title"],
        "stage": f"{stage['label']}: {stage['title']}",
        "stage_index": index,
        "outcome": outcome,
        "outcome_text": policy.wording("guide.log.outcome.raise_stage", stage=stage["label"]) if outcome == "raise"
        else policy.wording(f"guide.log.outcome.{outcome}"),
        "your_agency": _label(walk, "own-agency"),
        "other_agency": _label(walk, "other-agency"),
        "raised_on": raised,
        "deadline": deadline,
        # A response is overdue when its due date has passed and no later record of the escalation was received:
        # this is the latest record once merged (a stage just raised, or one still waiting, alike).
        "overdue": bool(deadline) and deadline < today.isoformat(),
        "partnership": any(c.get("side") == "partnership" for c in step.get("contacts") or []),
        "older_version": older,
        "theme": _theme(policy, about.get("theme")),
    }


def _theme(policy: Policy, theme) -> str:
    """The kind of disagreement as this policy lists it; a kind it does not list (an earlier version's, or a file
    changed by hand) is counted as such, never under words the policy does not have."""
    from .documents import chosen_theme

    if not theme:
        return ""
    return chosen_theme(policy, {"theme": theme}) or policy.wording("guide.log.theme_unlisted")


def _moved_on(policy: Policy, walk, pathway_id: str, step: dict, made: date) -> list[dict]:
    """How long the escalation stayed at the stage it had reached before this one was raised: from the day that
    stage was raised to the day the practitioner raised the next (the guide's "raise on" date, if it is not after the
    record was made), in working days, against the response time the policy sets for it. Only what the answers
    give: the guide asks when stages were raised, not when a response came or the disagreement was resolved; a
    date counted from a response (``counts_from: previous-response``) is not a day a stage was raised."""
    moved = walk.facts.get(f"{pathway_id}.{step['stage']['id']}.raise-on")
    reached = walk.facts.get(f"{pathway_id}.reached")
    if step["outcome"] != "raise" or not isinstance(moved, date) or moved > made or not isinstance(reached, str):
        return []
    pathway = policy.pathway(pathway_id)
    order = [s.id for s in pathway.stages]
    if reached not in order or order.index(reached) >= order.index(step["stage"]["id"]):
        return []       # a stage raised after the one reached, not one a policy rule sends back to
    previous = pathway.stage(reached)
    began = walk.facts.get(f"{pathway_id}.{previous.id}.raised-on")
    if not isinstance(began, date):
        return []
    days = walk.calendar.working_days_between(began, moved)
    if days is None:
        return []
    # Counted from the event its words name (``timing``): an earlier stage raised, where the policy says so.
    event = timing.event(previous.timescale, previous.id, tuple(order))
    start = began
    if event.kind == timing.RAISED and event.stage != previous.id:
        start = walk.facts.get(f"{pathway_id}.{event.stage}.raised-on")
    due = timing.due(walk.calendar, start, previous.timescale) if isinstance(start, date) else None
    due = due.day if due else None
    return [{"stage": f"{previous.label}: {previous.title}", "days": days,
             "timescale": previous.timescale.describe(policy.wording),
             "after_due": None if due is None else moved > due,
             "order": [[p.id for p in policy.pathways].index(pathway_id), order.index(previous.id)]}]


def _label(walk, qid: str) -> str:
    question, value = walk.questions.get(qid), walk.facts.get(qid)
    if question is None or value is None:
        return ""
    return question.label_for(value, walk.wording)


def _merge(records: list[dict]) -> dict:
    """One escalation from its records: the latest (furthest) as the row, every record in its history."""
    records = sorted(records, key=lambda r: (r["made"], r["stage_index"]))
    row = dict(records[-1])
    row["files"] = [f for r in records for f in r["files"]]
    row["records"] = len(records)
    row["history"] = [{"made": r["made"], "stage": r["stage"], "outcome": r["outcome"]} for r in records]
    row["partnership"] = any(r["partnership"] for r in records)
    row["moved_on"] = list({tuple(m["order"]): m for r in records for m in r["moved_on"]}.values())   # each stage once
    row["older_version"] = any(r["older_version"] for r in records)
    row["theme"] = next((r["theme"] for r in reversed(records) if r["theme"]), "")    # the latest one chosen
    return row


def quarter(day: str) -> str:
    d = date.fromisoformat(day)
    return f"{d.year} Q{(d.month - 1) // 3 + 1}"


def quarterly_report(rows: list[dict], themes: Iterable[str] = ()) -> list[dict]:
    """Per calendar quarter of the latest record: escalations, by stage reached, by agency pair, by pathway,
    outcome and kind of disagreement (in the order of ``themes``, the policy's list); how many reached the
    partnership; responses overdue; the time at each stage."""
    order = {theme: i for i, theme in enumerate(themes)}
    quarters: dict[str, list[dict]] = {}
    for row in rows:
        quarters.setdefault(quarter(row["made"]), []).append(row)
    report = []
    for name in sorted(quarters):
        group = quarters[name]
        report.append({
            "quarter": name,
            "escalations": len(group),
            "by_stage": dict(sorted(Counter(r["stage"] for r in group).items())),
            "by_agencies": dict(sorted(Counter(f"{r['your_agency'] or '?'} → {r['other_agency'] or '?'}"
                                               for r in group).items())),
            "by_pathway": dict(sorted(Counter(r["pathway"] for r in group).items())),
            "by_outcome": dict(sorted(Counter(r["outcome"] for r in group).items())),
            "by_theme": dict(sorted(Counter(r["theme"] for r in group if r["theme"]).items(),
                                    key=lambda item: (order.get(item[0], len(order)), item[0]))),
            "no_theme": sum(not r["theme"] for r in group),
            "reached_partnership": sum(r["partnership"] for r in group),
            "overdue": sum(r["overdue"] for r in group),
            "older_version": sum(r["older_version"] for r in group),
            "time_at_stage": _time_at_stage(group),
        })
    return report


def _time_at_stage(rows: list[dict]) -> list[dict]:
    """Per stage the escalations moved on from: how many, the median working days before the next stage was
    raised, the policy's response time for the stage, and how many moved on only after the response was due."""
    stages: dict[tuple, list[dict]] = {}
    for row in rows:
        for moved in row.get("moved_on", []):
            stages.setdefault(tuple(moved["order"]), []).append(moved)
    return [{"stage": moves[0]["stage"], "moved_on": len(moves), "median_days": median(m["days"] for m in moves),
             "timescale": moves[-1]["timescale"], "after_due": sum(m["after_due"] is True for m in moves)}
            for _, moves in sorted(stages.items())]       # in the policy's order: pathway, then stage


def log_csv(rows: list[dict], overdue_means: str = "") -> str:
    """One line per escalation; the outcome in words ("Raise Stage 3"), and the overdue column's heading says what
    overdue means (``overdue_means``: the log's own sentence, with the day it was counted on)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f"{c} ({overdue_means})" if c == "overdue" and overdue_means else c for c in COLUMNS])
    for row in rows:
        writer.writerow([_cell(row.get("outcome_text") or row.get(c) if c == "outcome" else row.get(c))
                         for c in COLUMNS])
    return out.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text   # no formulas in a spreadsheet


def _days(value) -> str:
    """A median of working days: "3", or "2.5" between two."""
    return f"{value:g}"


def report_document(policy: Policy, rows: list[dict], refused: list[dict], today: date | str,
                    duplicates: Iterable[Mapping] = ()) -> bytes:
    """The quarterly report for the partnership's board as a Word document: headings, tables with header rows; what
    overdue means; the files not read and the identical copies counted once, each listed."""
    from .docx import WordDocument
    from .workdays import long_date

    today = today if isinstance(today, date) else date.fromisoformat(str(today))
    w = policy.wording
    title = w("report.title", partnership=policy.partnership.short_name)
    document = WordDocument(title, policy.partnership.name, today,
                            footer=f"{policy.partnership.name} · {title} · {long_date(today)}")
    outcomes = {o: w(f"guide.log.outcome.{o}") for o in ("raise", "waiting", "resolved", "end")}
    document.heading(title, 0)
    duplicates = list(duplicates)
    document.paragraph(w("report.lead", policy=policy.document.title, date=long_date(today), escalations=len(rows),
                         refused=len(refused)))
    if duplicates:
        document.paragraph(counted(w, "guide.log.done.duplicates", len(duplicates)))
    document.paragraph(w("guide.log.overdue.means", date=long_date(today)))
    from .documents import themes

    for q in quarterly_report(rows, themes(policy)):
        document.heading(q["quarter"], 1)
        document.fields([(w("guide.log.escalations"), str(q["escalations"])),
                         (w("guide.log.reached_partnership"), str(q["reached_partnership"])),
                         (w("guide.log.overdue"), str(q["overdue"])),
                         (w("guide.log.older"), str(q["older_version"]))])
        for key, heading in (("by_stage", "guide.log.by_stage"), ("by_agencies", "guide.log.by_agencies"),
                             ("by_pathway", "report.by_pathway"), ("by_outcome", "guide.log.by_outcome"),
                             ("by_theme", "guide.log.by_theme")):
            document.heading(w(heading), 2)
            extra = [[w("guide.log.no_theme"), str(q["no_theme"])]] if key == "by_theme" and q["no_theme"] else []
            document.table([w(heading), w("guide.log.count")],
                           [[outcomes.get(k, k) if key == "by_outcome" else k, str(n)] for k, n in q[key].items()]
                           + extra, [0.8, 0.2])
        document.heading(w("guide.log.time_at_stage"), 2)
        document.paragraph(w("guide.log.time_at_stage.lead"), small=True)
        if not q["time_at_stage"]:
            document.paragraph(w("guide.log.time_at_stage.none"))
        else:
            document.table([w("guide.log.stage"), w("guide.log.moved_on"), w("guide.log.median_days"),
                            w("guide.log.timescale"), w("guide.log.after_due")],
                           [[t["stage"], str(t["moved_on"]), _days(t["median_days"]), t["timescale"], str(t["after_due"])]
                            for t in q["time_at_stage"]], [0.32, 0.14, 0.16, 0.24, 0.14])
    if refused:
        document.heading(w("guide.log.refused"), 1)
        document.table([w("report.file"), w("report.reason")], [[r["file"], r["message"]] for r in refused], [0.4, 0.6])
    if duplicates:
        document.heading(w("guide.log.duplicates"), 1)
        document.table([w("report.file"), w("guide.log.duplicates.same_as")],
                       [[d["file"], d["same_as"]] for d in duplicates], [0.5, 0.5])
    return document.to_bytes()


def counted(w, key: str, n: int) -> str:
    """The wording ``key`` for n things: its ".one" form for one."""
    return w(f"{key}.one" if n == 1 else key, n=n)
