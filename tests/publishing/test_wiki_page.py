"""The pure core of `publish wiki --edit` and `check --wiki`: markers, rows, Translate unit
markers, the edit summary and drift, over page text and the schedule (no wiki needed)."""

from __future__ import annotations

import re

import pytest
from ics_support import BUNDLED_TEXT, edit

from wmhr.errors import WikiError
from wmhr.publishing import wiki_page, wikitext
from wmhr.publishing.wiki_page import BEGIN, END
from wmhr.schedule.model import Schedule, parse

ABOVE = "== Schedule ==\nText [[above]] {{Template}}\n\n"
BELOW = "\n\n== After ==\n<!--T:99--> text below\n"
ASIA_MOVED = ("start = 2022-05-16T12:00:00Z", "start = 2022-05-16T13:00:00Z")
LATAM_CANCELLED = ('id = "latam"', 'id = "latam"\nstatus = "cancelled"')


def schedule(*changes: tuple[str, str]) -> Schedule:
    text = BUNDLED_TEXT
    for old, new in changes:
        text = edit(text, old, new)
    return parse(text, source="test.toml")


def page_with(table: str) -> str:
    return f"{ABOVE}{BEGIN}\n{table}{END}{BELOW}"


def numbered(table: str) -> str:
    """The table as Translate leaves it once marked: `<!--T:n--> ` at the start of each unit."""
    count = iter(range(1, 1000))
    return re.sub(r"<translate>", lambda _: f"<translate><!--T:{next(count)}--> ", table)


def test_edit_replaces_only_the_text_between_the_markers() -> None:
    old = page_with("old table\n")
    new_table = wikitext.table(schedule())
    plan = wiki_page.plan_edit(old, new_table, title="P", translate=False)
    assert plan.changed
    assert plan.text == f"{ABOVE}{BEGIN}\n{new_table}{END}{BELOW}"
    again = wiki_page.plan_edit(plan.text, new_table, title="P", translate=False)
    assert not again.changed and again.diff == ""


def test_the_table_is_compared_as_mediawiki_stores_it_in_nfc() -> None:
    decomposed = schedule(('region = "Asia"', 'region = "Asie\u0301"'))
    table = wikitext.table(decomposed)
    assert "e\u0301" in table
    stored = page_with(table).replace("e\u0301", "\u00e9")  # what the wiki gives back
    assert not wiki_page.plan_edit(stored, table, title="P", translate=False).changed


@pytest.mark.parametrize(
    ("page", "says"),
    [
        ("no markers at all", f"has no {BEGIN} and {END}; edit the page once by hand"),
        (f"{BEGIN}\nx\n", f"has no {END}"),
        (f"{BEGIN}\n{END}\n{BEGIN}\n{END}", f"has 2 {BEGIN} and 2 {END}; keep exactly one"),
        (f"{END}\nx\n{BEGIN}", f"has {END} before {BEGIN}"),
    ],
)
def test_missing_or_repeated_markers_say_what_to_add_where(page: str, says: str) -> None:
    with pytest.raises(WikiError, match=re.escape(says)) as error:
        wiki_page.plan_edit(page, "t\n", title="P", translate=False)
    assert "\n" not in str(error.value)


def test_a_translate_table_is_not_overwritten_without_translate() -> None:
    page = page_with(numbered(wikitext.table(schedule(), translate=True)))
    with pytest.raises(WikiError, match="add --translate"):
        wiki_page.plan_edit(page, wikitext.table(schedule()), title="P", translate=False)


def test_rows_are_found_by_session_id_with_their_cells() -> None:
    rows = wiki_page.rows(wikitext.table(schedule(LATAM_CANCELLED)))
    assert [row.session for row in rows] == ["latam", "cee", "africa", "asia"]
    assert all(len(row.cells) == 4 for row in rows)
    assert rows[0].cancelled and not rows[3].cancelled
    assert wiki_page.plain(rows[3].cell("time_utc")) == "12:00"
    assert wiki_page.plain(rows[3].cell("time_local")) == "19:00 Jakarta, Indonesia (GMT+07:00)"


def test_units_keep_their_markers_by_what_they_are_after_asia_moves() -> None:
    before = numbered(wikitext.table(schedule(), translate=True))
    markers = wiki_page.unit_markers(before)
    assert markers[("", "caption", 0)] == "1"
    assert markers[("asia", "date", 0)] and markers[("latam", "region", 1)]  # "Conducted in"
    moved = wikitext.table(
        schedule(("2022-05-16T12:00:00Z", "2022-05-17T02:00:00Z")), translate=True
    )
    kept = wiki_page.keep_markers(before, moved)
    assert wiki_page.unit_markers(kept) == markers  # every unit, same marker
    # The changed date unit kept its marker (translators see it outdated, not new).
    asia = wiki_page.rows(kept)[3]
    assert asia.cell("date").startswith(f"<translate><!--T:{markers[('asia', 'date', 0)]}--> ")
    assert "17" in asia.cell("date") and "16" not in asia.cell("date")
    assert wiki_page.keep_markers(kept, moved) == kept  # stable


def test_new_units_have_no_marker_and_removed_sessions_units_go() -> None:
    before = numbered(wikitext.table(schedule(), translate=True))
    without_cee = BUNDLED_TEXT.replace('id = "cee"', 'id = "cee2"', 1)
    without_cee = without_cee.replace(
        "[translations.es.session.cee]", "[translations.es.session.cee2]"
    )
    after = wiki_page.keep_markers(
        before, wikitext.table(parse(without_cee, source="t"), translate=True)
    )
    markers = wiki_page.unit_markers(after)
    assert not any(key[0] == "cee" for key in markers)
    assert not any(key[0] == "cee2" for key in markers)
    cee2 = next(row for row in wiki_page.rows(after) if row.session == "cee2")
    assert "<!--T:" not in "".join(cee2.cells)
    old_numbers = set(wiki_page.unit_markers(before).values())
    assert set(markers.values()) < old_numbers  # no marker invented


def test_summary_says_what_changed() -> None:
    old = wikitext.table(schedule())
    new = wikitext.table(schedule(ASIA_MOVED, LATAM_CANCELLED))
    assert wiki_page.summary(old, new) == (
        "Schedule table from sessions.toml (wmhr): latam cancelled; asia moved to 13:00 UTC"
    )
    later = wikitext.table(schedule(("2022-05-16T12:00:00Z", "2022-05-17T12:00:00Z")))
    assert wiki_page.summary(old, later).endswith("asia moved to Tue, 17 May 2022, 12:00 UTC")
    assert wiki_page.summary("", old).endswith("latam added; cee added; africa added; asia added")


def test_drift_is_none_on_the_page_wmhr_wrote_plain_or_translated() -> None:
    expected = wikitext.table(schedule())
    assert wiki_page.drift(page_with(expected), expected, "P") == []
    translated = numbered(wikitext.table(schedule(), translate=True))
    assert wiki_page.drift(page_with(translated), expected, "P") == []


def test_drift_finds_a_time_changed_by_hand_and_rows_it_cannot_match() -> None:
    expected = wikitext.table(schedule())
    hand = expected.replace("| 19:00 Jakarta", "| 20:00 Jakarta")
    hand = hand.replace("|}", '|-\n! scope="row" | Pacific\n| Fri, 20 May 2022\n| 03:00\n| x\n|}')
    hand = hand.replace('|- data-wmhr-session="cee"\n', "")  # cee's cells now run into latam's
    findings = wiki_page.drift(page_with(hand), expected, "P")
    codes = sorted((f.code, f.session) for f in findings)
    assert ("wiki-drift", "asia") in codes
    assert ("wiki-unmatched-row", None) in codes
    assert ("wiki-missing-session", "cee") in codes
    asia = next(f for f in findings if f.session == "asia")
    assert '"20:00 Jakarta, Indonesia (GMT+07:00)"' in asia.message
    assert '"19:00 Jakarta, Indonesia (GMT+07:00)"' in asia.message
    assert all(f.level == "error" for f in findings)


def test_drift_without_markers_is_one_finding() -> None:
    findings = wiki_page.drift("a page", wikitext.table(schedule()), "P")
    assert [f.code for f in findings] == ["wiki-no-markers"]


@pytest.mark.parametrize(
    ("api", "parts"),
    [
        ("https://meta.wikimedia.org/w/api.php", ("https", "meta.wikimedia.org", "/w/")),
        ("http://127.0.0.1:8080/api.php", ("http", "127.0.0.1:8080", "/")),
    ],
)
def test_api_url_gives_host_and_path(api: str, parts: tuple[str, str, str]) -> None:
    from wmhr.publishing.wiki_api import _split

    assert _split(api) == parts


@pytest.mark.parametrize(
    "api",
    [
        "meta.wikimedia.org/w/api.php",
        "ftp://x/api.php",
        "https://x/w/index.php",
        "https://x/api.php?a=1",
    ],
)
def test_an_api_url_that_is_no_api_php_is_one_error_line(api: str) -> None:
    from wmhr.publishing.wiki_api import _split

    with pytest.raises(WikiError, match=r"api\.php") as error:
        _split(api)
    assert "\n" not in str(error.value)


def test_wiki_options_go_together(run) -> None:  # type: ignore[no-untyped-def]
    cases = [
        (("publish", "wiki", "--api", "https://x/api.php"), "go with --edit TITLE"),
        (("publish", "wiki", "--yes"), "go with --edit TITLE"),
        (("publish", "wiki", "--edit", "P"), "--edit needs --api URL"),
        (
            ("publish", "wiki", "--edit", "P", "--api", "https://x/api.php", "-o", "f"),
            "no --output",
        ),
        (("check", "--wiki", "P"), "--wiki TITLE and --api URL go together"),
        (("check", "--api", "https://x/api.php"), "--wiki TITLE and --api URL go together"),
    ]
    for args, says in cases:
        result = run(*args)
        assert result.exit_code == 2, args
        assert result.stderr.count("\n") == 1 and says in result.stderr, result.stderr
