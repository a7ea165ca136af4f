"""The policy studio (issue 22), build time: the page at `<site>/studio/` and the files it needs, all from the site.

A business manager opens a policy there (a file from their computer, the model template, or the policy this site
publishes), edits its YAML in a text editor, and sees, as they type, the messages of `build.py check`: the same
Python (`policy_files.check_policy`) running under Pyodide in a worker. What it ships:

- `codemirror.mjs`: the editor (CodeMirror 6, from npm), bundled at build time by esbuild (from npm) into one
  file, cached under `build/studio-cache/`;
- `studio-lib.zip`: the checker's Python, as source: `guide/` (the engine and the publish modules the check
  imports, the schema) and the pure-Python libraries it uses, taken from the build's own environment so that the
  browser runs the same versions as the command line (PyYAML without its C extension, jsonschema, referencing,
  attrs, Markdown, Jinja2, MarkupSafe). jsonschema's `referencing` needs `rpds`, a Rust extension Pyodide's core
  does not ship: the browser gets `pyrsistent-as-rpds-py` (the same API over pyrsistent, both pure Python wheels
  fetched from PyPI once into the cache);
- `_runtime/pyodide-<version>/studio-stdlib.zip`: Pyodide's whole standard library (the guide's is trimmed to what
  the engine needs), once per site beside Pyodide itself, the site's shared copy (`_runtime/pyodide-<version>/`, guide/publish/shared_runtime.py);
- `screens/`: the guide's own question and result modules, for "Walk through the draft" (the draft's questions
  one at a time, by the engine's `next_step` in the worker);
- `bank-holidays.json`: each region's bank holidays for the years the site covers, for "Try it";
- `model-policy.txt`, `model-source.txt`, `published-policy.txt`, `published-source.txt` (`.txt`: MkDocs would take a `.md` for a page, and every server setting of `make dist` already serves `.txt`): the starting points, as text.

Nothing is fetched from another origin at run time, and nothing is stored: the download is the editor's text.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from .shared_runtime import FOLDER, STUDIO_STDLIB, relative_address
from .studio_check import bank_holiday_calendar

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
STUDIO_SCRIPTS = PACKAGE / "web" / "studio"
EDITOR_ENTRY = STUDIO_SCRIPTS / "editor-entry.js"
# Libraries the check imports, by distribution: the browser gets the build's own copy of each (source only).
LIBRARIES = ("PyYAML", "jsonschema", "jsonschema-specifications", "referencing", "attrs", "Markdown", "Jinja2",
             "MarkupSafe")
# rpds-py is a Rust extension: these two pure-Python wheels give the browser the same `rpds` API.
BROWSER_WHEELS = ("pyrsistent==0.20.0", "pyrsistent-as-rpds-py==2.1.0")
# The `rpds` name referencing imports, as the adapter's project gives it (its extra/fake_rpds, not in its wheel).
RPDS_SHIM = ('"""rpds for the studio in the browser: pyrsistent-as-rpds-py (pure Python) under rpds-py\'s name."""\n'
             "from pyrsistent_as_rpds.pure import *  # noqa: F401,F403\n\nis_pure_pyrsistent_as_rpds = True\n")
WORKER_RUNTIME = 'const RUNTIME = { pyodide: "../guide/pyodide/", lock: undefined };'  # studio-worker.mjs, filled in
# The guide's own screens, for "Walk through the draft": its question and result modules and what they import (none
# needs the guide page's globals), copied into `studio/screens/` so the studio draws the draft as the guide would.
GUIDE_SCREENS = PACKAGE / "web" / "guide"
SCREEN_MODULES = ("questions.mjs", "result.mjs", "now.mjs", "contacts.mjs", "why.mjs", "html.mjs", "wording.mjs")


class StudioError(Exception):
    pass


def _cache(project: Path) -> Path:
    return project / "build" / "studio-cache"


# --- the editor ---------------------------------------------------------------------------------------------


def editor_bundle(project: Path) -> bytes:
    """CodeMirror 6 and its YAML mode in one ES module, bundled by esbuild from node_modules (cached by the lock
    file and the entry)."""
    key = hashlib.sha256(EDITOR_ENTRY.read_bytes() + (project / "package-lock.json").read_bytes()).hexdigest()[:16]
    out = _cache(project) / f"codemirror.{key}.mjs"
    if not out.is_file():
        esbuild = project / "node_modules" / ".bin" / "esbuild"
        if not esbuild.exists():
            raise StudioError(f"{esbuild} is missing: run `make setup` (npm ci installs the editor and esbuild)")
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_suffix(".partial")
        result = subprocess.run([str(esbuild), str(EDITOR_ENTRY), "--bundle", "--format=esm", "--minify",
                                 "--legal-comments=eof", f"--outfile={partial}", "--log-level=error"],
                                cwd=project, capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise StudioError("bundling the studio's editor failed: " + (result.stderr.strip() or "no message")[-300:])
        partial.rename(out)
    return out.read_bytes()


# --- the checker's Python -----------------------------------------------------------------------------------


def _distribution_files(name: str) -> list[tuple[str, Path]]:
    """The pure-Python files of an installed distribution: (name in the archive, path on disk)."""
    try:
        distribution = importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        raise StudioError(f"{name} is not installed: run `make setup`") from None
    files = []
    for file in distribution.files or []:
        parts = Path(file).parts
        # The .dist-info goes too: Markdown finds its extensions by entry point, jsonschema its version by metadata.
        if not parts or parts[0].endswith(".data") or parts[0] in ("..", "_yaml") or parts[-1] in ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json"):
            continue
        if file.suffix in (".so", ".pyd", ".pyc", ".c", ".pyx", ".pxd") or "__pycache__" in parts:
            continue
        path = Path(distribution.locate_file(file))
        if path.is_file():
            files.append((Path(file).as_posix(), path))
    return files


def _browser_wheels(project: Path) -> list[Path]:
    folder = _cache(project) / "wheels"
    wanted = [spec.split("==")[0].replace("-", "_") + "-" + spec.split("==")[1] for spec in BROWSER_WHEELS]
    found = sorted(folder.glob("*.whl")) if folder.is_dir() else []
    if all(any(p.name.lower().startswith(w.lower() + "-") for p in found) for w in wanted):
        return [p for p in found if any(p.name.lower().startswith(w.lower() + "-") for w in wanted)]
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                             "--platform", "any", "--implementation", "py", "--python-version", "3.14",
                             "--dest", str(folder), *BROWSER_WHEELS],
                            capture_output=True, text=True, timeout=300, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    if result.returncode != 0:
        raise StudioError("fetching the studio's pure-Python wheels (" + ", ".join(BROWSER_WHEELS) + ") from PyPI "
                          "failed: " + (result.stderr.strip().splitlines() or ["no message"])[-1][:300])
    return _browser_wheels(project)


def _guide_files() -> list[tuple[str, Path]]:
    """The package the check runs: its Python, the schema, the wording and the templates (not the web files)."""
    files = []
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE.parent)
        if (not path.is_file() or "__pycache__" in relative.parts or relative.parts[1] == "web"
                or path.suffix not in (".py", ".json", ".j2")):
            continue
        files.append((relative.as_posix(), path))
    return files


def studio_library(project: Path) -> bytes:
    """One zip the worker unpacks onto its path: the guide package and the libraries, source only, in a fixed order
    and with fixed dates (the same bytes for the same sources)."""
    entries: dict[str, bytes] = {}
    for name, path in _guide_files():
        entries[name] = path.read_bytes()
    for distribution in LIBRARIES:
        for name, path in _distribution_files(distribution):
            entries[name] = path.read_bytes()
    for wheel in _browser_wheels(project):
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.endswith(("/", "/RECORD")):
                    continue
                entries[name] = archive.read(name)
    entries["rpds/__init__.py"] = RPDS_SHIM.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name])
    return buffer.getvalue()


# --- the page's files ---------------------------------------------------------------------------------------


def write_studio_assets(project: Path, docs: Path, policy_file: Path, today=None) -> None:
    """The studio's scripts, editor and starting points, next to its page (MkDocs copies them into the site)."""
    folder = docs / "studio"
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(STUDIO_SCRIPTS.iterdir()):
        if path.suffix in (".js", ".mjs") and path != EDITOR_ENTRY:
            shutil.copy2(path, folder / path.name)
    (folder / "codemirror.mjs").write_bytes(editor_bundle(project))
    (folder / "screens").mkdir(exist_ok=True)
    for name in SCREEN_MODULES:
        shutil.copy2(GUIDE_SCREENS / name, folder / "screens" / name)
    model = project / "policies" / "model"
    for name, path in (("model-policy.txt", model / "policy.yaml"), ("model-source.txt", model / "source.md"),
                       ("published-policy.txt", policy_file), ("published-source.txt", policy_file.parent / "source.md")):
        if path.is_file():
            shutil.copy2(path, folder / name)
    (folder / "bank-holidays.json").write_text(bank_holiday_calendar(today), encoding="utf-8")


def write_studio_runtime(project: Path, out: Path, shared) -> None:
    """The checker's Python and the whole standard library, into the built site; the worker told where Pyodide is
    (the guide's copy, under its final name) and given Pyodide's lock inline (no request)."""
    from .compiled_runtime import trimmed_lock

    pyodide = project / "node_modules" / "pyodide"
    folder = out / "studio"
    (folder / "studio-lib.zip").write_bytes(studio_library(project))
    shared_folder = out.parent / FOLDER / shared.folder     # once per site, beside Pyodide (shared_runtime.py)
    shared_folder.mkdir(parents=True, exist_ok=True)
    stdlib = shared_folder / STUDIO_STDLIB
    if not stdlib.exists():
        try:
            os.link(pyodide / "python_stdlib.zip", stdlib)
        except OSError:
            shutil.copy2(pyodide / "python_stdlib.zip", stdlib)
    worker = folder / "studio-worker.mjs"
    text = worker.read_text(encoding="utf-8")
    if text.count(WORKER_RUNTIME) != 1:
        raise RuntimeError("studio-worker.mjs no longer has the RUNTIME line the build fills in")

    # Pyodide itself is the site's shared copy (guide/publish/shared_runtime.py): `_runtime/pyodide-<version>/`
    # at the site's root, as this page's folder reaches it (a partnership's zip moves it inside, dist.py).
    address = relative_address(out.name, "studio/") + shared.folder + "/"
    settings = (f"const RUNTIME = {{ pyodide: {json.dumps(address)}, "
                f"lock: {trimmed_lock(pyodide)} }};")
    worker.write_text(text.replace(WORKER_RUNTIME, settings), encoding="utf-8")
