"""Decision tables from the enumerated routes, for people to review (standard library only).

Every route is a full combination of answers. Projected onto one part of the advice (where the answers lead, who to
contact, who to tell), most answers make no difference: rows that differ only in one question's answer and give the
same result are merged, until nothing more merges. A question whose answer never matters drops out of the table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Hashable, Iterable

from ..engine.routes import Route
from ..engine.workdays import short_date

NOT_ASKED = "(not asked)"



@dataclass
class DecisionTable:
    columns: list[tuple[str, str]]          # (question id, question text)
    rows: list[tuple[list[str], Hashable]]  # (one cell per column, result)
    routes: int
    examples: list[Route] = field(default_factory=list)   # for each row, one route it stands for


def _value_key(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


class RouteIndex:
    """The routes' answers, keyed by column, computed once for many tables.

    ``column`` maps a question (id, text) to a (column key, heading), so that questions asked in different routes
    for the same purpose (what happened at stage 1, at stage 2...) share one column.
    """

    def __init__(self, routes: Iterable[Route], today: date,
                 column: Callable[[str, str], tuple[str, str]] = lambda qid, text: (qid, text)):
        self.routes = list(routes)
        self.order: list[str] = []
        self.texts: dict[str, str] = {}
        self.labels: dict[tuple[str, str], str] = {}
        self.answer_sets: list[dict[str, str]] = []
        for route in self.routes:
            answers = {}
            for (qid, value), (_, text, label) in zip(route.answers, route.labels):
                key, heading = column(qid, text)
                if key not in self.texts:
                    self.order.append(key)
                    self.texts[key] = heading
                if isinstance(value, date):
                    label = short_date(value) + (" (today)" if value == today else f" ({(today - value).days} days ago)")
                self.labels[(key, _value_key(value))] = label
                answers[key] = _value_key(value)
            self.answer_sets.append(answers)

    def table(self, result: Callable[[Route], Hashable], where: Callable[[Route], bool] = lambda route: True) -> DecisionTable:
        """Merge the routes for which ``where`` holds into a table of the questions that matter for ``result``.

        "Any" in a cell means any answer, or that the question was not asked on those routes.
        """
        chosen = [(route, answers) for route, answers in zip(self.routes, self.answer_sets) if where(route)]
        order = [k for k in self.order if any(k in answers for _, answers in chosen)]
        domains: dict[str, frozenset[str]] = defaultdict(frozenset)
        rows: dict[tuple, Hashable] = {}
        for route, answers in chosen:
            for key in order:
                domains[key] |= {answers.get(key, NOT_ASKED)}
            rows[tuple(frozenset([answers.get(key, NOT_ASKED)]) for key in order)] = result(route)
        merged = _merge(list(rows.items()), len(order))
        for index in reversed(range(len(order))):
            if not _needed(index, merged):
                order = order[:index] + order[index + 1:]
                merged = _merge([(cells[:index] + cells[index + 1:], outcome) for cells, outcome in merged], len(order))
        keep = [i for i, key in enumerate(order) if any(cells[i] != domains[key] for cells, _ in merged)]
        table_rows = []
        for cells, outcome in merged:
            example = next(route for route, answers in chosen if result(route) == outcome and all(
                answers.get(key, NOT_ASKED) in cells[i] for i, key in enumerate(order)))
            shown = []
            for i in keep:
                values, key = cells[i], order[i]
                if values == domains[key]:
                    shown.append("Any")
                else:
                    rank = _sort_key(key, self.labels)
                    shown.append(" or ".join(self.labels.get((key, v), "not asked") for v in sorted(values, key=rank)))
            table_rows.append((shown, outcome, example))
        table_rows.sort(key=lambda row: [_row_rank(c) for c in row[0]])
        return DecisionTable([(order[i], self.texts[order[i]]) for i in keep],
                             [(shown, outcome) for shown, outcome, _ in table_rows], len(chosen),
                             [example for _, _, example in table_rows])


def decision_table(routes: Iterable[Route], result: Callable[[Route], Hashable], today: date,
                   column: Callable[[str, str], tuple[str, str]] = lambda qid, text: (qid, text)) -> DecisionTable:
    """One table from the routes (see RouteIndex)."""
    return RouteIndex(routes, today, column).table(result)


def _overlap(a: frozenset, b: frozenset) -> bool:
    """Whether a route could match both cells: a question not asked matches any answer."""
    return NOT_ASKED in a or NOT_ASKED in b or not a.isdisjoint(b)


def _needed(index: int, rows: list[tuple[tuple, Hashable]]) -> bool:
    """Whether dropping column ``index`` would let two rows with different results match the same answers."""
    for i, (cells_a, outcome_a) in enumerate(rows):
        for cells_b, outcome_b in rows[i + 1:]:
            if outcome_a == outcome_b:
                continue
            if all(_overlap(a, b) for j, (a, b) in enumerate(zip(cells_a, cells_b)) if j != index):
                return True
    return False


def _sort_key(qid, labels):
    order = {}
    for index, (key_qid, value) in enumerate(labels):
        if key_qid == qid:
            order.setdefault(value, index)
    return lambda value: order.get(value, 10_000)


def _row_rank(cell: str):
    return (cell == "Any", cell)


def _merge(rows: list[tuple[tuple, Hashable]], width: int) -> list[tuple[tuple, Hashable]]:
    """Merge rows that differ in one column only and share a result; repeat until nothing changes."""
    changed = True
    while changed:
        changed = False
        for column in range(width):
            groups: dict[tuple, list] = defaultdict(list)
            for cells, outcome in rows:
                key = (outcome, cells[:column] + cells[column + 1:])
                groups[key].append(cells[column])
            if len(groups) == len(rows):
                continue
            changed = True
            rows = []
            for (outcome, rest), values in groups.items():
                union = frozenset().union(*values)
                rows.append((rest[:column] + (union,) + rest[column:], outcome))
    return rows
