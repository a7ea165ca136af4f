"""Every choice step of the guide, worked out at build time by the engine itself (issue 12).

Until Pyodide has started, the page answers from this tree, so nobody waits for the engine before the first date
question (whose wording depends on the visitor's today) or a form. The tree is compact: each question is stored
once (with the error its blank submission gives), and the paths of answers lead to it:

    {"questions": [{"question": {...}, "blank": [errors]}, ...],
     "outcomes":  [step without its "summary", ...],    # signposts: few, each stored once
     "root": node}
    node = [question index, {option value: node, ...}]  # a question; options that lead to a date question or
         | [question index, {"*": node}]                #   advice are left out (the engine answers those);
         | {"o": outcome index}                         #   "*": every option leads to the same node

A question that changes no walk (``route_groups.free_questions``: only some pieces of the advice) leads to the
same questions whatever its answer, so its options share one node ("*"): the tree grows with the number of such
questions, not with the product of their answers. `guide/web/guide/choice-tree.mjs` rebuilds the engine's step from
it, "Your answers" list included (the path's answers); a test walks every path of every policy through both and
compares them.
"""

from __future__ import annotations

import json
from datetime import date

from ..engine.model import Policy
from ..engine.route_groups import free_questions
from ..engine.walk import next_step

ANY = "*"   # not an option value (the schema's answer values start with a letter or digit)


def choice_tree(policy: Policy, today: date) -> dict:
    questions: list[dict] = []
    outcomes: list[dict] = []
    index: dict[str, int] = {}
    outcome_index: dict[str, int] = {}
    free = set(free_questions(policy))

    def node_for(answers: dict):
        step = next_step(policy, answers, today)
        if step["kind"] == "advice":
            return None
        if step["kind"] != "question":
            outcome = {k: v for k, v in step.items() if k != "summary"}
            key = json.dumps(outcome, sort_keys=True, ensure_ascii=False)
            if key not in outcome_index:
                outcome_index[key] = len(outcomes)
                outcomes.append(outcome)
            return {"o": outcome_index[key]}
        question = step["question"]
        if question["type"] in ("date", "time") or step["errors"]:
            return None
        key = json.dumps(question, sort_keys=True, ensure_ascii=False)
        if key not in index:
            blank = next_step(policy, answers, today, submitted=question["id"])
            index[key] = len(questions)
            questions.append({"question": question, "blank": blank["errors"]})
        if question["id"] in free and question["options"]:
            child = node_for({**answers, question["id"]: question["options"][0]["value"]})
            return [index[key], {} if child is None else {ANY: child}]
        children = {}
        for option in question["options"]:
            child = node_for({**answers, question["id"]: option["value"]})
            if child is not None:
                children[option["value"]] = child
        return [index[key], children]

    root = node_for({})
    return {"questions": questions, "outcomes": outcomes, "root": root}


def tree_paths(tree: dict):
    """Every (answers, submitted) the tree can answer, for the test that compares it with the engine."""
    def walk(node, answers):
        if isinstance(node, dict):
            yield answers, None
            return
        question = tree["questions"][node[0]]["question"]
        yield answers, None
        yield answers, question["id"]
        for value, child in node[1].items():
            values = [o["value"] for o in question["options"]] if value == ANY else [value]
            for one in values:
                yield from walk(child, {**answers, question["id"]: one})

    if tree["root"] is not None:
        yield from walk(tree["root"], {})
