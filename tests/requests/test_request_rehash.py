"""Databases hashed under the old contact rule: counted honestly, re-keyed by `requests rehash`."""

from __future__ import annotations

import hmac
import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import V1_SCHEMA
from wmhr.requests import records, requesters

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


# -- the previous rule: pasted forms hashed as typed, before wmhr read them as the address -------

# What wmhr hashed for each pasted form before it read them as the address (up to the change
# that made `ana@example.org (Ana)` count as `ana@example.org`): written out, so these tests
# do not ask the code under test what the old rule was.
PREVIOUS_TEXT = {
    "ana@example.org (Ana)": "ana@example.org (ana)",
    "(Ana) ana@example.org": "(ana) ana@example.org",
    "ana@example.org,": "ana@example.org,",
    "ana@ example.org": "ana@ example.org",
    "ana@example.org>": "ana@example.org>",
    "ana@example.org?subject=x": "ana@example.org?subject=x",
}
ANA_PASTED = "ana@example.org (Ana)"
ANA = "ana@example.org"
BRUNO = "Bruno <bruno@example.org>"  # the same text under both rules
ANA_FIRST = "2022-04-20T10:00:00.000000+00:00"  # when Ana asked, pasting her address and name


def hashed(key: bytes, text: str) -> str:
    return hmac.digest(key, text.encode("utf-8"), "sha256").hex()


def previous_rule_database(path: Path, *, legacy: str | None = None) -> bytes:
    """The requests as a wmhr before 8b139cc left them: Ana asked for French at latam on 20 April
    as `ana@example.org (Ana)`, hashed as typed and labelled 2 like every row it wrote; Bruno on
    21 April. `legacy`: also a row of the oldest rule (labelled 1) from that contact."""
    key = requesters.create_key(Path(os.environ["WMHR_KEY"]))
    with closing(records.open_db(path)):
        pass  # the tables as this wmhr makes them
    rows = [
        (hashed(key, PREVIOUS_TEXT[ANA_PASTED]), ANA_FIRST, "prefers audio", 2),
        (requesters.requester_id(key, BRUNO), "2022-04-21T10:00:00.000000+00:00", None, 2),
    ]
    if legacy is not None:
        rows.append((requesters.legacy_requester_id(key, legacy), ANA_FIRST, None, 1))
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("INSERT INTO request_key VALUES (1, ?)", (requesters.fingerprint(key),))
        conn.executemany(
            "INSERT INTO request (session, language, requester, received, note, source, "
            "hash_rule) VALUES ('latam', 'fr', ?, ?, ?, 'add', ?)",
            rows,
        )
    return key


def stored(path: Path) -> list[tuple[object, ...]]:
    """Every request as the file holds it."""
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(
            "SELECT id, session, language, requester, received, note, hash_rule FROM request "
            "ORDER BY id"
        ).fetchall()


def french(run) -> int:  # type: ignore[no-untyped-def]
    """On-time requesters of French at latam, as `wmhr interpretation` counts them."""
    result = run("interpretation", "latam", "--now", NOW, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # no warning: these rows are not under the oldest rule
    languages = json.loads(result.stdout)["sessions"][0]["languages"]
    return int(next(row for row in languages if row["language"] == "fr")["on_time"])


def add_french(run, contact: str, at: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    result = run(
        "requests", "add", "latam", "fr", "--from", contact, "--at", at, "--now", NOW, "--json"
    )
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(result.stdout))


def assert_ana_once_bruno_untouched(path: Path, key: bytes, bruno: tuple[object, ...]) -> None:
    rows = stored(path)
    ana = [row for row in rows if row[3] == hashed(key, ANA)]
    assert len(ana) == 1
    assert ana[0][4:] == (ANA_FIRST, "prefers audio", 2)  # the earliest time, the note kept
    assert hashed(key, PREVIOUS_TEXT[ANA_PASTED]) not in [row[3] for row in rows]
    assert bruno in rows  # the same id, hash and time
    assert len(rows) == 2


@pytest.mark.parametrize("form", list(PREVIOUS_TEXT))
def test_the_previous_rule_hashed_pasted_forms_as_typed(form: str) -> None:
    assert requesters.previous_normalise_contact(form) == PREVIOUS_TEXT[form]
    assert requesters.normalise_contact(form) == ANA


@pytest.mark.parametrize(
    "contact",
    [ANA, "ANA@Example.org.", "ana@xn--bcher-kva.de", "a.b+c@ex-ample.org", "Ana@localhost"],
)
def test_a_plain_address_reads_the_same_under_both_rules(contact: str) -> None:
    """Why `previous_rekeying` skips such contacts without a hash."""
    assert requesters.previous_normalise_contact(contact) == requesters.normalise_contact(contact)


def test_only_pasted_forms_map_a_previous_hash() -> None:
    key = b"k" * 32
    mapping, ambiguous = requesters.previous_rekeying(
        key, [*PREVIOUS_TEXT, ANA, "Ana <ana@example.org>", "Ana Pérez", "  ", BRUNO]
    )
    assert ambiguous == 0
    assert mapping == {hashed(key, text): hashed(key, ANA) for text in PREVIOUS_TEXT.values()}


def test_a_previous_hash_that_is_another_contacts_current_one_is_left_out() -> None:
    """`"-@.` was hashed as `"-@`; `"-@` is hashed so today, and is someone else (`"-@.` is now
    `-@`): a row holding that hash may be theirs, so it is not re-keyed."""
    key = b"k" * 32
    assert requesters.previous_normalise_contact('"-@.') == '"-@'
    assert requesters.normalise_contact('"-@') == '"-@' != requesters.normalise_contact('"-@.')
    assert requesters.previous_rekeying(key, ['"-@.']) == ({}, 1)


@pytest.mark.parametrize("asked_again", [False, True])
def test_rehash_folds_a_pasted_form_of_the_previous_rule(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, asked_again: bool
) -> None:
    path = tmp_path / "wmhr.db"
    key = previous_rule_database(path)
    bruno = stored(path)[1]
    if asked_again:  # as her plain address: a second request, nothing links the two yet
        assert add_french(run, ANA, "2022-04-22T10:00Z")["new"] is True
        assert french(run) == 3
    contacts = contacts_csv(tmp_path, [ANA_PASTED, BRUNO])
    rehash = ["requests", "rehash", str(contacts), "--contact-column", "Email", "--json"]
    result = run(*rehash)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["rekeyed"], data["merged"], data["ambiguous"], data["remaining"]) == (
        (0, 1, 0, 0) if asked_again else (1, 0, 0, 0)
    )
    assert french(run) == 2  # Ana once, Bruno
    assert_ana_once_bruno_untouched(path, key, bruno)
    before = stored(path)
    again = json.loads(run(*rehash).stdout)  # running it again changes nothing
    assert (again["rekeyed"], again["merged"], again["remaining"]) == (0, 0, 0)
    assert stored(path) == before


def test_rehash_re_keys_the_oldest_and_the_previous_rule_at_once(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Rows labelled 1 are matched with the oldest rule's hashes only: `strasse@example.org`,
    recorded now, holds what the oldest rule made of `Straße@example.org`, and stays hers."""
    path = tmp_path / "wmhr.db"
    key = previous_rule_database(path, legacy="Carla <carla@example.org>")
    add_french(run, "strasse@example.org", "2022-04-22T10:00Z")
    strasse = stored(path)[-1]
    assert strasse[3] == requesters.legacy_requester_id(key, "Straße@example.org")
    given = [ANA_PASTED, "Carla <carla@example.org>", "Straße@example.org"]
    result = run("requests", "rehash", str(contacts_csv(tmp_path, given)),
                 "--contact-column", "Email", "--json")  # fmt: skip
    data = json.loads(result.stdout)
    assert (data["rekeyed"], data["merged"], data["remaining"]) == (2, 0, 0)
    requesters_now = {row[3]: row[6] for row in stored(path)}
    assert requesters_now == {
        hashed(key, ANA): 2,
        requesters.requester_id(key, BRUNO): 2,
        hashed(key, "carla@example.org"): 2,
        strasse[3]: 2,
    }
    assert strasse in stored(path)


def test_add_of_the_pasted_form_re_keys_then_the_plain_address_is_her(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "wmhr.db"
    key = previous_rule_database(path)
    bruno = stored(path)[1]
    searched = spy_on_previous(monkeypatch)
    first = add_french(run, ANA_PASTED, "2022-04-23T10:00Z")
    assert first["new"] is False and first["received"] == "2022-04-20T10:00:00+00:00"
    assert searched == [{hashed(key, PREVIOUS_TEXT[ANA_PASTED]): hashed(key, ANA)}]
    assert_ana_once_bruno_untouched(path, key, bruno)
    assert add_french(run, ANA, "2022-04-24T10:00Z")["new"] is False  # the same person
    assert searched[1:] == [{}]  # a plain address: nothing hashed again, no row searched
    assert french(run) == 2
    assert_ana_once_bruno_untouched(path, key, bruno)


def test_add_of_a_plain_address_searches_nothing(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plain address alone cannot find Ana's pasted row (its hash is of another text), and
    is not made to look: a second request until her pasted form is seen again."""
    path = tmp_path / "wmhr.db"
    key = previous_rule_database(path)
    before = stored(path)
    searched = spy_on_previous(monkeypatch)
    assert add_french(run, ANA, "2022-04-22T10:00Z")["new"] is True
    assert searched == [{}]
    assert stored(path)[:2] == before
    assert french(run) == 3
    assert add_french(run, ANA_PASTED, "2022-04-23T10:00Z")["new"] is False  # now folded
    assert french(run) == 2
    assert_ana_once_bruno_untouched(path, key, before[1])


def spy_on_previous(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    """The previous-rule mappings `records.rekey` is given, one per call."""
    given: list[dict[str, str]] = []
    rekey = records.rekey

    def spy(conn, rekeying, *previous):  # type: ignore[no-untyped-def]
        given.append(dict(previous[0] or {}) if previous else {})
        return rekey(conn, rekeying, *previous)

    monkeypatch.setattr(records, "rekey", spy)
    return given


def test_current_rows_only_cost_nothing_more(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database of current rows: add, import and rehash as before. Import never computes the
    previous rule (not even for a pasted form in the file: `rehash` is for that), so its
    per-row path is the same; add of a plain address maps nothing."""
    searched = spy_on_previous(monkeypatch)
    computed: list[list[str]] = []
    previous_rekeying = requesters.previous_rekeying

    def counting(key: bytes, contacts: list[str]) -> tuple[dict[str, str], int]:
        computed.append(list(contacts))
        return previous_rekeying(key, contacts)

    monkeypatch.setattr(requesters, "previous_rekeying", counting)
    export = tmp_path / "registrations.csv"
    export.write_text(
        "session,language,contact,time\n"
        f"latam,fr,{ANA},2022-04-20T10:00Z\n"
        f'latam,fr,"{ANA_PASTED}",2022-04-21T10:00Z\n'
        "latam,fr,bruno@example.org,2022-04-21T10:00Z\n",
        "utf-8",
    )
    result = run("requests", "import", str(export), "--now", NOW, "--json")
    assert result.exit_code == 0, result.stderr
    assert (json.loads(result.stdout)["added"], computed, searched) == (2, [], [{}])
    assert add_french(run, "cara@example.org", "2022-04-22T10:00Z")["new"] is True
    assert add_french(run, ANA_PASTED, "2022-04-22T10:00Z")["new"] is False
    assert computed == [["cara@example.org"], [ANA_PASTED]]
    assert searched[1] == {}
    before = stored(tmp_path / "wmhr.db")
    rehash = run("requests", "rehash", str(contacts_csv(tmp_path, [ANA_PASTED, ANA])),
                 "--contact-column", "Email", "--json")  # fmt: skip
    data = json.loads(rehash.stdout)
    assert (data["rekeyed"], data["merged"], data["remaining"]) == (0, 0, 0)
    assert stored(tmp_path / "wmhr.db") == before
    assert french(run) == 3


def test_rehash_refuses_a_row_with_more_fields_than_the_header(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An unquoted `bo@example.org,` would be read as `bo@example.org`: the pasted form never
    re-keyed, while rehash said every request used the current rule."""
    assert (
        run("requests", "add", "latam", "es", "--from", "a@example.org", "--now", NOW).exit_code
        == 0
    )
    path = tmp_path / "contacts.csv"
    path.write_text("Email\na@example.org\n\nbo@example.org,\n", "utf-8")
    result = run("requests", "rehash", str(path), "--contact-column", "Email")
    assert result.exit_code == 2
    assert f"{path}: line 4: has 2 fields but the header has 1" in result.stderr
    assert result.stderr.count("\n") == 1
