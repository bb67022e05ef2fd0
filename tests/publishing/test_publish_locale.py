"""The published outputs in the participants' languages: the page in the series language with the
Spanish session's row and section in Spanish (`lang="es"`), `--lang` for one language throughout,
Arabic right to left, and the page's script speaking the page's language in a real browser."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest
from test_publish_browser import by_id, load, text_of, with_clock

NOW = "2022-05-01T00:00Z"


def publish(run, *args: str) -> Path:  # type: ignore[no-untyped-def]
    result = run("publish", "html", "--out", "site", "--now", NOW, *args)
    assert result.exit_code == 0, result.stderr
    return (Path("site") / "index.html").resolve()


def parse(path: Path):  # type: ignore[no-untyped-def]
    # Strict parsing: a page html5lib must repair is not valid HTML.
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(path.read_text("utf-8"))


def test_the_spanish_session_is_in_spanish_on_the_english_page(run, tmp_path) -> None:
    root = parse(publish(run))
    assert (root.get("lang"), root.get("dir")) == ("en", "ltr")
    # The table is the page's, in English throughout; it says the session's language.
    latam_row, cee_row = by_id(root, "row-latam"), by_id(root, "row-cee")
    assert latam_row.get("lang") is None and cee_row.get("lang") is None
    assert text_of(latam_row).startswith("Latin America & Caribbean (in Spanish)")
    assert "Tue, 3 May 2022, 19:00 Santiago, Chile (Chile Standard Time" in text_of(latam_row)
    section = by_id(root, "session-latam")
    assert section.get("lang") == "es"
    assert text_of(by_id(root, "heading-latam")) == "América Latina y el Caribe"
    assert "Las solicitudes de interpretación para la sesión de América Latina" in text_of(section)
    # What the script writes there is in the section's Spanish: nothing marks it otherwise.
    your_time = section.find(".//dd[@data-your-time]")
    assert your_time is not None and your_time.get("lang") is None
    assert text_of(by_id(root, "heading-cee")) == "Central & Eastern Europe"


def test_lang_writes_the_page_and_its_invites_in_one_language(run, tmp_path) -> None:
    root = parse(publish(run, "--lang", "es"))
    assert root.get("lang") == "es"
    assert (
        by_id(root, "row-cee").get("lang") is None and by_id(root, "row-latam").get("lang") is None
    )
    caption = text_of(by_id(root, "schedule-caption"))
    assert caption.startswith("Conversaciones comunitarias abiertas: cada sesión en UTC")
    assert text_of(by_id(root, "heading-cee")) == "Europa Central y Oriental"
    invite = (tmp_path / "site" / "invites" / "cee.ics").read_bytes().decode("utf-8")
    assert "SUMMARY;LANGUAGE=es:" in invite and "Europa Central y Oriental" in invite


def test_an_arabic_page_runs_right_to_left(run, tmp_path) -> None:
    root = parse(publish(run, "--lang", "ar"))
    assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    assert text_of(by_id(root, "heading-asia")) == "آسيا"
    # The Spanish session in an English page keeps the page's direction; in an Arabic one the
    # whole page is Arabic, so no session flips it.
    assert all(section.get("dir") is None for section in root.iter("section"))


def test_the_script_speaks_the_pages_language_in_a_browser(run, tmp_path) -> None:
    index = with_clock(publish(run, "--lang", "ar"), NOW)
    root, log = load(index, "Asia/Kolkata")
    assert "Content Security Policy" not in log and "Uncaught" not in log, log[-2000:]
    row = by_id(root, "row-asia")
    # Arabic weekday and month names (CLDR), the Arabic offset format, Arabic words.
    assert text_of(row).endswith("الاثنين، 16 مايو 2022، 17:30 (غرينتش+05:30)")
    countdown = text_of(by_id(root, "countdown"))
    # Two days and 23 hours before latam (3 May 23:00 UTC) at 1 May 00:00 UTC: Arabic's dual.
    # The two joined by CLDR's unit list pattern for Arabic, "{0} و{1}".
    assert countdown.startswith("التالية: جلسة أمريكا اللاتينية والكاريبي، بعد يومين و23 ساعة")


def test_a_russian_countdown_uses_russian_plurals(run, tmp_path) -> None:
    index = with_clock(publish(run, "--lang", "ru"), "2022-05-03T01:58Z")
    root, log = load(index, "Europe/Moscow")
    assert "Uncaught" not in log, log[-2000:]
    countdown = text_of(by_id(root, "countdown"))
    assert countdown.startswith(
        "Следующая встреча — «Латинская Америка и Карибский бассейн»; до начала 21 час"
    )


def test_a_language_without_a_catalog_is_one_error_line(run, tmp_path) -> None:
    result = run("publish", "html", "--out", "site", "--lang", "sw")
    assert result.exit_code == 2
    assert result.stderr.startswith('wmhr: error: --lang sw: no complete translation for "sw"')
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "site").exists()


def test_the_wikitext_table_in_spanish(run) -> None:
    result = run("publish", "wiki", "--lang", "es")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "|+ Conversaciones comunitarias abiertas"
    assert '! scope="row" | Asia' in lines
    assert "| lun, 16 may 2022" in lines
    assert "| 19:00 Yakarta, Indonesia (GMT+07:00)" in lines


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (("latam",), "Conversaciones comunitarias sobre la Política de Derechos Humanos"),
        (("latam", "--lang", "en"), "Human Rights Policy Community Conversations"),
        ((), "Human Rights Policy Community Conversations"),  # four sessions, two languages
        (("asia", "--lang", "id"), "Percakapan Komunitas tentang Kebijakan Hak Asasi Manusia"),
    ],
)
def test_an_announcement_is_in_its_sessions_language(run, args, first: str) -> None:
    result = run("publish", "text", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == first
    for line in result.stdout.splitlines():
        assert len(line) < 80 or "://" in line, line
