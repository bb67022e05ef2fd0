"""Lengths of time people type (`90m`, `36h`, `2d`, `1w`, `1d12h`, `P2D`) -> a timedelta."""

from __future__ import annotations

import re
from datetime import timedelta

from wmhr.errors import TimeInputError

UNITS = ("weeks", "days", "hours", "minutes", "seconds")
SHORT = re.compile(r"^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?(?:(\d+)s)?$")
ISO = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")
MAX_DURATION = timedelta(days=3660)  # ten years: anything longer is a typo
FORMS = "write e.g. 90m, 36h, 2d, 1w or 1d12h"


def parse_duration(text: str, *, what: str) -> timedelta:
    """A positive length of time; `what` names the option in the error (`--within`)."""
    typed = "".join(text.split())
    pattern = ISO if typed[:1] in ("P", "p") else SHORT
    match = pattern.match(typed.upper() if pattern is ISO else typed.lower())
    if not match or not any(match.groups()):
        raise TimeInputError(f'{what} "{text}": not a length of time; {FORMS}')
    amounts = {unit: int(group or 0) for unit, group in zip(UNITS, match.groups(), strict=True)}
    try:
        duration = timedelta(**amounts)
    except OverflowError:
        duration = MAX_DURATION + timedelta(1)
    if duration > MAX_DURATION:
        raise TimeInputError(f'{what} "{text}": longer than ten years; {FORMS}')
    if duration <= timedelta(0):
        raise TimeInputError(f'{what} "{text}": must be longer than zero; {FORMS}')
    return duration


def parse_shift(text: str) -> timedelta | None:
    """`+1h`, `-30m`, `+1d12h`: a signed length of time to move something by; None for text
    that does not start with a sign (an instant, for the caller to read)."""
    typed = text.strip()
    if not re.match(r"^[+\-\u2212]\s*[\dPp]", typed):
        return None
    length = parse_duration(typed[1:], what="WHEN")
    return -length if typed[0] != "+" else length
