"""Command line for scripts and reviewers.

    python -m guide advise --policy SLUG|PATH --answers answers.json [--today YYYY-MM-DD]
    python -m guide paths SLUG|PATH [--today YYYY-MM-DD] [--format table|csv|json] [--grouped]
    python -m guide log --policy SLUG|PATH FILE|FOLDER... [--today YYYY-MM-DD] [--format csv|json|docx --output F]

`advise` prints the next question or the advice as JSON. `paths` prints every route through the policy's questions
with its outcome. `log` reads the escalation records (.docx) the guide made, as the partnership received them, and
prints one row per escalation (csv) or the rows, the files refused and the quarterly report (json): the same engine
code as the escalation log page. Bad input gives a one-line error and exit status 2.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from pathlib import Path

from .engine.routes import (enumerate_routes, outcome_summary, stagger_for, stagger_words, staggered, staggered_dates,
                            staggered_text)
from .engine.walk import RESPONSES, next_step, parse_date, question_ids

POLICIES = Path(__file__).resolve().parent.parent / "policies"


class UsageError(Exception):
    """Bad input from the command line: reported in one line, exit status 2."""


def shown(value, limit: int = 80, quoted: bool = True) -> str:
    """A piece of the input, for a message: on one line, and never more than ``limit`` characters."""
    text = json.dumps(value, ensure_ascii=False, default=str) if quoted else str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def resolve_policy_path(name: str) -> Path:
    """A slug (``medway``), a slug and version (``medway/2016-06``), or a path to a policy file."""
    candidate = Path(name)
    if candidate.is_file():
        return candidate
    slug, _, version = name.partition("/")
    path = POLICIES / slug / ("versions/" + version + ".yaml" if version else "policy.yaml")
    if path.is_file():
        return path
    known = sorted(p.name for p in POLICIES.iterdir() if (p / "policy.yaml").is_file()) if POLICIES.is_dir() else []
    raise UsageError(f"unknown policy `{name}`: give a file or one of {', '.join(known)}")


def load(name: str, today: date):
    from .publish.policy_files import PolicyError, load_policy

    path = resolve_policy_path(name)
    try:
        return load_policy(path, today=today)
    except PolicyError as error:
        first = error.problems[0]
        more = f" (and {len(error.problems) - 1} more; run `python build.py check {path}`)" if len(error.problems) > 1 else ""
        raise UsageError(f"{first}{more}")


def parse_today(text: str | None) -> date:
    if text is None:
        return date.today()
    value, errors = parse_date(text, "the date given with --today")
    if errors:
        raise UsageError(f"--today {shown(text, quoted=False)}: {errors[0]['message']}; write it as YYYY-MM-DD")
    return value


def read_answers(path: str) -> dict:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{path}: cannot read the answers file ({error.strerror})")
    try:
        answers = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}")
    if not isinstance(answers, dict):
        raise UsageError(f"{path}: the answers must be a JSON object of question id to answer")
    return answers


def check_answers(policy, answers: dict, source: str) -> None:
    """Each answer must belong to a known question and be a possible answer to it."""
    known = question_ids(policy)
    declared = {q.id: q for q in policy.questions}
    for qid, value in answers.items():
        if qid not in known:
            raise UsageError(f"{source}: unknown question id `{shown(qid, quoted=False)}`")
        allowed = None
        if qid in declared and declared[qid].type in ("choice", "yes-no"):
            allowed = [o.value for o in declared[qid].answer_options()]
        elif qid.endswith(".response"):
            allowed = list(RESPONSES)
        elif qid.endswith(".used"):
            allowed = ["yes", "no"]
        elif qid.endswith(".reached"):
            pathway = policy.pathway(qid[: -len(".reached")])
            allowed = ["none"] + [s.id for s in pathway.stages]
        is_date = qid.endswith((".raised-on", ".raise-on", ".response-on")) or (qid in declared and declared[qid].type == "date")
        if allowed is not None and value not in allowed:
            raise UsageError(f"{source}: `{qid}`: {shown(value)} is not an answer; choose one of {shown(', '.join(allowed), 200, quoted=False)}")
        if is_date:
            _, errors = parse_date(value, f"the date for `{qid}`")
            if errors:
                raise UsageError(f"{source}: `{qid}`: {errors[0]['message']} (write YYYY-MM-DD)")


def command_advise(args) -> int:
    today = parse_today(args.today)
    policy = load(args.policy, today)
    answers = read_answers(args.answers)
    check_answers(policy, answers, args.answers)
    step = next_step(policy, answers, today)
    json.dump(step, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


COLUMNS = ["route", "answers", "result", "stage", "contacts", "timescale", "deadline", "duties", "notices",
           "deadline_staggered", "dates_staggered", "actions", "instructions"]
SUMMARY = ["result", "stage", "contacts", "timescale", "deadline", "duties", "notices", "actions", "instructions"]


def command_paths(args) -> int:
    today = parse_today(args.today)
    policy = load(args.policy, today)
    if args.grouped:
        return grouped_paths(policy, today, args.format)
    routes = list(enumerate_routes(policy, today))
    stagger = stagger_for(policy, today)
    rows = []
    for number, route in enumerate(routes, 1):
        summary = outcome_summary(route.outcome)
        answers = " · ".join(f"{qid}: {label}" for qid, _, label in route.labels)
        later = staggered(policy, route, today, stagger)
        rows.append({"route": number, "answers": answers, **{k: summary[k] for k in SUMMARY},
                     "deadline_staggered": staggered_text(later, route.outcome),
                     "dates_staggered": staggered_dates(policy, later, stagger)})
    out = sys.stdout
    if args.format == "json":
        json.dump([{"answers": {k: (v.isoformat() if isinstance(v, date) else v) for k, v in r.answers},
                    "outcome": r.outcome} for r in routes], out, indent=1, ensure_ascii=False)
        out.write("\n")
    elif args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    else:
        out.write(f"Every route through {policy.partnership.name}: {policy.document.title}\n")
        out.write(f"{len(routes)} routes. Dates fixed: today is {today.isoformat()}; a stage with no response was raised "
                  f"today or 60 days ago. {stagger_words(stagger)}\n\n")
        out.write("| " + " | ".join(c.capitalize() for c in COLUMNS) + " |\n")
        out.write("|" + "---|" * len(COLUMNS) + "\n")
        for row in rows:
            out.write("| " + " | ".join(str(row[c]).replace("|", "/") for c in COLUMNS) + " |\n")
    return 0


GROUPED_COLUMNS = ["route", "stands_for", "answers", "result", "stage", "contacts", "timescale", "deadline", "duties",
                   "notices", "deadline_staggered", "dates_staggered", "actions", "instructions"]


def grouped_paths(policy, today: date, format: str) -> int:
    """One row for each group of routes that differ only in questions that change some pieces of the advice
    (``guide.engine.route_groups``): it grows with the number of questions, not with the product of their answers."""
    from .engine.route_groups import enumerate_groups, full_size, group_summary

    groups = list(enumerate_groups(policy, today))
    stagger = stagger_for(policy, today)
    rows = []
    for number, group in enumerate(groups, 1):
        later = staggered(policy, group.route, today, stagger)
        rows.append({"route": number, **{k: v for k, v in group_summary(policy, group).items() if k in GROUPED_COLUMNS},
                     "deadline_staggered": staggered_text(later, group.route.outcome),
                     "dates_staggered": staggered_dates(policy, later, stagger)})
    out = sys.stdout
    if format == "csv":
        writer = csv.DictWriter(out, fieldnames=GROUPED_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
        return 0
    if format == "json":
        json.dump(rows, out, indent=1, ensure_ascii=False)
        out.write("\n")
        return 0
    out.write(f"Every route through {policy.partnership.name}: {policy.document.title}\n")
    out.write(f"{full_size(groups)} routes in {len(groups)} rows: an answer that changes only some pieces of the "
              f"advice is \"any answer\" in its row, and each piece says the answers it holds for. Dates fixed: today "
              f"is {today.isoformat()}; a stage with no response was raised today or 60 days ago. "
              f"{stagger_words(stagger)}\n\n")
    out.write("| " + " | ".join(c.capitalize() for c in GROUPED_COLUMNS) + " |\n")
    out.write("|" + "---|" * len(GROUPED_COLUMNS) + "\n")
    for row in rows:
        out.write("| " + " | ".join(str(row[c]).replace("|", "/") for c in GROUPED_COLUMNS) + " |\n")
    return 0


def command_log(args) -> int:
    from .engine.escalation_log import log_csv, quarterly_report, read_log, report_document

    today = parse_today(args.today)
    policy = load(args.policy, today)
    paths = []
    for name in args.files:
        path = Path(name)
        if path.is_dir():
            paths += sorted(p for p in path.rglob("*.docx") if p.is_file())
        elif path.is_file():
            paths.append(path)
        else:
            raise UsageError(f"{shown(name)}: no such file or folder")
    if not paths:
        raise UsageError("no .docx files to read")
    log = read_log(policy, ((str(p), p.read_bytes()) for p in paths), today)
    for refusal in log["refused"]:
        print(f"{refusal['file']}: {refusal['message']}", file=sys.stderr)
    for copy in log["duplicates"]:
        print(f"{copy['file']}: {policy.wording('guide.log.duplicates.same_as')} {copy['same_as']}", file=sys.stderr)
    if args.format == "docx":
        if not args.output:
            raise UsageError("--format docx needs --output FILE.docx")
        Path(args.output).write_bytes(report_document(policy, log["rows"], log["refused"], today, log["duplicates"]))
        print(f"Wrote {args.output}", file=sys.stderr)
    elif args.format == "json":
        from .engine.documents import themes

        json.dump({"rows": log["rows"], "refused": log["refused"], "duplicates": log["duplicates"],
                   "overdue_means": log["overdue_means"], "quarters": quarterly_report(log["rows"], themes(policy))},
                  sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(log_csv(log["rows"], log["overdue_means"]))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guide", description="The escalation decision engine.")
    sub = parser.add_subparsers(dest="command", required=True)
    advise = sub.add_parser("advise", help="the next question, or the advice, as JSON")
    advise.add_argument("--policy", required=True, help="a slug (medway, medway/2016-06) or a policy file")
    advise.add_argument("--answers", required=True, help="a JSON file of question id to answer (- for stdin)")
    advise.add_argument("--today", help="the date to advise on (default: today)")
    advise.set_defaults(run=command_advise)
    paths = sub.add_parser("paths", help="every route through the questions, with its outcome")
    paths.add_argument("policy", help="a slug (medway, medway/2016-06) or a policy file")
    paths.add_argument("--today", help="the date to advise on (default: today)")
    paths.add_argument("--format", choices=["table", "csv", "json"], default="table")
    paths.add_argument("--grouped", action="store_true",
                       help="one row for routes that differ only in answers that change some pieces of the advice")
    paths.set_defaults(run=command_paths)
    log = sub.add_parser("log", help="escalation records in, one row per escalation (and a quarterly report) out")
    log.add_argument("--policy", required=True, help="the partnership's policy: a slug or a policy file")
    log.add_argument("files", nargs="+", help="records (.docx) or folders of them")
    log.add_argument("--today", help="the date overdue responses are counted on (default: today)")
    log.add_argument("--format", choices=["csv", "json", "docx"], default="csv")
    log.add_argument("--output", help="the file to write the quarterly report to (with --format docx)")
    log.set_defaults(run=command_log)
    try:
        args = parser.parse_args(argv)
        return args.run(args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as error:  # never a traceback: one line, and the input echoed at most ~80 characters
        print(f"error: the engine could not handle this input ({type(error).__name__}: {shown(str(error), quoted=False)})",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
