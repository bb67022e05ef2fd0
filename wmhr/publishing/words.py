"""Every participant-facing sentence of the published outputs, one table per output, in English.

Each sentence is marked for extraction (`N_`, or `N_plural` for one whose words follow a number)
and translated when rendered, by `say` in the output's language (the gettext catalogs of
`wmhr.locale`). Templates use `str.format` fields; the renderers never write a participant-facing
word of their own. Dates and times go through `wmhr.publishing.dates.format_moment`.
"""

from __future__ import annotations

from typing import NamedTuple

from wmhr.locale import formats
from wmhr.locale.language import Language


class Plural(NamedTuple):
    """A sentence whose words follow the number in field `count` (gettext's ngettext)."""

    singular: str
    plural: str


Words = str | Plural


def N_(message: str) -> str:
    """Marks `message` for extraction (pybabel's default keyword); translated when rendered."""
    return message


def N_plural(singular: str, plural: str) -> Plural:
    """Marks a plural sentence for extraction (the `N_plural:1,2` keyword in pyproject.toml)."""
    return Plural(singular, plural)


def say(lang: Language, words: Words, /, **values: object) -> str:
    """`words` in `lang`, as a template whose fields are still to fill; a `Plural` picks its form
    by `values["count"]`."""
    if isinstance(words, Plural):
        count = values["count"]
        assert isinstance(count, int)
        return lang.template(words.singular, words.plural, count)
    return lang.template(words)


def fill(lang: Language, words: Words, /, **values: object) -> str:
    """`words` in `lang` with its fields filled (plain text: no escaping)."""
    return say(lang, words, **values).format(**values)


def language_name(tag: str, lang: Language) -> str:
    """`Spanish` for `es` in English, `español` in Spanish (CLDR); an unknown tag stands for
    itself."""
    return lang.language_name(tag)


def autonym(tag: str) -> str:
    """A language's name in itself (CLDR), so a page can mark it with its `lang` (WCAG 3.1.2)."""
    return formats.autonym(tag)


def days(lang: Language, count: int) -> str:
    return lang.ngettext("{count} day", "{count} days", count, count=lang.number(count))


# -- `wmhr publish wiki`: the Meta-Wiki table ------------------------------------------------------
WIKI: dict[str, Words] = {
    "caption": N_("Town Hall Community Conversations"),
    "region": N_("Region"),
    "date": N_("Date"),
    "time_utc": N_("Time (UTC)"),
    "time_local": N_("Time (Local)"),
    "register": N_("Register"),
    "conducted_in": N_("(Conducted in {language})"),
    "cancelled": N_("(cancelled)"),
    "register_link": N_("Register"),
}

# -- `wmhr publish html`: the static page ----------------------------------------------------------
PAGE: dict[str, Words] = {
    "title": N_("{series}: schedule"),
    "intro": N_(
        "{conversations} of {duration} on {platform}, one per region, organized by the {organizer}."
    ),
    "conversations": N_plural("{count} online conversation", "{count} online conversations"),
    "series_page": N_("The series page on Meta-Wiki"),
    "made_at": N_(
        "Times are computed from the IANA time zone database (tzdata {tzdata}). This page was "
        "made on {made}."
    ),
    "next_at_making": N_("At that time the next session was {region}, on {when}."),
    "none_at_making": N_("At that time no session was still to come."),
    "caption": N_("Town Hall Community Conversations: each session in UTC and in its anchor city"),
    "region": N_("Region"),
    "utc": N_("Date and time (UTC)"),
    "anchor": N_("Local time in the anchor city"),
    "your_time": N_("Your time"),
    "day_legend": N_(
        "+1 day / -1 day: in your time zone it is then a day after / before the UTC date."
    ),
    "conducted_in": N_("Conducted in {language} ({autonym})."),
    "conducted_in_short": N_("(in {language}, {autonym})"),
    "cancelled": N_("(cancelled)"),
    "cancelled_note": N_("Cancelled: this session will not take place."),
    "tentative_note": N_("Tentative: the time may still change."),
    "when_utc": N_("UTC"),
    "when_anchor": N_("{city} ({zone})"),
    "zone_offset": N_("{zone}, {offset}"),
    "span": N_("{start} to {end}"),
    "session_links": N_("Calendar and time zone links for {region}"),
    "ics": N_("Download the invite for {region} (.ics, for any calendar)"),
    "ics_cancelled": N_("Download the cancellation for {region} (.ics: updates your calendar)"),
    "google": N_("Add {region} to Google Calendar"),
    "outlook": N_("Add {region} to Outlook on the web (best effort)"),
    "zonestamp": N_("See {region} in your time zone on Zonestamp"),
    "register": N_("Register for {region}"),
    "deadline": N_("Interpretation requests for {region} close {utc}"),
    "deadline_anchor": N_("({local} in {city})"),
    # A prefilled e-mail per session: `wmhr requests import-mail` reads the session id in the
    # subject and the language the person writes after "Language:" in the body.
    "ask_by_mail": N_("E-mail the organizers to ask for interpretation for {region}"),
    "request_subject": N_("Interpretation request: {session}"),
    "series_feed": N_("The whole series (series.ics)"),
    "calendar_heading": N_("In your calendar"),
    "calendar_text": N_(
        "Each invite states its session in UTC; your calendar shows it in your own time zone. To "
        "have moved or cancelled sessions update in your calendar by themselves, subscribe to the "
        "address of the whole series instead of downloading it (Google Calendar: Other "
        "calendars, From URL; Outlook: Add calendar, Subscribe from web; Apple Calendar: File, "
        "New Calendar Subscription)."
    ),
    "outlook_note": N_(
        "The Outlook on the web links are best effort: Outlook documents no such link, and it "
        "has shown wrong times before. If a time looks wrong there, use the .ics file."
    ),
    "interpretation_heading": N_("Interpretation"),
    # The same sentence as in the invites, so it is translated once.
    "interpretation_rule": N_plural(
        "The organizers will work to provide interpretation for languages with {count} or "
        "more interested community member.",
        "The organizers will work to provide interpretation for languages with {count} or "
        "more interested community members.",
    ),
    "interpretation_how": N_(
        "To request it, e-mail {contact} up until {days} before the session; each session's "
        "deadline is shown with it."
    ),
    "agenda_heading": N_("Format"),
    "agenda_item": N_("{duration}: {item}"),
    "safety_heading": N_("Your safety"),
    "safety_intro": N_(
        "The organizers prioritize the safety and security of all participants. If you feel the "
        "need to, you are welcome to:"
    ),
    "policies": N_("These conversations are governed by:"),
    "questions": N_("Questions ahead: {text}"),
    "topics_heading": N_("Topics"),
    "survey_heading": N_("Cannot attend?"),
    "survey_anonymous": N_(
        "An anonymous survey ({provider}) is open; it closes at the end of {last_day}, {zone}, "
        "which is {utc}"
    ),
    "survey_named": N_(
        "A survey ({provider}) is open; it closes at the end of {last_day}, {zone}, which is {utc}"
    ),
    "survey_where": N_("Find it on the series page."),
    "noscript": N_(
        "Your own time zone is shown when JavaScript runs; without it, use the UTC times or the "
        "Zonestamp links."
    ),
}

# Sentences the page's script shows, with the viewer's own zone and clock.
SCRIPT: dict[str, Words] = {
    "your_time_in": N_("Your time ({zone})"),
    "moment": N_("{date_time} ({offset})"),
    "day_after": N_("+1 day"),
    "day_before": N_("-1 day"),
    "your_deadline": N_("; your time: {moment}"),
    "closed": N_("(closed)"),
    "next": N_("Next session: {region}, in {left} ({moment}, your time)."),
    "now": N_("Under way now: {region}, ends in {left}."),
    "over": N_("All sessions of this series are over."),
    "under_a_minute": N_("less than a minute"),
}
# The script's counts ("3 days"), every plural form of the language, chosen by its rule.
SCRIPT_COUNTS: dict[str, Plural] = {
    "days": N_plural("{count} day", "{count} days"),
    "hours": N_plural("{count} hour", "{count} hours"),
    "minutes": N_plural("{count} minute", "{count} minutes"),
}


def script_words(lang: Language) -> dict[str, object]:
    """What the page's script says, in `lang`: its sentences, every plural form of its counts,
    and CLDR's weekday and month names, date-time and offset formats."""
    words: dict[str, object] = {key: say(lang, value) for key, value in SCRIPT.items()}
    for key, plural in SCRIPT_COUNTS.items():
        words[key] = list(lang.plural_forms(plural.singular, plural.plural))
    words["weekdays"] = formats.weekday_names(lang.locale)
    words["months"] = formats.month_names(lang.locale)
    words["date_time"] = formats.script_date_time(lang.locale)
    words["offset"] = formats.script_offset(lang.locale)
    return words


# -- `wmhr publish text`: the announcement --------------------------------------------------------
ANNOUNCEMENT: dict[str, Words] = {
    "heading": "{series}",
    "intro": N_("Join an online conversation of {duration} on {platform}, one per region."),
    "region": "{region}",
    "cancelled": N_("{region} (CANCELLED)"),
    "language": N_("Language: {language}"),
    "utc": N_("UTC: {when}"),
    "local": N_("{place}: {when}"),
    "place": N_("{typed} ({zone})"),
    "place_more": N_plural(
        "{typed} ({zone} and {count} more)", "{typed} ({zone} and {count} more)"
    ),
    "your_time": N_("In your time zone: {url}"),
    "rule": N_plural(
        "Interpretation: the organizers will work to provide it for languages with {count} or "
        "more interested community member. Ask by e-mail by each session's deadline.",
        "Interpretation: the organizers will work to provide it for languages with {count} or "
        "more interested community members. Ask by e-mail by each session's deadline.",
    ),
    "deadline": N_("Interpretation: e-mail {contact} by {when}"),
    "subject": N_("Subject: {subject}, and the language you need"),
    "series": N_("Registration and details: {url}"),
}
