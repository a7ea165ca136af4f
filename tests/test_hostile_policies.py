"""Broken and hostile policy files: `build.py check` refuses each with one plain `file:line:col: message` line, in
bounded memory, never with a traceback (issue 9).

The corpus is tests/hostile_policies/, one small file per case. Most are valid.yaml (a minimal valid policy, with
its source text source.md beside it) with one thing wrong. The first line of each file says what the check must
report:

    # expect: LINE:COL FRAGMENT    exactly one problem, at LINE:COL, and its message contains FRAGMENT
    # expect: ok                   no problem at all (a byte order mark, CRLF line ends, a merge key, ...)

A file saved as UTF-16 or UTF-32 carries that line in its own encoding. Lines and columns count characters, and
only LF, CRLF and CR break lines (as in an editor: not U+0085, U+2028 or U+2029); a byte that is not UTF-8 is
placed after the characters before it on its line. To add a case, copy valid.yaml, break one thing, and write
the expectation on its first line.

Every check runs in a subprocess whose address space is limited to 1 GiB (``resource.RLIMIT_AS``), so a reader that
expands an alias bomb fails the test with a MemoryError instead of exhausting the machine; a CPU-time limit
stops a reader that would never end. No test asserts a time.
"""

from __future__ import annotations

import codecs
import copy
import re
import resource
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from guide.publish.policy_files import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    PolicyError,
    PolicyFile,
    check_policy,
    check_policy_file,
    load_policy,
    read_policy_file,
)

from .conftest import ROOT

CORPUS = ROOT / "tests" / "hostile_policies"
FILES = sorted(CORPUS.glob("*.yaml"))
MEMORY_LIMIT = 1 << 30          # bytes of address space for each check
CPU_LIMIT = 120                 # seconds of CPU: only so that a reader that never ends cannot hang the suite
EXPECT = re.compile(r"# expect: (?:(ok)|(\d+):(\d+) (.+))")


def expectation(path: Path) -> tuple[int, int, str] | None:
    """(line, column, fragment) that checking the file must report, or None if it must pass."""
    raw = path.read_bytes()
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            first = raw.decode(encoding).splitlines()[0]
            break
    else:
        first = raw.removeprefix(codecs.BOM_UTF8).split(b"\n")[0].split(b"\r")[0].decode("ascii")
    match = EXPECT.fullmatch(first.strip())
    assert match, f"{path.name}: the first line must be `# expect: ok` or `# expect: LINE:COL fragment`"
    if match.group(1):
        return None
    return int(match.group(2)), int(match.group(3)), match.group(4)


def limited():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


def check(*paths: Path) -> subprocess.CompletedProcess:
    """`python build.py check FILE ...` as a user runs it, with the memory and CPU limits."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "check", *map(str, paths)],
                          capture_output=True, text=True, cwd=ROOT, preexec_fn=limited)


def problems_of(result: subprocess.CompletedProcess, path: Path) -> list[tuple[int, int, str]]:
    """The problems `check` printed for one file: (line, column, message)."""
    found = []
    for line in result.stderr.splitlines():
        match = re.match(rf"{re.escape(str(path))}:(\d+):(\d+): (.*)", line)
        if match:
            found.append((int(match.group(1)), int(match.group(2)), match.group(3)))
    return found


@lru_cache(maxsize=1)
def corpus_run() -> subprocess.CompletedProcess:
    """Every file of the corpus checked by one `build.py check` (one process, the same limits)."""
    return check(*FILES)


def test_the_limits_are_real():
    # The memory limit is what makes the alias bomb cases meaningful: under it, 2 GB cannot be had.
    result = subprocess.run([sys.executable, "-c", "b = bytearray(2 << 30)"], capture_output=True, text=True,
                            preexec_fn=limited)
    assert result.returncode != 0 and "MemoryError" in result.stderr


def test_the_corpus_has_at_least_80_broken_files_each_with_its_expectation():
    expected = {path.name: expectation(path) for path in FILES}
    broken = [name for name, expect in expected.items() if expect is not None]
    assert len(broken) >= 80
    assert "valid.yaml" in expected and expected["valid.yaml"] is None
    assert (CORPUS / "source.md").is_file()
    assert max(path.stat().st_size for path in FILES) < 64_000, "corpus files stay small"


def test_check_of_the_whole_corpus_exits_1_without_a_traceback():
    result = corpus_run()
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr + result.stdout
    broken = sum(expectation(path) is not None for path in FILES)
    assert f"{broken} problem(s) in {broken} file(s); nothing was built." in result.stderr


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_hostile_policy_gives_one_line_at_its_place(path):
    expected = expectation(path)
    found = problems_of(corpus_run(), path.relative_to(ROOT))
    if expected is None:
        assert found == []
        return
    line, column, fragment = expected
    assert len(found) == 1, "one problem expected, got:\n" + "\n".join(map(str, found))
    assert found[0][:2] == (line, column), found[0]
    assert fragment in found[0][2]
    assert not re.search(r"\b(scalar|token|node|stream|Error|Traceback)\b", found[0][2]), "the parser's words, not plain ones"


# --- each in its own process: the costly ones, and a few of every kind -------------------------------------


@pytest.mark.parametrize("name", [
    "alias-bomb", "alias-bomb-merge-keys", "alias-bomb-text", "alias-in-its-own-anchor", "deep-brackets",
    "deep-braces", "deep-dashes", "deep-indentation", "utf16-le", "latin1-e-acute", "control-vertical-tab",
    "escape-lone-surrogate", "escape-beyond-unicode", "unterminated-double-quote", "integer-too-long",
])
def test_hostile_policy_alone(name):
    path = CORPUS / f"{name}.yaml"
    line, column, fragment = expectation(path)
    result = check(path.relative_to(ROOT))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    problems = [text for text in result.stderr.splitlines() if text.startswith(str(path.relative_to(ROOT)))]
    assert len(problems) == 1 and problems[0].startswith(f"{path.relative_to(ROOT)}:{line}:{column}: ")
    assert fragment in problems[0]


def test_2000_deep_block_nesting_is_one_line(tmp_path):
    # a:\n a:\n  a: ... 2,000 deep (2 MB): the key of the 40th mapping (line 40, column 40) is one level too deep.
    path = tmp_path / "deep.yaml"
    path.write_text("".join(" " * k + "a:\n" for k in range(1999)) + " " * 1999 + "a: x\n", encoding="utf-8")
    result = check(path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert problems_of(result, path) == [(MAX_DEPTH, MAX_DEPTH, f"the file nests more than {MAX_DEPTH} levels deep "
                                          "here; a policy never needs that: check the indentation and the brackets")]


def test_many_aliases_of_a_large_anchor_stop_at_the_limit(tmp_path):
    # One anchor of 1,000 values, then aliases to it: the alias that takes the file past MAX_NODES is reported.
    anchor = "a: &a [" + ", ".join(["x"] * 999) + "]\n"
    aliases = "".join(f"b{i}: *a\n" for i in range(200))
    path = tmp_path / "wide.yaml"
    path.write_text(anchor + aliases, encoding="utf-8")
    result = check(path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line, column, message), = problems_of(result, path)
    # At b<i>'s alias: the key `a` and its list of 999 values (1,001), each earlier b<j> (its key and the 1,000
    # values of its alias), b<i>'s own key, then the 1,000 values the alias adds.
    first_over = next(i for i in range(200) if 1001 + 1001 * i + 1 + 1000 > MAX_NODES)
    assert (line, column) == (2 + first_over, len(f"b{first_over}: ") + 1)
    assert "`*a` repeats `&a` once too often" in message


def test_a_file_over_the_size_limit_is_not_read(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    result = check(path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line, column, message), = problems_of(result, path)
    assert (line, column) == (1, 1) and "a policy is far smaller" in message


# --- what the checks mean -------------------------------------------------------------------------------------


def test_a_lone_surrogate_is_refused_by_the_check_not_met_by_the_build():
    path = CORPUS / "escape-lone-surrogate.yaml"
    with pytest.raises(PolicyError) as error:
        load_policy(path)
    assert "lone surrogate" in str(error.value)


def test_a_merge_key_fills_in_what_the_mapping_does_not_give(tmp_path):
    text = (CORPUS / "valid.yaml").read_text(encoding="utf-8")
    text = text.replace("      - id: stage-1\n", "      - &first\n        id: stage-1\n")
    text = text.replace("        description: Your manager raises it with the other manager.\n", "")
    text = text.replace("      - id: stage-2\n", "      - <<: *first\n        id: stage-2\n")
    path = tmp_path / "merged.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "source.md").write_text((CORPUS / "source.md").read_text(encoding="utf-8"), encoding="utf-8")
    policy, problems = check_policy(path)
    assert problems == []
    first, second = policy.data["pathways"][0]["stages"]
    assert second["id"] == "stage-2" and second["title"] == "Manager to manager"       # its own keys win
    assert second["description"] == first["description"] == "Raise it with the other practitioner."   # merged
    # A problem in a merged value is reported where the value is written, once.
    assert policy.where(("pathways", 0, "stages", 1, "description")) == policy.where(
        ("pathways", 0, "stages", 0, "description"))


def test_line_numbers_are_those_an_editor_shows():
    text = (CORPUS / "valid.yaml").read_text(encoding="utf-8")
    for name in ("ok-line-separators-in-text", "ok-windows-line-ends", "ok-byte-order-mark"):
        policy, problems = check_policy(CORPUS / f"{name}.yaml")
        assert problems == []
        separators = [w for w in policy.warnings if "line separator" in w.message]
        assert len(separators) == (name == "ok-line-separators-in-text")
        for path, needle in ((("pathways", 0, "stages", 1, "raised_by"), "raised_by: [manager]"),
                             (("document", "source_file"), "source.md")):
            line = next(i for i, t in enumerate(text.splitlines(), 1) if needle in t)
            assert policy.where(path)[0] == line, name


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, path + (index,))


def _replaced(data, path, value):
    if not path:
        return value
    data = copy.deepcopy(data)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


def test_every_value_of_the_wrong_type_is_a_problem_not_a_crash():
    # Each value of the minimal policy replaced by a value of every other kind: the checks report, never raise.
    # (An empty `quote` is left out: quotes.SourceText.find fails on an empty passage, see the report of issue 9.)
    policy, problems = read_policy_file(CORPUS / "valid.yaml")
    assert problems == []
    lines = policy.text.count("\n") + 1
    kinds = ["text", 7, None, ["text"], {"key": "value"}, [{"key": ["value"]}], ""]
    checked = 0
    for path in list(_paths(policy.data)):
        for value in kinds:
            if value == "" and any("quote" in str(key) for key in path):
                continue
            data = _replaced(policy.data, path, value)
            changed = PolicyFile(policy.path, policy.display, data, policy.marks, text=policy.text, spans=policy.spans)
            for problem in check_policy_file(changed):
                assert 1 <= problem.line <= lines, problem
            checked += 1
    assert checked > 500


LONG = "Q" + "x" * 5000
LONG_VALUES = {
    "a status": ("status: current", f"status: {LONG}"),
    "an answer in a condition": ('{immediate-risk: "yes"}', f'{{immediate-risk: "{LONG}"}}'),
    "a role": ("raised_by: [manager]", f"raised_by: [{LONG}]"),
    "a pathway": ("pathway: escalation", f"pathway: {LONG}"),
    "a number": ("amount: 5,", f"amount: {'9' * 4000},"),
    "an id twice": ("  - {id: manager, title: Your manager}",
                    f"  - {{id: {LONG}, title: Your manager}}\n  - {{id: {LONG}, title: Your manager}}"),
    "a slug": ("slug: sample", f"slug: {LONG}"),
    "a list of long ids to choose from": ("  - {id: manager, title: Your manager}", "\n".join(
        f"  - {{id: {i}{LONG[:300]}, title: Role {i}}}" for i in range(40)) + "\n  - {id: manager, title: Your manager}"
        + "\n  - {id: zz, title: Someone}"),
}


@pytest.mark.parametrize("case", LONG_VALUES)
def test_a_check_message_repeats_a_long_value_shortened(tmp_path, case):
    """Issue 24 point 6: a 5,635-character check message repeated a whole mistyped value. The value is shortened
    with an ellipsis; the message still says what is wrong and where."""
    old, new = LONG_VALUES[case]
    valid = (CORPUS / "valid.yaml").read_text(encoding="utf-8")
    assert old in valid
    folder = tmp_path / "sample"
    folder.mkdir()
    (folder / "source.md").write_bytes((CORPUS / "source.md").read_bytes())
    text = valid.replace(old, new, 1)
    if "zz" in new:   # a role no one defined: the message lists those defined
        text = text.replace("raised_by: [manager]", "raised_by: [nobody-defined-this]", 1)
    (folder / "policy.yaml").write_text(text, encoding="utf-8")
    _, problems = check_policy(folder / "policy.yaml")
    assert problems
    for problem in problems:
        assert len(problem.message) <= 600, problem.message[:200]
    assert any("Qxxx" in p.message or "9999" in p.message or "0Qxx" in p.message for p in problems)


# --- a site built from policy text that tries to run (issue 24) -------------------------------------------------
# One small policy (ok-script-in-titles.yaml: `</title><script>` in a pathway title, a form title and the wording
# overrides `manual.find_your_stage` and `page.log.title`; `javascript:` links, attribute lists and a quote that
# would leave an attribute) built once for the module.

SCRIPTED = CORPUS / "ok-script-in-titles.yaml"
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data")


def _build_policy(folder: Path, policy: Path, **build) -> Path:
    from guide.publish.site import build_site

    from .conftest import BUILD_TODAY

    target = folder / "policies" / "sample"
    target.mkdir(parents=True, exist_ok=True)
    target.joinpath("policy.yaml").write_bytes(policy.read_bytes())
    target.joinpath("source.md").write_bytes((CORPUS / "source.md").read_bytes())
    site = build.pop("site", folder / "site")
    build_site(ROOT, site, today=BUILD_TODAY, work=folder / "work", policies=folder / "policies", **build)
    return site


@pytest.fixture(scope="module")
def scripted_site(tmp_path_factory) -> Path:
    return _build_policy(tmp_path_factory.mktemp("scripted"), SCRIPTED)


@lru_cache(maxsize=1)
def scripted_data() -> dict:
    import yaml

    return yaml.safe_load(SCRIPTED.read_text(encoding="utf-8"))


def _soup(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_nothing_in_a_site_built_from_scripted_titles_runs(scripted_site):
    from guide.publish.content_policy import is_known

    pages = sorted(scripted_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        soup = _soup(page)
        for script in soup.find_all("script"):
            body = script.string or ""
            if script.get("src"):
                assert not body.strip(), page
            elif script.get("type") == "application/json":   # data, never run: it cannot even close its element
                assert "<" not in body, page
            else:
                assert "alert(" not in body and is_known(body), (page, body[:80])
        for tag in soup.find_all(True):
            assert not [name for name in tag.attrs if name.lower().startswith("on")], (page, tag)
            for attribute in URL_ATTRIBUTES:
                assert not re.match(r"\s*javascript:", str(tag.get(attribute, "")), re.I), (page, tag)


def test_scripted_titles_show_exactly_as_written(scripted_site):
    data = scripted_data()
    site_name = f"{data['partnership']['short_name']} escalation policy"
    pathway, form, wording = data["pathways"][0], data["forms"][0], data["wording"]
    pages = {
        "pathways/escalation": pathway["title"],
        "forms/referral": form["title"],
        "guide": wording["manual.find_your_stage"],
        "guide/log": wording["page.log.title"],
    }
    for path, title in pages.items():
        soup = _soup(scripted_site / "sample" / path / "index.html")
        assert soup.title.get_text() == f"{title} - {site_name}", path
        assert soup.find("h1").get_text().rstrip("¶") == title, path
    soup = _soup(scripted_site / "sample" / "pathways" / "escalation" / "index.html")
    stage = pathway["stages"][0]
    assert soup.find(id="stage-1").get_text().rstrip("¶") == f"{stage['label']}: {stage['title']}"
    assert soup.select_one(".policy-meta__version").get_text().startswith(f"Version {data['document']['version']} ·")
    assert soup.select_one(".md-header__button.md-logo")["aria-label"] == site_name
    guide = _soup(scripted_site / "sample" / "guide" / "index.html")
    assert guide.find(id="guide-intro")["aria-label"] == wording["page.about"]


def test_the_csp_lists_only_the_scripts_the_templates_write(scripted_site):
    from guide.publish.content_policy import header_policy, inline_scripts, is_known, page_policy, script_hash

    known = set()
    for page in scripted_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        listed = set(re.findall(r"'sha256-[^']+'", page_policy(html) or ""))
        scripts = {script_hash(body) for body in inline_scripts(html) if is_known(body)}
        assert listed == scripts, page
        known |= scripts
    assert set(re.findall(r"'sha256-[^']+'", header_policy(scripted_site))) == known
    assert 0 < len(known) <= 8, "Material's few page scripts, one for each depth of folder"


def test_the_build_refuses_a_page_with_script_it_did_not_write(scripted_site, tmp_path, monkeypatch):
    # Markup that escaped its escaping, as a template bug would write it: the build stops before the site is swapped.
    import os
    import shutil

    from guide.publish import site as site_module
    from guide.publish.site import BuildError

    site = tmp_path / "site"
    shutil.copytree(scripted_site, site, copy_function=os.link)
    before = {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*.html")}
    original = site_module.log_page

    def with_foreign_markup(*args, **kwargs):
        log = original(*args, **kwargs)
        log.markdown += ('\n<script>alert("foreign")</script>\n\n<p onclick="alert(1)">x</p>\n\n'
                         '<p><a href="&#106;avascript:alert(2)">y</a></p>\n')
        return log

    monkeypatch.setattr(site_module, "log_page", with_foreign_markup)
    with pytest.raises(BuildError) as error:
        _build_policy(tmp_path, SCRIPTED, site=site)
    message = str(error.value)
    assert "sample/guide/log/index.html: an inline script the build does not write" in message
    assert "an event-handler attribute <p onclick>" in message
    assert "a javascript: address <a href=" in message
    assert {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*.html")} == before, "the old site stays"
    assert not site.with_name("site.new").exists()


@pytest.mark.browser
def test_scripted_titles_run_nothing_in_chromium(scripted_site, page):
    """The scripted site served as `build.py serve` serves it (its CSP header included): no dialog, no request to
    another origin, no script refused by the CSP (there is none to refuse), and the tab's title as written."""
    from .conftest import serving
    from .guide_driver import Watch

    data = scripted_data()
    site_name = f"{data['partnership']['short_name']} escalation policy"
    titles = {"pathways/escalation/": data["pathways"][0]["title"], "forms/referral/": data["forms"][0]["title"],
              "guide/log/": data["wording"]["page.log.title"], "guide/": data["wording"]["manual.find_your_stage"]}
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serving(scripted_site) as base:
        watch = Watch(base).attach(page)
        for path, title in titles.items():
            page.goto(f"{base}/sample/{path}")
            page.wait_for_load_state("load")
            assert page.title() == f"{title} - {site_name}"
        page.locator("#guide-form").wait_for()
        page.wait_for_timeout(500)
    assert dialogs == []
    watch.assert_clean()
