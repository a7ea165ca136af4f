"""The same scenarios inside Pyodide 314 under Node give the same advice JSON as CPython, byte for byte."""

from __future__ import annotations

import base64
import json
import sys

import pytest

from guide.engine import browser
from guide.publish.compiled_runtime import compiled_runtime
from guide.publish.pages import engine_archive, policy_json
from guide.publish.policy_files import check_policy

from .conftest import ROOT
from .pyodide_job import run_in_pyodide
from .scenarios import ALL, MEDWAY, WIRRAL
from .test_scenarios import policy as load

pytestmark = pytest.mark.node


def policy_file_json(name: str) -> str:
    from guide.__main__ import resolve_policy_path

    policy = load(name)
    data = check_policy(resolve_policy_path(name))[0].data
    return policy_json(policy, data)


def test_engine_under_pyodide_matches_cpython(tmp_path):
    names = sorted({s.policy for s in ALL})
    policies = {}
    for name in names:
        path = tmp_path / (name.replace("/", "@") + ".json")
        path.write_text(policy_file_json(name), encoding="utf-8")
        policies[name] = str(path)
    cases = [{"policy": s.policy, "answers": s.answers, "today": s.today} for s in ALL]
    # Answers with mistakes too: the errors must match as well.
    cases += [
        {"policy": "medway", "answers": {"immediate-risk": "no", "about": "case", "outside-area": "no", "own-agency": "health",
                                          "other-agency": "education", "cp-plan": "no", "in-care": "no",
                                          "escalation.reached": "stage-1", "escalation.stage-1.response": "none",
                                          "escalation.stage-1.raised-on": {"day": "31", "month": "2", "year": "2026"}},
         "today": "2026-11-20"},
        {"policy": "suffolk", "answers": {"immediate-risk": "maybe"}, "today": "2026-11-20"},
    ]
    digests = [{"policy": name, "today": "2026-11-20"} for name in names]
    details = {"sender-name": "Alex <Jones> & co", "child-name": "Sam Example", "concern-summary": "Line 1\nLine 2",
               "child-dob": {"day": "3", "month": "3", "year": "2019"}}
    documents = [
        {"policy": "medway", "form": "stage-3-escalation", "answers": ALL[0].answers, "details": details, "today": ALL[0].today},
        {"policy": "medway/2016-06", "form": "stage-3-escalation", "answers": ALL[len(MEDWAY) + 2].answers,
         "details": details, "today": "2016-07-06"},
        {"policy": "medway", "form": "practice-alert", "answers": MEDWAY[4].answers, "details": details, "today": "2026-11-20"},
        {"policy": "wirral", "form": "escalation-record", "answers": WIRRAL[3].answers, "details": details, "today": "2026-11-20"},
    ]
    calendars = [{"policy": "medway", "answers": MEDWAY[0].answers, "today": MEDWAY[0].today},
                 {"policy": "wirral", "answers": WIRRAL[3].answers, "today": "2026-11-20"}]
    browser.load_policy(open(policies["medway"], encoding="utf-8").read())
    record = browser.make_document("escalation-record", json.dumps(MEDWAY[0].answers), json.dumps(details), "2026-11-20")
    records = [{"policy": "medway", "base64": base64.b64encode(record).decode(), "today": "2026-12-01"},
               {"policy": "medway", "base64": base64.b64encode(b"PK\x03\x04 not really a zip").decode(), "today": "2026-12-01"}]
    # Issue 24, point 5: forged records nested deep (the answers 50,000 deep: a fatal stack overflow of the whole
    # engine under Pyodide before) or with 50,000 elements are refused there as in CPython.
    from .test_record_data import _deep

    records += [{"policy": "medway", "base64": base64.b64encode(_deep(kind)).decode(), "today": "2026-12-01"}
                for kind in ("answers", "elements", "many")]
    # Scenario tables (issue 22.5), as the studio runs them: each partnership's own table, and a broken one.
    tables = [{"policy": name, "today": "2026-11-20",
               "base64": base64.b64encode((ROOT / "policies" / name / "scenarios.csv").read_bytes()).decode()}
              for name in names if "/" not in name and (ROOT / "policies" / name / "scenarios.csv").is_file()]
    tables.append({"policy": "medway", "today": "2026-11-20", "base64": base64.b64encode(
        "\ufefftoday;own-agency;colour;deadline\r\n31/02/2026;=cmd|calc;x;soon\r\n".encode("cp1252", "replace")
        ).decode()})
    # What the browser runs: the engine and the standard library as the build compiles and ships them.
    pyodide = run_in_pyodide(tmp_path, {"policies": policies, "cases": cases, "digests": digests,
                                         "documents": documents, "calendars": calendars, "records": records,
                                         "scenarios": tables})
    assert pyodide["python"].startswith("3.14"), "Pyodide 314 runs Python 3.14"

    expected_advice, expected_digests = [], []
    for case in cases:
        browser.load_policy(open(policies[case["policy"]], encoding="utf-8").read())
        expected_advice.append(json.loads(browser.advise(json.dumps(case["answers"]), case["today"])))
    for item in digests:
        browser.load_policy(open(policies[item["policy"]], encoding="utf-8").read())
        expected_digests.append(json.loads(browser.routes_digest(item["today"])))
    assert pyodide["advice"] == expected_advice
    assert pyodide["digests"] == expected_digests
    for item, made in zip(documents, pyodide["documents"]):
        browser.load_policy(open(policies[item["policy"]], encoding="utf-8").read())
        expected = browser.make_document(item["form"], json.dumps(item["answers"]), json.dumps(item["details"]), item["today"])
        assert base64.b64decode(made) == expected, f"{item['policy']} {item['form']}: the .docx differs"
    assert expected_advice[-2]["errors"][0]["message"] == "The date Stage 1 was raised must be a real date"
    for item, calendar, drafts in zip(calendars, pyodide["calendars"], pyodide["drafts"]):
        browser.load_policy(open(policies[item["policy"]], encoding="utf-8").read())
        assert calendar == browser.calendar(json.dumps(item["answers"]), item["today"])
        assert drafts == json.loads(browser.drafts(json.dumps(item["answers"]), item["today"]))
    browser.load_policy(open(policies["medway"], encoding="utf-8").read())
    for item, read in zip(records, pyodide["records"]):
        assert read == json.loads(browser.read_record(base64.b64decode(item["base64"]), item["today"]))
    assert pyodide["records"][0]["answers"] and not any(read.get("answers") for read in pyodide["records"][1:])
    for item, ran, made in zip(tables, pyodide["scenarios"], pyodide["templates"]):
        browser.load_policy(open(policies[item["policy"]], encoding="utf-8").read())
        assert ran == json.loads(browser.scenario_table(base64.b64decode(item["base64"])))
        assert made == browser.scenario_template(item["today"])
    assert [t["exit_code"] for t in pyodide["scenarios"]] == [0] * (len(tables) - 1) + [2]
    # Everything above ran from the trimmed, precompiled standard library: nothing came from anywhere else.
    assert all(name.split(".")[0] not in ("unittest", "pdb", "doctest", "pydoc") for name in pyodide["modules"])


def test_the_shipped_standard_library_is_bytecode_trimmed_and_repeatable(tmp_path):
    """Issue 12: the standard library the guide ships is compiled (no .py left but any that do not compile), keeps
    what Pyodide and the engine load, leaves out the rest, and is the same bytes when made again from scratch."""
    import zipfile
    from io import BytesIO

    from guide.publish.compiled_runtime import _compile

    shipped = compiled_runtime(ROOT, engine_archive())
    names = zipfile.ZipFile(BytesIO(shipped.stdlib)).namelist()
    assert "datetime.pyc" in names and "zipfile/__init__.pyc" in names and "encodings/cp437.pyc" in names
    assert "xml/etree/ElementTree.pyc" in names and "_strptime.pyc" in names
    assert not [n for n in names if n.endswith(".py")]
    assert "unittest/__init__.py" in shipped.modules["left_out"] and "pdb.py" in shipped.modules["left_out"]
    engine = zipfile.ZipFile(BytesIO(shipped.engine)).namelist()
    assert "guide/engine/walk.pyc" in engine and "guide/engine/wording.json" in engine
    assert json.loads(shipped.lock)["packages"] == {}
    _compile(ROOT / "node_modules" / "pyodide", engine_archive(), tmp_path / "again")
    assert (tmp_path / "again" / "python_stdlib.zip").read_bytes() == shipped.stdlib
    assert (tmp_path / "again" / "engine.zip").read_bytes() == shipped.engine


def test_the_archive_is_the_same_every_time():
    assert engine_archive() == engine_archive()
