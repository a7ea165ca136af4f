"""The guide's Python, made ready for the browser at build time (issue 12).

Pyodide ships its standard library as source, so every visit compiled ~75% of what it imports before the engine
could answer. The build runs `compile_runtime.mjs` once under Node, inside the same Pyodide the browser runs, and
gets back:

- the standard library trimmed to what Pyodide and the engine can load, as bytecode (`python_stdlib.<hash>.zip`,
  passed to `loadPyodide` as `stdLibURL`);
- the engine as bytecode (`engine.zip`);
- and the list of standard-library modules kept and left out (`stdlib-modules.json`), for anyone who asks why.

Pyodide's lock file goes to the worker inline, trimmed to its `info` (the guide loads no packages): no request.
The result is cached under `build/runtime-cache/`, keyed by everything it is made from, so a rebuild costs nothing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "compile_runtime.mjs"
TIME_LIMIT = 300  # seconds: a cold Pyodide under Node takes ~10 s here


class RuntimeCompileError(Exception):
    pass


@dataclass(frozen=True)
class CompiledRuntime:
    stdlib: bytes
    engine: bytes
    lock: str           # pyodide-lock.json with no packages, as the worker passes it to loadPyodide
    modules: dict       # {"kept": [...], "left_out": [...]}

    @property
    def stdlib_name(self) -> str:
        return f"python_stdlib.{hashlib.sha256(self.stdlib).hexdigest()[:12]}.zip"


def trimmed_lock(pyodide_dir: Path) -> str:
    lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    return json.dumps({"info": lock["info"], "packages": {}}, sort_keys=True, separators=(",", ":"))


def compiled_runtime(project: Path, engine_zip: bytes) -> CompiledRuntime:
    """The compiled standard library and engine for ``engine_zip``, from the cache or made now."""
    pyodide_dir = project / "node_modules" / "pyodide"
    stdlib_source = pyodide_dir / "python_stdlib.zip"
    key = hashlib.sha256()
    for part in (SCRIPT.read_bytes(), (pyodide_dir / "package.json").read_bytes(), stdlib_source.read_bytes(), engine_zip):
        key.update(hashlib.sha256(part).digest())
    cache = project / "build" / "runtime-cache" / key.hexdigest()[:24]
    if not (cache / "stdlib-modules.json").is_file():
        _compile(pyodide_dir, engine_zip, cache)
    return CompiledRuntime(
        stdlib=(cache / "python_stdlib.zip").read_bytes(),
        engine=(cache / "engine.zip").read_bytes(),
        lock=trimmed_lock(pyodide_dir),
        modules=json.loads((cache / "stdlib-modules.json").read_text(encoding="utf-8")),
    )


def _compile(pyodide_dir: Path, engine_zip: bytes, cache: Path) -> None:
    node = shutil.which("node")
    if not node:
        raise RuntimeCompileError("Node.js is needed to build the guide's engine: run `make setup`, or install Node 20+")
    cache.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache.parent) as work:
        work = Path(work)
        (work / "engine-source.zip").write_bytes(engine_zip)
        out = work / "out"
        out.mkdir()
        try:
            result = subprocess.run([node, str(SCRIPT), str(pyodide_dir), str(work / "engine-source.zip"), str(out)],
                                    capture_output=True, text=True, timeout=TIME_LIMIT)
        except subprocess.TimeoutExpired:
            raise RuntimeCompileError(f"compiling the guide's engine under Node took over {TIME_LIMIT} s") from None
        if result.returncode != 0:
            last = (result.stderr.strip().splitlines() or ["no message"])[-1][:300]
            raise RuntimeCompileError(f"compiling the guide's engine under Node failed: {last}")
        if cache.exists():  # made meanwhile by another build: the same bytes
            return
        out.rename(cache)
