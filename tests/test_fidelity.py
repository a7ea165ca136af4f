"""The guide says what the source says, and shows the words (issue 8).

Every outcome of every route through every bundled policy: each item of advice carries a "Why?" whose passages are in
the policy's source text, no authoring note reaches a practitioner, and the defects found by reviewing the guide
against the sources stay fixed (each test names the passage it encodes).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

from guide.engine import next_step
from guide.engine.routes import enumerate_routes
from guide.publish.policy_files import discover_policies, load_policy, site_path_for
from guide.publish.quotes import SourceText

from .conftest import BUILD_TODAY, POLICIES

BUNDLED = discover_policies(POLICIES)
AUTHORING = re.compile(r"\bYAML\b|\breplace (it|this|them) with\b|\bthe partnership should\b|\bnot an? [A-Z]\w* rule\b"
                       r"|\bauthors?\b|\breviewers?\b", re.I)


@lru_cache(maxsize=None)
def policy_at(path: Path):
    return load_policy(path, today=BUILD_TODAY)


@lru_cache(maxsize=None)
def outcomes(path: Path) -> tuple:
    """Each distinct final step of every route (as a frozen repr, to keep the cache hashable)."""
    seen, found = set(), []
    for route in enumerate_routes(policy_at(path), date.fromisoformat(BUILD_TODAY)):
        key = repr(route.outcome)
        if key not in seen:
            seen.add(key)
            found.append(route.outcome)
    return tuple(found)


def source_of(path: Path) -> SourceText:
    name = re.search(r"^  source_file: (\S+)$", path.read_text(encoding="utf-8"), re.M)
    if not name:
        pytest.fail(f"{path} names no source_file")
    return SourceText.read(path.parent / name.group(1))


def strings(node, path=()):
    """Every string in a JSON value, with its path, leaving out the quoted passages themselves."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "passages":
                yield from strings(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, path + (index,))
    elif isinstance(node, str):
        yield path, node


def keys(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from keys(value)


def whys(step: dict):
    """Every "Why?" an outcome must carry: (what, why)."""
    if step["kind"] == "signpost":
        yield "signpost", step["signpost"].get("why")
        return
    if step["kind"] != "advice":
        return
    yield "stage", step["stage"].get("why")
    yield "route", step.get("route_why")
    for contact in step["contacts"]:
        yield f"contact {contact['roles']}", contact.get("why")
    for duty in step["duties"]:
        yield f"duty {duty['action']}", duty.get("why")
    yield "timescale", step["timescale"].get("why")
    if step.get("raise_within"):
        yield "raise within", step["raise_within"].get("why")
    if step.get("requires"):
        yield "requires", step.get("requires_why")
    if step.get("raised_by"):
        yield "raised by", step.get("raised_by_why")
    if step.get("form"):
        yield "form", step["form"].get("why")
    for notice in step["notices"]:
        if notice["kind"] == "blocked":
            yield "blocked notice", notice.get("why")


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(POLICIES)))
def test_every_advice_item_has_a_why_with_passages_from_the_source(path):
    source = source_of(path)
    checked = 0
    for step in outcomes(path):
        for what, why in whys(step):
            assert why, f"{what} has no why in {step.get('stage', step.get('signpost'))}"
            if why["from_source"]:
                assert why["passages"], what
                for passage in why["passages"]:
                    assert source.find(passage["text"]) >= 0, passage["text"]
                    assert passage["section"], f"{passage['text']!r} has no section"
            else:
                assert why["text"] and not why["passages"], what
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(POLICIES)))
def test_no_authoring_note_reaches_a_practitioner(path):
    for step in outcomes(path):
        assert "note" not in set(keys(step))
        for where, text in strings(step):
            assert not AUTHORING.search(text), f"{where}: {text}"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(POLICIES)))
def test_the_first_screen_and_immediate_risk_result_speak_to_practitioners(path):
    policy = policy_at(path)
    step = next_step(policy, {"immediate-risk": "yes"}, BUILD_TODAY)
    signpost = step["signpost"]
    for text in (signpost["title"], signpost["instruction"], signpost.get("hint") or ""):
        assert not AUTHORING.search(text), text
    assert "999" in signpost["instruction"]
    why = signpost["why"]
    if not why["from_source"]:
        assert why["text"] == f"{policy.partnership.short_name}'s policy does not cover this. This is the national advice."


# --- the manual ------------------------------------------------------------------------------------------------


def notes(node):
    """Every author's `note` in a policy file's data."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "note" and isinstance(value, str):
                yield value
            else:
                yield from notes(value)
    elif isinstance(node, list):
        for value in node:
            yield from notes(value)


def page_text(html: str) -> str:
    text = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.replace("&#39;", "'").replace("&quot;", '"').replace("&amp;", "&").split())


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(POLICIES)))
def test_authors_notes_are_not_in_the_published_pages(path, built_site):
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    folder = built_site / site_path_for(path)
    # The "Every route" page is the reviewers' (not indexed): it lists each inference with its author's reason.
    pages = [page_text(p.read_text(encoding="utf-8")) for p in folder.rglob("*.html")
             if not {"versions", "routes"} & set(p.relative_to(folder).parts)]
    assert pages
    written = [" ".join(n.split()) for n in notes(data)]
    assert written, "the policy has author's notes to look for"
    for note in written:
        probe = note[:80]
        assert not any(probe in text for text in pages), note
    assert not any("source-note" in p.read_text(encoding="utf-8") for p in folder.rglob("*.html"))
