"""The core of mail import, called directly: what a message names, when it was received, and
what becomes a request or goes to triage."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from functools import cache

import pytest

from wmhr.requests.mail_import import parse, plan_import
from wmhr.requests.mail_reading import Vocabulary, strip_quoted, understand, vocabulary
from wmhr.requests.mail_receipt import receipt
from wmhr.requests.mail_sources import MailItem, from_line_time, parse_source
from wmhr.schedule.model import Schedule, load

NOW = datetime(2022, 6, 1, tzinfo=UTC)


@cache
def words() -> Vocabulary:
    return vocabulary(load(None), ("es", "fr", "pt", "id", "ar", "ru"))


@pytest.mark.parametrize(
    ("text", "sessions", "languages"),
    [
        ("French for the Asia session", ("asia",), ("fr",)),
        ("Interprétation en français, session Asie", ("asia",), ("fr",)),
        ("interpretación al francés para la sesión del 16 de mayo", ("asia",), ("fr",)),
        ("Kiswahili, kikao cha Afrika", ("africa",), ("sw",)),
        ("português (pt-BR), sessão da África", ("africa",), ("pt-BR",)),  # the variant only
        ("Cantonese for asia", ("asia",), ("yue",)),  # a language of its own, not zh
        ("[uk] for CEE", ("cee",), ("uk",)),
        ("Ukrainian, Europa Central y Oriental", ("cee",), ("uk",)),
        ("Arabic for Latin America & Caribbean", ("latam",), ("ar",)),
        ("العربية لجلسة آسيا", ("asia",), ("ar",)),
        ("Прошу перевод на русский, Азия", ("asia",), ("ru",)),
        # bare two-letter words are words, not tags: "in", "it", "no", "am" name nothing
        ("I am in it, no doubt: asia", ("asia",), ()),
        ("a to-do for the asia session", ("asia",), ()),
        ("French for Asia and Africa", ("africa", "asia"), ("fr",)),
    ],
)
def test_understands_the_forms_people_write(
    text: str, sessions: tuple[str, ...], languages: tuple[str, ...]
) -> None:
    assert understand(text, words())[:2] == (sessions, languages)


@pytest.mark.parametrize(
    ("text", "languages", "mentioned"),
    [
        # asked for: next to a word for interpretation, in any of wmhr's languages
        (
            "Interpretation for cee\nI'm a Polish Wikipedian from Kraków. Russian interpretation "
            "for the cee session please.",
            ("ru",),
            (),
        ),
        (
            "Conversación del 16 de mayo\nQuiero interpretación en francés. Flamenco armadillo.",
            ("fr",),
            (),
        ),
        (
            "Asia session\nMy English is not good. I need French interpretation for the Asia "
            "session.",
            ("fr",),
            ("en",),
        ),
        ("Asie\nJe voudrais l'interprétation vers l'arabe, merci.", ("ar",), ()),
        ("Asia\ninterpretación en flamenco", ("nl-BE",), ()),  # an ordinary word, asked for
        # asked for in the other forms people write
        ("Asia\nCould we have it in French?", ("fr",), ()),
        ("Asia\nArabic please.", ("ar",), ()),
        ("Asia\nLanguage: French and Spanish", ("fr", "es"), ()),
        ("Hi\nJapanese for the Asia session.", ("ja",), ()),
        ("Asia: French please\nSee you there.", ("fr",), ()),  # in the subject
        # the published subject and one language: that language
        ("Interpretation request: asia\nPolish", ("pl",), ()),
        # named in passing, or unclear: nothing is asked for
        ("Asia\nI'm Polish and will attend.", (), ("pl",)),
        ("Asia\nI speak French and Spanish. Interpretation for Asia, please.", (), ("fr", "es")),
        ("Asia\nFlamenco armadillo, interpretation please.", (), ()),  # a word, not a request
        ("Asia\nI live in Indonesia. Interpretation please.", (), ()),  # a country
        ("Re: Polish Wikipedians at the cee session\nInterpretation please.", (), ()),
    ],
)
def test_a_language_counts_where_it_is_asked_for(
    text: str, languages: tuple[str, ...], mentioned: tuple[str, ...]
) -> None:
    found = understand(text, words())
    assert (found.languages, found.mentioned) == (languages, mentioned)


def test_quotes_and_signatures_are_left_out() -> None:
    text = "Japanese for Asia please.\n\nOn Tue, 3 May 2022, Org <o@x.org> wrote:\n> Africa\n"
    assert "Africa" not in strip_quoted(text)
    assert strip_quoted("Asia, French\n-- \nAna, Africa user group") == "Asia, French"
    outlook = "le japonais, Asie\n\nFrom: Jules\nSent: Monday\nSubject: Africa"
    assert "Africa" not in strip_quoted(outlook)


def message(headers: dict[str, str], body: str = "French for the Asia session") -> bytes:
    mail = EmailMessage()
    for name, value in headers.items():
        mail[name] = value
    mail.set_content(body)
    return bytes(mail)


def item(raw: bytes, delivered: datetime | None = None, by: str = "none") -> MailItem:
    return MailItem(raw, "test message 1", delivered, by)  # type: ignore[arg-type]


def test_receipt_prefers_the_server_over_the_sender() -> None:
    forged = message(
        {
            "Received": "from a by mx.example; Thu, 12 May 2022 08:00:00 +0000",
            "Date": "Wed, 04 May 2022 08:00:00 +0700",
        }
    )
    assert receipt(parse(forged), item(forged)) == (
        datetime(2022, 5, 12, 8, tzinfo=UTC),
        "received",
    )
    internal = datetime(2022, 5, 13, tzinfo=UTC)
    assert receipt(parse(forged), item(forged, internal, "internaldate")).instant == internal
    bare = message({"Date": "Wed, 04 May 2022 08:00:00 +0700"})
    assert receipt(parse(bare), item(bare)) == (datetime(2022, 5, 4, 1, tzinfo=UTC), "date-header")
    assert from_line_time("From MAILER-DAEMON Thu May 12 08:00:00 2022") == datetime(
        2022, 5, 12, 8, tzinfo=UTC
    )


def plan(raw: bytes, schedule: Schedule | None = None):  # type: ignore[no-untyped-def]
    return plan_import(
        [item(raw)],
        schedule or load(None),
        words(),
        key=b"k" * 32,
        now=NOW,
        own_addresses=["rgaines@wikimedia.org"],
        reply_language=lambda tags: "en",
    )


def test_a_message_dated_only_by_its_sender_is_recorded_but_flagged() -> None:
    found = plan(message({"From": "a@example.org", "Date": "Wed, 04 May 2022 08:00:00 +0000"}))
    assert [r.basis for r in found.requests] == ["date-header"]
    assert found.untrusted == found.requests


def test_a_cancelled_session_is_triaged(schedule_file) -> None:  # type: ignore[no-untyped-def]
    variant = load(schedule_file(('id = "asia"', 'id = "asia"\nstatus = "cancelled"')))
    raw = message({"From": "a@example.org", "Received": "x; Wed, 04 May 2022 08:00:00 +0000"})
    found = plan(raw, variant)
    assert [t.reason for t in found.triage] == ["asia is cancelled"]


def test_vacation_precedence_and_no_sender_are_triaged() -> None:
    received = "x; Wed, 04 May 2022 08:00:00 +0000"
    vacation = message({"From": "a@example.org", "Received": received, "Precedence": "bulk"})
    nobody = message({"Received": received})
    assert plan(vacation).triage[0].reason.startswith("an automatic")
    assert plan(nobody).triage[0].reason == "no sender address"


def test_imap_sources_keep_the_password_out() -> None:
    source = parse_source("imaps://org%40example.org@mail.example.org/Requests%20Inbox")
    assert source.shown() == "imaps://mail.example.org:993/Requests Inbox"
    assert "org" not in source.shown().split("//")[1].split(".")[0]


def test_the_published_subject_line_is_understood_in_every_session_language() -> None:
    from wmhr.invites.text import request_subject
    from wmhr.locale.language import language
    from wmhr.publishing.words import ANNOUNCEMENT, fill

    for session in load(None):
        lang = language(session.language)
        subject = request_subject(session.id, lang)
        body = fill(lang, ANNOUNCEMENT["language"], language="Kiswahili")
        assert understand(f"{subject}\n{body}", words())[:2] == ((session.id,), ("sw",))


def _between(text: str, template: str) -> str:
    """What stands for `{subject}` in `text`, a line written from `template`."""
    before, after = template.split("{subject}")
    assert before in text and after in text, (text, template)
    return text[text.index(before) + len(before) : text.rindex(after)]


@pytest.mark.parametrize("tag", ["en", "es", "fr", "pt", "pt-BR", "id", "ar", "ru"])
def test_the_subject_an_invite_gives_brings_a_request_to_its_session(tag: str) -> None:
    """Each language's invite says which subject to write; written as it says, the importer
    (with the vocabulary `import-mail` uses) finds that session and no other."""
    from wmhr.invites.text import session_description
    from wmhr.locale.catalogs import catalog_tags
    from wmhr.locale.language import language

    schedule = load(None)
    lang = language(tag)
    template = lang.template("Subject: {subject}, and the language you need")
    every_language = vocabulary(schedule, catalog_tags())
    for session in schedule:
        lines = session_description(schedule, session, lang).splitlines()
        shown = [line for line in lines if _between_or_none(line, template)]
        assert len(shown) == 1, lines
        subject = _between(shown[0], template)
        assert session.id in subject
        assert understand(f"{subject}\nKiswahili", every_language)[:2] == ((session.id,), ("sw",))


def _between_or_none(text: str, template: str) -> str | None:
    before, after = template.split("{subject}")
    return text if text.startswith(before) and text.endswith(after) else None


@pytest.mark.parametrize("tag", ["en", "es", "fr", "pt", "pt-BR", "id", "ar", "ru"])
def test_the_subject_under_the_wiki_table_brings_a_request_to_its_session(tag: str) -> None:
    """The Meta-Wiki lines, as a reader sees them (character references resolved), quote the
    subject; pasted into a message, the importer finds that line's session."""
    import html
    import re

    from wmhr.locale.catalogs import catalog_tags
    from wmhr.locale.language import language
    from wmhr.publishing.wikitext import table

    schedule = load(None)
    every_language = vocabulary(schedule, catalog_tags())
    lines = table(schedule, language(tag), one_language=True).split("|}\n")[1].splitlines()
    assert len(lines) == len(list(schedule))
    for session, line in zip(sorted(schedule, key=lambda s: s.start), lines, strict=True):
        quoted = re.findall(r"[«“]\s?([^»”]+?)\s?[»”]", html.unescape(line))
        subject = [q for q in quoted if session.id in q]
        assert len(subject) == 1, line
        found = understand(f"{subject[0]}\nKiswahili", every_language)
        assert found[:2] == ((session.id,), ("sw",))


DECLINES = "declines or withdraws a language; check by hand"
SEVERAL = "asks for languages in several places; check by hand"


@pytest.mark.parametrize(
    ("text", "languages", "doubt"),
    [
        # a negation or withdrawal next to a language asked for, or a word for interpretation
        (
            "Africa session\nI don't need French interpretation, but Portuguese would help for "
            "the Africa session.",
            (),
            DECLINES,
        ),
        (
            "Asia session\nNo need for Spanish interpretation for the Asia session, thanks.",
            (),
            DECLINES,
        ),
        ("Session Asie\nPas besoin d'interprétation en français pour moi, merci.", (), DECLINES),
        (
            "Asia session\nPlease cancel my French interpretation request for the Asia session.",
            (),
            DECLINES,
        ),
        ("Asia\nFrench interpretation is not needed.", (), DECLINES),
        ("Asia\nNo necesito interpretación al francés.", (), DECLINES),
        ("Перевод на русский не нужен, Азия", (), DECLINES),
        ("Asia\nI don't think we need French interpretation.", (), DECLINES),
        ("Asie\nJe n'ai plus besoin de l'interprétation en français.", (), DECLINES),
        ("Interpretation request: asia\nNo French.", (), DECLINES),  # the one named, declined
        ("Asia\nI don't need interpretation. Arabic for the Asia session.", (), DECLINES),
        # languages asked for in different places
        (
            "Asia session\nThank you for the German interpretation last year. This year I'd "
            "like Korean interpretation.",
            (),
            SEVERAL,
        ),
        ("Asia: French\nSpanish interpretation, please.", (), SEVERAL),
        ("Asia\nFrench interpretation last year, Korean interpretation this year.", (), SEVERAL),
        # a translation of a document is a mention
        (
            "cee\nPlease, Russian interpretation for cee would be great. I already read the "
            "Ukrainian translation of the policy.",
            ("ru",),
            "",
        ),
        # coordinated in one place: all of them count
        (
            "Sesión LatAm\nQuisiera interpretación al inglés y al portugués, por favor.",
            ("en", "pt"),
            "",
        ),
        ("Afrique\nInterprétation en français et en arabe.", ("fr", "ar"), ""),
        (
            "Africa\nI'd like interpretation into French or Arabic for the Africa session.",
            ("fr", "ar"),
            "",
        ),
        # still asked for: a negation elsewhere is about something else
        ("Asia session\nCould we have interpretation into Arabic?", ("ar",), ""),
        ("Sesión LatAm\nNecesito interpretación al portugués para la sesión de LatAm", ("pt",), ""),
        (
            "Session Afrique\nJe souhaite l'interprétation en français pour la session Afrique",
            ("fr",),
            "",
        ),
        ("Asia session\nI need Hindi interpretation", ("hi",), ""),
        ("Interpretation request - Africa (Hausa)\nThanks!", ("ha",), ""),
        ("Asia session\nPlease provide Urdu interpretation for the Asia session.", ("ur",), ""),
        ("Africa session\nNot French, but Arabic interpretation please.", ("ar",), ""),
        ("Afrique\nJe ne parle pas anglais. Interprétation en arabe svp.", ("ar",), ""),
        ("Asia\nI don't speak English, so French interpretation please.", ("fr",), ""),
        (
            "cee session\nIs there German interpretation available for the cee session? If not, "
            "English is fine.",
            ("de",),
            "",
        ),
        ("Asia\nFrench interpretation for Asia. French, please.", ("fr",), ""),  # said twice
        ("Asia - Chinese\n中文 (zh-Hans) interpretation, please.", ("zh-Hans",), ""),
    ],
)
def test_declined_withdrawn_and_scattered_languages_go_to_triage(
    text: str, languages: tuple[str, ...], doubt: str
) -> None:
    found = understand(text, words())
    assert found.languages == languages
    assert getattr(found, "doubt", "") == doubt


def test_a_declined_language_is_triaged_with_its_reason() -> None:
    raw = message(
        {"From": "a@example.org", "Received": "x; Wed, 04 May 2022 08:00:00 +0000"},
        "No need for Spanish interpretation for the Asia session, thanks.",
    )
    found = plan(raw)
    assert not found.requests
    assert [t.reason for t in found.triage] == [DECLINES]
