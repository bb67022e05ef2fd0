"""The zone resolver: what people type -> zones from the pinned tzdata package."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from importlib import resources

import pytest

from wmhr.errors import ZoneError
from wmhr.time import refusals, zones
from wmhr.time.zones import resolve, resolve_one

# Named zones, each hard for its own reason.
KATHMANDU = "Asia/Kathmandu"  # +05:45, a quarter-hour offset
LORD_HOWE = "Australia/Lord_Howe"  # DST shifts by 30 minutes, not an hour
CHATHAM = "Pacific/Chatham"  # +12:45 / +13:45
APIA = "Pacific/Apia"  # skipped 30 December 2011 entirely when it crossed the date line
SANTIAGO = "America/Santiago"  # southern-hemisphere DST, changed rules often


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Asia/Jakarta", "Asia/Jakarta"),
        ("asia/JAKARTA", "Asia/Jakarta"),  # any case
        ("Jakarta", "Asia/Jakarta"),  # an IANA location
        ("jakarta", "Asia/Jakarta"),
        ("Abuja", "Africa/Lagos"),  # not an IANA location: the documented table
        ("Mumbai", "Asia/Kolkata"),
        ("Kyiv", "Europe/Kyiv"),
        ("Sao Paulo", "America/Sao_Paulo"),  # without the accent
        ("São Paulo", "America/Sao_Paulo"),
        ("New York", "America/New_York"),
        ("new_york", "America/New_York"),
        ("Kathmandu", KATHMANDU),
        ("Lord Howe", LORD_HOWE),
        ("NG", "Africa/Lagos"),  # a country with one zone
        ("Nigeria", "Africa/Lagos"),
        ("Kenya", "Africa/Nairobi"),
    ],
)
def test_places_people_type(typed, key):
    assert resolve_one(typed).key == key


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Europe/Kiev", "Europe/Kyiv"),
        ("US/Pacific", "America/Los_Angeles"),
        ("Asia/Calcutta", "Asia/Kolkata"),
    ],
)
def test_old_link_names_are_shown_under_their_current_name(typed, key):
    assert typed not in zones.location_countries()
    zone = resolve_one(typed)
    assert zone.key == key
    assert zone.note == f"{typed} is now called {key}"


@pytest.mark.parametrize(
    ("typed", "label", "offset"),
    [
        ("+05:30", "UTC+05:30", timedelta(hours=5, minutes=30)),
        ("UTC-3", "UTC-03:00", timedelta(hours=-3)),  # what a person means, not POSIX's sign
        ("GMT+5:45", "UTC+05:45", timedelta(hours=5, minutes=45)),
        ("utc+14", "UTC+14:00", timedelta(hours=14)),
        ("-12:00", "UTC-12:00", timedelta(hours=-12)),
        ("\u221203:00", "UTC-03:00", timedelta(hours=-3)),  # a typographic minus
    ],
)
def test_fixed_offsets(typed, label, offset):
    zone = resolve_one(typed)
    assert zone.key == label
    assert zone.tz.utcoffset(None) == offset
    assert zone.is_fixed_offset


@pytest.mark.parametrize("typed", ["UTC", "utc", "GMT", "Z", "Etc/UTC", "+00:00"])
def test_utc_spellings(typed):
    assert resolve_one(typed).key == "UTC"


@pytest.mark.parametrize("typed", ["+15:00", "UTC-13", "+05:75"])
def test_offsets_no_place_uses_are_refused(typed):
    with pytest.raises(ZoneError, match="offsets run from"):
        resolve(typed)


def test_country_means_every_zone_of_that_country():
    keys = [z.key for z in resolve("NZ")]
    assert keys == ["Pacific/Auckland", CHATHAM]
    assert len(resolve("United States")) == len(resolve("us")) > 20


def test_country_with_several_zones_is_refused_where_one_is_needed():
    with pytest.raises(ZoneError, match=r"has 2 time zones \(Pacific/Auckland, Pacific/Chatham\)"):
        resolve_one("New Zealand")


def test_kosovo_has_an_explicit_zone():
    assert resolve_one("Kosovo").key == "Europe/Belgrade"
    assert resolve_one("XK").key == "Europe/Belgrade"


@pytest.mark.parametrize(
    ("typed", "candidates"),
    [
        ("IST", ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]),
        ("CST", ["America/Chicago", "Asia/Shanghai"]),
    ],
)
def test_ambiguous_abbreviations_are_refused_with_candidates(typed, candidates):
    with pytest.raises(ZoneError) as caught:
        resolve(typed)
    message = str(caught.value)
    assert "abbreviation" in message
    for key in candidates:
        assert key in message or "more" in message


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [("Jakrta", "Jakarta"), ("Europe/Berln", "Europe/Berlin"), ("Kathmandoo", "Kathmandu")],
)
def test_typos_get_the_closest_matches(typed, suggestion):
    with pytest.raises(ZoneError, match=f"did you mean.*{suggestion}"):
        resolve(typed)


def test_nonsense_gets_the_accepted_forms():
    with pytest.raises(ZoneError, match="use an IANA name"):
        resolve("Atlantis/Capital")


def test_empty_is_refused():
    with pytest.raises(ZoneError, match="empty"):
        resolve("  ")


def test_every_alias_in_the_city_table_is_a_real_zone():
    for city, key in zones._aliases().cities.items():
        assert key in zones.zone_names(), city
        assert zones.load_iana_zone(key).key == zones.current_name(key), city


def test_every_name_in_the_abbreviation_table_uses_that_abbreviation():
    for abbreviation, keys in zones._aliases().abbreviations.items():
        used_by = refusals.abbreviations()[abbreviation]
        assert used_by[: len(keys)] == tuple(keys), abbreviation


def test_zones_come_from_the_tzdata_package_not_the_system(monkeypatch):
    # Poison the system path: the resolver must not look there.
    import zoneinfo

    monkeypatch.setattr(zoneinfo, "TZPATH", ("/nonexistent",))
    zones.load_iana_zone.cache_clear()
    zone = zones.load_iana_zone("Asia/Kathmandu")
    assert datetime(2022, 5, 16, 12, tzinfo=UTC).astimezone(zone).utcoffset() == timedelta(
        hours=5, minutes=45
    )
    packaged = resources.files("tzdata").joinpath("zoneinfo", "Asia", "Kathmandu").read_bytes()
    assert packaged.startswith(b"TZif")


def test_version_reports_the_iana_data_version(run):
    import tzdata

    result = run("--version")
    assert result.exit_code == 0
    assert tzdata.IANA_VERSION in result.stdout


def test_apia_skipped_a_whole_day():
    apia = zones.load_iana_zone(APIA)
    before = datetime(2011, 12, 30, 9, 59, tzinfo=UTC).astimezone(apia)
    after = datetime(2011, 12, 30, 10, 0, tzinfo=UTC).astimezone(apia)
    assert (before.day, after.day) == (29, 31)


def _tab_locations() -> set[str]:
    names = set()
    for table in ("zone.tab", "zone1970.tab"):
        text = resources.files("tzdata").joinpath("zoneinfo", table).read_text("utf-8")
        names |= {line.split("\t")[2] for line in text.splitlines() if line and line[0] != "#"}
    return names


def test_every_location_in_zone_tab_is_shown_as_itself():
    """A link between two places is a merge of their clocks since 1970, not a rename."""
    linked = set()
    for name in sorted(_tab_locations()):
        zone = resolve_one(name)
        assert (zone.key, zone.note) == (name, ""), name
        assert zone.tz.key == name  # type: ignore[attr-defined]
        if name in zones.links():
            linked.add(name)
    # The places that earlier versions showed under another place's name (tzdata 2026f).
    assert len(linked) == 106
    assert {"Europe/Stockholm", "Africa/Kinshasa", "Asia/Kuala_Lumpur", "Europe/Oslo"} <= linked


def test_every_location_is_area_slash_place_so_utc_and_etc_names_skip_the_tables():
    """current_name reads no table for `UTC` or `Etc/...` (every invite resolves UTC): that holds
    only while no place in the tables is named so, which this checks on the shipped tzdata."""
    places = set(zones.location_countries())
    assert places >= _tab_locations()
    assert all("/" in name and not name.startswith("Etc/") for name in places)
    for name in ("UTC", "Etc/UTC", "GMT", "Etc/GMT+12", "Zulu"):
        assert zones.current_name(name) == zones.links().get(name, name)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Stockholm", "Europe/Stockholm"),  # a link to Europe/Berlin, but a place of its own
        ("Kinshasa", "Africa/Kinshasa"),
        ("Lubumbashi", "Africa/Lubumbashi"),
        ("Reykjavik", "Atlantic/Reykjavik"),
        ("Kuala Lumpur", "Asia/Kuala_Lumpur"),
        ("Kumasi", "Africa/Accra"),  # the city table follows the same rule
        ("Nairobi, Kenya", "Africa/Nairobi"),  # city, country: the form wmhr prints
        ("Paris, France", "Europe/Paris"),
        ("Santiago, Chile", "America/Santiago"),
        ("Abuja, Nigeria", "Africa/Lagos"),
        ("Kinshasa, Congo", "Africa/Kinshasa"),  # the country names two; the city picks one
        ("Nairobi, KE", "Africa/Nairobi"),
        ("Kisumu, Kenya", "Africa/Nairobi"),  # not a known city, but Kenya has one zone
        ("Astana", "Asia/Almaty"),
        ("Nur-Sultan", "Asia/Almaty"),
        ("Washington, D.C.", "America/New_York"),
        ("Washington D.C.", "America/New_York"),
    ],
)
def test_places_are_shown_as_the_place_typed(typed, key):
    zone = resolve_one(typed)
    assert (zone.key, zone.note) == (key, "")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Paris, Texas", "unknown time zone"),  # Texas is no country: never silently Paris
        ("Perth, Spain", "knows Perth only as Australia/Perth, not in Spain"),
        ("Springfield, NZ", "does not know Springfield; name one of the zones of NZ"),
    ],
)
def test_a_city_outside_the_country_typed_is_refused(typed, message):
    with pytest.raises(ZoneError, match=message):
        resolve(typed)


def test_congo_is_two_countries_listed_with_their_zones():
    with pytest.raises(ZoneError) as caught:
        resolve("Congo")
    message = str(caught.value)
    assert "2 countries" in message
    assert "CD Congo (Dem. Rep.): Africa/Kinshasa, Africa/Lubumbashi" in message
    assert "CG Congo (Rep.): Africa/Brazzaville" in message


@pytest.mark.parametrize(
    ("typed", "first", "more"),
    [
        ("EST", "America/New_York, America/Toronto, America/Panama and ", " more"),
        ("CST", "America/Chicago, Asia/Shanghai, America/Havana and ", " more"),
    ],
)
def test_refused_abbreviations_list_what_most_people_mean_first(typed, first, more):
    with pytest.raises(ZoneError) as caught:
        resolve(typed)
    message = str(caught.value)
    count = len(refusals.abbreviations()[typed]) - 3
    assert f"(used by {first}{count}{more})" in message
    assert count > 10


class TestLocal:
    """`local` is the machine's zone; tests point at fake files, never the real machine's."""

    @pytest.fixture(autouse=True)
    def no_machine(self, monkeypatch, tmp_path):
        monkeypatch.delenv("TZ", raising=False)
        monkeypatch.setattr(zones, "LOCALTIME", tmp_path / "localtime")
        monkeypatch.setattr(zones, "TIMEZONE_FILE", tmp_path / "timezone")
        return tmp_path

    @pytest.mark.parametrize(
        ("tz", "key"),
        [
            ("Europe/Stockholm", "Europe/Stockholm"),
            (":Asia/Kathmandu", "Asia/Kathmandu"),
            (":/usr/share/zoneinfo/America/Sao_Paulo", "America/Sao_Paulo"),
            ("/usr/share/zoneinfo/posix/Africa/Lagos", "Africa/Lagos"),
            ("", "UTC"),  # glibc reads an empty TZ as UTC
        ],
    )
    def test_tz_variable_first(self, monkeypatch, no_machine, tz, key):
        (no_machine / "timezone").write_text("Asia/Tokyo\n")
        monkeypatch.setenv("TZ", tz)
        assert resolve_one("local").key == key
        assert resolve_one("LOCAL").typed == "LOCAL"

    def test_old_name_in_tz_is_shown_under_its_current_name(self, monkeypatch):
        monkeypatch.setenv("TZ", "US/Pacific")
        zone = resolve_one("local")
        assert zone.key == "America/Los_Angeles"
        assert "US/Pacific is now called America/Los_Angeles" in zone.note

    def test_localtime_link(self, no_machine):
        target = no_machine / "usr" / "share" / "zoneinfo" / "Asia" / "Kolkata"
        target.parent.mkdir(parents=True)
        target.write_bytes(b"TZif")
        (no_machine / "localtime").symlink_to(target)
        (no_machine / "timezone").write_text("Asia/Tokyo\n")
        zone = resolve_one("local")
        assert zone.key == "Asia/Kolkata"
        assert zone.note == f"local is Asia/Kolkata (from {no_machine / 'localtime'})"

    def test_localtime_link_names_the_place_not_the_file_it_shares(self, no_machine):
        folder = no_machine / "zoneinfo" / "Europe"
        folder.mkdir(parents=True)
        (folder / "Berlin").write_bytes(b"TZif")
        (folder / "Stockholm").symlink_to("Berlin")
        (no_machine / "localtime").symlink_to(folder / "Stockholm")
        assert resolve_one("local").key == "Europe/Stockholm"

    def test_dangling_localtime_link_is_still_read(self, no_machine):
        (no_machine / "localtime").symlink_to("../usr/share/zoneinfo/Europe/Oslo")
        assert resolve_one("local").key == "Europe/Oslo"

    def test_etc_timezone_when_localtime_is_a_copy(self, no_machine):
        (no_machine / "localtime").write_bytes(b"TZif")
        (no_machine / "timezone").write_text("America/Argentina/Buenos_Aires\n")
        assert resolve_one("local").key == "America/Argentina/Buenos_Aires"

    def test_nothing_configured_is_a_clear_error(self, no_machine):
        with pytest.raises(ZoneError, match=r"cannot tell this machine's time zone: .*set TZ"):
            resolve("local")

    def test_posix_rule_in_tz_is_a_clear_error(self, monkeypatch):
        monkeypatch.setenv("TZ", "EST5EDT,M3.2.0,M11.1.0")
        with pytest.raises(ZoneError, match="not an IANA zone name"):
            resolve("local")

    def test_cli_tz_local(self, run, monkeypatch):
        monkeypatch.setenv("TZ", "Europe/Oslo")
        result = run("convert", "2022-05-16T12:00Z", "--to", "local", "--json")
        assert result.exit_code == 0
        assert [z["zone"] for z in json.loads(result.stdout)["zones"]] == ["UTC", "Europe/Oslo"]
        result = run("sessions", "--tz", "local", "--now", "2022-05-01T00:00Z")
        assert "local: Europe/Oslo" in result.stdout
        assert "local is Europe/Oslo (from $TZ)" in result.stdout


# -- names from CLDR, American abbreviations, tzdata's legacy names (issue 19) ------------------


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Ho Chi Minh City", "Asia/Ho_Chi_Minh"),  # CLDR's English exemplar city
        ("NYC", "America/New_York"),  # not in CLDR: wmhr's own table
        ("Eastern Time", "America/New_York"),  # CLDR metazone America_Eastern, generic name
        ("Pacific Time", "America/Los_Angeles"),  # was "did you mean Pacific/Niue?"
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("Central European Time", "Europe/Warsaw"),  # CLDR's Windows table names Warsaw
        ("AoE", "Etc/GMT+12"),  # Anywhere on Earth: UTC-12
        ("anywhere on earth", "Etc/GMT+12"),
        ("Ciudad de México", "America/Mexico_City"),  # Spanish exemplar city
        ("hora del Pacífico", "America/Los_Angeles"),  # Spanish metazone name
        ("Nepal Time", "Asia/Kathmandu"),  # a metazone of one zone
    ],
)
def test_common_names_resolve_from_cldr_or_wmhrs_table(typed: str, key: str) -> None:
    assert resolve_one(typed).key == key


@pytest.mark.parametrize(
    ("typed", "country", "meaning"),
    [
        ("PT", "Portugal", "Pacific Time (America/Los_Angeles)"),
        ("ET", "Ethiopia", "Eastern Time (America/New_York)"),
        ("MT", "Malta", "Mountain Time (America/Denver)"),
        ("at", "Austria", "Atlantic Time (America/Halifax)"),
    ],
)
def test_a_country_code_that_is_also_an_american_abbreviation_is_refused_with_both(
    typed: str, country: str, meaning: str
) -> None:
    with pytest.raises(ZoneError) as caught:
        resolve(typed)
    message = str(caught.value)
    assert f"country code of {country}" in message
    assert f"abbreviation of {meaning}" in message


def test_ct_is_an_american_abbreviation_only() -> None:
    with pytest.raises(ZoneError, match=r"abbreviation of Central Time \(America/Chicago\)"):
        resolve("CT")


def test_the_two_letter_american_abbreviations_are_cldrs() -> None:
    """The set written in zones.py (so that a country code needs no Babel) is CLDR's."""
    from wmhr.time import cldr_names

    two_letters = {k for k in cldr_names.american_abbreviations() if len(k) == 2}
    assert two_letters == zones.AMERICAN_TWO_LETTER


def test_cldr_names_cover_the_languages_wmhr_writes() -> None:
    from wmhr.locale.language import available
    from wmhr.time import cldr_names

    assert set(cldr_names.LANGUAGES) == set(available())


@pytest.mark.parametrize(
    "typed", ["CET", "EET", "WET", "EST", "MST", "HST", "MET", "met", "EST5EDT", "PST8PDT"]
)
def test_tzdatas_legacy_names_are_refused_alike(typed: str) -> None:
    with pytest.raises(ZoneError, match="tzdata's legacy name") as caught:
        resolve(typed)
    assert "IANA name" in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "key"), [("Japan", "Asia/Tokyo"), ("Hongkong", "Asia/Hong_Kong")]
)
def test_legacy_names_that_are_places_still_resolve(typed: str, key: str) -> None:
    assert resolve_one(typed).key == key


def test_the_fast_paths_do_not_load_babel() -> None:
    code = (
        "import sys\n"
        "from wmhr.time.zones import resolve\n"
        "for typed in ('DE', 'Asia/Tokyo', 'Nairobi', '+05:30', 'Kenya', 'Nairobi, Kenya'):\n"
        "    resolve(typed)\n"
        "print('babel' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"
