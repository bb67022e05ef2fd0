"""`wmhr publish wiki --edit` and `wmhr check --wiki` against a real MediaWiki 1.39 (the
`mediawiki` fixture: Debian's package, sqlite, `php -S` on 127.0.0.1)."""

from __future__ import annotations

import itertools
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from ics_support import BUNDLED_TEXT, edit, write_schedule
from mediawiki_support import ADMIN, BLOCKED, LIMITED, OTHER, Wiki

from wmhr.errors import WikiError
from wmhr.publishing import wiki_page, wikitext
from wmhr.publishing.wiki_page import BEGIN, END
from wmhr.schedule.model import parse

ABOVE = "Intro with [[a link]], {{a template}} and a table:\n{|\n| not ours\n|}\n"
BELOW = "\n== Below ==\n<!--T:7--> Other text, ~~ and trailing spaces  \nend"
# The page says 20:00 in Jakarta; the fixed schedule's published time agrees with tzdata, so
# `check` has no error of its own and exits 0 when the wiki agrees too.
FIXED = edit(
    BUNDLED_TEXT, 'published_local = "Mon 16 May 20:00"', 'published_local = "Mon 16 May 19:00"'
)
ASIA_MOVED = edit(FIXED, "start = 2022-05-16T12:00:00Z", "start = 2022-05-16T13:00:00Z")
ASIA_MOVED = edit(ASIA_MOVED, '"Mon 16 May 12:00"', '"Mon 16 May 13:00"')
ASIA_MOVED = edit(ASIA_MOVED, '"Mon 16 May 19:00"', '"Mon 16 May 20:00"')
_titles = itertools.count(1)


@pytest.fixture
def wiki(mediawiki: Wiki, monkeypatch: pytest.MonkeyPatch) -> Wiki:
    user, password = mediawiki.login(ADMIN)
    monkeypatch.setenv("WMHR_WIKI_USER", user)
    monkeypatch.setenv("WMHR_WIKI_PASSWORD", password)
    return mediawiki


def title() -> str:
    return f"Schedule test {next(_titles)}"


def page_with(table: str) -> str:
    return f"{ABOVE}{BEGIN}\n{table}{END}{BELOW}"


def outside(text: str) -> tuple[str, str]:
    block = wiki_page.find_block(text, "t")
    return block.before, block.after


def _last_comment(wiki: Wiki, page: str) -> str:
    answer = wiki.site(ADMIN).site.get("query", prop="revisions", titles=page, rvprop="comment")
    return str(next(iter(answer["query"]["pages"].values()))["revisions"][0]["comment"])


def publish(run, wiki: Wiki, page: str, schedule: Path, *args: str):  # type: ignore[no-untyped-def]
    return run("publish", "wiki", "--edit", page, "--api", wiki.api, "--file", str(schedule), *args)


def test_two_saves_after_a_reschedule_make_one_revision_and_keep_every_other_byte(
    run, wiki: Wiki, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = title()
    wiki.put(page, page_with(wikitext.table(parse(FIXED, source="t"))))
    stored = wiki.text(page)
    moved = write_schedule(tmp_path, ASIA_MOVED)

    shown = publish(run, wiki, page, moved)  # the diff only
    assert shown.exit_code == 0, shown.stderr
    assert "-| [https://zonestamp.toolforge.org/1652702400/1652706000" in shown.stdout
    assert "+| [https://zonestamp.toolforge.org/1652706000/1652709600" in shown.stdout
    assert "--yes" in shown.stderr and wiki.revisions(page) == 1

    first, second = (
        publish(run, wiki, page, moved, "--yes"),
        publish(run, wiki, page, moved, "--yes"),
    )
    assert first.exit_code == 0 and second.exit_code == 0, first.stderr + second.stderr
    assert "already up to date; nothing to save" in second.stderr
    assert wiki.revisions(page) == 2
    after = wiki.text(page)
    assert outside(after) == outside(stored)  # every byte outside the markers
    assert (
        wiki_page.find_block(after, page).inside
        == f"\n{wikitext.table(parse(ASIA_MOVED, source='t'))}"
    )
    comment = _last_comment(wiki, page)
    assert comment == "Schedule table from sessions.toml (wmhr): asia moved to 13:00 UTC"


def test_summary_option_overrides(run, wiki: Wiki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = title()
    wiki.put(page, page_with("old\n"))
    result = publish(
        run, wiki, page, write_schedule(tmp_path, FIXED), "--yes", "--summary", "Hand-picked"
    )
    assert result.exit_code == 0, result.stderr
    assert _last_comment(wiki, page) == "Hand-picked"


def test_an_edit_between_read_and_save_is_a_conflict_not_an_overwrite(wiki: Wiki) -> None:
    page = title()
    wiki.put(page, page_with(wikitext.table(parse(FIXED, source="t"))))
    time.sleep(1.1)  # MediaWiki compares timestamps to the second
    ours = wiki.site(ADMIN)
    base = ours.read(page)
    hand_edited = base.text.replace("| 19:00 Jakarta", "| 21:00 Jakarta")
    wiki.put(page, hand_edited, who=OTHER)  # someone else, between our diff and our save
    plan = wiki_page.plan_edit(
        base.text, wikitext.table(parse(ASIA_MOVED, source="t")), title=page, translate=False
    )
    with pytest.raises(WikiError, match=r"someone edited .* after wmhr read it; nothing was saved"):
        ours.save(base, plan.text, plan.summary)
    assert wiki.text(page) == hand_edited.rstrip()
    assert wiki.revisions(page) == 2


def test_save_of_a_reviewed_diff_conflicts_with_a_later_edit_of_the_table(
    run, wiki: Wiki, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = title()
    wiki.put(page, page_with(wikitext.table(parse(FIXED, source="t"))))
    moved = write_schedule(tmp_path, ASIA_MOVED)
    shown = publish(run, wiki, page, moved)
    revision = re.search(r"--yes --revision (\d+)", shown.stderr)
    assert revision is not None and f"{page} (revision {revision.group(1)})" in shown.stdout
    time.sleep(1.1)  # MediaWiki compares timestamps to the second
    hand_edited = wiki.text(page).replace("| 19:00 Jakarta", "| 21:00 Jakarta")
    wiki.put(page, hand_edited, who=OTHER)
    result = publish(run, wiki, page, moved, "--yes", "--revision", revision.group(1))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "someone edited" in result.stderr and "run the command again" in result.stderr
    assert wiki.text(page) == hand_edited


def test_a_later_edit_outside_the_table_is_merged_not_overwritten(
    run, wiki: Wiki, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = title()
    wiki.put(page, page_with(wikitext.table(parse(FIXED, source="t"))))
    moved = write_schedule(tmp_path, ASIA_MOVED)
    revision = wiki.site().read(page).revision
    time.sleep(1.1)
    wiki.put(page, wiki.text(page).replace("Intro with", "Changed intro with"), who=OTHER)
    result = publish(run, wiki, page, moved, "--yes", "--revision", str(revision))
    assert result.exit_code == 0, result.stderr
    text = wiki.text(page)
    assert text.startswith("Changed intro with") and "1652706000" in text


def test_translate_units_keep_their_markers_after_asia_moves(
    run, wiki: Wiki, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = title()
    count = itertools.count(1)
    marked = re.sub(
        "<translate>",
        lambda _: f"<translate><!--T:{next(count)}--> ",
        wikitext.table(parse(FIXED, source="t"), translate=True),
    )
    wiki.put(page, page_with(marked))
    before = wiki_page.unit_markers(wiki_page.find_block(wiki.text(page), page).inside)
    assert len(before) > 10

    result = publish(run, wiki, page, write_schedule(tmp_path, ASIA_MOVED), "--translate", "--yes")
    assert result.exit_code == 0, result.stderr
    inside = wiki_page.find_block(wiki.text(page), page).inside
    assert wiki_page.unit_markers(inside) == before
    assert "1652706000" in inside and "1652702400" not in inside


def test_check_wiki_finds_a_hand_edit_and_passes_on_what_wmhr_wrote(
    run, wiki: Wiki, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = title()
    schedule = write_schedule(tmp_path, FIXED)
    wiki.put(page, page_with("placeholder\n"))
    assert publish(run, wiki, page, schedule, "--yes").exit_code == 0
    check = ("check", "--file", str(schedule), "--now", "2022-04-01T00:00Z", "--wiki", page)
    clean = run(*check, "--api", wiki.api, "--json")
    assert clean.exit_code == 0, clean.stdout + clean.stderr
    assert '"wiki-' not in clean.stdout

    text = wiki.text(page)
    wiki.put(page, text.replace("| 19:00 Jakarta", "| 20:00 Jakarta"), who=OTHER)
    drifted = run(*check, "--api", wiki.api, "--json")
    assert drifted.exit_code == 1
    assert '"code": "wiki-drift"' in drifted.stdout and '"session": "asia"' in drifted.stdout
    assert "20:00 Jakarta" in drifted.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--api", "http://127.0.0.1:9/api.php"), "cannot be reached"),
        (("--api", "http://127.0.0.1:9/w/index.php"), "does not end in /api.php"),
    ],
)
def test_wiki_errors_are_one_line(run, args: tuple[str, ...], says: str) -> None:  # type: ignore[no-untyped-def]
    result = run("publish", "wiki", "--edit", "Anything", *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and says in result.stderr


def test_bad_password_missing_page_and_missing_markers_are_one_line(
    run, wiki: Wiki, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    page = title()
    wiki.put(page, "a page without the markers")
    cases = {
        page: "has no <!-- wmhr:begin --> and <!-- wmhr:end -->",
        "No such page here": "does not exist",
    }
    for name, says in cases.items():
        result = run("publish", "wiki", "--edit", name, "--api", wiki.api, "--yes")
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
        assert says in result.stderr
    monkeypatch.setenv("WMHR_WIKI_PASSWORD", "0" * 32)
    result = run("publish", "wiki", "--edit", page, "--api", wiki.api, "--yes")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "refused the login of Admin@wmhr" in result.stderr
    monkeypatch.delenv("WMHR_WIKI_PASSWORD")
    result = run("publish", "wiki", "--edit", page, "--api", wiki.api, "--yes")
    assert result.exit_code == 2 and "set WMHR_WIKI_USER" in result.stderr
    assert wiki.revisions(page) == 1


def test_a_protected_page_is_one_line_and_nothing_saved(
    run, wiki: Wiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    page = title()
    wiki.put(page, page_with("old\n"))
    admin = wiki.site(ADMIN).site
    admin.post("protect", title=page, protections="edit=sysop", token=admin.get_token("csrf"))
    revisions = wiki.revisions(page)  # protecting adds one
    user, password = wiki.login(OTHER)
    monkeypatch.setenv("WMHR_WIKI_USER", user)
    monkeypatch.setenv("WMHR_WIKI_PASSWORD", password)
    result = publish(run, wiki, page, write_schedule(tmp_path, FIXED), "--yes")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "is protected" in result.stderr
    assert wiki.revisions(page) == revisions


def test_a_blocked_or_rate_limited_account_is_one_line_and_nothing_saved(
    run, wiki: Wiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    page = title()
    wiki.put(page, page_with("old\n"))
    admin = wiki.site(ADMIN).site
    wiki.put(f"{page} warm-up", "the one edit an hour it may make", who=LIMITED)
    admin.post("block", user=BLOCKED[0], expiry="1 day", token=admin.get_token("csrf"))
    schedule = write_schedule(tmp_path, FIXED)
    for account, says in ((BLOCKED, "is blocked"), (LIMITED, "too many edits")):
        user, password = wiki.login(account)
        monkeypatch.setenv("WMHR_WIKI_USER", user)
        monkeypatch.setenv("WMHR_WIKI_PASSWORD", password)
        result = publish(run, wiki, page, schedule, "--yes")
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
        assert says in result.stderr
    assert wiki.revisions(page) == 1


# -- The wiki's own parser: data cannot become markup ---------------------------------------

INJECTED = {
    "register_url": "https://x.org/]{{Delete}}[[Category:Spam]]</tvar></translate>",
    "region": "Asia !! fifth [[Category:Spam]] {{Delete}} ~~~~ __NOTOC__ <b>x</b> https://evil.example",
}


class Table(HTMLParser):
    """Tables, rows of cells (tag, text) and links in rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tables = 0
        self.rows: list[list[tuple[str, str]]] = []
        self.links: list[dict[str, str | None]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables += 1
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
            self.rows[-1].append((tag, ""))
        elif tag == "a":
            self.links.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            kind, _ = self.rows[-1][-1]
            self.rows[-1][-1] = (kind, " ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _rendered(wiki: Wiki, text: str) -> tuple[Table, dict[str, list[object]]]:
    site = wiki.site(ADMIN).site
    answer = site.post(
        "parse", text=text, contentmodel="wikitext", title="Schedule",
        prop="text|categories|templates|links|externallinks", disablelimitreport=1,
    )["parse"]  # fmt: skip
    table = Table()
    table.feed(answer["text"]["*"])
    return table, answer


@pytest.mark.parametrize("translate", [False, True])
def test_injection_cases_render_as_plain_text(wiki: Wiki, translate: bool) -> None:
    text = edit(
        BUNDLED_TEXT, 'id = "asia"', f'id = "asia"\nregister_url = "{INJECTED["register_url"]}"'
    )
    text = edit(text, 'region = "Asia"', f'region = "{INJECTED["region"]}"')
    schedule = parse(text, source="t")
    # Without the Translate extension, <translate> shows as text: the sentence, not the markup.
    table, answer = _rendered(wiki, wikitext.table(schedule, translate=translate))
    assert table.tables == 1
    header, *rows = table.rows
    assert [kind for kind, _ in header] == ["th"] * 5
    assert len(rows) == len(schedule.sessions)
    for row in rows:
        assert [kind for kind, _ in row] == ["th", "td", "td", "td", "td"]
    asia = rows[-1]
    assert "Asia !! fifth [[Category:Spam]] {{Delete}} ~~~~ __NOTOC__ <b>x</b>" in asia[0][1]
    assert "https://evil.example" in asia[0][1]
    assert answer["categories"] == [] and answer["templates"] == [] and answer["links"] == []
    external = sorted(answer["externallinks"])
    zonestamps = [url for url in external if url.startswith("https://zonestamp.toolforge.org/")]
    assert len(zonestamps) == 4
    others = [url for url in external if url not in zonestamps]
    assert others == [
        "https://x.org/%5D%7B%7BDelete%7D%7D%5B%5BCategory:Spam%5D%5D%3C/tvar%3E%3C/translate%3E"
    ]
    anchors = [a for a in table.links if "external" in (a.get("class") or "")]
    assert len(anchors) == 5  # four Zonestamp links and one register link, nothing from text
