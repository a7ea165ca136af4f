"""A realistic batch of escalation records for the log's tests (issue 13), made by the document code: 220
escalations over four quarters (40 of them sent twice), several agencies and stages, a record from another
partnership and files that are not records; with what each escalation should show, worked out from the engine's
own advice (not from the log's code)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from functools import lru_cache
from statistics import median

from guide.engine.documents import form_document
from guide.engine.routes import enumerate_routes
from guide.engine.walk import next_step
from guide.publish.policy_files import load_policy

from .conftest import BUILD_TODAY, POLICIES

RECORD = "escalation-record"
TODAY = date(2026, 12, 31)
DAYS = [date(2026, 1, 14), date(2026, 2, 24), date(2026, 4, 21), date(2026, 6, 3), date(2026, 7, 15),
        date(2026, 9, 8), date(2026, 10, 13), date(2026, 11, 24)]
LETTERS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
HAVE_MEDWAY = (POLICIES / "medway" / "policy.yaml").exists()


@lru_cache(maxsize=None)
def medway():
    return load_policy(POLICIES / "medway" / "policy.yaml", today=BUILD_TODAY)


@lru_cache(maxsize=None)
def routes_on(day: date) -> list:
    """Routes that end in advice at a stage, with their answers as the guide stores them."""
    return [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in route.answers}
            for route in enumerate_routes(medway(), day) if route.outcome["kind"] == "advice"]


def THEMES() -> list[str]:
    """What a practitioner may choose on the record: one of the policy's kinds of disagreement, "Something else",
    or nothing (""); the first kind of disagreement as the policy words it, to check it is kept word for word."""
    from guide.engine.documents import themes

    listed = list(themes(medway()))
    return listed + ["Something else", "", ""]


def reference(rng: random.Random) -> str:
    code = "".join(rng.choice(LETTERS) for _ in range(8))
    return f"ESC-{code[:4]}-{code[4:]}"


@lru_cache(maxsize=None)
def make_batch():
    """(files as (name, bytes), expected row by reference, names of the files to refuse)."""
    rng = random.Random(13)
    policy = medway()
    files, expected = [], {}
    for number in range(220):
        day = rng.choice(DAYS)
        answers = rng.choice(routes_on(day))
        ref = reference(rng)
        first_step = None
        if number < 40:   # the same escalation sent a fortnight earlier too, from where it stood then
            earlier = day - timedelta(days=14)
            first = rng.choice(routes_on(earlier))
            first_theme = rng.choice(THEMES())
            files.append((f"{ref}-first.docx", form_document(policy, RECORD, first, {"theme": first_theme}, earlier, ref)))
            first_step = next_step(policy, first, earlier)
            first_moved = moved_on(policy, first, first_step, earlier)
        theme = rng.choice(THEMES())
        details = {"child-name": "Sam Example", "theme": theme}   # the child's name, typed: never in the log
        files.append((f"{ref}.docx", form_document(policy, RECORD, answers, details, day, ref)))
        step = next_step(policy, answers, day)
        own, other = (policy.question(q).label_for(answers[q], policy.wording) if q in answers else "?"
                      for q in ("own-agency", "other-agency"))
        deadline = (step["deadline"] or {}).get("date", "")
        expected[ref] = {
            "made": day.isoformat(), "stage": f"{step['stage']['label']}: {step['stage']['title']}",
            "outcome": step["outcome"], "records": 2 if first_step else 1, "pair": f"{own} → {other}",
            # A response is overdue when its due date has passed and no later record of the escalation was received
            # (a stage just raised as much as one still waiting): this record is the latest.
            "overdue": bool(deadline) and deadline < TODAY.isoformat(),
            # An escalation reached the partnership if any of its records did.
            "partnership": any(c["side"] == "partnership" for s in (step, first_step) if s for c in s["contacts"]),
            # Each stage once, the later record's count where both records time the same stage.
            "moved_on": {**(first_moved if first_step else {}), **moved_on(policy, answers, step, day)},
            # The kind of disagreement the latest record names (a record may name none).
            "theme": theme or (first_theme if first_step else ""),
        }
    refused = ["not-a-record.docx", "empty.docx"]
    files += [("not-a-record.docx", b"PK\x03\x04 nothing"), ("empty.docx", b"")]
    if (POLICIES / "suffolk" / "policy.yaml").exists():
        suffolk = load_policy(POLICIES / "suffolk" / "policy.yaml", today=BUILD_TODAY)
        answers = next(r for r in enumerate_routes(suffolk, DAYS[0]) if r.outcome["kind"] == "advice").answers
        answers = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in answers}
        files.append(("suffolk.docx", form_document(suffolk, RECORD, answers, {}, DAYS[0], reference(rng))))
        refused.append("suffolk.docx")
    rng.shuffle(files)
    return files, expected, refused


def moved_on(policy, answers: dict, step: dict, made: date) -> dict:
    """{stage reached: working days from its raising to the day the next was raised}, counted here as the working
    days from the first day to the last, both included, less one (so Friday to Monday is 1, Saturday to Tuesday is
    1). Only where the answers give both days and the next stage is raised by the day the record was made."""
    if step["kind"] != "advice" or step["outcome"] != "raise":
        return {}
    pathway = step["pathway"]["id"]
    raised, reached = answers.get(f"{pathway}.{step['stage']['id']}.raise-on"), answers.get(f"{pathway}.reached")
    began = answers.get(f"{pathway}.{reached}.raised-on")
    if not (raised and began) or date.fromisoformat(raised) > made:
        return {}
    order = [s.id for s in policy.pathway(pathway).stages]
    if order.index(step["stage"]["id"]) <= order.index(reached):
        return {}       # sent back to an earlier stage not used (a "both stages must be used" rule): not moving on
    previous = policy.pathway(pathway).stage(reached)
    start, end = date.fromisoformat(began), date.fromisoformat(raised)
    working = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    working = [d for d in working if d.weekday() < 5 and d not in policy.bank_holidays]
    return {f"{previous.label}: {previous.title}": max(len(working) - 1, 0)}


def quarter_of(day: str) -> str:
    d = date.fromisoformat(day)
    return f"{d.year} Q{(d.month - 1) // 3 + 1}"


def expected_quarters(expected: dict) -> dict:
    """Per quarter, the figures the report must show, counted here."""
    groups: dict[str, list[dict]] = {}
    for want in expected.values():
        groups.setdefault(quarter_of(want["made"]), []).append(want)
    return {name: {"escalations": len(group), "by_stage": dict(Counter(w["stage"] for w in group)),
                   "by_agencies": dict(Counter(w["pair"] for w in group)),
                   "by_outcome": dict(Counter(w["outcome"] for w in group)),
                   "overdue": sum(w["overdue"] for w in group),
                   "reached_partnership": sum(w["partnership"] for w in group),
                   "time_at_stage": _time_at_stage(group),
                   "by_theme": dict(Counter(w["theme"] for w in group if w["theme"])),
                   "no_theme": sum(not w["theme"] for w in group)}
            for name, group in groups.items()}


def _time_at_stage(group: list[dict]) -> list[dict]:
    days: dict[str, list[int]] = {}
    for want in group:
        for stage, n in want["moved_on"].items():
            days.setdefault(stage, []).append(n)
    labels = [f"{s.label}: {s.title}" for p in medway().pathways for s in p.stages]
    return [{"stage": stage, "moved_on": len(counts), "median_days": median(counts)}
            for stage, counts in sorted(days.items(), key=lambda item: labels.index(item[0]))]   # the policy's order
