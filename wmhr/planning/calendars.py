"""Public holidays (the `holidays` package) and weekends (CLDR, through Babel), per country.

Both libraries are imported here only, when a planning command asks; a country or year the
`holidays` package has no calendar for is reported as unknown (None), never as holiday-free."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from babel import Locale

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOLIDAY_LANGUAGE = "en_US"


class Calendar(Protocol):
    """Where holidays and weekends come from; tests may pass their own."""

    def holidays(self, code: str, year: int) -> Mapping[date, tuple[str, ...]] | None:
        """Public holidays of a country in a year by date; None when there is no data."""
        ...

    def weekend(self, code: str) -> tuple[int, ...]:
        """The weekdays (Monday = 0) of the country's weekend, from its first day."""
        ...


class PublicCalendar:
    """National public holidays from `holidays` (subdivisions' own holidays are not counted) and
    CLDR's weekend for the country's territory."""

    def holidays(self, code: str, year: int) -> Mapping[date, tuple[str, ...]] | None:
        return _holidays(code, year)

    def weekend(self, code: str) -> tuple[int, ...]:
        return _weekend(code)


@cache
def holidays_version() -> str:
    from importlib.metadata import version

    return version("holidays")


@cache
def _holidays(code: str, year: int) -> Mapping[date, tuple[str, ...]] | None:
    import holidays

    languages = holidays.list_localized_countries(include_aliases=False)
    if code not in holidays.list_supported_countries(include_aliases=False):
        return None
    language = HOLIDAY_LANGUAGE if HOLIDAY_LANGUAGE in languages.get(code, ()) else None
    table = holidays.country_holidays(code, years=year, language=language)
    if not table.start_year <= year <= table.end_year:
        return None  # e.g. Guinea-Bissau's calendar starts in 2023
    return {day: tuple(table.get_list(day)) for day in sorted(table)}


@cache
def _weekend(code: str) -> tuple[int, ...]:
    locale = _territory_locale(code)
    start, end = locale.weekend_start, locale.weekend_end
    days = [start]
    while days[-1] != end:
        days.append((days[-1] + 1) % 7)
    return tuple(days)


def _territory_locale(code: str) -> Locale:
    """A CLDR locale of the territory, whose week data is the territory's; CLDR's world default
    (001) for the few uninhabited territories no locale names."""
    from babel import Locale, UnknownLocaleError, localedata
    from babel.core import get_global

    try:
        locale = Locale.parse(f"und_{code}")
        if locale.territory == code:
            return locale
    except UnknownLocaleError:
        pass
    for language in get_global("territory_languages").get(code, {}):
        if localedata.exists(f"{language}_{code}"):
            return Locale.parse(f"{language}_{code}")
    return Locale.parse("und_001")


def weekend_label(days: tuple[int, ...]) -> str:
    """(4, 5) -> "Friday-Saturday"; a one-day weekend (6,) -> "Sunday"."""
    first, last = WEEKDAYS[days[0]], WEEKDAYS[days[-1]]
    return first if len(days) == 1 else f"{first}-{last}"


def holidays_on(calendar: Calendar, code: str, day: date) -> tuple[str, ...] | None:
    table = calendar.holidays(code, day.year)
    return None if table is None else table.get(day, ())
