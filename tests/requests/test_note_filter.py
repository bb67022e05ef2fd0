"""A note is stored in clear: one that holds an address in any common disguise is refused, and
the refusal never repeats the note; prose that merely says "at" passes."""

from __future__ import annotations

import base64
import contextlib
import sqlite3
from pathlib import Path

import pytest

from wmhr.errors import WmhrError
from wmhr.requests import requesters

ADDRESS = "bob@example.org"
B64 = base64.b64encode(ADDRESS.encode()).decode()  # Ym9iQGV4YW1wbGUub3Jn

HIDDEN = [
    pytest.param(B64, id="base64"),
    pytest.param(f"contact: {B64}!", id="base64-in-prose"),
    pytest.param(base64.b64encode(b"alice@example.com").decode(), id="base64-padded"),
    pytest.param(base64.b64encode(b"alice@example.com").decode().rstrip("="), id="base64-unpadded"),
    pytest.param(base64.urlsafe_b64encode(b"ana~?@x.org").decode(), id="base64url"),
    pytest.param(base64.b64encode(b"bob@example.org\n").decode(), id="base64-of-echo"),
    pytest.param(base64.b64encode(b"bob@example.org\r\n").decode(), id="base64-of-a-crlf-line"),
    pytest.param(
        base64.urlsafe_b64encode(b"bob@example.org\n").decode().rstrip("="),
        id="base64url-of-echo-unpadded",
    ),
    pytest.param(base64.b64encode(b"bob at example dot org").decode(), id="base64-of-spelled"),
    pytest.param(ADDRESS.encode().hex(), id="hex"),
    pytest.param(B64.encode().hex(), id="hex-of-base64"),
    pytest.param("bob at example dot org", id="at-dot-words"),
    pytest.param("bob AT example DOT org", id="at-dot-capitals"),
    pytest.param("bob (at) example (dot) org", id="at-dot-parentheses"),
    pytest.param("bob [at] example [dot] org", id="at-dot-brackets"),
    pytest.param("bob _at_ example _dot_ org", id="at-dot-underscores"),
    pytest.param("bob<at>example<dot>org", id="at-dot-angles"),
    pytest.param("bob at example.org", id="at-word-real-dot"),
    pytest.param("bob at mail dot example dot co dot uk", id="at-dot-subdomains"),
    pytest.param("bob @ example . org", id="spaced-punctuation"),
    pytest.param("b o b @ e x a m p l e . o r g", id="spaced-letters"),
    pytest.param("gro.elpmaxe ta bob", id="reversed"),
    pytest.param("gro tod elpmaxe ta bob", id="reversed-spelled"),
]

PROSE = [
    "at the meeting",
    "prefers audio only; will join at 14:00 UTC",
    "arrives at 10.30",
    "at noon. Needs French",
    "Meeting at home. Thanks",
    "asked at the Wikimania booth",
    "works at Wikimedia Deutschland",
    "at least 4 people at the event",
    "a b c d e",
    "https://meta.wikimedia.org/wiki/Human_Rights_Policy",
    "interpretation into Kiswahili, please",
    "asked twice, 2022-04-21 and 2022-04-22",
]


@pytest.mark.parametrize("note", HIDDEN)
def test_an_address_in_disguise_is_refused(note: str) -> None:
    with pytest.raises(WmhrError, match="stored in clear"):
        requesters.check_note(note, "someone else")


@pytest.mark.parametrize("note", PROSE)
def test_prose_with_at_passes(note: str) -> None:
    assert requesters.check_note(note, "someone else") == note


def test_the_requesters_own_contact_in_base64_is_refused() -> None:
    name = base64.b64encode("Daniel Ñandú".encode()).decode()
    with pytest.raises(WmhrError, match="stored in clear"):
        requesters.check_note(f"asked by {name}", "Daniel Ñandú")


def test_a_long_note_is_checked_quickly() -> None:
    import time

    for note in ("a" * 500, "a." * 250, "a at " * 100, "a dot " * 83, "Ym9i" * 125):
        started = time.perf_counter()
        with contextlib.suppress(WmhrError):
            requesters.check_note(note[:500], "someone else")
        assert time.perf_counter() - started < 0.5, note[:12]


@pytest.mark.parametrize("note", [B64, "bob at example dot org"])
def test_requests_add_refuses_it_without_repeating_it(run, tmp_path: Path, note: str) -> None:  # type: ignore[no-untyped-def]
    database = tmp_path / "k.db"
    result = run(
        "requests", "add", "africa", "de", "--from", ADDRESS, "--at", "2022-04-30T00:00Z",
        "--note", note, "--db", str(database), "--now", "2022-05-01T00:00Z",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("wmhr: error: --note: notes are stored in clear")
    assert note not in result.stderr and "bob" not in result.stderr
    if database.exists():
        with sqlite3.connect(database) as conn:
            assert conn.execute("SELECT count(*) FROM request").fetchone()[0] == 0
