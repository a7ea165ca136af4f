"""Issue 22.7: a draft is published only once it records the board's sign-off (`document.approved`: by, role, date).

`build.py release` refuses a draft without one, in a plain sentence; with one it makes the draft the policy in force;
filing that version starts the next draft without it (each version needs its own), and the manual's version page
shows who signed it off. Run over whichever policy in force is present (a fork's own too)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from guide.publish.manual import ManualRenderer
from guide.publish.policy_files import check_policy, load_policy

from .conftest import POLICIES, ROOT

IN_FORCE = sorted(p for p in POLICIES.glob("*/policy.yaml")
                  if re.search(r"^  status: current$", p.read_text(encoding="utf-8"), re.M)
                  and not re.search(r"^base:", p.read_text(encoding="utf-8"), re.M))
SIGN_OFF = ("  approved:\n    by: Jo Bloggs\n    role: Independent Chair of the Safeguarding Partnership\n"
            "    date: 2026-11-30\n")


def _release(folder, slug):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "release", slug, "--policies", str(folder)],
                          capture_output=True, text=True, timeout=300)


def _signed(text: str) -> str:
    return re.sub(r"^(  status: draft\n)", lambda m: m.group(1) + SIGN_OFF, text, count=1, flags=re.M)


@pytest.mark.skipif(not IN_FORCE, reason="no policy in force to release")
def test_release_refuses_a_draft_without_sign_off_and_publishes_one_with_it(tmp_path):
    slug = IN_FORCE[0].parent.name
    shutil.copytree(POLICIES / slug, tmp_path / slug, ignore=shutil.ignore_patterns("versions"))
    path = tmp_path / slug / "policy.yaml"
    text = path.read_text(encoding="utf-8")
    if not re.search(r"^  effective_date: ", text, re.M):
        text = re.sub(r"^(  status: current)$", r"\1\n  effective_date: 2025-09", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    assert _release(tmp_path, slug).returncode == 0        # the policy in force filed: policy.yaml is the next draft

    draft = path.read_text(encoding="utf-8")
    refused = _release(tmp_path, slug)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "is a draft with no sign-off" in refused.stderr and "document.approved" in refused.stderr
    assert path.read_text(encoding="utf-8") == draft       # nothing changed

    path.write_text(_signed(draft), encoding="utf-8")
    assert check_policy(path)[1] == []                     # the schema accepts the sign-off
    accepted = _release(tmp_path, slug)
    assert accepted.returncode == 0, accepted.stderr
    assert "is now the policy in force" in accepted.stdout
    published = path.read_text(encoding="utf-8")
    assert published == _signed(draft).replace("  status: draft\n", "  status: current\n", 1)   # only its status

    versions = ManualRenderer(load_policy(path)).pages()
    page = next(p for p in versions if p.path == "versions.md")
    assert ("| Signed off | Jo Bloggs, Independent Chair of the Safeguarding Partnership, on 30 November 2026 |"
            in page.markdown)

    # Filing it keeps its sign-off with it; the next draft starts without one, so it needs its own.
    (tmp_path / slug / "versions").mkdir(exist_ok=True)
    for old in (tmp_path / slug / "versions").glob("*.yaml"):
        old.unlink()
    assert _release(tmp_path, slug).returncode == 0
    filed = next((tmp_path / slug / "versions").glob("*.yaml")).read_text(encoding="utf-8")
    assert SIGN_OFF in filed and "  status: superseded" in filed
    assert path.read_text(encoding="utf-8") == draft
    again = _release(tmp_path, slug)
    assert again.returncode == 1 and "no sign-off" in again.stderr


def test_a_sign_off_must_name_who_their_role_and_the_day(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(POLICIES / "model", folder, ignore=shutil.ignore_patterns("versions"))
    path = folder / "policy.yaml"
    text = path.read_text(encoding="utf-8").replace("  status: model\n", "  status: draft\n", 1)
    path.write_text(_signed(text).replace("    date: 2026-11-30\n", "    date: 30/11/2026\n"), encoding="utf-8")
    problems = [str(p) for p in check_policy(path)[1]]
    assert any("YYYY-MM-DD" in p for p in problems), problems
    path.write_text(_signed(text).replace("    role: Independent Chair of the Safeguarding Partnership\n", ""),
                    encoding="utf-8")
    assert check_policy(path)[1]
    refused = _release(tmp_path, "model")
    assert refused.returncode == 1 and "no sign-off" in refused.stderr
