"""Links in a policy's Markdown texts: each goes to a page (and section) of its manual, written from the manual's
home, or to a full address; any other is reported at the link itself."""

from __future__ import annotations

import re
from pathlib import Path

from .markdown_fields import _markdown_texts
from .problems import PolicyFile, Problem, _short
from .reading import _at_text
from .values import _list


def manual_targets(data) -> dict[str, set[str]]:
    """The pages of a policy's manual, as Markdown paths from its home (``pathways/escalation.md``), each with the
    anchors a link may name: those its template gives (``{ #flowchart }``, ``id="immediate-risk"``, headings),
    and those made from the policy's ids (stages, contacts, signposts) and titles (form sections)."""
    from markdown.extensions.toc import slugify

    data = data if isinstance(data, dict) else {}

    def dicts(value):
        return [item for item in _list(value) if isinstance(item, dict)]

    def ids(items, key="id"):
        return {item[key] for item in items if isinstance(item.get(key), str)}

    pathways = {p["id"]: p for p in dicts(data.get("pathways")) if isinstance(p.get("id"), str)}
    forms = {f["id"]: f for f in dicts(data.get("forms")) if isinstance(f.get("id"), str)}
    agencies = {a.get("name") for a in dicts(data.get("agencies")) if isinstance(a.get("name"), str)}
    pages: dict[str, set[str]] = {}
    for template in sorted((Path(__file__).parent.parent / "templates").glob("*.md.j2")):
        text = template.read_text(encoding="utf-8")
        anchors = set(re.findall(r"\{ *#([\w-]+) *\}", text)) | set(re.findall(r'\bid="([\w-]+)"', text))
        for heading in re.findall(r"^#{1,6} +(.+?) *$", text, re.M):
            if "{{" not in heading and "{%" not in heading and "{ #" not in heading:
                anchors.add(slugify(heading, "-"))
        name = template.name[: -len(".md.j2")]
        if name == "pathway":
            for pid, pathway in pathways.items():
                source = pathways.get(pathway.get("stages_from"), pathway)
                pages[f"pathways/{pid}.md"] = anchors | ids(dicts(source.get("stages")))
        elif name == "form":
            for fid, form in forms.items():
                titles = {s["title"] for s in dicts(form.get("sections")) if isinstance(s.get("title"), str)}
                pages[f"forms/{fid}.md"] = anchors | {slugify(t, "-") for t in titles}
        elif name == "guide":
            pages["guide/index.md"] = anchors
        elif name == "contacts":
            pages["contacts.md"] = anchors | ids(dicts(data.get("contacts"))) | {slugify(n, "-") for n in agencies | {"Any agency"}}
        elif name == "when-to-use":
            pages["when-to-use.md"] = anchors | ids(dicts(data.get("signposts")))
        else:
            pages[f"{name}.md"] = anchors
    # "Every route through the guide" is written by guide/publish/pages.py, not from a template.
    pages["routes.md"] = {"processes", "dead-ends", "where-the-answers-lead"} | set(pathways) | {
        f"{pid}-{sid}" for pid, p in pathways.items() for sid in ids(dicts(pathways.get(p.get("stages_from"), p).get("stages")))}
    return pages


def _link_problems(policy: PolicyFile) -> list[Problem]:
    """Links in Markdown fields go to a page of the manual (written from its home: ``contacts.md``,
    ``pathways/escalation.md#stage-2``) or to a full address (http, https, mailto, tel); any other relative link
    would be broken on the site, so it is reported at the link itself."""
    import html
    import posixpath
    from urllib.parse import unquote

    import markdown

    from ..policy_text import EXTENSIONS, markdown_limit

    problems: list[Problem] = []
    targets: dict[str, set[str]] | None = None
    for path, text in _markdown_texts(policy.data):
        if not any(mark in text for mark in ("](", "]:", "<")) or markdown_limit(text):
            continue
        rendered = markdown.markdown(text, extensions=EXTENSIONS)
        for href in dict.fromkeys(html.unescape(h) for h in re.findall(r'href="([^"]*)"', rendered)):
            if re.match(r"[a-zA-Z][\w+.-]*:", href):
                continue            # a full address; a scheme that is not allowed is removed, and warned about
            if targets is None:
                targets = manual_targets(policy.data)
            page, _, anchor = href.partition("#")
            page = page.split("?", 1)[0]
            example = next((p for p in targets if p.startswith("pathways/")), "contacts.md")
            if not page:
                holders = [p for p, anchors in targets.items() if anchor in anchors]
                suggestion = f"`{holders[0]}#{anchor}`" if holders else f"`{example}#{anchor or 'section'}`"
                message = (f"the link `{_short(href)}` names no page: this text is shown on more than one page "
                           f"(the manual and the guide), so write the page too, as in {suggestion}")
            elif page.startswith("/"):
                message = (f"the link `{_short(href)}` starts with `/`, which leaves this manual on the published "
                           f"site; link to a page of the manual from its home (as in `{example}`), or give a full "
                           "https:// address")
            else:
                name = posixpath.normpath(unquote(page))
                if name not in targets:
                    pages = ", ".join(f"`{p}`" for p in sorted(targets))
                    message = (f"the link `{_short(href)}` goes to no page of this manual; link to one of its pages, "
                               f"written from its home ({pages}), or give a full https:// address")
                elif anchor and anchor not in targets[name]:
                    sections = ", ".join(f"`#{a}`" for a in sorted(targets[name])) or "none"
                    message = f"the page `{name}` has no section `#{anchor}`; its sections are: {sections}"
                else:
                    continue
            problems.append(_at_text(policy, path, href, message))
    return problems
