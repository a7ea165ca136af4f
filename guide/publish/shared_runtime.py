"""The guide's runtime, stored once per site and shared by every partnership's guide (build time, issue 23).

Pyodide, the standard library compiled for the engine and the engine itself are the same for every partnership:
they go in `_runtime/pyodide-<version>/` at the site's root, every name fixed by its content (Pyodide's files by its
pinned version, the library and the engine by their hash: `python_stdlib.<hash>.zip`, `engine.<hash>.zip`). What
stays a partnership's own is its policy (`<slug>/guide/<hash>/runtime/policy.json`).

The guide page says where the site's `_runtime/` is, relative to itself (`data-runtime` on its start script), and
the worker, which holds the folder's and files' names, is told it in its first message. A partnership's zip
(`make dist`, dist.py) carries its own copy of the folder inside it and points its pages at that copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

FOLDER = "_runtime"   # at the site's root
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
PYODIDE_SHIPPED = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")  # the rest: compiled or inlined
STUDIO_STDLIB = "studio-stdlib.zip"   # the policy studio's whole standard library (guide/publish/studio.py)
ATTRIBUTE = re.compile(r'data-runtime="((?:\.\./)*)' + FOLDER + '/"')
WORKER_SETTINGS = re.compile(r"^const RUNTIME = (\{.*\});$", re.M)


class MissingPyodide(Exception):
    pass


@dataclass(frozen=True)
class SharedRuntime:
    """What the site's shared runtime holds, as a partnership's worker is told it."""

    folder: str          # "pyodide-<version>", under _runtime/
    stdlib: str          # python_stdlib.<hash>.zip, in the folder
    engine: str          # engine.<hash>.zip, in the folder
    lock: dict           # Pyodide's lock file without packages (the guide loads none): no request
    sizes: dict          # the size of each large file the worker fetches, for its progress

    def files(self) -> list[str]:
        """The folder's files the guide loads, relative to _runtime/."""
        return [f"{self.folder}/{name}" for name in (*PYODIDE_SHIPPED, self.stdlib, self.engine)]

    def worker_settings(self, policy_size: int) -> dict:
        return {"folder": self.folder + "/", "stdlib": self.stdlib, "engine": self.engine, "lock": self.lock,
                "sizes": {**self.sizes, "policy.json": policy_size}}


def relative_address(site_path: str, page: str) -> str:
    """The site's `_runtime/` as a page of ``site_path`` at ``page`` (a folder, "guide/") writes it."""
    depth = site_path.count("/") + 1 + page.strip("/").count("/") + 1
    return "../" * depth + FOLDER + "/"


def write_shared_runtime(project: Path, site: Path) -> SharedRuntime:
    """Write the runtime once into ``site``/_runtime/ (Pyodide's files hard-linked from node_modules where the disk
    allows) and say what it holds. Raises MissingPyodide, with what to run, when Pyodide or Node is missing."""
    from .compiled_runtime import RuntimeCompileError, compiled_runtime
    from .pages import engine_archive

    source = project / "node_modules" / "pyodide"
    missing = [name for name in PYODIDE_FILES if not (source / name).is_file()]
    if missing:
        raise MissingPyodide(f"{source} lacks {', '.join(missing)}: run `make setup` (npm ci installs the pinned Pyodide)")
    try:
        compiled = compiled_runtime(project, engine_archive())
    except RuntimeCompileError as error:
        raise MissingPyodide(str(error)) from None
    version = json.loads((source / "package.json").read_text(encoding="utf-8"))["version"]
    folder = site / FOLDER / f"pyodide-{version}"
    folder.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_SHIPPED:
        try:  # a hard link saves disk space on the build machine: the files are large
            os.link(source / name, folder / name)
        except FileExistsError:
            pass
        except OSError:
            shutil.copy2(source / name, folder / name)
    engine = f"engine.{hashlib.sha256(compiled.engine).hexdigest()[:12]}.zip"
    (folder / compiled.stdlib_name).write_bytes(compiled.stdlib)
    (folder / engine).write_bytes(compiled.engine)
    sizes = {name: (folder / name).stat().st_size for name in ("pyodide.asm.wasm", compiled.stdlib_name, engine)}
    return SharedRuntime(folder.name, compiled.stdlib_name, engine, json.loads(compiled.lock), sizes)


def used_files(site: Path, slug: str) -> list[str]:
    """The files of the site's `_runtime/` that a partnership's guide loads (relative to _runtime/), as its worker
    names them; none if it has no guide."""
    names: set[str] = set()
    for worker in (site / slug / "guide").glob("*/engine-worker.mjs"):
        found = WORKER_SETTINGS.search(worker.read_text(encoding="utf-8"))
        if not found:
            raise RuntimeError(f"{worker} does not name its runtime (a RUNTIME line the build fills in)")
        settings = json.loads(found.group(1))
        names |= {settings["folder"] + name for name in (*PYODIDE_SHIPPED, settings["stdlib"], settings["engine"])}
        if (site / slug / "studio" / "studio-worker.mjs").is_file():    # the studio: Pyodide's whole library
            names.add(settings["folder"] + STUDIO_STDLIB)
    return sorted(names)


def merge_into(staging: Path, site: Path) -> None:
    """Add what a build of one partnership wrote in ``staging``/_runtime/ to the site's, before its folder is swapped
    in. Names are fixed by content, so a name already there holds the same bytes and is kept."""
    source = staging / FOLDER
    if not source.is_dir():
        return
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        target = site / FOLDER / path.relative_to(source)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            path.replace(target)
