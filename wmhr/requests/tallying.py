"""Counting interpretation requests: per session and pooled language, on time or late.

A requester counts once per pooled language (`fr`, `fr-SN` and `fr-CA` are one pool), on time
when their earliest request for any variant of it was received by the deadline. The counts are
read from the `request` table's tally index (see records); `received` is compared as text, which
is time order for the stamps records writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from wmhr import store
from wmhr.requests.records import WELL_FORMED_STAMP, stamp, stored_text
from wmhr.requests.threshold import Tally

# The primary subtag of a canonical tag: the language requests pool by (threshold.pool).
POOL = "substr(language, 1, instr(language || '-', '-') - 1)"
# Only the pool `?4` (`requests add`): `fr` and `fr-*` are the index range [fr, fr.), since `.`
# follows `-`; so the count reads that language's rows, not the session's.
IN_POOL = "language >= ?4 AND language < ?4 || '.'"


def _tally_queries(pool: str | None) -> tuple[str, str, str]:
    where = f"session = ?2 AND {IN_POOL}" if pool else "session = ?2 AND ?4 IS NULL"
    tally = f"""
        SELECT pool, sum(first <= ?1), sum(first > ?1) FROM (
            SELECT {POOL} AS pool, requester, min(received) AS first FROM request
            WHERE {where} AND received <= ?3 GROUP BY pool, requester
        ) GROUP BY pool ORDER BY pool
    """
    variants = f"""
        SELECT DISTINCT {POOL}, language FROM request
        WHERE {where} AND received <= ?3 ORDER BY language
    """
    damaged = f"SELECT 1 FROM request WHERE {where} AND NOT {WELL_FORMED_STAMP} LIMIT 1"
    return tally, variants, damaged


# One pool (`requests add`): each variant's damage check and counts in one pass over the index
# range, no table row read; the columns are pool, language, damaged, arrived by ?3, on time.
BY_VARIANT = f"""
    SELECT {POOL}, language, max(NOT {WELL_FORMED_STAMP}), sum(received <= ?3),
        sum(received <= ?1 AND received <= ?3)
    FROM request WHERE session = ?2 AND {IN_POOL} GROUP BY language ORDER BY language
"""


def tallies(
    conn: sqlite3.Connection,
    path: Path,
    deadlines: Mapping[str, datetime],
    *,
    now: datetime,
    pool: str | None = None,
) -> dict[str, dict[str, Tally]]:
    """session -> pooled language -> its tally among the requests received by `now` (a later
    one, seen when replaying with --now, had not arrived yet). A requester counts once per
    pooled language, on time when their earliest request for any variant of it was. `pool`
    (a primary language subtag) counts that language only."""
    result: dict[str, dict[str, Tally]] = {}
    tally, listed, damaged = _tally_queries(pool)
    with store.translated(path):
        for session, deadline in deadlines.items():
            values = (stamp(deadline), session, stamp(now), pool)
            if pool is not None:
                result[session] = _pool_tally(conn, path, values, tally)
                continue
            # Counting compares `received` as text: a value that is not a stamp would be
            # counted on the wrong side of a deadline, silently, so a damaged one stops it.
            if conn.execute(damaged, values).fetchone():
                raise ValueError("a received time is not a stamp")
            variants: dict[str, list[str]] = {}
            for pooled, language in conn.execute(listed, values):
                variants.setdefault(str(pooled), []).append(
                    stored_text(language, path, None, "language")
                )
            result[session] = {
                stored_text(pooled, path, None, "language"): Tally(
                    int(on), int(late), tuple(variants.get(str(pooled), ()))
                )
                for pooled, on, late in conn.execute(tally, values)
            }
    return result


def _pool_tally(
    conn: sqlite3.Connection, path: Path, values: tuple[object, ...], tally: str
) -> dict[str, Tally]:
    """`tallies` of one session and pool. The table's UNIQUE key gives a requester one row per
    variant, so when a single variant had arrived by `now` its rows are distinct requesters and
    its counts are the tally; grouping by requester (a table read and a sort of every row) is
    needed only when several variants may share one."""
    rows = conn.execute(BY_VARIANT, values).fetchall()
    if any(damaged for _, _, damaged, _, _ in rows):  # see `tallies`
        raise ValueError("a received time is not a stamp")
    arrived = [row for row in rows if row[3]]
    variants: dict[str, list[str]] = {}
    for pooled, language, _, _, _ in arrived:
        variants.setdefault(str(pooled), []).append(stored_text(language, path, None, "language"))
    if len(arrived) == 1:
        pooled, _, _, received, on_time = arrived[0]
        counted: Iterable[tuple[object, int, int]] = [(pooled, on_time, received - on_time)]
    else:
        counted = conn.execute(tally, values)
    return {
        stored_text(pooled, path, None, "language"): Tally(
            int(on), int(late), tuple(variants.get(str(pooled), ()))
        )
        for pooled, on, late in counted
    }
