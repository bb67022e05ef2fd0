"""The static page for participants: `index.html`, complete without JavaScript.

Every time is in a `<time datetime="...Z">`, labelled with its zone, in UTC and in the session's
anchor city. The page is in one language (`<html lang>`), its table too; each session's section is
in the session's own language where it differs (its own `lang` and, for a script written the
other way, `dir`), unless the page is asked for in one language throughout. An inline script (the
only script; a Content-Security-Policy with its hash forbids anything else, so the page loads
nothing from elsewhere) fills the elements marked `js-only` with the viewer's own time (or that of
a zone chosen on the page and kept in the address, `#tz=Asia/Kolkata`) and a countdown, each in
the language of the text around it, then shows them: the published times never change. For
machines: a schema.org `Event` per session (JSON-LD), Open Graph tags.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from html import escape
from pathlib import Path
from string import Formatter

from wmhr.invites.text import minutes, request_subject, zone_label
from wmhr.locale.language import Language, language_or
from wmhr.publishing import links as calendar_links
from wmhr.publishing import structured
from wmhr.publishing.dates import Style, format_moment
from wmhr.publishing.facts import SessionFacts, next_session, series_language, session_facts
from wmhr.publishing.words import (
    ANNOUNCEMENT,
    PAGE,
    SCRIPT,
    autonym,
    fill,
    language_name,
    say,
    script_words,
)
from wmhr.publishing.words import days as day_count
from wmhr.schedule.localized import translate
from wmhr.schedule.model import Schedule
from wmhr.time.zones import links

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


@dataclass(frozen=True)
class _Part:
    """One session's facts in the language its section is written in."""

    fact: SessionFacts
    lang: Language
    page: Language  # the page's language

    @property
    def attributes(self) -> str:
        """` lang="es"` (and ` dir="rtl"`) where the session's language is not the page's."""
        if self.lang.tag == self.page.tag:
            return ""
        direction = self.lang.direction
        flip = f' dir="{direction}"' if direction != self.page.direction else ""
        return f' lang="{_e(self.lang.tag)}"{flip}'

    @property
    def page_language(self) -> str:
        """` lang="en"` for a note in the page's language inside the section."""
        return f' lang="{_e(self.page.tag)}"' if self.attributes else ""


def _fill(lang: Language, key: str, **values: object) -> _Html:
    """The page's sentence `key` in `lang` as markup: its words escaped, each value escaped unless
    it is already markup (a link, a `<time>`)."""
    parts = []
    for literal, field, spec in _parsed(say(lang, PAGE[key], **values)):
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


# A gettext plural rule: arithmetic and comparisons of `n` only, so it is safe inside the script.
_PLURAL_RULE = re.compile(r"^[n0-9\s?:%&|!=<>()+*/-]+$")
# A sign before a digit ("+1 day"): in right-to-left text it would show after the number.
_SIGNED = re.compile(r"(?<![\w\u200e])([+\-\u2212])(?=\d)")
LRM = "\u200e"


def _signs_ltr(text: str, lang: Language) -> str:
    """`+1 يوم` with a left-to-right mark before the sign, so it reads `+1` in right-to-left text
    (the mark makes the number's run left-to-right, sign first; Unicode bidi rule W7)."""
    return _SIGNED.sub(LRM + r"\1", text) if lang.direction == "rtl" else text


def _json_for_script(data: object) -> str:
    """JSON inside a `<script>`: `<` escaped so no text can end the element early."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def _words(lang: Language) -> dict[str, object]:
    words = script_words(lang)
    for key in ("day_after", "day_before"):
        words[key] = _signs_ltr(str(words[key]), lang)
    return words


def script(lang: Language, others: Iterable[Language] = ()) -> str:
    """The page's script, with the words of the page's language and of each language a section
    is written in (what it adds goes in the language of the text around it)."""
    words = {other.tag: _words(other) for other in (lang, *others)}
    renamed = json.dumps({old: links()[old] for old in RENAMED_ZONES}, sort_keys=True)
    rule = lang.plural_rule
    if not _PLURAL_RULE.match(rule):
        raise ValueError(f"plural rule {rule!r} of {lang.tag} is not an expression of n")
    code = _asset("page.js").replace("WORDS_JSON", _json_for_script(words))
    return code.replace("RENAMED_JSON", renamed).replace("PLURAL_RULE", rule)


def render(
    schedule: Schedule,
    lang: Language | None = None,
    *,
    now: datetime,
    tzdata: str,
    invites: dict[str, str],
    one_language: bool = False,
    moved_from: Mapping[str, datetime] | None = None,
) -> str:
    """The page in `lang`. `invites` maps a session id to its .ics path relative to the page
    (sessions without one get no download link); `now` is when the page is made, never what it
    shows as "your time" or the countdown (the viewer's clock decides those), though deadlines
    already past at `now` are marked closed. Each session's section is in its own language unless
    `one_language`. `moved_from` maps a rescheduled session to the start people were told before
    (its invites say the same), for the machine-readable events."""
    lang = lang or series_language(schedule)
    parts_by_session = _parts(schedule, lang, one_language)
    others = {part.lang.tag: part.lang for part in parts_by_session if part.lang.tag != lang.tag}
    style, code = _asset("page.css"), script(lang, others.values())
    policy = (
        "default-src 'none'; "
        f"style-src 'sha256-{_sha256(style)}'; script-src 'sha256-{_sha256(code)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    series = schedule.series
    title = fill(lang, PAGE["title"], series=translate(series.title, lang.tag))
    description = fill(lang, PAGE["intro"], **_intro(schedule, lang, len(parts_by_session)))
    facts = [(part.fact, part.lang) for part in parts_by_session]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang.tag)}" dir="{lang.direction}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(title)}</title>",
        *structured.meta_tags(title, description, lang),
        f"<style>{style}</style>",
        structured.events_script(schedule, facts, moved_from or {}),
        "</head>",
        "<body>",
        *_header(schedule, lang, len(parts_by_session)),
        "<main>",
        *_table(parts_by_session),
        *(line for part in parts_by_session for line in _session(schedule, part, invites, now)),
        *_series_sections(schedule, lang, invites, now),
        "</main>",
        *_footer(schedule, lang, now=now, tzdata=tzdata),
        f"<script>{code}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _parts(schedule: Schedule, page: Language, one_language: bool) -> list[_Part]:
    """Each session, in order of its start, with the language its section is written in: its
    own (when wmhr has it), else the page's."""
    ordered = sorted(schedule, key=lambda s: s.start)
    result = []
    for session in ordered:
        lang = page if one_language else language_or(session.language, page.tag)
        result.append(_Part(session_facts(schedule, session, lang), lang, page))
    return result


def _intro(schedule: Schedule, lang: Language, count: int) -> dict[str, object]:
    """The introduction's values, for the page and for its description."""
    fmt = schedule.format
    return {
        "conversations": say(lang, PAGE["conversations"], count=count).format(count=count),
        "duration": minutes(fmt.duration_minutes, lang),
        "platform": fmt.platform,
        "organizer": translate(schedule.series.organizer, lang.tag),
    }


def _header(schedule: Schedule, lang: Language, count: int) -> list[str]:
    series = schedule.series
    intro = _fill(lang, "intro", **_intro(schedule, lang, count))
    return [
        "<header>",
        f"<h1>{_e(translate(series.title, lang.tag))}</h1>",
        f'<p>{intro} <a href="{_e(series.url)}">{_fill(lang, "series_page")}</a></p>',
        '<p id="countdown" class="countdown js-only" hidden aria-live="polite"></p>',
        '<p class="zone-choice" hidden><label for="zone-picker">'
        f'{_fill(lang, "zone_picker")}</label> <select id="zone-picker"></select></p>',
        f'<noscript><p class="note">{_fill(lang, "noscript")}</p></noscript>',
        "</header>",
    ]


def _held_in_another(part: _Part) -> bool:
    """The session is held in a language other than the page's."""
    return _base(part.fact.session.language) != _base(part.page.tag)


def _base(tag: str) -> str:
    return tag.split("-")[0].lower()


def _language_note(part: _Part) -> str:
    """`Conducted in Spanish (español).`, in the page's language (marked as such inside a
    section written in another), the language's own name marked with its `lang`."""
    tag, page = part.fact.session.language, part.page
    own = _Html(f'<span lang="{_e(tag)}">{_e(autonym(tag))}</span>')
    note = _fill(page, "conducted_in", language=language_name(tag, page), autonym=own)
    return f"<span{part.page_language}>{note}</span>" if part.page_language else note


def _offset(moment: datetime, lang: Language) -> _Html:
    """`GMT-04:00`, never broken at its hyphen."""
    return _Html(f'<span class="offset">{_e(format_moment(moment, "offset", lang))}</span>')


def _anchor_label(part: _Part, lang: Language) -> str:
    fact = part.fact
    session = fact.session
    name = zone_label(session.start, session.zone, lang)
    offset = _offset(fact.start.local, lang)
    zone = offset if name == lang.utc_offset(session.start, session.zone) else None
    return _fill(
        lang,
        "when_anchor",
        city=translate(session.anchor_city, lang.tag),
        zone=zone or _fill(lang, "zone_offset", zone=name, offset=offset),
    )


def _table(parts: list[_Part]) -> list[str]:
    """The schedule in the page's language. Its caption stays outside the box that scrolls
    sideways (on a narrow screen each row is a card and nothing scrolls)."""
    if not parts:
        return []
    page = parts[0].page
    return [
        f'<p id="schedule-caption" class="caption">{_fill(page, "caption")}</p>',
        '<div class="scroll" role="region" aria-labelledby="schedule-caption" tabindex="0">',
        '<table id="schedule" aria-labelledby="schedule-caption">',
        "<thead><tr>"
        f'<th scope="col">{_fill(page, "region")}</th>'
        f'<th scope="col">{_fill(page, "utc")}</th>'
        f'<th scope="col">{_fill(page, "anchor")}</th>'
        f'<th scope="col" class="js-only" hidden data-your-zone>{_fill(page, "your_time")}</th>'
        "</tr></thead>",
        "<tbody>",
        *(_row(part) for part in parts),
        "</tbody>",
        "</table>",
        "</div>",
        f'<p class="legend js-only" hidden>{_signs_ltr(_fill(page, "day_legend"), page)}</p>',
    ]


def _row(part: _Part) -> str:
    fact, lang = part.fact, part.page
    session = fact.session
    name = _e(translate(session.region, lang.tag))
    region = f'<a href="#session-{fact.id}">{name}</a>'
    if _held_in_another(part):
        language = language_name(session.language, lang)
        region += f' <span class="note">{_fill(lang, "in_language", language=language)}</span>'
    utc: str = _time(session.start, format_moment(session.start, "utc", lang))
    local = f"{_time(session.start, format_moment(fact.start.local, 'date_time', lang))} "
    local += _anchor_label(part, lang)
    if fact.cancelled:
        region = f"<s>{region}</s> {_fill(lang, 'cancelled')}"
        utc, local = f"<s>{utc}</s>", f"<s>{local}</s>"
    row_class = ' class="cancelled"' if fact.cancelled else ""
    return (
        f'<tr id="row-{fact.id}"{row_class}><th scope="row">{region}</th>'
        f'<td data-label="{_fill(lang, "utc")}">{utc}</td>'
        f'<td data-label="{_fill(lang, "anchor")}">{local}</td>'
        f'<td class="js-only" hidden data-your-time data-instant="{_iso(session.start)}"></td></tr>'
    )


def _span(part: _Part, utc: bool) -> str:
    """`Tue, 3 May 2022, 19:00 to 20:00`, with the end's date when it falls on another day."""
    fact, lang = part.fact, part.lang
    session = fact.session
    start = session.start if utc else fact.start.local
    end = session.end if utc else fact.end.local
    end_style: Style = "time" if start.date() == end.date() else "date_time"
    return _fill(
        lang,
        "span",
        start=_time(session.start, format_moment(start, "date_time", lang)),
        end=_time(session.end, format_moment(end, end_style, lang)),
    )


def _session(schedule: Schedule, part: _Part, invites: dict[str, str], now: datetime) -> list[str]:
    fact, lang = part.fact, part.lang
    session = fact.session
    region = _e(translate(session.region, lang.tag))
    # The countdown names the session in the page's language.
    page_region = _e(translate(session.region, part.page.tag))
    cancelled = " data-cancelled" if fact.cancelled else ""
    lines = [
        f'<section id="session-{fact.id}" class="session{" cancelled" if cancelled else ""}" '
        f'aria-labelledby="heading-{fact.id}" data-start="{_iso(session.start)}" '
        f'data-end="{_iso(session.end)}" data-region="{page_region}"{cancelled}'
        f"{part.attributes}>",
        f'<h2 id="heading-{fact.id}">{region}</h2>',
    ]
    if fact.cancelled:
        lines.append(f'<p class="status">{_fill(lang, "cancelled_note")}</p>')
    elif session.status == "tentative":
        lines.append(f'<p class="status">{_fill(lang, "tentative_note")}</p>')
    if _held_in_another(part):
        lines.append(f"<p>{_language_note(part)}</p>")
    lines += [
        '<dl class="when">',
        f"<dt>{_fill(lang, 'when_utc')}</dt>",
        f"<dd>{_span(part, utc=True)}</dd>",
        f"<dt>{_anchor_label(part, lang)}</dt>",
        f"<dd>{_span(part, utc=False)}</dd>",
        f'<dt class="js-only" hidden data-your-zone>{_fill(lang, "your_time")}</dt>',
        f'<dd class="js-only" hidden data-your-time data-instant="{_iso(session.start)}"></dd>',
        "</dl>",
        *_links(schedule, part, invites),
    ]
    if not fact.cancelled:
        lines.append(_deadline(part, now))
    lines.append("</section>")
    return lines


def _link(url: str, text: str, extra: str = "") -> str:
    """`text` is markup (from `_fill`)."""
    return f'<li><a href="{_e(url)}"{extra}>{text}</a></li>'


def _links(schedule: Schedule, part: _Part, invites: dict[str, str]) -> list[str]:
    fact, lang = part.fact, part.lang
    session = fact.session
    region = translate(session.region, lang.tag)
    items = []
    ics = invites.get(fact.id)
    if ics:
        text = _fill(lang, "ics_cancelled" if fact.cancelled else "ics", region=region)
        items.append(_link(ics, text, ' type="text/calendar" download'))
    if not fact.cancelled:
        event = (fact.title, session.start, session.end, schedule.series.url)
        google = calendar_links.google_calendar_url(*event)
        items.append(_link(google, _fill(lang, "google", region=region)))
        for account in calendar_links.OUTLOOK_ACCOUNTS:
            outlook = calendar_links.outlook_url(*event, account=account)
            items.append(_link(outlook, _fill(lang, f"outlook_{account}", region=region)))
        if fact.zonestamp:
            items.append(_link(fact.zonestamp, _fill(lang, "zonestamp", region=region)))
        if session.register_url:
            items.append(_link(session.register_url, _fill(lang, "register", region=region)))
        items.append(
            _link(_request_mailto(schedule, part), _fill(lang, "ask_by_mail", region=region))
        )
    if not items:
        return []
    label = _fill(lang, "session_links", region=region)
    return [f'<ul class="links" aria-label="{label}">', *items, "</ul>"]


def _request_mailto(schedule: Schedule, part: _Part) -> str:
    """A prefilled request by e-mail, in the session's language, that the importer reads."""
    lang = part.lang
    subject = request_subject(part.fact.id, lang)
    body = fill(lang, ANNOUNCEMENT["language"], language="")
    return calendar_links.request_mailto(schedule.interpretation.contact, subject, body)


def _closed(closes: datetime, lang: Language, now: datetime) -> str:
    """` (closed)`: shown when already past at `now`, else by the script once it is past."""
    mark = f" {_e(say(lang, SCRIPT['closed']))}</strong>"
    if closes <= now:
        return f'<strong class="closed">{mark}'
    return f'<strong class="closed" hidden data-closes="{_iso(closes)}">{mark}'


def _deadline(part: _Part, now: datetime) -> str:
    """One sentence in the section's language, the viewer's time added by the script in it."""
    fact, lang = part.fact, part.lang
    utc = _time(fact.deadline, format_moment(fact.deadline, "utc", lang))
    local = format_moment(fact.deadline_local.local, "date_time", lang)
    city = translate(fact.session.anchor_city, lang.tag)
    anchor = _fill(lang, "deadline_anchor", local=local, city=city)
    region = translate(fact.session.region, lang.tag)
    text = _fill(lang, "deadline", region=region, utc=utc)
    return (
        f'<p class="deadline">{text} {anchor}<span class="js-only" hidden data-your-deadline '
        f'data-instant="{_iso(fact.deadline)}"></span>{_closed(fact.deadline, lang, now)}.</p>'
    )


def _series_sections(
    schedule: Schedule, lang: Language, invites: dict[str, str], now: datetime
) -> list[str]:
    series, fmt = schedule.series, schedule.format
    policy, survey = schedule.interpretation, schedule.survey
    tag = lang.tag
    contact = _Html(f'<a href="mailto:{_e(policy.contact)}">{_e(policy.contact)}</a>')
    rule = _fill(lang, "interpretation_rule", count=policy.min_requesters)
    how = _fill(lang, "interpretation_how", contact=contact, days=day_count(lang, policy.lead_days))
    closed = survey.closes <= now
    survey_key = "survey_anonymous" if survey.anonymous else "survey_named"
    survey_text = _fill(
        lang,
        f"{survey_key}_closed" if closed else survey_key,
        provider=survey.provider,
        last_day=format_moment(survey.last_day, "day", lang),
        zone=zone_label(survey.closes, survey.zone, lang),
        utc=_time(survey.closes, format_moment(survey.closes, "utc", lang)),
    )
    your_close = (
        f'<span class="js-only" hidden data-your-deadline '
        f'data-instant="{_iso(survey.closes)}"></span>'
        + ("" if closed else _closed(survey.closes, lang, now))  # a closed one says so itself
    )
    feed = invites.get("series")
    agenda = [
        _fill(lang, "agenda_item", duration=minutes(a.minutes, lang), item=translate(a.item, tag))
        for a in fmt.agenda
    ]
    where = _fill(lang, "survey_where")
    return [
        '<section id="interpretation">',
        f"<h2>{_fill(lang, 'interpretation_heading')}</h2>",
        f"<p>{rule} {how}</p>",
        "</section>",
        '<section id="calendar">',
        f"<h2>{_fill(lang, 'calendar_heading')}</h2>",
        f"<p>{_fill(lang, 'calendar_text')}</p>",
        *([f'<ul class="links">{_link(feed, _fill(lang, "series_feed"))}</ul>'] if feed else []),
        f"<p>{_fill(lang, 'outlook_note')}</p>",
        "</section>",
        '<section id="format">',
        f"<h2>{_fill(lang, 'agenda_heading')}</h2>",
        "<ul>",
        *(f"<li>{item}</li>" for item in agenda),
        "</ul>",
        f"<p>{_e(translate(fmt.registration, tag))}</p>",
        f"<p>{_fill(lang, 'questions', text=translate(series.questions_ahead, tag))}</p>",
        "</section>",
        '<section id="safety">',
        f"<h2>{_fill(lang, 'safety_heading')}</h2>",
        f"<p>{_fill(lang, 'safety_intro')}</p>",
        "<ul>",
        *(f"<li>{_e(translate(item, tag))}</li>" for item in series.safety),
        "</ul>",
        f"<p>{_fill(lang, 'policies')}</p>",
        "<ul>",
        *(f"<li>{_e(translate(item, tag))}</li>" for item in series.policies),
        "</ul>",
        "</section>",
        '<section id="survey">',
        f"<h2>{_fill(lang, 'survey_heading')}</h2>",
        f"<p>{survey_text}{your_close}."
        + ("" if closed else f' <a href="{_e(series.url)}">{where}</a>')
        + "</p>",
        "</section>",
        '<section id="topics">',
        f"<h2>{_fill(lang, 'topics_heading')}</h2>",
        "<ul>",
        *(f"<li>{_e(translate(topic, tag))}</li>" for topic in series.topics),
        "</ul>",
        "</section>",
    ]


def _footer(schedule: Schedule, lang: Language, *, now: datetime, tzdata: str) -> list[str]:
    made = _time(now, format_moment(now, "utc", lang))
    text = _fill(lang, "made_at", tzdata=tzdata, made=made)
    facts = tuple(session_facts(schedule, s, lang) for s in sorted(schedule, key=lambda s: s.start))
    upcoming = next_session(facts, now=now)
    if upcoming is None:
        then = _fill(lang, "none_at_making")
    else:
        start = upcoming.session.start
        when = _time(start, format_moment(start, "utc", lang))
        region = translate(upcoming.session.region, lang.tag)
        then = _fill(lang, "next_at_making", region=region, when=when)
    return ["<footer>", f'<p class="note">{text} {then}</p>', "</footer>"]
