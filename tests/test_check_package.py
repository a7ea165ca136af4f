"""The checker as a folder (issue 21.5): one small module per family of checks in guide/publish/check/, and
guide/publish/policy_files.py the façade that keeps every name other code imports from it."""

import ast
from pathlib import Path

import guide.publish.policy_files as policy_files

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / "guide" / "publish" / "check"
MAX_LINES = 400   # "each small": a module past this holds more than one family


def test_each_check_module_is_small():
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in sorted(CHECK.glob("*.py"))}
    assert sizes, "guide/publish/check/ holds no module"
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_each_check_module_says_what_it_checks():
    missing = [path.name for path in sorted(CHECK.glob("*.py"))
               if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))]
    assert missing == []


def _names_imported_from_policy_files() -> dict[str, set[str]]:
    """Every name a file of this repository imports from policy_files, with the files that import it."""
    found: dict[str, set[str]] = {}
    files = [ROOT / "build.py", *sorted((ROOT / "guide").rglob("*.py")), *sorted((ROOT / "tests").glob("*.py")),
             *sorted((ROOT / "benchmarks").glob("*.py"))]
    for path in files:
        if not path.exists():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("policy_files"):
                for alias in node.names:
                    found.setdefault(alias.name, set()).add(str(path.relative_to(ROOT)))
    return found


def test_policy_files_keeps_every_name_its_callers_import():
    imported = _names_imported_from_policy_files()
    assert {"check_policy", "load_policy", "read_policy_file", "Problem", "PolicyFile"} <= set(imported)
    missing = {name: sorted(files) for name, files in imported.items() if not hasattr(policy_files, name)}
    assert missing == {}


def test_policy_files_is_only_the_facade():
    """The checks themselves live in check/: the façade reads, runs them in order, and loads a policy."""
    text = (ROOT / "guide" / "publish" / "policy_files.py").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200
    assert "class _Checker" not in text and "def _schema_message" not in text
