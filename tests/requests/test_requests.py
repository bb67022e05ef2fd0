"""`wmhr requests add|list|remove` and `wmhr interpretation`, and the privacy promise."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import V1_SCHEMA
from wmhr.errors import KeyFileError, WmhrError
from wmhr.requests import requesters

BEFORE = "2022-04-27T12:00Z"  # latam requests still open (deadline 2022-04-28T23:00Z)
AFTER = "2022-04-30T00:00Z"
CONTACTS = [
    "ana.perez@example.org",
    "Bruno.Silva@Example.COM",
    "carla@ejemplo.cl",
    "Daniel Ñandú",
    "eva@example.net",
]


def add(run, contact, *extra, session="latam", language="es", at="2022-04-20T10:00Z", now=BEFORE):  # type: ignore[no-untyped-def]
    return run(
        "requests", "add", session, language, "--from", contact, "--at", at, "--now", now, *extra
    )  # fmt: skip


def interpretation(run, now=BEFORE):  # type: ignore[no-untyped-def]
    result = run("interpretation", "--now", now, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    return {
        (s["session"], lang["language"]): lang for s in data["sessions"] for lang in s["languages"]
    }


def rows(run) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    result = run("requests", "list", "--json")
    assert result.exit_code == 0, result.stderr
    return list(json.loads(result.stdout)["requests"])


def test_add_reports_on_time_and_the_count(run) -> None:  # type: ignore[no-untyped-def]
    result = add(run, CONTACTS[0], "--json", language="fr")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["new"] is True and data["on_time"] is True
    assert data["deadline"] == "2022-04-28T23:00:00+00:00"
    assert data["interpretation"] == {
        "language": "fr",
        "variants": ["fr"],
        "on_time": 1,
        "late": 0,
        "threshold": 4,
        "needed": 3,
        "state": "open",
    }
    plain = add(run, CONTACTS[1], language="pt-br")
    assert plain.stdout.splitlines()[0] == "Recorded request #2"
    assert "pt for latam: 1 on-time requester(s) of 4 needed; 3 more by" in plain.stdout


def test_same_person_twice_counts_once_and_keeps_the_earliest_time(run) -> None:  # type: ignore[no-untyped-def]
    first = run(
        "requests", "add", "latam", "es", "--from", "Ana.Perez@Example.org",
        "--at", "2022-04-29T10:00Z", "--now", AFTER, "--json",
    )  # fmt: skip
    assert json.loads(first.stdout)["on_time"] is False
    again = run(
        "requests", "add", "latam", "ES", "--from", "  ana.perez@EXAMPLE.ORG ",
        "--at", "2022-04-20T10:00Z", "--now", AFTER, "--json",
    )  # fmt: skip
    data = json.loads(again.stdout)
    assert data["new"] is False
    assert data["received"] == "2022-04-20T10:00:00+00:00"  # the earlier copy makes it on time
    assert data["interpretation"]["on_time"] == 1 and data["interpretation"]["late"] == 0
    assert len(rows(run)) == 1


def test_at_the_deadline_is_on_time_one_second_later_is_late(run) -> None:  # type: ignore[no-untyped-def]
    on_time = add(run, CONTACTS[0], "--json", at="2022-04-28T19:00:00-04:00", now=AFTER)
    late = add(run, CONTACTS[1], "--json", at="2022-04-28T23:00:01Z", now=AFTER)
    assert json.loads(on_time.stdout)["on_time"] is True
    assert json.loads(late.stdout)["on_time"] is False
    assert json.loads(late.stdout)["interpretation"]["late"] == 1


def test_interpretation_confirmed_open_and_not_met(run) -> None:  # type: ignore[no-untyped-def]
    for contact in CONTACTS[:4]:
        add(run, contact, language="pt-BR")
    for contact in CONTACTS[:2]:
        add(run, contact, language="uk")
    for contact in CONTACTS[2:]:
        late = run(
            "requests", "add", "latam", "uk", "--from", contact,
            "--at", "2022-04-29T01:00Z", "--now", AFTER,
        )  # fmt: skip
        assert late.exit_code == 0, late.stderr
    before = interpretation(run, BEFORE)
    assert before["latam", "pt"]["state"] == "confirmed"
    assert before["latam", "pt"]["variants"] == ["pt-BR"]
    # The late requests arrive on 29 April: at BEFORE (27 April) they have not arrived yet.
    assert before["latam", "uk"] == {
        "language": "uk",
        "variants": ["uk"],
        "on_time": 2,
        "late": 0,
        "threshold": 4,
        "needed": 2,
        "state": "open",
    }
    after = interpretation(run, AFTER)
    assert after["latam", "pt"]["state"] == "confirmed"
    assert after["latam", "uk"]["state"] == "not met"
    assert (after["latam", "uk"]["on_time"], after["latam", "uk"]["late"]) == (2, 3)


def test_interpretation_counts_only_requests_received_by_now(run) -> None:  # type: ignore[no-untyped-def]
    add(run, CONTACTS[0], at="2022-04-20T10:00Z", now=AFTER)
    add(run, CONTACTS[1], at="2022-04-26T10:00Z", now=AFTER)
    add(run, CONTACTS[2], at="2022-04-29T10:00Z", now=AFTER)  # late
    add(run, CONTACTS[0], language="uk", at="2022-04-29T10:00Z", now=AFTER)  # late, only one

    def counts(now: str) -> dict[str, tuple[int, int]]:
        found = interpretation(run, now)
        return {lang: (found[s, lang]["on_time"], found[s, lang]["late"]) for s, lang in found}

    assert counts("2022-04-22T00:00Z") == {"es": (1, 0)}  # nobody had asked for uk yet
    assert counts("2022-04-26T10:00Z") == {"es": (2, 0)}  # received at `now`: counted
    assert counts(AFTER) == {"es": (2, 1), "uk": (0, 1)}


def test_interpretation_open_says_how_many_more_and_by_when(run) -> None:  # type: ignore[no-untyped-def]
    add(run, CONTACTS[0], session="asia", language="id")
    result = run("interpretation", "asia", "--now", BEFORE)
    assert result.exit_code == 0
    line = next(row for row in result.stdout.splitlines() if row.startswith("asia"))
    assert line.split()[:5] == ["asia", "id", "1", "0", "3"]
    assert "by 2022-05-11 12:00:00 UTC" in line and "open" in line


def test_threshold_comes_from_the_schedule(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bundled = (Path(__file__).resolve().parents[2] / "wmhr" / "data" / "sessions.toml").read_text()
    (tmp_path / "sessions.toml").write_text(
        bundled.replace("min_requesters = 4", "min_requesters = 2")
    )
    add(run, CONTACTS[0], language="fr")
    add(run, CONTACTS[1], language="fr-CA")
    assert interpretation(run)["latam", "fr"]["state"] == "confirmed"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["latam", "pt_BR", "--from", "a@b.org"], 'use hyphens, not underscores: "pt-BR"'),
        (["latam", "english", "--from", "a@b.org"], '"english" is not a language code'),
        (["lattam", "es", "--from", "a@b.org"], "known sessions: latam, cee, africa, asia"),
        (["latam", "es", "--from", "a@b.org", "--at", "2022-04-27T12:00:01Z"], "in the future"),
        (["latam", "es", "--from", "a@b.org", "--at", "2022-04-20 10:00"], "--at:"),
        (["latam", "es", "--from", "  "], "empty contact"),
        (["latam", "es", "--from", "a@b.org", "--note", "write to c@d.org"], "stored in clear"),
        (["latam", "es", "--from", "Ana Pérez", "--note", "ana pérez, Chile"], "stored in clear"),
    ],
)
def test_add_refuses_bad_input_in_one_line(run, args, message) -> None:  # type: ignore[no-untyped-def]
    result = run("requests", "add", *args, "--now", BEFORE)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("wmhr: error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert rows(run) == []


def test_list_hides_notes_and_requesters_unless_asked(run) -> None:  # type: ignore[no-untyped-def]
    add(run, CONTACTS[0], "--note", "=HYPERLINK(1) via talk page")
    plain = run("requests", "list")
    assert "HYPERLINK" not in plain.stdout
    item = rows(run)[0]
    assert set(item) == {"id", "session", "language", "received", "on_time", "source"}
    shown = run("requests", "list", "--notes", "--show-requester", "--csv")
    header, line = shown.stdout.splitlines()
    assert header == "id,session,language,received,on_time,source,requester,note"
    expected = requesters.requester_id(requesters.read_key(_key()) or b"", CONTACTS[0])
    assert line.endswith(f",{expected},'=HYPERLINK(1) via talk page")


def _key() -> Path:
    return Path(os.environ["WMHR_KEY"])


def test_list_by_session_and_remove(run) -> None:  # type: ignore[no-untyped-def]
    add(run, CONTACTS[0])
    add(run, CONTACTS[1], session="cee", language="uk", at="2022-04-21T10:00Z")
    assert [
        r["session"]
        for r in json.loads(run("requests", "list", "cee", "--json").stdout)["requests"]
    ] == ["cee"]
    removed = run("requests", "remove", "1", "--json")
    assert removed.exit_code == 0 and json.loads(removed.stdout)["removed"] is True
    assert [r["id"] for r in rows(run)] == [2]
    missing = run("requests", "remove", "1")
    assert missing.exit_code == 2
    assert "no request #1" in missing.stderr


def test_reading_never_creates_a_database(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("requests", "list").exit_code == 0
    assert run("interpretation", "--now", BEFORE).exit_code == 0
    removed = run("requests", "remove", "3")
    assert removed.exit_code == 2 and "no such database, so no request #3" in removed.stderr
    assert not (tmp_path / "wmhr.db").exists()
    assert not _key().exists()


def test_a_file_that_is_not_sqlite_is_refused(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "notes.db").write_text("my notes, not a database\n")
    for args in (
        ["requests", "add", "latam", "es", "--from", "a@b.org", "--now", BEFORE],
        ["requests", "list"],
        ["interpretation", "--now", BEFORE],
    ):
        result = run(*args, "--db", "notes.db")
        assert result.exit_code == 2
        assert "not a wmhr database (not SQLite)" in result.stderr
    assert (tmp_path / "notes.db").read_text() == "my notes, not a database\n"


def test_database_bytes_contain_no_contact(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for index, contact in enumerate(CONTACTS):
        add(run, contact, language=["es", "pt-BR", "uk"][index % 3])
    add(run, "  " + CONTACTS[0].upper(), language="ar")
    files = [p for p in tmp_path.iterdir() if p.name.startswith("wmhr.db")]
    assert tmp_path / "wmhr.db" in files
    raw = b"".join(p.read_bytes() for p in files)
    assert len(rows(run)) == 6  # the rows are there; only the contacts are not
    for contact in CONTACTS:
        for form in {contact, contact.lower(), contact.casefold(), contact.split("@")[0]}:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert form.encode(encoding) not in raw, form
    assert _key().read_text().strip().encode() not in raw


def test_a_removed_request_leaves_no_trace_of_its_note(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add(run, CONTACTS[0], "--note", "prefers-audio-zq7")
    add(run, CONTACTS[1])
    assert b"prefers-audio-zq7" in (tmp_path / "wmhr.db").read_bytes()
    assert run("requests", "remove", "1").exit_code == 0
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("wmhr.db"))
    assert b"prefers-audio-zq7" not in raw


def test_key_and_new_database_are_owner_only(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add(run, CONTACTS[0])
    assert stat.S_IMODE(_key().stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "wmhr.db").stat().st_mode) == 0o600
    assert len(bytes.fromhex(_key().read_text().strip())) == 32


def test_hash_is_keyed_and_ignores_case_and_spaces() -> None:
    one, two = b"1" * 32, b"2" * 32
    assert requesters.requester_id(one, " A@B.org ") == requesters.requester_id(one, "a@b.ORG")
    assert requesters.requester_id(one, "a@b.org") != requesters.requester_id(two, "a@b.org")


def test_key_location_default_and_overrides(tmp_path: Path) -> None:
    home = tmp_path / "home"
    where = requesters.key_location
    assert where(None, environ={}, home=home) == home / ".config" / "wmhr" / "requests.key"
    xdg = {"XDG_CONFIG_HOME": "/srv/cfg"}
    assert where(None, environ=xdg, home=home) == Path("/srv/cfg/wmhr/requests.key")
    assert where(None, environ={**xdg, "WMHR_KEY": "/k"}, home=home) == Path("/k")
    assert where(Path("/x"), environ={"WMHR_KEY": "/k"}, home=home) == Path("/x")


def test_a_key_others_can_read_is_refused(run) -> None:  # type: ignore[no-untyped-def]
    add(run, CONTACTS[0])
    _key().chmod(0o644)
    result = add(run, CONTACTS[1])
    assert result.exit_code == 2
    assert f"run: chmod 600 {_key()}" in result.stderr


def test_another_key_or_a_lost_key_is_refused(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add(run, CONTACTS[0])
    other = tmp_path / "other.key"
    requesters.create_key(other)
    wrong = add(run, CONTACTS[0], "--key", str(other))
    assert wrong.exit_code == 2
    assert "recorded with another requester key" in wrong.stderr
    _key().unlink()
    lost = add(run, CONTACTS[0])
    assert lost.exit_code == 2 and "pass --key" in lost.stderr
    assert not _key().exists()  # no new key is made behind the database's back
    assert len(rows(run)) == 1


def test_bad_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "k"
    path.write_text("not a key\n")
    path.chmod(0o600)
    with pytest.raises(KeyFileError, match="not a wmhr requester key"):
        requesters.read_key(path)


def test_note_check() -> None:
    assert requesters.check_note("  prefers audio only ", "a@b.org") == "prefers audio only"
    assert requesters.check_note("   ", "a@b.org") is None
    with pytest.raises(WmhrError, match="under 500"):
        requesters.check_note("x" * 501, "a@b.org")


def test_a_database_created_by_ics_is_owner_only_too(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = os.umask(0o022)
    try:
        assert run("ics", "--now", BEFORE).exit_code == 0
        add(run, CONTACTS[0])
    finally:
        os.umask(old)
    for path in tmp_path.iterdir():
        if path.name.startswith("wmhr.db"):  # -wal and -shm, if left, have the same mode
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_an_existing_database_others_can_read_gets_a_warning(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add(run, CONTACTS[0])
    (tmp_path / "wmhr.db").chmod(0o644)
    result = add(run, CONTACTS[1])
    assert result.exit_code == 0
    db = tmp_path / "wmhr.db"
    assert f"wmhr: warning: {db} is readable by other users; run: chmod 600 {db}" in result.stderr
    assert stat.S_IMODE(db.stat().st_mode) == 0o644  # a warning, never a silent chmod


def test_an_id_is_never_given_again_after_remove(run) -> None:  # type: ignore[no-untyped-def]
    for contact in CONTACTS[:3]:
        add(run, contact)
    assert run("requests", "remove", "3").exit_code == 0
    again = add(run, CONTACTS[3], "--json")
    assert json.loads(again.stdout)["id"] == 4  # not 3: a stale `remove 3` must find nothing
    stale = run("requests", "remove", "3")
    assert stale.exit_code == 2 and "no request #3" in stale.stderr
    assert [r["id"] for r in rows(run)] == [1, 2, 4]


def test_asking_again_uses_up_no_id(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add(run, CONTACTS[0])
    for _ in range(3):
        add(run, CONTACTS[0].upper(), at="2022-04-19T10:00Z")
    csv = tmp_path / "again.csv"
    csv.write_text(f"session,language,contact,time\nlatam,es,{CONTACTS[0]},2022-04-18T10:00Z\n")
    imported = run("requests", "import", str(csv), "--now", BEFORE, "--json")
    assert json.loads(imported.stdout)["already_recorded"] == 1
    assert json.loads(add(run, CONTACTS[1], "--json").stdout)["id"] == 2
    assert [r["received"][:10] for r in rows(run)] == ["2022-04-18", "2022-04-20"]


def version_1_database(path: Path, requests: int) -> None:
    """A database as the first wmhr wrote it (ids reused after a remove)."""
    import sqlite3
    from contextlib import closing

    key = requesters.create_key(_key())
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executescript(V1_SCHEMA)
        conn.execute("INSERT INTO request_key VALUES (1, ?)", (requesters.fingerprint(key),))
        for index in range(requests):
            conn.execute(
                "INSERT INTO request (session, language, requester, received, note, source) "
                "VALUES ('latam', 'es', ?, '2022-04-20T10:00:00.000000+00:00', ?, 'add')",
                (f"{index:064x}", f"note {index}"),
            )
    path.chmod(0o600)


def test_a_version_1_database_is_read_then_upgraded_keeping_its_ids(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    version_1_database(tmp_path / "wmhr.db", 3)
    assert [r["id"] for r in rows(run)] == [1, 2, 3]  # a reader reads it as it is
    assert interpretation(run)["latam", "es"]["on_time"] == 3
    assert run("requests", "remove", "3").exit_code == 0  # upgrades it, then removes
    added = add(run, CONTACTS[0], "--json")
    assert added.exit_code == 0, added.stderr
    assert json.loads(added.stdout)["id"] == 4
    listed = run("requests", "list", "--notes", "--json")
    notes = {r["id"]: r["note"] for r in json.loads(listed.stdout)["requests"]}
    assert notes == {1: "note 0", 2: "note 1", 4: None}


def fullwidth(text: str) -> str:
    """`ana@x.org` in fullwidth forms (U+FF01..U+FF5E), as some keyboards type it."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


SAME_PERSON = [
    "ana@x.org",
    "Ana <ana@x.org>",
    '"Ana Pérez" <Ana@X.org>',
    "<ana@x.org>",
    "mailto:ana@x.org",
    "<mailto:ANA@x.org?subject=interpretation>",
    fullwidth("ana@x.org"),
    "ana@x.org\u200b",
    "\ufeffana@x.org\u200d",
    "ana@x.org.",
    "ANA@X.ORG",
    "  ana@x.org  ",
]


@pytest.mark.parametrize("written", SAME_PERSON)
def test_one_person_however_the_contact_is_written(written: str) -> None:
    key = b"k" * 32
    assert requesters.requester_id(key, written) == requesters.requester_id(key, "ana@x.org")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("straße@x.org", "strasse@x.org"),  # lower-cased, never case-folded
        ("ana@x.org", "ana@y.org"),
        ("ana@x.org", "anna@x.org"),
    ],
)
def test_different_people_stay_different(one: str, other: str) -> None:
    key = b"k" * 32
    assert requesters.requester_id(key, one) != requesters.requester_id(key, other)


def test_an_idna_domain_is_one_domain_however_written() -> None:
    key = b"k" * 32
    same = {
        requesters.requester_id(key, written)
        for written in ("a@bücher.de", "a@BÜCHER.DE", "a@xn--bcher-kva.de", "a@bücher。de")
    }
    assert len(same) == 1
    assert requesters.normalise_contact("A@Bücher.de") == "a@xn--bcher-kva.de"


def test_the_same_person_written_five_ways_counts_once(run) -> None:  # type: ignore[no-untyped-def]
    for written in SAME_PERSON[:6]:
        result = add(run, written)
        assert result.exit_code == 0, result.stderr
    assert interpretation(run)["latam", "es"]["on_time"] == 1
    assert len(rows(run)) == 1


@pytest.mark.parametrize(
    "note",
    ["write to ana\uff20example.org", "ana@localhost", "mail a\u200bna@example.org", "ANA@X.ORG"],
)
def test_the_note_filter_sees_through_look_alikes(note: str) -> None:
    with pytest.raises(WmhrError, match="stored in clear"):
        requesters.check_note(note, "someone else")


def test_the_note_filter_finds_the_contact_however_written() -> None:
    with pytest.raises(WmhrError, match="stored in clear"):
        requesters.check_note(f"asked by {fullwidth('ana')} {fullwidth('P')}érez", "Ana Pérez")


def test_a_language_counts_once_however_tagged(run) -> None:  # type: ignore[no-untyped-def]
    for contact, tag in zip(CONTACTS[:3], ["he", "iw", "HE"], strict=True):
        assert add(run, contact, language=tag, session="cee").exit_code == 0
    for contact, tag in zip(CONTACTS[:2], ["id", "in"], strict=True):
        assert add(run, contact, language=tag, session="cee").exit_code == 0
    counts = interpretation(run)
    assert counts["cee", "he"]["on_time"] == 3 and counts["cee", "id"]["on_time"] == 2
    assert {lang for session, lang in counts if session == "cee"} == {"he", "id"}


def test_an_unregistered_language_is_refused(run) -> None:  # type: ignore[no-untyped-def]
    result = add(run, CONTACTS[0], language="xx")
    assert result.exit_code == 2
    assert '"xx" is not a language subtag in the IANA Language Subtag Registry' in result.stderr
    assert rows(run) == []


def test_a_request_for_the_sessions_own_language_gets_a_warning(run, key_path: Path) -> None:  # type: ignore[no-untyped-def]
    requesters.create_key(key_path)  # made beforehand: its first use would add a note
    result = add(run, CONTACTS[0], language="spa")
    assert result.exit_code == 0
    assert result.stderr == (
        "wmhr: warning: latam is held in es, so es needs no interpretation; recorded anyway "
        "(`wmhr requests remove 1` if it was a mistake)\n"
    )
    assert add(run, CONTACTS[0], language="pt-BR").stderr == ""


def test_an_earlier_at_says_what_changed(run) -> None:  # type: ignore[no-untyped-def]
    add(run, CONTACTS[0], at="2022-04-29T10:00Z", now=AFTER)
    earlier = add(run, CONTACTS[0], at="2022-04-20T10:00Z", now=AFTER)
    assert earlier.stdout.splitlines()[0] == (
        "Request #1 now received 2022-04-20 10:00:00 UTC (was 2022-04-29 10:00:00 UTC), on time"
    )
    data = json.loads(add(run, CONTACTS[0], "--json", at="2022-04-19T10:00Z", now=AFTER).stdout)
    assert (data["new"], data["changed"], data["on_time"]) == (False, True, True)
    assert data["previous_received"] == "2022-04-20T10:00:00+00:00"
    later = add(run, CONTACTS[0], at="2022-04-25T10:00Z", now=AFTER)
    assert later.stdout.splitlines()[0].startswith("Already recorded as request #1")


def cancelled_latam(schedule_file):  # type: ignore[no-untyped-def]
    return schedule_file(('id = "latam"\n', 'id = "latam"\nstatus = "cancelled"\n'))


def test_a_cancelled_session_accepts_no_requests(run, schedule_file) -> None:  # type: ignore[no-untyped-def]
    path = cancelled_latam(schedule_file)
    result = add(run, CONTACTS[0], "--file", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        "wmhr: error: latam is cancelled: it accepts no interpretation requests\n"
    )
    assert rows(run) == []


def test_commands_say_a_session_is_cancelled(run, schedule_file) -> None:  # type: ignore[no-untyped-def]
    add(run, CONTACTS[0], language="pt-BR")
    path = str(cancelled_latam(schedule_file))
    shown = run("interpretation", "latam", "--now", BEFORE, "--file", path, "--json")
    session = json.loads(shown.stdout)["sessions"][0]
    assert session["cancelled"] is True and session["accepting"] is False
    assert session["languages"][0]["state"] == "cancelled"
    empty = run("interpretation", "--now", BEFORE, "--file", path, "--db", "none.db")
    assert next(line for line in empty.stdout.splitlines() if line.startswith("latam")).split()[
        5
    ] == ("cancelled")
    deadline = run("deadline", "latam", "--now", BEFORE, "--file", path, "--json")
    assert deadline.exit_code == 1
    data = json.loads(deadline.stdout)
    assert (data["open"], data["state"], data["reason"]) == (False, "cancelled", "cancelled")
    closed = run("deadline", "cee", "--now", "2022-06-01T00:00Z", "--file", path, "--json")
    assert json.loads(closed.stdout)["reason"] == "passed"
    deadlines = run("deadlines", "--now", BEFORE, "--file", path)
    assert "latam is cancelled: its deadlines no longer apply." in deadlines.stdout
    converted = run("convert", "latam", "--file", path, "--json")
    assert "cancelled" in json.loads(converted.stdout)["input"]


def test_a_database_created_through_a_dangling_symlink_is_owner_only(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "data").mkdir()
    link = tmp_path / "link.db"
    link.symlink_to(tmp_path / "data" / "real.db")
    old = os.umask(0o022)
    try:
        result = add(run, CONTACTS[0], "--db", str(link))
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert "readable by other users" not in result.stderr
    assert link.is_symlink()
    for path in (tmp_path / "data").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert (
        len(json.loads(run("requests", "list", "--db", str(link), "--json").stdout)["requests"])
        == 1
    )


def test_a_removed_note_is_gone_from_the_wal_while_another_connection_is_open(
    run, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3
    from contextlib import closing

    add(run, CONTACTS[1])
    with closing(sqlite3.connect(tmp_path / "wmhr.db")) as other:
        other.execute("SELECT count(*) FROM request").fetchone()  # open, holding the WAL
        add(run, CONTACTS[0], "--note", "prefers-audio-zq7")
        wal = tmp_path / "wmhr.db-wal"
        assert b"prefers-audio-zq7" in wal.read_bytes()
        assert run("requests", "remove", "2").exit_code == 0
        raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("wmhr.db"))
        assert b"prefers-audio-zq7" not in raw
        assert other.execute("SELECT count(*) FROM request").fetchone()[0] == 1


def test_remove_says_when_a_reader_keeps_an_old_copy(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sqlite3
    from contextlib import closing

    from wmhr import store

    add(run, CONTACTS[0], "--note", "prefers-audio-zq7")
    monkeypatch.setattr(store, "BUSY_TIMEOUT_SECONDS", 0.1)
    with closing(sqlite3.connect(tmp_path / "wmhr.db", isolation_level=None)) as other:
        other.execute("BEGIN")
        other.execute("SELECT count(*) FROM request").fetchone()  # a snapshot from before
        removed = run("requests", "remove", "1")
        other.execute("COMMIT")
    assert removed.exit_code == 0
    assert "another program is reading" in removed.stderr
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("wmhr.db"))
    assert b"prefers-audio-zq7" not in raw  # the last one to close emptied the log


def damage(path: Path, column: str, request_id: int, data: bytes) -> None:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            f"UPDATE request SET {column} = CAST(? AS TEXT) WHERE id = ?", (data, request_id)
        )


@pytest.mark.parametrize("column", ["note", "requester", "received"])
def test_a_damaged_value_is_never_printed_only_its_row_and_column(
    run, tmp_path: Path, column: str
) -> None:  # type: ignore[no-untyped-def]
    add(run, CONTACTS[0], "--note", "prefers audio")
    add(run, CONTACTS[1])
    damage(tmp_path / "wmhr.db", column, 1, b"ana.perez@example.org\xff")
    for args in (["requests", "list", "--notes"], ["requests", "list", "--json"]):
        result = run(*args)
        assert result.exit_code == 2
        assert "ana.perez" not in result.output
        assert f"request #1: the {column} column is damaged" in result.stderr
    removed = run("requests", "remove", "1")
    assert removed.exit_code == 0, removed.stderr
    assert "ana.perez" not in removed.output and "It was damaged" in removed.stdout
    assert [r["id"] for r in rows(run)] == [2]


def test_received_that_is_not_a_time_names_the_row(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add(run, CONTACTS[0])
    damage(tmp_path / "wmhr.db", "received", 1, b"garbage")
    result = run("requests", "list")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"wmhr: error: {tmp_path / 'wmhr.db'}: request #1: the ")
    assert "received column is damaged (not a time)" in result.stderr
    assert "garbage" not in result.stderr


def test_the_contact_can_come_from_standard_input(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = run(
        "requests", "add", "latam", "pt-BR", "--from", "-", "--now", BEFORE, "--json",
        input="Ana <ana.perez@example.org>\n",
    )  # fmt: skip
    assert first.exit_code == 0, first.stderr
    again = add(run, "ana.perez@example.org", "--json", language="pt-BR")
    assert json.loads(again.stdout)["new"] is False
    empty = run("requests", "add", "latam", "pt-BR", "--from", "-", "--now", BEFORE, input="")
    assert empty.exit_code == 2 and "empty contact" in empty.stderr


@given(
    key=st.binary(min_size=1, max_size=200),  # past SHA-256's 64-byte block: the key is hashed
    contact=st.text(min_size=1).filter(lambda text: requesters.normalise_contact(text) != ""),
)
def test_the_import_hasher_is_hmac_sha256_of_the_normalised_contact(
    key: bytes, contact: str
) -> None:
    expected = hmac.new(
        key, requesters.normalise_contact(contact).encode("utf-8"), hashlib.sha256
    ).hexdigest()
    assert (
        requesters.requester_hasher(key)(contact)
        == expected
        == requesters.requester_id(key, contact)
    )
