"""One site, many partnerships, one runtime (issue 23, point 3): Pyodide, the compiled standard library and the
engine are stored once per site, under names fixed by their content, and every partnership's guide loads that one
copy. Over whatever policies are present."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest

from guide.publish.shared_runtime import FOLDER, WORKER_SETTINGS

from .conftest import BUILD_TODAY, POLICIES, ROOT

SLUGS = sorted(path.parent.name for path in POLICIES.glob("*/policy.yaml"))


def runtime_address(page: Path) -> str:
    found = re.findall(r'<script async src="[^"]+" data-runtime="([^"]+)">', page.read_text(encoding="utf-8"))
    assert len(found) == 1, f"{page} says once where the runtime is"
    return found[0]


def worker_settings(site: Path, slug: str) -> dict:
    workers = list((site / slug / "guide").glob("*/engine-worker.mjs"))
    assert len(workers) == 1
    return json.loads(WORKER_SETTINGS.search(workers[0].read_text(encoding="utf-8")).group(1))


def test_the_built_site_holds_one_copy_of_pyodide_the_library_and_the_engine(built_site):
    assert len(list(built_site.rglob("pyodide.asm.wasm"))) == 1
    assert len(list(built_site.rglob("python_stdlib*.zip"))) == 1
    assert len(list(built_site.rglob("engine*.zip"))) == 1
    assert [p.relative_to(built_site).parts[0] for p in built_site.rglob("pyodide.asm.wasm")] == [FOLDER]


@pytest.mark.parametrize("slug", SLUGS)
def test_each_guide_page_points_at_the_shared_runtime_its_worker_names(built_site, slug):
    settings = worker_settings(built_site, slug)
    for page in ("guide/index.html", "guide/log/index.html"):
        folder = posixpath.normpath(posixpath.join(f"{slug}/{page}".rsplit("/", 1)[0], runtime_address(built_site / slug / page)))
        assert folder == FOLDER, f"{slug}/{page} names the site's {FOLDER}/, relative to itself"
    shared = built_site / FOLDER / settings["folder"]
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", settings["stdlib"], settings["engine"]):
        assert (shared / name).is_file(), name
    assert re.fullmatch(r"engine\.[0-9a-f]{12}\.zip", settings["engine"])
    assert re.fullmatch(r"python_stdlib\.[0-9a-f]{12}\.zip", settings["stdlib"])
    assert settings["sizes"]["pyodide.asm.wasm"] == (shared / "pyodide.asm.wasm").stat().st_size


def test_every_guide_on_the_site_loads_the_same_runtime(built_site):
    names = {json.dumps({k: v for k, v in worker_settings(built_site, slug).items() if k != "sizes"}, sort_keys=True)
             for slug in SLUGS}
    assert len(names) == 1


def test_the_shared_runtime_is_cached_for_a_year(built_site):
    from guide.publish.site import HASHED_NAME

    files = [p for p in (built_site / FOLDER).rglob("*") if p.is_file()]
    assert files and all(re.search(HASHED_NAME, "/" + p.relative_to(built_site).as_posix()) for p in files)


def test_a_build_of_one_partnership_brings_its_runtime_into_the_site(tmp_path):
    """`build.py build --partnership` swaps in only that partnership's folder: the runtime it loads is added to
    the site's (here gone since the last build) before its guide is."""
    from guide.publish.site import build_site

    slug = min((path.stat().st_size, path.parent.name) for path in POLICIES.glob("*/policy.yaml"))[1]
    shutil.copytree(POLICIES / slug, tmp_path / "policies" / slug, ignore=shutil.ignore_patterns("versions"))
    site = tmp_path / "site"
    options = dict(today=BUILD_TODAY, work=tmp_path / "work", policies=tmp_path / "policies")
    build_site(ROOT, site, **options)
    shutil.rmtree(site / FOLDER)
    build_site(ROOT, site, only=slug, **options)
    settings = worker_settings(site, slug)
    assert (site / FOLDER / settings["folder"] / settings["engine"]).is_file()
    assert (site / FOLDER / settings["folder"] / "pyodide.asm.wasm").is_file()
    assert not (site.with_name(site.name + ".new")).exists()


@pytest.mark.browser
def test_two_partnerships_guides_start_from_the_same_files(page, site_server):
    """In Chromium: each guide starts, and the second asks for Pyodide, the library and the engine at the same
    addresses as the first (a browser that has them from one partnership's guide has them for every other)."""
    from playwright.sync_api import expect

    from .guide_driver import ENGINE_TIMEOUT, Guide

    loaded: dict[str, set[str]] = {}
    for slug in SLUGS[:2]:
        urls: set[str] = set()
        listener = lambda request, urls=urls: urls.add(request.url) if f"/{FOLDER}/" in request.url else None  # noqa: E731
        page.on("request", listener)
        guide = Guide(page, site_server, slug).open()
        expect(page.locator("#guide")).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
        page.remove_listener("request", listener)
        guide.watch.assert_clean()
        loaded[slug] = urls
    first, *others = loaded.values()
    assert all(any(url.endswith("/pyodide.asm.wasm") for url in urls) for urls in loaded.values())
    assert all(urls == first for urls in others)
