"""Names of times and places people type that tzdata does not spell, read from CLDR through
Babel: a metazone's name (`Eastern Time`, `hora de Europa central`), a zone's exemplar city
(`Ho Chi Minh City`, `Ciudad de México`) and CLDR's American abbreviations (`PT`, `ET`), in each
language wmhr writes. Only the resolver's slow path imports this module (Babel costs most of a
tenth of a second to load).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import cache

from babel import Locale
from babel.core import get_global

# The languages wmhr writes in (its catalogs; a test holds the two lists together). English is
# CLDR's `en`, American English, which is where CLDR keeps the abbreviations PT, ET, MT.
LANGUAGES = ("en", "es", "fr", "pt", "pt-BR", "id", "ar", "ru")
# wmhr's `pt` is European Portuguese, CLDR's `pt` Brazilian (as wmhr.locale.language maps them).
CLDR_LOCALES = {"pt": "pt_PT", "pt-BR": "pt_BR"}
NAME_KINDS = ("generic", "standard", "daylight")
# Offsets are compared on these days to tell whether a metazone's zones keep one clock.
SAMPLE_DAYS = tuple(
    datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(days=d) for d in range(0, 730, 7)
)


def _fold(text: str) -> str:
    from wmhr.time.zones import fold_name

    return fold_name(text)


def _current(cldr_id: str) -> str | None:
    """The tzdata name wmhr shows for a CLDR zone id (Asia/Saigon -> Asia/Ho_Chi_Minh)."""
    from wmhr.time.zones import canonical_names, current_name

    key = canonical_names().get(cldr_id.lower())
    return None if key is None else current_name(key)


@cache
def metazone_members() -> dict[str, tuple[str, ...]]:
    """Metazone -> the tzdata zones CLDR files under it today."""
    members: dict[str, set[str]] = {}
    for cldr_id, metazone in get_global("meta_zones").items():
        key = _current(str(cldr_id))
        if key is not None:
            members.setdefault(str(metazone), set()).add(key)
    return {metazone: tuple(sorted(keys)) for metazone, keys in members.items()}


def _one_clock(keys: Iterable[str]) -> bool:
    from wmhr.time.zones import load_iana_zone

    clocks = {
        tuple(day.astimezone(load_iana_zone(k)).utcoffset() for day in SAMPLE_DAYS) for k in keys
    }
    return len(clocks) == 1


def _links_to(key: str) -> int:
    from wmhr.time.zones import links

    return sum(1 for target in links().values() if target == key)


@cache
def metazone_zones(metazone: str) -> tuple[str, ...]:
    """The zone a metazone's name stands for, or the zones it may mean when CLDR does not say.

    One member: that zone. Else the zone CLDR's Windows table maps the metazone's English
    standard name to (`Eastern Standard Time` -> America/New_York), else the only member that
    table names at all; else, when the members keep one clock, the one tzdata merged most other
    names into; else all of them (the name is refused as several places)."""
    members = metazone_members().get(metazone, ())
    if len(members) <= 1:
        return members
    windows = {str(k): _current(str(v)) for k, v in get_global("windows_zone_mapping").items()}
    standard = Locale.parse("en").meta_zones.get(metazone, {}).get("long", {}).get("standard")
    if standard is not None and windows.get(str(standard)) in members:
        return (str(windows[str(standard)]),)
    mapped = sorted(set(members) & {k for k in windows.values() if k})
    if len(mapped) == 1:
        return (mapped[0],)
    if _one_clock(members):
        return (max(members, key=lambda k: (_links_to(k), [-ord(c) for c in k])),)
    return tuple(mapped or members)


def _add(index: dict[str, set[str]], name: object, keys: Iterable[str]) -> None:
    if name and str(name) != "\u2205\u2205\u2205":  # CLDR's "no name here"
        index.setdefault(_fold(str(name)), set()).update(keys)


@cache
def place_and_time_names() -> dict[str, tuple[str, ...]]:
    """Folded exemplar city or metazone name, in any of wmhr's languages -> the zones it may
    mean (more than one is refused as several places)."""
    index: dict[str, set[str]] = {}
    for tag in LANGUAGES:
        locale = Locale.parse(CLDR_LOCALES.get(tag, tag))
        for cldr_id, names in locale.time_zones.items():
            key = _current(str(cldr_id))
            if key is not None and "/" in key and not key.startswith("Etc/"):
                _add(index, names.get("city"), [key])
        for metazone, names in locale.meta_zones.items():
            zones = metazone_zones(str(metazone))
            for kind in NAME_KINDS:
                _add(index, names.get("long", {}).get(kind), zones)
    return {name: tuple(sorted(keys)) for name, keys in index.items()}


@cache
def american_abbreviations() -> dict[str, tuple[str, str]]:
    """CLDR's short names in American English (`PT`, `PST`, `ET`...) -> the metazone's long
    generic name (`Pacific Time`) and the zone it stands for."""
    locale = Locale.parse("en")
    result = {}
    for metazone, names in locale.meta_zones.items():
        generic = names.get("long", {}).get("generic") or names.get("long", {}).get("standard")
        zones = metazone_zones(str(metazone))
        for short in names.get("short", {}).values():
            if generic and zones and str(short).isalpha():
                result[str(short).upper()] = (str(generic), zones[0])
    return result


def american_meaning(typed: str) -> str | None:
    """`Pacific Time (America/Los_Angeles)` for `PT`; None when CLDR has no such short name."""
    found = american_abbreviations().get(typed.upper())
    return None if found is None else f"{found[0]} ({found[1]})"
