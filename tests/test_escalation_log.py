"""Issue 13: the partnership's escalation log from the records the guide makes. A realistic batch (tests/log_batch.py:
over 200 records, several agencies, stages and quarters, escalations sent twice, a record from another partnership,
files that are not records) is read by the log, and its figures are checked against figures worked out from the
engine's own advice."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from guide.engine.documents import form_document
from guide.engine.escalation_log import log_csv, quarterly_report, read_log
from guide.engine.routes import enumerate_routes
from guide.publish.policy_files import load_policy

from .conftest import BUILD_TODAY, ROOT
from .log_batch import HAVE_MEDWAY, RECORD, TODAY, expected_quarters, make_batch, medway

pytestmark = pytest.mark.skipif(not HAVE_MEDWAY, reason="Medway's policy is not here")


def test_the_log_reads_every_record_once_per_escalation():
    files, expected, refused = make_batch()
    assert len(files) >= 260
    log = read_log(medway(), files, TODAY)
    assert sorted(r["file"] for r in log["refused"]) == sorted(refused)
    for refusal in log["refused"]:
        if refusal["file"] == "suffolk.docx":
            assert "not this partnership's policy" in refusal["message"]
    rows = {row["reference"]: row for row in log["rows"]}
    assert set(rows) == set(expected)
    for ref, want in expected.items():
        row = rows[ref]
        assert (row["made"], row["stage"], row["outcome"], row["records"]) == \
            (want["made"], want["stage"], want["outcome"], want["records"]), ref
        assert f"{row['your_agency'] or '?'} → {row['other_agency'] or '?'}" == want["pair"]
        assert row["overdue"] == want["overdue"] and row["partnership"] == want["partnership"]
        assert len(row["history"]) == want["records"]
    # The child's name typed into a form is in no row, no message and no export.
    assert "Sam Example" not in json.dumps(log) + log_csv(log["rows"])


def test_the_quarterly_report_matches_figures_worked_out_independently():
    files, expected, _ = make_batch()
    report = {q["quarter"]: q for q in quarterly_report(read_log(medway(), files, TODAY)["rows"])}
    want = expected_quarters(expected)
    assert set(report) == set(want) and len(report) == 4
    for name, figures in want.items():
        timed = [{k: t[k] for k in ("stage", "moved_on", "median_days")} for t in report[name]["time_at_stage"]]
        assert {k: report[name][k] for k in figures if k != "time_at_stage"} | {"time_at_stage": timed} == figures, name
    assert len({w["stage"] for w in expected.values()}) >= 4 and len({w["pair"] for w in expected.values()}) >= 8
    # Issue 13, "time to resolution per stage against the policy's timescales": some escalations are timed, at more
    # than one stage, and each line says the policy's response time for the stage.
    # "the themes the policy lists (applies_when categories)": counted in the policy's own words.
    from guide.engine.documents import themes

    counted = {theme for q in report.values() for theme in q["by_theme"]}
    assert len(counted) >= 4 and counted <= set(themes(medway())) | {"Something else"}
    assert sum(q["no_theme"] for q in report.values()) > 0
    timed = [t for q in report.values() for t in q["time_at_stage"]]
    assert len({t["stage"] for t in timed}) >= 2 and sum(t["moved_on"] for t in timed) >= 20
    assert all(t["timescale"] and 0 <= t["after_due"] <= t["moved_on"] for t in timed)


def test_a_record_from_an_earlier_version_is_read_and_marked():
    earlier = ROOT / "policies" / "medway" / "versions" / "2016-06.yaml"
    if not earlier.exists():
        pytest.skip("no earlier Medway version here")
    old = load_policy(earlier, today=BUILD_TODAY)
    day = date(2016, 7, 6)
    answers = next(r for r in enumerate_routes(old, day) if r.outcome["kind"] == "advice").answers
    answers = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in answers}
    record = form_document(old, RECORD, answers, {}, day, "ESC-AAAA-BBBB")
    log = read_log(medway(), [("2016.docx", record)], TODAY)
    assert log["refused"] == [] or "does not reach a stage" in log["refused"][0]["message"]
    for row in log["rows"]:
        assert row["older_version"] is True and row["reference"] == "ESC-AAAA-BBBB"


def test_the_command_line_gives_the_same_figures(tmp_path):
    files, expected, refused = make_batch()
    folder = tmp_path / "received"
    folder.mkdir()
    for name, data in files:
        (folder / name).write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "guide", "log", "--policy", "medway", str(folder), "--today",
                             TODAY.isoformat(), "--format", "json"], capture_output=True, text=True, cwd=ROOT,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout)
    assert out["quarters"] == quarterly_report(read_log(medway(), files, TODAY)["rows"])
    assert len(out["rows"]) == len(expected) and len(out["refused"]) == len(refused)
    assert all(name in result.stderr for name in refused)
    csv_run = subprocess.run([sys.executable, "-m", "guide", "log", "--policy", "medway", str(folder), "--today",
                              TODAY.isoformat()], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert csv_run.returncode == 0 and len(csv_run.stdout.strip().splitlines()) == len(expected) + 1
    missing = subprocess.run([sys.executable, "-m", "guide", "log", "--policy", "medway", str(tmp_path / "nowhere")],
                             capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_a_spreadsheet_cell_never_starts_a_formula():
    rows = [{"reference": "=HYPERLINK(\"x\")", "made": "2026-01-01", "files": ["+evil.docx"], "overdue": True}]
    text = log_csv(rows)
    assert "'=HYPERLINK" in text and "'+evil.docx" in text and ",yes," in text


def test_the_board_report_is_an_accessible_word_document_with_the_same_figures(tmp_path):
    """The quarterly report as .docx (python-docx): a title, a Heading 1 per quarter, Heading 2 per breakdown, tables
    with a header row, and the figures worked out independently."""
    import docx

    from guide.engine.escalation_log import report_document

    files, expected, refused = make_batch()
    log = read_log(medway(), files, TODAY)
    document = docx.Document(__import__("io").BytesIO(report_document(medway(), log["rows"], log["refused"], TODAY)))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    want = expected_quarters(expected)
    assert [text for style, text in headings if style == "Heading 1"][:len(want)] == sorted(want)
    assert ("Title", "MSCP escalation log: quarterly report") in headings
    tables = iter(document.tables)
    for name in sorted(want):
        facts = {row.cells[0].text: row.cells[1].text for row in next(tables).rows}
        assert facts["Escalations"] == str(want[name]["escalations"])
        assert facts["Responses overdue"] == str(want[name]["overdue"])
        by_stage = next(tables)
        assert by_stage.rows[0]._tr.trPr is not None and "tblHeader" in by_stage.rows[0]._tr.xml
        assert {r.cells[0].text: int(r.cells[1].text) for r in by_stage.rows[1:]} == want[name]["by_stage"]
        by_agencies = next(tables)
        assert {r.cells[0].text: int(r.cells[1].text) for r in by_agencies.rows[1:]} == want[name]["by_agencies"]
        next(tables), next(tables)          # by pathway, by outcome
        by_theme = {r.cells[0].text: int(r.cells[1].text) for r in next(tables).rows[1:]}
        assert by_theme == {**want[name]["by_theme"], **({"Not said": want[name]["no_theme"]} if want[name]["no_theme"] else {})}
        if want[name]["time_at_stage"]:
            timed = [[c.text for c in row.cells] for row in next(tables).rows]
            assert timed[0][:3] == ["Stage", "Escalations timed", "Median working days"]
            assert [(r[0], int(r[1]), float(r[2])) for r in timed[1:]] == [
                (t["stage"], t["moved_on"], t["median_days"]) for t in want[name]["time_at_stage"]]
    assert "Sam Example" not in "\n".join(p.text for p in document.paragraphs)
    out = tmp_path / "report.docx"
    folder = tmp_path / "received"
    folder.mkdir()
    for name, data in files:
        (folder / name).write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "guide", "log", "--policy", "medway", str(folder), "--today",
                             TODAY.isoformat(), "--format", "docx", "--output", str(out)], capture_output=True,
                            text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 1"][:len(want)] == sorted(want)


def test_only_a_day_a_stage_was_raised_times_a_stage():
    """The time at a stage runs from the day it was raised to the day the next was raised, by the day the record
    was made. Suffolk's step 2 counts "following receipt of feedback": that date is when a response came, not when
    a step was raised, so it times nothing; nor does a "raise on" date still to come (Medway, Section 4)."""
    from guide.engine.walk import next_step

    from .scenarios import MEDWAY, SUFFOLK
    from .test_scenarios import policy

    def row(slug, answers, made):
        loaded = policy(slug)
        found = read_log(loaded, [("r.docx", form_document(loaded, "escalation-record", answers, {}, made))], made)
        return found["rows"][0]

    # Suffolk: step 2 raised on 2 November, not resolved, feedback received 9 November; step 3 is due "following
    # receipt of feedback", so the advice's date is 9 November: a response, not a step raised (the advice says so
    # in `counted_from`, and gives no day the step was raised).
    suffolk = {k: v for k, v in SUFFOLK[1].answers.items() if k != "referral.first-line-managers.raise-on"}
    suffolk.update({"referral.professionals.raised-on": "2026-11-02", "referral.professionals.response": "not-resolved",
                    "referral.professionals.response-on": "2026-11-09"})
    step = next_step(policy("suffolk"), suffolk, "2026-11-20")
    assert step["outcome"] == "raise" and step["raised_on"] is None
    assert step["counted_from"]["date"] == "2026-11-09" and step["counted_from"]["response"]
    assert row("suffolk", suffolk, "2026-11-20")["moved_on"] == []
    medway = MEDWAY[0]                  # stage 2 raised 2 November, stage 3 raised on 20 November
    timed = row("medway", medway.answers, medway.today)["moved_on"]
    assert [(m["stage"], m["days"], m["after_due"]) for m in timed] == [
        ("Stage 2: Escalate to Designated Safeguarding Leads / Head of Service", 14, True)]
    assert row("medway", {**medway.answers, "escalation.stage-3.raise-on": "2026-11-27"}, "2026-11-20")["moved_on"] == []


def test_a_kind_of_disagreement_the_policy_does_not_list_is_never_counted_as_if_it_did():
    """A record changed by hand (or from a version with another list) names a kind this policy does not list: the
    log counts it as such, and continuing from the record does not bring it back."""
    import io
    import zipfile

    from guide.engine.documents import themes
    from guide.engine.record_data import read_record

    policy_ = medway()
    answers = next(data for name, data in make_batch()[0] if name.startswith("ESC-"))    # a Medway record
    listed = themes(policy_)[0]
    source = io.BytesIO(answers)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "customXml/item1.xml":
                text = data.decode("utf-8")
                text = (text.split("<theme>")[0] + "<answers>" + text.split("<answers>", 1)[1]) if "<theme>" in text else text
                data = text.replace("<answers>", "<theme>Sam Example, 12 Acacia Road</theme><answers>").encode("utf-8")
            new.writestr(info, data)
    forged = out.getvalue()
    row = read_log(policy_, [("forged.docx", forged)], TODAY)["rows"][0]
    assert row["theme"] == "A kind this version of the policy does not list"
    assert "Acacia" not in json.dumps(quarterly_report([row])) + log_csv([row])
    assert read_record(policy_, forged, TODAY)["theme"] == ""
    assert listed not in row["theme"]


# --- Issue 19 point 4 and issue 24 point 5: an honest overdue count, identical copies, the stage to raise named,
# forged records bounded, one file's failure never losing the others.

def _stage_3_record(reference="ESC-7K2M-Q9TD", made="2026-11-20", answers=None):
    """Medway, Stage 2 raised 2 November without a response; the record is made on 20 November while raising
    Stage 3 that day, so the response to Stage 3 is due on Friday 27 November."""
    from .scenarios import MEDWAY

    return form_document(medway(), RECORD, answers or MEDWAY[0].answers, {}, date.fromisoformat(made), reference)


def test_a_response_past_its_due_date_with_no_later_record_is_overdue(tmp_path):
    """Issue 19, point 4: a Stage 3 record made while raising it, read two weeks after its response was due with no
    later record, is overdue; the page, the CSV, the JSON and the board report say what overdue means."""
    import io

    import docx

    from guide.engine.escalation_log import report_document

    record = _stage_3_record()
    read_on = date(2026, 12, 11)            # two weeks after Friday 27 November
    log = read_log(medway(), [("stage-3.docx", record)], read_on)
    row = log["rows"][0]
    assert (row["outcome"], row["deadline"]) == ("raise", "2026-11-27")
    assert row["overdue"] is True
    assert quarterly_report(log["rows"])[0]["overdue"] == 1
    # Not yet overdue on the day it is due.
    assert read_log(medway(), [("stage-3.docx", record)], date(2026, 11, 27))["rows"][0]["overdue"] is False
    # A later record of the same escalation (the practitioner still waiting for Stage 3's response, made before it
    # was due) is the one that counts: its own due date decides.
    from .scenarios import MEDWAY

    later = {**MEDWAY[0].answers, "escalation.reached": "stage-3", "escalation.stage-3.response": "none",
             "escalation.stage-3.raised-on": "2026-11-20"}
    later.pop("escalation.stage-3.raise-on")
    later_record = _stage_3_record(made="2026-11-25", answers=later)
    both = read_log(medway(), [("stage-3.docx", record), ("later.docx", later_record)], date(2026, 11, 26))
    assert both["rows"][0]["records"] == 2 and both["rows"][0]["overdue"] is False
    words = ("a response is overdue when its due date has passed and no later record of that escalation was "
             "received")
    assert words in log["overdue_means"].lower() and "11 December 2026" in log["overdue_means"]
    header = log_csv(log["rows"], log["overdue_means"]).splitlines()[0].lower()
    assert words in header
    report = docx.Document(io.BytesIO(report_document(medway(), log["rows"], log["refused"], read_on)))
    assert words in "\n".join(p.text for p in report.paragraphs).lower()
    folder = tmp_path / "received"
    folder.mkdir()
    (folder / "stage-3.docx").write_bytes(record)
    out = subprocess.run([sys.executable, "-m", "guide", "log", "--policy", "medway", str(folder), "--today",
                          read_on.isoformat(), "--format", "json"], capture_output=True, text=True, cwd=ROOT,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert words in json.loads(out.stdout)["overdue_means"].lower()


def test_an_identical_copy_of_a_record_is_counted_once():
    """Issue 19, point 4: the same record sent twice is one record, not "a later record"; the log says how many
    copies it ignored, and which."""
    from guide.engine.escalation_log import report_document

    record = _stage_3_record()
    log = read_log(medway(), [("a.docx", record), ("copy of a.docx", record), ("again.docx", record)], TODAY)
    assert len(log["rows"]) == 1 and log["rows"][0]["records"] == 1 and len(log["rows"][0]["history"]) == 1
    assert log["duplicates"] == [{"file": "copy of a.docx", "same_as": "a.docx"},
                                 {"file": "again.docx", "same_as": "a.docx"}]
    assert log["refused"] == []
    # Without a reference (a record changed by hand), an identical copy is still one record.
    unreferenced = _stage_3_record(reference="")
    log = read_log(medway(), [("a.docx", unreferenced), ("b.docx", unreferenced)], TODAY)
    assert log["rows"][0]["records"] == 1 and [d["file"] for d in log["duplicates"]] == ["b.docx"]
    import io

    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(report_document(
        medway(), log["rows"], log["refused"], TODAY, log["duplicates"]))).paragraphs)
    assert "1 identical copy" in text


def test_the_outcome_names_the_stage_to_raise():
    """Issue 19, point 4: "Raise the next stage" does not say which; the row says "Raise Stage 3"."""
    row = read_log(medway(), [("stage-3.docx", _stage_3_record())], TODAY)["rows"][0]
    assert row["outcome_text"] == "Raise Stage 3"
    assert "Raise Stage 3" in log_csv([row])


def _with_part(record: bytes, change) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(record)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "customXml/item1.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            new.writestr(info.filename, data)
    return out.getvalue()


def test_records_with_dates_outside_a_sane_range_are_not_counted():
    """Issue 24, point 5: a record made in the year 9999 (or 1999), or carrying such a date, is refused with the
    reason; the others are counted."""
    record = _stage_3_record()
    made_9999 = _with_part(record, lambda t: t.replace("<made>2026-11-20</made>", "<made>9999-01-01</made>"))
    made_1999 = _with_part(record, lambda t: t.replace("<made>2026-11-20</made>", "<made>1999-12-31</made>"))
    raised_2090 = _with_part(_stage_3_record("ESC-AAAA-BBBB"), lambda t: t.replace("2026-11-02", "2090-11-02"))
    log = read_log(medway(), [("9999.docx", made_9999), ("1999.docx", made_1999), ("2090.docx", raised_2090),
                              ("good.docx", _stage_3_record("ESC-CCCC-DDDD"))], TODAY)
    assert [r["reference"] for r in log["rows"]] == ["ESC-CCCC-DDDD"]
    refused = {r["file"]: r["message"] for r in log["refused"]}
    assert set(refused) == {"9999.docx", "1999.docx", "2090.docx"}
    assert all("1 January 2000" in m and "31 December 2027" in m for m in refused.values()), refused
    assert all("9999" not in q["quarter"] for q in quarterly_report(log["rows"]))


def test_one_files_failure_never_loses_the_others(monkeypatch):
    """Issue 24, point 5: whatever goes wrong with one record (here, the replay itself fails), the others are read
    and that file is listed as not read, with the reason."""
    from guide.engine import escalation_log

    real = escalation_log._row

    def failing(policy, about, answers, today, older):
        if about.get("reference") == "ESC-AAAA-BBBB":
            raise RecursionError("maximum recursion depth exceeded")
        return real(policy, about, answers, today, older)

    monkeypatch.setattr(escalation_log, "_row", failing)
    log = read_log(medway(), [("bad.docx", _stage_3_record("ESC-AAAA-BBBB")),
                              ("good.docx", _stage_3_record("ESC-CCCC-DDDD"))], TODAY)
    assert [r["reference"] for r in log["rows"]] == ["ESC-CCCC-DDDD"]
    assert [r["file"] for r in log["refused"]] == ["bad.docx"]
    assert "could not be read" in log["refused"][0]["message"]
