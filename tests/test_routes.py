"""Every route through every bundled policy: each question and stage reachable, no dead end, complete advice."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

from guide.engine import next_step, question_ids
from guide.publish.policy_files import discover_policies, load_policy, site_path_for
from guide.engine.routes import enumerate_routes

from .conftest import BUILD_TODAY, POLICIES, ROOT

TODAY = date(2026, 11, 20)
FILES = discover_policies(POLICIES)


@lru_cache(maxsize=None)
def routes_of(path):
    policy = load_policy(path, today=BUILD_TODAY)
    return policy, list(enumerate_routes(policy, TODAY))


@pytest.fixture(params=FILES, ids=lambda p: site_path_for(p))
def enumerated(request):
    return routes_of(request.param)


def test_no_route_dead_ends(enumerated):
    policy, routes = enumerated
    assert routes
    dead = [r.answers for r in routes if r.outcome["kind"] not in ("advice", "signpost")]
    assert dead == []


def test_every_declared_question_is_asked_on_some_route(enumerated):
    policy, routes = enumerated
    asked = {qid for route in routes for qid, _ in route.answers}
    assert {q.id for q in policy.questions} <= asked
    assert asked <= question_ids(policy)


def test_every_option_of_every_question_is_taken(enumerated):
    policy, routes = enumerated
    taken = {(qid, value) for route in routes for qid, value in route.answers}
    for question in policy.questions:
        for option in question.answer_options():
            assert (question.id, option.value) in taken, (question.id, option.value)


def test_every_pathway_signpost_and_stage_is_reached(enumerated):
    policy, routes = enumerated
    advice = [r.outcome for r in routes if r.outcome["kind"] == "advice"]
    signposts = {r.outcome["signpost"]["id"] for r in routes if r.outcome["kind"] == "signpost"}
    assert signposts == {"immediate-risk"} | {s.id for s in policy.signposts}
    reached = {(a["pathway"]["id"], a["stage"]["id"]) for a in advice}
    for pathway in policy.pathways:
        for stage in pathway.stages:
            assert (pathway.id, stage.id) in reached, (pathway.id, stage.id)
    outcomes = {a["outcome"] for a in advice}
    assert outcomes == {"raise", "waiting", "resolved", "end"}


def test_every_advice_names_a_stage_a_contact_role_and_a_timescale(enumerated):
    policy, routes = enumerated
    for route in routes:
        outcome = route.outcome
        if outcome["kind"] != "advice":
            continue
        assert outcome["stage"]["label"] and outcome["stage"]["title"], route.answers
        assert any(c["roles"] for c in outcome["contacts"]), route.answers
        assert outcome["timescale"]["text"], route.answers
        if outcome["outcome"] == "raise" and outcome["timescale"]["kind"] in ("working-days", "same-working-day",
                                                                              "calendar-days"):
            assert outcome["deadline"], route.answers


def test_the_enumeration_agrees_with_next_step(enumerated):
    policy, routes = enumerated
    for route in routes[:: max(1, len(routes) // 150)]:
        answers = {qid: (v.isoformat() if isinstance(v, date) else v) for qid, v in route.answers}
        assert next_step(policy, answers, TODAY) == route.outcome


def test_no_question_is_asked_twice_on_a_route(enumerated):
    policy, routes = enumerated
    for route in routes:
        ids = [qid for qid, _ in route.answers]
        assert len(ids) == len(set(ids)), ids


# --- the command line ----------------------------------------------------------------------------------------


def run(*args, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guide", *args], capture_output=True, text=True, cwd=ROOT, input=stdin)


def test_cli_advise_prints_the_advice_as_json(tmp_path):
    from .scenarios import MEDWAY

    scenario = MEDWAY[0]
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(scenario.answers), encoding="utf-8")
    result = run("advise", "--policy", "medway", "--answers", str(answers), "--today", scenario.today)
    assert result.returncode == 0, result.stderr
    advice = json.loads(result.stdout)
    assert advice["stage"]["label"] == "Stage 3" and advice["deadline"]["date"] == "2026-11-27"


def test_cli_advise_prints_the_next_question(tmp_path):
    result = run("advise", "--policy", "wirral", "--answers", "-", "--today", "2026-11-20", stdin='{"immediate-risk": "no"}')
    assert result.returncode == 0
    assert json.loads(result.stdout)["question"]["id"] == "other-agency-involved"


@pytest.mark.parametrize("args,answers,message", [
    (["--policy", "nowhere"], "{}", "unknown policy `nowhere`"),
    (["--policy", "medway"], '{"favourite-colour": "blue"}', "unknown question id `favourite-colour`"),
    (["--policy", "medway"], '{"mash": "maybe"}', '`mash`: "maybe" is not an answer; choose one of yes, no, not-sure'),
    (["--policy", "medway"], '{"escalation.stage-1.raised-on": "2026-13-01"}', "must be a real date"),
    (["--policy", "medway"], '{"escalation.reached": "stage-9"}', "is not an answer"),
    (["--policy", "medway"], '{"immediate-risk": ', "not valid JSON"),
    (["--policy", "medway", "--today", "tomorrow"], "{}", "--today tomorrow"),
])
def test_cli_bad_input_is_one_line_and_exit_status_2(args, answers, message):
    result = run("advise", "--answers", "-", *args, stdin=answers)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines


def test_cli_paths_lists_every_route():
    result = run("paths", "wirral", "--today", "2026-11-20")
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and not line.startswith("| Route")]
    policy, routes = routes_of(POLICIES / "wirral" / "policy.yaml")
    assert len(rows) == len(routes)
    assert any("Stage 3: WSCB Board members" in row and "Superintendent, Merseyside Police" in row for row in rows)


def test_cli_paths_csv():
    result = run("paths", "medway/2016-06", "--today", "2016-07-06", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == ("route,answers,result,stage,contacts,timescale,deadline,duties,notices,"
                                             "deadline_staggered,dates_staggered,actions,instructions")


@pytest.mark.parametrize("grouped", [False, True])
def test_the_route_csv_carries_timed_actions_and_instructions(grouped):
    """A reviewer reads every piece of the advice in the CSV: a stage's timed actions with their dates (Riverside's
    step 2: "An acknowledgement must be provided immediately. Within 48 hours an agreed action plan") and the
    instructions that are not "tell someone" ("Do not delay safeguarding action")."""
    import csv
    import io

    policy = Path(__file__).parent / "shapes" / "riverside" / "policy.yaml"
    result = run("paths", str(policy), "--today", "2026-12-04", "--format", "csv", *(["--grouped"] if grouped else []))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert any("Acknowledge the escalation: Friday 4 December 2026" in row["actions"] for row in rows)
    assert any("Do not delay safeguarding action" in row["instructions"] for row in rows)
