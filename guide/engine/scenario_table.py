"""Scenario tables: a spreadsheet of answers and the stage, contact and deadline expected, run with the engine.

Standard library only: the command line (``python build.py scenarios``) and the policy studio (under Pyodide) run
the same code. A business manager writes the table in Excel or any spreadsheet and saves it as CSV: row 1 holds the
headings, each later row is one scenario. The headings are:

- ``today``: the day the scenario is run as (a date);
- one column per question, headed by the question as the guide asks it, or by its short id (``own-agency``); the
  cell is an answer as the guide offers it ("Health", "Yes", "I'm not sure") or its short value (``health``);
- how far the escalation has got, in a few columns whatever the pathway: ``stage reached`` (a stage, or ``none``),
  ``response`` (``resolved``, ``not resolved`` or ``no response``), ``raised on`` (the date the stage reached was
  raised), ``stages used`` (the earlier stages that were used: "Stage 1, Stage 2", ``all`` or ``none``), ``raise on``
  (the day the next stage is raised; blank: ``today``), ``response on`` (the day the response came); a heading such
  as ``Stage 1 raised on`` answers for that one stage, and the engine's own ids (``escalation.stage-1.raised-on``)
  are accepted too; where a deadline counts clock hours, ``raised at``, ``raise at`` and ``response at`` (and
  ``Stage 1 raised at``) give the time of the same events (17:00, 5pm; blank or ``not known``: the guide's "I do not
  know the time", counted from the start of that day);
- what is expected: ``stage``, ``contact`` (one or more names, separated by ``;``) and ``deadline``; a blank cell
  is not checked, and a deadline of ``none`` expects no date;
- ``source`` and ``notes``: read by people only.

Dates may be written 07/12/2026 (day first), 7 December 2026, Monday 7 December 2026, 7-Dec-26 or 2026-12-07.

Everything typed is data: a cell that starts with ``=`` is text, never a formula; sizes are bounded before anything
is parsed; no input raises. Problems with the table (a heading that is not a question, an answer that is not one of
the question's, a date that is not a date, a question the guide asks with no answer in the row) are all listed, each
with its row and column; rows that run are compared with the guide's advice, and each row that differs is named with
what was expected and what the guide says.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, time
from typing import Any, Iterable, Optional

from . import timing
from .conditions import NOT_SURE
from .timing import NOT_KNOWN
from .model import Policy, Question, Stage
from .routes import contacts_text, enumerate_routes
from .walk import EARLIEST_YEAR, LATEST_YEAR, PER_STAGE, Walk, question_ids
from .workdays import long_date, short_date

MAX_BYTES = 1_000_000        # about 5,000 rows of a wide table: far more than anyone writes by hand
MAX_ROWS = 2_000
MAX_COLUMNS = 100
MAX_CELL = 2_000             # characters in one cell
MAX_PROBLEMS = 200           # listed; the rest are counted
MAX_STEPS = 200              # questions in one walk (the routes module's own bound)

TODAY, STAGE, CONTACT, DEADLINE, NOTE = "today", "stage", "contact", "deadline", "note"
EXPECTED = (STAGE, CONTACT, DEADLINE)
HEADINGS = {
    TODAY: ("today", "run on", "date run", "scenario date", "today's date"),
    STAGE: ("stage", "expected stage"),
    CONTACT: ("contact", "contacts", "expected contact", "expected contacts", "who to contact"),
    DEADLINE: ("deadline", "expected deadline", "response by"),
    NOTE: ("source", "sources", "notes", "note", "comment", "comments", "description", "scenario", "name", "#"),
}
# How far the escalation has got: a column for each kind of progress question, whatever the pathway and stage.
PROGRESS = {
    "reached": ("stage reached", "reached", "last stage", "last stage taken"),
    "response": ("response", "response to stage reached"),
    "raised-on": ("raised on", "date raised", "stage reached raised on"),
    "used": ("stages used", "used", "earlier stages used"),
    "raise-on": ("raise on", "raising on", "date raising", "next stage raised on"),
    "response-on": ("response on", "response received on", "date of response"),
    "raised-at": ("raised at", "time raised", "stage reached raised at"),
    "raise-at": ("raise at", "raising at", "time raising", "next stage raised at"),
    "response-at": ("response at", "response received at", "time of response"),
}
# The heading of a column for one stage: "Stage 1 raised on".
STAGE_PARTS = {"raised on": "raised-on", "used": "used", "raise on": "raise-on", "response on": "response-on",
               "response": "response", "raised at": "raised-at", "raise at": "raise-at", "response at": "response-at"}
TEMPLATE_PROGRESS = {"reached": "stage reached", "response": "response", "raised-on": "raised on",
                     "used": "stages used", "raise-on": "raise on", "response-on": "response on",
                     "raised-at": "raised at", "raise-at": "raise at", "response-at": "response at"}
TIME_UNKNOWN = ("not known", "not-known", "unknown", "don't know", "dont know", "i do not know the time")
RESPONSE_WORDS = {"resolved": ("resolved", "it was resolved", "yes"),
                  "not-resolved": ("not resolved", "unresolved", "not-resolved", "no"),
                  "none": ("no response", "none", "no response yet", "not yet")}
NONE_WORDS = ("none", "nothing yet", "not started", "no stage")
ALL_WORDS = ("all", "all of them", "every stage")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


# --- public -------------------------------------------------------------------------------------------------


def run_table(policy: Policy, data: bytes | str) -> dict:
    """Read a scenario table (the file's bytes, or its text) and run each row with the engine.

    Returns a JSON-ready dict: ``problems`` (each with ``row``, ``column``, ``heading``, ``message`` and ``text``,
    the line to show), ``rows`` (each run row: ``row``, ``passed``, ``message`` if it failed, ``expected`` and
    ``actual``), ``passed``, ``failed``, ``status`` (``passed``, ``failed`` or ``malformed``), ``summary``, and
    ``exit_code`` (0 all passed, 1 a row failed, 2 the table has problems)."""
    w = policy.wording
    problems = Problems(w)
    table = read_table(data, problems)
    rows = []
    if table is not None:
        headings, records = table
        columns = read_headings(policy, headings, records, problems)
        for number, cells in records:
            result = run_row(policy, columns, number, cells, problems)
            if result is not None:
                rows.append(result)
    failed = sum(not r["passed"] for r in rows)
    passed = len(rows) - failed
    status = "malformed" if problems.items else ("failed" if failed else "passed")
    if problems.items:
        summary = w("scenarios.summary.malformed" if problems.count != 1 else "scenarios.summary.malformed_one",
                    problems=problems.count, passed=passed, failed=failed)
    elif not rows:
        summary = w("scenarios.summary.empty")
        status = "malformed"
        problems.add(None, None, None, summary)
    else:
        summary = w("scenarios.summary.one" if len(rows) == 1 else "scenarios.summary", rows=len(rows), passed=passed,
                    failed=failed)
    return {"partnership": policy.partnership.name, "problems": problems.listed(), "rows": rows, "passed": passed,
            "failed": failed, "status": status, "summary": summary,
            "exit_code": 2 if status == "malformed" else (1 if failed else 0)}


def template(policy: Policy, today: date) -> str:
    """A scenario table to start from: the headings this policy needs and one row worked out by the engine (with
    ``today`` as its day), as CSV text that Excel opens as UTF-8 (a byte-order mark, CRLF line ends)."""
    example = _example_route(policy, today)
    headings = [HEADINGS[TODAY][0]]
    texts = _question_headings(policy)
    headings += [texts[q.id] for q in policy.questions]
    parts = _progress_parts(policy)
    headings += [TEMPLATE_PROGRESS[p] for p in PER_STAGE_ORDER if p in parts]
    row = {HEADINGS[TODAY][0]: short_date(today)}
    extra: list[str] = []
    if example is not None:
        answers, outcome = example
        for heading, value in _answer_cells(policy, answers, texts):
            if heading not in headings and heading not in extra:
                extra.append(heading)
            row[heading] = value
        expected = _expected_cells(policy, outcome)
        row.update(expected)
    headings += extra + [HEADINGS[STAGE][0], HEADINGS[CONTACT][0], HEADINGS[DEADLINE][0], HEADINGS[NOTE][0]]
    row[HEADINGS[NOTE][0]] = policy.wording("scenarios.template.note")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_safe_cell(h) for h in headings])
    writer.writerow([_safe_cell(row.get(h, "")) for h in headings])
    return "\ufeff" + out.getvalue()


PER_STAGE_ORDER = ("reached", "response", "raised-on", "raised-at", "used", "raise-on", "raise-at", "response-on",
                   "response-at")


# --- problems -----------------------------------------------------------------------------------------------


class Problems:
    """The problems found in a table, each with where it is; at most MAX_PROBLEMS kept, all counted."""

    def __init__(self, wording):
        self.wording = wording
        self.items: list[dict] = []
        self.count = 0

    def add(self, row: Optional[int], column: Optional[int], heading: Optional[str], message: str) -> None:
        self.count += 1
        if len(self.items) >= MAX_PROBLEMS:
            return
        w = self.wording
        if row is not None and column is not None:
            where = w("scenarios.where.cell", row=row, column=column_letter(column),
                      heading=_shown(heading, 40, False) if heading else "")
            if not heading:
                where = w("scenarios.where.cell_no_heading", row=row, column=column_letter(column))
        elif row is not None:
            where = w("scenarios.where.row", row=row)
        else:
            where = ""
        self.items.append({"row": row, "column": column_letter(column) if column is not None else None,
                           "_at": (row or 0, -1 if column is None else column),
                           "heading": heading, "message": message, "text": f"{where}: {message}" if where else message})

    def listed(self) -> list[dict]:
        """The problems in the order of the table, row by row and column by column."""
        items = [{k: v for k, v in item.items() if k != "_at"} for item in sorted(self.items, key=lambda i: i["_at"])]
        if self.count > len(self.items):
            more = self.count - len(self.items)
            return items + [{"row": None, "column": None, "heading": None, "message": "",
                                  "text": self.wording("scenarios.problems.more", n=more)}]
        return items


def column_letter(index: int) -> str:
    """The spreadsheet's name of a column: 0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = LETTERS[rest] + name
    return name


# --- reading the file ---------------------------------------------------------------------------------------


def decode(data: bytes | str, problems: Problems) -> Optional[str]:
    """The text of the file as Excel saves it: UTF-8 (with or without its byte-order mark), UTF-16 ("Unicode
    text"), or Windows-1252 ("CSV (Comma delimited)" on an English Windows)."""
    w = problems.wording
    if isinstance(data, str):
        if len(data) > MAX_BYTES:
            problems.add(None, None, None, w("scenarios.file.too_big", size=_size(len(data)), limit=_size(MAX_BYTES)))
            return None
        return data[1:] if data.startswith("\ufeff") else data
    if not isinstance(data, (bytes, bytearray)):
        problems.add(None, None, None, w("scenarios.file.not_text"))
        return None
    if len(data) > MAX_BYTES:
        problems.add(None, None, None, w("scenarios.file.too_big", size=_size(len(data)), limit=_size(MAX_BYTES)))
        return None
    data = bytes(data)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        problems.add(None, None, None, w("scenarios.file.workbook"))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        problems.add(None, None, None, w("scenarios.file.not_text"))
        return None
    return text


def read_table(data: bytes | str, problems: Problems):
    """(the headings, [(row number, cells)]) or None; rows are numbered as the spreadsheet numbers them (the
    headings are row 1), blank rows are skipped, cells are trimmed."""
    w = problems.wording
    text = decode(data, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    headings = None
    records = []
    number = 0
    try:
        for number, raw in enumerate(reader, 1):
            if len(raw) > MAX_COLUMNS:
                problems.add(number, None, None, w("scenarios.file.too_wide", n=len(raw), limit=MAX_COLUMNS))
                raw = raw[:MAX_COLUMNS]
            cells = [_cell(c) for c in raw]
            for index, cell in enumerate(cells):
                if len(cell) > MAX_CELL:
                    problems.add(number, index, None, w("scenarios.cell.too_long", limit=MAX_CELL))
                    cells[index] = cell[:MAX_CELL]
            if headings is None:
                if any(cells):
                    headings = (number, cells)
                continue
            if not any(cells):
                continue
            if len(records) >= MAX_ROWS:
                problems.add(number, None, None, w("scenarios.file.too_long", limit=MAX_ROWS))
                break
            records.append((number, cells))
    except csv.Error as error:
        problems.add(number + 1, None, None, w("scenarios.file.unreadable", error=_shown(str(error))))
    if headings is None:
        problems.add(None, None, None, w("scenarios.file.empty"))
        return None
    return headings, records


def _delimiter(text: str) -> str:
    """The separator Excel used: a comma, or a semicolon (where a comma is the decimal mark), or a tab."""
    line = next((l for l in text[:20_000].splitlines() if l.strip()), "")
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _cell(raw: str) -> str:
    """A cell as typed: spaces (and Excel's no-break spaces) trimmed; the apostrophe a spreadsheet puts before text
    that would otherwise be read as a formula taken off."""
    text = raw.replace("\u00a0", " ").strip()
    if text.startswith("'") and text[1:2] in FORMULA_START[:4]:
        text = text[1:]
    return text


# --- headings -----------------------------------------------------------------------------------------------


class Column:
    """What a column of the table holds. ``kind``: ``today``, ``expect`` (``what``: stage, contact or deadline),
    ``note``, ``question`` (``qid``: a declared question or an engine id), or ``progress`` (``part``: one of
    ``PER_STAGE`` or ``reached``; ``stage``: the stage it is for, as written, or None for the stage in hand)."""

    def __init__(self, index: int, heading: str, kind: str, what: Optional[str] = None, qid: Optional[str] = None,
                 part: Optional[str] = None, stage: Optional[str] = None):
        self.index, self.heading, self.kind = index, heading, kind
        self.what, self.qid, self.part, self.stage = what, qid, part, stage


def read_headings(policy: Policy, headings, records, problems: Problems) -> list[Column]:
    """Each heading of row 1 read as a column; each one that is not known is a problem, with the headings that are."""
    w = policy.wording
    number, cells = headings
    declared = {_key(q.id): q.id for q in policy.questions}
    declared.update({_key(text): qid for qid, text in _question_headings(policy).items()})
    declared.update({_key(q.text): q.id for q in policy.questions})
    engine_ids = {_key(qid): qid for qid in question_ids(policy)}
    stage_names = _stage_keys(policy)
    reached_text = _key(policy.progress.reached.text)
    columns: list[Column] = []
    seen: dict[str, int] = {}
    used_columns = {i for _, row in records for i, c in enumerate(row) if c}
    for index, heading in enumerate(cells):
        key = _key(heading)
        if not key:
            if index in used_columns:
                problems.add(number, index, None, w("scenarios.heading.missing"))
            continue
        column = None
        for kind in (TODAY, STAGE, CONTACT, DEADLINE, NOTE):
            if key in HEADINGS[kind]:
                column = Column(index, heading, "today" if kind == TODAY else "note" if kind == NOTE else "expect",
                                what=kind)
        if column is None and key in declared:
            column = Column(index, heading, "question", qid=declared[key])
        if column is None and key in engine_ids:
            column = Column(index, heading, "question", qid=engine_ids[key])
        if column is None and key == reached_text:
            column = Column(index, heading, "progress", part="reached")
        if column is None:
            for part, names in PROGRESS.items():
                if key in names:
                    column = Column(index, heading, "progress", part=part)
        if column is None:
            for words, part in STAGE_PARTS.items():
                if key.endswith(" " + words) and key[: -len(words) - 1].strip() in stage_names:
                    column = Column(index, heading, "progress", part=part, stage=key[: -len(words) - 1].strip())
                    break
        if column is None:
            if key.startswith("#"):
                continue
            problems.add(number, index, heading, w("scenarios.heading.unknown", heading=_shown(heading),
                                                   known=_shown(", ".join(_known_headings(policy)), 300, False)))
            continue
        identity = f"{column.kind}:{column.what}:{column.qid}:{column.part}:{column.stage}"
        if column.kind != "note" and identity in seen:
            problems.add(number, index, heading, w("scenarios.heading.twice",
                                                   column=column_letter(seen[identity])))
            continue
        seen[identity] = index
        columns.append(column)
    for index in sorted(i for i in used_columns if i >= len(cells)):
        problems.add(number, index, None, w("scenarios.heading.missing"))
    if not any(c.kind == "today" for c in columns):
        problems.add(number, None, None, w("scenarios.heading.no_today"))
    return columns


def _known_headings(policy: Policy) -> list[str]:
    return ([HEADINGS[TODAY][0]] + [q.id for q in policy.questions] + [TEMPLATE_PROGRESS[p] for p in PER_STAGE_ORDER]
            + [HEADINGS[k][0] for k in (STAGE, CONTACT, DEADLINE, NOTE)])


def _question_headings(policy: Policy) -> dict[str, str]:
    """The heading of each declared question in a template: its text, or its id where two questions share a
    text or the text is also a heading of its own (``today``, ``stage``)."""
    counts: dict[str, int] = {}
    for q in policy.questions:
        counts[_key(q.text)] = counts.get(_key(q.text), 0) + 1
    reserved = {n for names in list(HEADINGS.values()) + list(PROGRESS.values()) for n in names}
    return {q.id: q.text if counts[_key(q.text)] == 1 and _key(q.text) not in reserved and q.text.strip() else q.id
            for q in policy.questions}


def _stage_keys(policy: Policy) -> set[str]:
    return {k for p in policy.pathways for s in p.stages for k in _stage_names(s)}


def _stage_names(stage: Stage) -> set[str]:
    return {_key(stage.id), _key(stage.label), _key(stage.title), _key(stage.name)} - {""}


# --- running a row ------------------------------------------------------------------------------------------


def run_row(policy: Policy, columns: list[Column], number: int, cells: list[str], problems: Problems):
    """One scenario: its answers walked through the engine and its outcome compared with what the row expects.
    None when the row cannot be run (its problems are added)."""
    w = policy.wording
    before = problems.count

    def cell(column: Column) -> str:
        return cells[column.index] if column.index < len(cells) else ""

    today = None
    for column in columns:
        if column.kind == "today":
            value = cell(column)
            if not value:
                problems.add(number, column.index, column.heading, w("scenarios.today.missing"))
            else:
                today, message = parse_table_date(value, w)
                if message:
                    problems.add(number, column.index, column.heading, message)
    expected: dict[str, Any] = {}
    for column in columns:
        if column.kind != "expect" or not cell(column):
            continue
        value = cell(column)
        if column.what == DEADLINE:
            if _key(value) in ("none", "no deadline", "no date"):
                expected[DEADLINE] = None
            else:
                day, message = parse_table_date(value, w, with_time=True)
                if message:
                    problems.add(number, column.index, column.heading, message)
                else:
                    expected[DEADLINE] = day
        elif column.what == STAGE:
            if not _stage_expected_known(policy, value):
                problems.add(number, column.index, column.heading,
                             w("scenarios.stage.unknown", value=_shown(value), example=_example_stage(policy)))
            expected[STAGE] = value
        else:
            expected[CONTACT] = [v.strip() for v in re.split(r"[;\n]", value) if v.strip()]
    # Answers to declared questions and dates are checked whether or not the walk asks for them.
    for column in columns:
        value = cell(column)
        if not value:
            continue
        if column.kind == "question" and column.qid in {q.id for q in policy.questions}:
            question = next(q for q in policy.questions if q.id == column.qid)
            if question.type in ("choice", "yes-no") and _option(question, value, policy) is None:
                problems.add(number, column.index, column.heading, _not_an_answer(question, value, policy))
        elif column.kind == "progress" and not _progress_word_known(policy, column, value):
            problems.add(number, column.index, column.heading, _progress_word_problem(policy, column, value))
        elif _is_date_column(column):
            _, message = parse_table_date(value, w)
            if message:
                problems.add(number, column.index, column.heading, message)
    if problems.count > before or today is None:
        return None
    walk = Walk(policy, today)
    for _ in range(MAX_STEPS):
        step = walk.next()
        if step["kind"] != "question":
            break
        question = walk.pending
        column = _column_for(policy, walk, question, columns)
        raw = cell(column) if column is not None else ""
        if not raw and question.id.endswith(".raise-on"):
            value = today   # the stage is raised on the day the scenario is run, unless the row says otherwise
        elif not raw and question.type == "time":
            value = NOT_KNOWN   # a time not given: "I do not know the time" (hours from the start of that day)
        elif not raw:
            problems.add(number, column.index if column else None, column.heading if column else None,
                         w("scenarios.answer.missing", question=_shown(question.text, 200, False),
                           heading=_shown(column.heading if column else _heading_for(policy, walk, question), 80,
                                          False)))
            return None
        else:
            value, message = _answer(policy, walk, question, column, raw)
            if message:
                problems.add(number, column.index, column.heading, message)
                return None
        errors = walk.answer(question.id, value)
        if errors:
            problems.add(number, column.index if column else None, column.heading if column else None,
                         w("scenarios.answer.refused", question=_shown(question.text, 200, False),
                           message=_shown(errors[0]["message"], 200, False)))
            return None
    else:
        problems.add(number, None, None, w("scenarios.answer.loop"))
        return None
    return compare(policy, number, expected, step)


def _column_for(policy: Policy, walk: Walk, question: Question, columns: list[Column]) -> Optional[Column]:
    """The column that answers the question the guide asks: its own, the column for its stage, or the column for
    its kind of question (the stage reached, its response, the date it was raised)."""
    qid = question.id
    for column in columns:
        if column.kind == "question" and column.qid == qid:
            return column
    pathway_id, _, rest = qid.partition(".")
    if not rest:
        return None
    if rest == "reached":
        return next((c for c in columns if c.kind == "progress" and c.part == "reached"), None)
    part = next((p for p in PER_STAGE if rest.endswith("." + p)), None)
    if part is None:
        return None
    stage = policy.pathway(pathway_id).stage(rest[: -len(part) - 1])
    names = _stage_names(stage)
    for column in columns:
        if column.kind == "progress" and column.part == part and column.stage in names:
            return column
    reached = walk.facts.get(f"{pathway_id}.reached")
    for column in columns:
        if column.kind == "progress" and column.part == part and column.stage is None:
            if part in ("response", "raised-on", "raised-at") and reached != stage.id:
                continue    # "raised on" is the date of the stage reached; another stage's date has its own column
            return column
    return None


def _heading_for(policy: Policy, walk: Walk, question: Question) -> str:
    """The heading to add for a question the row does not answer."""
    qid = question.id
    if qid in {q.id for q in policy.questions}:
        return _question_headings(policy)[qid]
    pathway_id, _, rest = qid.partition(".")
    if rest == "reached":
        return TEMPLATE_PROGRESS["reached"]
    part = next((p for p in PER_STAGE if rest.endswith("." + p)), None)
    if part is None:
        return qid
    stage = policy.pathway(pathway_id).stage(rest[: -len(part) - 1])
    if part in ("response", "raised-on", "raised-at") and walk.facts.get(f"{pathway_id}.reached") == stage.id or part in (
            "used", "raise-on", "response-on", "raise-at", "response-at"):
        return TEMPLATE_PROGRESS[part]
    return f"{stage.label} {next(words for words, p in STAGE_PARTS.items() if p == part)}"


def _answer(policy: Policy, walk: Walk, question: Question, column: Column, raw: str):
    """The engine's answer for a cell: (value, None), or (None, what to fix)."""
    w = policy.wording
    if question.type == "date":
        day, message = parse_table_date(raw, w)
        return day, message
    if question.type == "time":     # the engine reads the time itself (and refuses one that is not)
        return (NOT_KNOWN if _key(raw) in TIME_UNKNOWN else raw), None
    if question.type not in ("choice", "yes-no"):
        return raw, None
    if column.kind == "progress" and column.part == "used" and column.stage is None:
        stage_id = question.id.rsplit(".", 2)[1]
        pathway = policy.pathway(question.id.partition(".")[0])
        key = _key(raw)
        if key in ALL_WORDS:
            return "yes", None
        if key in NONE_WORDS:
            return "no", None
        named = [_key(part) for part in re.split(r"[,;\n]|\band\b", raw) if _key(part)]
        unknown = [n for n in named if not any(n in _stage_names(s) for s in pathway.stages)]
        if unknown:
            return None, w("scenarios.used.unknown", value=_shown(unknown[0]),
                           stages=", ".join(s.label for s in pathway.stages))
        return ("yes" if any(n in _stage_names(pathway.stage(stage_id)) for n in named) else "no"), None
    value = _option(question, raw, policy)
    if value is None:
        return None, _not_an_answer(question, raw, policy)
    return value, None


def _option(question: Question, raw: str, policy: Policy) -> Optional[str]:
    """The option value a cell names: its value or its label, in any case; for how far it has got, a stage's
    label, title or id, or ``none``; for a response, a few plain words (``not resolved``, ``no response``)."""
    key = _key(raw)
    options = question.answer_options(policy.wording)
    for option in options:
        if key in (_key(option.value), _key(option.label)):
            return option.value
    if question.type == "yes-no" and key in ("y", "n"):
        return "yes" if key == "y" else "no"
    if any(o.value == NOT_SURE for o in options) and key in ("not sure", "unsure", "don't know", "dont know"):
        return NOT_SURE
    if question.id.endswith(".reached"):
        pathway = policy.pathway(question.id.partition(".")[0])
        if key in NONE_WORDS:
            return "none"
        for stage in pathway.stages:
            if key in _stage_names(stage) and any(o.value == stage.id for o in options):
                return stage.id
    if question.id.endswith(".response"):
        for value, words in RESPONSE_WORDS.items():
            if key in words:
                return value
    return None


def _not_an_answer(question: Question, raw: str, policy: Policy) -> str:
    labels = [o.label for o in question.answer_options(policy.wording)]
    return policy.wording("scenarios.answer.not_an_answer", value=_shown(raw),
                          question=_shown(question.text, 200, False), options=_shown("; ".join(labels), 300, False))


def _progress_word_known(policy: Policy, column: Column, value: str) -> bool:
    """Whether a cell of a progress column names something this policy has, whatever pathway the row takes (the
    walk checks it again against the stages of the pathway it takes)."""
    key = _key(value)
    if column.part == "reached":
        starts = {_key(p.not_started) for p in policy.pathways if p.not_started} | {_key(policy.progress.reached_none)}
        return key in _stage_keys(policy) or key in NONE_WORDS or key in starts
    if column.part == "response":
        p = policy.progress
        labels = {_key(p.response_resolved), _key(p.response_not_resolved), _key(p.response_none)}
        return key in labels or any(key in words or key == _key(v) for v, words in RESPONSE_WORDS.items())
    if column.part == "used" and column.stage is None:
        if key in ALL_WORDS or key in NONE_WORDS:
            return True
        named = [_key(part) for part in re.split(r"[,;\n]|\band\b", value) if _key(part)]
        return all(n in _stage_keys(policy) for n in named)
    if column.part == "used":
        return key in ("yes", "no", "y", "n")
    return True


def _progress_word_problem(policy: Policy, column: Column, value: str) -> str:
    w = policy.wording
    if column.part == "response":
        return w("scenarios.response.unknown", value=_shown(value))
    if column.part == "used" and column.stage is not None:
        return w("scenarios.answer.yes_no", value=_shown(value))
    if column.part == "used":
        return w("scenarios.used.unknown", value=_shown(value),
                 stages=", ".join(s.label for s in policy.pathways[0].stages[:2]))
    return w("scenarios.stage.unknown", value=_shown(value), example=_example_stage(policy))


def _example_stage(policy: Policy) -> str:
    """A stage as the guide names it, for a message: the longest pathway's "... 2" ("Step 2"), or its second stage."""
    pathways = sorted((p for p in policy.pathways if p.stages), key=lambda p: (p.fast, -len(p.stages)))
    if not pathways:
        return "Stage 2"
    stages = pathways[0].stages
    numbered = [s.label for s in stages if s.label.rstrip().endswith("2")]
    return numbered[0] if numbered else stages[min(1, len(stages) - 1)].label


def _is_date_column(column: Column) -> bool:
    if column.kind == "progress":
        return column.part in ("raised-on", "raise-on", "response-on")
    if column.kind == "question" and column.qid:
        return column.qid.endswith((".raised-on", ".raise-on", ".response-on"))
    return False


def _stage_expected_known(policy: Policy, value: str) -> bool:
    key = _key(value)
    return key in _stage_keys(policy) or key in _signpost_keys(policy)


def _signpost_keys(policy: Policy) -> set[str]:
    keys = {"immediate risk", _key(policy.immediate_risk.summary)}
    for signpost in policy.signposts:
        keys |= {_key(signpost.id), _key(signpost.title)}
    return keys


# --- comparing --------------------------------------------------------------------------------------------


def compare(policy: Policy, number: int, expected: dict, step: dict) -> dict:
    """The row's result: passed, or the message naming what was expected and what the guide says."""
    w = policy.wording
    actual = _actual(policy, step)
    wrong: list[str] = []
    said: list[str] = []
    if STAGE in expected:
        key = _key(expected[STAGE])
        if key not in actual["stage_keys"]:
            wrong.append(STAGE)
            said.append(actual["stage_text"])
    if DEADLINE in expected:
        want = expected[DEADLINE]
        got = actual["deadline"]
        if want is None:
            if got is not None:
                wrong.append(DEADLINE)
                said.append(got["text"])
        elif got is None:
            wrong.append(DEADLINE)
            said.append(w("scenarios.said.no_deadline"))
        else:
            day, at = want
            if got["date"] != day.isoformat() or (at is not None and got.get("time") not in (None, at.strftime("%H:%M"))):
                wrong.append(DEADLINE)
                said.append(got["text"])
    if CONTACT in expected:
        missing = [name for name in expected[CONTACT] if not _contact_found(name, actual["contacts"])]
        if missing:
            wrong.append(CONTACT)
            said.append(w("scenarios.said.contacts", contacts=actual["contacts_text"]) if actual["contacts"]
                        else w("scenarios.said.no_contact"))
    result = {"row": number, "passed": not wrong, "message": None, "wrong": wrong,
              "expected": _expected_json(expected),
              "actual": {"stage": actual["stage_text"], "deadline": actual["deadline"],
                         "contacts": actual["contacts_text"]}}
    if wrong:
        result["message"] = w("scenarios.failed", row=number, expected=_expected_words(w, expected, wrong),
                              said=w("scenarios.said.and").join(said))
    return result


def _actual(policy: Policy, step: dict) -> dict:
    w = policy.wording
    if step["kind"] == "advice":
        stage = step["stage"]
        keys = {_key(stage["id"]), _key(stage["label"]), _key(stage["title"]), _key(f"{stage['label']}: {stage['title']}")}
        contacts = step["contacts"]
        return {"stage_keys": keys, "stage_text": w("scenarios.said.stage", label=stage["label"], title=stage["title"]),
                "deadline": step["deadline"], "contacts": contacts, "contacts_text": contacts_text(contacts)}
    if step["kind"] == "signpost":
        signpost = step["signpost"]
        keys = {_key(signpost["id"]), _key(signpost["title"])}
        if signpost["id"] == "immediate-risk":
            keys.add("immediate risk")
        return {"stage_keys": keys, "stage_text": w("scenarios.said.signpost", title=signpost["title"]),
                "deadline": None, "contacts": [], "contacts_text": ""}
    return {"stage_keys": set(), "stage_text": w("scenarios.said.no_route"), "deadline": None, "contacts": [],
            "contacts_text": ""}


SIDES = {"you": "yours", "yours": "yours", "your agency": "yours", "they": "theirs", "theirs": "theirs",
         "other agency": "theirs", "partnership": "partnership"}


def _contact_found(name: str, contacts: list[dict]) -> bool:
    """Whether a contact the row names is one the guide gives: by its name (a role, an inbox, a directory), on the
    side named before a colon if there is one ("They: Head of Service")."""
    side = None
    head, colon, rest = name.partition(":")
    if colon and _key(head) in SIDES:
        side, name = SIDES[_key(head)], rest
    key = _key(name)
    for contact in contacts:
        if side is not None and contact["side"] != side:
            continue
        names = list(contact.get("names") or ())
        if contact.get("contact"):
            names.append(contact["contact"]["name"])
        if any(_key(n) == key for n in names):
            return True
    return False


def _expected_words(w, expected: dict, wrong: list[str]) -> str:
    """What the row expects, in words: its stage and deadline (short, and what the row is about), and its contacts
    where they are what differs."""
    parts = []
    if STAGE in expected:
        parts.append(expected[STAGE])
    if DEADLINE in expected:
        if expected[DEADLINE] is None:      # after a stage's title, set apart: "Step 3: ..., with no deadline"
            parts.append(w("scenarios.expected.with_no_deadline" if STAGE in expected else
                           "scenarios.expected.no_deadline"))
        else:
            day, at = expected[DEADLINE]
            text = long_date(day) if at is None else w("deadline.at", date=long_date(day), time=at.strftime("%H:%M"))
            parts.append(w("scenarios.expected.by" if STAGE in expected else "scenarios.expected.deadline", date=text))
    text = "".join(part if i == 0 or part.startswith(",") else " " + part for i, part in enumerate(parts))
    if CONTACT in wrong:
        contact = w("scenarios.expected.contact", contacts="; ".join(expected[CONTACT]))
        text = f"{text}, {contact}" if text else contact
    return _shown(text, 400, False)


def _expected_json(expected: dict) -> dict:
    result: dict[str, Any] = {}
    if STAGE in expected:
        result["stage"] = expected[STAGE]
    if DEADLINE in expected:
        value = expected[DEADLINE]
        result["deadline"] = None if value is None else {"date": value[0].isoformat(),
                                                          "time": value[1].strftime("%H:%M") if value[1] else None}
    if CONTACT in expected:
        result["contacts"] = list(expected[CONTACT])
    return result


# --- dates --------------------------------------------------------------------------------------------------


MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), 1) for name in names}
WEEKDAYS = {name: number for number, names in enumerate((
    ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun"))) for name in names}
_TIME = r"(?:[\s,t]+(?:at\s+)?(?P<hour>[0-9]{1,2})[:.](?P<minute>[0-9]{2})(?::[0-9]{2}(?:\.[0-9]+)?)?\s*(?P<ampm>am|pm)?)?"
_ISO = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})" + _TIME)
_NUMERIC = re.compile(r"(?P<day>[0-9]{1,2})[/.\-](?P<month>[0-9]{1,2})[/.\-](?P<year>[0-9]{4}|[0-9]{2})" + _TIME)
_WORDS = re.compile(r"(?:(?P<weekday>[a-z]+),?\s+)?(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?[\s\-]+(?P<month>[a-z]+)\.?"
                    r"[\s,\-]+(?P<year>[0-9]{4}|[0-9]{2})" + _TIME)
_MONTH_FIRST = re.compile(r"(?:(?P<weekday>[a-z]+),?\s+)?(?P<month>[a-z]+)\.?\s+(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?,?"
                          r"\s+(?P<year>[0-9]{4})" + _TIME)


def parse_table_date(raw: str, wording, with_time: bool = False):
    """A date as a spreadsheet writes it: (date, None), or (None, what to fix). With ``with_time``, the value is
    (date, time or None): a deadline in hours may be written "Monday 7 December 2026 at 17:00". Numbers are read
    day first, as in the UK: 07/12/2026 is 7 December."""
    w = wording
    text = " ".join(str(raw)[:80].lower().split())
    match = None
    for pattern in (_ISO, _NUMERIC, _WORDS, _MONTH_FIRST):
        match = pattern.fullmatch(text)
        if match:
            break
    if not match:
        return None, w("scenarios.date.not_a_date", value=_shown(raw))
    parts = match.groupdict()
    month = parts["month"]
    if month.isdigit():
        month_number = int(month)
    elif month in MONTHS:
        month_number = MONTHS[month]
    else:
        return None, w("scenarios.date.not_a_date", value=_shown(raw))
    year = int(parts["year"])
    if len(parts["year"]) == 2:
        year += 2000
    day_number = int(parts["day"])
    if pattern is _NUMERIC and month_number > 12 and day_number <= 12:
        return None, w("scenarios.date.month_first", value=_shown(raw), day=month_number, month=day_number,
                       year=year)
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None, w("scenarios.date.range", value=_shown(raw), earliest=EARLIEST_YEAR, latest=LATEST_YEAR)
    try:
        day = date(year, month_number, day_number)
    except ValueError:
        return None, w("scenarios.date.not_real", value=_shown(raw))
    weekday = parts.get("weekday")
    if weekday:
        if weekday not in WEEKDAYS:
            return None, w("scenarios.date.not_a_date", value=_shown(raw))
        if WEEKDAYS[weekday] != day.weekday():
            return None, w("scenarios.date.weekday", value=_shown(raw), date=long_date(day))
    at = None
    if parts.get("hour") is not None:
        hour, minute = int(parts["hour"]), int(parts["minute"])
        if parts.get("ampm") == "pm" and hour < 12:
            hour += 12
        elif parts.get("ampm") == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            return None, w("scenarios.date.not_a_date", value=_shown(raw))
        at = time(hour, minute)
        if not with_time and at != time(0, 0):
            return None, w("scenarios.date.no_time", value=_shown(raw))
        if at == time(0, 0):
            at = None     # a spreadsheet writes a date as "07/12/2026 00:00": no time was meant
    return ((day, at) if with_time else day), None


# --- the template -------------------------------------------------------------------------------------------


def _progress_parts(policy: Policy) -> set[str]:
    """The kinds of progress question this policy can ask (a template has a column for each)."""
    parts = {"reached", "response"}
    for pathway in policy.pathways:
        for stage in pathway.stages:
            timescales = [stage.timescale] + [a.timescale for a in stage.actions]
            if any(t.computable for t in timescales):
                parts |= {"raised-on", "raise-on"}
            if any(t.counts_from == "previous-response" for t in timescales):
                parts.add("response-on")
            if any(timing.needs_time(t) for t in timescales):
                parts |= {"raised-at", "raise-at"}
                if any(t.counts_from == "previous-response" for t in timescales):
                    parts.add("response-at")
            if stage.requires:
                parts.add("used")
    return parts


def _example_route(policy: Policy, today: date):
    """The answers and outcome of one route to show in a template: a stage raised after an earlier one did not
    resolve it, with a deadline, where the policy has one; else the first advice; else the first route."""
    first = first_advice = None
    try:
        for count, route in enumerate(enumerate_routes(policy, today)):
            outcome = route.outcome
            first = first or route
            if outcome["kind"] == "advice":
                first_advice = first_advice or route
                if (outcome["outcome"] == "raise" and outcome["deadline"] and not outcome["notices"]
                        and any(v == "not-resolved" for _, v in route.answers)):
                    return route.answers, outcome
            if count > 20_000:
                break
    except Exception:   # a policy whose routes cannot be walked still gets its headings
        pass
    chosen = first_advice or first
    return (chosen.answers, chosen.outcome) if chosen else None


def _answer_cells(policy: Policy, answers: Iterable, texts: dict[str, str]) -> list[tuple[str, str]]:
    """The cells of a route's answers, under the template's headings."""
    cells: list[tuple[str, str]] = []
    declared = {q.id: q for q in policy.questions}
    reached: dict[str, str] = {}
    used: dict[str, list[str]] = {}
    for qid, value in answers:
        if qid in declared:
            question = declared[qid]
            text = question.label_for(value, policy.wording) if question.type in ("choice", "yes-no") else value
            cells.append((texts[qid], short_date(value) if isinstance(value, date) else str(text)))
            continue
        pathway_id, _, rest = qid.partition(".")
        pathway = policy.pathway(pathway_id)
        if rest == "reached":
            reached[pathway_id] = value
            cells.append((TEMPLATE_PROGRESS["reached"], "none" if value == "none" else _stage_word(pathway, value)))
            continue
        part = next(p for p in PER_STAGE if rest.endswith("." + p))
        stage = pathway.stage(rest[: -len(part) - 1])
        if part == "used":
            used.setdefault(pathway_id, [])
            if value == "yes":
                used[pathway_id].append(_stage_word(pathway, stage.id))
            continue
        if part == "response":
            cells.append((TEMPLATE_PROGRESS["response"], RESPONSE_WORDS[value][0]))
            continue
        if part in ("raised-on", "raised-at") and reached.get(pathway_id) != stage.id:
            heading = f"{stage.label} {TEMPLATE_PROGRESS[part]}"
        else:
            heading = TEMPLATE_PROGRESS[part]
        if isinstance(value, time):
            text = value.strftime("%H:%M")
        elif value == NOT_KNOWN and part.endswith("-at"):
            text = TIME_UNKNOWN[0]
        else:
            text = short_date(value) if isinstance(value, date) else str(value)
        cells.append((heading, text))
    for pathway_id, stages in used.items():
        cells.append((TEMPLATE_PROGRESS["used"], ", ".join(stages) if stages else "none"))
    return cells


def _stage_word(policy_or_pathway, stage_id: str) -> str:
    """A stage as a cell names it: its label where no other stage of its pathway has it, else its label and title."""
    pathway = policy_or_pathway
    stage = pathway.stage(stage_id)
    same = [s for s in pathway.stages if _key(s.label) == _key(stage.label)]
    return stage.label if len(same) == 1 else stage.name


def _expected_cells(policy: Policy, outcome: dict) -> dict[str, str]:
    if outcome["kind"] == "signpost":
        return {HEADINGS[STAGE][0]: outcome["signpost"]["id"]}
    if outcome["kind"] != "advice":
        return {}
    pathway = policy.pathway(outcome["pathway"]["id"])
    names = [n for c in outcome["contacts"] if not c.get("optional") for n in c["names"]]
    deadline = outcome["deadline"]
    return {HEADINGS[STAGE][0]: _stage_word(pathway, outcome["stage"]["id"]),
            HEADINGS[CONTACT][0]: "; ".join(dict.fromkeys(names)),
            HEADINGS[DEADLINE][0]: deadline["text"] if deadline else "none"}


# --- text ---------------------------------------------------------------------------------------------------


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                         "\u00a0": " "})


def _key(text: Any) -> str:
    """A heading or an answer as compared: lower case, curly quotes straight, spaces single, hyphens and
    underscores as spaces, no full stop or question mark at the end."""
    if not isinstance(text, str):
        return ""
    text = text[:MAX_CELL].translate(_QUOTES).lower().replace("_", " ")
    text = re.sub(r"(?<=[a-z0-9])-(?=[a-z0-9])", " ", text)
    return " ".join(text.split()).rstrip(".?:! ")


def _shown(value: Any, limit: int = 80, quoted: bool = True) -> str:
    """A piece of the table in a message: on one line, with no control characters (which a terminal would obey),
    never more than ``limit`` characters."""
    text = value if isinstance(value, str) else str(value)
    text = "".join(c if c.isprintable() else " " for c in text[: limit * 4])
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"' if quoted else text


def _safe_cell(value: Any) -> str:
    """A cell to write: text that a spreadsheet would take for a formula gets an apostrophe before it (shown as
    text, and taken off again when the table is read)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"
