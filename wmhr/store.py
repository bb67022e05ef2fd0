"""The SQLite database: where it lives, schema versions per component, and safe transactions."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wmhr.errors import StoreError


class _OnFirstUse:
    """A module imported when one of its names is first used. Finding where the database lives
    (and so whether there is one) must not load SQLite: `wmhr ics -o` without a database
    never needs it."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        from importlib import import_module

        return getattr(import_module(self._name), attribute)


if TYPE_CHECKING:
    import sqlite3
else:
    sqlite3 = _OnFirstUse("sqlite3")

DB_ENV = "WMHR_DB"
DB_FILE = "wmhr.db"
BUSY_TIMEOUT_SECONDS = 5.0
SQLITE_MAGIC = b"SQLite format 3\x00"


def locate(explicit: Path | None, *, cwd: Path, environ: Mapping[str, str]) -> Path:
    """--db, else $WMHR_DB, else wmhr.db in the current folder."""
    if explicit is not None:
        return explicit
    if environ.get(DB_ENV):
        return Path(environ[DB_ENV])
    return cwd / DB_FILE


def default_path(explicit: Path | None) -> Path:
    return locate(explicit, cwd=Path.cwd(), environ=os.environ)


def _refuse_foreign_file(path: Path) -> None:
    try:
        # Without blocking: opening a FIFO to read would wait for a writer forever.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"{path}: cannot read it ({exc.strerror}); check --db") from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise StoreError(
                f"{path}: not a regular file (a folder, device or pipe); pass --db with the "
                "path of a database file"
            )
        header = os.read(descriptor, len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read it ({exc.strerror}); check --db") from None
    finally:
        os.close(descriptor)
    if header and header != SQLITE_MAGIC:
        raise StoreError(
            f"{path}: not a wmhr database (not SQLite); pass --db with another path "
            "or move that file away"
        )


def _create_owner_only(path: Path) -> None:
    """Create an empty `path` with mode 0600 unless it exists, so no other user ever can read it.

    Created here rather than by SQLite (which would use the umask): there is no moment when the
    file exists with a wider mode. SQLite gives its -wal and -shm files the database's mode.
    A symbolic link is followed to the file it names (a dangling one too: O_EXCL alone would
    refuse the link and leave SQLite to create its target with the umask's mode).
    """
    target = Path(os.path.realpath(path))
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | nofollow, 0o600)
    except FileExistsError:
        return  # already there (perhaps made by another wmhr a moment ago): never touched
    except OSError as exc:
        raise StoreError(
            f"{path}: cannot create the database ({exc.strerror}); check permissions or --db"
        ) from None
    os.close(descriptor)


def refuse_foreign_tables(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse an SQLite database of another program: it has tables, but not wmhr's (every
    database wmhr writes has its schema_version table). May raise sqlite3.Error."""
    tables = [
        str(name)
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"
        )
    ]
    if tables and "schema_version" not in tables:
        shown = ", ".join(tables[:3]) + (", ..." if len(tables) > 3 else "")
        raise StoreError(
            f"{path}: an SQLite database of another program (tables {shown}), not wmhr's; "
            "pass --db with another path"
        )


def readable_by_others(path: Path) -> bool:
    """Whether users other than the owner may open `path` (wmhr never changes an existing mode)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.name == "posix" and bool(mode & (stat.S_IRWXG | stat.S_IRWXO))


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed, owner-only) the database, refusing files that are not SQLite."""
    _refuse_foreign_file(path)
    if not path.parent.exists():
        raise StoreError(f"{path}: folder {path.parent} does not exist; create it or fix --db")
    _create_owner_only(path)
    with translated(path):
        # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so a writer takes its lock
        # before reading and two organizers writing at once cannot interleave.
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            refuse_foreign_tables(conn, path)  # before anything changes the file
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version "
                "(component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
            )
        except BaseException:
            conn.close()
            raise
    return conn


def connect_readonly(path: Path) -> sqlite3.Connection | None:
    """Open the database for reading only, or None when there is no file (nothing recorded).

    Never creates, converts (journal mode) or migrates anything, so reading commands leave the
    file byte for byte as it was. SQLite may still leave an empty -wal and an -shm next to a WAL
    database, as it does for any reader."""
    _refuse_foreign_file(path)
    if not path.exists():
        return None
    # A URI, so mode=ro applies; as_uri() percent-encodes "?", "#", "%" and spaces in the path.
    uri = f"{path.absolute().as_uri()}?mode=ro"
    with translated(path):
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
            return conn
        except sqlite3.OperationalError:
            conn.close()
            if _wal_pending(path):
                raise StoreError(
                    f"{path}: cannot read it: recent changes wait in {path.name}-wal and its "
                    "folder is read-only; read it where the folder is writable, or copy the "
                    "database with its -wal file elsewhere"
                ) from None
        # A WAL database needs a -shm file beside it, which a read-only folder cannot take.
        # With no -wal file, every committed change is in the main file: read it as immutable.
        return sqlite3.connect(
            f"{uri}&immutable=1", uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
        )


def _wal_pending(path: Path) -> bool:
    """Whether changes may wait in a -wal file beside `path`, not yet in the main file."""
    try:
        return path.with_name(f"{path.name}-wal").stat().st_size > 0
    except OSError:
        return False


def has_component(
    conn: sqlite3.Connection,
    path: Path,
    component: str,
    migrations: Sequence[str],
    *,
    oldest_readable: int | None = None,
) -> bool:
    """For readers: whether `component`'s tables are there (False: nothing recorded yet).

    Tables from another version are refused rather than read, since a reader cannot migrate,
    unless the component says its readers understand versions from `oldest_readable` on."""
    with translated(path):
        refuse_foreign_tables(conn, path)
        known = conn.execute(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'"
        ).fetchone()
        version = schema_version(conn, component) if known else 0
    if version > len(migrations):
        raise StoreError(
            f"{path}: {component} tables are version {version}, newer than this wmhr "
            f"understands ({len(migrations)}); upgrade wmhr"
        )
    readable_from = len(migrations) if oldest_readable is None else oldest_readable
    if 0 < version < readable_from:
        raise StoreError(
            f"{path}: {component} tables are version {version}, from an older wmhr; a command "
            "that records something upgrades them"
        )
    return version >= readable_from


def open_to_read(
    path: Path, component: str, migrations: Sequence[str], *, oldest_readable: int | None = None
) -> sqlite3.Connection | None:
    """A read-only connection to a database holding `component`'s tables, or None when it
    records nothing for it (no file, or no such tables yet)."""
    conn = connect_readonly(path)
    if conn is None:
        return None
    try:
        if has_component(conn, path, component, migrations, oldest_readable=oldest_readable):
            return conn
    except BaseException:
        conn.close()
        raise
    conn.close()
    return None


def describe_error(path: Path, exc: sqlite3.Error) -> str:
    """One line for the user about an SQLite failure on the database at `path`."""
    text = str(exc)
    if "Could not decode" in text:  # Python's message quotes the value, which may be a contact
        column = re.search(r"column '([^']*)'", text)
        where = f"the {column.group(1)} column of a row" if column else "a row"
        return (
            f"{path}: the database is damaged ({where} is not UTF-8 text); restore it from a backup"
        )
    if "locked" in text or "busy" in text:
        return f"{path}: the database is busy (another wmhr is writing); try again"
    if "malformed" in text:
        return f"{path}: the database is damaged ({text}); restore it from a backup, or check --db"
    if "not a database" in text:
        return f"{path}: not a usable SQLite database ({text}); check --db"
    if "readonly" in text or "unable to open" in text:
        return f"{path}: cannot write the database ({text}); check permissions or --db"
    return f"{path}: database error ({text})"


def damaged(path: Path) -> str:
    """A stored value wmhr cannot read back, said without the value (it may be personal)."""
    return (
        f"{path}: the database is damaged (a stored value cannot be read); restore it from a "
        "backup, or check --db"
    )


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """Any SQLite failure inside the block becomes one StoreError line (exit 2), no traceback;
    so does a stored value that cannot be read back as what wmhr wrote (text where a number
    was, a date that is not one): the block reads the database and converts what it read."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreError(describe_error(path, exc)) from None
    except (ValueError, TypeError):
        raise StoreError(damaged(path)) from None


@contextmanager
def transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """All or nothing: commit when the block ends, roll back on any exception.

    An SQLite failure inside the block, or when committing, becomes a StoreError."""
    with translated(path):
        conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except sqlite3.Error as exc:
        _roll_back(conn)
        raise StoreError(describe_error(path, exc)) from None
    except BaseException:
        _roll_back(conn)
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        _roll_back(conn)
        raise StoreError(describe_error(path, exc)) from None


def _roll_back(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already (it does on a damaged or full disk);
    a failure here must not hide the error that led to it."""
    if conn.in_transaction:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def flush_wal(conn: sqlite3.Connection, path: Path) -> bool:
    """Copy the write-ahead log into the main file and empty it (wal_checkpoint TRUNCATE), so
    that older copies of pages (a removed row, say) survive in neither file; False when another
    connection still reads an older snapshot and the log could not be emptied.

    The last connection to close does this anyway; this is for when another one stays open."""
    with translated(path):
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


def migrate(
    conn: sqlite3.Connection, path: Path, component: str, migrations: Sequence[str]
) -> None:
    """Bring `component`'s tables to the newest version; migrations[i] leads to version i + 1.

    Each component (requests, issued invites, ...) versions its own tables, so they can evolve
    independently in one file. A database newer than this wmhr is refused, never downgraded.
    """
    with translated(path):
        if schema_version(conn, component) == len(migrations):
            return
    with transaction(conn, path):
        current = schema_version(conn, component)  # again, now that we hold the write lock
        if current > len(migrations):
            raise StoreError(
                f"{path}: {component} tables are version {current}, newer than this wmhr "
                f"understands ({len(migrations)}); upgrade wmhr"
            )
        for version in range(current, len(migrations)):
            for statement in migrations[version].split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute(
            "INSERT INTO schema_version (component, version) VALUES (?, ?) "
            "ON CONFLICT (component) DO UPDATE SET version = excluded.version",
            (component, len(migrations)),
        )


def schema_version(conn: sqlite3.Connection, component: str) -> int:
    """May raise sqlite3.Error: call it inside `translated` or `transaction`."""
    row = conn.execute(
        "SELECT version FROM schema_version WHERE component = ?", (component,)
    ).fetchone()
    return int(row[0]) if row else 0
