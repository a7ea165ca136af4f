"""Pages and files of a partnership's site beyond the policy's own manual pages (build time).

- "Every route through the guide": what the guide advises for every combination of answers, from the enumeration.
- The guide page and the files it needs (see ``write_guide_runtime``).
"""

from __future__ import annotations

import urllib.parse
from datetime import date
from pathlib import Path

from markupsafe import Markup

from .decision_tables import DecisionTable, RouteIndex, decision_table
from .manual import Page, tel_links
from .shared_runtime import SharedRuntime, relative_address
from .policy_text import front_matter, markdown_html as render_markdown, plain
from ..engine.model import Policy
from ..engine.route_groups import dependencies, enumerate_groups, free_questions, full_size
from ..engine.routes import (Route, contacts_text, duties_text, outcome_summary, stagger_for,
                             stagger_words, staggered, staggered_text)


def extra_pages(policy: Policy, data: dict, today: date | None = None) -> list[Page]:
    today = today or date.today()
    return [guide_page(policy, data, today), routes_page(policy, today), log_page(policy)]


def _cell(text) -> str:
    return plain(text) or "—"


def _table(table: DecisionTable, result_columns: list[str], result_cells, today: date | None = None) -> str:
    """A decision table in Markdown; given ``today``, each row ends with a link that opens the guide with the
    answers of one route the row stands for."""
    headers = [text for _, text in table.columns] + result_columns + (["Try it"] if today else [])
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    for (cells, outcome), example in zip(table.rows, table.examples or [None] * len(table.rows)):
        row = [_cell(c) for c in list(cells) + list(result_cells(outcome))]
        if today:
            row.append(f'<a href="../guide/#{try_link(example, today)}">Open in the guide</a>')
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def try_link(route: Route, today: date) -> str:
    """A route's answers for the guide's address after "#" (never sent to a server): `try=` and question=answer
    pairs, a date written as `today` or `today-N` days, so that a link keeps its meaning on a later day. Only the
    review page makes these; the guide reads one on opening, then removes it from the address."""
    pairs = []
    for qid, value in route.answers:
        if isinstance(value, date):
            days = (today - value).days
            value = "today" if days == 0 else f"today-{days}"
        pairs.append((qid, str(value)))
    return "try=" + urllib.parse.quote(urllib.parse.urlencode(pairs), safe="")


ONE_TABLE = 256   # past this many combinations of the answers a stage's duties turn on, one table for each duty


def routes_page(policy: Policy, today: date, variant=None) -> Page:
    from .review import gaps, inferences, readings_to_check

    groups = list(enumerate_groups(policy, today))
    routes = [group.route for group in groups]
    size = {id(group.route): group.size for group in groups}
    free = [q for q in free_questions(policy) if any(q in group.free for group in groups)]
    stagger = stagger_for(policy, today)
    texts = {q.id: q.text for q in policy.questions}
    stage, stages = plain(policy.wording.terms["stage_word"]), plain(policy.wording.terms["stages_word"])
    out = [
        "---",
        "robots: noindex",      # for the partnership's reviewers, not for search engines
        "---",
        "# Every route through the guide",
        "",
        f"The guide's engine worked out its advice for every combination of answers: **{full_size(groups)} routes** "
        f"through "
        f"{plain(policy.partnership.short_name)}'s questions. This page shows what it advises, so that the partnership can "
        f"review all of its advice before publishing. Every piece of advice comes from the {stages} in this manual.",
        "",
    ]
    if free:
        out += [f"Some questions change only some pieces of the advice, never where the answers lead: "
                f"{'; '.join(plain(texts[q]) for q in free)}. The engine walked {len(groups)} routes, each with "
                "those questions at one answer, and worked out each piece of the advice (who to contact on each "
                "side, each person to tell, the form) for every answer of the questions that piece names.", ""]
    out += [
        "Each table shows only the questions whose answer makes a difference; **Any** means any answer, or that the "
        "question is not asked. **Open in the guide** opens the guide with the answers of one route of that row "
        "(the answers are after the `#` in the link, which a browser never sends to a server). Dates are fixed: "
        f"today is {today.day} {today.strftime('%B')} {today.year}, a {stage} is raised today, and a {stage} with no "
        f"response was raised either today or 60 days ago. To list the routes as CSV, one row for each group, run "
        f"`python -m guide paths {policy.site_path} --format csv --grouped` (without `--grouped`, every route one "
        "by one).",
        "",
        plain(stagger_words(stagger)),
        "",
    ]
    to_settle, inferred = gaps(policy, today), inferences(policy)
    out += ["## Before publishing { #review }", ""]
    out += [f"- {plain(line)}" for line in to_settle] or ["- Nothing is missing from the policy file."]
    out += ["", f"**{len(inferred)} rules are not from the source text.** The guide tells practitioners so; check "
            "each reason:" if inferred else "Every rule quotes the source text.", ""]
    out += [f"- {plain(line)}" for line in inferred] + [""]
    readings = readings_to_check(policy)   # a role, inbox or form its quote does not name (check/readings.py)
    if readings:
        out += [f"**Check this reading: {len(readings)} rules name someone or a form their quote does not "
                "name.** Confirm each against the source:", ""] + [f"- {plain(line)}" for line in readings] + [""]
    if variant is not None:
        out += _base_review(policy, variant, today)
    out += ["## Which process the answers lead to { #processes }", "",
            "From all the routes: where each set of answers leads. Signposts end the guide with another procedure.", "",
            _table(decision_table(routes, _process, today), ["The guide goes to"], lambda title: [title]), ""]
    dead_ends = [r for r in routes if r.outcome["kind"] not in ("signpost", "advice")]
    if dead_ends:
        out += ["## Answers that lead nowhere { #dead-ends }", "",
                f"{sum(size[id(r)] for r in dead_ends)} routes match no route in the policy. Add a route for them.", ""]
    for pathway in policy.pathways:
        mine = [g for g in groups if g.route.outcome["kind"] == "advice"
                and g.route.outcome["pathway"]["id"] == pathway.id]
        if not mine:
            continue
        out += [f"## {plain(pathway.title)} {{ #{pathway.id} }}", "", f"{sum(g.size for g in mine)} routes.", "",
                "### Where the answers lead", ""]
        columns = _progress_columns(policy, pathway)
        index = RouteIndex([g.route for g in mine], today, columns)
        later = {id(g.route): staggered_text(staggered(policy, g.route, today, stagger), g.route.outcome)
                 for g in mine}

        def where(route):
            return _where(route)[:3] + (later[id(route)],) + _where(route)[3:]

        out += [_table(index.table(where), ["The guide says", "Timescale", "Deadline", "Deadline, staggered",
                                            "Notices"], lambda o: o, today), ""]
        for stage in pathway.stages:
            here = [g for g in mine if g.route.outcome["stage"]["id"] == stage.id]
            if not here:
                continue
            out += [f"### {plain(stage.label)}: {plain(stage.title)} {{ #{pathway.id}-{stage.id} }}", ""]
            for side, heading in (("yours", "in your agency"), ("theirs", "in the other agency"),
                                  ("partnership", "the partnership or another body")):
                key = ("contacts", side)
                rows = _piece_routes(policy, pathway, stage, here, [key], lambda v, key=key: contacts_text(v[key]))
                if not any(result for _, result in rows):
                    continue
                contacts = _piece_table(rows, today, columns, lambda r: r or "Nobody named")
                out += [f"Who to contact, {heading}:", "", _table(contacts, ["Who to contact"], lambda o: [o]), ""]
            keys = [("duty", n) for n in range(len(pathway.duties_for(stage)))]
            if _combinations(here, policy, pathway, stage, keys) <= ONE_TABLE:
                rows = _piece_routes(policy, pathway, stage, here, keys, lambda v: duties_text(
                    [v[k] for k in keys if v[k] is not None]))
                duties = _piece_table(rows, today, columns, lambda r: r or "Nobody else")
                out += ["Who to tell:", "", _table(duties, ["Who to tell"], lambda o: [o]), ""]
            else:
                out += ["Who to tell: the answers these duties turn on make too many combinations for one table, "
                        "so each duty has its own.", ""]
                for key, duty in zip(keys, pathway.duties_for(stage)):
                    rows = _piece_routes(policy, pathway, stage, here, [key], lambda v, key=key: duties_text(
                        [v[key]] if v[key] is not None else []))
                    table = _piece_table(rows, today, columns, lambda r: r or "Not told")
                    out += [f"{plain(duty.action)}", "", _table(table, ["Who to tell"], lambda o: [o]), ""]
    return Page("routes.md", "Every route through the guide", "\n".join(out))


def _combinations(groups, policy, pathway, stage, keys) -> int:
    """The most combinations of free answers that the pieces ``keys`` turn on together, over ``groups``."""
    most = 1
    for group in groups:
        needs = {q for piece in group.pieces if piece.key in keys for q in piece.dependencies}
        count = 1
        for q in needs:
            count *= len(group.free[q])
        most = max(most, count)
    return most


def _piece_routes(policy: Policy, pathway, stage, groups, keys, result) -> list[tuple[Route, object]]:
    """For the pieces ``keys`` of the advice at ``stage``: one row for each combination of the answers they turn on
    (and only those), with ``result`` of their values; a route of the rows stands for every route it matches."""
    from itertools import product

    from ..engine.conditions import SKIPPED

    needs_all = set().union(*(dependencies(policy, key, stage, pathway) for key in keys)) if keys else set()
    questions = {q.id: q for q in policy.questions}
    rows: dict[tuple, tuple[Route, object]] = {}
    for group in groups:
        pieces = [piece for piece in group.pieces if piece.key in keys]
        free = [q for q in group.free if any(q in piece.dependencies for piece in pieces)]
        labels = {qid: (text, label) for qid, text, label in group.route.labels}
        for combination in product(*(group.free[q] for q in free)):
            facts = {**group.facts, **dict(zip(free, combination))}
            values = {piece.key: piece.values[tuple(facts[q] for q in piece.dependencies)] for piece in pieces}
            answers, shown = [], []
            for qid, _ in group.route.answers:
                if qid not in needs_all or facts.get(qid, SKIPPED) is SKIPPED:
                    continue
                value = facts[qid]
                if qid in questions:
                    text, label = questions[qid].text, questions[qid].label_for(value, policy.wording)
                else:
                    text, label = labels[qid]
                answers.append((qid, value))
                shown.append((qid, text, label))
            outcome = result(values)
            rows.setdefault(tuple(answers), (Route(tuple(answers), outcome, tuple(shown)), outcome))
    return list(rows.values())


def _piece_table(rows, today: date, columns, shown) -> DecisionTable:
    return RouteIndex([route for route, _ in rows], today, columns).table(lambda route: shown(route.outcome))


def _base_review(policy: Policy, variant, today: date) -> list[str]:
    """For a local policy built on a regional base: each difference from the base with its reason, and, when the
    base has moved on since the version reviewed, the routes whose advice changed."""
    from .review import changed_routes, departures

    document = variant.base_document
    out = ["## Built on the regional procedure { #base }", "",
           f"Built on {plain(document.get('title', ''))}, version {plain(str(document.get('version') or 'not stated'))} "
           f"(from {plain(str((variant.base_data.get('partnership') or {}).get('name', '')))}). Everything not "
           f"marked \"{plain(policy.wording('manual.local_to', area=variant.area))}\" in the manual is the base's.", ""]
    found = departures(variant)
    out += ([f"**{len(found)} difference{'' if len(found) == 1 else 's'} from the base**, each with the local "
             "reason:", ""]
            + [f"- {plain(line)}" for line in found] if found else ["It keeps every stage, duty, form and timescale of the base."])
    out.append("")
    sentence, routes = changed_routes(variant, today)
    if sentence:
        out += [plain(sentence), ""]
        if routes:
            out += ["| Answers | Advice before | Advice now |", "|---|---|---|"]
            out += [f"| {_cell(r.answers)} | {_cell(r.before)} | {_cell(r.now)} |" for r in routes]
            out.append("")
    return out


def _progress_columns(policy: Policy, pathway):
    """One column for each kind of progress question, whichever stage it was asked about."""
    prefix = pathway.id + "."

    def column(qid: str, text: str) -> tuple[str, str]:
        if not qid.startswith(prefix):
            return qid, text
        rest = qid[len(prefix):]
        if rest == "reached":
            return "reached", "How far has it got?"
        stage_id, _, kind = rest.rpartition(".")
        if kind == "used":
            return qid, f"{pathway.stage(stage_id).label} used?"
        return kind, {"response": "What has happened?", "raised-on": "When was it raised?",
                      "response-on": "When was the response received?", "raise-on": "Raising the next step on",
                      "raised-at": "What time was it raised?", "response-at": "What time was the response received?",
                      "raise-at": "Raising the next step at"}.get(kind, text)

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


# --- the guide's runtime files ------------------------------------------------------------------------------

HERE = Path(__file__).parent
ENGINE = HERE.parent / "engine"   # the package the browser loads: standard library only
ARCHIVE_TIME = (2020, 1, 1, 0, 0, 0)  # fixed, so that the archive is the same on every build


def engine_files() -> list[Path]:
    """Every file of ``guide/engine/`` that the browser needs: its modules and its data."""
    return sorted(p for p in ENGINE.iterdir() if p.suffix in (".py", ".json") and p.is_file())


def engine_archive() -> bytes:
    """``guide/engine/`` as a zip, for Pyodide's ``unpackArchive``. ``guide`` itself is then a namespace package."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in engine_files():
            info = zipfile.ZipInfo(f"guide/engine/{path.name}", ARCHIVE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def policy_json(policy: Policy, data: dict) -> str:
    """The policy for the browser: the checked data, its bank holidays, and its Markdown rendered to HTML."""
    import json

    return json.dumps({
        "format": 1,
        "site_path": policy.site_path,
        "bank_holidays": [d.isoformat() for d in policy.bank_holidays],
        "bank_holiday_years": list(policy.bank_holiday_years),
        "source_sections": source_sections(policy),
        "policy": data,
        "html": markdown_html(data),
    }, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def source_sections(policy) -> dict[str, str]:
    """Every quoted passage of the model with the section of the source it stands in; where a stage quotes a
    sentence the source repeats, also under the stage's context (guide.engine.model.IN_STAGE), as the build found it."""
    import dataclasses

    from ..engine.model import IN_STAGE, Quote

    found: dict[str, str] = {}
    in_stages: list[tuple[str, str, str]] = []

    def walk(node, context=None):
        if isinstance(node, Quote):
            for passage in node.passages:
                if passage.section:
                    if context:
                        in_stages.append((context, passage.text, passage.section))
                    else:
                        found[passage.text] = passage.section
        elif dataclasses.is_dataclass(node) and not isinstance(node, type):
            for item in dataclasses.fields(node):
                if not item.name.startswith("_"):
                    walk(getattr(node, item.name), context)
        elif isinstance(node, (tuple, list)):
            for item in node:
                walk(item, context)

    for field in dataclasses.fields(policy):
        if field.name != "pathways" and not field.name.startswith("_"):
            walk(getattr(policy, field.name))
    for pathway in policy.pathways:
        for item in dataclasses.fields(pathway):
            if item.name != "stages":
                walk(getattr(pathway, item.name))
        for stage in pathway.stages:
            walk(stage, f"{pathway.stages_from or pathway.id}/{stage.id}")
    for _, text, section in in_stages:          # first as the source has it, as the build's own map does
        found.setdefault(text, section)
    for context, text, section in in_stages:
        if found[text] != section:
            found[f"{context}{IN_STAGE}{text}"] = section
    return dict(sorted(found.items()))


MARKDOWN_FIELDS = {"instruction", "description", "records", "purpose", "help", "if_unresolved", "after", "introduction",
                   "intro", "disagreements", "scope", "principles", "meaning", "summary"}


def markdown_html(data) -> dict[str, str]:
    """Each Markdown text of the policy, rendered once here with the manual's own renderer, keyed by its text."""
    found: dict[str, str] = {}

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)
        elif isinstance(node, str) and key in MARKDOWN_FIELDS and node not in found:
            text = tel_links(node) if key == "instruction" else node
            found[node] = str(render_markdown(text, page="guide/index.md"))

    walk(data)
    return found


# --- the guide page -----------------------------------------------------------------------------------------

GUIDE_SCRIPTS = HERE.parent / "web" / "guide"   # the page script's ES modules and the worker
WORKER_RUNTIME = 'const RUNTIME = { folder: "", stdlib: "", engine: "", lock: undefined, sizes: {} };'  # engine-worker.mjs, filled in


def _templates():
    import jinja2

    # HTML templates: every value is escaped unless it is markup already (sanitised Markdown, the page data).
    # `| front_matter` for a value in the page's YAML front matter, `| plain` for text in the page's Markdown.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters.update(front_matter=front_matter, plain=plain)
    return env


def _needs(policy: Policy) -> list[str]:
    w = policy.wording
    ids = {q.id for q in policy.questions}
    needs = []
    if {"own-agency", "other-agency"} & ids:
        needs.append(w("page.needs.agencies"))
    if {"cp-plan", "in-care"} & ids:
        needs.append(w("page.needs.child"))
    needs.append(w("page.needs.progress"))
    forms = [f.title for f in policy.forms if f.sections]
    if forms:
        needs.append(w("page.needs.forms", forms=w("page.needs.forms.and").join(forms)))
    needs.append(w("page.needs.record"))
    return needs


def guide_page(policy: Policy, data: dict, today: date) -> Page:
    import json

    from ..engine.walk import next_step
    from .choice_tree import choice_tree

    html = {text: Markup(rendered) for text, rendered in markdown_html(data).items()}
    first = next_step(policy, {}, today)
    env = _templates()
    guide_data = {
        "sitePath": policy.site_path,
        "shortName": policy.partnership.short_name,
        "policy": {"title": policy.document.title, "version": policy.document.version or ""},
        "html": html,
        "first": first,
        "tree": choice_tree(policy, today),
        "wording": _page_wording(policy),
    }
    script_json = _script_json(guide_data)
    markdown = env.get_template("guide.md.j2").render(
        p=policy, w=policy.wording, html=html, needs=_needs(policy),
        first_question=Markup(env.get_template("question.html.j2").render(q=first["question"], w=policy.wording).strip()),
        data=Markup(script_json), runtime=relative_address(policy.site_path, "guide/"),
    )
    return Page("guide/index.md", policy.wording("manual.find_your_stage"), markdown)


def _page_wording(policy: Policy) -> dict[str, str]:
    """The words a page script shows (wording.mjs): the "guide." and "why." keys, with the policy's overrides."""
    return {k: v for k, v in policy.wording.texts.items() if k.startswith(("guide.", "why."))}


def _script_json(data: dict) -> str:
    """Data for a <script type="application/json">: compact, stable, and unable to close the script element."""
    import json

    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")


def log_page(policy: Policy) -> Page:
    """The partnership's escalation log (issue 13): records read in the browser by the same engine, noindex."""
    markdown = _templates().get_template("log.md.j2").render(
        p=policy, w=policy.wording, data=Markup(_script_json({"wording": _page_wording(policy)})),
        runtime=relative_address(policy.site_path, "guide/log/"))
    return Page("guide/log/index.md", policy.wording("page.log.title"), markdown)


def studio_page(policy: Policy, model: bool = True) -> Page:
    """The policy studio (issue 22): edit and check the policy in the browser, for the partnership, noindex.
    ``model``: whether the model template is there to start from (a fork may not have policies/model/)."""
    markdown = _templates().get_template("studio.md.j2").render(p=policy, model=model)
    return Page("studio/index.md", "Policy studio", markdown)


def write_guide_assets(docs: Path) -> None:
    """The guide's own scripts, next to its page (MkDocs copies them into the site)."""
    import shutil

    folder = docs / "guide"
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(GUIDE_SCRIPTS.iterdir()):
        if path.suffix in (".js", ".mjs"):
            shutil.copy2(path, folder / path.name)


def write_guide_runtime(policy: Policy, data: dict, out: Path, shared: SharedRuntime) -> None:
    """The partnership's own file the guide loads at run time (its policy, beside the worker), and the worker told
    the names in the site's shared runtime (shared_runtime.py: Pyodide, the compiled standard library and engine),
    the lock, and the size of each file it fetches (its progress while the engine starts)."""
    import json

    runtime = out / "guide" / "runtime"
    runtime.mkdir(parents=True, exist_ok=True)
    (runtime / "policy.json").write_text(policy_json(policy, data), encoding="utf-8")
    worker = out / "guide" / "engine-worker.mjs"
    text = worker.read_text(encoding="utf-8")
    if text.count(WORKER_RUNTIME) != 1:
        raise RuntimeError("engine-worker.mjs no longer has the RUNTIME line the build fills in")
    settings = shared.worker_settings((runtime / "policy.json").stat().st_size)
    line = f"const RUNTIME = {json.dumps(settings, sort_keys=True, separators=(',', ':'))};"
    worker.write_text(text.replace(WORKER_RUNTIME, line), encoding="utf-8")
