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
from .policy_text import front_matter, markdown_html as render_markdown, plain
from ..engine.model import Policy
from ..engine.routes import Route, contacts_text, duties_text, enumerate_routes, outcome_summary


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


def routes_page(policy: Policy, today: date) -> Page:
    from .review import gaps, inferences

    routes = list(enumerate_routes(policy, today))
    out = [
        "---",
        "robots: noindex",      # for the partnership's reviewers, not for search engines
        "---",
        "# Every route through the guide",
        "",
        f"The guide's engine was run on every combination of answers: **{len(routes)} routes** through "
        f"{plain(policy.partnership.short_name)}'s questions. This page shows what it advises, so that the partnership can "
        "review all of its advice before publishing. Every piece of advice comes from the stages in this manual.",
        "",
        "Each table shows only the questions whose answer makes a difference; **Any** means any answer, or that the "
        "question is not asked. **Open in the guide** opens the guide with the answers of one route of that row "
        "(the answers are after the `#` in the link, which a browser never sends to a server). Dates are fixed: "
        f"today is {today.day} {today.strftime('%B')} {today.year}, a stage is raised today, and a stage with no "
        f"response was raised either today or 60 days ago. To list every route one by one, run "
        f"`python -m guide paths {policy.site_path} --format csv`.",
        "",
    ]
    to_settle, inferred = gaps(policy, today), inferences(policy)
    out += ["## Before publishing { #review }", ""]
    out += [f"- {plain(line)}" for line in to_settle] or ["- Nothing is missing from the policy file."]
    out += ["", f"**{len(inferred)} rules are not from the source text.** The guide tells practitioners so; check "
            "each reason:" if inferred else "Every rule quotes the source text.", ""]
    out += [f"- {plain(line)}" for line in inferred] + [""]
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
        out += [f"## {plain(pathway.title)} {{ #{pathway.id} }}", "", f"{len(mine)} routes.", "",
                "### Where the answers lead", ""]
        index = RouteIndex(mine, today, _progress_columns(policy, pathway))
        out += [_table(index.table(_where), ["The guide says", "Timescale", "Deadline", "Notices"], lambda o: o,
                       today), ""]
        for stage in pathway.stages:
            def at_stage(route, stage_id=stage.id):
                return route.outcome["stage"]["id"] == stage_id
            if not any(at_stage(r) for r in mine):
                continue
            out += [f"### {plain(stage.label)}: {plain(stage.title)} {{ #{pathway.id}-{stage.id} }}", ""]
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
        stage_id, _, kind = rest.rpartition(".")
        if kind == "used":
            return qid, f"{pathway.stage(stage_id).label} used?"
        return kind, {"response": "What has happened?", "raised-on": "When was it raised?",
                      "response-on": "When was the response received?", "raise-on": "Raising the next step on"}[kind]

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
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
PYODIDE_SHIPPED = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")  # the rest: compiled or inlined
WORKER_RUNTIME = 'const RUNTIME = { stdlib: "python_stdlib.zip", lock: undefined, sizes: {} };'  # engine-worker.mjs, filled in


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
        data=Markup(script_json),
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
        p=policy, w=policy.wording, data=Markup(_script_json({"wording": _page_wording(policy)})))
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


class MissingPyodide(Exception):
    pass


def write_guide_runtime(project: Path, policy: Policy, data: dict, out: Path) -> None:
    """The files the guide loads at run time, all from this site: the engine and the standard library compiled at
    build time (compiled_runtime.py), the policy, and Pyodide; the worker is told the library's name, the lock, and
    the size of each file it fetches (its progress while the engine starts)."""
    import json
    import os
    import shutil

    from .compiled_runtime import RuntimeCompileError, compiled_runtime

    source = project / "node_modules" / "pyodide"
    missing = [name for name in PYODIDE_FILES if not (source / name).is_file()]
    if missing:
        raise MissingPyodide(f"{source} lacks {', '.join(missing)}: run `make setup` (npm ci installs the pinned Pyodide)")
    try:
        compiled = compiled_runtime(project, engine_archive())
    except RuntimeCompileError as error:
        raise MissingPyodide(str(error)) from None
    runtime = out / "guide" / "runtime"
    runtime.mkdir(parents=True, exist_ok=True)
    (runtime / "engine.zip").write_bytes(compiled.engine)
    (runtime / "policy.json").write_text(policy_json(policy, data), encoding="utf-8")
    target = out / "guide" / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_SHIPPED:
        try:  # a hard link saves disk space: the files are large and the same for every partnership
            os.link(source / name, target / name)
        except OSError:
            shutil.copy2(source / name, target / name)
    (target / compiled.stdlib_name).write_bytes(compiled.stdlib)
    worker = out / "guide" / "engine-worker.mjs"
    text = worker.read_text(encoding="utf-8")
    if text.count(WORKER_RUNTIME) != 1:
        raise RuntimeError("engine-worker.mjs no longer has the RUNTIME line the build fills in")
    fetched = [target / "pyodide.asm.wasm", target / compiled.stdlib_name, runtime / "engine.zip", runtime / "policy.json"]
    sizes = json.dumps({path.name: path.stat().st_size for path in fetched}, sort_keys=True)
    settings = f"const RUNTIME = {{ stdlib: {json.dumps(compiled.stdlib_name)}, lock: {compiled.lock}, sizes: {sizes} }};"
    worker.write_text(text.replace(WORKER_RUNTIME, settings), encoding="utf-8")
