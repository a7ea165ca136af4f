"""A timescale whose words name a starting point its date is not counted from (an error).

The guide counts a deadline from one event (``counts_from``, see ``guide.engine.timing``): this stage raised (the
default), an earlier stage raised (``stage-raised`` with ``from_stage``), the escalation's start, or the response to
the previous stage. A ``starts:`` in words with no ``counts_from`` gives no date at all (``timing.counted``). What
is left to check is the words against the count: ``starts``, the source's ``wording`` and the ``quote`` of a
timescale may name a start ("within five working days of Step 1", "following receipt of feedback") that is not
the event its date counts from; the practitioner would then get a date counted from something else than the words
they read. And a ``starts`` that names an event the guide can date, with no ``counts_from``, gives no date where
it could: a warning says which ``counts_from`` to write.
"""

from __future__ import annotations

import re
from typing import Optional

from ...engine import timing

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_NUMBER = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b")
_UNIT = re.compile(r"\b(?:days?|hours?|weeks?|months?|period)\b([^.;:!?]{0,100})")
_RESPONSE = r"(?:responses?|feedback|reply|replies|answer)"
_GENERIC_RESPONSE = re.compile(
    r"\b(?:of|from|after|following|on|upon)\s+(?:the\s+)?(?:receipt\s+of|receiving|getting|having)\s+(?:the\s+|a\s+|their\s+)?"
    + _RESPONSE + r"|\b(?:after|following|from)\s+(?:the\s+|a\s+|their\s+)?" + _RESPONSE + r"\b")
_ESCALATION_START = re.compile(r"\b(?:start|beginning)\s+of\s+the\s+(?:escalation|process|dispute|disagreement)\b"
                               r"|\b(?:escalation|process)\s+(?:was\s+)?(?:started|starts|began|begins)\b"
                               r"|\bfirst\s+raised\b")
COUNTED_KINDS = timing.DAY_KINDS + ("hours",)


def normalise(text: str) -> str:
    """Lower case, one space, number words as digits ("Stage Two" and "stage 2" are the same)."""
    text = " ".join(str(text).lower().replace("\u2019", "'").split())
    return _NUMBER.sub(lambda m: str(NUMBER_WORDS[m.group(1)]), text)


def check(policy_file) -> tuple[list, list]:
    errors, warnings = [], []
    data = policy_file.data
    for pi, pathway in enumerate(data.get("pathways") or ()):
        if not isinstance(pathway, dict) or not isinstance(pathway.get("stages"), list):
            continue
        stages = [s for s in pathway["stages"] if isinstance(s, dict) and isinstance(s.get("id"), str)]
        for si, stage in enumerate(pathway["stages"]):
            if not isinstance(stage, dict) or stage not in stages:
                continue
            spath = ("pathways", pi, "stages", si)
            timed = [(spath + (key,), stage.get(key), False) for key in ("timescale", "raise_within")]
            timed += [(spath + ("actions", ai, "timescale"), action.get("timescale"), True)
                      for ai, action in enumerate(stage.get("actions") or ()) if isinstance(action, dict)]
            for path, timescale, action in timed:
                if isinstance(timescale, dict):
                    found = _check_timescale(policy_file, path, timescale, stage, stages, action)
                    if found:
                        (warnings if found.message.startswith("warning:") else errors).append(found)
    return errors, warnings


def _check_timescale(policy_file, path, timescale: dict, stage: dict, stages: list, action: bool):
    kind = timescale.get("kind")
    if kind not in COUNTED_KINDS and not (action and kind == "immediately"):
        return None
    named = _named_starts(timescale, stage, stages)
    counts_from = timescale.get("counts_from")
    counted = _counted_event(timescale, stage, stages)
    in_starts = [found for found in named if found[1] == ("starts",)]
    if isinstance(timescale.get("starts"), str) and counts_from == timing.RAISED and not in_starts:
        # `starts` says the clock starts with something else than this stage being raised
        return policy_file.problem(path + ("counts_from",), (
            f"`starts` (“{_short(timescale['starts'])}”) says the clock starts with something else than this stage "
            f"being raised, but `counts_from: raised` counts the date from {_words(counted, stage, stages)}: name "
            "the event the words mean in `counts_from`, or remove `counts_from` (then the guide gives no date)"),
            at_key=True)
    if isinstance(timescale.get("starts"), str) and counts_from and not in_starts:
        return policy_file.problem(path + ("starts",), (
            f"warning: the words shown come from `starts` (“{_short(timescale['starts'])}”) and the date from "
            f"`counts_from` ({_words(counted, stage, stages)}): check that they name the same event; if the guide "
            "cannot date it, remove `counts_from` (then no date is given)"))
    if not named:
        return None
    (event, text_path, snippet) = named[0]
    if counted is None:
        if not in_starts:
            return None
        (event, text_path, snippet) = in_starts[0]
        fix = _fix(event, stage, stages)
        if fix is None:
            return None
        return policy_file.problem(path + ("starts",), (
            f"warning: `starts` names {_words(event, stage, stages)} (“{snippet}”), which the guide can date, but "
            f"with no `counts_from` the guide gives no date for this timescale: write {fix}"))
    if any(found == counted for found, _, _ in named):
        return None
    fix = _fix(event, stage, stages)
    fix = (f"write {fix}, so that the date counts from what the words say, or correct the words" if fix else
           "the guide can count only from a stage being raised or the previous stage's response: correct the "
           "words, or give the start in `starts` with no `counts_from` (then no date is given)")
    where = path + (("counts_from",) if counts_from else text_path)
    return policy_file.problem(where, (
        f"the words of this timescale count from {_words(event, stage, stages)} (“{snippet}”), but its date is "
        f"counted from {_words(counted, stage, stages)}: {fix}"), at_key=bool(counts_from))


def _texts(timescale: dict) -> list[tuple[tuple, str, bool]]:
    """The words of a timescale that may name its start, each with the key (and index) it is under."""
    found = []
    if isinstance(timescale.get("starts"), str):
        found.append((("starts",), timescale["starts"], True))
    if isinstance(timescale.get("wording"), str):
        found.append((("wording",), timescale["wording"], False))
    quote = timescale.get("quote")
    if isinstance(quote, str):
        found.append((("quote",), quote, False))
    elif isinstance(quote, list):
        found += [(("quote", i), q, False) for i, q in enumerate(quote) if isinstance(q, str)]
    return found


def _named_starts(timescale: dict, stage: dict, stages: list) -> list[tuple[tuple, tuple, str]]:
    """Each event the words of a timescale name as its start: (event, where the words are, the words)."""
    result = []
    position = stages.index(stage)
    previous = stages[position - 1]["id"] if position else None
    for key, text, whole in _texts(timescale):
        # a `starts` is the start itself ("the start of Step 1"), read as if after "of"
        pieces = ["of " + normalise(text)] if whole else [m.group(0) for m in _UNIT.finditer(normalise(text))]
        for piece in pieces:
            for event, snippet in _events_in(piece, stages, previous):
                result.append((event, key, snippet[3:] if whole and snippet.startswith("of ") else snippet))
    return result


def _events_in(piece: str, stages: list, previous: Optional[str]):
    """(("raised" or "response", stage id), the words) for each start the piece of text names."""
    labels = []
    for s in stages:
        label = normalise(s.get("label") or "")
        if label and re.search(r"\d", label):
            labels.append((s["id"], re.escape(label)))
    for sid, label in labels:
        response = re.search(rf"\b{_RESPONSE}\s+(?:to|from|at|on)\s+(?:the\s+)?{label}\b", piece)
        if response:
            yield ("response", sid), response.group(0)
            continue
        # "of Step 1", "from the start of Step 1", "from the day Step 1 begins", "of the date stage 1 was raised";
        # not a form ("of the stage 1 form") nor its end ("from the day Step 1 ends" is not its being raised)
        raised = re.search(rf"\b(?:of|from|after|following|since)\s+(?:the\s+)?(?:(?:start|beginning|raising|opening)"
                           rf"\s+(?:of\s+)?(?:the\s+)?|(?:day|date)\s+(?:on\s+which\s+|that\s+|when\s+)?(?:the\s+)?)?"
                           rf"{label}\b(?!\s+(?:escalation\s+)?(?:alert\s+)?(?:form|proforma))"
                           rf"(?!\s+(?:is\s+|was\s+|has\s+been\s+)?(?:ends?|ended|closes?|closed|concludes?|concluded"
                           rf"|finish(?:es)?|finished|completed?|resolved)\b)",
                           piece)
        if raised:
            yield ("raised", sid), raised.group(0)
    generic = _GENERIC_RESPONSE.search(piece)
    if generic and previous is not None:
        yield ("response", previous), generic.group(0)
    start = _ESCALATION_START.search(piece)
    if start and stages:
        yield ("raised", stages[0]["id"]), start.group(0)


def _counted_event(timescale: dict, stage: dict, stages: list) -> Optional[tuple[str, str]]:
    """The event the guide counts this timescale's date from, as ("raised" or "response", stage id); None if it
    gives no date (a start in words only)."""
    counts_from = timescale.get("counts_from")
    if timescale.get("starts") and counts_from is None:
        return None
    position = stages.index(stage)
    if counts_from == timing.STAGE_RAISED and isinstance(timescale.get("from_stage"), str):
        return ("raised", timescale["from_stage"])
    if counts_from == timing.ESCALATION_STARTED:
        return ("raised", stages[0]["id"])
    if counts_from == timing.PREVIOUS_RESPONSE and position:
        return ("response", stages[position - 1]["id"])
    return ("raised", stage["id"])


def _label(stages: list, sid: str) -> str:
    return next((str(s.get("label") or sid) for s in stages if s.get("id") == sid), sid)


def _words(event: tuple[str, str], stage: dict, stages: list) -> str:
    what, sid = event
    if what == "response":
        return f"the response to {_label(stages, sid)}"
    if sid == stage["id"]:
        return f"this stage ({_label(stages, sid)}) being raised"
    return f"{_label(stages, sid)} being raised"


def _fix(event: tuple[str, str], stage: dict, stages: list) -> Optional[str]:
    """The ``counts_from`` that counts from ``event``, in words; None if the guide cannot count from it."""
    what, sid = event
    ids = [s["id"] for s in stages]
    position = ids.index(stage["id"])
    if sid not in ids:
        return None
    if what == "response":
        return "`counts_from: previous-response`" if position and ids[position - 1] == sid else None
    if ids.index(sid) > position:
        return None
    if sid == stage["id"]:
        return "`counts_from: raised` (or no `counts_from` and no `starts`)"
    extra = " (or `counts_from: escalation-started`)" if ids.index(sid) == 0 else ""
    return f"`counts_from: stage-raised` with `from_stage: {sid}`{extra}"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
