"""The rules the schema cannot express: ids unique and every reference known, the first question and the routes
the guide needs, stages in order, fast routes asked early, forms used and their fields. Defensive: a part the
schema already reported as malformed is skipped."""

from __future__ import annotations

import difflib
import re

from ...engine.conditions import condition_keys
from .colours import contrast_with_white
from .dates import _date_key, _date_message, _valid_date
from .problems import PolicyFile, Problem, _short
from .references import References, _listed  # noqa: F401
from .timescales import Timescales
from .values import _get, _list


class _Checker(References, Timescales):
    """Cross-reference checks. Defensive: it skips parts the schema already reported as malformed."""

    def owners(self) -> None:
        """A joint protocol's owning bodies: each named once."""
        seen: dict[str, tuple] = {}
        for path, owner in self.items("partnership", "owners"):
            name = owner.get("name")
            if isinstance(name, str) and name in seen:
                line = self.policy.where(seen[name] + ("name",))[0]
                self.add(path + ("name",), f"`{_short(name)}` is listed twice among the owners (also on line {line})")
            elif isinstance(name, str):
                seen[name] = path

    def grouped(self, stage_items: list[tuple[tuple, dict]]) -> None:
        """A group's stages come one after another ("informal: levels 1 and 2; formal: levels 3 to 5"), and every
        group a policy lists has a stage."""
        seen, last = {}, None
        for spath, stage in stage_items:
            group = stage.get("group") if isinstance(stage.get("group"), str) else None
            if group is not None and group != last and group in seen:
                self.add(spath + ("group",), f"stage `{_short(stage.get('id'))}` is in group `{_short(group)}`, but "
                         f"the stage before it is not; a group's stages come one after another (the group starts at "
                         f"`{_short(seen[group])}`)")
            if group is not None and group not in seen:
                seen[group] = stage.get("id")
            last = group
        self.groups_used.update(seen)

    def fast_routes(self, question_items, options, pathways) -> None:
        """A fast route (``kind: fast``) names its yes-no ``question``, asked straight after ``immediate-risk`` (only
        other fast routes' questions between them), and a route that tests it leads there, not one before it that
        sends every answer elsewhere."""
        fast = {pid: _get(self.data, path + ("question",)) for pid, path in pathways.items()
                if _get(self.data, path + ("kind",)) == "fast"}
        fast = {pid: qid for pid, qid in fast.items() if isinstance(qid, str)}
        order = [q.get("id") for _, q in question_items]
        early = {"immediate-risk"} | set(fast.values())
        for pid, qid in fast.items():
            qpath = pathways[pid] + ("question",)
            if qid == "immediate-risk":
                self.add(qpath, "`immediate-risk` leads to the immediate-risk instruction; a fast route asks its own "
                         "question (\"Is the normal timescale too slow for this child?\")")
                continue
            if qid not in options:
                self.ref(qpath, qid, options, "question")
                continue
            question = question_items[order.index(qid)]
            if question[1].get("type") != "yes-no":
                self.add(qpath, f"`{qid}` is `{question[1].get('type')}`; a fast route's question is a yes-no question "
                         "(\"Is the normal timescale too slow for this child?\")")
            before = [q for q in order[: order.index(qid)] if q not in early]
            if before:
                self.add(question[0] + ("id",), f"`{qid}` is the question of the fast route `{pid}`: ask it early, "
                         f"straight after `immediate-risk`, not after `{before[0]}` (move it up)")
            routes = self.items("routes")
            leading = [(path, r) for path, r in routes if r.get("pathway") == pid]
            testing = [(path, r) for path, r in leading
                       if any(key == qid for _, key, _ in condition_keys(r.get("when"), path + ("when",)))]
            if leading and not testing:
                self.add(leading[0][0] + ("when",), f"the route to the fast route `{pid}` must test its question: "
                         f"`when: {{{qid}: \"yes\"}}`")
            if not testing:
                continue
            first = routes.index(testing[0])
            for path, route in routes[:first]:
                other = route.get("pathway")
                if not isinstance(other, str) or other in fast:
                    continue
                if not any(key == qid for _, key, _ in condition_keys(route.get("when"), path + ("when",))):
                    self.add(path + ("when",), f"this route to `{other}` comes before the fast route `{pid}` and does "
                             f"not test `{qid}`, so the fast route is never reached; test `{qid}` here or move the "
                             "fast route's route up")

    def run(self) -> list[Problem]:
        self.partnership_and_document()
        self.known_ids()
        self.questions()
        self.routes()
        self.pathways_and_stages()
        self.contact_help()
        self.forms()
        return self.problems

    def partnership_and_document(self) -> None:
        """The partnership's colour readable under white text; the document's dates real and in order."""
        d = self.data
        partnership = d.get("partnership") if isinstance(d.get("partnership"), dict) else {}
        colour = partnership.get("colour")
        if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            ratio = contrast_with_white(colour)
            if ratio < 4.5:
                self.add(("partnership", "colour"),
                         f"white text on {colour} has contrast {ratio:.1f}:1; choose a darker colour (at least 4.5:1 for WCAG AA)")

        document = d.get("document") if isinstance(d.get("document"), dict) else {}
        dates = {}
        for key in ("effective_date", "review_date"):
            value = document.get(key)
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
                if _valid_date(value):
                    dates[key] = value
                else:
                    self.add(("document", key), _date_message(value))
        if "effective_date" in dates and "review_date" in dates:
            if _date_key(dates["review_date"]) < _date_key(dates["effective_date"]):
                self.add(("document", "review_date"),
                         f"the review date {dates['review_date']} is before the effective date {dates['effective_date']}; a review comes after the policy takes effect")
        for path, row in self.items("document", "history"):
            value = row.get("date")
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value) and not _valid_date(value):
                self.add(path + ("date",), _date_message(value))
        approved = document.get("approved")   # the board's sign-off, printed on the version page
        value = approved.get("date") if isinstance(approved, dict) else None
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and not _valid_date(value):
            self.add(("document", "approved", "date"), _date_message(value))

    def known_ids(self) -> None:
        """The ids of each list, each unique: what every reference is checked against."""
        agencies = self.ids(self.items("agencies"), "agency")
        roles = self.ids(self.items("roles"), "role")
        contacts = self.ids(self.items("contacts"), "contact")
        forms = self.ids(self.items("forms"), "form")
        signposts = self.ids(self.items("signposts"), "signpost")
        pathways = self.ids(self.items("pathways"), "pathway")
        questions = self.ids(self.items("questions"), "question")
        stage_groups = self.ids(self.items("stage_groups"), "stage group")
        self.owners()
        if "immediate-risk" in signposts:
            self.add(signposts["immediate-risk"] + ("id",), "`immediate-risk` is reserved for the immediate-risk instruction; choose another id")
        self.known = dict(agencies=agencies, roles=roles, contacts=contacts, forms=forms, signposts=signposts,
                          pathways=pathways, questions=questions, stage_groups=stage_groups)

    def questions(self) -> None:
        """Roles' agencies; the questions: `immediate-risk` first, options only for a choice, conditions on earlier
        questions."""
        agencies = self.known["agencies"]
        pathways = self.known["pathways"]
        questions = self.known["questions"]
        for path, role in self.items("roles"):
            if "agency" in role:
                self.ref(path + ("agency",), role["agency"], agencies, "agency")

        # Questions: order, options, conditions.
        question_items = self.items("questions")
        options: dict[str, set[str]] = {
            q["id"]: self._question_values(q, agencies) for _, q in question_items if isinstance(q.get("id"), str)
        }
        for index, (path, q) in enumerate(question_items):
            qid = q.get("id")
            if not isinstance(qid, str):
                continue
            if index == 0 and qid != "immediate-risk":
                self.add(path + ("id",), "the first question must be `immediate-risk`, so a child at immediate risk is dealt with first")
            if q.get("type") == "choice" and isinstance(q.get("options"), list):
                self.ids([(path + ("options", i), o) for i, o in enumerate(q["options"]) if isinstance(o, dict)],
                         f"option of `{qid}`", key="value")
            if q.get("type") != "choice" and ("options" in q or "options_from" in q):
                self.add(path + ("type",), f"only `choice` questions have options; `{qid}` is `{q.get('type')}`")
            earlier = {item.get("id") for _, item in question_items[:index] if isinstance(item.get("id"), str)}
            if "ask_when" in q:
                self.condition(path + ("ask_when",), q["ask_when"], options, allowed=earlier | {"pathway"},
                               pathways=pathways, later_hint=True)
        if "immediate-risk" not in questions:
            self.add(("questions",), "there is no `immediate-risk` question; it must come first")
        elif options.get("immediate-risk") and "yes" not in options["immediate-risk"]:
            self.add(questions["immediate-risk"] + ("type",), "the `immediate-risk` question must be a yes-no question")
        self.known.update(question_items=question_items, options=options)

    def routes(self) -> None:
        """Routes: to known pathways and signposts, one to the immediate-risk instruction, one to every pathway; fast
        routes."""
        signposts = self.known["signposts"]
        pathways = self.known["pathways"]
        question_items = self.known["question_items"]
        options = self.known["options"]
        # Routes.
        immediate_routed = False
        for path, route in self.items("routes"):
            if "when" in route:
                self.condition(path + ("when",), route["when"], options, allowed=set(options), pathways=pathways)
            if "pathway" in route:
                self.ref(path + ("pathway",), route["pathway"], pathways, "pathway")
            if "signpost" in route:
                known = dict(signposts, **{"immediate-risk": ()})
                self.ref(path + ("signpost",), route["signpost"], known, "signpost")
                if route["signpost"] == "immediate-risk":
                    immediate_routed = True
        if self.items("routes") and not immediate_routed:
            self.add(("routes",), "no route leads to `signpost: immediate-risk`; add `- when: {immediate-risk: \"yes\"}` first")
        routed = {route.get("pathway") for _, route in self.items("routes") if isinstance(route.get("pathway"), str)}
        # A route to a misspelt pathway is reported once, as unknown, not again as "no route leads" to the real one.
        misnamed = {close for name in routed - set(pathways)
                    for close in difflib.get_close_matches(name, list(pathways), n=1)}
        for pid, path in pathways.items():
            stages_from = _get(self.data, path + ("stages_from",))
            if pid not in routed and pid not in misnamed:
                self.add(path + ("id",), f"no route leads to pathway `{pid}`; add one under `routes` so the guide can reach it")
            if isinstance(stages_from, str):
                self.ref(path + ("stages_from",), stages_from, pathways, "pathway")
                if stages_from == pid or isinstance(_get(self.data, pathways.get(stages_from, ()) + ("stages_from",)), str):
                    self.add(path + ("stages_from",), "`stages_from` must name a pathway that has its own stages")
        self.fast_routes(question_items, options, pathways)

    def pathways_and_stages(self) -> None:
        """Pathways, stages, duties and instructions: their references, their order, their groups. Duties and contacts may
        also test the progress answers."""
        agencies = self.known["agencies"]
        roles = self.known["roles"]
        contacts = self.known["contacts"]
        forms = self.known["forms"]
        pathways = self.known["pathways"]
        stage_groups = self.known["stage_groups"]
        options = self.known["options"]
        # Pathways, stages, duties. Duties and contacts may also test the progress answers.
        progress_options = dict(options, **self._progress_options())
        for ppath, pathway in self.items("pathways"):
            stage_items = [(ppath + ("stages", i), s) for i, s in enumerate(_list(pathway.get("stages"))) if isinstance(s, dict)]
            stage_ids = self.ids(stage_items, f"stage of `{pathway.get('id')}`")
            order = [s.get("id") for _, s in stage_items]
            for spath, stage in stage_items:
                for i, role in enumerate(_list(stage.get("raised_by"))):
                    self.ref(spath + ("raised_by", i), role, roles, "role")
                for cpath, entry in ((spath + ("contacts", i), c) for i, c in enumerate(_list(stage.get("contacts"))) if isinstance(c, dict)):
                    for i, role in enumerate(_list(entry.get("roles"))):
                        self.ref(cpath + ("roles", i), role, roles, "role")
                    if ("roles" in entry) == ("contact" in entry):
                        self.add(cpath, "a contact entry names `roles` (role ids) or one `contact` (a contact id: an "
                                 "inbox, a phone line or a directory)" + ("; give one, not both" if "roles" in entry
                                                                          else "; this one names neither"))
                    if "contact" in entry:
                        self.ref(cpath + ("contact",), entry["contact"], contacts, "contact")
                        if entry.get("side") == "both":
                            self.add(cpath + ("side",), "a `contact` is one inbox, phone line or directory, not a role "
                                     "on each side; use `side: partnership`, `yours` or `theirs`")
                    if "agency" in entry:
                        self.ref(cpath + ("agency",), entry["agency"], agencies, "agency")
                    if "when" in entry:
                        self.condition(cpath + ("when",), entry["when"], progress_options, allowed=set(progress_options), pathways=pathways)
                if "when" in stage:
                    self.condition(spath + ("when",), stage["when"], options, allowed=set(options), pathways=pathways)
                if "form" in stage:
                    self.ref(spath + ("form",), stage["form"], forms, "form")
                if "form_when" in stage:
                    self.condition(spath + ("form_when",), stage["form_when"], progress_options, allowed=set(progress_options), pathways=pathways)
                self.timescales(spath, stage, stage_ids, order)
                if "group" in stage:
                    self.ref(spath + ("group",), stage["group"], stage_groups, "stage_group")
                requires = stage.get("requires")
                if isinstance(requires, dict):
                    position = order.index(stage.get("id")) if stage.get("id") in order else len(order)
                    for i, sid in enumerate(_list(requires.get("stages"))):
                        if not isinstance(sid, str):
                            continue
                        if sid not in stage_ids:
                            self.ref(spath + ("requires", "stages", i), sid, stage_ids, "stage")
                        elif order.index(sid) >= position:
                            self.add(spath + ("requires", "stages", i), f"stage `{sid}` comes after `{stage.get('id')}`; a stage can only require earlier stages")
                for dpath, duty in ((spath + ("duties", i), x) for i, x in enumerate(_list(stage.get("duties"))) if isinstance(x, dict)):
                    self.duty(dpath, duty, roles, contacts, progress_options, pathways)
                    if "stages" in duty:
                        self.add(dpath + ("stages",), "`stages` belongs on a pathway's duties; a stage's own duties apply to that stage", at_key=True)
                for ipath, instruction in ((spath + ("instructions", i), x) for i, x in enumerate(_list(stage.get("instructions"))) if isinstance(x, dict)):
                    if "when" in instruction:
                        self.condition(ipath + ("when",), instruction["when"], progress_options, allowed=set(progress_options), pathways=pathways)
                    if "stages" in instruction:
                        self.add(ipath + ("stages",), "`stages` belongs on a pathway's instructions; a stage's own instructions apply to that stage", at_key=True)
            self.grouped(stage_items)
            own = stage_ids
            if isinstance(pathway.get("stages_from"), str) and pathway["stages_from"] in pathways:
                source_path = pathways[pathway["stages_from"]]
                own = {s["id"]: () for s in _list(_get(self.data, source_path + ("stages",)))
                       if isinstance(s, dict) and isinstance(s.get("id"), str)}
            for dpath, duty in ((ppath + ("duties", i), x) for i, x in enumerate(_list(pathway.get("duties"))) if isinstance(x, dict)):
                self.duty(dpath, duty, roles, contacts, progress_options, pathways)
                for i, sid in enumerate(_list(duty.get("stages"))):
                    self.ref(dpath + ("stages", i), sid, own, "stage")
            for ipath, instruction in ((ppath + ("instructions", i), x) for i, x in enumerate(_list(pathway.get("instructions"))) if isinstance(x, dict)):
                if "when" in instruction:
                    self.condition(ipath + ("when",), instruction["when"], progress_options, allowed=set(progress_options), pathways=pathways)
                for i, sid in enumerate(_list(instruction.get("stages"))):
                    self.ref(ipath + ("stages", i), sid, own, "stage")

        for group, path in stage_groups.items():
            if group not in self.groups_used:
                self.add(path + ("id",), f"no stage is in group `{_short(group)}`; give its stages `group: {_short(group)}` "
                         "or remove it")

    def contact_help(self) -> None:
        """Contacts: help shown only on some routes names answers."""
        pathways = self.known["pathways"]
        progress_options = dict(self.known["options"], **self._progress_options())
        for cpath, contact in self.items("contacts"):
            for hpath, help_line in ((cpath + ("help", i), h) for i, h in enumerate(_list(contact.get("help"))) if isinstance(h, dict)):
                if "when" in help_line:
                    self.condition(hpath + ("when",), help_line["when"], progress_options, allowed=set(progress_options), pathways=pathways)

    def forms(self) -> None:
        """Forms: who they go to, their fields' prefills and dates, fields the recipient completes, every form used."""
        roles = self.known["roles"]
        contacts = self.known["contacts"]
        forms = self.known["forms"]
        options = self.known["options"]
        # Forms.
        question_ids = set(options) | self._progress_ids()
        for fpath, form in self.items("forms"):
            for i, role in enumerate(_list(form.get("send_to"))):
                self.ref(fpath + ("send_to", i), role, roles, "role")
            for i, contact in enumerate(_list(form.get("copy_to"))):
                self.ref(fpath + ("copy_to", i), contact, contacts, "contact")
            fields = [(fpath + ("sections", si, "fields", fi), f)
                      for si, section in enumerate(_list(form.get("sections"))) if isinstance(section, dict)
                      for fi, f in enumerate(_list(section.get("fields"))) if isinstance(f, dict)]
            self.ids(fields, f"field of form `{form.get('id')}`")
            for path, field in fields:
                prefill = field.get("prefill")
                sources = [(path + ("prefill",), prefill)] if isinstance(prefill, str) else [
                    (path + ("prefill", i), p) for i, p in enumerate(_list(prefill)) if isinstance(p, str)]
                for where, source in sources:
                    if not source.startswith("answer:"):
                        continue
                    ref = source[len("answer:"):]
                    if ref not in question_ids:
                        close = difflib.get_close_matches(ref, sorted(question_ids), n=1)
                        self.add(where, f"unknown question `{ref}` in prefill" + (f"; did you mean `{close[0]}`?" if close else ""))
                if "not_before" in field:
                    other = next((f for _, f in fields if f.get("id") == field["not_before"]), None)
                    if field.get("type") != "date" or other is None or other.get("type") != "date":
                        self.add(path + ("not_before",), "not_before needs a date field and the id of another date "
                                 "field of the same form: " + (", ".join(sorted(str(f.get("id")) for _, f in fields
                                                                              if f.get("type") == "date")) or "none"))
                if field.get("completed_by") == "recipient" and "prefill" in field:
                    self.add(path + ("prefill",), "a field completed by the recipient cannot be prefilled", at_key=True)
        used_forms = {s.get("form") for _, p in self.items("pathways") for s in _list(p.get("stages"))
                      if isinstance(s, dict) and isinstance(s.get("form"), str)}
        recipient_fields = {form.get("id"): {f.get("id") for si, section in enumerate(_list(form.get("sections")))
                                             if isinstance(section, dict) for f in _list(section.get("fields"))
                                             if isinstance(f, dict) and f.get("completed_by") == "recipient"}
                            for _, form in self.items("forms")}
        for ppath, pathway in self.items("pathways"):
            for si, stage in enumerate(_list(pathway.get("stages"))):
                if not isinstance(stage, dict) or "form_fills" not in stage:
                    continue
                spath = ppath + ("stages", si)
                if not isinstance(stage.get("form"), str):
                    self.add(spath + ("form_fills",), "form_fills needs the stage's `form`", at_key=True)
                    continue
                if "form_quote" not in stage:
                    self.add(spath + ("form_fills",), "form_fills needs a `form_quote`: the source's words that say "
                             "the practitioner completes these fields at this stage", at_key=True)
                own = sorted(f for f in recipient_fields.get(stage["form"], ()) if isinstance(f, str))
                for i, fid in enumerate(_list(stage.get("form_fills"))):
                    if isinstance(fid, str) and fid not in own:
                        self.add(spath + ("form_fills", i), f"`{fid}` is not a field of form `{stage['form']}` "
                                 "marked `completed_by: recipient`; use one of: " + (", ".join(own) or "none"))
        for fid, path in forms.items():
            if fid not in used_forms:
                self.add(path + ("id",), f"form `{fid}` is not used by any stage; name it in a stage's `form`")
