"""Where requests by e-mail are read from, and where reply drafts are put: an mbox file, a Maildir
folder or an IMAP mailbox (`imap://USER@HOST[:PORT]/MAILBOX`, `imaps://...`).

Reading yields each message's raw bytes with the server's own delivery time when the source
keeps one (IMAP INTERNALDATE, the mbox `From ` line, the Maildir file's delivery time) and a
reference that shows no content (the mailbox and UID, or the message's place in the file). The
stdlib `mailbox` and `imaplib` do all the parsing of the formats and the protocol.
"""

from __future__ import annotations

import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Literal, NamedTuple
from urllib.parse import unquote, urlsplit

from wmhr.errors import InputFileError, WmhrError

PASSWORD_ENV = "WMHR_IMAP_PASSWORD"
IMAP_PORTS = {"imap": 143, "imaps": 993}
MAX_PORT = 65535
MBOX_START = b"From "
DeliveredBy = Literal["internaldate", "from-line", "maildir", "none"]


class MailSourceError(WmhrError):
    """A mailbox that cannot be read or written."""


class MailItem(NamedTuple):
    raw: bytes
    reference: str  # where it is, never what it says: "INBOX UID 7", "mbox message 3"
    delivered: datetime | None  # the receiving side's time, when the source keeps one
    delivered_by: DeliveredBy
    uid: str | None = None  # IMAP UID, or the mbox/Maildir key


@dataclass(frozen=True)
class ImapAddress:
    secure: bool
    user: str
    host: str
    port: int
    mailbox: str

    def shown(self) -> str:
        """The address without the user name (it may be an e-mail address)."""
        scheme = "imaps" if self.secure else "imap"
        return f"{scheme}://{self.host}:{self.port}/{self.mailbox}"


@dataclass(frozen=True)
class LocalMailbox:
    kind: Literal["mbox", "maildir"]
    path: Path

    def shown(self) -> str:
        return str(self.path)


MailSource = ImapAddress | LocalMailbox


def parse_source(text: str) -> MailSource:
    """SOURCE as typed: an IMAP URL, a Maildir folder (with cur/ and new/) or an mbox file."""
    if re.match(r"(?i)imaps?://", text):
        return _imap_address(text)
    path = Path(text)
    if path.is_dir():
        if not ((path / "cur").is_dir() and (path / "new").is_dir()):
            raise MailSourceError(
                f"{path}: a folder but not a Maildir (no cur/ and new/ in it); give a Maildir "
                "folder, an mbox file or an imap:// address"
            )
        return LocalMailbox("maildir", path)
    if not path.exists():
        raise InputFileError(
            f"{path}: no such file or folder; give an mbox file, a Maildir folder or "
            "imap://USER@HOST/MAILBOX"
        )
    if not path.is_file():
        raise InputFileError(f"{path}: not a regular file; give an mbox file or a Maildir folder")
    check_mbox(path)
    return LocalMailbox("mbox", path)


def check_mbox(path: Path) -> None:
    """An mbox file starts with a `From ` line (RFC 4155); an empty file is an empty mbox (what
    a mail client leaves when every message is moved out). Anything else (a CSV, a program, a
    binary file) is refused rather than read as a mailbox with no messages."""
    try:
        with path.open("rb") as handle:
            start = handle.read(len(MBOX_START))
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read the mbox ({exc.strerror})") from None
    if start and start != MBOX_START:
        raise InputFileError(
            f"{path}: not an mbox (it does not start with a `From ` line); give an mbox file, "
            "a Maildir folder or imap://USER@HOST/MAILBOX"
        )


def _imap_address(text: str) -> ImapAddress:
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    fix = "write imap://USER@HOST[:PORT]/MAILBOX (the password comes from $WMHR_IMAP_PASSWORD)"
    if parts.password is not None:
        raise MailSourceError(f"the IMAP address must not carry a password; {fix}")
    try:
        port = IMAP_PORTS[scheme] if parts.port is None else parts.port
    except ValueError:
        port = 0
    if not 1 <= port <= MAX_PORT:  # urlsplit takes 0, which no server listens on
        raise MailSourceError(f"the IMAP address has a bad port; {fix}")
    if not parts.username or not parts.hostname:
        raise MailSourceError(f"the IMAP address needs a user and a host; {fix}")
    mailbox_name = unquote(parts.path.lstrip("/")) or "INBOX"
    user = unquote(parts.username)
    return ImapAddress(scheme == "imaps", user, parts.hostname, port, mailbox_name)


# -- reading -------------------------------------------------------------------------------------


def read_local(source: LocalMailbox) -> Iterator[MailItem]:
    if source.kind == "mbox":
        yield from _read_mbox(source.path)
    else:
        yield from _read_maildir(source.path)


def _read_mbox(path: Path) -> Iterator[MailItem]:
    box = mailbox.mbox(path, create=False)
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            message = box.get_message(key)
            raw = box.get_bytes(key)
            delivered = from_line_time(message.get_from())
            yield MailItem(
                raw,
                f"{path.name} message {number}",
                delivered,
                "from-line" if delivered else "none",
                str(key),
            )
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read the mbox ({exc.strerror})") from None
    finally:
        box.close()


def from_line_time(from_line: str) -> datetime | None:
    """The delivery time of an mbox `From sender asctime` line; asctime has no zone, so UTC."""
    words = from_line.split()
    if len(words) < 6:
        return None
    try:
        naive = datetime.strptime(" ".join(words[-5:]), "%a %b %d %H:%M:%S %Y")  # noqa: DTZ007
    except ValueError:
        return None
    return naive.replace(tzinfo=UTC)


def _read_maildir(path: Path) -> Iterator[MailItem]:
    box = mailbox.Maildir(path, factory=None, create=False)
    for key in sorted(box.iterkeys()):
        message = box.get_message(key)
        delivered = datetime.fromtimestamp(message.get_date(), UTC)
        yield MailItem(box.get_bytes(key), f"{path.name} {key}", delivered, "maildir", key)


def imap_search_since(since: datetime | None) -> list[str]:
    """IMAP SEARCH criteria: SINCE is a date (RFC 9051), so a day early and filtered after."""
    if since is None:
        return ["ALL"]
    day = since.astimezone(UTC).date()
    return ["SINCE", datetime.combine(day, time(), UTC).strftime("%d-%b-%Y")]


# -- writing drafts ------------------------------------------------------------------------------


def add_local_draft(target: LocalMailbox, message: bytes) -> str:
    """Put one draft into a Maildir's Drafts folder (flag D) or at the end of an mbox file;
    returns where drafts go (the folder or file, never one draft's file name)."""
    try:
        if target.kind == "maildir":
            box = mailbox.Maildir(target.path, factory=None, create=False)
            try:
                drafts = box.get_folder("Drafts")
            except mailbox.NoSuchMailboxError:
                drafts = box.add_folder("Drafts")
            draft = mailbox.MaildirMessage(message)
            draft.set_subdir("cur")
            draft.set_flags("DS")
            drafts.add(draft)
            return f"{target.path.name}/.Drafts"
        mbox = mailbox.mbox(target.path, create=True)
        try:
            mbox.lock()
            mbox.add(mailbox.mboxMessage(message))
            mbox.flush()
        finally:
            mbox.unlock()
            mbox.close()
        return target.path.name
    except OSError as exc:
        raise MailSourceError(
            f"{target.path}: cannot write the draft ({exc.strerror}); check the path"
        ) from None
