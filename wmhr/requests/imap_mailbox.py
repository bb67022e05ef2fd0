"""An IMAP mailbox through the standard library's `imaplib`: read messages with their INTERNALDATE
(the server's arrival time), never marking them seen, and append reply drafts with `\\Draft`.

imaplib rather than imapclient: the two commands needed (UID FETCH, APPEND) are in the standard
library, whose `InternalDate` pattern reads the server's time; no dependency is added for them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import imaplib
import re
import ssl
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
from types import TracebackType

from wmhr.requests.mail_sources import (
    ImapAddress,
    MailItem,
    MailSourceError,
    imap_search_since,
)

TIMEOUT_SECONDS = 30
BATCH = 200
UID = re.compile(rb"\bUID (\d+)")
DRAFTS = "Drafts"
# imaplib's own pattern and month table for INTERNALDATE (not in its type stubs).
INTERNAL_DATE: re.Pattern[bytes] = imaplib.InternalDate  # type: ignore[attr-defined]
MONTHS: dict[bytes, int] = imaplib.Mon2num  # type: ignore[attr-defined]
# OpenSSL's verify codes for a certificate that does not name the host or IP address connected
# to (X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH); the ssl module names neither.
NAME_MISMATCH = frozenset({62, 64})


class ImapMailbox:
    """One logged-in connection; use as a context manager so it always logs out."""

    def __init__(self, address: ImapAddress, password: str) -> None:
        self.address = address
        self.connection = self._connect(address)
        try:
            self._check(self.connection.login(address.user, password), "log in")
        except imaplib.IMAP4.error:
            self.connection.shutdown()
            raise MailSourceError(
                f"{address.shown()}: the server refused the user name or password; check them "
                "(the password comes from $WMHR_IMAP_PASSWORD or the prompt)"
            ) from None

    @staticmethod
    def _connect(address: ImapAddress) -> imaplib.IMAP4:
        try:
            if address.secure:
                # The system's trusted certificates (or $SSL_CERT_FILE), the host name checked:
                # the password goes only to the server the address names.
                context = ssl.create_default_context()
                return imaplib.IMAP4_SSL(
                    address.host, address.port, ssl_context=context, timeout=TIMEOUT_SECONDS
                )
            return imaplib.IMAP4(address.host, address.port, timeout=TIMEOUT_SECONDS)
        except ssl.SSLCertVerificationError as exc:
            if exc.verify_code in NAME_MISMATCH:
                raise MailSourceError(
                    f"{address.shown()}: the server's certificate does not name {address.host} "
                    "(it was issued for another host name); nothing was sent to it. Connect with "
                    "the host name the certificate names (imaps://USER@NAME/MAILBOX), or have "
                    f"the server's certificate issued for {address.host}"
                ) from None
            raise MailSourceError(
                f"{address.shown()}: the server's certificate is not trusted "
                f"({exc.verify_message}); nothing was sent to it. Check the host name; for a "
                "server with its own certificate authority, point $SSL_CERT_FILE at that "
                "authority's certificate (PEM)"
            ) from None
        except (OSError, imaplib.IMAP4.error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise MailSourceError(
                f"{address.shown()}: cannot connect ({reason}); check the host and port"
            ) from None

    def __enter__(self) -> ImapMailbox:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            self.connection.logout()

    def _check(self, response: tuple[str, Sequence[object]], doing: str) -> Sequence[object]:
        status, data = response
        if status != "OK":
            first = data[0] if data else b""
            detail = first.decode("utf-8", "replace") if isinstance(first, bytes) else ""
            raise MailSourceError(
                f"{self.address.shown()}: the server refused to {doing} ({detail[:120]})"
            )
        return data

    def read(self, since: datetime | None = None) -> Iterator[MailItem]:
        """Every message of the mailbox (from the day of `since` on), read-only: nothing is
        marked seen (BODY.PEEK) or changed."""
        mailbox_name = self.address.mailbox
        try:
            self._check(self.connection.select(_quoted(mailbox_name), readonly=True), "open it")
            found = self._check(self.connection.uid("SEARCH", *imap_search_since(since)), "search")
            first = found[0] if found and isinstance(found[0], bytes) else b""
            uids = [uid.decode("ascii") for uid in first.split()]
            for start in range(0, len(uids), BATCH):
                batch = ",".join(uids[start : start + BATCH])
                data = self._check(
                    self.connection.uid("FETCH", batch, "(UID INTERNALDATE BODY.PEEK[])"), "fetch"
                )
                yield from self._items(data)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise MailSourceError(
                f"{self.address.shown()}: reading failed ({exc}); try again"
            ) from None

    def _items(self, data: Sequence[object]) -> Iterator[MailItem]:
        for part in data:
            if not isinstance(part, tuple):
                continue  # the closing ")" of each message
            head, raw = part
            uid = UID.search(head)
            delivered = internal_date(head)
            number = uid.group(1).decode("ascii") if uid else "?"
            yield MailItem(
                bytes(raw),
                f"{self.address.mailbox} UID {number}",
                delivered,
                "internaldate" if delivered else "none",
                number,
            )

    def drafts_folder(self) -> str:
        """The folder marked \\Drafts (RFC 6154), else `Drafts`, created when missing."""
        listed = self._check(self.connection.list(), "list the folders")
        names = []
        for line in listed:
            if not isinstance(line, bytes):
                continue
            match = re.match(rb'\((?P<flags>[^)]*)\) (?:"[^"]*"|NIL) (?P<name>.+)$', line)
            if not match:
                continue
            name = match.group("name").strip().strip(b'"').decode("utf-8", "replace")
            if b"\\drafts" in match.group("flags").lower():
                return name
            names.append(name)
        if DRAFTS not in names:
            self._check(self.connection.create(DRAFTS), "create the Drafts folder")
        return DRAFTS

    def append_draft(self, message: bytes, when: datetime) -> str:
        """Store one draft; returns where drafts go: the Drafts folder's address."""
        folder = self.drafts_folder()
        try:
            self._check(
                self.connection.append(
                    _quoted(folder), r"(\Draft)", imaplib.Time2Internaldate(when), message
                ),
                "store the draft",
            )
        except (OSError, imaplib.IMAP4.error) as exc:
            raise MailSourceError(
                f"{self.address.shown()}: storing the draft failed ({exc})"
            ) from None
        return dataclasses.replace(self.address, mailbox=folder).shown()


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def internal_date(response: bytes) -> datetime | None:
    """INTERNALDATE of a FETCH response, read with imaplib's own pattern, as an aware instant."""
    match = INTERNAL_DATE.match(response)
    if not match:
        return None
    month = MONTHS[match.group("mon")]
    offset = timedelta(hours=int(match.group("zoneh")), minutes=int(match.group("zonem")))
    zone = timezone(-offset if match.group("zonen") == b"-" else offset)
    local = datetime(
        int(match.group("year")),
        month,
        int(match.group("day")),
        int(match.group("hour")),
        int(match.group("min")),
        int(match.group("sec")),
        tzinfo=zone,
    )
    return local.astimezone(UTC)


def connect(address: ImapAddress, password: str) -> ImapMailbox:
    try:
        return ImapMailbox(address, password)
    except TimeoutError:
        raise MailSourceError(f"{address.shown()}: the server did not answer in time") from None
