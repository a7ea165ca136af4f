"""The policy schema (``guide/schema/policy.schema.json``) and its errors in plain words: one message per mistake,
at the value (or the key) it is about; a misspelt field gets "did you mean", a value of the wrong type says only that.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

from .problems import PolicyFile, Problem, _short
from .suggestions import misspelt_field

SCHEMA_PATH = Path(__file__).parent.parent.parent / "schema" / "policy.schema.json"


_validator: jsonschema.Draft202012Validator | None = None


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _schema_validator() -> jsonschema.Draft202012Validator:
    global _validator
    if _validator is None:
        _validator = jsonschema.Draft202012Validator(schema())
    return _validator


# What to write for a required key where a policy may seem to have nothing to give.
REQUIRED_ADVICE = {
    "timescale": "add it (`timescale: {kind: not-stated}` if your policy gives this stage no response time)",
}


def _where_text(path: tuple) -> str:
    parts = [_short(p) if not isinstance(p, int) else f"[{p + 1}]" for p in path]
    text = ".".join(parts).replace(".[", "[")
    return text or "the file"


def _schema_message(error: jsonschema.ValidationError) -> list[tuple[tuple, str, bool]]:
    """Plain-words messages for one schema error: the path each is about, and whether to point at the key."""
    path = tuple(error.absolute_path)
    where = _where_text(path)
    hint = error.schema.get("x-hint") if isinstance(error.schema, dict) else None
    validator = error.validator
    if validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else error.message
        if isinstance(error.instance, dict) and isinstance(error.instance.get("id"), str):
            where = f"{where} (`{_short(error.instance['id'])}`)"      # which stage, contact or question
        advice = REQUIRED_ADVICE.get(name, "add it")
        return [(path, f"{where} needs `{name}`; {advice}", False)]
    if validator == "additionalProperties":
        allowed = sorted((error.schema.get("properties") or {}).keys())
        extras = [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
        found = []
        for key in extras:
            close = misspelt_field(key, allowed)   # only the same field misspelt, never another one
            suggestion = f"did you mean `{close}`?" if close else f"allowed here: {', '.join(allowed)}"
            found.append((path + (key,), f"`{key}` is not a field of {where}; {suggestion}", True))
        return found
    if validator == "enum":
        options = ", ".join(f"`{o}`" for o in error.validator_value)
        message = f"{where} is `{_short(error.instance)}`; it must be one of {options}"
        if path and path[-1] == "counts_from" and isinstance(error.instance, str):
            # "counts_from: step-1": a stage named where the event goes (found by a business manager's trial)
            message += (f". To count from a stage's raising, write `counts_from: stage-raised` and "
                        f"`from_stage: {_short(error.instance)}` (the stage's id)")
        return [(path, message, False)]
    if validator == "const":
        return [(path, f"{where} must be `{error.validator_value}`" + (f". {hint}" if hint else ""), False)]
    if validator == "type":
        wanted = error.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        if wanted == "array" and isinstance(error.instance, (str, int, float)) and not isinstance(error.instance, bool):
            return [(path, f"{where} should be a list: write `[{_short(error.instance)}]`", False)]
        words = {"object": "a mapping (key: value lines)", "array": "a list (lines starting with -)",
                 "string": "text", "integer": "a whole number", "boolean": "true or false"}
        return [(path, f"{where} must be {words.get(wanted, wanted)}, not `{_short(error.instance)}`", False)]
    if validator == "pattern":
        return [(path, f"{where} `{_short(error.instance)}` is not in the right form. {hint or ''}".strip(), False)]
    if validator == "minItems":
        return [(path, f"{where} must list at least {error.validator_value} item(s)", False)]
    if validator in ("minLength",):
        return [(path, f"{where} is empty; write the text or remove the field", False)]
    if validator in ("minimum", "maximum"):
        return [(path, f"{where} is {_short(error.instance)}; {error.message.split(' is ')[-1]}", False)]
    if validator == "oneOf" and error.context:
        required_sets = [e.validator_value for e in error.context if e.validator == "required"]
        keys = sorted({k for group in required_sets for k in group})
        if keys:
            present = [k for k in keys if isinstance(error.instance, dict) and k in error.instance]
            if len(present) > 1:
                return [(path, f"{where} has both {' and '.join(f'`{k}`' for k in present)}; keep only one", False)]
            return [(path, f"{where} needs one of {' or '.join(f'`{k}`' for k in keys)}", False)]
    if validator == "anyOf" and error.context:
        required_sets = [e.validator_value for e in error.context if e.validator == "required"]
        keys = sorted({k for group in required_sets for k in group})
        if keys:
            return [(path, f"{where} needs {' or '.join(f'`{k}`' for k in keys)}", False)]
        best = jsonschema.exceptions.best_match(error.context)
        return _schema_message(best)
    if validator == "not" and isinstance(error.validator_value, dict) and "required" in error.validator_value:
        names = error.validator_value["required"]
        if names[0] == "from_stage" and isinstance(error.instance, dict):
            # removing it would count the date from this stage instead of the stage the policy names
            return [(path, f"{where} has `from_stage` but not `counts_from: stage-raised`, so its date would not count "
                           f"from `{_short(error.instance.get('from_stage'))}`: add `counts_from: stage-raised` (to count from the "
                           "first stage, `counts_from: escalation-started` alone does the same)", False)]
        return [(path, f"{where} must not have `{names[0]}` here; remove it", False)]
    if validator == "minProperties":
        return [(path, f"{where} is empty", False)]
    message = error.message
    if len(repr(error.instance)) > 40:   # jsonschema repeats the whole value
        message = message.replace(repr(error.instance), f"`{_short(error.instance)}`")
    return [(path, f"{where}: {message}", False)]


def _schema_problems(policy: PolicyFile) -> list[Problem]:
    problems = []
    errors = [leaf for error in _schema_validator().iter_errors(policy.data) for leaf in _leaf_errors(error)]
    # A value of the wrong type is one mistake: say that, not also what its value breaks (`amount: .inf`).
    wrong_type = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    # A misspelt key is one mistake: "did you mean `summary`?" says it, without also "needs `summary`".
    misspelt = {(tuple(e.absolute_path), close) for e in errors if e.validator == "additionalProperties"
                and isinstance(e.instance, dict)
                for key in e.instance if key not in (e.schema.get("properties") or {})
                for close in [misspelt_field(key, list(e.schema.get("properties") or {}))] if close}
    for leaf in errors:
        if tuple(leaf.absolute_path) in wrong_type and leaf.validator != "type":
            continue
        if leaf.validator == "required" and any((tuple(leaf.absolute_path), name) in misspelt
                                                for name in re.findall(r"'([^']+)' is a required", leaf.message)):
            continue
        for path, message, at_key in _schema_message(leaf):
            if not policy.is_covered(path):
                problems.append(policy.problem(path, message, at_key=at_key))
    return problems


def _leaf_errors(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    # if/then and allOf wrap the real problem; report the inner one.
    if error.validator in ("allOf", "then", "else") and error.context:
        return [leaf for sub in error.context for leaf in _leaf_errors(sub)]
    return [error]
