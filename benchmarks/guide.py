#!/usr/bin/env python3
"""How fast the decision guide is, in headless Chromium, on this machine.

    python benchmarks/guide.py [--runs N] [--partnership SLUG] [--json PATH]

Builds the site into a temporary folder, serves it on loopback with the same server as `build.py serve`, and for
each run opens the guide in a fresh browser context (a cold cache) and measures:

- first question visible: from navigation start until the first question's heading is on screen;
- engine ready: from navigation start until the worker has Pyodide, the engine and the policy loaded;
- bare loadPyodide(): the same browser loading Pyodide alone in a module worker on an empty page (the floor);
- Continue to next question: the median time from pressing Continue to the next screen, over a walk, split into
  steps answered at once from the build's precomputed steps and steps answered by the engine;
- .docx: from pressing Download to the file being ready.

Prints a table and writes JSON (benchmarks/results/guide.json). It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TODAY = "2026-11-20"

BARE_PAGE = """<!doctype html><meta charset="utf-8"><title>bare loadPyodide</title>
<script type="module">
const started = performance.now();
const worker = new Worker(new URL("worker.mjs", import.meta.url), {type: "module"});
worker.onmessage = (e) => { window.bare = {ms: e.data.ms, total: performance.now() - started}; };
</script>"""

BARE_WORKER = """import { loadPyodide } from "../{slug}/guide/{pyodide}/pyodide.mjs";
const started = performance.now();
await loadPyodide({ indexURL: new URL("../{slug}/guide/{pyodide}/", import.meta.url).href });
postMessage({ ms: performance.now() - started });
"""

# Measures one Continue in the page: click, then wait for the guide to draw its next screen.
CONTINUE = """async () => {
  const root = document.getElementById("guide");
  const before = root.dataset.screen || "0";
  const started = performance.now();
  document.querySelector("#guide-form button[type=submit]").click();
  while ((root.dataset.screen || "0") === before) await new Promise((r) => setTimeout(r, 1));
  return performance.now() - started;
}"""


# Fills every empty field of a form section with sample text (dates: 1 1 2026), as a practitioner would.
FILL_EMPTY = """() => {
  for (const input of document.querySelectorAll("#guide-form input, #guide-form textarea")) {
    if (input.value) continue;
    if (input.name.endsWith(".day") || input.name.endsWith(".month")) input.value = "1";
    else if (input.name.endsWith(".year")) input.value = "2026";
    else input.value = "Sample text";
  }
}"""


def measure_run(browser, base: str, slug: str, answers: dict, form_id: str | None) -> dict:
    context = browser.new_context()
    page = context.new_page()  # the real clock: Playwright's fake clock would replace performance.mark()
    page.goto(f"{base}/{slug}/guide/", wait_until="commit")
    page.wait_for_selector("#guide-heading", state="visible")
    first_visible = page.evaluate("performance.now()")
    fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
    steps = []
    precomputed_keys = set(page.evaluate("Object.keys(JSON.parse(document.getElementById('guide-data').textContent).steps)"))
    # Walk after the engine is ready, so that each step measures the step itself.
    page.wait_for_function("() => performance.getEntriesByName('guide:engine-ready').length > 0", timeout=180_000)
    engine_ready = page.evaluate("performance.getEntriesByName('guide:engine-ready')[0].startTime")
    worker = page.evaluate("performance.getEntriesByName('guide:engine-ready')[0].detail")
    given = {}
    for _ in range(40):
        form = page.locator("#guide-form[data-question]")
        if not form.count():
            break
        qid = form.get_attribute("data-question")
        value = answers[qid]
        if page.locator("#guide-date").count():
            year, month, day = value.split("-")
            page.fill("#guide-date-day", str(int(day)))
            page.fill("#guide-date-month", str(int(month)))
            page.fill("#guide-date-year", year)
        else:
            page.locator(f'#guide-form input[value="{value}"]').check()
        given[qid] = value
        key = json.dumps(sorted(given.items()), separators=(",", ":")) + "|"
        steps.append({"question": qid, "ms": page.evaluate(CONTINUE), "precomputed": key in precomputed_keys})
    docx_ms = None
    if form_id:
        page.locator(f'[data-action=form][data-form="{form_id}"]').click()
        for _ in range(10):
            page.wait_for_selector("#guide-form[data-form], [data-action=download]")
            if page.locator("[data-action=download]").count():
                break
            page.evaluate(FILL_EMPTY)
            page.evaluate(CONTINUE)
        with page.expect_download():
            docx_ms = page.evaluate("""async () => {
              const started = performance.now();
              document.querySelector("[data-action=download]").click();
              while (!performance.getEntriesByName("guide:document-ready").length) await new Promise((r) => setTimeout(r, 1));
              return performance.getEntriesByName("guide:document-ready")[0].startTime - started;
            }""")
    context.close()
    return {"first_question_visible_ms": first_visible, "first_contentful_paint_ms": fcp,
            "engine_ready_ms": engine_ready, "worker": worker, "steps": steps, "docx_ms": docx_ms}


def measure_bare(browser, base: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/_bench/")
    page.wait_for_function("() => window.bare", timeout=180_000)
    result = page.evaluate("window.bare")
    context.close()
    return result["ms"]


def summarise(values: list[float]) -> dict:
    values = [v for v in values if v is not None]
    if not values:
        return {"median": None, "min": None, "max": None, "n": 0}
    return {"median": round(statistics.median(values), 1), "min": round(min(values), 1),
            "max": round(max(values), 1), "n": len(values)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads to measure (each in a fresh context)")
    parser.add_argument("--partnership", default="medway")
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "results" / "guide.json"))
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from guide.publish.site import build_site, make_server
    from tests.scenarios import ALL

    from guide.publish.policy_files import load_policy

    policy = load_policy(ROOT / "policies" / args.partnership / "policy.yaml")
    fillable = {f.title: f.id for f in policy.forms if f.sections}
    scenario = next((s for s in ALL if s.policy == args.partnership and s.kind == "advice" and s.form in fillable),
                    next(s for s in ALL if s.policy == args.partnership and s.kind == "advice"))
    form_id = fillable.get(scenario.form, "escalation-record")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        started = time.perf_counter()
        build_site(ROOT, site, only=args.partnership, today=TODAY, work=Path(tmp) / "work")
        build_seconds = time.perf_counter() - started
        (site / "_bench").mkdir()
        (site / "_bench" / "index.html").write_text(BARE_PAGE, encoding="utf-8")
        pyodide = next((site / args.partnership / "guide").glob("pyodide-*")).name   # its versioned folder
        (site / "_bench" / "worker.mjs").write_text(
            BARE_WORKER.replace("{slug}", args.partnership).replace("{pyodide}", pyodide), encoding="utf-8")
        server = make_server(site, "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        runs, bare = [], []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            version = browser.version
            for _ in range(args.runs):
                bare.append(measure_bare(browser, base))
                runs.append(measure_run(browser, base, args.partnership, scenario.answers, form_id))
            browser.close()
        server.shutdown()

    all_steps = [s["ms"] for run in runs for s in run["steps"]]
    result = {
        "partnership": args.partnership,
        "walk": scenario.name,
        "runs": args.runs,
        "chromium": version,
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "build_seconds": round(build_seconds, 1),
        "first_question_visible_ms": summarise([r["first_question_visible_ms"] for r in runs]),
        "first_contentful_paint_ms": summarise([r["first_contentful_paint_ms"] for r in runs]),
        "engine_ready_ms": summarise([r["engine_ready_ms"] for r in runs]),
        "bare_load_pyodide_ms": summarise(bare),
        "worker_load_pyodide_ms": summarise([r["worker"]["pyodide"] for r in runs]),
        "worker_engine_imported_ms": summarise([r["worker"]["imported"] for r in runs]),
        "worker_ready_ms": summarise([r["worker"]["worker"] for r in runs]),
        "continue_to_next_ms": summarise(all_steps),
        "continue_precomputed_ms": summarise([s["ms"] for run in runs for s in run["steps"] if s["precomputed"]]),
        "continue_engine_ms": summarise([s["ms"] for run in runs for s in run["steps"] if not s["precomputed"]]),
        "docx_ms": summarise([r["docx_ms"] for r in runs]),
        "raw": runs,
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")

    rows = [
        ("First question visible", result["first_question_visible_ms"]),
        ("  first contentful paint", result["first_contentful_paint_ms"]),
        ("Engine ready (guide)", result["engine_ready_ms"]),
        ("  in the worker: Pyodide loaded", result["worker_load_pyodide_ms"]),
        ("  in the worker: engine imported", result["worker_engine_imported_ms"]),
        ("  in the worker: policy loaded", result["worker_ready_ms"]),
        ("Bare loadPyodide() (floor)", result["bare_load_pyodide_ms"]),
        ("Continue → next screen, all", result["continue_to_next_ms"]),
        ("  precomputed at build time", result["continue_precomputed_ms"]),
        ("  answered by the engine", result["continue_engine_ms"]),
        (".docx made", result["docx_ms"]),
    ]
    print(f"Guide benchmark: {args.partnership}, {args.runs} cold page loads, Chromium {version}, "
          f"{result['machine']['cpus']} CPUs; build took {result['build_seconds']} s")
    print(f"Walk: {scenario.name}")
    print(f"{'measure':32} {'median ms':>10} {'min':>9} {'max':>9} {'n':>4}")
    for name, stats in rows:
        cells = [f"{stats[k]:>9.1f}" if stats[k] is not None else f"{'-':>9}" for k in ("median", "min", "max")]
        print(f"{name:32} {cells[0]:>10} {cells[1]} {cells[2]} {stats['n']:>4}")
    print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
