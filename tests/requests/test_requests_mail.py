"""`wmhr requests import-mail` and `draft-outcome` on a 40-message inbox with a hand count
(tests/mail_fixture.py): as an mbox, a Maildir and a real Dovecot IMAP mailbox."""

from __future__ import annotations

import email
import imaplib
import json
import mailbox
import re
import sqlite3
from collections import Counter
from datetime import timedelta
from email import policy
from pathlib import Path

import pytest

from tests.conftest import V1_SCHEMA
from tests.dovecot_support import PASSWORD, Dovecot
from tests.mail_fixture import (
    EXPECTED,
    MAILS,
    NOW,
    RECORDED_MESSAGES,
    SECRETS,
    TRIAGED,
    raw,
    write_maildir,
    write_mbox,
)

NOW_TEXT = NOW.isoformat()


def import_mail(run, source: str, *extra: str):  # type: ignore[no-untyped-def]
    return run("requests", "import-mail", source, "--now", NOW_TEXT, *extra)


def counted(run) -> dict[tuple[str, str], tuple[int, int]]:  # type: ignore[no-untyped-def]
    """(session, language) -> (on-time, late) requesters, from `requests list`."""
    result = run("requests", "list", "--json")
    assert result.exit_code == 0, result.stderr
    on_time: Counter[tuple[str, str]] = Counter()
    late: Counter[tuple[str, str]] = Counter()
    for row in json.loads(result.stdout)["requests"]:
        key = (row["session"], row["language"])
        (on_time if row["on_time"] else late)[key] += 1
    return {key: (on_time[key], late[key]) for key in on_time.keys() | late.keys()}


def by_reference(output: str) -> dict[int, dict[str, object]]:
    """Message number in the fixture -> its row in the JSON output."""
    rows = json.loads(output)["messages"]
    return {int(re.findall(r"\d+", str(row["reference"]))[-1]): row for row in rows}


def assert_private(tmp_path: Path, *outputs: str) -> None:
    """No address, name, subject or body text in the database, its -wal, or any output."""
    stored = b"".join(path.read_bytes() for path in tmp_path.glob("wmhr.db*") if path.is_file())
    assert stored, "nothing was stored"
    for secret in SECRETS:
        assert secret.encode() not in stored, secret
        for output in outputs:
            assert secret not in output, secret


def test_mbox_import_matches_the_hand_count_and_twice_adds_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = str(write_mbox(tmp_path / "inbox.mbox"))
    first = import_mail(run, source, "--json")
    assert first.exit_code == 0, first.stderr
    data = json.loads(first.stdout)
    assert (data["read"], data["request_messages"], data["triage"]) == (40, 30, 9)
    assert data["new_messages"] == RECORDED_MESSAGES
    assert counted(run) == EXPECTED
    rows = by_reference(first.stdout)
    assert {n: rows[n]["reason"] for n in TRIAGED} == TRIAGED
    # a copy of message 1: one message, recorded once, and the copy listed as what it is
    assert (rows[8]["result"], rows[8]["duplicate_of"]) == ("duplicate", "inbox.mbox message 1")
    assert data["duplicates"] == 1 and len(rows) == 40
    again = import_mail(run, source, "--json")
    assert again.exit_code == 0, again.stderr
    repeat = json.loads(again.stdout)
    assert (repeat["new_messages"], repeat["added"], repeat["already_recorded"]) == (0, 0, 0)
    assert counted(run) == EXPECTED
    table = import_mail(run, source)
    listing = run("requests", "list", "--notes", "--show-requester")
    assert_private(tmp_path, first.stdout, first.stderr, again.stdout, table.stdout, listing.stdout)


def test_csv_lists_languages_as_plain_tags(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Space-separated tags, as `wmhr coverage --csv` lists zones; an empty cell for triage."""
    import csv

    result = import_mail(run, str(write_mbox(tmp_path / "in.mbox")), "--dry-run", "--csv")
    assert result.exit_code == 0, result.stderr
    rows = {
        int(row["reference"].split()[-1]): row for row in csv.DictReader(result.stdout.splitlines())
    }
    assert rows[23]["languages"] == "uk ru" and rows[1]["languages"] == "fr"
    assert rows[28]["languages"] == "" and "[" not in result.stdout


def _copies() -> list:  # type: ignore[type-arg]
    """Sam's message <m2> delivered twice, the second copy received a day earlier; Sam's other
    message <m1>; Tom's message without a Message-ID, byte for byte twice."""
    from tests.mail_fixture import DEADLINES, Mail

    def sam(number: int, days: int, message_id: str) -> Mail:
        return Mail(number, "gmail", "Sam Ray <sam@example.org>", "Asia", "French for Asia please.",
                    DEADLINES["asia"] - timedelta(days=days), message_id=message_id)  # fmt: skip

    tom = Mail(4, "gmail", "Tom Ode <tom@example.org>", "Asia", "French for Asia please.",
               DEADLINES["asia"] - timedelta(days=7), message_id=None)  # fmt: skip
    return [sam(1, 2, "<m2@example.org>"), sam(2, 6, "<m1@example.org>"),
            sam(3, 7, "<m2@example.org>"), tom, tom]  # fmt: skip


def test_copies_are_listed_as_duplicates_and_the_earliest_copy_counts(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = import_mail(run, str(write_mbox(tmp_path / "dup.mbox", _copies())), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["read"], data["request_messages"], data["triage"], data["duplicates"]) == (
        5,
        3,
        0,
        2,
    )
    rows = by_reference(result.stdout)
    assert sorted(rows) == [1, 2, 3, 4, 5]  # every message read is accounted for
    assert (rows[1]["result"], rows[1]["duplicate_of"]) == ("duplicate", "dup.mbox message 3")
    assert (rows[5]["result"], rows[5]["duplicate_of"]) == ("duplicate", "dup.mbox message 4")
    assert rows[3]["result"] == "recorded" and rows[3]["received"] == "2022-05-04T12:00:00+00:00"
    listed = json.loads(run("requests", "list", "--json").stdout)["requests"]
    assert sorted(r["received"] for r in listed) == ["2022-05-04T12:00:00+00:00"] * 2
    table = import_mail(run, str(tmp_path / "dup.mbox")).stdout
    assert "dup.mbox message 1" in table and "duplicate of dup.mbox message 3" in table
    assert "0 for triage, 2 duplicate(s)." in table


def test_an_earlier_copy_read_by_a_later_import_moves_the_receipt_earlier(
    run, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    late, _, early, *_ = _copies()
    assert import_mail(run, str(write_mbox(tmp_path / "a.mbox", [late]))).exit_code == 0
    listed = json.loads(run("requests", "list", "--json").stdout)["requests"]
    assert [r["received"] for r in listed] == ["2022-05-09T12:00:00+00:00"]
    again = import_mail(run, str(write_mbox(tmp_path / "b.mbox", [early])), "--json")
    data = json.loads(again.stdout)
    assert (data["new_messages"], data["added"], data["moved_earlier"]) == (0, 0, 1)
    assert "moved" in data["messages"][0]["result"]
    listed = json.loads(run("requests", "list", "--json").stdout)["requests"]
    assert [r["received"] for r in listed] == ["2022-05-04T12:00:00+00:00"]
    with sqlite3.connect(tmp_path / "wmhr.db") as conn:
        stored = conn.execute("SELECT received FROM request_message").fetchall()
    assert [row[0][:19] for row in stored] == ["2022-05-04T12:00:00"]
    later = import_mail(run, str(tmp_path / "a.mbox"), "--json")  # the later copy changes nothing
    assert json.loads(later.stdout)["moved_earlier"] == 0
    listed = json.loads(run("requests", "list", "--json").stdout)["requests"]
    assert [r["received"] for r in listed] == ["2022-05-04T12:00:00+00:00"]


def test_languages_named_in_passing_are_not_requests(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.mail_fixture import DEADLINES, Mail

    before = DEADLINES["cee"] - timedelta(days=3)
    mails = [
        Mail(1, "gmail", "Piotr Nowak <piotr@example.org>", "Interpretation for cee",
             "Hi! I'm a Polish Wikipedian from Kraków. Russian interpretation for the cee "
             "session please.", before),
        Mail(2, "html", "Rosa Díaz <rosa@example.org>", "Conversación del 16 de mayo",
             "Quiero interpretación en <b>francés</b>. Flamenco armadillo.", before),
        Mail(3, "gmail", "Dana Ek <dana@example.org>", "cee",
             "I speak French and Spanish. Interpretation for cee, please.", before),
        Mail(4, "gmail", "Ivo Ban <ivo@example.org>", "cee",
             "I'm Polish and I will attend the cee session.", before),
    ]  # fmt: skip
    result = import_mail(run, str(write_mbox(tmp_path / "in.mbox", mails)), "--json")
    assert result.exit_code == 0, result.stderr
    rows = by_reference(result.stdout)
    assert (rows[1]["session"], rows[1]["languages"]) == ("cee", ["ru"])
    assert (rows[2]["session"], rows[2]["languages"]) == ("asia", ["fr"])
    assert rows[3]["reason"] == "several languages named; which to interpret into is unclear"
    assert rows[4]["reason"] == "names a language but does not ask for interpretation into it"
    assert counted(run) == {("cee", "ru"): (1, 0), ("asia", "fr"): (1, 0)}


def test_the_server_clock_decides_late_and_on_time(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = by_reference(import_mail(run, str(write_mbox(tmp_path / "in.mbox")), "--json").stdout)
    # 4: received one second before the deadline; 6: one second after
    assert (rows[4]["received"], rows[4]["on_time"]) == ("2022-05-11T11:59:59+00:00", True)
    assert (rows[6]["received"], rows[6]["on_time"]) == ("2022-05-11T12:00:01+00:00", False)
    # 5: its Date: says a week before the deadline; the server received it 20 hours after
    assert (rows[5]["received"], rows[5]["on_time"]) == ("2022-05-12T08:00:00+00:00", False)
    assert rows[5]["received_from"] == "received"


def test_interpretation_pools_variants_and_confirms_french(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_mail(run, str(write_mbox(tmp_path / "inbox.mbox")))
    result = run("interpretation", "asia", "--now", NOW_TEXT, "--json")
    session = json.loads(result.stdout)["sessions"][0]
    languages = {lang["language"]: lang for lang in session["languages"]}
    assert languages["fr"]["variants"] == ["fr", "fr-SN"]
    assert (languages["fr"]["on_time"], languages["fr"]["state"]) == (4, "confirmed")
    assert languages["zh"]["variants"] == ["zh", "zh-Hans"]


def test_dry_run_records_nothing_and_creates_no_key(run, tmp_path: Path, key_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = import_mail(run, str(write_mbox(tmp_path / "inbox.mbox")), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "would record" in result.stdout and "triage: a delivery report (bounce)" in result.stdout
    assert not (tmp_path / "wmhr.db").exists() and not key_path.exists()


def test_since_reads_only_later_messages(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = str(write_mbox(tmp_path / "inbox.mbox"))
    data = json.loads(import_mail(run, source, "--since", "2022-05-10T00:00Z", "--json").stdout)
    received = [m["received"] for m in data["messages"] if m["received"]]
    assert received and all(when >= "2022-05-10" for when in received)
    assert data["before_since"] > 20


def test_maildir_import_and_drafts_in_its_drafts_folder(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_maildir(tmp_path / "Maildir")
    result = import_mail(run, str(folder), "--draft-replies", "--json")
    assert result.exit_code == 0, result.stderr
    assert counted(run) == EXPECTED
    drafts = mailbox.Maildir(folder).get_folder("Drafts")
    assert len(drafts) == RECORDED_MESSAGES
    assert all("D" in drafts.get_message(key).get_flags() for key in drafts.iterkeys())
    again = json.loads(import_mail(run, str(folder), "--draft-replies", "--json").stdout)
    assert again["drafts"] == 0 and len(mailbox.Maildir(folder).get_folder("Drafts")) == 30
    assert_private(tmp_path, result.stdout, result.stderr)


def test_a_reply_to_a_reply_without_references_threads_on_its_parent(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """RFC 5322 3.6.4: with no References:, the parent's single In-Reply-To: id comes first."""
    from tests.mail_fixture import DEADLINES, Mail

    before = DEADLINES["asia"] - timedelta(days=2)
    asks = [
        Mail(1, "gmail", "Ana Silva <ana@example.org>", "Re: Asia", "French for Asia please.",
             before, message_id="<child-1@example.org>",
             extra="In-Reply-To: <org-1@wikimedia.org>"),
        Mail(2, "gmail", "Bo Chen <bo@example.org>", "Re: Asia", "French for Asia please.",
             before, message_id="<child-2@example.org>",
             extra="In-Reply-To: <a@example.org> <b@example.org>"),  # two parents: not a chain
    ]  # fmt: skip
    folder = write_maildir(tmp_path / "Maildir", asks)
    assert import_mail(run, str(folder), "--draft-replies").exit_code == 0
    drafts = mailbox.Maildir(folder, factory=None).get_folder("Drafts")
    threads = {}
    for key in drafts.iterkeys():
        letter = email.message_from_bytes(drafts.get_bytes(key), policy=policy.default)
        threads[letter["In-Reply-To"]] = letter["References"]
    assert threads == {
        "<child-1@example.org>": "<org-1@wikimedia.org> <child-1@example.org>",
        "<child-2@example.org>": "<child-2@example.org>",
    }


def test_the_draft_summary_names_the_folder_not_a_draft(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_maildir(tmp_path / "Maildir", MAILS[:2])
    into_maildir = import_mail(run, str(folder), "--draft-replies")
    assert into_maildir.exit_code == 0, into_maildir.stderr
    assert "Drafted 2 reply(ies) in Maildir/.Drafts.\n" in into_maildir.stdout
    source = str(write_mbox(tmp_path / "inbox.mbox", MAILS[2:4]))
    drafts = str(tmp_path / "drafts.mbox")
    into_mbox = import_mail(run, source, "--draft-replies", "--drafts", drafts)
    assert "Drafted 2 reply(ies) in drafts.mbox.\n" in into_mbox.stdout, into_mbox.stdout


def test_portuguese_letters_brazilian_for_pt_br_european_for_pt(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The letter's language is the catalog wmhr reads for the requested tag: pt-BR -> pt_BR
    (Brazilian), pt -> pt (European Portuguese, as Wikimedia tags it)."""
    folder = write_maildir(tmp_path / "Maildir")
    assert import_mail(run, str(folder), "--draft-replies").exit_code == 0
    drafts = mailbox.Maildir(folder, factory=None).get_folder("Drafts")
    letters = {}
    for key in drafts.iterkeys():
        letter = email.message_from_bytes(drafts.get_bytes(key), policy=policy.default)
        letters[letter["To"].addresses[0].username] = letter
    paulo, marta = letters["paulo"], letters["marta"]  # pt-BR (message 20), pt (message 24)
    assert (paulo["Content-Language"], marta["Content-Language"]) == ("pt-BR", "pt")
    brazilian, european = paulo.get_content(), marta.get_content()
    assert "Registramos o seu pedido" in brazilian and "Atenciosamente," in brazilian
    assert "Registámos o seu pedido" in european and "Com os melhores cumprimentos," in european
    assert "Registámos" not in brazilian and "Atenciosamente" not in european


@pytest.mark.parametrize(
    ("requested", "series", "letter"),
    [
        (("pt-BR",), "en", "pt-BR"),
        (("pt-br",), "en", "pt-BR"),
        (("pt-AO",), "en", "pt"),
        (("pt",), "en", "pt"),
        (("fr-SN",), "en", "fr"),
        (("zh", "es-419"), "en", "es"),  # the first language wmhr has a catalog for
        (("zh",), "es", "es"),  # none: the series language
        (("zh",), "sw", "en"),  # nor for the series language: English
    ],
)
def test_the_letter_reads_the_catalog_wmhr_uses_for_the_tag(
    requested: tuple[str, ...], series: str, letter: str
) -> None:
    from wmhr.requests.mail_drafts import letter_language

    assert letter_language(requested, series) == letter


def test_an_mbox_needs_drafts_file_for_replies(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = str(write_mbox(tmp_path / "inbox.mbox"))
    refused = import_mail(run, source, "--draft-replies")
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    assert "--drafts FILE" in refused.stderr and not (tmp_path / "wmhr.db").exists()
    done = import_mail(run, source, "--draft-replies", "--drafts", str(tmp_path / "drafts.mbox"))
    assert done.exit_code == 0, done.stderr
    assert len(mailbox.mbox(tmp_path / "drafts.mbox")) == RECORDED_MESSAGES


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("missing.mbox", "no such file or folder"),
        ("imap://org@127.0.0.1:1/INBOX", "no IMAP password"),
        ("imap://org:pw@127.0.0.1/INBOX", "must not carry a password"),
        ("imap://org@127.0.0.1:0/INBOX", "bad port"),  # not the default port
        ("imap://org@127.0.0.1:99999/INBOX", "bad port"),
        ("imap://org@127.0.0.1:abc/INBOX", "bad port"),
    ],
)
def test_bad_sources_are_one_line(run, source: str, message: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("WMHR_IMAP_PASSWORD", raising=False)
    result = import_mail(run, source)
    assert result.exit_code == 2
    assert result.stderr.startswith("wmhr: error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 20,  # binary
        b"timestamp,session,language,contact\n2022-05-01T00:00Z,asia,fr,a@example.org\n",
        b"#!/usr/bin/env python3\nprint('From here on')\n",
        b"\nFrom MAILER-DAEMON Thu May 12 08:00:00 2022\n",  # not at the start
    ],
    ids=["binary", "csv", "script", "blank-first"],
)
def test_a_file_that_is_not_an_mbox_is_refused(
    run, tmp_path: Path, key_path: Path, content: bytes
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "not.mbox").write_bytes(content)
    result = import_mail(run, str(tmp_path / "not.mbox"))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("wmhr: error: ") and result.stderr.count("\n") == 1
    assert "not an mbox (it does not start with a `From ` line)" in result.stderr
    assert not (tmp_path / "wmhr.db").exists() and not key_path.exists()


def test_an_empty_file_is_an_empty_mbox(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "empty.mbox").write_bytes(b"")
    result = import_mail(run, str(tmp_path / "empty.mbox"), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["read"] == 0


def test_drafts_are_never_appended_to_a_file_that_is_not_an_mbox(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = tmp_path / "requests.csv"
    sheet.write_bytes(b"session,language\nasia,fr\n")
    source = str(write_mbox(tmp_path / "inbox.mbox", MAILS[:2]))
    result = import_mail(run, source, "--draft-replies", "--drafts", str(sheet))
    assert result.exit_code == 2 and "not an mbox" in result.stderr
    assert sheet.read_bytes() == b"session,language\nasia,fr\n"
    assert not (tmp_path / "wmhr.db").exists()


def test_an_older_database_migrates_and_keeps_its_requests(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add = run("requests", "add", "asia", "fr", "--from", "x@example.com", "--at",
              "2022-05-01T00:00Z", "--now", NOW_TEXT)  # fmt: skip
    assert add.exit_code == 0, add.stderr
    with sqlite3.connect(tmp_path / "wmhr.db") as conn:  # back to version 3, as before mail
        conn.executescript(
            "DROP TABLE request_message; DROP TABLE request_draft; "
            "UPDATE schema_version SET version = 3 WHERE component = 'requests'"
        )
    assert import_mail(run, str(write_mbox(tmp_path / "inbox.mbox"))).exit_code == 0
    expected = dict(EXPECTED)
    expected["asia", "fr"] = (EXPECTED["asia", "fr"][0] + 1, EXPECTED["asia", "fr"][1])
    assert counted(run) == expected
    assert V1_SCHEMA  # the oldest schema's own upgrade is tested in test_store.py


# -- a real IMAP server ------------------------------------------------------------------------


@pytest.fixture
def inbox(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh account whose INBOX holds the 40 messages, each at its receipt time."""
    user = dovecot.new_account()
    for mail in MAILS:
        dovecot.append(user, raw(mail), mail.received)
    monkeypatch.setenv("WMHR_IMAP_PASSWORD", PASSWORD)
    return user


def drafts_of(dovecot: Dovecot, user: str) -> list[tuple[bytes, email.message.EmailMessage]]:
    """(flags, message) of each draft in the account's Drafts folder."""
    found = []
    with dovecot.client(user) as connection:
        connection.select("Drafts", readonly=True)
        _, data = connection.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[])")
        for part in data:
            if isinstance(part, tuple):
                message = email.message_from_bytes(part[1], policy=policy.default)
                found.append((part[0], message))  # type: ignore[arg-type]
    return found


def test_imap_import_counts_by_internaldate_and_drafts_threaded_replies(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, dovecot: Dovecot, inbox: str
) -> None:
    url = dovecot.url(inbox)
    first = import_mail(run, url, "--draft-replies", "--json")
    assert first.exit_code == 0, first.stderr + dovecot.log()
    data = json.loads(first.stdout)
    assert (data["new_messages"], data["drafts"]) == (RECORDED_MESSAGES, RECORDED_MESSAGES)
    assert counted(run) == EXPECTED
    rows = by_reference(first.stdout)
    assert rows[5]["received_from"] == "internaldate" and rows[5]["on_time"] is False
    assert rows[4]["on_time"] is True and rows[6]["on_time"] is False
    assert str(rows[10]["reference"]).startswith("INBOX UID ")
    again = json.loads(import_mail(run, url, "--draft-replies", "--json").stdout)
    assert (again["new_messages"], again["added"], again["drafts"]) == (0, 0, 0)

    drafts = drafts_of(dovecot, inbox)
    assert len(drafts) == RECORDED_MESSAGES
    assert all(b"\\Draft" in flags for flags, _ in drafts)
    # message 10: Elena asked for Spanish, so her reply is in Spanish, on her thread
    original = email.message_from_bytes(raw(MAILS[9]), policy=policy.default)
    reply = next(m for _, m in drafts if m["In-Reply-To"] == original["Message-ID"])
    assert reply["Content-Language"] == "es" and reply["To"].addresses[0].username == "elena"
    assert original["Message-ID"] in reply["References"]
    body = reply.get_content()
    assert "Hemos registrado tu solicitud de interpretación en español" in body
    assert "4 personas" in body
    # message 15 continues a thread: the reply references the whole chain
    chained = next(m for _, m in drafts if m["Subject"] == "Re: Interpretation for Asia")
    assert "<CAF-chain-1@mail.gmail.com>" in chained["References"]
    assert_private(tmp_path, first.stdout, first.stderr)


def test_draft_outcome_replies_once_per_requester(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, dovecot: Dovecot, inbox: str
) -> None:
    url = dovecot.url(inbox)
    assert import_mail(run, url).exit_code == 0
    early = run("requests", "draft-outcome", "asia", url, "--now", "2022-05-10T00:00Z")
    assert early.exit_code == 2 and "not known yet" in early.stderr
    result = run("requests", "draft-outcome", "asia", url, "--now", NOW_TEXT, "--json")
    assert result.exit_code == 0, result.stderr + dovecot.log()
    data = json.loads(result.stdout)
    # asia's requesters by e-mail: 18 people (ana and eve wrote twice)
    assert (data["requesters"], data["drafted"], data["missing"]) == (18, 18, 0)
    drafts = drafts_of(dovecot, inbox)
    bruno = next(m for _, m in drafts if m["To"].addresses[0].username == "bruno")
    assert bruno["Content-Language"] == "fr"
    assert "L\u2019interprétation en français est confirmée" in bruno.get_content()
    ivan = next(m for _, m in drafts if m["To"].addresses[0].username == "ivan")
    assert "не будет" in ivan.get_content()  # Russian: not met
    again = json.loads(
        run("requests", "draft-outcome", "asia", url, "--now", NOW_TEXT, "--json").stdout
    )
    assert (again["drafted"], again["drafted_before"]) == (0, 18)
    assert_private(tmp_path, result.stdout, result.stderr)


def test_imap_draft_summary_names_the_drafts_folder(run, dovecot: Dovecot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    user = dovecot.new_account()
    dovecot.append(user, raw(MAILS[0]), MAILS[0].received)
    monkeypatch.setenv("WMHR_IMAP_PASSWORD", PASSWORD)
    result = import_mail(run, dovecot.url(user), "--draft-replies")
    assert result.exit_code == 0, result.stderr
    assert f"Drafted 1 reply(ies) in imap://127.0.0.1:{dovecot.port}/Drafts.\n" in result.stdout
    assert user not in result.stdout


def test_imap_wrong_password_is_one_line(run, dovecot: Dovecot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    user = dovecot.new_account()
    monkeypatch.setenv("WMHR_IMAP_PASSWORD", "wrong")
    result = import_mail(run, dovecot.url(user))
    assert result.exit_code == 2 and "refused the user name or password" in result.stderr
    assert result.stderr.count("\n") == 1
    assert imaplib  # the client the tests check the server with


# -- imaps:// : TLS, the server's certificate verified as a real client does -----------------------


def test_imaps_import_with_the_server_certificate_trusted(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, dovecot: Dovecot, inbox: str, monkeypatch
) -> None:
    """Trusted the way a user trusts a private authority: $SSL_CERT_FILE, which Python's default
    SSL context reads; the certificate names 127.0.0.1, so the host name check passes."""
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.trusted))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    before = len(dovecot.log())
    result = import_mail(run, dovecot.tls_url(inbox), "--json")
    assert result.exit_code == 0, result.stderr + dovecot.log()
    assert json.loads(result.stdout)["new_messages"] == RECORDED_MESSAGES
    assert counted(run) == EXPECTED
    logins = [line for line in dovecot.log()[before:].splitlines() if "Login: user=<" in line]
    assert logins and all(f"user=<{inbox}>" in line and ", TLS," in line for line in logins)
    assert_private(tmp_path, result.stdout, result.stderr)


@pytest.mark.parametrize("trusting", ["another certificate", "the system store"])
def test_imaps_with_an_untrusted_certificate_sends_no_password(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, dovecot: Dovecot, inbox: str, monkeypatch, trusting: str
) -> None:
    """A certificate the client does not trust: one error line, exit 2, nothing recorded, and
    the server never saw a login (the password was not sent)."""
    from tests.dovecot_support import self_signed_certificate

    if trusting == "another certificate":
        other, _ = self_signed_certificate(tmp_path / "other", "other")
        monkeypatch.setenv("SSL_CERT_FILE", str(other))
    else:
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    before = len(dovecot.log())
    result = import_mail(run, dovecot.tls_url(inbox))
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stderr.startswith("wmhr: error: ") and result.stderr.count("\n") == 1
    assert "certificate is not trusted" in result.stderr and "SSL_CERT_FILE" in result.stderr
    assert PASSWORD not in result.stderr
    assert not (tmp_path / "wmhr.db").exists() or counted(run) == {}
    assert "Login: user=<" not in dovecot.log()[before:]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_imaps_with_a_trusted_certificate_for_another_host_sends_no_password(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, dovecot_named_elsewhere: Dovecot, monkeypatch, host: str
) -> None:
    """A certificate the client trusts ($SSL_CERT_FILE is the server's own certificate) that
    names mail.example.org, not the host of the address: refused by the host name check alone,
    in one error line naming the mismatch and the fix; no login, nothing recorded."""
    server = dovecot_named_elsewhere
    user = server.new_account()
    server.append(user, raw(MAILS[0]), MAILS[0].received)
    monkeypatch.setenv("WMHR_IMAP_PASSWORD", PASSWORD)
    monkeypatch.setenv("SSL_CERT_FILE", str(server.trusted))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    before = len(server.log())
    result = import_mail(run, f"imaps://{user}@{host}:{server.tls_port}/INBOX")
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stderr.startswith("wmhr: error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stdout + result.stderr
    line = result.stderr
    assert f"certificate does not name {host}" in line and "not trusted" not in line
    assert "SSL_CERT_FILE" not in line  # trusting more would not help: the name is the problem
    assert "the host name the certificate names" in line
    assert PASSWORD not in line and user not in line
    assert not (tmp_path / "wmhr.db").exists()
    assert "Login: user=<" not in server.log()[before:]
