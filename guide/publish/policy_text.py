"""Policy text is data: plain fields escaped, Markdown fields rendered and sanitised (build time).

A policy file is written by a partnership, not by us, and may be pasted from anywhere: nothing in it may run in a
reader's browser. Plain-text fields (names, titles, labels, questions) are escaped for both Markdown and HTML, so
that `<b>` or `[x](javascript:...)` shows as typed. Markdown fields (introduction, instructions, descriptions) are
rendered here with Python-Markdown and cleaned by nh3 (the Ammonia sanitiser) to a small allow-list: no scripts,
styles, event attributes, iframes, forms or `javascript:`/`data:` URLs. The manual and the guide use the same
rendering, so the guide can insert it into the page as it is.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markupsafe import Markup

TAGS = {"p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "h5",
        "h6", "table", "thead", "tbody", "tr", "th", "td", "abbr", "hr"}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
SCHEMES = {"http", "https", "mailto", "tel"}
EXTENSIONS = ["tables"]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|!#])")
_TAG = re.compile(r"<\s*([a-zA-Z][\w-]*)([^>]*)>")
_ATTRIBUTE = re.compile(r"([^\s=/]+)\s*=")
_PAGE_LINK = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|#|/)([^"#]*?)\.md(#[^"]*)?"')


def plain(text) -> Markup:
    """A plain-text field for a Markdown page: shown exactly as typed, never as markup or a link."""
    text = html.escape(re.sub(r"\s+", " ", str(text)), quote=False).replace('"', "&quot;")
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", text))


# Python-Markdown takes time that grows with the square of the brackets and angle brackets in a text (20,000 `[`
# took 89 s to build) and, more slowly, of its emphasis marks and code spans, and recursion with the depth of lists
# and quotes inside each other (a RecursionError past a few hundred). No policy text comes near these limits (the
# longest bundled text is 1,200 characters, the most in one policy 18,000); `build.py check` refuses a text past
# them, and the renderer shows such a text as plain text, so that no text can make a build slow or fail.
MAX_MARKDOWN_CHARS = 5_000    # characters in one Markdown text
MAX_MARKDOWN_TOTAL = 50_000   # characters in all the Markdown texts of one policy (checked by policy_files.py)
MAX_MARKDOWN_LINKS = 100      # `[` (links, images) and `<` (autolinks, tags) in one Markdown text
MAX_MARKDOWN_LINK_COST = 100_000   # `[` in a text times its length: each `[` has the renderer read on to the end
MAX_MARKDOWN_DEPTH = 12       # lists and quotes inside each other, by their markers on a line or by indentation
_LINE_MARKERS = re.compile(r"(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])(?=[ \t]|$))+")


def markdown_limit(text) -> str | None:
    """Why a Markdown text is past what the renderer handles in bounded time, or None."""
    text = str(text or "")
    links = text.count("[")
    if links > MAX_MARKDOWN_LINKS or links * len(text) > MAX_MARKDOWN_LINK_COST:
        return (f"this text has {links:,} `[` (links) in {len(text):,} characters: too many for its length (at most "
                f"{MAX_MARKDOWN_LINKS}, and at most {MAX_MARKDOWN_LINK_COST // max(links, 1):,} characters with "
                f"{links:,}): check that it was pasted as intended, or split it")
    if text.count("<") > MAX_MARKDOWN_LINKS:
        return (f"this text has {text.count('<'):,} `<` (tags or <addresses>); a policy's text needs far fewer than "
                f"{MAX_MARKDOWN_LINKS}: check that it was pasted as intended")
    for line in text.expandtabs(4).splitlines():
        markers = _LINE_MARKERS.match(line)
        depth = (len(re.findall(r"[-*+>]|\d{1,9}[.)]", markers.group())) if markers else 0) + (
            len(line) - len(line.lstrip(" "))) // 4
        if depth > MAX_MARKDOWN_DEPTH:
            return (f"this text nests lists or quotes {depth:,} deep; a policy's text needs no more than "
                    f"{MAX_MARKDOWN_DEPTH}: check the indentation and the `-`, `*` and `>` at the start of its lines")
    if len(text) > MAX_MARKDOWN_CHARS:
        return (f"this text is {len(text):,} characters long; a policy's text needs far fewer than "
                f"{MAX_MARKDOWN_CHARS:,}: check that it was pasted as intended, or split it")
    return None


def _inert(text: str) -> str:
    """A text shown as plain words whatever it holds: every punctuation mark an entity, so that neither this
    renderer nor the site generator's, which reads the page again, finds any Markdown or HTML in it."""
    return "<p>" + re.sub(r"[^\w\s]", lambda m: f"&#{ord(m.group())};", " ".join(text.split())) + "</p>"


@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    import markdown
    import nh3

    if markdown_limit(text):
        return _inert(text)
    raw = markdown.markdown(text, extensions=EXTENSIONS)
    return nh3.clean(raw, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel="noopener noreferrer")


def markdown_html(text, *, inline: bool = False, page: str = "index.md") -> Markup:
    """A Markdown field as safe HTML, for the manual page ``page``. ``inline`` drops the paragraph around a
    one-paragraph text.

    Links to other manual pages are written from the manual's home, as files (``forms/stage-3.md#fields``); they
    become addresses relative to ``page`` on the built site, which uses directory URLs (``../forms/stage-3/``).
    """
    html = _render(str(text or ""))
    html = _PAGE_LINK.sub(lambda m: f'href="{page_url(m.group(1) + ".md", page)}{m.group(2) or ""}"', html)
    # The site generator reads the page's Markdown again, this HTML included: a bracket left in it (text, not a
    # link) would cost that reading time again, so brackets go as entities, which read the same in HTML.
    html = html.replace("[", "&#91;").replace("]", "&#93;")
    if inline:
        match = re.fullmatch(r"\s*<p>(.*?)</p>\s*", html, re.S)
        if match and "<p>" not in match.group(1):
            html = match.group(1)
    return Markup(html.strip())


def page_url(target: str, page: str) -> str:
    """The address of manual page ``target`` (a Markdown path from the home) as seen from page ``page``."""
    def folder(path: str) -> str:
        path = path[:-3] if path.endswith(".md") else path
        path = path[: -len("index")] if path == "index" or path.endswith("/index") else path + "/"
        return path.lstrip("/")
    depth = folder(page).count("/")
    return "../" * depth + folder(target) or "./"


def removed_html(text) -> list[str]:
    """What sanitising a Markdown field removes: tag names and attributes that are not allowed, in order."""
    import markdown

    if markdown_limit(text):
        return []      # shown as plain text: nothing of it is kept as HTML, and the check reports the text itself
    raw = markdown.markdown(str(text or ""), extensions=EXTENSIONS)
    kept = _render(str(text or ""))
    removed = []
    for name, attributes in _TAG.findall(raw):
        name = name.lower()
        if name not in TAGS:
            removed.append(f"<{name}>")
            continue
        for attribute in _ATTRIBUTE.findall(attributes):
            if attribute.lower() not in ATTRIBUTES.get(name, set()):
                removed.append(f"{attribute} on <{name}>")
    for url in re.findall(r'href="([^"]*)"', raw):
        scheme = re.match(r"([a-zA-Z][\w+.-]*):", url)
        if scheme and scheme.group(1).lower() not in SCHEMES and f'href="{url}"' not in kept:
            removed.append(f"a {scheme.group(1).lower()}: link")
    return list(dict.fromkeys(removed))


def for_theme(text) -> str:
    """A plain field for the site generator's theme (site name, navigation, page titles), which inserts some of
    them unescaped and escapes others: `<`, `>` and `"` become entities, so nothing can open a tag or leave an
    attribute, while `&` (as in "Bath & North East Somerset") is left alone so it never shows escaped twice."""
    return " ".join(str(text).split()).replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def front_matter(text) -> Markup:
    """A plain field as the value of a page's YAML front matter (its `title`): a double-quoted YAML string, so that a
    colon, `#`, a quote or a leading `-` stays part of the text, holding the text as ``for_theme`` escapes it, since
    the theme inserts a page's title as HTML."""
    import yaml

    value = yaml.safe_dump(for_theme(text), default_style='"', allow_unicode=True, width=1 << 30).rstrip("\n")
    assert "\n" not in value
    return Markup(value)
