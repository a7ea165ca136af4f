"""Filled documents: the policy's forms and an escalation record, as Word files (standard library only).

The guide asks for a form's fields one section at a time, pre-filled from the answers already given; fields that
share a ``key`` share one value across the partnership's forms. Values are kept as typed (dates as YYYY-MM-DD or
{"day", "month", "year"}). Fields completed by the recipient are left blank in the document, for them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Mapping, Optional
from urllib.parse import quote

from .docx import WordDocument
from .engine import parse_date, replay
from .model import Field, Form, FormSection, Policy
from .workdays import short_date

RECORD_ID = "escalation-record"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

RECORD_FORM = Form(
    id=RECORD_ID,
    title="Escalation record",
    purpose="A summary of the escalation for your records: the case, each stage with its dates, the next step and "
            "who to tell. Keep it with your agency's record of the case.",
    sections=(
        FormSection("About you", (
            Field("sender-name", "Your name and job title", key="sender-name"),
            Field("sender-service", "Your agency, service or team", key="sender-service", prefill="answer:own-agency"),
            Field("sender-contact", "Your work e-mail address or telephone number", key="sender-contact"),
            Field("line-manager", "Your line manager", key="line-manager-name", required=False),
        )),
        FormSection("The child", (
            Field("child-name", "Child's name or initials", key="child-name", personal=True, required=False,
                  hint="Leave this blank if the concern is not about one child."),
            Field("child-dob", "Child's date of birth", key="child-dob", type="date", personal=True, required=False),
        )),
        FormSection("The disagreement", (
            Field("other-agency", "The agency you disagree with", key="recipient-service", prefill="answer:other-agency",
                  required=False),
            Field("other-contact", "Who you are dealing with there", key="other-contact", required=False,
                  hint="Their job title, not only their name."),
            Field("summary", "What the disagreement is about", type="long-text", key="concern-summary", personal=True),
            Field("requested-action", "What you want to happen", type="long-text", key="requested-action", personal=True),
        )),
    ),
)


def form_for(policy: Policy, form_id: str) -> Form:
    return RECORD_FORM if form_id == RECORD_ID else policy.form(form_id)


def sender_sections(form: Form) -> list[FormSection]:
    """The sections the practitioner fills in: fields for the recipient are left out."""
    sections = []
    for section in form.sections:
        fields = tuple(f for f in section.fields if f.completed_by == "sender")
        if fields:
            sections.append(FormSection(section.title, fields, section.note))
    return sections


def prefill(policy: Policy, form: Form, answers: Mapping[str, Any], today: date | str, walk=None) -> dict[str, str]:
    """Values the answers already give, keyed by field key: dates as YYYY-MM-DD, choices as their labels.

    ``walk`` is the answers already replayed (``guide.engine.replay``), where the caller has it.
    """
    walk = walk or replay(policy, answers, today)[0]
    values = {}
    for field in form.fields:
        if field.completed_by != "sender" or not field.prefill:
            continue
        if field.prefill == "today":
            values[field.value_key] = walk.today.isoformat()
            continue
        qid = field.prefill[len("answer:"):]
        if qid not in walk.order:
            continue
        value = walk.facts[qid]
        question = walk.questions[qid]
        if isinstance(value, date):
            values[field.value_key] = value.isoformat()
        elif question.type in ("choice", "yes-no"):
            values[field.value_key] = question.label_for(value)
        else:
            values[field.value_key] = str(value)
    return values


def form_screens(policy: Policy, form_id: str, answers: Mapping, details: Mapping, today: date | str) -> dict:
    """What the guide needs to ask for a form: its sections and fields, each with its current value."""
    form = form_for(policy, form_id)
    filled = prefill(policy, form, answers, today)
    sections = []
    for section in sender_sections(form):
        fields = []
        for field in section.fields:
            key = field.value_key
            fields.append({
                "id": field.id, "key": key, "label": field.label, "hint": field.hint, "type": field.type,
                "required": field.required, "personal": field.personal,
                "value": details[key] if key in details else filled.get(key, ""),
                "prefilled": key not in details and key in filled,
            })
        sections.append({"title": section.title, "note": section.note, "fields": fields})
    recipient = [f.label for f in form.fields if f.completed_by == "recipient"]
    return {"id": form.id, "title": form.title, "purpose": form.purpose, "sections": sections,
            "recipient_fields": recipient, "email": email_link(policy, form, today)}


def validate(policy: Policy, form_id: str, section_index: int, details: Mapping) -> list[dict]:
    """Errors in one section's values, in the order of its fields."""
    section = sender_sections(form_for(policy, form_id))[section_index]
    errors = []
    for field in section.fields:
        value = details.get(field.value_key, "")
        error = _field_error(field, value)
        if error:
            errors.append({"field": field.id, "key": field.value_key, **error})
    return errors


def _field_error(field: Field, value: Any) -> Optional[dict]:
    if field.type == "date":
        if _blank(value):
            return {"message": f"Enter “{field.label}”", "part": "day"} if field.required else None
        _, errors = parse_date(value, f"“{field.label}”")
        if errors:
            return {"message": errors[0]["message"], "part": errors[0]["field"] or "day"}
        return None
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return {"message": f"Enter “{field.label}”", "part": None} if field.required else None
    if field.type == "email" and not EMAIL.match(text):
        return {"message": "Enter an e-mail address in the right form, like name@example.gov.uk", "part": None}
    return None


def _blank(value) -> bool:
    if isinstance(value, Mapping):
        return all(not str(value.get(k) or "").strip() for k in ("day", "month", "year"))
    return not str(value or "").strip()


def display(field: Field, value: Any) -> str:
    """A value as it appears in the document and the check-your-answers list."""
    if field.type == "date" and not _blank(value):
        day, errors = parse_date(value)
        return short_date(day) if not errors else str(value)
    if isinstance(value, Mapping):
        return ""
    return str(value or "").strip()


# --- the documents ------------------------------------------------------------------------------------------


def _version(policy: Policy) -> str:
    doc = policy.document
    parts = [doc.title]
    parts.append(f"version {doc.version}" if doc.version else "version not stated")
    if doc.effective_date:
        parts.append(f"effective {doc.effective_date}")
    return ", ".join(parts)


def form_document(policy: Policy, form_id: str, answers: Mapping, details: Mapping, today: date | str) -> bytes:
    """A policy form, laid out as the source lays it out, with the practitioner's values; or the escalation record."""
    if form_id == RECORD_ID:
        return record_document(policy, answers, details, today)
    form = policy.form(form_id)
    made = _today(today)
    filled = {**prefill(policy, form, answers, made), **details}
    document = WordDocument(form.title, policy.partnership.name, made,
                            footer=f"{policy.partnership.name} · {form.title} · {_version(policy)} · made {short_date(made)}")
    document.heading(form.title, 0)
    document.paragraph(policy.partnership.name, bold=True)
    document.paragraph(f"Policy: {_version(policy)}. Made on {short_date(made)} with the escalation guide.", small=True)
    for section in form.sections:
        rows = [(f.label, display(f, filled.get(f.value_key, "")) if f.completed_by == "sender" else "")
                for f in section.fields]
        document.fields(rows, heading=section.title)
        if section.note:
            document.paragraph(section.note, italic=True, small=True)
    return document.to_bytes()


def record_document(policy: Policy, answers: Mapping, details: Mapping, today: date | str) -> bytes:
    made = _today(today)
    walk, step = replay(policy, answers, made)
    filled = {**prefill(policy, RECORD_FORM, answers, made, walk), **details}
    document = WordDocument(RECORD_FORM.title, policy.partnership.name, made,
                            footer=f"{policy.partnership.name} · Escalation record · {_version(policy)} · made {short_date(made)}")
    document.heading("Escalation record", 0)
    document.paragraph(policy.partnership.name, bold=True)
    document.paragraph(f"Policy: {_version(policy)}. Made on {short_date(made)} with the escalation guide.", small=True)
    for section in RECORD_FORM.sections:
        document.fields([(f.label, display(f, filled.get(f.value_key, ""))) for f in section.fields],
                        heading=section.title)
    if step["kind"] == "signpost":
        document.heading("What the guide said", 1)
        document.paragraph(step["signpost"]["title"], bold=True)
        document.paragraph(_plain(step["signpost"]["instruction"]))
    elif step["kind"] == "advice":
        _record_advice(document, policy, walk, step)
    document.heading("Your answers", 1)
    document.table(["Question", "Answer"], [[row["question"], row["answer"]] for row in step["summary"]], [0.6, 0.4])
    return document.to_bytes()


def _record_advice(document: WordDocument, policy: Policy, walk, step: dict) -> None:
    pathway = policy.pathway(step["pathway"]["id"])
    document.heading(pathway.title, 1)
    rows = []
    for stage in pathway.stages:
        raised = walk.facts.get(f"{pathway.id}.{stage.id}.raised-on")
        used = walk.facts.get(f"{pathway.id}.{stage.id}.used")
        response = walk.facts.get(f"{pathway.id}.{stage.id}.response")
        if stage.id == step["stage"]["id"] and step["outcome"] == "raise":
            when = f"To raise on {short_date(date.fromisoformat(step['raised_on']['date']))}" if step["raised_on"] else "To raise now"
            rows.append([stage.name, when, "Response due by " + step["deadline"]["text"] if step["deadline"] else
                         step["timescale"]["text"]])
        elif raised or response or used:
            outcome = {"resolved": "Resolved", "not-resolved": "Not resolved", "none": "No response yet"}.get(response, "")
            if used == "yes":
                outcome = outcome or "Used"
            elif used == "no":
                outcome = "Not used"
            rows.append([stage.name, short_date(raised) if isinstance(raised, date) else "", outcome])
    if rows:
        document.table(["Stage", "Raised", "Outcome"], rows, [0.5, 0.2, 0.3])
    results = {"raise": "Next step: raise", "waiting": "Now: wait for a response to", "resolved": "Resolved at",
               "end": "Not resolved after the last step,"}
    document.heading("Next step", 2)
    document.paragraph(f"{results[step['outcome']]} {step['stage']['label']}: {step['stage']['title']}.", bold=True)
    for notice in step["notices"]:
        document.paragraph(notice["text"])
    if step["deadline"]:
        document.paragraph(f"Response due by {step['deadline']['text']} ({step['timescale']['text']}).")
    else:
        document.paragraph(f"Timescale: {step['timescale']['text']}.")
    contacts = [[{"yours": "Your agency", "theirs": "The other agency", "partnership": "The partnership"}[c["side"]],
                 " / ".join(r["title"] for r in c["roles"]) + (f" (check: {c['note']})" if c["status"] == "check" and c["note"] else "")]
                for c in step["contacts"]]
    if contacts:
        document.heading("Who to contact", 2)
        document.table(["Where", "Role"], contacts, [0.3, 0.7])
    document.heading("Who to tell", 2)
    duties = [[_duty_text(d), "Because " + d["because"] if d["status"] == "required" else "If " + d["because"], ""]
              for d in step["duties"]]
    if duties:
        document.table(["What to do", "Why", "Done on"], duties, [0.45, 0.4, 0.15])
    else:
        document.paragraph("The policy names nobody else to tell at this stage.")
    if step["form"]:
        document.paragraph(f"Form: {step['form']['title']}.")
    if step["records"]:
        document.heading("Records to keep", 2)
        for record in step["records"]:
            document.paragraph("• " + _plain(record))
    document.heading("If it is not resolved", 2)
    if step["if_unresolved"]:
        document.paragraph(_plain(step["if_unresolved"]))
    elif step["next"]:
        rule = f" {step['next']['requires']}" if step["next"]["requires"] else ""
        document.paragraph(f"Go to {step['next']['label']}: {step['next']['title']}.{rule}")
    else:
        document.paragraph("This is the last step in the policy." + (f" {_plain(step['after'])}" if step["after"] else ""))


def _duty_text(duty: dict) -> str:
    text = duty["action"]
    if duty["contact"] and duty["contact"]["email"]:
        text += f" ({duty['contact']['email']})"
    if duty["status"] == "check":
        text = "Check: " + text
    return text


def _plain(markdown_text: str) -> str:
    """Markdown to plain text for a document: emphasis marks and list markers removed."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", markdown_text or "")
    text = re.sub(r"(?m)^\s*[-*]\s+", "• ", text)
    return re.sub(r"\n(?!\n|• )", " ", text).strip()


def _today(today) -> date:
    return today if isinstance(today, date) else date.fromisoformat(today)


# --- file name and e-mail -------------------------------------------------------------------------------------


def filename(policy: Policy, form_id: str, today: date | str) -> str:
    """The form and the date, never the child's name: "stage-3-escalation-form-2026-11-20.docx"."""
    title = form_for(policy, form_id).title
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return f"{slug}-{_today(today).isoformat()}.docx"


def email_link(policy: Policy, form: Form, today: date | str) -> Optional[dict]:
    """A ready-to-send e-mail to the partnership inbox (or the form's copy contact), without the child's details."""
    to = policy.partnership.inbox
    if not to:
        to = next((policy.contact(c).email for c in form.copy_to if policy.contact(c).email), None)
    if not to:
        return None
    made = short_date(_today(today))
    subject = f"{form.title}, {made}"
    body = (f"Please find attached the {form.title}, made on {made}, under the {policy.partnership.short_name} "
            f"{policy.document.title}.\n\nThe details of the child and family are in the attached document only.\n")
    return {"to": to, "subject": subject, "body": body,
            "href": f"mailto:{to}?subject={quote(subject)}&body={quote(body)}"}
