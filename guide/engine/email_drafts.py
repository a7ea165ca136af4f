"""E-mail drafts for the people the advice names (standard library only).

One draft per role contacted and per duty with someone to tell: the subject and body say the stage, the agencies, the
deadline and why this person is told, in the partnership's words (``email.*`` in wording.json). They never hold the
child's details: the engine is not given them here, and the body says where they are (the form, sent securely).
A draft has an address only where the policy gives one (a partnership inbox); otherwise the practitioner adds it.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping
from urllib.parse import quote

from .model import Policy
from .walk import replay, required_contacts
from .wording import mid_sentence

MAX_MAILTO = 1800        # characters: longer mailto: links are cut by some mail programs


def agencies_words(w, step: dict) -> str:
    """The two agencies of a disagreement, from the contacts on each side: "Health and Police"; where a stage
    names only one side, "Police and another agency"; where it names neither, "two agencies"."""
    names = {c["side"]: c["agency"]["name"] for c in step["contacts"] if c.get("agency")}
    if "yours" in names and "theirs" in names:
        return f"{names['yours']} and {names['theirs']}"
    one = names.get("yours") or names.get("theirs")
    return w("email.agencies_one", agency=one) if one else w("email.agencies_unknown")


def writable_contacts(step: dict) -> list[dict]:
    """The required contacts a practitioner can write to or chase: a "find a contact" directory with no inbox is a
    page to look someone up in, never a recipient (a draft "To: the liaison directory" cannot be sent)."""
    return [c for c in required_contacts(step)
            if not ((c.get("contact") or {}).get("directory") and not (c.get("contact") or {}).get("email"))]


def email_drafts(policy: Policy, answers: Mapping[str, Any], today: date | str) -> list[dict]:
    """The drafts for the advice these answers lead to: [] unless a stage is to be raised or is waiting."""
    _, step = replay(policy, answers, today)
    if step.get("kind") != "advice" or step.get("outcome") not in ("raise", "waiting"):
        return []
    w = policy.wording
    stage = f"{step['stage']['label']}: {step['stage']['title']}"
    agencies = agencies_words(w, step)
    timescale = step.get("timescale") or {}
    actions = [a for a in step.get("actions") or () if a.get("deadline")]
    if step.get("deadline"):
        due = w("email.due_by", within=timescale.get("within", ""), date=step["deadline"]["text"])
        if step.get("counted_from"):   # "That time is counted from Step 1 raised on ...": the date it counts from
            due += " " + w("deadline.counted_sentence", event=step["counted_from"]["text"])
    elif timescale.get("kind") == "not-stated":
        # No response time: no "asks for a response" (a stage with only a meeting or an action plan to date names
        # those below, each in its own words); with nothing dated, that the policy sets no time.
        due = "" if actions else w("email.due_not_stated")
    elif timescale.get("within"):
        due = w("email.due_within", within=timescale["within"])
    else:
        due = ""
    for action in actions:     # each timed action of the stage, with its own date
        due += " " + w("email.action_due", action=action["action"], within=action["timescale"]["within"],
                       date=action["deadline"]["text"])
    due = due.strip()
    form = step.get("form")
    details = w("email.details_form", form=form["title"]) if form and step["outcome"] == "raise" else w(
        "email.details_secure")
    common = {"stage": stage, "agencies": agencies, "partnership": policy.partnership.short_name,
              "policy": policy.document.title, "due": due, "details": details}
    drafts = []
    kind = "raise" if step["outcome"] == "raise" else "chase"
    for contact in writable_contacts(step):      # never one the policy says they only may consult, nor a directory
        if step["outcome"] == "waiting" and contact["side"] == "yours":
            continue                     # while waiting, chase the other side
        # One draft per role: an e-mail goes to one person, and roles joined by commas read as more roles (a title
        # may hold a comma: "Detective Superintendent, Head of Safeguarding"); the policy may mean either or both.
        to = (contact.get("contact") or {}).get("email") or ""
        for title in contact["names"]:
            drafts.append(_draft(policy, _who(policy, contact, mid_sentence(title)), to, w(f"email.{kind}.subject", **common),
                                 w(f"email.{kind}.body", roles=title, **common)))
    if step["outcome"] == "raise":
        for duty in step["duties"]:
            who = duty.get("role") or (duty.get("contact") or {}).get("name")
            if not who:
                continue
            to = (duty.get("contact") or {}).get("email") or ""
            drafts.append(_draft(policy, mid_sentence(who), to, w("email.tell.subject", **common),
                                 w("email.tell.body", roles=who, because=duty["because"], **common)))
    return drafts


def _who(policy: Policy, contact: Mapping[str, Any], roles: str) -> str:
    """Whom a draft is to, with their side: the same role is often contacted in both agencies (issue 19). It follows
    "E-mail to", so a sentence-case title is in lower case ("E-mail to manager, in your agency")."""
    side = contact["side"]
    if side not in ("yours", "theirs"):
        return roles
    agency = contact.get("agency")
    if agency:
        return policy.wording(f"email.who.{side}.agency", roles=roles, agency=agency["name"])
    return policy.wording(f"email.who.{side}", roles=roles)


def _draft(policy: Policy, who: str, to: str, subject: str, body: str) -> dict:
    href = f"mailto:{quote(to, safe='@')}?subject={quote(subject)}&body={quote(body)}"
    if len(href) > MAX_MAILTO:
        href = f"mailto:{quote(to, safe='@')}?subject={quote(subject)}"
    return {"who": who, "to": to, "subject": subject, "body": body, "href": href}
