"""Issue 22: the policy studio in Chromium. A business manager opens the model template in the studio of a built site,
makes a broken edit and sees `build.py check`'s message with its line (the same words, from the same Python under
Pyodide), puts it right, and downloads a policy.yaml whose only difference from the template is the line changed.
No request leaves the site. The last test is the issue's "Done when" in one, with the site served by nginx alone;
the others try each part further against `build.py serve`'s handler."""

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


def _start(page, studio_url: str, button: str):
    """Open the studio at ``studio_url``, press one of its "Start from ..." buttons, and wait for the check to accept
    the text. Returns the studio's element (its data- attributes say what the page has done)."""
    if page.url != studio_url:
        page.goto(studio_url)
    page.get_by_role("button", name=button).click()
    studio = page.locator("#studio")
    expect(studio).to_have_attribute("data-checked", "ok", timeout=ENGINE_TIMEOUT)
    return studio


def _download(page, button: str, path: Path) -> str:
    """Press a download button and save what it gives at ``path``. Returns the name the page suggested."""
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    info.value.save_as(path)
    return info.value.suggested_filename


def _diff(original: str, text: str, hunks: bool = False) -> list[str]:
    """The lines of the unified diff (no context) of two texts, without its file names (nor its @@ lines unless
    ``hunks``)."""
    lines = list(difflib.unified_diff(original.splitlines(), text.splitlines(), lineterm="", n=0))[2:]
    return [line for line in lines if hunks or not line.startswith("@@")]


def _break_the_region(page, studio, folder, text: str):
    """In the text editor, the region on line LINE loses its last letter: the studio's one message is what
    `build.py check` says of the same ``text`` so broken, at the same line and column. Returns the message."""
    _go_to_line(page, LINE)
    page.keyboard.press("Backspace")
    expected = _cli_problems(folder, text.replace("england-and-wales", "england-and-wale", 1))
    assert [(line, col) for line, col, _ in expected] == [(LINE, 18)], expected
    expect(studio).to_have_attribute("data-checked", "problems", timeout=ENGINE_TIMEOUT)
    problem = page.locator("#studio-problems li.studio-problem")
    expect(problem).to_have_count(1)
    line, col, message = expected[0]
    expect(problem.locator(".studio-go")).to_have_text(f"Line {line}, column {col}")
    expect(problem.locator(".studio-message")).to_have_text(f": {message}")
    expect(problem.locator(".studio-cli")).to_have_text(f"policy.yaml:{line}:{col}: {message}")
    return problem


def _run_table(page, studio, table: Path, summary: str, failed: list[str] = ()) -> None:
    """Run the scenario table ``table`` in the studio: its summary, and the rows it names as failing, are these."""
    page.get_by_label("Run a scenario table (CSV)").set_input_files(str(table))
    expect(studio).to_have_attribute("data-scenarios", "failed" if failed else "passed", timeout=ENGINE_TIMEOUT)
    expect(page.locator("#studio-scenario-summary")).to_have_text(f"{table.name}: {summary}")
    expect(page.locator(".studio-scenario-failed li")).to_have_text(list(failed))   # in the command line's words


WRONG_ROW = 4     # of policies/model/scenarios.csv: its expected stage is changed to a later one


def _scenarios_cli(root, table: Path):
    """`python build.py scenarios model <table>`, as a business manager runs it."""
    return subprocess.run([sys.executable, str(root / "build.py"), "scenarios", "model", str(table)], cwd=root,
                          capture_output=True, text=True, timeout=600)


def _wrong_table(root, tmp_path) -> tuple[Path, str, str]:
    """The model's own scenario table with one row wrong (row WRONG_ROW expects Step 3 where the guide gives Step 2),
    run through the command line: (the table, the line naming its wrong row, the summary)."""
    lines = (root / "policies" / "model" / "scenarios.csv").read_text(encoding="utf-8").split("\n")
    right = "Step 1,not resolved,Step 2: Your line manager or safeguarding lead takes it up"
    assert right in lines[WRONG_ROW - 1]
    wrong = "Step 1,not resolved,Step 3: Through each agency's line management"
    lines[WRONG_ROW - 1] = lines[WRONG_ROW - 1].replace(right, wrong)
    table = tmp_path / "scenarios.csv"
    table.write_text("\n".join(lines), encoding="utf-8")
    cli = _scenarios_cli(root, table)
    assert cli.returncode == 1, cli.stderr
    failed, summary = cli.stdout.splitlines()
    assert failed.startswith(f"Row {WRONG_ROW}: expected Step 3") and "the guide says Step 2" in failed
    return table, failed, summary


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
    studio = _start(page, f"{site_server}/{MODEL}/studio/", "Start from the model policy")
    expect(page.locator("#studio-summary")).to_contain_text("No problems")

    problem = _break_the_region(page, studio, tmp_path, original)   # a broken edit: the region loses its last letter
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
    name = _download(page, "Download a review copy for the board (HTML)", tmp_path / "review.html")
    copy = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert name.startswith("review-copy-") and "<script" not in copy
    assert "Every route through the guide" in copy and "Sign-off" in copy and "bank_holidays" not in copy

    assert _download(page, "Download policy.yaml", tmp_path / "policy.yaml") == "policy.yaml"
    text = (tmp_path / "policy.yaml").read_text(encoding="utf-8")
    assert _diff(original, text) == ["-  bank_holidays: england-and-wales", "+  bank_holidays: scotland"]
    assert text.count("\n") == original.count("\n") and text.startswith("# yaml-language-server")  # comments kept
    assert _cli_problems(tmp_path, text) == []
    watch.assert_clean()


def test_a_timescale_changed_through_the_form_changes_its_line_and_try_it_names_the_routes(page, site_server, root, tmp_path):
    slug = "suffolk"   # a policy with a response time in working days
    original = (root / "policies" / slug / "policy.yaml").read_text(encoding="utf-8")
    watch = Watch(site_server).attach(page)
    studio = _start(page, f"{site_server}/{slug}/studio/", "Start from this site's policy")
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

    _download(page, "Download policy.yaml", tmp_path / "policy.yaml")
    assert _diff(original, (tmp_path / "policy.yaml").read_text(encoding="utf-8")) == ["-          amount: 1",
                                                                                    "+          amount: 3"]
    watch.assert_clean()


@pytest.mark.skipif(not (shutil.which("node")), reason="Node is needed to build the site")
def test_a_scenario_table_run_in_the_studio_names_its_wrong_row_as_the_command_line_does(page, site_server, root,
                                                                                          tmp_path):
    MODEL = "model"
    table, failed, summary = _wrong_table(root, tmp_path)
    watch = Watch(site_server).attach(page)
    studio = _start(page, f"{site_server}/{MODEL}/studio/", "Start from the model policy")
    _run_table(page, studio, table, summary, [failed])   # the same row, in the same words
    assert violations(page) == []

    _download(page, "Download a template table", tmp_path / "template.csv")
    _run_table(page, studio, tmp_path / "template.csv", "1 scenario: 1 as expected, 0 not.")   # its example row holds

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
    _run_table(page, studio, table, summary, [failed])   # the same table, on this text
    page.get_by_role("button", name="Try it").click()
    expect(studio).to_have_attribute("data-tried", "done", timeout=ENGINE_TIMEOUT)
    _download(page, "Download a review copy for the board (HTML)", tmp_path / "review.html")
    copy = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert "<td>Jo Bloggs</td><td>Independent Chair</td><td>2026-11-30</td>" in copy
    assert failed.replace("'", "&#39;") in copy
    _download(page, "Download policy.yaml", tmp_path / "policy.yaml")
    assert _diff(original, (tmp_path / "policy.yaml").read_text(encoding="utf-8")) == [
        "+  approved:", "+    by: Jo Bloggs", "+    role: Independent Chair", "+    date: 2026-11-30"]
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
    name = _download(page, "Download a review copy for the board (HTML)", tmp_path / "review.html")
    assert re.fullmatch(r"review-copy-\d{4}-\d{2}-\d{2}\.html", name)
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


from guide.publish.dist import package  # noqa: E402

# `make dist`'s zip, served by nginx
from .test_dist import NGINX, SUB_PATH, artefact, nginx, served_by_nginx  # noqa: E402,F401


@pytest.mark.skipif(NGINX is None, reason="nginx is needed (make test installs it)")
def test_the_studio_works_from_the_dist_zip_under_a_sub_path_on_nginx(nginx, page):
    watch = Watch(nginx).attach(page)
    studio = _start(page, f"{nginx}{SUB_PATH}/studio/", "Start from this site's policy")
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
    studio = _start(page, f"{site_server}/{MODEL}/studio/", "Start from the model policy")
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


@pytest.fixture(scope="module")
def model_on_nginx(built_site, tmp_path_factory):
    """The model partnership's site, zipped by `make dist` and served by nginx under a sub-path, and nothing else (no
    Python server): its address, sub-path included."""
    root = tmp_path_factory.mktemp("model-nginx")
    yield from (base + SUB_PATH for base in served_by_nginx(package(built_site, "model", root / "dist"), "model", root))


KIND = "Dissent at referral or enquiry stage · Step 1 Resolve it between professionals: kind of timescale"
DATE = re.compile(r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+ \d{4}")
NOT_A_ROUTE = "Not a route in this version"


@pytest.mark.skipif(NGINX is None, reason="nginx is needed (make test installs it)")
def test_on_nginx_the_model_edited_by_form_and_text_is_tried_checked_downloaded_as_one_line_and_its_table_run(
        model_on_nginx, page, root, tmp_path):
    """Issue 22, done when: "A Chromium test, with only the built site served by nginx: opens the model template in
    the studio, changes a timescale through the form, sees the preview's deadline change and the change list name the
    routes affected, makes a broken edit in the text and sees the message with its line, downloads a `policy.yaml`
    whose diff with the original is exactly the changed line, and runs a scenario table whose one wrong row is named;
    the same table passes through `build.py scenarios`."

    The model's timescales give no number of days, so the form's change is of a timescale's kind: the referral
    pathway's Step 1 from `agreed` (no date) to `same-working-day` (a date). The scenario table is run on the template
    as opened, the policy `build.py scenarios model` runs."""
    site = model_on_nginx
    original = (root / "policies" / "model" / "policy.yaml").read_text(encoding="utf-8")
    assert original.splitlines()[AGREED - 1] == "          kind: agreed"
    assert original.splitlines()[LINE - 1] == "  bank_holidays: england-and-wales"
    (tmp_path / "model").mkdir()
    shutil.copy2(root / "policies" / "model" / "source.md", tmp_path / "model" / "source.md")
    watch = Watch(site).attach(page)   # the site's own folder: a request anywhere else is one that left the site

    # The partnership's versions page links to its studio; the studio opens the model template.
    page.goto(f"{site}/versions/")
    page.get_by_role("link", name="policy studio").click()
    expect(page).to_have_url(f"{site}/studio/")
    studio = _start(page, f"{site}/studio/", "Start from the model policy")

    # A scenario table with one wrong row: the studio names it in the command line's words, and the command line
    # fails on it; the table put right passes both.
    table, failed, summary = _wrong_table(root, tmp_path)
    _run_table(page, studio, table, summary, [failed])
    right = tmp_path / "right" / "scenarios.csv"
    right.parent.mkdir()
    shutil.copy2(root / "policies" / "model" / "scenarios.csv", right)   # the model's own table: row 4 as it was
    assert len(_diff(right.read_text(encoding="utf-8"), table.read_text(encoding="utf-8"))) == 2
    cli = _scenarios_cli(root, right)
    passed = cli.stdout.strip().splitlines()
    assert cli.returncode == 0 and len(passed) == 1 and passed[0].endswith(", 0 not."), (cli.stdout, cli.stderr)
    _run_table(page, studio, right, passed[0])

    # The preview, walked through: the referral pathway's Step 1 gives no date while its time is agreed.
    panel = page.locator("#studio-walk-screen .guide-panel")
    assert _walk_to_result(page, WALK) == list(WALK)
    expect(panel.locator("#guide-heading")).to_contain_text("Step 1")
    expect(panel.locator(".guide-panel__deadline")).to_have_count(0)

    # Through the form: that timescale becomes "the same working day".
    kind = page.get_by_label(KIND)
    expect(kind).to_have_value("agreed")
    kind.select_option("same-working-day")
    expect(studio).to_have_attribute("data-form-edits", "1", timeout=ENGINE_TIMEOUT)
    expect(kind).to_have_attribute("aria-invalid", "false")
    expect(studio).to_have_attribute("data-checked", "ok", timeout=ENGINE_TIMEOUT)

    # The preview now asks when Step 1 starts, and gives its deadline.
    assert _walk_to_result(page, WALK) == list(WALK) + ["referral.professionals.raise-on"]
    expect(panel.locator("#guide-heading")).to_contain_text("Step 1")
    expect(panel.locator(".guide-panel__deadline strong")).to_have_text(DATE)

    # Try it: the change list names the routes affected, each of them a referral, the new ones with their date.
    page.get_by_role("button", name="Try it").click()
    expect(studio).to_have_attribute("data-tried", "done", timeout=ENGINE_TIMEOUT)
    changed = int(studio.get_attribute("data-changed-routes"))
    assert changed > 0
    expect(page.locator("#studio-try-summary")).to_contain_text(f"{changed:,} routes give different advice")
    expect(page.locator('table[data-kind="changed"] tbody tr')).to_have_count(min(changed, 200))
    rows = page.evaluate("""() => [...document.querySelectorAll('table[data-kind="changed"] tbody tr')]
                                 .map((tr) => [...tr.cells].map((td) => td.textContent))""")
    assert all("What is the disagreement about? A referral or enquiry" in answers for answers, _, _ in rows)
    # The guide now asks the date Step 1 started, so each route through it is a new one (and the old one gone); where
    # the route raises Step 1 or waits for its answer, the date is its deadline, where the old one had none.
    new = [(answers, now) for answers, before, now in rows if before == NOT_A_ROUTE]
    gone = [before for _, before, now in rows if now == NOT_A_ROUTE]
    assert new and gone and len(new) + len(gone) == len(rows), rows[:3]
    assert all(re.search(r"; When (are you starting|was) Step 1 \(Resolve it between professionals\)( started)?\? "
                         r"\d{1,2} \w+ \d{4}", answers) for answers, _ in new), new[:3]
    step_1 = ("Raise Step 1: Resolve it between professionals", "Wait for a response to Step 1")
    dated = [now for _, now in new if now.startswith(step_1)]
    assert dated and all(re.search(r"\. By (Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} \w+ \d{4}\. "
                                   r"the same working day", now) for now in dated), dated[:3]
    undated = [before for before in gone if before.startswith(step_1)]
    assert undated and all("a time both sides agree" in before and ". By " not in before for before in undated)
    facts = page.evaluate("""() => [...document.querySelectorAll('table[data-kind="facts"] tbody tr')]
                                  .map((tr) => [...tr.cells].map((td) => td.textContent))""")
    assert facts == [["Dissent at referral or enquiry stage › Step 1: timescale", "a time both sides agree",
                      "the same working day"]]

    # A broken edit in the text: the region loses its last letter. The check says what `build.py check` says of the
    # same text, at its line and column.
    lines = original.split("\n")
    lines[AGREED - 1] = "          kind: same-working-day"
    edited = "\n".join(lines)
    problem = _break_the_region(page, studio, tmp_path, edited)

    # Put right, and downloaded: the diff with the template is the one line the form changed.
    page.keyboard.type("s")
    expect(studio).to_have_attribute("data-checked", "ok", timeout=ENGINE_TIMEOUT)
    expect(problem).to_have_count(0)
    assert _download(page, "Download policy.yaml", tmp_path / "policy.yaml") == "policy.yaml"
    text = (tmp_path / "policy.yaml").read_text(encoding="utf-8")
    assert _diff(original, text, hunks=True) == [f"@@ -{AGREED} +{AGREED} @@", "-          kind: agreed",
                                                 "+          kind: same-working-day"]
    assert text == edited and _cli_problems(tmp_path, text) == []
    watch.assert_clean()
