"""`python build.py release <slug>`: file the policy in force as a previous version and start the next, or publish a
signed-off draft (build time).

A draft is published (`status: current`) only once it records the board's sign-off, `document.approved` (by, role,
on): the policy studio's form and its review copy for the board record it. The next draft starts without it, so each
version needs its own.

By hand this goes wrong in three ways: the copied file's schema path still points two folders up, a copy left
`status: current` links to a guide that does not exist, and its source text is not copied beside it. This edits the
YAML as text, so every comment stays.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from .policy_files import POLICY_FILENAME, VERSIONS_DIR


class ReleaseError(Exception):
    """Why a release cannot be made, in one line."""


def version_id(document: dict) -> str:
    """The previous version's folder name: its effective month, else its version number."""
    effective = str(document.get("effective_date") or "")
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", effective):
        return effective[:7]
    if document.get("version"):
        return "v" + re.sub(r"[^0-9a-z.-]+", "-", str(document["version"]).lower()).strip("-")
    raise ReleaseError("the policy has neither `document.effective_date` nor `document.version`: add one, so that the "
                       "previous version can be named")


def _set_document_key(text: str, key: str, value: str) -> str:
    """Set `document.<key>` in a policy file's text, keeping everything else as it is."""
    block = re.search(r"^document:\n((?:[ \t]+.*\n|\n)*)", text, re.M)
    if not block:
        raise ReleaseError("the policy has no `document:` section")
    body = block.group(1)
    line = re.compile(rf"^  {re.escape(key)}:.*$", re.M)
    body = line.sub(f"  {key}: {value}", body, count=1) if line.search(body) else f"  {key}: {value}\n" + body
    return text[: block.start(1)] + body + text[block.end(1):]


def _without_approval(text: str) -> str:
    """The text with `document.approved` (in block or flow style) taken out, every other line kept."""
    block = re.search(r"^document:\n((?:[ \t]+.*\n|\n)*)", text, re.M)
    if not block:
        return text
    body = re.sub(r"^  approved:.*\n(?:(?:    .*)?\n)*?(?=  \S|\Z)", "", block.group(1), count=1, flags=re.M)
    return text[: block.start(1)] + body + text[block.end(1):]


def missing_sign_off(document: dict) -> str | None:
    """Why a draft cannot be published yet, or None when it records its sign-off."""
    approved = document.get("approved")
    # (read with PyYAML here, a date is a date: the checker, which reads it as text, says whether it is well written)
    if not isinstance(approved, dict) or not all(str(approved.get(k) or "").strip() for k in ("by", "role", "date")):
        return ("it is a draft with no sign-off: record who approved it for the partnership, their role and the date "
                "as `document.approved` (by, role, date), in the policy studio's form or in the file, then run release "
                "again")
    return None


def publish_draft(current: Path, text: str, document: dict) -> None:
    """A signed-off draft becomes the policy in force: its status is set to `current`, nothing else changes."""
    from .policy_files import check_policy

    why = missing_sign_off(document)
    if why:
        raise ReleaseError(f"{current} cannot be published: {why}")
    _, problems = check_policy(current)
    if problems:
        raise ReleaseError(f"{current} has {len(problems)} problems: run `python build.py check {current}` and put "
                           "them right first")
    current.write_text(_set_document_key(text, "status", "current"), encoding="utf-8")


def release(policies: Path, slug: str) -> tuple[Path | None, Path]:
    """File ``policies/<slug>/policy.yaml`` as ``versions/<id>.yaml`` (superseded) and mark the current file a
    draft of the next version, without the sign-off of the one filed. A draft is published instead (status
    `current`), if it records its sign-off. Returns (the filed copy, or None when a draft was published, the current
    file)."""
    current = policies / slug / POLICY_FILENAME
    if not current.is_file():
        raise ReleaseError(f"there is no {current}")
    text = current.read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    document = data.get("document") or {}
    written = document
    merged_base_version = None
    if isinstance(data, dict) and "base" in data:   # a local policy: its status may be the base's
        from .policy_files import check_policy

        merged, _ = check_policy(current)
        if merged is not None and isinstance(merged.data.get("document"), dict):
            document = merged.data["document"]
        if merged is not None and merged.variant is not None:
            merged_base_version = merged.variant.base_document.get("version")
    if document.get("status") == "draft":
        publish_draft(current, text, document)
        return None, current
    if document.get("status") != "current":
        raise ReleaseError(f"{current} has status `{document.get('status')}`: only the policy in force (`current`) "
                           "can be filed as a previous version, and only a signed-off `draft` published")
    vid = version_id(document)
    folder = current.parent / VERSIONS_DIR
    filed = folder / f"{vid}.yaml"
    if filed.exists():
        raise ReleaseError(f"{filed} already exists: that version was filed before")
    folder.mkdir(exist_ok=True)
    copy = re.sub(r"^(# yaml-language-server: \$schema=)(\S+)$", lambda m: m.group(1) + "../" + m.group(2), text,
                  count=1, flags=re.M)
    # A local policy's base, written from the file: one folder deeper now (a slug needs no change); and the base
    # version it is built on, so that the filed version stays built on it when the base moves on.
    if "base" in data and "base_version" not in data and merged_base_version is not None:
        copy = re.sub(r"^(base:.*\n)", lambda m: m.group(1) + f'base_version: "{merged_base_version}"\n', copy,
                      count=1, flags=re.M)
    copy = re.sub(r"^(base:[ \t]+[\"']?)(\.\.?/)", lambda m: m.group(1) + "../" + m.group(2), copy, count=1, flags=re.M)
    copy = _set_document_key(copy, "status", "superseded")
    source = written.get("source_file")      # the file's own source text (a local policy's, not its base's)
    if source:
        shutil.copy2(current.parent / source, folder / f"{vid}.source.md")
        copy = _set_document_key(copy, "source_file", f"{vid}.source.md")
    filed.write_text(copy, encoding="utf-8")
    current.write_text(_set_document_key(_without_approval(text), "status", "draft"), encoding="utf-8")
    return filed, current
