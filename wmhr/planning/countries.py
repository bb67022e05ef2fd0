"""The Foundation's country table joined to tzdata's zones, and the names people type for
regions and countries."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from wmhr.errors import PlanningInputError, closest
from wmhr.schedule.model import Session
from wmhr.schedule.regions import WIKIMEDIA_REGIONS
from wmhr.time.zones import country_names, country_zones, fold_name

TABLE = Path(__file__).parents[1] / "data" / "wikimedia-countries.tsv"
# The table's `maxmind_continent` files Antarctica and the sub-Antarctic islands (Bouvet Island,
# Heard Island, South Georgia, the French Southern Lands) under "Antarctica": territories with no
# permanent population, so nobody there is left out by a time. They are never "worst off" and
# never count against a slot; naming one in `plan` is refused.
UNINHABITED_CONTINENT = "Antarctica"
# Rows zone.tab has no entry for, and why each zone was chosen (wmhr/data/wikimedia-countries.md).
ZONE_OVERRIDES: dict[str, tuple[str, str]] = {
    "XK": (
        "Europe/Belgrade",
        "Kosovo (XK) is not in ISO 3166-1, so tzdata lists no zone; it keeps Central European "
        "Time like its neighbours, whose zone is Europe/Belgrade",
    ),
    "BV": ("Etc/UTC", "Bouvet Island is uninhabited and has no tzdata zone; UTC by longitude"),
    "HM": (
        "Indian/Kerguelen",
        "Heard Island is uninhabited and has no tzdata zone; Kerguelen (+05) is the nearest",
    ),
}


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2, or XK
    name: str
    region: str  # a Wikimedia region, or "" (Antarctica)
    zones: tuple[str, ...]  # IANA names, zone.tab's order
    zone_note: str = ""  # why the zone was chosen by hand, when it was
    inhabited: bool = True  # False: no permanent population (see UNINHABITED_CONTINENT)


@cache
def countries() -> dict[str, Country]:
    """Every row of the bundled table by code, joined to its zones."""
    with TABLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    tab = country_zones()
    result = {}
    for row in rows:
        code = row["iso_code"]
        zone_note = ""
        if code in ZONE_OVERRIDES:
            zone, zone_note = ZONE_OVERRIDES[code]
            zones: tuple[str, ...] = (zone,)
        else:
            zones = tab.get(code, ())
        inhabited = row["maxmind_continent"] != UNINHABITED_CONTINENT
        name, region = row["name"], row["wikimedia_region"]
        result[code] = Country(code, name, region, zones, zone_note, inhabited)
    return result


def in_regions(regions: tuple[str, ...] | list[str]) -> list[Country]:
    """The inhabited countries of these regions, in the table's order (by name)."""
    wanted = set(regions)
    return [c for c in countries().values() if c.region in wanted and c.inhabited]


def region_or_country(
    text: str, sessions: Callable[[], Iterable[Session]] = tuple
) -> tuple[str, list[Country]]:
    """What a person typed for REGION: a region's name (any case), a country code or name, or
    the id of one of `sessions` (its regions) -> (a label, its countries). `sessions` is read
    only for text that is neither a region nor a country."""
    typed = " ".join(text.split())
    by_fold = {fold_name(region): region for region in WIKIMEDIA_REGIONS}
    if fold_name(typed) in by_fold:
        region = by_fold[fold_name(typed)]
        return region, in_regions([region])
    table = countries()
    code = typed.upper() if len(typed) == 2 else _named(typed)
    if code not in table:
        code = next((c.code for c in table.values() if fold_name(c.name) == fold_name(typed)), "")
    if code in table and not table[code].inhabited:
        raise PlanningInputError(
            f'"{text}" is {table[code].name}, which has no permanent population; '
            "plan for the regions or countries people live in"
        )
    if code in table and table[code].zones:
        return table[code].name, [table[code]]
    session = next((s for s in sessions() if s.id == typed), None)
    if session is not None:
        return _session_regions(session)
    raise PlanningInputError(
        f'"{text}" is not a Wikimedia region, a country or a session: {_suggest(typed)}regions '
        "are " + "; ".join(WIKIMEDIA_REGIONS)
    )


def _session_regions(session: Session) -> tuple[str, list[Country]]:
    if not session.regions:
        raise PlanningInputError(
            f'session "{session.id}" names no regions; add regions = ["..."] to it in '
            "sessions.toml (the Wikimedia regions it serves)"
        )
    return f"{session.id} ({'; '.join(session.regions)})", in_regions(session.regions)


def _suggest(typed: str) -> str:
    """`did you mean ...? `: Wikimedia regions first, countries last. The regions with every word
    typed ("asia" -> South Asia, ...), else the closest region, else the regions with a word
    that begins with each word typed ("asi"), else the closest inhabited country."""
    words = fold_name(typed).split()
    holding = [r for r in WIKIMEDIA_REGIONS if words and all(w in _words(r) for w in words)]
    if not holding:
        regions = {fold_name(region): region for region in WIKIMEDIA_REGIONS}
        holding = [regions[h] for h in closest(fold_name(typed), regions, n=1)]
    if not holding:
        holding = [
            r
            for r in WIKIMEDIA_REGIONS
            if words and all(any(p.startswith(w) for p in _words(r)) for w in words)
        ]
    if not holding:
        names = {fold_name(c.name): c.name for c in countries().values() if c.inhabited}
        holding = [names[h] for h in closest(fold_name(typed), names, n=1)]
    quoted = " or ".join(f'"{name}"' for name in holding)
    return f"did you mean {quoted}? " if holding else ""


def _words(region: str) -> list[str]:
    return fold_name(region.replace("&", " ")).split()


def _named(text: str) -> str:
    """The one country code a name means ("Indonesia" -> ID), or "" ("Congo" is two)."""
    codes = country_names().get(fold_name(text), ())
    return codes[0] if len(codes) == 1 else ""


def country_by_code(code: str, *, where: str) -> Country:
    table = countries()
    upper = code.strip().upper()
    if upper in table:
        return table[upper]
    hint = closest(upper, table, n=1)
    fix = f'did you mean "{hint[0]}"? ' if hint else ""
    raise PlanningInputError(f'{where}: "{code}" is not a country code: {fix}use ISO 3166 alpha-2')


def anchor_country(session: Session) -> Country | None:
    """The country of a session's anchor: the one named after the city's last comma ("Jakarta,
    Indonesia"), else the one whose zone.tab row names the session's zone; None when neither."""
    table = countries()
    if "," in session.anchor_city:
        named = _named(session.anchor_city.rsplit(",", 1)[1])
        if named in table:
            return table[named]
    for code, zones in country_zones().items():
        if session.zone.key in zones and code in table:
            return table[code]
    return None
