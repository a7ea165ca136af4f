"""Every rule quotes its source, and every quoted passage is in the source text (``source.md`` beside the policy;
for a local policy on a base, the text of the file the quote is written in). Rules marked ``from_source: false``
are warnings, so that a reviewer sees every inference at once."""

from __future__ import annotations

from .problems import PolicyFile, Problem
from .values import _get


def _quote_problems(policy: PolicyFile) -> list[Problem]:
    """Every rule quotes its source, and every quoted passage is in the source text. Rules marked
    ``from_source: false`` become warnings, so that a reviewer sees every inference at once."""
    from ...engine.model import IN_STAGE
    from ..quotes import SourceText, passages, rule_sites, stage_context

    data = policy.data if isinstance(policy.data, dict) else {}
    name = _get(data, ("document", "source_file"))
    if not isinstance(name, str):
        if isinstance(data.get("document"), dict):
            policy.warnings.append(policy.problem(("document",), "warning: no `source_file`: the rules' quotes cannot "
                                                  "be checked; put the policy's text beside this file as source.md and "
                                                  "name it here", at_key=True))
        return []
    # A local policy built on a base (variants.py): each quote is checked against the source text of the file it
    # is written in, the base's or the local one's.
    texts: dict = {}

    def source_of(file: str):
        if file not in texts:
            path = policy.sources.get(file, policy.path.parent / name) if policy.sources else policy.path.parent / name
            texts[file] = None if path is None else SourceText.read(path)
        return texts[file]

    try:
        source_of(policy.display)
    except FileNotFoundError:
        return [policy.problem(("document", "source_file"), f"there is no file `{name}` beside this policy; "
                               "add the policy's text there")]
    except (OSError, UnicodeDecodeError) as error:
        return [policy.problem(("document", "source_file"), f"cannot read `{name}` as UTF-8 text: {error}")]
    for file, path in policy.sources.items():
        if path is not None:
            try:
                source_of(file)
            except (OSError, UnicodeDecodeError) as error:
                return [Problem(file, 1, 1, f"cannot read the source text {path.name}: {error}")]
    problems = []
    for site in rule_sites(data):
        quote = _get(data, site.quote_path)
        if quote is None:
            problems.append(policy.problem(site.path, f"{site.what} has no `{site.key}`: copy the words of {name} it "
                                           f"comes from, or write `{site.key}: {{from_source: false, basis: reading, note: why}}`"))
            continue
        if isinstance(quote, dict):
            note = quote.get("note")
            if quote.get("from_source") is False and isinstance(note, str):
                policy.warnings.append(policy.problem(site.quote_path, f"warning: not from the source ({quote.get('basis')}): {site.what}: "
                                                      + " ".join(note.split())))
            continue
        source = source_of(policy.file_of(site.quote_path))
        if source is None:
            problems.append(policy.problem(site.quote_path, "this rule is local, and this file names no source text "
                                           "of its own: give `document.source_file` (the local text, beside this "
                                           "file), or write `quote: {from_source: false, basis: reading, note: why}`"))
            continue
        for index, passage in enumerate(passages(quote)):
            at = site.quote_path + ((index,) if isinstance(quote, list) else ())
            offset = source.find(passage)
            if offset < 0:
                shown = " ".join(passage.split())
                shown = shown if len(shown) <= 80 else shown[:79] + "…"
                # A local policy's quotes are looked for in its own source text, its base's in the base's: say
                # which, as the two are often both called source.md (a regional trial).
                sought = policy.sources.get(policy.file_of(site.quote_path)) if policy.sources else None
                where = (f"{sought.name} beside {policy.file_of(site.quote_path)}" if sought is not None
                         and len(policy.sources) > 1 else name)
                problems.append(policy.problem(at, f'quote not found in {where}: "{shown}"'))
            else:
                policy.source_sections[passage] = source.section(offset)
                context = stage_context(data, site.path)
                if context:       # a sentence the source repeats: the section of this stage's own words
                    stage_quote = passages(_get(data, site.path[:4] + ("quote",)))
                    anchor = source.find(stage_quote[0]) if stage_quote else -1
                    here = source.section_near(passage, anchor)
                    if here and here != policy.source_sections[passage]:
                        policy.source_sections[f"{context}{IN_STAGE}{' '.join(passage.split())}"] = here
    return problems
