"""Shared fixtures: the bundled policies, one built site per test session, a loopback server, Chromium."""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The build's "today": fixed so that the built pages (and the guide's bank holidays) do not depend on the day.
BUILD_TODAY = "2026-11-22"

# --- a fork keeps its tests green --------------------------------------------------------------------------------
# Tests that encode a bundled policy's facts name it (in their code or their parameters). A fork that deletes a
# bundled policy skips exactly those tests; every other test runs over whatever policies are present.
BUNDLED_SLUGS = ("medway", "suffolk", "wirral", "model")


def present(slug: str) -> bool:
    return (POLICIES / slug / "policy.yaml").exists()


def _named_policies(item) -> set[str]:
    import inspect
    import re

    named = set()
    try:
        source = inspect.getsource(item.function)
    except (OSError, TypeError):
        source = ""
    for slug in BUNDLED_SLUGS:
        if re.search(rf"""["'/]{slug}(["'/]|\b)""", source):
            named.add(slug)
    callspec = getattr(item, "callspec", None)
    for value in (callspec.params.values() if callspec else ()):
        text = repr(value)
        for slug in BUNDLED_SLUGS:
            if re.search(rf"""['"/]{slug}(['"/.]|\b)""", text):
                named.add(slug)
    return named


def pytest_runtest_setup(item):
    missing = sorted(slug for slug in _named_policies(item) if not present(slug))
    if missing:
        pytest.skip(f"encodes the bundled {', '.join(missing)} policy, which this clone does not have")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site, built once for the session from the bundled policies."""
    from guide.publish.site import build_site

    out = tmp_path_factory.mktemp("built")
    site = out / "site"
    build_site(ROOT, site, today=BUILD_TODAY, work=out / "work")
    return site


@pytest.fixture(scope="session")
def site_server(built_site):
    """The built site served on loopback by the same handler as `build.py serve`."""
    with serving(built_site) as url:
        yield url


@contextmanager
def serving(site: Path):
    """``site`` served on a free loopback port by `build.py serve`'s handler, for as long as the block runs."""
    from guide.publish.site import make_server

    server = make_server(site, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def fixture_site(tmp_path_factory, policies: Path, slug: str, today: str = "2026-12-01"):
    """For a module fixture (``yield from``): one fixture policy's site (``policies``/``slug``), built alone and
    served; its address."""
    from guide.publish.site import build_site

    out = tmp_path_factory.mktemp(slug)
    build_site(ROOT, out / "site", only=slug, today=today, work=out / "work", policies=policies)
    with serving(out / "site") as url:
        yield url


# --- Playwright with Debian's Chromium (playwright install cannot download a browser here) ---------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "accept_downloads": True, "locale": "en-GB", "timezone_id": "Europe/London"}
