"""Date-times people type: one instant, or a refusal that shows the accepted forms."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wmhr.errors import TimeInputError
from wmhr.time.parse import NonexistentOrRepeatedTime, parse_instant

ASIA_START = datetime(2022, 5, 16, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    "typed",
    [
        "2022-05-16T12:00Z",
        "2022-05-16T12:00:00+00:00",
        "2022-05-16T19:00+07:00",
        "2022-05-16 12:00 UTC",
        "2022-05-16 12:00 GMT",
        "2022-05-16T19:00 Asia/Jakarta",
        "2022-05-16 19:00 Jakarta",
        "2022-05-16 19:00 +07:00",
        "2022-05-16 19:00 UTC+7",
        "16 May 2022 19:00 Jakarta",
        "Mon 16 May 2022 19:00 Jakarta",
        "Monday, 16 May 2022 7pm Asia/Jakarta",
        "May 16, 2022 08:00 New York",
        "16/05/2022 12:00 UTC",  # only one reading: there is no 16th month
        "16th May 2022 7 p.m. Jakarta",
        "2022-05-16 7pm Jakarta",
        "May 16 2022 8:00 am New York",
        "16 May 2022, 19:00:00 Jakarta",
    ],
)
def test_accepted_forms_give_one_instant(typed):
    assert parse_instant(typed) == ASIA_START


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("04/03/2025 10:00 UTC", "could be day/month or month/day"),
        ("16 May 22 12:00 UTC", "four-digit year"),
        ("16/05/22 12:00 UTC", "not four digits"),
        ("16 May 12:00 UTC", "four-digit year"),  # the year would come from the clock
        ("2022-05-16 19:00 IST", "abbreviation"),
        ("2022-05-16 19:00 CST", "abbreviation"),
        ("2022-05-16T12:00", "no time zone"),
        ("2022-05-16 12:00", "no time zone"),
        ("Tue 16 May 2022 12:00 UTC", "is a Monday, not a Tuesday"),
        ("2022-05-16 12:00 Atlantis", "names no time zone"),
        ("yesterday UTC", "cannot read"),
        ("", "empty"),
        ("2022-05-16 19:00 NZ", "has 2 time zones"),
        ("2022-02-30T12:00Z", "not a real date-time"),
        ("2022-02-30 12:00 UTC", "not a real date-time"),
        ("2022-05-16T12:00+25:00", "not a real date-time"),
        ("12:00 2022 UTC", "needs a day, a month and a time of day"),
        ("16 May 2022 UTC", "needs a day, a month and a time of day"),
        ("0001-01-01T00:00+01:00", "outside the supported dates: wmhr supports 1900-01-01 to"),
        ("9999-12-31T23:00-05:00", "outside the supported dates"),
        ("9999-12-31 23:30 UTC", "outside the supported dates"),
        ("0001-01-01 00:00 Asia/Tokyo", "outside the supported dates"),
        ("1899-12-31T23:59:59Z", "outside the supported dates"),
        ("3000-01-01T00:00Z", "outside the supported dates"),
        ("99999-01-01T00:00Z", "year of more than four digits"),
        ("2022-05-16T12:00+25:00", r"\+25:00 is not a UTC offset; offsets run from -12:00"),
        ("2022-02-30T12:00Z", "2022-02 has days 1 to 28"),
        ("2022-02-30 12:00 UTC", '^"2022-02-30 12:00 UTC" is not a real date-time'),
        ("2022-05-16T24:00Z", "24:00 is not a time of day"),
        ("2022-05-16T12:00:60Z", "12:00:60 is not a time of day"),
        ("0000-01-01T00:00Z", "outside the supported dates"),
        ("2022-04-28 22:00 23:30 UTC", r"gives 2 times of day \(22:00, 23:30\)"),
        ("2022-04-28T22:00 23:30 UTC", "gives 2 times of day"),
        ("2022-04-28 10pm 11pm UTC", "gives 2 times of day"),
        ("2022-04-28 22:00 7 pm UTC", "gives 2 times of day"),
        ("2022-05-16 2022-05-17 12:00 UTC", "gives 2 dates"),
        ("16 May 2022 2023 19:00 UTC", "gives 2 years"),
        ("2022-04-28 22 23:30 UTC", "gives 2 days"),
    ],
)
def test_refusals_say_why(typed, reason):
    with pytest.raises(TimeInputError, match=reason):
        parse_instant(typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1900-01-01T00:00Z", "1900-01-01T00:00:00+00:00"),
        ("1899-12-31T23:00-01:00", "1900-01-01T00:00:00+00:00"),
        ("2999-12-31T23:59:59Z", "2999-12-31T23:59:59+00:00"),
        ("2999-12-31 23:59 UTC", "2999-12-31T23:59:00+00:00"),
        ("1900-01-01 09:00 Asia/Tokyo", "1900-01-01T00:00:00+00:00"),
    ],
)
def test_the_supported_range_holds_to_its_ends(typed, expected):
    assert parse_instant(typed).isoformat() == expected


def test_refusals_show_the_accepted_forms():
    with pytest.raises(TimeInputError, match="accepted forms: 2022-05-16T12:00Z"):
        parse_instant("04/03/2025 10:00 UTC")


def test_spring_forward_gap_is_an_error_with_both_candidates():
    with pytest.raises(NonexistentOrRepeatedTime) as caught:
        parse_instant("2022-03-13 02:30 America/New_York")
    message = str(caught.value)
    assert "does not exist" in message
    assert "2022-03-13T06:30Z" in message and "2022-03-13T07:30Z" in message


def test_fall_back_fold_is_an_error_with_both_candidates():
    with pytest.raises(NonexistentOrRepeatedTime) as caught:
        parse_instant("2022-11-06 01:30 America/New_York")
    assert "happens twice" in str(caught.value)
    message = str(caught.value)
    assert "2022-11-06T01:30-04:00 (= 2022-11-06T05:30Z)" in message
    assert "2022-11-06T01:30-05:00 (= 2022-11-06T06:30Z)" in message
    assert "--earlier" not in message  # only `convert` has that flag; it words its own


def test_the_offsets_the_message_suggests_are_accepted():
    assert parse_instant("2022-11-06T01:30-05:00").isoformat() == "2022-11-06T06:30:00+00:00"


@pytest.mark.parametrize(
    ("typed", "pick", "expected"),
    [
        ("2022-11-06 01:30 America/New_York", "earlier", "2022-11-06T05:30:00+00:00"),
        ("2022-11-06 01:30 America/New_York", "later", "2022-11-06T06:30:00+00:00"),
        ("2022-03-13 02:30 America/New_York", "earlier", "2022-03-13T06:30:00+00:00"),
        ("2022-03-13 02:30 America/New_York", "later", "2022-03-13T07:30:00+00:00"),
        # Lord Howe falls back by 30 minutes only.
        ("2022-04-03 01:45 Australia/Lord_Howe", "earlier", "2022-04-02T14:45:00+00:00"),
        ("2022-04-03 01:45 Australia/Lord_Howe", "later", "2022-04-02T15:15:00+00:00"),
    ],
)
def test_earlier_or_later_picks_a_candidate(typed, pick, expected):
    assert parse_instant(typed, pick=pick).isoformat() == expected


def test_zone_names_with_digits_are_zones():
    # The survey's own zone: end of 30 June Anywhere on Earth.
    closes = parse_instant("2022-07-01 00:00 Etc/GMT+12")
    assert closes.isoformat() == "2022-07-01T12:00:00+00:00"


def test_apia_has_no_30_december_2011():
    with pytest.raises(NonexistentOrRepeatedTime, match="does not exist"):
        parse_instant("2011-12-30 12:00 Pacific/Apia")
