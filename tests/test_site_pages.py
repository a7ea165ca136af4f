"""Every partnership's site is complete on its own (issue 10): privacy page, accessibility statement with the
partnership's contact, a 404 page that works under any path, and `site_url` for the sitemap when it is given."""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import POLICIES

CURRENT = sorted(POLICIES.glob("*/policy.yaml"))


def text(path) -> str:
    return " ".join(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text().split())


@pytest.mark.parametrize("policy", CURRENT, ids=lambda p: p.parent.name)
def test_each_site_has_its_own_privacy_page_and_accessibility_statement(built_site, policy):
    partnership = yaml.safe_load(policy.read_text(encoding="utf-8"))["partnership"]
    folder = built_site / partnership["slug"]
    privacy = text(folder / "privacy" / "index.html")
    assert partnership["name"] in privacy and "never sent over the network" in privacy
    statement = text(folder / "accessibility" / "index.html")
    assert "Accessibility statement" in statement and "Enforcement procedure" in statement
    assert partnership["name"] in statement
    if partnership.get("inbox"):
        assert partnership["inbox"] in statement
    home = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="privacy/"' in home and 'href="accessibility/"' in home
    # Issue 13: the escalation log is linked from the pages the partnership reads (privacy, version history) and
    # exists as a page of its own that search engines are told to leave out.
    for about in ("privacy", "versions"):
        html = (folder / about / "index.html").read_text(encoding="utf-8")
        assert 'href="../guide/log/"' in html, about
    assert 'content="noindex"' in (folder / "guide" / "log" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("policy", CURRENT, ids=lambda p: p.parent.name)
def test_the_404_page_works_under_any_path(built_site, policy):
    partnership = yaml.safe_load(policy.read_text(encoding="utf-8"))["partnership"]
    page = (built_site / partnership["slug"] / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in page
    if not partnership.get("site_url"):
        assert not re.search(r'(href|src)="/', page), "no link from the server's root"


def test_site_url_gives_a_sitemap_and_canonical_links(tmp_path):
    import shutil

    from guide.publish.site import build_site

    from .conftest import BUILD_TODAY, ROOT

    slug = CURRENT[0].parent.name
    shutil.copytree(POLICIES / slug, tmp_path / "policies" / slug, ignore=shutil.ignore_patterns("versions"))
    path = tmp_path / "policies" / slug / "policy.yaml"
    text_ = path.read_text(encoding="utf-8")
    text_ = re.sub(r"^(  slug: .*)$", r"\1\n  site_url: https://www.example.gov.uk/safeguarding/escalation/", text_,
                   count=1, flags=re.M)
    path.write_text(text_, encoding="utf-8")
    site = tmp_path / "site"
    build_site(ROOT, site, today=BUILD_TODAY, work=tmp_path / "work", policies=tmp_path / "policies")
    sitemap = (site / slug / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://www.example.gov.uk/safeguarding/escalation/when-to-use/" in sitemap
    home = (site / slug / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://www.example.gov.uk/safeguarding/escalation/"' in home


# --- what changed between versions ---------------------------------------------------------------------------


def _with_timescale(policy, pathway_index: int, stage_index: int, **change):
    """A copy of a policy with one stage's timescale changed."""
    from dataclasses import replace

    pathways = list(policy.pathways)
    pathway = pathways[pathway_index]
    stages = list(pathway.stages)
    stages[stage_index] = replace(stages[stage_index], timescale=replace(stages[stage_index].timescale, **change))
    pathways[pathway_index] = replace(pathway, stages=tuple(stages))
    return replace(policy, pathways=tuple(pathways))


def test_what_changed_is_keyed_by_pathway_and_stage_not_by_label():
    from guide.publish.manual import compare_policies
    from guide.publish.policy_files import load_policy

    from .conftest import BUILD_TODAY

    path = POLICIES / "model" / "policy.yaml"
    if not path.exists():
        pytest.skip("the model policy is not bundled")
    policy = load_policy(path, today=BUILD_TODAY)
    assert compare_policies(policy, policy) == []
    index = next(i for i, p in enumerate(policy.pathways) if i > 0 and not p.stages_from and len(p.stages) > 1)
    changed = _with_timescale(policy, index, 1, amount=10, kind="working-days")
    rows = compare_policies(policy, changed)
    assert len(rows) == 1, rows
    what, before, after = rows[0]
    assert what.startswith(policy.pathways[index].title) and what.endswith("timescale")
    assert "10 working days" in after and before != after


@pytest.mark.parametrize("review,today,passed", [("2026-04", "2026-04-30", False), ("2026-04", "2026-05-01", True),
                                                 ("2026-04-01", "2026-04-01", False), ("2026-04-01", "2026-04-02", True),
                                                 (None, "2030-01-01", False), ("2026-12", "2027-01-01", True)])
def test_a_review_date_passes_at_the_end_of_its_month_or_day(review, today, passed):
    from datetime import date

    from guide.publish.manual import review_passed

    assert review_passed(review, date.fromisoformat(today)) is passed


def test_a_draft_builds_with_a_banner_on_every_page_and_no_indexing(tmp_path):
    import shutil

    from guide.publish.site import build_site

    from .conftest import BUILD_TODAY, ROOT

    slug = CURRENT[0].parent.name
    shutil.copytree(POLICIES / slug, tmp_path / "policies" / slug, ignore=shutil.ignore_patterns("versions"))
    path = tmp_path / "policies" / slug / "policy.yaml"
    path.write_text(re.sub(r"^  status: current$", "  status: draft", path.read_text(encoding="utf-8"), count=1,
                           flags=re.M), encoding="utf-8")
    site = tmp_path / "site"
    build_site(ROOT, site, today=BUILD_TODAY, work=tmp_path / "work", policies=tmp_path / "policies")
    pages = [p for p in (site / slug).rglob("index.html")]
    assert len(pages) > 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'class="superseded-banner draft-banner"' in html and "awaiting sign-off" in html, page
        assert '<meta name="robots" content="noindex, nofollow">' in html, page


def test_release_files_the_current_version_and_starts_the_next(tmp_path):
    import shutil
    import subprocess
    import sys

    from guide.publish.policy_files import check_policy

    from .conftest import ROOT

    slug = CURRENT[0].parent.name
    shutil.copytree(POLICIES / slug, tmp_path / slug, ignore=shutil.ignore_patterns("versions"))
    path = tmp_path / slug / "policy.yaml"
    text_ = path.read_text(encoding="utf-8")
    if not re.search(r"^  effective_date: ", text_, re.M):
        text_ = re.sub(r"^(  status: current)$", r"\1\n  effective_date: 2025-09", text_, count=1, flags=re.M)
    path.write_text(text_, encoding="utf-8")
    run = [sys.executable, str(ROOT / "build.py"), "release", slug, "--policies", str(tmp_path)]
    result = subprocess.run(run, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    filed = next((tmp_path / slug / "versions").glob("*.yaml"))
    copy = filed.read_text(encoding="utf-8")
    assert "  status: superseded" in copy
    assert copy.splitlines()[0] == "# yaml-language-server: $schema=../../../guide/schema/policy.schema.json"
    assert "  status: draft" in path.read_text(encoding="utf-8")
    # A copy in the temporary folder keeps its source text beside it, and the checker accepts both files.
    for policy_file in (filed, path):
        _, problems = check_policy(policy_file)
        assert not [str(p) for p in problems if "schema" in str(p) or "source" in str(p)]
    again = subprocess.run(run, capture_output=True, text=True)
    assert again.returncode == 1 and "draft with no sign-off" in again.stderr and "Traceback" not in again.stderr


def test_review_lists_what_to_settle_and_writes_every_route(tmp_path):
    import csv
    import subprocess
    import sys

    from .conftest import ROOT

    slug = CURRENT[0].parent.name
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "review", slug, "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Before publishing:" in result.stdout and "rules not from the source text" in result.stdout
    rows = list(csv.DictReader((tmp_path / f"{slug}-routes.csv").open(encoding="utf-8")))
    assert len(rows) > 10


def test_review_out_ending_in_csv_is_the_file_written_not_a_folder(tmp_path):
    # A business manager who types `--out routes.csv` expects that file, as `scenarios --out table.csv` writes one;
    # it used to become a folder `routes.csv/` holding `<slug>-routes.csv`. The policy is given as its file, as for a
    # partnership kept outside policies/ (it used to look for `<file>/policy.yaml`), and a fixture, so that a fork
    # without the bundled policies runs it too.
    import csv
    import subprocess
    import sys

    from .conftest import ROOT

    policy = ROOT / "tests" / "shapes" / "northfield" / "policy.yaml"
    out = tmp_path / "routes.csv"
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "review", str(policy), "--out", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert out.is_file(), "--out ending in .csv must be the CSV file itself"
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) > 3
    assert str(out) in result.stdout and f"{out}/" not in result.stdout
    assert "In the built site: northfield/routes/" in result.stdout
    folder = tmp_path / "review"
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "review", str(policy.parent), "--out",
                             str(folder)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (folder / "northfield-routes.csv").is_file()


@pytest.mark.parametrize("policy", CURRENT, ids=lambda p: p.parent.name)
def test_the_review_page_is_not_indexed_and_opens_with_the_gaps(built_site, policy):
    slug = policy.parent.name
    html = (built_site / slug / "routes" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in html
    assert 'id="review"' in html
    assert '<meta name="robots"' not in (built_site / slug / "index.html").read_text(encoding="utf-8")


# --- cache-safe names (issue 10) -----------------------------------------------------------------------------


def test_a_rebuilt_policy_never_meets_an_old_cached_engine_or_policy_file(tmp_path):
    """Everything the guide loads sits under a content-hashed path, so a browser holding last build's files for a
    year cannot mix them with the new page: a changed policy gives new paths, and the old ones are gone."""
    import shutil

    from guide.publish.site import HASHED_NAME, build_site

    from .conftest import BUILD_TODAY, ROOT

    slug = CURRENT[0].parent.name
    shutil.copytree(POLICIES / slug, tmp_path / "policies" / slug, ignore=shutil.ignore_patterns("versions"))
    site = tmp_path / "site"

    def loaded() -> set[str]:
        build_site(ROOT, site, today=BUILD_TODAY, work=tmp_path / "work", policies=tmp_path / "policies")
        guide = site / slug / "guide"
        page = (guide / "index.html").read_text(encoding="utf-8")
        folder = re.search(r'src="([0-9a-f]{12})/guide\.js"', page).group(1)
        files = {f"guide/{folder}/{p.relative_to(guide / folder).as_posix()}" for p in (guide / folder).rglob("*")
                 if p.is_file() and not p.name.endswith((".gz", ".br"))}
        assert {f"guide/{folder}/runtime/policy.json", f"guide/{folder}/engine-worker.mjs"} <= files
        assert all(re.search(HASHED_NAME, "/" + slug + "/" + f) for f in files)
        return files

    before = loaded()
    path = tmp_path / "policies" / slug / "policy.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "title: Updated", 1), encoding="utf-8")
    after = loaded()
    assert before.isdisjoint(after), "a new build loads nothing under an old name"
    assert not any((site / slug / f).exists() for f in before), "and the old files are gone"


def test_check_warns_when_a_current_policys_review_date_has_passed(tmp_path):
    from .test_policy_check import broken_copy, line_of, run_check

    slug = CURRENT[0].parent.name
    text_ = (POLICIES / slug / "policy.yaml").read_text(encoding="utf-8")
    old = re.search(r"^  status: current\n", text_, re.M).group(0)
    path = broken_copy(tmp_path, slug, [(old, old + "  review_date: 2020-01\n")] if "review_date:" not in text_ else
                       [(re.search(r"^  review_date: .*\n", text_, re.M).group(0), "  review_date: 2020-01\n")])
    result = run_check(path)
    assert result.returncode == 0, result.stderr
    warning = [l for l in result.stdout.splitlines() if "review date 2020-01 has passed" in l]
    assert warning and warning[0].startswith(f"{path}:{line_of(path, 'review_date: 2020-01')}:")


def test_the_manual_says_who_completes_each_row_at_stage_4(built_site):
    """Medway Appendix one: at stage 4 the practitioner completes the rows the stage 3 recipient left (the form's
    own words: "complete this form with all responses and resolutions received")."""
    text = (built_site / "medway" / "forms" / "stage-3-escalation" / "index.html").read_text(encoding="utf-8")
    assert text.count("<td>The person who receives it; you, at Stage 4</td>") == 4
    # The Assistant Director's name is the name the sender gives as "To" (issue 19: not "left blank" and then asked).
    assert text.count("<td>You (the same as “To”)</td>") == 1
    assert text.count("<td>The person who receives it</td>") == 1          # the date it was sent to the MSCP
