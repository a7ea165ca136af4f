"""`build.py check`: every bundled policy validates; every class of mistake gives one plain line at the right place."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guide.publish.policy_files import check_policy, discover_policies

from .conftest import POLICIES, ROOT

BUNDLED = discover_policies(POLICIES)


def test_every_policy_file_is_found():
    """`<slug>/policy.yaml` and each `<slug>/versions/*.yaml`, whatever a fork keeps or adds."""
    expected = sorted([str(p.relative_to(POLICIES)) for p in POLICIES.glob("*/policy.yaml")]
                      + [str(p.relative_to(POLICIES)) for p in POLICIES.glob("*/versions/*.yaml")])
    assert sorted(str(p.relative_to(POLICIES)) for p in BUNDLED) == expected
    assert expected, "at least one policy"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(POLICIES)))
def test_bundled_policy_is_valid(path):
    policy, problems = check_policy(path)
    assert policy is not None
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(POLICIES)))
def test_bundled_policy_names_the_schema_for_editors(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, "the first line points editors at the schema"
    assert (path.parent / match.group(1)).resolve() == ROOT / "guide" / "schema" / "policy.schema.json"


def run_check(*files) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "check", *map(str, files)],
                          capture_output=True, text=True, cwd=ROOT)


def test_check_command_passes_on_the_bundled_policies():
    result = run_check()
    assert result.returncode == 0, result.stderr
    assert f"{len(BUNDLED)} polic{'y' if len(BUNDLED) == 1 else 'ies'} OK" in result.stdout


# --- broken policies ---------------------------------------------------------------------------------------


def broken_copy(tmp_path: Path, slug: str, replacements: list[tuple[str, str]]) -> Path:
    """A copy of a bundled policy (and its source text) with some text replaced; the folder keeps the slug's name."""
    source = POLICIES / slug / "policy.yaml"
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"{old!r} is not in {source}"
        text = text.replace(old, new, 1)
    target = tmp_path / "policies" / slug / "policy.yaml"
    shutil.copytree(source.parent, target.parent, ignore=shutil.ignore_patterns("versions"))  # its source text too
    target.write_text(text, encoding="utf-8")
    return target


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [i + 1 for i, line in enumerate(lines) if needle in line]
    return found[occurrence - 1]


def check_lines(path: Path) -> list[str]:
    result = run_check(path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    return [line for line in result.stderr.splitlines() if line.startswith(str(path))]


CASES = [
    # (name, slug, replacements, needle whose line the problem is on, expected words in the message)
    ("unknown form", "medway", [("form: stage-3-escalation\n        form_quote:", "form: stage-9-form\n        form_quote:")],
     "form: stage-9-form", ["unknown form `stage-9-form`", "use one of: practice-alert, stage-3-escalation"]),
    ("unknown role", "medway", [("roles: [service-manager]", "roles: [service-manger]")],
     "roles: [service-manger]", ["unknown role `service-manger`", "did you mean `service-manager`?"]),
    ("duplicate stage id", "medway", [("- id: stage-2\n", "- id: stage-1\n")],
     "- id: stage-1", ["duplicate stage of `escalation` id `stage-1`", "ids must be unique"]),
    ("pathway with no stages", "wirral", [("    stages:\n      - id: stage-1", "    stages: []\n    unused:\n      - id: stage-1")],
     "stages: []", ["must list at least 1 item"]),
    ("e-mail not an address", "medway", [("inbox: mscp@medway.gov.uk", "inbox: mscp-at-medway.gov.uk")],
     "inbox: mscp-at-medway", ["partnership.inbox", "not in the right form", "e-mail address"]),
    ("date not a real date", "suffolk", [("effective_date: 2017-08", "effective_date: 2017-02-30")],
     "effective_date: 2017-02-30", ["`2017-02-30` is not a real date"]),
    ("date in words", "suffolk", [("effective_date: 2017-08", "effective_date: August 2017")],
     "effective_date: August 2017", ["document.effective_date", "YYYY-MM-DD"]),
    ("review before effective", "suffolk", [("effective_date: 2017-08\n", "effective_date: 2017-08\n  review_date: 2016-01-31\n")],
     "review_date: 2016-01-31", ["review date 2016-01-31 is before the effective date 2017-08"]),
    ("misspelt field", "model", [("  summary: >-\n      Resolve it at practitioner", "  sumary: >-\n      Resolve it at practitioner")],
     "sumary:", ["`sumary` is not a field", "did you mean `summary`?"]),
    ("unknown answer in a condition", "medway", [("when: {mash: \"yes\"}\n            roles: [mash-di]", "when: {mash: \"yess\"}\n            roles: [mash-di]")],
     "mash: \"yess\"", ["`yess` is not an answer to `mash`", "did you mean `yes`?"]),
    ("question depends on a later one", "medway", [("ask_when: {about: case}\n  - id: own-agency", "ask_when: {in-care: \"yes\"}\n  - id: own-agency")],
     "ask_when: {in-care: \"yes\"}", ["`in-care` is asked later"]),
    ("unreadable colour", "wirral", [('colour: "#4b2e83"', 'colour: "#ffdd00"')],
     'colour: "#ffdd00"', ["contrast 1.3:1", "darker colour"]),
    ("slug does not match folder", "model", [("slug: model", "slug: modell")],
     "slug: modell", ["does not match the folder `model`"]),
    ("form_fills names a field the sender fills already", "medway",
     [("form_fills: [ad-name, response,", "form_fills: [to, response,")],
     "form_fills: [to, response,", ["`to` is not a field of form `stage-3-escalation` marked `completed_by: recipient`",
                                    "use one of: ad-name, resolution, response"]),
    # Issue 19: the day a stage is raised is asked per stage; a prefill written before names no question now.
    ("prefill of the old one raise date per pathway", "medway",
     [('prefill: ["answer:escalation.stage-3.raise-on"', 'prefill: ["answer:escalation.raise-on"')],
     'prefill: ["answer:escalation.raise-on"', ["unknown question `escalation.raise-on` in prefill",
                                                "did you mean `escalation.stage-"]),
    ("duplicate key", "wirral", [("  short_name: WSCB\n", "  short_name: WSCB\n  short_name: Wirral\n")],
     "short_name: Wirral", ["`short_name` is given twice (first on line 12)"]),
]


@pytest.mark.parametrize("name,slug,replacements,needle,words", CASES, ids=[c[0] for c in CASES])
def test_broken_policy_gives_one_line_at_the_right_place(tmp_path, name, slug, replacements, needle, words):
    path = broken_copy(tmp_path, slug, replacements)
    lines = check_lines(path)
    expected_line = line_of(path, needle, occurrence=2 if name == "duplicate stage id" else 1)
    matching = [line for line in lines if all(w in line for w in words)]
    assert matching, f"no line with {words} in:\n" + "\n".join(lines)
    position = re.match(rf"{re.escape(str(path))}:(\d+):(\d+): ", matching[0])
    assert position, matching[0]
    assert int(position.group(1)) == expected_line


def test_yaml_syntax_error_is_one_line_with_its_position(tmp_path):
    path = broken_copy(tmp_path, "model", [("  short_name: LSCP\n", "  short_name: [LSCP\n")])
    lines = check_lines(path)
    assert len(lines) == 1
    assert "YAML syntax error" in lines[0]
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", lines[0])


def test_all_problems_are_reported_at_once_in_line_order(tmp_path):
    path = broken_copy(tmp_path, "medway", [
        ("inbox: mscp@medway.gov.uk", "inbox: not-an-address"),
        ("roles: [service-manager]", "roles: [nobody]"),
        ("form: stage-3-escalation\n        form_quote:", "form: no-form\n        form_quote:"),
    ])
    lines = check_lines(path)
    assert len(lines) == 3
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == sorted(numbers)


def test_missing_file_is_a_plain_error(tmp_path):
    lines = check_lines(tmp_path / "nowhere" / "policy.yaml")
    assert lines == [f"{tmp_path / 'nowhere' / 'policy.yaml'}:1:1: no such file; give the path of a policy.yaml"]


def test_yes_and_no_stay_answers_not_booleans(tmp_path):
    # YAML 1.1 would read `yes` as true; policies are read with YAML 1.2 booleans, so {cp-plan: yes} means "yes".
    path = broken_copy(tmp_path, "medway", [('when: {cp-plan: "yes"}', "when: {cp-plan: yes}")])
    policy, problems = check_policy(path)
    assert problems == []
    duty = policy.data["pathways"][0]["duties"][0]
    assert duty["when"] == {"cp-plan": "yes"}


def test_a_failed_build_writes_nothing_and_keeps_the_previous_site(tmp_path):
    from guide.publish.site import BuildError, build_site

    policies = tmp_path / "policies"
    shutil.copytree(POLICIES / "wirral", policies / "wirral")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    broken = policies / "wirral" / "policy.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("roles: [wscb-chair]", "roles: [wscb-chiar]"),
                      encoding="utf-8")
    with pytest.raises(BuildError) as error:
        build_site(ROOT, site, work=tmp_path / "work", policies=policies)
    assert any("unknown role `wscb-chiar`" in line for line in error.value.lines)
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert not (tmp_path / "site.new").exists()


# --- dead ends (issue 19, point 3) -----------------------------------------------------------------------------


def id_line(path: Path, cid: str) -> int:
    """The line of the contact `- id: <cid>` (in the contacts list: after `contacts:`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("contacts:")
    return next(i + 1 for i, line in enumerate(lines) if i > start and line.strip() == f"- id: {cid}")


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(POLICIES)))
def test_every_contact_without_a_route_is_warned_about_where_it_is(path):
    """A contact the guide sends someone to with no inbox, phone line or page is a dead end: the check says so at
    the contact's own line (the build goes on: a source that gives none is not a reason to invent one)."""
    import yaml

    policy, problems = check_policy(path)
    contacts = yaml.safe_load(path.read_text(encoding="utf-8")).get("contacts") or []
    routeless = [c["id"] for c in contacts if not any(c.get(k) for k in ("email", "phone", "website", "directory"))
                 and c.get("no_route") is not True]     # `no_route: true`: the source gives none, and says so
    warned = [w for w in policy.warnings if "has no route" in w.message]
    assert sorted(re.search(r"`([^`]+)`", w.message).group(1) for w in warned) == sorted(routeless)
    for warning in warned:
        cid = re.search(r"`([^`]+)`", warning.message).group(1)
        assert warning.line == id_line(path, cid) and warning.col > 1, str(warning)


@pytest.mark.skipif(not (POLICIES / "medway" / "policy.yaml").exists(), reason="Medway's policy is not here")
def test_a_contact_whose_inbox_is_removed_is_a_dead_end_the_check_names(tmp_path):
    """Medway: "Copy of every escalation to mscp@medway.gov.uk". Without the address the MSCP has no route."""
    path = broken_copy(tmp_path, "medway", [("    email: mscp@medway.gov.uk\n", "")])
    policy, problems = check_policy(path)
    assert [str(p) for p in problems] == []
    warned = [w for w in policy.warnings if "has no route" in w.message and "`mscp`" in w.message]
    assert warned and warned[0].line == id_line(path, "mscp")
    assert str(warned[0]).endswith("write `no_route: true` and say in its `hint` where to find one")


@pytest.mark.skipif(not (POLICIES / "medway" / "policy.yaml").exists(), reason="Medway's policy is not here")
def test_no_route_answers_the_warning_and_cannot_stand_beside_a_route(tmp_path):
    """A source that gives no inbox (Medway's Kent Police control room) says so with `no_route: true`: the warning is
    answered, not repeated at every check; said beside an inbox it is a contradiction; without a hint, a warning."""
    path = broken_copy(tmp_path / "as-is", "medway", [])
    policy, problems = check_policy(path)
    assert not [w for w in policy.warnings if "`kent-police-cru`" in w.message]
    path = broken_copy(tmp_path / "both", "medway", [("    no_route: true        # the source gives no inbox, phone line or page for it\n",
                                             "    no_route: true\n    phone: \"01234 567890\"\n")])
    problems = [str(p) for p in check_policy(path)[1]]
    assert any("`kent-police-cru` says `no_route: true` and gives its `phone`: remove one of them" in p
               for p in problems), problems
    path = broken_copy(tmp_path / "no-hint", "medway", [("    hint: The policy gives no telephone number.\n", "")])
    policy, problems = check_policy(path)
    assert [w.line for w in policy.warnings if "`kent-police-cru` has no route in the source" in w.message]
