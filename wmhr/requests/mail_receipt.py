"""When the organizers' server received a message: the one clock a deadline is judged on.

In order: the IMAP INTERNALDATE (the server's arrival time); the date of the topmost `Received:`
header (RFC 5321 4.4: prepended by the last hop, the receiving server); the mbox `From ` line or
the Maildir delivery time. The sender's `Date:` is written by their own client (RFC 5322 3.6.1),
so it is used only when nothing else exists, and then never silently.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from typing import Literal, NamedTuple

from wmhr.requests.mail_sources import MailItem

Basis = Literal["internaldate", "received", "from-line", "maildir", "date-header"]
TRUSTED: frozenset[Basis] = frozenset({"internaldate", "received", "from-line", "maildir"})


class Receipt(NamedTuple):
    instant: datetime  # UTC
    basis: Basis

    @property
    def trusted(self) -> bool:
        return self.basis in TRUSTED


def receipt(message: EmailMessage, item: MailItem) -> Receipt | None:
    """The receipt time of `message` as read from `item`, or None when it has no time at all."""
    if item.delivered_by == "internaldate" and item.delivered is not None:
        return Receipt(item.delivered, "internaldate")
    received = topmost_received(message)
    if received is not None:
        return Receipt(received, "received")
    if item.delivered is not None and item.delivered_by in ("from-line", "maildir"):
        return Receipt(item.delivered, item.delivered_by)
    written = _header_time(str(message.get("Date", "") or ""))
    return None if written is None else Receipt(written, "date-header")


def topmost_received(message: EmailMessage) -> datetime | None:
    """The date-time after the `;` of the first `Received:` header (the receiving server's)."""
    values = message.get_all("Received") or []
    if not values:
        return None
    return _header_time(str(values[0]).rpartition(";")[2])


def _header_time(text: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    # "-0000" means the zone is unknown (RFC 5322 3.3): the time is UTC all the same.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
