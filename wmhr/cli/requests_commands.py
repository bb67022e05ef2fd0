"""`wmhr requests add|import|list|remove|rehash` and `wmhr interpretation`."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wmhr.cli.options import (
    DbOption,
    FileOption,
    FormatOption,
    NowOption,
    SessionArgument,
    complete_session,
    read_now,
    session_ids,
)
from wmhr.cli.root import app, command, say, warn
from wmhr.errors import InputFileError, KeyFileError, StoreError, TimeInputError, WmhrError
from wmhr.output import OutputFormat, render
from wmhr.schedule.model import load

if TYPE_CHECKING:
    import sqlite3
    from collections import Counter
    from collections.abc import Callable

    from wmhr.requests.mail_service import Mailbox
    from wmhr.schedule.model import Schedule
    from wmhr.time.zones import Zone

# The store, CSV and iCalendar machinery is imported inside the commands that use it: every
# import here would slow the start of every wmhr command (see benchmarks/bench_core.py).

TABLE_ROWS = 2000  # a longer list is streamed as plain text, even on a terminal

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

MAX_CONTACT_LINE = 4096  # what `--from -` reads at most: an address or a name, never a file

DelimiterOption = Annotated[
    str | None,
    typer.Option(
        "--delimiter",
        help="The CSV separator: , ; tab or |. Default: found from the header row.",
        show_default=False,
    ),
]


@command("add", group=requests_app)
def add(
    session: SessionArgument,
    language: Annotated[
        str,
        typer.Argument(metavar="LANGUAGE", help="A BCP 47 language tag: es, pt-BR, uk, ar."),
    ],
    contact: Annotated[
        str,
        typer.Option(
            "--from",
            help="Who asked (e-mail or name). Only a keyed hash of it is stored. `-` reads it "
            "from standard input, which keeps it out of `ps` and the shell's history.",
            show_default=False,
        ),
    ],
    at: Annotated[
        str | None,
        typer.Option(
            "--at", help="When the request arrived (with a zone). Default: now.", show_default=False
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            help="A short note, stored in clear: no names or addresses. Shown only by "
            "`requests list --notes`.",
            show_default=False,
        ),
    ] = None,
    file: FileOption = None,
    db: DbOption = None,
    key: KeyOption = None,
    now: NowOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Record one interpretation request; say whether it was on time and the language's count."""
    from wmhr import store
    from wmhr.output import request_views
    from wmhr.requests import langtag, records, requesters
    from wmhr.requests.threshold import assess, deadlines_by_session, pool, pooled_demand

    moment = read_now(now)
    received = _received(at, moment)
    loaded = load(file)
    chosen = loaded.session(session)
    if chosen.cancelled:
        raise WmhrError(f"{chosen.id} is cancelled: it accepts no interpretation requests")
    tag = langtag.canonical(language)
    contact = _read_contact() if contact == "-" else contact
    requesters.check_contact(contact)  # before the key is read or made
    note_text = requesters.check_note(note, contact)
    path = store.default_path(db)
    deadline = deadlines_by_session(loaded)[chosen.id]
    secret = _requester_key(path, key)
    with closing(_open_to_write(path)) as conn:
        request = records.NewRequest(
            chosen.id, tag, requesters.requester_id(secret, contact), received, note_text, "add"
        )
        added = records.add(
            conn,
            path,
            request,
            fingerprint=requesters.fingerprint(secret),
            rekeying=_rekeying(conn, path, secret, lambda: [contact]),
            # A pasted form (`ana@example.org (Ana)`) may be on file under the previous rule's
            # hash; any other contact maps nothing, so nothing is hashed again or searched.
            previous=requesters.previous_rekeying(secret, [contact])[0],
        )
        counts = records.tallies(conn, path, {chosen.id: deadline}, now=moment, pool=pool(tag))
    demand = assess(loaded, counts, now=moment, only=chosen.id)[0]
    language_demand = pooled_demand(demand, tag)
    assert language_demand is not None  # just recorded
    render.emit(request_views.added_output(added, language_demand, deadline=deadline), fmt)
    if langtag.same_language(tag, chosen.language):
        warn(
            f"{chosen.id} is held in {chosen.language}, so {tag} needs no interpretation; "
            f"recorded anyway (`wmhr requests remove {added.request.id}` if it was a mistake)"
        )


def _read_contact() -> str:
    """`--from -`: the contact from standard input (one line), never from the command line."""
    import sys

    if sys.stdin is None:
        raise WmhrError("--from -: no standard input to read the contact from")
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("Contact (not shown, not stored): ", stream=sys.stderr)
    try:
        line = sys.stdin.readline(MAX_CONTACT_LINE + 1)  # capped: `< /dev/zero` has no line break
        line.encode("utf-8")  # a C locale reads bytes that are not UTF-8 as lone surrogates
    except (UnicodeDecodeError, UnicodeEncodeError):
        raise WmhrError("--from -: standard input is not UTF-8 text") from None
    if len(line.rstrip("\r\n")) > MAX_CONTACT_LINE:
        raise WmhrError(
            f"--from -: the first line of standard input is longer than {MAX_CONTACT_LINE} "
            "characters, which is no contact; give one address or name on one line"
        )
    return line.rstrip("\r\n")


def _rekeying(
    conn: sqlite3.Connection, path: Path, secret: bytes, contacts: Callable[[], list[str]]
) -> dict[str, str]:
    """For a database with requests hashed under the old contact rule: how to re-key the rows of
    these contacts (empty, and the contacts never read, when there are none)."""
    from wmhr.requests import records, requesters

    if not records.count_legacy(conn, path):
        return {}
    return requesters.rekeying(secret, contacts())[0]


def _requester_key(path: Path, key: Path | None) -> bytes:
    """The requester key, read (or made, saying where) before the database is written."""
    from wmhr.requests import records, requesters

    key_path = requesters.default_key_path(key)
    secret, created = records.requester_key(path, key_path)
    if created:
        _say_key_created(key_path)
    return secret


def _say_key_created(key_path: Path) -> None:
    say(
        f"note: created the requester key {key_path} (readable by you only); back it up "
        "with the database: without it, new requests cannot be matched with old ones"
    )


def _open_to_read(path: Path) -> sqlite3.Connection | None:
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


def _open_to_write(path: Path) -> sqlite3.Connection:
    """The requests database, ready to record; a warning when other users can read it."""
    from wmhr import store
    from wmhr.requests import records

    conn = records.open_db(path)
    # A file wmhr creates is owner-only; one that already exists keeps the mode it was given
    # (perhaps by an older wmhr, or on purpose), so say so instead of changing it silently.
    if store.readable_by_others(path):
        warn(f"{path} is readable by other users; run: chmod 600 {path}")
    return conn


def _received(at: str | None, now: datetime) -> datetime:
    from wmhr.time.parse import parse_instant

    if at is None:
        return now
    try:
        received = parse_instant(at)
    except TimeInputError as exc:
        raise TimeInputError(f"--at: {exc}") from None
    if received > now:
        raise TimeInputError(
            f"--at: {received.isoformat()} is in the future (now is {now.isoformat()}); "
            "give the time the request arrived"
        )
    return received


@command("import", group=requests_app)
def import_(
    csv_file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.csv", help="A UTF-8 CSV export with a header row.", dir_okay=False
        ),
    ],
    session_column: Annotated[
        str, typer.Option("--session-column", help="Column holding the session id.")
    ] = "session",
    language_column: Annotated[
        str, typer.Option("--language-column", help="Column holding the BCP 47 language tag.")
    ] = "language",
    contact_column: Annotated[
        str, typer.Option("--contact-column", help="Column holding who asked (hashed).")
    ] = "contact",
    time_column: Annotated[
        str, typer.Option("--time-column", help="Column holding when it arrived, with a zone.")
    ] = "time",
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", help="Report bad rows on stderr and import the rest."),
    ] = False,
    delimiter: DelimiterOption = None,
    time_zone: Annotated[
        str | None,
        typer.Option(
            "--time-zone",
            help="Where timestamps without a zone were written (IANA name or city), e.g. "
            "America/New_York for a Google Forms sheet (4/21/2022 14:02:11).",
            show_default=False,
        ),
    ] = None,
    file: FileOption = None,
    db: DbOption = None,
    key: KeyOption = None,
    now: NowOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Import requests from a registration export; every row is checked before anything is
    written, and re-importing the same file adds nothing."""
    import tempfile

    from wmhr import store
    from wmhr.output import request_views
    from wmhr.requests import csv_import, csv_staging, records, requesters

    moment = read_now(now)
    loaded = load(file)
    columns = csv_import.Columns(session_column, language_column, contact_column, time_column)
    export = csv_import.open_export(
        csv_file,
        columns,
        delimiter=csv_import.delimiter_option(delimiter),
        zone=_time_zone(time_zone),
    )
    path = store.default_path(db)
    key_path = requesters.default_key_path(key)
    # Read once: checked, hashed and staged in scratch databases as the rows come (a million
    # in memory would take a gigabyte). A new key lives in memory until the import commits.
    secret, new_key = records.requester_key_unsaved(path, key_path)
    with tempfile.TemporaryDirectory(prefix="wmhr-import-") as scratch:
        reading = csv_staging.Reading(loaded, moment, secret, skip_invalid)
        staged = csv_staging.stage_export(export, reading, Path(scratch))
        checked = staged.survey
        if checked.problems and not skip_invalid:
            first = checked.problems[0].describe(csv_file)
            more = len(checked.problems) - 1
            others = f" ({more} more bad row(s))" if more else ""
            raise InputFileError(
                f"{first}{others}; nothing was imported: fix the file or pass --skip-invalid"
            )
        for problem in checked.problems:
            warn(f"skipped {problem.describe(csv_file)}")

        def contacts() -> list[str]:  # only for a database with old-rule rows: read again
            rows = csv_import.checked_rows(export, loaded, now=moment)
            return [row.contact for row in rows if isinstance(row, csv_import.ImportRow)]

        def save_new_key() -> None:
            if new_key and requesters.save_key(key_path, secret) != secret:
                raise KeyFileError(
                    f"{key_path}: another wmhr made a requester key at the same time; nothing "
                    "was imported: run the import again"
                )

        with closing(_open_to_write(path)) as conn:
            rekeying = _rekeying(conn, path, secret, contacts)
            result = records.add_staged(
                conn,
                path,
                staged.databases,
                fingerprint=requesters.fingerprint(secret),
                rekeying=rekeying,
                before_commit=save_new_key,
                fresh_key=new_key,
            )
    if new_key:
        _say_key_created(key_path)
    output = request_views.imported_output(
        result, path=csv_file, rows=checked.rows, problems=checked.problems
    )
    render.emit(output, fmt)
    _warn_own_language(loaded, checked.own_language)


def _time_zone(typed: str | None) -> Zone | None:
    if typed is None:
        return None
    from wmhr.time.zones import resolve_one

    try:
        return resolve_one(typed)
    except WmhrError as exc:
        raise WmhrError(f"--time-zone: {exc}") from None


def _warn_own_language(loaded: Schedule, own: Counter[tuple[str, str]]) -> None:
    held = {session.id: session.language for session in loaded}
    for (session, language), rows_count in sorted(own.items()):
        warn(
            f"{rows_count} row(s) ask for {language} for {session}, which is held in "
            f"{held[session]} and needs no interpretation; recorded anyway"
        )


@command("rehash", group=requests_app)
def rehash(
    contacts_file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.csv",
            help="A CSV with the contacts again (e.g. the export imported before).",
            dir_okay=False,
        ),
    ],
    contact_column: Annotated[
        str, typer.Option("--contact-column", help="Column holding the contacts.")
    ] = "contact",
    delimiter: DelimiterOption = None,
    db: DbOption = None,
    key: KeyOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Re-key requests recorded before wmhr normalised contacts fully (or read pasted forms such
    as `ana@example.org (Ana)`), so each person counts once: give the contacts again; only
    their hashes are compared and stored."""
    from wmhr import store
    from wmhr.output import request_views
    from wmhr.requests import csv_import, records, requesters

    separator = csv_import.delimiter_option(delimiter)
    contacts = csv_import.read_contacts(contacts_file, contact_column, delimiter=separator)
    path = store.default_path(db)
    _require_requests(path, "nothing to rehash")
    secret = _requester_key(path, key)
    with closing(_open_to_write(path)) as conn:
        mapping, ambiguous = requesters.rekeying(secret, contacts)
        previous, ambiguous_previous = requesters.previous_rekeying(secret, contacts)
        result = records.rehash(
            conn,
            path,
            mapping,
            previous=previous,
            fingerprint=requesters.fingerprint(secret),
            ambiguous=ambiguous + ambiguous_previous,
        )
    render.emit(request_views.rehashed_output(result, path=contacts_file), fmt)


def _require_requests(path: Path, why: str) -> None:
    """Refuse, changing nothing, a database that is missing or records no requests."""
    from wmhr.requests import records

    if not path.exists():
        raise StoreError(f"{path}: no such database, so {why}; check --db")
    reader = records.open_to_read(path)
    if reader is None:  # no requests tables yet: nothing to change
        raise StoreError(f"{path}: records no requests, so {why}; check --db")
    reader.close()


@command("list", group=requests_app)
def list_(
    session: Annotated[
        str | None,
        typer.Argument(
            metavar="[SESSION]",
            help="Only this session.",
            autocompletion=complete_session,
            callback=session_ids,
        ),
    ] = None,
    notes: Annotated[
        bool, typer.Option("--notes", help="Also show the notes (they may be sensitive).")
    ] = False,
    show_requester: Annotated[
        bool,
        typer.Option("--show-requester", help="Also show each requester's keyed hash."),
    ] = False,
    file: FileOption = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List the recorded requests (never contacts; notes and hashes only when asked)."""
    import sys

    from wmhr import store
    from wmhr.output import request_views
    from wmhr.requests import records
    from wmhr.requests.threshold import deadlines_by_session

    loaded = load(file)
    chosen = loaded.session(session).id if session is not None else None
    deadlines = deadlines_by_session(loaded)
    path = store.default_path(db)
    conn = _open_to_read(path)  # reading never creates or changes a database
    if conn is None:
        output = request_views.list_output(
            [], deadlines=deadlines, notes=notes, requesters=show_requester
        )
        render.emit(output, fmt)
        return
    with closing(conn):
        shape = records.list_shape(conn, path, chosen, deadlines)
        if fmt is OutputFormat.TABLE and sys.stdout.isatty() and shape.rows <= TABLE_ROWS:
            rows = records.list_requests(conn, path, chosen)
            output = request_views.list_output(
                rows, deadlines=deadlines, notes=notes, requesters=show_requester
            )
            render.emit(output, fmt)
            return
        pieces = request_views.stream_list(
            records.iter_requests(conn, path, chosen),
            shape,
            fmt=fmt,
            deadlines=deadlines,
            notes=notes,
            requesters=show_requester,
        )
        render.write_all(sys.stdout, pieces)


@command("remove", group=requests_app)
def remove(
    request_id: Annotated[int, typer.Argument(metavar="ID", help="The id `requests list` shows.")],
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Remove one request, e.g. recorded by mistake or withdrawn by the requester."""
    from wmhr import store
    from wmhr.output import request_views
    from wmhr.requests import records

    path = store.default_path(db)
    _require_requests(path, f"no request #{request_id}")
    with closing(records.open_db(path)) as conn:
        removed = records.remove(conn, path, request_id)
    render.emit(request_views.removed_output(removed.id, removed.request), fmt)
    if not removed.flushed:
        warn(
            f"another program is reading {path}, so an old copy of the request stays in "
            f"{path.name}-wal until that program closes the database (which empties the file)"
        )


@command("interpretation")
def interpretation(
    session: Annotated[
        str | None,
        typer.Argument(
            metavar="[SESSION]",
            help="Only this session.",
            autocompletion=complete_session,
            callback=session_ids,
        ),
    ] = None,
    file: FileOption = None,
    db: DbOption = None,
    now: NowOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Which languages reach the interpretation threshold: confirmed, open or not met."""
    from wmhr import store
    from wmhr.output import request_views
    from wmhr.requests import records
    from wmhr.requests.threshold import Tally, assess, deadlines_by_session

    moment = read_now(now)
    loaded = load(file)
    chosen = loaded.session(session).id if session is not None else None
    deadlines = deadlines_by_session(loaded)
    path = store.default_path(db)
    counts: dict[str, dict[str, Tally]] = {}
    legacy = 0
    conn = _open_to_read(path)  # reading never creates or changes a database
    if conn is not None:
        with closing(conn):
            counts = records.tallies(conn, path, deadlines, now=moment)
            legacy = records.count_legacy(conn, path)
    demands = assess(loaded, counts, now=moment, only=chosen)
    output = request_views.interpretation_output(
        demands, now=moment, threshold=loaded.interpretation.min_requesters
    )
    render.emit(output, fmt)
    if legacy:
        warn(
            f"{legacy} request(s) in {path} were recorded before contacts were normalised, so "
            "one person written two ways may count twice; run `wmhr requests rehash FILE.csv` "
            "with their contacts (see docs/privacy.md)"
        )


SourceArgument = Annotated[
    str,
    typer.Argument(
        metavar="SOURCE",
        help="An mbox file, a Maildir folder, or imap://USER@HOST[:PORT]/MAILBOX (imaps:// for "
        "TLS; the password from $WMHR_IMAP_PASSWORD, else a prompt).",
    ),
]
DraftsOption = Annotated[
    Path | None,
    typer.Option(
        "--drafts",
        help="Put reply drafts at the end of this mbox file (needed when SOURCE is an mbox). "
        "Default: the mailbox's Drafts folder.",
        show_default=False,
        dir_okay=False,
    ),
]


@command("import-mail", group=requests_app)
def import_mail(
    source: SourceArgument,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be recorded; record nothing.")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only messages received from this instant on (with a zone: 2022-04-01T00:00Z).",
            show_default=False,
        ),
    ] = None,
    draft_replies: Annotated[
        bool,
        typer.Option(
            "--draft-replies",
            help="Draft an acknowledgement of each newly recorded message, in the requester's "
            "language, into the Drafts folder. Never sent.",
        ),
    ] = False,
    drafts: DraftsOption = None,
    file: FileOption = None,
    db: DbOption = None,
    key: KeyOption = None,
    now: NowOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Record interpretation requests from the organizers' mailbox: one per message and
    language, at the server's receipt time; anything unclear is listed for triage, never guessed."""
    from wmhr import store
    from wmhr.output import request_views
    from wmhr.requests import mail_service, records

    moment = read_now(now)
    loaded = load(file)
    from_instant = _since(since)
    mailbox = _mailbox(source, drafts, needs_drafts=draft_replies and not dry_run)
    path = store.default_path(db)
    result = mail_service.import_mail(
        mailbox,
        loaded,
        db=path,
        key=lambda: _dry_run_key(path, key) if dry_run else _requester_key(path, key),
        now=moment,
        since=from_instant,
        dry_run=dry_run,
        draft_replies=draft_replies and not dry_run,
        open_db=lambda: _open_to_write(path),
        open_to_read=lambda: records.open_to_read(path),
    )
    render.emit(request_views.mail_import_output(result, source=mailbox.source.shown()), fmt)
    for request in result.plan.untrusted:
        warn(
            f"{request.reference}: no time of receipt from the server; recorded at the sender's "
            "Date:, which their own clock wrote: check it"
        )


@command("draft-outcome", group=requests_app)
def draft_outcome(
    session: SessionArgument,
    source: SourceArgument,
    drafts: DraftsOption = None,
    file: FileOption = None,
    db: DbOption = None,
    key: KeyOption = None,
    now: NowOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """After a session's deadline, draft one reply per requester who asked by e-mail: whether
    interpretation into their language is confirmed or not met. Never sent."""
    from wmhr import store
    from wmhr.output import request_views
    from wmhr.requests import mail_service, records

    moment = read_now(now)
    loaded = load(file)
    chosen = loaded.session(session).id
    mailbox = _mailbox(source, drafts, needs_drafts=True)
    path = store.default_path(db)
    _require_requests(path, "there is no one to reply to")
    secret = _requester_key(path, key)
    with closing(records.open_db(path)) as conn:
        result = mail_service.draft_outcomes(
            mailbox, loaded, chosen, db=path, key=secret, now=moment, conn=conn
        )
    render.emit(request_views.outcome_output(result), fmt)
    if result.missing:
        warn(
            f"{result.missing} requester(s)' messages are no longer in {mailbox.source.shown()}; "
            "no reply was drafted for them"
        )


def _mailbox(source: str, drafts: Path | None, *, needs_drafts: bool) -> Mailbox:
    """SOURCE as a mailbox to open, checked (and its password asked for) before anything runs."""
    from wmhr.requests import mail_service, mail_sources

    where = mail_sources.parse_source(source)
    password = _imap_password() if isinstance(where, mail_sources.ImapAddress) else None
    mailbox = mail_service.Mailbox(where, password, drafts)
    if needs_drafts:
        mail_service.check_drafts_target(mailbox)
    return mailbox


def _imap_password() -> str:
    """$WMHR_IMAP_PASSWORD, else a prompt on a terminal; never a command-line argument."""
    import os
    import sys

    from wmhr.requests.mail_sources import PASSWORD_ENV

    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass("IMAP password (not shown): ", stream=sys.stderr)
    raise WmhrError(
        f"no IMAP password: set ${PASSWORD_ENV}, or run on a terminal to be asked for it"
    )


def _dry_run_key(path: Path, key: Path | None) -> bytes:
    """The requester key if there is one; a dry run never creates it (a throwaway key then:
    nothing can be recorded under it, and no hash is shown)."""
    from wmhr.requests import mail_service, requesters

    found = requesters.read_key(requesters.default_key_path(key))
    return found if found is not None else mail_service.throwaway_key()


def _since(text: str | None) -> datetime | None:
    from wmhr.time.parse import parse_instant

    if text is None:
        return None
    try:
        return parse_instant(text)
    except TimeInputError as exc:
        raise TimeInputError(f"--since: {exc}") from None
