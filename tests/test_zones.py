"""The zone resolver: what people type -> zones from the pinned tzdata package."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from importlib import resources

import pytest

from wmhr.errors import ZoneError
from wmhr.time import zones
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
        assert zones.load_iana_zone(key).key == zones.links().get(key, key), city


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
