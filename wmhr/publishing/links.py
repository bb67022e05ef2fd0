"""Links that show a session in the reader's own zone or add it to a calendar.

Zonestamp's URL contract (hartman/zonestamp, "URL Contract (do not break)"): `/{start}/{end}` as
10-digit Unix seconds, `name` as the title; no zone or duration parameter. Google's template link
takes `dates=START/END` in UTC with a trailing Z. Outlook on the web has no documented link: the
`deeplink/compose` form with UTC times ending in Z is what works today (on outlook.live.com for
personal Microsoft accounts, outlook.office.com for work and school ones), and is labelled best
effort.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal
from urllib.parse import quote, urlencode

ZONESTAMP = "https://zonestamp.toolforge.org"
GOOGLE = "https://calendar.google.com/calendar/render"
OutlookAccount = Literal["personal", "work"]
OUTLOOK_ACCOUNTS: tuple[OutlookAccount, ...] = ("personal", "work")
OUTLOOK: dict[OutlookAccount, str] = {
    "personal": "https://outlook.live.com/calendar/deeplink/compose",
    "work": "https://outlook.office.com/calendar/deeplink/compose",
}
# Zonestamp routes only stamps of exactly 10 digits: 2001-09-09T01:46:40Z to 2286-11-20.
FIRST_STAMP, LAST_STAMP = 1_000_000_000, 9_999_999_999


def unix_minute(moment: datetime) -> int:
    """Unix seconds, down to the whole minute (Zonestamp shows stray seconds otherwise)."""
    return int(moment.timestamp()) // 60 * 60


def zonestamp_url(start: datetime, end: datetime, name: str | None = None) -> str | None:
    """`https://zonestamp.toolforge.org/1652702400/1652706000?name=...`, or None for an instant
    Zonestamp cannot show (outside its 10-digit range)."""
    first, last = unix_minute(start), unix_minute(end)
    if not FIRST_STAMP <= first <= last <= LAST_STAMP:
        return None
    query = f"?name={quote(name, safe='')}" if name else ""
    return f"{ZONESTAMP}/{first}/{last}{query}"


def _utc_compact(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def google_calendar_url(title: str, start: datetime, end: datetime, details: str) -> str:
    query = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{_utc_compact(start)}/{_utc_compact(end)}",
        "details": details,
    }
    return f"{GOOGLE}?{urlencode(query, quote_via=quote, safe='/')}"


def outlook_url(
    title: str,
    start: datetime,
    end: datetime,
    details: str,
    *,
    account: OutlookAccount = "personal",
) -> str:
    """Outlook on the web's compose form, for a personal (outlook.live.com) or a work or school
    (outlook.office.com) account: the same parameters on either host."""
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "startdt": _utc_iso(start),
        "enddt": _utc_iso(end),
        "subject": title,
        "body": details,
    }
    return f"{OUTLOOK[account]}?{urlencode(query, quote_via=quote, safe='/:')}"


def request_mailto(contact: str, subject: str, body: str) -> str:
    """`mailto:` with the subject and body filled in (RFC 6068: percent-encoded UTF-8)."""
    fields = urlencode({"subject": subject, "body": body}, quote_via=quote)
    return f"mailto:{quote(contact, safe='@')}?{fields}"
