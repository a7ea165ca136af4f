"""The Markdown fields of a policy: each within what the renderer handles in bounded time (refused at the text),
and raw HTML that runs or styles removed (a warning says where)."""

from __future__ import annotations

from typing import Iterable

from .problems import PolicyFile, Problem


def _markdown_limit_problems(policy: PolicyFile) -> list[Problem]:
    """A Markdown text past what the renderer handles in bounded time (thousands of brackets, lists hundreds
    deep): refused here, at the text, before anything renders it."""
    from ..policy_text import MAX_MARKDOWN_TOTAL, markdown_limit

    problems, total = [], 0
    for path, text in _markdown_texts(policy.data):
        message = markdown_limit(text)
        total += len(text)
        if not message and total > MAX_MARKDOWN_TOTAL:
            message = (f"with this text, the Markdown texts of this policy (each time it is used) come to more than "
                       f"{MAX_MARKDOWN_TOTAL:,} characters; a policy needs far fewer: check that nothing was pasted twice")
            total = -(1 << 62)   # said once
        if message:
            problems.append(policy.problem(path, message))
    return problems


def _html_warnings(policy: PolicyFile) -> None:
    """Markdown fields may not carry raw HTML that runs or styles: the build removes it, and the check says where."""
    from ..pages import MARKDOWN_FIELDS
    from ..policy_text import markdown_limit, removed_html

    def walk(node, path, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, path + (k,), k)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,), key)
        elif (isinstance(node, str) and key in MARKDOWN_FIELDS and any(mark in node for mark in ("<", "](", "]:", "{"))
              and not markdown_limit(node)):
            removed = removed_html(node)
            if removed:
                policy.warnings.append(policy.problem(path, "warning: HTML removed from this text (it could run in a "
                                                      "reader's browser): " + ", ".join(removed)))

    walk(policy.data, ())


def _markdown_texts(data) -> Iterable[tuple[tuple, str]]:
    """Every Markdown field of a policy, with its path."""
    from ..pages import MARKDOWN_FIELDS

    def walk(node, path, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                yield from walk(v, path + (k,), k)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from walk(v, path + (i,), key)
        elif isinstance(node, str) and key in MARKDOWN_FIELDS:
            yield path, node

    yield from walk(data, ())
