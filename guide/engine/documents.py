"""Filled documents: the policy's forms and an escalation record, as Word files (standard library only).

The guide asks for a form's fields one section at a time, pre-filled from the answers already given; fields that
share a ``key`` share one value across the partnership's forms. Values are kept as typed (dates as YYYY-MM-DD or
{"day", "month", "year"}; a name and job title as {"name", "role"}). Fields completed by the recipient are left blank
in the document, for them.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any, Mapping, Optional
from urllib.parse import quote

from .docx import WordDocument
from .file_names import name_part
from .record_data import NAMESPACE, clean_reference, record_part
from .wording import DEFAULT, Wording
from .walk import parse_date, replay
from .model import Field, Form, FormSection, Policy
from .workdays import short_date

RECORD_ID = "escalation-record"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# The practitioner's own details, which the browser may offer to fill in (WCAG 2.2, 1.3.5 Identify Input Purpose):
# the HTML autocomplete token for each field key; a name and job title has one token for each part. Other people's
# details have none, and someone else's name and job title boxes say "off" (see ``autocomplete``).
OWN_DETAILS = {
    "sender-name": {"name": "name", "role": "organization-title"},
    "sender-service": "organization",
    "sender-email": "email",
    "sender-phone": "tel",
}
PARTS = ("name", "role")      # a name-and-role field: the two inputs on screen, one row in the document


def record_form(w: Wording = DEFAULT, themes: tuple[str, ...] = ()) -> Form:
    """The escalation record every policy offers, in the policy's wording. ``themes`` are the kinds of disagreement
    the policy lists (``applies_when.disagreements``): the practitioner may say which this is, for the partnership's
    log (guide.engine.escalation_log); the choice is one of the policy's own words, never free text."""
    theme = (Field("theme", w("record.field.theme"), type="choice", key="theme", required=False,
                   hint=w("record.field.theme.hint"), options=(*themes, w("record.theme.other"))),) if themes else ()
    return Form(
        id=RECORD_ID,
        title=w("record.title"),
        purpose=w("record.purpose"),
        sections=(
            FormSection(w("record.section.you"), (
                Field("sender-name", w("record.field.sender_name"), type="name-and-role", key="sender-name"),
                Field("sender-service", w("record.field.sender_service"), key="sender-service",
                      prefill="answer:own-agency"),
                Field("sender-contact", w("record.field.sender_contact"), key="sender-contact"),
                Field("line-manager", w("record.field.line_manager"), key="line-manager-name", required=False),
            )),
            FormSection(w("record.section.child"), (
                Field("child-name", w("record.field.child_name"), key="child-name", personal=True, required=False,
                      hint=w("record.field.child_name.hint")),
                Field("child-dob", w("record.field.child_dob"), key="child-dob", type="date", personal=True,
                      required=False),
            )),
            FormSection(w("record.section.disagreement"), (
                Field("other-agency", w("record.field.other_agency"), key="recipient-service",
                      prefill="answer:other-agency", required=False),
                Field("other-contact", w("record.field.other_contact"), type="name-and-role", key="other-contact",
                      required=False),
                Field("summary", w("record.field.summary"), type="long-text", key="concern-summary", personal=True,
                      hint=w("record.field.summary.hint")),
                Field("requested-action", w("record.field.requested_action"), type="long-text", key="requested-action",
                      personal=True, hint=w("record.field.requested_action.hint")),
            ) + theme),         # last: optional, and a long list
        ),
    )


def form_for(policy: Policy, form_id: str) -> Form:
    return record_form(policy.wording, themes(policy)) if form_id == RECORD_ID else policy.form(form_id)


def themes(policy: Policy) -> tuple[str, ...]:
    """The kinds of disagreement the policy lists, as plain one-line text."""
    return tuple(" ".join(_plain(text).split()) for text in policy.applies_when.disagreements)


def chosen_theme(policy: Policy, details: Mapping) -> str:
    """The theme chosen on the escalation record, if it is one the policy offers (or "something else"); else ""."""
    value = details.get("theme") if isinstance(details, Mapping) else None
    listed = themes(policy)
    if not listed or not isinstance(value, str):
        return ""
    return value if value in listed or value == policy.wording("record.theme.other") else ""


def stage_fills(policy: Policy, form: Form, answers: Mapping, today: date | str, walk_step=None) -> frozenset[str]:
    """The recipient's fields the practitioner fills at the stage these answers lead to, when that stage uses this
    form and says so (`form_fills`: e.g. Medway stage 4, the Escalation Form sent on with the responses)."""
    if form.id == RECORD_ID:
        return frozenset()
    step = walk_step if walk_step is not None else replay(policy, answers, today)[1]
    if step.get("kind") != "advice":
        return frozenset()
    stage = policy.pathway(step["pathway"]["id"]).stage(step["stage"]["id"])
    return frozenset(stage.form_fills) if stage.form == form.id else frozenset()


def fills(field: Field, filled_here: frozenset[str] = frozenset()) -> bool:
    """Whether the practitioner fills this field (rather than the person who receives the form)."""
    return field.completed_by == "sender" or field.id in filled_here


def given(form: Form, field: Field, filled_here: frozenset[str] = frozenset()) -> bool:
    """Whether the document shows what the practitioner typed in this field: a field they fill, or a recipient's
    field that holds the same value as one they fill (Medway's Stage 3 form: the Assistant Director's name is the
    name of the person it is sent to), so that the guide never asks for what it then says it leaves blank."""
    if fills(field, filled_here):
        return True
    return any(f.value_key == field.value_key and fills(f, filled_here) for f in form.fields)


# Room left to write by hand in a row the recipient completes, in twentieths of a point (about 3 cm and 1 cm).
ROOM_TO_WRITE = {"long-text": 1700, "text": 560, "date": 560, "email": 560, "name-and-role": 560}
SCREEN_FIELDS = 7     # at most this many fields on one screen: a longer section is asked in parts


def sender_sections(form: Form, filled_here: frozenset[str] = frozenset(), w: Wording = DEFAULT) -> list[FormSection]:
    """The screens the practitioner fills in: the form's sections without the recipient's fields (except those this
    stage has the practitioner fill), a section of more than ``SCREEN_FIELDS`` fields in parts."""
    sections = []
    for section in form.sections:
        fields = tuple(f for f in section.fields if fills(f, filled_here))
        parts = [fields[i:i + SCREEN_FIELDS] for i in range(0, len(fields), SCREEN_FIELDS)]
        if len(parts) > 1:          # even parts: 8 fields are 4 and 4, not 7 and 1
            size = -(-len(fields) // len(parts))
            parts = [fields[i:i + size] for i in range(0, len(fields), size)]
        for number, part in enumerate(parts, 1):
            title = section.title if len(parts) == 1 else w("form.section.part", title=section.title, part=number,
                                                             parts=len(parts))
            sections.append(FormSection(title, part, section.note, section.hint if number == 1 else None))
    return sections


def prefill(policy: Policy, form: Form, answers: Mapping[str, Any], today: date | str, walk=None) -> dict[str, str]:
    """Values the answers already give, keyed by field key: dates as YYYY-MM-DD, choices as their labels.

    ``walk`` is the answers already replayed (``guide.engine.replay``), where the caller has it.
    """
    walk = walk or replay(policy, answers, today)[0]
    values = {}
    for field in form.fields:
        for source in field.prefill_sources if field.completed_by == "sender" else ():
            value = _prefill_value(walk, source)
            if value is not None:
                values[field.value_key] = value
                break
    return values


def _prefill_value(walk, source: str) -> Optional[str]:
    if source == "today":
        return walk.today.isoformat()
    qid = source[len("answer:"):]
    if qid not in walk.order:
        return None
    value = walk.facts[qid]
    question = walk.questions[qid]
    if isinstance(value, date):
        return value.isoformat()
    if question.type == "time":     # a time given ("17:00"); nothing where it was not known
        return value.strftime("%H:%M") if isinstance(value, time) else None
    if question.type in ("choice", "yes-no"):
        return question.label_for(value, walk.wording)
    return str(value)


def form_screens(policy: Policy, form_id: str, answers: Mapping, details: Mapping, today: date | str) -> dict:
    """What the guide needs to ask for a form: its sections and fields, each with its current value."""
    form = form_for(policy, form_id)
    filled = prefill(policy, form, answers, today)
    here = stage_fills(policy, form, answers, today)
    sections = []
    for section in sender_sections(form, here, policy.wording):
        fields = []
        for field in section.fields:
            key = field.value_key
            fields.append({
                "id": field.id, "key": key, "label": field.screen_label, "hint": field.hint, "type": field.type,
                "required": field.required, "personal": field.personal,
                "value": field_value(field, details[key] if key in details else filled.get(key, "")),
                "prefilled": key not in details and key in filled,
                "autocomplete": autocomplete(field),
                **({"parts": {part: policy.wording(f"form.part.{part}") for part in PARTS}}
                   if field.type == "name-and-role" else {}),
                **({"options": list(field.options)} if field.type == "choice" else {}),
            })
        sections.append({"title": section.title, "hint": section.hint, "fields": fields})
    recipient = [f.label for f in form.fields if not given(form, f, here)]
    return {"id": form.id, "title": form.title, "purpose": form.purpose, "sections": sections,
            "recipient_fields": recipient, "email": email_link(policy, form, today),
            "next": after_download(policy, form)}


def after_download(policy: Policy, form: Form) -> str:
    """One sentence for after the download: where the document goes next, from the form's `send_to` and `copy_to`;
    the escalation record is kept, and can be opened again to carry on."""
    w = policy.wording
    if form.id == RECORD_ID:
        return w("guide.download.next.record")
    copies = [policy.contact(c) for c in form.copy_to]
    copy = w("guide.download.next.and").join(f"{c.name} ({c.email})" if c.email else c.name for c in copies)
    if form.send_to:
        return w("guide.download.next.send_copy", copy=copy) if copy else w("guide.download.next.send")
    return w("guide.download.next.copy", copy=copy) if copy else w("guide.download.next.keep")


def autocomplete(field: Field) -> Any:
    """The autocomplete token(s) for a field the practitioner fills about themselves; "off" for someone else's name
    and job title; None for any other field."""
    token = OWN_DETAILS.get(field.value_key)
    if field.type == "name-and-role":   # someone else's name: "off", so that the browser does not offer yours
        return token if isinstance(token, Mapping) else {part: "off" for part in PARTS}
    if field.type in ("text", "email") and isinstance(token, str):
        return token
    return None


def field_value(field: Field, value: Any) -> Any:
    """A value in the shape the field holds it. Fields that share a key may differ in type (a policy's "Name and
    title" as one box, the escalation record's name and job title as two), so a value typed in one fits the other."""
    if field.type == "name-and-role":
        if isinstance(value, Mapping):
            return {part: value.get(part) if isinstance(value.get(part), str) else "" for part in PARTS}
        return {"name": value if isinstance(value, str) else "", "role": ""}
    if isinstance(value, Mapping) and any(part in value for part in PARTS):
        return _joined(value)
    return value


def _joined(value: Mapping) -> str:
    return ", ".join(text for text in (str(value.get(part) or "").strip() for part in PARTS) if text)


def validate(policy: Policy, form_id: str, section_index: int, details: Mapping, answers: Mapping | None = None,
             today: date | str | None = None) -> list[dict]:
    """Errors in one section's values, in the order of its fields (the sections as ``form_screens`` gives them for
    the same answers)."""
    form = form_for(policy, form_id)
    here = stage_fills(policy, form, answers, today) if answers is not None else frozenset()
    sections = sender_sections(form, here, policy.wording)
    if not isinstance(section_index, int) or not 0 <= section_index < len(sections):
        return []
    errors = []
    for field in sections[section_index].fields:
        value = field_value(field, details.get(field.value_key, ""))
        error = _field_error(field, value, policy.wording) or _order_error(form, field, details, policy.wording)
        if error:
            errors.append({"field": field.id, "key": field.value_key, **error})
    return errors


def _order_error(form: Form, field: Field, details: Mapping, w: Wording) -> Optional[dict]:
    """A date before the date it must follow (``not_before``): a response before the escalation was raised."""
    if field.type != "date" or not field.not_before:
        return None
    earlier = next((f for f in form.fields if f.id == field.not_before), None)
    if earlier is None:
        return None
    value, errors = parse_date(details.get(field.value_key), None, w)
    before, before_errors = parse_date(details.get(earlier.value_key), None, w)
    if errors or before_errors or value is None or before is None or value >= before:
        return None
    return {"message": w("form.error.not_before", label=field.screen_label, other=earlier.screen_label,
                         date=short_date(before)), "part": "day"}


def _field_error(field: Field, value: Any, w: Wording = DEFAULT) -> Optional[dict]:
    if field.type == "name-and-role":
        if not field.required:
            return None
        if all(_blank(value.get(part)) for part in PARTS):
            return {"message": w("form.error.enter", label=field.screen_label), "part": "all"}
        for part in PARTS:
            if _blank(value.get(part)):
                return {"message": w(f"form.error.enter_{part}", label=field.screen_label), "part": part}
        return None
    if field.type == "choice":
        if _blank(value) or isinstance(value, Mapping):
            return {"message": w("form.error.choose", label=field.screen_label), "part": None} if field.required else None
        return None if value in field.options else {"message": w("form.error.choose", label=field.screen_label),
                                                    "part": None}
    if field.type == "date":
        if _blank(value):
            return {"message": w("form.error.enter", label=field.screen_label), "part": "day"} if field.required else None
        _, errors = parse_date(value, w("form.error.subject", label=field.screen_label), w)
        if errors:
            return {"message": errors[0]["message"], "part": errors[0]["field"] or "day"}
        return None
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return {"message": w("form.error.enter", label=field.screen_label), "part": None} if field.required else None
    if field.type == "email" and not EMAIL.match(text):
        return {"message": w("form.error.email"), "part": None}
    return None


def _blank(value) -> bool:
    if isinstance(value, Mapping):
        return all(not str(value.get(k) or "").strip() for k in ("day", "month", "year", *PARTS))
    return not str(value or "").strip()


def display(field: Field, value: Any) -> str:
    """A value as it appears in the document and the check-your-answers list: a name and job title as one row,
    "Alex Jones, Health Visitor", as the paper form has it."""
    if field.type == "date" and not _blank(value):
        day, errors = parse_date(value)
        return short_date(day) if not errors else str(value)
    if isinstance(value, Mapping):
        return _joined(value) if any(part in value for part in PARTS) else ""
    return str(value or "").strip()


# --- the documents ------------------------------------------------------------------------------------------


def _version(policy: Policy) -> str:
    doc = policy.document
    parts = [doc.title]
    parts.append(f"version {doc.version}" if doc.version else "version not stated")
    if doc.effective_date:
        parts.append(f"effective {doc.effective_date}")
    return ", ".join(parts)


def form_document(policy: Policy, form_id: str, answers: Mapping, details: Mapping, today: date | str,
                  reference: str = "") -> bytes:
    """A policy form, laid out as the source lays it out, with the practitioner's values; or the escalation record."""
    return _document(policy, form_id, answers, details, today, reference).to_bytes()


def form_html(policy: Policy, form_id: str, answers: Mapping, details: Mapping, today: date | str,
              reference: str = "") -> str:
    """The same document as HTML, for the guide's print view: the partnership, the policy's version, the
    escalation's reference, every row (the recipient's with room to write) and every section, as the Word file has
    them."""
    return _document(policy, form_id, answers, details, today, reference).to_html()


def _document(policy: Policy, form_id: str, answers: Mapping, details: Mapping, today: date | str,
              reference: str = "") -> WordDocument:
    if form_id == RECORD_ID:
        return _record_document(policy, answers, details, today, reference)
    form = policy.form(form_id)
    w = policy.wording
    made = _today(today)
    filled = {**prefill(policy, form, answers, made), **details}
    here = stage_fills(policy, form, answers, made)
    document = WordDocument(form.title, policy.partnership.name, made,
                            footer=f"{policy.partnership.name} · {form.title} · {_version(policy)} · made {short_date(made)}")
    document.heading(form.title, 0)
    document.paragraph(policy.partnership.name, bold=True)
    if policy.owners:                   # a joint protocol: the bodies that own it
        document.paragraph(w("document.owners", owners=policy.owners_text), small=True)
    document.paragraph(w("document.made", policy=_version(policy), date=short_date(made)), small=True)
    if clean_reference(reference):      # so that a paper copy can be matched to the partnership's log
        document.paragraph(w("document.reference", reference=reference), small=True)
    for section in form.sections:
        rows = [(f.label, display(f, filled.get(f.value_key, "")), 0) if given(form, f, here) else
                (f.label, "", ROOM_TO_WRITE.get(f.type, ROOM_TO_WRITE["text"])) for f in section.fields]
        document.fields(rows, heading=section.title)
        if section.hint:   # the form's own printed text
            document.paragraph(section.hint, italic=True, small=True)
    _carry_answers(document, policy, answers, made, reference, chosen_theme(policy, details))
    return document


def _carry_answers(document: WordDocument, policy: Policy, answers: Mapping, made: date, reference: str = "",
                   theme: str = "") -> None:
    """Every document carries the answers (never the details typed into forms) and the theme chosen from the
    policy's list, so that it can be opened in the guide to continue the escalation, and counted in the
    partnership's log (guide.engine.record_data)."""
    document.custom_xml = record_part(policy, answers, made, reference, theme)
    document.custom_xml_namespace = NAMESPACE


def record_document(policy: Policy, answers: Mapping, details: Mapping, today: date | str,
                    reference: str = "") -> bytes:
    return _record_document(policy, answers, details, today, reference).to_bytes()


def _record_document(policy: Policy, answers: Mapping, details: Mapping, today: date | str,
                     reference: str = "") -> WordDocument:
    made = _today(today)
    w = policy.wording
    record = form_for(policy, RECORD_ID)
    walk, step = replay(policy, answers, made)
    filled = {**prefill(policy, record, answers, made, walk), **details}
    document = WordDocument(record.title, policy.partnership.name, made,
                            footer=f"{policy.partnership.name} · {record.title} · {_version(policy)} · made {short_date(made)}")
    document.heading(record.title, 0)
    document.paragraph(policy.partnership.name, bold=True)
    if policy.owners:                   # a joint protocol: the bodies that own it
        document.paragraph(w("document.owners", owners=policy.owners_text), small=True)
    document.paragraph(w("document.made", policy=_version(policy), date=short_date(made)), small=True)
    if clean_reference(reference):      # so that a paper copy can be matched to the partnership's log
        document.paragraph(w("document.reference", reference=reference), small=True)
    for section in record.sections:
        document.fields([(f.label, display(f, filled.get(f.value_key, ""))) for f in section.fields],
                        heading=section.title)
    if step["kind"] == "signpost":
        document.heading(w("record.what_the_guide_said"), 1)
        document.paragraph(step["signpost"]["title"], bold=True)
        document.paragraph(_plain(step["signpost"]["instruction"]))
    elif step["kind"] == "advice":
        _record_advice(document, policy, walk, step)
    document.heading(w("record.your_answers"), 1)
    document.table([w("record.column.question"), w("record.column.answer")], [[row["question"], row["answer"]] for row in step["summary"]], [0.6, 0.4])
    _carry_answers(document, policy, answers, made, reference, chosen_theme(policy, details))
    return document


def _side_words(w, contact: dict) -> str:
    """Where a contact is, as the guide says it: its side, or outside the two agencies whose it is (an owner of a
    joint protocol; an inbox known only by its own name: "Contact")."""
    body = contact.get("body") or {}
    if contact["side"] == "partnership" and body.get("kind") in ("owner", "contact"):
        return w("record.side." + body["kind"], owner=body["name"])
    return w("record.side." + contact["side"])


def _headline_text(w, step: dict) -> str:
    """The dates the advice is headed with (``walk.headline_dates``), in the record's words: "Response due by ...",
    or where the stage sets no response time, each timed action's own ("Hold the meeting by ..."); an indicative
    time saying so."""
    parts = []
    for due in step.get("due") or ():
        text = (w("record.due_by", date=due["text"]) if due["for"] == "response" else f"{due['label']} {due['text']}")
        parts.append(text + (f" {due['as_a_guide']}" if due.get("as_a_guide") else ""))
    return "; ".join(parts)


def _record_advice(document: WordDocument, policy: Policy, walk, step: dict) -> None:
    pathway = policy.pathway(step["pathway"]["id"])
    w = policy.wording
    document.heading(pathway.title, 1)
    rows = []
    for stage in pathway.stages:
        raised = walk.facts.get(f"{pathway.id}.{stage.id}.raised-on")
        used = walk.facts.get(f"{pathway.id}.{stage.id}.used")
        response = walk.facts.get(f"{pathway.id}.{stage.id}.response")
        if stage.id == step["stage"]["id"] and step["outcome"] == "raise":
            when = (w("record.to_raise_on", date=short_date(date.fromisoformat(step["raised_on"]["date"])))
                    if step["raised_on"] else w("record.to_raise_now"))
            rows.append([_stage_name(stage), when, _headline_text(w, step) or step["timescale"]["text"]])
        elif raised or response or used:
            outcome = w("record.response." + response.replace("-", "_")) if response in ("resolved", "not-resolved", "none") else ""
            if used == "yes":
                outcome = outcome or w("record.used")
            elif used == "no":
                outcome = w("record.not_used")
            rows.append([_stage_name(stage), short_date(raised) if isinstance(raised, date) else "", outcome])
    if rows:
        document.table([w("record.column.stage"), w("record.column.raised"), w("record.column.outcome")], rows,
                       [0.5, 0.2, 0.3])
    document.heading(w("record.next_step"), 2)
    document.paragraph(w("record.outcome." + step["outcome"], stage=f"{step['stage']['label']}: {step['stage']['title']}"),
                       bold=True)
    for notice in step["notices"]:
        document.paragraph(notice["text"])
    if step["deadline"]:
        document.paragraph(w("record.due_by_timescale", date=step["deadline"]["text"], timescale=step["timescale"]["text"]))
    else:
        document.paragraph(w("record.timescale", timescale=step["timescale"]["text"]))
    for action in step.get("actions") or ():     # each timed action of the stage, with its own date (``timing``)
        document.paragraph(w("record.action", action=action["action"], within=action["timescale"]["within"],
                             date=action["deadline"]["text"]) if action["deadline"] else
                           w("record.action_undated", action=action["action"], within=action["timescale"]["within"]))
    contacts = [[_side_words(w, c),
                 (w("record.may_consult") + " " if c.get("optional") else "") + " / ".join(c["names"])
                 + (f" (check: {c['hint']})" if c["status"] == "check" and c["hint"] else "")]
                for c in step["contacts"]]
    if contacts:
        document.heading(w("record.who_to_contact"), 2)
        document.table([w("record.column.where"), w("record.column.role")], contacts, [0.3, 0.7])
    document.heading(w("record.who_to_tell"), 2)
    duties = [[_duty_text(d, w), w("record.because" if d["status"] == "required" else "record.if", because=d["because"]), ""]
              for d in step["duties"]]
    if duties:
        document.table([w("record.column.what"), w("record.column.why"), w("record.column.done_on")], duties,
                       [0.45, 0.4, 0.15])
    else:
        document.paragraph(w("record.nobody_to_tell"))
    if step["form"]:
        document.paragraph(w("record.form", form=step["form"]["title"]))
    if step["records"]:
        document.heading(w("record.records"), 2)
        for record in step["records"]:
            document.paragraph("• " + _plain(record))
    document.heading(w("record.if_unresolved"), 2)
    if step["if_unresolved"]:
        document.paragraph(_plain(step["if_unresolved"]))
    elif step["next"]:
        rule = f" {step['next']['requires']}" if step["next"]["requires"] else ""
        document.paragraph(w("record.go_to", stage=f"{step['next']['label']}: {step['next']['title']}") + rule)
    else:
        document.paragraph(w("record.last_step") + (f" {_plain(step['after'])}" if step["after"] else ""))


def _stage_name(stage) -> str:
    """A stage as the record's table names it: with its group, where the policy groups its stages."""
    return f"{stage.name} ({stage.group.title})" if stage.group else stage.name


def _duty_text(duty: dict, w: Wording = DEFAULT) -> str:
    text = duty["action"]
    if duty["contact"] and duty["contact"]["email"]:
        text += f" ({duty['contact']['email']})"
    if duty["status"] == "check":
        text = w("record.check", action=text)
    return text


def _plain(markdown_text: str) -> str:
    """Markdown to plain text for a document: emphasis marks and list markers removed."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", markdown_text or "")
    text = re.sub(r"(?m)^\s*[-*]\s+", "• ", text)
    return re.sub(r"\n(?!\n|• )", " ", text).strip()


def _today(today) -> date:
    return today if isinstance(today, date) else date.fromisoformat(today)


# --- file name and e-mail -------------------------------------------------------------------------------------


def filename(policy: Policy, form_id: str, today: date | str, reference: str = "") -> str:
    """The form, the date and the escalation's random reference, never the child's name:
    "stage-3-escalation-form-2026-11-20-ESC-7K2M-Q9XD.docx". The reference tells apart the forms of two
    escalations made the same day (without it, every one of them had the same name)."""
    title = name_part(form_for(policy, form_id).title, "form")
    reference = clean_reference(reference)
    return f"{title}-{_today(today).isoformat()}" + (f"-{reference}" if reference else "") + ".docx"


def email_link(policy: Policy, form: Form, today: date | str) -> Optional[dict]:
    """A ready-to-send e-mail to the partnership inbox (or the form's copy contact), without the child's details."""
    to = policy.partnership.inbox
    if not to:
        to = next((policy.contact(c).email for c in form.copy_to if policy.contact(c).email), None)
    if not to:
        return None
    made = short_date(_today(today))
    subject = policy.wording("email.subject", form=form.title, date=made)
    body = policy.wording("email.body", form=form.title, date=made, partnership=policy.partnership.short_name,
                          policy=policy.document.title)
    return {"to": to, "subject": subject, "body": body,
            "href": f"mailto:{to}?subject={quote(subject)}&body={quote(body)}"}
