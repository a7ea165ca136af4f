"""The practitioner-facing words live in one place (guide/engine/wording.json), the schema documents each one, and
a policy can override any of them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from guide.engine import next_step
from guide.engine.wording import DEFAULTS, Wording, fill
from guide.publish.policy_files import read_policy_file
from guide.publish.wording_schema import SCHEMA, wording_schema

ROOT = Path(__file__).resolve().parent.parent


def test_the_schema_documents_every_string_with_its_default():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$defs"]["wording"] == wording_schema(), (
        "the schema's wording section differs from guide/engine/wording.json: run python -m guide.publish.wording_schema")
    assert set(schema["$defs"]["wording"]["properties"]) == set(DEFAULTS)


def test_placeholders_are_filled_and_nothing_else_is_special():
    assert fill("Raise {stage} now.", {"stage": "Stage 2"}) == "Raise Stage 2 now."
    assert fill("{What} must be a real date", {"what": "the date"}) == "The date must be a real date"
    assert fill("{stage.__class__} {0} {unknown}", {"stage": "x"}) == "{stage.__class__} {0} {unknown}"


def test_a_policy_overrides_a_string_and_the_engine_uses_it(tmp_path):
    source = ROOT / "policies" / "model" / "policy.yaml"
    policy_file, _ = read_policy_file(source)
    data = dict(policy_file.data, wording={"answer.yes": "Ie", "answer.no": "Na"})
    from guide.engine.model import Policy

    policy = Policy.from_dict(data)
    first = next_step(policy, {}, date(2026, 11, 24))
    assert first["question"]["type"] == "yes-no"
    assert [o["label"] for o in first["question"]["options"]] == ["Ie", "Na"]
    assert Wording({"answer.yes": "x", "no.such.key": "y"}).texts["answer.yes"] == "x"
    assert "no.such.key" not in Wording({"no.such.key": "y"}).texts
