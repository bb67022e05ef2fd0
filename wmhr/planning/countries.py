"""The Foundation's country table joined to tzdata's zones, and the names people type for
regions and countries."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from wmhr.errors import PlanningInputError, closest
from wmhr.schedule.model import Session
from wmhr.schedule.regions import WIKIMEDIA_REGIONS
from wmhr.time.zones import country_names, country_zones, fold_name

TABLE = Path(__file__).parents[1] / "data" / "wikimedia-countries.tsv"
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
        result[code] = Country(code, row["name"], row["wikimedia_region"], zones, zone_note)
    return result


def in_regions(regions: tuple[str, ...] | list[str]) -> list[Country]:
    """The countries of these regions, in the table's order (by name)."""
    wanted = set(regions)
    return [country for country in countries().values() if country.region in wanted]


def region_or_country(text: str) -> tuple[str, list[Country]]:
    """What a person typed for REGION: a region's name (any case), a country code or a country
    name -> (a label, its countries)."""
    typed = " ".join(text.split())
    by_fold = {fold_name(region): region for region in WIKIMEDIA_REGIONS}
    if fold_name(typed) in by_fold:
        region = by_fold[fold_name(typed)]
        return region, in_regions([region])
    table = countries()
    code = typed.upper() if len(typed) == 2 else _named(typed)
    if code not in table:
        code = next((c.code for c in table.values() if fold_name(c.name) == fold_name(typed)), "")
    if code in table and table[code].zones:
        return table[code].name, [table[code]]
    names = {
        fold_name(name): name for name in (*WIKIMEDIA_REGIONS, *(c.name for c in table.values()))
    }
    hint = [names[h] for h in closest(fold_name(typed), names, n=1)]
    fix = f'did you mean "{hint[0]}"? ' if hint else ""
    raise PlanningInputError(
        f'"{text}" is not a Wikimedia region or a country: {fix}regions are '
        + "; ".join(WIKIMEDIA_REGIONS)
    )


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
