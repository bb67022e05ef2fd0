"""The bundled country table, its join to tzdata's zones, and the names people type."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from wmhr.errors import PlanningInputError, ScheduleError
from wmhr.planning.countries import (
    ZONE_OVERRIDES,
    anchor_country,
    countries,
    country_by_code,
    in_regions,
    region_or_country,
)
from wmhr.schedule.model import Schedule, parse
from wmhr.schedule.regions import WIKIMEDIA_REGIONS
from wmhr.time.zones import TZDATA_DIR, load_iana_zone

DATA = Path(__file__).resolve().parents[2] / "wmhr" / "data"
SOUTH_ASIA = {"AF", "BD", "BT", "IN", "MV", "NP", "PK", "LK"}
ESEAP = "East, Southeast Asia, & Pacific"


def zone_tab_codes() -> set[str]:
    text = (TZDATA_DIR / "zoneinfo" / "zone.tab").read_text("utf-8")
    return {line.split("\t")[0] for line in text.splitlines() if line and line[0] != "#"}


def test_the_table_ships_with_its_source_and_licence():
    note = (DATA / "wikimedia-countries.md").read_text("utf-8")
    assert "CC0" in note and "wikimedia-research/canonical-data" in note and "d013b32" in note
    with (DATA / "wikimedia-countries.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == len(countries()) == 250


def test_the_region_names_the_schedule_accepts_are_the_tables():
    assert {c.region for c in countries().values()} - {""} == set(WIKIMEDIA_REGIONS)


def test_region_sizes_match_the_foundations_list():
    assert {c.code for c in in_regions(["South Asia"])} == SOUTH_ASIA
    assert len(in_regions([ESEAP])) == 48 - 1  # Heard Island: no permanent population
    assert len(in_regions(["Central & Eastern Europe & Central Asia"])) == 32
    assert countries()["NA"].name == "Namibia"  # "NA" read as text, not a missing value


def test_every_country_of_a_region_has_zones_that_load():
    for country in countries().values():
        if country.region:
            assert country.zones, country.code
            for key in country.zones:
                load_iana_zone(key)


def test_overrides_cover_exactly_the_rows_zone_tab_lacks():
    lacking = {code for code in countries() if code not in zone_tab_codes()} - {"AQ"}
    assert lacking == set(ZONE_OVERRIDES) == {"XK", "BV", "HM"}
    assert countries()["XK"].zones == ("Europe/Belgrade",)
    assert "ISO 3166-1" in countries()["XK"].zone_note
    # Antarctica has zones but no Wikimedia region: it never takes part.
    assert countries()["AQ"].region == ""


def test_multi_zone_countries_keep_zone_tab_order():
    assert countries()["ID"].zones == (
        "Asia/Jakarta",
        "Asia/Pontianak",
        "Asia/Makassar",
        "Asia/Jayapura",
    )


@pytest.mark.parametrize(
    ("typed", "label", "size"),
    [
        ("South Asia", "South Asia", 8),
        ("  south   asia ", "South Asia", 8),
        ("east, southeast asia, & pacific", ESEAP, 47),  # less Heard Island
        ("IN", "India", 1),
        ("in", "India", 1),
        ("India", "India", 1),
        ("XK", "Kosovo", 1),
    ],
)
def test_region_or_country(typed, label, size):
    found_label, found = region_or_country(typed)
    assert (found_label, len(found)) == (label, size)


def test_unknown_region_suggests_the_nearest():
    with pytest.raises(PlanningInputError, match='did you mean "South Asia"'):
        region_or_country("Sout Asia")
    with pytest.raises(PlanningInputError, match="not a Wikimedia region, a country or a session"):
        region_or_country("Atlantis")


def test_unknown_country_code():
    with pytest.raises(PlanningInputError, match='"QQ" is not a country code'):
        country_by_code("QQ", where="here")


def test_anchor_countries_of_the_bundled_schedule(schedule: Schedule):
    anchors = {s.id: anchor_country(s) for s in schedule}
    assert {k: v.code for k, v in anchors.items() if v} == {
        "latam": "CL",
        "cee": "DE",
        "africa": "NG",
        "asia": "ID",
    }


def test_anchor_country_from_the_zone_when_the_city_names_none(schedule_file):
    path = schedule_file(('anchor_city = "Jakarta, Indonesia"', 'anchor_city = "Jakarta"'))
    session = parse(path.read_text("utf-8"), source="x").session("asia")
    found = anchor_country(session)
    assert found is not None and found.code == "ID"


# -- regions in sessions.toml ---------------------------------------------------------------


def test_bundled_sessions_name_their_regions(schedule: Schedule):
    assert schedule.session("latam").regions == ("Latin America & Caribbean",)
    assert schedule.session("cee").regions == ("Central & Eastern Europe & Central Asia",)
    assert schedule.session("africa").regions == (
        "Sub-Saharan Africa",
        "Middle East & North Africa",
    )
    assert schedule.session("asia").regions == ("South Asia", ESEAP)


def test_the_bundled_file_says_north_africa_is_a_reading():
    text = (DATA / "sessions.toml").read_text("utf-8")
    assert "does not say whether North Africa" in text


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (
            'regions = ["Central & Eastern Europe"]',
            'session[1].regions[0]: "Central & Eastern Europe" is not a Wikimedia region; '
            'did you mean "Central & Eastern Europe & Central Asia"?',
        ),
        ("regions = []", "session[1].regions: is empty"),
        ('regions = ["South Asia", "South Asia"]', "session[1].regions[1]: "),
        ("regions = 3", "session[1].regions: expected a list of strings"),
    ],
)
def test_bad_regions_are_load_errors(schedule_file, line, problem):
    path = schedule_file(('regions = ["Central & Eastern Europe & Central Asia"]', line))
    with pytest.raises(ScheduleError) as caught:
        parse(path.read_text("utf-8"), source="variant.toml")
    assert problem in str(caught.value)


def test_a_session_without_regions_still_loads(schedule_file):
    path = schedule_file(('regions = ["Latin America & Caribbean"]\n', ""))
    assert parse(path.read_text("utf-8"), source="x").session("latam").regions == ()


def test_unknown_region_through_the_cli_is_one_line_exit_2(run, schedule_file):
    path = schedule_file(('regions = ["South Asia", ', 'regions = ["Suoth Asia", '))
    result = run("sessions", "--file", str(path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert 'did you mean "South Asia"' in result.stderr


def test_anchor_country_from_the_city_when_the_zone_names_none(schedule_file):
    # Etc/GMT-7 is in no zone.tab row: the country comes from "Jakarta, Indonesia".
    path = schedule_file(('zone = "Asia/Jakarta"', 'zone = "Etc/GMT-7"'))
    session = parse(path.read_text("utf-8"), source="x").session("asia")
    found = anchor_country(session)
    assert found is not None and found.code == "ID"


def test_an_anchor_in_no_country_is_reported(schedule_file):
    from wmhr.planning.findings import calendar_findings

    path = schedule_file(
        ('anchor_city = "Jakarta, Indonesia"', 'anchor_city = "Somewhere"'),
        ('zone = "Asia/Jakarta"', 'zone = "Etc/GMT-7"'),
    )
    found = calendar_findings(parse(path.read_text("utf-8"), source="x"))
    (unknown,) = [f for f in found if f.code == "anchor-country-unknown"]
    assert unknown.session == "asia" and "(UTC+7)" in unknown.message
