"""A build that talks (issue 21, point 4): `build.py build` says each phase of each partnership with its time as it
ends, then one summary line; `--quiet` says only the summary; `build_site` itself prints nothing unless asked.

Names and format only: no test asserts a time. Over whatever policies are present: the smallest one is built.
"""

from __future__ import annotations

import re
import subprocess
import sys

from .conftest import BUILD_TODAY, POLICIES, ROOT

PARTNERSHIP_PHASES = ["reading", "checking", "guide page", "routes page", "manual pages", "MkDocs", "runtime",
                      "compressing"]
SITE_PHASES = ["home pages", "engine", "fingerprinting", "script check", "compressing"]
STEP = re.compile(r"^(?P<who>whole site|\S+) +(?P<phase>[A-Za-z][A-Za-z ]*?) +\d+\.\d s(  (?P<note>\S.*))?$")
SUMMARY = re.compile(r"^Built (?P<count>\d+) partnerships? \((?P<versions>\d+) versions?\), (?P<pages>\d+) pages, "
                     r"in \d+\.\d s: (?P<site>.+)/index\.html$")


def smallest_partnership() -> str:
    return min((path.stat().st_size, path.parent.name) for path in POLICIES.glob("*/policy.yaml"))[1]


def build(tmp_path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--partnership", smallest_partnership(),
                           "--site", str(tmp_path / "site"), "--work", str(tmp_path / "work"), "--today", BUILD_TODAY,
                           *options], capture_output=True, text=True, cwd=ROOT, timeout=600)


def test_the_build_says_each_phase_of_each_partnership_then_a_summary(tmp_path):
    slug = smallest_partnership()
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    *steps, summary = result.stdout.splitlines()
    matched = [STEP.match(line) for line in steps]
    assert all(matched), [line for line, m in zip(steps, matched) if not m]
    said = [(m["who"], m["phase"]) for m in matched]
    expected = [(slug, phase) for phase in PARTNERSHIP_PHASES] + [("whole site", phase) for phase in SITE_PHASES]
    assert sorted(said) == sorted(expected), "one line per partnership and phase, each once"
    reading = next(m for m in matched if m["phase"] == "reading")
    assert reading["note"], "the reading line names the partnership"
    found = SUMMARY.match(summary)
    assert found, summary
    assert (found["count"], found["site"]) == ("1", str(tmp_path / "site"))
    assert int(found["pages"]) > 0
    assert (tmp_path / "site" / slug / "index.html").exists()


def test_quiet_says_only_the_summary(tmp_path):
    result = build(tmp_path, "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1 and SUMMARY.match(result.stdout.strip()), result.stdout


def test_quiet_still_says_every_problem(tmp_path):
    import shutil

    slug = smallest_partnership()
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES / slug, policies / slug)
    broken = policies / slug / "policy.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\nnot_a_policy_key: 1\n", encoding="utf-8")
    result = build(tmp_path, "--quiet", "--policies", str(policies))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "not_a_policy_key" in result.stderr and "nothing was built" in result.stderr


def test_the_library_prints_nothing_and_tells_a_progress_callback(tmp_path, capfd):
    from guide.publish.site import WHOLE_SITE, build_site

    slug = smallest_partnership()
    steps = []
    report = build_site(ROOT, tmp_path / "site", only=slug, today=BUILD_TODAY, work=tmp_path / "work",
                        progress=steps.append)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    assert sorted((s.partnership, s.phase) for s in steps) == sorted(
        [(slug, phase) for phase in PARTNERSHIP_PHASES] + [(WHOLE_SITE, phase) for phase in SITE_PHASES])
    assert report.steps == steps and SUMMARY.match(report.summary())
    assert set(report.seconds_by_partnership()) == {slug, WHOLE_SITE}

    again = build_site(ROOT, tmp_path / "site", only=slug, today=BUILD_TODAY, work=tmp_path / "work")
    out, err = capfd.readouterr()
    assert (out, err) == ("", ""), "silent by default"
    assert any(f"{slug}/" in line for line in again), "the report's lines name each partnership built"
