"""The CLDR formatting seam: every date, time, zone name, offset, number, list and language name a
participant reads comes from Babel's CLDR data for one locale. None of it is written by hand.

Times are shown on the 24-hour clock in every language (CLDR's `Hm` skeleton, so each locale keeps
its own separator, `19.00` in Indonesian): the series publishes 24-hour times, and a global
audience should not have to resolve a.m. and p.m.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    get_timezone_gmt,
    get_timezone_name,
)
from babel.lists import format_list
from babel.numbers import format_decimal

from wmhr.time.zones import load_iana_zone

# Bare `en` reads dates as the series page does, day before month: CLDR's World English.
LOCALE_FOR_TAG = {"en": "en_001"}


@cache
def cldr_locale(tag: str) -> Locale:
    """The CLDR locale for a BCP 47 tag (`es`, `pt-BR`), or for its language alone when CLDR
    has no data for the whole tag."""
    try:
        return Locale.parse(LOCALE_FOR_TAG.get(tag, tag), sep="-" if "-" in tag else "_")
    except (ValueError, UnknownLocaleError):
        return Locale.parse(tag.split("-")[0])


def _glue(locale: Locale, day: str, time: str) -> str:
    """The locale's own way of joining a date and a time (`{1}, {0}`), as Babel's format_datetime
    joins them."""
    pattern = str(locale.datetime_formats["full"]).replace("'", "")
    return pattern.replace("{1}", day).replace("{0}", time)


def full_date(day: date, locale: Locale) -> str:
    """`martes, 3 de mayo de 2022`."""
    return format_date(day, "full", locale=locale)


def long_date(day: date, locale: Locale) -> str:
    """`30 de junio de 2022`."""
    return format_date(day, "long", locale=locale)


def time_of_day(moment: datetime, zone: tzinfo, locale: Locale) -> str:
    """`19:00` in `zone`."""
    return format_skeleton("Hm", moment, tzinfo=zone, locale=locale)


def date_time(moment: datetime, zone: ZoneInfo, locale: Locale) -> str:
    """`martes, 3 de mayo de 2022, 19:00` in `zone`."""
    local = moment.astimezone(zone)
    return _glue(locale, full_date(local.date(), locale), time_of_day(moment, zone, locale))


def span(start: datetime, end: datetime, zone: ZoneInfo, locale: Locale) -> str:
    """`martes, 3 de mayo de 2022, 19:00-20:00` (with the locale's dash); both full date-times
    when the end falls on another day, joined by the locale's interval pattern."""
    first, last = start.astimezone(zone), end.astimezone(zone)
    if first.date() == last.date():
        times = format_interval(first, last, "Hm", tzinfo=zone, locale=locale)
        return _glue(locale, full_date(first.date(), locale), times)
    pattern = str(locale.interval_formats[None])
    return pattern.replace("{0}", date_time(start, zone, locale)).replace(
        "{1}", date_time(end, zone, locale)
    )


# -- compact forms, for tables and announcements -----------------------------------------------


def _skeleton(skeleton: str, moment: datetime, zone: tzinfo, locale: Locale) -> str:
    return format_skeleton(skeleton, moment, tzinfo=zone, locale=locale)


def compact_date(moment: datetime, zone: tzinfo, locale: Locale) -> str:
    """`Tue, 3 May 2022` (CLDR's `yMMMEd`) in `zone`."""
    return _skeleton("yMMMEd", moment, zone, locale)


def compact_day(moment: datetime, zone: tzinfo, locale: Locale) -> str:
    """`Tue, 3 May` (CLDR's `MMMEd`) in `zone`."""
    return _skeleton("MMMEd", moment, zone, locale)


def compact_date_time(moment: datetime, zone: tzinfo, locale: Locale) -> str:
    """`Tue, 3 May 2022, 19:00` in `zone`, joined the locale's medium way."""
    pattern = str(locale.datetime_formats["medium"]).replace("'", "")
    day, time = compact_date(moment, zone, locale), time_of_day(moment, zone, locale)
    return pattern.replace("{1}", day).replace("{0}", time)


# -- the same forms as templates, for the page's script ----------------------------------------

# Pattern letters the script fills: a doubled `dd`, `HH` or `mm` is zero-padded.
_FIELDS = {"E": "weekday", "c": "weekday", "M": "month", "L": "month", "y": "year"}
_PADDED = {"d": ("day", "day2"), "H": ("hour", "hour2"), "m": ("minute2", "minute2")}


def _template(pattern: str) -> str:
    """A CLDR pattern (`E, d MMM y`, `HH:mm`) as a `{field}` template for the page's script,
    which fills it with the viewer's own wall time."""
    out, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if char == "'":
            end = pattern.find("'", index + 1)
            end = len(pattern) if end == -1 else end
            out.append(pattern[index + 1 : end] or "'")
            index = end + 1
            continue
        run = index
        while run < len(pattern) and pattern[run] == char:
            run += 1
        if char in _PADDED:
            out.append("{" + _PADDED[char][run - index > 1] + "}")
        elif char.isalpha():
            if char not in _FIELDS:
                raise ValueError(f"pattern {pattern!r}: no template field for {char!r}")
            out.append("{" + _FIELDS[char] + "}")
        else:
            out.append(pattern[index:run].replace("{", "").replace("}", ""))
        index = run
    return "".join(out)


def script_date_time(locale: Locale) -> str:
    """`{weekday}, {day} {month} {year}, {hour2}:{minute2}`: `compact_date_time` as a template
    (`hour2` zero-padded, `hour` not)."""
    day = _template(str(locale.datetime_skeletons["yMMMEd"].pattern))
    time = _template(str(locale.datetime_skeletons["Hm"].pattern))
    pattern = str(locale.datetime_formats["medium"]).replace("'", "")
    return pattern.replace("{1}", day).replace("{0}", time)


def script_offset(locale: Locale) -> str:
    """`GMT{sign}{hours}:{minutes}`: the locale's offset format, as `utc_offset` writes it."""
    return str(locale.zone_formats["gmt"]).replace("%s", "{sign}{hours}:{minutes}")


def weekday_names(locale: Locale) -> list[str]:
    """Abbreviated weekday names, Sunday first (as JavaScript's getUTCDay counts)."""
    names = locale.days["format"]["abbreviated"]
    return [str(names[(day + 6) % 7]) for day in range(7)]


def month_names(locale: Locale) -> list[str]:
    """Abbreviated month names in the form a date uses (`may`, `мая`)."""
    names = locale.months["format"]["abbreviated"]
    return [str(names[month]) for month in range(1, 13)]


def _metazone(zone: ZoneInfo) -> str | None:
    """The CLDR metazone of `zone` (`Chile`, `India`). CLDR files zones under its own ids, some
    of them IANA's old names (Asia/Calcutta for Asia/Kolkata, Europe/Kiev for Europe/Kyiv), and
    Babel 2.18 maps the old name to the new one before looking, so it finds no name for them:
    look under both."""
    meta_zones = get_global("meta_zones")
    if zone.key in meta_zones:
        return str(meta_zones[zone.key])
    for old, new in get_global("zone_aliases").items():
        if new == zone.key and old in meta_zones:
            return str(meta_zones[old])
    return None


def zone_name(moment: datetime, zone: ZoneInfo, locale: Locale) -> str:
    """The zone's name at that instant, standard or summer time: `hora estándar de Chile`; CLDR's
    offset format (`GMT+05:45`) for a zone it has no name for."""
    local = moment.astimezone(zone)
    name = get_timezone_name(local, "long", locale=locale)
    if name != utc_offset(moment, zone, locale):
        return name
    metazone = _metazone(zone)
    names = locale.meta_zones.get(metazone, {}).get("long", {}) if metazone else {}
    variant = "daylight" if local.dst() else "standard"
    return str(names.get(variant) or names.get("generic") or name)


def utc_offset(moment: datetime, zone: tzinfo, locale: Locale) -> str:
    """The offset from UTC in the locale's form: `GMT-04:00`; French writes `UTC` and a minus
    sign."""
    return get_timezone_gmt(moment.astimezone(zone), "long", locale=locale)


def utc_name(locale: Locale) -> str:
    """The short name of UTC in the locale: `UTC`, `TU` in French."""
    return get_timezone_name(
        datetime(2000, 1, 1, tzinfo=load_iana_zone("UTC")), "short", locale=locale
    )


def number(value: int, locale: Locale) -> str:
    return format_decimal(value, locale=locale)


def and_list(items: list[str] | tuple[str, ...], locale: Locale) -> str:
    """`A, B y C`."""
    return format_list(list(items), style="standard", locale=locale)


def language_name(tag: str, locale: Locale) -> str:
    """The name of the language `tag` in `locale`: `español`, `portugués (Brasil)`."""
    try:
        name = Locale.parse(tag, sep="-").get_display_name(locale)
    except (ValueError, UnknownLocaleError):
        name = locale.languages.get(tag.split("-")[0].lower())
    return name or tag


def autonym(tag: str) -> str:
    """A language's name in itself: `español`, `العربية`; the tag when CLDR does not know it."""
    try:
        locale = cldr_locale(tag)
    except (ValueError, UnknownLocaleError):
        return tag
    return language_name(tag, locale)


def direction(locale: Locale) -> str:
    """`ltr` or `rtl`, for HTML's `dir`."""
    return "rtl" if locale.character_order == "right-to-left" else "ltr"
