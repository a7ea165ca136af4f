"""Keep the schema's ``wording`` section the same as ``guide/engine/wording.json`` (build time).

The schema documents every practitioner-facing string a policy may override, with its default, so an editor shows
it on hover. ``python -m guide.publish.wording_schema`` rewrites that section after a change to wording.json;
``tests/test_wording.py`` fails while the two differ.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..engine.wording import DEFAULTS

SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "policy.schema.json"
AREAS = {
    "answer": "an answer the guide offers",
    "error": "an error message on a question",
    "date": "a date question's error message",
    "outcome": "an outcome of the guide",
    "notice": "a notice on the advice",
    "timescale": "how a timescale is written",
    "form": "an error message on a form",
    "document": "a line in a Word document",
    "record": "the escalation record (form and Word document)",
    "email": "the ready-to-send e-mail (never holds the child's details)",
    "earlier": "answers offered from an earlier form (for a later one)",
    "guide": "the guide's page",
    "manual": "the manual's pages",
    "scenarios": "a scenario table's results (`build.py scenarios` and the studio), for the business manager",
}


def wording_schema() -> dict:
    properties = {}
    for key, text in DEFAULTS.items():
        area = AREAS.get(key.split(".")[0], "practitioner-facing text")
        placeholders = sorted(set(part.split("}")[0] for part in text.split("{")[1:] if "}" in part))
        where = f" Placeholders: {', '.join('{' + p + '}' for p in placeholders)}." if placeholders else ""
        properties[key] = {"type": "string", "default": text,
                           "description": f"Words for {area}. Default: “{text}”.{where}"}
    return {
        "type": "object",
        "description": "Optional: the partnership's own words for any of the guide's and manual's practitioner-facing "
                       "texts (for example a plain-English or Welsh variant). Give only those you change; every key "
                       "and its default is listed here. `{name}` placeholders are filled in by the guide; `{person}`, "
                       "`{a_person}`, `{stage_word}` and `{stages_word}` (with a capital first letter: `{Person}`, "
                       "`{Stage_word}`) are the policy's `terms`, e.g. \"Find your {stage_word}\" is \"Find your "
                       "level\" with `terms: {stage: Level}`.",
        "additionalProperties": False,
        "properties": properties,
    }


def write() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    schema["properties"]["wording"] = {"$ref": "#/$defs/wording"}
    schema["$defs"]["wording"] = wording_schema()
    SCHEMA.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write()
    print(f"{SCHEMA}: wording section rewritten ({len(DEFAULTS)} texts)")
