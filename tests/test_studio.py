"""Issue 22: the studio's live check says what `build.py check` says, word for word and at the same line:col.

`studio_check.check_text` checks the editor's text with the command line's own `check_policy` machinery; here it is
compared with `check_policy` on the same files (every bundled policy, every hostile file that is UTF-8 text), in
CPython and then under Pyodide in Node with the libraries the site ships (`studio-lib.zip`: the same versions, with
rpds-py's API from pyrsistent-as-rpds-py). The one difference is documented: the warnings on HTML removed from a
Markdown text (they need nh3, a Rust library) are left to the command line.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from guide.publish.policy_files import check_policy, discover_policies
from guide.publish.studio_check import check_text

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile_policies"


def _cases() -> list[tuple[Path, str, dict | None]]:
    cases = []
    for path in discover_policies(ROOT / "policies") + sorted(HOSTILE.glob("*.yaml")):
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue    # the editor holds text: a file that is not UTF-8 is refused when it is opened
        named = re.search(r"^\s*source_file:\s*(\S+)\s*$", text, re.M)   # as the author opens the file it names
        source = path.parent / (named.group(1) if named else "source.md")
        cases.append((path, text, {"name": source.name, "text": source.read_text(encoding="utf-8")}
                      if source.is_file() else None))
    return cases


def _command_line(path: Path) -> dict:
    policy, problems = check_policy(path, "policy.yaml")
    warnings = [w for w in (policy.warnings if policy else []) if "HTML removed" not in w.message]
    return {"problems": [str(p) for p in problems], "warnings": [str(w) for w in warnings]}


def _studio(result: dict) -> dict:
    return {"problems": [p["text"] for p in result["problems"]], "warnings": [w["text"] for w in result["warnings"]]}


def test_the_studio_check_gives_the_command_line_messages_for_every_policy_and_hostile_file():
    cases = _cases()
    assert len(cases) > 100
    for path, text, source in cases:
        expected = _command_line(path)
        got = _studio(check_text(text, source["name"] if source else None, source["text"] if source else None))
        assert got == expected, path.name


def test_a_broken_edit_is_one_message_at_its_line():
    text = (ROOT / "policies" / "model" / "policy.yaml").read_text(encoding="utf-8") if (ROOT / "policies" / "model").is_dir() \
        else (HOSTILE / "valid.yaml").read_text(encoding="utf-8")
    broken = text.replace("\nschema: 1\n", "\nschema: 1\npartnership: [\n", 1)
    result = check_text(broken)
    assert not result["read"]
    assert len(result["problems"]) == 1
    assert result["problems"][0]["text"].startswith("policy.yaml:")


@pytest.mark.node
@pytest.mark.skipif(not shutil.which("node") or not (ROOT / "node_modules" / "pyodide").is_dir(),
                    reason="Node and Pyodide (make setup) are needed")
def test_under_pyodide_the_shipped_check_says_what_cpython_says(tmp_path):
    from guide.publish.studio import studio_library

    cases = _cases()
    library = tmp_path / "studio-lib.zip"
    library.write_bytes(studio_library(ROOT))
    job = tmp_path / "job.json"
    job.write_text(json.dumps([{"text": text, "source": source} for _, text, source in cases]), encoding="utf-8")
    run = subprocess.run(["node", str(ROOT / "tests" / "node" / "studio-check.mjs"), str(library), str(job)],
                         capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    pyodide = json.loads(run.stdout)
    assert pyodide["python"].startswith("3.14")
    for (path, text, source), got in zip(cases, pyodide["results"], strict=True):
        expected = check_text(text, source["name"] if source else None, source["text"] if source else None)
        assert got == expected, path.name


def _timed_policies() -> list[Path]:
    """Bundled policies in force with a timescale counted in days (whatever policies are present)."""
    return [p for p in discover_policies(ROOT / "policies")
            if p.name == "policy.yaml" and re.search(r"^ +amount: \d+$", p.read_text(encoding="utf-8"), re.M)]


@pytest.mark.parametrize("path", _timed_policies(), ids=lambda p: p.parent.name)
def test_try_it_names_the_routes_a_timescale_changes_and_nothing_for_a_comment(path):
    from guide.publish.studio_check import bank_holiday_calendar, set_bank_holidays, try_policy

    set_bank_holidays(bank_holiday_calendar("2026-11-20"))
    text = path.read_text(encoding="utf-8")
    source = (path.parent / "source.md").read_text(encoding="utf-8")
    today = "2026-11-20"
    match = re.search(r"^( +amount: )(\d+)$", text, re.M)
    longer = text[:match.start()] + f"{match.group(1)}{int(match.group(2)) + 1}" + text[match.end():]
    result = try_policy(longer, "source.md", source, today, text)
    assert result["problems"] == 0 and result["routes"]
    assert result["changed"], "a longer timescale changes the deadline of some route"
    for row in result["changed"]:
        assert row["before"] and row["now"] and row["before"] != row["now"]
        assert row["before"]["deadline"] != row["now"]["deadline"] or row["before"]["timescale"] != row["now"]["timescale"]
    assert any(f"{int(match.group(2)) + 1}" in after for _, _, after in result["facts"])

    commented = text.replace("\n", "\n# a comment the author added\n", 1).replace(": ", ":  ", 1)
    same = try_policy(commented, "source.md", source, today, text)
    assert same["changed"] == [] and same["facts"] == []
    assert len(same["routes"]) == len(result["routes"])


def test_try_it_refuses_a_policy_the_check_refuses():
    from guide.publish.studio_check import try_policy

    assert try_policy("schema: [\n", None, None, "2026-11-20") == {"problems": 1}


@pytest.mark.parametrize("value", ["Model: LSCP", "LSCP # not a comment", "yes", "null", "007", "  padded  ", "'quoted'",
                                   '"double"', "- dash", "[bracket", "{brace", "é ünïcödé 👩‍👩‍👧", "a\\nb", "&anchor",
                                   "*alias", "!tag", "%percent", "@at", "`tick", "|pipe", ">fold", "", "tab\there",
                                   "line\nbreak", "ends with colon:", "x" * 300])
def test_a_form_edit_changes_only_its_value_and_reads_back_as_typed(value, tmp_path):
    from guide.publish.policy_files import read_policy_file
    from guide.publish.studio_check import form_edit, form_fields

    text = (HOSTILE / "valid.yaml").read_text(encoding="utf-8")
    field = next(f for f in form_fields(text) if f["path"] == ["partnership", "short_name"])
    change = form_edit(text, field["path"], value)
    assert "error" not in change, change   # any text can stand on its line: quoted, with escapes, where it must
    edited = text[:change["start"]] + change["insert"] + text[change["end"]:]
    before, after = text.splitlines(), edited.splitlines()
    assert len(before) == len(after)
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [text[:field["start"]].count("\n")]
    (tmp_path / "policy.yaml").write_text(edited, encoding="utf-8")
    policy, _ = read_policy_file(tmp_path / "policy.yaml")
    assert policy.data["partnership"]["short_name"] == value


def test_a_form_edit_of_a_timescale_takes_a_whole_number_only():
    from guide.publish.studio_check import form_edit, form_fields

    text = next((p for p in _timed_policies()), HOSTILE / "valid.yaml").read_text(encoding="utf-8")
    fields = [f for f in form_fields(text) if f["number"]]
    if not fields:
        pytest.skip("no policy here has a timescale in days")
    for bad in ("five", "-1", "1.5", "", "1e3"):
        assert "error" in form_edit(text, fields[0]["path"], bad)
    change = form_edit(text, fields[0]["path"], " 12 ")
    assert change["insert"] == "12"


def test_a_timescale_kind_is_chosen_from_the_schema_list_and_changes_only_its_line():
    """Issue 22.2: the form edits timescales. A policy whose timescales have no number of days (the model's are all
    `agreed`, `not-stated` or `without-delay`) still has each timescale's kind in the form, chosen from the schema's
    list; the choice changes that one line, and a kind the schema does not list is refused. On the riverside fixture
    (its step 2 is `not-stated`), so that a fork without the bundled policies runs it too."""
    from guide.publish.policy_files import schema
    from guide.publish.studio_check import form_edit, form_fields

    text = (ROOT / "tests" / "shapes" / "riverside" / "policy.yaml").read_text(encoding="utf-8")
    kinds = [f for f in form_fields(text) if f["choices"]]
    agreed = next(f for f in kinds if f["value"] == "not-stated")
    assert agreed["label"].endswith(": kind of timescale") and agreed["path"][-2:] == ["timescale", "kind"]
    assert agreed["choices"] == schema()["$defs"]["timescale"]["properties"]["kind"]["enum"]
    assert "same-working-day" in agreed["hint"]          # the schema's description, as the hint
    assert all(not f["choices"] for f in form_fields(text) if f["path"][-1] != "kind")
    assert "error" in form_edit(text, agreed["path"], "soon")
    change = form_edit(text, agreed["path"], "same-working-day")
    edited = text[:change["start"]] + change["insert"] + text[change["end"]:]
    before, after = text.splitlines(), edited.splitlines()
    line = text[:agreed["start"]].count("\n")
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [line]
    assert after[line] == before[line].replace("not-stated", "same-working-day") and len(before) == len(after)


@pytest.mark.parametrize("text", ["foo: bar\n", "just some text\n", "- a\n- b\n", '{"a": 1}\n'])
def test_a_file_that_is_not_a_policy_is_said_to_be_so(text):
    result = check_text(text)
    assert result["read"] and not result["looks_like_policy"] and result["problems"]


def test_a_policy_with_problems_still_looks_like_one():
    text = (HOSTILE / "valid.yaml").read_text(encoding="utf-8")
    assert check_text(text.replace("schema: 1", "schema: 2"))["looks_like_policy"]


def test_the_studio_offers_the_model_only_where_the_build_has_it():
    from guide.publish.pages import studio_page
    from guide.publish.policy_files import load_policy

    policy = load_policy(discover_policies(ROOT / "policies")[0])
    assert 'id="studio-model"' in studio_page(policy, model=True).markdown
    assert 'id="studio-model"' not in studio_page(policy, model=False).markdown
    assert "robots: noindex" in studio_page(policy).markdown


@pytest.mark.parametrize("crlf", [False, True])
def test_the_form_records_a_sign_off_as_lines_of_its_own_that_release_accepts(crlf, tmp_path):
    """22.7: the sign-off (name, role, date) is added under `document:` as `approved:`, every other line kept; then
    each of its values is a field of the form; a second one, a date that is not one, or a blank name is refused."""
    from guide.publish.policy_files import read_policy_file
    from guide.publish.release import missing_sign_off
    from guide.publish.studio_check import form_fields, sign_off

    text = (HOSTILE / "valid.yaml").read_text(encoding="utf-8")
    if crlf:
        text = text.replace("\n", "\r\n")
    assert "error" in sign_off(text, "", "Chair", "2026-11-30")
    assert "error" in sign_off(text, "Jo Bloggs", "Chair", "30/11/2026")
    change = sign_off(text, "Jo Bloggs", "Independent Chair: the board", "2026-11-30")
    assert "error" not in change and change["start"] == change["end"]
    edited = text[:change["start"]] + change["insert"] + text[change["end"]:]
    end = "\r\n" if crlf else "\n"
    assert edited.replace(change["insert"], "", 1) == text and change["insert"].count(end) == 4
    assert "\n" not in change["insert"].replace(end, "")
    folder = tmp_path
    (folder / "policy.yaml").write_text(edited, encoding="utf-8", newline="")
    policy, problems = read_policy_file(folder / "policy.yaml")
    approved = policy.data["document"]["approved"]
    assert approved == {"by": "Jo Bloggs", "role": "Independent Chair: the board", "date": "2026-11-30"}
    assert missing_sign_off(policy.data["document"]) is None
    assert [f["value"] for f in form_fields(edited) if f["group"] == "Sign-off"] == list(approved.values())
    assert "error" in sign_off(edited, "Someone Else", "Chair", "2026-12-01")   # recorded: edited in its fields


@pytest.mark.parametrize("path, text, source", [case for case in _cases() if HOSTILE not in case[0].parents],
                         ids=lambda c: "/".join(c.parts[-3:-1]) if isinstance(c, Path) else "")
def test_walking_a_draft_is_the_engines_own_next_step_and_survives_any_answers(path, text, source):
    """ "Walk through the draft": studio_check.walk gives the guide's next_step for the draft, with the guide's words;
    answers that are not JSON, or not an object, give the engine's own error, never a traceback."""
    from guide.engine.walk import next_step
    from guide.publish.studio_check import _policy, walk

    source_name, source_text = (source["name"], source["text"]) if source else (None, None)
    policy, problems = _policy(text, source_name, source_text)     # the draft's model, as "Try it" builds it
    assert not problems
    today = "2026-11-20"
    answers: dict = {}
    for _ in range(40):      # first options, "today", or the first choice: to a result
        result = walk(text, source_name, source_text, json.dumps(answers), today)
        step = json.loads(result["step"])
        assert step == next_step(policy, answers, today)
        if step["kind"] != "question":
            break
        question = step["question"]
        answers[question["id"]] = today if question["type"] == "date" else question["options"][0]["value"]
    assert step["kind"] != "question", "no result after 40 questions"
    wording = json.loads(result["wording"])
    assert wording["guide.continue"] == policy.wording("guide.continue") and not any(
        key.startswith(("manual.", "page.")) for key in wording)
    for hostile in ("not json", "[1, 2]", "null", '{"' + step.get("summary", [{}])[0].get("id", "x") + '": {"deep": [1]}}'):
        hostile_step = json.loads(walk(text, source_name, source_text, hostile, today)["step"])
        assert hostile_step["kind"] in ("question", "advice", "signpost")


def test_walking_a_draft_the_check_refuses_says_how_many_problems():
    from guide.publish.studio_check import walk

    assert walk("schema: [\n", None, None, "{}", "2026-11-20") == {"problems": 1}


# --- hostile input (issue 22 audit): no input gives a traceback ----------------------------------------------------


def test_a_lone_surrogate_in_the_editor_is_a_problem_at_its_place_not_a_crash():
    """A JavaScript string (pasted text, a typed value) can hold half of a UTF-16 pair, which no UTF-8 file can: the
    check says where it is, in the command line's words, and the form and the sign-off refuse it, with no traceback."""
    from guide.publish.studio_check import form_edit, form_fields, sign_off

    text = (HOSTILE / "valid.yaml").read_text(encoding="utf-8")
    broken = text + "# pasted \ud800 here\n"
    result = check_text(broken)
    assert [(p["line"], p["col"]) for p in result["problems"]] == [(text.count("\n") + 1, 10)]
    assert "lone surrogate" in result["problems"][0]["message"]
    assert form_fields(broken) == []
    assert "error" in form_edit(text, ["partnership", "short_name"], "A\ud800B")
    assert "error" in sign_off(text, "A\udc00", "Chair", "2026-12-02")


@pytest.mark.parametrize("bad", ["²", "٣", "9" * 5000])
def test_a_timescale_typed_as_digits_int_refuses_is_an_error_message_not_a_crash(bad):
    from guide.publish.studio_check import form_edit, form_fields

    for path in _timed_policies() or [HOSTILE / "valid.yaml"]:
        text = path.read_text(encoding="utf-8")
        fields = [f for f in form_fields(text) if f["number"]]
        if fields:
            assert "error" in form_edit(text, fields[0]["path"], bad)
            return
    pytest.skip("no policy here has a timescale in days")


@pytest.mark.parametrize("name", ["é" * 200 + ".md", "draft.yaml", "form.yaml"])
def test_a_source_file_of_any_name_is_checked_without_a_crash(name):
    text = (HOSTILE / "valid.yaml").read_text(encoding="utf-8")
    result = check_text(text, name, "Some source text.\n")
    assert result["read"]
    assert check_text(text, name, "A source with \ud800 in it.\n")["read"]


@pytest.mark.parametrize("day", ["2026-13-45", "2026-02-30", "0000-00-00"])
def test_a_sign_off_on_a_day_that_does_not_exist_is_refused_by_the_form_and_the_check(day):
    from guide.publish.studio_check import sign_off

    text = (HOSTILE / "valid.yaml").read_text(encoding="utf-8")
    assert "error" in sign_off(text, "Jo Bloggs", "Chair", day)
    recorded = sign_off(text, "Jo Bloggs", "Chair", "2026-11-30")
    edited = text[:recorded["start"]] + recorded["insert"].replace("2026-11-30", day) + text[recorded["end"]:]
    line = edited[:edited.index(day)].count("\n") + 1
    assert any(p["line"] == line and day in p["message"] for p in check_text(edited)["problems"])
