"""`wmhr publish text`: the announcement for mailing lists, chats and talk pages."""

from __future__ import annotations

import json

import pytest
from golden import assert_golden
from ics_support import BUNDLED_TEXT, edit, write_schedule

from wmhr.publishing import announcement
from wmhr.publishing.facts import all_facts
from wmhr.schedule.model import load
from wmhr.time.convert import in_zone
from wmhr.time.zones import load_iana_zone

SERIES_URL = "https://meta.wikimedia.org/wiki/Human_Rights_Policy_Community_Conversations"


def text(run, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = run("publish", "text", *args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def assert_survives_email(output: str) -> None:
    assert "\t" not in output
    for line in output.splitlines():
        assert len(line) < 80 or line.strip("<>") == SERIES_URL, line


def test_golden_plain_and_markdown(run) -> None:
    plain, markdown = text(run), text(run, "--format", "markdown")
    assert_golden("publish-text.txt", plain)
    assert_golden("publish-text.md", markdown)
    assert text(run) == plain


@pytest.mark.parametrize(
    "args",
    [(), ("--format", "markdown"), ("--tz", "US", "--tz", "Kathmandu"), ("--tz", "Asia/Kolkata")],
)
def test_lines_under_80_and_no_tabs(run, args: tuple[str, ...]) -> None:
    assert_survives_email(text(run, *args))


def test_every_session_has_what_the_issue_asks(run) -> None:
    out = text(run)
    blocks = out.split("\n\n")
    asia = next(b for b in blocks if b.startswith("Asia\n"))
    assert "  Language: English\n" in asia
    assert "  UTC: Mon, 16 May 2022, 12:00\n" in asia
    assert "  Jakarta, Indonesia: Mon, 16 May 2022, 19:00 (GMT+07:00)\n" in asia
    assert "  In your time zone: https://zonestamp.toolforge.org/1652702400/1652706000\n" in asia
    assert "  Interpretation: e-mail rgaines@wikimedia.org by Wed, 11 May 2022, 12:00 UTC" in asia
    assert out.rstrip().endswith(SERIES_URL)
    assert "Language: Spanish" in next(b for b in blocks if b.startswith("Latin America"))


def test_named_sessions_only(run) -> None:
    out = text(run, "asia", "latam")
    assert "Latin America & Caribbean\n" in out and "Asia\n" in out
    assert "Africa" not in out and "Central" not in out
    assert out.index("Latin America") < out.index("\nAsia\n")  # in order of their start


def test_tz_zones_replace_the_region_cities(run) -> None:
    out = text(run, "asia", "--tz", "Kathmandu", "--tz", "+05:30")
    assert "  Kathmandu (Asia/Kathmandu): Mon, 16 May 2022, 17:45 (GMT+05:45)\n" in out
    assert "  +05:30 (UTC+05:30): Mon, 16 May 2022, 17:30 (GMT+05:30)\n" in out
    assert "Tokyo" not in out


def test_times_match_wmhr_convert(run) -> None:
    """One source: the announcement's local time is what `wmhr convert` says."""
    out = text(run, "asia", "--tz", "Asia/Tokyo")
    converted = json.loads(run("convert", "asia", "--to", "Asia/Tokyo", "--json").stdout)
    tokyo = next(z for z in converted["zones"] if z["zone"] == "Asia/Tokyo")
    assert tokyo["local"] == "2022-05-16T21:00:00+09:00"
    assert "  Asia/Tokyo: Mon, 16 May 2022, 21:00 (GMT+09:00)\n" in out


def test_region_cities_cover_distinct_local_times_besides_the_anchor() -> None:
    schedule = load()
    for fact in all_facts(schedule):
        places = announcement.default_places(fact)
        assert 3 <= len(places) <= announcement.MOST_CITIES, fact.id
        offsets = [in_zone(fact.session.start, p.zone).utc_offset for p in places]
        assert fact.start.utc_offset not in offsets
        assert len(set(offsets)) == len(offsets)
        assert offsets == sorted(offsets)


def test_region_city_table_names_real_zones_and_every_bundled_region() -> None:
    table = announcement.region_cities()
    for places in table.values():
        for place in places:
            assert load_iana_zone(place.zone.key)
    from wmhr.time.zones import fold_name

    assert all(fold_name(s.region) in table for s in load())


def test_a_region_without_cities_shows_the_anchor_only() -> None:
    schedule = load(None)
    text_ = announcement.render(schedule, session_ids=["asia"])
    assert "Tokyo" in text_
    changed = edit(BUNDLED_TEXT, 'region = "Asia"', 'region = "Oceania"')
    from wmhr.schedule.model import parse

    changed = edit(changed, 'regions = ["South Asia", "East, Southeast Asia, & Pacific"]\n', "")
    other = announcement.render(parse(changed, source="t"), session_ids=["asia"])
    assert "Tokyo" not in other and "Jakarta, Indonesia: Mon, 16 May 2022, 19:00" in other


def test_a_renamed_region_is_found_by_the_wikimedia_regions_it_serves() -> None:
    from wmhr.schedule.model import parse

    changed = edit(BUNDLED_TEXT, 'region = "Asia"', 'region = "Asia and the Pacific"')
    text_ = announcement.render(parse(changed, source="t"), session_ids=["asia"])
    assert "  Tokyo: Mon, 16 May 2022, 21:00 (GMT+09:00)\n" in text_


def test_cancelled_session_is_marked(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_schedule(
        tmp_path, edit(BUNDLED_TEXT, 'id = "cee"', 'id = "cee"\nstatus = "cancelled"')
    )
    plain = text(run, "--file", str(path))
    markdown = text(run, "--file", str(path), "--format", "markdown")
    block = next(b for b in plain.split("\n\n") if b.startswith("Central"))
    assert block.startswith("Central & Eastern Europe (CANCELLED)\n")
    assert "zonestamp" not in block and "Interpretation" not in block
    assert "### ~~Central & Eastern Europe~~ (CANCELLED)\n" in markdown


def test_markdown_escapes_schedule_text(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_schedule(
        tmp_path, edit(BUNDLED_TEXT, 'region = "Asia"', 'region = "Asia *[x](y)*"')
    )
    markdown = text(run, "--file", str(path), "--format", "markdown", "asia")
    assert "### Asia \\*\\[x\\](y)\\*\n" in markdown


def test_tabs_and_line_breaks_never_reach_the_text(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Other control characters are refused when the schedule loads (tests/test_controls.py)."""
    path = write_schedule(
        tmp_path, edit(BUNDLED_TEXT, 'region = "Asia"', 'region = """Asia\n\tred"""')
    )
    out = text(run, "--file", str(path))
    assert "\t" not in out
    assert "Asia red\n" in out


def test_unknown_session_is_one_error_line(run) -> None:
    result = run("publish", "text", "asia", "jakarta")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        'wmhr: error: unknown session "jakarta": known sessions: latam, cee, africa, asia\n'
    )


def test_unknown_zone_is_one_error_line(run) -> None:
    result = run("publish", "text", "--tz", "Asia/Jakrta")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "did you mean Asia/Jakarta" in result.stderr


def test_readme_shows_the_announcement_it_produces(run) -> None:
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"$ wmhr publish text asia\n{text(run, 'asia')}```\n" in readme


@pytest.mark.parametrize(
    ("lang", "expected", "kept"),
    [
        ("es", ["Ciudad de México (America/Mexico_City)", "El Cairo (Africa/Cairo)"], "Delhi"),
        ("ar", ["مكسيكو سيتي (America/Mexico_City)", "القاهرة (Africa/Cairo)"], "Delhi"),
        ("en", ["Mexico City (America/Mexico_City)", "Africa/Cairo:"], "Delhi"),
    ],
)
def test_extra_cities_are_in_the_readers_language(
    run,  # type: ignore[no-untyped-def]
    lang: str,
    expected: list[str],
    kept: str,
) -> None:
    """CLDR's exemplar cities, where the city is the one its zone is named after; Delhi (in
    Asia/Kolkata, named after Kolkata) stays as written."""
    tz = ("--tz", "Mexico City", "--tz", "Africa/Cairo", "--tz", "Delhi")
    output = text(run, "latam", "--lang", lang, *tz)
    for label in expected:
        assert label in output
    assert f"{kept} (Asia/Kolkata)" in output


def test_region_cities_are_in_the_readers_language(run) -> None:  # type: ignore[no-untyped-def]
    spanish, arabic = text(run, "latam", "--lang", "es"), text(run, "latam", "--lang", "ar")
    assert "  Ciudad de México: " in spanish
    assert "Mexico City" not in spanish
    assert "  مكسيكو سيتي: " in arabic
    assert "  غواتيمالا: " in arabic  # "Guatemala City": America/Guatemala's city
    # French has no name of its own for it: CLDR's root name, not the English label.
    assert "  Guatemala\u00a0: " in text(run, "latam", "--lang", "fr")
    assert "  Guatemala City: " in text(run, "latam", "--lang", "en")
