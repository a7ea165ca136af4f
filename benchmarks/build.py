#!/usr/bin/env python3
"""How long the build takes, per partnership and phase, on this machine: one build of every policy present.

    python benchmarks/build.py [--policies DIR] [--partnership SLUG] [--json PATH] [--generated N]

Builds into a temporary folder, as `build.py build` does (with the project's caches under build/: the compiled
engine and the compressed Pyodide files, so a second run measures a warm cache; the "engine" line of the whole site
says what a cold one costs). Prints, from that one run, each partnership's seconds in each phase (the build's own
timings, `guide.publish.site.Step`), its total, and the routes its "Every route" page enumerated (and how many routes
of the full enumeration they stand for); then the phases that work on the whole site, and the wall time. The same
build includes a generated policy (`generated`: N questions that each change one duty, benchmarks/generated_policy.py),
which shows how the build grows with the number of questions. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = "2026-11-20"
GENERATED_QUESTIONS = 16
PHASES = ["reading", "checking", "guide page", "routes page", "manual pages", "MkDocs", "runtime", "compressing"]


class RouteCounter:
    """Counts the routes the build enumerates for each policy, as it enumerates them: wraps the grouped enumeration
    the routes page calls (no second enumeration, no extra time). ``counts``: the walks enumerated (each free
    question at one answer); ``full``: the routes of the full enumeration they stand for."""

    def __init__(self):
        from guide.publish import pages

        self.pages = pages
        self.original = getattr(pages, "enumerate_groups", None)
        self.counts: dict[str, int] = {}
        self.full: dict[str, int] = {}

    def __enter__(self):
        if self.original is not None:
            original, counts, full = self.original, self.counts, self.full

            def counted(policy, *args, **kwargs):
                slug = policy.site_path.split("/")[0]
                counts.setdefault(slug, 0)
                full.setdefault(slug, 0)
                for group in original(policy, *args, **kwargs):
                    counts[slug] += 1
                    full[slug] += group.size
                    yield group

            self.pages.enumerate_groups = counted
        return self

    def __exit__(self, *exc):
        if self.original is not None:
            self.pages.enumerate_groups = self.original


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", default=str(ROOT / "policies"), help="a folder of policies (default: policies/)")
    parser.add_argument("--partnership", help="only this partnership")
    parser.add_argument("--json", help="also write the figures as JSON to this file")
    parser.add_argument("--generated", type=int, default=GENERATED_QUESTIONS, metavar="N",
                        help=f"also build a generated policy of N questions that each change one duty "
                             f"(default {GENERATED_QUESTIONS}; 0: none)")
    args = parser.parse_args(argv)

    from benchmarks.generated_policy import SLUG, write_generated_policy
    from guide.publish.site import WHOLE_SITE, build_site

    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp, RouteCounter() as routes:
        policies = Path(args.policies)
        if args.generated and args.partnership in (None, SLUG):
            # The policies present and the generated one, side by side in one folder: one build of them all.
            policies = Path(tmp) / "policies"
            policies.mkdir()
            for folder in sorted(Path(args.policies).iterdir()):
                if folder.is_dir():
                    (policies / folder.name).symlink_to(folder.resolve(), target_is_directory=True)
            write_generated_policy(policies, args.generated)
        started = time.perf_counter()
        report = build_site(ROOT, Path(tmp) / "site", only=args.partnership, today=TODAY, work=Path(tmp) / "work",
                            policies=policies)
        wall = time.perf_counter() - started

    seconds: dict[str, dict[str, float]] = {}
    for step in report.steps:
        phases = seconds.setdefault(step.partnership, {})
        phases[step.phase] = phases.get(step.phase, 0.0) + step.seconds
    slugs = [group.current.site_path for group in report.partnerships]
    versions = {group.current.site_path: 1 + len(group.previous) for group in report.partnerships}

    print(f"One build of {len(slugs)} partnership(s), {report.pages} pages: {platform.python_implementation()} "
          f"{platform.python_version()}, {os.cpu_count()} CPUs, load average {load:.1f} before and "
          f"{os.getloadavg()[0]:.1f} after (other work on the machine slows every figure)")
    print()
    widths = [max(len(p), 6) for p in PHASES]
    header = f"{'partnership':<12} {'versions':>8} {'routes':>7} {'stand for':>10}  " + "  ".join(
        f"{p:>{w}}" for p, w in zip(PHASES, widths)) + f"  {'total s':>7}"
    print(header)
    print("-" * len(header))
    for slug in slugs:
        mine = seconds.get(slug, {})
        counted = routes.counts.get(slug)
        full = routes.full.get(slug)
        print(f"{slug:<12} {versions[slug]:>8} {counted if counted is not None else '?':>7} "
              f"{full if full is not None else '?':>10}  " + "  ".join(
            f"{mine.get(p, 0.0):>{w}.1f}" for p, w in zip(PHASES, widths)) + f"  {sum(mine.values()):>7.1f}")
    print()
    whole = seconds.get(WHOLE_SITE, {})
    print("whole site: " + ", ".join(f"{phase} {value:.1f} s" for phase, value in whole.items())
          + f"; total {sum(whole.values()):.1f} s")
    print(f"wall time: {wall:.1f} s")
    print("routes: the walks the routes page enumerated (its current policy), each question that "
          "changes only some pieces of the advice at one answer; stand for: the routes of the full enumeration")
    if not routes.counts and slugs:
        print("routes: not counted (the routes page no longer calls guide.publish.pages.enumerate_groups: "
              "update RouteCounter)")

    if args.json:
        figures = {
            "today": TODAY, "cpus": os.cpu_count(), "load_before": round(load, 2), "python": platform.python_version(), "pages": report.pages,
            "wall_seconds": round(wall, 2),
            "partnerships": {slug: {"versions": versions[slug], "routes": routes.counts.get(slug),
                                    "full_routes": routes.full.get(slug),
                                    "seconds": round(sum(seconds.get(slug, {}).values()), 2),
                                    "phases": {p: round(v, 2) for p, v in seconds.get(slug, {}).items()}}
                             for slug in slugs},
            "whole_site": {p: round(v, 2) for p, v in whole.items()},
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
