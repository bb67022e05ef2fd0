"""Every participant-facing sentence of the published outputs, one table per output.

Templates use `str.format` fields. To localise, replace a table's values (gettext, Babel): the
renderers never write a participant-facing word of their own. Dates and times go through
`wmhr.publishing.dates.format_moment`.
"""

from __future__ import annotations

from wmhr.locale import formats


def language_name(tag: str) -> str:
    """`Spanish` for `es` (CLDR's name in English); an unknown tag stands for itself."""
    return formats.language_name(tag, formats.cldr_locale("en"))


def autonym(tag: str) -> str:
    """A language's name in itself (CLDR), so a page can mark it with its `lang` (WCAG 3.1.2)."""
    return formats.autonym(tag)


# -- `wmhr publish wiki`: the Meta-Wiki table ------------------------------------------------------
WIKI = {
    "caption": "Town Hall Community Conversations",
    "region": "Region",
    "date": "Date",
    "time_utc": "Time (UTC)",
    "time_local": "Time (Local)",
    "register": "Register",
    "conducted_in": "(Conducted in {language})",
    "cancelled": "(cancelled)",
    "register_link": "Register",
}

# -- `wmhr publish html`: the static page ----------------------------------------------------------
PAGE = {
    "title": "{series}: schedule",
    "intro": "{count} online conversations of {minutes} minutes on {platform}, one per region, "
    "organized by the {organizer}.",
    "series_page": "The series page on Meta-Wiki",
    "made_at": "Times are computed from the IANA time zone database (tzdata {tzdata}). This "
    "page was made on {made}.",
    "next_at_making": "At that time the next session was {region}, on {when}.",
    "none_at_making": "At that time no session was still to come.",
    "caption": "Town Hall Community Conversations: each session in UTC and in its anchor city",
    "region": "Region",
    "utc": "Date and time (UTC)",
    "anchor": "Local time in the anchor city",
    "your_time": "Your time",
    "day_legend": "+1 day / -1 day: in your time zone it is then a day after / before the UTC "
    "date.",
    "conducted_in": "Conducted in {language} ({autonym}).",
    "conducted_in_short": "(in {language}, {autonym})",
    "cancelled": "(cancelled)",
    "cancelled_note": "Cancelled: this session will not take place.",
    "tentative_note": "Tentative: the time may still change.",
    "when_utc": "UTC",
    "when_anchor": "{city} ({zone}, {offset})",
    "span": "{start} to {end}",
    "session_links": "Calendar and time zone links for {region}",
    "ics": "Download the invite for {region} (.ics, for any calendar)",
    "ics_cancelled": "Download the cancellation for {region} (.ics: updates your calendar)",
    "google": "Add {region} to Google Calendar",
    "outlook": "Add {region} to Outlook on the web (best effort)",
    "zonestamp": "See {region} in your time zone on Zonestamp",
    "register": "Register for {region}",
    "deadline": "Interpretation requests for {region} close {utc}",
    "deadline_anchor": "({local} in {city})",
    "series_feed": "The whole series (series.ics)",
    "calendar_heading": "In your calendar",
    "calendar_text": "Each invite states its session in UTC; your calendar shows it in your own "
    "time zone. To have moved or cancelled sessions update in your calendar by themselves, "
    "subscribe to the address of the whole series instead of downloading it (Google Calendar: "
    "Other calendars, From URL; Outlook: Add calendar, Subscribe from web; Apple Calendar: File, "
    "New Calendar Subscription).",
    "outlook_note": "The Outlook on the web links are best effort: Outlook documents no such "
    "link, and it has shown wrong times before. If a time looks wrong there, use the .ics file.",
    "interpretation_heading": "Interpretation",
    "interpretation_rule": "The organizers will work to provide interpretation for languages "
    "with {count} or more interested community members. To request it, e-mail {contact} up "
    "until {days} days before the session; each session's deadline is shown with it.",
    "agenda_heading": "Format",
    "agenda_item": "{minutes} minutes: {item}",
    "registration": "{registration}",
    "safety_heading": "Your safety",
    "safety_intro": "The organizers prioritize the safety and security of all participants. "
    "If you feel the need to, you are welcome to:",
    "policies": "These conversations are governed by:",
    "questions": "Questions ahead: {text}",
    "topics_heading": "Topics",
    "survey_heading": "Cannot attend?",
    "survey": "{kind} survey ({provider}) is open through {last_day}, {zone}. It closes {utc}",
    "survey_anonymous": "An anonymous",
    "survey_named": "A",
    "survey_where": "Find it on the series page.",
    "noscript": "Your own time zone is shown when JavaScript runs; without it, use the UTC "
    "times or the Zonestamp links.",
}

# Words the page's script shows, with the viewer's own zone and clock.
SCRIPT = {
    "weekdays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    "months": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "date_time": "{weekday} {day} {month} {year} {time}",
    "offset": "UTC{sign}{hours}:{minutes}",
    "your_time_in": "Your time ({zone})",
    "moment": "{date_time} ({offset})",
    "day_after": "+1 day",
    "day_before": "-1 day",
    "your_deadline": "; your time: {moment}",
    "closed": "(closed)",
    "next": "Next session: {region}, in {left} ({moment}, your time).",
    "now": "Under way now: {region}, ends in {left}.",
    "over": "All sessions of this series are over.",
    "day": "{n} day",
    "days": "{n} days",
    "hour": "{n} hour",
    "hours": "{n} hours",
    "minute": "{n} minute",
    "minutes": "{n} minutes",
    "under_a_minute": "less than a minute",
}

# -- `wmhr publish text`: the announcement --------------------------------------------------------
ANNOUNCEMENT = {
    "heading": "{series}",
    "intro": "Join an online conversation of {minutes} minutes on {platform}, one per region.",
    "region": "{region}",
    "cancelled": "{region} (CANCELLED)",
    "language": "Language: {language}",
    "utc": "UTC: {when}",
    "local": "{place}: {when}",
    "place": "{typed} ({zone})",
    "place_more": "{typed} ({zone} and {more} more)",
    "your_time": "In your time zone: {url}",
    "rule": "Interpretation: the organizers will work to provide it for languages with {count} "
    "or more interested community members. Ask by e-mail by each session's deadline.",
    "deadline": "Interpretation: e-mail {contact} by {when}",
    "series": "Registration and details: {url}",
}
