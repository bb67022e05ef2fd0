"""Reminder offsets people type (`15m`, `1h30m`, `1d`, `PT15M`) -> how long before the start."""

from __future__ import annotations

import re
from datetime import timedelta

from wmhr.errors import WmhrError

DEFAULT_ALARM = timedelta(minutes=15)
MAX_ALARM = timedelta(weeks=4)
MAX_DIGITS = 9  # 4 weeks is 2,419,200 seconds: any amount with more digits is beyond it
UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
SHORT = re.compile(r"^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?(?:(\d+)s)?$")
ISO = re.compile(
    r"^-?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$", re.IGNORECASE
)
FORMS = "write e.g. 15m, 1h, 1h30m, 1d or PT15M (how long before the start), or none"


class AlarmError(WmhrError):
    """An --alarm value that is not a duration wmhr understands."""


def parse_alarm(text: str) -> timedelta | None:
    """How long before the start the reminder fires; None for `none` (no reminder).

    A leading minus on an ISO duration (`-PT15M`, as in a TRIGGER) means the same as without:
    a reminder is always before the start.
    """
    typed = text.strip()
    if typed.lower() in ("none", "off"):
        return None
    if typed == "0":
        return timedelta(0)
    match = SHORT.match(typed.lower()) if typed[:1].isdigit() else ISO.match(typed)
    if not match or not any(match.groups()):
        raise AlarmError(f'--alarm "{text}": not a duration; {FORMS}')
    too_long = f'--alarm "{text}": more than 4 weeks before the start; {FORMS}'
    if any(len(g or "") > MAX_DIGITS for g in match.groups()):  # int() refuses 4,300 digits
        raise AlarmError(too_long)
    amounts = dict(zip(UNITS.values(), (int(g or 0) for g in match.groups()), strict=True))
    try:
        offset = timedelta(**amounts)
    except OverflowError:
        raise AlarmError(too_long) from None
    if offset > MAX_ALARM:
        raise AlarmError(too_long)
    return offset


def parse_alarms(texts: list[str] | None) -> tuple[timedelta, ...]:
    """Distinct offsets, largest first; the default is one reminder 15 minutes before."""
    if not texts:
        return (DEFAULT_ALARM,)
    offsets = {parse_alarm(t) for t in texts}
    if None in offsets and len(offsets) > 1:
        raise AlarmError("--alarm none cannot be combined with other reminders; pick one")
    return tuple(sorted((o for o in offsets if o is not None), reverse=True))
