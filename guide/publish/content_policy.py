"""The Content Security Policy of the built site: only the inline scripts the build itself writes may run (build time).

Each page's `<meta http-equiv="Content-Security-Policy">` (guide/web/overrides/main.html) carries the placeholder
INLINE-SCRIPT-HASHES in `script-src`. After MkDocs has written the pages, each placeholder is replaced by the hashes
of that page's own inline scripts, so `'unsafe-inline'` is never needed. Only the scripts the templates write are
known (``known_scripts``: every inline `<script>` of Material's templates and of our own, literal except for a
template value such as the site's base URL, which may only be a path). A page holding any other inline script, an
event-handler attribute (`onclick=`...) or a `javascript:` address was given markup it should not have (policy text
is data): the build stops (``ForeignContent``) instead of listing a hash for it. Data blocks
(`<script type="application/json">`) are not run and need no hash. The same policy, with the hashes of every page,
is what a server should send as a header (`HEADER_DIRECTIVES` adds what a meta element cannot carry).
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

PLACEHOLDER = "INLINE-SCRIPT-HASHES"
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
DATA_TYPES = {"application/json", "application/ld+json"}
HEADER_DIRECTIVES = "frame-ancestors 'none'"   # honoured only in a header, not in a meta element
TEMPLATES = [Path(__file__).parent / "templates", Path(__file__).parent.parent / "web" / "overrides"]
# Attributes a browser follows as an address (where `javascript:` would run), and those an SVG animation sets one from.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
                  "codebase", "manifest", "ping", "srcset", "to", "from", "values"}
_TEMPLATE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_TEMPLATE_VALUE = re.compile(r"\{\{.*?\}\}", re.S)
_PATH_VALUE = r"[A-Za-z0-9._~/-]*"   # what a template value may be inside a known script: a path, nothing else


class ForeignContent(Exception):
    """Built pages hold script the build did not write."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


class _Scan(HTMLParser):
    """A page's inline scripts that a browser would run, its event-handler attributes and its `javascript:`
    addresses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.addresses: list[str] = []
        self._body: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            elif name in URL_ATTRIBUTES and value and _runs(value):
                self.addresses.append(f"<{tag} {name}={value[:60]!r}>")
        if tag == "script":
            attributes = dict(attrs)
            kind = (attributes.get("type") or "").strip().lower()
            inline = "src" not in attributes and kind not in DATA_TYPES
            self._body = [] if inline else None

    def handle_data(self, data):
        if self._body is not None:
            self._body.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._body is not None:
            self.scripts.append("".join(self._body))
            self._body = None


def _runs(address: str) -> bool:
    """Whether an address runs script when followed (browsers drop spaces and control characters from it first)."""
    scheme = re.sub(r"[\x00-\x20]", "", address).lower()
    return scheme.startswith(("javascript:", "vbscript:"))


def _scan(html: str) -> _Scan:
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run."""
    return _scan(html).scripts


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def template_folders() -> list[Path]:
    """Where the templates that write inline scripts are: ours, and the theme's scripts every page carries (not its
    analytics or redirect pages, which the site does not use)."""
    import material

    return TEMPLATES + [Path(material.__file__).parent / "templates" / "partials" / "javascripts"]


@lru_cache(maxsize=None)
def _known(folders: tuple[Path, ...]) -> tuple[re.Pattern, ...]:
    patterns = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".html", ".j2") or not path.is_file():
                continue
            for attributes, body in _TEMPLATE_SCRIPT.findall(path.read_text(encoding="utf-8")):
                kind = re.search(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", attributes)
                if re.search(r"\bsrc\s*=", attributes) or (kind and kind.group(1).lower() in DATA_TYPES):
                    continue
                if "{%" in body or "{#" in body or not body.strip():
                    continue   # a script the template assembles: not known content
                literal = _TEMPLATE_VALUE.split(body)
                patterns.append(re.compile(_PATH_VALUE.join(re.escape(part) for part in literal)))
    return tuple(dict.fromkeys(patterns))


def known_scripts(folders: list[Path] | None = None) -> tuple[re.Pattern, ...]:
    """The inline scripts the build writes, from the templates that write them: each a pattern, literal except
    where the template inserts a value (a path)."""
    return _known(tuple(folders or template_folders()))


def is_known(body: str, known: tuple[re.Pattern, ...] | None = None) -> bool:
    return any(pattern.fullmatch(body) for pattern in (known or known_scripts()))


def foreign_content(html: str, known: tuple[re.Pattern, ...] | None = None) -> list[str]:
    """What in a built page the build did not write: unknown inline scripts, event-handler attributes and
    `javascript:` addresses, each as a short description."""
    known = known or known_scripts()
    scan = _scan(html)
    found = [f"an inline script the build does not write: {' '.join(body.split())[:80]!r}"
             for body in scan.scripts if not is_known(body, known)]
    found += [f"an event-handler attribute {h}" for h in scan.handlers]
    found += [f"a javascript: address {a}" for a in scan.addresses]
    return found


def apply(site: Path) -> set[str]:
    """Put each page's inline-script hashes in its policy. Returns every hash used on the site. Raises
    ForeignContent, before changing any page, if a page holds script the build does not write."""
    known = known_scripts()
    pages, problems = [], []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        problems += [f"{page.relative_to(site)}: {what}" for what in foreign_content(html, known)]
        pages.append((page, html))
    if problems:
        raise ForeignContent(problems + [
            f"{len(problems)} piece(s) of script the build did not write: policy text must never become markup "
            "(see guide/publish/policy_text.py); nothing was built."])
    every: set[str] = set()
    for page, html in pages:
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
