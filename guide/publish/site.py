"""Building and serving the static site (build time: MkDocs with Material for MkDocs).

``build_site`` checks every policy first and writes nothing if one has a problem. It builds into a temporary
folder and swaps it into place only when everything succeeded, so a failed build leaves the previous site intact.
It prints nothing: given ``progress``, it tells it each phase of each partnership as it ends (a ``Step``, with its
time), and it returns a ``BuildReport`` (build.py prints both).
"""

from __future__ import annotations

import calendar
import email.utils
import functools
import html
import http.server
import logging
import os
import re
import shutil
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import content_policy
from .compression import precompress
from .fingerprint import HASHED_PATH, fingerprint_sites
from .bank_holidays import bank_holidays, year_span
from .manual import ManualRenderer, version_line
from ..engine.model import Policy
from .pages import guide_page, log_page, routes_page, studio_page, write_guide_assets, write_guide_runtime
from .studio import StudioError, write_studio_assets, write_studio_runtime
from .policy_text import for_theme, plain
from . import shared_runtime
from .policy_files import (check_policy_file, contrast_with_white, discover_policies, read_policy_file,
                           site_path_for)
from .variants import discover_regions, sharing_a_base

WEB = Path(__file__).parent.parent / "web"
ROOT_PLACEHOLDER = "<!-- partnerships -->"
MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".zip": "application/zip",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class BuildError(Exception):
    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass
class Partnership:
    """A partnership's policies: the one in force and its previous versions."""

    current: Policy
    data: dict
    previous: list[tuple[Policy, dict]] = field(default_factory=list)
    variants: dict = field(default_factory=dict)   # site path -> variants.Variant, for a local policy built on a base
    path: Path | None = None      # the policy file in force (the studio offers its text)


# --- telling what the build does ---------------------------------------------------------------------------

WHOLE_SITE = ""   # a Step's partnership for the phases that work on the whole site at once


@dataclass(frozen=True)
class Step:
    """One phase of the build for one partnership (its slug, with its previous versions) or for the whole site
    (``WHOLE_SITE``), and how long it took."""

    partnership: str
    phase: str
    seconds: float
    note: str = ""

    def line(self) -> str:
        """One line for a person watching the build: who, what, how long, and a note."""
        who = self.partnership or "whole site"
        return f"{who:<12} {self.phase:<14} {self.seconds:6.1f} s" + (f"  {self.note}" if self.note else "")


Progress = Callable[[Step], None]


class _Clock:
    """Times the phases of a build and tells ``progress`` (if any) of each as it ends."""

    def __init__(self, progress: Progress | None):
        self.progress = progress
        self.steps: list[Step] = []

    @contextmanager
    def phase(self, partnership: str, phase: str) -> Iterator[list[str]]:
        """Time the block; what it appends to the list it is given becomes the step's note."""
        note: list[str] = []
        started = time.perf_counter()
        yield note
        self.tell(partnership, phase, time.perf_counter() - started, "; ".join(note))

    def tell(self, partnership: str, phase: str, seconds: float, note: str = "") -> None:
        step = Step(partnership, phase, seconds, note)
        self.steps.append(step)
        if self.progress is not None:
            self.progress(step)


@dataclass
class BuildReport:
    """What a build made: its site, its partnerships, its steps with their times, how many pages, how long."""

    site: Path
    partnerships: list[Partnership]
    steps: list[Step]
    pages: int
    seconds: float

    def lines(self) -> list[str]:
        """A line per partnership built, and where the site is."""
        built = [f"Built {g.current.site_path}/ ({g.current.partnership.name})" + (
            f" with previous version(s) {', '.join(p.site_path for p, _ in g.previous)}" if g.previous else "")
            for g in self.partnerships]
        return built + [f"Site: {self.site}/index.html"]

    def __iter__(self):
        return iter(self.lines())

    def summary(self) -> str:
        """The build in one line: partnerships, versions, pages, seconds, and where the site is."""
        count, versions = len(self.partnerships), sum(1 + len(g.previous) for g in self.partnerships)
        return (f"Built {count} partnership{'' if count == 1 else 's'} ({versions} version{'' if versions == 1 else 's'}),"
                f" {self.pages} pages, in {self.seconds:.1f} s: {self.site}/index.html")

    def seconds_by_partnership(self) -> dict[str, float]:
        """Each partnership's own phases added up (the whole site's phases under ``WHOLE_SITE``)."""
        totals: dict[str, float] = {}
        for step in self.steps:
            totals[step.partnership] = totals.get(step.partnership, 0.0) + step.seconds
        return totals


def policy_files(policies_root: Path, regions_root: Path | None = None) -> list[Path]:
    """Every policy file of the site: the partnerships under ``policies_root`` and the areas of each region under
    ``regions_root`` (variants.discover_regions). Raises BuildError if two have the same folder name (the site has
    one folder per partnership)."""
    files = (discover_policies(policies_root) if policies_root.is_dir() else []) + discover_regions(regions_root)
    seen: dict[str, Path] = {}
    for path in files:
        if path.name != "policy.yaml":
            continue
        slug = site_path_for(path)
        if slug in seen:
            raise BuildError([f"{path}: the site already has a partnership `{slug}` ({seen[slug]}); rename one "
                              "folder, since each partnership has its own folder in the site"])
        seen[slug] = path
    return files


def load_partnerships(policies_root: Path, only: str | None = None, today: date | None = None,
                      progress: Progress | None = None, regions: Path | None = None) -> list[Partnership]:
    """Check and load every policy under ``policies_root`` and every region's areas under ``regions``. Raises
    BuildError listing every problem. Tells ``progress`` the time each partnership took to read (with its model)
    and to check. ``only`` builds one partnership, and every other built on the same base (or a region's areas)."""
    clock = progress if isinstance(progress, _Clock) else _Clock(progress)
    everything = policy_files(policies_root, regions)
    files = everything
    if only:
        slugs = sharing_a_base(everything, only, regions)
        files = [f for f in everything if site_path_for(f).split("/")[0] in slugs]
        if not files:
            known = sorted({site_path_for(f).split("/")[0] for f in everything})
            raise BuildError([f"no partnership `{only}` under {policies_root}"
                              + (f" or {regions}" if regions is not None and regions.is_dir() else "")
                              + f"; known: {', '.join(known)}"])
    by_slug: dict[str, list[Path]] = {}
    for path in files:
        by_slug.setdefault(site_path_for(path).split("/")[0], []).append(path)
    years = year_span(today)
    problems, loaded = [], []
    variants: dict = {}
    for slug, paths in by_slug.items():
        reading = checking = 0.0
        names, warnings = [], 0
        for path in paths:
            started = time.perf_counter()
            policy_file, found = read_policy_file(path)
            read = time.perf_counter()
            if policy_file is not None:
                found = check_policy_file(policy_file, found)
                warnings += len(policy_file.warnings)
            checked = time.perf_counter()
            problems += found
            if policy_file is not None and not found:
                data = policy_file.data
                region = data["partnership"].get("bank_holidays", "england-and-wales")
                policy = Policy.from_dict(data, site_path=site_path_for(path), bank_holidays=bank_holidays(region, years),
                                          bank_holiday_years=years, source_sections=policy_file.source_sections)
                loaded.append((policy, data, path))
                if policy_file.variant is not None:
                    variants[policy.site_path] = policy_file.variant
                names.append(policy.partnership.name if "/" not in policy.site_path else
                             f"previous version {policy.site_path.split('/', 1)[1]}")
            reading += read - started + time.perf_counter() - checked
            checking += checked - read
        clock.tell(slug, "reading", reading, ", ".join(names))
        clock.tell(slug, "checking", checking, "" if not warnings else (
            f"{warnings} warning{'' if warnings == 1 else 's'}: `python build.py check` lists them"))
    if problems:
        raise BuildError([str(p) for p in problems] + [f"{len(problems)} problem(s); nothing was built."])
    groups: dict[str, Partnership] = {}
    versions = []
    for policy, data, path in loaded:
        if "/" in policy.site_path:
            versions.append((policy, data))
        else:
            groups[policy.site_path] = Partnership(policy, data, path=path)
    for policy, data in versions:
        slug = policy.site_path.split("/")[0]
        if slug not in groups:
            raise BuildError([f"{policy.site_path}: a previous version needs policies/{slug}/policy.yaml as well"])
        groups[slug].previous.append((policy, data))
    for group in groups.values():
        group.previous.sort(key=lambda item: item[0].site_path, reverse=True)
        group.variants = {path: v for path, v in variants.items() if path.split("/")[0] == group.current.site_path}
    return [groups[k] for k in sorted(groups)]


# --- building -----------------------------------------------------------------------------------------------


def build_site(project: Path, site_dir: Path, only: str | None = None, today: str | date | None = None,
               work: Path | None = None, policies: Path | None = None,
               progress: Progress | None = None, regions: Path | None = None) -> BuildReport:
    """Build the whole site (or one partnership) into ``site_dir``. Prints nothing; tells ``progress`` each phase
    of each partnership as it ends, then returns the report.

    ``work`` holds the generated Markdown (default: build/ in the project); ``policies`` defaults to policies/,
    and then ``regions`` to regions/ (each region's base and its areas' local policies, one partnership each).
    """
    started = time.perf_counter()
    clock = _Clock(progress)
    today = date.fromisoformat(today) if isinstance(today, str) else today
    recover(site_dir)
    if regions is None and policies is None:
        regions = project / "regions"
    partnerships = load_partnerships(policies or project / "policies", only=only, today=today, progress=clock,
                                     regions=regions)
    work = work or project / "build"
    markdown_root = work / "md"
    if markdown_root.exists():
        shutil.rmtree(markdown_root)
    staging = site_dir.with_name(site_dir.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    site_paths: list[str] = []
    page_count = 0
    build_root = not only or not (site_dir / "index.html").exists()

    staging.mkdir(parents=True)
    try:
        if build_root:   # first: MkDocs empties the folder it builds into, and the partnerships' go inside it
            with clock.phase(WHOLE_SITE, "home pages") as note:
                docs = markdown_root / "_root"
                shutil.copytree(project / "docs", docs)
                _copy_assets(docs)
                index = docs / "index.md"
                index.write_text(index.read_text(encoding="utf-8").replace(
                    ROOT_PLACEHOLDER, _partnership_list(partnerships, today)), encoding="utf-8")
                count = sum(1 for _ in docs.rglob("*.md"))
                _mkdocs_build(project, docs, staging, {}, today or date.today())
                note.append(f"{count} pages")
            page_count += count
            site_paths.append("")
        shared = None
        if partnerships:
            with clock.phase(WHOLE_SITE, "engine") as note:   # once for every partnership's guide, compressed too
                shared = _shared_runtime(project, staging)
                count = precompress(staging / shared_runtime.FOLDER, cache=project / "build" / "compressed")
                note.append(f"shared by every guide: {shared_runtime.FOLDER}/{shared.folder}/, "
                            f"{count} compressed copies")
        regions = regions_of(partnerships)
        for group in partnerships:
            page_count += _build_partnership(project, group, markdown_root, staging, today, clock, shared,
                                             _region_links(group, regions))
            site_paths += [group.current.site_path] + [old.site_path for old, _ in group.previous]
        with clock.phase(WHOLE_SITE, "fingerprinting"):
            fingerprint_sites(staging, site_paths, [g.current.site_path for g in partnerships])
        with clock.phase(WHOLE_SITE, "script check"):
            try:
                content_policy.apply(staging)
            except content_policy.ForeignContent as error:
                raise BuildError(error.lines)
        cache = project / "build" / "compressed"
        for group in partnerships:
            with clock.phase(group.current.site_path, "compressing") as note:
                count = precompress(staging / group.current.site_path, cache=cache)
                note.append(f"{count} compressed copies")
        if build_root:
            with clock.phase(WHOLE_SITE, "compressing") as note:
                count = precompress(staging, cache=cache, skip=[staging / g.current.site_path for g in partnerships]
                                    + [staging / shared_runtime.FOLDER])
                note.append(f"{count} compressed copies")
    except BuildError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_into_place(staging, site_dir, only=[g.current.site_path for g in partnerships] if only and not build_root
                     else None)
    return BuildReport(site_dir, partnerships, clock.steps, page_count, time.perf_counter() - started)


def _shared_runtime(project: Path, staging: Path) -> shared_runtime.SharedRuntime:
    """Pyodide, and the engine and the standard library compiled for the browser (cached under
    build/runtime-cache/), written once into the site's `_runtime/` for every partnership's guide."""
    try:
        return shared_runtime.write_shared_runtime(project, staging)
    except shared_runtime.MissingPyodide as error:
        raise BuildError([str(error)]) from None


def _build_partnership(project: Path, group: Partnership, markdown_root: Path, staging: Path, today: date | None,
                       clock: _Clock, shared: shared_runtime.SharedRuntime,
                       region: tuple[str, list[tuple[str, str]]] | None = None) -> int:
    """One partnership's pages, manuals (the policy in force and its previous versions) and guide, into
    ``staging``, each phase timed. Returns how many pages."""
    slug = group.current.site_path
    day = today or date.today()
    with clock.phase(slug, "guide page"):
        guide = guide_page(group.current, group.data, day)
    with clock.phase(slug, "routes page"):
        routes = routes_page(group.current, day, variant=group.variants.get(slug))
    has_model = (project / "policies" / "model" / "policy.yaml").is_file()   # the studio's other starting point
    extras = [guide, routes, log_page(group.current), studio_page(group.current, model=has_model)]
    previous = [policy for policy, _ in group.previous]
    versions = [(group.current, ManualRenderer(group.current, previous=previous, extra_pages=extras, built=today,
                                               variant=group.variants.get(slug), variants=group.variants,
                                               region=region))] + [
        (old, ManualRenderer(old, current=group.current, built=today, variant=group.variants.get(old.site_path)))
        for old in previous]
    sites: list[tuple[Policy, Path, dict]] = []
    count = 0
    with clock.phase(slug, "manual pages") as note:
        for policy, renderer in versions:
            docs = markdown_root / policy.site_path.replace("/", "@")
            pages = renderer.pages()
            count += len(pages)
            for page in pages:
                target = docs / page.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(page.markdown, encoding="utf-8")
            _copy_assets(docs)
            (docs / "assets" / "partnership.css").write_text(partnership_css(policy.partnership.colour), encoding="utf-8")
            if policy is group.current:
                write_guide_assets(docs)
                try:
                    write_studio_assets(project, docs, group.path, today)
                except StudioError as error:
                    raise BuildError([str(error)])
            sites.append((policy, docs, _partnership_config(policy, renderer.nav(pages), today)))
        note.append(f"{count} pages")
    with clock.phase(slug, "MkDocs"):
        for policy, docs, overrides in sites:   # the policy in force first: MkDocs empties the folder it builds into
            _mkdocs_build(project, docs, staging / policy.site_path, overrides, day)
            if not policy.partnership.site_url:
                _plain_404(staging / policy.site_path, policy)
    with clock.phase(slug, "runtime"):
        write_guide_runtime(group.current, group.data, staging / slug, shared)
        try:
            write_studio_runtime(project, staging / slug, shared)
        except StudioError as error:
            raise BuildError([str(error)])
    return count


def _region_links(group: Partnership, regions: list[Region]) -> tuple[str, list[tuple[str, str]]] | None:
    """The region ``group`` is an area of, and its other areas: (name, address from the manual's home page)."""
    for region in regions:
        if group in region.areas:
            return region.name, [(area.current.partnership.name, f"../{area.current.site_path}/")
                                 for area in region.areas if area is not group]
    return None


def _partnership_list(partnerships: list[Partnership], today: date | None = None) -> str:
    """The home page's list: each partnership with its previous versions, and each region (the base its areas'
    local policies are built on) once, at its first area's place, with its areas under it."""
    lines = []
    regions = regions_of(partnerships)
    listed: set = set()
    for group in partnerships:
        region = next((r for r in regions if group in r.areas), None)
        if region is None:
            lines += _partnership_lines(group, today, "")
        elif region.base_path not in listed:
            listed.add(region.base_path)
            version = f", version {plain(region.version)}" if region.version else ""
            lines.append(f"- **{plain(region.name)}**: {plain(region.title)}{version}, a regional procedure. "
                         f"Its areas, each with its own local arrangements:")
            for area in region.areas:
                lines += _partnership_lines(area, today, "    ")
    return "\n".join(lines)


def _partnership_lines(group: Partnership, today: date | None, indent: str) -> list[str]:
    policy = group.current
    doc = policy.document
    owners = f"{plain(policy.wording('document.owners', owners=policy.owners_text))} " if policy.owners else ""
    lines = [f"{indent}- [{plain(policy.partnership.name)}]({policy.site_path}/): {plain(doc.title)}. {owners}"
             f"*{plain(version_line(policy, today))}.*"]
    for old, _ in group.previous:
        lines.append(f"{indent}    - [Previous version: {plain(old.partnership.name)}]({old.site_path}/). "
                     f"*{plain(version_line(old, today))}.*")
    return lines


@dataclass
class Region:
    """Partnerships of the site whose policies in force are built on the same base: the region and its areas."""

    base_path: Path
    name: str               # the base's partnership name: "Eastmarch Regional Safeguarding Children Partnerships"
    title: str              # the base's document title
    version: str | None
    areas: list[Partnership]


def regions_of(partnerships: list[Partnership]) -> list[Region]:
    """The regions among ``partnerships`` (those whose policy in force names a base), each with its areas in the
    order given."""
    found: dict[Path, Region] = {}
    for group in partnerships:
        variant = group.variants.get(group.current.site_path)
        if variant is None:
            continue
        if variant.base_path not in found:
            base = variant.base_data.get("partnership") or {}
            document = variant.base_document
            found[variant.base_path] = Region(
                variant.base_path, str(base.get("name") or variant.base_path.parent.name),
                str(document.get("title") or ""), str(document["version"]) if document.get("version") else None, [])
        found[variant.base_path].areas.append(group)
    return list(found.values())


def _copy_assets(docs: Path) -> None:
    assets = docs / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copy2(WEB / "manual.css", assets / "manual.css")
    shutil.copy2(WEB / "manual.js", assets / "manual.js")


def partnership_css(colour: str) -> str:
    """The partnership's theme colour. The checker guarantees white text on it has a contrast of 4.5:1 or more."""
    assert contrast_with_white(colour) >= 4.5
    return (
        ":root, [data-md-color-scheme=\"default\"] {\n"
        f"  --md-primary-fg-color: {colour};\n"
        f"  --md-primary-fg-color--light: {colour};\n"
        f"  --md-primary-fg-color--dark: {colour};\n"
        f"  --md-accent-fg-color: {colour};\n"
        f"  --md-typeset-a-color: {colour};\n"
        f"  --partnership-colour: {colour};\n"
        "}\n"
    )


def site_url(policy: Policy) -> str:
    """Where this version's manual is published: the partnership's `site_url`, plus the version's folder."""
    base = policy.partnership.site_url
    folder = policy.site_path.split("/", 1)[1] + "/" if "/" in policy.site_path else ""
    return base + folder


NOT_FOUND = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none'; style-src 'unsafe-inline'">
<meta name="robots" content="noindex"><title>Page not found - {title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#0b0c0c}}
a{{color:#1d70b8}}li{{margin-bottom:.5rem}}</style>
</head><body><main><h1>Page not found</h1>
<p>If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire
address.</p>
<p>You can go to:</p>
<ul>
{links}
</ul></main></body></html>
"""
SITE_INDEX_START, SITE_INDEX_END = "<!-- site index -->", "<!-- /site index -->"


def not_found_links(policy: Policy) -> list[tuple[str, str]]:
    """(address relative to the version's folder, text) of the places a lost reader most likely wants."""
    name = f"{policy.partnership.short_name} escalation policy"
    guide = policy.wording("manual.find_your_stage")
    if policy.is_current:
        return [("./", f"the home page of the {name}"), ("guide/", f"{guide}: the decision guide")]
    return [("./", f"the home page of this previous version of the {name}"),
            ("../", "the escalation policy in force"), ("../guide/", f"{guide}: the decision guide")]


def _plain_404(folder: Path, policy: Policy) -> None:
    """A 404 page that works under any path: MkDocs writes its links from the site's root unless it knows the
    site's address (`site_url`). Its links are relative to the version's folder: a server that knows the folder
    (`build.py serve`) adds a <base>; the site index (outside a partnership's zip) is marked for `make dist` to drop.
    """
    depth = policy.site_path.count("/") + 1
    items = [f'<li><a href="{html.escape(href)}">{html.escape(text)}</a></li>' for href, text in not_found_links(policy)]
    items.append(f'{SITE_INDEX_START}<li><a href="{"../" * depth}">every partnership\'s escalation policy on this '
                 f'site</a></li>{SITE_INDEX_END}')
    (folder / "404.html").write_text(NOT_FOUND.format(
        title=html.escape(f"{policy.partnership.short_name} escalation policy"), links="\n".join(items)),
        encoding="utf-8")


def _partnership_config(policy: Policy, nav: list, today: date | None = None) -> dict:
    doc = policy.document
    return {
        "site_name": for_theme(f"{policy.partnership.short_name} escalation policy"),
        "site_description": for_theme(f"{policy.partnership.name}: {doc.title}"),
        "nav": nav,
        # The partnership's escalation log (linked from the privacy page) and policy studio (from "What changed").
        "not_in_nav": "/guide/log/index.md\n/studio/index.md",
        # Material inserts the copyright as HTML: escape it (policy text is data).
        "copyright": html.escape(f"{policy.partnership.name} · {doc.title} · {version_line(policy, today)}"),
        **({"site_url": site_url(policy)} if policy.partnership.site_url else {}),
        "extra_css": ["assets/manual.css", "assets/partnership.css"],
        "extra": {
            "generator": False,
            "policy": {
                "version_line": version_line(policy, today),
                "status": doc.status,
                "partnership": policy.partnership.name,
                "guide": policy.is_current,
                "wording": {k.split(".", 1)[1]: v for k, v in policy.wording.texts.items() if k.startswith("manual.")},
            },
        },
    }


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _mkdocs_build(project: Path, docs: Path, out: Path, overrides: dict, today: date | None = None) -> None:
    """MkDocs into ``out``. Its pages and the gzip header of sitemap.xml.gz are dated from SOURCE_DATE_EPOCH, else
    from the clock: dated here from the build's ``today`` (when SOURCE_DATE_EPOCH is not set), so two builds of the
    same day on either side of midnight give the same bytes."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if today is not None and not os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        with _source_date(today):
            return _mkdocs_build(project, docs, out, overrides)
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    collect = _Collect()
    logger.addHandler(collect)
    try:
        config = load_config(config_file=str(project / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(out), **overrides)
        build(config)
    except (MkDocsException, SystemExit, OSError) as error:
        raise BuildError([f"MkDocs could not build {docs}: {error}"] + [f"  {m}" for m in collect.messages])
    finally:
        logger.removeHandler(collect)


@contextmanager
def _source_date(day: date) -> Iterator[None]:
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(day.timetuple()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def _swap_into_place(staging: Path, site_dir: Path, only: list[str] | None) -> None:
    """Replace the site (or the folders of the partnerships built: one, and those sharing its base) with the new
    build.

    Two renames: the old site aside to `<name>.old`, the new one into place. A build killed between them leaves
    `<name>.old` and no site; the next build (or serve) puts it back first (``recover``), so a reader always gets
    either the old site or the new one.
    """
    if only:
        site_dir.mkdir(parents=True, exist_ok=True)
        shared_runtime.merge_into(staging, site_dir)   # first: the guide swapped in finds its runtime there
        moves = [(staging / slug, site_dir / slug) for slug in only]
    else:
        moves = [(staging, site_dir)]
    for source, target in moves:
        _swap(source, target)
    if staging.exists():
        shutil.rmtree(staging)


def _swap(source: Path, target: Path) -> None:
    recover(target)
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    source.rename(target)
    if old.exists():
        shutil.rmtree(old)


def recover(target: Path) -> None:
    """Undo a swap that was interrupted: the site is missing but its previous copy was set aside."""
    old = target.with_name(target.name + ".old")
    if not target.exists() and old.is_dir():
        old.rename(target)
    for child in ([] if not target.is_dir() else [c for c in target.iterdir() if c.name.endswith(".old")]):
        recover(child.with_name(child.name[: -len(".old")]))


# --- serving ------------------------------------------------------------------------------------------------

HASHED_NAME = HASHED_PATH   # content-hashed names and folders (guide/publish/fingerprint.py): cached for a year
IMMUTABLE = "public, max-age=31536000, immutable"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


IDLE_TIMEOUT = 30   # seconds a connection may wait between requests (or stall mid-request) before it is closed


class SitePolicy:
    """The Content-Security-Policy header for the site, recomputed when a build replaces the site or one of its
    partnerships (a build swaps folders by renaming, which changes the site folder's inode or modification time:
    one `stat` per request tells)."""

    def __init__(self, site: Path):
        self.site = site
        self._key: tuple | None = None
        self._policy = ""
        self._lock = threading.Lock()

    def get(self) -> str:
        try:
            stat = os.stat(self.site)
            key = (stat.st_ino, stat.st_mtime_ns, *[(s.st_ino, s.st_mtime_ns) for s in self._children()])
        except OSError:
            return self._policy
        with self._lock:
            if key != self._key:
                self._policy = content_policy.header_policy(self.site) if self.site.is_dir() else ""
                self._key = key
            return self._policy

    def _children(self):
        """The partnerships' folders (a build of one partnership swaps that folder, and its previous versions')."""
        with os.scandir(self.site) as entries:
            return [entry.stat() for entry in entries if entry.is_dir() and not entry.name.startswith(".")]


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the MIME types the guide needs (.wasm as application/wasm, .mjs as JavaScript), the
    security headers the published site should have, no directory listings, the site's own "page not found" page,
    a plain status (never a traceback) for any malformed request, and idle connections closed."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    site_policy: SitePolicy | None = None
    timeout = IDLE_TIMEOUT   # socketserver.StreamRequestHandler applies it to the connection
    # A request line that cannot be read (a TLS hello, `HTTP/9.9`) is answered with a status line and headers, not
    # as HTTP/0.9 (a bare body the client cannot tell from a page).
    default_request_version = "HTTP/1.0"
    _policy_override: str | None = None

    def end_headers(self):
        path = getattr(self, "path", "")   # not set when the request line itself was malformed
        self.send_header("Cache-Control", IMMUTABLE if re.search(HASHED_NAME, path.split("?")[0]) else "no-cache")
        self.send_header("Vary", "Accept-Encoding")
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        policy = self._policy_override if self._policy_override is not None else (
            self.site_policy.get() if self.site_policy else "")
        if policy:
            self.send_header("Content-Security-Policy", policy)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = self._not_found_page() if code == 404 and hasattr(self, "path") else None
        if page is None:
            return super().send_error(code, message, explain)
        body, policy = page
        self.log_error("code %d, message %s", code, message)
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html;charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.close_connection = True
        self._policy_override = policy
        try:
            self.end_headers()
        finally:
            self._policy_override = None
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found_page(self) -> tuple[bytes, str] | None:
        """The site's 404.html nearest the requested path (a partnership's own, else the site's), with a <base> so
        its relative links work at any depth, and the header policy its own meta element asks for."""
        root = Path(self.directory).resolve()
        try:
            folder = Path(self.translate_path(self.path)).resolve()
        except (ValueError, OSError):
            folder = root
        if root not in folder.parents and folder != root:
            folder = root
        for candidate in [folder, *folder.parents]:
            page = candidate / "404.html"
            if page.is_file():
                break
            if candidate == root:
                return None
        else:
            return None
        text = page.read_text(encoding="utf-8", errors="replace")
        prefix = "/" + "".join(part + "/" for part in candidate.relative_to(root).parts)
        if "<base " not in text:
            text = re.sub(r"(?i)<head>", lambda m: f'{m.group(0)}<base href="{html.escape(prefix)}">', text, count=1)
        own = content_policy.page_policy(text)
        policy = f"{own}; {content_policy.HEADER_DIRECTIVES}" if own else None
        return text.encode("utf-8"), policy

    def send_head(self):
        try:
            path = urllib.parse.unquote(self.path.split("?", 1)[0].split("#", 1)[0], errors="strict")
            if any(ord(c) < 32 for c in path) or len(self.path) > 2048:
                raise ValueError("a control character in the path, or a path too long")
            answered, stream = self._precompressed()
            return stream if answered else super().send_head()
        except (ValueError, UnicodeError):
            self.send_error(400, "Bad request")
            return None

    def _precompressed(self):
        """The `.br` or `.gz` copy the build made beside the file, if the browser accepts it (or 304 if the browser's
        copy is current). Returns (answered, body): not answered means serve the file as it is."""
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")   # a page's address: its index.html, compressed too
        if not os.path.isfile(path):
            return False, None
        accepted = {part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")}
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            if encoding in accepted and os.path.isfile(path + suffix):
                modified = int(os.stat(path).st_mtime)
                since = self.headers.get("If-Modified-Since")
                if since and "If-None-Match" not in self.headers:
                    try:
                        unchanged = email.utils.parsedate_to_datetime(since).timestamp() >= modified
                    except (TypeError, ValueError, OverflowError):
                        unchanged = False
                    if unchanged:  # revalidated: nothing to send again
                        self.send_response(304)
                        self.end_headers()
                        return True, None
                stream = open(path + suffix, "rb")
                size = os.fstat(stream.fileno()).st_size
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(path))
                self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(size))
                self.send_header("Last-Modified", self.date_time_string(modified))
                self.end_headers()
                return True, stream
        return False, None

    def list_directory(self, path):
        self.send_error(404, "File not found")
        return None

    def log_message(self, format, *args):  # quiet: one line per error only
        if len(args) > 1 and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


class SiteServer(http.server.ThreadingHTTPServer):
    request_queue_size = 128     # the default 5 makes a burst of visitors wait for seconds
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A browser that goes away mid-file (a closed tab, a cancelled download) is normal: no traceback for it."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def make_server(site: Path, host: str, port: int, idle_timeout: float = IDLE_TIMEOUT) -> http.server.ThreadingHTTPServer:
    recover(site)
    attributes = {"site_policy": SitePolicy(site), "timeout": idle_timeout}
    handler = functools.partial(type("Handler", (SiteRequestHandler,), attributes), directory=str(site))
    return SiteServer((host, port), handler)


def serve(site: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    server = make_server(site, host, port)
    print(f"Serving {site} at http://{host}:{server.server_port}/  (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
