"""`wmhr requests import|rehash`: registration exports (CSV)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wmhr.cli.options import (
    DbOption,
    FileOption,
    FormatOption,
    NowOption,
    read_now,
)
from wmhr.cli.requests_group import (
    KeyOption,
    open_requests_to_write,
    read_or_make_key,
    rekeying_for,
    requests_app,
    require_requests,
    say_key_created,
)
from wmhr.cli.root import command, warn
from wmhr.errors import InputFileError, KeyFileError, WmhrError
from wmhr.output import OutputFormat, render
from wmhr.schedule.model import load

if TYPE_CHECKING:
    from collections import Counter
    from collections.abc import Iterator

    from wmhr.schedule.model import Schedule
    from wmhr.time.zones import Zone

DelimiterOption = Annotated[
    str | None,
    typer.Option(
        "--delimiter",
        help="The CSV separator: , ; tab or |. Default: found from the header row.",
        show_default=False,
    ),
]


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
    from wmhr.requests import bulk_merge, csv_import, csv_staging, records, requesters

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

        def contacts() -> Iterator[str]:  # only for a database with old-rule rows: read again
            rows = csv_import.checked_rows(export, loaded, now=moment)
            return (row.contact for row in rows if isinstance(row, csv_import.ImportRow))

        def save_new_key() -> None:
            if new_key and requesters.save_key(key_path, secret) != secret:
                raise KeyFileError(
                    f"{key_path}: another wmhr made a requester key at the same time; nothing "
                    "was imported: run the import again"
                )

        with closing(open_requests_to_write(path)) as conn:
            rekeying = rekeying_for(conn, path, secret, contacts)
            result = bulk_merge.add_staged(
                conn,
                path,
                staged.databases,
                fingerprint=requesters.fingerprint(secret),
                rekeying=rekeying,
                before_commit=save_new_key,
                fresh_key=new_key,
            )
    if new_key:
        say_key_created(key_path)
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
    require_requests(path, "nothing to rehash")
    secret = read_or_make_key(path, key)
    with closing(open_requests_to_write(path)) as conn:
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
