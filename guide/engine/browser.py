"""The engine's interface for the guide's Web Worker, under Pyodide (standard library only).

JSON strings in, JSON strings (or bytes) out, so the worker passes plain data across. The policy arrives as the JSON
the build writes (``guide.pages.policy_json``): the validated policy, its bank holidays, no YAML parser needed.
"""

from __future__ import annotations

import json
from typing import Optional

from .walk import next_step
from .model import Policy

_policy: Optional[Policy] = None


def load_policy(text: str) -> str:
    """Load the policy the guide works with. Returns its site path."""
    global _policy
    data = json.loads(text)
    _policy = Policy.from_dict(data["policy"], site_path=data["site_path"], bank_holidays=data["bank_holidays"],
                               bank_holiday_years=tuple(data["bank_holiday_years"]),
                               source_sections=data.get("source_sections"))
    return _policy.site_path


def policy() -> Policy:
    if _policy is None:
        raise RuntimeError("load_policy() first")
    return _policy


def advise(answers_json: str, today: str, submitted: Optional[str] = None) -> str:
    """``next_step`` for the answers (a JSON object), as JSON."""
    return json.dumps(next_step(policy(), json.loads(answers_json), today, submitted or None), ensure_ascii=False)


def routes_digest(today: str) -> str:
    """How many routes there are and a digest of all their outcomes: to compare with CPython."""
    import hashlib
    from datetime import date

    from .routes import enumerate_routes

    digest = hashlib.sha256()
    count = 0
    for route in enumerate_routes(policy(), date.fromisoformat(today)):
        digest.update(json.dumps(route.outcome, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        count += 1
    return json.dumps({"routes": count, "sha256": digest.hexdigest()})


# --- filled documents ----------------------------------------------------------------------------------------


def form_screens(form_id: str, answers_json: str, details_json: str, today: str) -> str:
    """The sections and fields to ask for a form, pre-filled from the answers (see guide.documents)."""
    from . import documents

    return json.dumps(documents.form_screens(policy(), form_id, json.loads(answers_json), json.loads(details_json),
                                             today), ensure_ascii=False)


def validate(form_id: str, section_index: int, details_json: str, answers_json: str = "{}",
             today: Optional[str] = None) -> str:
    from . import documents

    return json.dumps(documents.validate(policy(), form_id, int(section_index), json.loads(details_json),
                                         json.loads(answers_json), today), ensure_ascii=False)


def make_document(form_id: str, answers_json: str, details_json: str, today: str, reference: str = "") -> bytes:
    """The filled form (or escalation record) as a .docx file; ``reference`` is the escalation's random reference."""
    from . import documents

    return documents.form_document(policy(), form_id, json.loads(answers_json), json.loads(details_json), today,
                                   reference or "")


def document_html(form_id: str, answers_json: str, details_json: str, today: str, reference: str = "") -> str:
    """The same document as HTML, for printing from the guide."""
    from . import documents

    return documents.form_html(policy(), form_id, json.loads(answers_json), json.loads(details_json), today,
                               reference or "")


def document_name(form_id: str, today: str, reference: str = "") -> str:
    from . import documents

    return documents.filename(policy(), form_id, today, reference or "")


def calendar(answers_json: str, today: str) -> str:
    """The escalation's dates as an iCalendar file ("" when there is none); see guide.engine.reminders."""
    from .reminders import calendar_file

    return calendar_file(policy(), json.loads(answers_json), today) or ""


def calendar_name(today: str, reference: str = "") -> str:
    from .reminders import calendar_name as name

    return name(policy(), today, reference or "")


def read_record(data, today: str) -> str:
    """Continue an escalation from a record the guide made: the file's bytes in, its answers out (as JSON)."""
    from .record_data import read_record as read

    if hasattr(data, "to_py"):          # a JavaScript Uint8Array, under Pyodide
        data = data.to_py()
    return json.dumps(read(policy(), bytes(data), today), ensure_ascii=False)


def read_earlier_form(data) -> str:
    """What an earlier form or record of this guide shows, by field key (guide.engine.earlier_form), as JSON: read
    here, in the browser, to offer a later form; never kept by the engine."""
    from .earlier_form import read_shown

    if hasattr(data, "to_py"):          # a JavaScript Uint8Array, under Pyodide
        data = data.to_py()
    return json.dumps(read_shown(policy(), bytes(data)), ensure_ascii=False)


def earlier_offer(form_id: str, answers_json: str, details_json: str, found_json: str, today: str) -> str:
    """The fields of this form to offer from an earlier form's values (``read_earlier_form``), as JSON."""
    from .earlier_form import offer

    return json.dumps(offer(policy(), form_id, json.loads(answers_json), json.loads(details_json),
                            json.loads(found_json), today), ensure_ascii=False)


def drafts(answers_json: str, today: str) -> str:
    """E-mail drafts for the people the advice names (guide.engine.email_drafts), as JSON."""
    from .email_drafts import email_drafts

    return json.dumps(email_drafts(policy(), json.loads(answers_json), today), ensure_ascii=False)


# --- the partnership's escalation log page (guide.engine.escalation_log) ---------------------------------------

_log_parts: list = []
_log_read: dict = {}        # the log of the records read so far, for one policy and day (each record replayed once)


def log_clear() -> None:
    """Forget every record read so far (a new batch, or the page is being left)."""
    _log_parts.clear()
    _log_read.clear()


def _log(today: str) -> dict:
    from .escalation_log import log_from_parts

    key = (id(policy()), len(_log_parts), today)
    if key not in _log_read:
        _log_read.clear()
        _log_read[key] = log_from_parts(policy(), _log_parts, today)
    return _log_read[key]


def log_add(name: str, data) -> int:
    """Read one received record (its bytes, from the page); only what the log needs is kept. Returns the count.
    ``data`` None: the page could not read the file (or the engine failed on it), so it is listed as not read."""
    from .escalation_log import MAX_FILES, record_part_of

    if hasattr(data, "to_py"):          # a JavaScript Uint8Array, under Pyodide
        data = data.to_py()
    if len(_log_parts) <= MAX_FILES:
        _log_parts.append((str(name)[:200], "guide.log.file_failed" if data is None else record_part_of(bytes(data))))
    return len(_log_parts)


def log_report(today: str) -> str:
    """The rows, the files refused, the quarterly report and the CSV, as JSON."""
    from .documents import themes
    from .escalation_log import log_csv, quarterly_report

    log = _log(today)
    return json.dumps({"rows": log["rows"], "refused": log["refused"], "duplicates": log["duplicates"],
                       "overdue_means": log["overdue_means"],
                       "quarters": quarterly_report(log["rows"], themes(policy())),
                       "csv": log_csv(log["rows"], log["overdue_means"])}, ensure_ascii=False)


def log_report_document(today: str) -> bytes:
    """The quarterly report as a Word document, for the partnership's board."""
    from .escalation_log import report_document

    log = _log(today)
    return report_document(policy(), log["rows"], log["refused"], today, log["duplicates"])


# --- scenario tables (the studio) ----------------------------------------------------------------------------


def scenario_table(data) -> str:
    """A scenario table (the CSV file's bytes, or its text) run with the loaded policy: ``run_table``'s result as
    JSON, the same as ``python build.py scenarios`` gives."""
    from .scenario_table import run_table

    if hasattr(data, "to_py"):          # a JavaScript Uint8Array, under Pyodide
        data = bytes(data.to_py())
    return json.dumps(run_table(policy(), data), ensure_ascii=False)


def scenario_template(today: str) -> str:
    """A scenario table to start from, for the loaded policy, as CSV text (see ``scenario_table.template``)."""
    from datetime import date

    from .scenario_table import template

    return template(policy(), date.fromisoformat(today))
