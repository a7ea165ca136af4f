"""Routes grouped by what changes the advice (standard library only).

Every combination of answers multiplies: sixteen yes/no questions that each add one duty make 65,536 routes, though
each answer changes one line of the advice. Here each answer is enumerated only where it can change something:

- a declared question that no route, no ``ask_when`` and no stage ``when`` names cannot change which questions are
  asked next, where the answers lead, or which stage: it is **free**. The walk is enumerated with each free question
  at one answer; each walk is a ``Group``, standing for every combination of its free questions' answers;
- each **piece** of the advice that a free question can change (the contacts on one side, one duty, one
  instruction, the form) is worked out, for each group, once for each combination of the answers *it* names
  (``Piece.dependencies``), never for the product of every free question.

``Group.outcome`` gives the engine's outcome for any combination of answers (the "Your answers" list aside) from
these pieces; a test compares it with the full enumeration for every policy present.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import product
from typing import Any, Iterator, Mapping, Optional

from .conditions import SKIPPED, questions_in
from .model import Policy
from .routes import MAX_DEPTH, Route, RouteError, answer_values
from .walk import (OTHER_AGENCY, OWN_AGENCY, SIDES, Walk, duty_json, form_for, instruction_json, side_contacts)


def free_questions(policy: Policy) -> tuple[str, ...]:
    """The declared questions that cannot change the walk (see the module's words), in the policy's order."""
    named: set[str] = set()
    for route in policy.routes:
        named |= questions_in(route.when)
    for question in policy.questions:
        named |= questions_in(question.ask_when)
    for pathway in policy.pathways:
        for stage in pathway.stages:
            named |= questions_in(stage.when)
    return tuple(q.id for q in policy.questions if q.id not in named)


@dataclass
class Piece:
    """One piece of a group's advice: its value for each combination of the free answers it turns on."""

    key: tuple                              # ("contacts", side) | ("duty", n) | ("instruction", n) | ("form",)
    dependencies: tuple[str, ...]           # the free questions it turns on (asked on this group)
    values: dict[tuple, Any]                # answers of ``dependencies`` -> the piece ([] / None where not shown)


@dataclass
class Group:
    """A walk with each free question at one answer: it stands for every answer of its free questions."""

    route: Route                            # the walk, free questions at their first answer
    facts: dict                             # the walk's facts at its outcome
    free: dict[str, tuple]                  # free question asked on this walk -> every answer it takes
    pieces: list[Piece] = field(default_factory=list)

    @property
    def size(self) -> int:
        """How many routes of the full enumeration it stands for."""
        count = 1
        for values in self.free.values():
            count *= len(values)
        return count

    def key(self) -> tuple:
        """Its answers without the free questions': the same for every route it stands for."""
        return tuple((qid, value) for qid, value in self.route.answers if qid not in self.free)

    def outcome(self, answers: Mapping[str, Any]) -> dict:
        """The engine's outcome for ``answers`` (one of the routes this group stands for), from its pieces; the
        "Your answers" list (``summary``) is the group's own."""
        outcome = self.route.outcome
        if outcome.get("kind") != "advice":
            return outcome
        found = {piece.key: piece.values[tuple(answers.get(q, SKIPPED) for q in piece.dependencies)]
                 for piece in self.pieces}
        return {**outcome,
                "contacts": [c for side in SIDES for c in found[("contacts", side)]],
                "duties": [found[k] for k in sorted(k for k in found if k[0] == "duty") if found[k] is not None],
                "instructions": [found[k] for k in sorted(k for k in found if k[0] == "instruction")
                                 if found[k] is not None],
                "form": found[("form",)]}

    def combinations(self, piece: Piece) -> Iterator[tuple[dict, Any]]:
        """Each combination of the piece's answers on this group, with the piece's value."""
        for values, value in piece.values.items():
            yield dict(zip(piece.dependencies, values)), value


def enumerate_groups(policy: Policy, today: date) -> Iterator[Group]:
    """Every group, depth first, in the order ``routes.enumerate_routes`` gives their routes."""
    free = set(free_questions(policy))
    stack = [(Walk(policy, today), (), {})]
    while stack:
        walk, answers, taken = stack.pop()
        if len(answers) > MAX_DEPTH:
            raise RouteError(f"more than {MAX_DEPTH} questions in a row: the questions loop")
        step = walk.next()
        if step["kind"] != "question":
            route = Route(answers, step, tuple((row["id"], row["question"], row["answer"]) for row in step["summary"]))
            group = Group(route, dict(walk.facts), taken)
            if step["kind"] == "advice":
                group.pieces = _pieces(policy, walk, step, taken)
            yield group
            continue
        question = walk.pending
        values = answer_values(question, walk, today)
        if question.id in free:
            taken = {**taken, question.id: tuple(values)}
            values = values[:1]
        children = []
        for value in values:
            child = walk.copy()
            errors = child.answer(question.id, value)
            if errors:
                raise RouteError(f"the engine refused its own answer {value!r} to {question.id}: {errors}")
            children.append((child, answers + ((question.id, value),), taken))
        stack.extend(reversed(children))


# --- the pieces of one group's advice -----------------------------------------------------------------------


def _help_questions(policy: Policy, contact_id: Optional[str]) -> set[str]:
    if not contact_id:
        return set()
    return {q for line in policy.contact(contact_id).help for q in questions_in(line.when)}


def dependencies(policy: Policy, key: tuple, stage, pathway) -> set[str]:
    """Every question a piece of the advice at ``stage`` can turn on (free or not)."""
    if key[0] == "contacts":
        side = key[1]
        entries = [e for e in stage.contacts if e.side in ((side, "both") if side != "partnership" else (side,))]
        found = {OWN_AGENCY} if side == "yours" else {OTHER_AGENCY} if side == "theirs" else set()
        for entry in entries:
            found |= questions_in(entry.when) | _help_questions(policy, entry.contact)
        return found
    if key[0] == "duty":
        duty = pathway.duties_for(stage)[key[1]]
        return questions_in(duty.when) | _help_questions(policy, duty.contact)
    if key[0] == "instruction":
        return questions_in(pathway.instructions_for(stage)[key[1]].when)
    return questions_in(stage.form_when)


def piece_keys(pathway, stage) -> list[tuple]:
    return ([("contacts", side) for side in SIDES] + [("duty", n) for n in range(len(pathway.duties_for(stage)))]
            + [("instruction", n) for n in range(len(pathway.instructions_for(stage)))] + [("form",)])


def _pieces(policy: Policy, walk: Walk, step: dict, free: Mapping[str, tuple]) -> list[Piece]:
    pathway = policy.pathway(step["pathway"]["id"])
    stage = pathway.stage(step["stage"]["id"])
    base = dict(walk.facts, pathway=pathway.id)
    pieces = []
    for key in piece_keys(pathway, stage):
        needs = tuple(q for q in free if q in dependencies(policy, key, stage, pathway))
        values = {}
        for combination in product(*(_answers_of(free[q], walk.facts[q]) for q in needs)):
            facts = dict(base, **dict(zip(needs, combination)))
            values[combination] = _value(policy, key, pathway, stage, step["outcome"], facts)
        pieces.append(Piece(key, needs, values))
    return pieces


def _answers_of(values: tuple, fact) -> tuple:
    return (SKIPPED,) if fact is SKIPPED else values


def _value(policy: Policy, key: tuple, pathway, stage, outcome: str, facts: dict):
    if key[0] == "contacts":
        return side_contacts(policy, stage, facts, key[1])
    if key[0] == "duty":
        return duty_json(policy, pathway.duties_for(stage)[key[1]], facts, pathway, stage)
    if key[0] == "instruction":
        return instruction_json(policy, pathway.instructions_for(stage)[key[1]], facts)
    return form_for(policy, stage, outcome, facts)


def full_size(groups) -> int:
    """How many routes the full enumeration would give."""
    return sum(group.size for group in groups)


# --- a group in words, for a spreadsheet ------------------------------------------------------------------


def group_summary(policy: Policy, group: Group) -> dict:
    """A group as one row: its answers (a free question as "any answer"), the routes it stands for, and each piece
    of its advice, a piece that varies with the answers given with the answers it holds for."""
    from .routes import contacts_text, duties_text, instructions_text, outcome_summary

    questions = {q.id: q for q in policy.questions}
    answers = " · ".join(f"{qid}: {'any answer' if qid in group.free else label}"
                         for qid, _, label in group.route.labels)
    summary = outcome_summary(group.route.outcome)
    row = {"answers": answers, "stands_for": group.size, **summary}
    if group.route.outcome.get("kind") != "advice":
        return row

    def words(piece: Piece, text) -> str:
        """The piece's texts, each with the answers it holds for where it does not hold for every answer."""
        holds: dict[str, list[str]] = {}
        for combination, value in group.combinations(piece):
            holds.setdefault(text(value), []).append(" and ".join(
                f"{qid}: {questions[qid].label_for(answer, policy.wording)}" for qid, answer in combination.items()))
        if len(holds) == 1:
            return next(iter(holds))
        return " ".join(f"[if {' or '.join(when)}] {shown}" for shown, when in holds.items() if shown)

    contacts = [words(p, contacts_text) for p in group.pieces if p.key[0] == "contacts"]
    duties = [words(p, lambda v: duties_text([v]) if v else "") for p in group.pieces if p.key[0] == "duty"]
    instructions = [words(p, lambda v: instructions_text([v]) if v else "") for p in group.pieces
                    if p.key[0] == "instruction"]
    row["contacts"] = "; ".join(c for c in contacts if c)
    row["duties"] = "; ".join(d for d in duties if d)
    row["instructions"] = "; ".join(i for i in instructions if i)
    return row
