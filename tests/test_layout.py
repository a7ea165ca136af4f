"""The two halves stay apart: ``guide/engine`` (shipped to the browser) uses the standard library only and never
imports the build-time half; the shipped archive is ``guide/engine`` alone; the README's layout table is the tree."""

from __future__ import annotations

import ast
import io
import re
import sys
import zipfile
from pathlib import Path

import pytest

from guide.publish.pages import engine_archive

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "guide" / "engine"
ENGINE_MODULES = sorted(ENGINE.glob("*.py"))


def imports(path: Path):
    """(module imported, relative level) for every import in a module, nested ones included."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, 0
        elif isinstance(node, ast.ImportFrom):
            yield node.module or "", node.level


@pytest.mark.parametrize("module", ENGINE_MODULES, ids=lambda p: p.name)
def test_the_engine_imports_only_the_standard_library_and_itself(module):
    allowed = set(sys.stdlib_module_names) | {"__future__"}
    for name, level in imports(module):
        if level == 1:
            continue                               # from .model import ..., from . import documents
        assert level == 0, f"{module.name}: `from {'.' * level}{name}` reaches outside guide.engine"
        top = name.split(".")[0]
        assert top in allowed or name == "guide.engine" or name.startswith("guide.engine."), (
            f"{module.name} imports {name}: the engine must run in the browser on the standard library alone")


def test_the_check_itself_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from ..publish import site\nimport yaml\n", encoding="utf-8")
    found = list(imports(bad))
    assert ("publish", 2) in found and ("yaml", 0) in found


def test_the_shipped_archive_is_the_engine_folder_alone():
    names = zipfile.ZipFile(io.BytesIO(engine_archive())).namelist()
    expected = sorted(f"guide/engine/{p.name}" for p in ENGINE.iterdir() if p.suffix in (".py", ".json"))
    assert sorted(names) == expected
    assert all(name.startswith("guide/engine/") for name in names)


def test_the_readme_layout_table_matches_the_tree():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    named = set()
    for cell in re.findall(r"^\| ([^|]+) \|", table, re.M):
        for path in re.findall(r"`([^`]+)`", cell):
            named.add(path)
    assert named, "the README has no layout table"
    for path in named:
        if "<" in path:
            continue                                # a pattern such as policies/<slug>/policy.yaml
        assert (ROOT / path.rstrip("/")).exists(), f"README names {path}, which is not in the tree"
    for folder in ("guide/engine/", "guide/publish/", "guide/web/guide/"):
        assert folder in named, f"README's layout table does not name {folder}"
