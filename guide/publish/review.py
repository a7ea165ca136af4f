"""A partnership's review before publishing (build time): what the policy file leaves out, and every inference.

`python build.py review <slug>` prints it and writes every route as CSV; the manual's "Every route" page (not
indexed by search engines) shows the same list at the top.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
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

    walk(policy.immediate_risk, policy.wording("why.label.immediate_risk"))
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
        found.append("The policy is a draft: when the board has signed it off, record who approved it "
                     "(`document.approved`: by, role, date; the studio's form has a button for it) and run "
                     f"`python build.py release {policy.partnership.slug}`, which publishes it.")
    return found


# --- a local policy built on a regional base (guide/publish/variants.py) -------------------------------------


def departures(variant) -> list[str]:
    """Every way the local policy removes or weakens what its base says, with the local reason."""
    return [f"{d.what}: {d.reason}" for d in variant.differences]


def inherited(variant, policy: Policy) -> list[str]:
    """What a local policy shows as its own but takes from the base: the partnership's inbox (a variant with none of
    its own showed the regional inbox as "<local> inbox", and the review said nothing was missing)."""
    base = variant.base_data.get("partnership") if isinstance(variant.base_data.get("partnership"), dict) else {}
    inbox = policy.partnership.inbox
    if inbox and base.get("inbox") == inbox:
        return [f"The inbox shown as {policy.partnership.short_name}'s, {inbox}, is the base's: give "
                f"`partnership.inbox` in the local policy if {variant.area} has its own."]
    return []


@dataclass(frozen=True)
class ChangedRoute:
    answers: str          # "Is a child at immediate risk of harm? No; How far has it got? Stage 1"
    before: str           # the advice on the base version reviewed against
    now: str              # the advice on the base in force


def _advice(summary: dict) -> str:
    parts = [summary["result"]]
    for key, words in (("contacts", "contact"), ("timescale", "timescale"), ("deadline", "deadline"), ("duties", "tell")):
        if summary.get(key):
            parts.append(f"{words}: {summary[key]}")
    return "; ".join(parts)


def changed_routes(variant, today: date) -> tuple[str | None, list[ChangedRoute]]:
    """When the base has moved on from the version the local policy was reviewed against (`base_version`): the
    routes through the local policy whose advice differs between that base version and the base in force. Returns
    (a sentence on what was compared, or None when there is nothing to compare; the routes)."""
    from ..engine.routes import enumerate_routes, outcome_summary
    from .variants import policy_on_base

    current = variant.base_document.get("version")
    reviewed = variant.base_version
    if reviewed is None or current is None or str(current) == reviewed:
        return None, []
    old_base = variant.base_versions.get(reviewed)
    if old_base is None:
        return (f"The base is now version {current}; version {reviewed}, which this policy was reviewed against, is "
                f"not filed in the base's versions/ folder, so the routes cannot be compared."), []
    before = policy_on_base(variant.local_path, old_base, today)
    now = policy_on_base(variant.local_path, variant.base_path, today)
    if before is None or now is None:
        return (f"The local policy cannot be merged with version {reviewed} of the base: run `python build.py check` "
                f"on {old_base.name}."), []

    def advice(policy) -> dict:
        return {r.answers: (r.labels, _advice(outcome_summary(r.outcome))) for r in enumerate_routes(policy, today)}

    old, new = advice(before), advice(now)
    changed = []
    for answers in list(new) + [a for a in old if a not in new]:
        was, is_now = old.get(answers), new.get(answers)
        if was is None or is_now is None or was[1] != is_now[1]:
            labels = (is_now or was)[0]
            changed.append(ChangedRoute("; ".join(f"{q} {a}" for _, q, a in labels),
                                        was[1] if was else "no such route", is_now[1] if is_now else "no such route"))
    return (f"The base moved from version {reviewed} to version {current}: {len(changed)} route"
            f"{'' if len(changed) == 1 else 's'} through this policy now give different advice."), changed


def readings_to_check(policy: Policy) -> list[str]:
    """"Check this reading": each role, inbox or form of a rule that its quote does not name (``check.readings``)."""
    return [reading.sentence() for reading in readings(policy)]
