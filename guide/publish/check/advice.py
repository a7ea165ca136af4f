"""Meaning checks that run the engine on the routes through a policy's questions (``guide.engine.routes``):

- a question whose answers never change the advice (it only multiplies the routes): it can be removed;
- a condition (a stage's ``when``) that ends a pathway early for some answers: the guide says the process has
  ended unresolved at a stage that is not the pathway's last.

The policy's own questions come first in a walk, and a stage's ``when`` names only them, so both checks start
from the tree of those questions (small: one leaf per combination of their answers). Where a question is asked,
the routes that follow each of its answers are walked side by side, and the comparison stops at the first
difference: a question that changes the advice is found after a few routes, and only a question that changes
nothing is followed to the end of every route.
"""

from __future__ import annotations

from datetime import date
from itertools import zip_longest

from ...engine.conditions import evaluate, questions_in
from ...engine.routes import MAX_DEPTH, RouteError, answer_values
from ...engine.walk import Walk


def check(policy_file, model) -> tuple[list, list]:
    today = date.today()
    try:
        others = frozenset(q.id for q in model.questions) - _structural(model)
        leaves = [(walk, step) for kind, walk, step in _policy_questions(model, today, collapse=others)
                  if kind == "leaf"]
        errors, early = _early_ends(policy_file, model, leaves, today)
        if errors:            # answers with no stage: the engine cannot go on from them
            return errors, early
        return [], _unchanging_questions(policy_file, model, today) + early
    except RouteError as error:
        return [policy_file.problem(("questions",), f"the guide cannot go through every answer: {error}; check the "
                                    "`ask_when` of the questions", at_key=True)], []
    except Exception as error:   # the engine fails on some answers: one line at the file, never a traceback
        return [policy_file.problem((), f"the guide fails on some answers ({type(error).__name__}: {error}); check "
                                    "the conditions (`when`, `ask_when`) of the stages and questions")], []


# --- walking -------------------------------------------------------------------------------------------------


def _children(walk: Walk, today: date) -> list[tuple[object, Walk]]:
    """Each answer the engine offers to the pending question, with the walk after it."""
    question = walk.pending
    found = []
    for value in answer_values(question, walk, today):
        child = walk.copy()
        errors = child.answer(question.id, value)
        if errors:
            raise RouteError(f"the engine refused its own answer {value!r} to {question.id}: {errors}")
        found.append((value, child))
    return found


def _policy_questions(model, today: date, collapse: frozenset = frozenset()):
    """The tree of the policy's own questions, depth first: ("asked", walk) at each point one is asked (the walk
    waits for its answer), ("leaf", walk, step) past them (its next step: the first progress question, or the
    outcome). A question in ``collapse`` takes only its first answer."""
    declared = {q.id for q in model.questions}
    stack = [Walk(model, today)]
    while stack:
        walk = stack.pop()
        step = walk.next()
        if step["kind"] != "question" or walk.pending.id not in declared:
            yield "leaf", walk, step
            continue
        if len(walk.order) > MAX_DEPTH:
            raise RouteError(f"more than {MAX_DEPTH} questions in a row: the questions loop")
        yield "asked", walk, step
        children = [child for _, child in _children(walk, today)]
        if walk.pending.id in collapse:
            children = children[:1]
        stack.extend(reversed(children))


def _structural(model) -> frozenset:
    """The questions that decide which questions are asked, which pathway the answers lead to and which of its
    stages apply: those named by an ``ask_when``, a route's ``when`` or a stage's ``when``. The others change only
    what a stage says (a duty, a contact)."""
    named = set()
    for question in model.questions:
        named |= questions_in(question.ask_when)
    for route in model.routes:
        named |= questions_in(route.when)
    for pathway in model.pathways:
        for stage in pathway.stages:
            named |= questions_in(stage.when)
    return frozenset(named)


def _routes_from(walk: Walk, today: date):
    """Every route on from ``walk``, depth first: (the answers after it, the engine's last step)."""
    stack = [(walk, ())]
    while stack:
        walk, answers = stack.pop()
        if len(answers) > MAX_DEPTH:
            raise RouteError(f"more than {MAX_DEPTH} questions in a row: the questions loop")
        step = walk.next()
        if step["kind"] != "question":
            yield answers, step
            continue
        qid = walk.pending.id
        stack.extend((child, answers + ((qid, _shown(value)),)) for value, child in reversed(_children(walk, today)))


def _shown(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _advice(step: dict) -> str:
    """The advice of a last step, without the answers that led to it (the engine builds it the same way each time,
    so equal advice reads the same)."""
    return repr({key: value for key, value in step.items() if key != "summary"})


def _same_routes(first: Walk, second: Walk, today: date) -> bool:
    """Whether the routes on from two walks ask the same questions and end in the same advice."""
    for one, other in zip_longest(_routes_from(first, today), _routes_from(second, today)):
        if one is None or other is None or one[0] != other[0] or _advice(one[1]) != _advice(other[1]):
            return False
    return True


# --- a question that never changes the advice ---------------------------------------------------------------


def _unchanging_questions(policy_file, model, today: date) -> list:
    """Each of the policy's own questions none of whose answers changes the advice, anywhere it is asked. The tree
    of the questions is walked only until each has been seen to change the advice somewhere."""
    seen: set[str] = set()
    differs: set[str] = set()
    wanted = {q.id for q in model.questions if q.type in ("choice", "yes-no")}
    for kind, walk, _ in _policy_questions(model, today):
        if wanted <= differs:
            break
        if kind != "asked":
            continue
        qid = walk.pending.id
        seen.add(qid)
        if qid in differs:
            continue
        children = [child for _, child in _children(walk, today)]
        if any(not _same_routes(children[0], other, today) for other in children[1:]):
            differs.add(qid)
    warnings = []
    for index, question in enumerate(model.questions):
        if question.type not in ("choice", "yes-no") or question.id in differs:
            continue
        if question.id not in seen:
            message = (f"warning: the question `{question.id}` is never asked (its `ask_when` holds on no route), so "
                       "it changes no advice: remove it, or correct its `ask_when`")
        else:
            message = (f"warning: no answer to the question `{question.id}` changes the advice: wherever it is asked, "
                       "every answer leads to the same questions and the same advice, so it only multiplies the "
                       "routes; it can be removed (with any condition that names it), unless a rule that depends on "
                       "it is missing")
        warnings.append(policy_file.problem(("questions", index, "id"), message))
    return warnings


# --- a condition that ends a pathway early ------------------------------------------------------------------


def _early_ends(policy_file, model, leaves: list, today: date) -> tuple[list, list]:
    """Each stage ``when`` under which the guide ends a pathway before its last stage, with one route to it; and
    (an error) answers for which no stage of the pathway applies."""
    errors, warnings, said = [], [], set()
    for walk, step in leaves:
        if step["kind"] != "question" or not walk.pending.id.endswith(".reached"):
            continue
        pathway = model.pathway(walk.pending.id[: -len(".reached")])
        facts = dict(walk.facts, pathway=pathway.id)
        stages = [s for s in pathway.stages if evaluate(s.when, facts) is not False]
        owner = pathway.stages_from or pathway.id
        if not stages:
            where = _stage_path(policy_file.data, owner, pathway.stages[0].id)
            if where not in said:
                said.add(where)
                errors.append(policy_file.problem(where + ("when",), (
                    f"for some answers no stage of the pathway `{pathway.id}` applies (when "
                    f"{_answers(step, facts, set().union(*(questions_in(s.when) for s in pathway.stages)))}), "
                    "so the guide has no advice to give: correct the stages' `when`, or the routes"), at_key=True))
            continue
        last = stages[-1]
        if last is pathway.stages[-1]:
            continue
        blamed = pathway.stages[pathway.stages.index(last) + 1]
        where = _stage_path(policy_file.data, owner, blamed.id)
        if where in said:
            continue
        said.add(where)
        example = next((end for _, end in _routes_from(walk, today) if end.get("kind") == "advice"
                        and end.get("outcome") == "end" and end["stage"]["id"] == last.id), None)
        if example is None:
            continue
        answers = _answers(example, facts, questions_in(blamed.when))
        after = "" if blamed is pathway.stages[-1] else " or the stages after it"
        warnings.append(policy_file.problem(where + ("when",), (
            f"warning: this `when` ends the pathway `{pathway.id}` early: when {answers} and {last.label} has not "
            f"resolved it, the guide says the process has ended unresolved and never offers {blamed.label}{after}. "
            f"If the source gives {blamed.label} only in these cases, check that the stage's quote says so; if not, "
            "remove this `when` (a duty or a contact of the stage can carry the condition)"), at_key=True))
    return errors, warnings


def _answers(step: dict, facts: dict, named=None) -> str:
    """The answers of a route in the guide's words: “Which agency do you work for?” is “Health”."""
    rows = [row for row in step.get("summary") or () if named is None or row["id"] in named]
    return " and ".join(f"“{row['question']}” is “{row['answer']}”" for row in rows) or "some answers are given"


def _stage_path(data: dict, pathway_id: str, stage_id: str) -> tuple:
    for i, pathway in enumerate(data.get("pathways") or ()):
        if isinstance(pathway, dict) and pathway.get("id") == pathway_id:
            for j, stage in enumerate(pathway.get("stages") or ()):
                if isinstance(stage, dict) and stage.get("id") == stage_id:
                    return ("pathways", i, "stages", j)
    return ("pathways",)
