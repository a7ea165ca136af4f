"""Pages and files of a partnership's site beyond the policy's own manual pages (build time).

- "Every route through the guide": what the guide advises for every combination of answers, from the enumeration.
- The guide page and the files it needs (see ``write_guide_runtime``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .decision_tables import DecisionTable, RouteIndex, decision_table
from .manual import Page
from .model import Policy
from .routes import Route, contacts_text, duties_text, enumerate_routes, outcome_summary


def extra_pages(policy: Policy, today: date | None = None) -> list[Page]:
    today = today or date.today()
    return [routes_page(policy, today)]


def _cell(text) -> str:
    return " ".join(str(text).split()).replace("|", "\\|") or "—"


def _table(table: DecisionTable, result_columns: list[str], result_cells) -> str:
    headers = [text for _, text in table.columns] + result_columns
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    for cells, outcome in table.rows:
        lines.append("| " + " | ".join(_cell(c) for c in list(cells) + list(result_cells(outcome))) + " |")
    return "\n".join(lines)


def routes_page(policy: Policy, today: date) -> Page:
    routes = list(enumerate_routes(policy, today))
    out = [
        "# Every route through the guide",
        "",
        f"The guide's engine was run on every combination of answers: **{len(routes)} routes** through "
        f"{policy.partnership.short_name}'s questions. This page shows what it advises, so that the partnership can "
        "review all of its advice before publishing. Every piece of advice comes from the stages in this manual.",
        "",
        "Each table shows only the questions whose answer makes a difference; **Any** means any answer, or that the "
        "question is not asked. Dates are fixed: "
        f"today is {today.day} {today.strftime('%B')} {today.year}, a stage is raised today, and a stage with no "
        f"response was raised either today or 60 days ago. To list every route one by one, run "
        f"`python -m guide paths {policy.site_path} --format csv`.",
        "",
    ]
    out += ["## Which process the answers lead to { #processes }", "",
            "From all the routes: where each set of answers leads. Signposts end the guide with another procedure.", "",
            _table(decision_table(routes, _process, today), ["The guide goes to"], lambda title: [title]), ""]
    dead_ends = [r for r in routes if r.outcome["kind"] not in ("signpost", "advice")]
    if dead_ends:
        out += ["## Answers that lead nowhere { #dead-ends }", "",
                f"{len(dead_ends)} routes match no route in the policy. Add a route for them.", ""]
    for pathway in policy.pathways:
        mine = [r for r in routes if r.outcome["kind"] == "advice" and r.outcome["pathway"]["id"] == pathway.id]
        if not mine:
            continue
        out += [f"## {pathway.title} {{ #{pathway.id} }}", "", f"{len(mine)} routes.", "",
                "### Where the answers lead", ""]
        index = RouteIndex(mine, today, _progress_columns(policy, pathway))
        out += [_table(index.table(_where), ["The guide says", "Timescale", "Deadline", "Notices"], lambda o: o), ""]
        for stage in pathway.stages:
            def at_stage(route, stage_id=stage.id):
                return route.outcome["stage"]["id"] == stage_id
            if not any(at_stage(r) for r in mine):
                continue
            out += [f"### {stage.label}: {stage.title} {{ #{pathway.id}-{stage.id} }}", ""]
            for side, heading in (("yours", "in your agency"), ("theirs", "in the other agency"),
                                  ("partnership", "the partnership or another body")):
                def on_side(route, side=side):
                    return contacts_text([c for c in route.outcome["contacts"] if c["side"] == side])
                if not any(on_side(r) for r in mine if at_stage(r)):
                    continue
                contacts = index.table(lambda r: on_side(r) or "Nobody named", at_stage)
                out += [f"Who to contact, {heading}:", "", _table(contacts, ["Who to contact"], lambda o: [o]), ""]
            duties = index.table(lambda r: duties_text(r.outcome["duties"]) or "Nobody else", at_stage)
            out += ["Who to tell:", "", _table(duties, ["Who to tell"], lambda o: [o]), ""]
    return Page("routes.md", "Every route through the guide", "\n".join(out))


def _progress_columns(policy: Policy, pathway):
    """One column for each kind of progress question, whichever stage it was asked about."""
    prefix = pathway.id + "."

    def column(qid: str, text: str) -> tuple[str, str]:
        if not qid.startswith(prefix):
            return qid, text
        rest = qid[len(prefix):]
        if rest == "reached":
            return "reached", "How far has it got?"
        if rest == "raise-on":
            return "raise-on", "Raising the next step on"
        stage_id, _, kind = rest.rpartition(".")
        if kind == "used":
            return qid, f"{pathway.stage(stage_id).label} used?"
        return kind, {"response": "What has happened?", "raised-on": "When was it raised?"}[kind]

    return column


def _process(route: Route) -> str:
    outcome = route.outcome
    if outcome["kind"] == "signpost":
        return f"Signpost: {outcome['signpost']['title']}"
    if outcome["kind"] == "advice":
        return f"Process: {outcome['pathway']['title']}"
    return "Nowhere: no route matches"


def _where(route: Route) -> tuple:
    summary = outcome_summary(route.outcome)
    notices = "; ".join(n["text"] for n in route.outcome["notices"])
    return (summary["result"], summary["timescale"], summary["deadline"], notices)


def write_guide_runtime(project: Path, policy: Policy, data: dict, out: Path) -> None:
    return None
