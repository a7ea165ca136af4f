"""Precompressed copies of the site's large text and WebAssembly files: `x.br` and `x.gz` beside `x` (build time).

Any server that can send them (`build.py serve`, nginx with gzip_static, Apache or IIS with the right rules, most
static hosts) then saves the visitor most of the bytes without compressing on every request. Brotli at its highest
level takes half a minute for Pyodide's WebAssembly, so copies are cached by content in `build/compressed/`: the
Pyodide files are the same for every partnership and every build.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

# .zip: the engine and the standard library are stored uncompressed (compiled_runtime.py), for the wire to compress.
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".wasm", ".svg", ".xml", ".txt", ".zip"}
MIN_SIZE = 1024
MIN_SAVING = 0.05


CACHE_FROM = 256 * 1024   # only large files (Pyodide's, the same in every build) go through the cache


def compressed(data: bytes, cache: Path | None = None) -> dict[str, bytes]:
    """{".br": ..., ".gz": ...} for ``data``, each kept only if smaller (brotli only if the library is present).

    Large files get brotli's best level, through the cache; small ones (pages) a fast level, uncached.
    """
    key = hashlib.sha256(data).hexdigest()
    cache = cache if len(data) >= CACHE_FROM else None
    copies: dict[str, bytes] = {}
    for suffix in (".br", ".gz"):
        cached = cache / f"{key}{suffix}" if cache else None
        if cached is not None and cached.exists():
            copies[suffix] = cached.read_bytes()
            continue
        if suffix == ".gz":
            copy = gzip.compress(data, compresslevel=9, mtime=0)
        else:
            try:
                import brotli
            except ImportError:
                continue
            copy = brotli.compress(data, quality=11 if cache is not None else 9)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(cached.suffix + ".part")
            partial.write_bytes(copy)
            partial.replace(cached)
        copies[suffix] = copy
    # A copy that saves less than a twentieth (an archive already compressed: the studio's standard library) is
    # not worth its bytes on the server and in every zip.
    return {suffix: copy for suffix, copy in copies.items() if len(copy) <= len(data) * (1 - MIN_SAVING)}


def precompress(folder: Path, cache: Path | None = None, skip: list[Path] = ()) -> int:
    """Write `.br`/`.gz` copies beside every large compressible file under ``folder`` but not under the folders
    in ``skip``. Returns how many."""
    count = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in COMPRESSIBLE
                       and not any(p.is_relative_to(other) for other in skip)):
        data = path.read_bytes()
        if len(data) < MIN_SIZE:
            continue
        for suffix, copy in compressed(data, cache).items():
            path.with_name(path.name + suffix).write_bytes(copy)
            count += 1
    return count
