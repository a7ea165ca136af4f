"""The rules the schema cannot express: ids unique and every reference known, the first question and the routes
the guide needs, stages in order, fast routes asked early, forms used and their fields. Defensive: a part the
schema already reported as malformed is skipped."""

from __future__ import annotations

import difflib
import re
from typing import Any

from ...engine.conditions import condition_keys
from ...engine.walk import PER_STAGE
from .colours import contrast_with_white
from .dates import _date_key, _date_message, _valid_date
from .problems import PolicyFile, Problem, _short
from .values import _get, _list


def _listed(values, limit: int = 8) -> str:
    """Names to choose from, each shortened, at most ``limit`` of them."""
    names = [_short(v) for v in sorted(values)]
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")


class _Checker:
    """Cross-reference checks. Defensive: it skips parts the schema already reported as malformed."""

    def __init__(self, policy: PolicyFile):
        self.policy = policy
        self.data = policy.data if isinstance(policy.data, dict) else {}
        self.problems: list[Problem] = []
        self.groups_used: dict[str, Any] = {}

    def add(self, path, message, at_key=False):
        if not self.policy.is_covered(path):
            self.problems.append(self.policy.problem(path, message, at_key=at_key))

    def items(self, *path) -> list[tuple[tuple, dict]]:
        node: Any = self.data
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, list):
            return []
        return [((*path, i), item) for i, item in enumerate(node) if isinstance(item, dict)]

    def ids(self, entries: list[tuple[tuple, dict]], what: str, key: str = "id") -> dict[str, tuple]:
        seen: dict[str, tuple] = {}
        for path, item in entries:
            value = item.get(key)
            if not isinstance(value, str):
                continue
            if value in seen:
                line = self.policy.where(seen[value] + (key,))[0]
                self.add(path + (key,), f"duplicate {what} id `{_short(value)}` (also on line {line}); ids must be unique")
            else:
                seen[value] = path
        return seen

    def timescales(self, spath, stage: dict, stage_ids: dict, order: list) -> None:
        """Each timescale of a stage (its response, its raising, its timed actions) counts from an event that can
        happen before it: ``from_stage`` names this stage or an earlier one of the same pathway."""
        timed = [(spath + (key,), stage.get(key)) for key in ("timescale", "raise_within")]
        actions = [(spath + ("actions", i), a) for i, a in enumerate(_list(stage.get("actions"))) if isinstance(a, dict)]
        timed += [(apath + ("timescale",), a.get("timescale")) for apath, a in actions]
        seen = set()
        for apath, action in actions:
            if isinstance(action.get("id"), str):
                if action["id"] in seen:
                    self.add(apath + ("id",), f"timed action `{action['id']}` appears twice in this stage")
                seen.add(action["id"])
        position = order.index(stage.get("id")) if stage.get("id") in order else len(order)
        for tpath, timescale in timed:
            if not isinstance(timescale, dict):
                continue
            if timescale.get("counts_from") == "previous-response" and position == 0:
                self.add(tpath + ("counts_from",), f"`{stage.get('id')}` is the first stage: there is no previous "
                         "stage's response to count from")
            sid = timescale.get("from_stage")
            if not isinstance(sid, str):
                continue
            if sid not in stage_ids:
                self.ref(tpath + ("from_stage",), sid, stage_ids, "stage")
            elif order.index(sid) > position:
                self.add(tpath + ("from_stage",), f"stage `{sid}` comes after `{stage.get('id')}`; a timescale can "
                         "only count from this stage or an earlier one being raised")

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

    def ref(self, path, value, known: dict, what: str):
        if isinstance(value, str) and value not in known:
            close = difflib.get_close_matches(value, list(known), n=1)
            fix = f"did you mean `{close[0]}`?" if close else f"add it to `{what}s` or use one of: {_listed(known) or 'none defined'}"
            self.add(path, f"unknown {what} `{_short(value)}`; {fix}")

    def run(self) -> list[Problem]:
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

        # Contacts: help shown only on some routes names answers.
        for cpath, contact in self.items("contacts"):
            for hpath, help_line in ((cpath + ("help", i), h) for i, h in enumerate(_list(contact.get("help"))) if isinstance(h, dict)):
                if "when" in help_line:
                    self.condition(hpath + ("when",), help_line["when"], progress_options, allowed=set(progress_options), pathways=pathways)

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
        return self.problems

    def _question_values(self, q: dict, agencies: dict) -> set[str]:
        if q.get("type") == "yes-no":
            values = {"yes", "no"}
        elif q.get("type") == "choice":
            if q.get("options_from") == "agencies":
                values = set(agencies)
            else:
                values = {o.get("value") for o in _list(q.get("options")) if isinstance(o, dict) and isinstance(o.get("value"), str)}
        else:
            return set()
        if q.get("not_sure"):
            values.add("not-sure")
        return values

    def _progress_options(self) -> dict[str, set[str]]:
        """The engine's own questions about progress, with their answers (see guide.engine)."""
        found: dict[str, set[str]] = {}
        for _, pathway in self.items("pathways"):
            pid = pathway.get("id")
            stages = self._stages_of(pathway)
            found[f"{pid}.reached"] = {"none"} | {s.get("id") for s in stages if isinstance(s.get("id"), str)}
            for stage in stages:
                found[f"{pid}.{stage.get('id')}.response"] = {"resolved", "not-resolved", "none"}
                found[f"{pid}.{stage.get('id')}.used"] = {"yes", "no"}
        return found

    def _stages_of(self, pathway: dict) -> list[dict]:
        stages = _list(pathway.get("stages"))
        if isinstance(pathway.get("stages_from"), str):
            source = next((p for _, p in self.items("pathways") if p.get("id") == pathway["stages_from"]), {})
            stages = _list(source.get("stages"))
        return [s for s in stages if isinstance(s, dict)]

    def _progress_ids(self) -> set[str]:
        ids = set()
        for _, pathway in self.items("pathways"):
            pid = pathway.get("id")
            ids.add(f"{pid}.reached")
            for stage in self._stages_of(pathway):
                ids |= {f"{pid}.{stage.get('id')}.{k}" for k in PER_STAGE}
        return ids

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

    def duty(self, path, duty, roles, contacts, options, pathways):
        if "role" in duty:
            self.ref(path + ("role",), duty["role"], roles, "role")
        if "contact" in duty:
            self.ref(path + ("contact",), duty["contact"], contacts, "contact")
        if "when" in duty:
            self.condition(path + ("when",), duty["when"], options, allowed=set(options), pathways=pathways)

    def condition(self, path, condition, options, allowed, pathways, later_hint=False):
        for key_path, key, value in condition_keys(condition, path):
            if key == "pathway":
                for v in value if isinstance(value, list) else [value]:
                    self.ref(key_path, v, pathways, "pathway")
                continue
            if key not in options:
                close = difflib.get_close_matches(key, list(options), n=1)
                self.add(key_path, f"unknown question `{key}` in condition" + (f"; did you mean `{close[0]}`?" if close else ""), at_key=True)
                continue
            if key not in allowed:
                self.add(key_path, f"`{key}` is asked later; a question can only depend on questions asked before it", at_key=True)
                continue
            known = options[key]
            if not known:
                self.add(key_path, f"question `{key}` has no options to test", at_key=True)
                continue
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, str) and v not in known:
                    close = difflib.get_close_matches(v, sorted(known), n=1)
                    self.add(key_path, f"`{_short(v)}` is not an answer to `{_short(key)}`; " + (f"did you mean `{close[0]}`?" if close else f"answers are: {_listed(known)}"))
