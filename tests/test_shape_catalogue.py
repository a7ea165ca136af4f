"""The shape catalogue of docs/adding-a-partnership.md (issue 20.8): every shape has its entry, every entry names a
fixture that exists and checks clean, every fixture folder is in the catalogue, and every YAML example is valid
against the schema (its keys, values and types; the rest of a policy, left out of a short example, is not required).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from guide.publish.policy_files import check_policy

from .conftest import ROOT

DOC = ROOT / "docs" / "adding-a-partnership.md"
TESTS = Path(__file__).resolve().parent
# Issue 20, "What to build" 1-6 and 23's regional variants: a word of the heading of the entry each shape must have.
SHAPES = {
    "timed actions, counts from an earlier step, clock hours": "Timescales",
    "several stages sharing one window": "Several stages sharing one window",
    "fast routes": "Fast routes",
    "contacts as roles, inboxes, phones, directories, optional": "Contacts",
    "instructions": "Instructions",
    "joint protocols": "Joint protocols",
    "any number of stages, grouped, with their own word": "Stages",
    "regional variants": "Regional base",
}
# tests/regions/refused/ holds policies `check` must refuse (tests/test_region_variants.py): not a shape.
FIXTURE_FOLDERS = [*sorted(TESTS.glob("shapes/*/")), *sorted(TESTS.glob("time_policies/*/")),
                   *sorted(f for f in TESTS.glob("regions/*/") if f.name != "refused")]
# Keys only the merge of a local policy with its regional base reads (docs: "Regional base and local variants").
MERGE_ONLY = {"reason", "remove"}


def catalogue(text: str | None = None) -> dict[str, str]:
    """Each `### ` entry under "## Shape catalogue", by its heading."""
    text = DOC.read_text(encoding="utf-8") if text is None else text
    assert "\n## Shape catalogue\n" in text, "docs/adding-a-partnership.md has no ## Shape catalogue"
    part = text.split("\n## Shape catalogue\n", 1)[1].split("\n## ", 1)[0]
    entries = re.split(r"(?m)^### ", part)[1:]
    return {e.split("\n", 1)[0].strip(): e for e in entries}


def yaml_blocks(entry: str) -> list[str]:
    return re.findall(r"(?ms)^```yaml\n(.*?)^```", entry)


def fixtures(entry: str) -> list[Path]:
    """The paths named on the entry's "Fixture:" paragraph."""
    found = re.search(r"(?ms)^Fixture: (.*?)(?:\n\n|\Z)", entry)
    return [ROOT / p for p in re.findall(r"`(tests/[^`]+)`", found.group(1))] if found else []


def relaxed(schema: dict) -> dict:
    """The schema with no key required (a short example leaves out the rest of a policy): so the choices between
    shapes told apart by their required keys (`oneOf`, `not`) become any of them; nothing else is loosened."""
    def walk(node):
        if isinstance(node, dict):
            for key in ("required", "if", "then", "else", "dependentRequired", "not"):
                node.pop(key, None)
            if "oneOf" in node:
                node["anyOf"] = node.pop("oneOf")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    schema = copy.deepcopy(schema)
    walk(schema)
    return schema


SCHEMA = relaxed(json.loads((ROOT / "guide" / "schema" / "policy.schema.json").read_text(encoding="utf-8")))


def _without_merge_keys(value):
    """A local policy's fragment as the schema sees it once merged: `reason`, `remove` and `key: null` (the base's
    value taken away) are read by the merge only."""
    if isinstance(value, dict):
        return {k: _without_merge_keys(v) for k, v in value.items() if k not in MERGE_ONLY and v is not None}
    if isinstance(value, list):
        return [_without_merge_keys(v) for v in value]
    return value


def example_problems(block: str) -> list[str]:
    """What is wrong with one YAML example: it does not parse, is not a policy's or a stage's fragment, or breaks
    the schema. A policy fragment is checked against the whole policy's schema, a stage's keys against a stage's."""
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as error:
        return [f"not YAML: {error}"]
    if not isinstance(data, dict) or not data:
        return ["not a mapping of a policy's keys"]
    if "base" in data:
        data = _without_merge_keys(data)
    top, stage = set(SCHEMA["properties"]), set(SCHEMA["$defs"]["stage"]["properties"])
    if set(data) <= top:
        schema = SCHEMA
    elif set(data) <= stage:
        schema = {**SCHEMA["$defs"]["stage"], "$defs": SCHEMA["$defs"]}
    else:
        return [f"keys neither a policy's nor a stage's: {sorted(set(data) - top - stage)}"]
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_every_shape_of_issue_20_has_its_entry():
    headings = list(catalogue())
    missing = [shape for shape, word in SHAPES.items() if not any(word in h for h in headings)]
    assert missing == []


@pytest.mark.parametrize("heading", list(catalogue()))
def test_each_entry_has_an_example_and_names_a_fixture_that_exists(heading):
    entry = catalogue()[heading]
    assert yaml_blocks(entry) or heading == "All of them together", f"{heading}: no ```yaml example"
    named = fixtures(entry)
    assert named, f"{heading}: no 'Fixture: `tests/...`' paragraph"
    assert [p for p in named if not p.exists()] == []


@pytest.mark.parametrize("heading", list(catalogue()))
def test_each_yaml_example_is_valid_against_the_schema(heading):
    for block in yaml_blocks(catalogue()[heading]):
        assert example_problems(block) == [], f"{heading}:\n{block}"


def test_every_fixture_folder_is_in_the_catalogue():
    named = {p.resolve() for entry in catalogue().values() for p in fixtures(entry)}
    assert [str(f.relative_to(ROOT)) for f in FIXTURE_FOLDERS if f.resolve() not in named] == []


@pytest.mark.parametrize("folder", [f.relative_to(ROOT).as_posix() for f in FIXTURE_FOLDERS])
def test_each_fixture_checks_with_no_errors(folder):
    """Each policy file in the fixture (a base and its local policies too) passes `build.py check`: no error (a
    warning, such as a contact with no route, does not stop a build)."""
    files = sorted((ROOT / folder).rglob("policy.yaml")) + sorted((ROOT / folder).glob("base.yaml"))
    assert files, folder
    for path in files:
        _, problems = check_policy(path)
        assert [str(p) for p in problems if not getattr(p, "warning", False)] == [], path


# --- the checks above can fail ------------------------------------------------------------------------------------


def test_a_misspelt_key_a_wrong_kind_or_a_wrong_type_is_found():
    assert example_problems("timescale: {kind: working-days, amount: 5, count_from: step-1}")
    assert example_problems("timescale: {kind: fortnights, amount: 5}")
    assert example_problems("pathways:\n  - id: escalation\n    stages: {id: step-1}\n")
    assert example_problems("partnership: {slug: x, owner: []}")
    assert example_problems("- a list\n")
    assert example_problems("timescale: [unclosed\n")
    assert example_problems("pathways: [{id: x, stages: [{id: s, form: null}]}]\n")     # null only in a local policy
    assert example_problems("timescale: {kind: hours, amount: 48}\n"
                            "actions: [{id: a, action: Act, timescale: {kind: immediately}}]\n") == []


def test_an_entry_without_a_fixture_or_naming_a_missing_one_is_found():
    text = ("\n## Shape catalogue\n\n### Lonely\n\n```yaml\nterms: {person: adult}\n```\n\n### Lost\n\n"
            "Fixture: `tests/shapes/no-such-fixture/`.\n\n## After\n")
    entries = catalogue(text)
    assert fixtures(entries["Lonely"]) == []
    assert [p.exists() for p in fixtures(entries["Lost"])] == [False]
