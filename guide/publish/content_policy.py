"""The Content Security Policy of the built site: no inline script runs unless its hash is listed (build time).

Each page's `<meta http-equiv="Content-Security-Policy">` (guide/web/overrides/main.html) carries the placeholder
INLINE-SCRIPT-HASHES in `script-src`. After MkDocs has written the pages, each placeholder is replaced by the hashes
of that page's own inline scripts (Material's few, which are the same on every page), so `'unsafe-inline'` is never
needed. Data blocks (`<script type="application/json">`) are not run and need no hash. The same policy, with the
hashes of every page, is what a server should send as a header (`HEADER_DIRECTIVES` adds what a meta element cannot
carry).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

PLACEHOLDER = "INLINE-SCRIPT-HASHES"
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
DATA_TYPES = {"application/json", "application/ld+json", "importmap"}
HEADER_DIRECTIVES = "frame-ancestors 'none'"   # honoured only in a header, not in a meta element


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run."""
    found = []
    for attributes, body in _SCRIPT.findall(html):
        if re.search(r"\bsrc\s*=", attributes):
            continue
        kind = re.search(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", attributes)
        if kind and kind.group(1).lower() in DATA_TYPES:
            continue
        found.append(body)
    return found


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def apply(site: Path) -> set[str]:
    """Put each page's inline-script hashes in its policy. Returns every hash used on the site."""
    every: set[str] = set()
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if PLACEHOLDER not in html:
            continue
        hashes = sorted({script_hash(body) for body in inline_scripts(html)})
        every.update(hashes)
        page.write_text(html.replace(PLACEHOLDER, " ".join(hashes), 1).replace(PLACEHOLDER, ""), encoding="utf-8")
    return every


def page_policy(html: str) -> str | None:
    """The policy a page's meta element sets, or None."""
    match = _META.search(html)
    return match.group(1) if match else None


def header_policy(site: Path) -> str:
    """One policy for a server to send with every page: the pages' own, with every page's hashes, and the
    directives a meta element cannot carry."""
    policies = [page_policy(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))]
    # The site's pages, not the plain "page not found" page, which loads nothing and so allows nothing.
    policies = [p for p in policies if p and "default-src 'self'" in p]
    if not policies:
        return "default-src 'self'; object-src 'none'; base-uri 'self'; " + HEADER_DIRECTIVES
    hashes = sorted({h for p in policies for h in re.findall(r"'sha256-[^']+'", p)})
    base = re.sub(r"\s*'sha256-[^']+'", "", policies[0])
    base = base.replace("script-src 'self'", "script-src 'self' " + " ".join(hashes), 1)
    return f"{base}; {HEADER_DIRECTIVES}"
