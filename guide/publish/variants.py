"""A local policy built on a regional base (build time): the merge, where each value was written, and what the
local file weakens.

A local file names its base (``base: ../base.yaml``, a path from the local file, or ``base: <slug>``, the file
``regions/<slug>/base.yaml`` in a folder above it) and writes only what is local. The two are merged here, before
anything is checked, so the engine, the manual and the guide see one policy:

- mappings merge key by key, the local value winning; ``key: null`` takes the base's value away;
- lists whose items have an `id` (pathways, stages, contacts, roles, agencies, questions, signposts, forms, ...)
  merge item by item on the id; a new id is added at the end; ``{id: x, remove: true, reason: ...}`` removes one;
- any other list the local file gives (a stage's duties, its contacts, the routes, the glossary) replaces the base's;
  a base item with an id that a replaced list loses (``agencies: []``) counts as removed.

Every merged value keeps the file and line it was written at, so a problem is reported where it was written, in the
base or in the local file. Removing or weakening what the base says (a process, a stage, a duty, a form, a response
time made longer) is refused unless the local file gives a ``reason`` on the item it changes (the stage, the duty's
stage, the form, the timescale); each such difference is listed in the review and on the version page.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .policy_files import POLICY_FILENAME, PolicyFile, Problem, _short, read_policy_file
from .quotes import _get

DIRECTIVES = ("reason", "remove")   # keys of the local file the merge reads, never part of the merged policy
BASE_FILENAME = "base.yaml"
REGIONS = "regions"


@dataclass(frozen=True)
class Difference:
    """One thing the local policy removes or weakens from its base, with the local reason (None: refused)."""

    what: str            # in a reader's words: "Escalation › Stage 3: removed"
    reason: str | None
    file: str
    line: int
    col: int


@dataclass
class Variant:
    """What the manual and the review need to know about a local policy built on a base."""

    base_display: str                  # the base file, as the check names it
    base_path: Path
    base_data: dict                    # the base as written (checked on its own)
    area: str                          # "Eastholm": the local area, for "Local to Eastholm"
    differences: list[Difference] = field(default_factory=list)
    local: set = field(default_factory=set)      # keys of what is local (see local_keys)
    local_path: Path | None = None     # the local file
    base_version: str | None = None    # the base's version the local file says it was reviewed against
    base_versions: dict = field(default_factory=dict)   # version -> previous base file (regions/<r>/versions/)

    @property
    def base_document(self) -> dict:
        document = self.base_data.get("document")
        return document if isinstance(document, dict) else {}

    def is_local(self, *key) -> bool:
        return tuple(key) in self.local


def names_base(data) -> bool:
    return isinstance(data, dict) and "base" in data


def resolve_base(local: Path, written) -> tuple[Path | None, str | None]:
    """The base file a local file names, or why it cannot be used."""
    if not isinstance(written, str) or not written.strip():
        return None, ("`base` names the regional policy this one is built on: a path from this file "
                      "(`../base.yaml`) or a region's slug (`example-region`, for regions/example-region/base.yaml)")
    written = written.strip()
    if Path(written).is_absolute() or written.startswith("~"):
        return None, f"`base: {_short(written)}` is not a path in the repository: write it from this file, as in `../base.yaml`"
    if "/" in written or written.endswith((".yaml", ".yml")):
        path = (local.parent / written).resolve()
    else:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", written):
            return None, f"`base: {_short(written)}` is neither a path (`../base.yaml`) nor a region's slug (`example-region`)"
        path = None
        for folder in local.resolve().parents:
            candidate = folder / REGIONS / written / BASE_FILENAME
            if candidate.is_file():
                path = candidate
                break
        if path is None:
            return None, f"there is no {REGIONS}/{written}/{BASE_FILENAME} in a folder above this file"
    if path == local.resolve():
        return None, "a policy cannot be its own base"
    if not path.is_file():
        return None, f"there is no file `{_short(written)}` (from this file's folder); give the path of the base policy"
    root = _repository_root(local)
    if root is not None and root not in path.parents:
        return None, f"`base: {_short(written)}` is outside this repository; the base must be a file in it"
    return path, None


def _repository_root(path: Path) -> Path | None:
    for folder in path.resolve().parents:
        if (folder / ".git").exists():
            return folder
    return None


# --- the merge ----------------------------------------------------------------------------------------------


class _Merge:
    """Builds the merged data with, for every path in it, its mark, its span and the file it was written in."""

    def __init__(self, base: PolicyFile, local: PolicyFile):
        self.base, self.local = base, local
        self.marks: dict = {}
        self.spans: dict = {}
        self.files: dict = {}          # merged path -> display of the file it was written in (base or local)
        self.local_of: dict = {}       # merged path -> path in the local file
        self.removed: list = []        # (merged path of the list, base item, local item, local path)
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []   # a new local id close to a base id the local file leaves alone

    def _copy_marks(self, source: PolicyFile, spath: tuple, mpath: tuple) -> None:
        for key in (spath, spath + ("<key>",)):
            target = mpath + key[len(spath):]
            if key in source.marks:
                self.marks[target] = source.marks[key]
                self.files[target] = source.display
        if spath in source.spans:
            self.spans[mpath] = source.spans[spath]

    def copy(self, source: PolicyFile, node, spath: tuple, mpath: tuple):
        self._copy_marks(source, spath, mpath)
        if source is self.local:
            self.local_of[mpath] = spath
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if source is self.local and key in DIRECTIVES:
                    continue
                out[key] = self.copy(source, value, spath + (key,), mpath + (key,))
            return out
        if isinstance(node, list):
            return [self.copy(source, item, spath + (i,), mpath + (i,)) for i, item in enumerate(node)]
        return node

    def merge(self, base, local, bpath: tuple, lpath: tuple, mpath: tuple):
        if isinstance(base, dict) and isinstance(local, dict):
            self._copy_marks(self.local, lpath, mpath)
            self.local_of[mpath] = lpath
            out = {}
            for key in list(base) + [k for k in local if k not in base]:
                if key in DIRECTIVES and key in local and key not in base:
                    self.directive(local, lpath, key)
                    continue
                if key in local and local[key] is None and key in base:
                    continue        # `key: null` takes the base's value away (as a JSON merge patch does)
                if key not in local:
                    out[key] = self.copy(self.base, base[key], bpath + (key,), mpath + (key,))
                elif key not in base:
                    out[key] = self.copy(self.local, local[key], lpath + (key,), mpath + (key,))
                else:
                    out[key] = self.merge(base[key], local[key], bpath + (key,), lpath + (key,), mpath + (key,))
            return out
        if isinstance(base, list) and isinstance(local, list) and _by_id(base) and _by_id(local):
            return self.merge_by_id(base, local, bpath, lpath, mpath)
        return self.copy(self.local, local, lpath, mpath)

    def directive(self, node: dict, path: tuple, key: str) -> None:
        """`remove: true` and `reason: <text>` are all the merge reads; anything else there is a mistake."""
        value = node[key]
        if key == "remove" and value is not True or key == "reason" and not (isinstance(value, str) and value.strip()):
            line, col = self.local.where(path + (key,))
            self.problems.append(Problem(self.local.display, line, col, "`remove: true` removes the base's item with "
                                         "this id" if key == "remove" else "a `reason` is text: why the local policy "
                                         "differs from the base here"))

    def merge_by_id(self, base: list, local: list, bpath: tuple, lpath: tuple, mpath: tuple) -> list:
        self._copy_marks(self.local, lpath, mpath)
        self.local_of[mpath] = lpath
        given: dict = {}
        for i, item in enumerate(local):
            if item["id"] in given:
                line, col = self.local.where(lpath + (i, "id"))
                first = self.local.where(lpath + (given[item["id"]][0], "id"))[0]
                self.problems.append(Problem(self.local.display, line, col, f"`{_short(item['id'])}` is given twice "
                                             f"in this list (first on line {first}); keep one"))
                continue
            given[item["id"]] = (i, item)
        out = []
        for b_index, item in enumerate(base):
            here = mpath + (len(out),)
            if item["id"] not in given:
                out.append(self.copy(self.base, item, bpath + (b_index,), here))
                continue
            l_index, local_item = given[item["id"]]
            if local_item.get("remove") is True:
                self.removed.append((mpath, item, local_item, lpath + (l_index,)))
                continue
            out.append(self.merge(item, local_item, bpath + (b_index,), lpath + (l_index,), here))
        known = {item["id"] for item in base}
        for l_index, item in enumerate(local):
            if item["id"] in known or given.get(item["id"], (None,))[0] != l_index:
                continue
            if item.get("remove") is True:
                line, col = self.local.where(lpath + (l_index, "remove"))
                self.problems.append(Problem(self.local.display, line, col,
                                             f"`{_short(item['id'])}` is not in the base, so there is nothing to remove"))
                continue
            untouched = sorted(known - set(given))
            numbers = _numbers(item["id"])    # "stage-4" is an added stage, not "stage-2" mistyped
            close = [c for c in difflib.get_close_matches(item["id"], untouched, n=3, cutoff=0.8)
                     if _numbers(c) == numbers]
            if close:   # "stage-03" for "stage-3": a sixth stage, not a change to the third (a regional trial)
                line, col = self.local.where(lpath + (l_index, "id"))
                self.warnings.append(Problem(self.local.display, line, col, (
                    f"warning: `{_short(item['id'])}` is not an id of the base, so it is added as a new item; did "
                    f"you mean `{close[0]}` (to change the base's)?")))
            out.append(self.copy(self.local, item, lpath + (l_index,), mpath + (len(out),)))
        return out


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def _by_id(items: list) -> bool:
    return bool(items) and all(isinstance(i, dict) and isinstance(i.get("id"), str) for i in items)


def merge_base(policy: PolicyFile, base_path: Path | None = None) -> list[Problem]:
    """If ``policy`` names a base, make it the merged policy (in place: its data, marks, spans, the file of each
    value) and return the problems of the merge and what it weakens; else do nothing. The base is read and
    checked as it is written: its own problems are reported at its own lines."""
    from .policy_files import check_policy_file

    data = policy.data
    if not names_base(data):
        if isinstance(data, dict) and "base_version" in data:
            return [policy.problem(("base_version",), "`base_version` says which version of a base this policy was "
                                   "reviewed against, and this policy names no `base`: remove it, or add `base`",
                                   at_key=True)]
        return []
    local_display = policy.display
    if base_path is None:         # another version of the base may be given, to compare (policy_on_base)
        base_path, why = resolve_base(policy.path, data.get("base"))
        if base_path is None:
            return [policy.problem(("base",), why)]
        # A previous local version (in versions/) stays built on the base version it was reviewed against, where
        # that is filed in the base's versions/; the policy in force is always built on the base in force.
        pinned = data.get("base_version")
        if policy.path.parent.name == "versions" and isinstance(pinned, str):
            base_path = _base_versions(base_path).get(pinned, base_path)
    base, problems = read_policy_file(base_path)
    if base is None:
        return problems
    if names_base(base.data):
        return [base.problem(("base",), "a base cannot itself name a base: a region has one base, and local "
                             "policies built on it")]
    problems = check_policy_file(base, problems)
    if problems:
        return problems
    policy.local = PolicyFile(policy.path, policy.display, data, policy.marks, text=policy.text, spans=policy.spans)
    merger = _Merge(base, policy.local)
    local_data = {k: v for k, v in data.items() if k not in ("base", "base_version")}
    merged = merger.merge(base.data, local_data, (), (), ())
    base_text, local_text = base.text, policy.text
    covered = policy.covered        # reported while reading, at local paths: the same places in the merged data
    policy.data = merged
    policy.marks = merger.marks
    policy.spans = merger.spans
    policy.covered = {m for m, l in merger.local_of.items() if any(l[:len(c)] == c for c in covered)}
    policy.files = merger.files
    policy.texts = {base.display: base_text, local_display: local_text}
    policy.sources = {base.display: _source_file(base), local_display: _source_file_written(policy.path, data)}
    policy.source_sections.update(base.source_sections)
    area = _local_area(data, merged)
    variant = Variant(base.display, base_path, base.data, area, local_path=policy.path,
                      base_version=data.get("base_version") if isinstance(data.get("base_version"), str) else None,
                      base_versions=_base_versions(base_path))
    variant.differences = _differences(base.data, merged, merger, policy)
    variant.local = local_keys(base.data, merged)
    policy.variant = variant
    policy.warnings.extend(merger.warnings)
    problems = list(merger.problems)
    for difference in variant.differences:
        if difference.reason is None:
            problems.append(Problem(difference.file, difference.line, difference.col,
                                    f"{difference.what}: this weakens the base ({base.display}); keep what the base "
                                    "says, or give a `reason` here saying why the local policy differs"))
    version = _base_version_warning(policy, variant)
    if version:
        policy.warnings.append(version)
    return problems


def _source_file(policy: PolicyFile) -> Path | None:
    document = policy.data.get("document") if isinstance(policy.data, dict) else None
    name = document.get("source_file") if isinstance(document, dict) else None
    return policy.path.parent / name if isinstance(name, str) else None


def _source_file_written(path: Path, data: dict) -> Path | None:
    """The source text the local file names itself (its own words, for the rules it adds), if any."""
    document = data.get("document")
    name = document.get("source_file") if isinstance(document, dict) else None
    return path.parent / name if isinstance(name, str) else None


def _local_area(local: dict, merged: dict) -> str:
    for data in (local, merged):
        partnership = data.get("partnership") if isinstance(data, dict) else None
        if isinstance(partnership, dict):
            for key in ("area", "name"):
                if isinstance(partnership.get(key), str) and partnership[key].strip():
                    return partnership[key].strip()
    return "this area"


def _base_versions(base_path: Path) -> dict[str, Path]:
    """The base's previous versions, filed beside it in versions/, by their document.version."""
    import yaml

    found = {}
    folder = base_path.parent / "versions"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        version = (data.get("document") or {}).get("version") if isinstance(data, dict) else None
        if isinstance(version, (str, int, float)):
            found[str(version)] = path
    return found


def _base_version_warning(policy: PolicyFile, variant: Variant) -> Problem | None:
    current = variant.base_document.get("version")
    if variant.base_version is None or current is None or str(current) == variant.base_version:
        return None
    line, col = policy.local.where(("base_version",))
    return Problem(policy.display, line, col,
                   f"warning: the base is now version {current}; this policy was reviewed against version "
                   f"{variant.base_version}: `python build.py review` lists the routes whose advice changed; review "
                   f"them, then write `base_version: \"{current}\"`")


# --- what the local file removes or weakens ------------------------------------------------------------------


def _items(value) -> list:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _ids(value) -> dict:
    return {item["id"]: item for item in _items(value) if isinstance(item.get("id"), str)}


def _words(text) -> str:
    return " ".join(str(text).split()).rstrip(".").lower() if text is not None else ""


UNBOUNDED = float("inf")
KINDS = {"pathways": "process", "stages": "stage", "forms": "form", "contacts": "contact", "roles": "role",
         "agencies": "agency", "signposts": "other procedure", "questions": "question"}


def response_days(timescale) -> float:
    """A timescale as days, to compare two: the longer gives the receiver more time (a weaker rule)."""
    if not isinstance(timescale, dict):
        return UNBOUNDED
    kind, amount = timescale.get("kind"), timescale.get("amount")
    amount = amount if isinstance(amount, int) and not isinstance(amount, bool) else 0
    if not isinstance(kind, str):
        return UNBOUNDED
    return {"immediately": 0.0, "without-delay": 0.0, "same-working-day": 1.0, "hours": amount / 24,
            "working-days": amount * 7 / 5, "calendar-days": float(amount)}.get(kind, UNBOUNDED)


def _describe(timescale) -> str:
    if not isinstance(timescale, dict):
        return "none"
    kind, amount = str(timescale.get("kind")), timescale.get("amount")
    return _said(f"{amount} {kind.replace('-', ' ')}" if amount else kind.replace("-", " "), 40)


def _said(text, limit: int = 80) -> str:
    """A policy's words in a message, on one line, at most ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _stage_duties(pathway: dict, stage: dict) -> dict[str, dict]:
    duties = {_words(d.get("action")): d for d in _items(stage.get("duties"))}
    for duty in _items(pathway.get("duties")):
        stages = duty.get("stages")
        if stages is None or (isinstance(stages, list) and stage.get("id") in stages):
            duties.setdefault(_words(duty.get("action")), duty)
    return duties


def _differences(base: dict, merged: dict, merger: _Merge, policy: PolicyFile) -> list[Difference]:
    found: list[Difference] = []
    used: set = set()        # local paths of the mappings whose `reason` explains a difference

    def add(what: str, mpath: tuple, stop: tuple = ()):
        """A difference written at ``mpath`` (in the merged data); its reason is the first `reason` the local file
        gives on it or on a mapping around it, up to ``stop`` (the stage, the form)."""
        reason, at = None, None
        path = mpath
        while True:
            lpath = merger.local_of.get(path)
            if lpath is not None:
                node = _get(policy_local(policy), lpath)
                if at is None:
                    at = lpath
                if isinstance(node, dict) and isinstance(node.get("reason"), str) and node["reason"].strip():
                    reason = " ".join(node["reason"].split())
                    used.add(lpath)
                    break
            if len(path) <= len(stop) or not path:
                break
            path = path[:-1]
        line, col = policy.local.where(at or ())
        found.append(Difference(what, reason, policy.display, line, col))

    for mpath, item, local_item, lpath in merger.removed:
        kind = KINDS.get(mpath[-1], "item")
        reason = local_item.get("reason")
        reason = " ".join(reason.split()) if isinstance(reason, str) and reason.strip() else None
        used.add(lpath)
        line, col = policy.local.where(lpath + ("remove",))
        title = item.get("label") or item.get("title") or item["id"]
        where = _where(merged, mpath)
        found.append(Difference(f"{where}the {kind} `{item['id']}` ({_short(title)}) removed", reason,
                                policy.display, line, col))

    # A list the local file replaces (`contacts: []`) can lose base items without `remove: true`: each is a removal.
    gone = {(m[-1] if m[-1] != "stages" else ("stages", m[1]), item["id"]) for m, item, _, _ in merger.removed}
    for name, kind in KINDS.items():
        if name == "stages":
            continue
        now = _ids(merged.get(name))
        for item_id, item in _ids(base.get(name)).items():
            if item_id not in now and (name, item_id) not in gone:
                add(f"the {kind} `{_short(item_id)}` ({_short(item.get('label') or item.get('title') or item.get('name') or item_id)}) "
                    "is not in the local policy", (name,) if name in merged else ())

    merged_pathways = _ids(merged.get("pathways"))
    for p_index, (pid, pathway) in enumerate(_ids(base.get("pathways")).items()):
        now = merged_pathways.get(pid)
        if now is None:
            continue
        m_index = _items(merged.get("pathways")).index(now)
        now_stages = _ids(now.get("stages"))
        stage_list = _items(now.get("stages"))
        for sid, stage in _ids(pathway.get("stages")).items():
            if sid not in now_stages and (("stages", m_index), sid) not in gone:
                add(f"{now.get('title', pid)}: the stage `{_short(sid)}` ({_short(stage.get('label') or sid)}) is not in "
                    "the local policy", ("pathways", m_index, "stages"), ("pathways", m_index))
        for sid, stage in _ids(pathway.get("stages")).items():
            after = now_stages.get(sid)
            if after is None:
                continue
            spath = ("pathways", m_index, "stages", stage_list.index(after))
            name = f"{now.get('title', pid)} › {after.get('label', sid)}"
            kept = _stage_duties(now, after)
            for key, duty in _stage_duties(pathway, stage).items():
                if key not in kept:
                    at = spath + ("duties",) if "duties" in after else ("pathways", m_index, "duties")
                    add(f"{name}: the duty \"{_said(duty.get('action'))}\" is not in the local policy", at, spath)
                elif "when" in kept[key] and "when" not in duty:
                    add(f"{name}: the duty \"{_said(duty.get('action'))}\" made conditional", _at_duty(merged, spath, now, m_index, kept[key]), spath)
            if stage.get("form") and after.get("form") != stage.get("form"):
                add(f"{name}: the form `{stage['form']}` is no longer asked for", spath + ("form",), spath)
            elif stage.get("form") and "form_when" in after and "form_when" not in stage:
                add(f"{name}: the form `{stage['form']}` asked for only in some cases", spath + ("form_when",), spath)
            for key, words in (("timescale", "response time"), ("raise_within", "time to raise it")):
                if key in stage and response_days(after.get(key)) > response_days(stage.get(key)):
                    at = spath + (key,) + (("amount",) if spath + (key, "amount") in merger.local_of else ())
                    add(f"{name}: the {words} made longer ({_describe(stage.get(key))} in the base, "
                        f"{_describe(after.get(key))} here)", at, spath)
                elif (isinstance(stage.get(key), dict) and stage[key].get("sooner_if_needed")
                      and not (after.get(key) if isinstance(after.get(key), dict) else {}).get("sooner_if_needed")):
                    add(f"{name}: \"or sooner if the child's safety requires it\" dropped from the {words}",
                        spath + (key,), spath)
                elif (isinstance(after.get(key), dict) and after[key].get("indicative")
                      and not (stage.get(key) if isinstance(stage.get(key), dict) else {}).get("indicative")):
                    add(f"{name}: the {words} made indicative (a guide, not a limit) where the base sets it firmly",
                        spath + (key,), spath)
            now_actions = _ids(after.get("actions"))
            for aid, action in _ids(stage.get("actions")).items():
                kept_action = now_actions.get(aid)
                if kept_action is None:
                    add(f"{name}: the timed action \"{_said(action.get('action', aid))}\" is not in the local "
                        "policy", spath + ("actions",), spath)
                elif response_days(kept_action.get("timescale")) > response_days(action.get("timescale")):
                    a_index = _items(after.get("actions")).index(kept_action)
                    add(f"{name}: the time for \"{_said(action.get('action', aid))}\" made longer",
                        spath + ("actions", a_index, "timescale"), spath)
            if "when" in after and "when" not in stage:
                add(f"{name}: the stage made to apply only in some cases", spath + ("when",), spath)
    for lpath in _reasons(policy.local.data, ()):
        text = _get(policy.local.data, lpath).get("reason")
        if lpath in used and isinstance(text, str) and len(re.findall(r"[^\W\d_]{2,}", text)) < 3:
            # "." or "local decision" lets a weakening build and tells the board nothing
            policy.warnings.append(policy.local.problem(lpath + ("reason",), "warning: this `reason` does not say "
                                                        "why the local policy differs; write it as a sentence the "
                                                        "board can check (the review pack shows it)", at_key=True))
        if lpath not in used:
            policy.warnings.append(policy.local.problem(lpath + ("reason",), "warning: this `reason` explains no "
                                                        "difference from the base here; remove it, or put it on the "
                                                        "item it is about", at_key=True))
    return found


def _reasons(node, path: tuple):
    """The local paths of the mappings that give a `reason`."""
    if isinstance(node, dict):
        if "reason" in node:
            yield path
        for key, value in node.items():
            yield from _reasons(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _reasons(value, path + (index,))


def _at_duty(merged: dict, spath: tuple, pathway: dict, p_index: int, duty: dict) -> tuple:
    stage = _get(merged, spath)
    for i, item in enumerate(_items(stage.get("duties"))):
        if item is duty:
            return spath + ("duties", i, "when")
    for i, item in enumerate(_items(pathway.get("duties"))):
        if item is duty:
            return ("pathways", p_index, "duties", i, "when")
    return spath


def _where(merged: dict, mpath: tuple) -> str:
    """"Escalation: " for a list inside a pathway, else nothing."""
    if len(mpath) >= 3 and mpath[0] == "pathways":
        pathway = _get(merged, mpath[:2])
        if isinstance(pathway, dict):
            return f"{pathway.get('title', pathway.get('id'))}: "
    return ""


def policy_local(policy: PolicyFile):
    return policy.local.data


# --- what is local, for the manual ---------------------------------------------------------------------------


def local_keys(base: dict, merged: dict) -> set:
    """Keys of what the local policy adds or rewrites, for the manual's "Local to <area>" labels:
    ("stage", pathway, stage) for a stage added or changed; ("duty", pathway, stage, action words) for a duty the
    base does not give; ("contact", id), ("signpost", id), ("form", id), ("pathway", id) for one added or changed;
    ("partnership",) when its names or inbox are local (always, for a local policy)."""
    keys: set = {("partnership",)}
    for kind, name in (("contact", "contacts"), ("signpost", "signposts"), ("form", "forms"), ("role", "roles")):
        before = _ids(base.get(name))
        for item_id, item in _ids(merged.get(name)).items():
            if before.get(item_id) != item:
                keys.add((kind, item_id))
    base_pathways = _ids(base.get("pathways"))
    for pid, pathway in _ids(merged.get("pathways")).items():
        old = base_pathways.get(pid)
        if old is None:
            keys.add(("pathway", pid))
        old_stages = _ids(old.get("stages")) if old else {}
        for sid, stage in _ids(pathway.get("stages")).items():
            old_stage = old_stages.get(sid)
            if old_stage is None:
                keys.add(("stage", pid, sid))
                keys.add(("stage-added", pid, sid))
            elif _stage_text(old_stage) != _stage_text(stage):
                keys.add(("stage", pid, sid))
            old_duties = _stage_duties(old, old_stage) if old and old_stage else {}
            for key in _stage_duties(pathway, stage):
                if key not in old_duties:
                    keys.add(("duty", pid, sid, key))
    return keys


def _stage_text(stage: dict) -> dict:
    """What a reader sees of a stage, without its duties (marked one by one)."""
    return {k: v for k, v in stage.items() if k != "duties"}


# --- the base as a policy of its own -----------------------------------------------------------------------


def base_policy(variant: Variant):
    """The base as the engine's model, to compare a local policy's facts with (guide/publish/manual.py)."""
    from ..engine.model import Policy

    if getattr(variant, "_base_policy", None) is None:
        variant._base_policy = Policy.from_dict(variant.base_data)
    return variant._base_policy


def policy_on_base(local_path: Path, base_path: Path, today=None):
    """The local policy merged with another version of its base (a previous one, filed in the base's versions/),
    as the engine's model; None if that merge has problems."""
    from .bank_holidays import bank_holidays, year_span
    from .policy_files import check_policy_file, site_path_for
    from ..engine.model import Policy

    policy, problems = read_policy_file(local_path)
    if policy is None:
        return None
    problems = [p for p in check_policy_file(policy, problems, base=base_path)
                if "this weakens the base" not in p.message]   # the comparison is about advice, not reasons
    if problems or not isinstance(policy.data, dict) or "partnership" not in policy.data:
        return None
    years = year_span(today)
    region = policy.data["partnership"].get("bank_holidays", "england-and-wales")
    return Policy.from_dict(policy.data, site_path=site_path_for(local_path), bank_holidays=bank_holidays(region, years),
                            bank_holiday_years=years, source_sections=policy.source_sections)


# --- regions in the site -----------------------------------------------------------------------------------


def discover_regions(root: Path | None) -> list[Path]:
    """Every local policy under a ``regions/`` folder: ``<region>/<area>/policy.yaml`` beside the region's
    ``<region>/base.yaml``, and each area's previous versions (as ``discover_policies`` finds them)."""
    from .policy_files import discover_policies

    if root is None or not root.is_dir():
        return []
    found = []
    for region in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        if (region / BASE_FILENAME).is_file():
            found += discover_policies(region)
    return found


def written_base(path: Path) -> Path | None:
    """The base file a policy file names (read quickly, before anything is checked), or None."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not names_base(data):
        return None
    return resolve_base(path, data.get("base"))[0]


def sharing_a_base(files: list[Path], slug: str, regions: Path | None = None) -> set[str]:
    """The partnerships to build with ``slug``: itself and, when it is built on a base, every other local policy
    on that base (a change to the base changes them all). ``slug`` may also name a region under ``regions``: its
    areas. Partnerships are named by their folder (``site_path_for``)."""
    from .policy_files import POLICY_FILENAME, site_path_for

    currents = {site_path_for(f): f for f in files if f.name == POLICY_FILENAME and f.parent.name != "versions"}
    if slug in currents:
        base = written_base(currents[slug])
    elif regions is not None and (regions / slug / BASE_FILENAME).is_file():
        base = (regions / slug / BASE_FILENAME).resolve()
    else:
        return {slug}
    if base is None:
        return {slug}
    return {slug} | {other for other, path in currents.items() if other != slug and written_base(path) == base}
