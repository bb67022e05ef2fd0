"""The CLDR formatting seam: every date, time, zone name, offset, number, list and language name a
participant reads comes from Babel's CLDR data for one locale. None of it is written by hand.

Times are shown on the 24-hour clock in every language (CLDR's `Hm` skeleton, so each locale keeps
its own separator, `19.00` in Indonesian): the series publishes 24-hour times, and a global
audience should not have to resolve a.m. and p.m.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_interval, format_skeleton
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
    """`GMT{sign}{hours}:{minutes}`: the locale's offset format, as `utc_offset` writes it (the
    separator is the locale's: `GMT{sign}{hours}.{minutes}` in Indonesian)."""
    pattern = hour_format(locale, negative=False).lstrip("+")
    fields = pattern.replace("HH", "{hours}").replace("mm", "{minutes}")
    return str(locale.zone_formats["gmt"]).replace("%s", "{sign}" + fields)


def script_minus(locale: Locale) -> str:
    """The sign the locale writes before an offset west of UTC (`\u2212` in French)."""
    return hour_format(locale, negative=True)[0]


def weekday_names(locale: Locale) -> list[str]:
    """Abbreviated weekday names, Sunday first (as JavaScript's getUTCDay counts)."""
    names = locale.days["format"]["abbreviated"]
    return [str(names[(day + 6) % 7]) for day in range(7)]


def month_names(locale: Locale) -> list[str]:
    """Abbreviated month names in the form a date uses (`may`, `мая`)."""
    names = locale.months["format"]["abbreviated"]
    return [str(names[month]) for month in range(1, 13)]


def _cldr_ids(zone: ZoneInfo) -> list[str]:
    """The ids CLDR may file `zone` under: its own and IANA's old names for it. CLDR keeps some
    old names (Asia/Calcutta for Asia/Kolkata, Europe/Kiev for Europe/Kyiv), and Babel 2.18 maps
    the old name to the new one before looking, so it finds nothing under them."""
    aliases = get_global("zone_aliases")
    return [zone.key, *(old for old, new in aliases.items() if new == zone.key)]


def _metazone(zone: ZoneInfo) -> str | None:
    """The CLDR metazone of `zone` (`Chile`, `India`) today."""
    meta_zones = get_global("meta_zones")
    return next((str(meta_zones[i]) for i in _cldr_ids(zone) if i in meta_zones), None)


def _own_names(zone: ZoneInfo, locale: Locale) -> dict[str, str]:
    """The names CLDR gives this zone itself rather than its metazone (Europe/Dublin's summer
    `Irish Standard Time`)."""
    for cldr_id in _cldr_ids(zone):
        names = locale.time_zones.get(cldr_id, {}).get("long")
        if names:
            return {str(k): str(v) for k, v in names.items()}
    return {}


@cache
def _year_offsets(key: str, year: int) -> tuple[timedelta, timedelta]:
    """The lowest and highest offset `key` keeps in `year`, sampled daily. CLDR reads the lower
    one as standard time and the higher as daylight time, whatever tzdata's isdst flag says:
    tzdata writes Ireland's winter and Morocco's Ramadan as a negative daylight saving time."""
    zone = load_iana_zone(key)
    first = datetime(year, 1, 1, 12, tzinfo=UTC)
    offsets = {(first + timedelta(days=day)).astimezone(zone).utcoffset() for day in range(366)}
    known = [offset for offset in offsets if offset is not None]
    return min(known), max(known)


@cache
def _metazone_standard(metazone: str, year: int) -> timedelta:
    """The standard offset of a metazone in `year`: the one most of its zones keep."""
    members = [k for k, m in get_global("meta_zones").items() if m == metazone]
    lows = Counter(_year_offsets(k, year)[0] for k in members if _loads(k))
    return lows.most_common(1)[0][0]


def _loads(key: str) -> bool:
    try:
        load_iana_zone(key)
    except LookupError:
        return False
    return True


def zone_name(moment: datetime, zone: ZoneInfo, locale: Locale) -> str:
    """The zone's name at that instant, standard or summer time, as CLDR's specific long form
    gives it (`hora estándar de Chile`): standard time is the zone's lowest offset of the year,
    and a metazone's names are used only when the zone keeps that metazone's standard offset.
    CLDR's offset format (`GMT+05:45`) where it has no name that matches the offset."""
    local = moment.astimezone(zone)
    offset = local.utcoffset()
    low, high = _year_offsets(zone.key, local.year)
    variant = "standard" if offset == low else "daylight" if offset == high else None
    if variant is None:
        return utc_offset(moment, zone, locale)
    names = _own_names(zone, locale)
    metazone = _metazone(zone)
    if metazone is not None and _metazone_standard(metazone, local.year) == low:
        meta_names = locale.meta_zones.get(metazone, {}).get("long", {})
        names = {**{str(k): str(v) for k, v in meta_names.items()}, **names}
    return names.get(variant) or utc_offset(moment, zone, locale)


# CLDR's <hourFormat> (common/main/LANG.xml, CLDR 48) for the languages whose form differs from
# the root locale's: Babel 2.18 reads the gmtFormat (`UTC{0}`) but not the hourFormat that fills
# it. Other languages get the root form; tests hold these against ICU's (Node's Intl).
ROOT_HOUR_FORMAT = "+HH:mm;-HH:mm"
HOUR_FORMATS = {"fr": "+HH:mm;\u2212HH:mm", "id": "+HH.mm;-HH.mm"}


def hour_format(locale: Locale, *, negative: bool) -> str:
    """The locale's pattern for an offset's hours and minutes: `+HH:mm`, `\u2212HH:mm`."""
    positive_form, _, negative_form = HOUR_FORMATS.get(locale.language, ROOT_HOUR_FORMAT).partition(
        ";"
    )
    return negative_form if negative else positive_form


def utc_offset(moment: datetime, zone: tzinfo, locale: Locale) -> str:
    """The offset from UTC in the locale's own form: `GMT-04:00`, French `UTC\u221204:00`,
    Indonesian `GMT+07.00`."""
    offset = moment.astimezone(zone).utcoffset() or timedelta(0)
    minutes = int(abs(offset).total_seconds()) // 60
    pattern = hour_format(locale, negative=offset < timedelta(0))
    hours_minutes = pattern.replace("HH", f"{minutes // 60:02d}").replace(
        "mm", f"{minutes % 60:02d}"
    )
    return str(locale.zone_formats["gmt"]) % hours_minutes


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


def exemplar_city(key: str, locale: Locale) -> str | None:
    """CLDR's name, in `locale`, for the city a zone is named after (`Ciudad de México` for
    America/Mexico_City in Spanish); None where the locale gives none of its own (CLDR's root
    then reads the zone's name: `Mexico_City` as `Mexico City`) or the zone names no city."""
    if "/" not in key or key.startswith("Etc/"):
        return None
    for cldr_id in _cldr_ids(load_iana_zone(key)):
        city = locale.time_zones.get(cldr_id, {}).get("city")
        if city:
            return str(city)
    return None
