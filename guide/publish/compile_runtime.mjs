// Build time, under Node: compiles the engine and the part of Pyodide's standard library it can reach to bytecode,
// inside Pyodide itself (the exact Python the browser runs), so the browser neither downloads nor compiles the rest.
// Usage: node compile_runtime.mjs PYODIDE_DIR ENGINE_ZIP OUT_DIR
// Writes OUT_DIR/python_stdlib.zip, OUT_DIR/engine.zip and OUT_DIR/stdlib-modules.json (what was kept, and why).
//
// Kept: every module Pyodide itself has loaded once started, every module the engine's source names in an import
// (anywhere, in functions too), the whole `encodings` package and `_strptime` (imported from C, by name), and then,
// repeatedly, every module those modules' sources name. Modules are compiled to unchecked hash-based .pyc (PEP 552)
// and stored uncompressed (the server compresses on the wire), in name order with fixed dates: repeatable builds.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, engineZip, outDir] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(join(resolve(pyodideDir), "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: resolve(pyodideDir) + "/" });
pyodide.FS.writeFile("/tmp/stdlib.zip", new Uint8Array(readFileSync(join(pyodideDir, "python_stdlib.zip"))));
pyodide.FS.writeFile("/tmp/engine.zip", new Uint8Array(readFileSync(engineZip)));
const kept = pyodide.runPython(`
import ast
import importlib
import importlib.util
import io
import json
import sys
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

LOADED_BY_NAME = ("encodings", "_strptime")


def module_name(path):
    if not path.endswith(".py"):
        return None
    parts = path[:-3].split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts) if parts and all(p.isidentifier() for p in parts) else None


def imported_names(source, name, is_package):
    """Every module an import statement in this source names, with its parent packages."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                parts = parts[: len(parts) - node.level + 1] if node.level > 1 else parts
                base = ".".join(parts + ([base] if base else []))
            if base:
                found.add(base)
            found.update(f"{base}.{alias.name}" if base else alias.name for alias in node.names)
    names = set()
    for full in found:
        parts = full.split(".")
        names.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return names


ZIP = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"


def loaded_from_zip():
    """The paths, in the standard library's zip, of every module loaded so far."""
    files = (getattr(m, "__file__", None) or "" for m in list(sys.modules.values()))
    return {f[len(ZIP):] for f in files if f.startswith(ZIP)}


def closure(stdlib, named):
    """Everything loaded once Pyodide has started, plus: import each module the engine names (so everything it
    imports as it loads comes too), then each module those named modules' own functions import later, the same way."""
    modules = {module_name(n): n for n in stdlib.namelist() if module_name(n)}

    def load(names):
        for name in sorted(names):
            if name in modules:
                try:
                    importlib.import_module(name)
                except Exception:
                    pass

    load(named)
    lazy = set()
    for name in named:
        if name in modules:
            path = modules[name]
            lazy |= imported_names(stdlib.read(path), name, path.endswith("__init__.py"))
    load(lazy)
    return loaded_from_zip()


def compile_archive(source, wanted, filename_prefix, optimize=lambda name: 0):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zout:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            name = info.filename
            if not wanted(name):
                continue
            data = source.read(info)
            if name.endswith(".py"):
                try:
                    code = compile(data, filename_prefix + name, "exec", dont_inherit=True, optimize=optimize(name))
                except SyntaxError:
                    pass  # kept as source: Python reports it if anything imports it
                else:
                    name, data = name + "c", _code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
            entry = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            entry.external_attr = info.external_attr
            zout.writestr(entry, data)
    return out.getvalue()


def stdlib_optimize(name):
    """Docstrings and asserts out of the standard library (it is tested to run so, under python -OO); Pyodide's own
    packages keep theirs (it reads docstrings to document its JavaScript API)."""
    return 0 if name.split("/")[0] in ("_pyodide", "pyodide") else 2


stdlib = zipfile.ZipFile("/tmp/stdlib.zip")
engine = zipfile.ZipFile("/tmp/engine.zip")
named = set()
for path in engine.namelist():
    if path.endswith(".py"):
        named |= imported_names(engine.read(path), module_name(path), path.endswith("__init__.py"))
named |= {m for m in (module_name(n) for n in stdlib.namelist()) if m and m.split(".")[0] in LOADED_BY_NAME}
keep = closure(stdlib, named)
folders = {p.rpartition("/")[0] + "/" for p in keep if "/" in p}
version = f"{sys.version_info.major}.{sys.version_info.minor}"
with open("/tmp/out-stdlib.zip", "wb") as f:
    f.write(compile_archive(stdlib, lambda n: n in keep or n in folders, f"/lib/python{version}/", stdlib_optimize))
with open("/tmp/out-engine.zip", "wb") as f:
    f.write(compile_archive(engine, lambda n: True, "/home/pyodide/engine/"))
json.dumps({"python": sys.version, "kept": sorted(keep),
            "left_out": sorted(n for n in stdlib.namelist() if n.endswith(".py") and n not in keep)}, indent=1)
`);
writeFileSync(join(outDir, "python_stdlib.zip"), pyodide.FS.readFile("/tmp/out-stdlib.zip"));
writeFileSync(join(outDir, "engine.zip"), pyodide.FS.readFile("/tmp/out-engine.zip"));
writeFileSync(join(outDir, "stdlib-modules.json"), kept + "\n");
