"""Pages and files of a partnership's site beyond the policy's own manual pages (build time)."""

from __future__ import annotations

from pathlib import Path

from .manual import Page
from .model import Policy


def extra_pages(policy: Policy) -> list[Page]:
    return []


def write_guide_runtime(project: Path, policy: Policy, data: dict, out: Path) -> None:
    return None
