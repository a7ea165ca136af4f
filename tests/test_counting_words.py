"""The words under a deadline say which days were counted (found by a business manager trying a 20-calendar-day
panel, whose result said "Weekends and bank holidays are not counted" under a Sunday). The policy is
tests/time_policies/timed/."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import yaml

from guide.engine.routes import enumerate_routes
from guide.publish.policy_files import load_policy

FIXTURE = Path(__file__).parent / "time_policies" / "timed"
TODAY = date(2026, 12, 2)


def _variant(tmp_path: Path, change) -> object:
    folder = tmp_path / "timed"
    shutil.copytree(FIXTURE, folder)
    path = folder / "policy.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["pathways"][0]["stages"][0]["timescale"])
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_policy(path, today=TODAY)


def _advice(policy, stage_id: str):
    return [r.outcome for r in enumerate_routes(policy, TODAY) if r.outcome.get("kind") == "advice"
            and r.outcome["stage"]["id"] == stage_id and r.outcome.get("deadline")]


def test_calendar_days_say_that_every_day_counts(tmp_path):
    working = load_policy(FIXTURE / "policy.yaml", today=TODAY)
    assert {a["timescale"]["counting"] for a in _advice(working, "step-1")} == {
        "Weekends and bank holidays are not counted."}
    calendar = _variant(tmp_path, lambda ts: ts.update(kind="calendar-days"))
    steps = _advice(calendar, "step-1")
    assert steps and {a["timescale"]["counting"] for a in steps} == {"Every day counts, weekends and bank holidays too."}


def test_clock_hours_say_so():
    policy = load_policy(FIXTURE / "policy.yaml", today=TODAY)
    steps = _advice(policy, "step-4")
    assert steps and all(a["timescale"]["counting"].startswith("Clock hours") for a in steps)
