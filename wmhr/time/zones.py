"""What people type (IANA, city, country, offset) -> zones from the pinned tzdata."""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from datetime import UTC, timedelta, timezone, tzinfo
from functools import cache
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import tzdata

from wmhr.errors import UnknownZoneError, ZoneError, closest

UTC_NAMES = frozenset({"utc", "gmt", "z", "zulu", "etc/utc", "etc/gmt", "universal"})
# The patterns here are left to re.match to compile on first use (its cache keeps them): most
# runs never resolve a typed zone, and compiling them costs most of a millisecond of a cold start.
# A typed UTC offset.
OFFSET = r"(?i)^(?:utc|gmt)?\s*([+\-\u2212])\s*(\d{1,2})(?::?(\d{2}))?$"
# The pinned tzdata package, never the operating system's copy (which may be years old).
TZDATA_DIR = Path(tzdata.__file__).parent
ABBREVIATION = r"^[A-Za-z]{2,5}$"
LOWEST_OFFSET, HIGHEST_OFFSET = timedelta(hours=-12), timedelta(hours=14)
# Where the machine's own zone is configured, for `--tz local` when $TZ is not set.
LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")
# POSIX's names for whole-hour offsets, with the sign reversed: Etc/GMT+12 is twelve hours *behind*.
POSIX_OFFSET_NAME = r"^Etc/GMT([+-])(\d{1,2})$"
UTC_ZONE_NAMES = frozenset({"Etc/UTC", "Etc/GMT", "Etc/UCT", "Etc/Universal", "Etc/Zulu"})
ANYWHERE_ON_EARTH = "Etc/GMT+12"  # UTC-12: a day has ended everywhere when it ends there
# CLDR's two-letter short names in American English (`PT` is Pacific Time), which are also read as
# country codes (Portugal) or typed for one: refused with their meanings. Written here so that a
# country code needs no Babel; a test derives the set from Babel's CLDR and fails if it drifts.
AMERICAN_TWO_LETTER = frozenset({"AT", "CT", "ET", "MT", "PT"})


class Zone(NamedTuple):  # not a dataclass: one costs about half a millisecond at import
    """A resolved zone: an IANA name (or `UTC+05:30` for a typed offset) and its rules."""

    key: str
    tz: tzinfo
    typed: str = ""
    note: str = ""  # e.g. "Europe/Kiev is now called Europe/Kyiv"

    @property
    def is_fixed_offset(self) -> bool:
        return not isinstance(self.tz, ZoneInfo)


def place_name(key: str) -> str:
    """A zone's name where people read it: its IANA name, except POSIX's `Etc/GMT+12`, which
    reads as UTC+12 and means UTC-12, shown as `UTC-12`. Machine output keeps the IANA name."""
    match = re.match(POSIX_OFFSET_NAME, key)
    if match is None:
        return "UTC" if key in UTC_ZONE_NAMES else key
    hours = int(match.group(2))
    return f"UTC{'-' if match.group(1) == '+' else '+'}{hours}" if hours else "UTC"


def zone_words(key: str) -> str:
    """`Anywhere on Earth (UTC-12)` for the zone deadlines are set in to mean "wherever you are";
    any other zone by its place name."""
    name = place_name(key)
    return f"Anywhere on Earth ({name})" if key == ANYWHERE_ON_EARTH else name


def tzdata_version() -> str:
    return str(tzdata.IANA_VERSION)


def _tzdata_text(name: str) -> str:
    return (TZDATA_DIR / "zoneinfo" / name).read_text("utf-8")


@cache
def load_iana_zone(key: str) -> ZoneInfo:
    """The zone called `key`, read from the pinned tzdata package, never the system's copy."""
    canonical_key = canonical_names().get(key.lower())
    if canonical_key is None:
        raise LookupError(unknown_zone_message(key))
    name = current_name(canonical_key)
    target = links().get(name, name)
    path = TZDATA_DIR.joinpath("zoneinfo", *target.split("/"))
    with path.open("rb") as handle:
        return ZoneInfo.from_file(handle, key=name)


@cache
def zone_names() -> tuple[str, ...]:
    """Every zone name tzdata ships (canonical names and links), sorted."""
    text = (TZDATA_DIR / "zones").read_text("utf-8")
    return tuple(sorted(line.strip() for line in text.splitlines() if line.strip()))


@cache
def links() -> dict[str, str]:
    """Old or alternative names -> the name tzdata now uses (`Europe/Kiev` -> `Europe/Kyiv`)."""
    result = {}
    # Each `L TARGET LINK` line, found without splitting the file's 4,000 other lines: every
    # command reads this to load its zones, and cold start is measured.
    for chunk in ("\n" + _tzdata_text("tzdata.zi")).split("\nL ")[1:]:
        target, link = chunk.partition("\n")[0].split()
        result[link] = target
    return result


@cache
def location_countries() -> dict[str, frozenset[str]]:
    """Zone names that are places in zone.tab or zone1970.tab -> the countries they cover.

    A link such as Europe/Stockholm -> Europe/Berlin is a merge (the clocks agree since 1970),
    not a rename: Stockholm is still a place of its own, and is shown as itself.
    """
    result: dict[str, set[str]] = {}
    for table in ("zone.tab", "zone1970.tab"):
        for line in _tzdata_text(table).splitlines():
            if line and not line.startswith("#"):
                codes, _, name = line.split("\t")[:3]
                result.setdefault(name, set()).update(codes.split(","))
    for code, keys in _aliases().country_zones.items():
        for key in keys:
            result.setdefault(key, set()).add(code)
    return {name: frozenset(codes) for name, codes in result.items()}


def current_name(key: str) -> str:
    """The name a zone is shown under: itself if it is a place or has rules of its own, else the
    name tzdata now uses for it (`Europe/Kiev` -> `Europe/Kyiv`, `US/Pacific` -> ...)."""
    target = links().get(key)
    if target is None or _is_location(key):
        return key
    return target


def _is_location(key: str) -> bool:
    # Every place in zone.tab, zone1970.tab and cities.toml is Area/Place, never Etc/ (UTC is a
    # link, read by every invite): skip reading the tables for names that cannot be in them.
    if "/" not in key or key.startswith("Etc/"):
        return False
    return key in location_countries()


@cache
def canonical_names() -> dict[str, str]:
    """Lower-cased zone name -> its spelling in tzdata."""
    return {name.lower(): name for name in zone_names()}


class _Aliases(NamedTuple):
    cities: dict[str, str]
    countries: dict[str, str]
    country_zones: dict[str, list[str]]
    abbreviations: dict[str, list[str]]


@cache
def _aliases() -> _Aliases:
    text = (Path(__file__).parents[1] / "data" / "cities.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return _Aliases(data["cities"], data["countries"], data["country_zones"], data["abbreviations"])


def fold_name(text: str) -> str:
    """Case-, accent- and separator-insensitive form used to match place names."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_only = ascii_only.replace("\u2019", "'")
    return re.sub(r"[\s_\-.,]+", " ", ascii_only).strip().lower()


@cache
def city_index() -> dict[str, tuple[str, ...]]:
    """Folded place name -> the canonical zones it may mean (more than one is ambiguous)."""
    index: dict[str, set[str]] = {}
    for key in zone_names():
        if "/" in key and not key.startswith("Etc/"):
            index.setdefault(fold_name(key.rsplit("/", 1)[1]), set()).add(current_name(key))
    for city, key in _aliases().cities.items():
        index[fold_name(city)] = {current_name(key)}
    return {name: tuple(sorted(keys)) for name, keys in index.items()}


@cache
def country_zones() -> dict[str, tuple[str, ...]]:
    """ISO 3166 alpha-2 code -> the zones tzdata's zone.tab lists for it, in its order."""
    result: dict[str, list[str]] = {}
    for line in _tzdata_text("zone.tab").splitlines():
        if line and not line.startswith("#"):
            code, _, key = line.split("\t")[:3]
            result.setdefault(code, []).append(key)
    for code, keys in _aliases().country_zones.items():
        result[code] = list(keys)
    return {code: tuple(keys) for code, keys in result.items()}


@cache
def iso_country_names() -> dict[str, str]:
    """ISO code -> the country's name as tzdata's iso3166.tab spells it."""
    result = {}
    for line in _tzdata_text("iso3166.tab").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            result[code] = name
    return result


@cache
def country_names() -> dict[str, tuple[str, ...]]:
    """Folded country name -> ISO codes, from iso3166.tab plus wmhr's own spellings.

    More than one code means the name is several countries ("Congo" is CD and CG)."""
    result: dict[str, set[str]] = {}
    for code, name in iso_country_names().items():
        result.setdefault(fold_name(name), set()).add(code)
        bare = re.sub(r"\s*\(.*\)", "", name)
        result.setdefault(fold_name(bare), set()).add(code)
    for name, code in _aliases().countries.items():
        result[fold_name(name)] = {code}
    return {name: tuple(sorted(codes)) for name, codes in result.items()}


def unknown_zone_message(text: str) -> str:
    candidates = [*zone_names(), *(n.title() for n in city_index())]
    folded = {fold_name(c): c for c in candidates}
    hints = closest(fold_name(text), folded, n=3, cutoff=0.75)
    names = [folded[h] for h in hints]
    hint = f"did you mean {', '.join(names)}? " if names else ""
    return (
        f'unknown time zone "{text}": {hint}use an IANA name (Asia/Jakarta), a city, '
        "a country code or name, or an offset like +05:30"
    )


def _fixed_offset(text: str, match: re.Match[str]) -> Zone:
    sign = -1 if match.group(1) in "-\u2212" else 1
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    offset = sign * timedelta(hours=hours, minutes=minutes)
    if minutes >= 60 or not LOWEST_OFFSET <= offset <= HIGHEST_OFFSET:
        raise ZoneError(f'"{text}" is not a UTC offset in use; offsets run from -12:00 to +14:00')
    if not offset:
        return Zone("UTC", UTC, typed=text)
    label = f"UTC{'+' if sign > 0 else '-'}{hours:02d}:{minutes:02d}"
    return Zone(label, timezone(offset, label), typed=text)


def _iana(text: str, key: str) -> Zone:
    name = current_name(key)
    note = f"{key} is now called {name}" if name != key and "/" in key else ""
    return Zone(name, load_iana_zone(name), typed=text, note=note)


def resolve(text: str) -> list[Zone]:
    """Every zone `text` means: one for a zone, city or offset, several for a country."""
    typed = text.strip()
    lowered = typed.lower()
    if not typed:
        raise ZoneError("empty time zone: give an IANA name, a city, a country or an offset")
    if lowered in UTC_NAMES:
        return [Zone("UTC", UTC, typed=typed)]
    if lowered == "local":
        return [_machine_zone(typed)]
    if match := re.match(OFFSET, typed):
        return [_fixed_offset(typed, match)]
    if len(typed) == 2 and typed.isalpha():
        code = typed.upper()
        if code in AMERICAN_TWO_LETTER:
            from wmhr.time.refusals import two_meanings

            raise ZoneError(two_meanings(typed, code))
        if code in country_zones():
            return _country(typed, code)
    if lowered in canonical_names() and "/" in lowered:
        return [_iana(typed, canonical_names()[lowered])]
    folded = fold_name(typed)
    if folded in city_index():
        keys = city_index()[folded]
        if len(keys) > 1:
            raise ZoneError(f'"{typed}" is several places: use one of {", ".join(keys)}')
        return [_iana(typed, keys[0])]
    if folded in country_names():
        return _countries(typed, country_names()[folded])
    if (lowered in canonical_names() or re.match(ABBREVIATION, typed)) and (
        refused := _refusal(typed, canonical_names().get(lowered))
    ):
        raise ZoneError(refused)
    if lowered in canonical_names():
        return [_iana(typed, canonical_names()[lowered])]
    place, comma, country = typed.rpartition(",")
    if comma and _country_codes(country.strip()):
        return [_place_in_country(typed, place.strip(), country.strip())]
    if found := _cldr_name(typed):
        return found
    raise UnknownZoneError(unknown_zone_message(typed))


def _refusal(typed: str, key: str | None) -> str:
    """Why `typed` is refused, if it is tzdata's legacy name of a time (MET) or an abbreviation
    (IST); empty otherwise."""
    from wmhr.time import refusals

    if key is not None and refusals.is_legacy_name(key):
        return refusals.legacy_message(typed, key)
    if re.match(ABBREVIATION, typed) and typed.upper() in refusals.abbreviations():
        return refusals.abbreviation_message(typed, refusals.abbreviations()[typed.upper()])
    return ""


def _cldr_name(typed: str) -> list[Zone]:
    """A metazone's name or an exemplar city from CLDR (`Eastern Time`, `Ho Chi Minh City`,
    `Ciudad de México`); CLDR's other American abbreviations (`AKT`) refused. Loads Babel,
    so it runs only after every other way of reading `typed` has failed."""
    from wmhr.time.cldr_names import american_meaning, place_and_time_names
    from wmhr.time.refusals import american_message

    keys = place_and_time_names().get(fold_name(typed), ())
    if len(keys) > 1:
        raise ZoneError(f'"{typed}" is several places: use one of {", ".join(keys)}')
    if keys:
        zone = _iana(typed, keys[0])
        note = f"{typed} is {zone.key} (CLDR's name)"
        return [Zone(zone.key, zone.tz, typed=typed, note=note)]
    if re.match(ABBREVIATION, typed) and (meaning := american_meaning(typed)):
        raise ZoneError(american_message(typed, meaning))
    return []


def _countries(typed: str, codes: tuple[str, ...]) -> list[Zone]:
    if len(codes) == 1:
        return _country(typed, codes[0])
    raise ZoneError(
        f'"{typed}" names {len(codes)} countries: {_describe_countries(codes)}; '
        "give the country code or one of the zones"
    )


def _describe_countries(codes: tuple[str, ...]) -> str:
    """`CD Congo (Dem. Rep.): Africa/Kinshasa, Africa/Lubumbashi; CG Congo (Rep.): ...`."""
    return "; ".join(
        f"{code} {iso_country_names().get(code, code)}: {', '.join(country_zones().get(code, ()))}"
        for code in codes
    )


def _country(typed: str, code: str) -> list[Zone]:
    keys = country_zones().get(code)
    if not keys:
        raise ZoneError(f'"{typed}" ({code}) has no time zone in tzdata; give a zone or offset')
    return [Zone(key, load_iana_zone(key), typed=typed) for key in keys]


def _country_codes(text: str) -> tuple[str, ...]:
    if len(text) == 2 and text.isalpha() and text.upper() in country_zones():
        return (text.upper(),)
    return country_names().get(fold_name(text), ())


def _place_in_country(typed: str, place: str, country: str) -> Zone:
    """`Nairobi, Kenya`: the city's zone, checked against the country; a place wmhr does not
    know, in a country with a single zone, is in that zone."""
    codes = _country_codes(country)
    if not codes or not place:
        raise UnknownZoneError(unknown_zone_message(typed))
    keys = city_index().get(fold_name(place), ())
    inside = [k for k in keys if location_countries().get(k, frozenset()) & set(codes)]
    if len(inside) == 1:
        return _iana(typed, inside[0])
    if len(inside) > 1:
        raise ZoneError(f'"{typed}" is several places: use one of {", ".join(inside)}')
    country_keys = {key for code in codes for key in country_zones().get(code, ())}
    if not keys and len(country_keys) == 1:
        return _iana(typed, country_keys.pop())
    known = (
        f"wmhr knows {place} only as {', '.join(keys)}, not in {country}"
        if keys
        else f"wmhr does not know {place}"
    )
    raise ZoneError(f'"{typed}": {known}; name one of the zones of {_describe_countries(codes)}')


def _machine_zone(typed: str) -> Zone:
    """`local`: the zone of this machine, as its own programs read it."""
    name, source = machine_zone_name()
    zone = resolve_one(name)
    note = f"{typed} is {zone.key} (from {source})"
    return Zone(zone.key, zone.tz, typed=typed, note=f"{note}; {zone.note}" if zone.note else note)


def machine_zone_name() -> tuple[str, str]:
    """The IANA name of this machine's zone and where it was read: `$TZ` when set, else the
    `/etc/localtime` link, else `/etc/timezone`."""
    tz = os.environ.get("TZ")
    if tz is not None:
        name = _zoneinfo_name(tz.removeprefix(":").strip()) if tz.strip() else "UTC"
        if name is None:
            raise ZoneError(
                f'$TZ is "{tz}", which is not an IANA zone name: set TZ to one '
                '(TZ=Europe/Berlin) or give a zone instead of "local"'
            )
        return name, "$TZ"
    if LOCALTIME.is_symlink():
        # The link's own text first: the link names the place even where the zoneinfo folder
        # links it on to another place with the same clock; then the end of a chain of links.
        name = _zoneinfo_name(str(LOCALTIME.readlink()))
        if name is None:
            name = _zoneinfo_name(str(LOCALTIME.resolve()))
        if name is not None:
            return name, str(LOCALTIME)
    try:
        name = _zoneinfo_name(TIMEZONE_FILE.read_text("utf-8").strip())
    except (OSError, UnicodeDecodeError):
        name = None
    if name is not None:
        return name, str(TIMEZONE_FILE)
    raise ZoneError(
        f"cannot tell this machine's time zone: $TZ is not set, {LOCALTIME} is not a link to a "
        f"zone and {TIMEZONE_FILE} names none; set TZ (TZ=Europe/Berlin) or give a zone "
        'instead of "local"'
    )


def _zoneinfo_name(text: str) -> str | None:
    """`Europe/Berlin`, from a zone name or a path into a zoneinfo folder; None if neither."""
    if "zoneinfo/" in text:
        text = text.rsplit("zoneinfo/", 1)[1]
        text = text.removeprefix("posix/").removeprefix("right/")
    return canonical_names().get(text.lower()) if text and not text.startswith("/") else None


def resolve_one(text: str) -> Zone:
    """Exactly one zone: a country with several zones is refused with its zones listed."""
    zones = resolve(text)
    if len(zones) > 1:
        keys = ", ".join(z.key for z in zones)
        raise ZoneError(f'"{text.strip()}" has {len(zones)} time zones ({keys}): name one of them')
    return zones[0]
