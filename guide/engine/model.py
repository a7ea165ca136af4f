"""The policy model: plain dataclasses built from a validated policy (standard library only).

The same model feeds the manual (at build time) and the decision engine (in CPython and in the browser).
Build it with :func:`Policy.from_dict` from the plain data of a policy file, as checked by ``build.py check``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Mapping, Optional

from . import timing
from .conditions import NOT_SURE
from .wording import DEFAULT, Wording, listed

FAST = "fast"   # a pathway's ``kind`` for a fast route ("where the child may suffer significant harm before the normal
                # process can complete, escalate within 24 hours"): its own question, contacts, clock and form
COMPUTABLE_TIMESCALES = timing.DAY_KINDS   # and hours from an event the guide knows: see ``timing.counted``


def _t(items) -> tuple:
    return tuple(items or ())


@dataclass(frozen=True)
class Passage:
    """Words copied from the source policy, and the section of the source they stand in."""

    text: str
    section: Optional[str] = None


@dataclass(frozen=True)
class Quote:
    """Where a rule comes from: passages of the source, or ``from_source`` False with the authors' reason."""

    passages: tuple[Passage, ...] = ()
    from_source: bool = True
    note: Optional[str] = None
    basis: Optional[str] = None  # "reading" or "national-guidance" when not from the source

    @classmethod
    def of(cls, value: Any, sections: Optional[Mapping[str, str]] = None) -> Optional["Quote"]:
        """From a policy file's ``quote``: a passage, a list of passages, or {from_source: false, note}."""
        if value is None:
            return None
        sections = sections or {}
        if isinstance(value, Mapping):
            return cls((), bool(value.get("from_source", True)), value.get("note"), value.get("basis"))
        texts = [value] if isinstance(value, str) else list(value)
        passages = []
        for text in texts:
            plain = " ".join(text.split())
            passages.append(Passage(plain, sections.get(text) or sections.get(plain)))
        return cls(tuple(passages))

    def to_json(self) -> dict:
        return {"from_source": self.from_source, "basis": self.basis,
                "passages": [{"text": p.text, "section": p.section} for p in self.passages]}


@dataclass(frozen=True)
class Owner:
    """One of the bodies that own a joint protocol (a children's partnership, a safeguarding adults board)."""

    name: str
    short_name: Optional[str] = None
    inbox: Optional[str] = None
    chair: Optional[str] = None
    website: Optional[str] = None


@dataclass(frozen=True)
class Partnership:
    slug: str
    name: str
    short_name: str
    area: str
    colour: str
    inbox: Optional[str] = None
    website: Optional[str] = None
    bank_holidays: str = "england-and-wales"
    site_url: Optional[str] = None      # where the manual is published, if the partnership says
    owners: tuple[Owner, ...] = ()      # a joint protocol's owning bodies; none: the partnership alone

    @classmethod
    def of(cls, d: Mapping[str, Any]) -> "Partnership":
        return cls(**{**d, "owners": tuple(Owner(**o) for o in d.get("owners") or ())})


@dataclass(frozen=True)
class Approval:
    """The board's sign-off of a version: who approved it, in what role, on what day (public, as in the version
    table a published policy prints)."""
    by: str
    role: str
    date: str


@dataclass(frozen=True)
class HistoryRow:
    version: str
    date: Optional[str] = None
    author: Optional[str] = None
    endorsed: Optional[str] = None
    summary: Optional[str] = None
    note: Optional[str] = None


@dataclass(frozen=True)
class Document:
    title: str
    status: str
    source: str
    version: Optional[str] = None
    effective_date: Optional[str] = None
    review_date: Optional[str] = None
    source_url: Optional[str] = None
    note: Optional[str] = None
    history: tuple[HistoryRow, ...] = ()
    source_file: Optional[str] = None
    approved: Optional[Approval] = None


@dataclass(frozen=True)
class AppliesWhen:
    intro: str
    disagreements: tuple[str, ...]
    scope: tuple[str, ...] = ()
    note: Optional[str] = None
    source: Optional[str] = None


@dataclass(frozen=True)
class ImmediateRisk:
    summary: str
    instruction: str
    from_source: bool = True
    note: Optional[str] = None
    basis: Optional[str] = None  # "reading" or "national-guidance" when not from the source
    source: Optional[str] = None
    hint: Optional[str] = None
    quote: Optional[Quote] = None


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    hint: Optional[str] = None


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    agency: Optional[str] = None
    description: Optional[str] = None
    you: bool = False          # the person using the guide: never someone to contact in their own agency


@dataclass(frozen=True)
class ContactHelp:
    """A line of help about reaching a contact, shown only where its condition holds (the children's directory on
    children's routes)."""

    text: str
    when: Optional[Mapping] = None


@dataclass(frozen=True)
class Contact:
    """A team, inbox, phone line or directory: reached by its ``email``, ``phone``, ``website`` or ``directory`` (a
    "find a contact" page), not by a role."""

    id: str
    name: str
    purpose: str
    email: Optional[str] = None
    phone: Optional[str] = None
    website: Optional[str] = None
    directory: Optional[str] = None
    help: tuple[ContactHelp, ...] = ()
    note: Optional[str] = None
    hint: Optional[str] = None
    no_route: bool = False        # the source gives no inbox, phone line or page for it (``hint`` says where to look)


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    meaning: str


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: Optional[str] = None


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    hint: Optional[str] = None
    options: tuple[Option, ...] = ()
    not_sure: bool = False
    ask_when: Optional[Mapping] = None
    error: Optional[str] = None

    def answer_options(self, wording: Wording = DEFAULT) -> tuple[Option, ...]:
        """The answers to offer, "I'm not sure" included where the policy allows it."""
        options = self.options
        if self.type == "yes-no":
            options = (Option("yes", wording("answer.yes")), Option("no", wording("answer.no")))
        if self.not_sure:
            options += (Option(NOT_SURE, wording("answer.not_sure")),)
        return options

    def label_for(self, value: str, wording: Wording = DEFAULT) -> str:
        for option in self.answer_options(wording):
            if option.value == value:
                return option.label
        return value


@dataclass(frozen=True)
class Route:
    when: Mapping
    pathway: Optional[str] = None
    signpost: Optional[str] = None
    quote: Optional[Quote] = None


@dataclass(frozen=True)
class ProgressText:
    text: str
    hint: Optional[str] = None


@dataclass(frozen=True)
class Progress:
    reached: ProgressText
    reached_none: str
    used: ProgressText
    raised_on: ProgressText
    response: ProgressText
    response_resolved: str
    response_not_resolved: str
    response_none: str
    raise_on: ProgressText


@dataclass(frozen=True)
class Signpost:
    id: str
    title: str
    instruction: str
    note: Optional[str] = None
    source: Optional[str] = None
    hint: Optional[str] = None
    quote: Optional[Quote] = None


@dataclass(frozen=True)
class Timescale:
    """An amount of time and the event it counts from; the counting and the words are in ``timing``."""

    kind: str
    amount: Optional[int] = None
    sooner_if_needed: bool = False
    indicative: bool = False               # "timescales are indicative ... dictated by the needs of the child"
    starts: Optional[str] = None
    wording: Optional[str] = None
    note: Optional[str] = None
    hint: Optional[str] = None
    counts_from: Optional[str] = None      # an event of ``timing.EVENTS``; None: this stage raised, unless ``starts``
    from_stage: Optional[str] = None       # the stage id, for ``counts_from: stage-raised``
    quote: Optional[Quote] = None
    from_label: Optional[str] = None       # the label of the stage whose raising it counts from, where words name it

    @property
    def computable(self) -> bool:
        return timing.counted(self)

    def describe(self, wording: Wording = DEFAULT, start_of_day: bool = False) -> str:
        """The timescale in plain words, e.g. "5 working days, or sooner if the child's safety requires it"."""
        return timing.describe(self, wording, start_of_day)

    def within(self, wording: Wording = DEFAULT, start_of_day: bool = False) -> str:
        """As a phrase after "respond": "within 5 working days", "immediately"."""
        return timing.within(self, wording, start_of_day)


@dataclass(frozen=True)
class TimedAction:
    """One of several things a stage must do in time ("an acknowledgement immediately; within 48 hours an agreed
    action plan"), each with its own words and its own timescale."""

    id: str
    action: str
    timescale: Timescale
    quote: Optional[Quote] = None


@dataclass(frozen=True)
class ContactRoles:
    """Whom to contact at a stage: roles, or one of the policy's ``contacts`` (an inbox, a phone line, a directory).
    ``optional`` ("they may consult senior managers") is offered, never a required step."""

    roles: tuple[str, ...] = ()
    side: str = "both"
    contact: Optional[str] = None
    optional: bool = False
    agency: Optional[str] = None
    when: Optional[Mapping] = None
    note: Optional[str] = None
    hint: Optional[str] = None
    quote: Optional[Quote] = None


@dataclass(frozen=True)
class Duty:
    action: str
    because: str
    role: Optional[str] = None
    contact: Optional[str] = None
    when: Optional[Mapping] = None
    stages: Optional[tuple[str, ...]] = None
    note: Optional[str] = None
    source: Optional[str] = None
    hint: Optional[str] = None
    quote: Optional[Quote] = None


@dataclass(frozen=True)
class Instruction:
    """Something to do that is not telling someone ("the person should remain in the care setting until the
    escalation has been resolved"): an imperative sentence, with the source's words it comes from."""

    text: str
    quote: Optional[Quote] = None
    when: Optional[Mapping] = None
    stages: Optional[tuple[str, ...]] = None
    hint: Optional[str] = None
    note: Optional[str] = None


@dataclass(frozen=True)
class Requirement:
    stages: tuple[str, ...]
    wording: str
    quote: Optional[Quote] = None


@dataclass(frozen=True)
class StageGroup:
    """Stages the policy groups under one name ("Informal resolution": levels 1 and 2)."""

    id: str
    title: str
    description: Optional[str] = None
    quote: Optional[Quote] = None


@dataclass(frozen=True)
class Stage:
    id: str
    label: str
    title: str
    description: str
    contacts: tuple[ContactRoles, ...]
    timescale: Timescale
    when: Optional[Mapping] = None
    raised_by: tuple[str, ...] = ()
    help: Optional[str] = None
    raise_within: Optional[Timescale] = None
    requires: Optional[Requirement] = None
    form: Optional[str] = None
    form_when: Optional[Mapping] = None  # the form is for an outcome ("resolved at stage 2"): offered once it holds
    form_because: Optional[str] = None
    duties: tuple[Duty, ...] = ()
    instructions: tuple[Instruction, ...] = ()
    records: tuple[str, ...] = ()
    if_unresolved: Optional[str] = None
    note: Optional[str] = None
    source: Optional[str] = None
    hint: Optional[str] = None
    quote: Optional[Quote] = None
    raised_by_quote: Optional[Quote] = None
    records_quote: Optional[Quote] = None
    form_quote: Optional[Quote] = None
    form_fills: tuple[str, ...] = ()     # recipient fields of the form the practitioner fills at this stage
    actions: tuple[TimedAction, ...] = ()  # timed actions besides the response (``timescale``)
    # The policy's group of stages this one is in ("Formal"): how the stages are presented, not a rule, so it is left
    # out of the stage's repr and so of the digest of the rules a record carries (``record_data.policy_digest``).
    group: Optional[StageGroup] = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return f"{self.label}: {self.title}"


@dataclass(frozen=True)
class Pathway:
    id: str
    title: str
    summary: str
    stages: tuple[Stage, ...]
    description: Optional[str] = None
    stages_from: Optional[str] = None
    duties: tuple[Duty, ...] = ()
    instructions: tuple[Instruction, ...] = ()
    records: tuple[str, ...] = ()
    after: Optional[str] = None
    not_started: Optional[str] = None
    note: Optional[str] = None
    source: Optional[str] = None
    quote: Optional[Quote] = None
    records_quote: Optional[Quote] = None
    kind: str = "standard"                 # or "fast": for when the normal timescales are too slow for the child
    question: Optional[str] = None         # a fast route's yes-no question, asked straight after immediate risk

    @property
    def fast(self) -> bool:
        return self.kind == FAST

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)

    def duties_for(self, stage: Stage) -> tuple[Duty, ...]:
        """The stage's own duties, then the pathway's duties that apply at this stage."""
        shared = tuple(d for d in self.duties if d.stages is None or stage.id in d.stages)
        return stage.duties + shared

    def instructions_for(self, stage: Stage) -> tuple[Instruction, ...]:
        """The stage's own instructions, then the pathway's that apply at this stage."""
        shared = tuple(i for i in self.instructions if i.stages is None or stage.id in i.stages)
        return stage.instructions + shared

    def records_for(self, stage: Stage) -> tuple[str, ...]:
        return stage.records + self.records

    def stage_runs(self) -> list[tuple[Optional[StageGroup], list[Stage]]]:
        """The stages in order, in runs of the same group (one run of no group where the policy groups none)."""
        runs: list[tuple[Optional[StageGroup], list[Stage]]] = []
        for stage in self.stages:
            if runs and runs[-1][0] == stage.group:
                runs[-1][1].append(stage)
            else:
                runs.append((stage.group, [stage]))
        return runs


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    type: str = "text"
    hint: Optional[str] = None
    key: Optional[str] = None
    prefill: Optional[str | tuple[str, ...]] = None   # one source, or several to try in turn
    required: bool = True
    personal: bool = False
    completed_by: str = "sender"
    ask: Optional[str] = None          # the label on screen, where the paper form's would be unclear
    not_before: Optional[str] = None   # a date field: the id of a date field it cannot be before
    options: tuple[str, ...] = ()      # a choice field: the answers to choose from

    @property
    def screen_label(self) -> str:
        return self.ask or self.label

    @property
    def value_key(self) -> str:
        return self.key or self.id

    @property
    def prefill_sources(self) -> tuple[str, ...]:
        if not self.prefill:
            return ()
        return (self.prefill,) if isinstance(self.prefill, str) else tuple(self.prefill)


@dataclass(frozen=True)
class FormSection:
    title: str
    fields: tuple[Field, ...]
    note: Optional[str] = None
    hint: Optional[str] = None


@dataclass(frozen=True)
class Form:
    id: str
    title: str
    purpose: str
    send_to: tuple[str, ...] = ()
    copy_to: tuple[str, ...] = ()
    sections: tuple[FormSection, ...] = ()
    note: Optional[str] = None
    source: Optional[str] = None
    hint: Optional[str] = None
    quote: Optional[Quote] = None

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for s in self.sections for f in s.fields)


@dataclass(frozen=True)
class Policy:
    partnership: Partnership
    document: Document
    introduction: str
    applies_when: AppliesWhen
    immediate_risk: ImmediateRisk
    agencies: tuple[Agency, ...]
    roles: tuple[Role, ...]
    contacts: tuple[Contact, ...]
    glossary: tuple[GlossaryEntry, ...]
    questions: tuple[Question, ...]
    routes: tuple[Route, ...]
    progress: Progress
    pathways: tuple[Pathway, ...]
    signposts: tuple[Signpost, ...] = ()
    forms: tuple[Form, ...] = ()
    stage_groups: tuple[StageGroup, ...] = ()
    principles: tuple[str, ...] = ()
    site_path: str = ""
    bank_holidays: tuple[date, ...] = ()
    bank_holiday_years: tuple[int, int] = (0, 0)
    wording: Wording = DEFAULT
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        for kind, items, key in (
            ("agency", self.agencies, "id"), ("role", self.roles, "id"), ("contact", self.contacts, "id"),
            ("question", self.questions, "id"), ("pathway", self.pathways, "id"),
            ("signpost", self.signposts, "id"), ("form", self.forms, "id"),
        ):
            self._index[kind] = {getattr(item, key): item for item in items}

    def agency(self, agency_id: str) -> Agency:
        return self._index["agency"][agency_id]

    def role(self, role_id: str) -> Role:
        return self._index["role"][role_id]

    def contact(self, contact_id: str) -> Contact:
        return self._index["contact"][contact_id]

    def contact_names(self, entry: ContactRoles) -> list[str]:
        """Whom a stage's contact entry names: its roles' titles, or its contact's name."""
        if entry.contact:
            return [self.contact(entry.contact).name]
        return [self.role(r).title for r in entry.roles]

    def question(self, question_id: str) -> Question:
        return self._index["question"][question_id]

    def pathway(self, pathway_id: str) -> Pathway:
        return self._index["pathway"][pathway_id]

    @property
    def fast_routes(self) -> tuple[Pathway, ...]:
        """The pathways for when the normal timescales are too slow, in the policy's order."""
        return tuple(p for p in self.pathways if p.fast)

    def signpost(self, signpost_id: str) -> Signpost:
        return self._index["signpost"][signpost_id]

    def form(self, form_id: str) -> Form:
        return self._index["form"][form_id]

    @property
    def owners(self) -> tuple[Owner, ...]:
        """The bodies that own the policy: a joint protocol's, or none (the partnership alone)."""
        return self.partnership.owners

    @property
    def owners_text(self) -> str:
        """The owning bodies' names in a sentence: "A and B" (empty where the partnership alone owns it)."""
        return listed((o.name for o in self.owners), self.wording)

    @property
    def is_current(self) -> bool:
        return self.document.status != "superseded"

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], site_path: str = "", bank_holidays=(), bank_holiday_years=(0, 0),
                  source_sections: Optional[Mapping[str, str]] = None) -> "Policy":
        """Build the model from the plain data of a policy file that passed ``build.py check``.

        ``source_sections`` maps each quoted passage to the section of the source it stands in (the build finds
        them; see ``guide.publish.quotes``)."""
        global _SECTIONS
        _SECTIONS = source_sections or {}
        try:
            return cls._from_dict(d, site_path, bank_holidays, bank_holiday_years)
        finally:
            _SECTIONS = {}

    @classmethod
    def _from_dict(cls, d, site_path, bank_holidays, bank_holiday_years) -> "Policy":
        agencies = tuple(Agency(**a) for a in d["agencies"])
        pathways_raw = {p["id"]: p for p in d["pathways"]}
        groups = tuple(StageGroup(g["id"], g["title"], g.get("description"), Quote.of(g.get("quote"), _SECTIONS))
                       for g in d.get("stage_groups") or ())
        in_group = {g.id: g for g in groups}
        return cls(
            partnership=Partnership.of(d["partnership"]),
            document=_document(d["document"]),
            introduction=d["introduction"],
            principles=_t(d.get("principles")),
            applies_when=_applies(d["applies_when"]),
            immediate_risk=_immediate_risk(d["immediate_risk"]),
            agencies=agencies,
            roles=tuple(Role(**r) for r in d["roles"]),
            contacts=tuple(_contact(c) for c in d["contacts"]),
            glossary=tuple(GlossaryEntry(**g) for g in d["glossary"]),
            questions=tuple(_question(q, agencies) for q in d["questions"]),
            routes=tuple(Route(**_quotes(r)) for r in d["routes"]),
            progress=_progress(d["progress"]),
            signposts=tuple(Signpost(**_quotes(s)) for s in d.get("signposts") or ()),
            pathways=tuple(_pathway(p, pathways_raw, in_group) for p in d["pathways"]),
            stage_groups=groups,
            forms=tuple(_form(f) for f in d.get("forms") or ()),
            site_path=site_path or d["partnership"]["slug"],
            bank_holidays=tuple(date.fromisoformat(x) if isinstance(x, str) else x for x in bank_holidays),
            bank_holiday_years=tuple(bank_holiday_years),
            wording=Wording(d.get("wording"), d.get("terms")),
        )


_SECTIONS: Mapping[str, str] = {}
IN_STAGE = "\x1f"    # "pathway-id/stage-id" + IN_STAGE + passage: the passage's section where that stage quotes it


class _InStage:
    """The sections map as one stage sees it: where the source repeats a sentence (a timescale at two stages), the
    passage's section is the one of this stage's own words, looked up first under the stage's context."""

    def __init__(self, sections: Mapping[str, str], context: str):
        self.sections, self.context = sections, context

    def get(self, text: str, default=None):
        for key in (text, " ".join(text.split())):
            found = self.sections.get(f"{self.context}{IN_STAGE}{key}")
            if found:
                return found
        return self.sections.get(text, default)

    def __bool__(self) -> bool:
        return bool(self.sections)


def _quotes(d: Mapping) -> dict:
    """A copy of ``d`` with each ``quote`` and ``*_quote`` value as a Quote."""
    return {k: (Quote.of(v, _SECTIONS) if k == "quote" or k.endswith("_quote") else v) for k, v in d.items()}


def _immediate_risk(d: Mapping) -> ImmediateRisk:
    d = _quotes(d)
    if d.get("quote") is not None and "from_source" not in d:
        d["from_source"] = d["quote"].from_source
    return ImmediateRisk(**d)


def _document(d: Mapping) -> Document:
    d = dict(d)
    d["history"] = tuple(HistoryRow(**row) for row in d.get("history") or ())
    if d.get("approved") is not None:
        d["approved"] = Approval(**d["approved"])
    return Document(**d)


def _applies(d: Mapping) -> AppliesWhen:
    return AppliesWhen(
        intro=d["intro"], disagreements=_t(d["disagreements"]), scope=_t(d.get("scope")),
        note=d.get("note"), source=d.get("source"),
    )


def _question(d: Mapping, agencies: tuple[Agency, ...]) -> Question:
    if d.get("options_from") == "agencies":
        options = tuple(Option(a.id, a.name, a.hint) for a in agencies)
    else:
        options = tuple(Option(**o) for o in d.get("options") or ())
    return Question(
        id=d["id"], type=d["type"], text=d["text"], hint=d.get("hint"), options=options,
        not_sure=bool(d.get("not_sure")), ask_when=d.get("ask_when"), error=d.get("error"),
    )


def _progress(d: Mapping) -> Progress:
    return Progress(
        reached=ProgressText(d["reached"]["text"], d["reached"].get("hint")),
        reached_none=d["reached"]["none"],
        used=ProgressText(d["used"]["text"], d["used"].get("hint")),
        raised_on=ProgressText(d["raised_on"]["text"], d["raised_on"].get("hint")),
        response=ProgressText(d["response"]["text"], d["response"].get("hint")),
        response_resolved=d["response"]["resolved"],
        response_not_resolved=d["response"]["not_resolved"],
        response_none=d["response"]["none"],
        raise_on=ProgressText(d["raise_on"]["text"], d["raise_on"].get("hint")),
    )


def _timescale(d: Optional[Mapping]) -> Optional[Timescale]:
    return Timescale(**_quotes(d)) if d else None


def _contact(d: Mapping) -> Contact:
    d = dict(d)
    d["help"] = tuple(ContactHelp(h["text"], h.get("when")) for h in d.get("help") or ())
    return Contact(**d)


def _instruction(d: Mapping) -> Instruction:
    d = _quotes(d)
    if "stages" in d:
        d["stages"] = tuple(d["stages"])
    return Instruction(**d)


def _duty(d: Mapping) -> Duty:
    d = _quotes(d)
    if "stages" in d:
        d["stages"] = tuple(d["stages"])
    return Duty(**d)


def _stage(d: Mapping, context: Optional[str] = None, groups: Optional[Mapping[str, StageGroup]] = None) -> Stage:
    global _SECTIONS
    outer = _SECTIONS
    if context:
        _SECTIONS = _InStage(outer, context)
    try:
        stage = _stage_here(d)
        return replace(stage, group=(groups or {}).get(d["group"])) if d.get("group") else stage
    finally:
        _SECTIONS = outer


def _stage_here(d: Mapping) -> Stage:
    return Stage(
        id=d["id"], label=d["label"], title=d["title"], description=d["description"],
        contacts=tuple(
            ContactRoles(roles=_t(c.get("roles")), side=c.get("side", "partnership" if c.get("contact") else "both"),
                         contact=c.get("contact"), optional=bool(c.get("optional")), agency=c.get("agency"),
                         when=c.get("when"), note=c.get("note"), hint=c.get("hint"),
                         quote=Quote.of(c.get("quote"), _SECTIONS))
            for c in d["contacts"]
        ),
        timescale=_timescale(d["timescale"]),
        when=d.get("when"),
        raised_by=_t(d.get("raised_by")),
        help=d.get("help"),
        raise_within=_timescale(d.get("raise_within")),
        requires=Requirement(tuple(d["requires"]["stages"]), d["requires"]["wording"],
                             Quote.of(d["requires"].get("quote"), _SECTIONS)) if d.get("requires") else None,
        form=d.get("form"),
        form_when=d.get("form_when"),
        form_because=d.get("form_because"),
        form_fills=_t(d.get("form_fills")),
        actions=tuple(TimedAction(a["id"], a["action"], _timescale(a["timescale"]), Quote.of(a.get("quote"), _SECTIONS))
                      for a in d.get("actions") or ()),
        duties=tuple(_duty(x) for x in d.get("duties") or ()),
        instructions=tuple(_instruction(x) for x in d.get("instructions") or ()),
        records=_t(d.get("records")),
        if_unresolved=d.get("if_unresolved"),
        note=d.get("note"),
        source=d.get("source"),
        hint=d.get("hint"),
        **{k: Quote.of(d.get(k), _SECTIONS) for k in ("quote", "raised_by_quote", "records_quote", "form_quote")},
    )


def _field(d: Mapping) -> Field:
    prefill = d.get("prefill")
    return Field(**{**d, "prefill": tuple(prefill) if isinstance(prefill, list) else prefill})


def _pathway(d: Mapping, all_pathways: Mapping[str, Mapping], groups: Optional[Mapping[str, StageGroup]] = None
             ) -> Pathway:
    stages_data = d.get("stages") or all_pathways[d["stages_from"]]["stages"]
    stages = tuple(_stage(s, f"{d.get('stages_from') or d['id']}/{s['id']}", groups) for s in stages_data)
    return Pathway(
        id=d["id"], title=d["title"], summary=d["summary"],
        stages=_events_named(stages),
        description=d.get("description"), stages_from=d.get("stages_from"),
        duties=tuple(_duty(x) for x in d.get("duties") or ()),
        instructions=tuple(_instruction(x) for x in d.get("instructions") or ()),
        records=_t(d.get("records")), after=d.get("after"), not_started=d.get("not_started"), note=d.get("note"),
        source=d.get("source"), quote=Quote.of(d.get("quote"), _SECTIONS),
        records_quote=Quote.of(d.get("records_quote"), _SECTIONS),
        kind=d.get("kind") or "standard", question=d.get("question"),
    )


def _events_named(stages: tuple[Stage, ...]) -> tuple[Stage, ...]:
    """Each timescale with the label of the stage whose raising it counts from, where its words name it (an earlier
    stage, the first stage, or its own stage for clock hours), so the words come from the same data as the date."""
    labels = {s.id: s.label for s in stages}

    def named(timescale: Optional[Timescale], stage: Stage) -> Optional[Timescale]:
        if timescale is None or timescale.starts:
            return timescale
        if timescale.counts_from == timing.STAGE_RAISED:
            label = labels.get(timescale.from_stage)
        elif timescale.counts_from == timing.ESCALATION_STARTED:
            label = stages[0].label if stages else None
        elif timescale.kind == "hours" and timescale.counts_from in (None, timing.RAISED):
            label = stage.label
        else:
            return timescale
        return replace(timescale, from_label=label)

    return tuple(replace(s, timescale=named(s.timescale, s), raise_within=named(s.raise_within, s),
                         actions=tuple(replace(a, timescale=named(a.timescale, s)) for a in s.actions))
                 for s in stages)


def _form(d: Mapping) -> Form:
    return Form(
        id=d["id"], title=d["title"], purpose=d["purpose"],
        send_to=_t(d.get("send_to")), copy_to=_t(d.get("copy_to")),
        sections=tuple(
            FormSection(title=s["title"], note=s.get("note"), hint=s.get("hint"),
                        fields=tuple(_field(f) for f in s["fields"]))
            for s in d.get("sections") or ()
        ),
        note=d.get("note"), source=d.get("source"), hint=d.get("hint"), quote=Quote.of(d.get("quote"), _SECTIONS),
    )
