"""Every route through a policy's questions, with its outcome (standard library only).

A route is one combination of answers, from the first question to an outcome. Choice and yes/no questions take
every option. Dates are fixed: the date a stage is raised is "today", except when that stage had no response, where
both "today" (still within the timescale) and 60 days ago (the response is overdue) are taken. A time (asked where
clock hours count) is "I do not know the time": the hours count from the start of that day.

The enumeration forks the engine's own walk (``guide.engine.Walk``), so it visits each point of the question
tree once and gives exactly what ``next_step`` gives for the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterator

from .timing import NOT_KNOWN
from .walk import Walk
from .model import Policy, Question

OVERDUE_DAYS = 60
MAX_DEPTH = 200


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


# --- summaries for people ----------------------------------------------------------------------------------


def outcome_summary(outcome: dict) -> dict:
    """The outcome in a few plain fields, for tables."""
    if outcome["kind"] == "signpost":
        return {"kind": "signpost", "result": outcome["signpost"]["title"], "pathway": "", "stage": "",
                "contacts": "", "timescale": "", "deadline": "", "duties": "", "notices": ""}
    if outcome["kind"] != "advice":
        return {"kind": outcome["kind"], "result": outcome.get("message", ""), "pathway": "", "stage": "",
                "contacts": "", "timescale": "", "deadline": "", "duties": "", "notices": ""}
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


def duties_text(duties: list[dict]) -> str:
    prefix = {"required": "", "check": "Check: ", "if": "If {because}: "}
    return "; ".join(prefix[d["status"]].format(because=d["because"]) + d["action"].rstrip(".") for d in duties)
