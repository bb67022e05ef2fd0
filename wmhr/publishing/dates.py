"""The one place participant-facing dates and times are formatted (swap it for CLDR/Babel to
localise every published output at once)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Literal

from wmhr.time.convert import format_offset

Style = Literal["date", "short_date", "time", "date_time", "utc", "offset", "day"]
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_moment(moment: datetime | date, style: Style) -> str:
    """A wall time as people read it, in the zone `moment` carries (convert it first):

    date `Tue 3 May 2022`, short_date `Tue 3 May`, time `19:00`, date_time `Tue 3 May 2022 19:00`,
    utc (the instant in UTC, whatever zone it carries) `Tue 3 May 2022 23:00 UTC`, offset
    `UTC-04:00`, day (a calendar day, for dates without a time) `30 June 2022`.
    """
    if style == "day":
        return f"{moment.day} {MONTH_NAMES[moment.month - 1]} {moment.year}"
    if not isinstance(moment, datetime):
        raise TypeError(f"style {style!r} needs a date-time")
    if style == "utc":
        return f"{format_moment(moment.astimezone(UTC), 'date_time')} UTC"
    short = f"{WEEKDAYS[moment.weekday()]} {moment.day} {MONTHS[moment.month - 1]}"
    if style == "short_date":
        return short
    if style == "date":
        return f"{short} {moment.year}"
    if style == "time":
        return f"{moment.hour:02d}:{moment.minute:02d}"
    if style == "date_time":
        return f"{short} {moment.year} {moment.hour:02d}:{moment.minute:02d}"
    return f"UTC{format_offset(moment.utcoffset() or timedelta(0))}"
