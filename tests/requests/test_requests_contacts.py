"""One contact normaliser for `add`, CSV and mail; notes with an address in any encoding refused;
CSV timestamps without a zone given one with --time-zone; session ids in any case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wmhr.requests.mail_import import parse, sender
from wmhr.requests.requesters import normalise_contact

NOW = "2022-04-27T12:00Z"
FORMS = [
    "ana@example.org (Ana)",
    "(Ana) ana@example.org",
    "ana@example.org,",
    "ana@ example.org",
    "ana@example.org>",
    "ana@example.org?subject=x",
    "Ana <ANA@Example.org>",
    "mailto:ana@example.org",
]


def test_every_form_of_one_address_is_one_requester(run) -> None:  # type: ignore[no-untyped-def]
    for form in FORMS:
        result = run("requests", "add", "latam", "fr", "--from", form, "--at", "2022-04-20T10:00Z",
                     "--now", NOW, "--json")  # fmt: skip
        assert result.exit_code == 0, result.stderr
    listed = json.loads(run("requests", "list", "--json").stdout)["requests"]
    assert len(listed) == 1


def test_mail_and_typed_contacts_share_the_normaliser() -> None:
    message = parse(b"From: =?utf-8?q?Ana_P=C3=A9rez?= <ANA@Example.org>\r\n\r\nhi\r\n")
    address = sender(message)
    assert address is not None
    assert {normalise_contact(form) for form in [*FORMS, address]} == {"ana@example.org"}


@pytest.mark.parametrize(
    "note",
    [
        "mailto:ana%40example.org",
        "write to ana&#64;example.org",
        "=?utf-8?q?ana=40example.org?=",
        "ana=40example.org",
        "rgaines(_AT_)wikimedia.org",
        "bob [at] example.net",
        "ana%26%2364%3Bexample.org",
    ],
)
def test_a_note_holding_an_address_in_any_encoding_is_refused(run, note: str) -> None:  # type: ignore[no-untyped-def]
    result = run("requests", "add", "latam", "fr", "--from", "x@example.com", "--note", note,
                 "--now", NOW)  # fmt: skip
    assert result.exit_code == 2 and "stored in clear" in result.stderr


def test_a_plain_note_is_kept(run) -> None:  # type: ignore[no-untyped-def]
    result = run("requests", "add", "latam", "fr", "--from", "x@example.com", "--note",
                 "prefers audio at 50% volume", "--now", NOW)  # fmt: skip
    assert result.exit_code == 0, result.stderr


def test_session_ids_in_any_case(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "requests", "add", "LATAM", "fr", "--from", "x@example.com", "--now", NOW, "--json"
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["session"] == "latam"


GOOGLE_FORMS = (
    "Timestamp,Session,Language,Email\n"
    "4/21/2022 14:02:11,latam,pt-BR,bruno@example.org\n"
    "4/5/2022 9:30:00,latam,pt-BR,carla@example.org\n"
    "4/28/2022 19:00:00,latam,pt-BR,dani@example.org\n"
    "4/28/2022 19:00:01,latam,pt-BR,eva@example.org\n"
)
COLUMNS = ["--session-column", "Session", "--language-column", "Language",
           "--contact-column", "Email", "--time-column", "Timestamp"]  # fmt: skip


def test_csv_timestamps_without_a_zone_take_the_time_zone(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = tmp_path / "form.csv"
    sheet.write_text(GOOGLE_FORMS)
    refused = run("requests", "import", str(sheet), *COLUMNS, "--now", "2022-05-01T00:00Z")
    assert refused.exit_code == 2 and "no time zone" in refused.stderr
    result = run("requests", "import", str(sheet), *COLUMNS, "--time-zone", "America/Santiago",
                 "--now", "2022-05-01T00:00Z", "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    listed = json.loads(run("requests", "list", "--json").stdout)["requests"]
    received = sorted((row["received"], row["on_time"]) for row in listed)
    # Santiago is UTC-4 in April 2022; the deadline is 19:00 there (23:00 UTC) on 28 April
    assert received == [
        ("2022-04-05T13:30:00+00:00", True),
        ("2022-04-21T18:02:11+00:00", True),
        ("2022-04-28T23:00:00+00:00", True),
        ("2022-04-28T23:00:01+00:00", False),
    ]


def test_day_and_month_are_never_guessed(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = tmp_path / "form.csv"
    sheet.write_text("Timestamp,Session,Language,Email\n4/5/2022 9:30:00,latam,fr,a@example.org\n")
    result = run("requests", "import", str(sheet), *COLUMNS, "--time-zone", "UTC",
                 "--now", "2022-05-01T00:00Z")  # fmt: skip
    assert result.exit_code == 2 and "cannot be told apart" in result.stderr


def test_a_contact_with_a_long_run_of_colons_is_a_name_not_a_crash(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """email.utils.parseaddr recursed once per `:` and ended in a RecursionError (exit 70)."""
    contact = "ana@example.org " + "x:" * 1100
    result = run("requests", "add", "latam", "fr", "--from", contact, "--at", "2022-04-20T10:00Z",
                 "--now", NOW, "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    export = tmp_path / "colons.csv"
    export.write_text(f'session,language,contact,time\nlatam,es,"{contact}",2022-04-20T10:00Z\n')
    imported = run("requests", "import", str(export), "--now", NOW, "--json")
    assert imported.exit_code == 0, imported.stderr
