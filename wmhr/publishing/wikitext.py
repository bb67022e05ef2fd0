"""The series page's "Town Hall Community Conversations" table as wikitext for Meta-Wiki.

An accessible wikitable (MOS:DTT): a `|+` caption, `scope="col"` headers, the region as each row's
header. Time (UTC) links to Zonestamp, which shows the session in the reader's own zone; Time
(Local) is computed from tzdata in the anchor city. With `translate=True`, Translate-extension
markup as Meta uses it: words in `<translate>` units, table syntax, times and links outside them,
numbers and URLs inside a unit in `<tvar name=...>` with unique names (no `/` or `.`).
"""

from __future__ import annotations

import itertools
import re

from wmhr.controls import one_line
from wmhr.invites.text import request_subject
from wmhr.locale.language import Language, language_or
from wmhr.publishing.dates import format_moment
from wmhr.publishing.facts import SessionFacts, all_facts, series_language
from wmhr.publishing.words import WIKI, fill, language_name
from wmhr.schedule.deadlines import interpretation_deadline
from wmhr.schedule.localized import translate
from wmhr.schedule.model import Schedule, Session

# Characters wikitext would read as markup inside a table cell, written as character references.
_ALWAYS = {"|": "&#124;", "[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;", "<": "&lt;"}
_ALWAYS |= {">": "&gt;", "$": "&#36;"}
_DOUBLED = re.compile(r"([~'_!])(?=\1)")  # ~~~ signatures, '' italics, __MAGIC__, !! cells
# `word:` would start a free external link (https://..., mailto:...) in running text.
_SCHEME_COLON = re.compile(r"(?<=\w):")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_NUMBER = re.compile(r"\d+")
# The table's columns in order; the last only when a session has a register_url.
COLUMNS = ("region", "date", "time_utc", "time_local", "register")
SESSION_ATTRIBUTE = "data-wmhr-session"


def escape(text: str) -> str:
    """Schedule text as literal wikitext: never a link, template, cell break or signature."""
    text = one_line(text)
    text = _ENTITY.sub("&amp;", text)
    text = "".join(_ALWAYS.get(c, c) for c in text)
    text = _SCHEME_COLON.sub("&#58;", text)
    return _DOUBLED.sub(lambda m: f"&#{ord(m.group(1))};", text)


# In an external link's URL: characters that would end the link (space, `]`, `<`, `"`), start
# markup that the parser expands before it reads links (`{{`, `[[`, `''`, `~~~`, `__X__`, `|` in a
# cell, `!!` in a header row), or close a <tvar>. Percent-encoding them keeps the address: RFC
# 3986 makes `%7E` and `~` the same, and none of the others may stand raw in a URL anyway.
_URL_UNSAFE = re.compile(r"[^A-Za-z0-9\-.:/?#@$&()*+,;=%_]|__|&(?=#?\w+;)")


def external_url(url: str) -> str:
    """`url` written so that no character of it can end the link or start wikitext markup."""
    return _URL_UNSAFE.sub(lambda m: _percent(m.group(0)), url)


def _percent(text: str) -> str:
    return "".join(f"%{byte:02X}" for byte in text.encode("utf-8"))


class _Markup:
    """Plain wikitext, or the same with Translate markup."""

    def __init__(self, translate: bool) -> None:
        self.translate = translate

    def words(self, text: str) -> str:
        """Translatable words (already escaped): a unit of their own."""
        return f"<translate>{text}</translate>" if self.translate else text

    def words_with_numbers(self, text: str, name: str) -> str:
        """A unit whose numbers are not for translators: `Tue $latam-date-1 May $latam-date-2`."""
        if not self.translate:
            return text
        count = itertools.count(1)

        def tvar(match: re.Match[str]) -> str:
            return f'<tvar name="{name}-{next(count)}">{match.group(0)}</tvar>'

        return self.words(_NUMBER.sub(tvar, text))

    def link(self, url: str, label: str, name: str) -> str:
        """`[URL label]`; translated, the label is a unit and the URL a tvar in it."""
        if not self.translate:
            return f"[{external_url(url)} {label}]"
        return f'<translate>[<tvar name="{name}">{external_url(url)}</tvar> {label}]</translate>'


def table(
    schedule: Schedule,
    lang: Language | None = None,
    *,
    translate: bool = False,
    one_language: bool = False,
) -> str:
    """The table in `lang` (by default the series language), then how to ask for interpretation
    for each session, in the session's own language (when wmhr has it) unless `one_language`."""
    lang = lang or series_language(schedule)
    markup = _Markup(translate)
    facts = all_facts(schedule, lang)
    register = any(f.session.register_url for f in facts)
    headers = list(COLUMNS if register else COLUMNS[:-1])
    lines = ["<languages/>"] if translate else []
    caption = markup.words(escape(fill(lang, WIKI["caption"])))
    lines += ['{| class="wikitable"', f"|+ {caption}"]
    lines += [f'! scope="col" | {markup.words(escape(fill(lang, WIKI[key])))}' for key in headers]
    for fact in facts:
        # The session id on each row lets `check --wiki` and `--edit` find the row again after
        # hand edits and translation (a data- attribute: MediaWiki keeps it, readers never see it).
        lines.append(f'|- {SESSION_ATTRIBUTE}="{fact.id}"')
        lines += _row(fact, markup, register, lang)
    lines.append("|}")
    # Under the table, in lines that are no row: `check --wiki` and `--edit` read rows by their
    # cells. Written in each session's language, so outside Translate's units.
    lines += [
        _ask(schedule, fact.session, lang, one_language) for fact in facts if not fact.cancelled
    ]
    return "\n".join(lines) + "\n"


def _ask(schedule: Schedule, session: Session, table_lang: Language, one_language: bool) -> str:
    """`* Interpretation for the Asia session: e-mail ... by ..., with the subject "..." ...`,
    marked with its language where it differs from the table's."""
    lang = table_lang if one_language else language_or(session.language, table_lang.tag)
    deadline = interpretation_deadline(session, schedule.interpretation)
    text = fill(
        lang,
        WIKI["ask"],
        region=translate(session.region, lang.tag),
        contact=schedule.interpretation.contact,
        deadline=format_moment(deadline, "utc", lang),
        subject=request_subject(session.id, lang),
    )
    if lang.tag == table_lang.tag:
        return f"* {escape(text)}"
    direction = f' dir="{lang.direction}"' if lang.direction != table_lang.direction else ""
    return f'* <span lang="{lang.tag}"{direction}>{escape(text)}</span>'


def _row(fact: SessionFacts, markup: _Markup, register: bool, lang: Language) -> list[str]:
    session, sid = fact.session, fact.id
    region = markup.words(escape(translate(session.region, lang.tag)))
    if fact.other_language:
        language = language_name(session.language, lang)
        note = fill(lang, WIKI["conducted_in"], language=language)
        region = f"{region} {markup.words(escape(note))}"
    local = fact.start.local
    date = markup.words_with_numbers(escape(format_moment(local, "date", lang)), f"{sid}-date")
    utc = _utc_cell(fact, markup, lang)
    city = markup.words(escape(translate(session.anchor_city, lang.tag)))
    offset = format_moment(local, "offset", lang)
    local_time = f"{format_moment(local, 'time', lang)} {city} ({offset})"
    cells = [date, utc, local_time]
    if register:
        url = session.register_url
        label = escape(fill(lang, WIKI["register_link"]))
        cells.append(
            markup.link(url, label, f"{sid}-register") if url and not fact.cancelled else ""
        )
    if fact.cancelled:
        region = f"<s>{region}</s> {markup.words(escape(fill(lang, WIKI['cancelled'])))}"
        cells = [f"<s>{cell}</s>" if cell else "" for cell in cells]
    return [f'! scope="row" | {region}', *(f"| {cell}".rstrip() for cell in cells)]


def _utc_cell(fact: SessionFacts, markup: _Markup, lang: Language) -> str:
    """The start in UTC, linked to Zonestamp; its UTC date when that differs from the Date column
    (which is the anchor city's)."""
    start = fact.session.start
    clock = format_moment(start, "time", lang)
    cell = f"[{external_url(fact.zonestamp)} {clock}]" if fact.zonestamp else clock
    if start.date() != fact.start.local.date():
        other_day = escape(format_moment(start, "short_date", lang))
        cell += f" ({markup.words_with_numbers(other_day, f'{fact.id}-utc-date')})"
    return cell
