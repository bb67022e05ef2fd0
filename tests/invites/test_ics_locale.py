"""Invites in the participants' language: a session's invite (and its row in the series feed) in
its own language, `--lang` to override it, and independent parsers (ical.js, vobject) reading the
same instants and text from every language's invites."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
import vobject
from ics_support import T0, lint, prop_lines, unfold
from test_ics_icaljs import read_with_icaljs

from wmhr.invites import content as invites
from wmhr.schedule.model import load

# Words no Spanish sentence contains; proper names (Zoom, LimeSurvey) and URLs are not checked.
FUNCTION_WORDS = """the and of to in on for with by your you is are was will be this it which or
an at from that before after when who how not can"""
ENGLISH_FUNCTION_WORDS = frozenset(FUNCTION_WORDS.split())
URL_OR_EMAIL = re.compile(r"https?://\S+|\S+@\S+")


def words(text: str) -> list[str]:
    # A hyphenated word is one word: Brazilian "on-line" is Portuguese.
    return re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", URL_OR_EMAIL.sub(" ", text).lower())


def event(data: bytes) -> icalendar.Event:
    return next(iter(icalendar.Calendar.from_ical(data).walk("VEVENT")))


def write(run, tmp_path: Path, *args: str) -> Path:  # type: ignore[no-untyped-def]
    result = run("ics", "--now", T0, *args)
    assert result.exit_code == 0, result.output
    return tmp_path / "invites"


def test_the_spanish_sessions_invite_is_in_spanish(run, tmp_path) -> None:
    latam = (write(run, tmp_path) / "latam.ics").read_bytes()
    invite = event(latam)
    assert str(invite["SUMMARY"]) == (
        "Conversaciones comunitarias sobre la Política de Derechos Humanos: "
        "América Latina y el Caribe"
    )
    description = str(invite["DESCRIPTION"])
    assert description.startswith(
        "Cuándo (UTC): martes, 3 de mayo de 2022, 23:00\u2009\u2013\u2009miércoles, 4 de mayo "
        "de 2022, 0:00 (60 minutos)\n"
        "Cuándo en Santiago de Chile: martes, 3 de mayo de 2022, 19:00\u201320:00 "
        "(hora estándar de Chile, GMT-04:00)\n"
    )
    assert "Idioma: español\n" in description
    assert "- 10 minutos: Palabras de apertura y novedades" in description
    assert "Política de espacio amigable y Código Universal de Conducta" in description
    assert invite["SUMMARY"].params["LANGUAGE"] == "es"
    assert invite["DESCRIPTION"].params["LANGUAGE"] == "es"
    alarm = next(iter(invite.walk("VALARM")))
    assert str(alarm["DESCRIPTION"]) == str(invite["SUMMARY"])


def test_no_english_is_left_in_the_spanish_invite(run, tmp_path) -> None:
    latam = event((write(run, tmp_path) / "latam.ics").read_bytes())
    text = f"{latam['SUMMARY']}\n{latam['DESCRIPTION']}"
    english = sorted(set(words(text)) & ENGLISH_FUNCTION_WORDS)
    assert not english, f"English words in the Spanish invite: {english}\n{text}"
    # The check itself finds English where there is some.
    english_invite = event((write(run, tmp_path, "--lang", "en") / "latam.ics").read_bytes())
    assert set(words(str(english_invite["DESCRIPTION"]))) & ENGLISH_FUNCTION_WORDS


@pytest.mark.parametrize("lang", ["ar", "es", "fr", "id", "pt", "pt-BR", "ru"])
def test_no_english_is_left_in_any_languages_invite_or_announcement(run, tmp_path, lang) -> None:
    invite = event((write(run, tmp_path, "asia", "--lang", lang) / "asia.ics").read_bytes())
    announcement = run("publish", "text", "--lang", lang)
    assert announcement.exit_code == 0, announcement.output
    for text in (f"{invite['SUMMARY']}\n{invite['DESCRIPTION']}", announcement.stdout):
        english = sorted(set(words(text)) & ENGLISH_FUNCTION_WORDS)
        assert not english, f"English words in {lang}: {english}\n{text}"


def test_the_series_feed_holds_each_session_in_its_own_language(run, tmp_path) -> None:
    folder = write(run, tmp_path)
    series, latam = (folder / "series.ics").read_bytes(), (folder / "latam.ics").read_bytes()
    # The feed's name is in the series language; latam's event is the very same as in latam.ics
    # (one UID, one content), the others in English.
    assert prop_lines(series, "NAME") == ["Human Rights Policy Community Conversations"]
    latam_event = unfold(latam).split(b"BEGIN:VEVENT")[1].split(b"END:VEVENT")[0]
    assert latam_event in unfold(series)
    summaries = prop_lines(series, "SUMMARY")
    assert summaries[0].endswith("América Latina y el Caribe")
    assert summaries[1] == "Human Rights Policy Community Conversations: Central & Eastern Europe"


def test_lang_overrides_the_sessions_language(run, tmp_path) -> None:
    folder = write(run, tmp_path, "--lang", "en")
    latam = event((folder / "latam.ics").read_bytes())
    assert str(latam["SUMMARY"]).endswith(": Latin America & Caribbean")
    assert str(latam["DESCRIPTION"]).startswith("When (UTC): Tuesday, 3 May 2022, 23:00")
    assert "Language: Spanish\n" in str(latam["DESCRIPTION"])
    spanish = write(run, tmp_path, "--lang", "es-419")
    cee = event((spanish / "cee.ics").read_bytes())
    assert str(cee["SUMMARY"]).endswith(": Europa Central y Oriental")
    assert "Idioma: inglés\n" in str(cee["DESCRIPTION"])
    assert prop_lines((spanish / "series.ics").read_bytes(), "NAME") == [
        "Conversaciones comunitarias sobre la Política de Derechos Humanos"
    ]


def test_changing_the_language_rewrites_the_invite_without_reissuing_it(run, tmp_path) -> None:
    """A copy in another language is how the session is written, not a change of what it is
    (issue 16): the same UID, SEQUENCE and DTSTAMP, new text."""
    folder = write(run, tmp_path)
    before = (folder / "latam.ics").read_bytes()
    first = event(before)
    write(run, tmp_path, "--lang", "en")
    after = (folder / "latam.ics").read_bytes()
    second = event(after)
    assert (first["UID"], first["SEQUENCE"], first["DTSTAMP"]) == (
        second["UID"],
        0,
        second["DTSTAMP"],
    )
    assert after != before


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("sw", 'wmhr: error: --lang sw: no complete translation for "sw"; available: '),
        ("spanish", 'wmhr: error: --lang spanish: "spanish" is not a language tag;'),
    ],
)
def test_a_language_without_a_complete_catalog_is_one_error_line(
    run, tmp_path, tag: str, message: str
) -> None:
    result = run("ics", "--now", T0, "--lang", tag)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert "available: ar, en, es, fr, id, pt, pt-BR, ru" in result.stderr
    assert not (tmp_path / "invites").exists() and not (tmp_path / "wmhr.db").exists()


def test_a_session_in_a_language_wmhr_cannot_write_gets_the_series_language(
    run, tmp_path, schedule_file
) -> None:
    path = schedule_file(('language = "es"', 'language = "sw"'))
    result = run("ics", "latam", "-o", "-", "--now", T0, "--file", str(path))
    assert result.exit_code == 0, result.output
    latam = event(result.stdout_bytes)
    assert str(latam["DESCRIPTION"]).startswith("When (UTC): Tuesday, 3 May 2022")
    assert "Language: Swahili\n" in str(latam["DESCRIPTION"])
    check = run("check", "--now", T0, "--file", str(path), "--json")
    assert '"code": "no-catalog"' in check.stdout


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@pytest.mark.parametrize("lang", [None, "es", "ar", "ru"])
def test_independent_parsers_read_the_same_instants_and_text(run, tmp_path, lang) -> None:
    args = ("--organizer-deadlines", *(("--lang", lang) if lang else ()))
    folder = write(run, tmp_path, *args)
    schedule = load(None)
    files = sorted(folder.glob("*.ics"))
    expected = {}
    for session in schedule:
        for made in (
            invites.session_content(schedule, session, language=lang),
            invites.deadline_content(schedule, session, language=lang),
        ):
            expected[made.uid] = made
    by_icaljs = read_with_icaljs(files)
    for path in files:
        data = path.read_bytes()
        lint(data, path.name)
        parsed = vobject.readOne(data.decode("utf-8"), validate=True)
        for vevent in parsed.vevent_list:
            made = expected[vevent.uid.value]
            assert vevent.dtstart.value == made.start
            assert vevent.summary.value == made.summary
            assert vevent.description.value == made.description
        for read in by_icaljs[path.name]["events"]:  # type: ignore[attr-defined]
            made = expected[read["uid"]]
            assert read["start"]["iso"] == _utc(made.start)
            assert (read["summary"], read["description"]) == (made.summary, made.description)


def test_an_arabic_invite_is_plain_text_in_arabic(run, tmp_path) -> None:
    folder = write(run, tmp_path, "--lang", "ar")
    latam = event((folder / "latam.ics").read_bytes())
    assert (
        str(latam["SUMMARY"]) == "حوارات مجتمعية حول سياسة حقوق الإنسان: أمريكا اللاتينية والكاريبي"
    )
    assert latam["SUMMARY"].params["LANGUAGE"] == "ar"
    lines = str(latam["DESCRIPTION"]).split("\n")
    assert lines[0] == (
        "الموعد (UTC): الثلاثاء، 3 مايو 2022، 23:00 \u2013 الأربعاء، 4 مايو 2022، 00:00 (60 دقيقة)"
    )
    assert lines[1].startswith("الموعد في سانتياغو، تشيلي: الثلاثاء، 3 مايو 2022، 19:00\u201320:00")
    # Plain text: no bidi control characters are added; the reader's software orders the runs.
    assert not re.search("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", str(latam["DESCRIPTION"]))
