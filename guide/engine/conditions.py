"""Conditions on a practitioner's answers, as written in a policy file (standard library only).

A condition is a mapping: ``{question-id: value}`` or ``{question-id: [value, ...]}``; several keys must all hold.
``any``, ``all`` and ``not`` combine conditions. The key ``pathway`` tests the pathway the answers lead to.

Evaluation is three-valued: ``True``, ``False`` or ``None`` (unknown). An answer of "I'm not sure" (``not-sure``)
or a question not yet answered makes a test unknown, so the guide can say "check whether ..." instead of
guessing. A question that was not asked because it did not apply makes a test false.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

NOT_SURE = "not-sure"


class _Skipped:
    """The answer to a question that was not asked because it did not apply."""

    def __repr__(self) -> str:
        return "SKIPPED"


SKIPPED = _Skipped()
COMBINATORS = ("any", "all", "not")


def condition_keys(condition: Any, path: tuple = ()) -> Iterator[tuple[tuple, str, Any]]:
    """Every ``(path, question-id, expected value)`` test inside a condition."""
    if not isinstance(condition, Mapping):
        return
    for key, value in condition.items():
        if key in ("any", "all") and isinstance(value, list):
            for index, part in enumerate(value):
                yield from condition_keys(part, path + (key, index))
        elif key == "not":
            yield from condition_keys(value, path + (key,))
        else:
            yield path + (key,), key, value


def evaluate(condition: Mapping | None, facts: Mapping[str, Any]) -> bool | None:
    """True, False, or None when it depends on something not known."""
    if condition is None:
        return True
    results = []
    for key, value in condition.items():
        if key == "any":
            results.append(_any(evaluate(part, facts) for part in value))
        elif key == "all":
            results.append(_all(evaluate(part, facts) for part in value))
        elif key == "not":
            inner = evaluate(value, facts)
            results.append(None if inner is None else not inner)
        else:
            results.append(_test(key, value, facts))
    return _all(results)


def _test(key: str, expected: Any, facts: Mapping[str, Any]) -> bool | None:
    wanted = expected if isinstance(expected, list) else [expected]
    if key not in facts:
        return None
    actual = facts[key]
    if actual is SKIPPED:
        return False
    if actual == NOT_SURE and NOT_SURE not in wanted:
        return None
    return actual in wanted


def _all(values) -> bool | None:
    unknown = False
    for value in values:
        if value is False:
            return False
        if value is None:
            unknown = True
    return None if unknown else True


def _any(values) -> bool | None:
    unknown = False
    for value in values:
        if value is True:
            return True
        if value is None:
            unknown = True
    return None if unknown else False


def questions_in(condition: Mapping | None) -> set[str]:
    return {key for _, key, _ in condition_keys(condition)} if condition else set()
