"""Every route through a policy's questions, with its outcome (standard library only).

A route is one combination of answers, from the first question to an outcome. Choice and yes/no questions take
every option. Dates are fixed: the date a stage is raised is "today", except when that stage had no response, where
both "today" (still within the timescale) and 60 days ago (the response is overdue) are taken. A time (asked where
clock hours count) is "I do not know the time": the hours count from the start of that day.

The enumeration forks the engine's own walk (``guide.engine.Walk``), so it visits each point of the question
tree once and gives exactly what ``next_step`` gives for the same answers.

Raising every stage on the same day hides a deadline counted from the wrong event (``timing``: this stage, an
earlier one, the escalation's start, the previous response all fall on one day). ``staggered`` replays a route with
the stages raised on different days: each earlier stage ``STAGGER`` working days before the next, the last one on a
day whose ``STAGGER`` working days before it cross a bank holiday, a response one working day after its stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterator

from .timing import NOT_KNOWN
from .walk import Walk
from .model import Policy, Question
from .workdays import WorkingCalendar, long_date, short_date

OVERDUE_DAYS = 60
MAX_DEPTH = 200
STAGGER = 3          # working days between one stage raised and the next, in the staggered replay
DATED_PARTS = ("raised-on", "raise-on", "response-on")


class RouteError(RuntimeError):
    """The questions loop, or an answer offered by the engine is refused by it."""


@dataclass(frozen=True)
class Route:
    answers: tuple[tuple[str, object], ...]   # (question id, answer) in the order asked
    outcome: dict                              # the engine's final step: advice, signpost, or no-route
    labels: tuple[tuple[str, str, str], ...]  # (question id, question text, answer label)


def answer_values(question: Question, walk: Walk, today: date) -> list:
    """The answers to try for a question."""
    if question.type in ("choice", "yes-no"):
        return [o.value for o in question.answer_options(walk.wording)]
    if question.type == "date":
        if question.id.endswith(".raised-on"):
            response = walk.facts.get(question.id[: -len("raised-on")] + "response")
            if response == "none":
                return [today, today - timedelta(days=OVERDUE_DAYS)]
            # An earlier stage a deadline counts from (``timing``): raised no later than the stages dated so far.
            known = [v for k, v in walk.facts.items() if k.endswith(".raised-on") and isinstance(v, date)]
            return [min(known + [today])]
        return [today]
    if question.type == "time":
        return [NOT_KNOWN]
    return ["(text)"]


def enumerate_routes(policy: Policy, today: date) -> Iterator[Route]:
    """Every route, depth first, in the order the options are offered."""
    stack = [(Walk(policy, today), ())]
    while stack:
        walk, answers = stack.pop()
        if len(answers) > MAX_DEPTH:
            raise RouteError(f"more than {MAX_DEPTH} questions in a row: the questions loop")
        step = walk.next()
        if step["kind"] != "question":
            yield Route(answers, step, tuple((row["id"], row["question"], row["answer"]) for row in step["summary"]))
            continue
        question = walk.pending
        children = []
        for value in answer_values(question, walk, today):
            child = walk.copy()
            errors = child.answer(question.id, value)
            if errors:
                raise RouteError(f"the engine refused its own answer {value!r} to {question.id}: {errors}")
            children.append((child, answers + ((question.id, value),)))
        stack.extend(reversed(children))


# --- stages raised on different days -------------------------------------------------------------------------


@dataclass(frozen=True)
class Stagger:
    """The day the staggered replay takes as today, and the bank holiday the last gap crosses (None if the policy
    knows no bank holiday before ``today``: then today, and the gaps cross only weekends)."""

    today: date
    holiday: date | None


def stagger_for(policy: Policy, today: date) -> Stagger:
    """The staggered replay's today: the second working day after the latest bank holiday, on or before ``today``,
    that leaves it so (then the last stage's ``STAGGER`` working days before it cross that holiday)."""
    calendar = WorkingCalendar(policy.bank_holidays, policy.bank_holiday_years)
    for holiday in sorted((d for d in policy.bank_holidays if d <= today), reverse=True):
        day = _working_days_from(calendar, holiday, 2)
        if day <= today:
            return Stagger(day, holiday)
    return Stagger(today, None)


def stagger_words(stagger: Stagger) -> str:
    """What the staggered columns assume, in one sentence for a reviewer."""
    over = (f", so the last gap crosses the bank holiday of {long_date(stagger.holiday)}" if stagger.holiday else "")
    return (f"Deadlines \"staggered\": the same answers with today taken as {long_date(stagger.today)}, the stage "
            f"the guide raises raised that day, each earlier stage {STAGGER} working days before the next{over}, "
            "and a response one working day after its stage; a deadline counted from the wrong event differs there.")


def _working_days_from(calendar: WorkingCalendar, day: date, count: int) -> date:
    """The working day ``count`` working days after (``count`` > 0) or before (< 0) ``day``."""
    step = timedelta(days=1 if count > 0 else -1)
    left = abs(count)
    while left:
        day += step
        left -= calendar.is_working_day(day)
    return day


def _dated_stage(policy: Policy, qid: str):
    """(stage position in its pathway, part) of a ``<pathway>.<stage>.<part>`` date question; None for others."""
    pathway_id, _, rest = qid.partition(".")
    stage_id, _, part = rest.rpartition(".")
    if part not in DATED_PARTS:
        return None
    try:
        pathway = policy.pathway(pathway_id)
        return [s.id for s in pathway.stages].index(stage_id), part
    except (KeyError, ValueError, LookupError):
        return None


def staggered(policy: Policy, route: Route, today: date, stagger: Stagger | None = None) -> dict | None:
    """The outcome of ``route`` replayed with its stages raised on different days (see the module's words): the
    same answers, each date moved as far before ``stagger.today`` as it was before ``today``, then each stage
    ``STAGGER`` working days before the next dated one; the stage a route raises is raised last, on
    ``stagger.today`` (even one it goes back to). None where the route has no date, or the replay asks something
    the route does not answer."""
    stagger = stagger or stagger_for(policy, today)
    calendar = WorkingCalendar(policy.bank_holidays, policy.bank_holiday_years)
    given = dict(route.answers)
    outcome = route.outcome
    target = None
    if outcome.get("kind") == "advice" and outcome.get("outcome") == "raise":
        target = f"{outcome['pathway']['id']}.{outcome['stage']['id']}.raise-on"
    dated = [found for qid, value in route.answers if isinstance(value, date) and qid != target
             for found in [_dated_stage(policy, qid)] if found]
    if not dated and (target is None or _dated_stage(policy, target) is None):
        return None
    last = max((position for position, _ in dated), default=0)
    response_last = any(position == last and part == "response-on" for position, part in dated)

    def day_for(qid: str) -> date | None:
        found = _dated_stage(policy, qid)
        if found is None:
            return None
        position, part = found
        value = given.get(qid)
        back = (today - value).days if isinstance(value, date) and qid != target else 0
        offset = 0 if qid == target else (STAGGER * (last - position) + response_last - (part == "response-on")
                                          + (STAGGER if target else 0))
        return _working_days_from(calendar, stagger.today - timedelta(days=back), -offset) if offset else (
            stagger.today - timedelta(days=back))

    walk = Walk(policy, stagger.today)
    for _ in range(MAX_DEPTH):
        step = walk.next()
        if step["kind"] != "question":
            return step
        question = walk.pending
        value = day_for(question.id) if question.type == "date" else given.get(question.id)
        if value is None or walk.answer(question.id, value):
            return None
    return None


def staggered_text(outcome: dict | None, same_day: dict) -> str:
    """The staggered replay's deadline in words (with its timed actions'), and its result where that differs."""
    if outcome is None:
        return ""
    summary = outcome_summary(outcome)
    parts = [summary["deadline"]] if summary["deadline"] else []
    parts += [f"{a['action'].rstrip('.')}: {a['deadline']['text']}" for a in outcome.get("actions") or ()
              if a.get("deadline")]
    text = "; ".join(parts)
    if summary["result"] != outcome_summary(same_day)["result"]:
        text = summary["result"] + (f" (deadline {text})" if text else "")
    return text


def staggered_dates(policy: Policy, outcome: dict | None, stagger: Stagger) -> str:
    """The dates the staggered replay gave: "Step 1 raised 27/08/2026 · Step 2 raised 02/09/2026 (today)"."""
    if outcome is None:
        return ""
    words = {"raised-on": "raised", "raise-on": "raised", "response-on": "response"}
    parts, named = [], set()
    for row in outcome["summary"]:
        found = _dated_stage(policy, row["id"])
        if found:
            pathway = policy.pathway(row["id"].partition(".")[0])
            named.add((pathway.id, pathway.stages[found[0]].id))
            parts.append(f"{pathway.stages[found[0]].label} {words[found[1]]} {row['answer']}")
    if outcome.get("kind") == "advice" and outcome["outcome"] == "raise" and (
            outcome["pathway"]["id"], outcome["stage"]["id"]) not in named:
        parts.append(f"{outcome['stage']['label']} raised {short_date(stagger.today)} (today)")
    return " · ".join(parts)


# --- summaries for people ----------------------------------------------------------------------------------


def outcome_summary(outcome: dict) -> dict:
    """The outcome in a few plain fields, for tables."""
    if outcome["kind"] == "signpost":
        return {"kind": "signpost", "result": outcome["signpost"]["title"], "pathway": "", "stage": "",
                "contacts": "", "timescale": "", "deadline": "", "duties": "", "notices": "", "actions": "",
                "instructions": ""}
    if outcome["kind"] != "advice":
        return {"kind": outcome["kind"], "result": outcome.get("message", ""), "pathway": "", "stage": "",
                "contacts": "", "timescale": "", "deadline": "", "duties": "", "notices": "", "actions": "",
                "instructions": ""}
    stage = outcome["stage"]
    name = f"{stage['label']}: {stage['title']}"
    result = {"raise": f"Raise {name}", "waiting": f"Wait for a response to {name}",
              "resolved": f"Resolved at {name}", "end": f"Unresolved after the last step, {name}"}
    return {
        "kind": outcome["outcome"],
        "result": result[outcome["outcome"]],
        "pathway": outcome["pathway"]["title"],
        "stage": f"{stage['label']}: {stage['title']}",
        "contacts": contacts_text(outcome["contacts"]),
        "timescale": outcome["timescale"]["text"],
        "deadline": outcome["deadline"]["text"] if outcome["deadline"] else "",
        "duties": duties_text(outcome["duties"]),
        "notices": " ".join(n["kind"] for n in outcome["notices"]),
        "actions": actions_text(outcome.get("actions") or []),
        "instructions": instructions_text(outcome.get("instructions") or []),
    }


SIDE_NAMES = {"yours": "You", "theirs": "They", "partnership": "Partnership"}


def contacts_text(contacts: list[dict]) -> str:
    parts = []
    for contact in contacts:
        roles = " / ".join(contact["names"])
        check = " (check: " + contact["hint"] + ")" if contact["status"] == "check" and contact["hint"] else ""
        may = "may also consult " if contact.get("optional") else ""
        parts.append(f"{SIDE_NAMES[contact['side']]}: {may}{roles}{check}")
    return "; ".join(parts)


def actions_text(actions: list[dict]) -> str:
    """A stage's timed actions, each with its date (and time) where the guide gives one, else its timescale."""
    return "; ".join(f"{a['action']}: {a['deadline']['text'] if a.get('deadline') else a['timescale']['within']}"
                     for a in actions)


def instructions_text(instructions: list[dict]) -> str:
    prefix = {"required": "", "check": "Check: ", "if": "If it applies: "}
    return "; ".join(prefix.get(i["status"], "") + i["text"].rstrip(".") for i in instructions)


def duties_text(duties: list[dict]) -> str:
    prefix = {"required": "", "check": "Check: ", "if": "If {because}: "}
    return "; ".join(prefix[d["status"]].format(because=d["because"]) + d["action"].rstrip(".") for d in duties)
