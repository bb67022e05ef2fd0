"""`wmhr requests import-mail|draft-outcome`: requests from the organizers' mailbox, with
replies drafted."""

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
    read_now,
)
from wmhr.cli.requests_group import (
    KeyOption,
    open_requests_to_write,
    read_or_make_key,
    requests_app,
    require_requests,
)
from wmhr.cli.root import command, warn
from wmhr.errors import TimeInputError, WmhrError
from wmhr.output import OutputFormat, render
from wmhr.schedule.model import load

if TYPE_CHECKING:
    from wmhr.requests.mail_service import Mailbox

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
        key=lambda: _dry_run_key(path, key) if dry_run else read_or_make_key(path, key),
        now=moment,
        since=from_instant,
        dry_run=dry_run,
        draft_replies=draft_replies and not dry_run,
        open_db=lambda: open_requests_to_write(path),
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
    require_requests(path, "there is no one to reply to")
    secret = read_or_make_key(path, key)
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
