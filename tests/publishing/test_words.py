"""Words people read: no POSIX `Etc/GMT+12` (it reads as UTC+12 and means UTC-12), the survey's
close in plain words everywhere, and error messages that keep what was typed."""

from __future__ import annotations

import json
import re

import pytest
from ics_support import T0, unfold

from tests.conftest import ROOT
from wmhr.time import zones

SURVEY_CLOSES = "at the end of 30 June 2022, Anywhere on Earth (UTC-12)"


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("Etc/GMT+12", "UTC-12"),
        ("Etc/GMT-14", "UTC+14"),
        ("Etc/GMT+5", "UTC-5"),
        ("Etc/GMT-0", "UTC"),
        ("Etc/UTC", "UTC"),
        ("Europe/Stockholm", "Europe/Stockholm"),
    ],
)
def test_posix_offset_names_are_shown_with_the_sign_people_mean(key, shown):
    assert zones.place_name(key) == shown


def test_anywhere_on_earth_is_named():
    assert zones.zone_words("Etc/GMT+12") == "Anywhere on Earth (UTC-12)"
    assert zones.zone_words("Etc/GMT+11") == "UTC-11"


def test_invites_say_when_the_survey_closes_and_name_no_posix_zone(run, tmp_path):
    assert run("ics", "--now", T0, "--organizer-deadlines").exit_code == 0
    for path in sorted((tmp_path / "invites").glob("*.ics")):
        text = unfold(path.read_bytes()).decode("utf-8").replace("\\,", ",").replace("\\;", ";")
        assert "Etc/GMT" not in text, path.name
        if path.name == "latam.ics":  # in Spanish, the session's language
            assert (
                "cierra al final del día 30 de junio de 2022, en cualquier lugar de la Tierra "
                "(UTC-12), es decir, el viernes, 1 de julio de 2022, 12:00 UTC"
            ) in text
        elif path.name != "deadlines.ics":
            assert (
                "it closes at the end of 30 June 2022, Anywhere on Earth (UTC-12), "
                "which is Friday, 1 July 2022, 12:00 UTC"
            ) in text


def test_deadlines_say_when_the_survey_closes(run):
    result = run("deadlines", "--now", "2022-05-01T00:00Z")
    assert "Etc/GMT" not in result.stdout
    assert f"The survey closes {SURVEY_CLOSES}." in result.stdout
    survey = next(line for line in result.stdout.splitlines() if line.startswith("survey"))
    assert survey.split("  ")[0] == "survey closes"
    assert "Fri 01 Jul 2022 00:00 UTC-12:00 Anywhere on Earth" in survey
    data = json.loads(run("deadlines", "--now", "2022-05-01T00:00Z", "--json").stdout)
    assert data["deadlines"][-1]["zone"] == "Etc/GMT+12"  # machine output keeps the IANA name


def test_check_says_when_the_survey_closed(run):
    result = run("check", "--now", "2022-07-02T00:00Z")
    assert "Etc/GMT" not in result.stdout
    assert f"the survey closed {SURVEY_CLOSES}, which is 2022-07-01T12:00Z" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("convert", "2022-05-16T12:00Z", "--to", "Etc/GMT+12"),
        ("sessions", "--tz", "Etc/GMT+12"),
        ("deadlines", "--tz", "Etc/GMT+12", "--now", "2022-05-01T00:00Z"),
    ],
)
def test_a_typed_posix_zone_is_shown_as_the_offset_it_means(run, args):
    result = run(*args)
    assert "UTC-12" in result.stdout
    assert "Etc/GMT+12" not in result.stdout
    machine = run(*args, "--json").stdout
    assert "Etc/GMT+12" in machine


def test_check_names_a_posix_anchor_zone_as_its_offset(run, schedule_file):
    path = schedule_file(('zone = "Asia/Jakarta"', 'zone = "Etc/GMT-7"'))
    result = run("check", "--file", str(path), "--now", "2022-05-01T00:00Z")
    assert "(UTC+7)" in result.stdout
    assert "Etc/GMT" not in result.stdout


def test_readme_fold_example_is_the_real_message(run):
    readme = (ROOT / "README.md").read_text("utf-8")
    match = re.search(
        r'\$ wmhr convert "2022-10-30 02:30 Europe/Berlin"\n(wmhr: error: .*)\n', readme
    )
    assert match is not None
    result = run("convert", "2022-10-30 02:30 Europe/Berlin")
    assert result.exit_code == 2
    assert result.stderr.strip() == match.group(1)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "2022-10-30 02:30:15 Europe/Berlin",
            "2022-10-30 02:30:15 in Europe/Berlin happens twice (the clocks go back): "
            "--earlier means 2022-10-30T00:30:15Z (02:30:15 CEST), "
            "--later means 2022-10-30T01:30:15Z (02:30:15 CET); pick one",
        ),
        (
            "2022-03-27 02:30:59 Europe/Berlin",
            "2022-03-27 02:30:59 in Europe/Berlin does not exist (the clocks skip it): "
            "--earlier means 2022-03-27T00:30:59Z (01:30:59 CET), "
            "--later means 2022-03-27T01:30:59Z (03:30:59 CEST); pick one",
        ),
    ],
)
def test_a_date_time_with_seconds_keeps_them_in_the_message(run, typed, expected):
    result = run("convert", typed)
    assert result.stderr.strip() == f"wmhr: error: {expected}"


def test_parse_errors_keep_seconds_too():
    from wmhr.time.parse import NonexistentOrRepeatedTime, parse_instant

    with pytest.raises(NonexistentOrRepeatedTime) as caught:
        parse_instant("2022-11-06 01:30:45 America/New_York")
    assert "2022-11-06T01:30:45-04:00 (= 2022-11-06T05:30:45Z)" in str(caught.value)


def test_convert_shows_the_seconds_of_an_instant_that_has_them(run):
    result = run("convert", "2022-05-16T12:00:30Z", "--to", "Asia/Jakarta")
    assert "Mon 2022-05-16 19:00:30" in result.stdout
