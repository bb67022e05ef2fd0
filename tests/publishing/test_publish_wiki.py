"""`wmhr publish wiki`: the Meta-Wiki table, plain and with Translate markup."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from golden import assert_golden
from ics_support import BUNDLED_TEXT, edit, write_schedule

from wmhr.publishing import wikitext
from wmhr.schedule.model import load, parse

ZONESTAMP = re.compile(r"\[https://zonestamp\.toolforge\.org/(\d+)/(\d+)\?name=([^ \]]+) ")
TITLE = "Human Rights Policy Community Conversations"


def wiki(run, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = run("publish", "wiki", *args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def rows_of(text: str) -> list[str]:
    """The table cut at its row separators (`|- data-wmhr-session="asia"`)."""
    return re.split(r"^\|-.*\n", text, flags=re.MULTILINE)


def table_for(text: str, translate: bool = False) -> str:
    return wikitext.table(parse(text, source="test.toml"), translate=translate)


def test_golden_plain_and_translate(run) -> None:
    plain, translated = wiki(run), wiki(run, "--translate")
    assert_golden("publish-wiki.txt", plain)
    assert_golden("publish-wiki-translate.txt", translated)
    assert wiki(run) == plain and wiki(run, "--translate") == translated  # re-runs: same bytes


def test_accessible_wikitable(run) -> None:
    lines = wiki(run).splitlines()
    assert lines[0] == '{| class="wikitable"'
    assert lines[1] == "|+ Town Hall Community Conversations"
    assert lines[2:6] == [
        '! scope="col" | Region',
        '! scope="col" | Date',
        '! scope="col" | Time (UTC)',
        '! scope="col" | Time (Local)',
    ]
    row_headers = [line for line in lines if line.startswith('! scope="row" | ')]
    assert [h.removeprefix('! scope="row" | ') for h in row_headers] == [
        "Latin America & Caribbean (Conducted in Spanish)",
        "Central & Eastern Europe",
        "Africa",
        "Asia",
    ]
    assert lines[-5] == "|}"
    assert "Register" not in lines  # no session has a register_url


def test_how_to_ask_for_interpretation_under_the_table_in_each_sessions_language(run) -> None:
    """One line per session after the table (no row for the parsers of `check --wiki` and
    `--edit`): the address as the schedule gives it, the deadline instant, the subject; the
    Spanish session's line in Spanish, marked so; all in the table's language with --lang."""
    text = wiki(run)
    asks = text.split("|}\n")[1].splitlines()
    assert asks[0] == (
        '* <span lang="es">Interpretación para la sesión de América Latina y el Caribe&#58; '
        "escribe a rgaines@wikimedia.org a más tardar el jue, 28 abr 2022, 23&#58;00 UTC, con el "
        "asunto «Solicitud de interpretación&#58; latam» y el idioma que necesitas.</span>"
    )
    assert asks[3] == (
        "* Interpretation for the Asia session&#58; e-mail rgaines@wikimedia.org by Wed, 11 May "
        "2022, 12&#58;00 UTC, with the subject “Interpretation request&#58; asia” and the "
        "language you need."
    )
    assert len(asks) == 4
    french = wiki(run, "--lang", "fr").split("|}\n")[1].splitlines()
    assert all(line.startswith("* Interprétation pour la séance ") for line in french)
    cancelled = table_for(edit(BUNDLED_TEXT, 'id = "asia"', 'id = "asia"\nstatus = "cancelled"'))
    assert "asia" not in cancelled.split("|}\n")[1]


def test_local_time_is_computed_never_copied_from_the_page(run) -> None:
    """The page says 20:00 in Jakarta; tzdata says 19:00, whatever published_local holds."""
    text = wiki(run)
    assert "| Mon, 16 May 2022\n" in text
    assert "| 19:00 Jakarta, Indonesia (GMT+07:00)\n" in text
    assert "20:00" not in text
    garbled = edit(BUNDLED_TEXT, 'published_local = "Mon 16 May 20:00"', 'published_local = "x"')
    garbled = garbled.replace('published_utc = "', 'published_utc = "zz ')
    assert table_for(garbled) == text


def test_zonestamp_links_carry_ten_digit_whole_minute_instants(run) -> None:
    schedule = load()
    found = ZONESTAMP.findall(wiki(run))
    assert len(found) == len(schedule.sessions)
    for (start, end, name), session in zip(
        found, sorted(schedule, key=lambda s: s.start), strict=True
    ):
        assert len(start) == len(end) == 10
        assert int(start) == session.start.timestamp() and int(end) == session.end.timestamp()
        assert int(start) % 60 == 0
        assert unquote(name) == f"{TITLE}: {session.region}"
        assert " " not in name and "|" not in name and "]" not in name
    assert ("1652702400", "1652706000") in [(s, e) for s, e, _ in found]  # research example


def test_seconds_are_dropped_so_zonestamp_shows_whole_minutes() -> None:
    text = table_for(
        edit(BUNDLED_TEXT, "start = 2022-05-16T12:00:00Z", "start = 2022-05-16T12:00:42Z")
    )
    assert "zonestamp.toolforge.org/1652702400/1652706000?" in text


def test_an_instant_zonestamp_cannot_show_is_plain_text() -> None:
    text = table_for(
        edit(BUNDLED_TEXT, "start = 2022-05-16T12:00:00Z", "start = 2000-05-16T12:00:00Z")
    )
    assert "| 12:00\n" in text
    assert text.count("zonestamp.toolforge.org") == 3


def test_date_is_the_anchor_citys_and_utc_names_its_own_date_when_it_differs() -> None:
    text = table_for(
        edit(BUNDLED_TEXT, "start = 2022-05-03T23:00:00Z", "start = 2022-05-04T01:00:00Z")
    )
    row = rows_of(text)[1]
    assert "| Tue, 3 May 2022\n" in row  # Santiago's date
    assert " 01:00] (Wed, 4 May)\n" in row  # UTC's own date
    assert "| 21:00 Santiago, Chile (GMT-04:00)\n" in row


def test_cancelled_session_stays_struck_through() -> None:
    text = table_for(edit(BUNDLED_TEXT, 'id = "cee"', 'id = "cee"\nstatus = "cancelled"'))
    row = rows_of(text)[2]
    assert row.startswith('! scope="row" | <s>Central & Eastern Europe</s> (cancelled)\n')
    cells = [line for line in row.splitlines() if line.startswith("| ")]
    assert len(cells) == 3 and all(c.startswith("| <s>") and c.endswith("</s>") for c in cells)
    translated = table_for(
        edit(BUNDLED_TEXT, 'id = "cee"', 'id = "cee"\nstatus = "cancelled"'), translate=True
    )
    assert (
        "<s><translate>Central & Eastern Europe</translate></s> "
        "<translate>(cancelled)</translate>" in translated
    )


def test_register_column_when_a_session_has_a_register_url() -> None:
    url = "https://wikimedia.zoom.us/meeting/register/abc"
    text = edit(BUNDLED_TEXT, 'id = "asia"', f'id = "asia"\nregister_url = "{url}"')
    plain, translated = table_for(text), table_for(text, translate=True)
    assert '! scope="col" | Register\n' in plain
    assert f"| [{url} Register]\n" in plain
    latam = rows_of(plain)[1]
    assert latam.endswith("(GMT-04:00)\n|\n")  # an empty cell keeps the columns aligned
    assert (
        f'<translate>[<tvar name="asia-register">{url}</tvar> Register]</translate>' in translated
    )


def test_register_url_must_be_https(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from wmhr.errors import ScheduleError

    text = edit(BUNDLED_TEXT, 'id = "asia"', 'id = "asia"\nregister_url = "http://x.org"')
    with pytest.raises(ScheduleError, match=r"session\[3\]\.register_url"):
        parse(text, source="test.toml")


def test_translate_markup(run) -> None:
    text = wiki(run, "--translate")
    assert text.startswith('<languages/>\n{| class="wikitable"\n')
    assert "|+ <translate>Town Hall Community Conversations</translate>\n" in text
    assert '! scope="col" | <translate>Time (Local)</translate>\n' in text
    assert (
        '! scope="row" | <translate>Latin America & Caribbean</translate> '
        "<translate>(Conducted in Spanish)</translate>\n" in text
    )
    assert "| 19:00 <translate>Jakarta, Indonesia</translate> (GMT+07:00)\n" in text
    # Units never nest and never hold table syntax, URLs or bare numbers.
    units = re.findall(r"<translate>(.*?)</translate>", text)
    assert text.count("<translate>") == text.count("</translate>") == len(units)
    for unit in units:
        assert "<translate>" not in unit and "\n" not in unit
        outside_tvars = re.sub(r"<tvar name=\"[^\"]+\">.*?</tvar>", "", unit)
        assert not re.search(r"\d|https?://|^\s*[|!]", outside_tvars), unit


def test_tvar_names_are_unique_and_insertable(run) -> None:
    text = table_for(
        edit(BUNDLED_TEXT, 'id = "asia"', 'id = "asia"\nregister_url = "https://x.org/r"'),
        translate=True,
    )
    names = re.findall(r'<tvar name="([^"]*)">', text)
    assert len(names) == 9  # day and year per session, one register link
    assert len(set(names)) == len(names)
    assert all("/" not in n and "." not in n and n for n in names)
    assert (
        '<translate>Mon, <tvar name="asia-date-1">16</tvar> '
        'May <tvar name="asia-date-2">2022</tvar></translate>' in text
    )


def test_schedule_text_cannot_become_wiki_markup() -> None:
    region = "A | B [[Link]] {{Template}} ''x'' ~~~~ __NOTOC__ <b>&amp;"
    text = table_for(edit(BUNDLED_TEXT, 'region = "Asia"', f'region = "{region}"'))
    header = next(line for line in text.splitlines() if line.startswith('! scope="row" | A &'))
    content = header.removeprefix('! scope="row" | ')
    for markup in ("|", "[[", "{{", "''", "~~~", "__", "<b>"):
        assert markup not in content, markup
    assert content == (
        "A &#124; B &#91;&#91;Link&#93;&#93; &#123;&#123;Template&#125;&#125; &#39;'x&#39;' "
        "&#126;&#126;&#126;~ &#95;_NOTOC&#95;_ &lt;b&gt;&amp;amp;"
    )


def test_output_file_and_stdout(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run("publish", "wiki", "-o", "table.wiki")
    assert result.exit_code == 0 and result.stdout == ""
    assert (tmp_path / "table.wiki").read_text("utf-8") == wiki(run) == wiki(run, "-o", "-")


def test_bad_schedule_is_one_error_line(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_schedule(
        tmp_path, edit(BUNDLED_TEXT, 'zone = "Asia/Jakarta"', 'zone = "Asia/Jakrta"')
    )
    result = run("publish", "wiki", "--file", str(path), "-o", "out.wiki")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("wmhr: error: ")
    assert not (tmp_path / "out.wiki").exists()


def test_unwritable_output_file_is_one_error_line(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run("publish", "wiki", "-o", str(tmp_path / "missing" / "table.wiki"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("wmhr: error: ")


def test_readme_shows_the_wikitext_it_produces(run) -> None:
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"```wikitext\n{wiki(run)}```\n" in readme
    excerpt = "\n".join(wiki(run, "--translate").splitlines()[:13])
    assert f"```wikitext\n{excerpt}\n...\n```\n" in readme


def test_local_times_agree_with_glibc_date(run) -> None:
    """An outsider's check: glibc's `date`, reading the same pinned tzdata files, gives each
    anchor city's weekday, date and time that the table shows."""
    import os
    import shutil
    import subprocess

    from wmhr.time.zones import TZDATA_DIR

    date = shutil.which("date")
    if date is None:
        pytest.skip("no date command")
    rows = rows_of(wiki(run))[1:]
    for row, session in zip(rows, sorted(load(), key=lambda s: s.start), strict=True):
        env = {**os.environ, "TZ": session.zone.key, "TZDIR": str(TZDATA_DIR / "zoneinfo")}
        env["LC_ALL"] = "C"
        stamp = f"@{int(session.start.timestamp())}"
        shown = subprocess.run(
            [date, "-d", stamp, "+%a, %-d %b %Y|%H:%M|%:z"],
            capture_output=True, text=True, env=env, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
        day, clock, offset = shown.split("|")
        assert f"\n| {day}\n" in f"\n{row}", (session.id, shown)
        assert f"\n| {clock} {session.anchor_city} (GMT{offset})\n" in f"\n{row}", (
            session.id,
            shown,
        )


INJECTED_URL = "https://x.org/]{{Delete}}[[Category:Spam]]</tvar></translate>''~~~~__NOTOC__|!!"


def test_a_url_cannot_end_its_link_or_start_markup() -> None:
    text = edit(BUNDLED_TEXT, 'id = "asia"', f'id = "asia"\nregister_url = "{INJECTED_URL}"')
    for translate in (False, True):
        table = table_for(text, translate=translate)
        link = re.search(
            r"\[(?:<tvar name=\"asia-register\">)?(https://x\.org/\S*?)(?:</tvar>)? ", table
        )
        assert link is not None
        url = link.group(1)
        assert unquote(url) == INJECTED_URL  # the same address, percent-encoded
        for markup in ("]", "[", "{", "}", "<", ">", "''", "~~", "__", "|", "!!"):
            assert markup not in url, markup
    assert wikitext.external_url("https://a.org/x_y~z?q=1&amp;r=2") == (
        "https://a.org/x_y%7Ez?q=1%26amp;r=2"
    )


def test_cell_text_escapes_cell_separators_and_free_links() -> None:
    region = "Asia !! Pacific || x https://evil.example mailto:a@b.org"
    table = table_for(edit(BUNDLED_TEXT, 'region = "Asia"', f'region = "{region}"'))
    header = next(line for line in table.splitlines() if "Pacific" in line)
    content = header.removeprefix('! scope="row" | ')
    for markup in ("!!", "||", "https:", "mailto:"):
        assert markup not in content, markup


def test_default_language_agrees_with_help(run) -> None:
    """--help says the series language with a "Conducted in" note: the latam row is English."""
    help_text = " ".join(run("publish", "wiki", "--help").stdout.split())
    assert "Default: the series language" in help_text
    assert "each session's own language" not in help_text
    assert "Latin America & Caribbean (Conducted in Spanish)" in wiki(run)
