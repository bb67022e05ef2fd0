"""SEQUENCE and DTSTAMP for each event, from what was issued before; pure, takes `now`.

The rules (RFC 5546 section 2.1.4, applied without human bookkeeping):
- unchanged content keeps its SEQUENCE and DTSTAMP, so regenerated files are byte-identical;
- a changed session (what sessions.toml says of it: time, duration, status, its texts and their
  translations, the series texts its invite carries) gets SEQUENCE + 1 and DTSTAMP = now; how it
  is rendered (the language of a copy, the folder it goes to, wmhr's own wording) is not a change;
- SEQUENCE never goes down, and never below the schedule's `min_sequence` pin (which is how an
  organizer recovers from a lost database: pin above the last SEQUENCE people received).
Where the issued state is kept is `wmhr.invites.ledger`'s business (SQLite); this module does not
import it, so a one-off invite without a database never loads sqlite3.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, NamedTuple

from wmhr.errors import WmhrError
from wmhr.invites.content import EventContent

if TYPE_CHECKING:
    from wmhr.schedule.model import Schedule, Session

# Digests of what sessions.toml says carry this prefix; older rows hold a digest of the rendered
# event (its text in one language), compared the old way once and then replaced.
DIGEST_PREFIX = "s1:"


class Issued(NamedTuple):  # not a dataclass: see wmhr.invites.icalwrite.Issue
    """What the ledger holds for one event UID."""

    uid: str
    series_id: str
    digest: str
    sequence: int
    stamp: datetime
    content: EventContent


class ClockWentBack(WmhrError):
    """A changed event would get a DTSTAMP earlier than the one already issued."""


def next_issue(
    previous: Issued | None, content: EventContent, digest: str, *, min_sequence: int, now: datetime
) -> tuple[int, datetime]:
    """The SEQUENCE and DTSTAMP to write for `content` (whose digest is `digest`), given what
    was issued before."""
    now = now.astimezone(UTC).replace(microsecond=0)
    if previous is None:
        return min_sequence, now
    sequence = previous.sequence + (not unchanged(previous, digest, content))
    sequence = max(sequence, min_sequence)
    if sequence == previous.sequence:
        return sequence, previous.stamp
    if now < previous.stamp:
        raise ClockWentBack(
            f"{content.uid} was last issued at {previous.stamp:%Y-%m-%dT%H:%M:%SZ}, after "
            f"--now {now:%Y-%m-%dT%H:%M:%SZ}; pass a later --now (or fix the clock)"
        )
    return sequence, now


def unchanged(previous: Issued, digest: str, content: EventContent) -> bool:
    """Is the event what was issued before? A row from before source digests is compared as it
    was written: by the rendered content's digest."""
    if previous.digest.startswith(DIGEST_PREFIX) or not previous.digest:
        return previous.digest == digest
    return previous.digest == content.digest()


def schedule_part(schedule: Schedule) -> str:
    """What every event of the schedule says from outside its session, as canonical JSON (made
    once per run): the series texts, the format, the interpretation policy and the survey, each
    with its translations. Not the organizer's e-mail (written only on request), nor the series
    language (it decides how things are written, not what)."""
    import json

    series = schedule.series._replace(organizer_email=None, language="")
    parts = [series, schedule.format, schedule.interpretation, schedule.survey]
    return json.dumps(_plain(parts), sort_keys=True, ensure_ascii=False)


def source_digest(part: str, session: Session, kind: str) -> str:
    """The digest of what sessions.toml says of `session`'s event of `kind`, in every language
    it gives: equal for every copy (any --lang, any folder), different after any change to it.
    `min_sequence` is not part of it (it is a floor, applied on its own), nor the published
    times (they record what the series page shows, a consequence of `start`)."""
    import hashlib
    import json

    fields = {
        name: value
        for name, value in vars(session).items()
        if name not in ("min_sequence", "published_utc", "published_local")
    }
    own = json.dumps(_plain(fields), sort_keys=True, ensure_ascii=False)
    text = f"{kind}\n{part}\n{own}"
    return DIGEST_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def withdrawn_digest(previous: Issued) -> str:
    """An event whose session left the schedule: one change (its cancellation), then none."""
    if previous.content.cancelled:
        return previous.digest
    return f"{DIGEST_PREFIX}withdrawn:{previous.uid}"


def _plain(value: object) -> object:
    """A JSON-ready form of schedule values: texts with their translations, instants in UTC,
    zones by name, records as objects."""
    from wmhr.schedule.localized import Localized

    if isinstance(value, Localized):
        translations = dict(sorted(value.translations.items()))
        return [str(value), translations] if translations else str(value)
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {key: _plain(item) for key, item in value._asdict().items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if hasattr(value, "__dataclass_fields__"):
        return {key: _plain(item) for key, item in vars(value).items()}
    key = getattr(value, "key", None)  # a ZoneInfo
    if isinstance(key, str):
        return key
    return str(value)
