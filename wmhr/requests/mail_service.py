"""Importing requests from a mailbox, and drafting the replies, as one service: read the mailbox,
plan (mail_import), record in one transaction (mail_ledger), then put the drafts into the
mailbox's Drafts folder and note which were made. Commands call `import_mail` and
`draft_outcomes`; they never order these steps.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from wmhr.errors import WmhrError
from wmhr.requests import mail_drafts, mail_ledger, requesters, tallying
from wmhr.requests.mail_import import MailPlan, MailRequest, parse, plan_import, reply_context
from wmhr.requests.mail_import import message_hash as hash_message
from wmhr.requests.mail_import import sender as sender_of
from wmhr.requests.mail_reading import Vocabulary, vocabulary
from wmhr.requests.mail_sources import (
    ImapAddress,
    LocalMailbox,
    MailItem,
    MailSource,
    add_local_draft,
    check_mbox,
    read_local,
)
from wmhr.requests.threshold import assess, pooled_state
from wmhr.schedule.deadlines import interpretation_deadline
from wmhr.schedule.model import Schedule


@dataclass(frozen=True)
class Mailbox:
    """Where to read and where drafts go: SOURCE, and --drafts FILE (an mbox) when given."""

    source: MailSource
    password: str | None = None  # IMAP only
    drafts_file: Path | None = None


@dataclass
class MailImport:
    plan: MailPlan
    dry_run: bool
    known: set[str] = field(default_factory=set)  # messages an earlier import recorded
    recorded: mail_ledger.MailRecorded | None = None
    drafts: list[str] = field(default_factory=list)  # where each draft went (a folder or file)


class _Access:
    """Reading and draft writing for one opened mailbox."""

    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox
        self.imap = None
        if isinstance(mailbox.source, ImapAddress):
            from wmhr.requests import imap_mailbox

            self.imap = imap_mailbox.connect(mailbox.source, mailbox.password or "")

    def read(self, since: datetime | None) -> Iterator[MailItem]:
        if self.imap is not None:
            return self.imap.read(since)
        assert isinstance(self.mailbox.source, LocalMailbox)
        return read_local(self.mailbox.source)

    def add_draft(self, message: EmailMessage, now: datetime) -> str:
        data = bytes(message)
        if self.mailbox.drafts_file is not None:
            return add_local_draft(LocalMailbox("mbox", self.mailbox.drafts_file), data)
        if self.imap is not None:
            return self.imap.append_draft(data, now)
        source = self.mailbox.source
        assert isinstance(source, LocalMailbox)
        if source.kind == "mbox":
            raise WmhrError(
                f"{source.path}: an mbox has no Drafts folder; pass --drafts FILE (an mbox file "
                "for the drafts)"
            )
        return add_local_draft(source, data)

    def close(self) -> None:
        if self.imap is not None:
            self.imap.__exit__(None, None, None)


@contextmanager
def _opened(mailbox: Mailbox) -> Iterator[_Access]:
    access = _Access(mailbox)
    try:
        yield access
    finally:
        access.close()


def check_drafts_target(mailbox: Mailbox) -> None:
    """Before anything is read or written: an mbox source needs --drafts FILE for drafts, and
    that file, when it exists, must be an mbox (drafts are never appended to anything else)."""
    source = mailbox.source
    if mailbox.drafts_file is not None and mailbox.drafts_file.is_file():
        check_mbox(mailbox.drafts_file)
    if mailbox.drafts_file is None and isinstance(source, LocalMailbox) and source.kind == "mbox":
        raise WmhrError(
            f"{source.path}: an mbox has no Drafts folder; pass --drafts FILE (an mbox file for "
            "the drafts)"
        )


def _reply_language(schedule: Schedule) -> Callable[[tuple[str, ...]], str]:
    return lambda requested: mail_drafts.letter_language(requested, schedule.series.language)


def _vocabulary(schedule: Schedule) -> Vocabulary:
    from wmhr.locale.catalogs import catalog_tags

    return vocabulary(schedule, catalog_tags())


def import_mail(
    mailbox: Mailbox,
    schedule: Schedule,
    *,
    db: Path,
    key: Callable[[], bytes],
    now: datetime,
    since: datetime | None,
    dry_run: bool,
    draft_replies: bool,
    open_db: Callable[[], sqlite3.Connection],
    open_to_read: Callable[[], sqlite3.Connection | None],
) -> MailImport:
    """Read, plan, record (unless `dry_run`) and draft acknowledgements (with `draft_replies`).
    `key` is asked for once the mailbox is open, so a mailbox that cannot be read leaves no
    key file behind."""
    if draft_replies:
        check_drafts_target(mailbox)
    words = _vocabulary(schedule)
    with _opened(mailbox) as access:
        secret = key()
        plan = plan_import(
            access.read(since),
            schedule,
            words,
            key=secret,
            now=now,
            own_addresses=[schedule.interpretation.contact],
            reply_language=_reply_language(schedule),
            since=since,
        )
        result = MailImport(plan, dry_run)
        if dry_run:
            reader = open_to_read()
            if reader is not None:
                with closing(reader):
                    result.known = mail_ledger.known_messages(
                        reader, (r.message for r in plan.requests)
                    )
            return result
        with closing(open_db()) as conn:
            result.recorded = mail_ledger.record(
                conn, db, plan.requests, fingerprint=requesters.fingerprint(secret)
            )
            if draft_replies:
                done = mail_ledger.drafted(conn, db, "received")
                pending = [r for r in plan.requests if r.message not in done]
                result.drafts = _draft_received(access, conn, db, pending, schedule, now=now)
    return result


def _draft_received(
    access: _Access,
    conn: sqlite3.Connection,
    db: Path,
    requests: Sequence[MailRequest],
    schedule: Schedule,
    *,
    now: datetime,
) -> list[str]:
    """One acknowledgement per message; each is noted as drafted once it is in the mailbox, so
    a failure part-way leaves no draft noted that is not there (at worst one made twice)."""
    places = []
    for request in requests:
        session = schedule.session(request.session)
        draft = mail_drafts.received_draft(
            request.context,
            schedule=schedule,
            session=session,
            languages=request.languages,
            deadline=interpretation_deadline(session, schedule.interpretation),
            on_time=request.on_time,
            language=request.reply_language,
            now=now,
        )
        places.append(access.add_draft(draft, now))
        mail_ledger.mark_drafted(conn, db, [request.message], "received", now=now)
    return places


@dataclass
class Outcomes:
    session: str
    requesters: int  # who asked for the session by e-mail
    drafts: list[str] = field(default_factory=list)
    missing: int = 0  # requesters whose message is no longer in the mailbox
    already: int = 0  # drafted by an earlier run


def draft_outcomes(
    mailbox: Mailbox,
    schedule: Schedule,
    session_id: str,
    *,
    db: Path,
    key: bytes,
    now: datetime,
    conn: sqlite3.Connection,
) -> Outcomes:
    """One reply per requester of the session saying, per language they asked for, whether
    interpretation is confirmed or not met; their message is found again by its stored hash."""
    session = schedule.session(session_id)
    deadline = interpretation_deadline(session, schedule.interpretation)
    if session.cancelled:
        raise WmhrError(f"{session.id} is cancelled: there is no interpretation to report")
    if now <= deadline:
        raise WmhrError(
            f"{session.id}: requests are accepted until {deadline.isoformat()}, so the outcome "
            "is not known yet; run this after the deadline"
        )
    counts = tallying.tallies(conn, db, {session.id: deadline}, now=now)
    demand = assess(schedule, counts, now=now, only=session.id)[0]
    people = mail_ledger.requesters_of(conn, db, session.id)
    done = mail_ledger.drafted(conn, db, "outcome")
    result = Outcomes(session.id, len(people), already=sum(p.message in done for p in people))
    wanted = {p.message: p for p in people if p.message not in done}
    if not wanted:
        return result
    with _opened(mailbox) as access:
        found: dict[str, tuple[EmailMessage, str]] = {}
        for item in access.read(None):
            message = parse(item.raw)
            digest = hash_message(key, message, item.raw)
            address = sender_of(message)
            if digest in wanted and address is not None and digest not in found:
                found[digest] = (message, address)
        result.missing = len(wanted) - len(found)
        for digest, (message, address) in found.items():
            person = wanted[digest]
            if requesters.requester_id(key, address) != person.requester:
                result.missing += 1
                continue
            outcomes = {tag: pooled_state(demand, tag) == "confirmed" for tag in person.languages}
            draft = mail_drafts.outcome_draft(
                reply_context(message, address),
                schedule=schedule,
                session=session,
                outcomes=outcomes,
                deadline=deadline,
                language=person.reply_language,
                now=now,
            )
            result.drafts.append(access.add_draft(draft, now))
            mail_ledger.mark_drafted(conn, db, [digest], "outcome", now=now)
    return result


def throwaway_key() -> bytes:
    """For a dry run with no key yet: nothing is recorded, so no hash must match a later one."""
    return secrets.token_bytes(requesters.KEY_BYTES)
