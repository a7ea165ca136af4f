"""Issue 13: the escalation log page in Chromium. The business manager chooses a batch of received records; the
page reads them in the engine on this computer (no request leaves after the engine has loaded), and shows the same
figures as those worked out in tests/log_batch.py, the files it refused, a filter, sortable columns and a CSV."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from .guide_driver import ENGINE_TIMEOUT, Watch
from .log_batch import HAVE_MEDWAY, TODAY, expected_quarters, make_batch
from .test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not HAVE_MEDWAY, reason="Medway's policy is not here")]


def test_the_log_page_reads_a_batch_on_this_computer_and_reports_it(page, site_server, tmp_path):
    files, expected, refused = make_batch()
    folder = tmp_path / "received"
    folder.mkdir()
    for name, data in files:
        (folder / name).write_bytes(data)
    watch = Watch(site_server).attach(page)
    page.clock.set_fixed_time(dt.datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, 0))
    page.goto(f"{site_server}/medway/privacy/")   # where the partnership finds it: the privacy page links to it
    page.get_by_role("link", name="escalation log").click()
    expect(page).to_have_url(f"{site_server}/medway/guide/log/")
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex")
    expect(page.locator("#log")).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
    later = []
    page.on("request", lambda r: later.append(r.url) if not r.url.startswith(("blob:", "data:")) else None)
    page.set_input_files("#log-files", sorted(str(p) for p in folder.iterdir()))
    expect(page.locator("#log")).to_have_attribute("data-rows", str(len(expected)), timeout=ENGINE_TIMEOUT)
    assert later == [], f"the page asked the network for something while reading the records: {later}"
    later_records = sum(w["records"] for w in expected.values()) - len(expected)
    assert later_records == 40
    expect(page.locator("#log-status")).to_contain_text(
        f"{len(expected)} escalations read from {len(expected) + later_records} records ({later_records} of them later "
        f"records of an escalation already counted). {len(refused)} files not read")

    for name, figures in expected_quarters(expected).items():
        section = page.locator(f'[data-quarter="{name}"]')
        expect(section.locator('[data-fact="Escalations"]')).to_have_text(str(figures["escalations"]))
        expect(section.locator('[data-fact="Responses overdue"]')).to_have_text(str(figures["overdue"]))
        expect(section.locator('[data-fact="Reached the partnership"]')).to_have_text(str(figures["reached_partnership"]))
        words = {"raise": "Raise the next stage", "waiting": "Waiting for a response", "resolved": "Resolved",
                 "end": "Last stage reached"}
        for kind in ("stage", "agencies", "outcome"):
            rows = section.locator(f'table[data-kind="{kind}"] tbody tr')
            shown = {r.locator("th").inner_text(): int(r.locator("td.log-count").inner_text()) for r in rows.all()}
            expect(rows.locator("svg.log-bar[aria-hidden=true]")).to_have_count(rows.count())   # a bar per figure
            want = figures[f"by_{kind}"]
            assert shown == ({words[k]: n for k, n in want.items()} if kind == "outcome" else want), (name, kind)
        themed = {r.locator("th").inner_text(): int(r.locator("td.log-count").inner_text())
                  for r in section.locator('table[data-kind="theme"] tbody tr').all()}
        assert themed == {**figures["by_theme"], **({"Not said": figures["no_theme"]} if figures["no_theme"] else {})}
        timed = section.locator('table[data-kind="time-at-stage"] tbody tr')
        shown = [(r.locator("th").inner_text(), int(r.locator("td").nth(0).inner_text()),
                  float(r.locator("td").nth(1).inner_text())) for r in timed.all()]
        assert shown == [(t["stage"], t["moved_on"], t["median_days"]) for t in figures["time_at_stage"]], name
    for name in refused:
        expect(page.locator("#log-refused")).to_contain_text(name)
    if "suffolk.docx" in refused:
        expect(page.locator("#log-refused")).to_contain_text("not this partnership's policy")

    # Filter and sort, as a business manager would.
    caption = page.locator("#log-rows caption")
    expect(caption).to_have_text(f"{len(expected)} of {len(expected)} escalations")
    page.fill("#log-filter", "Kent Police")
    with_police = sum("Kent Police" in w["pair"] for w in expected.values())
    assert 0 < with_police < len(expected)
    expect(caption).to_have_text(f"{with_police} of {len(expected)} escalations")
    page.fill("#log-filter", "")
    page.get_by_role("button", name="Reference").click()
    first = page.locator("#log-rows tbody tr").first.locator("td").first
    expect(first).to_have_text(min(expected))
    expect(page.locator('th[aria-sort="ascending"]')).to_contain_text("Reference")
    page.get_by_role("button", name="Reference").click()
    expect(first).to_have_text(max(expected))

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the log (CSV)").click()
    path = tmp_path / "log.csv"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert len(text.strip().splitlines()) == len(expected) + 1 and "Sam Example" not in text
    assert re.fullmatch(r"escalation-log-\d{4}-\d{2}-\d{2}\.csv", info.value.suggested_filename)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the report (Word)").click()
    report = tmp_path / "report.docx"
    info.value.save_as(report)
    import docx

    headings = [p.text for p in docx.Document(str(report)).paragraphs if p.style.name == "Heading 1"]
    assert headings[:len(expected_quarters(expected))] == sorted(expected_quarters(expected))
    assert "Sam Example" not in page.content()
    assert violations(page) == []
    watch.assert_clean()


def test_a_forged_record_never_loses_the_rest_of_the_batch(page, site_server, tmp_path):
    """Issue 24, point 5, and issue 19, point 4: a batch of 22 files with one forged record (6 KB, answers nested
    50,000 deep: a fatal error under Pyodide before) and an identical copy of another is read: the other files are
    counted, the forged one is listed as not read with its reason, the copy is counted once, the Stage 3 record
    whose response was due a month ago is overdue and its outcome names the stage to raise. A batch with every file
    read points to no list."""
    from .test_escalation_log import _stage_3_record
    from .test_record_data import _deep

    files, _, _ = make_batch()
    good = [(name, data) for name, data in files if name.startswith("ESC-") and not name.endswith("-first.docx")][:19]
    stage_3 = _stage_3_record()
    batch = good + [("stage-3.docx", stage_3), ("copy of stage-3.docx", stage_3), ("forged.docx", _deep("answers"))]
    assert len(batch) == 22 and len(_deep("answers")) < 10_000
    folder = tmp_path / "received"
    folder.mkdir()
    for name, data in batch:
        (folder / name).write_bytes(data)
    page.clock.set_fixed_time(dt.datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, 0))
    page.goto(f"{site_server}/medway/guide/log/")
    expect(page.locator("#log")).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
    page.set_input_files("#log-files", sorted(str(p) for p in folder.iterdir()))
    expect(page.locator("#log")).to_have_attribute("data-rows", "20", timeout=ENGINE_TIMEOUT)
    status = page.locator("#log-status")
    expect(status).to_contain_text("20 escalations read from 20 records")
    expect(status).to_contain_text("1 identical copy of a record ignored")
    expect(status).to_contain_text("1 file not read")
    refused = page.locator("#log-refused")
    expect(refused.locator("h2")).to_have_text("Files not read")
    expect(refused.locator("li")).to_have_count(1)
    expect(refused).to_contain_text("forged.docx")
    expect(refused).to_contain_text("was not made by this guide")
    expect(page.locator("#log-duplicates")).to_contain_text("copy of stage-3.docx")
    row = page.locator("#log-rows tbody tr", has_text="ESC-7K2M-Q9TD")
    expect(row.locator("td.log-cell-outcome")).to_have_text("Raise Stage 3")
    expect(row.locator("td.log-cell-overdue")).to_have_text("Yes")
    expect(page.locator("#log-overdue-means")).to_contain_text(
        "a response is overdue when its due date has passed and no later record of that escalation was received")
    expect(page.locator('[data-quarter="2026 Q4"] [data-fact="Responses overdue"]')).not_to_have_text("0")

    # Every file read: no pointer to a list, and no list.
    page.set_input_files("#log-files", [str(folder / name) for name, _ in good[:3]])
    expect(page.locator("#log")).to_have_attribute("data-rows", "3", timeout=ENGINE_TIMEOUT)
    expect(status).to_have_text("3 escalations read from 3 records (0 of them later records of an escalation "
                                "already counted).")
    expect(refused).to_be_empty()
    assert violations(page) == []


def test_a_file_the_browser_cannot_read_is_listed_and_the_others_are_read(page, site_server, tmp_path):
    """Issue 24, point 5: each file is read on its own. A file gone from the disk after it was chosen (a network
    share, a removable drive) cannot be read by the page: it is listed as not read, with the reason, and the
    rest of the batch is counted."""
    files, _, _ = make_batch()
    good = [(name, data) for name, data in files if name.startswith("ESC-") and not name.endswith("-first.docx")][:12]
    folder = tmp_path / "received"
    folder.mkdir()
    for name, data in good + [("zz-gone.docx", good[0][1])]:
        (folder / name).write_bytes(data)
    page.clock.set_fixed_time(dt.datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, 0))
    page.goto(f"{site_server}/medway/guide/log/")
    expect(page.locator("#log")).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
    page.set_input_files("#log-files", sorted(str(p) for p in folder.iterdir()))
    (folder / "zz-gone.docx").unlink()         # the last file, read after the twelve others
    expect(page.locator("#log")).to_have_attribute("data-rows", "12", timeout=ENGINE_TIMEOUT)
    expect(page.locator("#log-status")).to_contain_text("1 file not read")
    expect(page.locator("#log-refused li")).to_have_text(
        "zz-gone.docx: This file could not be read in this browser. It is not counted; the other files are.")
