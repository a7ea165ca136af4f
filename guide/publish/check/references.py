"""References between the parts of a policy: ids unique, and every id a part names (a role, a contact, a pathway, a
stage, a question and its answers in a condition) is one the policy defines; an unknown one gets "did you mean" or
the list to choose from. The base of the rule checks (``rules._Checker``)."""

from __future__ import annotations

import difflib
from typing import Any

from ...engine.conditions import condition_keys
from ...engine.walk import PER_STAGE
from .problems import PolicyFile, Problem, _short
from .values import _list


def _listed(values, limit: int = 8) -> str:
    """Names to choose from, each shortened, at most ``limit`` of them."""
    names = [_short(v) for v in sorted(values)]
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")


class References:
    """Where each problem goes (``add``), the parts of a list (``items``), their ids, and the references to them."""

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

    def ref(self, path, value, known: dict, what: str):
        if isinstance(value, str) and value not in known:
            close = difflib.get_close_matches(value, list(known), n=1)
            fix = f"did you mean `{close[0]}`?" if close else f"add it to `{what}s` or use one of: {_listed(known) or 'none defined'}"
            self.add(path, f"unknown {what} `{_short(value)}`; {fix}")

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

    def duty(self, path, duty, roles, contacts, options, pathways):
        if "role" in duty:
            self.ref(path + ("role",), duty["role"], roles, "role")
        if "contact" in duty:
            self.ref(path + ("contact",), duty["contact"], contacts, "contact")
        if "when" in duty:
            self.condition(path + ("when",), duty["when"], options, allowed=set(options), pathways=pathways)

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
