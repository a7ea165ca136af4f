"""Parts of the names of the files the guide makes (standard library only): bounded and safe on every system.

A name carries the form or partnership, the date and the escalation's random reference; never anything typed.
"""

from __future__ import annotations

import re

MAX_NAME_PART = 60   # characters of a title in a file name: the whole name stays under 100


def name_part(text: str, fallback: str) -> str:
    """``text`` as a safe part of a file name: lower-case ASCII letters, digits and hyphens, at most MAX_NAME_PART
    characters (cut at a hyphen where one is near the end), ``fallback`` if nothing is left."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > MAX_NAME_PART:
        cut = slug[:MAX_NAME_PART + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[MAX_NAME_PART // 2:] else cut[:MAX_NAME_PART]
    return slug.strip("-") or fallback
