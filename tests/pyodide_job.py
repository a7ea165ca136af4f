"""Running a parity job in Pyodide under Node, with the engine and the standard library exactly as the build
compiles and ships them (tests/node/parity.mjs); shared by the parity tests of the bundled policies and fixtures."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from guide.publish.compiled_runtime import compiled_runtime
from guide.publish.pages import engine_archive

from .conftest import ROOT


def run_in_pyodide(tmp_path: Path, job: dict, timeout: int = 600) -> dict:
    """What tests/node/parity.mjs answers for ``job`` (its policies, cases, digests, calendars, ...)."""
    path = tmp_path / "job.json"
    path.write_text(json.dumps(job), encoding="utf-8")
    shipped = compiled_runtime(ROOT, engine_archive())
    archive, stdlib, lock = tmp_path / "engine.zip", tmp_path / shipped.stdlib_name, tmp_path / "lock.json"
    archive.write_bytes(shipped.engine)
    stdlib.write_bytes(shipped.stdlib)
    lock.write_text(shipped.lock, encoding="utf-8")
    result = subprocess.run(["node", str(ROOT / "tests" / "node" / "parity.mjs"), str(archive), str(path), str(stdlib),
                             str(lock)], capture_output=True, text=True, cwd=ROOT, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)
