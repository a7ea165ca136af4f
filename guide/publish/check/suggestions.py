""""Did you mean ...?" for a field name only where the name is a misspelling of the field, never another field.

`acknowledge_within` is not `raise_within` misspelt: it names another rule, and an author who followed the
suggestion would encode a rule the source does not give. A suggestion is made only when each word of the name
(words are split at `_` and `-`) is the same word as the field's, give or take a slip of the keyboard: a letter
left out, added, changed or two swapped (`colour`/`color`, `raise_withn`), or the words run together
(`raisewithin`).
"""

from __future__ import annotations

import difflib
import re
from typing import Iterable, Optional


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[_\-\s]+", name.lower()) if w]


def _slips(a: str, b: str) -> int:
    """Letters inserted, deleted, changed or two neighbours swapped to make ``a`` into ``b`` (Damerau-Levenshtein,
    optimal string alignment), at most 3 counted."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return min(previous[-1], 3)


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    allowed = 0 if min(len(a), len(b)) <= 3 else 1 if min(len(a), len(b)) <= 6 else 2
    return _slips(a, b) <= allowed


def same_meaning(name: str, field: str) -> bool:
    """Whether ``name`` is ``field`` misspelt (and so would mean the same), not another word."""
    mine, theirs = _words(name), _words(field)
    if not mine or not theirs:
        return False
    if "".join(mine) == "".join(theirs):           # raisewithin, raise-within
        return True
    if len(mine) != len(theirs):
        return _same_word("".join(mine), "".join(theirs)) and len("".join(theirs)) > 6
    return all(_same_word(a, b) for a, b in zip(mine, theirs))


def misspelt_field(name: str, fields: Iterable[str]) -> Optional[str]:
    """The field ``name`` is a misspelling of, or None: the closest by letters among those of the same meaning."""
    fields = list(fields)
    candidates = [f for f in difflib.get_close_matches(name, fields, n=len(fields) or 1, cutoff=0.5)
                  if same_meaning(name, f)]
    if not candidates:
        candidates = [f for f in fields if same_meaning(name, f)]
    return candidates[0] if candidates else None
