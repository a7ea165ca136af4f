"""Checks of a policy's meaning: mistakes that are valid YAML, valid against the schema and whose references all
resolve, but that make the guide say something the source does not (build time).

One module per family, each small:

- ``advice``: a question whose answers never change the advice; a condition that ends a pathway early for some
  answers. Both run the engine on every route (``guide.engine.routes``).
- ``starts``: a timescale whose words name a starting point its date is not counted from.
- ``numbers``: a number in a rule (an amount, the days or hours in its words) that its quote does not state.
- ``readings``: a role, inbox or form in a rule that its quote does not name (listed for review as "check this
  reading").
- ``suggestions``: "did you mean ...?" only for a field misspelt, never another field.

The other modules here are the checks before these (``policy_files`` runs them in order and re-exports their
names): reading the file (``problems``, ``yaml_loader``, ``reading``), ``schema_messages``, ``references``,
``rules`` (with ``dates``, ``colours``), ``timescales``, ``source_quotes``, ``links``, ``markdown_fields``,
``contacts``; ``values`` holds plain helpers over the data.

``policy_files.check_policy_file`` calls ``meaning_problems`` once the file has no other problem: errors are
returned, warnings are added to the file's warnings. Every message is ``file:line:col`` with the fix in words.
"""

from __future__ import annotations

import hashlib

_CACHE: dict[str, tuple[list, list]] = {}   # the policy as read (and merged) and its source -> (errors, warnings)
_CACHE_SIZE = 32


def meaning_problems(policy_file, problems) -> list:
    """The meaning checks of a policy file already read and checked (``problems`` are the other checks'
    findings: with any, the policy cannot be run, and these checks wait for them to be fixed). Returns the errors;
    adds the warnings to ``policy_file.warnings``."""
    if problems or not isinstance(policy_file.data, dict):
        return []
    key = _key(policy_file)
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = _run(policy_file)
    errors, warnings = _CACHE[key]
    policy_file.warnings.extend(warnings)
    return list(errors)


def _key(policy_file) -> str:
    digest = hashlib.sha256()
    for part in (policy_file.display, str(policy_file.path), policy_file.text, repr(policy_file.data),
                 repr(sorted(policy_file.source_sections.items()))):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _run(policy_file) -> tuple[list, list]:
    from . import advice, numbers, readings, starts

    errors: list = []
    warnings: list = []
    for family in (starts, numbers):
        found_errors, found_warnings = family.check(policy_file)
        errors += found_errors
        warnings += found_warnings
    model = _model(policy_file)
    for family in (advice, readings):
        found_errors, found_warnings = family.check(policy_file, model)
        errors += found_errors
        warnings += found_warnings
    return errors, warnings


def _model(policy_file):
    """The engine's model of the policy, as the build makes it."""
    from ...engine.model import Policy
    from ..bank_holidays import bank_holidays, year_span
    from ..policy_files import site_path_for

    data = policy_file.data
    years = year_span(None)
    region = data["partnership"].get("bank_holidays", "england-and-wales")
    return Policy.from_dict(data, site_path=site_path_for(policy_file.path),
                            bank_holidays=bank_holidays(region, years), bank_holiday_years=years,
                            source_sections=policy_file.source_sections)
