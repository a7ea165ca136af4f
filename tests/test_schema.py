"""The schema helps an editor (issue 10): every key has a description, and every pattern a message an editor shows."""

from __future__ import annotations

import json

from .conftest import ROOT

SCHEMA = json.loads((ROOT / "guide" / "schema" / "policy.schema.json").read_text(encoding="utf-8"))


def _properties(node, where=""):
    if isinstance(node, dict):
        for key, value in (node.get("properties") or {}).items():
            yield f"{where}.{key}", value
            yield from _properties(value, f"{where}.{key}")
        for key, value in node.items():
            if key != "properties":
                yield from _properties(value, where)
    elif isinstance(node, list):
        for value in node:
            yield from _properties(value, where)


def _described(value) -> bool:
    if value.get("description"):
        return True
    ref = value.get("$ref", "")
    return bool(ref) and bool(SCHEMA["$defs"][ref.rsplit("/", 1)[1]].get("description"))


def test_every_key_has_a_description():
    keys = list(_properties({k: v for k, v in SCHEMA.items() if k != "$defs"})) + [
        (f"$defs.{name}{path}", value) for name, d in SCHEMA["$defs"].items() for path, value in _properties(d)]
    assert len(keys) > 150
    assert [path for path, value in keys if not _described(value)] == []


def test_every_pattern_has_a_message_an_editor_shows():
    def patterns(node, where):
        if isinstance(node, dict):
            if "pattern" in node:
                yield where, node
            for key, value in node.items():
                yield from patterns(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from patterns(value, f"{where}[{index}]")

    found = list(patterns(SCHEMA["$defs"], "$defs"))
    assert found
    missing = []
    for where, node in found:
        owner = SCHEMA["$defs"][where.split(".")[1]]
        if not (node.get("patternErrorMessage") or owner.get("patternErrorMessage") and "pattern" in owner):
            missing.append(where)
    assert missing == []
