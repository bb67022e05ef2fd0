"""Zone names and offsets held against an independent copy of CLDR: ICU's, through Node's Intl
(`timeZoneName: "long"` and `"longOffset"`), for the same instant and zone in all seven languages.

Babel 2.18 carries CLDR 47; Node 20's ICU 78 carries CLDR 48. Where CLDR 48 changed a zone's
metazone or a name, the two differ, and the zones below say so; everything else must agree to the
character. Skipped when `node` is not on PATH; with $CI set a missing node fails the run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wmhr.locale import formats
from wmhr.time.zones import load_iana_zone, location_countries

SCRIPT = Path(__file__).resolve().parents[1] / "intl_names.js"
LANGUAGES = ("en", "es", "fr", "pt", "id", "ar", "ru")
# Winter and summer in each hemisphere, and Ramadan 2026 (Morocco keeps UTC+00 then).
INSTANTS = (
    datetime(2026, 1, 15, 12, tzinfo=UTC),
    datetime(2026, 3, 1, 12, tzinfo=UTC),
    datetime(2026, 7, 15, 12, tzinfo=UTC),
)
# Names CLDR 48 (Node's ICU) gives differently from CLDR 47 (Babel 2.18): the offset is the same.
CLDR_47_TO_48 = {
    # CLDR 48 merged West Africa's metazone into one without summer time: "West Africa Time".
    **dict.fromkeys(
        "Africa/" + city
        for city in [
            "Bangui",
            "Brazzaville",
            "Douala",
            "Kinshasa",
            "Lagos",
            "Libreville",
            "Luanda",
            "Malabo",
            "Ndjamena",
            "Niamey",
            "Porto-Novo",
        ]
    ),
    # CLDR 48 files these Russian zones under the metazone of their offset (Samara, Moscow,
    # Krasnoyarsk, Kamchatka, Magadan...) instead of one of their own.
    **dict.fromkeys(
        [
            "Europe/Volgograd",
            "Europe/Ulyanovsk",
            "Europe/Saratov",
            "Europe/Kirov",
            "Europe/Astrakhan",
            "Asia/Tomsk",
            "Asia/Srednekolymsk",
            "Asia/Sakhalin",
            "Asia/Novosibirsk",
            "Asia/Barnaul",
            "Asia/Anadyr",
        ]
    ),
    # New in CLDR 48: Famagusta in Eastern European time, a Türkiye metazone for Istanbul.
    "Asia/Famagusta": None,
    "Europe/Istanbul": None,
    # English spellings changed: "Khovd", "St. Pierre & Miquelon".
    "Asia/Hovd": None,
    "America/Miquelon": None,
}
# Each case is hard for a reason; none of them may differ.
HARD = (
    "Europe/Dublin",  # tzdata's negative DST: winter is "daylight" in its isdst flag
    "Africa/Casablanca",  # negative DST in Ramadan; no CLDR name fits +01:00
    "America/New_York",  # French writes U+2212 before the hours
    "Asia/Jakarta",  # Indonesian writes GMT+07.00
    "Asia/Kathmandu",
    "Asia/Kolkata",  # CLDR files it as Asia/Calcutta
    "Europe/Kyiv",  # CLDR files it as Europe/Kiev
    "America/Santiago",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Apia",
    "Europe/London",
)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but node is not on PATH: install Node.js to check CLDR text")
        pytest.skip("node is not on PATH")
    return node


def _intl(rows: list[tuple[str, int, str]]) -> list[list[str]]:
    done = subprocess.run(
        [_node(), str(SCRIPT)],
        input=json.dumps(rows),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    result: list[list[str]] = json.loads(done.stdout)
    return result


def _wmhr(key: str, moment: datetime, tag: str) -> list[str]:
    zone, locale = load_iana_zone(key), formats.cldr_locale(tag)
    return [formats.zone_name(moment, zone, locale), formats.utc_offset(moment, zone, locale)]


def _compare(keys: list[str]) -> tuple[list[str], list[str]]:
    cases = [(k, m, t) for k in keys for m in INSTANTS for t in LANGUAGES]
    rows = [(k, int(m.timestamp() * 1000), t) for k, m, t in cases]
    names, offsets = [], []
    for (key, moment, tag), expected in zip(cases, _intl(rows), strict=True):
        name, offset = _wmhr(key, moment, tag)
        if name != expected[0]:
            names.append(f"{key} {moment:%Y-%m-%d} {tag}: {name!r} != Intl {expected[0]!r}")
        if offset != expected[1]:
            offsets.append(f"{key} {moment:%Y-%m-%d} {tag}: {offset!r} != Intl {expected[1]!r}")
    return names, offsets


def test_the_hard_zones_read_as_intl_reads_them_in_every_language() -> None:
    names, offsets = _compare(list(HARD))
    assert names == []
    assert offsets == []


def _node_cldr() -> str:
    done = subprocess.run(
        [_node(), "-p", "process.versions.cldr"], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_every_place_agrees_with_intl_except_where_cldr_48_changed_the_name() -> None:
    if not _node_cldr().startswith("48."):
        pytest.skip(f"Node's ICU has CLDR {_node_cldr()}: the list of differences is for CLDR 48")
    names, offsets = _compare(sorted(location_countries()))
    assert offsets == []
    differing = {line.split()[0] for line in names}
    assert differing <= set(CLDR_47_TO_48), sorted(differing - set(CLDR_47_TO_48))
    # The list is not stale: every zone on it still differs (drop it when Babel moves to 48).
    assert differing == set(CLDR_47_TO_48)


@pytest.mark.parametrize(
    ("key", "moment", "tag", "name", "offset"),
    [
        ("Europe/Dublin", INSTANTS[2], "en", "Irish Standard Time", "GMT+01:00"),
        ("Europe/Dublin", INSTANTS[0], "en", "Greenwich Mean Time", "GMT+00:00"),
        ("Africa/Casablanca", INSTANTS[0], "en", "GMT+01:00", "GMT+01:00"),
        (
            "America/New_York",
            INSTANTS[2],
            "fr",
            "heure d\u2019été de l\u2019Est nord-américain",
            "UTC\u221204:00",
        ),
        ("Asia/Jakarta", INSTANTS[0], "id", "Waktu Indonesia Barat", "GMT+07.00"),
    ],
)
def test_the_issues_examples(key: str, moment: datetime, tag: str, name: str, offset: str) -> None:
    """Pinned without Node, so a machine without it still checks the cases the issue names."""
    assert _wmhr(key, moment, tag) == [name, offset]


def test_the_pages_offset_template_uses_the_locales_separator_and_minus() -> None:
    assert formats.script_offset(formats.cldr_locale("id")) == "GMT{sign}{hours}.{minutes}"
    assert formats.script_minus(formats.cldr_locale("fr")) == "\u2212"
    assert formats.script_minus(formats.cldr_locale("es")) == "-"
