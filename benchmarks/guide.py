#!/usr/bin/env python3
"""How fast the decision guide is, in headless Chromium, on this machine: every figure of issue 12 in one run.

    python benchmarks/guide.py [--runs N] [--partnership SLUG] [--think-ms MS] [--json PATH]

Builds the site into a temporary folder, serves it on loopback with the same server as `build.py serve` (counting
each request and its bytes), and for each run measures, unthrottled and throttled (CDP: CPU 4x slower, 10 Mbit/s,
40 ms latency, as a mid-range phone on 4G):

- cold visit (a fresh browser context) and return visit (the same context, the page opened again): first question
  visible, engine ready, requests, and body bytes on the wire (as the server sent them: the build's .br copies,
  which Chromium accepts from loopback) and what the same responses weigh as .br files, whatever was accepted;
- bare loadPyodide(): the stock Pyodide (its own source stdlib and lock file) alone in a module worker on an empty
  page, the floor the engine is compared with; the ratio engine ready / bare is printed from the same run;
- a walk from the first question at a practitioner's pace (--think-ms per answer), and the total time it spent
  waiting for the engine (the page's `guide:waited-for-engine` measures);
- then, engine ready, unthrottled: Continue to the next screen, and the .docx (from Download to the file).

Prints a table and writes JSON (benchmarks/results/guide.json). It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
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
THROTTLE = {"cpu": 4, "latency_ms": 40, "mbit": 10}

BARE_PAGE = """<!doctype html><meta charset="utf-8"><title>bare loadPyodide</title>
<script type="module" src="page.mjs"></script>"""

BARE_SCRIPT = """const started = performance.now();
const worker = new Worker(new URL("worker.mjs", import.meta.url), {type: "module"});
worker.onmessage = (e) => { window.bare = {ms: e.data.ms, total: performance.now() - started}; };
"""

BARE_WORKER = """import { loadPyodide } from "./pyodide/pyodide.mjs";
const started = performance.now();
await loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href });
postMessage({ ms: performance.now() - started });
"""
STOCK_PYODIDE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")

# Measures one Continue in the page: click, then wait for the guide to draw its next screen.
CONTINUE = """async () => {
  const root = document.getElementById("guide");
  const before = root.dataset.screen || "0";
  const started = performance.now();
  document.querySelector("#guide-form button[type=submit]").click();
  while ((root.dataset.screen || "0") === before) await new Promise((r) => setTimeout(r, 1));
  return performance.now() - started;
}"""


# Fills every empty field of a form section with sample text (dates: the walk's today), as a practitioner would.
FILL_EMPTY = """() => {
  for (const input of document.querySelectorAll("#guide-form input, #guide-form textarea")) {
    if (input.value) continue;
    if (input.name.endsWith(".day")) input.value = "20";
    else if (input.name.endsWith(".month")) input.value = "11";
    else if (input.name.endsWith(".year")) input.value = "2026";
    else input.value = "Sample text";
  }
}"""

ENGINE_READY = "() => performance.getEntriesByName('guide:engine-ready').length > 0"


class Wire:
    """What the server sent: each response's path, status and body bytes (gzip where the browser accepts it)."""

    def __init__(self, site: Path):
        self.site = site
        self.log: list[dict] = []
        self.lock = threading.Lock()

    def handler(self, base):
        wire = self

        class Counting(base.func):
            def send_response(self, code, message=None):
                with wire.lock:
                    self._entry = {"path": self.path.split("?")[0], "code": code, "bytes": 0}
                    wire.log.append(self._entry)
                super().send_response(code, message)

            def copyfile(self, source, outputfile):
                start = source.tell()
                super().copyfile(source, outputfile)
                self._entry["bytes"] = source.tell() - start

        return functools.partial(Counting, *base.args, **base.keywords)

    def mark(self) -> int:
        with self.lock:
            return len(self.log)

    def since(self, mark: int) -> dict:
        with self.lock:
            entries = self.log[mark:]
        brotli = 0
        for e in entries:
            if e["code"] != 200:
                continue
            path = self.site / e["path"].lstrip("/")
            if path.is_dir():
                path = path / "index.html"
            br = path.with_name(path.name + ".br")
            brotli += br.stat().st_size if br.is_file() else (path.stat().st_size if path.is_file() else e["bytes"])
        return {"requests": len(entries), "bytes": sum(e["bytes"] for e in entries), "brotli_bytes": brotli,
                "paths": [f"{e['code']} {e['path']}" for e in entries]}


def throttle(page, on: bool):
    if not on:
        return
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    rate = THROTTLE["mbit"] * 1_000_000 / 8
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": THROTTLE["latency_ms"],
                                                  "downloadThroughput": rate, "uploadThroughput": rate})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE["cpu"]})


def open_guide(page, base: str, slug: str, wire: Wire) -> dict:
    """Open the guide; first question visible and engine ready (ms from navigation start), and what was sent."""
    mark = wire.mark()
    page.goto(f"{base}/{slug}/guide/", wait_until="commit")
    page.wait_for_selector("#guide-heading", state="visible")
    first_visible = page.evaluate("performance.now()")
    return {"first_question_visible_ms": first_visible, "mark": mark}


def engine_ready(page, visit: dict, wire: Wire) -> dict:
    page.wait_for_function(ENGINE_READY, timeout=300_000)
    entry = page.evaluate("(() => { const e = performance.getEntriesByName('guide:engine-ready')[0];"
                          " return {at: e.startTime, detail: e.detail}; })()")
    page.wait_for_timeout(300)  # late requests (favicons, search index) still belong to the visit
    return {**{k: v for k, v in visit.items() if k != "mark"}, "engine_ready_ms": entry["at"],
            "worker": entry["detail"], **wire.since(visit["mark"])}


def answer(page, value):
    if page.locator("#guide-date").count():
        year, month, day = value.split("-")
        page.fill("#guide-date-day", str(int(day)))
        page.fill("#guide-date-month", str(int(month)))
        page.fill("#guide-date-year", year)
    else:
        page.locator(f'#guide-form input[value="{value}"]').check()


def walk_at_pace(page, answers: dict, think_ms: int) -> dict:
    """From the first question, as a practitioner: read, choose, Continue; how long the walk waited for the engine."""
    for _ in range(40):
        form = page.locator("#guide-form[data-question]")
        if not form.count():
            break
        page.wait_for_timeout(think_ms)
        answer(page, answers[form.get_attribute("data-question")])
        page.evaluate(CONTINUE)
    waited = page.evaluate("performance.getEntriesByName('guide:waited-for-engine').map((e) => e.duration)")
    return {"waited_ms": sum(waited), "waits": len(waited)}


def measure_steps(page, answers: dict, form_id: str | None) -> dict:
    """Engine ready, unthrottled: each Continue of the walk, then the .docx."""
    steps = []
    for _ in range(40):
        form = page.locator("#guide-form[data-question]")
        if not form.count():
            break
        answer(page, answers[form.get_attribute("data-question")])
        steps.append(page.evaluate(CONTINUE))
    docx_ms = None
    if form_id:
        page.locator(f'[data-action=form][data-form="{form_id}"]').first.click()
        for _ in range(10):
            page.wait_for_selector("#guide-form[data-form], [data-action=download]")
            if page.locator("[data-action=download]").count():
                break
            page.evaluate(FILL_EMPTY)
            page.evaluate(CONTINUE)
        else:
            raise RuntimeError("the form was not ready to download after ten screens: " +
                               page.locator("#guide-screen").inner_text()[:300])
        with page.expect_download():
            docx_ms = page.evaluate("""async () => {
              const started = performance.now();
              document.querySelector("[data-action=download]").click();
              while (!performance.getEntriesByName("guide:document-ready").length) await new Promise((r) => setTimeout(r, 1));
              return performance.getEntriesByName("guide:document-ready")[0].startTime - started;
            }""")
    return {"continue_ms": steps, "docx_ms": docx_ms}


def measure_run(browser, base: str, slug: str, answers: dict, form_id: str | None, throttled: bool, wire: Wire,
                think_ms: int) -> dict:
    context = browser.new_context()
    page = context.new_page()  # the real clock: Playwright's fake clock would replace performance.mark()
    throttle(page, throttled)
    visit = open_guide(page, base, slug, wire)
    walk = walk_at_pace(page, answers, think_ms)
    cold = engine_ready(page, visit, wire)
    cold.update(walk)
    # A return visit: the same browser profile opens the guide again.
    page.close()
    page = context.new_page()
    throttle(page, throttled)
    warm = engine_ready(page, open_guide(page, base, slug, wire), wire)
    steps = {} if throttled else measure_steps(page, answers, form_id)
    context.close()
    return {"cold": cold, "return": warm, **steps}


def measure_bare(browser, base: str, throttled: bool) -> float:
    context = browser.new_context()
    page = context.new_page()
    throttle(page, throttled)
    page.goto(f"{base}/_bench/")
    page.wait_for_function("() => window.bare", timeout=300_000)
    result = page.evaluate("window.bare")
    context.close()
    return result["ms"]


def summarise(values: list[float]) -> dict:
    values = [v for v in values if v is not None]
    if not values:
        return {"median": None, "min": None, "max": None, "n": 0}
    return {"median": round(statistics.median(values), 1), "min": round(min(values), 1),
            "max": round(max(values), 1), "n": len(values)}


def ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each measure (each in a fresh context)")
    parser.add_argument("--partnership", default="medway")
    parser.add_argument("--think-ms", type=int, default=1500, help="a practitioner's time per answer in the walk")
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "results" / "guide.json"))
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from guide.publish.site import build_site, make_server
    from tests.scenarios import ALL

    scenario = next(s for s in ALL if s.policy == args.partnership and s.kind == "advice" and s.outcome == "raise")
    form_id = "escalation-record"  # every policy has it; the .docx timing is the same code for every form
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        started = time.perf_counter()
        build_site(ROOT, site, only=args.partnership, today=TODAY, work=Path(tmp) / "work")
        build_seconds = time.perf_counter() - started
        bench = site / "_bench"
        (bench / "pyodide").mkdir(parents=True)
        for name in STOCK_PYODIDE:
            os.link(ROOT / "node_modules" / "pyodide" / name, bench / "pyodide" / name)
        (bench / "index.html").write_text(BARE_PAGE, encoding="utf-8")
        (bench / "page.mjs").write_text(BARE_SCRIPT, encoding="utf-8")
        (bench / "worker.mjs").write_text(BARE_WORKER, encoding="utf-8")
        wire = Wire(site)
        server = make_server(site, "127.0.0.1", 0)
        server.RequestHandlerClass = wire.handler(server.RequestHandlerClass)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        results = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            version = browser.version
            for throttled in (False, True):
                runs, bare = [], []
                for _ in range(args.runs):  # interleaved, so that the ratio compares like with like
                    bare.append(measure_bare(browser, base, throttled))
                    runs.append(measure_run(browser, base, args.partnership, scenario.answers, form_id, throttled,
                                            wire, args.think_ms))
                results["throttled" if throttled else "unthrottled"] = {"runs": runs, "bare": bare}
            browser.close()
        server.shutdown()

    def figures(group: dict) -> dict:
        runs = group["runs"]
        cold = [r["cold"] for r in runs]
        warm = [r["return"] for r in runs]
        out = {
            "first_question_visible_ms": summarise([c["first_question_visible_ms"] for c in cold]),
            "engine_ready_ms": summarise([c["engine_ready_ms"] for c in cold]),
            "bare_load_pyodide_ms": summarise(group["bare"]),
            "return_engine_ready_ms": summarise([w["engine_ready_ms"] for w in warm]),
            "cold_requests": summarise([c["requests"] for c in cold]),
            "cold_bytes": summarise([c["bytes"] for c in cold]),
            "cold_brotli_bytes": summarise([c["brotli_bytes"] for c in cold]),
            "return_requests": summarise([w["requests"] for w in warm]),
            "return_bytes": summarise([w["bytes"] for w in warm]),
            "walk_waited_for_engine_ms": summarise([c["waited_ms"] for c in cold]),
            "continue_ms": summarise([ms for r in runs for ms in r.get("continue_ms", [])]),
            "docx_ms": summarise([r.get("docx_ms") for r in runs]),
        }
        out["engine_ready_over_bare"] = ratio(out["engine_ready_ms"]["median"], out["bare_load_pyodide_ms"]["median"])
        return out

    summary = {name: figures(group) for name, group in results.items()}
    result = {
        "partnership": args.partnership, "walk": scenario.name, "runs": args.runs, "think_ms": args.think_ms,
        "throttle": THROTTLE, "chromium": version,
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "build_seconds": round(build_seconds, 1), **summary, "raw": results,
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")

    rows = [
        ("First question visible (ms)", "first_question_visible_ms"),
        ("Engine ready, cold (ms)", "engine_ready_ms"),
        ("Bare loadPyodide(), cold (ms)", "bare_load_pyodide_ms"),
        ("Engine ready, return visit (ms)", "return_engine_ready_ms"),
        ("Cold visit: requests", "cold_requests"),
        ("Cold visit: bytes on the wire", "cold_bytes"),
        ("Cold visit: as .br files (bytes)", "cold_brotli_bytes"),
        ("Return visit: requests", "return_requests"),
        ("Return visit: bytes on the wire", "return_bytes"),
        ("Walk: waited for the engine (ms)", "walk_waited_for_engine_ms"),
        ("Continue -> next screen (ms)", "continue_ms"),
        (".docx made (ms)", "docx_ms"),
    ]
    print(f"Guide benchmark: {args.partnership}, {args.runs} runs of each, Chromium {version}, "
          f"{result['machine']['cpus']} CPUs; build took {result['build_seconds']} s")
    print(f"Walk: {scenario.name}; {args.think_ms} ms per answer. Throttled: CPU {THROTTLE['cpu']}x, "
          f"{THROTTLE['mbit']} Mbit/s, {THROTTLE['latency_ms']} ms.")
    print(f"{'median (min-max)':34} {'unthrottled':>24} {'throttled':>24}")
    for name, key in rows:
        cells = []
        for group in ("unthrottled", "throttled"):
            stats = summary[group][key]
            cells.append("-" if stats["median"] is None else
                         f"{stats['median']:.0f} ({stats['min']:.0f}-{stats['max']:.0f})")
        print(f"{name:34} {cells[0]:>24} {cells[1]:>24}")
    print(f"{'Engine ready / bare loadPyodide()':34} {summary['unthrottled']['engine_ready_over_bare']!s:>24} "
          f"{summary['throttled']['engine_ready_over_bare']!s:>24}")
    print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
