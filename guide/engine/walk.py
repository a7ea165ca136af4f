"""The decision engine: a policy and a practitioner's answers in, the next question or the advice out.

Standard library only; the same code runs in CPython and in the browser under Pyodide. Everything the engine says
comes from the policy model that the manual renders: it adds no rule of its own.

Answers are a mapping from question id to answer. Choice and yes/no answers are option values ("yes", "no",
"not-sure", "kent-police"); dates are "YYYY-MM-DD" or {"day": .., "month": .., "year": ..} as typed; times as typed ("17:00", "5pm") or
"not-known".

Besides the questions a policy declares, the engine asks how far the escalation has got, with the policy's
own wording (``progress`` in the policy file). Their ids are derived from the pathway and stage ids:

- ``<pathway>.reached``: the last stage taken, or ``none``;
- ``<pathway>.<stage>.response``: ``resolved``, ``not-resolved`` or ``none``;
- ``<pathway>.<stage>.raised-on``: the date that stage was raised;
- ``<pathway>.<stage>.used``: whether an earlier stage that a later one requires was used;
- ``<pathway>.<stage>.response-on``: the date the response to that stage came, where the next stage's time counts
  from it;
- ``<pathway>.<stage>.raise-on``: the date the practitioner raises that stage, the one the guide sends them to;
- ``<pathway>.<stage>.raised-at``, ``.raise-at``, ``.response-at``: the time of day of the same events, asked after
  their date only where a deadline counts clock hours from them (``timing``): "17:00", "5pm", or ``not-known``
  ("I do not know the time": the hours then count from the start of that day, and the advice says so).

Each id names the stage it is about, so an answer is only ever taken for the question it was given to: a practitioner
who changes an earlier answer (the page replays every answer kept) is asked again about a stage they have not dated.
Records made before the stage was in this id carry ``<pathway>.raise-on``; ``record_data`` reads them.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any, Mapping, Optional

from . import timing
from .conditions import NOT_SURE, SKIPPED, evaluate, questions_in
from .model import Option, Pathway, Policy, Question, Quote, Stage, Timescale
from .timing import NOT_KNOWN, PREVIOUS_RESPONSE, Event
from .wording import DEFAULT, Wording
from .workdays import WorkingCalendar, long_date, short_date

IMMEDIATE_RISK = "immediate-risk"
OWN_AGENCY = "own-agency"
OTHER_AGENCY = "other-agency"
RESPONSES = ("resolved", "not-resolved", "none")
PER_STAGE = ("response", "raised-on", "used", "response-on", "raise-on",   # ``<pathway>.<stage>.<part>`` questions
             "raised-at", "response-at", "raise-at")
_UNDECIDED = object()


class AnswerError(ValueError):
    """An answer that cannot be used (for the command line: unknown question or option, malformed date)."""


# --- public -------------------------------------------------------------------------------------------------


def next_step(policy: Policy, answers: Mapping[str, Any], today: date | str | None = None,
              submitted: Optional[str] = None) -> dict:
    """The next question to ask (with any errors in the answer given to it) or the outcome.

    Returns a JSON-ready dict with ``kind`` of ``question``, ``signpost`` or ``advice``, and ``summary``: the
    questions answered so far with their answers, for a "Your answers" list. ``submitted`` is the id of the
    question the practitioner has just answered: if its answer is blank, the step carries the error ("Enter the
    date ...") instead of simply asking again.
    """
    return replay(policy, answers, today, submitted)[1]


def replay(policy: Policy, answers: Mapping[str, Any], today: date | str | None = None,
           submitted: Optional[str] = None) -> tuple[Walk, dict]:
    """The walk after every usable answer, and the step it stops at: the outcome, the first unanswered question,
    or the first answer that cannot be used (with its errors; see ``next_step``).

    Answers that are not a mapping (a list, a number, null: JSON the page could never send) are read as none, and
    the first question carries the error; no answer makes this raise."""
    walk = Walk(policy, _as_date(today))
    unreadable = None
    if not isinstance(answers, Mapping):
        answers, unreadable = {}, [_error("unreadable", walk.wording("error.answers_unreadable"))]
    while True:
        step = walk.next()
        if step["kind"] != "question":
            return walk, step
        if unreadable:
            return walk, walk.question_step(walk.pending, errors=unreadable)
        qid = walk.pending.id
        raw = answers.get(qid)
        if _blank(raw) and qid != submitted:
            return walk, step
        errors = walk.answer(qid, raw)
        if errors and submitted is not None and qid != submitted and {e["code"] for e in errors} == {"invalid-option"}:
            # Kept from before the practitioner changed an earlier answer, and no longer offered (a stage that does
            # not apply now): asked afresh, with no error about something they did not just give.
            return walk, step
        if errors:
            return walk, walk.question_step(walk.pending, errors=errors, value=raw)


def question_ids(policy: Policy) -> set[str]:
    """Every question id the engine may ask for this policy (declared and progress questions)."""
    ids = {q.id for q in policy.questions}
    for pathway in policy.pathways:
        ids.add(f"{pathway.id}.reached")
        for stage in pathway.stages:
            ids |= {f"{pathway.id}.{stage.id}.{part}" for part in PER_STAGE}
    return ids


# --- the walk -----------------------------------------------------------------------------------------------


class Walk:
    """The state of one walk through the questions. Copy it to branch (see ``guide.routes``)."""

    def __init__(self, policy: Policy, today: date):
        self.policy = policy
        self.wording = policy.wording
        self.today = today
        self.calendar = WorkingCalendar(policy.bank_holidays, policy.bank_holiday_years)
        self.facts: dict[str, Any] = {}   # question id -> option value, parsed date, text, or SKIPPED
        self.order: list[str] = []        # answered question ids, in the order asked
        self.questions: dict[str, Question] = {}
        self.pending: Optional[Question] = None

    def copy(self) -> "Walk":
        other = Walk.__new__(Walk)
        other.policy, other.today, other.calendar, other.wording = self.policy, self.today, self.calendar, self.wording
        other.facts, other.order = dict(self.facts), list(self.order)
        other.questions, other.pending = dict(self.questions), self.pending
        return other

    # --- answering ---

    def answer(self, qid: str, raw: Any) -> list[dict]:
        """Record the answer to the pending question. Returns errors (then nothing is recorded)."""
        question = self.pending
        if question is None or question.id != qid:
            raise AnswerError(f"`{qid}` is not the question being asked")
        value, errors = self._parse(question, raw)
        if errors:
            return errors
        self.facts[qid] = value
        self.order.append(qid)
        self.pending = None
        return []

    def _parse(self, question: Question, raw: Any) -> tuple[Any, list[dict]]:
        if question.type in ("choice", "yes-no"):
            values = [o.value for o in question.answer_options(self.wording)]
            if raw in values:
                return raw, []
            if _blank(raw):
                message = question.error or self.wording("error.select_yes_no" if question.type == "yes-no"
                                                         else "error.select_answer")
                return None, [_error("missing", message)]
            return None, [_error("invalid-option", f"`{_shown(raw)}` is not an answer to this question; choose one of: "
                                 + ", ".join(values))]
        if question.type == "date":
            return self._parse_date(question, raw)
        if question.type == "time":
            return self._parse_time(question, raw)
        text = raw.strip() if isinstance(raw, str) else ""
        if not text:
            return None, [_error("missing", question.error or self.wording("error.enter_answer"))]
        return text, []

    def _stage_asked(self, question: Question, part: str) -> Optional[Stage]:
        """The stage a ``<pathway>.<stage>.<part>`` question is about; None for any other question (a declared
        question's id has no dot)."""
        pathway_id, _, rest = question.id.partition(".")
        if not rest.endswith("." + part):
            return None
        return self.policy.pathway(pathway_id).stage(rest[: -len(part) - 1])

    def _date_subject(self, question: Question) -> str:
        """How an error message names the date: "the date Stage 2 was raised"."""
        for part, key in (("raised-on", "date.subject.raised"), ("raise-on", "date.subject.raising"),
                          ("response-on", "date.subject.response")):
            stage = self._stage_asked(question, part)
            if stage is not None:
                return self.wording(key, stage=stage.label)
        return self.wording("date.subject.any")

    def _time_subject(self, question: Question) -> str:
        """How an error message names the time: "the time Step 4 was raised"."""
        for part, key in (("raised-at", "time.subject.raised"), ("raise-at", "time.subject.raising"),
                          ("response-at", "time.subject.response")):
            stage = self._stage_asked(question, part)
            if stage is not None:
                return self.wording(key, stage=stage.label)
        return self.wording("time.subject.any")

    def _parse_time(self, question: Question, raw: Any) -> tuple[Any, list[dict]]:
        """A time of day as typed (``timing.parse_time``), or "I do not know the time"."""
        if raw == NOT_KNOWN:
            return NOT_KNOWN, []
        what = self._time_subject(question)
        if _blank(raw) or isinstance(raw, Mapping):
            return None, [_error("missing", self.wording("time.error.enter", what=what), "time")]
        at = timing.parse_time(raw)
        if at is None:
            return None, [_error("invalid-time", self.wording("time.error.real", what=what), "time")]
        return at, []

    def _parse_date(self, question: Question, raw: Any) -> tuple[Any, list[dict]]:
        what = self._date_subject(question)
        day, errors = parse_date(raw, what, self.wording)
        if errors:
            return None, errors
        stage = self._stage_asked(question, "raised-on")
        if stage is not None and day > self.today:
            return None, [_error("future", self.wording("date.error.future", stage=stage.label), "day")]
        if stage is not None:
            # An earlier stage, asked for because a deadline counts from it: not after a later stage was raised.
            pathway = self.policy.pathway(question.id.partition(".")[0])
            for later in pathway.stages[pathway.stages.index(stage) + 1:]:
                raised = self.facts.get(f"{pathway.id}.{later.id}.raised-on")
                if isinstance(raised, date) and day > raised:
                    return None, [_error("too-late", self.wording("date.error.after_later", stage=stage.label,
                                                                  date=short_date(raised), later=later.label), "day")]
        stage = self._stage_asked(question, "response-on")
        if stage is not None:
            if day > self.today:
                return None, [_error("future", self.wording("date.error.response_future", stage=stage.label), "day")]
            raised = self.facts.get(f"{question.id.partition('.')[0]}.{stage.id}.raised-on")
            if isinstance(raised, date) and day < raised:
                return None, [_error("too-early", self.wording("date.error.before_raised", date=short_date(raised),
                                                               stage=stage.label), "day")]
        if self._stage_asked(question, "raise-on") is not None:
            earliest = self._last_raised_on()
            if earliest and day < earliest:
                return None, [_error("too-early", self.wording("date.error.too_early", date=short_date(earliest)),
                                     "day")]
        return day, []

    def _last_raised_on(self) -> Optional[date]:
        dates = [v for k, v in self.facts.items() if k.endswith(".raised-on") and isinstance(v, date)]
        return max(dates) if dates else None

    # --- what comes next ---

    def next(self) -> dict:
        """The pending question, or the outcome once every needed question is answered."""
        policy = self.policy
        for question in policy.questions:
            if question.id in self.facts:
                continue
            route = self._route()
            if route is not _UNDECIDED and route is not None and route.signpost:
                return self._signpost_step(route.signpost)
            facts = self._facts_with_pathway(route)
            if evaluate(question.ask_when, facts) is False:
                self.facts[question.id] = SKIPPED
                continue
            return self._ask(question)
        route = self._route(final=True)
        if route is None:
            return self._finish({"kind": "no-route", "message": self.wording("outcome.no_route")})
        if route.signpost:
            return self._signpost_step(route.signpost)
        return self._progress(policy.pathway(route.pathway))

    def _route(self, final: bool = False):
        for route in self.policy.routes:
            holds = evaluate(route.when, self.facts)
            if holds is True:
                return route
            if holds is None and not final:
                return _UNDECIDED
        return None

    def _facts_with_pathway(self, route) -> dict:
        if route is _UNDECIDED or route is None or not route.pathway:
            return self.facts
        return dict(self.facts, pathway=route.pathway)

    def _ask(self, question: Question) -> dict:
        self.pending = question
        self.questions[question.id] = question
        return self.question_step(question)

    def question_step(self, question: Question, errors: list | None = None, value: Any = None) -> dict:
        return self._finish({
            "kind": "question",
            "question": _question_json(question, self.today, self.wording),
            "errors": errors or [],
            "value": value,
        })

    def _finish(self, step: dict) -> dict:
        step["summary"] = self.summary()
        return step

    def summary(self) -> list[dict]:
        rows = []
        for qid in self.order:
            question = self.questions[qid]
            value = self.facts[qid]
            answer = short_date(value) if isinstance(value, date) else value.strftime("%H:%M") if isinstance(
                value, time) else (question.label_for(value, self.wording)
                                   if question.type in ("choice", "yes-no", "time") else value)
            rows.append({"id": qid, "question": question.text, "answer": answer})
        return rows

    # --- progress through a pathway's stages ---

    def _progress(self, pathway: Pathway) -> dict:
        facts = dict(self.facts, pathway=pathway.id)
        stages = [s for s in pathway.stages if evaluate(s.when, facts) is not False]
        wording = self.policy.progress
        reached_id = f"{pathway.id}.reached"
        if reached_id not in self.facts:
            options = (Option("none", pathway.not_started or wording.reached_none),) + tuple(
                Option(s.id, s.name, s.group.title if s.group else None) for s in stages)
            return self._ask(Question(reached_id, "choice", wording.reached.text, wording.reached.hint, options,
                                      error=self.wording("error.select_reached")))
        reached = self.facts[reached_id]
        previous: Optional[Stage] = None
        overdue: Optional[date] = None
        raised_on: Optional[date] = None
        if reached == "none":
            target = stages[0]
        else:
            previous = pathway.stage(reached)
            response_id = f"{pathway.id}.{previous.id}.response"
            if response_id not in self.facts:
                text = _fill(wording.response.text, previous)
                options = (Option("resolved", wording.response_resolved),
                           Option("not-resolved", wording.response_not_resolved),
                           Option("none", wording.response_none))
                return self._ask(Question(response_id, "choice", text, _fill(wording.response.hint, previous), options,
                                          error=self.wording("error.select_response")))
            response = self.facts[response_id]
            if previous.timescale.computable:
                raised_id = f"{pathway.id}.{previous.id}.raised-on"
                if raised_id not in self.facts:
                    return self._ask(Question(raised_id, "date", _fill(wording.raised_on.text, previous),
                                              _fill(wording.raised_on.hint, previous)))
                raised_on = self.facts[raised_id]
            if response == "resolved":
                return self._advice(pathway, stages, previous, "resolved", raised_on=raised_on)
            if response == "none":
                # A timescale counted from the response to the stage before this one counts from it while waiting
                # too: the guide asks when that response came, as it does when this stage is raised.
                before = stages[stages.index(previous) - 1] if stages.index(previous) > 0 else None
                due, step, start = self._deadline(pathway, stages, previous, previous.timescale, waiting=True,
                                                  previous=before)
                if step is not None:
                    return step
                if due is None or self.today <= due.day:
                    actions, step = self._actions(pathway, stages, previous, waiting=True, previous=before)
                    if step is not None:
                        return step
                    if raised_on is None and actions:   # asked for a timed action, where the response has no date
                        known = self.facts.get(f"{pathway.id}.{previous.id}.raised-on")
                        raised_on = known if isinstance(known, date) else None
                    return self._advice(pathway, stages, previous, "waiting", raised_on=raised_on, deadline=due,
                                        actions=actions, start=start)
                overdue = due.day
            position = stages.index(previous)
            if position + 1 >= len(stages):
                return self._advice(pathway, stages, previous, "end", raised_on=raised_on, overdue=overdue,
                                    previous=previous)
            target = stages[position + 1]

        # Each stage that the target requires, and each that the stage already taken required ("Both stages 1
        # and 2 must be utilised before going to stage 3" still holds for a practitioner at stage 3 going on).
        blocked_by, rule = None, None
        for requiring in [s for s in (previous, target) if s is not None and s.requires]:
            for stage_id in requiring.requires.stages:
                stage = pathway.stage(stage_id)
                if stage not in stages or (previous is not None and stage.id == previous.id):
                    continue
                used_id = f"{pathway.id}.{stage.id}.used"
                if used_id not in self.facts:
                    question = Question(used_id, "yes-no", _fill(wording.used.text, stage),
                                        _fill(wording.used.hint, stage, rule=requiring.requires.wording),
                                        error=self.wording("error.select_used", stage=stage.label))
                    return self._ask(question)
                if self.facts[used_id] == "no" and blocked_by is None:
                    blocked_by, rule = stage, requiring.requires
        wanted = target
        if blocked_by is not None:
            target = blocked_by
        counts_from_response = (blocked_by is None and previous is not None
                                and self.facts.get(f"{pathway.id}.{previous.id}.response") == "not-resolved")
        deadline, step, start = self._deadline(pathway, stages, target, target.timescale, previous=previous,
                                               from_response=counts_from_response)
        if step is not None:
            return step
        actions, step = self._actions(pathway, stages, target, previous=previous, from_response=counts_from_response)
        if step is not None:
            return step
        # The day it is raised, where the guide asked it. A deadline counted from the previous stage's response asks
        # that day instead: it is what the deadline counts from ("counted_from"), not the day to start the stage.
        raise_on = self.facts.get(f"{pathway.id}.{target.id}.raise-on")
        raise_on = raise_on if isinstance(raise_on, date) else None
        return self._advice(pathway, stages, target, "raise", raised_on=raise_on, deadline=deadline,
                            overdue=overdue, previous=previous, blocked=(wanted, blocked_by, rule) if blocked_by else None,
                            actions=actions, start=start)

    # --- deadlines: each counted from the event its words name (``timing``) ---

    def _event(self, pathway: Pathway, stages: list[Stage], stage: Stage, timescale: Timescale, *,
               previous: Optional[Stage] = None, from_response: bool = False, waiting: bool = False) -> Event:
        """The event a timescale of ``stage`` counts from on this walk. A timescale counted from the previous
        stage's response counts from that response when the practitioner goes on from the previous stage without
        agreement, or waits at this stage (``previous`` is then the stage before it); where there is no such
        response (the first stage, a stage sent back to, a previous stage that got no response), from its own stage
        raised, as the guide has always counted it."""
        found = timing.event(timescale, stage.id, tuple(s.id for s in stages), previous.id if previous else None)
        if found.kind == PREVIOUS_RESPONSE and ((not waiting and not from_response) or found.stage is None):
            return timing.Event(timing.RAISED, stage.id)
        return found

    def _event_day(self, pathway: Pathway, event: Event, stage: Stage, waiting: bool, with_time: bool = False):
        """The day of ``event`` from the answers, or the question that asks for it: (day, None) or (None, step).
        ``with_time`` (a count of clock hours): ((day, its time or None where not known), None), asking the time
        after the date."""
        p = self.policy.progress
        if event.kind == PREVIOUS_RESPONSE:
            previous = pathway.stage(event.stage)
            qid = f"{pathway.id}.{previous.id}.response-on"
            question = Question(qid, "date", self.wording("progress.response_on", stage=previous.label),
                                self.wording("progress.response_on.hint"))
        elif event.stage == stage.id and not waiting:
            qid = f"{pathway.id}.{stage.id}.raise-on"
            question = Question(qid, "date", _fill(p.raise_on.text, stage), _fill(p.raise_on.hint, stage))
        else:
            raised = pathway.stage(event.stage)
            qid = f"{pathway.id}.{raised.id}.raised-on"
            question = Question(qid, "date", _fill(p.raised_on.text, raised), _fill(p.raised_on.hint, raised))
        if qid not in self.facts:
            return None, self._ask(question)
        day = self.facts[qid]
        day = day if isinstance(day, date) else None
        if not with_time:
            return day, None
        if day is None:
            return (None, None), None
        part = qid.rpartition(".")[2]
        time_id = qid[: -len(part)] + timing.TIME_PARTS[part]
        if time_id not in self.facts:
            stage_label = (pathway.stage(event.stage) if event.stage else stage).label
            key = {"raised-on": "progress.raised_at", "raise-on": "progress.raise_at",
                   "response-on": "progress.response_at"}[part]
            return None, self._ask(Question(
                time_id, "time", self.wording(key, stage=stage_label), self.wording("progress.time.hint"),
                (Option(NOT_KNOWN, self.wording("time.not_known"), self.wording("time.not_known.hint")),)))
        at = self.facts[time_id]
        return (day, at if isinstance(at, time) else None), None

    def _deadline(self, pathway: Pathway, stages: list[Stage], stage: Stage, timescale: Timescale, action=False,
                  **how):
        """When ``timescale`` of ``stage`` falls: (Due or None, None, the event and its day), or (None, the question
        for its event's day, None)."""
        if not (timescale.computable or (action and timescale.kind == "immediately")):
            return None, None, None
        event = self._event(pathway, stages, stage, timescale, **how)
        hours = timing.needs_time(timescale)
        day, step = self._event_day(pathway, event, stage, how.get("waiting", False), with_time=hours)
        if step is not None:
            return None, step, None
        day, at = day if hours else (day, None)
        count = timing.action_due if action else timing.due
        return (count(self.calendar, day, timescale, at) if day else None), None, (event, day, at)

    def _actions(self, pathway: Pathway, stages: list[Stage], stage: Stage, **how):
        """Each timed action of ``stage`` with its words and its date: (list, None), or (None, a question)."""
        result = []
        for action in stage.actions:
            due, step, _ = self._deadline(pathway, stages, stage, action.timescale, action=True, **how)
            if step is not None:
                return None, step
            result.append({"id": action.id, "action": action.action,
                           "timescale": _timescale_json(action.timescale, self.wording, self.policy, action.quote,
                                                        _start_of_day(due)),
                           "deadline": _date_json(due, self.wording)})
        return result, None

    def _counted_from(self, pathway: Pathway, stage: Stage, start) -> Optional[dict]:
        """The event a deadline counts from, in words with its date, where it is not the stage's own raising (or
        the response before it, as the guide has always counted): "Step 1 raised on Monday 30 November 2026"."""
        if not start:
            return None
        event, day, at = start
        if event.kind == PREVIOUS_RESPONSE and isinstance(day, date) and event.stage:
            return {"stage": event.stage, "date": day.isoformat(), "response": True,
                    "text": self.wording("deadline.from.response", stage=pathway.stage(event.stage).label,
                                         date=_moment_text(day, at, self.wording))}
        if event.kind != timing.RAISED or event.stage == stage.id or not isinstance(day, date):
            return None
        return {"stage": event.stage, "date": day.isoformat(),
                "text": self.wording("deadline.from.raised", stage=pathway.stage(event.stage).label,
                                     date=_moment_text(day, at, self.wording))}

    def _counted_days(self, timescale: dict, deadline, start) -> dict:
        """A count of working days from a day that is not one (a weekend, a bank holiday) starts from the next
        working day (``workdays.add_working_days``): a rule of the guide, not of the policy, so the words under the
        date say it, with both days."""
        day = start[1] if start else None
        if timescale["kind"] == "working-days" and deadline is not None and isinstance(day, date) \
                and not self.calendar.is_working_day(day):
            first = self.calendar.first_working_day(day)
            if first is not None:
                timescale["counting"] += " " + self.wording("guide.deadline.day_off", day=long_date(day),
                                                            first=long_date(first))
        return timescale

    def _untimed_wait(self, stage: Stage, dated_actions: bool = False) -> str:
        """Waiting with no date to wait until: what the policy says of the time, when to follow it up, and that the
        child's safety does not wait (the policy's own immediate-risk rule). Where the stage's timed actions have
        dates, the first sentence says that those dates are theirs, not a response's."""
        w, timescale = self.wording, stage.timescale
        first = (w("notice.untimed.none_actions" if dated_actions else "notice.untimed.none", stage=stage.label)
                 if timescale.kind == "not-stated"
                 else w("notice.untimed.not_counted", stage=stage.label, timescale=timescale.describe(w)))
        follow = (w("notice.untimed.follow_up_words", words=timescale.wording.strip().rstrip("."))
                  if timescale.wording else w("notice.untimed.follow_up"))
        return " ".join((first, follow, w("waiting.safety", rule=self.policy.immediate_risk.summary)))

    # --- outcomes ---

    def _signpost_step(self, signpost_id: str) -> dict:
        policy = self.policy
        if signpost_id == IMMEDIATE_RISK:
            rule = policy.immediate_risk
            signpost = {"id": IMMEDIATE_RISK, "title": rule.summary, "instruction": rule.instruction,
                        "hint": rule.hint, "source": rule.source, "manual": "#immediate-risk",
                        "why": why(policy, rule.quote)}
        else:
            s = policy.signpost(signpost_id)
            signpost = {"id": s.id, "title": s.title, "instruction": s.instruction, "hint": s.hint,
                        "source": s.source, "manual": f"when-to-use/#{s.id}", "why": why(policy, s.quote)}
        return self._finish({"kind": "signpost", "signpost": signpost})

    def _advice(self, pathway: Pathway, stages: list[Stage], stage: Stage, outcome: str, *,
                raised_on: Optional[date] = None, deadline: Optional[date] = None, overdue: Optional[date] = None,
                previous: Optional[Stage] = None, blocked=None, actions: Optional[list] = None, start=None) -> dict:
        policy = self.policy
        facts = dict(self.facts, pathway=pathway.id)
        w = self.wording
        notices = []
        if overdue is not None and previous is not None:
            notices.append({"kind": "overdue", "text": (
                w("notice.overdue", previous=previous.label, date=long_date(overdue)) + " "
                + (w("notice.overdue.move_on", stage=stage.label) if outcome == "raise" else w("notice.overdue.last")))})
        due_day = deadline.day if isinstance(deadline, timing.Due) else deadline
        counted_from = self._counted_from(pathway, stage, start)
        if outcome == "raise" and due_day is not None and due_day < self.today and counted_from is not None:
            notices.append({"kind": "past-due", "text": w("notice.past_due.from", stage=stage.label,
                                                           event=counted_from["text"], date=long_date(due_day),
                                                           question=policy.progress.reached.text)})
        elif outcome == "raise" and due_day is not None and due_day < self.today:
            # A date to raise it given long ago (or kept from before a change): its response is already late.
            notices.append({"kind": "past-due", "text": w("notice.past_due", stage=stage.label,
                                                           raised=long_date(raised_on), date=long_date(due_day),
                                                           question=policy.progress.reached.text)})
        if outcome == "waiting" and deadline is None:
            notices.append({"kind": "untimed", "text": self._untimed_wait(
                stage, dated_actions=any(a["deadline"] for a in actions or ()))})
        if blocked:
            wanted, missing, rule = blocked
            notices.append({"kind": "blocked", "text": w("notice.blocked", wanted=wanted.label, missing=missing.label,
                                                         rule=rule.wording), "why": why(policy, rule.quote)})
        dates = [d for d in (raised_on, due_day) if d is not None]
        if any(not self.calendar.covers(d) for d in dates):
            notices.append({"kind": "calendar", "text": w("notice.calendar")})

        position = stages.index(stage) if stage in stages else -1
        following = stages[position + 1] if 0 <= position < len(stages) - 1 else None
        next_info = None
        if following is not None:
            next_info = {"id": following.id, "label": following.label, "title": following.title,
                         "requires": following.requires.wording if following.requires else None,
                         "raise_within": following.raise_within.within(w) if following.raise_within else None,
                         "manual": f"pathways/{pathway.id}/#{following.id}"}
        contacts = contacts_for(policy, stage, facts)
        deadline_json = _date_json(deadline, w)
        advice = {
            "kind": "advice",
            "outcome": outcome,
            "pathway": {"id": pathway.id, "title": pathway.title, "manual": f"pathways/{pathway.id}/",
                        "kind": pathway.kind},
            # On a fast route: the question that sent the practitioner here, in the policy's words. On the normal
            # route: the fast routes to take if its timescales become too slow for the child.
            "fast_route": fast_route_json(policy, pathway) if pathway.fast else None,
            "fast_routes": [] if pathway.fast else [fast_route_json(policy, p) for p in policy.fast_routes],
            "stage": {"id": stage.id, "label": stage.label, "title": stage.title, "description": stage.description,
                      "manual": f"pathways/{pathway.id}/#{stage.id}", "help": stage.help, "hint": stage.hint,
                      "source": stage.source, "why": why(policy, stage.quote)},
            "route_why": why(policy, self._route(final=True).quote) if self._route(final=True) else None,
            "pathway_why": why(policy, pathway.quote),
            "previous": {"id": previous.id, "label": previous.label, "title": previous.title} if previous else None,
            "notices": notices,
            "raised_by": [policy.role(r).title for r in stage.raised_by],
            "raised_by_you": [policy.role(r).you for r in stage.raised_by],
            "raised_by_why": why(policy, stage.raised_by_quote) if stage.raised_by else None,
            "contacts": contacts,
            "timescale": self._counted_days(_timescale_json(stage.timescale, w, policy,
                                                             start_of_day=_start_of_day(deadline)), deadline, start),
            "raise_within": _timescale_json(stage.raise_within, w, policy) if stage.raise_within else None,
            "raised_on": _raised_json(raised_on, stage, start, w),
            "deadline": deadline_json,
            # The dates the result is headed with, each with the words of what it is for (``headline_dates``).
            "due": headline_dates(w, outcome, stage.timescale, deadline_json, actions or [], response_from(contacts)),
            "counted_from": counted_from,
            "actions": actions or [],
            "requires": stage.requires.wording if stage.requires else None,
            "requires_why": why(policy, stage.requires.quote) if stage.requires else None,
            "duties": duties_for(policy, pathway, stage, facts),
            # Whose response is awaited: the other agency's where the stage contacts it, else the people contacted.
            "response_from": response_from(contacts),
            # While waiting: the reminder that the child's safety does not wait (the policy's own immediate-risk rule).
            "safety": w("waiting.safety", rule=policy.immediate_risk.summary) if outcome == "waiting" else None,
            "instructions": instructions_for(policy, pathway, stage, facts),
            "records": list(pathway.records_for(stage)),
            "records_why": [why(policy, q) for q in (stage.records_quote, pathway.records_quote) if q],
            "form": form_for(policy, stage, outcome, facts),
            "next": next_info,
            "if_unresolved": stage.if_unresolved,
            # What the policy says happens after its last stage; None where it says nothing (never an empty text).
            "after": pathway.after if pathway.after and pathway.after.strip() else None,
        }
        if stage.group is not None:        # only where the policy groups its stages: other advice is as it was
            advice["stage"]["group"] = {"id": stage.group.id, "title": stage.group.title,
                                        "manual": f"pathways/{pathway.id}/#group-{stage.group.id}"}
        if policy.owners:                  # a joint protocol: its owning bodies
            advice["owners"] = owners_json(policy)
        return self._finish(advice)


# --- pieces of advice ---------------------------------------------------------------------------------------


def as_a_guide(timescale: Timescale, wording: Wording = DEFAULT) -> Optional[str]:
    """For a timescale the policy calls indicative, the words its description already ends with ("(the policy gives
    this time as a guide: the child's needs decide)"), to say beside a date; None for any other."""
    return wording("timescale.indicative").strip() if timescale.indicative else None


def headline_dates(wording: Wording, outcome: str, timescale: Timescale, deadline: Optional[dict], actions: list,
                   response: Optional[str]) -> list[dict]:
    """The dates a stage to raise or waited on is headed with, each with the words of what it is for, from the same
    data as the date: the response's ("Response from the other agency due by"), where the stage sets one; where it
    sets none, each timed action's in its own words ("Hold the meeting by", "Acknowledge the escalation by"), never
    called a response. An indicative time says so beside its date (``as_a_guide``)."""
    if outcome not in ("raise", "waiting"):
        return []
    if deadline:
        return [{"for": "response", "label": wording(f"guide.due.{response}" if response else "guide.due"),
                 "text": deadline["text"], "as_a_guide": as_a_guide(timescale, wording)}]
    return [{"for": action["id"], "label": wording("guide.action.due_by", action=action["action"]),
             "text": action["deadline"]["text"], "as_a_guide": action["timescale"]["as_a_guide"]}
            for action in actions if action["deadline"]]


SIDES = ("yours", "theirs", "partnership")


def owners_json(policy: Policy) -> list[dict]:
    """A joint protocol's owning bodies, each with its name, inbox and chair."""
    return [{"name": o.name, "short_name": o.short_name, "inbox": o.inbox, "chair": o.chair, "website": o.website}
            for o in policy.owners]


def contacts_for(policy: Policy, stage: Stage, facts: Mapping[str, Any]) -> list[dict]:
    """Who to contact: on the practitioner's side, the other agency's side, and the partnership.

    An agency's own entry wins over the general one; where the agency is not known (not asked, or "not sure"), the
    general role is given. The practitioner is not someone to contact in their own agency: a role marked ``you`` is
    left out of that side, and kept on the other side (the same role there, their counterpart).
    """
    return [contact for side in SIDES for contact in side_contacts(policy, stage, facts, side)]


def side_contacts(policy: Policy, stage: Stage, facts: Mapping[str, Any], side: str) -> list[dict]:
    """Who to contact on one side (``SIDES``), as ``contacts_for`` gives them."""
    result = []
    if side == "partnership":
        for entry in stage.contacts:
            if entry.side == "partnership" and _status(entry.when, facts):
                result.append(_contact_json(policy, entry, "partnership", None, facts))
        return result
    agency_id = facts.get(OWN_AGENCY if side == "yours" else OTHER_AGENCY)
    known = isinstance(agency_id, str) and agency_id != NOT_SURE
    entries = [e for e in stage.contacts if e.side in (side, "both")]
    specific = [e for e in entries if known and e.agency == agency_id and _status(e.when, facts)]
    chosen = specific or [e for e in entries if e.agency is None and _status(e.when, facts)]
    for entry in chosen:
        roles = [r for r in entry.roles if side != "yours" or not policy.role(r).you]
        if roles or entry.contact:
            result.append(_contact_json(policy, entry, side, policy.agency(agency_id) if known else None, facts,
                                        roles))
    return result


def response_from(contacts) -> Optional[str]:
    """Whose response a stage waits for: ``theirs`` (the other agency) where it contacts the other agency, else
    ``others`` (the people contacted), or None where it names nobody to contact."""
    sides = [c["side"] for c in contacts or () if not c.get("optional")]
    return "theirs" if "theirs" in sides else "others" if sides else None


def _contact_json(policy, entry, side, agency, facts, roles=None) -> dict:
    return {
        "side": side,
        "equivalent": entry.side == "both",     # the same role on each side: each speaks with its equivalent
        "agency": {"id": agency.id, "name": agency.name} if agency else None,
        "roles": [{"id": r, "title": policy.role(r).title} for r in (entry.roles if roles is None else roles)],
        # An inbox, a phone line or a directory named directly (no role): its ways in, and its help for these answers.
        "contact": reach_json(policy, entry.contact, facts) if entry.contact else None,
        "names": [policy.role(r).title for r in roles] if roles and not entry.contact else policy.contact_names(entry),
        "optional": entry.optional,             # "may consult": offered, never a required step or recipient
        "hint": entry.hint,
        "status": _status(entry.when, facts),
        "why": why(policy, entry.quote),
        # Whose it is, where it is on neither agency's side (``partnership_body``).
        "body": partnership_body(policy, entry) if side == "partnership" else None,
    }


def partnership_body(policy: Policy, entry) -> dict:
    """Whose a contact outside the two agencies is, so that it is shown as what it is, not as "the partnership or
    another body": an inbox that is one of a joint protocol's owners' is that owner's (``{"kind": "owner", "name":
    ...}``); a role, or the partnership's own inbox, the partnership's (``partnership``); any other inbox, phone line
    or directory the policy names (an adults' team) only by its own name (``contact``)."""
    if not entry.contact:
        return {"kind": "partnership", "name": policy.partnership.name}
    contact = policy.contact(entry.contact)
    email = (contact.email or "").strip().lower()
    for owner in policy.owners:
        if email and (owner.inbox or "").strip().lower() == email:
            return {"kind": "owner", "name": owner.name}
    if email and (policy.partnership.inbox or "").strip().lower() == email:
        return {"kind": "partnership", "name": policy.partnership.name}
    return {"kind": "contact", "name": contact.name}


def reach_json(policy: Policy, contact_id: str, facts: Mapping[str, Any]) -> dict:
    """How to reach one of the policy's contacts, with each line of its help whose condition holds (or may hold on
    an "I'm not sure" answer)."""
    contact = policy.contact(contact_id)
    return {"id": contact.id, "name": contact.name, "email": contact.email, "phone": contact.phone,
            "website": contact.website, "directory": contact.directory,
            "help": [h.text for h in contact.help if evaluate(h.when, facts) is not False],
            "manual": f"contacts/#{contact.id}"}


def fast_route_json(policy: Policy, pathway: Pathway) -> dict:
    """A fast route as the advice names it: its question (the policy's words), title, summary and manual page."""
    question = policy.question(pathway.question) if pathway.question else None
    return {"id": pathway.id, "title": pathway.title, "summary": pathway.summary,
            "question": question.text if question else None, "manual": f"pathways/{pathway.id}/",
            "why": why(policy, pathway.quote)}


def required_contacts(step: Mapping[str, Any]) -> list[dict]:
    """The contacts a practitioner must go to: every one but those the policy says they may consult."""
    return [c for c in step.get("contacts") or () if not c.get("optional")]


def _status(condition, facts: Mapping[str, Any]) -> Optional[str]:
    """``required`` if the condition holds; ``check`` if it turns on an "I'm not sure" answer; ``if`` if it turns on
    something that has not happened yet (such as how this stage ends); None if it does not hold."""
    holds = evaluate(condition, facts)
    if holds is True:
        return "required"
    if holds is False:
        return None
    future = {key: SKIPPED for key in questions_in(condition) if key not in facts}
    return "if" if evaluate(condition, {**facts, **future}) is False else "check"


def duties_for(policy: Policy, pathway: Pathway, stage: Stage, facts: Mapping[str, Any]) -> list[dict]:
    """Each duty at this stage whose condition holds, or may hold on an "I'm not sure" answer (see ``_status``).
    A duty that turns on how a stage ends ("if the disagreement was resolved at stage 3") is shown only once it has
    ended that way, never to someone only starting the stage."""
    return [d for d in (duty_json(policy, duty, facts, pathway, stage) for duty in pathway.duties_for(stage)) if d is not None]


def duty_json(policy: Policy, duty, facts: Mapping[str, Any], pathway: Pathway, stage: Stage) -> Optional[dict]:
    """One duty as ``duties_for`` gives it, or None where it is not shown for these answers."""
    status = _status(duty.when, facts)
    if status is None or status == "if":
        return None
    contact = policy.contact(duty.contact) if duty.contact else None
    return {
        "action": duty.action,
        "because": duty.because,
        "status": status,
        "role": policy.role(duty.role).title if duty.role else None,
        # Its entry in the manual: the way to reach it where the policy gives no inbox (never a dead end).
        "contact": reach_json(policy, contact.id, facts) if contact else None,
        "hint": duty.hint,
        "source": duty.source,
        "why": why(policy, duty.quote),
        # ``outcome``: a duty on how this stage ended ("if the disagreement was resolved at stage 2"), to do once
        # it has; ``stage``: a duty of the stage itself, done when it is raised (while waiting, or once it is
        # resolved, something to check was done, not to do again).
        "on": "outcome" if _on_outcome(pathway, stage, duty.when) else "stage",
    }


def _on_outcome(pathway: Pathway, stage: Stage, condition) -> bool:
    """Whether a condition turns on the response to ``stage`` (``<pathway>.<stage>.response``)."""
    return f"{pathway.id}.{stage.id}.response" in questions_in(condition) if condition else False


def instructions_for(policy: Policy, pathway: Pathway, stage: Stage, facts: Mapping[str, Any]) -> list[dict]:
    """Each instruction at this stage (something to do, not someone to tell) whose condition holds, or may hold on
    an "I'm not sure" answer; like a duty, one that turns on how a stage ends is shown once it has ended that way."""
    return [i for i in (instruction_json(policy, item, facts) for item in pathway.instructions_for(stage))
            if i is not None]


def instruction_json(policy: Policy, instruction, facts: Mapping[str, Any]) -> Optional[dict]:
    """One instruction as ``instructions_for`` gives it, or None where it is not shown for these answers."""
    status = _status(instruction.when, facts)
    if status is None or status == "if":
        return None
    return {"text": instruction.text, "status": status, "hint": instruction.hint,
            "why": why(policy, instruction.quote)}


def form_for(policy: Policy, stage: Stage, outcome: str, facts: Mapping[str, Any]) -> Optional[dict]:
    """The form of the advice (see ``_form_offered``), or None."""
    form = _form_offered(policy, stage, outcome, facts)
    return {**_form_json(policy, form[0], stage), "now": form[1]} if form else None


def _form_offered(policy: Policy, stage: Stage, outcome: str, facts: Mapping[str, Any]):
    """The stage's form and whether it is to be filled now, or None. A form for an outcome of the stage (Wirral's
    proforma "for reporting conflicts which have been resolved at stage 2") is offered, like a duty on that outcome,
    only once the outcome holds, never to someone only starting the stage; any other form when the stage is raised."""
    if not stage.form:
        return None
    if stage.form_when is None:
        return policy.form(stage.form), outcome == "raise"
    status = _status(stage.form_when, facts)
    if status is None or status == "if":
        return None
    return policy.form(stage.form), True


def _start_of_day(due) -> bool:
    """Whether a deadline counts clock hours from the start of its event's day (its time not known)."""
    return isinstance(due, timing.Due) and due.start_of_day


def _timescale_json(timescale: Timescale, wording: Wording = DEFAULT, policy: Optional[Policy] = None,
                    quote: Optional[Quote] = None, start_of_day: bool = False) -> dict:
    """A timescale for the advice; for clock hours, its words say whether they were counted from the time of their
    event or, that time not being known, from the start of its day (as its date was: ``timing.Due``)."""
    return {"kind": timescale.kind, "amount": timescale.amount, "text": timescale.describe(wording, start_of_day),
            "within": timescale.within(wording, start_of_day), "sooner_if_needed": timescale.sooner_if_needed,
            "indicative": timescale.indicative, "as_a_guide": as_a_guide(timescale, wording),
            # Which days the count takes in, in words: said under the date, so that it says what was counted.
            "counting": wording({"hours": "guide.deadline.clock_hours.start_of_day" if start_of_day else
                                 "guide.deadline.clock_hours", "calendar-days": "guide.deadline.calendar_days"}
                                .get(timescale.kind, "guide.deadline.working_days")),
            "wording": timescale.wording, "hint": timescale.hint,
            "counts_from": timescale.counts_from or timing.RAISED, "from_stage": timescale.from_stage,
            "why": (_timescale_why(policy, timescale) or (why(policy, quote) if quote else None)) if policy else None}


def _timescale_why(policy: Policy, timescale: Timescale) -> Optional[dict]:
    """A timescale's "Why?": its passage; or, where the policy sets none, that it is silent (nothing to quote)."""
    if timescale.quote is None and timescale.kind == "not-stated":
        return {"from_source": False, "basis": "silent", "passages": [],
                "text": policy.wording("why.silent", partnership=policy.partnership.short_name)}
    return why(policy, timescale.quote)


def _form_json(policy: Policy, form, stage: Optional[Stage] = None) -> dict:
    passages = [q for q in ((stage.form_quote if stage else None), form.quote) if q]
    return {
        "id": form.id, "title": form.title, "purpose": form.purpose,
        "send_to": [policy.role(r).title for r in form.send_to],
        "copy_to": [{"name": policy.contact(c).name, "email": policy.contact(c).email} for c in form.copy_to],
        "fillable": bool(form.sections), "hint": form.hint, "manual": f"forms/{form.id}/",
        "why": merge_why(policy, passages),
    }


def why(policy: Policy, quote: Optional[Quote]) -> Optional[dict]:
    """Why the guide says this: the source's own words and their sections, or that the source does not say it."""
    if quote is None:
        return None
    result = quote.to_json()
    key = "why.not_from_source." + (quote.basis or "reading")
    result["text"] = None if quote.from_source else policy.wording(key, partnership=policy.partnership.short_name)
    return result


def merge_why(policy: Policy, quotes: list) -> Optional[dict]:
    """One "Why?" from several quotes (a form: why it is used at this stage, and what it is)."""
    parts = [why(policy, q) for q in quotes]
    parts = [p for p in parts if p]
    if not parts:
        return None
    passages = [p for part in parts for p in part["passages"]]
    from_source = all(part["from_source"] for part in parts) or bool(passages)
    return {"from_source": from_source, "passages": passages,
            "text": None if from_source else parts[0]["text"]}


def _date_json(day, wording: Wording = DEFAULT) -> Optional[dict]:
    """A date (or a ``timing.Due``) for the advice: ISO date, words, and for hours the time ("time" only then)."""
    if isinstance(day, timing.Due):
        if day.at is None:
            day = day.day
        else:
            return day.to_json(wording)
    return {"date": day.isoformat(), "text": long_date(day)} if day else None


def _moment_text(day: date, at: Optional[time], wording: Wording = DEFAULT) -> str:
    """ "Friday 18 December 2026", or with the time given "Friday 18 December 2026 at 17:00"."""
    return wording("deadline.at", date=long_date(day), time=at.strftime("%H:%M")) if at else long_date(day)


def _raised_json(raised_on: Optional[date], stage: Stage, start, wording: Wording = DEFAULT) -> Optional[dict]:
    """The day the stage is (or was) raised; with its time where the deadline counts clock hours from that time."""
    result = _date_json(raised_on)
    if (result and start and start[0] == Event(timing.RAISED, stage.id) and start[1] == raised_on
            and start[2] is not None):
        result.update(time=start[2].strftime("%H:%M"), text=_moment_text(raised_on, start[2], wording))
    return result


def _question_json(question: Question, today: date, wording: Wording = DEFAULT) -> dict:
    return {
        "id": question.id,
        "type": question.type,
        "text": question.text,
        "hint": question.hint,
        "options": [{"value": o.value, "label": o.label, "hint": o.hint} for o in question.answer_options(wording)]
        if question.type in ("choice", "yes-no", "time") else [],
        "today": today.isoformat() if question.type == "date" else None,
    }


def _fill(text: Optional[str], stage: Stage, rule: str = "") -> Optional[str]:
    """The policy's progress wording with ``{stage}`` as "Stage 1 (Escalate to Service Manager)"."""
    if text is None:
        return None
    return text.replace("{stage}", f"{stage.label} ({stage.title})").replace("{rule}", rule)


# --- answers ------------------------------------------------------------------------------------------------


def _error(code: str, message: str, field: Optional[str] = None) -> dict:
    return {"code": code, "message": message, "field": field}


def _blank(raw: Any) -> bool:
    if isinstance(raw, Mapping):
        return all(_blank_part(raw.get(part)) for part in ("day", "month", "year"))
    return _blank_part(raw)


def _blank_part(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _shown(raw: Any, limit: int = 80) -> str:
    """An answer in a message: one line, at most ``limit`` characters, whatever it is (a 50 MB string, a number
    too long to print, a list nested a thousand deep)."""
    if isinstance(raw, str):
        text = raw
    elif isinstance(raw, (bool, float)) or raw is None:
        text = repr(raw)
    elif isinstance(raw, int):
        text = str(raw) if -10**60 < raw < 10**60 else "a very long number"
    else:
        text = type(raw).__name__
    text = " ".join(text[: limit * 4].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _date_part(value: Any) -> str:
    """One typed part of a date as text: strings as typed (their first 40 characters), whole numbers as digits;
    anything else becomes text that is not a date (so the answer gets "must be a real date", never an exception)."""
    if isinstance(value, str):
        return value[:40].strip()
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool) and -10**40 < value < 10**40:
        return str(value)
    return "?"


EARLIEST_YEAR, LATEST_YEAR = 1900, 2100   # a typed date outside these is a mistake, and could overflow date sums


def parse_date(raw: Any, what: Optional[str] = None, wording: Wording = DEFAULT) -> tuple[Optional[date], list[dict]]:
    """A date from "YYYY-MM-DD" or {"day", "month", "year"}, with GOV.UK-style errors."""
    w = wording
    what = what or w("date.subject.any")
    if isinstance(raw, date):
        return raw, []
    if _blank(raw):
        return None, [_error("missing", w("date.error.enter", what=what), "day")]
    if isinstance(raw, str):
        match = re.fullmatch(r"\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\s*", raw[:40])
        if not match:
            return None, [_error("invalid-date", w("date.error.real_example", what=what))]
        parts = {"year": match.group(1), "month": match.group(2), "day": match.group(3)}
    elif isinstance(raw, Mapping):
        parts = {k: _date_part(raw.get(k)) for k in ("day", "month", "year")}
    else:
        return None, [_error("invalid-date", w("date.error.real", what=what))]
    missing = [k for k in ("day", "month", "year") if not parts[k]]
    if len(missing) == 3:
        return None, [_error("missing", w("date.error.enter", what=what), "day")]
    if missing:
        return None, [_error("incomplete", w("date.error.include", what=what, parts=w("date.error.and").join(missing)),
                             missing[0])]
    for key in ("day", "month", "year"):
        # Only the digits 0 to 9 (not superscripts or other scripts' digits), and no more of them than a date has.
        if not re.fullmatch(r"[0-9]{1,%d}" % (4 if key == "year" else 2), parts[key]):
            if key == "year" and re.fullmatch(r"[0-9]+", parts[key]):
                return None, [_error("invalid-date", w("date.error.year_digits"), "year")]
            return None, [_error("invalid-date", w("date.error.real", what=what), key)]
    if len(parts["year"]) != 4:
        return None, [_error("invalid-date", w("date.error.year_digits"), "year")]
    if not EARLIEST_YEAR <= int(parts["year"]) <= LATEST_YEAR:
        return None, [_error("invalid-date", w("date.error.range", what=what, earliest=EARLIEST_YEAR,
                                                 latest=LATEST_YEAR), "year")]
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"])), []
    except ValueError:
        field = "month" if not 1 <= int(parts["month"]) <= 12 else "day"
        return None, [_error("invalid-date", w("date.error.real", what=what), field)]


def _as_date(today: date | str | None) -> date:
    """The day the guide advises on. Unlike an answer, it comes from the caller's clock, not from a person: a
    malformed one is the caller's mistake, a ValueError with a plain message."""
    if today is None:
        return date.today()
    if isinstance(today, date):
        return today
    value, errors = parse_date(today, "today's date") if isinstance(today, str) else (None, True)
    if errors:
        raise ValueError(f"today must be a date as YYYY-MM-DD between {EARLIEST_YEAR} and {LATEST_YEAR}, "
                         f"not `{_shown(today)}`")
    return value
