"""A regional base and its local variants (issue 23): the fixture region tests/regions/eastmarch (a base written for
the tests, no council's text, and two local policies) and tests/regions/refused/northholm, a third local policy that
drops the base's stage 2 duty without a reason."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from guide.publish.policy_files import check_policy, load_policy
from guide.publish.variants import resolve_base

REGIONS = Path(__file__).resolve().parent / "regions"
REGION = REGIONS / "eastmarch"
TODAY = date(2026, 12, 2)


def region_copy(tmp_path: Path) -> Path:
    """The fixture region (and the refused variant beside it) in a temporary folder, to edit."""
    shutil.copytree(REGIONS, tmp_path / "regions")
    return tmp_path / "regions" / "eastmarch"


def problems_of(path: Path) -> list[str]:
    return [str(p) for p in check_policy(path)[1]]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


# --- check --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["eastholm", "westholm"])
def test_each_local_policy_of_the_region_checks(slug):
    policy, problems = check_policy(REGION / slug / "policy.yaml")
    assert problems == []
    assert policy.variant is not None and policy.variant.area == slug.capitalize()
    assert "base" not in policy.data and "base_version" not in policy.data    # the engine sees one merged policy


def test_the_base_checks_on_its_own():
    assert problems_of(REGION / "base.yaml") == []


def test_dropping_a_duty_without_a_reason_is_refused_at_its_line():
    path = REGIONS / "refused" / "northholm" / "policy.yaml"
    problems = problems_of(path)
    assert len(problems) == 1
    line = line_of(path, "- action: Tell the Northholm front door.")
    assert problems[0].startswith(f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}:{line}:")
    assert "Tell your agency's designated safeguarding lead" in problems[0]
    assert "weakens the base" in problems[0] and "`reason`" in problems[0]


def test_a_reason_lets_the_local_policy_drop_the_duty_and_the_review_lists_it(tmp_path):
    region = region_copy(tmp_path)
    path = region.parent / "refused" / "northholm" / "policy.yaml"
    edit(path, "      - id: stage-2\n", "      - id: stage-2\n        reason: Northholm's front door tells the DSL.\n")
    policy, problems = check_policy(path)
    assert problems == []
    from guide.publish.review import departures
    assert departures(policy.variant) == [
        "Escalation › Stage 2: the duty \"Tell your agency's designated safeguarding lead.\" is not in the local policy: "
        "Northholm's front door tells the DSL."]


def test_a_reason_where_nothing_is_weakened_is_a_warning(tmp_path):
    region = region_copy(tmp_path)
    path = region / "eastholm" / "policy.yaml"
    edit(path, "      - id: stage-1\n", "      - id: stage-1\n        reason: Just in case.\n")
    policy, problems = check_policy(path)
    assert problems == []
    assert [str(w).split(": ", 1) for w in policy.warnings if "reason" in w.message] == [
        [f"{path}:{line_of(path, 'reason: Just in case.')}:9", "warning: this `reason` explains no difference from "
         "the base here; remove it, or put it on the item it is about"]]
    assert check_policy(REGION / "westholm" / "policy.yaml")[0].warnings == []


@pytest.mark.parametrize("reason", [".", "local decision", "n/a"])
def test_a_reason_that_says_nothing_is_a_warning(tmp_path, reason):
    """A weakening with `reason: "."` or `reason: local decision` built with "1 policy OK" (found by a regional
    business manager's trial): it still builds, and the check warns at the reason's line."""
    region = region_copy(tmp_path)
    path = region / "westholm" / "policy.yaml"
    edit(path, "reason: Westholm's partnership meets every three weeks, not every two.", f"reason: \"{reason}\"")
    policy, problems = check_policy(path)
    assert problems == []
    line = line_of(path, f'reason: "{reason}"')
    assert [str(w) for w in policy.warnings if "reason" in w.message] == [
        f"{path}:{line}:11: warning: this `reason` does not say why the local policy differs; write it as a sentence "
        "the board can check (the review pack shows it)"]


def test_the_review_names_an_inbox_taken_from_the_base(tmp_path):
    """A local policy with no inbox of its own showed the regional inbox as its own ("BSP inbox: office@...") and the
    review said "Nothing is missing" (found by a regional trial): the review now says whose inbox it is."""
    from guide.publish.review import inherited

    region = region_copy(tmp_path)
    edit(region / "base.yaml", "  colour: \"#2b4a6f\"\n", "  colour: \"#2b4a6f\"\n  inbox: unit@eastmarch.example.org\n")
    path = region / "eastholm" / "policy.yaml"
    edit(path, "  inbox: escalation@eastholm.example.org\n", "")
    variant = check_policy(path)[0].variant
    assert inherited(variant, load_policy(path, today=TODAY)) == [
        "The inbox shown as ESCP's, unit@eastmarch.example.org, is the base's: give `partnership.inbox` in the local "
        "policy if Eastholm has its own."]
    own = region / "westholm" / "policy.yaml"
    assert inherited(check_policy(own)[0].variant, load_policy(own, today=TODAY)) == []


def test_a_local_id_close_to_a_base_id_asks_did_you_mean(tmp_path):
    """`stage-03` for `stage-3` became a sixth stage, reported only as "needs `contacts`; add it" (a regional trial):
    a warning at the id names the base's."""
    region = region_copy(tmp_path)
    path = region / "eastholm" / "policy.yaml"
    edit(path, "      - id: stage-3\n", "      - id: stage-03\n")
    policy, problems = check_policy(path)
    hints = [str(w) for w in policy.warnings if "did you mean" in w.message]
    assert hints == [f"{path}:{line_of(path, 'id: stage-03')}:13: warning: `stage-03` is not an id of the base, so it "
                     "is added as a new item; did you mean `stage-3` (to change the base's)?"]
    assert not [w for w in check_policy(REGION / "eastholm" / "policy.yaml")[0].warnings if "did you mean" in w.message]


def test_a_local_time_under_the_bases_quote_is_refused(tmp_path):
    """A local `amount: 15` with no local quote kept the base's "within 10 working days" as its "Why?": the guide showed
    15 days beside words saying 10, and check said OK with one warning (a regional trial). It is an error at the
    amount, naming the file the quote comes from."""
    region = region_copy(tmp_path)
    path = region / "westholm" / "policy.yaml"
    edit(path, '          quote: "so it responds to a stage 3 referral within 15 working days"\n', "")
    problems = problems_of(path)
    wanted = [p for p in problems if "its quote is from" in p]
    assert len(wanted) == 1 and f"policy.yaml:{line_of(path, 'amount: 15')}:" in wanted[0]
    assert "base.yaml and does not state 15" in wanted[0] and "give this policy's own `quote`" in wanted[0]


def test_a_longer_response_time_needs_a_reason(tmp_path):
    region = region_copy(tmp_path)
    path = region / "westholm" / "policy.yaml"
    edit(path, "          reason: Westholm's partnership meets every three weeks, not every two.\n", "")
    problems = problems_of(path)
    assert len(problems) == 1
    assert f"policy.yaml:{line_of(path, 'amount: 15')}:" in problems[0]
    assert "response time made longer (10 working days in the base, 15 working days here)" in problems[0]


@pytest.mark.parametrize("change, words", [
    ("      - id: stage-2\n        remove: true\n", "the stage `stage-2` (Stage 2) removed"),
    ("      - id: stage-3\n", "asked for only in some cases"),
    ("      - id: stage-1\n        timescale: {kind: not-stated, note: none}\n", "response time made longer"),
    ("      - id: stage-1\n        when: {immediate-risk: \"no\"}\n", "made to apply only in some cases"),
    ("      - id: stage-1\n        timescale: {indicative: true}\n", "response time made indicative"),
])
def test_each_way_of_weakening_the_base_is_refused(tmp_path, change, words):
    region = region_copy(tmp_path)
    path = region / "westholm" / "policy.yaml"
    if change == "      - id: stage-3\n":     # Westholm already changes stage 3: add to it
        change += "        form_when: {immediate-risk: \"no\"}\n        form_because: never\n"
        edit(path, "      - id: stage-3\n", change)
    else:
        edit(path, "    stages:\n", "    stages:\n" + change)
    problems = problems_of(path)
    assert any(words in p and "weakens the base" in p for p in problems), problems


def test_a_form_removed_with_its_reason_is_a_difference_not_a_problem(tmp_path):
    region = region_copy(tmp_path)
    path = region / "westholm" / "policy.yaml"
    edit(path, "      - id: stage-3\n", "      - id: stage-3\n        form: null\n        form_quote: null\n"
                                       "        reason: Westholm takes referrals by telephone.\n")
    # The base's form, now used by no stage: reported where the base wrote it, until the local policy removes it.
    assert [p.split(": ", 1)[1] for p in problems_of(path)] == [
        f"form `referral` is not used by any stage; name it in a stage's `form` (in the base, as merged into {path})"]
    assert problems_of(path)[0].startswith(f"{region / 'base.yaml'}:{line_of(region / 'base.yaml', '- id: referral')}:")
    path.write_text(path.read_text(encoding="utf-8") + "forms:\n  - {id: referral, remove: true, reason: By telephone.}\n",
                    encoding="utf-8")
    policy, problems = check_policy(path)
    assert problems == []
    assert [(d.what, d.reason) for d in policy.variant.differences if "referral" in d.what] == [
        ("the form `referral` (Escalation referral form) removed", "By telephone."),
        ("Escalation › Stage 3: the form `referral` is no longer asked for", "Westholm takes referrals by telephone.")]
    assert load_policy(path).pathway("escalation").stage("stage-3").form is None


def test_an_item_given_twice_in_a_local_list_is_a_problem(tmp_path):
    region = region_copy(tmp_path)
    path = region / "westholm" / "policy.yaml"
    edit(path, "    stages:\n", "    stages:\n      - id: stage-3\n        title: Again\n")
    assert any(":given twice in this list" not in p and "`stage-3` is given twice in this list (first on line "
               f"{line_of(path, '- id: stage-3')})" in p for p in problems_of(path))


@pytest.mark.parametrize("written, words", [("remove: yes", "`remove: true` removes"),
                                             ("reason: 3", "a `reason` is text")])
def test_what_the_merge_reads_must_be_written_as_it_reads_it(tmp_path, written, words):
    region = region_copy(tmp_path)
    path = region / "eastholm" / "policy.yaml"
    edit(path, "      - id: stage-1\n", f"      - id: stage-1\n        {written}\n")
    problems = problems_of(path)
    assert any(f":{line_of(path, written)}:" in p and words in p for p in problems), problems


def test_check_on_the_command_line_names_the_local_line(capsys):
    from build import main

    path = REGIONS / "refused" / "northholm" / "policy.yaml"
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"northholm/policy.yaml:{line_of(path, '- action: Tell the Northholm front door.')}:11: " in err
    assert "1 problem(s) in 1 file(s); nothing was built." in err


def test_an_emptied_list_removes_the_base_items_and_needs_reasons(tmp_path):
    region = region_copy(tmp_path)
    path = region / "eastholm" / "policy.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "glossary: []\nagencies: []\n", encoding="utf-8")
    problems = problems_of(path)
    line = line_of(path, "agencies: []")
    assert {p.split(": ", 1)[1].split(":")[0] for p in problems if f":{line}:" in p and "weakens" in p} == {
        "the agency `social-care` (Children's social care) is not in the local policy",
        "the agency `health` (Health services) is not in the local policy"}


def test_removing_what_the_base_does_not_have_is_a_problem(tmp_path):
    region = region_copy(tmp_path)
    path = region / "westholm" / "policy.yaml"
    edit(path, "    stages:\n", "    stages:\n      - id: stage-9\n        remove: true\n")
    assert any(f":{line_of(path, 'remove: true')}:" in p and "not in the base" in p for p in problems_of(path))


def test_a_problem_the_merge_makes_in_the_base_is_reported_at_the_base_line(tmp_path):
    """The local policy removes the role the base's stage 2 duty names (with a reason): the unknown role is where
    the base wrote it, and the message says which local policy it was merged into."""
    region = region_copy(tmp_path)
    path = region / "westholm" / "policy.yaml"
    edit(path, "roles:\n", "roles:\n  - {id: dsl, remove: true, reason: Westholm has none.}\n")
    problems = problems_of(path)
    base = region / "base.yaml"
    where = f"base.yaml:{line_of(base, 'role: dsl')}:"
    assert any(where in p and "unknown role `dsl`" in p and "as merged into" in p for p in problems), problems


def test_a_problem_in_the_local_file_is_reported_at_the_local_line(tmp_path):
    region = region_copy(tmp_path)
    path = region / "eastholm" / "policy.yaml"
    edit(path, "    title: A child in care\n", "    titel: A child in care\n")
    problems = problems_of(path)
    assert any(f"eastholm/policy.yaml:{line_of(path, 'titel:')}:" in p and "did you mean `title`" in p
               for p in problems), problems


def test_a_problem_in_the_base_itself_is_reported_in_the_base(tmp_path):
    region = region_copy(tmp_path)
    edit(region / "base.yaml", "  colour: \"#2b4a6f\"\n", "  colour: blue\n")
    problems = problems_of(region / "eastholm" / "policy.yaml")
    assert problems and all("base.yaml:" in p for p in problems)


def test_a_local_quote_is_checked_against_the_local_source(tmp_path):
    region = region_copy(tmp_path)
    path = region / "eastholm" / "policy.yaml"
    edit(path, "also record the disagreement on the child's file.", "also file it.")
    problems = problems_of(path)
    assert len(problems) == 1 and "eastholm/policy.yaml:" in problems[0] and "quote not found" in problems[0]
    # which source.md: the local one, beside the local policy (both are often called source.md)
    assert f"quote not found in source.md beside {path}" in problems[0]


def test_the_base_is_named_by_a_path_or_a_regions_slug(tmp_path):
    local = tmp_path / "policies" / "a" / "policy.yaml"
    local.parent.mkdir(parents=True)
    local.write_text("base: x\n")
    (tmp_path / "regions" / "shire").mkdir(parents=True)
    (tmp_path / "regions" / "shire" / "base.yaml").write_text("schema: 1\n")
    assert resolve_base(local, "shire") == ((tmp_path / "regions" / "shire" / "base.yaml").resolve(), None)
    assert resolve_base(local, "../../regions/shire/base.yaml")[0] == (tmp_path / "regions/shire/base.yaml").resolve()
    for written in ("/etc/passwd", "~/base.yaml", "policy.yaml", "nowhere", "../nothing.yaml", "", 3):
        assert resolve_base(local, written)[0] is None, written


def test_a_base_cannot_name_a_base(tmp_path):
    region = region_copy(tmp_path)
    edit(region / "base.yaml", "schema: 1\n", "schema: 1\nbase: eastholm/policy.yaml\n")
    problems = problems_of(region / "westholm" / "policy.yaml")
    assert len(problems) == 1 and "base.yaml:" in problems[0] and "cannot itself name a base" in problems[0]


def test_base_version_needs_a_base(tmp_path):
    path = tmp_path / "x" / "policy.yaml"
    path.parent.mkdir()
    shutil.copy(REGION / "base.yaml", path)
    shutil.copy(REGION / "source.md", path.parent)
    edit(path, "schema: 1\n", "schema: 1\nbase_version: \"1.0\"\n")
    assert any("names no `base`" in p for p in problems_of(path))


# --- the engine sees one merged policy ------------------------------------------------------------------------


def test_the_merged_policy_keeps_the_base_and_adds_what_is_local():
    from guide.engine.routes import enumerate_routes

    east = load_policy(REGION / "eastholm" / "policy.yaml", today=TODAY)
    west = load_policy(REGION / "westholm" / "policy.yaml", today=TODAY)
    assert [s.id for s in east.pathway("escalation").stages] == ["stage-1", "stage-2", "stage-3"]
    assert [s.id for s in west.pathway("escalation").stages] == ["stage-1", "stage-2", "stage-3", "stage-4"]
    assert west.pathway("escalation").stage("stage-3").timescale.amount == 15
    assert east.partnership.inbox == "escalation@eastholm.example.org"
    assert east.document.status == "current" and east.document.review_date == "2029-04-01"   # the base's
    assert [d.action for d in east.pathway("escalation").duties_for(east.pathway("escalation").stage("stage-1"))] == [
        "Record the disagreement on the child's file."]
    assert east.pathway("escalation").stage("stage-3").contacts[0].contact == "eastholm-unit"
    # Walked: every route through each local policy ends in advice or a signpost, never a dead end.
    for policy in (east, west):
        routes = list(enumerate_routes(policy, TODAY))
        assert routes and all(r.outcome["kind"] in ("advice", "signpost") for r in routes)
    assert any(r.outcome["kind"] == "advice" and r.outcome["stage"]["id"] == "stage-4"
               for r in enumerate_routes(west, TODAY))


# --- the manual ---------------------------------------------------------------------------------------------


def _pages(slug: str, tmp_path: Path | None = None, root: Path = REGION) -> dict[str, str]:
    from guide.publish.manual import ManualRenderer
    from guide.publish.site import load_partnerships

    group = next(g for g in load_partnerships(root, only=slug, today=TODAY) if g.current.site_path == slug)
    renderer = ManualRenderer(group.current, previous=[p for p, _ in group.previous], built=TODAY,
                              variant=group.variants.get(slug), variants=group.variants)
    return {page.path: page.markdown for page in renderer.pages()}


def test_the_manual_marks_what_is_local():
    pages = _pages("eastholm")
    tag = '<strong class="local-tag">Local to Eastholm</strong>'
    pathway = pages["pathways/escalation.md"]
    assert f"- {tag} Record the disagreement on the child's file." in pathway
    stage_2 = pathway[pathway.index("## Stage 2"):pathway.index("## Stage 3")]
    assert tag not in stage_2                        # the base's stage, as the base wrote it
    stage_3 = pathway[pathway.index("## Stage 3"):]
    assert f"{tag} Eastholm words or arranges this step its own way." in stage_3
    contacts = pages["contacts.md"]
    assert contacts.index(tag) > contacts.index("### The Eastholm business unit")
    assert contacts.index("### The regional business unit") < contacts.index("### The Eastholm business unit")
    assert tag in pages["when-to-use.md"].split("### A child in care")[1]
    assert tag not in pages["forms/referral.md"]               # the base's form
    west = _pages("westholm")["pathways/escalation.md"]
    assert "This step is Westholm&#39;s own: the regional procedure does not have it." in west.split("## Stage 4")[1]


def test_a_form_the_local_policy_rewrites_is_marked_local(tmp_path):
    region = region_copy(tmp_path)
    path = region / "eastholm" / "policy.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "forms:\n  - id: referral\n    hint: Ask the Eastholm business "
                    "unit for the form.\n", encoding="utf-8")
    form = _pages("eastholm", root=region)["forms/referral.md"]
    assert form.index('<strong class="local-tag">Local to Eastholm</strong>') < form.index("Ask the Eastholm business")


def test_the_version_page_names_the_base_and_each_difference():
    versions = _pages("westholm")["versions.md"]
    assert ("| Built on | Resolving professional differences, version 2.0, effective 1 April 2026 (Eastmarch "
            "Regional Safeguarding Children Partnerships) |") in versions
    assert ("| Escalation › Stage 3: the response time made longer (10 working days in the base, 15 working days "
            "here) | Westholm's partnership meets every three weeks, not every two. |") in versions
    assert "It keeps every stage, duty, form and timescale" in _pages("eastholm")["versions.md"]


def base_moves_on(region: Path) -> None:
    """File the base in force (version 2.0) in the base's versions/ and make version 2.1: stage 2's response is
    now 3 working days, not 5."""
    (region / "versions").mkdir(exist_ok=True)
    shutil.copy(region / "source.md", region / "versions" / "2.0.source.md")
    text = (region / "base.yaml").read_text(encoding="utf-8")
    (region / "versions" / "2.0.yaml").write_text(
        text.replace("source_file: source.md", "source_file: 2.0.source.md").replace("status: current",
                                                                                     "status: superseded"),
        encoding="utf-8")
    edit(region / "base.yaml", 'version: "2.0"', 'version: "2.1"')
    edit(region / "base.yaml", 'amount: 5, quote: "who should respond within 5 working days. At stage 2"',
         'amount: 3, quote: "who should respond within 3 working days. At stage 2"')
    edit(region / "source.md", "respond within 5 working days. At stage 2", "respond within 3 working days. At stage 2")


def test_when_the_base_changes_each_variant_lists_the_routes_whose_advice_changed(tmp_path):
    from guide.publish.review import changed_routes

    region = region_copy(tmp_path)
    base_moves_on(region)
    for slug in ("eastholm", "westholm"):
        policy, problems = check_policy(region / slug / "policy.yaml")
        assert problems == []
        assert any("the base is now version 2.1" in w.message and "reviewed against version 2.0" in w.message
                   for w in policy.warnings)
        sentence, routes = changed_routes(policy.variant, TODAY)
        assert sentence.startswith("The base moved from version 2.0 to version 2.1")
        assert routes and all("Stage 2" in r.before and "5 working days" in r.before and "3 working days" in r.now
                              for r in routes)
        # only the routes at stage 2 changed
        assert all("Stage 2" in r.now for r in routes)
        # the "Every route" page, the reviewers' page of the built site, lists them too
        from guide.publish.pages import routes_page
        page = routes_page(load_policy(region / slug / "policy.yaml", today=TODAY), TODAY, variant=policy.variant)
        assert f"{len(routes)} routes through this policy now give different advice" in page.markdown
        rows = [line for line in page.markdown.splitlines() if line.startswith("| Is a child at immediate risk of harm? No;")]
        assert len(rows) == len(routes) and all("timescale: 3 working days" in row for row in rows)
    west = _pages("westholm", root=region)
    assert "3 working days" in west["pathways/escalation.md"].split("## Stage 2")[1].split("## Stage 3")[0]


def test_what_changed_separates_the_base_from_local_changes(tmp_path):
    """Eastholm's version in force is filed (release), then the base moves on and Eastholm changes its inbox: the
    version page says which change came with the base and which is Eastholm's own."""
    from guide.publish.release import release

    region = region_copy(tmp_path)
    filed, current = release(region, "eastholm")
    assert 'base: ../../base.yaml' in filed.read_text(encoding="utf-8")
    assert 'base_version: "2.0"' in filed.read_text(encoding="utf-8")
    base_moves_on(region)
    edit(current, 'version: "2.0-E1"', 'version: "2.1-E1"\n  status: current')
    edit(current, '  status: draft\n', '')
    edit(current, 'base_version: "2.0"', 'base_version: "2.1"')
    edit(current, "  inbox: escalation@eastholm.example.org", "  inbox: differences@eastholm.example.org")
    assert problems_of(current) == [] and problems_of(filed) == []
    versions = _pages("eastholm", root=region)["versions.md"]
    table = versions[versions.index("| What | Before | Now | Changed in |"):]
    assert re.search(r"\| Escalation › Stage 2: timescale \| 5 working days \| 3 working days \| the regional "
                     r"procedure \|", table), table
    assert re.search(r"\| Partnership inbox \| escalation@eastholm.example.org \| differences@eastholm.example.org "
                     r"\| Eastholm \|", table), table


# --- the built region -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def region_site(tmp_path_factory) -> Path:
    from guide.publish.site import build_site

    from .conftest import BUILD_TODAY, ROOT

    folder = tmp_path_factory.mktemp("region")
    site = folder / "site"
    build_site(ROOT, site, today=BUILD_TODAY, work=folder / "work", policies=REGION)
    return site


def test_the_region_builds_with_local_text_marked(region_site):
    from bs4 import BeautifulSoup

    for slug, area in (("eastholm", "Eastholm"), ("westholm", "Westholm")):
        page = BeautifulSoup((region_site / slug / "pathways" / "escalation" / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
        assert page.find("strong", class_="local-tag", string=f"Local to {area}")
        routes = (region_site / slug / "routes" / "index.html").read_text(encoding="utf-8")
        assert "Built on the regional procedure" in routes
        assert ("1 difference from the base" if slug == "westholm" else "It keeps every stage, duty, form and "
                "timescale of the base.") in " ".join(BeautifulSoup(routes, "html.parser").get_text().split())
        assert (region_site / slug / "guide" / "index.html").exists()
    assert not (region_site / "eastmarch").exists()         # the base is not a partnership of its own


@pytest.mark.browser
def test_the_guide_of_a_local_policy_reaches_its_added_stage(region_site, page):
    """In Chromium: Westholm's guide, on the merged policy, advises the stage Westholm adds to the base."""
    import threading

    from guide.engine.routes import enumerate_routes
    from guide.publish.site import make_server

    from .guide_driver import Guide

    today = date(2026, 11, 23)
    policy = load_policy(REGION / "westholm" / "policy.yaml", today=today)
    route = next(r for r in enumerate_routes(policy, today) if r.outcome["kind"] == "advice"
                 and r.outcome["outcome"] == "raise" and r.outcome["stage"]["id"] == "stage-4")
    server = make_server(region_site, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        guide = Guide(page, f"http://127.0.0.1:{server.server_port}", "westholm", today=today.isoformat()).open()
        guide.walk(dict(route.answers))
        now = " ".join(page.locator(".guide-now").inner_text().split())
        assert "Stage 4" in guide.heading.inner_text() + now
        assert "The independent scrutineer" in now
        guide.watch.assert_clean()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("kind", ["[]", "{}", "5", "null", "true"])
def test_a_local_timescale_of_the_wrong_type_is_a_problem_not_a_traceback(tmp_path, kind):
    region = region_copy(tmp_path)
    path = region / "westholm" / "policy.yaml"
    edit(path, "          kind: working-days\n", f"          kind: {kind}\n")
    problems = problems_of(path)
    assert any(f"westholm/policy.yaml:{line_of(path, f'kind: {kind}')}:" in p for p in problems), problems
