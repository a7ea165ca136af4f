"""Cache-safe names (build time): every script, style, data file and archive a page loads has its content's hash in
its path, so a browser can keep them for a year and a new build can never mix with an old one. Only HTML (and the
few files nothing links by a fixed name, such as the search index) must be revalidated.

- The guide's page script, its modules, the worker and the runtime (the engine archive and the policy) move into
  `guide/<hash>/`, one hash over all of them: a changed policy gives a new folder, and the page names it.
- Pyodide, the compiled standard library and the engine are the site's, shared by every guide, in
  `_runtime/pyodide-<version>/` (shared_runtime.py): the same Pyodide files for every build of that version, the
  library and the engine with their hash in their names.
- The manual's own styles and script, and the favicon, get the hash in their names (`manual.<hash>.css`), as
  Material's bundles do.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

HASHED_PATH = r"(\.[0-9a-f]{8,}\.(min\.)?(js|css|png)|/guide/[0-9a-f]{12}/.*|/pyodide-[0-9.]+/.*)$"
OWN_ASSETS = ("manual.css", "manual.js", "partnership.css", "images/favicon.png")  # the favicon: no request to revalidate


def digest(paths: list[Path], length: int) -> str:
    sha = hashlib.sha256()
    for path in sorted(paths):
        sha.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()[:length]


def fingerprint_guide(site: Path) -> str:
    """Move the guide's scripts and its policy under `guide/<hash>/` and point the pages at them."""
    guide = site / "guide"
    scripts = sorted(p for p in guide.iterdir() if p.suffix in (".js", ".mjs"))
    runtime = sorted((guide / "runtime").iterdir())
    folder = guide / digest(scripts + runtime, 12)
    folder.mkdir()
    for path in scripts:
        path.rename(folder / path.name)
    (guide / "runtime").rename(folder / "runtime")
    page = guide / "index.html"
    html = page.read_text(encoding="utf-8")
    for script in ("guide.js", "engine-start.js"):
        if html.count(f'src="{script}"') != 1:
            raise RuntimeError(f"the guide page no longer loads {script} once")
        html = html.replace(f'src="{script}"', f'src="{folder.name}/{script}"')
    page.write_text(html, encoding="utf-8")
    log = guide / "log" / "index.html"
    if log.exists():
        text = log.read_text(encoding="utf-8")
        for script in ("log.js", "log-start.js"):
            if text.count(f'src="../{script}"') != 1:
                raise RuntimeError(f"the escalation log page no longer loads ../{script} once")
            text = text.replace(f'src="../{script}"', f'src="../{folder.name}/{script}"')
        log.write_text(text, encoding="utf-8")
    return folder.name


def fingerprint_assets(site: Path, pages: list[Path]) -> dict[str, str]:
    """Rename the site's own styles and script to carry their hash, in each of its ``pages`` that links them."""
    renamed = {}
    for name in OWN_ASSETS:
        path = site / "assets" / name
        if not path.exists():
            continue
        new = path.with_name(f"{path.stem}.{digest([path], 10)}{path.suffix}")
        path.rename(new)
        renamed[name] = new.relative_to(site / "assets").as_posix()
    if renamed:
        pattern = re.compile(r"(?<=assets/)(" + "|".join(re.escape(n) for n in renamed) + r")(?=[\"'?#])")
        for page in pages:
            html = page.read_text(encoding="utf-8")
            new_html = pattern.sub(lambda m: renamed[m.group(1)], html)
            if new_html != html:
                page.write_text(new_html, encoding="utf-8")
    return renamed


def fingerprint_sites(root: Path, site_paths: list[str], guides: list[str]) -> None:
    """Every site under ``root`` (the root site is ""): its own assets, and the guide of each current policy."""
    folders = {path: root / path if path else root for path in site_paths}
    for path, folder in folders.items():
        nested = [other for p, other in folders.items() if p != path and other.is_relative_to(folder)]
        pages = [page for page in folder.rglob("*.html") if not any(page.is_relative_to(n) for n in nested)]
        fingerprint_assets(folder, pages)
    for path in guides:
        fingerprint_guide(folders[path])
