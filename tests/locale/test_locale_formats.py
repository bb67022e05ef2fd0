"""The CLDR seam: dates, times, zone names and language names come from Babel's CLDR data, in the
participant's language; only the commands that write participant text load it."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from wmhr.locale import formats
from wmhr.locale.language import LanguageError, available, language
from wmhr.time.zones import load_iana_zone

LATAM = datetime(2022, 5, 3, 23, 0, tzinfo=UTC)
SANTIAGO = load_iana_zone("America/Santiago")


def test_a_spanish_date_time_and_zone_name_come_from_cldr() -> None:
    es = language("es")
    assert es.date_time(LATAM, SANTIAGO) == "martes, 3 de mayo de 2022, 19:00"
    assert es.zone_name(LATAM, SANTIAGO) == "hora estándar de Chile"
    assert es.utc_offset(LATAM, SANTIAGO) == "GMT-04:00"
    assert es.span(LATAM, LATAM + timedelta(hours=1), SANTIAGO) == (
        "martes, 3 de mayo de 2022, 19:00\u201320:00"
    )


def test_a_span_across_midnight_names_both_days() -> None:
    utc = load_iana_zone("UTC")
    assert language("es").span(LATAM, LATAM + timedelta(hours=1), utc) == (
        "martes, 3 de mayo de 2022, 23:00\u2009\u2013\u2009miércoles, 4 de mayo de 2022, 0:00"
    )


def test_bare_english_puts_the_day_first_as_the_series_page_does() -> None:
    assert language("en").date_time(LATAM, SANTIAGO) == "Tuesday, 3 May 2022, 19:00"
    assert language("en-US").date_time(LATAM, SANTIAGO) == "Tuesday, May 3, 2022, 19:00"


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        # CLDR files these under IANA's old names (Asia/Calcutta, Europe/Kiev): Babel alone
        # answers "GMT+05:30" and "GMT+03:00".
        ("Asia/Kolkata", "hora estándar de la India"),
        ("Europe/Kyiv", "hora de verano de Europa oriental"),
        ("Europe/Berlin", "hora de verano de Europa central"),
        ("Asia/Jakarta", "hora de Indonesia occidental"),
        ("UTC", "tiempo universal coordinado"),
        # No CLDR name: its offset format.
        ("Etc/GMT+12", "GMT-12:00"),
    ],
)
def test_zone_names_even_where_cldr_uses_an_old_iana_name(zone: str, expected: str) -> None:
    assert language("es").zone_name(LATAM, load_iana_zone(zone)) == expected


def test_times_use_the_24_hour_clock_with_the_locales_own_separator() -> None:
    assert formats.time_of_day(LATAM, SANTIAGO, formats.cldr_locale("id")) == "19.00"
    assert formats.time_of_day(LATAM, SANTIAGO, formats.cldr_locale("ar")) == "19:00"
    assert formats.time_of_day(LATAM, SANTIAGO, formats.cldr_locale("en-US")) == "19:00"


def test_language_names_and_lists_come_from_cldr() -> None:
    es = language("es")
    assert es.language_name("es") == "español"
    assert es.language_name("pt-BR") == "portugués (Brasil)"
    assert es.and_list(["A", "B", "C"]) == "A, B y C"


def test_direction() -> None:
    assert language("en").direction == "ltr"
    assert formats.direction(formats.cldr_locale("ar")) == "rtl"


def test_a_language_without_a_complete_catalog_is_one_error_listing_the_available() -> None:
    with pytest.raises(LanguageError) as caught:
        language("sw")
    message = str(caught.value)
    assert message.startswith('no complete translation for "sw"; available: ')
    assert message.endswith(", ".join(available()))
    assert "en" in available()
    with pytest.raises(LanguageError, match="not a language tag"):
        language("español")


@pytest.mark.parametrize(
    "args",
    [
        ("sessions", "--json"),
        ("deadline", "latam", "--quiet", "--now", "2022-04-27T12:00Z"),
    ],
)
def test_schedule_commands_do_not_import_babel(args: tuple[str, ...]) -> None:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "wmhr", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    imported = [line.split("|")[-1].strip() for line in completed.stderr.splitlines()]
    assert "wmhr.schedule.model" in imported  # the command ran and -X importtime reported it
    assert not [name for name in imported if name.split(".")[0] == "babel"]
