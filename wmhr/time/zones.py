"""What people type (IANA, city, country, offset) -> zones from the pinned tzdata."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import tzdata

from wmhr.errors import UnknownZoneError, ZoneError, closest

UTC_NAMES = frozenset({"utc", "gmt", "z", "zulu", "etc/utc", "etc/gmt", "universal"})
OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+\-\u2212])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
# The pinned tzdata package, never the operating system's copy (which may be years old).
TZDATA_DIR = Path(tzdata.__file__).parent
ABBREVIATION = re.compile(r"^[A-Za-z]{2,5}$")
LOWEST_OFFSET, HIGHEST_OFFSET = timedelta(hours=-12), timedelta(hours=14)


@dataclass(frozen=True)
class Zone:
    """A resolved zone: an IANA name (or `UTC+05:30` for a typed offset) and its rules."""

    key: str
    tz: tzinfo
    typed: str = ""
    note: str = ""  # e.g. "Europe/Kiev is now called Europe/Kyiv"

    @property
    def is_fixed_offset(self) -> bool:
        return not isinstance(self.tz, ZoneInfo)


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
    target = links().get(canonical_key, canonical_key)
    path = TZDATA_DIR.joinpath("zoneinfo", *target.split("/"))
    with path.open("rb") as handle:
        return ZoneInfo.from_file(handle, key=target)


@cache
def zone_names() -> tuple[str, ...]:
    """Every zone name tzdata ships (canonical names and links), sorted."""
    text = (TZDATA_DIR / "zones").read_text("utf-8")
    return tuple(sorted(line.strip() for line in text.splitlines() if line.strip()))


@cache
def links() -> dict[str, str]:
    """Old or alternative names -> the name tzdata now uses (`Europe/Kiev` -> `Europe/Kyiv`)."""
    result = {}
    for line in _tzdata_text("tzdata.zi").splitlines():
        if line.startswith("L "):
            _, target, link = line.split()
            result[link] = target
    return result


@cache
def canonical_zones() -> tuple[str, ...]:
    """Zone names that are not links, i.e. each set of rules once."""
    link_names = links()
    return tuple(name for name in zone_names() if name not in link_names)


@cache
def canonical_names() -> dict[str, str]:
    """Lower-cased zone name -> its spelling in tzdata."""
    return {name.lower(): name for name in zone_names()}


@dataclass(frozen=True)
class _Aliases:
    cities: dict[str, str]
    countries: dict[str, str]
    country_zones: dict[str, list[str]]


@cache
def _aliases() -> _Aliases:
    text = (Path(__file__).parents[1] / "data" / "cities.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return _Aliases(data["cities"], data["countries"], data["country_zones"])


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
    for key in canonical_zones():
        if "/" in key and not key.startswith("Etc/"):
            index.setdefault(fold_name(key.rsplit("/", 1)[1]), set()).add(key)
    for link, target in links().items():
        if "/" in link and not link.startswith("Etc/"):
            index.setdefault(fold_name(link.rsplit("/", 1)[1]), set()).add(target)
    for city, key in _aliases().cities.items():
        index[fold_name(city)] = {links().get(key, key)}
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
def country_names() -> dict[str, str]:
    """Folded country name -> ISO code, from iso3166.tab plus wmhr's own spellings."""
    result = {}
    for line in _tzdata_text("iso3166.tab").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            result[fold_name(name)] = code
            bare = re.sub(r"\s*\(.*\)", "", name)
            result.setdefault(fold_name(bare), code)
    for name, code in _aliases().countries.items():
        result[fold_name(name)] = code
    return result


@cache
def abbreviations() -> dict[str, tuple[str, ...]]:
    """Abbreviation (`IST`) -> zones that used it lately; only to refuse it with candidates."""
    result: dict[str, set[str]] = {}
    samples = [
        datetime(year, month, 15, 12, tzinfo=UTC) for year in range(2018, 2031) for month in (1, 7)
    ]
    for key in canonical_zones():
        zone = load_iana_zone(key)
        for instant in samples:
            name = instant.astimezone(zone).tzname() or ""
            if name.isalpha():
                result.setdefault(name.upper(), set()).add(key)
    return {name: tuple(sorted(keys)) for name, keys in result.items()}


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
    target = links().get(key, key)
    note = f"{key} is now called {target}" if target != key and "/" in key else ""
    return Zone(target, load_iana_zone(target), typed=text, note=note)


def resolve(text: str) -> list[Zone]:
    """Every zone `text` means: one for a zone, city or offset, several for a country."""
    typed = text.strip()
    lowered = typed.lower()
    if not typed:
        raise ZoneError("empty time zone: give an IANA name, a city, a country or an offset")
    if lowered in UTC_NAMES:
        return [Zone("UTC", UTC, typed=typed)]
    if match := OFFSET.match(typed):
        return [_fixed_offset(typed, match)]
    if len(typed) == 2 and typed.isalpha():
        code = typed.upper()
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
        return _country(typed, country_names()[folded])
    if ABBREVIATION.match(typed) and typed.upper() in abbreviations():
        keys = abbreviations()[typed.upper()]
        shown = ", ".join(keys[:8]) + (f" and {len(keys) - 8} more" if len(keys) > 8 else "")
        raise ZoneError(
            f'"{typed}" is an abbreviation, which names no single zone '
            f"(it is used by {shown}): give the IANA name or a UTC offset instead"
        )
    if lowered in canonical_names():
        return [_iana(typed, canonical_names()[lowered])]
    raise UnknownZoneError(unknown_zone_message(typed))


def _country(typed: str, code: str) -> list[Zone]:
    keys = country_zones().get(code)
    if not keys:
        raise ZoneError(f'"{typed}" ({code}) has no time zone in tzdata; give a zone or offset')
    return [Zone(key, load_iana_zone(key), typed=typed) for key in keys]


def resolve_one(text: str) -> Zone:
    """Exactly one zone: a country with several zones is refused with its zones listed."""
    zones = resolve(text)
    if len(zones) > 1:
        keys = ", ".join(z.key for z in zones)
        raise ZoneError(f'"{text.strip()}" has {len(zones)} time zones ({keys}): name one of them')
    return zones[0]
