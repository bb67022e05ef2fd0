"""The static page for participants: `index.html`, complete without JavaScript.

Every time is in a `<time datetime="...Z">`, labelled with its zone, in UTC and in the session's
anchor city. An inline script (the only script; a Content-Security-Policy with its hash forbids
anything else, so the page loads nothing from elsewhere) fills the elements marked `js-only` with
the viewer's own time and a countdown, then shows them: the published times never change.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from functools import cache
from html import escape
from pathlib import Path
from string import Formatter

from wmhr.publishing import links as calendar_links
from wmhr.publishing.dates import Style, format_moment
from wmhr.publishing.facts import SessionFacts, all_facts, next_session
from wmhr.publishing.words import PAGE, SCRIPT, autonym, language_name
from wmhr.schedule.model import Schedule
from wmhr.time.zones import links, place_name, zone_words

HERE = Path(__file__).parent
# Old spellings of zones that browsers (ICU/CLDR) still report for the viewer's zone; the page
# names them as tzdata does today. Renames of the same place only, never a merge into another
# country's zone (Africa/Asmera -> Africa/Nairobi would name the wrong country).
RENAMED_ZONES = (
    "America/Buenos_Aires",
    "America/Catamarca",
    "America/Cordoba",
    "America/Godthab",
    "America/Indianapolis",
    "America/Jujuy",
    "America/Louisville",
    "America/Mendoza",
    "Asia/Calcutta",
    "Asia/Dacca",
    "Asia/Katmandu",
    "Asia/Rangoon",
    "Asia/Saigon",
    "Asia/Thimbu",
    "Asia/Ulan_Bator",
    "Atlantic/Faeroe",
    "Europe/Kiev",
    "Pacific/Enderbury",
)


@cache
def _asset(name: str) -> str:
    return (HERE / name).read_text("utf-8")


def _e(text: str) -> str:
    return escape(text, quote=True)


class _Html(str):
    """Text that is already markup: `_fill` inserts it as it is."""


def _fill(key: str, **values: object) -> _Html:
    """The page's sentence `key` as markup: its words escaped, each value escaped unless it is
    already markup (a link, a `<time>`)."""
    parts = []
    for literal, field, spec in _parsed(PAGE[key]):
        parts.append(literal)
        if field is not None:
            value = values[field]
            parts.append(value if isinstance(value, _Html) else _e(format(value, spec)))
    return _Html("".join(parts))


@cache
def _parsed(template: str) -> tuple[tuple[str, str | None, str], ...]:
    """A template's escaped words and its fields, parsed once."""
    return tuple(
        (_e(literal), field, spec or "") for literal, field, spec, _ in Formatter().parse(template)
    )


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _time(moment: datetime, text: str) -> _Html:
    """An instant for machines (always UTC) and its text for people (in any zone)."""
    return _Html(f'<time datetime="{_iso(moment)}">{_e(text)}</time>')


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def script() -> str:
    # `<` escaped inside the JSON so no word can end the script element early.
    words = json.dumps(SCRIPT, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    renamed = json.dumps({old: links()[old] for old in RENAMED_ZONES}, sort_keys=True)
    return _asset("page.js").replace("WORDS_JSON", words).replace("RENAMED_JSON", renamed)


def render(schedule: Schedule, *, now: datetime, tzdata: str, invites: dict[str, str]) -> str:
    """The page. `invites` maps a session id to its .ics path relative to the page (sessions
    without one get no download link); `now` is when the page is made, never what it shows as
    "your time" or the countdown (the viewer's clock decides those)."""
    facts = all_facts(schedule)
    style, code = _asset("page.css"), script()
    policy = (
        "default-src 'none'; "
        f"style-src 'sha256-{_sha256(style)}'; script-src 'sha256-{_sha256(code)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    series = schedule.series
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(series.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_fill('title', series=series.title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        *_header(schedule, facts),
        "<main>",
        *_table(facts),
        *(line for fact in facts for line in _session(schedule, fact, invites)),
        *_series_sections(schedule, invites),
        "</main>",
        *_footer(facts, now=now, tzdata=tzdata),
        f"<script>{code}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _header(schedule: Schedule, facts: tuple[SessionFacts, ...]) -> list[str]:
    series, fmt = schedule.series, schedule.format
    intro = _fill(
        "intro",
        count=len(facts),
        minutes=fmt.duration_minutes,
        platform=fmt.platform,
        organizer=series.organizer,
    )
    return [
        "<header>",
        f"<h1>{_e(series.title)}</h1>",
        f'<p>{intro} <a href="{_e(series.url)}">{_fill("series_page")}</a></p>',
        '<p id="countdown" class="countdown js-only" hidden aria-live="polite"></p>',
        f'<noscript><p class="note">{_fill("noscript")}</p></noscript>',
        "</header>",
    ]


def _language_note(fact: SessionFacts, key: str) -> str:
    tag = fact.session.language
    own = _Html(f'<span lang="{_e(tag)}">{_e(autonym(tag))}</span>')
    return _fill(key, language=language_name(tag), autonym=own)


def _offset(moment: datetime) -> _Html:
    """`UTC-04:00`, never broken at its hyphen."""
    return _Html(f'<span class="offset">{format_moment(moment, "offset")}</span>')


def _anchor_label(fact: SessionFacts) -> str:
    session = fact.session
    return _fill(
        "when_anchor",
        city=session.anchor_city,
        zone=place_name(fact.start.zone),
        offset=_offset(fact.start.local),
    )


def _table(facts: tuple[SessionFacts, ...]) -> list[str]:
    lines = [
        '<div class="scroll" role="region" aria-labelledby="schedule-caption" tabindex="0">',
        '<table id="schedule">',
        f'<caption id="schedule-caption">{_fill("caption")}</caption>',
        "<thead><tr>"
        f'<th scope="col">{_fill("region")}</th>'
        f'<th scope="col">{_fill("utc")}</th>'
        f'<th scope="col">{_fill("anchor")}</th>'
        f'<th scope="col" class="js-only" hidden data-your-zone>{_fill("your_time")}</th>'
        "</tr></thead>",
        "<tbody>",
    ]
    for fact in facts:
        session = fact.session
        region = f'<a href="#session-{fact.id}">{_e(session.region)}</a>'
        if fact.other_language:
            region += f' <span class="note">{_language_note(fact, "conducted_in_short")}</span>'
        utc: str = _time(session.start, format_moment(session.start, "utc"))
        local = f"{_time(session.start, format_moment(fact.start.local, 'date_time'))} "
        local += _anchor_label(fact)
        if fact.cancelled:
            region = f"<s>{region}</s> {_fill('cancelled')}"
            utc, local = f"<s>{utc}</s>", f"<s>{local}</s>"
        row_class = ' class="cancelled"' if fact.cancelled else ""
        lines.append(
            f'<tr id="row-{fact.id}"{row_class}><th scope="row">{region}</th>'
            f"<td>{utc}</td><td>{local}</td>"
            f'<td class="js-only" hidden data-your-time data-instant="{_iso(session.start)}">'
            "</td></tr>"
        )
    lines += [
        "</tbody>",
        "</table>",
        "</div>",
        f'<p class="legend js-only" hidden>{_fill("day_legend")}</p>',
    ]
    return lines


def _span(fact: SessionFacts, utc: bool) -> str:
    """`Tue 3 May 2022 19:00 to 20:00`, with the end's date when it falls on another day."""
    session = fact.session
    start = session.start if utc else fact.start.local
    end = session.end if utc else fact.end.local
    end_style: Style = "time" if start.date() == end.date() else "date_time"
    return _fill(
        "span",
        start=_time(session.start, format_moment(start, "date_time")),
        end=_time(session.end, format_moment(end, end_style)),
    )


def _session(schedule: Schedule, fact: SessionFacts, invites: dict[str, str]) -> list[str]:
    session = fact.session
    region = _e(session.region)
    cancelled = " data-cancelled" if fact.cancelled else ""
    lines = [
        f'<section id="session-{fact.id}" class="session{" cancelled" if cancelled else ""}" '
        f'aria-labelledby="heading-{fact.id}" data-start="{_iso(session.start)}" '
        f'data-end="{_iso(session.end)}" data-region="{region}"{cancelled}>',
        f'<h2 id="heading-{fact.id}">{region}</h2>',
    ]
    if fact.cancelled:
        lines.append(f'<p class="status">{_fill("cancelled_note")}</p>')
    elif session.status == "tentative":
        lines.append(f'<p class="status">{_fill("tentative_note")}</p>')
    if fact.other_language:
        lines.append(f"<p>{_language_note(fact, 'conducted_in')}</p>")
    lines += [
        '<dl class="when">',
        f"<dt>{_fill('when_utc')}</dt>",
        f"<dd>{_span(fact, utc=True)}</dd>",
        f"<dt>{_anchor_label(fact)}</dt>",
        f"<dd>{_span(fact, utc=False)}</dd>",
        f'<dt class="js-only" hidden data-your-zone>{_fill("your_time")}</dt>',
        f'<dd class="js-only" hidden data-your-time data-instant="{_iso(session.start)}"></dd>',
        "</dl>",
        *_links(schedule, fact, invites),
    ]
    if not fact.cancelled:
        lines.append(_deadline(fact))
    lines.append("</section>")
    return lines


def _link(url: str, text: str, extra: str = "") -> str:
    """`text` is markup (from `_fill`)."""
    return f'<li><a href="{_e(url)}"{extra}>{text}</a></li>'


def _links(schedule: Schedule, fact: SessionFacts, invites: dict[str, str]) -> list[str]:
    session, region = fact.session, fact.session.region
    items = []
    ics = invites.get(fact.id)
    if ics:
        text = _fill("ics_cancelled" if fact.cancelled else "ics", region=region)
        items.append(_link(ics, text, ' type="text/calendar" download'))
    if not fact.cancelled:
        details = schedule.series.url
        google = calendar_links.google_calendar_url(fact.title, session.start, session.end, details)
        outlook = calendar_links.outlook_url(fact.title, session.start, session.end, details)
        items.append(_link(google, _fill("google", region=region)))
        items.append(_link(outlook, _fill("outlook", region=region)))
        if fact.zonestamp:
            items.append(_link(fact.zonestamp, _fill("zonestamp", region=region)))
        if session.register_url:
            items.append(_link(session.register_url, _fill("register", region=region)))
    if not items:
        return []
    label = _fill("session_links", region=region)
    return [f'<ul class="links" aria-label="{label}">', *items, "</ul>"]


def _deadline(fact: SessionFacts) -> str:
    utc = _time(fact.deadline, format_moment(fact.deadline, "utc"))
    local = format_moment(fact.deadline_local.local, "date_time")
    anchor = _fill("deadline_anchor", local=local, city=fact.session.anchor_city)
    text = _fill("deadline", region=fact.session.region, utc=utc)
    return (
        f'<p class="deadline">{text} {anchor}<span class="js-only" hidden data-your-deadline '
        f'data-instant="{_iso(fact.deadline)}"></span>.</p>'
    )


def _series_sections(schedule: Schedule, invites: dict[str, str]) -> list[str]:
    series, fmt = schedule.series, schedule.format
    policy, survey = schedule.interpretation, schedule.survey
    contact = _Html(f'<a href="mailto:{_e(policy.contact)}">{_e(policy.contact)}</a>')
    rule = _fill(
        "interpretation_rule", count=policy.min_requesters, contact=contact, days=policy.lead_days
    )
    survey_text = _fill(
        "survey",
        kind=PAGE["survey_anonymous" if survey.anonymous else "survey_named"],
        provider=survey.provider,
        last_day=format_moment(survey.last_day, "day"),
        zone=zone_words(survey.zone.key),
        utc=_time(survey.closes, format_moment(survey.closes, "utc")),
    )
    your_close = (
        f'<span class="js-only" hidden data-your-deadline '
        f'data-instant="{_iso(survey.closes)}"></span>'
    )
    feed = invites.get("series")
    return [
        '<section id="interpretation">',
        f"<h2>{_fill('interpretation_heading')}</h2>",
        f"<p>{rule}</p>",
        "</section>",
        '<section id="calendar">',
        f"<h2>{_fill('calendar_heading')}</h2>",
        f"<p>{_fill('calendar_text')}</p>",
        *([f'<ul class="links">{_link(feed, _fill("series_feed"))}</ul>'] if feed else []),
        f"<p>{_fill('outlook_note')}</p>",
        "</section>",
        '<section id="format">',
        f"<h2>{_fill('agenda_heading')}</h2>",
        "<ul>",
        *(f"<li>{_fill('agenda_item', minutes=a.minutes, item=a.item)}</li>" for a in fmt.agenda),
        "</ul>",
        f"<p>{_fill('registration', registration=fmt.registration)}</p>",
        f"<p>{_fill('questions', text=series.questions_ahead)}</p>",
        "</section>",
        '<section id="safety">',
        f"<h2>{_fill('safety_heading')}</h2>",
        f"<p>{_fill('safety_intro')}</p>",
        "<ul>",
        *(f"<li>{_e(item)}</li>" for item in series.safety),
        "</ul>",
        f"<p>{_fill('policies')}</p>",
        "<ul>",
        *(f"<li>{_e(item)}</li>" for item in series.policies),
        "</ul>",
        "</section>",
        '<section id="survey">',
        f"<h2>{_fill('survey_heading')}</h2>",
        f'<p>{survey_text}{your_close}. <a href="{_e(series.url)}">{_fill("survey_where")}</a></p>',
        "</section>",
        '<section id="topics">',
        f"<h2>{_fill('topics_heading')}</h2>",
        "<ul>",
        *(f"<li>{_e(topic)}</li>" for topic in series.topics),
        "</ul>",
        "</section>",
    ]


def _footer(facts: tuple[SessionFacts, ...], *, now: datetime, tzdata: str) -> list[str]:
    made = _time(now, format_moment(now, "utc"))
    text = _fill("made_at", tzdata=tzdata, made=made)
    upcoming = next_session(facts, now=now)
    if upcoming is None:
        then = _fill("none_at_making")
    else:
        start = upcoming.session.start
        when = _time(start, format_moment(start, "utc"))
        then = _fill("next_at_making", region=upcoming.session.region, when=when)
    return ["<footer>", f'<p class="note">{text} {then}</p>', "</footer>"]
