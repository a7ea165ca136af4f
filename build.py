#!/usr/bin/env python3
"""Build the escalation manuals and guides from the policy files.

    python build.py check [FILE ...]               validate policies (all bundled ones by default)
    python build.py build [--partnership SLUG]     validate, then build the site into site/ (--quiet: the summary only)
    python build.py serve [--host H] [--port P]    serve site/ (build it first)
    python build.py dist [--partnership SLUG]      build, then zip each site with its server settings into dist/
    python build.py release SLUG                   file the policy in force under versions/, start the next;
                                                   or publish a draft that records its sign-off
    python build.py review SLUG                    what to settle before publishing; every route as CSV
    python build.py scenarios SLUG FILE.csv        run a scenario table (answers, expected stage, contact, deadline)
    python build.py scenarios SLUG --template      write a scenario table to start from

This file only orchestrates: the policy model and its rules live in guide/ and policies/.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
POLICIES = ROOT / "policies"
REGIONS = ROOT / "regions"     # a region's base (regions/<region>/base.yaml) and its areas' local policies
SITE = ROOT / "site"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"


def use_the_project_environment() -> None:
    """Run from a plain shell as the README writes it: re-run inside the project's .venv when the build's libraries
    are not importable here, or say in one line what to run."""
    try:
        import holidays, jinja2, jsonschema, markdown, mkdocs, nh3, yaml  # noqa: F401, E401
    except ImportError as error:
        if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
            os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])
        print(f"build.py needs the project's libraries ({error.name} is missing): run `make setup` once, then "
              "`python build.py ...` again", file=sys.stderr)
        sys.exit(2)


def policy_file(slug: str, policies: str | None = None) -> Path:
    """A partnership's policy file: policies/<slug>/policy.yaml, or a region's area, regions/<region>/<slug>/; or
    the policy file (or its folder) given instead of a slug, where the partnership is kept elsewhere."""
    given = Path(slug)
    if given.suffix in (".yaml", ".yml") and given.is_file():
        return given
    if len(given.parts) > 1 and (given / "policy.yaml").is_file():
        return given / "policy.yaml"
    path = (POLICIES if policies is None else Path(policies)) / slug / "policy.yaml"
    if policies is None and not path.exists():
        return next(iter(sorted(REGIONS.glob(f"*/{slug}/policy.yaml"))), path) if REGIONS.is_dir() else path
    return path


def command_check(args) -> int:
    from guide.publish.policy_files import check_policy, discover_policies
    from guide.publish.variants import discover_regions

    files = [Path(f) for f in args.files] or discover_policies(POLICIES) + discover_regions(REGIONS)
    if not files:
        print(f"no policy files found under {POLICIES}", file=sys.stderr)
        return 1
    results = [check_policy(path) for path in files]
    problems = [problem for _, found in results for problem in found]
    warnings = [warning for policy, _ in results if policy is not None for warning in policy.warnings]
    for warning in warnings:   # on standard output: they do not stop a build
        print(warning)
    inferred = sum("not from the source" in w.message for w in warnings)
    if inferred or not problems:
        print(f"{inferred} rule{'' if inferred == 1 else 's'} not from the source text (from_source: false)"
              + ("; each note above says why." if inferred else "."))
    sys.stdout.flush()         # before the problems, on the other stream: one after the other, never run together
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {len({p.file for p in problems})} file(s); nothing was built.", file=sys.stderr)
        return 1
    print(f"{len(files)} polic{'y' if len(files) == 1 else 'ies'} OK")
    return 0


def command_build(args) -> int:
    """Build, saying each phase of each partnership with its time as it ends (unless --quiet), then one line."""
    from guide.publish.site import BuildError, build_site

    def tell(step) -> None:
        print(step.line(), flush=True)

    try:
        report = build_site(ROOT, Path(args.site), only=args.partnership, today=args.today,
                            work=Path(args.work) if args.work else None,
                            policies=Path(args.policies) if args.policies else None,
                            regions=Path(args.regions) if args.regions else None,
                            progress=None if args.quiet else tell)
    except BuildError as error:
        for line in error.lines:
            print(line, file=sys.stderr)
        print("The build stopped; the previous site (if any) is unchanged.", file=sys.stderr)
        return 1
    print(report.summary(), flush=True)
    return 0


def command_serve(args) -> int:
    from guide.publish.site import serve

    site = Path(args.site)
    if not (site / "index.html").exists():
        print(f"{site}/index.html does not exist: run `python build.py build` (or `make serve`) first", file=sys.stderr)
        return 1
    try:
        serve(site, args.host, args.port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(f"port {args.port} on {args.host} is in use (another server is running?): stop it, or run with "
                  f"--port {args.port + 1}", file=sys.stderr)
            return 1
        if error.errno in (errno.EACCES, errno.EADDRNOTAVAIL):
            print(f"cannot listen on {args.host}:{args.port}: {error.strerror}", file=sys.stderr)
            return 1
        raise
    return 0


def command_dist(args) -> int:
    """Build, then zip each partnership's site (or one) with its server settings, into dist/."""
    from guide.publish.dist import package, size_report
    from guide.publish.site import load_partnerships

    if command_build(args):
        return 1
    policies = Path(args.policies) if args.policies else POLICIES
    regions = Path(args.regions) if args.regions else None if args.policies else REGIONS
    slugs = [args.partnership] if args.partnership else [
        group.current.site_path for group in load_partnerships(policies, today=None, regions=regions)]
    for slug in slugs:
        print(size_report(package(Path(args.site), slug, Path(args.out))))
    return 0


def command_release(args) -> int:
    """File the policy in force as a previous version, and make the current file the draft of the next."""
    from guide.publish.release import ReleaseError, release

    try:
        filed, current = release(POLICIES if args.policies is None else Path(args.policies), args.slug)
    except ReleaseError as error:
        print(f"release: {error}", file=sys.stderr)
        return 1
    if filed is None:
        print(f"{current} is now the policy in force (status: current), signed off as its file records. Build the "
              "site to publish it; run release again when its successor is due, to file it and start the next draft.")
        return 0
    print(f"Filed the policy in force as {filed} (status: superseded).")
    print(f"{current} is now the draft of the next version (status: draft): edit it, set its version and dates, "
          "record its sign-off (document.approved), then run release again to publish it.")
    return 0


def command_review(args) -> int:
    """What to settle before publishing a partnership's policy, and every route as CSV for a spreadsheet."""
    import subprocess
    from datetime import date

    from guide.publish.policy_files import PolicyError, check_policy, load_policy
    from guide.publish.review import changed_routes, departures, gaps, inferences, inherited, readings_to_check

    path = policy_file(args.slug, args.policies)
    if not path.exists():
        print(f"review: there is no {path}", file=sys.stderr)
        return 1
    try:
        policy = load_policy(path)
    except PolicyError as error:
        print(f"review: {path} has problems: run `python build.py check {path}` ({error})", file=sys.stderr)
        return 1
    print(f"Review of {policy.partnership.name}: {policy.document.title}\n\nBefore publishing:")
    for line in gaps(policy, date.today()) or ["Nothing is missing from the policy file."]:
        print(f"- {line}")
    found = inferences(policy)
    print(f"\n{len(found)} rules not from the source text (each reason below):")
    for line in found:
        print(f"- {line}")
    readings = readings_to_check(policy)
    print(f"\nCheck this reading: {len(readings)} rules name someone or a form their quote does not name"
          + (":" if readings else "."))
    for line in readings:
        print(f"- {line}")
    variant = check_policy(path)[0].variant
    if variant is not None:     # a local policy built on a regional base
        differences = departures(variant)
        print(f"\nBuilt on {variant.base_display}: {len(differences)} differences from the base (each reason below):")
        for line in differences:
            print(f"- {line}")
        for line in inherited(variant, policy):
            print(f"- {line}")
        sentence, routes = changed_routes(variant, date.today())
        if sentence:
            print(f"\n{sentence}")
        for route in routes:
            print(f"- {route.answers}\n  before: {route.before}\n  now:    {route.now}")
    out = Path(args.out)    # a folder, or the CSV file itself when its name ends in .csv
    if out.suffix.lower() != ".csv":
        out = out / f"{policy.partnership.slug}-routes.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as stream:
        subprocess.run([sys.executable, "-m", "guide", "paths", str(path), "--format", "csv", "--grouped"], stdout=stream,
                       check=True, cwd=ROOT)
    from guide.engine.routes import stagger_for, stagger_words

    print(f"\nEvery route through the guide, routes that differ only in answers that change some pieces of the advice "
          f"in one row (each piece says the answers it holds for): {out}")
    print(stagger_words(stagger_for(policy, date.today())))
    print(f"In the built site: {policy.partnership.slug}/routes/ (not indexed by search engines).")
    return 0


def command_scenarios(args) -> int:
    """Run a scenario table with the engine, or write one to start from (the table logic is the engine's own,
    guide/engine/scenario_table.py, which the studio runs too)."""
    from datetime import date

    from guide.engine.scenario_table import run_table, template
    from guide.publish.policy_files import PolicyError, load_policy

    path = Path(args.slug) if args.slug.endswith((".yaml", ".yml")) else policy_file(args.slug)
    if not path.is_file():
        known = sorted(p.name for p in POLICIES.iterdir() if (p / "policy.yaml").is_file())
        print(f"scenarios: there is no {path}; give one of {', '.join(known)} or a policy file", file=sys.stderr)
        return 2
    try:
        policy = load_policy(path)
    except PolicyError as error:
        print(f"scenarios: {path} has problems: run `python build.py check {path}` first ({error})", file=sys.stderr)
        return 2
    if args.template:
        if args.file:
            print("scenarios: give a table to run, or --template, not both", file=sys.stderr)
            return 2
        text = template(policy, date.fromisoformat(args.today) if args.today else date.today())
        out = Path(args.out) if args.out else None
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8", newline="")
            print(f"Wrote {out}: the headings for {policy.partnership.name} and one example row. Open it in Excel, "
                  "write one scenario a row, save it as CSV, then run `python build.py scenarios "
                  f"{args.slug} {out}`.")
        return 0
    if not args.file:
        own = path.parent / "scenarios.csv"
        if path.name != "policy.yaml" or not own.is_file():
            print("scenarios: give the table to run (a .csv file), or --template to write one", file=sys.stderr)
            return 2
        args.file = str(own)    # the partnership's own table, beside its policy
    try:
        with open(args.file, "rb") as stream:
            data = stream.read(2_000_001)   # the engine refuses anything over its limit; never read more
    except OSError as error:
        print(f"scenarios: cannot read {args.file} ({error.strerror})", file=sys.stderr)
        return 2
    result = run_table(policy, data)
    for problem in result["problems"]:
        print(f"{args.file}: {problem['text']}", file=sys.stderr)
    for row in result["rows"]:
        if not row["passed"]:
            print(row["message"])
    print(result["summary"])
    return result["exit_code"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate policy files")
    check.add_argument("files", nargs="*", help="policy files (default: every bundled policy)")
    check.set_defaults(run=command_check)
    build = sub.add_parser("build", help="validate, then build the site")
    build.add_argument("--partnership", metavar="SLUG", help="build only this partnership (and its previous versions)")
    build.add_argument("--site", default=str(SITE), help="output folder (default: site/)")
    build.add_argument("--quiet", action="store_true", help="print only problems and the one-line summary (for CI)")
    build.add_argument("--today", help=argparse.SUPPRESS)
    build.add_argument("--work", help=argparse.SUPPRESS)   # the generated Markdown (default: build/)
    build.add_argument("--policies", help="the folder of partnership policies (default: policies/)")
    build.add_argument("--regions", help="the folder of regions, each a base and its local policies (default: regions/)")
    build.set_defaults(run=command_build)
    dist = sub.add_parser("dist", help="build, then zip each partnership's site with its server settings")
    dist.add_argument("--partnership", metavar="SLUG", help="only this partnership")
    dist.add_argument("--site", default=str(SITE), help="site folder to build into (default: site/)")
    dist.add_argument("--out", default=str(ROOT / "dist"), help="where the zips go (default: dist/)")
    dist.add_argument("--quiet", action="store_true", help="print only problems and the summaries")
    dist.add_argument("--today", help=argparse.SUPPRESS)
    dist.add_argument("--work", help=argparse.SUPPRESS)
    dist.add_argument("--policies", help="the folder of partnership policies (default: policies/)")
    dist.add_argument("--regions", help="the folder of regions, each a base and its local policies (default: regions/)")
    dist.set_defaults(run=command_dist)
    release = sub.add_parser("release", help="file the policy in force as a previous version and start the next, "
                                              "or publish a signed-off draft")
    release.add_argument("slug")
    release.add_argument("--policies", help=argparse.SUPPRESS)
    release.set_defaults(run=command_release)
    review = sub.add_parser("review", help="what to settle before publishing, and every route as CSV")
    review.add_argument("slug", help="the partnership (its folder under policies/ or regions/<region>/) or its policy file")
    review.add_argument("--out", default=str(ROOT / "build" / "review"), help="the folder the CSV goes in (default: build/review/), or the .csv file to write")
    review.add_argument("--policies", help="the folder holding the partnership's policy (default: policies/, then regions/)")
    review.set_defaults(run=command_review)
    scenarios = sub.add_parser("scenarios", help="run a scenario table (CSV) with the guide's engine")
    scenarios.add_argument("slug", help="the partnership (its folder under policies/) or a policy file")
    scenarios.add_argument("file", nargs="?", help="the table, saved from a spreadsheet as CSV")
    scenarios.add_argument("--template", action="store_true", help="write a table to start from, with one example")
    scenarios.add_argument("--out", help="with --template: the file to write (default: the screen)")
    scenarios.add_argument("--today", help=argparse.SUPPRESS)
    scenarios.set_defaults(run=command_scenarios)
    serve = sub.add_parser("serve", help="serve the built site")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--site", default=str(SITE))
    serve.set_defaults(run=command_serve)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    use_the_project_environment()
    sys.exit(main())
