"""Bank holidays as data for the engine (build time: the `holidays` package).

The engine itself has no dependency: the build hands it the dates, and ships them in the policy JSON for the
browser.
"""

from __future__ import annotations

from datetime import date

import holidays

SUBDIVISIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
FIRST_YEAR = 2012  # the oldest bundled policy history starts in 2012
YEARS_AHEAD = 5


def year_span(today: date | str | None = None) -> tuple[int, int]:
    """The years the build covers: from the oldest policy history to a few years ahead."""
    today = date.fromisoformat(today) if isinstance(today, str) else (today or date.today())
    return FIRST_YEAR, today.year + YEARS_AHEAD


def bank_holidays(region: str, years: tuple[int, int]) -> list[date]:
    """Every bank holiday of ``region`` in the inclusive span ``years``."""
    calendar = holidays.UK(subdiv=SUBDIVISIONS[region], years=range(years[0], years[1] + 1))
    return sorted(calendar.keys())
