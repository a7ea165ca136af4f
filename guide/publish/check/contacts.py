"""Every contact the manual and the guide send someone to has a way to reach it (a warning where none is given)."""

from __future__ import annotations

from .problems import PolicyFile, _short

ROUTES = ("email", "phone", "website", "directory")   # an inbox, a phone line, a page, a "find a contact" page


def _route_warnings(policy: PolicyFile) -> None:
    """Every contact the manual and the guide send someone to (a duty's, a form's copy, "ask the Business Manager")
    needs a way to reach it, or the practitioner is sent to a dead end: without one the check says so. The build
    goes on: a source that gives none is not a reason to invent one (say so in the contact's `note`)."""
    contacts = policy.data.get("contacts") if isinstance(policy.data, dict) else None
    for index, contact in enumerate(contacts if isinstance(contacts, list) else []):
        if not isinstance(contact, dict) or any(isinstance(contact.get(key), str) and contact[key].strip()
                                                for key in ROUTES):
            continue
        name = contact.get("name") if isinstance(contact.get("name"), str) else contact.get("id")
        path = ("contacts", index, "id") if "id" in contact else ("contacts", index)
        policy.warnings.append(policy.problem(path, f"warning: the contact `{_short(str(contact.get('id')))}` "
                                              f"({_short(str(name))}) has no route: give its `email`, `phone`, "
                                              "`website` or `directory` (an inbox, a phone line, a page or a \"find "
                                              "a contact\" page), or, if the source gives "
                                              "none, say so in its `note`"))
