"""The meaning checks (guide/publish/check/): mistakes that are valid YAML and resolve, but make the guide say what
the source does not. Each test alters a copy of a bundled policy and fails without its check."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from guide.publish.check import suggestions
from guide.publish.policy_files import check_policy, discover_policies

from .conftest import POLICIES


def altered(tmp_path: Path, slug: str, replacements: list[tuple[str, str]]) -> Path:
    """A copy of a bundled policy (with its source text) with some text replaced."""
    source = POLICIES / slug / "policy.yaml"
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"{old!r} is not in {source}"
        text = text.replace(old, new, 1)
    target = tmp_path / "policies" / slug / "policy.yaml"
    shutil.copytree(source.parent, target.parent, ignore=shutil.ignore_patterns("versions"))
    target.write_text(text, encoding="utf-8")
    return target


def line_of(path: Path, needle: str) -> int:
    return next(i + 1 for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()) if needle in line)


def found(path: Path, *words: str) -> list:
    """The errors and warnings of a check of ``path`` whose message holds every one of ``words``."""
    policy, problems = check_policy(path)
    every = list(problems) + (policy.warnings if policy else [])
    return [p for p in every if all(w in p.message for w in words)]


# --- a question that never changes the advice ---------------------------------------------------------------


def test_a_question_that_changes_no_advice_is_named_and_can_be_removed(tmp_path):
    path = altered(tmp_path, "wirral", [("  - id: other-agency\n", (
        "  - id: school-age\n"
        "    type: yes-no\n"
        "    text: Is the child of school age?\n"
        "    ask_when: {other-agency-involved: \"yes\"}\n"
        "  - id: other-agency\n"))])
    warnings = found(path, "`school-age`", "changes the advice")
    assert len(warnings) == 1, found(path)
    assert warnings[0].message.startswith("warning:") and "can be removed" in warnings[0].message
    assert warnings[0].line == line_of(path, "- id: school-age")
    assert not found(path, "`other-agency`", "changes the advice")   # the questions that matter are not named


def test_a_question_named_in_conditions_that_still_changes_nothing_is_found(tmp_path):
    """Two routes on its two answers, to the same pathway with the same words: the advice is the same."""
    path = altered(tmp_path, "wirral", [
        ("  - id: other-agency\n", "  - id: school-age\n    type: yes-no\n    text: Is the child of school age?\n"
                                   "  - id: other-agency\n"),
        ("  - when: {other-agency-involved: \"yes\"}\n    pathway: escalation\n",
         "  - when: {other-agency-involved: \"yes\", school-age: \"yes\"}\n    pathway: escalation\n"
         "    quote:\n      - \"a process and framework for dealing with situations where agencies and professionals "
         "disagree with actions or lack of actions with other professionals/agencies\"\n"
         "  - when: {other-agency-involved: \"yes\", school-age: \"no\"}\n    pathway: escalation\n")])
    assert len(found(path, "`school-age`", "changes the advice")) == 1


# --- a condition that ends a pathway early ------------------------------------------------------------------


def test_a_stage_condition_that_ends_the_pathway_early_is_shown_with_a_route(tmp_path):
    path = altered(tmp_path, "wirral", [("        label: Stage 4\n",
                                         "        label: Stage 4\n        when: {own-agency: health}\n")])
    warnings = found(path, "ends the pathway `escalation` early")
    assert len(warnings) == 1, found(path)
    message = warnings[0].message
    assert warnings[0].line == line_of(path, "when: {own-agency: health}")
    assert "Stage 3 has not resolved it" in message and "never offers Stage 4" in message
    shown = re.search(r"when “Which agency do you work for\?” is “([^”]+)”", message)   # one such route, in words
    assert shown and shown.group(1) != "Health"


def test_answers_for_which_no_stage_applies_are_an_error(tmp_path):
    path = altered(tmp_path, "wirral", [(f"        label: Stage {n}\n", f"        label: Stage {n}\n        when: {{own-agency: health}}\n")
                                        for n in (1, 2, 3, 4)])
    errors = found(path, "no stage of the pathway `escalation` applies")
    assert len(errors) == 1 and not errors[0].message.startswith("warning")
    assert errors[0].line == line_of(path, "when: {own-agency: health}")


def test_a_condition_on_a_middle_stage_skips_it_and_is_not_an_early_end(tmp_path):
    path = altered(tmp_path, "wirral", [("        label: Stage 3\n",
                                         "        label: Stage 3\n        when: {own-agency: health}\n")])
    assert not found(path, "early")


# --- a timescale whose words name another start than its date ------------------------------------------------


STAGE_2_WITHIN = "          wording: one working day\n"


@pytest.mark.parametrize("added,where", [
    ("          starts: the start of Stage 1\n          counts_from: raised\n", "counts_from: raised"),
    ("          wording: within one working day of stage one\n", "of stage one"),
    # the Eastfen trial's window, "within 5 working days, counted from the day step 1 begins", passed unnoticed
    ("          wording: within one working day, counted from the day stage one begins\n", "the day stage one begins"),
    ("          wording: within one working day of the date stage 1 was raised\n", "the date stage 1 was raised"),
], ids=["starts-and-counts-from", "wording", "from-the-day-it-begins", "of-the-date-it-was-raised"])
def test_words_that_name_another_start_than_the_date_are_an_error(tmp_path, added, where):
    replacement = added if added.startswith("          wording") else STAGE_2_WITHIN + added
    path = altered(tmp_path, "wirral", [(STAGE_2_WITHIN, replacement)])
    errors = found(path, "Stage 1 being raised", "counted from this stage (Stage 2) being raised")
    assert len(errors) == 1, found(path)
    assert not errors[0].message.startswith("warning")
    assert "`counts_from: stage-raised` with `from_stage: stage-1`" in errors[0].message
    assert errors[0].line == line_of(path, where)


def test_the_day_an_earlier_stage_ends_is_not_read_as_its_start(tmp_path):
    """"From the day stage 1 ends" names the end of stage 1, not its being raised: no fix to `from_stage` is offered."""
    path = altered(tmp_path, "wirral", [(STAGE_2_WITHIN, "          wording: within one working day from the day stage 1 ends\n")])
    assert not found(path, "Stage 1 being raised")


def test_words_that_count_from_a_response_need_previous_response(tmp_path):
    """Suffolk: "following receipt of feedback", with the `counts_from` (and `starts`) taken away."""
    path = altered(tmp_path, "suffolk", [
        ("          starts: receiving feedback on the referral\n", ""),
        ("          counts_from: previous-response\n          hint: Counted from the day you received",
         "          hint: Counted from the day you received")])
    errors = found(path, "the response to Step 1", "`counts_from: previous-response`")
    assert len(errors) == 1 and not errors[0].message.startswith("warning")


def test_a_start_in_words_with_counts_from_raised_is_an_error(tmp_path):
    """Suffolk: "within 28 days of receiving the minutes", given a date counted from the stage being raised."""
    added = "          starts: receiving the minutes of the meeting\n"
    path = altered(tmp_path, "suffolk", [(added, added + "          counts_from: raised\n")])
    errors = found(path, "“receiving the minutes of the meeting”", "`counts_from: raised`")
    assert len(errors) == 1 and not errors[0].message.startswith("warning")
    assert errors[0].line == line_of(path, "counts_from: raised")


def test_a_start_in_words_with_another_count_is_a_warning_to_check(tmp_path):
    added = "          starts: receiving the minutes of the meeting\n"
    path = altered(tmp_path, "suffolk", [(added, added + "          counts_from: escalation-started\n")])
    warnings = found(path, "check that they name the same event")
    assert len(warnings) == 1 and warnings[0].message.startswith("warning:")


def test_a_start_in_words_the_guide_could_date_is_a_warning(tmp_path):
    path = altered(tmp_path, "wirral", [(STAGE_2_WITHIN, STAGE_2_WITHIN + "          starts: the start of Stage 1\n")])
    warnings = found(path, "`starts` names Stage 1 being raised", "gives no date")
    assert len(warnings) == 1 and warnings[0].message.startswith("warning:")


def test_words_and_date_that_agree_pass(tmp_path):
    path = altered(tmp_path, "wirral", [(STAGE_2_WITHIN, STAGE_2_WITHIN + (
        "          starts: the start of Stage 1\n          counts_from: stage-raised\n          from_stage: stage-1\n"))])
    assert not found(path, "being raised")


# --- numbers a quote does not state -------------------------------------------------------------------------


@pytest.mark.parametrize("slug,old,new,words", [
    ("wirral", "          kind: working-days\n          amount: 5\n", "          kind: working-days\n          amount: 10\n",
     ["says 10 working days (its `amount`)", "does not state 10"]),
    ("suffolk", "          amount: 48\n", "          amount: 24\n", ["says 24 hours", "does not state 24"]),
    ("suffolk", "          wording: within a maximum period of 48 hours\n",
     "          wording: within a maximum period of 72 hours\n", ["says 72 hours (its `wording`)"]),
], ids=["working-week-is-5", "hours", "wording"])
def test_a_number_the_quote_does_not_state_is_a_warning(tmp_path, slug, old, new, words):
    path = altered(tmp_path, slug, [(old, new)])
    warnings = found(path, *words)
    assert len(warnings) == 1, found(path)
    assert warnings[0].message.startswith("warning:")
    assert warnings[0].line == line_of(path, new.strip().splitlines()[-1])


def test_numbers_in_words_are_read():
    from guide.publish.check.numbers import stated

    assert {5} <= stated("within five working days")
    assert 48 in stated("forty-eight hours") and 28 in stated("twenty eight days")
    assert 5 in stated("within a working week") and 7 in stated("a seven-day period") and 1 in stated("a working day")
    assert 14 in stated("two weeks") and 14 in stated("within a fortnight")


# --- "did you mean" only for the same field ------------------------------------------------------------------


def test_did_you_mean_is_not_offered_for_a_field_of_another_meaning(tmp_path):
    path = altered(tmp_path, "wirral", [("        raise_within:\n", "        acknowledge_within:\n")])
    policy, problems = check_policy(path)
    lines = [p.message for p in problems if "`acknowledge_within` is not a field" in p.message]
    assert len(lines) == 1, [p.message for p in problems]
    assert "did you mean" not in lines[0] and "allowed here:" in lines[0]


@pytest.mark.parametrize("name,field", [("raise_withn", "raise_within"), ("raisewithin", "raise_within"),
                                        ("color", "colour"), ("sumary", "summary"), ("counts-from", "counts_from"),
                                        ("qoute", "quote")])
def test_did_you_mean_is_still_offered_for_a_misspelling(name, field):
    fields = ["raise_within", "timescale", "summary", "counts_from", "colour", "quote", "raised_by"]
    assert suggestions.misspelt_field(name, fields) == field


@pytest.mark.parametrize("name", ["acknowledge_within", "respond_within", "starts", "notes_from"])
def test_no_suggestion_between_fields_of_different_meanings(name):
    fields = ["raise_within", "timescale", "summary", "counts_from", "colour", "quote", "raised_by"]
    assert suggestions.misspelt_field(name, fields) is None


# --- every policy present ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", discover_policies(POLICIES), ids=lambda p: str(p.relative_to(POLICIES)))
def test_meaning_checks_find_no_error_in_a_policy_present(path):
    policy, problems = check_policy(path)
    assert [str(p) for p in problems] == []


# --- a role, inbox or form its quote does not name ------------------------------------------------------------


def test_a_role_its_quote_does_not_name_is_a_reading_to_check(tmp_path):
    """Wirral stage 1: "the Lead Professional should be the first contact", encoded as the senior manager."""
    path = altered(tmp_path, "wirral", [("            roles: [lead-professional]\n",
                                         "            roles: [senior-manager]\n")])
    warnings = found(path, "check this reading", "“Senior manager”")
    assert len(warnings) == 1, found(path, "check this reading")
    assert warnings[0].message.startswith("warning:")
    assert warnings[0].line == line_of(path, "roles: [senior-manager]") - 1   # the contact entry
    assert "add the source's words that name it" in warnings[0].message


def test_the_review_lists_each_reading_to_check(tmp_path):
    from datetime import date

    from guide.publish.pages import routes_page
    from guide.publish.policy_files import load_policy
    from guide.publish.review import readings_to_check

    path = altered(tmp_path, "wirral", [("            roles: [lead-professional]\n", "            roles: [senior-manager]\n")])
    policy = load_policy(path)
    listed = [line for line in readings_to_check(policy) if "“Senior manager”" in line]
    assert listed == ["Multi-agency escalation, Stage 1: whom to contact, “Senior manager”: the quote does not name it "
                      "(“In most cases the Lead Professional should be the first contact”)."]
    page = routes_page(policy, date(2026, 11, 22)).markdown
    assert "Check this reading" in page and "“Senior manager”" in page


@pytest.mark.parametrize("quote,name", [
    ("the Conference Chair should attempt to resolve concerns", "Child Protection Conference Chair"),
    ("make e mail contact with the placing authority", "The placing local authority"),
    ("a panel of Local Safeguarding Children Board members", "A panel of LSCB members"),
    ("The template for PPAs in in appendix three.", "Partnership Practice Alert"),
    ("Representing Voluntary Agencies", "Representative of voluntary agencies"),
    ("A line/ team manager must contact the equivalent line/team manager", "Line manager or team manager"),
    ("the professional with their line manager must escalate", "The practitioner who disagrees"),
    ("Independent Reviewing Officer (IRO) should also be informed", "Independent Reviewing Officer (IRO)"),
])
def test_a_quote_names_a_role_in_its_own_words(quote, name):
    from guide.publish.check.readings import names

    assert names(quote, name)


@pytest.mark.parametrize("quote,name", [
    ("A team manager must contact the equivalent team manager", "Service Manager"),
    ("they must firstly consult with their line manager", "The practitioner who disagrees"),
    ("escalate the case to the Chair of the WSCB", "WSCB Business Manager"),
])
def test_a_quote_that_names_someone_else_does_not_name_the_role(quote, name):
    from guide.publish.check.readings import names

    assert not names(quote, name)


def test_a_number_too_long_to_read_is_no_traceback():
    from guide.publish.check.numbers import in_words, stated

    long_number = "9" * 5000
    assert stated(f"within {long_number} days") == set()
    assert in_words(f"within {long_number} working days") == []
