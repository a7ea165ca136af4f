"""A partnership's review before publishing (build time): what the policy file leaves out, and every inference.

`python build.py review <slug>` prints it and writes every route as CSV; the manual's "Every route" page (not
indexed by search engines) shows the same list at the top.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from ..engine.model import Policy, Quote
from .check.readings import readings
from .manual import month_or_date, review_passed


def inferences(policy: Policy) -> list[str]:
    """Every rule marked `from_source: false`, with the authors' reason."""
    found: list[str] = []

    def walk(node, where: str):
        if isinstance(node, Quote):
            if not node.from_source:
                found.append(f"{where}: {' '.join((node.note or 'no reason given').split())}")
            return
        if dataclasses.is_dataclass(node) and not isinstance(node, type):
            label = getattr(node, "title", None) or getattr(node, "label", None) or getattr(node, "action", None)
            here = f"{where} › {label}" if isinstance(label, str) and label else where
            for item in dataclasses.fields(node):
                if not item.name.startswith("_"):
                    walk(getattr(node, item.name), here)
        elif isinstance(node, (tuple, list)):
            for item in node:
                walk(item, where)

    walk(policy.immediate_risk, "If a child is at immediate risk")
    for name in ("signposts", "pathways", "forms", "routes"):
        walk(getattr(policy, name, ()), {"signposts": "Other procedures", "pathways": "Processes", "forms": "Forms",
                                         "routes": "Routes"}[name])
    return list(dict.fromkeys(found))


def gaps(policy: Policy, today: date | None = None) -> list[str]:
    """What a reviewer should settle before publishing, in plain sentences."""
    today = today or date.today()
    doc, partnership = policy.document, policy.partnership
    found = []
    if not doc.version:
        found.append("The policy gives no version number (`document.version`).")
    if not doc.effective_date:
        found.append("The policy gives no effective date (`document.effective_date`).")
    if not doc.review_date:
        found.append("The policy gives no review date (`document.review_date`).")
    elif review_passed(doc.review_date, today):
        found.append(f"The review date, {month_or_date(doc.review_date)}, has passed: the site says \"under review\".")
    if not partnership.inbox:
        found.append("No partnership inbox (`partnership.inbox`): practitioners cannot be told where to send copies.")
    if not policy.immediate_risk.from_source:
        found.append("The immediate-risk wording is national advice, not the partnership's own: add the partnership's "
                     "wording if it has one.")
    for form in policy.forms:
        if not form.sections:
            found.append(f"The guide cannot fill in the form \"{form.title}\": its fields are not in the policy file.")
    if doc.status == "draft":
        found.append("The policy is a draft: set `document.status: current` when it is signed off.")
    return found


def readings_to_check(policy: Policy) -> list[str]:
    """"Check this reading": each role, inbox or form of a rule that its quote does not name (``check.readings``)."""
    return [reading.sentence() for reading in readings(policy)]
