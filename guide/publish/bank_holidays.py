"""Bank holidays as data for the engine (build time: the `holidays` package).

The engine itself has no dependency: the build hands it the dates, and ships them in the policy JSON for the
browser.
"""

from __future__ import annotations

from datetime import date

SUBDIVISIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
FIRST_YEAR = 2012  # the oldest bundled policy history starts in 2012
YEARS_AHEAD = 5


def year_span(today: date | str | None = None) -> tuple[int, int]:
    """The years the build covers: from the oldest policy history to a few years ahead."""
    today = date.fromisoformat(today) if isinstance(today, str) else (today or date.today())
    return FIRST_YEAR, today.year + YEARS_AHEAD


_given: dict = {}   # {"regions": {region: ["YYYY-MM-DD", ...]}}: the studio in a browser, which has no `holidays`


def use_calendar(calendar: dict) -> None:
    """The bank holidays the build wrote for the studio (guide/publish/studio_check.py), where `holidays` cannot be
    imported: the checks that run the engine then count the same days as the command line."""
    _given.clear()
    _given.update(calendar)


def bank_holidays(region: str, years: tuple[int, int]) -> list[date]:
    """Every bank holiday of ``region`` in the inclusive span ``years``."""
    try:
        import holidays
    except ImportError:     # the studio in a browser: the build's calendar (none given: no days off but weekends)
        return sorted(d for d in (date.fromisoformat(day) for day in _given.get("regions", {}).get(region, []))
                      if years[0] <= d.year <= years[1])
    calendar = holidays.UK(subdiv=SUBDIVISIONS[region], years=range(years[0], years[1] + 1))
    return sorted(calendar.keys())
