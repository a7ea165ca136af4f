"""Drives the guide page in Chromium the way a practitioner does: read the question, choose or type, Continue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlparse

from playwright.sync_api import Page, expect

ENGINE_TIMEOUT = 90_000  # a cold Pyodide start on a slow machine


@dataclass
class Watch:
    """What a page did: requests to other origins, console errors, uncaught errors."""

    origin: str
    foreign: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def attach(self, page: Page) -> "Watch":
        def on_request(request):
            scheme = urlparse(request.url).scheme
            if scheme in ("blob", "data"):
                return
            if not request.url.startswith(self.origin + "/"):
                self.foreign.append(request.url)

        page.on("request", on_request)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.context.on("weberror", lambda e: self.errors.append(str(e.error)))
        return self

    def assert_clean(self):
        assert self.foreign == [], f"requests left the site: {self.foreign}"
        assert self.errors == [], f"console errors: {self.errors}"


class Guide:
    def __init__(self, page: Page, base: str, slug: str, today: str = "2026-11-20"):
        self.page = page
        self.base = base
        self.slug = slug
        self.watch = Watch(base).attach(page)
        y, m, d = map(int, today.split("-"))
        page.clock.set_fixed_time(dt.datetime(y, m, d, 10, 0, 0))

    def open(self) -> "Guide":
        self.page.goto(f"{self.base}/{self.slug}/guide/")
        expect(self.heading).to_be_visible()
        return self

    @property
    def heading(self):
        return self.page.locator("#guide-heading")

    def question_id(self) -> str | None:
        form = self.page.locator("#guide-form[data-question]")
        return form.get_attribute("data-question") if form.count() else None

    def continue_(self):
        """Press Continue and wait for the guide to draw its next screen (or the same one with errors)."""
        before = self.page.evaluate("document.getElementById('guide').dataset.screen || '0'")
        self.page.locator("#guide-form button[type=submit]").click()
        self.page.wait_for_function(
            "before => (document.getElementById('guide').dataset.screen || '0') !== before", arg=before,
            timeout=ENGINE_TIMEOUT)

    def answer(self, value):
        """Give an answer to the current question: an option value, a date (YYYY-MM-DD or {day, month, year}), or a
        time as typed ("17:00", "5pm", or "not-known" for "I do not know the time")."""
        if self.page.locator("#guide-date").count():
            parts = value if isinstance(value, dict) else dict(zip(("year", "month", "day"), str(value).split("-")))
            for part in ("day", "month", "year"):
                text = str(parts.get(part, ""))
                if part != "year" and text.isdigit():
                    text = str(int(text))
                self.page.fill(f"#guide-date-{part}", text)
        elif self.page.locator("#guide-time").count():              # a time, or "I do not know the time"
            if value == "not-known":
                self.page.locator("#guide-answer-0").check()
            else:
                self.page.fill("#guide-time", str(value))
        else:
            self.page.locator(f'#guide-form input[name="answer"][value="{value}"]').check()
        self.continue_()

    def walk(self, answers: dict, limit: int = 40) -> str:
        """Answer each question from ``answers`` until the guide gives its result; returns the result's heading."""
        for _ in range(limit):
            qid = self.question_id()
            if qid is None:
                return self.heading.inner_text()
            assert qid in answers, f"the guide asked `{qid}`, which the walk does not answer"
            value = answers[qid]
            if isinstance(value, (dt.date,)):
                value = value.isoformat()
            self.answer(value)
        raise AssertionError("the walk did not reach a result")

    def start_again(self):
        """Start again, and say yes when the guide asks first (it does once anything has been answered)."""
        self.page.get_by_role("button", name="Start again").first.click()
        confirm = self.page.get_by_role("button", name="Yes, clear everything and start again")
        if self.heading.inner_text() == "Start again?":
            confirm.click()
        expect(self.heading).to_have_text("Is a child at immediate risk of significant harm?")

    def screen_text(self) -> str:
        return " ".join(self.page.locator("#guide-screen").inner_text().split())

    def fill_form(self, values: dict[str, str]):
        """Fill the current form section's fields by label, then Continue. Dates as YYYY-MM-DD; a name and job
        title as "Name, Job title"."""
        for label, value in values.items():
            group = self.page.locator(".govuk-form-group", has=self.page.get_by_text(label, exact=True)).last
            group.wait_for()        # the screen is drawn after the engine answers: count() below does not wait
            if group.locator(".govuk-date-input").count():
                y, m, d = value.split("-")
                group.locator("input[name$='.day']").fill(str(int(d)))
                group.locator("input[name$='.month']").fill(str(int(m)))
                group.locator("input[name$='.year']").fill(y)
            elif group.locator("input[type=radio]").count():          # a choice: the answer's label
                group.get_by_label(value, exact=True).check()
            elif group.locator("input[name$='.role']").count():      # a name and job title: "Name, Job title"
                name, _, role = value.partition(", ")
                group.locator("input[name$='.name']").fill(name)
                group.locator("input[name$='.role']").fill(role)
            else:
                group.locator("input, textarea").first.fill(value)
        self.continue_()

    def privacy_probe(self) -> dict:
        """Everything that could leak a child's details out of the page's memory."""
        return self.page.evaluate("""() => ({
            url: location.href,
            cookies: document.cookie,
            local: JSON.stringify(Object.assign({}, localStorage)),
            session: JSON.stringify(Object.assign({}, sessionStorage)),
            history: JSON.stringify(history.state),
        })""")
