"""Scenario tables (issue 22, point 5): a business manager's CSV of answers and the stage, contact and deadline
expected, run with the engine; a row that differs is named with what was expected and what the guide says; a table
that cannot be run lists every problem with its row and column; whatever the file holds, no traceback."""

from __future__ import annotations

import csv
import dataclasses
import io
import random
import subprocess
import sys
from datetime import date, time
from functools import lru_cache

import pytest

from guide.engine.scenario_table import (MAX_BYTES, MAX_ROWS, column_letter, parse_table_date, run_table,
                                         template)
from guide.engine.wording import DEFAULT
from guide.publish.policy_files import load_policy

from .conftest import BUILD_TODAY, BUNDLED_SLUGS, POLICIES, ROOT
from .scenarios import ALL

PRESENT = sorted(p.name for p in POLICIES.iterdir() if (p / "policy.yaml").is_file())
WITH_TABLES = [slug for slug in PRESENT if (POLICIES / slug / "scenarios.csv").is_file()]


@lru_cache(maxsize=None)
def policy(slug: str):
    return load_policy(POLICIES / slug / "policy.yaml", today=BUILD_TODAY)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "build.py", "scenarios", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def texts(result: dict) -> list[str]:
    return [p["text"] for p in result["problems"]]


# --- over whatever policies are present ---------------------------------------------------------------------


@pytest.mark.parametrize("slug", PRESENT)
def test_template_has_the_headings_and_an_example_the_engine_passes(slug):
    text = template(policy(slug), date(2026, 11, 20))
    assert text.startswith("\ufeff") and "\r\n" in text          # Excel opens it as UTF-8
    headings = next(csv.reader(io.StringIO(text[1:])))
    assert headings[0] == "today"
    assert headings[-4:] == ["stage", "contact", "deadline", "source"]
    result = run_table(policy(slug), text.encode("utf-8"))
    assert result["problems"] == [], texts(result)
    assert (result["exit_code"], result["passed"], result["failed"]) == (0, 1, 0)
    assert result["rows"][0]["expected"]["stage"]                 # the example checks the stage it reaches


@pytest.mark.parametrize("slug", WITH_TABLES)
def test_each_partnerships_own_table_passes_and_names_its_source(slug):
    data = (POLICIES / slug / "scenarios.csv").read_bytes()
    result = run_table(policy(slug), data)
    assert texts(result) == [] and [r["message"] for r in result["rows"] if not r["passed"]] == []
    assert result["exit_code"] == 0 and result["passed"] >= 1
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert all(row["source"].strip() for row in rows if any(v.strip() for v in row.values() if v))


@pytest.mark.parametrize("slug", [s for s in BUNDLED_SLUGS if s in WITH_TABLES])
def test_bundled_tables_encode_only_passages_of_the_source(slug):
    """Every row of a bundled example table is a scenario of tests/scenarios.py, which names its passage of the
    source policy (and none says "Not in the policy")."""
    passages = {s.passage for s in ALL if s.policy == slug and not s.passage.startswith("Not in")}
    rows = list(csv.DictReader(io.StringIO((POLICIES / slug / "scenarios.csv").read_text(encoding="utf-8-sig"))))
    assert rows and {row["source"] for row in rows} <= passages


# --- a wrong row is named -----------------------------------------------------------------------------------

MEDWAY_HEAD = ("today,immediate-risk,about,outside-area,own-agency,other-agency,mash,cp-plan,in-care,stage reached,"
               "response,raised on,stages used,raise on,stage,contact,deadline,source")
# Section 4, Stage 3 of the Medway policy (tests/scenarios.py encodes the same): health v Kent Police, stage 2 not
# answered, stage 1 used: Stage 3, to the Detective Superintendent, response within 5 working days.
MEDWAY_STAGE_3 = ("20/11/2026,No,case,No,Health,Kent Police,yes,yes,yes,Stage 2,no response,02/11/2026,Stage 1,"
                  "20/11/2026,{stage},{contact},{deadline},Section 4 Stage 3")
THEY = '"They: Detective Superintendent, Head of Safeguarding"'


def medway_row(stage="Stage 3", contact=THEY, deadline="27/11/2026") -> str:
    return MEDWAY_STAGE_3.format(stage=stage, contact=contact, deadline=deadline)


def test_a_wrong_row_is_named_with_what_was_expected_and_what_the_guide_says():
    table = "\r\n".join([MEDWAY_HEAD, medway_row(), medway_row(deadline="Monday 23 November 2026"),
                         medway_row(stage="Stage 2"), medway_row(contact="Head of Service"),
                         medway_row(stage="Stage 2", deadline="none")]) + "\r\n"
    result = run_table(policy("medway"), table.encode())
    assert result["problems"] == []
    assert (result["exit_code"], result["passed"], result["failed"]) == (1, 1, 4)
    messages = [r["message"] for r in result["rows"] if not r["passed"]]
    assert messages[:3] == [
        "Row 3: expected Stage 3 by Monday 23 November 2026, the guide says Friday 27 November 2026",
        "Row 4: expected Stage 2 by Friday 27 November 2026, the guide says Stage 3 (Escalate to Assistant/Deputy "
        "Directors)",
        "Row 5: expected Stage 3 by Friday 27 November 2026, contact Head of Service, the guide says contact You: "
        "Assistant Director or Deputy Director; "
        "They: Detective Superintendent, Head of Safeguarding",
    ]
    assert messages[3] == ("Row 6: expected Stage 2, with no deadline, the guide says Stage 3 (Escalate to Assistant/Deputy "
                           "Directors), and Friday 27 November 2026")
    assert result["rows"][1]["wrong"] == ["deadline"]
    assert result["rows"][1]["actual"]["deadline"]["date"] == "2026-11-27"


def test_the_issues_example_row_12_counts_blank_rows_as_the_spreadsheet_does():
    """Row 12 in Excel is row 12 here: blank rows in between are skipped but counted."""
    row = ("02/12/2026,No,case,No,Health,Health,,no,no,Stage 1,not resolved,25/11/2026,,02/12/2026,Stage 2,,"
           "Monday 7 December 2026,Section 4 Stage 2: a response within 5 working days")
    table = MEDWAY_HEAD + "\r\n" + ",,,\r\n" * 10 + row + "\r\n"
    result = run_table(policy("medway"), table)
    assert [r["message"] for r in result["rows"]] == [
        "Row 12: expected Stage 2 by Monday 7 December 2026, the guide says Wednesday 9 December 2026"]
    assert result["exit_code"] == 1


def test_a_contact_may_be_named_on_its_side_and_the_guide_may_give_more():
    table = "\n".join([MEDWAY_HEAD, medway_row(contact="Assistant Director or Deputy Director"),
                       medway_row(contact='"You: Detective Superintendent, Head of Safeguarding"'),
                       medway_row(contact='"you: assistant director or deputy director ; ' + THEY[1:])])
    result = run_table(policy("medway"), table)
    assert [r["passed"] for r in result["rows"]] == [True, False, True]


def test_the_command_line_exit_codes_and_messages(tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(MEDWAY_HEAD + "\n" + medway_row() + "\n", encoding="utf-8")
    bad.write_text(MEDWAY_HEAD + "\n" + medway_row(deadline="23/11/2026") + "\n", encoding="utf-8")
    ran = cli("medway", str(good))
    assert ran.returncode == 0 and "1 scenario: 1 as expected, 0 not." in ran.stdout
    ran = cli("medway", str(bad))
    assert ran.returncode == 1
    assert "Row 2: expected Stage 3 by Monday 23 November 2026, the guide says Friday 27 November 2026" in ran.stdout
    out = tmp_path / "template.csv"
    ran = cli("medway", "--template", "--out", str(out))
    assert ran.returncode == 0 and out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert cli("medway", str(out)).returncode == 0
    assert cli("no-such-partnership", str(good)).returncode == 2
    ran = cli("medway", str(tmp_path / "missing.csv"))
    assert ran.returncode == 2 and "Traceback" not in ran.stderr


def test_the_command_line_runs_the_partnerships_own_table_by_default():
    if "medway" not in WITH_TABLES:
        pytest.skip("no policies/medway/scenarios.csv")
    ran = cli("medway")
    assert ran.returncode == 0, ran.stdout + ran.stderr


# --- a malformed table lists every problem ------------------------------------------------------------------


def test_a_malformed_table_lists_every_problem_with_its_row_and_column(tmp_path):
    head = MEDWAY_HEAD.replace("source", "colour") + ",deadline"
    rows = [
        medway_row().replace("20/11/2026", "31/02/2026", 1),                                  # row 2: today
        medway_row().replace("Health", "Helth", 1),                                           # row 3: not an option
        medway_row().replace("Stage 2", "Stage 9", 1),                                        # row 4: no such stage
        medway_row(deadline="next Tuesday"),                                                  # row 5: not a date
        medway_row().replace(",Health,", ",,", 1),                                            # row 6: not answered
        medway_row(deadline="11/25/2026"),                                                    # row 7: month first
    ]
    table = "\n".join([head] + rows) + "\n"
    result = run_table(policy("medway"), table)
    assert result["exit_code"] == 2 and result["status"] == "malformed"
    found = texts(result)
    assert found[0].startswith("Row 1, column R (colour): \"colour\" is not a heading the table can use.")
    assert found[1] == "Row 1, column S (deadline): This column says the same as column Q. Keep one of them."
    assert found[2:] == [
        "Row 2, column A (today): \"31/02/2026\" is not a real date.",
        "Row 3, column E (own-agency): \"Helth\" is not an answer to \"Which agency do you work for?\". Write one "
        "of: Children's social care; Health; A school or education setting; Kent Police; Another agency.",
        "Row 4, column J (stage reached): \"Stage 9\" is not a stage of this policy. Write a stage as the guide "
        "names it, like \"Stage 2\".",
        "Row 5, column Q (deadline): \"next Tuesday\" is not a date. Write it like 07/12/2026, 7 December 2026 or "
        "2026-12-07.",
        "Row 6, column E (own-agency): The guide asks \"Which agency do you work for?\" and this row does not "
        "answer it. Fill in the column \"own-agency\" (add it if the table has none).",
        "Row 7, column Q (deadline): \"11/25/2026\" has the month first. Write the day first: 25/11/2026.",
    ]
    path = tmp_path / "broken.csv"
    path.write_text(table, encoding="utf-8")
    ran = cli("medway", str(path))
    assert ran.returncode == 2 and "Traceback" not in ran.stderr
    assert all(f"{path}: {line}" in ran.stderr for line in found)


def test_a_question_asked_with_no_column_names_the_column_to_add():
    head = "today,immediate-risk,about,outside-area,own-agency,other-agency,mash,cp-plan,in-care,stage"
    result = run_table(policy("medway"), head + "\n20/11/2026,no,case,no,health,health,,no,no,Stage 1\n")
    assert texts(result) == ["Row 2: The guide asks \"How far has the disagreement got?\" and this row does not "
                             "answer it. Fill in the column \"stage reached\" (add it if the table has none)."]


@pytest.mark.parametrize("slug", PRESENT)
def test_headings_and_files_that_are_not_a_table(slug):
    p = policy(slug)
    assert texts(run_table(p, b"")) == ["The file is empty. Row 1 must hold the headings, and each row after it "
                                        "one scenario."]
    assert "no scenarios" in run_table(p, "today\r\n\r\n")["summary"]
    assert run_table(p, "stage\n" + "Stage 1\n")["exit_code"] == 2          # no "today" column
    workbook = run_table(p, b"PK\x03\x04" + bytes(200))
    assert texts(workbook) == [DEFAULT("scenarios.file.workbook")]
    assert run_table(p, "today,,\n20/11/2026,,stray\n")["problems"][0]["column"] == "C"


# --- Excel's files and dates --------------------------------------------------------------------------------


def medway_good_table() -> str:
    return "\n".join([MEDWAY_HEAD, medway_row()]) + "\n"


def rewritten(text: str, delimiter: str = ",", pad: str = "") -> str:
    """The same table as a spreadsheet would write it with another separator, or with spaces around each cell."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in csv.reader(io.StringIO(text)):
        writer.writerow([pad + cell + pad for cell in row])
    return out.getvalue()


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: ("\ufeff" + t.replace("\n", "\r\n")).encode("utf-8"),                  # Excel's "CSV UTF-8"
    lambda t: t.replace("Health", "Children’s social care").replace("\n", "\r\n").encode("cp1252"),  # "CSV"
    lambda t: ("\ufeff" + rewritten(t, "\t")).encode("utf-16-le"),                     # "Unicode text"
    lambda t: rewritten(t, ";").encode("utf-8"),                                       # a comma is the decimal mark
    lambda t: rewritten(t, pad="  ").replace("\r\n", "\r\n\r\n,,\r\n").encode("utf-8"),  # spaces and blank rows
    lambda t: t.replace("Stage 3,", "stage 3 ,").replace("Health", "HEALTH").replace("today", " Today ").encode(),
], ids=["utf-8", "bom-crlf", "cp1252", "utf-16-tabs", "semicolons", "spaces-blank-rows", "case"])
def test_excels_ways_of_saving_a_csv(encode):
    result = run_table(policy("medway"), encode(medway_good_table()))
    assert texts(result) == [] and result["exit_code"] == 0, [texts(result), result["rows"]]


@pytest.mark.parametrize("text", ["07/12/2026", "7/12/2026", "7.12.2026", "07/12/26", "7 December 2026",
                                  "Monday 7 December 2026", "Monday, 7 December 2026", "7 Dec 2026", "07-Dec-26",
                                  "7th December 2026", "December 7, 2026", "2026-12-07", "2026-12-07T00:00:00",
                                  "07/12/2026 00:00", " 7  december 2026 "])
def test_dates_as_a_spreadsheet_writes_them(text):
    assert parse_table_date(text, DEFAULT) == (date(2026, 12, 7), None)


@pytest.mark.parametrize("text, message", [
    ("12/25/2026", "\"12/25/2026\" has the month first. Write the day first: 25/12/2026."),
    ("Tuesday 7 December 2026", "\"Tuesday 7 December 2026\" does not match: that date is Monday 7 December 2026."),
    ("31/02/2026", "\"31/02/2026\" is not a real date."),
    ("7/12/1850", "\"7/12/1850\" must be between 1900 and 2100."),
    ("soon", "\"soon\" is not a date. Write it like 07/12/2026, 7 December 2026 or 2026-12-07."),
    ("=TODAY()", "\"=TODAY()\" is not a date. Write it like 07/12/2026, 7 December 2026 or 2026-12-07."),
    ("7 Decembre 2026", "\"7 Decembre 2026\" is not a date. Write it like 07/12/2026, 7 December 2026 or 2026-12-07."),
    ("07/12/2026 17:00", "\"07/12/2026 17:00\" has a time. Write only the date."),
])
def test_dates_that_are_not_dates_say_what_to_write(text, message):
    assert parse_table_date(text, DEFAULT) == (None, message)


def test_a_deadline_may_carry_a_time():
    assert parse_table_date("Monday 7 December 2026 at 17:00", DEFAULT, with_time=True) == (
        (date(2026, 12, 7), time(17, 0)), None)
    assert parse_table_date("07/12/2026 5.30pm", DEFAULT, with_time=True) == ((date(2026, 12, 7), time(17, 30)), None)


def test_column_letters_are_the_spreadsheets():
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


# --- hostile input ------------------------------------------------------------------------------------------


def test_a_huge_file_is_refused_before_it_is_read():
    data = (MEDWAY_HEAD + "\n" + (medway_row() + "\n") * (MAX_BYTES // 100)).encode()
    assert len(data) > MAX_BYTES
    result = run_table(policy("medway"), data)
    assert len(result["problems"]) == 1 and "Split it into smaller tables" in texts(result)[0]
    assert result["rows"] == [] and result["exit_code"] == 2


def test_the_command_line_never_reads_more_than_the_limit(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as stream:                                   # 40 MB, written without holding it
        stream.write(b"today\n")
        for _ in range(40):
            stream.write(b"=" * 1_000_000 + b"\n")
    ran = cli("medway", str(path))
    assert ran.returncode == 2 and "Traceback" not in ran.stderr and "Split it" in ran.stderr


def test_more_rows_than_the_limit_are_refused_with_the_row():
    table = MEDWAY_HEAD + "\n" + "\n".join(["20/11/2026,yes"] * (MAX_ROWS + 5)) + "\n"
    result = run_table(policy("medway"), table)
    assert result["exit_code"] == 2
    assert f"Row {MAX_ROWS + 2}: The table has more than {MAX_ROWS} scenarios. Split it into smaller tables." in texts(
        result)


@pytest.mark.parametrize("formula", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)",
                                     "=HYPERLINK(\"http://example.invalid\",\"x\")"])
def test_a_formula_is_only_text(formula):
    cell = '"' + formula.replace('"', '""') + '"'
    result = run_table(policy("medway"), MEDWAY_HEAD + "\n" + medway_row().replace(",Health,", f",{cell},", 1))
    assert texts(result) == [f"Row 2, column E (own-agency): \"{formula}\" is not an answer to \"Which agency do you "
                             "work for?\". Write one of: Children's social care; Health; A school or education "
                             "setting; Kent Police; Another agency."]
    failed = run_table(policy("medway"), MEDWAY_HEAD + "\n" + medway_row(contact=cell))
    assert failed["rows"][0]["message"].startswith(
        f"Row 2: expected Stage 3 by Friday 27 November 2026, contact {formula}, the guide says contact You: ")


def test_a_template_from_policy_text_that_looks_like_a_formula_is_written_as_text_and_read_back():
    p = policy("medway")
    hostile = dataclasses.replace(p.questions[4], text="=HYPERLINK(\"http://evil.invalid\") Which agency?")
    p = dataclasses.replace(p, questions=p.questions[:4] + (hostile,) + p.questions[5:])
    text = template(p, date(2026, 11, 20))
    headings = next(csv.reader(io.StringIO(text[1:])))
    assert "'=HYPERLINK(\"http://evil.invalid\") Which agency?" in headings
    assert not any(h.startswith(("=", "+", "-", "@")) for h in headings)
    result = run_table(p, text)
    assert result["exit_code"] == 0, texts(result)


def test_control_characters_never_reach_a_message():
    cell = '"\x1b[2J\x1b]0;owned\x07Health\x00"'
    result = run_table(policy("medway"), MEDWAY_HEAD + "\n" + medway_row().replace(",Health,", f",{cell},", 1))
    assert result["exit_code"] == 2
    assert all(ch.isprintable() for line in texts(result) for ch in line)


def test_a_huge_cell_or_an_open_quote_is_a_problem_not_a_crash():
    p = policy("medway")
    long_cell = run_table(p, MEDWAY_HEAD + "\n" + medway_row(contact="x" * 300_000))
    assert long_cell["exit_code"] == 2 and any("longer than" in t or "could not be read" in t for t in texts(long_cell))
    open_quote = run_table(p, MEDWAY_HEAD + "\n" + medway_row(contact='"They: never closed') + "\n" + medway_row())
    assert open_quote["exit_code"] in (1, 2)


def test_random_bytes_never_raise():
    p = policy("medway")
    rng = random.Random(22)
    pieces = [b",", b";", b"\t", b'"', b"\r\n", b"\n", b"\x00", b"\xff", b"\xef\xbb\xbf", b"today", b"stage",
              b"deadline", b"own-agency", b"Stage 2", b"07/12/2026", b"=cmd", b"'", b" ", b"\xe2\x80\x99"]
    for _ in range(300):
        data = b"".join(rng.choice(pieces) if rng.random() < 0.8 else bytes([rng.randrange(256)])
                        for _ in range(rng.randrange(0, 200)))
        result = run_table(p, data)
        assert result["exit_code"] in (0, 1, 2)
        assert all(ch.isprintable() for line in texts(result) for ch in line)
    assert run_table(p, 12345)["exit_code"] == 2                       # not a file at all (the studio's mistake)


def test_thousands_of_mistakes_are_listed_to_a_bound_and_counted():
    table = MEDWAY_HEAD + "\n" + "\n".join([medway_row().replace("Health", "Helth", 1)] * 1500) + "\n"
    result = run_table(policy("medway"), table)
    found = texts(result)
    assert len(found) == 201 and found[-1] == "And 1300 more problems like these."
    assert found[0].startswith("Row 2, column E (own-agency)") and found[199].startswith("Row 201, column E")
    assert "1500 problems" in result["summary"]


def test_a_policy_of_steps_is_told_to_write_a_step_and_one_problem_is_one():
    """A policy whose stages are "Step 1", "Step 2" (the timed fixture) gets its own word in the example, not "Stage 2";
    and a table with one problem says "1 problem" (found by a business manager's trial: "1 problems", "like Stage 2")."""
    from .test_timing import FIXTURE

    steps = load_policy(FIXTURE, today=date(2026, 12, 1))
    table = template(steps, date(2026, 12, 1))
    table = table.decode("utf-8-sig") if isinstance(table, bytes) else table.lstrip("\ufeff")
    head, row = table.splitlines()[:2]
    result = run_table(steps, "\n".join([head, row.replace(",Step 1,", ",Step 9,", 1)]) + "\n")
    assert texts(result) == ['Row 2, column C (stage reached): "Step 9" is not a stage of this policy. Write a stage as '
                             'the guide names it, like "Step 2".']
    assert result["summary"].startswith("The table has 1 problem to fix (listed above, with its row and column).")
