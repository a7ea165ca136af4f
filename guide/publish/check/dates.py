"""A policy's dates (``2024-09`` or ``2024-09-30``): real dates, in a plausible range, compared in order."""

from __future__ import annotations

import calendar


FIRST_YEAR, LAST_YEAR = 1900, 2100   # a policy's dates; the guide's typed dates are held to the same range


def _valid_date(text: str) -> bool:
    parts = [int(p) for p in text.split("-")]
    year, month = parts[0], parts[1]
    if not FIRST_YEAR <= year <= LAST_YEAR or not 1 <= month <= 12:
        return False
    if len(parts) == 3:
        return 1 <= parts[2] <= calendar.monthrange(year, month)[1]
    return True


def _date_message(text: str) -> str:
    year = int(text[:4])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return f"`{text}`: the year {year} cannot be right; a policy's dates are between {FIRST_YEAR} and {LAST_YEAR}"
    return f"`{text}` is not a real date; check the month and day"


def _date_key(text: str) -> tuple:
    parts = [int(p) for p in text.split("-")]
    return tuple(parts + [0] * (3 - len(parts)))
