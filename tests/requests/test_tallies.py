"""One language's tally (`requests add`) is that language's entry in the whole session's tally
(`wmhr interpretation`), whichever way it is counted."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wmhr.errors import StoreError
from wmhr.requests import records, tallying
from wmhr.requests.threshold import Tally

DEADLINE = datetime(2022, 5, 1, tzinfo=UTC)
POOLS = ("fr", "pt", "zh", "uk", "es", "de")
# (session, language, requester, received): `pt` has a requester in two variants, `zh` one
# variant that arrives only after the first `now`, `uk` only requests from the future.
ROWS = [
    ("asia", "fr", "a", "2022-04-20"),
    ("asia", "fr", "b", "2022-04-30"),
    ("asia", "fr", "c", "2022-05-03"),
    ("asia", "fr", "d", "2022-05-25"),
    ("asia", "pt-BR", "a", "2022-05-02"),
    ("asia", "pt-PT", "a", "2022-04-10"),
    ("asia", "pt-PT", "b", "2022-05-04"),
    ("asia", "pt-BR", "c", "2022-04-11"),
    ("asia", "zh-Hans", "a", "2022-04-12"),
    ("asia", "zh-Hant", "b", "2022-05-12"),
    ("asia", "uk", "a", "2022-05-30"),
    ("cee", "fr", "a", "2022-04-01"),
]


def recorded(tmp_path: Path) -> tuple[sqlite3.Connection, Path]:
    path = tmp_path / "wmhr.db"
    conn = records.open_db(path)
    conn.execute("BEGIN")
    records.write_rows(
        conn,
        [
            (session, language, requester, records.stamp(datetime.fromisoformat(day)), None, "add")
            for session, language, requester, day in ROWS
        ],
    )
    conn.execute("COMMIT")
    return conn, path


@pytest.mark.parametrize("now", ["2022-04-15", "2022-05-10", "2022-05-20", "2022-06-01"])
def test_one_pool_counts_as_the_whole_session_does(tmp_path: Path, now: str) -> None:
    conn, path = recorded(tmp_path)
    moment = datetime.fromisoformat(now).replace(tzinfo=UTC)
    with closing(conn):
        deadlines = {"asia": DEADLINE, "cee": DEADLINE}
        whole = tallying.tallies(conn, path, deadlines, now=moment)
        for pool in POOLS:
            alone = tallying.tallies(conn, path, deadlines, now=moment, pool=pool)
            assert alone == {
                session: {key: tally for key, tally in pooled.items() if key == pool}
                for session, pooled in whole.items()
            }, pool


def test_a_requester_in_two_variants_counts_once_by_their_earliest_request(
    tmp_path: Path,
) -> None:
    conn, path = recorded(tmp_path)
    with closing(conn):
        counts = tallying.tallies(
            conn, path, {"asia": DEADLINE}, now=datetime(2022, 6, 1, tzinfo=UTC), pool="pt"
        )
    assert counts == {"asia": {"pt": Tally(2, 1, ("pt-BR", "pt-PT"))}}


def test_one_variant_counts_its_rows_and_a_damaged_time_stops_it(tmp_path: Path) -> None:
    conn, path = recorded(tmp_path)
    with closing(conn):
        now = datetime(2022, 5, 20, tzinfo=UTC)
        counts = tallying.tallies(conn, path, {"asia": DEADLINE}, now=now, pool="fr")
        assert counts == {"asia": {"fr": Tally(2, 1, ("fr",))}}
        conn.execute("UPDATE request SET received = 'garbage' WHERE requester = 'd'")
        with pytest.raises(StoreError, match="damaged"):  # though it is after `now`
            tallying.tallies(conn, path, {"asia": DEADLINE}, now=now, pool="fr")
