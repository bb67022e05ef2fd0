"""Why some names people type are refused: abbreviations (`IST` is India, Ireland and Israel),
CLDR's American abbreviations that are also country codes (`PT`), and tzdata's legacy names of a
time (`CET`, `MET`, `EST5EDT`). The resolver imports this only to refuse."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache

from wmhr.time.zones import (
    UTC_ZONE_NAMES,
    _aliases,
    country_zones,
    iso_country_names,
    links,
    load_iana_zone,
    location_countries,
)

ABBREVIATION_ZONES_SHOWN = 3
# tzdata's names without an area written as POSIX writes a time: `MET`, `EST5EDT`.
LEGACY_NAME = r"^[A-Z]{3,}(?:\d{1,2}[A-Z]{3,})?$"


@cache
def abbreviations() -> dict[str, tuple[str, ...]]:
    """Abbreviation (`IST`) -> the places that used it lately, the ones most people mean first
    (wmhr's own table), then the others alphabetically; only to refuse it with candidates."""
    result: dict[str, set[str]] = {}
    samples = [
        datetime(year, month, 15, 12, tzinfo=UTC) for year in range(2018, 2031) for month in (1, 7)
    ]
    for key in sorted(location_countries()):
        zone = load_iana_zone(key)
        for instant in samples:
            name = instant.astimezone(zone).tzname() or ""
            if name.isalpha():
                result.setdefault(name.upper(), set()).add(key)
    ordered = {}
    for name, keys in result.items():
        first = [k for k in _aliases().abbreviations.get(name, []) if k in keys]
        ordered[name] = (*first, *sorted(keys - set(first)))
    return ordered


def abbreviation_message(typed: str, keys: tuple[str, ...], also: str = "") -> str:
    shown = keys[:ABBREVIATION_ZONES_SHOWN]
    more = len(keys) - len(shown)
    listed = ", ".join(shown) + (f" and {more} more" if more else "")
    return (
        f'"{typed}" is an abbreviation, which names no single zone (used by {listed})'
        f"{', and ' + also if also else ''}: give the IANA name or a UTC offset instead"
    )


def american_message(typed: str, meaning: str) -> str:
    return (
        f'"{typed}" is an abbreviation of {meaning}, which names no single zone: '
        "give the IANA name or a UTC offset instead"
    )


def two_meanings(typed: str, code: str) -> str:
    """`PT` is Portugal and Pacific Time: name both, and what to type for each."""
    from wmhr.time.cldr_names import american_meaning

    american = american_meaning(code) or code
    if code not in country_zones():
        return american_message(typed, american)
    country = iso_country_names().get(code, code)
    return (
        f'"{typed}" is both the country code of {country} ({", ".join(country_zones()[code])}) '
        f"and an abbreviation of {american}: give the IANA name, the country's name or a "
        "UTC offset instead"
    )


def is_legacy_name(key: str) -> bool:
    """tzdata's legacy names without an area, written in capitals as POSIX writes a time (CET,
    MET, EST, EST5EDT; PRC and ROK alike): tzdata keeps them only for old software, and most
    name a time rather than a place, whose rules may not be the place's a person means."""
    if key in UTC_ZONE_NAMES or links().get(key) in UTC_ZONE_NAMES:
        return False
    return re.match(LEGACY_NAME, key) is not None


def legacy_message(typed: str, key: str) -> str:
    """Why CET and MET are refused alike, with the places that keep that time."""
    follows = links().get(key)
    legacy = "tzdata's legacy name, kept for old software" + (
        f" (it now follows {follows})" if follows else ""
    )
    used = abbreviations().get(typed.upper(), ())
    if used:
        return abbreviation_message(typed, used, also=legacy)
    return f'"{typed}" is {legacy}: give the IANA name of a place or a UTC offset instead'
