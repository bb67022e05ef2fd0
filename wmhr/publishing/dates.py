"""The one place participant-facing dates and times of the published outputs are formatted: CLDR
through `wmhr.locale`, in the output's language."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from wmhr.locale import formats
from wmhr.locale.language import Language
from wmhr.time.zones import load_iana_zone

Style = Literal["date", "short_date", "time", "date_time", "utc", "offset", "day"]


def format_moment(moment: datetime | date, style: Style, lang: Language) -> str:
    """A wall time as people read it in `lang`, in the zone `moment` carries (convert it first):

    date `Tue, 3 May 2022`, short_date `Tue, 3 May`, time `19:00`, date_time
    `Tue, 3 May 2022, 19:00`, utc (the instant in UTC, whatever zone it carries)
    `Tue, 3 May 2022, 23:00 UTC`, offset `GMT-04:00`, day (a calendar day) `30 June 2022`
    (English; CLDR's forms in every language).
    """
    locale = lang.locale
    if style == "day":
        return formats.long_date(
            moment if not isinstance(moment, datetime) else moment.date(), locale
        )
    if not isinstance(moment, datetime):
        raise TypeError(f"style {style!r} needs a date-time")
    if style == "utc":
        utc_zone = load_iana_zone("UTC")
        when = formats.compact_date_time(moment.astimezone(utc_zone), utc_zone, locale)
        return f"{when} {lang.utc}"
    zone = moment.tzinfo
    assert zone is not None
    if style == "short_date":
        return formats.compact_day(moment, zone, locale)
    if style == "date":
        return formats.compact_date(moment, zone, locale)
    if style == "time":
        return formats.time_of_day(moment, zone, locale)
    if style == "date_time":
        return formats.compact_date_time(moment, zone, locale)
    return formats.utc_offset(moment, zone, locale)
