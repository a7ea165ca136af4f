"""Reading and checking policy YAML files (build time only: PyYAML and jsonschema).

Every problem is reported as ``file:line:col: message`` so that a partnership author can go straight to it.
All problems in all files are collected before anything is reported; nothing here raises for bad input.
"""

from __future__ import annotations

import calendar
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import jsonschema
import yaml

from ..engine.conditions import condition_keys

SCHEMA_PATH = Path(__file__).parent.parent / "schema" / "policy.schema.json"
POLICY_FILENAME = "policy.yaml"
VERSIONS_DIR = "versions"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


@dataclass
class PolicyFile:
    """A policy file read from disk: its plain data, and where each value stands in the file."""

    path: Path
    display: str
    data: Any
    marks: dict[tuple, tuple[int, int]]
    warnings: list = field(default_factory=list)   # Problems that do not stop a build (rules not from the source)
    source_sections: dict = field(default_factory=dict)  # quoted passage -> the section of the source it is in

    def where(self, path: Iterable) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path``, or of its nearest enclosing value."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def key_where(self, path: Iterable) -> tuple[int, int]:
        path = tuple(path)
        return self.marks.get(path + ("<key>",), self.where(path))

    def problem(self, path: Iterable, message: str, at_key: bool = False) -> Problem:
        line, col = self.key_where(path) if at_key else self.where(path)
        return Problem(self.display, line, col, message)


# --- YAML with positions ------------------------------------------------------------------------------------


class _PolicyLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (only true/false) and no implicit dates.

    `yes`, `no`, `on` and `off` stay strings, so answer values such as ``{cp-plan: yes}`` mean what they say,
    and ``2026-04-01`` stays the text the author wrote, to be checked as a date.
    """


_PolicyLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PolicyLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _to_plain(node: yaml.Node, loader: _PolicyLoader, path: tuple, marks: dict, problems: list, display: str):
    marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in result:
                first_line = marks[path + (key, "<key>")][0]
                problems.append(
                    Problem(display, line, col, f"`{key}` is given twice (first on line {first_line}); keep one.")
                )
                continue
            marks[path + (key, "<key>")] = (line, col)
            result[key] = _to_plain(value_node, loader, path + (key,), marks, problems, display)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_plain(item, loader, path + (index,), marks, problems, display)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)


def read_policy_file(path: Path, display: str | None = None) -> tuple[PolicyFile | None, list[Problem]]:
    display = display or _display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(display, 1, 1, "no such file; give the path of a policy.yaml")]
    except UnicodeDecodeError as error:
        return None, [Problem(display, 1, 1, f"the file is not UTF-8 text ({error.reason}); save it as UTF-8")]
    except OSError as error:
        return None, [Problem(display, 1, 1, f"cannot read the file: {error.strerror}")]
    problems: list[Problem] = []
    loader = _PolicyLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(display, 1, 1, "the file is empty; start from another partnership's policy.yaml")]
        marks: dict = {}
        data = _to_plain(node, loader, (), marks, problems, display)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or "is not valid YAML"
        if error.context:
            what = f"{what} ({error.context})"
        return None, [Problem(display, line, col, f"YAML syntax error: {what}; check the indentation and quotes here")]
    except yaml.YAMLError as error:
        return None, [Problem(display, 1, 1, f"YAML error: {error}")]
    finally:
        loader.dispose()
    return PolicyFile(path, display, data, marks), problems


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- schema -------------------------------------------------------------------------------------------------

_validator: jsonschema.Draft202012Validator | None = None


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _schema_validator() -> jsonschema.Draft202012Validator:
    global _validator
    if _validator is None:
        _validator = jsonschema.Draft202012Validator(schema())
    return _validator


def _where_text(path: tuple) -> str:
    parts = [str(p) if not isinstance(p, int) else f"[{p + 1}]" for p in path]
    text = ".".join(parts).replace(".[", "[")
    return text or "the file"


def _schema_message(error: jsonschema.ValidationError) -> list[tuple[tuple, str, bool]]:
    """Plain-words messages for one schema error: the path each is about, and whether to point at the key."""
    path = tuple(error.absolute_path)
    where = _where_text(path)
    hint = error.schema.get("x-hint") if isinstance(error.schema, dict) else None
    validator = error.validator
    if validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else error.message
        return [(path, f"{where} needs `{name}`; add it", False)]
    if validator == "additionalProperties":
        allowed = sorted((error.schema.get("properties") or {}).keys())
        extras = [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
        found = []
        for key in extras:
            close = difflib.get_close_matches(key, allowed, n=1)
            suggestion = f"did you mean `{close[0]}`?" if close else f"allowed here: {', '.join(allowed)}"
            found.append((path + (key,), f"`{key}` is not a field of {where}; {suggestion}", True))
        return found
    if validator == "enum":
        options = ", ".join(f"`{o}`" for o in error.validator_value)
        return [(path, f"{where} is `{error.instance}`; it must be one of {options}", False)]
    if validator == "const":
        return [(path, f"{where} must be `{error.validator_value}`" + (f". {hint}" if hint else ""), False)]
    if validator == "type":
        wanted = error.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        words = {"object": "a mapping (key: value lines)", "array": "a list (lines starting with -)",
                 "string": "text", "integer": "a whole number", "boolean": "true or false"}
        return [(path, f"{where} must be {words.get(wanted, wanted)}, not `{_short(error.instance)}`", False)]
    if validator == "pattern":
        return [(path, f"{where} `{_short(error.instance)}` is not in the right form. {hint or ''}".strip(), False)]
    if validator == "minItems":
        return [(path, f"{where} must list at least {error.validator_value} item(s)", False)]
    if validator in ("minLength",):
        return [(path, f"{where} is empty; write the text or remove the field", False)]
    if validator in ("minimum", "maximum"):
        return [(path, f"{where} is {error.instance}; {error.message.split(' is ')[-1]}", False)]
    if validator == "oneOf" and error.context:
        required_sets = [e.validator_value for e in error.context if e.validator == "required"]
        keys = sorted({k for group in required_sets for k in group})
        if keys:
            present = [k for k in keys if isinstance(error.instance, dict) and k in error.instance]
            if len(present) > 1:
                return [(path, f"{where} has both {' and '.join(f'`{k}`' for k in present)}; keep only one", False)]
            return [(path, f"{where} needs one of {' or '.join(f'`{k}`' for k in keys)}", False)]
    if validator == "anyOf" and error.context:
        required_sets = [e.validator_value for e in error.context if e.validator == "required"]
        keys = sorted({k for group in required_sets for k in group})
        if keys:
            return [(path, f"{where} needs {' or '.join(f'`{k}`' for k in keys)}", False)]
        best = jsonschema.exceptions.best_match(error.context)
        return _schema_message(best)
    if validator == "not" and isinstance(error.validator_value, dict) and "required" in error.validator_value:
        names = error.validator_value["required"]
        return [(path, f"{where} must not have `{names[0]}` here; remove it", False)]
    if validator == "minProperties":
        return [(path, f"{where} is empty", False)]
    return [(path, f"{where}: {error.message}", False)]


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _schema_problems(policy: PolicyFile) -> list[Problem]:
    problems = []
    for error in _schema_validator().iter_errors(policy.data):
        leaves = _leaf_errors(error)
        for leaf in leaves:
            for path, message, at_key in _schema_message(leaf):
                problems.append(policy.problem(path, message, at_key=at_key))
    return problems


def _leaf_errors(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    # if/then and allOf wrap the real problem; report the inner one.
    if error.validator in ("allOf", "then", "else") and error.context:
        return [leaf for sub in error.context for leaf in _leaf_errors(sub)]
    return [error]


# --- checks the schema cannot express -------------------------------------------------------------------------


def _valid_date(text: str) -> bool:
    parts = [int(p) for p in text.split("-")]
    year, month = parts[0], parts[1]
    if not 1 <= month <= 12:
        return False
    if len(parts) == 3:
        return 1 <= parts[2] <= calendar.monthrange(year, month)[1]
    return True


def _date_key(text: str) -> tuple:
    parts = [int(p) for p in text.split("-")]
    return tuple(parts + [0] * (3 - len(parts)))


def relative_luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (relative_luminance(hex_colour) + 0.05)


class _Checker:
    """Cross-reference checks. Defensive: it skips parts the schema already reported as malformed."""

    def __init__(self, policy: PolicyFile):
        self.policy = policy
        self.data = policy.data if isinstance(policy.data, dict) else {}
        self.problems: list[Problem] = []

    def add(self, path, message, at_key=False):
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
                self.add(path + (key,), f"duplicate {what} id `{value}` (also on line {line}); ids must be unique")
            else:
                seen[value] = path
        return seen

    def ref(self, path, value, known: dict, what: str):
        if isinstance(value, str) and value not in known:
            close = difflib.get_close_matches(value, list(known), n=1)
            fix = f"did you mean `{close[0]}`?" if close else f"add it to `{what}s` or use one of: {', '.join(sorted(known)) or 'none defined'}"
            self.add(path, f"unknown {what} `{value}`; {fix}")

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
                    self.add(("document", key), f"`{value}` is not a real date; check the month and day")
        if "effective_date" in dates and "review_date" in dates:
            if _date_key(dates["review_date"]) < _date_key(dates["effective_date"]):
                self.add(("document", "review_date"),
                         f"the review date {dates['review_date']} is before the effective date {dates['effective_date']}; a review comes after the policy takes effect")
        for path, row in self.items("document", "history"):
            value = row.get("date")
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value) and not _valid_date(value):
                self.add(path + ("date",), f"`{value}` is not a real date; check the month and day")

        agencies = self.ids(self.items("agencies"), "agency")
        roles = self.ids(self.items("roles"), "role")
        contacts = self.ids(self.items("contacts"), "contact")
        forms = self.ids(self.items("forms"), "form")
        signposts = self.ids(self.items("signposts"), "signpost")
        pathways = self.ids(self.items("pathways"), "pathway")
        questions = self.ids(self.items("questions"), "question")
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
            earlier = {item.get("id") for _, item in question_items[:index]}
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
        routed = {route.get("pathway") for _, route in self.items("routes")}
        for pid, path in pathways.items():
            stages_from = _get(self.data, path + ("stages_from",))
            if pid not in routed:
                self.add(path + ("id",), f"no route leads to pathway `{pid}`; add one under `routes` so the guide can reach it")
            if isinstance(stages_from, str):
                self.ref(path + ("stages_from",), stages_from, pathways, "pathway")
                if stages_from == pid or isinstance(_get(self.data, pathways.get(stages_from, ()) + ("stages_from",)), str):
                    self.add(path + ("stages_from",), "`stages_from` must name a pathway that has its own stages")

        # Pathways, stages, duties. Duties and contacts may also test the progress answers.
        progress_options = dict(options, **self._progress_options())
        for ppath, pathway in self.items("pathways"):
            stage_items = [(ppath + ("stages", i), s) for i, s in enumerate(pathway.get("stages") or []) if isinstance(s, dict)]
            stage_ids = self.ids(stage_items, f"stage of `{pathway.get('id')}`")
            order = [s.get("id") for _, s in stage_items]
            for spath, stage in stage_items:
                for i, role in enumerate(stage.get("raised_by") or []):
                    self.ref(spath + ("raised_by", i), role, roles, "role")
                for cpath, entry in ((spath + ("contacts", i), c) for i, c in enumerate(stage.get("contacts") or []) if isinstance(c, dict)):
                    for i, role in enumerate(entry.get("roles") or []):
                        self.ref(cpath + ("roles", i), role, roles, "role")
                    if "agency" in entry:
                        self.ref(cpath + ("agency",), entry["agency"], agencies, "agency")
                    if "when" in entry:
                        self.condition(cpath + ("when",), entry["when"], progress_options, allowed=set(progress_options), pathways=pathways)
                if "when" in stage:
                    self.condition(spath + ("when",), stage["when"], options, allowed=set(options), pathways=pathways)
                if "form" in stage:
                    self.ref(spath + ("form",), stage["form"], forms, "form")
                requires = stage.get("requires")
                if isinstance(requires, dict):
                    position = order.index(stage.get("id")) if stage.get("id") in order else len(order)
                    for i, sid in enumerate(requires.get("stages") or []):
                        if sid not in stage_ids:
                            self.ref(spath + ("requires", "stages", i), sid, stage_ids, "stage")
                        elif order.index(sid) >= position:
                            self.add(spath + ("requires", "stages", i), f"stage `{sid}` comes after `{stage.get('id')}`; a stage can only require earlier stages")
                for dpath, duty in ((spath + ("duties", i), x) for i, x in enumerate(stage.get("duties") or []) if isinstance(x, dict)):
                    self.duty(dpath, duty, roles, contacts, progress_options, pathways)
                    if "stages" in duty:
                        self.add(dpath + ("stages",), "`stages` belongs on a pathway's duties; a stage's own duties apply to that stage", at_key=True)
            for dpath, duty in ((ppath + ("duties", i), x) for i, x in enumerate(pathway.get("duties") or []) if isinstance(x, dict)):
                self.duty(dpath, duty, roles, contacts, progress_options, pathways)
                own = stage_ids
                if isinstance(pathway.get("stages_from"), str) and pathway["stages_from"] in pathways:
                    source_path = pathways[pathway["stages_from"]]
                    own = {s.get("id"): () for s in (_get(self.data, source_path + ("stages",)) or []) if isinstance(s, dict)}
                for i, sid in enumerate(duty.get("stages") or []):
                    self.ref(dpath + ("stages", i), sid, own, "stage")

        # Forms.
        question_ids = set(options) | self._progress_ids()
        for fpath, form in self.items("forms"):
            for i, role in enumerate(form.get("send_to") or []):
                self.ref(fpath + ("send_to", i), role, roles, "role")
            for i, contact in enumerate(form.get("copy_to") or []):
                self.ref(fpath + ("copy_to", i), contact, contacts, "contact")
            fields = [(fpath + ("sections", si, "fields", fi), f)
                      for si, section in enumerate(form.get("sections") or []) if isinstance(section, dict)
                      for fi, f in enumerate(section.get("fields") or []) if isinstance(f, dict)]
            self.ids(fields, f"field of form `{form.get('id')}`")
            for path, field in fields:
                prefill = field.get("prefill")
                if isinstance(prefill, str) and prefill.startswith("answer:"):
                    ref = prefill[len("answer:"):]
                    if ref not in question_ids:
                        close = difflib.get_close_matches(ref, sorted(question_ids), n=1)
                        self.add(path + ("prefill",), f"unknown question `{ref}` in prefill" + (f"; did you mean `{close[0]}`?" if close else ""))
                if field.get("completed_by") == "recipient" and "prefill" in field:
                    self.add(path + ("prefill",), "a field completed by the recipient cannot be prefilled", at_key=True)
        used_forms = {s.get("form") for _, p in self.items("pathways") for s in (p.get("stages") or []) if isinstance(s, dict)}
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
                values = {o.get("value") for o in q.get("options") or [] if isinstance(o, dict)}
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
            found[f"{pid}.reached"] = {"none"} | {s.get("id") for s in stages}
            for stage in stages:
                found[f"{pid}.{stage.get('id')}.response"] = {"resolved", "not-resolved", "none"}
                found[f"{pid}.{stage.get('id')}.used"] = {"yes", "no"}
        return found

    def _stages_of(self, pathway: dict) -> list[dict]:
        stages = pathway.get("stages") or []
        if isinstance(pathway.get("stages_from"), str):
            source = next((p for _, p in self.items("pathways") if p.get("id") == pathway["stages_from"]), {})
            stages = source.get("stages") or []
        return [s for s in stages if isinstance(s, dict)]

    def _progress_ids(self) -> set[str]:
        ids = set()
        for _, pathway in self.items("pathways"):
            pid = pathway.get("id")
            ids |= {f"{pid}.reached", f"{pid}.raise-on"}
            for stage in self._stages_of(pathway):
                ids |= {f"{pid}.{stage.get('id')}.{k}" for k in ("used", "raised-on", "response")}
        return ids

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
                    self.add(key_path, f"`{v}` is not an answer to `{key}`; " + (f"did you mean `{close[0]}`?" if close else f"answers are: {', '.join(sorted(known))}"))


def _get(data, path):
    node = data
    for key in path:
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return None
    return node


# --- public -------------------------------------------------------------------------------------------------


def check_policy(path: Path, display: str | None = None) -> tuple[PolicyFile | None, list[Problem]]:
    """Read and check one policy file. Returns the file (None if it could not be read) and its problems."""
    policy, problems = read_policy_file(path, display)
    if policy is None:
        return None, problems
    problems += _schema_problems(policy)
    problems += _Checker(policy).run()
    problems += _folder_problems(policy)
    problems += _quote_problems(policy)
    policy.warnings.sort()
    return policy, sorted(set(problems))


def _quote_problems(policy: PolicyFile) -> list[Problem]:
    """Every rule quotes its source, and every quoted passage is in the source text. Rules marked
    ``from_source: false`` become warnings, so that a reviewer sees every inference at once."""
    from .quotes import SourceText, passages, rule_sites

    data = policy.data if isinstance(policy.data, dict) else {}
    name = _get(data, ("document", "source_file"))
    if not isinstance(name, str):
        if isinstance(data.get("document"), dict):
            policy.warnings.append(policy.problem(("document",), "warning: no `source_file`: the rules' quotes cannot "
                                                  "be checked; put the policy's text beside this file as source.md and "
                                                  "name it here", at_key=True))
        return []
    try:
        source = SourceText.read(policy.path.parent / name)
    except FileNotFoundError:
        return [policy.problem(("document", "source_file"), f"there is no file `{name}` beside this policy; "
                               "add the policy's text there")]
    except (OSError, UnicodeDecodeError) as error:
        return [policy.problem(("document", "source_file"), f"cannot read `{name}` as UTF-8 text: {error}")]
    problems = []
    for site in rule_sites(data):
        quote = _get(data, site.quote_path)
        if quote is None:
            problems.append(policy.problem(site.path, f"{site.what} has no `{site.key}`: copy the words of {name} it "
                                           f"comes from, or write `{site.key}: {{from_source: false, basis: reading, note: why}}`"))
            continue
        if isinstance(quote, dict):
            note = quote.get("note")
            if quote.get("from_source") is False and isinstance(note, str):
                policy.warnings.append(policy.problem(site.quote_path, f"warning: not from the source ({quote.get('basis')}): {site.what}: "
                                                      + " ".join(note.split())))
            continue
        for index, passage in enumerate(passages(quote)):
            at = site.quote_path + ((index,) if isinstance(quote, list) else ())
            offset = source.find(passage)
            if offset < 0:
                shown = " ".join(passage.split())
                shown = shown if len(shown) <= 80 else shown[:79] + "…"
                problems.append(policy.problem(at, f'quote not found in {name}: "{shown}"'))
            else:
                policy.source_sections[passage] = source.section(offset)
    return problems


def _folder_problems(policy: PolicyFile) -> list[Problem]:
    """A partnership's folder is named after its slug, so its manual's address matches the folder."""
    slug = _get(policy.data, ("partnership", "slug"))
    path = policy.path.resolve()
    folder = path.parent.parent.name if path.parent.name == VERSIONS_DIR else path.parent.name
    if path.name != POLICY_FILENAME and path.parent.name != VERSIONS_DIR:
        return []
    if isinstance(slug, str) and slug != folder:
        return [policy.problem(("partnership", "slug"),
                               f"the slug `{slug}` does not match the folder `{folder}`; rename one so they are the same")]
    return []


def discover_policies(root: Path) -> list[Path]:
    """Every policy file under ``root``: ``<slug>/policy.yaml`` and previous versions in ``<slug>/versions/``."""
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        current = folder / POLICY_FILENAME
        if current.exists():
            found.append(current)
        versions = folder / VERSIONS_DIR
        if versions.is_dir():
            found += sorted(versions.glob("*.yaml"))
    return found


class PolicyError(Exception):
    """A policy file has problems; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def site_path_for(path: Path) -> str:
    """Where a policy file's manual goes in the site: ``medway`` or ``medway/2016-06`` for a previous version."""
    path = Path(path)
    if path.parent.name == VERSIONS_DIR:
        return f"{path.parent.parent.name}/{path.stem}"
    return path.parent.name


def load_policy(path: Path, today=None):
    """Read, check and build the model of one policy file, with its bank holidays. Raises PolicyError."""
    from .bank_holidays import bank_holidays, year_span
    from ..engine.model import Policy

    policy_file, problems = check_policy(Path(path))
    if problems or policy_file is None:
        raise PolicyError(problems)
    data = policy_file.data
    years = year_span(today)
    region = data["partnership"].get("bank_holidays", "england-and-wales")
    return Policy.from_dict(data, site_path=site_path_for(path), bank_holidays=bank_holidays(region, years),
                            bank_holiday_years=years, source_sections=policy_file.source_sections)
