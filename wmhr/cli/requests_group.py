"""`wmhr requests`: the group, and what its commands share (the key option, the requester key,
opening the store)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wmhr.cli.root import app, say, warn
from wmhr.errors import StoreError

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Callable, Iterable


requests_app = typer.Typer(
    help="Record interpretation requests. Contacts are never stored: only a keyed hash.",
    no_args_is_help=False,  # without a command: one usage line, exit 2
)


app.add_typer(requests_app, name="requests")


KeyOption = Annotated[
    Path | None,
    typer.Option(
        "--key",
        help="The requester key file. Default: $WMHR_KEY, else "
        "$XDG_CONFIG_HOME/wmhr/requests.key (~/.config/wmhr/requests.key). Created on first use.",
        show_default=False,
        dir_okay=False,
    ),
]


def rekeying_for(
    conn: sqlite3.Connection, path: Path, secret: bytes, contacts: Callable[[], Iterable[str]]
) -> dict[str, str]:
    """For a database with requests hashed under the old contact rule: how to re-key the rows of
    these contacts (empty, and the contacts never read, when there are none)."""
    from wmhr.requests import records, requesters

    if not records.count_legacy(conn, path):
        return {}
    return requesters.rekeying(secret, contacts())[0]


def read_or_make_key(path: Path, key: Path | None) -> bytes:
    """The requester key, read (or made, saying where) before the database is written."""
    from wmhr.requests import records, requesters

    key_path = requesters.default_key_path(key)
    secret, created = records.requester_key(path, key_path)
    if created:
        say_key_created(key_path)
    return secret


def say_key_created(key_path: Path) -> None:
    say(
        f"note: created the requester key {key_path} (readable by you only); back it up "
        "with the database: without it, new requests cannot be matched with old ones"
    )


def open_requests_to_read(path: Path) -> sqlite3.Connection | None:
    """The database to read, or None when it records nothing; a missing file is said, since
    it usually means another folder or --db was meant."""
    from wmhr.requests import records
    from wmhr.store import DB_ENV

    if not path.exists():
        say(
            f"note: no database at {path}, so no request is recorded there; pass --db or set "
            f"${DB_ENV} to read another"
        )
        return None
    return records.open_to_read(path)


def open_requests_to_write(path: Path) -> sqlite3.Connection:
    """The requests database, ready to record; a warning when other users can read it."""
    from wmhr import store
    from wmhr.requests import records

    conn = records.open_db(path)
    # A file wmhr creates is owner-only; one that already exists keeps the mode it was given
    # (perhaps by an older wmhr, or on purpose), so say so instead of changing it silently.
    if store.readable_by_others(path):
        warn(f"{path} is readable by other users; run: chmod 600 {path}")
    return conn


def require_requests(path: Path, why: str) -> None:
    """Refuse, changing nothing, a database that is missing or records no requests."""
    from wmhr.requests import records

    if not path.exists():
        raise StoreError(f"{path}: no such database, so {why}; check --db")
    reader = records.open_to_read(path)
    if reader is None:  # no requests tables yet: nothing to change
        raise StoreError(f"{path}: records no requests, so {why}; check --db")
    reader.close()
