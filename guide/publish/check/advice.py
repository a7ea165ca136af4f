"""Meaning checks that run the engine on every route (``guide.engine.routes``):

- a question whose answers never change the advice (it only multiplies the routes): it can be removed;
- a condition (a stage's ``when``) that ends a pathway early for some answers: the guide says "unresolved after
  the last step" at a stage that is not the pathway's last.

Routes are compared as a tree: at each point a question is asked, its answers lead on to sub-trees, and two
sub-trees are the same when they ask the same questions and end in the same advice. A question changes the advice
if, somewhere it is asked, two of its answers lead to different sub-trees.
"""

from __future__ import annotations

import json
from datetime import date

from ...engine.conditions import evaluate, questions_in
from ...engine.routes import RouteError, enumerate_routes


def check(policy_file, model) -> tuple[list, list]:
    today = date.today()
    try:
        routes = list(enumerate_routes(model, today))
    except RouteError as error:
        return [policy_file.problem(("questions",), f"the guide cannot go through every answer: {error}; check the "
                                    "`ask_when` of the questions", at_key=True)], []
    except Exception as error:   # the engine fails on some answers: say so at the file, never as a traceback
        return [policy_file.problem((), f"the guide fails on some answers ({type(error).__name__}: {error}); "
                                    "check the conditions (`when`, `ask_when`) of the stages and questions")], []
    return [], unchanging_questions(policy_file, model, routes) + early_ends(policy_file, model, routes)


# --- a question that never changes the advice ---------------------------------------------------------------


def unchanging_questions(policy_file, model, routes) -> list:
    """Each of the policy's own questions none of whose answers changes the advice, anywhere it is asked."""
    asked: dict[str, int] = {}
    differs: set[str] = set()
    _compare(_tree(routes), asked, differs, {})
    warnings = []
    for index, question in enumerate(model.questions):
        if question.type not in ("choice", "yes-no") or question.id in differs:
            continue
        path = ("questions", index, "id")
        if question.id not in asked:
            message = (f"warning: the question `{question.id}` is never asked (its `ask_when` holds on no route), so "
                       "it changes no advice: remove it, or correct its `ask_when`")
        else:
            message = (f"warning: no answer to the question `{question.id}` changes the advice: whatever is "
                       f"answered, the guide gives the same advice (on all {len(routes):,} routes), so the question "
                       "only multiplies the routes; it can be removed (with any condition that names it), unless a "
                       "rule that depends on it is missing")
        warnings.append(policy_file.problem(path, message))
    return warnings


def _tree(routes) -> dict:
    """The routes as a tree: {"q": question id, "next": {answer: subtree}} or {"advice": outcome}."""
    root: dict = {}
    for route in routes:
        node = root
        for qid, value in route.answers:
            node.setdefault("q", qid)
            node = node.setdefault("next", {}).setdefault(_value(value), {})
        node["advice"] = route.outcome
    return root


def _value(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _compare(node: dict, asked: dict, differs: set, shapes: dict) -> int:
    """A number for the sub-tree (equal numbers: the same questions and the same advice); records the questions
    asked here and those whose answers lead to different sub-trees."""
    if "advice" in node:
        outcome = {k: v for k, v in node["advice"].items() if k != "summary"}
        shape = ("advice", json.dumps(outcome, sort_keys=True, default=str))
    else:
        children = {answer: _compare(child, asked, differs, shapes) for answer, child in node.get("next", {}).items()}
        qid = node.get("q")
        asked[qid] = asked.get(qid, 0) + 1
        if len(set(children.values())) > 1:
            differs.add(qid)
        shape = (qid, tuple(sorted(children.items())))
    return shapes.setdefault(shape, len(shapes))


# --- a condition that ends a pathway early ------------------------------------------------------------------


def early_ends(policy_file, model, routes) -> list:
    """Each stage condition under which the guide ends a pathway before its last stage, with one route to it."""
    warnings, said = [], set()
    for route in routes:
        outcome = route.outcome
        if outcome.get("kind") != "advice" or outcome.get("outcome") != "end":
            continue
        pathway = model.pathway(outcome["pathway"]["id"])
        ids = [s.id for s in pathway.stages]
        ended = outcome["stage"]["id"]
        if ended not in ids or ended == ids[-1]:
            continue
        facts = dict(route.answers, pathway=pathway.id)
        later = [s for s in pathway.stages[ids.index(ended) + 1:] if evaluate(s.when, facts) is False]
        if not later:
            continue
        stage = later[0]
        where = _stage_path(policy_file.data, pathway.stages_from or pathway.id, stage.id)
        if where in said:
            continue
        said.add(where)
        named = questions_in(stage.when)
        texts = {qid: text for qid, text, _ in route.labels}
        answers = " and ".join(f"“{texts.get(qid, qid)}” is “{label}”" for qid, text, label in route.labels
                               if qid in named)
        ended_label = outcome["stage"]["label"]
        after = "" if stage is pathway.stages[-1] else " or the stages after it"
        warnings.append(policy_file.problem(where + ("when",), (
            f"warning: this `when` ends the pathway `{pathway.id}` early: when {answers or 'some answers are given'} "
            f"and {ended_label} has not resolved it, the guide says the process has ended unresolved and never offers "
            f"{stage.label}{after}. If the source gives {stage.label} only in these cases, check that the stage's "
            "quote says so; if not, remove this `when` (a duty or a contact of the stage can carry the condition)"),
            at_key=True))
    return warnings


def _stage_path(data: dict, pathway_id: str, stage_id: str) -> tuple:
    for i, pathway in enumerate(data.get("pathways") or ()):
        if isinstance(pathway, dict) and pathway.get("id") == pathway_id:
            for j, stage in enumerate(pathway.get("stages") or ()):
                if isinstance(stage, dict) and stage.get("id") == stage_id:
                    return ("pathways", i, "stages", j)
    return ("pathways",)
