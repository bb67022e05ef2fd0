"""What the static page tells machines: a schema.org `Event` per session as JSON-LD (search
engines, calendars that read pages), a description and Open Graph tags (link previews)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from html import escape

from wmhr.locale.language import Language
from wmhr.publishing.facts import SessionFacts
from wmhr.schedule.localized import translate
from wmhr.schedule.model import Schedule

SCHEMA = "https://schema.org"


def meta_tags(title: str, description: str, lang: Language) -> list[str]:
    """A description for search results and Open Graph tags for link previews (no `og:url`
    nor image: where the page is hosted is not known here, and it loads nothing). `title` and
    `description` are plain text."""
    title, description = escape(title, quote=True), escape(description, quote=True)
    return [
        f'<meta name="description" content="{description}">',
        '<meta property="og:type" content="website">',
        f'<meta property="og:title" content="{title}">',
        f'<meta property="og:description" content="{description}">',
        f'<meta property="og:locale" content="{escape(lang.tag.replace("-", "_"))}">',
    ]


def event(
    schedule: Schedule, fact: SessionFacts, lang: Language, moved_from: datetime | None
) -> dict[str, object]:
    """One session as a schema.org `Event`: its instants in its anchor zone with their offset,
    online, in the language it is held in; cancelled, or rescheduled from `moved_from` (the
    start its invites said before)."""
    series, session = schedule.series, fact.session
    found: dict[str, object] = {
        "@context": SCHEMA,
        "@type": "Event",
        "@id": f"#session-{fact.id}",
        "name": fact.title,
        "startDate": fact.start.local.isoformat(),
        "endDate": fact.end.local.isoformat(),
        "eventAttendanceMode": f"{SCHEMA}/OnlineEventAttendanceMode",
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "location": {"@type": "VirtualLocation", "url": session.register_url or series.url},
        "inLanguage": session.language,
        "organizer": {
            "@type": "Organization",
            "name": translate(series.organizer, lang.tag),
            "url": series.url,
        },
        "url": series.url,
    }
    if fact.cancelled:
        found["eventStatus"] = f"{SCHEMA}/EventCancelled"
    elif moved_from is not None and moved_from != session.start:
        found["eventStatus"] = f"{SCHEMA}/EventRescheduled"
        found["previousStartDate"] = moved_from.astimezone(session.zone).isoformat()
    return found


def events_script(
    schedule: Schedule,
    facts: Iterable[tuple[SessionFacts, Language]],
    moved_from: Mapping[str, datetime],
) -> str:
    """Every session's `Event` in a JSON-LD element (data, never run: the page's
    Content-Security-Policy needs no hash for it), `<` escaped so no text can end it early."""
    events = [event(schedule, fact, lang, moved_from.get(fact.id)) for fact, lang in facts]
    data = json.dumps(events, ensure_ascii=False, indent=1).replace("<", "\\u003c")
    return f'<script type="application/ld+json">\n{data}\n</script>'
