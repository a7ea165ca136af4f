"""Every rule quotes its source (issue 8): finding passages in a source text, and `build.py check` on quotes.

The finder is tested on small texts written here, so these tests need no bundled policy. The check is tested on
copies of a bundled policy with one quote broken.
"""

from __future__ import annotations

import re

import pytest

from guide.publish.quotes import SourceText, normalise

from .test_policy_check import BUNDLED, POLICIES, broken_copy, check_lines, line_of, run_check

SOURCE = """# Resolving professional differences

*The text of the published policy, with personal details removed.*

## 4. Stages of escalation

### Stage 1 – Escalate to Service Manager

If those who manage the professionals in dispute cannot resolve the issue, more
senior managers should be involved. A response is required within 5 working days.

### Stage 3 – Assistant Directors

Both stages 1 and 2 must be utilised before going to stage 3. The ‘Stage 3 Escalation Form’ – see Appendix.

## 5. Recording

Copies go to mscp@medway.gov.uk for recording purposes.
"""


@pytest.fixture()
def source() -> SourceText:
    return SourceText(SOURCE)


def test_a_passage_across_a_line_break_is_found(source):
    assert source.find("more senior managers should be involved") >= 0


@pytest.mark.parametrize("passage", [
    "The 'Stage 3 Escalation Form' - see Appendix.",        # straight quotes and a hyphen for curly ones and a dash
    "The \u2018Stage 3 Escalation Form\u2019 \u2014 see Appendix.",  # an em dash for the source's en dash
    "Both  stages 1 and 2\nmust be utilised",                 # white space and line breaks
])
def test_only_white_space_quote_marks_and_dashes_are_normalised(source, passage):
    assert source.find(passage) >= 0


@pytest.mark.parametrize("passage", [
    "both stages 1 and 2 must be utilised",           # case differs
    "Both stages 1 and 2 must be used",               # a word differs
])
def test_other_differences_are_not_forgiven(source, passage):
    assert source.find(passage) == -1


def test_a_passage_must_not_start_or_end_inside_a_word(source):
    assert source.find("ore senior managers") == -1
    assert source.find("senior manager") == -1
    assert source.find("senior managers") >= 0


def test_the_section_is_the_chain_of_headings_below_the_title(source):
    at = source.find("Both stages 1 and 2 must be utilised")
    assert source.section(at) == "4. Stages of escalation › Stage 3 - Assistant Directors"
    assert source.section(source.find("for recording purposes")) == "5. Recording"


def test_normalise_keeps_everything_else():
    assert normalise("  Wirral’s  “MASH”\n— 1 working day ") == "Wirral's \"MASH\" - 1 working day"


# --- `build.py check` on quotes ----------------------------------------------------------------------------

CURRENT = [p for p in BUNDLED if p.name == "policy.yaml"]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(POLICIES)))
def test_every_bundled_policy_names_its_source_text(path):
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^  source_file: (\S+)$", text, re.M)
    assert match, "document.source_file is set"
    assert (path.parent / match.group(1)).is_file()


def test_check_counts_the_rules_not_from_the_source_and_lists_each():
    result = run_check()
    assert result.returncode == 0, result.stderr
    counted = re.search(r"(\d+) rules? not from the source", result.stdout)
    assert counted, result.stdout
    listed = [line for line in result.stdout.splitlines() if "warning: not from the source" in line]
    assert len(listed) == int(counted.group(1))
    assert all(re.match(r"\S+\.yaml:\d+:\d+: ", line) for line in listed)


def _first_passage(path):
    """The first quoted passage of a policy file, as written on its line (a one-line double-quoted string)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r'\s*(?:- )?quote: "([^"\\]{12,})"\s*$', line) or re.match(r'\s*- "([^"\\]{12,})"\s*$', line)
        if match:
            return match.group(1)
    pytest.skip(f"no one-line quote in {path}")


@pytest.mark.parametrize("slug", ["medway", "suffolk", "wirral", "model"])
def test_a_changed_word_in_a_quote_is_reported_at_its_line(tmp_path, slug):
    original = POLICIES / slug / "policy.yaml"
    if not original.exists():
        pytest.skip(f"{slug} is not bundled")
    passage = _first_passage(original)
    words = passage.split()
    changed = " ".join(words[:-1] + [words[-1] + "zz"])
    path = broken_copy(tmp_path, slug, [(f'"{passage}"', f'"{changed}"')])
    lines = check_lines(path)
    found = [line for line in lines if "quote not found in source.md" in line]
    assert len(found) == 1, lines
    assert found[0].startswith(f"{path}:{line_of(path, changed)}:")
    assert changed[:60] in found[0]


@pytest.mark.parametrize("slug", ["medway", "wirral"])
def test_a_rule_without_a_quote_is_an_error_naming_the_rule(tmp_path, slug):
    original = POLICIES / slug / "policy.yaml"
    if not original.exists():
        pytest.skip(f"{slug} is not bundled")
    line = next((l for l in original.read_text(encoding="utf-8").splitlines()
                 if re.fullmatch(r'\s+quote: "[^"]+"', l)), None)
    if line is None:
        pytest.skip(f"no one-line quote in {slug}")
    path = broken_copy(tmp_path, slug, [(line + "\n", "")])
    lines = check_lines(path)
    assert any("has no `quote`" in l and "copy the words of source.md" in l for l in lines), lines


def test_a_missing_source_file_is_an_error_at_the_key(tmp_path):
    original = POLICIES / "wirral" / "policy.yaml"
    if not original.exists():
        pytest.skip("wirral is not bundled")
    path = broken_copy(tmp_path, "wirral", [])
    (path.parent / "source.md").unlink()
    lines = check_lines(path)
    assert any("there is no file `source.md` beside this policy" in l for l in lines), lines
    assert lines[0].startswith(f"{path}:{line_of(path, 'source_file:')}:")
