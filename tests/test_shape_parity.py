"""Every shape fixture (tests/shapes/*, tests/time_policies/*) under Node Pyodide gives what CPython gives: every
route's advice, its calendar file and its e-mail drafts, and the digest of all its routes (issue 20, "Done when").
One Node run for all of them. Which tests run each fixture in CPython and in Chromium is listed below and checked.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from .pyodide_job import run_in_pyodide

TESTS = Path(__file__).resolve().parent
FIXTURES = sorted([*TESTS.glob("shapes/*/policy.yaml"), *TESTS.glob("time_policies/*/policy.yaml")])
TODAY = "2026-12-02"
# Each fixture's scenario tests: in CPython, and in Chromium (each builds the fixture's site alone).
TESTED_BY = {
    "shapes/fastroute": ("test_fast_route.py", "test_fast_route_browser.py"),
    "shapes/joint": ("test_joint_protocol.py", "test_joint_protocol_browser.py"),
    "shapes/northfield": ("test_contacts_and_instructions.py", "test_contacts_and_instructions.py"),
    "shapes/riverside": ("test_riverside.py", "test_shapes_browser.py"),
    "time_policies/timed": ("test_timing.py", "test_timing_browser.py"),
}


def name(path: Path) -> str:
    return path.parent.relative_to(TESTS).as_posix()


def test_each_fixture_has_its_cpython_and_browser_tests():
    assert sorted(name(p) for p in FIXTURES) == sorted(TESTED_BY)
    for fixture, files in TESTED_BY.items():
        folder = fixture.split("/")[1]
        cpython, browser = ((TESTS / f).read_text(encoding="utf-8") for f in files)
        assert f'"{folder}"' in cpython and "next_step" in cpython, fixture
        assert "pytest.mark.browser" in browser and f'"{folder}"' in browser, fixture


def routes(path: Path) -> list[dict]:
    from guide.engine.routes import enumerate_routes
    from guide.publish.policy_files import load_policy

    # Dates as the browser sends them (YYYY-MM-DD).
    return [json.loads(json.dumps(dict(route.answers), default=date.isoformat))
            for route in enumerate_routes(load_policy(path), date.fromisoformat(TODAY))]


@pytest.mark.node
def test_every_route_of_every_fixture_is_the_same_under_pyodide(tmp_path):
    from guide.engine import browser
    from guide.publish.pages import policy_json
    from guide.publish.policy_files import check_policy, load_policy

    policies, cases = {}, []
    for path in FIXTURES:
        out = tmp_path / (name(path).replace("/", "@") + ".json")
        out.write_text(policy_json(load_policy(path), check_policy(path)[0].data), encoding="utf-8")
        policies[name(path)] = str(out)
        cases += [{"policy": name(path), "answers": answers, "today": TODAY} for answers in routes(path)]
    digests = [{"policy": n, "today": TODAY} for n in policies]
    pyodide = run_in_pyodide(tmp_path, {"policies": policies, "cases": cases, "digests": digests, "calendars": cases},
                             timeout=900)

    for i, case in enumerate(cases):
        browser.load_policy(Path(policies[case["policy"]]).read_text(encoding="utf-8"))
        answers = json.dumps(case["answers"])
        assert pyodide["advice"][i] == json.loads(browser.advise(answers, TODAY)), case
        assert pyodide["calendars"][i] == browser.calendar(answers, TODAY), case
        assert pyodide["drafts"][i] == json.loads(browser.drafts(answers, TODAY)), case
    for item, digest in zip(digests, pyodide["digests"]):
        browser.load_policy(Path(policies[item["policy"]]).read_text(encoding="utf-8"))
        assert digest == json.loads(browser.routes_digest(TODAY)), item
    # Every fixture reached advice with a date on some route: the comparison is not of empty answers.
    dated = {c["policy"] for c, advice in zip(cases, pyodide["advice"]) if (advice.get("deadline") or {}).get("date")}
    assert dated == set(policies)
    timed = [a for a in pyodide["advice"] if (a.get("deadline") or {}).get("time")]
    assert timed, "a deadline in hours, with its time, compared too"
