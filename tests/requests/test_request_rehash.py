"""Databases hashed under the old contact rule: counted honestly, re-keyed by `requests rehash`."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from tests.conftest import V1_SCHEMA
from wmhr.requests import requesters

NOW = "2022-04-27T12:00Z"
# As an organizer recorded them with the first wmhr: Ana twice (two spellings), Bruno once.
OLD_REQUESTS = [
    ("Ana Pérez <ana@example.org>", "2022-04-21T10:00:00.000000+00:00", "prefers audio"),
    ("ana@example.org", "2022-04-20T10:00:00.000000+00:00", None),
    ("mailto:Bruno@Example.org", "2022-04-22T10:00:00.000000+00:00", None),
    ("Straße@example.org", "2022-04-23T10:00:00.000000+00:00", None),
]


def old_database(path: Path) -> bytes:
    """A version 1 database whose requesters were hashed the old way (NFC, trimmed, case-folded)."""
    key = requesters.create_key(Path(os.environ["WMHR_KEY"]))
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executescript(V1_SCHEMA)
        conn.execute("INSERT INTO request_key VALUES (1, ?)", (requesters.fingerprint(key),))
        for contact, received, note in OLD_REQUESTS:
            conn.execute(
                "INSERT INTO request (session, language, requester, received, note, source) "
                "VALUES ('latam', 'pt-BR', ?, ?, ?, 'add')",
                (requesters.legacy_requester_id(key, contact), received, note),
            )
    path.chmod(0o600)
    return key


def pt_br(run) -> dict[str, object]:  # type: ignore[no-untyped-def]
    result = run("interpretation", "latam", "--now", NOW, "--json")
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(result.stdout)["sessions"][0]["languages"][0])


def contacts_csv(tmp_path: Path, contacts: list[str]) -> Path:
    path = tmp_path / "contacts.csv"
    path.write_text("Email;Other\n" + "".join(f'"{c}";x\n' for c in contacts), "utf-8")
    return path


def test_interpretation_warns_while_requests_use_the_old_rule(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old_database(tmp_path / "wmhr.db")
    result = run("interpretation", "--now", NOW)
    assert result.exit_code == 0
    assert "4 request(s) in" in result.stderr and "wmhr requests rehash" in result.stderr
    assert pt_br(run)["on_time"] == 4  # Ana counted twice, as the old rule did


def test_rehash_counts_each_person_once(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old_database(tmp_path / "wmhr.db")
    given = [contact for contact, _, _ in OLD_REQUESTS]
    result = run(
        "requests", "rehash", str(contacts_csv(tmp_path, given)),
        "--contact-column", "Email", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "file": str(tmp_path / "contacts.csv"),
        "rekeyed": 3,
        "merged": 1,
        "ambiguous": 0,
        "remaining": 0,
    }
    state = pt_br(run)
    assert state["on_time"] == 3  # Ana once, Bruno, the Straße address
    assert run("interpretation", "--now", NOW).stderr == ""
    listed = json.loads(run("requests", "list", "--notes", "--json").stdout)["requests"]
    ana = next(r for r in listed if r["note"] == "prefers audio")
    assert ana["received"] == "2022-04-20T10:00:00+00:00"  # the earlier of the two, note kept
    # Now the current rule: any spelling of Ana is the same requester.
    again = run(
        "requests", "add", "latam", "pt-BR", "--from", "<ANA@example.org.>", "--now", NOW, "--json"
    )
    assert json.loads(again.stdout)["new"] is False


def test_the_same_old_spelling_again_is_matched_without_rehash(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old_database(tmp_path / "wmhr.db")
    again = run(
        "requests", "add", "latam", "pt-BR", "--from", "Ana Pérez <ana@example.org>",
        "--now", NOW, "--json",
    )  # fmt: skip
    assert again.exit_code == 0, again.stderr
    data = json.loads(again.stdout)
    assert data["new"] is False  # the old row was re-keyed, and merged with her other spelling
    assert pt_br(run)["on_time"] == 3


def test_rehash_with_some_contacts_says_what_is_left(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old_database(tmp_path / "wmhr.db")
    result = run(
        "requests", "rehash", str(contacts_csv(tmp_path, ["mailto:Bruno@Example.org"])),
        "--contact-column", "Email",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "3 request(s) still use the old rule" in result.stdout
    assert "3 request(s) in" in run("interpretation", "--now", NOW).stderr


def test_rehash_needs_a_database_with_requests(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = contacts_csv(tmp_path, ["a@example.org"])
    result = run("requests", "rehash", str(path), "--contact-column", "Email")
    assert result.exit_code == 2
    assert "no such database, so nothing to rehash" in result.stderr
    assert not (tmp_path / "wmhr.db").exists()


def test_a_new_database_has_nothing_to_rehash(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add = ["requests", "add", "latam", "es", "--from", "a@example.org", "--now", NOW]
    assert run(*add).exit_code == 0
    result = run("requests", "rehash", str(contacts_csv(tmp_path, ["a@example.org"])),
                 "--contact-column", "Email", "--json")  # fmt: skip
    assert json.loads(result.stdout)["remaining"] == 0
    assert json.loads(result.stdout)["rekeyed"] == 0


def test_an_old_hash_two_given_contacts_share_is_left_alone() -> None:
    key = b"k" * 32
    mapping, ambiguous = requesters.rekeying(
        key, ["Straße@example.org", "strasse@example.org", "Ana <ana@example.org>", "  "]
    )
    assert ambiguous == 1  # the old rule case-folded both to strasse@example.org
    assert mapping == {
        requesters.legacy_requester_id(key, "Ana <ana@example.org>"): requesters.requester_id(
            key, "ana@example.org"
        )
    }
