"""The studio's live check (issue 22): `build.py check` on the text in the editor, for the studio's worker.

It runs in the browser under Pyodide, and in CPython for the tests: the text is written to a file in a folder of
its own (Pyodide's memory, never the author's disk), with the source text the author opened beside it, and read by
the same `check_policy` as the command line, so each message has the same `line:col` and words. The one difference
is said where it is made: the warnings on HTML removed from a Markdown text need nh3 (a Rust library) and are left
to `build.py check`.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from .check.problems import Problem
from .check.yaml_loader import _character_name, _Lines
from .policy_files import POLICY_FILENAME, check_policy_file, read_policy_file

DISPLAY = POLICY_FILENAME
# Half of a UTF-16 pair on its own: a JavaScript string (pasted text, a typed value) can hold one, a UTF-8 file cannot.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_folder: Path | None = None


def _work_folder() -> Path:
    """A fresh folder, once: the file is written as `draft.yaml`, not `policy.yaml`, since its folder's name says
    nothing about the partnership's slug (the command line compares them only for `<slug>/policy.yaml`)."""
    global _folder
    if _folder is None:
        _folder = Path(tempfile.mkdtemp(prefix="studio-"))
    return _folder


def check_text(text: str, source_name: str | None = None, source_text: str | None = None) -> dict:
    """Every problem and warning of the policy ``text``, each {line, col, message, warning}, in the command line's
    order, whether the text could be read, and whether it looks like a policy file at all."""
    lone = _LONE_SURROGATE.search(text)
    if lone:   # the command line's words for a character a policy file cannot hold, at its place
        problem = Problem(DISPLAY, *_Lines(text).at(lone.start()), f"{_character_name(lone.group())} is here: a "
                          "policy file cannot hold it; delete it, or put a space or a line break in its place")
        return {"read": False, "looks_like_policy": False, "problems": [_item(problem, False)], "warnings": []}
    folder = _work_folder()
    for old in folder.iterdir():
        old.unlink()
    if source_name and source_text is not None:
        name = Path(source_name.replace("\\", "/")).name
        if name and name not in (".", "..", "draft.yaml", "form.yaml"):
            try:   # a name too long for a file name, or a source text that is not text, is a source not beside it
                (folder / name).write_text(_LONE_SURROGATE.sub("\ufffd", source_text), encoding="utf-8")
            except OSError:
                pass
    path = folder / "draft.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    policy, problems = read_policy_file(path, DISPLAY)
    warnings = []
    if policy is not None:
        problems = check_policy_file(policy, problems, html_warnings=False)
        warnings = policy.warnings
    else:
        problems = sorted(set(problems))
    data = policy.data if policy is not None else None
    return {
        "read": policy is not None,
        # A policy file has these; without both, the author most likely opened another file: the page says so first.
        "looks_like_policy": isinstance(data, dict) and bool({"schema", "partnership"} & set(data)),
        "problems": [_item(p, False) for p in problems],
        "warnings": [_item(p, True) for p in warnings],
    }


def _item(problem, warning: bool) -> dict:
    return {"line": problem.line, "col": problem.col, "message": problem.message, "text": str(problem),
            "warning": warning}


# --- Try it: every route of the edited policy, and what changes for practitioners --------------------------------

MAX_ROUTES = 20000         # Medway has 11,689 routes; past this the list says it stopped
FIELDS = ("result", "contacts", "timescale", "deadline", "duties")   # what a practitioner is told, route by route
_calendar: dict = {}       # {"years": [first, last], "regions": {region: ["YYYY-MM-DD", ...]}}, from the build


def set_bank_holidays(calendar_json: str) -> None:
    """The bank holidays of each region for the years the site covers (written by the build: the browser has no
    `holidays` library)."""
    import json

    from .bank_holidays import use_calendar

    _calendar.clear()
    _calendar.update(json.loads(calendar_json))
    use_calendar(_calendar)


def bank_holiday_calendar(today=None) -> str:
    """Build time: the calendar `set_bank_holidays` reads, for every region the schema allows."""
    import json

    from .bank_holidays import SUBDIVISIONS, bank_holidays, year_span

    years = year_span(today)
    return json.dumps({"years": list(years), "regions": {region: [d.isoformat() for d in bank_holidays(region, years)]
                                                         for region in sorted(SUBDIVISIONS)}}, sort_keys=True)


def _policy(text: str, source_name: str | None, source_text: str | None):
    """The policy model of a text that passes the check, or None and the number of problems."""
    from ..engine.model import Policy

    result = check_text(text, source_name, source_text)
    if result["problems"]:
        return None, len(result["problems"])
    policy_file, _ = read_policy_file(_work_folder() / "draft.yaml", DISPLAY)
    check_policy_file(policy_file, (), html_warnings=False)     # fills in where each quote stands in the source
    data = policy_file.data
    region = data["partnership"].get("bank_holidays", "england-and-wales")
    policy = Policy.from_dict(data, site_path=data["partnership"]["slug"],
                              bank_holidays=_calendar.get("regions", {}).get(region, []),
                              bank_holiday_years=tuple(_calendar.get("years", (0, 0))),
                              source_sections=policy_file.source_sections)
    return policy, 0


def _routes(policy, today) -> tuple[dict, bool]:
    """{the answers, as the guide words them: what the practitioner is told}, in the guide's order."""
    from ..engine.routes import enumerate_routes, outcome_summary

    routes: dict = {}
    for route in enumerate_routes(policy, today):
        if len(routes) == MAX_ROUTES:
            return routes, True
        key = tuple(f"{question} {answer}" for _, question, answer in route.labels)
        summary = outcome_summary(route.outcome)
        routes[key] = {field: summary[field] for field in FIELDS}
    return routes, False


def try_policy(text: str, source_name: str | None, source_text: str | None, today: str,
               published_text: str | None = None) -> dict:
    """What the guide gives for every route of the edited policy, by the engine itself, and, against the published
    policy (``published_text``), each route whose advice now differs and each fact the manual's "What changed" lists.
    A comment or whitespace edit changes nothing."""
    from datetime import date

    from ..engine.routes import RouteError
    from .manual import compare_policies

    day = date.fromisoformat(today)
    policy, problems = _policy(text, source_name, source_text)
    if policy is None:
        return {"problems": problems}
    try:
        routes, stopped = _routes(policy, day)
    except RouteError as error:
        return {"problems": 0, "route_error": str(error)}
    answer = {"problems": 0, "stopped": stopped, "routes": [{"answers": list(k), **v} for k, v in routes.items()]}
    if published_text is not None:
        old, _ = _policy(published_text, source_name, source_text)
        if old is not None:
            before, _ = _routes(old, day)
            changed = []
            for key in list(routes) + [k for k in before if k not in routes]:
                now, was = routes.get(key), before.get(key)
                if now != was:
                    changed.append({"answers": list(key), "before": was, "now": now})
            answer["changed"] = changed
            answer["facts"] = [list(row) for row in compare_policies(old, policy)]
    return answer


# --- Walk through the draft: the guide's own questions, one at a time, for the draft ------------------------------

_walked: dict = {}         # {key: the policy}: the last draft walked, so each answer is not a whole new check


def walk(text: str, source_name: str | None, source_text: str | None, answers_json: str, today: str,
         submitted: str | None = None) -> dict:
    """The guide's next step for the draft ``text`` and the answers so far (a JSON object, as the guide's page sends
    them): the engine's own ``next_step``, as JSON, with the words the guide's screens show (the "guide." and "why."
    keys, with the draft's overrides). A draft the check refuses is not walked: {"problems": n}. The answers are
    used and forgotten: nothing is kept but the draft's policy model."""
    import json

    from ..engine.walk import next_step

    key = (text, source_name, source_text)
    if key not in _walked:
        policy, problems = _policy(text, source_name, source_text)
        if policy is None:
            return {"problems": problems}
        _walked.clear()
        _walked[key] = policy
    policy = _walked[key]
    try:
        answers = json.loads(answers_json)
    except ValueError:
        answers = None        # read by next_step as no answers, with its own error on the first question
    step = next_step(policy, answers, today, submitted or None)
    wording = {k: v for k, v in policy.wording.texts.items() if k.startswith(("guide.", "why."))}
    return {"problems": 0, "step": json.dumps(step, ensure_ascii=False),
            "wording": json.dumps(wording, ensure_ascii=False)}


# --- the form: common fields, each edit changing only its own value in the text ------------------------------------

TEXT_FIELDS = (("partnership", "name"), ("partnership", "short_name"), ("partnership", "area"),
               ("partnership", "inbox"), ("document", "title"), ("document", "version"))
_LABELS = {"name": "Partnership's name", "short_name": "Short name", "area": "Area", "inbox": "Partnership inbox",
           "title": "Policy title", "version": "Version"}
_KINDS = {"working-days": "working days", "calendar-days": "calendar days", "hours": "hours"}
_CONTACT_KEYS = {"name": "name", "email": "inbox (e-mail)", "phone": "phone", "website": "web page"}
GROUPS = ("The partnership and the document", "Contacts", "Stages and timescales", "Sign-off")
SIGN_OFF = (("by", "Signed off by (name)"), ("role", "Their role"), ("date", "Date signed off (YYYY-MM-DD)"))


def _description(path: tuple) -> str:
    """The schema's description of the value at ``path`` (the same words an editor shows as a hint)."""
    from .policy_files import schema

    root = schema()
    node: dict = root
    described = ""
    for key in path:
        while "$ref" in node:
            described = node.get("description", described)
            node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
        node = node.get("items", {}) if isinstance(key, int) else node.get("properties", {}).get(key, {})
    return node.get("description", "") or described


def _timescale_paths(data, path=()):
    """The kind and the amount (where it has one) of every timescale, in the file's order."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "timescale" and isinstance(value, dict):
                yield from (path + (key, part) for part, kind in (("kind", str), ("amount", int))
                            if isinstance(value.get(part), kind) and not isinstance(value.get(part), bool))
            else:
                yield from _timescale_paths(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _timescale_paths(value, path + (index,))


def _timescale_label(data, path: tuple) -> str:
    from .policy_files import _get

    stage = _get(data, path[:-2]) or {}
    pathway = _get(data, path[:2]) if path[:1] == ("pathways",) else None
    kind = _KINDS.get((_get(data, path[:-1]) or {}).get("kind"), "days")
    where = " · ".join(str(part) for part in (
        pathway.get("title") if isinstance(pathway, dict) and len(path) > 4 else None,
        " ".join(str(stage.get(k)) for k in ("label", "title") if stage.get(k)) if isinstance(stage, dict) else None) if part)
    if path[-1] == "kind":
        return f"{where or 'Timescale'}: kind of timescale"
    return f"{where or 'Timescale'}: response time in {kind}"


def _kinds() -> list[str]:
    """The kinds of timescale the schema allows, in its order: the form offers them as a list to choose from."""
    from .policy_files import schema

    return list(schema()["$defs"]["timescale"]["properties"]["kind"]["enum"])


def _paths(data: dict):
    """(group, path, label) of every field the form offers, in the file's order within each group."""
    for path in TEXT_FIELDS:
        yield GROUPS[0], path, _LABELS[path[-1]]
    contacts = data.get("contacts")
    for index, contact in enumerate(contacts if isinstance(contacts, list) else []):
        if isinstance(contact, dict):
            who = contact.get("name") if isinstance(contact.get("name"), str) else contact.get("id")
            for key, words in _CONTACT_KEYS.items():
                yield GROUPS[1], ("contacts", index, key), f"{who}: {words}"
    pathways = data.get("pathways")
    for p, pathway in enumerate(pathways if isinstance(pathways, list) else []):
        stages = pathway.get("stages") if isinstance(pathway, dict) else None
        for s, stage in enumerate(stages if isinstance(stages, list) else []):
            if isinstance(stage, dict):
                name = " ".join(str(stage[k]) for k in ("label",) if isinstance(stage.get(k), str)) or f"Step {s + 1}"
                title = pathway.get("title")
                yield GROUPS[2], ("pathways", p, "stages", s, "title"), f"{title} · {name}: title" if title else f"{name}: title"
    for path in _timescale_paths(data):
        yield GROUPS[2], path, _timescale_label(data, path)
    for key, label in SIGN_OFF:
        yield GROUPS[3], ("document", "approved", key), label


def _read(text: str):
    if _LONE_SURROGATE.search(text):
        return None
    path = _work_folder() / "form.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    policy, _ = read_policy_file(path, DISPLAY)
    path.unlink()
    return policy


def form_fields(text: str) -> list[dict]:
    """The common fields the form edits, each with its label, the schema's hint, its value and where the value stands
    in the text (character offsets). A value written over several lines, or as anything but a scalar, is left to the
    text editor."""
    from .policy_files import _get

    policy = _read(text)
    if policy is None or not isinstance(policy.data, dict):
        return []
    fields = []
    for group, path, label in _paths(policy.data):
        value = _get(policy.data, path)
        span = policy.spans.get(path)
        if span is None or isinstance(value, (dict, list, bool)) or value is None or "\n" in text[span[0]:span[1]]:
            continue
        fields.append({"path": list(path), "id": "-".join(str(p) for p in path), "group": group, "label": label,
                       "hint": _description(path), "value": str(value), "number": path[-1] == "amount",
                       "choices": _kinds() if path[-2:-1] == ("timescale",) and path[-1] == "kind" else None,
                       "start": span[0], "end": span[1]})
    return fields


def _scalar(value: str, number: bool) -> str:
    """A one-line YAML value that reads back as ``value``: plain where YAML reads it as that text, quoted otherwise."""
    import json

    import yaml

    if number:
        return str(int(value))
    plain = value.strip() == value and value and not value.startswith(("#", "'", '"', "&", "*", "!", "|", ">", "%",
                                                                        "@", "`", "[", "{", "-", "?", ":"))
    if plain and " #" not in value and ": " not in value and not value.endswith(":"):
        try:
            if yaml.safe_load(f"k: {value}\n") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)   # a JSON string is a YAML double-quoted scalar


def form_edit(text: str, path: list, value: str) -> dict:
    """The change a form edit makes to the text: {start, end, insert} for the value at ``path`` alone, or {error}. It
    is made only if the text, so changed, reads back with the new value there and nothing else changed."""
    from .policy_files import _get

    path = tuple(path)
    policy = _read(text)
    if policy is None or path not in policy.spans:
        return {"error": "the form cannot change this value now: put the problems in the text right first"}
    number = path[-1] == "amount"
    if number and not re.fullmatch(r"[0-9]{1,6}", value.strip()):   # not "²" nor 5,000 digits: int() refuses both
        return {"error": "write a whole number of days (or hours), such as 5"}
    if path[-2:] == ("timescale", "kind") and value not in _kinds():
        return {"error": f"choose one of: {', '.join(_kinds())}"}
    start, end = policy.spans[path]
    insert = _scalar(value.strip() if number else value, number)
    changed = text[:start] + insert + text[end:]
    after = _read(changed)
    expected = int(value) if number else value
    if after is None or _get(after.data, path) != expected or _without(after.data, path) != _without(policy.data, path):
        return {"error": "this value cannot be written on its line as it is: edit it in the text"}
    return {"start": start, "end": end, "insert": insert}


def _without(data, path: tuple):
    """The data with the value at ``path`` blanked: what must not change."""
    import copy

    data = copy.deepcopy(data)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = None
    return data


# --- scenario tables: the command line's own table runner, on the draft in the editor ----------------------------


def run_scenarios(text: str, source_name: str | None, source_text: str | None, table) -> dict:
    """A scenario table (the CSV file's bytes, or its text) run with the draft ``text``: the same ``run_table`` as
    ``python build.py scenarios``, so each failing row has the command line's words. A draft the check refuses is not
    run: {"problems": n}."""
    from ..engine.scenario_table import run_table

    if hasattr(table, "to_py"):          # a JavaScript Uint8Array, under Pyodide
        table = bytes(table.to_py())
    policy, problems = _policy(text, source_name, source_text)
    if policy is None:
        return {"problems": problems}
    return {"problems": 0, "result": run_table(policy, table)}


def scenario_template(text: str, source_name: str | None, source_text: str | None, today: str) -> dict:
    """A scenario table to start from, for the draft ``text``, as CSV text (``build.py scenarios --template``'s)."""
    from datetime import date

    from ..engine.scenario_table import template

    policy, problems = _policy(text, source_name, source_text)
    if policy is None:
        return {"problems": problems}
    return {"problems": 0, "csv": template(policy, date.fromisoformat(today))}


def sign_off(text: str, by: str, role: str, day: str) -> dict:
    """The change that records the board's sign-off in a draft without one: {start, end, insert}, an
    `approved:` block (by, role, date) under `document:`, just after its `status:` line, or {error}. Once recorded,
    the form edits each of its values on its own line."""
    import re

    from .policy_files import _get

    by, role, day = by.strip(), role.strip(), day.strip()
    from .check.dates import _valid_date

    if not by or not role or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) or not _valid_date(day):
        return {"error": "write the name, the role and the date (YYYY-MM-DD) of the sign-off"}
    policy = _read(text)
    if policy is None or not isinstance(policy.data, dict) or ("document", "status") not in policy.spans:
        return {"error": "the form cannot record a sign-off now: put the problems in the text right first"}
    if _get(policy.data, ("document", "approved")) is not None:
        return {"error": "this draft records a sign-off already: change it in the fields above"}
    start, end = policy.spans[("document", "status")]
    line_start = text.rfind("\n", 0, start) + 1
    indent = re.match(r"[ \t]*", text[line_start:start]).group(0)
    line_end = text.find("\n", end)
    if line_end < 0 or not text[line_start:start].strip().startswith("status:"):
        return {"error": "the sign-off cannot be added here: add `approved:` under `document:` in the text"}
    newline = "\r\n" if text[line_end - 1:line_end] == "\r" else "\n"
    at = line_end + 1
    inner = indent + "  "
    insert = (f"{indent}approved:{newline}{inner}by: {_scalar(by, False)}{newline}"
              f"{inner}role: {_scalar(role, False)}{newline}{inner}date: {day}{newline}")
    after = _read(text[:at] + insert + text[at:])
    if after is None or _get(after.data, ("document", "approved")) != {"by": by, "role": role, "date": day}:
        return {"error": "the sign-off cannot be added here: add `approved:` under `document:` in the text"}
    return {"start": at, "end": at, "insert": insert}
