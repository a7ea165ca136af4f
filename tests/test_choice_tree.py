"""Issue 12: the choice steps the page answers before Pyodide has started are the engine's own, for every path of
every policy present (a fork's too), and the tree leaves to the engine exactly what only the engine can answer."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest

from guide.engine.walk import next_step
from guide.publish.choice_tree import choice_tree, tree_paths
from guide.publish.policy_files import load_policy

from .conftest import BUILD_TODAY, POLICIES, ROOT

TODAY = date(2026, 11, 20)
SLUGS = sorted(p.name for p in POLICIES.iterdir() if (p / "policy.yaml").exists())


def rebuilt(tree: dict, cases: list, tmp_path) -> list:
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"tree": tree, "cases": cases}), encoding="utf-8")
    result = subprocess.run(["node", str(ROOT / "tests" / "node" / "choice-tree.mjs"), str(job)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


@pytest.mark.node
@pytest.mark.parametrize("slug", SLUGS)
def test_every_path_of_the_tree_gives_the_engines_step(slug, tmp_path):
    policy = load_policy(POLICIES / slug / "policy.yaml", today=BUILD_TODAY)
    tree = choice_tree(policy, TODAY)
    cases = [[answers, submitted] for answers, submitted in tree_paths(tree)]
    assert len(cases) > 20
    steps = rebuilt(tree, cases, tmp_path)
    for (answers, submitted), step in zip(cases, steps):
        assert step == next_step(policy, answers, TODAY, submitted=submitted), (answers, submitted)


@pytest.mark.node
@pytest.mark.skipif(not (POLICIES / "medway" / "policy.yaml").exists(), reason="Medway's policy is not here")
def test_the_tree_leaves_dates_wrong_answers_and_advice_to_the_engine(tmp_path):
    policy = load_policy(POLICIES / "medway" / "policy.yaml", today=BUILD_TODAY)
    tree = choice_tree(policy, TODAY)
    deepest = max(tree_paths(tree), key=lambda case: len(case[0]))[0]
    last = next_step(policy, deepest, TODAY)
    # One more answer from the deepest path reaches what the tree does not hold: a date question or advice.
    option = last["question"]["options"][0]["value"]
    beyond = {**deepest, last["question"]["id"]: option}
    assert next_step(policy, beyond, TODAY)["kind"] == "advice" or \
        next_step(policy, beyond, TODAY)["question"]["type"] == "date"
    cases = [[beyond, None], [{"immediate-risk": "perhaps"}, None], [{"immediate-risk": 1}, None],
             [{"immediate-risk": "no", "unrelated": "x"}, None]]
    steps = rebuilt(tree, cases, tmp_path)
    assert steps[:3] == [None, None, None]
    # An answer the engine never asks about is ignored, by the engine and the tree alike.
    assert steps[3] == next_step(policy, cases[3][0], TODAY)


def test_the_tree_is_small_for_every_policy():
    """Compact: each question once; the whole tree of the largest bundled policy is tens of kilobytes of JSON."""
    for slug in SLUGS:
        tree = choice_tree(load_policy(POLICIES / slug / "policy.yaml", today=BUILD_TODAY), TODAY)
        assert len(json.dumps(tree, separators=(",", ":"))) < 400_000, slug
        assert len({json.dumps(q, sort_keys=True) for q in tree["questions"]}) == len(tree["questions"])


@pytest.mark.node
def test_a_question_that_changes_no_walk_adds_one_node_not_a_factor(tmp_path):
    """Sixteen yes/no questions that each change one duty: the tree holds each once ("*": every answer leads on
    to the same step), and the page still gives the engine's step, "Your answers" included, for any answers."""
    import random

    from benchmarks.generated_policy import write_generated_policy

    sizes = {}
    for count in (8, 16):
        policy = load_policy(write_generated_policy(tmp_path / str(count), count), today=BUILD_TODAY)
        tree = choice_tree(policy, TODAY)
        sizes[count] = len(json.dumps(tree, separators=(",", ":")))
    assert sizes[16] < sizes[8] * 2 < 40_000
    pick = random.Random(21)
    cases = []
    for _ in range(40):
        answers = {"immediate-risk": "no", **{f"partner-{n}": pick.choice(["yes", "no"]) for n in range(1, 17)}}
        cut = pick.randrange(len(answers) + 1)
        answers = dict(list(answers.items())[:cut])
        cases.append([answers, pick.choice([None, f"partner-{cut}"])])
    cases.append([{"immediate-risk": "yes"}, None])
    cases.append([{"immediate-risk": "no", "partner-1": "maybe"}, None])
    steps = rebuilt(tree, cases, tmp_path)
    for (answers, submitted), step in zip(cases, steps):
        expected = next_step(policy, answers, TODAY, submitted=submitted)
        if answers.get("partner-1") == "maybe":
            assert step is None
        else:
            assert step == expected, (answers, submitted)
