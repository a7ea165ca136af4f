"""The studio's live check (issue 22): `build.py check` on the text in the editor, for the studio's worker.

It runs in the browser under Pyodide, and in CPython for the tests: the text is written to a file in a folder of
its own (Pyodide's memory, never the author's disk), with the source text the author opened beside it, and read by
the same `check_policy` as the command line, so each message has the same `line:col` and words. The one difference
is said where it is made: the warnings on HTML removed from a Markdown text need nh3 (a Rust library) and are left
to `build.py check`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .policy_files import POLICY_FILENAME, check_policy_file, read_policy_file

DISPLAY = POLICY_FILENAME
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
    order, and whether the text is a policy at all (a file that could not be read is not)."""
    folder = _work_folder()
    for old in folder.iterdir():
        old.unlink()
    if source_name and source_text is not None:
        name = Path(source_name.replace("\\", "/")).name
        if name and name not in (".", ".."):
            (folder / name).write_text(source_text, encoding="utf-8")
    path = folder / "draft.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    policy, problems = read_policy_file(path, DISPLAY)
    warnings = []
    if policy is not None:
        problems = check_policy_file(policy, problems, html_warnings=False)
        warnings = policy.warnings
    else:
        problems = sorted(set(problems))
    return {
        "read": policy is not None,
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

    _calendar.clear()
    _calendar.update(json.loads(calendar_json))


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
