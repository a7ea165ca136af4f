"""A joint protocol (tests/shapes/joint, written for the tests: no council's text): two owning bodies, each with its
name, inbox and chair; the policy's own words for the person at risk ("adult, child or young person") and for a
stage ("Level"); five levels grouped informal (2) and formal (3). The advice, the manual's pages and the documents
say them; a policy without them says today's words ("child", "stage")."""

from __future__ import annotations

import copy
import io
import re
import shutil
from datetime import date
from pathlib import Path

import docx
import pytest

from guide.engine.documents import RECORD_ID, form_document
from guide.engine.email_drafts import email_drafts
from guide.engine.model import Policy
from guide.engine.walk import next_step
from guide.engine.wording import DEFAULTS, Wording, fill, terms
from guide.publish.manual import ManualRenderer
from guide.publish.pages import guide_page
from guide.publish.policy_files import check_policy, discover_policies, load_policy

ROOT = Path(__file__).resolve().parent.parent
SHAPE = Path(__file__).resolve().parent / "shapes" / "joint"
TODAY = "2026-12-02"   # a Wednesday
PERSON = "adult, child or young person"
TO_LEVEL_3 = {"immediate-risk": "no", "escalation.reached": "level-2", "escalation.level-2.response": "not-resolved",
              "escalation.level-2.raised-on": "2026-11-30", "escalation.level-3.raise-on": TODAY}
AT_LEVEL_1 = {"immediate-risk": "no", "escalation.reached": "none", "escalation.level-1.raise-on": TODAY}


@pytest.fixture(scope="module")
def policy():
    return load_policy(SHAPE / "policy.yaml")


@pytest.fixture(scope="module")
def pages(policy):
    return {page.path: page.markdown for page in ManualRenderer(policy).pages()}


def advise(policy, answers):
    step = next_step(policy, answers, TODAY)
    assert step["kind"] == "advice", step
    return step


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- the fixture and its check ---------------------------------------------------------------------------------


def test_the_fixture_checks_clean():
    _, problems = check_policy(SHAPE / "policy.yaml")
    assert [str(p) for p in problems] == []


def test_the_model_has_two_owners_five_levels_in_two_groups_and_the_policys_words(policy):
    assert [(o.name, o.inbox, o.chair) for o in policy.owners] == [
        ("Eastmoor Safeguarding Children Partnership", "escp@eastmoor.example.org",
         "Independent Scrutineer of the Children Partnership"),
        ("Eastmoor Safeguarding Adults Board", "esab@eastmoor.example.org", "Independent Chair of the Adults Board")]
    pathway = policy.pathway("escalation")
    assert [(g.title if g else None, [s.label for s in stages]) for g, stages in pathway.stage_runs()] == [
        ("Informal resolution", ["Level 1", "Level 2"]),
        ("Formal escalation", ["Level 3", "Level 4", "Level 5"])]
    assert policy.wording.terms == {"person": PERSON, "a_person": f"an {PERSON}", "stage_word": "level",
                                    "stages_word": "levels"}


# --- advice ------------------------------------------------------------------------------------------------------


def test_the_advice_names_both_owners_with_inbox_and_chair(policy):
    step = advise(policy, TO_LEVEL_3)
    assert [(o["name"], o["short_name"], o["inbox"], o["chair"]) for o in step["owners"]] == [
        ("Eastmoor Safeguarding Children Partnership", "ESCP", "escp@eastmoor.example.org",
         "Independent Scrutineer of the Children Partnership"),
        ("Eastmoor Safeguarding Adults Board", "ESAB", "esab@eastmoor.example.org",
         "Independent Chair of the Adults Board")]


def test_the_advice_names_the_levels_group(policy):
    step = advise(policy, TO_LEVEL_3)
    assert step["outcome"] == "raise" and step["stage"]["label"] == "Level 3"
    assert step["stage"]["group"] == {"id": "formal", "title": "Formal escalation",
                                      "manual": "pathways/escalation/#group-formal"}
    assert step["previous"]["label"] == "Level 2"
    assert advise(policy, AT_LEVEL_1)["stage"]["group"]["title"] == "Informal resolution"


def test_how_far_has_it_got_offers_five_levels_each_with_its_group():
    step = next_step(load_policy(SHAPE / "policy.yaml"), {"immediate-risk": "no"}, TODAY)
    options = [(o["label"].split(":")[0], o["hint"]) for o in step["question"]["options"]]
    assert options == [("Nothing yet", None), ("Level 1", "Informal resolution"), ("Level 2", "Informal resolution"),
                       ("Level 3", "Formal escalation"), ("Level 4", "Formal escalation"),
                       ("Level 5", "Formal escalation")]


def test_the_advice_says_the_policys_word_for_the_person_and_the_stage(policy):
    step = advise(policy, AT_LEVEL_1)
    assert step["timescale"]["text"] == f"3 working days, or sooner if the {PERSON}'s safety requires it"
    late = advise(policy, {"immediate-risk": "no", "escalation.reached": "level-5", "escalation.level-5.response": "none",
                           "escalation.level-5.raised-on": "2026-10-01"})
    assert late["outcome"] == "end"
    assert late["notices"][0]["text"].endswith("has not come. This was the last level.")


def test_every_level_is_reached_in_turn(policy):
    answers = {"immediate-risk": "no", "escalation.reached": "none"}
    seen = []
    for i in range(1, 6):
        step = next_step(policy, answers, TODAY)
        while step["kind"] == "question":       # the date asked for the level to raise
            answers[step["question"]["id"]] = TODAY
            step = next_step(policy, answers, TODAY)
        seen.append((step["stage"]["label"], step["stage"]["group"]["id"], step["outcome"]))
        answers.update({"escalation.reached": f"level-{i}", f"escalation.level-{i}.response": "not-resolved",
                        f"escalation.level-{i}.raised-on": TODAY})
    assert seen == [("Level 1", "informal", "raise"), ("Level 2", "informal", "raise"), ("Level 3", "formal", "raise"),
                    ("Level 4", "formal", "raise"), ("Level 5", "formal", "raise")]


def test_the_email_drafts_say_the_person_at_risk(policy):
    drafts = email_drafts(policy, AT_LEVEL_1, TODAY)
    bodies = " ".join(d["body"] for d in drafts)
    assert f"on keeping an {PERSON} safe" in bodies
    assert "keeping a child safe" not in bodies


# --- the manual --------------------------------------------------------------------------------------------------


def test_the_manuals_first_page_names_both_owners_with_inbox_and_chair(pages):
    index = pages["index.md"]
    assert "## Who owns this policy { #owners }" in index
    assert ("This is a joint protocol of Eastmoor Safeguarding Children Partnership and Eastmoor Safeguarding Adults "
            "Board.") in index
    assert ("- **Eastmoor Safeguarding Adults Board** (ESAB). Chair: Independent Chair of the Adults Board. Inbox: "
            "[esab@eastmoor.example.org](mailto:esab@eastmoor.example.org)") in index
    assert "Find your level</a> Answer a few questions to learn your level," in index
    assert "If an adult, child or young person is at immediate risk" in index


def test_the_contacts_page_lists_each_owner(pages):
    contacts = pages["contacts.md"]
    for name, chair, inbox in (("Eastmoor Safeguarding Children Partnership (ESCP)",
                                "Independent Scrutineer of the Children Partnership", "escp@eastmoor.example.org"),
                               ("Eastmoor Safeguarding Adults Board (ESAB)", "Independent Chair of the Adults Board",
                                "esab@eastmoor.example.org")):
        assert f"### {name}\n\nChair: {chair}\n\nE-mail: [{inbox}](mailto:{inbox})" in contacts


def test_the_pathway_page_heads_each_group_and_its_levels_under_it(pages):
    page = pages["pathways/escalation.md"]
    headings = [line for line in page.splitlines() if line.startswith("#")]
    assert headings == [
        "# Escalation", "## Flowchart { #flowchart }",
        "## Informal resolution { #group-informal }",
        "### Level 1: Practitioner to practitioner { #level-1 }",
        "### Level 2: Line manager to line manager { #level-2 }",
        "## Formal escalation { #group-formal }",
        "### Level 3: Service manager to service manager { #level-3 }",
        "### Level 4: Head of service to head of service { #level-4 }",
        "### Level 5: The board's Independent Chair decides { #level-5 }"]
    assert page.count('<span class="flow__group">Formal escalation</span>') == 3
    assert "<dt>These levels</dt>" in page
    assert "**Timescale:** 3 working days, or sooner if the adult, child or young person's safety requires it." in page
    assert "- The policy names nobody else to tell at this level." in page
    assert "child's safety" not in page


def test_the_privacy_page_and_the_guide_page_say_the_policys_words(policy, pages):
    privacy = one_line(pages["privacy.md"])
    assert f"any details of an {PERSON} or family" in privacy and "the levels and the dates" in privacy
    guide = guide_page(policy, check_policy(SHAPE / "policy.yaml")[0].data, date(2026, 12, 2))
    assert guide.title == "Find your level"
    assert ('<p class="guide-owners">This is a joint protocol of Eastmoor Safeguarding Children Partnership and '
            "Eastmoor Safeguarding Adults Board.</p>") in guide.markdown
    assert "find your level in the ESP policy" in guide.markdown


# --- a generated document ----------------------------------------------------------------------------------------


def test_the_escalation_record_names_the_owners_the_person_and_the_levels(policy):
    data = form_document(policy, RECORD_ID, TO_LEVEL_3, {}, TODAY)
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    assert ("This is a joint protocol of Eastmoor Safeguarding Children Partnership and Eastmoor Safeguarding Adults "
            "Board.") not in paragraphs
    assert ("A joint protocol of Eastmoor Safeguarding Children Partnership and Eastmoor Safeguarding Adults Board."
            in paragraphs)
    labels = [row.cells[0].text for table in document.tables for row in table.rows]
    assert "The adult, child or young person" in labels             # the section's heading
    assert "Adult, child or young person's name or initials" in labels
    stages = next(t for t in document.tables if t.rows[0].cells[0].text == "Level")
    assert [row.cells[0].text for row in stages.rows[1:]] == [
        "Level 2: Line manager to line manager (Informal resolution)",
        "Level 3: Service manager to service manager (Formal escalation)"]
    assert "Next step: raise Level 3: Service manager to service manager." in paragraphs
    assert not any("child's" in text.lower() for text in paragraphs + labels)


# --- six steps, and the words of a policy without terms --------------------------------------------------------


def six_steps_called_step() -> Policy:
    """The fixture with a sixth level, the groups taken away and "Step" for a stage: any number of stages works."""
    data = copy.deepcopy(check_policy(SHAPE / "policy.yaml")[0].data)
    data.pop("stage_groups")
    data["terms"] = {"stage": "Step"}
    stages = data["pathways"][0]["stages"]
    for i, stage in enumerate(stages, 1):
        stage.pop("group")
        stage["id"], stage["label"] = f"step-{i}", f"Step {i}"
    stages.append(dict(stages[-1], id="step-6", label="Step 6", title="Escalated to the boards jointly"))
    return Policy.from_dict(data)


def test_six_steps_each_reached_in_turn_and_the_word_is_step():
    policy = six_steps_called_step()
    answers = {"immediate-risk": "no", "escalation.reached": "step-5", "escalation.step-5.response": "not-resolved",
               "escalation.step-5.raised-on": TODAY, "escalation.step-6.raise-on": TODAY}
    step = advise(policy, answers)
    assert step["stage"]["label"] == "Step 6" and step["next"] is None and "group" not in step["stage"]
    assert policy.wording("manual.find_your_stage") == "Find your step"
    assert policy.wording("record.column.stage") == "Step"
    first = next_step(policy, {"immediate-risk": "no"}, TODAY)
    assert len(first["question"]["options"]) == 7     # nothing yet, and six steps
    pages = {p.path: p.markdown for p in ManualRenderer(policy).pages()}
    headings = [line for line in pages["pathways/escalation.md"].splitlines() if line.startswith("## Step")]
    assert len(headings) == 6 and "at this step." in pages["pathways/escalation.md"]


def test_without_terms_the_words_are_todays():
    """The defaults, filled in, are the words every bundled policy had before ``terms`` existed."""
    words = Wording()
    assert terms() == {"person": "child", "a_person": "a child", "stage_word": "stage", "stages_word": "stages"}
    assert words("manual.find_your_stage") == "Find your stage"
    assert words("why.label.immediate_risk") == "If a child is at immediate risk"
    assert words("timescale.sooner") == ", or sooner if the child's safety requires it"
    assert words("record.field.child_name") == "Child's name or initials"
    assert words("record.column.stage") == "Stage"
    assert all("{person}" not in text and "{stage_word}" not in text for text in words.texts.values())
    assert any("{person}" in text for text in DEFAULTS.values()), "the words come from the terms, not hard-coded"


def test_a_policy_with_no_owners_or_groups_gives_the_advice_it_gave(root=ROOT):
    for path in discover_policies(ROOT / "policies"):
        policy = load_policy(path)
        if policy.owners or policy.stage_groups:
            continue
        pathway = policy.pathways[0]
        step = next_step(policy, {"immediate-risk": "no"}, TODAY)
        assert "owners" not in step
        assert all(o["hint"] is None for o in step.get("question", {}).get("options", [])
                   if o["value"] in {s.id for s in pathway.stages})
        assert policy.wording.terms == terms()


def test_a_policys_own_override_may_use_the_terms():
    words = Wording({"manual.find_your_stage": "Find your {stage_word} for the {person}"}, {"stage": "Step"})
    assert words("manual.find_your_stage") == "Find your step for the child"
    assert Wording(None, {"person": "young person", "a_person": "a young person"})("why.label.immediate_risk") == \
        "If a young person is at immediate risk"
    assert fill("{Stage_word} 1", Wording(None, {"stage": "Level"}).terms) == "Level 1"


# --- check: every new key's problems at file:line:col ------------------------------------------------------------


def checked(tmp_path, change) -> list[str]:
    folder = tmp_path / "joint"           # the folder is named as the slug
    folder.mkdir()
    shutil.copy(SHAPE / "source.md", folder / "source.md")
    text = change((SHAPE / "policy.yaml").read_text(encoding="utf-8"))
    (folder / "policy.yaml").write_text(text, encoding="utf-8")
    _, problems = check_policy(folder / "policy.yaml")
    return [str(p) for p in problems]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    return text[:index].count("\n") + 1


def test_check_finds_an_unknown_group(tmp_path):
    problems = checked(tmp_path, lambda t: t.replace("group: formal", "group: formall", 1))
    text = (tmp_path / "joint" / "policy.yaml").read_text()
    line = line_of(text, "group: formall")
    assert any(re.match(rf".*policy\.yaml:{line}:\d+: unknown stage_group `formall`; did you mean `formal`\?", p)
               for p in problems), problems


def test_check_finds_a_group_whose_levels_are_not_together(tmp_path):
    # Level 4 moved to the informal group: the informal group is split by level 3.
    problems = checked(tmp_path, lambda t: t.replace("group: formal", "group: informal", 2).replace(
        "      - id: level-3\n        group: informal", "      - id: level-3\n        group: formal"))
    text = (tmp_path / "joint" / "policy.yaml").read_text()
    line = line_of(text, "group: informal", 3)
    assert any(re.match(rf".*policy\.yaml:{line}:\d+: stage `level-4` is in group `informal`, but the stage before "
                        r"it is not; a group's stages come one after another \(the group starts at `level-1`\)", p)
               for p in problems), problems


def test_check_finds_a_group_with_no_stage_and_a_bad_term_and_a_single_owner(tmp_path):
    def change(t):
        t = t.replace("stage_groups:\n", "stage_groups:\n  - {id: panel, title: Multi-agency panel, quote: "
                                         "\"Level 5: the Independent Chair of the board concerned decides\"}\n", 1)
        t = t.replace("  stage: Level\n", "  stage: Level\n  stage_plural: Levels\n", 1)
        start = t.index("    - name: Eastmoor Safeguarding Adults Board")
        end = t.index("\n\n", start)
        return t[:start] + t[end + 1:]
    problems = checked(tmp_path, change)
    text = (tmp_path / "joint" / "policy.yaml").read_text()
    assert any(re.match(rf".*policy\.yaml:{line_of(text, '{id: panel')}:\d+: no stage is in group `panel`", p)
               for p in problems), problems
    assert any(f"policy.yaml:{line_of(text, 'stage_plural')}:" in p and "stage_plural" in p for p in problems), problems
    assert any(re.match(rf".*policy\.yaml:{line_of(text, '- name: Eastmoor')}:\d+: partnership\.owners must list at "
                        "least 2", p) for p in problems), problems


def test_check_finds_an_owner_listed_twice_and_braces_in_a_term(tmp_path):
    problems = checked(tmp_path, lambda t: t.replace("- name: Eastmoor Safeguarding Adults Board",
                                                     "- name: Eastmoor Safeguarding Children Partnership").replace(
        "  person: adult, child or young person\n", '  person: "{date} person"\n'))
    text = (tmp_path / "joint" / "policy.yaml").read_text()
    second = line_of(text, "- name: Eastmoor Safeguarding Children Partnership", 2)
    first = line_of(text, "- name: Eastmoor Safeguarding Children Partnership")
    assert any(re.match(rf".*policy\.yaml:{second}:\d+: `Eastmoor Safeguarding Children Partne.*` is listed twice "
                        rf"among the owners \(also on line {first}\)", p) for p in problems), problems
    line = line_of(text, 'person: "{date}')
    assert any(re.match(rf".*policy\.yaml:{line}:\d+: terms\.person .* without {{ or }}", p) for p in problems), problems


def test_a_term_cannot_reach_a_placeholder_even_unchecked():
    """A term is words, never a placeholder, even in a policy that was not checked (hostile input is data)."""
    words = Wording(None, {"person": "{date}", "stage": "{}"})
    assert words("timescale.sooner", date="1 May") == ", or sooner if the date's safety requires it"
    assert words("manual.find_your_stage") == "Find your stage"


def test_grouping_the_stages_leaves_the_rules_digest_a_record_carries_as_it_was():
    """Groups present the stages; they are not a rule. A record made before a policy named its groups is not "made
    with an earlier version" (and the bundled policies' records carry the digest they carried before groups)."""
    from guide.engine.record_data import policy_digest

    data = copy.deepcopy(check_policy(SHAPE / "policy.yaml")[0].data)
    grouped = Policy.from_dict(data)
    data.pop("stage_groups")
    for stage in data["pathways"][0]["stages"]:
        stage.pop("group")
    assert policy_digest(Policy.from_dict(data)) == policy_digest(grouped)
