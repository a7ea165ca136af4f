"""The model policy is a template: its commented examples (an inbox, a version and dates, a business unit, a step
with working days and a form, the form itself) must work when a partnership uncomments them, as the comments say:
remove the "# " from each line between "---- Example" and "---- End of example", then put the policy's own words.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from guide.engine.walk import next_step
from guide.publish.policy_files import check_policy, load_policy

MODEL = Path(__file__).resolve().parent.parent / "policies" / "model"

# The template is the bundled model policy: a fork that deletes it skips these tests.
pytestmark = pytest.mark.skipif(not (MODEL / "policy.yaml").exists(), reason="the model policy is not here")
PLACEHOLDER = re.compile(r"\"(Your policy's words[^\"]*)\"")


def uncommented(text: str) -> str:
    """The file with every example block's lines uncommented, as the instructions in the file say."""
    lines, inside = [], False
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped == "# ---- Example":
            inside = True
            continue
        if stripped == "# ---- End of example":
            inside = False
            continue
        if inside:
            assert stripped.startswith("# "), line
            line = line[: len(line) - len(stripped)] + stripped[2:]
        lines.append(line)
    assert not inside, "an example block has no end"
    return "\n".join(lines) + "\n"


@pytest.fixture
def adopted(tmp_path) -> Path:
    """A copy of the model with every example uncommented, and the placeholder quotes written into its source text
    (as a partnership's own source would hold its own words)."""
    folder = tmp_path / "policies" / "model"
    shutil.copytree(MODEL, folder)
    text = (MODEL / "policy.yaml").read_text(encoding="utf-8")
    (folder / "policy.yaml").write_text(uncommented(text).replace("../../guide/schema", str(
        MODEL.parent.parent / "guide" / "schema")), encoding="utf-8")
    words = sorted(set(PLACEHOLDER.findall(text)))
    with (folder / "source.md").open("a", encoding="utf-8") as source:
        source.write("\n\n## Your policy\n\n" + "\n\n".join(words) + "\n")
    return folder / "policy.yaml"


def test_the_model_has_every_example_the_template_promises():
    text = (MODEL / "policy.yaml").read_text(encoding="utf-8")
    blocks = re.findall(r"# ---- Example\n(.*?)# ---- End of example", text, re.S)
    assert len(blocks) == 5
    joined = "\n".join(blocks)
    for promised in ("inbox:", "site_url:", "version:", "effective_date:", "review_date:", "kind: working-days",
                     "form: escalation-form", "forms:", "prefill:", "completed_by: recipient", "personal: true"):
        assert promised in joined, promised


def test_the_model_as_it_stands_invents_no_rule():
    """Commented out, the examples are not rules: the model has no form, no inbox and no working-day timescale,
    because its source has none."""
    policy = load_policy(MODEL / "policy.yaml")
    assert policy.forms == () or not policy.forms
    assert not policy.partnership.inbox
    assert all(stage.timescale.kind != "working-days" for pathway in policy.pathways for stage in pathway.stages)


def test_uncommented_examples_make_a_valid_policy(adopted):
    policy_file, problems = check_policy(adopted)
    assert problems == [], "\n".join(str(p) for p in problems)


def test_placeholder_quotes_are_caught_until_the_source_holds_them(adopted):
    """A partnership that uncomments the examples and forgets to put its own words gets a check failure at the
    quote's line, not a published rule without a source."""
    (adopted.parent / "source.md").write_text((MODEL / "source.md").read_text(encoding="utf-8"), encoding="utf-8")
    _, problems = check_policy(adopted)
    assert problems and all("Your policy's words" in str(p) or "source" in str(p) for p in problems)
    assert len({str(p).split(":")[1] for p in problems}) >= 5        # one line per placeholder


def test_the_example_step_gives_a_working_day_deadline_and_the_form(adopted):
    policy = load_policy(adopted, today="2026-12-21")
    answers = {"immediate-risk": "no", "about": "other", "own-agency": "health", "other-agency": "school"}
    step = next_step(policy, answers, today="2026-12-21")
    reached = step["question"]
    assert "senior-managers" in [option["value"] for option in reached["options"]]
    answers[reached["id"]] = "managers"          # step 2 was taken, and did not resolve it
    step = next_step(policy, answers, today="2026-12-21")
    while step["kind"] == "question":
        question = step["question"]
        if question["type"] == "date":
            answers[question["id"]] = "2026-12-21"
        elif question["id"].endswith(".response"):
            answers[question["id"]] = next(o["value"] for o in question["options"] if "not" in o["value"])
        else:
            answers[question["id"]] = question["options"][0]["value"]
        step = next_step(policy, answers, today="2026-12-21")
    assert step["stage"]["id"] == "senior-managers", step
    # Raised on Monday 21 December 2026: 5 working days leave out Christmas Day (Friday), the weekend and the
    # Boxing Day holiday (Monday 28, as the 26th is a Saturday): 22, 23, 24, 29, 30.
    assert step["deadline"]["date"] == "2026-12-30"
    assert step["timescale"]["why"]["passages"][0]["text"] == "Your policy's words that set the time."
    assert step["form"]["id"] == "escalation-form"
    assert any("business unit" in duty["action"] for duty in step["duties"])
