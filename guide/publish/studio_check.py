"""The studio's live check (issue 22): `build.py check` on the text in the editor, for the studio's worker.

It runs in the browser under Pyodide, and in CPython for the tests: the text is written to a file in a folder of
its own (Pyodide's memory, never the author's disk), with the source text the author opened beside it, and read by
the same `check_policy` as the command line, so each message has the same `line:col` and words. The one difference
is said where it is made: the warnings on HTML removed from a Markdown text need nh3 (a Rust library) and are left
to `build.py check`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .policy_files import POLICY_FILENAME, check_policy_file, read_policy_file

DISPLAY = POLICY_FILENAME
_folder: Path | None = None


def _work_folder() -> Path:
    """A fresh folder, once: the file is written as `draft.yaml`, not `policy.yaml`, since its folder's name says
    nothing about the partnership's slug (the command line compares them only for `<slug>/policy.yaml`)."""
    global _folder
    if _folder is None:
        _folder = Path(tempfile.mkdtemp(prefix="studio-"))
    return _folder


def check_text(text: str, source_name: str | None = None, source_text: str | None = None) -> dict:
    """Every problem and warning of the policy ``text``, each {line, col, message, warning}, in the command line's
    order, and whether the text is a policy at all (a file that could not be read is not)."""
    folder = _work_folder()
    for old in folder.iterdir():
        old.unlink()
    if source_name and source_text is not None:
        name = Path(source_name.replace("\\", "/")).name
        if name and name not in (".", ".."):
            (folder / name).write_text(source_text, encoding="utf-8")
    path = folder / "draft.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    policy, problems = read_policy_file(path, DISPLAY)
    warnings = []
    if policy is not None:
        problems = check_policy_file(policy, problems, html_warnings=False)
        warnings = policy.warnings
    else:
        problems = sorted(set(problems))
    return {
        "read": policy is not None,
        "problems": [_item(p, False) for p in problems],
        "warnings": [_item(p, True) for p in warnings],
    }


def _item(problem, warning: bool) -> dict:
    return {"line": problem.line, "col": problem.col, "message": problem.message, "text": str(problem),
            "warning": warning}
