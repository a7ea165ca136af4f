"""A number in a rule that its quote does not state (a warning).

A rule's numbers are its timescale's ``amount`` and the numbers of days, hours, weeks or months in its words (a
timescale's ``wording``, a duty's ``action``, an instruction's ``text``, a requirement's ``wording``). Each must be
stated by the rule's quote, in digits or in words: "5", "five", "48 hours", "two working days", "a working day"
(1), "a working week" (5 working days), "a seven-day period", "a fortnight" (14 days). A quote marked
``from_source: false`` states nothing and is not checked (the review lists it with its reason).
"""

from __future__ import annotations

import re

from ..quotes import _get, passages, rule_sites

UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
_WORD = "|".join(sorted(list(UNITS) + list(TENS), key=len, reverse=True))
_NUMBER = re.compile(rf"\b(?:(\d{{1,9}})|({_WORD})(?:[\s-]+({'|'.join(UNITS)}))?)\b", re.I)
_TIME_UNIT = r"(?:working\s+|calendar\s+|clear\s+|school\s+)?(?:days?|hours?|weeks?|months?|fortnights?)"
_WITH_UNIT = re.compile(rf"(\b(?:\d{{1,9}}|{_WORD})(?:[\s-]+(?:{'|'.join(UNITS)}))?)[\s-]+(?:further\s+)?{_TIME_UNIT}\b",
                        re.I)
_A_UNIT = re.compile(rf"\b(?:a|an|one)\s+(?:further\s+)?(working\s+week|week|fortnight|working\s+day|day|hour|month)\b",
                     re.I)


def value(words: str) -> int | None:
    """The number written as digits or words ("48", "forty-eight", "Five"), or None."""
    match = _NUMBER.fullmatch(words.strip())
    if not match:
        return None
    if match.group(1):
        return int(match.group(1))
    first = match.group(2).lower()
    total = UNITS.get(first, TENS.get(first, 0))
    if match.group(3) and first in TENS:
        total += UNITS[match.group(3).lower()]
    return total


def stated(text: str) -> set[int]:
    """Every number a text states, with what its weeks and fortnights come to in days."""
    found = set()
    for match in _NUMBER.finditer(text):
        number = value(match.group(0))
        if number is not None:
            found.add(number)
            after = text[match.end():match.end() + 20].lower()
            if re.match(r"[\s-]+working\s+weeks?\b", after):
                found.add(number * 5)
            elif re.match(r"[\s-]+weeks?\b", after):
                found.add(number * 7)
    for match in _A_UNIT.finditer(text):
        unit = " ".join(match.group(1).lower().split())
        found.add({"working week": 5, "week": 7, "fortnight": 14}.get(unit, 1))
        if unit == "fortnight":
            found.add(10)    # a fortnight of working days
    return found


def in_words(text: str) -> list[tuple[str, int]]:
    """The numbers of days, hours, weeks or months a rule's words give: (as written, the number)."""
    found = []
    for match in _WITH_UNIT.finditer(text):
        number = value(match.group(1))
        if number is not None:
            found.append((match.group(0), number))
    return found


def check(policy_file) -> tuple[list, list]:
    data = policy_file.data
    errors, warnings = [], []
    for site in rule_sites(data):
        rule = _get(data, site.path)
        quote = _get(data, site.quote_path)
        if not isinstance(rule, dict) or not passages(quote):
            continue
        numbers = stated(" ".join(passages(quote)))
        claims = []
        amount = rule.get("amount")
        if site.key == "quote" and isinstance(amount, int) and not isinstance(amount, bool) and "kind" in rule:
            claims.append((("amount",), amount, f"{amount} {_unit(rule.get('kind'), amount)}"))
        for key in ("wording", "action", "text"):
            if isinstance(rule.get(key), str) and site.key == "quote":
                claims += [((key,), number, written) for written, number in in_words(rule[key])]
        said = set()
        for key, number, written in claims:
            if number in numbers or (key, number) in said:
                continue
            said.add((key, number))
            where = "its `amount`" if key == ("amount",) else f"its `{key[0]}`"
            written_in, quoted_in = policy_file.file_of(site.path + key), policy_file.file_of(site.quote_path)
            if written_in != quoted_in:
                # A local policy's time with its base's quote: the guide's "Why?" would quote the base's number
                # beside the local one (found by a regional trial: "within 10 working days" over "within 5").
                errors.append(policy_file.problem(site.path + key, (
                    f"{site.what} says {written} ({where}), but its quote is from {quoted_in} and does not state "
                    f"{number}: the guide would show those words beside this time; give this policy's own `quote`, "
                    f"from its source, that states it")))
                continue
            warnings.append(policy_file.problem(site.path + key, (
                f"warning: {site.what} says {written} ({where}), but its quote does not state {number}, in digits or "
                f"in words: check the number against the source, and quote the words that state it")))
    return errors, warnings


def _unit(kind, amount: int) -> str:
    unit = {"working-days": "working day", "calendar-days": "day", "hours": "hour"}.get(kind, "")
    return unit + ("s" if amount != 1 and unit else "")
