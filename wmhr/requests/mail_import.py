"""Messages from a mailbox -> requests to record and messages to triage; pure, takes `now`.

A message that names exactly one session (not cancelled) and at least one language other than
the session's own becomes one request per language, from its sender's keyed hash, received when
the organizers' server received it (mail_receipt). Anything else is listed for triage with the
reason and a reference that shows no content. Nothing here stores or prints: the sender's
address, the subject and the body stay in memory, and only keyed hashes leave this module in
what is stored (ReplyContext is for drafting replies into the same mailbox, never stored).
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import NamedTuple

from wmhr.requests import langtag
from wmhr.requests.mail_reading import Vocabulary, new_text, understand
from wmhr.requests.mail_receipt import Basis, Receipt, receipt
from wmhr.requests.mail_sources import MailItem
from wmhr.requests.requesters import normalise_contact, requester_id
from wmhr.schedule.deadlines import interpretation_deadline
from wmhr.schedule.model import Schedule

MESSAGE_LABEL = b"wmhr mail message v1\x00"
MESSAGE_ID = re.compile(r"<[^<>\s]+>")  # an RFC 5322 msg-id, as In-Reply-To: lists them
AUTO_PRECEDENCE = frozenset({"auto_reply", "bulk", "junk", "list"})


class ReplyContext(NamedTuple):
    """What a reply draft needs from the message: in memory only, never stored or printed."""

    address: str
    message_id: str | None
    references: str
    subject: str


class MailRequest(NamedTuple):
    message: str  # keyed hash of the Message-ID (or of the raw bytes)
    reference: str
    requester: str  # keyed hash of the sender's address
    session: str
    languages: tuple[str, ...]
    received: datetime
    basis: Basis
    on_time: bool
    reply_language: str
    context: ReplyContext


class Triage(NamedTuple):
    reference: str
    message: str  # keyed hash, to find the message again without showing it
    reason: str


class Duplicate(NamedTuple):
    """Another copy of a message read in the same run (the same Message-ID, or the same bytes)."""

    reference: str
    message: str
    received: datetime | None
    of: str  # the reference of the copy that stands for the message: the earliest received


@dataclass
class MailPlan:
    requests: list[MailRequest] = field(default_factory=list)
    triage: list[Triage] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    untrusted: list[MailRequest] = field(default_factory=list)  # dated by the sender's Date:
    skipped_before: int = 0  # received before --since
    read: int = 0


def parse(raw: bytes) -> EmailMessage:
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)  # what policy.default makes
    return message


def message_hash(key: bytes, message: EmailMessage, raw: bytes) -> str:
    """The keyed hash that makes a message recorded once however often it is imported."""
    message_id = str(message.get("Message-ID", "") or "").strip()
    data = b"id\x00" + message_id.encode("utf-8") if message_id else b"raw\x00" + raw
    return hmac.digest(key, MESSAGE_LABEL + data, "sha256").hex()


def sender(message: EmailMessage) -> str | None:
    """The sender's address (From, parsed by the header registry), or None."""
    try:
        header = message["From"]
        addresses = header.addresses if header is not None else ()
    except (AttributeError, IndexError, ValueError):
        return None
    for address in addresses:
        if address.addr_spec and "@" in address.addr_spec:
            return str(address.addr_spec)
    return None


def reply_context(message: EmailMessage, address: str) -> ReplyContext:
    """What a reply to `message` needs; `references` is what the reply's References: starts
    with, before the message's own Message-ID (RFC 5322 3.6.4): the message's References:, else
    its In-Reply-To: when that holds a single identifier, else nothing."""
    references = " ".join(str(message.get("References", "") or "").split())
    if not references:
        parent = MESSAGE_ID.findall(str(message.get("In-Reply-To", "") or ""))
        references = parent[0] if len(parent) == 1 else ""
    return ReplyContext(
        address,
        str(message.get("Message-ID", "") or "").strip() or None,
        references,
        str(message.get("Subject", "") or ""),
    )


def not_a_request(message: EmailMessage) -> str | None:
    """Why a message is machine-written (RFC 3834 auto-reply, RFC 3464 bounce), or None."""
    if message.get_content_type() == "multipart/report":
        return "a delivery report (bounce)"
    auto = str(message.get("Auto-Submitted", "") or "").strip().lower()
    if auto and auto != "no":
        return "an automatic reply (Auto-Submitted)"
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return "an automatic reply (X-Autoreply)"
    if str(message.get("Precedence", "") or "").strip().lower() in AUTO_PRECEDENCE:
        return "an automatic or list message (Precedence)"
    return None


class _Planner:
    def __init__(
        self,
        schedule: Schedule,
        vocabulary: Vocabulary,
        key: bytes,
        own: frozenset[str],
        reply_language: Callable[[tuple[str, ...]], str],
        now: datetime,
    ) -> None:
        self.now = now
        self.schedule = schedule
        self.vocabulary = vocabulary
        self.key = key
        self.own = own
        self.reply_language = reply_language
        self.deadlines = {
            s.id: interpretation_deadline(s, schedule.interpretation) for s in schedule
        }

    def reason(self, message: EmailMessage, address: str | None) -> str | None:
        machine = not_a_request(message)
        if machine:
            return machine
        if address is None:
            return "no sender address"
        if normalise_contact(address) in self.own:
            return "from the organizers' own address"
        return None

    def entry(
        self, item: MailItem, message: EmailMessage, digest: str, when: Receipt | None
    ) -> MailRequest | Triage:
        """What one copy of a message becomes: a request, or a reason to triage it."""
        if when is not None and when.instant > self.now:
            return Triage(item.reference, digest, "received after --now")
        address = sender(message)
        reason = self.reason(message, address)
        if reason is not None or address is None:
            return Triage(item.reference, digest, reason or "no sender address")
        return self.request(item, message, digest, address, when)

    def request(
        self,
        item: MailItem,
        message: EmailMessage,
        digest: str,
        address: str,
        when: Receipt | None,
    ) -> MailRequest | Triage:
        named = understand(new_text(message), self.vocabulary)
        if not named.sessions:
            return Triage(item.reference, digest, "names no session")
        if len(named.sessions) > 1:
            return Triage(item.reference, digest, f"names {len(named.sessions)} sessions")
        session = self.schedule.session(named.sessions[0])
        if session.cancelled:
            return Triage(item.reference, digest, f"{session.id} is cancelled")
        if named.doubt:
            return Triage(item.reference, digest, named.doubt)
        wanted = tuple(t for t in named.languages if not langtag.same_language(t, session.language))
        if not wanted:
            return Triage(item.reference, digest, _no_language(named.languages, named.mentioned))
        if when is None:
            return Triage(item.reference, digest, "has no time of receipt (no Received: or Date:)")
        context = reply_context(message, address)
        return MailRequest(
            digest,
            item.reference,
            requester_id(self.key, address),
            session.id,
            wanted,
            when.instant,
            when.basis,
            when.instant <= self.deadlines[session.id],
            self.reply_language(wanted),
            context,
        )


def _no_language(asked: tuple[str, ...], mentioned: tuple[str, ...]) -> str:
    """Why a message with one session asks for no language to interpret into."""
    if asked:
        return "names only the session's own language"
    if len(mentioned) > 1:
        return "several languages named; which to interpret into is unclear"
    if mentioned:
        return "names a language but does not ask for interpretation into it"
    return "names no language"


def plan_import(
    items: Iterable[MailItem],
    schedule: Schedule,
    vocabulary: Vocabulary,
    *,
    key: bytes,
    now: datetime,
    own_addresses: Iterable[str],
    reply_language: Callable[[tuple[str, ...]], str],
    since: datetime | None = None,
) -> MailPlan:
    """What importing `items` at `now` would record and what it leaves for triage.

    Copies of one message (the same Message-ID, or the same bytes) are one message: the copy
    received first stands for it, whatever order the mailbox keeps them in, and every other copy
    is listed as its duplicate. A copy received before `since` is left out like any message."""
    own = frozenset(normalise_contact(a) for a in own_addresses if a)
    planner = _Planner(schedule, vocabulary, key, own, reply_language, now)
    plan = MailPlan()
    kept: dict[str, MailRequest | Triage] = {}  # message hash -> the copy that stands for it
    for item in items:
        plan.read += 1
        message = parse(item.raw)
        digest = message_hash(key, message, item.raw)
        when = receipt(message, item)
        if since is not None and when is not None and when.instant < since:
            plan.skipped_before += 1
            continue
        first = kept.get(digest)
        if first is None:
            kept[digest] = found = planner.entry(item, message, digest, when)
            if isinstance(found, MailRequest):
                plan.requests.append(found)
            else:
                plan.triage.append(found)
            continue
        if isinstance(first, MailRequest) and when is not None and when.instant < first.received:
            earlier = planner.entry(item, message, digest, when)
            if isinstance(earlier, MailRequest):
                kept[digest] = earlier
                plan.requests[plan.requests.index(first)] = earlier
                for number, copy in enumerate(plan.duplicates):  # now copies of this one
                    if copy.message == digest:
                        plan.duplicates[number] = copy._replace(of=earlier.reference)
                plan.duplicates.append(
                    Duplicate(first.reference, digest, first.received, earlier.reference)
                )
                continue
        plan.duplicates.append(
            Duplicate(item.reference, digest, when.instant if when else None, first.reference)
        )
    plan.untrusted = [r for r in plan.requests if r.basis == "date-header"]
    return plan


def short(digest: str) -> str:
    """How a message is named where it has no mailbox reference: its hash, shortened."""
    return f"message {digest[:12]}"
