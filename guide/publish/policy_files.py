"""Reading and checking policy YAML files (build time only: PyYAML and jsonschema).

Every problem is reported as ``file:line:col: message`` so that a partnership author can go straight to it.
All problems in all files are collected before anything is reported; nothing here raises for bad input.
The checks themselves are in ``guide/publish/check/``, one module per family (reading, schema messages, rules and
references, timescales, quotes, links, meaning); this module runs them in order and keeps the public names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .check import meaning_problems
# The checks live in guide/publish/check/, one module per family; every name other code imports from here stays.
from .check.problems import ECHO_LIMIT, PolicyFile, Problem, _short, _shorten_echoes  # noqa: F401
from .check.yaml_loader import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_TEXT, _Lines  # noqa: F401
from .check.reading import _at_text, _display_path, read_policy_file  # noqa: F401
from .check.schema_messages import (SCHEMA_PATH, _leaf_errors, _schema_message, _schema_problems,  # noqa: F401
                                     _schema_validator, _where_text, schema)
from .check.values import _get, _list  # noqa: F401
from .check.dates import FIRST_YEAR, LAST_YEAR, _date_key, _date_message, _valid_date  # noqa: F401
from .check.colours import contrast_with_white, relative_luminance  # noqa: F401
from .check.rules import _Checker, _listed  # noqa: F401
from .check.source_quotes import _quote_problems  # noqa: F401
from .check.links import _link_problems, manual_targets  # noqa: F401
from .check.markdown_fields import _html_warnings, _markdown_limit_problems, _markdown_texts  # noqa: F401
from .check.contacts import ROUTES, _route_problems, _route_warnings, _you_as_the_other_agency  # noqa: F401
from .check.suggestions import misspelt_field  # noqa: F401

POLICY_FILENAME = "policy.yaml"
VERSIONS_DIR = "versions"


# --- public -------------------------------------------------------------------------------------------------


def check_policy(path: Path, display: str | None = None) -> tuple[PolicyFile | None, list[Problem]]:
    """Read and check one policy file. Returns the file (None if it could not be read) and its problems."""
    policy, problems = read_policy_file(path, display)
    if policy is None:
        return None, problems
    return policy, check_policy_file(policy, problems)


def check_policy_file(policy: PolicyFile, problems: Iterable[Problem] = (), base: Path | None = None,
                      html_warnings: bool = True) -> list[Problem]:
    """Every check of a policy already read (its reading problems given), sorted; its warnings are sorted too.
    ``html_warnings=False`` (the studio, in a browser without nh3, a Rust library) leaves out the warnings on HTML
    the build removes from Markdown texts: nothing else differs."""
    from .variants import merge_base

    problems = list(problems)
    merging = merge_base(policy, base)
    if merging and policy.local is None or any(p.file != policy.display for p in merging):
        return sorted(set(problems + merging))      # the base cannot be read or has problems of its own
    problems += merging
    problems += _schema_problems(policy)
    problems += _Checker(policy).run()
    problems += _folder_problems(policy)
    problems += _quote_problems(policy)
    problems += _link_problems(policy)
    problems += _markdown_limit_problems(policy)
    problems += _route_problems(policy)
    problems += meaning_problems(policy, problems)   # guide/publish/check/: the policy's meaning
    if html_warnings:
        _html_warnings(policy)
    _review_warning(policy)
    _route_warnings(policy)
    _you_as_the_other_agency(policy)
    if policy.local is not None:    # a problem in the base that only the merge makes: say which local policy
        problems = [Problem(p.file, p.line, p.col, f"{p.message} (in the base, as merged into {policy.display})")
                    if p.file != policy.display else p for p in problems]
    policy.warnings.sort()
    return sorted(set(problems))


def _review_warning(policy: PolicyFile, today=None) -> None:
    """A policy in force whose review date has passed still builds, but its reviewers should know (the site then
    says "under review")."""
    from datetime import date

    from .manual import review_passed

    document = policy.data.get("document") if isinstance(policy.data, dict) else None
    if not isinstance(document, dict) or document.get("status") != "current":
        return
    review = document.get("review_date")
    if isinstance(review, str) and _valid_date(review) and review_passed(review, today or date.today()):
        policy.warnings.append(policy.problem(("document", "review_date"), f"warning: the review date {review} has "
                                              "passed: the site says the policy is under review; review it and set "
                                              "the next date"))


def _folder_problems(policy: PolicyFile) -> list[Problem]:
    """A partnership's folder is named after its slug, so its manual's address matches the folder."""
    slug = _get(policy.data, ("partnership", "slug"))
    path = policy.path.resolve()
    folder = path.parent.parent.name if path.parent.name == VERSIONS_DIR else path.parent.name
    if path.name != POLICY_FILENAME and path.parent.name != VERSIONS_DIR:
        return []
    if isinstance(slug, str) and slug != folder:
        return [policy.problem(("partnership", "slug"),
                               f"the slug `{_short(slug)}` does not match the folder `{_short(folder)}`; rename one so they are the same")]
    return []


def discover_policies(root: Path) -> list[Path]:
    """Every policy file under ``root``: ``<slug>/policy.yaml`` and previous versions in ``<slug>/versions/``."""
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        current = folder / POLICY_FILENAME
        if current.exists():
            found.append(current)
        versions = folder / VERSIONS_DIR
        if versions.is_dir():
            found += sorted(versions.glob("*.yaml"))
    return found


class PolicyError(Exception):
    """A policy file has problems; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def site_path_for(path: Path) -> str:
    """Where a policy file's manual goes in the site: ``medway`` or ``medway/2016-06`` for a previous version."""
    path = Path(path)
    if path.parent.name == VERSIONS_DIR:
        return f"{path.parent.parent.name}/{path.stem}"
    return path.parent.name


def load_policy(path: Path, today=None):
    """Read, check and build the model of one policy file, with its bank holidays. Raises PolicyError."""
    from .bank_holidays import bank_holidays, year_span
    from ..engine.model import Policy

    policy_file, problems = check_policy(Path(path))
    if problems or policy_file is None:
        raise PolicyError(problems)
    data = policy_file.data
    years = year_span(today)
    region = data["partnership"].get("bank_holidays", "england-and-wales")
    return Policy.from_dict(data, site_path=site_path_for(path), bank_holidays=bank_holidays(region, years),
                            bank_holiday_years=years, source_sections=policy_file.source_sections)
