"""The review shows each deadline with the stages raised on different days (issue 21.2): raising every stage on one
day hides a deadline counted from the wrong event. The policy is a fixture written for the tests
(tests/time_policies/timed/): step 2 must be held "within five working days of step 1"."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from guide.engine.routes import enumerate_routes, stagger_for, staggered, staggered_text
from guide.engine.workdays import WorkingCalendar
from guide.engine.model import Policy
from guide.publish.bank_holidays import bank_holidays, year_span
from guide.publish.policy_files import PolicyError, load_policy, read_policy_file

from .conftest import ROOT

FIXTURE = Path(__file__).parent / "time_policies" / "timed" / "policy.yaml"
TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def policy():
    return load_policy(FIXTURE, today=TODAY)


def _step_2_after_step_1(routes):
    """The route that raises step 2 after step 1 was not resolved, within step 1's time."""
    return next(r for r in routes if r.outcome.get("kind") == "advice" and r.outcome["outcome"] == "raise"
                and r.outcome["stage"]["id"] == "step-2" and not r.outcome["notices"])


def _counted_from_step_2(tmp_path) -> object:
    """The fixture with step 2's deadline counted from the wrong event: step 2 raised (the default)."""
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    timescale = data["pathways"][0]["stages"][1]["timescale"]
    timescale.pop("counts_from")
    timescale.pop("from_stage")
    folder = tmp_path / "timed"
    folder.mkdir(parents=True)
    (folder / "source.md").write_text((FIXTURE.parent / "source.md").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "policy.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    # `check` now refuses it (its words say "of step 1": guide/publish/check/starts.py); the review must show it too,
    # for a reading no check can catch, so the model is built here without the check.
    with pytest.raises(PolicyError, match="counts_from"):
        load_policy(folder / "policy.yaml", today=TODAY)
    policy_file, _ = read_policy_file(folder / "policy.yaml")
    years = year_span(TODAY)
    return Policy.from_dict(policy_file.data, site_path="timed", bank_holidays=bank_holidays("england-and-wales", years),
                            bank_holiday_years=years, source_sections=policy_file.source_sections)


def test_the_staggered_replay_crosses_a_bank_holiday_before_the_stage_it_raises(policy):
    stagger = stagger_for(policy, TODAY)
    assert stagger.holiday is not None and stagger.holiday < stagger.today <= TODAY
    calendar = WorkingCalendar(policy.bank_holidays, policy.bank_holiday_years)
    days = [stagger.today]
    while len([d for d in days if calendar.is_working_day(d)]) < 4:     # the day, and 3 working days before it
        days.insert(0, days[0].fromordinal(days[0].toordinal() - 1))
    assert stagger.holiday in days


def test_a_deadline_counted_from_step_1_differs_from_the_same_day_one(policy):
    route = _step_2_after_step_1(list(enumerate_routes(policy, TODAY)))
    stagger = stagger_for(policy, TODAY)
    later = staggered(policy, route, TODAY, stagger)
    assert later["stage"]["id"] == "step-2" and later["outcome"] == "raise"
    step_1 = date.fromisoformat(later["counted_from"]["date"])
    calendar = WorkingCalendar(policy.bank_holidays, policy.bank_holiday_years)
    # Step 1 raised 3 working days before step 2 (today in the replay), over the bank holiday.
    assert step_1 < stagger.holiday < stagger.today
    assert calendar.working_days_between(step_1, stagger.today) == 3
    due = date.fromisoformat(later["deadline"]["date"])
    assert due == calendar.add_working_days(step_1, 5)
    # All on one day (today in the replay), the same answers give the deadline from step 2's own day.
    same_day = calendar.add_working_days(stagger.today, 5)
    assert due != same_day
    assert staggered_text(later, route.outcome) == later["deadline"]["text"]


def test_a_deadline_counted_from_the_wrong_event_shows_only_when_staggered(policy, tmp_path):
    wrong = _counted_from_step_2(tmp_path)
    right_route = _step_2_after_step_1(list(enumerate_routes(policy, TODAY)))
    wrong_route = _step_2_after_step_1(list(enumerate_routes(wrong, TODAY)))
    # Every stage raised today: the two readings give the same date; a reviewer could not tell them apart.
    assert right_route.outcome["deadline"] == wrong_route.outcome["deadline"]
    right = staggered_text(staggered(policy, right_route, TODAY), right_route.outcome)
    wrong_text = staggered_text(staggered(wrong, wrong_route, TODAY), wrong_route.outcome)
    assert right and wrong_text and right != wrong_text


def test_the_csv_has_the_staggered_deadline_and_its_dates():
    result = subprocess.run([sys.executable, "-m", "guide", "paths", str(FIXTURE), "--today", TODAY.isoformat(),
                             "--format", "csv"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    row = next(r for r in rows if r["result"].startswith("Raise Step 2") and "Not resolved" in r["answers"]
               and r["notices"] == "")
    assert row["deadline_staggered"] and row["deadline_staggered"] != row["deadline"]
    assert "Step 1 raised" in row["dates_staggered"] and "Step 2 raised" in row["dates_staggered"]


def test_the_routes_page_shows_the_staggered_deadlines(policy):
    from guide.publish.pages import routes_page

    route = _step_2_after_step_1(list(enumerate_routes(policy, TODAY)))
    text = routes_page(policy, TODAY).markdown
    assert "Deadline, staggered" in text
    assert staggered(policy, route, TODAY)["deadline"]["text"] in text
    assert "bank holiday" in text
