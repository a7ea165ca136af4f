"""Routes grouped by what changes the advice (issue 21.3) give the same advice as the full enumeration: for every
policy present and every fixture under tests/, each route's outcome equals the one its group gives for its answers."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from guide.engine import next_step
from guide.engine.route_groups import enumerate_groups, free_questions, full_size
from guide.engine.routes import enumerate_routes
from guide.publish.policy_files import discover_policies, load_policy

from .conftest import BUILD_TODAY, POLICIES, ROOT

TODAY = date(2026, 11, 20)
FIXTURES = sorted((ROOT / "tests").glob("*/*/policy.yaml"))
FILES = discover_policies(POLICIES) + [p for p in FIXTURES if "hostile" not in p.parts]
SAMPLE = 20_000      # past this many routes, a stride through them (and hypothesis below) rather than each one


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _without_summary(outcome: dict) -> dict:
    return {k: v for k, v in outcome.items() if k != "summary"}


@lru_cache(maxsize=None)
def grouped(path: Path):
    policy = load_policy(path, today=BUILD_TODAY)
    groups = list(enumerate_groups(policy, TODAY))
    return policy, groups, {group.key(): group for group in groups}


def group_of(policy, index, answers):
    free = set(free_questions(policy))
    return index[tuple((qid, value) for qid, value in answers if qid not in free)]


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_every_route_gets_the_same_advice_from_its_group(path):
    policy, groups, index = grouped(path)
    routes = list(enumerate_routes(policy, TODAY))
    assert full_size(groups) == len(routes)
    assert len(index) == len(groups)
    for route in routes[:: max(1, len(routes) // SAMPLE)]:
        group = group_of(policy, index, route.answers)
        assert _without_summary(group.outcome(dict(route.answers))) == _without_summary(route.outcome), route.answers


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_a_free_question_changes_no_walk(path):
    """A free question's answers never change which questions come next or where they lead (checked on the
    engine, not on the grouping's own reasoning): each group's walk, with any other answer to one free question,
    asks the same questions and reaches the same stage and outcome."""
    policy, groups, _ = grouped(path)
    for group in groups[:: max(1, len(groups) // 200)]:
        answers = dict(group.route.answers)
        for qid, values in group.free.items():
            for value in values[1:]:
                step = next_step(policy, {**answers, qid: value}, TODAY)
                assert [row["id"] for row in step["summary"]] == [qid for qid, _ in group.route.answers]
                assert step["kind"] == group.route.outcome["kind"]
                if step["kind"] == "advice":
                    assert (step["stage"]["id"], step["outcome"]) == (group.route.outcome["stage"]["id"],
                                                                      group.route.outcome["outcome"])


# --- a policy of many questions that each change one duty -----------------------------------------------------


@lru_cache(maxsize=None)
def generated(questions: int, folder: Path):
    from benchmarks.generated_policy import write_generated_policy

    path = write_generated_policy(folder / str(questions), questions)
    policy = load_policy(path, today=BUILD_TODAY)
    return policy, list(enumerate_groups(policy, TODAY))


@pytest.fixture(scope="module")
def generated_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("generated")


def test_the_groups_grow_with_the_questions_not_with_their_product(generated_folder):
    _, eight = generated(8, generated_folder)
    _, sixteen = generated(16, generated_folder)
    assert len(eight) == len(sixteen)
    advice = [full_size(g for g in groups if g.route.outcome["kind"] == "advice") for groups in (eight, sixteen)]
    assert advice[1] == advice[0] * 2 ** 8       # each route to advice stands for every answer of 8 more questions
    pieces = [sum(len(piece.values) for group in groups for piece in group.pieces) for groups in (eight, sixteen)]
    assert pieces[1] < 2 * pieces[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_answers_to_the_sixteen_questions_get_the_engines_advice(generated_folder, data):
    policy, groups = generated(16, generated_folder)
    group = data.draw(st.sampled_from([g for g in groups if g.route.outcome["kind"] == "advice"]))
    answers = dict(group.route.answers)
    for qid, values in group.free.items():
        answers[qid] = data.draw(st.sampled_from(values), label=qid)
    assert _without_summary(group.outcome(answers)) == _without_summary(next_step(policy, answers, TODAY))


# --- the review's CSV: one row for each group ------------------------------------------------------------------


def _grouped_csv(path) -> list[dict]:
    import csv
    import io
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "guide", "paths", str(path), "--today", TODAY.isoformat(),
                             "--format", "csv", "--grouped"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.mark.parametrize("path", discover_policies(POLICIES)[:1] + FIXTURES[:1], ids=_name)
def test_the_grouped_csv_has_a_row_for_each_group_standing_for_every_route(path):
    policy, groups, _ = grouped(path)
    rows = _grouped_csv(path)
    assert len(rows) == len(groups)
    assert sum(int(row["stands_for"]) for row in rows) == len(list(enumerate_routes(policy, TODAY)))


def test_the_grouped_csv_of_sixteen_questions_says_when_each_duty_holds(generated_folder):
    from benchmarks.generated_policy import write_generated_policy

    rows = _grouped_csv(write_generated_policy(generated_folder / "csv", 16))
    assert len(rows) < 30 and max(int(row["stands_for"]) for row in rows) == 2 ** 16
    raising = next(row for row in rows if row["result"].startswith("Raise Step 1"))
    assert "partner-16: any answer" in raising["answers"]
    assert "[if partner-16: Yes] Tell partner 16" in raising["duties"]


def test_the_routes_page_of_sixteen_questions_gives_each_duty_its_table(generated_folder):
    from guide.publish.pages import routes_page

    policy, groups = generated(16, generated_folder)
    text = routes_page(policy, TODAY).markdown
    assert f"**{full_size(groups)} routes**" in text
    assert len(text) < 100_000
    table = text.split("Tell partner 16.", 1)[1].split("\n\n")[1].splitlines()
    assert table[0] == "| Is partner 16 involved with the child? | Who to tell |"
    assert sorted(table[2:]) == ["| No | Not told |", "| Yes | Tell partner 16 |"]
