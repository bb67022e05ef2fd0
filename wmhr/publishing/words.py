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
    # TRANSLATORS: A number of days, inside "To request it, e-mail {contact} up until {days} before
    # the session" on the published page. {count}: the number, e.g. "5".
    return lang.ngettext("{count} day", "{count} days", count, count=lang.number(count))


# A session is named in a sentence as a session ("the Asia session"), never by its bare region:
# the translation then declines its own word for "session" and keeps {region} a name (French
# "la séance Asie", Spanish "la sesión de Asia", Russian "встречу «Азия»").

# -- `wmhr publish wiki`: the Meta-Wiki table ------------------------------------------------------
WIKI: dict[str, Words] = {
    # TRANSLATORS: Caption of the schedule table on Meta-Wiki (wmhr publish wiki), as the series
    # page titles it.
    "caption": N_("Town Hall Community Conversations"),
    # TRANSLATORS: Column header of the schedule tables (Meta-Wiki and the published page): the
    # session's region, e.g. "Asia".
    "region": N_("Region"),
    # TRANSLATORS: Column header of the Meta-Wiki schedule table: the session's date in UTC.
    "date": N_("Date"),
    # TRANSLATORS: Column header of the Meta-Wiki schedule table: the start time in UTC. Keep "UTC"
    # as it is, as every Wikimedia language writes it.
    "time_utc": N_("Time (UTC)"),
    # TRANSLATORS: Column header of the Meta-Wiki schedule table: the start time in the session's
    # anchor city (e.g. Santiago, Chile).
    "time_local": N_("Time (Local)"),
    # TRANSLATORS: Column header of the Meta-Wiki schedule table, over each session's registration
    # link; also the link's text.
    "register": N_("Register"),
    # TRANSLATORS: After a region in the Meta-Wiki table, for a session held in another language
    # than the page's. {language}: the language's name in the page's language, e.g. "Spanish".
    "conducted_in": N_("(Conducted in {language})"),
    # TRANSLATORS: After a struck-out region, in the Meta-Wiki table and the published page: the
    # session will not take place (agreeing with your word for "session").
    "cancelled": N_("(cancelled)"),
    # TRANSLATORS: Column header of the Meta-Wiki schedule table, over each session's registration
    # link; also the link's text.
    "register_link": N_("Register"),
    # TRANSLATORS: A line under the Meta-Wiki schedule table, one per session, in the session's
    # language: how to ask for interpretation. {region}: the session's region, e.g. "Asia" (it
    # stays a name: put your word for "session" in the form the sentence needs); {contact}: an
    # e-mail address, e.g. "rgaines@wikimedia.org"; {deadline}: e.g. "Wed, 11 May 2022, 12:00
    # UTC"; {subject}: e.g. "Interpretation request: asia" (already translated; a tool reads it:
    # quote it as your language quotes).
    "ask": N_(
        "Interpretation for the {region} session: e-mail {contact} by {deadline}, with the "
        "subject “{subject}” and the language you need."
    ),
}

# -- `wmhr publish html`: the static page ----------------------------------------------------------
PAGE: dict[str, Words] = {
    # TRANSLATORS: Title of the published schedule page (browser tab and heading). {series}: the
    # series title, e.g. "Human Rights Policy Community Conversations".
    "title": N_("{series}: schedule"),
    # TRANSLATORS: First sentence of the published page. {conversations}: "4 online conversations"
    # (its own message); {duration}: "60 minutes"; {platform}: "Zoom"; {organizer}: "Wikimedia
    # Foundation Global Advocacy team".
    "intro": N_(
        "{conversations} of {duration} on {platform}, one per region, organized by the {organizer}."
    ),
    # TRANSLATORS: Fills {conversations} in the page's first sentence ("{conversations} of
    # {duration} on {platform}..."). {count}: the number of sessions, e.g. "4".
    "conversations": N_plural("{count} online conversation", "{count} online conversations"),
    # TRANSLATORS: Link text on the published page, to the series page on Meta-Wiki.
    "series_page": N_("The series page on Meta-Wiki"),
    # TRANSLATORS: Footer of the published page. {tzdata}: the time zone database's version, e.g.
    # "2025b"; {made}: when the page was made, e.g. "Sun, 1 May 2022, 00:00 UTC".
    "made_at": N_(
        "Times are computed from the IANA time zone database (tzdata {tzdata}). This page was "
        "made on {made}."
    ),
    # TRANSLATORS: Footer of the published page, what was next when it was made. {region}: the
    # session's region, e.g. "Asia" (it stays a name: put your word for "session" in the form the
    # sentence needs); {when}: its start, e.g. "Tue, 3 May 2022, 23:00 UTC".
    "next_at_making": N_("At that time the {region} session, on {when}, was the next to come."),
    # TRANSLATORS: Footer of the published page, when every session was already over when it was
    # made.
    "none_at_making": N_("At that time no session was still to come."),
    # TRANSLATORS: Caption of the published page's schedule table (read by screen readers). The
    # anchor city is the city whose local time a session is set in (e.g. Santiago, Chile).
    "caption": N_("Town Hall Community Conversations: each session in UTC and in its anchor city"),
    # TRANSLATORS: Column header of the schedule tables (Meta-Wiki and the published page): the
    # session's region, e.g. "Asia".
    "region": N_("Region"),
    # TRANSLATORS: Column header of the published page's table: each session's date and time in UTC.
    # Keep "UTC" as it is, as every Wikimedia language writes it.
    "utc": N_("Date and time (UTC)"),
    # TRANSLATORS: Column header of the published page's table: each session's local time in the
    # city whose time it is set in (e.g. Santiago, Chile).
    "anchor": N_("Local time in the anchor city"),
    # TRANSLATORS: Column header of the published page's table: the session in the reader's own time
    # zone (filled by the page's script).
    "your_time": N_("Your time"),
    # TRANSLATORS: Legend under the published page's table, for the "+1 day" and "-1 day" marks
    # after a time in the reader's zone.
    "day_legend": N_(
        "+1 day / -1 day: in your time zone it is then a day after / before the UTC date."
    ),
    # TRANSLATORS: On the published page, under a session held in another language. {language}: the
    # language's name in the page's language, e.g. "Spanish"; {autonym}: its name in itself, e.g.
    # "español".
    "conducted_in": N_("Conducted in {language} ({autonym})."),
    # TRANSLATORS: After a region in the published page's table, for a session held in another
    # language than the page's. {language}: the language's name in the page's language, e.g.
    # "Spanish".
    "in_language": N_("(in {language})"),
    # TRANSLATORS: After a struck-out region, in the Meta-Wiki table and the published page: the
    # session will not take place (agreeing with your word for "session").
    "cancelled": N_("(cancelled)"),
    # TRANSLATORS: On the published page, in a cancelled session's row.
    "cancelled_note": N_("Cancelled: this session will not take place."),
    # TRANSLATORS: On the published page, in a session's row when its time is not final.
    "tentative_note": N_("Tentative: the time may still change."),
    # TRANSLATORS: Label before a session's time in UTC on the published page. Keep "UTC" as it is,
    # as every Wikimedia language writes it.
    "when_utc": N_("UTC"),
    # TRANSLATORS: A session's anchor city and its time zone on the published page. {city}: e.g.
    # "Santiago, Chile"; {zone}: the zone's name and offset, e.g. "Chile Standard Time, GMT-04:00".
    "when_anchor": N_("{city} ({zone})"),
    # TRANSLATORS: A time zone's name and its offset from UTC. {zone}: e.g. "Chile Standard Time";
    # {offset}: e.g. "GMT-04:00" (CLDR's form for the language).
    "zone_offset": N_("{zone}, {offset}"),
    # TRANSLATORS: A session's start and end on the published page. {start}: e.g. "Tue, 3 May 2022,
    # 23:00"; {end}: e.g. "00:00".
    "span": N_("{start} to {end}"),
    # TRANSLATORS: Heading (read by screen readers) of a session's links on the published page.
    # {region}: the session's region, e.g. "Asia" (it stays a name: put your word for "session" in
    # the form the sentence needs).
    "session_links": N_("Calendar and time zone links for the {region} session"),
    # TRANSLATORS: Link on the published page to a session's calendar invite. {region}: the
    # session's region, e.g. "Asia" (it stays a name: put your word for "session" in the form the
    # sentence needs).
    "ics": N_("Download the invite for the {region} session (.ics, for any calendar)"),
    # TRANSLATORS: Link on the published page to a cancelled session's invite, which removes it from
    # calendars. {region}: the session's region, e.g. "Asia" (it stays a name: put your word for
    # "session" in the form the sentence needs).
    "ics_cancelled": N_(
        "Download the cancellation of the {region} session (.ics: updates your calendar)"
    ),
    # TRANSLATORS: Link on the published page that adds a session to Google Calendar (use the
    # product's name in your language). {region}: the session's region, e.g. "Asia" (it stays a
    # name: put your word for "session" in the form the sentence needs).
    "google": N_("Add the {region} session to Google Calendar"),
    # TRANSLATORS: Link on the published page that adds a session to Outlook.com, for personal
    # Microsoft accounts (Outlook documents no such link). {region}: the session's region, e.g.
    # "Asia" (it stays a name: put your word for "session" in the form the sentence needs).
    "outlook_personal": N_(
        "Add the {region} session to Outlook.com (personal account, best effort)"
    ),
    # TRANSLATORS: Link on the published page that adds a session to Outlook on the web of a work
    # or school account (Microsoft 365), which does not document such links. {region}: the
    # session's region, e.g. "Asia" (it stays a name: put your word for "session" in the form the
    # sentence needs).
    "outlook_work": N_("Add the {region} session to Outlook for work or school (best effort)"),
    # TRANSLATORS: Link on the published page to Zonestamp, a site that shows a time in the reader's
    # zone. {region}: the session's region, e.g. "Asia" (it stays a name: put your word for
    # "session" in the form the sentence needs).
    "zonestamp": N_("See the {region} session in your time zone on Zonestamp"),
    # TRANSLATORS: Link on the published page to a session's registration. {region}: the session's
    # region, e.g. "Asia" (it stays a name: put your word for "session" in the form the sentence
    # needs).
    "register": N_("Register for the {region} session"),
    # TRANSLATORS: On the published page, under a session: the last moment to ask for
    # interpretation. {region}: the session's region, e.g. "Asia" (it stays a name: put your word
    # for "session" in the form the sentence needs); {utc}: e.g. "Thu, 28 Apr 2022, 23:00 UTC".
    "deadline": N_("Interpretation requests for the {region} session close {utc}"),
    # TRANSLATORS: After an interpretation deadline on the published page: the same moment in the
    # anchor city. {local}: e.g. "Thu, 28 Apr 2022, 19:00"; {city}: e.g. "Santiago, Chile".
    "deadline_anchor": N_("({local} in {city})"),
    # TRANSLATORS: Link on the published page that opens a prefilled e-mail asking the organizers
    # for interpretation. {region}: the session's region, e.g. "Asia" (it stays a name: put your
    # word for "session" in the form the sentence needs).
    "ask_by_mail": N_("E-mail the organizers to ask for interpretation for the {region} session"),
    # TRANSLATORS: Link on the published page to the calendar file of every session.
    "series_feed": N_("The whole series (series.ics)"),
    # TRANSLATORS: Heading of the published page's section on calendar invites.
    "calendar_heading": N_("In your calendar"),
    # TRANSLATORS: The published page's section on calendar invites. Use each product's own menu
    # names in your language (Google Calendar, Outlook, Apple Calendar).
    "calendar_text": N_(
        "Each invite states its session in UTC; your calendar shows it in your own time zone. To "
        "have moved or cancelled sessions update in your calendar by themselves, subscribe to the "
        "address of the whole series instead of downloading it (Google Calendar: Other "
        "calendars, From URL; Outlook: Add calendar, Subscribe from web; Apple Calendar: File, "
        "New Calendar Subscription)."
    ),
    # TRANSLATORS: Note on the published page under the Outlook on the web links.
    "outlook_note": N_(
        "The Outlook on the web links are best effort: Outlook documents no such link, and it "
        "has shown wrong times before. If a time looks wrong there, use the .ics file."
    ),
    # TRANSLATORS: Heading of the published page's section on interpretation (spoken translation
    # during the session, not the interpreter).
    "interpretation_heading": N_("Interpretation"),
    # The same sentence as in the invites, so it is translated once.
    # TRANSLATORS: The interpretation rule, in invites and on the published page. {count}: how many
    # community members must ask for a language, e.g. "4".
    "interpretation_rule": N_plural(
        "The organizers will work to provide interpretation for languages with {count} or "
        "more interested community member.",
        "The organizers will work to provide interpretation for languages with {count} or "
        "more interested community members.",
    ),
    # TRANSLATORS: On the published page, after the interpretation rule. {contact}: an e-mail
    # address, e.g. "rgaines@wikimedia.org"; {days}: e.g. "5 days" (its own message).
    "interpretation_how": N_(
        "To request it, e-mail {contact} up until {days} before the session; each session's "
        "deadline is shown with it."
    ),
    # TRANSLATORS: Heading of the published page's section on how a session runs (its agenda).
    "agenda_heading": N_("Format"),
    # TRANSLATORS: One item of a session's agenda, in invites and on the published page. {duration}:
    # e.g. "10 minutes"; {item}: e.g. "Opening remarks and updates from representatives of the
    # Foundation".
    "agenda_item": N_("{duration}: {item}"),
    # TRANSLATORS: Heading of the published page's section on participants' safety.
    "safety_heading": N_("Your safety"),
    # TRANSLATORS: On the published page, before a list of options such as "Use a pseudonym".
    "safety_intro": N_(
        "The organizers prioritize the safety and security of all participants. If you feel the "
        "need to, you are welcome to:"
    ),
    # TRANSLATORS: On the published page, before the list of policy names, e.g. "Friendly space
    # policy", "Universal Code of Conduct".
    "policies": N_("These conversations are governed by:"),
    # TRANSLATORS: On the published page. {text}: e.g. "Leave questions on the page's Discussion
    # page and say which region your question relates to."
    "questions": N_("Questions ahead: {text}"),
    # TRANSLATORS: Heading of the published page's list of the topics the sessions discuss.
    "topics_heading": N_("Topics"),
    # TRANSLATORS: Heading of the published page's section on the survey for those who cannot
    # attend.
    "survey_heading": N_("Cannot attend?"),
    # TRANSLATORS: On the published page, under "Cannot attend?". {provider}: e.g. "LimeSurvey";
    # {last_day}: e.g. "30 June 2022"; {zone}: e.g. "Anywhere on Earth (UTC-12)"; {utc}: e.g. "Fri,
    # 1 Jul 2022, 12:00 UTC".
    "survey_anonymous": N_(
        "An anonymous survey ({provider}) is open; it closes at the end of {last_day}, {zone}, "
        "which is {utc}"
    ),
    # TRANSLATORS: On the published page, under "Cannot attend?" (a survey that is not anonymous).
    # {provider}: e.g. "LimeSurvey"; {last_day}: e.g. "30 June 2022"; {zone}: e.g. "Anywhere on
    # Earth (UTC-12)"; {utc}: e.g. "Fri, 1 Jul 2022, 12:00 UTC".
    "survey_named": N_(
        "A survey ({provider}) is open; it closes at the end of {last_day}, {zone}, which is {utc}"
    ),
    # TRANSLATORS: On the published page, under "Cannot attend?", once the anonymous survey has
    # closed (the page was made after its end). {provider}: e.g. "LimeSurvey"; {last_day}: e.g.
    # "30 June 2022"; {zone}: e.g. "Anywhere on Earth (UTC-12)"; {utc}: e.g. "Fri, 1 Jul 2022,
    # 12:00 UTC".
    "survey_anonymous_closed": N_(
        "The anonymous survey ({provider}) closed at the end of {last_day}, {zone}, which is {utc}"
    ),
    # TRANSLATORS: On the published page, under "Cannot attend?", once the survey (not anonymous)
    # has closed (the page was made after its end). {provider}: e.g. "LimeSurvey"; {last_day}: e.g.
    # "30 June 2022"; {zone}: e.g. "Anywhere on Earth (UTC-12)"; {utc}: e.g. "Fri, 1 Jul 2022,
    # 12:00 UTC".
    "survey_named_closed": N_(
        "The survey ({provider}) closed at the end of {last_day}, {zone}, which is {utc}"
    ),
    # TRANSLATORS: On the published page, after the survey sentence: the survey's link is on the
    # series page (Meta-Wiki).
    "survey_where": N_("Find it on the series page."),
    # TRANSLATORS: On the published page, the label of a list of every time zone: the "Your time"
    # column and lines show the times in the zone chosen there (the device's own by default).
    "zone_picker": N_("Your time zone"),
    # TRANSLATORS: On the published page, shown only when the browser runs no JavaScript.
    "noscript": N_(
        "Your own time zone is shown when JavaScript runs; without it, use the UTC times or the "
        "Zonestamp links."
    ),
}

# Sentences the page's script shows, with the viewer's own zone and clock.
SCRIPT: dict[str, Words] = {
    # TRANSLATORS: Column header of the published page's table once its script knows the reader's
    # zone. {zone}: the zone, e.g. "Europe/Paris".
    "your_time_in": N_("Your time ({zone})"),
    # TRANSLATORS: A moment in the reader's zone on the published page. {date_time}: e.g. "Tue, 3
    # May 2022, 19:00"; {offset}: e.g. "GMT-04:00".
    "moment": N_("{date_time} ({offset})"),
    # TRANSLATORS: Mark after a time in the reader's zone when that day is after the UTC date.
    "day_after": N_("+1 day"),
    # TRANSLATORS: Mark after a time in the reader's zone when that day is before the UTC date.
    "day_before": N_("-1 day"),
    # TRANSLATORS: Added by the page's script after an interpretation deadline. {moment}: the
    # deadline in the reader's zone, e.g. "Thu, 28 Apr 2022, 19:00 (GMT-04:00)".
    "your_deadline": N_("; your time: {moment}"),
    # TRANSLATORS: Added by the page's script after an interpretation deadline that has passed
    # ("Interpretation requests for the Asia session close ... (closed)").
    "closed": N_("(closed)"),
    # TRANSLATORS: Countdown at the top of the published page. {region}: the session's region, e.g.
    # "Asia" (it stays a name: put your word for "session" in the form the sentence needs); {left}:
    # e.g. "5 days and 3 hours"; {moment}: e.g. "Tue, 3 May 2022, 19:00 (GMT-04:00)".
    "next": N_("Next: the {region} session, in {left} ({moment}, your time)."),
    # TRANSLATORS: Countdown at the top of the published page while a session runs. {region}: the
    # session's region, e.g. "Asia" (it stays a name: put your word for "session" in the form the
    # sentence needs); {left}: e.g. "45 minutes".
    "now": N_("Under way now: the {region} session, ends in {left}."),
    # TRANSLATORS: At the top of the published page once every session is over.
    "over": N_("All sessions of this series are over."),
    # TRANSLATORS: Fills {left} in the page's countdown when less than a minute is left.
    "under_a_minute": N_("less than a minute"),
}
# The script's counts ("3 days"), every plural form of the language, chosen by its rule.
SCRIPT_COUNTS: dict[str, Plural] = {
    # TRANSLATORS: A number of days: the page's countdown ("in 5 days and 3 hours") and the
    # interpretation deadline. {count}: e.g. "5".
    "days": N_plural("{count} day", "{count} days"),
    # TRANSLATORS: A number of hours in the page's countdown ("in 5 days and 3 hours"). {count}:
    # e.g. "3".
    "hours": N_plural("{count} hour", "{count} hours"),
    # TRANSLATORS: A number of minutes: a session's length, an agenda item, the page's countdown.
    # {count}: e.g. "60".
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
    words["minus"] = formats.script_minus(lang.locale)
    return words


# -- `wmhr publish text`: the announcement --------------------------------------------------------
ANNOUNCEMENT: dict[str, Words] = {
    "heading": "{series}",
    # TRANSLATORS: First sentence of the announcement (wmhr publish text), for mailing lists and
    # village pumps. {duration}: e.g. "60 minutes"; {platform}: e.g. "Zoom".
    "intro": N_("Join an online conversation of {duration} on {platform}, one per region."),
    "region": "{region}",
    # TRANSLATORS: Heading of a cancelled session in the announcement. {region}: the session's
    # region, e.g. "Asia" (a heading, so the bare name: the session is meant).
    "cancelled": N_("{region} (CANCELLED)"),
    # TRANSLATORS: A line of a session in the announcement and in invites. {language}: the session's
    # language, e.g. "Spanish".
    "language": N_("Language: {language}"),
    # TRANSLATORS: A session's time in UTC in the announcement. Keep "UTC" as it is, as every
    # Wikimedia language writes it. {when}: e.g. "Tue, 3 May 2022, 23:00".
    "utc": N_("UTC: {when}"),
    # TRANSLATORS: A session's time in one place in the announcement. {place}: e.g. "Santiago,
    # Chile" or "Mexico City (America/Mexico_City)"; {when}: e.g. "Tue, 3 May 2022, 19:00
    # (GMT-04:00)".
    "local": N_("{place}: {when}"),
    # TRANSLATORS: A place the announcement gives times for, with its time zone. {typed}: the place
    # as the organizers typed it, e.g. "Mexico City"; {zone}: its IANA zone, e.g.
    # "America/Mexico_City".
    "place": N_("{typed} ({zone})"),
    # TRANSLATORS: A country with several time zones in the announcement, with the first of them.
    # {typed}: e.g. "Brazil"; {zone}: e.g. "America/Sao_Paulo"; {count}: how many other zones, e.g.
    # "3".
    "place_more": N_plural(
        "{typed} ({zone} and {count} more)", "{typed} ({zone} and {count} more)"
    ),
    # TRANSLATORS: A session's link to a page showing its time in the reader's zone, in the
    # announcement. {url}: e.g. "https://zonestamp.toolforge.org/1651618800/1651622400".
    "your_time": N_("In your time zone: {url}"),
    # TRANSLATORS: The interpretation rule in the announcement. {count}: how many community members
    # must ask for a language, e.g. "4".
    "rule": N_plural(
        "Interpretation: the organizers will work to provide it for languages with {count} or "
        "more interested community member. Ask by e-mail by each session's deadline.",
        "Interpretation: the organizers will work to provide it for languages with {count} or "
        "more interested community members. Ask by e-mail by each session's deadline.",
    ),
    # TRANSLATORS: A session's interpretation deadline in the announcement. {contact}: an e-mail
    # address, e.g. "rgaines@wikimedia.org"; {when}: e.g. "Thu, 28 Apr 2022, 23:00 UTC".
    "deadline": N_("Interpretation: e-mail {contact} by {when}"),
    # TRANSLATORS: Last line of the announcement. {url}: the series page on Meta-Wiki.
    "series": N_("Registration and details: {url}"),
}
