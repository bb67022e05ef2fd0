"""`wmhr requests add|list|remove` and `wmhr interpretation`."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime
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
from wmhr.cli.requests_group import (
    KeyOption,
    open_requests_to_read,
    open_requests_to_write,
    read_or_make_key,
    rekeying_for,
    requests_app,
    require_requests,
)
from wmhr.cli.root import command, warn
from wmhr.errors import TimeInputError, WmhrError
from wmhr.output import OutputFormat, render
from wmhr.schedule.model import load

if TYPE_CHECKING:
    pass

TABLE_ROWS = 2000  # a longer list is streamed as plain text, even on a terminal


MAX_CONTACT_LINE = 4096  # what `--from -` reads at most: an address or a name, never a file


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
    from wmhr.requests import langtag, records, requesters, tallying
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
    secret = read_or_make_key(path, key)
    with closing(open_requests_to_write(path)) as conn:
        request = records.NewRequest(
            chosen.id, tag, requesters.requester_id(secret, contact), received, note_text, "add"
        )
        added = records.add(
            conn,
            path,
            request,
            fingerprint=requesters.fingerprint(secret),
            rekeying=rekeying_for(conn, path, secret, lambda: [contact]),
            # A pasted form (`ana@example.org (Ana)`) may be on file under the previous rule's
            # hash; any other contact maps nothing, so nothing is hashed again or searched.
            previous=requesters.previous_rekeying(secret, [contact])[0],
        )
        counts = tallying.tallies(conn, path, {chosen.id: deadline}, now=moment, pool=pool(tag))
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
    conn = open_requests_to_read(path)  # reading never creates or changes a database
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
    require_requests(path, f"no request #{request_id}")
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
    from wmhr.requests import records, tallying
    from wmhr.requests.threshold import Tally, assess, deadlines_by_session

    moment = read_now(now)
    loaded = load(file)
    chosen = loaded.session(session).id if session is not None else None
    deadlines = deadlines_by_session(loaded)
    path = store.default_path(db)
    counts: dict[str, dict[str, Tally]] = {}
    legacy = 0
    conn = open_requests_to_read(path)  # reading never creates or changes a database
    if conn is not None:
        with closing(conn):
            counts = tallying.tallies(conn, path, deadlines, now=moment)
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
