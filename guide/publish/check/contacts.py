"""Every contact the manual and the guide send someone to has a way to reach it (a warning where none is given)."""

from __future__ import annotations

from .problems import PolicyFile, _short

ROUTES = ("email", "phone", "website", "directory")   # an inbox, a phone line, a page, a "find a contact" page


def _route_warnings(policy: PolicyFile) -> None:
    """Every contact the manual and the guide send someone to (a duty's, a form's copy, "ask the Business Manager")
    needs a way to reach it, or the practitioner is sent to a dead end: without one the check says so. The build
    goes on: a source that gives none is not a reason to invent one. `no_route: true` says the source gives none
    (then the warning is answered, and `hint` must tell practitioners where to look); beside a route it is a
    contradiction (an error, from ``_route_problems``)."""
    contacts = policy.data.get("contacts") if isinstance(policy.data, dict) else None
    for index, contact in enumerate(contacts if isinstance(contacts, list) else []):
        if not isinstance(contact, dict) or _routes(contact):
            continue
        name = contact.get("name") if isinstance(contact.get("name"), str) else contact.get("id")
        path = ("contacts", index, "id") if "id" in contact else ("contacts", index)
        if contact.get("no_route") is True:
            if not (isinstance(contact.get("hint"), str) and contact["hint"].strip()):
                policy.warnings.append(policy.problem(("contacts", index, "no_route"),
                                                      f"warning: the contact `{_short(str(contact.get('id')))}` has "
                                                      "no route in the source: say in its `hint` where practitioners "
                                                      "can find one (\"Ask your agency for its contact details.\")"))
            continue
        policy.warnings.append(policy.problem(path, f"warning: the contact `{_short(str(contact.get('id')))}` "
                                              f"({_short(str(name))}) has no route: give its `email`, `phone`, "
                                              "`website` or `directory` (an inbox, a phone line, a page or a \"find "
                                              "a contact\" page), or, if the source gives none, write "
                                              "`no_route: true` and say in its `hint` where to find one"))


def _route_problems(policy: PolicyFile) -> list:
    """A contact that says the source gives it no route (`no_route: true`) and gives one: one of them is wrong."""
    contacts = policy.data.get("contacts") if isinstance(policy.data, dict) else None
    found = []
    for index, contact in enumerate(contacts if isinstance(contacts, list) else []):
        if isinstance(contact, dict) and contact.get("no_route") is True and _routes(contact):
            found.append(policy.problem(("contacts", index, "no_route"),
                                        f"the contact `{_short(str(contact.get('id')))}` says `no_route: true` and "
                                        f"gives its {', '.join('`' + key + '`' for key in _routes(contact))}: remove "
                                        "one of them"))
    return found


def _routes(contact: dict) -> list[str]:
    return [key for key in ROUTES if isinstance(contact.get(key), str) and contact[key].strip()]


def _you_as_the_other_agency(policy: PolicyFile) -> None:
    """A role marked `you: true` is the person using the guide; named as the other agency's contact, the guide says
    "In the other agency: The practitioner who disagrees" (the practitioner themselves). A warning at the contact,
    with the fix: a role of its own for the professional in the other agency (found by a regional trial)."""
    data = policy.data if isinstance(policy.data, dict) else {}
    roles = data.get("roles") if isinstance(data.get("roles"), list) else []
    you = {r.get("id") for r in roles if isinstance(r, dict) and r.get("you") is True}
    pathways = data.get("pathways") if isinstance(data.get("pathways"), list) else []
    for p_index, pathway in enumerate(pathways):
        stages = pathway.get("stages") if isinstance(pathway, dict) else None
        for s_index, stage in enumerate(stages if isinstance(stages, list) else []):
            contacts = stage.get("contacts") if isinstance(stage, dict) else None
            for c_index, contact in enumerate(contacts if isinstance(contacts, list) else []):
                if not isinstance(contact, dict) or contact.get("side") not in ("theirs", "both"):
                    continue
                named = contact.get("roles") if isinstance(contact.get("roles"), list) else []
                for r_index, role in enumerate(named):
                    if isinstance(role, str) and role in you:
                        policy.warnings.append(policy.problem(
                            ("pathways", p_index, "stages", s_index, "contacts", c_index, "roles", r_index),
                            f"warning: the role `{_short(role)}` is the person using the guide (`you: true`), so "
                            f"on side `{contact['side']}` the guide names them as someone to contact in the other "
                            "agency; add a role of its own for the professional in the other agency (like "
                            "`{id: other-practitioner, title: The other practitioner}`) and name it "
                            "here"))
