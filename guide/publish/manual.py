"""The procedures manual: a policy rendered into Markdown pages through Jinja2 templates (build time).

Generation is independent of MkDocs: it writes plain Markdown (with attribute lists and raw HTML), which MkDocs
with Material for MkDocs then builds. Moving to another static site generator means changing only guide/site.py.
"""

from __future__ import annotations

import functools

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from ..engine.model import Form, Pathway, Policy, Stage
from ..engine.walk import partnership_body
from ..engine.workdays import MONTHS
from ..engine.wording import mid_sentence
from .policy_text import for_theme, front_matter, markdown_html, plain

TEMPLATES = Path(__file__).parent / "templates"
SIDES = (
    ("both", "Each side's equivalent", "guide.contacts.equivalent"),    # a wording key: the guide says the same
    ("yours", "In your agency", None),
    ("theirs", "In the other agency", None),
    ("partnership", "The partnership or another body", None),
)


_EMERGENCY = re.compile(r"(?<![\w\[])(\*\*)?999(\*\*)?(?![\w\]])")


def tel_links(markdown_text: str) -> str:
    """999 in a policy's Markdown as a link a phone can call: "**999**" becomes "[**999**](tel:999)"."""
    return _EMERGENCY.sub("[**999**](tel:999)", markdown_text or "")


def month_or_date(text: Optional[str]) -> str:
    """"2016-06" → "June 2016"; "2026-04-01" → "1 April 2026"."""
    if not text:
        return ""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"


def version_line(policy: Policy, today: date | None = None) -> str:
    """One line for the top of every page: the version and the dates, or that the source gives none."""
    doc = policy.document
    parts = [f"Version {doc.version}" if doc.version else "Version not stated in the source"]
    parts.append(f"effective {month_or_date(doc.effective_date)}" if doc.effective_date else "effective date not stated")
    parts.append(f"next review {month_or_date(doc.review_date)}" if doc.review_date else "review date not stated")
    if doc.status == "current" and review_passed(doc.review_date, today or date.today()):
        parts[-1] = f"under review (review date {month_or_date(doc.review_date)} has passed)"
    if doc.status == "superseded":
        parts.insert(0, "Superseded")
    if doc.status == "draft":
        parts.insert(0, "DRAFT")
    if doc.status == "model":
        parts.insert(0, "Model procedure")
    return " · ".join(parts)


def review_passed(review_date: Optional[str], today: date) -> bool:
    """Whether a review date ("2026-04" or "2026-04-01") is before today (a month counts to its end)."""
    if not review_date:
        return False
    parts = [int(p) for p in review_date.split("-")]
    if len(parts) == 2:
        year, month = parts[0] + parts[1] // 12, parts[1] % 12 + 1
        return today >= date(year, month, 1)
    return today > date(*parts)


@dataclass
class Page:
    path: str          # relative to the partnership's docs folder, e.g. "pathways/escalation.md"
    title: str
    markdown: str


class ManualRenderer:
    """Renders one policy into the pages of its manual."""

    def __init__(self, policy: Policy, previous: list[Policy] | None = None, current: Policy | None = None,
                 extra_pages: list[Page] | None = None, built: date | None = None, variant=None,
                 variants: dict | None = None, region: tuple[str, list[tuple[str, str]]] | None = None):
        self.policy = policy
        # The region's name and its other areas on the site (name, address from this manual's home page), for a
        # local policy in force: its home page links them.
        self.region = region
        self.variant = variant            # a local policy built on a regional base (variants.Variant), or None
        self.variants = variants or {}    # the previous versions' variants, by site path
        self.previous = previous or []
        self.current = current            # for a superseded version: the policy in force
        self.extra_pages = extra_pages or []
        self.built = built or date.today()    # the day the site is built (accessibility statement)
        # The output is Markdown. Every value is escaped (policy text is data) unless it is already markup:
        # `| md` renders a Markdown field to sanitised HTML, `| e` escapes for HTML, macros return markup.
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            finalize=lambda value: value if isinstance(value, Markup) or not isinstance(value, str) else plain(value),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.filters.update(
            month_or_date=month_or_date,
            short=lambda text, n=60: text if len(text) <= n else text[: n - 1].rstrip() + "…",
            role=lambda role_id: self.policy.role(role_id).title,
            titles=lambda ids: [self.policy.role(r).title for r in ids],
            # Roles who raise a stage act together: "and", in the guide's words (guide.now.raise_by.and).
            together=lambda ids: functools.reduce(
                lambda first, second: self.policy.wording("guide.now.raise_by.and", first=first, second=second),
                [title if i == 0 else mid_sentence(title) for i, title in enumerate(self.policy.role(r).title for r in ids)]),
            oneline=plain,
            cell=plain,                     # escapes | too, so it is safe in a table cell
            md=jinja2.pass_context(lambda context, text: markdown_html(text, page=context["page_path"])),
            md_inline=jinja2.pass_context(
                lambda context, text: markdown_html(text, inline=True, page=context["page_path"])),
            md_cell=jinja2.pass_context(lambda context, text: Markup(" ".join(
                markdown_html(text, inline=True, page=context["page_path"]).split()).replace("|", "&#124;"))),
            url=lambda text: Markup(quote(str(text), safe=":/?#@!$&'*+,;=%~._-")),
            front_matter=front_matter,
            route_why=lambda quote, w: (w("why.label.route"), quote),
            tel=tel_links,
        )

    def render(self, name: str, page_path: str, **context) -> str:
        """Template ``name`` as the Markdown of manual page ``page_path`` (links in policy text are made relative
        to it)."""
        return self.env.get_template(name).render(policy=self.policy, p=self.policy, w=self.policy.wording,
                                                  page_path=page_path, local=self.local_label,
                                                  variant=self.variant, **context)

    def local_label(self, *key) -> Markup:
        """"Local to <area>" where the local policy adds or rewrites what ``key`` names (variants.local_keys)."""
        if self.variant is None or not self.variant.is_local(*key):
            return Markup("")
        words = self.policy.wording("manual.local_to", area=self.variant.area)
        return Markup('<strong class="local-tag">{}</strong>').format(words)

    def pages(self) -> list[Page]:
        policy = self.policy
        pages = [
            Page("index.md", "Home", self.render("index.md.j2", "index.md", current=self.current,
                                                 region_name=self.region[0] if self.region else "",
                                                 region_areas=self.region[1] if self.region else [])),
            Page("when-to-use.md", "When to use this policy", self.render("when-to-use.md.j2", "when-to-use.md")),
        ]
        for pathway in policy.pathways:
            pages.append(Page(f"pathways/{pathway.id}.md", pathway.title,
                              self.render("pathway.md.j2", f"pathways/{pathway.id}.md", pathway=pathway, stage_view=self.stage_view,
                                          flow=self.flow(pathway))))
        for form in policy.forms:
            pages.append(Page(f"forms/{form.id}.md", form.title,
                              self.render("form.md.j2", f"forms/{form.id}.md", form=form, used_at=self.form_uses(form),
                                          filled_at=self.filled_at(form), same_as=self.same_as(form))))
        pages += self.extra_pages
        pages += [
            Page("contacts.md", "Contacts and roles", self.render("contacts.md.j2", "contacts.md", roles_by_agency=self.roles_by_agency())),
            Page("glossary.md", "Glossary", self.render("glossary.md.j2", "glossary.md")),
            Page("privacy.md", "Privacy", self.render("privacy.md.j2", "privacy.md")),
            Page("accessibility.md", "Accessibility statement", self.render(
                "accessibility.md.j2", "accessibility.md", built=self.built.isoformat())),
            Page("versions.md", "Version history", self.render(
                "versions.md.j2", "versions.md", previous=self.previous, current=self.current,
                changes=[(old, self.changes(old)) for old in self.previous],
                base=self.base_view())),
        ]
        return pages

    def nav(self, pages: list[Page]) -> list:
        """The MkDocs navigation: home and when-to-use first, then pathways, forms, then reference pages."""
        by_path = {p.path: p for p in pages}
        nav: list = [{"Home": "index.md"}, {"When to use this policy": "when-to-use.md"}]
        if "guide/index.md" in by_path:
            nav.append({for_theme(self.policy.wording("manual.find_your_stage")): "guide/index.md"})
        nav.append({"Pathways": [{for_theme(p.title): p.path} for p in pages if p.path.startswith("pathways/")]})
        forms = [{for_theme(p.title): p.path} for p in pages if p.path.startswith("forms/")]
        if forms:
            nav.append({"Forms": forms})
        for path in ("routes.md", "contacts.md", "glossary.md", "versions.md"):
            if path in by_path:
                nav.append({for_theme(by_path[path].title): path})
        about = [{for_theme(by_path[p].title): p} for p in ("privacy.md", "accessibility.md") if p in by_path]
        if about:
            nav.append({"About this site": about})
        return nav

    # --- views the templates use ---

    def changes(self, old: Policy) -> list[tuple[str, str, str, str]]:
        """(what, before, now, where) for every fact that differs from a previous version; ``where`` says, for a
        local policy built on a base, whether the change came with the base or is local ("" otherwise)."""
        from .variants import base_policy

        rows = compare_facts(old, self.policy)
        old_variant = self.variants.get(old.site_path)
        if self.variant is None:
            return [(what, before, after, "") for _, what, before, after in rows]
        old_base = base_policy(old_variant) if old_variant else None
        new_base = base_policy(self.variant)
        before, after = _policy_facts(old_base) if old_base else {}, _policy_facts(new_base)
        area = self.variant.area
        missing = (None, "not in this version")

        def from_base(key, now) -> bool:   # the base changed this fact, and the local policy takes the base's
            return old_base is not None and before.get(key, missing) != after.get(key, missing) and \
                after.get(key, missing)[1] == now

        return [(what, was, now, "Base" if from_base(key, now) else area) for key, what, was, now in rows]

    def base_view(self) -> dict | None:
        """The version page's lines on the base a local policy is built on, and each difference from it."""
        if self.variant is None:
            return None
        document = self.variant.base_document
        return {"title": document.get("title", ""), "version": document.get("version"),
                "effective": document.get("effective_date"),
                "partnership": (self.variant.base_data.get("partnership") or {}).get("name", ""),
                "reviewed_against": self.variant.base_version, "area": self.variant.area,
                "differences": self.variant.differences}

    def stage_view(self, pathway: Pathway, stage: Stage) -> dict:
        """What a stage section shows: contacts grouped by side, duties, records, the next stage."""
        policy = self.policy
        groups = []
        for side, heading, explain, entries in _side_groups(policy, stage):
            general = [e for e in entries if e.agency is None]
            specific = [e for e in entries if e.agency is not None]
            groups.append({
                "heading": heading, "explain": policy.wording(explain) if explain else None,
                # Each title on its own (a list where there are several, as in the guide): a title may hold a comma,
                # and roles joined by commas read as more roles than there are.
                "general": [(_who(policy, e), e.hint, e.contact) for e in general],
                "agencies": [(policy.agency(e.agency).name, _who(policy, e), e.hint, e.contact) for e in specific],
            })
        stages = list(pathway.stages)
        position = stages.index(stage)
        duties = []
        for duty in pathway.duties_for(stage):
            who = policy.role(duty.role).title if duty.role else None
            contact = policy.contact(duty.contact) if duty.contact else None
            duties.append({"duty": duty, "who": who, "contact": contact,
                           "key": " ".join(duty.action.split()).rstrip(".").lower()})   # as variants._words
        return {
            "groups": groups,
            "duties": duties,
            "instructions": pathway.instructions_for(stage),
            "records": pathway.records_for(stage),
            "next": stages[position + 1] if position + 1 < len(stages) else None,
            "form": policy.form(stage.form) if stage.form else None,
            "requires": [pathway.stage(s) for s in stage.requires.stages] if stage.requires else [],
            "why": self.stage_why(pathway, stage),
        }

    def stage_why(self, pathway: Pathway, stage: Stage) -> list[tuple[str, object]]:
        """(what, quote) for every rule of a stage, in the order the stage shows them: the guide's "Why?"."""
        policy, w = self.policy, self.policy.wording
        items = [(w("why.label.stage"), stage.quote), (w("why.label.raised_by"), stage.raised_by_quote)]
        for entry in stage.contacts:
            roles = "; ".join(policy.contact_names(entry))  # a title may hold a comma
            if entry.agency:
                roles += f" ({policy.agency(entry.agency).name})"
            items.append((w("why.label.contact", roles=roles), entry.quote))
        items += [(w("why.label.timescale"), stage.timescale.quote)]
        items += [(w("why.label.action", action=a.action), a.timescale.quote or a.quote) for a in stage.actions]
        items += [
                  (w("why.label.raise_within"), stage.raise_within.quote if stage.raise_within else None),
                  (w("why.label.requires"), stage.requires.quote if stage.requires else None),
                  (w("why.label.form"), stage.form_quote)]
        items += [(w("why.label.duty", action=d.action.rstrip(".")), d.quote) for d in pathway.duties_for(stage)]
        items += [(w("why.label.instruction", text=i.text.rstrip(".")), i.quote) for i in pathway.instructions_for(stage)]
        items += [(w("why.label.records"), q) for q in (stage.records_quote, pathway.records_quote)]
        return items

    def flow(self, pathway: Pathway) -> list[dict]:
        """The flowchart's boxes, from the stages: label, title, who to contact, timescale."""
        boxes = []
        for stage in pathway.stages:
            roles = []
            for entry in stage.contacts:
                if entry.agency is None and not entry.optional:
                    roles += self.policy.contact_names(entry)
            time = stage.timescale.describe(self.policy.wording)
            if stage.timescale.kind == "not-stated" and stage.actions:    # a stage dated only by its timed actions
                time = "; ".join(f"{a.action}: {a.timescale.describe(self.policy.wording)}" for a in stage.actions)
            boxes.append({"stage": stage, "roles": roles, "time": time})
        return boxes

    def filled_at(self, form) -> dict[str, list[str]]:
        """For each recipient's field of a form, the stages at which the practitioner fills it (`form_fills`)."""
        found: dict[str, list[str]] = {}
        for _, stage in self.form_uses(form):
            for field_id in stage.form_fills:
                found.setdefault(field_id, []).append(stage.label)
        return found

    @staticmethod
    def same_as(form: Form) -> dict[str, str]:
        """For each recipient's field holding the value of one the practitioner fills (the same `key`), that field's
        label: the guide fills it in too (guide.engine.documents.given)."""
        found: dict[str, str] = {}
        for field in form.fields:
            if field.completed_by == "recipient":
                twin = next((f for f in form.fields if f.completed_by != "recipient" and f.value_key == field.value_key), None)
                if twin is not None:
                    found[field.id] = twin.label
        return found

    def form_uses(self, form: Form) -> list[tuple[Pathway, Stage]]:
        return [(p, s) for p in self.policy.pathways for s in p.stages if s.form == form.id and not p.stages_from]

    def roles_by_agency(self) -> list[tuple[str, list]]:
        groups = [("Any agency", [r for r in self.policy.roles if r.agency is None])]
        for agency in self.policy.agencies:
            roles = [r for r in self.policy.roles if r.agency == agency.id]
            if roles:
                groups.append((agency.name, roles))
        return groups


# --- what changed between two versions --------------------------------------------------------------------


def _policy_facts(policy: Policy) -> dict[tuple, tuple[str, str]]:
    """The comparable facts of a policy: {key made of ids: (a reader's description, the value)}.

    Keys use pathway, stage, question and signpost ids, not labels, so that two pathways whose steps share labels
    (the model procedure's five) are compared step by step.
    """
    facts: dict[tuple, tuple[str, str]] = {
        ("partnership",): ("Partnership", f"{policy.partnership.name} ({policy.partnership.short_name})"),
        ("inbox",): ("Partnership inbox", policy.partnership.inbox or "none given"),
        ("pathways",): ("Processes", "; ".join(p.title for p in policy.pathways)),
        ("forms",): ("Forms", "; ".join(f.title for f in policy.forms) or "none"),
        ("immediate-risk",): (policy.wording("why.label.immediate_risk"),
                              f"{policy.immediate_risk.summary} {' '.join(policy.immediate_risk.instruction.split())}"),
    }
    if policy.owners:
        facts[("owners",)] = (policy.wording("manual.owners.title"), "; ".join(
            o.name + "".join(f", {x}" for x in (o.inbox, o.chair) if x) for o in policy.owners))
    for question in policy.questions:
        options = "; ".join(o.label for o in question.options) if question.options else question.type
        facts[("question", question.id)] = (f"Question “{question.text}”", options)
    for signpost in policy.signposts:
        facts[("signpost", signpost.id)] = (f"Other procedure: {signpost.title}", " ".join(signpost.instruction.split()))
    for pathway in policy.pathways:
        if pathway.stages_from:
            continue
        for stage in pathway.stages:
            def fact(aspect: str, value: str, pathway=pathway, stage=stage):
                facts[("stage", pathway.id, stage.id, aspect)] = (f"{pathway.title} › {stage.label}: {aspect}", value)
            fact("title", stage.title)
            if stage.group:
                fact("group", stage.group.title)
            fact("timescale", stage.timescale.describe(policy.wording))
            if stage.raise_within:
                fact("when to raise it", stage.raise_within.describe(policy.wording))
            fact("who raises it", ", ".join(policy.role(r).title for r in stage.raised_by) or "not said")
            roles = []
            for entry in stage.contacts:
                where = policy.agency(entry.agency).name if entry.agency else "any agency"
                titles = ", ".join(policy.contact_names(entry)) + (" (may consult)" if entry.optional else "")
                roles.append(f"{titles} ({where}{'; ' + entry.hint if entry.hint else ''})")
            fact("who to contact", "; ".join(roles))
            duties = [f"{d.action} ({'if ' if d.when else 'because '}{d.because})" for d in pathway.duties_for(stage)]
            fact("who to tell", "; ".join(duties) or "none")
            if pathway.instructions_for(stage):
                fact("what to do", "; ".join(i.text for i in pathway.instructions_for(stage)))
            fact("form", (policy.form(stage.form).title + (f" (if {stage.form_because})" if stage.form_when else ""))
                 if stage.form else "none")
            fact("before this stage", stage.requires.wording if stage.requires else "no rule")
    return facts


def compare_policies(old: Policy, new: Policy) -> list[tuple[str, str, str]]:
    """(what, before, after) for every fact that differs between two versions, in the newer one's order."""
    return [(what, before, after) for _, what, before, after in compare_facts(old, new)]


def compare_facts(old: Policy, new: Policy) -> list[tuple[tuple, str, str, str]]:
    """(key, what, before, after) for every fact that differs between two versions, in the newer one's order."""
    before, after = _policy_facts(old), _policy_facts(new)
    keys = list(after) + [k for k in before if k not in after]
    missing = ("", "not in this version")
    return [(k, (after.get(k) or before[k])[0], before.get(k, missing)[1], after.get(k, missing)[1])
            for k in keys if before.get(k, missing)[1] != after.get(k, missing)[1]]


def _side_groups(policy: Policy, stage: Stage):
    """(side, heading, explain, entries) for each side a stage's contacts are on, in ``SIDES``' order. Outside the
    two agencies, an inbox or line is headed by whose it is, as the guide shows it (``walk.partnership_body``): an
    owner of a joint protocol ("At Riverside Safeguarding Adults Board"), or only its own name ("Contact"), never
    "the partnership or another body"."""
    for side, heading, explain in SIDES:
        entries = [e for e in stage.contacts if e.side == side]
        if side != "partnership":
            if entries:
                yield side, heading, explain, entries
            continue
        headings: dict[str, list] = {}
        for entry in entries:
            body = partnership_body(policy, entry)
            shown = heading if body["kind"] == "partnership" else policy.wording(
                "guide.side." + body["kind"], owner=body["name"])
            headings.setdefault(shown, []).append(entry)
        for shown, grouped in headings.items():
            yield side, shown, explain, grouped


def _who(policy, entry) -> list[str]:
    """A stage's contact entry in the manual, as plain text, one item a title: its roles, or its contact's name (the
    template links a contact to the contacts page); marked optional where the policy says they only may be consulted."""
    names = policy.contact_names(entry)
    return [policy.wording("manual.may_consult", who=name) for name in names] if entry.optional else names
