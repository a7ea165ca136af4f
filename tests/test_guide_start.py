"""The guide's engine starting in Chromium (issue 24, point 3): a slow link that keeps delivering is waited for, with
its progress shown to whoever waits; a page script or worker that cannot load, WebAssembly refused by a Content
Security Policy, or a failed download says so at once and points to the manual; Continue never reloads the page."""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
import time

import pytest
from playwright.sync_api import expect

from guide.publish.site import make_server

from .guide_driver import ENGINE_TIMEOUT, Guide
from .scenarios import MEDWAY

pytestmark = pytest.mark.browser

FIRST_QUESTION = "Is a child at immediate risk of significant harm?"
STILL_LOADING = "The guide is still loading. Your answer is kept, and it will be checked in a moment."


def _engine(page) -> tuple[str | None, str | None]:
    return page.evaluate("[document.getElementById('guide').dataset.engine || null,"
                         " document.getElementById('guide').dataset.engineFailure || null]")


def _page_now(page) -> dt.datetime:
    return dt.datetime.fromtimestamp(page.evaluate("Date.now()") / 1000, dt.timezone.utc)


def _says_it_could_not_start(page, code: str):
    """The failure screen, at once (the default expect timeout: seconds, not the stall limit), with its reason."""
    expect(page.locator("#guide")).to_have_attribute("data-engine", "failed")
    expect(page.locator("#guide")).to_have_attribute("data-engine-failure", code)
    expect(page.locator("#guide-status")).to_contain_text("could not start")


class SlowLink:
    """The built site over a slow link: the files the engine's worker fetches (Pyodide's WebAssembly and standard
    library, the engine, the policy) wait until `open()`, then trickle out in small pieces; `sent` counts them."""

    ENGINE_FILES = re.compile(r"/(pyodide-[0-9.]+|runtime)/[^/?]+\.(wasm|zip|json)(\?|$)")

    def __init__(self, site, piece: int = 8192, pause: float = 0.02):
        self.server = make_server(site, "127.0.0.1", 0)
        self.sent = 0
        self.sending = 0
        self.gate = threading.Event()
        link = self
        handler = self.server.RequestHandlerClass

        class Trickle(handler.func):
            def copyfile(self, source, outputfile):
                if not link.ENGINE_FILES.search(self.path):
                    return super().copyfile(source, outputfile)
                link.sending += 1
                try:
                    link.gate.wait(timeout=120)
                    while chunk := source.read(piece):
                        outputfile.write(chunk)
                        link.sent += len(chunk)
                        time.sleep(pause)
                finally:
                    link.sending -= 1

        self.server.RequestHandlerClass = functools.partial(Trickle, *handler.args, **handler.keywords)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_port}"

    def __exit__(self, *exc):
        self.gate.set()
        self.server.shutdown()
        self.server.server_close()


def _walk_until_waiting(page, guide, answers: dict) -> list[str]:
    """Answer the choice questions (from the tree built into the page) until an answer waits for the engine."""
    asked = []
    status = page.locator("#guide-status")
    for _ in range(20):
        qid = guide.question_id()
        if qid is None:
            raise AssertionError(f"{asked}: {guide.screen_text()} / {status.inner_text()} / {_engine(page)}")
        asked.append(qid)
        page.locator(f'#guide-form input[name="answer"][value="{answers[qid]}"]').check()
        before = page.evaluate("document.getElementById('guide').dataset.screen || '0'")
        page.locator("#guide-form button[type=submit]").click()
        page.wait_for_function("""before => document.getElementById("guide-status").textContent.trim() !== ""
            || (document.getElementById("guide").dataset.screen || "0") !== before""", arg=before)
        if "still" in status.inner_text():
            return asked
    raise AssertionError(f"no answer waited for the engine: {asked}")


def test_a_slow_link_that_keeps_delivering_is_waited_for_and_shows_its_progress(page, built_site):
    """At 1.6 Mbit/s the engine took longer than the old fixed 20 s limit and the guide gave up while the files were
    still arriving. Here the page's clock is stopped and moved on one second for every 32 KB the link delivers, so
    that the download takes well over a minute of the page's time while never pausing: no failure, the progress
    shown to the practitioner waiting on an answer, and the engine ready at the end."""
    link = SlowLink(built_site)
    with link as base:
        guide = Guide(page, base, "medway")
        page.clock.install()
        guide.open()
        page.clock.pause_at(_page_now(page) + dt.timedelta(seconds=1))
        asked = _walk_until_waiting(page, guide, MEDWAY[0].answers)
        assert asked[-1] == "escalation.stage-2.response"
        shown = []
        link.gate.set()
        page_time = 0
        while _engine(page)[0] not in ("ready", "failed") and page_time < 600_000:
            mark = link.sent
            deadline = time.monotonic() + 30
            while link.sent < mark + 32_768 and (link.sending or link.sent == 0) and time.monotonic() < deadline:
                time.sleep(0.01)
            if link.sent == mark:
                break  # everything delivered: the rest of the start is the engine's own work
            page.clock.run_for(1000)
            page_time += 1000
            text = page.locator("#guide-status").inner_text()
            if not shown or shown[-1] != text:
                shown.append(text)
        assert _engine(page)[0] != "failed", f"gave up after {page_time} ms of the page's time, showing {shown}"
        assert page_time > 40_000, f"the download took {page_time} ms of the page's time: not slower than the old limit"
        page.clock.resume()
        expect(page.locator("#guide")).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
        percents = [int(m.group(1)) for text in shown if (m := re.search(r"(\d+)% done", text))]
        assert len(percents) >= 3 and percents == sorted(percents), shown
        assert all("The guide is still loading" in text for text in shown if "%" in text)
        expect(page.locator("#guide-date")).to_be_visible(timeout=ENGINE_TIMEOUT)
        expect(page.locator("#guide-status")).to_be_empty()
        guide.watch.assert_clean()


def test_modules_served_with_the_wrong_mime_type_say_so_at_once_and_continue_never_reloads(page, site_server):
    """nginx's default mime.types sends .mjs as application/octet-stream: the page script's modules are refused and
    the page script never runs. Until it runs, Continue says to wait (it does not submit the built-in form, which
    reloaded the first question); once its modules are refused, the guide says it could not start, at once."""
    held, released = [], []

    def wrong_type(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-type": "application/octet-stream"})

    def hold(route):
        (wrong_type if released else held.append)(route)

    page.route("**/*.mjs", hold)
    guide = Guide(page, site_server, "wirral")
    page.goto(f"{site_server}/wirral/guide/", wait_until="domcontentloaded")
    expect(guide.heading).to_have_text(FIRST_QUESTION)
    address = page.url
    page.locator('#guide-form input[name="answer"][value="no"]').check()
    page.locator("#guide-form button[type=submit]").click()
    expect(page.locator("#guide-status")).to_have_text(STILL_LOADING)
    expect(guide.heading).to_have_text(FIRST_QUESTION)
    assert page.url == address
    expect(page.locator('#guide-form input[name="answer"][value="no"]')).to_be_checked()
    released.append(True)
    while held:
        wrong_type(held.pop())
    _says_it_could_not_start(page, "page-script")
    expect(guide.heading).to_have_text("The guide could not start")
    expect(page.locator(".guide-failure a")).to_have_attribute("href", "../when-to-use/")
    assert page.url == address


def test_continue_pressed_before_the_page_script_runs_is_checked_when_it_does(page, site_server):
    """A slow link for the page script's modules: Continue says to wait, and the answer is then checked."""
    held, released = [], []
    page.route("**/*.mjs", lambda route: route.continue_() if released else held.append(route))
    guide = Guide(page, site_server, "wirral")
    page.goto(f"{site_server}/wirral/guide/", wait_until="domcontentloaded")
    expect(guide.heading).to_have_text(FIRST_QUESTION)
    page.locator('#guide-form input[name="answer"][value="no"]').check()
    page.locator("#guide-form button[type=submit]").click()
    expect(page.locator("#guide-status")).to_have_text(STILL_LOADING)
    released.append(True)
    while held:
        held.pop().continue_()
    expect(guide.heading).to_have_text("Is the disagreement with another agency?")
    expect(page.locator("#guide-status")).to_be_empty()
    page.go_back()
    expect(guide.heading).to_have_text(FIRST_QUESTION)
    expect(page.locator('#guide-form input[name="answer"][value="no"]')).to_be_checked()
    guide.watch.assert_clean()


def test_a_worker_served_with_the_wrong_mime_type_fails_at_once(page, site_server):
    """Only the worker refused (the page script runs): the worker's error says so at once."""
    def wrong_type(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-type": "application/octet-stream"})

    page.route("**/engine-worker.mjs", wrong_type)
    Guide(page, site_server, "wirral").open()
    _says_it_could_not_start(page, "worker")


def test_a_csp_that_refuses_webassembly_fails_at_once_and_says_why(page, site_server):
    """A council's Content Security Policy without 'wasm-unsafe-eval', sent with every page and script: Pyodide only
    logs the refusal and waits, so the worker tries WebAssembly first and says so at once."""
    policies = []

    def strict(route):
        response = route.fetch()
        policy = response.headers.get("content-security-policy", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'")
        policies.append(policy.replace(" 'wasm-unsafe-eval'", ""))
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": policies[-1]})

    page.route(re.compile(r".*(/guide/|\.m?js)$"), strict)
    guide = Guide(page, site_server, "wirral")
    messages = []
    page.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
    guide.open()
    _says_it_could_not_start(page, "wasm-blocked")
    assert policies and all("script-src 'self'" in p and "wasm-unsafe-eval" not in p for p in policies)
    assert any("WebAssembly" in m and "wasm-unsafe-eval" in m for m in messages), messages


def test_a_blocked_webassembly_download_fails_at_once_and_keeps_the_answers(page, site_server):
    """Issue 9: with the engine's WebAssembly blocked (a proxy refusing .wasm), the guide says it could not start,
    at once rather than after a time limit, points to the manual, and keeps what was answered."""
    page.route("**/*.wasm", lambda route: route.abort())
    guide = Guide(page, site_server, "wirral").open()
    _says_it_could_not_start(page, "download")
    answers = {"immediate-risk": "no", "other-agency-involved": "yes", "own-agency": "health", "other-agency": "police",
               "escalation.reached": "stage-1", "escalation.stage-1.response": "none"}
    for _ in range(10):
        qid = guide.question_id()
        if qid is None or qid not in answers:
            break
        page.locator(f'#guide-form input[name="answer"][value="{answers[qid]}"]').check()
        page.locator("#guide-form button[type=submit]").click()
        page.wait_for_timeout(200)
    expect(guide.heading).to_have_text("The guide could not start")
    link = page.locator(".guide-failure a")
    assert link.get_attribute("href").startswith("../")
    page.go_back()
    expect(page.locator('#guide-form input[name="answer"]:checked')).to_have_count(1)


def test_an_engine_that_stops_answering_fails_after_the_stall_limit(page, site_server):
    """The WebAssembly download held for ever (nothing arrives, nothing fails): the stall limit, fast-forwarded."""
    page.route("**/pyodide.asm.wasm", lambda route: None)
    guide = Guide(page, site_server, "wirral")
    page.clock.install()
    guide.open()
    page.clock.run_for(21_000)
    _says_it_could_not_start(page, "stalled")


def test_the_escalation_log_says_at_once_when_its_modules_are_refused(page, site_server, root):
    """The log page's script is a module too: with .mjs served as application/octet-stream it never ran, its file
    boxes stayed disabled and nothing was said. It now says it could not start, and how else to make the log."""
    slug = sorted(p.parent.name for p in (root / "policies").glob("*/policy.yaml"))[0]

    def wrong_type(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-type": "application/octet-stream"})

    page.route("**/*.mjs", wrong_type)
    page.goto(f"{site_server}/{slug}/guide/log/")
    expect(page.locator("#log")).to_have_attribute("data-engine", "failed")
    expect(page.locator("#log")).to_have_attribute("data-engine-failure", "page-script")
    expect(page.get_by_role("alert")).to_contain_text("The escalation log could not start")
    expect(page.get_by_role("alert")).to_contain_text("python -m guide log")
    expect(page.locator("#log-status")).to_have_text("The escalation log could not start.")
