"""Issue 20 point 1: a timescale the policy calls indicative ("timescales are indicative and will be dictated by the
needs of the child"). The guide keeps the date it counts and its words say, wherever it gives the time, that the
policy gives it as a guide. The policy is the fixture tests/time_policies/timed/ with `indicative: true` added."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import yaml

from guide.engine import next_step
from guide.publish.policy_files import check_policy, load_policy

FIXTURE = Path(__file__).parent / "time_policies" / "timed"
TODAY = date(2026, 12, 2)
WORDS = "the policy gives this time as a guide"


def _copy(tmp_path: Path, indicative: bool) -> Path:
    folder = tmp_path / ("indicative" if indicative else "firm") / "timed"
    shutil.copytree(FIXTURE, folder)
    if indicative:
        path = folder / "policy.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for pathway in data["pathways"]:
            for stage in pathway["stages"]:
                stage["timescale"]["indicative"] = True
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder / "policy.yaml"


def _first_raise(policy):
    """The advice of the first route that raises a stage with a date to give, and its answers."""
    from guide.engine.routes import enumerate_routes

    for route in enumerate_routes(policy, TODAY):
        step = route.outcome
        if step.get("kind") == "advice" and step["outcome"] == "raise" and step.get("deadline"):
            return dict(route.answers), step
    raise AssertionError("no route raises a stage with a deadline")


def test_an_indicative_timescale_keeps_its_date_and_says_it_is_a_guide(tmp_path):
    firm = load_policy(_copy(tmp_path, False), today=TODAY)
    indicative = load_policy(_copy(tmp_path, True), today=TODAY)
    answers, step = _first_raise(indicative)
    same = next_step(firm, answers, TODAY)
    assert step["deadline"] == same["deadline"], "the date is counted as before"
    assert step["timescale"]["indicative"] is True and same["timescale"]["indicative"] is False
    assert WORDS in step["timescale"]["text"] and WORDS in step["timescale"]["within"]
    assert WORDS not in same["timescale"]["text"]


def test_indicative_is_a_checked_key(tmp_path):
    path = _copy(tmp_path, True)
    assert check_policy(path)[1] == []
    path.write_text(path.read_text(encoding="utf-8").replace("indicative: true", "indicative: perhaps", 1),
                    encoding="utf-8")
    problems = [str(p) for p in check_policy(path)[1]]
    assert problems and "indicative" in problems[0]
