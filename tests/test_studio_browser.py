"""Issue 22: the policy studio in Chromium. A business manager opens the model template in the studio of a built site,
makes a broken edit and sees `build.py check`'s message with its line (the same words, from the same Python under
Pyodide), puts it right, and downloads a policy.yaml whose only difference from the template is the line changed.
No request leaves the site."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from guide.publish.policy_files import check_policy

from .guide_driver import ENGINE_TIMEOUT, Watch
from .test_accessibility import violations

pytestmark = pytest.mark.browser

LINE = 16         # `  bank_holidays: england-and-wales` in the model template


def _cli_problems(folder, text: str, slug: str = "model") -> list[tuple[int, int, str]]:
    """What `build.py check` says of this text as the policy.yaml of ``slug``: (line, col, message)."""
    target = folder / slug
    target.mkdir(parents=True, exist_ok=True)
    (target / "policy.yaml").write_text(text, encoding="utf-8")
    _, problems = check_policy(target / "policy.yaml")
    return [(p.line, p.col, p.message) for p in problems]


def _go_to_line(page, line: int) -> None:
    page.locator("#studio-editor .cm-content").click()
    page.keyboard.press("Control+Home")
    for _ in range(line - 1):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("End")


@pytest.mark.skipif(not (shutil.which("node")), reason="Node is needed to build the site")
def test_the_studio_checks_the_model_as_typed_and_downloads_only_the_changed_line(page, site_server, root, tmp_path):
    MODEL = "model"   # the template every site's studio offers, and the site whose studio is opened
    original = (root / "policies" / MODEL / "policy.yaml").read_text(encoding="utf-8")
    assert original.splitlines()[LINE - 1] == "  bank_holidays: england-and-wales"
    (tmp_path / MODEL).mkdir()
    shutil.copy2(root / "policies" / MODEL / "source.md", tmp_path / MODEL / "source.md")
    watch = Watch(site_server).attach(page)

    page.goto(f"{site_server}/{MODEL}/versions/")   # "For the partnership" links to it
    page.get_by_role("link", name="policy studio").click()
    expect(page).to_have_url(f"{site_server}/{MODEL}/studio/")
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex")
    page.get_by_role("button", name="Start from the model policy").click()
    studio = page.locator("#studio")
    expect(studio).to_have_attribute("data-checked", "ok", timeout=ENGINE_TIMEOUT)
    expect(page.locator("#studio-summary")).to_contain_text("No problems")

    # A broken edit: the region loses its last letter.
    _go_to_line(page, LINE)
    page.keyboard.press("Backspace")
    broken = original.replace("england-and-wales", "england-and-wale", 1)
    expected = _cli_problems(tmp_path, broken)
    assert [(line, col) for line, col, _ in expected] == [(LINE, 18)], expected
    expect(studio).to_have_attribute("data-checked", "problems", timeout=ENGINE_TIMEOUT)
    problem = page.locator("#studio-problems li.studio-problem")
    expect(problem).to_have_count(1)
    line, col, message = expected[0]
    expect(problem.locator(".studio-go")).to_have_text(f"Line {line}, column {col}")
    expect(problem.locator(".studio-message")).to_have_text(f": {message}")
    expect(problem.locator(".studio-cli")).to_have_text(f"policy.yaml:{line}:{col}: {message}")
    expect(page.locator("#studio-status")).to_have_text("Checked: 1 problem.")
    expect(page.locator("#studio-editor .cm-lintRange-error")).to_have_count(1)

    assert violations(page) == []
    page.keyboard.press("Tab")   # the keyboard leaves the editor with Tab (it indents with spaces)
    assert page.evaluate("document.activeElement.classList.contains('cm-content')") is False

    # The message's button takes the keyboard to the place; the fix is typed there.
    problem.locator(".studio-go").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("End")
    for _ in range(len("england-and-wale")):
        page.keyboard.press("Backspace")
    page.keyboard.type("scotland")
    expect(studio).to_have_attribute("data-checked", "ok", timeout=ENGINE_TIMEOUT)
    expect(page.locator("#studio-problems li.studio-problem")).to_have_count(0)

    # Try it: the guide's engine walks every route of the edited policy; without a timescale in days, another
    # region's bank holidays change no route's advice.
    page.get_by_role("button", name="Try it").click()
    expect(studio).to_have_attribute("data-tried", "done", timeout=ENGINE_TIMEOUT)
    expect(page.locator("#studio-try-summary")).to_contain_text("routes through the guide")
    expect(studio).to_have_attribute("data-changed-routes", "0")
    with page.expect_download() as review_info:
        page.get_by_role("button", name="Download a review copy for the board (HTML)").click()
    review = review_info.value
    review.save_as(tmp_path / "review.html")
    copy = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert review.suggested_filename.startswith("review-copy-") and "<script" not in copy
    assert "Every route through the guide" in copy and "Sign-off" in copy and "bank_holidays" not in copy

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download policy.yaml").click()
    download = download_info.value
    assert download.suggested_filename == "policy.yaml"
    saved = (tmp_path / "policy.yaml")
    download.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(original.splitlines(), text.splitlines(), lineterm="", n=0)
               if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert changed == ["-  bank_holidays: england-and-wales", "+  bank_holidays: scotland"]
    assert text.count("\n") == original.count("\n") and text.startswith("# yaml-language-server")  # comments kept
    assert _cli_problems(tmp_path, text) == []
    watch.assert_clean()


def test_a_timescale_changed_through_the_form_changes_its_line_and_try_it_names_the_routes(page, site_server, root, tmp_path):
    slug = "suffolk"   # a policy with a response time in working days
    original = (root / "policies" / slug / "policy.yaml").read_text(encoding="utf-8")
    watch = Watch(site_server).attach(page)
    page.goto(f"{site_server}/{slug}/studio/")
    page.get_by_role("button", name="Start from this site's policy").click()
    studio = page.locator("#studio")
    expect(studio).to_have_attribute("data-checked", "ok", timeout=ENGINE_TIMEOUT)
    field = page.locator("#studio-form input[inputmode=numeric]").first
    expect(field).to_have_value("1", timeout=ENGINE_TIMEOUT)
    label = page.locator(f'label[for="{field.get_attribute("id")}"]').inner_text()
    assert "response time in working days" in label
    field.fill("3")
    field.press("Tab")
    expect(studio).to_have_attribute("data-form-edits", "1", timeout=ENGINE_TIMEOUT)   # its one change, in the text
    expect(field).to_have_attribute("aria-invalid", "false")
    expect(studio).to_have_attribute("data-checked", "ok", timeout=ENGINE_TIMEOUT)
    page.get_by_role("button", name="Try it").click()
    expect(studio).to_have_attribute("data-tried", "done", timeout=ENGINE_TIMEOUT)
    changed = int(studio.get_attribute("data-changed-routes"))
    assert changed > 0
    rows = page.locator('table[data-kind="changed"] tbody tr')
    expect(rows).to_have_count(min(changed, 200))
    first = rows.first.locator("td")
    assert first.nth(1).inner_text() != first.nth(2).inner_text()
    # The preview's deadline changes: each route says its date, worked out by the engine from the new timescale.
    deadlines = [re.search(r"\bBy ((?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+ \d{4})",
                           first.nth(n).inner_text()) for n in (1, 2)]
    assert all(deadlines), [first.nth(n).inner_text() for n in (1, 2)]
    assert deadlines[0].group(1) != deadlines[1].group(1)
    assert "1 working day" in first.nth(1).inner_text() and "3 working days" in first.nth(2).inner_text()
    expect(page.locator('table[data-kind="facts"]')).to_contain_text("3")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download policy.yaml").click()
    saved = tmp_path / "policy.yaml"
    download_info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    changed_lines = [line for line in difflib.unified_diff(original.splitlines(), text.splitlines(), lineterm="", n=0)
                     if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert changed_lines == ["-          amount: 1", "+          amount: 3"]
    watch.assert_clean()


WRONG_ROW = 4     # of policies/model/scenarios.csv: its expected stage is changed to a later one


@pytest.mark.skipif(not (shutil.which("node")), reason="Node is needed to build the site")
def test_a_scenario_table_run_in_the_studio_names_its_wrong_row_as_the_command_line_does(page, site_server, root,
                                                                                          tmp_path):
    MODEL = "model"
    lines = (root / "policies" / MODEL / "scenarios.csv").read_text(encoding="utf-8").split("\n")
    right = "Step 1,not resolved,Step 2: Your line manager or safeguarding lead takes it up"
    assert right in lines[WRONG_ROW - 1]
    lines[WRONG_ROW - 1] = lines[WRONG_ROW - 1].replace(right, "Step 1,not resolved,Step 3: Through each agency's line management")
    table = tmp_path / "scenarios.csv"
    table.write_text("\n".join(lines), encoding="utf-8")
    cli = subprocess.run([sys.executable, str(root / "build.py"), "scenarios", MODEL, str(table)], cwd=root,
                         capture_output=True, text=True, timeout=600)
    assert cli.returncode == 1, cli.stderr
    failed, summary = cli.stdout.splitlines()
    assert failed.startswith(f"Row {WRONG_ROW}: expected Step 3") and "the guide says Step 2" in failed

    watch = Watch(site_server).attach(page)
    page.goto(f"{site_server}/{MODEL}/studio/")
    page.get_by_role("button", name="Start from the model policy").click()
    studio = page.locator("#studio")
    expect(studio).to_have_attribute("data-checked", "ok", timeout=ENGINE_TIMEOUT)
    page.get_by_label("Run a scenario table (CSV)").set_input_files(str(table))
    expect(studio).to_have_attribute("data-scenarios", "failed", timeout=ENGINE_TIMEOUT)
    expect(page.locator(".studio-scenario-failed li")).to_have_text([failed])   # the same row, in the same words
    expect(page.locator("#studio-scenario-summary")).to_have_text(f"scenarios.csv: {summary}")
    assert violations(page) == []

    with page.expect_download() as template_info:
        page.get_by_role("button", name="Download a template table").click()
    template_info.value.save_as(tmp_path / "template.csv")
    page.get_by_label("Run a scenario table (CSV)").set_input_files(str(tmp_path / "template.csv"))
    expect(studio).to_have_attribute("data-scenarios", "passed", timeout=ENGINE_TIMEOUT)   # its example row holds
    expect(page.locator("#studio-scenario-summary")).to_have_text("template.csv: 1 scenario: 1 as expected, 0 not.")

    # The board's sign-off, recorded through the form: its own lines under document:, then fields of the form, and
    # the review copy carries it with the table's result (22.7).
    original = (root / "policies" / MODEL / "policy.yaml").read_text(encoding="utf-8")
    page.get_by_label("Signed off by (name)").fill("Jo Bloggs")
    page.get_by_label("Their role").fill("Independent Chair")
    page.get_by_label("Date signed off").fill("2026-11-30")
    page.get_by_role("button", name="Record sign-off").click()
    expect(page.locator("#studio-field-document-approved-by")).to_have_value("Jo Bloggs", timeout=ENGINE_TIMEOUT)
    expect(page.locator("#studio-signoff")).to_be_hidden()
    expect(studio).to_have_attribute("data-checked", "ok", timeout=ENGINE_TIMEOUT)
    page.get_by_label("Run a scenario table (CSV)").set_input_files(str(table))   # the same table, on this text
    expect(studio).to_have_attribute("data-scenarios", "failed", timeout=ENGINE_TIMEOUT)
    page.get_by_role("button", name="Try it").click()
    expect(studio).to_have_attribute("data-tried", "done", timeout=ENGINE_TIMEOUT)
    with page.expect_download() as review_info:
        page.get_by_role("button", name="Download a review copy for the board (HTML)").click()
    review_info.value.save_as(tmp_path / "review.html")
    copy = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert "<td>Jo Bloggs</td><td>Independent Chair</td><td>2026-11-30</td>" in copy
    assert failed.replace("'", "&#39;") in copy
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download policy.yaml").click()
    download_info.value.save_as(tmp_path / "policy.yaml")
    added = [line for line in difflib.unified_diff(original.splitlines(),
                                                   (tmp_path / "policy.yaml").read_text(encoding="utf-8").splitlines(),
                                                   lineterm="", n=0)
             if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert added == ["+  approved:", "+    by: Jo Bloggs", "+    role: Independent Chair", "+    date: 2026-11-30"]
    watch.assert_clean()


# A worker that answers with hostile text (policy text is data: every value is escaped) and never answers Try it the
# first time: the studio's own worker cannot be made to hang (the checker bounds what it reads), so it stands in.
HOSTILE_WORKER = """
const HOSTILE = '<img src=x onerror="window.__pwned = 1">';
window.__terminated = 0;
window.Worker = class {
  constructor() { setTimeout(() => this.onmessage({ data: { type: "ready" } }), 0); }
  postMessage(m) {
    const reply = (result) => setTimeout(() => this.onmessage({ data: { id: m.id, ok: true, result } }), 0);
    if (m.call === "try" && window.__terminated === 0) return;   // a hang
    if (!m.call && m.text.includes("# HANG")) return;
    if (m.call === "try") reply({ problems: 0, stopped: false, changed: [], facts: [[HOSTILE, HOSTILE, HOSTILE]],
      routes: [{ answers: [HOSTILE], result: HOSTILE, contacts: HOSTILE, timescale: HOSTILE, deadline: null, duties: null }] });
    else if (m.call === "fields") reply([{ path: ["partnership", "name"], id: "partnership-name", group: HOSTILE,
      label: HOSTILE, hint: HOSTILE, value: HOSTILE, number: false, start: 0, end: 0 }]);
    else if (!m.call) reply({ read: true, looks_like_policy: true, warnings: [],
      problems: [{ line: 1, col: 1, message: HOSTILE, text: HOSTILE, warning: false }] });
  }
  terminate() { window.__terminated += 1; }
};
"""


@pytest.mark.skipif(not (shutil.which("node")), reason="Node is needed to build the site")
def test_hostile_text_stays_text_and_a_try_that_never_ends_is_stopped(page, site_server, tmp_path):
    """Issue 22's hostile-input audit: markup in a message, a label or a route is shown as text, in the page and in
    the review copy (which holds no script and no element of its own); a Try it that never answers is stopped and the
    worker started again, though nothing was typed after it (the stop was armed by checks alone)."""
    page.add_init_script(HOSTILE_WORKER)
    page.goto(f"{site_server}/model/studio/")
    page.get_by_role("button", name="Start from the model policy").click()
    studio = page.locator("#studio")
    expect(studio).to_have_attribute("data-checked", "problems", timeout=ENGINE_TIMEOUT)
    expect(page.locator(".studio-message")).to_have_text(': <img src=x onerror="window.__pwned = 1">')
    expect(page.locator("#studio-field-partnership-name")).to_have_value('<img src=x onerror="window.__pwned = 1">')
    page.get_by_role("button", name="Try it").click()
    expect(page.locator("#studio-try-summary")).to_contain_text("did not finish", timeout=240_000)   # after 2 min
    assert page.evaluate("window.__terminated") == 1
    expect(page.get_by_role("button", name="Try it")).to_be_enabled()
    page.get_by_role("button", name="Try it").click()
    expect(studio).to_have_attribute("data-tried", "done", timeout=ENGINE_TIMEOUT)
    assert page.locator("#studio img").count() == 0 and page.evaluate("window.__pwned") is None
    with page.expect_download() as review_info:
        page.get_by_role("button", name="Download a review copy for the board (HTML)").click()
    assert re.fullmatch(r"review-copy-\d{4}-\d{2}-\d{2}\.html", review_info.value.suggested_filename)
    review_info.value.save_as(tmp_path / "review.html")
    copy = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert "<img" not in copy and "<script" not in copy.lower() and "&lt;img src=x onerror=&quot;" in copy

    # A check that never finishes is stopped too; the review copy then refuses, rather than quote an older text's check.
    page.locator("#studio-editor .cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n# HANG\n")
    expect(studio).to_have_attribute("data-checked", "stalled", timeout=90_000)   # after 30 s
    page.get_by_role("button", name="Try it").click()
    expect(studio).to_have_attribute("data-tried", "done", timeout=ENGINE_TIMEOUT)
    page.get_by_role("button", name="Download a review copy for the board (HTML)").click()
    expect(page.locator("#studio-status")).to_contain_text("needs the check of this text")


from .test_dist import NGINX, SUB_PATH, artefact, nginx  # noqa: E402,F401  (the zip of `make dist`, served by nginx)


@pytest.mark.skipif(NGINX is None, reason="nginx is needed (make test installs it)")
def test_the_studio_works_from_the_dist_zip_under_a_sub_path_on_nginx(nginx, page):
    watch = Watch(nginx).attach(page)
    page.goto(f"{nginx}{SUB_PATH}/studio/")
    page.get_by_role("button", name="Start from this site's policy").click()
    studio = page.locator("#studio")
    expect(studio).to_have_attribute("data-checked", "ok", timeout=ENGINE_TIMEOUT)
    page.locator("#studio-editor .cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\nnot_a_field: 1")
    expect(studio).to_have_attribute("data-checked", "problems", timeout=ENGINE_TIMEOUT)
    expect(page.locator("#studio-problems li.studio-problem").first).to_contain_text("`not_a_field` is not a field")
    watch.assert_clean()


# A route through the model template (slug "model"): to its referral pathway's Step 1, whose timescale is "agreed".
WALK = {"immediate-risk": "no", "about": "referral", "own-agency": "social-care", "other-agency": "social-care",
        "referral.reached": "none"}
def _agreed_line() -> int:
    """The line of `          kind: agreed` in the referral pathway's Step 1 timescale of the model template (found,
    not fixed: the template gains lines)."""
    model = Path(__file__).resolve().parent.parent / "policies" / "model" / "policy.yaml"
    lines = model.read_text(encoding="utf-8").splitlines() if model.is_file() else []
    start = next((i for i, line in enumerate(lines) if line.strip() == "- id: referral"), 0)
    return next((i + 1 for i, line in enumerate(lines) if i > start and line == "          kind: agreed"), 0)


AGREED = _agreed_line()


def _walk_to_result(page, answers: dict, limit: int = 20):
    """Press "Walk through the draft" and answer each question the preview asks (a date with "Use today") until the
    result. Returns the questions asked."""
    box = page.locator("#studio-walk-screen")
    asked = []
    page.get_by_role("button", name="Walk through the draft").click()
    for _ in range(limit):
        expect(box.locator("form[data-question], .guide-panel").first).to_be_visible(timeout=ENGINE_TIMEOUT)
        assert box.get_attribute("data-kind") in ("question", "advice", "signpost"), box.inner_text()
        if box.get_attribute("data-kind") != "question":
            return asked
        # Focus is on the question's heading (GOV.UK pattern), so a screen reader reads the question first.
        assert page.evaluate("document.activeElement.id") == "guide-heading"
        question = box.locator("form[data-question]").get_attribute("data-question")
        asked.append(question)
        drawn = box.get_attribute("data-screen")
        if question in answers:
            box.locator(f'input[name="answer"][value="{answers[question]}"]').check()
        else:
            box.get_by_role("button", name="Use today").click()
        box.get_by_role("button", name="Continue").click()
        expect(box).not_to_have_attribute("data-screen", drawn, timeout=ENGINE_TIMEOUT)
    raise AssertionError(f"no result after {limit} questions: {asked}")


@pytest.mark.skipif(not (shutil.which("node")), reason="Node is needed to build the site")
def test_walking_through_the_draft_asks_its_questions_and_shows_the_new_deadline_after_an_edit(page, site_server, root):
    MODEL = "model"
    original = (root / "policies" / MODEL / "policy.yaml").read_text(encoding="utf-8")
    assert original.splitlines()[AGREED - 1] == "          kind: agreed"
    watch = Watch(site_server).attach(page)
    page.goto(f"{site_server}/{MODEL}/studio/")
    page.get_by_role("button", name="Start from the model policy").click()
    studio = page.locator("#studio")
    expect(studio).to_have_attribute("data-checked", "ok", timeout=ENGINE_TIMEOUT)
    box = page.locator("#studio-walk-screen")

    asked = _walk_to_result(page, WALK)
    assert asked == list(WALK)
    panel = box.locator(".guide-panel")
    expect(panel.locator("#guide-heading")).to_contain_text("Step 1")
    expect(panel.locator(".guide-panel__deadline")).to_have_count(0)    # "agreed": no date
    assert page.evaluate("document.activeElement.id") == "guide-heading"
    # Back returns to the last question, its answer kept; nothing of the walk is in the address.
    box.get_by_role("link", name="Back").click()
    expect(box.locator("form[data-question]")).to_have_attribute("data-question", "referral.reached")
    expect(box.locator('input[value="none"]')).to_be_checked()
    assert page.evaluate("document.activeElement.id") == "guide-heading"
    assert page.url == f"{site_server}/{MODEL}/studio/"
    assert violations(page) == []

    # The timescale, edited in the text: 5 calendar days instead of a time both agree.
    _go_to_line(page, AGREED)
    page.keyboard.press("Shift+Home")
    page.keyboard.type("kind: calendar-days")
    page.keyboard.press("Enter")
    page.keyboard.press("Home")
    page.keyboard.press("Shift+End")
    page.keyboard.type("          amount: 5")
    expect(studio).to_have_attribute("data-checked", "ok", timeout=ENGINE_TIMEOUT)

    # Walked again, the draft asks when the step was raised, and the result gives its date.
    asked = _walk_to_result(page, WALK)
    assert asked == list(WALK) + ["referral.professionals.raise-on"]
    deadline = panel.locator(".guide-panel__deadline")
    expect(deadline).to_have_count(1)
    expect(deadline.locator("strong")).to_have_text(
        re.compile(r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+ \d{4}"))
    assert violations(page) == []
    watch.assert_clean()
