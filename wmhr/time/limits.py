"""The one range of dates wmhr supports, for every input: typed, in a schedule or in a CSV.

Python's datetime stops at years 1 and 9999, and a time near either end overflows when moved to
another zone, or when a deadline, an alarm or a day's end is computed from it. Inputs are held to
a range far inside those ends, so everything computed from them is safe: from 1900-01-01T00:00Z
up to, not including, 3000-01-01T00:00Z.
"""

from __future__ import annotations

from datetime import UTC, datetime

FIRST_YEAR = 1900
LAST_YEAR = 2999
EARLIEST = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
END = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)  # exclusive
SUPPORTED = f"wmhr supports {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31, in UTC"


def year_supported(year: int) -> bool:
    """Whether a date or wall time in `year` may lie in the range (and converts safely)."""
    return FIRST_YEAR - 1 <= year <= LAST_YEAR + 1


def in_utc(moment: datetime) -> datetime | None:
    """The aware `moment` in UTC when it lies in the range, else None. The year is checked
    before converting, so a moment at the ends of Python's range never overflows."""
    if not year_supported(moment.year):
        return None
    instant = moment.astimezone(UTC)
    return instant if EARLIEST <= instant < END else None
