"""A region in one site (issue 23): the bundled policies and the fixture region (tests/regions/eastmarch, copied
where a repository keeps its regions, `regions/<region>/`) built into one site with one runtime; the site's index
lists the region with its areas, each area's manual links the others; a build of one area (or after the base
changed) rebuilds every area on that base; an area's `make dist` zip stands alone."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import threading
import zipfile
from pathlib import Path

import pytest

from guide.publish.policy_files import discover_policies
from guide.publish.shared_runtime import FOLDER, WORKER_SETTINGS
from guide.publish.site import BuildError, build_site, load_partnerships, policy_files
from guide.publish.variants import discover_regions, sharing_a_base

from .conftest import BUILD_TODAY, POLICIES, ROOT

FIXTURE = Path(__file__).resolve().parent / "regions" / "eastmarch"
AREAS = {"eastholm": "Eastholm Safeguarding Children Partnership", "westholm": "Westholm Safeguarding Children Partnership"}
BUNDLED = sorted(path.parent.name for path in POLICIES.glob("*/policy.yaml"))


def regions_folder(tmp_path: Path) -> Path:
    """A `regions/` folder holding the fixture region (not tests/regions itself: its `refused/` area is refused)."""
    shutil.copytree(FIXTURE, tmp_path / "regions" / "eastmarch")
    return tmp_path / "regions"


def worker_settings(site: Path, slug: str) -> dict:
    workers = list((site / slug / "guide").glob("*/engine-worker.mjs"))
    assert len(workers) == 1
    return json.loads(WORKER_SETTINGS.search(workers[0].read_text(encoding="utf-8")).group(1))


@pytest.fixture(scope="module")
def region_site(tmp_path_factory) -> Path:
    """The bundled policies and the fixture region, built into one site."""
    folder = tmp_path_factory.mktemp("region-site")
    site = folder / "site"
    build_site(ROOT, site, today=BUILD_TODAY, work=folder / "work", policies=POLICIES, regions=regions_folder(folder))
    return site


# --- finding the region's areas (no build) --------------------------------------------------------------------


def test_regions_are_found_beside_their_base(tmp_path):
    regions = regions_folder(tmp_path)
    (regions / "loose").mkdir()      # no base.yaml: not a region
    (regions / "loose" / "x").mkdir()
    (regions / "loose" / "x" / "policy.yaml").write_text("schema: 1\n")
    assert [p.relative_to(regions).as_posix() for p in discover_regions(regions)] == [
        "eastmarch/eastholm/policy.yaml", "eastmarch/westholm/policy.yaml"]
    assert discover_regions(tmp_path / "nowhere") == [] and discover_regions(None) == []


def test_one_area_or_the_region_builds_every_area_on_its_base(tmp_path):
    regions = regions_folder(tmp_path)
    files = discover_policies(POLICIES) + discover_regions(regions)
    assert sharing_a_base(files, "eastholm", regions) == {"eastholm", "westholm"}
    assert sharing_a_base(files, "westholm", regions) == {"eastholm", "westholm"}
    assert sharing_a_base(files, "eastmarch", regions) == {"eastmarch", "eastholm", "westholm"}   # the region's slug
    for slug in BUNDLED:      # a partnership on no base is built alone
        assert sharing_a_base(files, slug, regions) == {slug}
    assert [g.current.site_path for g in load_partnerships(tmp_path / "none", only="eastholm", today=None,
                                                           regions=regions)] == ["eastholm", "westholm"]


def test_an_area_with_the_name_of_a_partnership_is_refused(tmp_path):
    regions = regions_folder(tmp_path)
    policies = tmp_path / "policies"
    shutil.copytree(FIXTURE / "westholm", policies / "westholm")
    with pytest.raises(BuildError, match="already has a partnership `westholm`"):
        policy_files(policies, regions)


# --- one site -----------------------------------------------------------------------------------------------


def test_the_site_of_the_policies_and_the_region_holds_one_runtime(region_site):
    assert [p.relative_to(region_site).parts[0] for p in region_site.rglob("pyodide.asm.wasm")] == [FOLDER]
    assert len(list(region_site.rglob("python_stdlib*.zip"))) == 1
    assert len(list(region_site.rglob("engine*.zip"))) == 1
    names = {json.dumps({k: v for k, v in worker_settings(region_site, slug).items() if k != "sizes"}, sort_keys=True)
             for slug in BUNDLED + sorted(AREAS)}
    assert len(names) == 1, "every guide, the areas' too, loads the same runtime"


def test_the_index_lists_the_region_with_its_areas(region_site):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((region_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    region = next(li for li in page.find_all("li") if li.find("strong", string=re.compile("^Eastmarch Regional")))
    assert "Resolving professional differences, version 2.0" in region.get_text()
    assert [(a["href"], a.get_text()) for a in region.find("ul").find_all("a")] == [
        (f"{slug}/", name) for slug, name in sorted(AREAS.items())]
    listed = {a["href"] for a in page.select("main a")}
    assert {f"{slug}/" for slug in BUNDLED} <= listed       # the partnerships still listed as before
    assert "eastmarch/" not in listed                         # the base is not a partnership of its own


def test_each_area_links_the_regions_other_areas(region_site):
    from bs4 import BeautifulSoup

    for slug in AREAS:
        page = BeautifulSoup((region_site / slug / "index.html").read_text(encoding="utf-8"), "html.parser")
        block = page.find(id="region-areas")
        links = [(a["href"], a.get_text()) for a in block.find_all("a")]
        assert links == [(f"../{other}/", name) for other, name in sorted(AREAS.items()) if other != slug]
        assert all((region_site / slug / href / "index.html").is_file() for href, _ in links)
        assert "Eastmarch Regional Safeguarding Children Partnerships" in block.get_text()
    for slug in BUNDLED:
        assert 'id="region-areas"' not in (region_site / slug / "index.html").read_text(encoding="utf-8")


# --- when the base changes, every area is rebuilt ----------------------------------------------------------------


def test_a_build_of_one_area_after_the_base_changed_rebuilds_every_area(region_site, tmp_path):
    """`build.py build --partnership eastholm` after the base's introduction is rewritten: Westholm's pages, built
    on the same base, change too; a bundled partnership's folder is left as it was."""
    site = tmp_path / "site"
    shutil.copytree(region_site, site, copy_function=shutil.copy)
    regions = regions_folder(tmp_path)
    base = regions / "eastmarch" / "base.yaml"
    words = "This regional procedure helps practitioners resolve differences about the safety of a child."
    assert words in base.read_text(encoding="utf-8")
    base.write_text(base.read_text(encoding="utf-8").replace(words, "Rewritten: settle differences quickly."),
                    encoding="utf-8")
    untouched = {slug: (site / slug / "index.html").stat().st_mtime_ns for slug in BUNDLED}
    report = build_site(ROOT, site, only="eastholm", today=BUILD_TODAY, work=tmp_path / "work", policies=POLICIES,
                        regions=regions)
    assert [g.current.site_path for g in report.partnerships] == ["eastholm", "westholm"]
    for slug in AREAS:
        text = (site / slug / "index.html").read_text(encoding="utf-8")
        assert "Rewritten: settle differences quickly." in text and words not in text, slug
        assert (site / slug / "guide" / "index.html").is_file()
    assert {slug: (site / slug / "index.html").stat().st_mtime_ns for slug in BUNDLED} == untouched
    assert not site.with_name(site.name + ".new").exists()


# --- an area's zip stands alone --------------------------------------------------------------------------------


def test_an_areas_zip_carries_its_runtime_and_pages_and_no_link_out_of_it(region_site, tmp_path):
    from guide.publish.dist import package

    artefact = package(region_site, "eastholm", tmp_path)
    with zipfile.ZipFile(artefact) as archive:
        names = set(archive.namelist())
        home = archive.read("eastholm/index.html").decode()
        guide = archive.read("eastholm/guide/index.html").decode()
        worker = archive.read(next(n for n in names if n.endswith("/engine-worker.mjs"))).decode()
    assert {"eastholm/index.html", "eastholm/guide/index.html", "eastholm/pathways/escalation/index.html",
            "eastholm/nginx.conf"} <= names
    assert all(n.startswith("eastholm/") for n in names)
    settings = json.loads(WORKER_SETTINGS.search(worker).group(1))
    for name in ("pyodide.asm.wasm", "pyodide.mjs", settings["stdlib"], settings["engine"]):
        assert f"eastholm/{FOLDER}/{settings['folder']}{name}" in names, name
    address = re.search(r'data-runtime="([^"]+)"', guide).group(1)
    assert posixpath.normpath(posixpath.join("eastholm/guide", address)) == f"eastholm/{FOLDER}"
    assert "Local to Eastholm" in archive_text(artefact, "eastholm/pathways/escalation/index.html")
    # On the site its home page links Westholm's manual; in the zip, which has no Westholm, it does not.
    assert 'href="../westholm/"' in (region_site / "eastholm" / "index.html").read_text(encoding="utf-8")
    assert "../westholm/" not in home and "region-areas" not in home
    import brotli
    with zipfile.ZipFile(artefact) as archive:
        assert brotli.decompress(archive.read("eastholm/index.html.br")).decode() == home


def archive_text(artefact: Path, name: str) -> str:
    with zipfile.ZipFile(artefact) as archive:
        return archive.read(name).decode()


# --- in Chromium ----------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_areas_guides_start_from_the_sites_one_runtime(region_site, page):
    """Each area's guide starts (its engine ready) and loads Pyodide, the library and the engine from the same
    addresses in the site's one runtime as a bundled partnership's guide."""
    from playwright.sync_api import expect

    from guide.publish.site import make_server

    from .guide_driver import ENGINE_TIMEOUT, Guide

    server = make_server(region_site, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    loaded: dict[str, set[str]] = {}
    try:
        for slug in [*sorted(AREAS), BUNDLED[0]]:
            urls: set[str] = set()
            listener = lambda request, urls=urls: urls.add(request.url) if f"/{FOLDER}/" in request.url else None  # noqa: E731
            page.on("request", listener)
            guide = Guide(page, base, slug).open()
            expect(page.locator("#guide")).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
            page.remove_listener("request", listener)
            guide.watch.assert_clean()
            loaded[slug] = urls
    finally:
        server.shutdown()
        server.server_close()
    first, *others = loaded.values()
    assert any(url.endswith("/pyodide.asm.wasm") for url in first)
    assert all(urls == first for urls in others)
