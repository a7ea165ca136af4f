"""What an earlier form shows, offered for a later one, so that nothing is typed twice (WCAG 2.2, 3.3.7 Redundant
entry) (standard library only).

A form the guide made carries the answers in its data part (guide.engine.record_data), never what was typed into
it: the data part is what the partnership's escalation log reads. What was typed is only in the document itself, in
the rows of its tables, as the practitioner (and anyone who filled in the recipient's rows in Word) left them. So
this module reads the visible rows back: the file is opened in the browser, its tables matched with the form's
sections and labels, and each value turned back into what the field holds. The guide then shows what it found for
the practitioner to confirm before anything is used (``offer``). Nothing is stored or sent anywhere.

Reading is bounded like the data part's: the file, the document part and the number of tables have limits, no DTD
or entity is accepted, a file the guide did not make is refused in plain words, and nothing raises.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from typing import Any, Mapping, Optional
from xml.etree import ElementTree

from .documents import (PARTS, RECORD_ID, _blank, field_value, fills, form_for, prefill, sender_sections,
                        stage_fills)
from .docx import MAX_TEXT, W_NS
from .model import Field, Form, Policy
from .record_data import MAX_FILE, _read_part
from .workdays import MONTHS, short_date

DOCUMENT = "word/document.xml"
MAX_DOCUMENT = 2 * 1024 * 1024     # bytes of the document part, unpacked: a form is some kilobytes, even after Word
MAX_TABLES = 200                   # tables read: a form has one a section
MAX_ROWS = 200                     # rows read in a table: a section has a few fields
_W = f"{{{W_NS}}}"
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag", _W + "ins"}   # Word's, around cells


def read_shown(policy: Policy, data: Any) -> dict:
    """The values an earlier document of this partnership's guide shows, by field key: {ok: True, form: its title,
    made: the day it was made, values: {key: value}}; or {ok: False, message} in plain words. Values are in the
    shape the form holds them: dates as YYYY-MM-DD, a name and job title as {name, role}, a choice as one of its
    options; a row left blank, a date that is not one, or a choice that is not offered is left out."""
    w = policy.wording
    found = _read_part(data)
    if isinstance(found, str):
        return {"ok": False, "message": w("earlier.not_ours")}
    about, _ = found
    if about.get("slug") != policy.partnership.slug:
        return {"ok": False, "message": w("earlier.other_partnership", title=about.get("title") or "another policy")}
    tables = _tables(bytes(data))
    if tables is None:
        return {"ok": False, "message": w("earlier.not_ours")}
    form, rows = _best_form(policy, tables)
    if form is None:
        return {"ok": False, "message": w("earlier.no_rows")}
    values: dict[str, Any] = {}
    for field, text in rows:
        value = _typed(field, text)
        if value is not None and field.value_key not in values:
            values[field.value_key] = value
    try:
        made = short_date(date.fromisoformat(about.get("made", "")))
    except ValueError:
        made = ""
    return {"ok": True, "form": form.title, "made": made, "values": values}


def offer(policy: Policy, form_id: str, answers: Mapping, details: Mapping, found: Mapping,
          today: date | str) -> dict:
    """What to offer from ``found`` (``read_shown``'s values) for this form at the stage these answers lead to:
    {fields: [{key, label, shown, value}]}, one a key, in the form's order. A field is offered where the earlier
    form has a value that differs from the one here, and the practitioner has not typed one here: nothing typed
    is replaced. A date the answers give stays as they give it: the answers are the one source of dates."""
    if not isinstance(found, Mapping) or not isinstance(details, Mapping) or not isinstance(answers, Mapping):
        return {"fields": []}
    try:
        form = form_for(policy, form_id)
    except KeyError:
        return {"fields": []}
    filled = prefill(policy, form, answers, today)
    here = stage_fills(policy, form, answers, today)
    offered, seen = [], set()
    for section in sender_sections(form, here, policy.wording):
        for field in section.fields:
            key = field.value_key
            if key in seen or key not in found or not _fits(field, found[key]):
                continue
            seen.add(key)
            if field.type == "date" and key in filled:
                continue        # a date the guide's answers give (one source): "Date of stage 3 alert"
            value = field_value(field, found[key])
            current = field_value(field, details[key]) if key in details else None
            given = field_value(field, filled[key]) if key in filled else None
            if current is not None and not _blank(current) and not _same(field, current, given):
                continue        # typed here: kept
            if _same(field, value, current if current is not None and not _blank(current) else given):
                continue        # nothing new
            offered.append({"key": key, "label": field.screen_label, "shown": _shown(field, value), "value": value})
    return {"fields": offered}


def offered_values(policy: Policy, data: bytes, form_id: str, answers: Mapping, details: Mapping,
                   today: date | str) -> dict:
    """``read_shown`` then ``offer``: what a later form is offered from an earlier document ({ok, message} if the
    file cannot be read)."""
    shown = read_shown(policy, data)
    if not shown["ok"]:
        return shown
    return {**shown, **offer(policy, form_id, answers, details, shown["values"], today)}


# --- reading the document's tables ----------------------------------------------------------------------------


def _tables(data: bytes) -> Optional[list[tuple[str, list[tuple[str, str]]]]]:
    """The document's tables of labelled fields as (heading, [(label, value), ...]), in order; None if the file has
    no document part the guide can read."""
    if len(data) > MAX_FILE:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(DOCUMENT)
            if info.file_size > MAX_DOCUMENT:
                return None
            with archive.open(info) as stream:
                raw = stream.read(MAX_DOCUMENT + 1)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, EOFError):
        return None
    if len(raw) > MAX_DOCUMENT or b"<!DOCTYPE" in raw.upper() or b"<!ENTITY" in raw.upper():
        return None
    try:
        root = ElementTree.fromstring(raw)
    except (ElementTree.ParseError, ValueError, RecursionError):
        return None
    tables = []
    for table in root.iter(_W + "tbl"):
        if len(tables) >= MAX_TABLES:
            break
        rows = [[_cell_text(cell) for cell in _within(row, _W + "tc")]
                for row, _ in zip(_within(table, _W + "tr"), range(MAX_ROWS))]
        if rows and len(rows[0]) == 1:          # a heading row across the table, then a label and a value a row
            tables.append((_normal(rows[0][0]), [(_normal(r[0]), r[1]) for r in rows[1:] if len(r) >= 2]))
    return tables


def _within(element, tag: str):
    """The children of ``element`` with this tag, looking through the wrappers Word may put around them."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _within(child, tag)


def _cell_text(cell) -> str:
    """A cell's text as shown: its paragraphs on lines, tabs and breaks kept, deleted text left out."""
    lines = []
    for paragraph in cell.iter(_W + "p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == _W + "t" and node.text:
                parts.append(node.text)
            elif node.tag == _W + "tab":
                parts.append("\t")
            elif node.tag in (_W + "br", _W + "cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines).strip()[:MAX_TEXT]


def _normal(text: str) -> str:
    return " ".join(text.split())


def _best_form(policy: Policy, tables) -> tuple[Optional[Form], list[tuple[Field, str]]]:
    """The form whose sections and labels the tables match best, with the value in each row matched."""
    best: tuple[Optional[Form], list] = (None, [])
    for form in (*policy.forms, form_for(policy, RECORD_ID)):
        rows = _matched(form, tables)
        if len(rows) > len(best[1]):
            best = (form, rows)
    return best


def _matched(form: Form, tables) -> list[tuple[Field, str]]:
    """Each field of the form with the row the document shows for it: the sections' tables in order, by heading,
    and in each the labels in order (a label may repeat: "Service")."""
    matched, start = [], 0
    for section in form.sections:
        title = _normal(section.title)
        index = next((i for i in range(start, len(tables)) if tables[i][0] == title), None)
        if index is None:
            continue
        start = index + 1
        rows, at = tables[index][1], 0
        for field in section.fields:
            label = _normal(field.label)
            hit = next((i for i in range(at, len(rows)) if rows[i][0] == label), None)
            if hit is not None:
                matched.append((field, rows[hit][1]))
                at = hit + 1
    return matched


# --- a row's text, as the field holds it ----------------------------------------------------------------------

_MONTH = {name.lower(): number for number, name in enumerate(MONTHS, 1)}
_MONTH.update({name[:3].lower(): number for number, name in enumerate(MONTHS, 1)})
_WRITTEN = re.compile(r"(?:[A-Za-z]+,?\s+)?([0-9]{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+([0-9]{4})")
_NUMERIC = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")     # day first, as in the UK
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def _typed(field: Field, text: str) -> Any:
    """The value a row's text stands for, or None if it gives none this field can hold."""
    text = text.strip()
    if not text:
        return None
    if field.type == "date":
        day = _date(text)
        return day.isoformat() if day else None
    if field.type == "name-and-role":     # written "Name, Job title" (documents.display)
        name, _, role = text.partition(", ")
        return {"name": name.strip(), "role": role.strip()}
    if field.type == "choice":
        return text if text in field.options else None
    return text


def _date(text: str) -> Optional[date]:
    text = text[:60]
    for pattern, order in ((_WRITTEN, "dmy"), (_NUMERIC, "dmy"), (_ISO, "ymd")):
        match = pattern.fullmatch(text)
        if not match:
            continue
        parts = dict(zip(order, match.groups()))
        month = _MONTH.get(parts["m"].lower()) if not parts["m"].isdigit() else int(parts["m"])
        try:
            return date(int(parts["y"]), month or 0, int(parts["d"]))
        except (TypeError, ValueError):
            return None
    return None


def _fits(field: Field, value: Any) -> bool:
    """Whether a value from ``read_shown`` (or the page) has a shape this field can take."""
    if isinstance(value, Mapping):         # a name and job title, which a one-box field takes joined
        return field.type not in ("date", "choice") and all(isinstance(value.get(part, ""), str) for part in PARTS) and any(part in value for part in PARTS)
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        return False
    if field.type == "date":
        return _ISO.fullmatch(value) is not None and _date(value) is not None
    if field.type == "choice":
        return value in field.options
    return True


def _same(field: Field, one: Any, other: Any) -> bool:
    if one is None or other is None:
        return False
    return _shown(field, one) == _shown(field, other)


def _shown(field: Field, value: Any) -> str:
    """As the document and the check page show it: "27 November 2026", "Alex Jones, Social Worker"."""
    from .documents import display

    return display(field, value)
