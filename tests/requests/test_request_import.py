"""`wmhr requests import`: every row checked first, nothing half-written, re-import adds nothing."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wmhr import store
from wmhr.requests import csv_import, records, requesters
from wmhr.schedule.model import load

SCHEDULE = Path(__file__).parents[2] / "wmhr" / "data" / "sessions.toml"

NOW = "2022-04-30T00:00Z"
HEADER = "Timestamp,Session,Language wanted,Email address\r\n"
COLUMNS = [
    "--session-column", "Session",
    "--language-column", "Language wanted",
    "--contact-column", "Email address",
    "--time-column", "Timestamp",
]  # fmt: skip
GOOD_ROWS = [
    "2022-04-20T10:00:00Z,latam,pt-BR,ana@example.org",
    "2022-04-20T11:00:00-04:00,latam,pt-br,bruno@example.org",
    '"2022-04-21 09:00 America/Santiago",latam,uk,"Carla, C. <carla@example.cl>"',
    "2022-04-29T01:00:00Z,latam,uk,dani@example.org",
    "2022-04-22T08:00:00Z,cee,uk,ANA@example.org",
]


def write(tmp_path: Path, name: str, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_bytes(("\ufeff" + header + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    return path


def import_(run, path: Path, *extra: str):  # type: ignore[no-untyped-def]
    return run("requests", "import", str(path), *COLUMNS, "--now", NOW, *extra)


def count(tmp_path: Path) -> int:
    if not (tmp_path / "wmhr.db").exists():
        return 0
    with sqlite3.connect(tmp_path / "wmhr.db") as conn:
        return int(conn.execute("SELECT count(*) FROM request").fetchone()[0])


def test_import_then_reimport_adds_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "export.csv", GOOD_ROWS)
    first = import_(run, path, "--json")
    assert first.exit_code == 0, first.stderr
    data = json.loads(first.stdout)
    assert (data["valid_rows"], data["added"], data["already_recorded"]) == (5, 5, 0)
    again = json.loads(import_(run, path, "--json").stdout)
    assert (again["added"], again["already_recorded"]) == (0, 5)
    assert count(tmp_path) == 5
    state = json.loads(run("interpretation", "latam", "--now", NOW, "--json").stdout)
    languages = {lang["language"]: lang for lang in state["sessions"][0]["languages"]}
    assert (languages["pt"]["on_time"], languages["uk"]["on_time"]) == (2, 1)
    assert languages["pt"]["variants"] == ["pt-BR"]
    assert languages["uk"]["late"] == 1


def test_a_repeat_at_an_earlier_time_keeps_the_earliest(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_(run, write(tmp_path, "a.csv", GOOD_ROWS))
    earlier = write(tmp_path, "b.csv", ["2022-04-27T00:00:00Z,latam,UK, Dani@Example.org "])
    result = json.loads(import_(run, earlier, "--json").stdout)
    assert (result["added"], result["already_recorded"]) == (0, 1)
    uk = json.loads(run("interpretation", "latam", "--now", NOW, "--json").stdout)
    uk_state = next(x for x in uk["sessions"][0]["languages"] if x["language"] == "uk")
    assert (uk_state["on_time"], uk_state["late"]) == (2, 0)


def test_duplicates_inside_one_file_count_once(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [GOOD_ROWS[0], GOOD_ROWS[0].replace("ana@", " ANA@")]
    data = json.loads(import_(run, write(tmp_path, "dup.csv", rows), "--json").stdout)
    assert (data["added"], data["already_recorded"]) == (1, 1)


BAD_ROWS = {
    "unknown session": (
        "2022-04-20T10:00Z,lattam,es,x@example.org",
        'line 3, column "Session": not a session id; did you mean "latam"?',
    ),
    "invalid tag": (
        "2022-04-20T10:00Z,latam,pt_BR,x@example.org",
        'line 3, column "Language wanted": the value: BCP 47 tags use hyphens',
    ),
    "time without zone": (
        "2022-04-20 10:00,latam,es,x@example.org",
        'line 3, column "Timestamp": the value has no time zone or offset',
    ),
    "future time": (
        "2022-05-01T10:00Z,latam,es,x@example.org",
        'line 3, column "Timestamp": in the future (now is 2022-04-30T00:00:00Z)',
    ),
    "impossible date": (
        "2022-02-30T10:00:00Z,latam,es,x@example.org",
        'line 3, column "Timestamp": the value is not a real date and time '
        "(day is out of range for month)",
    ),
    "offset of a day or more": (
        "2022-05-01T10:00+25:00,latam,es,x@example.org",
        'line 3, column "Timestamp": the value is not a real date and time '
        "(a UTC offset must be less than 24 hours)",
    ),
    "out of range": (
        "0001-01-01T00:30:00+01:00,latam,es,x@example.org",
        'line 3, column "Timestamp": the value is outside the supported '
        "dates: wmhr supports 1900-01-01 to 2999-12-31, in UTC",
    ),
    "future time, whole seconds in UTC": (
        "2022-04-30T00:00:01Z,latam,es,x@example.org",
        'line 3, column "Timestamp": in the future (now is 2022-04-30T00:00:00Z)',
    ),
    "hour 24": (
        "2022-04-20T24:00:00+00:00,latam,es,x@example.org",
        'line 3, column "Timestamp": the value is not a real date and time',
    ),
    "out of range, whole seconds in UTC": (
        "1899-12-31T23:59:59Z,latam,es,x@example.org",
        'line 3, column "Timestamp": the value is outside the supported dates',
    ),
    "empty contact": (
        "2022-04-20T10:00Z,latam,es,  ",
        'line 3, column "Email address": empty contact',
    ),
    "contact that is nothing once normalised": (
        "2022-04-20T10:00Z,latam,es,<>",
        'line 3, column "Email address": empty contact',
    ),
    "missing field": (
        "2022-04-20T10:00Z,latam,es",
        "line 3: has 3 fields but the header has 4",
    ),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_one_bad_row_aborts_everything(run, tmp_path: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    import_(run, write(tmp_path, "first.csv", GOOD_ROWS[:1]))
    before = count(tmp_path)
    row, message = BAD_ROWS[case]
    path = write(tmp_path, "bad.csv", [GOOD_ROWS[1], row, GOOD_ROWS[2]])
    result = import_(run, path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"wmhr: error: {path}: ")
    assert message in result.stderr
    assert "nothing was imported" in result.stderr
    assert result.stderr.count("\n") == 1
    assert count(tmp_path) == before == 1


def test_skip_invalid_reports_and_imports_the_rest(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = [row for row, _ in BAD_ROWS.values()]
    path = write(tmp_path, "mixed.csv", [GOOD_ROWS[0], *bad, GOOD_ROWS[1]])
    result = import_(run, path, "--skip-invalid", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["added"] == 2
    assert [p["line"] for p in data["skipped"]] == list(range(3, 3 + len(bad)))
    warnings = [w for w in result.stderr.splitlines() if not w.startswith("wmhr: note: ")]
    assert len(warnings) == len(bad)
    assert all(w.startswith("wmhr: warning: skipped ") for w in warnings)
    assert count(tmp_path) == 2


def test_line_numbers_count_multiline_cells(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = "Timestamp,Session,Language wanted,Email address,Comment\r\n"
    rows = [
        '2022-04-20T10:00Z,latam,es,a@example.org,"two\r\nlines"',
        "2022-04-20T10:00Z,latam,xx-,b@example.org,",
    ]
    result = import_(run, write(tmp_path, "multi.csv", rows, header=header))
    assert 'line 4, column "Language wanted"' in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Timestamp,Session,Language wanted,Email address\r\n".encode("utf-16"), "UTF-16"),
        (
            (HEADER + "2022-04-20T10:00Z,latam,es,José@example.org\r\n").encode("latin-1"),
            "line 2: byte 0xE9 is not UTF-8",
        ),
        (
            (HEADER + '2022-04-20T10:00Z,latam,es,"a@example.org\r\n').encode(),
            "malformed CSV",
        ),
        (
            (HEADER + '2022-04-20T10:00Z,latam,"es"x,a@example.org\r\n').encode(),
            "line 2: malformed CSV",
        ),
        (b"", "the file is empty"),
        (
            b"Timestamp,Session,Language,Email address\r\n",
            'no column "Language wanted" for --language-column; did you mean "Language"?',
        ),
        (
            b"Timestamp,Session,Session,Language wanted,Email address\r\n",
            'the header has "Session" twice',
        ),
    ],
    ids=["utf-16", "latin-1", "unterminated", "stray-quote", "empty", "missing", "twice"],
)
def test_unreadable_files_are_refused_in_one_line(run, tmp_path: Path, content, message) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    result = import_(run, path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"wmhr: error: {path}: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert count(tmp_path) == 0


def test_missing_file_and_foreign_database(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = import_(run, tmp_path / "nope.csv")
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    (tmp_path / "wmhr.db").write_bytes(b"PK\x03\x04 a zip file")
    foreign = import_(run, write(tmp_path, "ok.csv", GOOD_ROWS))
    assert foreign.exit_code == 2 and "not a wmhr database (not SQLite)" in foreign.stderr


def test_a_failure_in_the_middle_of_writing_leaves_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_(run, write(tmp_path, "first.csv", GOOD_ROWS[:1]))
    with sqlite3.connect(tmp_path / "wmhr.db") as conn:
        # Stands in for a disk filling up after some rows went in.
        conn.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON request WHEN NEW.session = 'cee' "
            "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
    result = import_(run, write(tmp_path, "all.csv", GOOD_ROWS))
    assert result.exit_code == 2
    assert "database error (disk I/O error)" in result.stderr
    assert count(tmp_path) == 1


def test_busy_database_says_try_again(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import_(run, write(tmp_path, "first.csv", GOOD_ROWS[:1]))
    monkeypatch.setattr(store, "BUSY_TIMEOUT_SECONDS", 0.1)
    holder = sqlite3.connect(tmp_path / "wmhr.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = import_(run, write(tmp_path, "all.csv", GOOD_ROWS))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 2
    assert "the database is busy (another wmhr is writing); try again" in result.stderr
    assert count(tmp_path) == 1


WRITER = textwrap.dedent(
    """
    import sys
    import threading
    import time
    from datetime import datetime, timedelta, UTC
    from pathlib import Path
    from wmhr.requests import records as request_store
    from wmhr.requests import requesters

    db, key_path = Path(sys.argv[1]), Path(sys.argv[2])
    key = requesters.read_key(key_path)
    fingerprint = requesters.fingerprint(key)
    conn = request_store.open_db(db)
    start = datetime(2022, 4, 1, tzinfo=UTC)
    print("ready", flush=True)
    assert sys.stdin.readline() == "go\\n"
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    written = 0
    while not stop.is_set():  # one request per transaction, until the test says stop
        request = request_store.NewRequest(
            "cee", "uk", requesters.requester_id(key, f"writer{written}@example.org"),
            start + timedelta(minutes=written),
        )
        request_store.add(conn, db, request, fingerprint=fingerprint)
        written += 1
        if written == 1:
            print("writing", flush=True)
        # Not a timing assumption: a pause between transactions leaves the write lock free most
        # of the time, so an import waiting for it never starves until its busy timeout.
        time.sleep(0.02)
    print("done", written, flush=True)
    """
)


def test_a_concurrent_writer_loses_and_corrupts_nothing(
    run, tmp_path: Path, key_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Imports run while another process keeps writing: it has written before the first import
    starts and stops only after the last one ends, whatever the speed of the machine."""
    requesters.create_key(key_path)
    import_(run, write(tmp_path, "first.csv", GOOD_ROWS[:1]))
    rows = [f"2022-04-{10 + i % 10}T10:00:00Z,asia,id,p{i}@example.org" for i in range(300)]
    big = write(tmp_path, "big.csv", rows)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path / "wmhr.db"), str(key_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdin is not None and writer.stdout is not None
        assert writer.stdout.readline() == "ready\n"
        writer.stdin.write("go\n")
        writer.stdin.flush()
        assert writer.stdout.readline() == "writing\n"  # its first request is committed
        results = [import_(run, big, "--json") for _ in range(3)]
        out, err = writer.communicate("stop\n", timeout=120)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == 0, err
    done, written = out.split()
    assert done == "done" and int(written) >= 1
    assert [r.exit_code for r in results] == [0, 0, 0], [r.stderr for r in results]
    assert [json.loads(r.stdout)["added"] for r in results] == [300, 0, 0]
    with closing(sqlite3.connect(tmp_path / "wmhr.db")) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        by_session = dict(conn.execute("SELECT session, count(*) FROM request GROUP BY session"))
    assert by_session == {"latam": 1, "asia": 300, "cee": int(written)}


@pytest.mark.parametrize("separator", [";", "\t"])
def test_semicolon_and_tab_separated_files_are_detected(
    run, tmp_path: Path, separator: str
) -> None:  # type: ignore[no-untyped-def]
    header = separator.join(["Timestamp", "Session", "Language wanted", "Email address"]) + "\r\n"
    rows = [
        separator.join(["2022-04-20T10:00:00Z", "latam", "pt-BR", "ana@example.org"]),
        separator.join(["2022-04-21T10:00:00Z", "latam", "pt-BR", "Bruno, B. <bruno@example.org>"]),
    ]
    result = import_(run, write(tmp_path, "excel.csv", rows, header=header), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["added"] == 2


def test_the_delimiter_can_be_given(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = "Timestamp|Session|Language wanted|Email address\r\n"
    rows = ["2022-04-20T10:00:00Z|latam|pt-BR|ana@example.org"]
    path = write(tmp_path, "pipes.csv", rows, header=header)
    assert json.loads(import_(run, path, "--delimiter", "|", "--json").stdout)["added"] == 1
    semicolons = write(tmp_path, "semi.csv", [r.replace("|", ";") for r in rows], header=header)
    forced = import_(run, semicolons, "--delimiter", ";")
    assert forced.exit_code == 2 and 'no column "Session"' in forced.stderr
    bad = import_(run, path, "--delimiter", "::")
    assert bad.exit_code == 2 and "--delimiter: give one of , ; tab |" in bad.stderr


def test_session_ids_match_whatever_their_case(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = ["2022-04-20T10:00:00Z,LATAM,pt-BR,ana@example.org", "2022-04-20T10:00Z,Cee,uk,b@x.org"]
    assert (
        json.loads(import_(run, write(tmp_path, "case.csv", rows), "--json").stdout)["added"] == 2
    )
    listed = json.loads(run("requests", "list", "--json").stdout)["requests"]
    assert sorted(r["session"] for r in listed) == ["cee", "latam"]


def test_languages_are_stored_in_their_canonical_form(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [
        "2022-04-20T10:00:00Z,cee,iw,ana@example.org",
        "2022-04-20T10:00:00Z,cee,he,bruno@example.org",
        "2022-04-20T10:00:00Z,cee,xx,carla@example.org",
    ]
    result = import_(run, write(tmp_path, "tags.csv", rows), "--skip-invalid", "--json")
    assert json.loads(result.stdout)["added"] == 2
    assert "is not a language subtag in the IANA" in result.stderr
    listed = json.loads(run("requests", "list", "--json").stdout)["requests"]
    assert [r["language"] for r in listed] == ["he", "he"]


def test_rows_for_a_cancelled_session_are_refused(run, tmp_path: Path, schedule_file) -> None:  # type: ignore[no-untyped-def]
    path = schedule_file(('id = "latam"\n', 'id = "latam"\nstatus = "cancelled"\n'))
    result = import_(run, write(tmp_path, "x.csv", GOOD_ROWS[:1]), "--file", str(path))
    assert result.exit_code == 2
    assert 'line 2, column "Session": the session is cancelled: it accepts no requests' in (
        result.stderr
    )


def test_rows_in_the_sessions_own_language_get_a_warning(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, key_path: Path
) -> None:
    requesters.create_key(key_path)  # made beforehand: its first use would add a note
    rows = ["2022-04-20T10:00:00Z,latam,spa,a@x.org", "2022-04-20T10:00:00Z,latam,es-419,b@x.org"]
    result = import_(run, write(tmp_path, "own.csv", rows))
    assert result.exit_code == 0
    assert result.stderr == (
        "wmhr: warning: 1 row(s) ask for es for latam, which is held in es and needs no "
        "interpretation; recorded anyway\n"
        "wmhr: warning: 1 row(s) ask for es-419 for latam, which is held in es and needs no "
        "interpretation; recorded anyway\n"
    )


CONTACT = "ana.perez@example.org"


@pytest.mark.parametrize(
    "mapping",
    [
        ["--session-column", "Email address"],
        ["--language-column", "Email address"],
        ["--time-column", "Email address"],
    ],
    ids=["session", "language", "time"],
)
def test_errors_never_print_a_contact_when_columns_are_mapped_wrongly(
    run, tmp_path: Path, mapping
) -> None:  # type: ignore[no-untyped-def]
    rows = [f"2022-04-20T10:00:00Z,latam,es,{CONTACT}", "2022-04-20T10:00:00Z,latam,es,Ana Pérez"]
    path = write(tmp_path, "export.csv", rows)
    for extra in ([], ["--skip-invalid"]):
        result = run(
            "requests", "import", str(path), *COLUMNS, *mapping, "--now", NOW, *extra, "--json"
        )
        assert 'line 2, column "Email address"' in result.stderr
        for secret in (CONTACT, "ana.perez", "Ana Pérez", "ana pérez", "Pérez"):
            assert secret not in result.output, (secret, result.output)


def test_a_file_without_a_header_row_is_not_printed(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "noheader.csv"
    path.write_text(f"2022-04-20T10:00:00Z,latam,es,{CONTACT}\n")
    result = import_(run, path)
    assert result.exit_code == 2
    assert CONTACT not in result.stderr
    assert "1 cell(s) with an address (is the header row missing?)" in result.stderr


def test_a_first_import_saves_its_new_key_only_when_it_commits(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, key_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wmhr.requests import csv_import

    refused = import_(run, write(tmp_path, "bad.csv", [*GOOD_ROWS, "2022-04-20,nowhere,fr,x"]))
    assert refused.exit_code == 2 and not key_path.exists()
    assert not (tmp_path / "wmhr.db").exists()
    # Another first use makes its own key while this import reads the file: this import's
    # rows were hashed with a key that is not the one on file, so none may be recorded.
    hashed_rows = csv_import.hashed_rows

    def racing(*args, **kwargs):  # type: ignore[no-untyped-def]
        yield from hashed_rows(*args, **kwargs)
        requesters.create_key(key_path)

    monkeypatch.setattr(csv_import, "hashed_rows", racing)
    raced = import_(run, write(tmp_path, "export.csv", GOOD_ROWS))
    assert raced.exit_code == 2
    assert "another wmhr made a requester key at the same time" in raced.stderr
    assert count(tmp_path) == 0
    monkeypatch.setattr(csv_import, "hashed_rows", hashed_rows)
    again = import_(run, tmp_path / "export.csv")
    assert again.exit_code == 0, again.stderr
    assert count(tmp_path) == 5 and "created the requester key" not in again.stderr


@settings(max_examples=300, deadline=None)
@given(
    instant=st.datetimes(  # hypothesis takes naive bounds, read in `timezones`
        min_value=datetime(1900, 1, 1),  # noqa: DTZ001
        max_value=datetime(2022, 4, 30),  # noqa: DTZ001
        timezones=st.just(UTC),
    ).map(lambda moment: moment.replace(microsecond=0)),
    offset_minutes=st.integers(min_value=-23 * 60, max_value=23 * 60),
)
def test_whole_seconds_in_utc_are_stamped_as_the_general_reading_stamps_them(
    instant: datetime, offset_minutes: int
) -> None:
    checker = csv_import._RowChecker(
        {"session": (0, "s"), "language": (1, "l"), "contact": (2, "c"), "time": (3, "t")},
        4,
        load(SCHEDULE),
        datetime(2022, 4, 30, tzinfo=UTC),
    )
    elsewhere = instant.astimezone(timezone(timedelta(minutes=offset_minutes)))
    expected = records.stamp(instant)
    assert checker._received(instant.strftime("%Y-%m-%dT%H:%M:%SZ")) == expected
    assert checker._received(instant.strftime("%Y-%m-%dT%H:%M:%S+00:00")) == expected
    assert checker._received(elsewhere.isoformat()) == expected


def test_blank_rows_are_skipped_but_a_row_without_its_session_is_not(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blank = ["", ",,,", " , ,\t, "]
    data = json.loads(
        import_(run, write(tmp_path, "b.csv", [*blank, *GOOD_ROWS[:2]]), "--json").stdout
    )
    assert (data["added"], data["already_recorded"]) == (2, 0)
    sessionless = write(tmp_path, "s.csv", ["2022-04-20T10:00Z, ,es,x@example.org"])
    result = import_(run, sessionless)
    assert result.exit_code == 2
    assert 'line 2, column "Session": not a session id' in result.stderr


def test_a_time_without_a_zone_says_how_to_give_the_files_zone(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for value in ("2022-04-20 10:00", "4/20/2022 10:00:00"):
        result = import_(run, write(tmp_path, "z.csv", [f"{value},latam,es,x@example.org"]))
        assert result.exit_code == 2
        assert "pass --time-zone ZONE" in result.stderr
    with_zone = import_(
        run, write(tmp_path, "o.csv", ["2022-04-20 10:00 Mars/Olympus,latam,es,x@e.org"])
    )
    assert with_zone.exit_code == 2
    assert "--time-zone" not in with_zone.stderr


def test_an_unregistered_one_subtag_language_reads_well_with_the_value_hidden(
    run, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    result = import_(run, write(tmp_path, "l.csv", ["2022-04-20T10:00Z,latam,zz,x@example.org"]))
    assert result.exit_code == 2
    assert (
        'column "Language wanted": the value is not a language subtag in the IANA Language '
        "Subtag Registry" in result.stderr
    )
