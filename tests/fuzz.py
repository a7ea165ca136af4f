"""Random guided walks over a policy with valid and hostile answers (shared by the tests and benchmarks/fuzz_walks.py).

A walk answers each question the engine asks, usually with one of its options or a sensible date, sometimes with
something a clumsy or hostile user could send: other types, huge or control-character strings, dates in other
scripts' digits, out-of-range years. The engine must never raise: it answers with a question (and errors), advice or
a signpost.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from guide.engine.walk import AnswerError, Walk

HOSTILE = [None, 0, -1, 10**30, 3.5, True, [], ["yes"], {}, {"day": "1"}, "", " ", "yes" * 5000, "\x00\x0b\x0c\x07",
           "\ud800", "<script>alert(1)</script>", "../../etc/passwd", "9" * 25, "١٢", "²", "２０２６-１１-２０",
           {"day": "31", "month": "2", "year": "2026"}, {"day": "1", "month": "1", "year": "9999"},
           {"day": "1", "month": "1", "year": "0"}, {"day": "1" * 20, "month": "1", "year": "2026"},
           {"day": ["1"], "month": {"x": 1}, "year": None}, "2026-13-40", "9999-12-31", "0001-01-01",
           "25:61", "24:00", "5", "17:00pm", "٥pm", "１７:００", "17:00" + "0" * 5000]
KINDS = {"question", "advice", "signpost", "no-route"}


def random_answer(rng: random.Random, question: dict, today: date):
    if rng.random() < 0.15:
        return rng.choice(HOSTILE)
    if question["type"] == "date":
        day = today - timedelta(days=rng.randint(-3, 90))
        if rng.random() < 0.5:
            return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
        return day.isoformat()
    if question["type"] == "time" and rng.random() < 0.7:     # a time as typed; else "I do not know the time"
        return rng.choice(["17:00", "9:30", "5pm", "5:30pm", "17.00", "12am", "11:59 pm", "0:00"])
    options = question.get("options") or []
    return rng.choice(options)["value"] if options else "text"


def walk(policy, rng: random.Random, today: date, limit: int = 60) -> int:
    """One random walk. Returns the number of steps; raises on a crash or a malformed step."""
    walk = Walk(policy, today)
    for steps in range(1, limit + 1):
        step = walk.next()
        assert step["kind"] in KINDS, step
        if step["kind"] != "question":
            return steps
        question = step["question"]
        walk.answer(question["id"], random_answer(rng, question, today))
        if rng.random() < 0.02:   # sometimes an answer to a question that was never asked: refused, as documented
            try:
                walk.answer(rng.choice(["nonsense", question["id"] + ".x", ""]), rng.choice(HOSTILE))
            except AnswerError:
                pass
            else:
                raise AssertionError("an answer to a question not asked was accepted")
    return limit
