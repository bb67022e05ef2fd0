"""What a request by e-mail asks for: the session and the languages, read from the subject and the
new text of the body (quoted replies and signatures left out), in the words people write.

A session is named by its id, its region as published in any of the schedule's languages ("Asia",
"Asie") or its date in any of wmhr's languages ("16 May", "16 de mayo"). A language by its name in
English, in wmhr's languages or in itself ("French", "francés", "Kiswahili"), or by a BCP 47 tag
written as one: with a region or script (`pt-BR`, `zh-Hant`) or in brackets (`[fr]`, `(sw)`); a
bare two-letter word is never taken for a tag ("in", "it", "no" are words first). A language
named only in passing is not asked for (mail_asking has the rule). Nothing is guessed: the
caller decides what a message that names no session, or two, or languages it does not ask for,
becomes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from html.parser import HTMLParser
from typing import NamedTuple

from wmhr.errors import LanguageTagError
from wmhr.requests import langtag
from wmhr.requests.mail_asking import Item, asked_for
from wmhr.schedule.model import Schedule, Session

MAX_WORDS = 6  # the longest name looked for: "europa central e oriental", "latin america caribbean"
WORD = re.compile(r"\w+(?:['\u2019]\w+)?")
BRACKETED_TAG = re.compile(r"[\[(]\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\s*[\])]")
# A tag with a region (upper case) or script (title case), as BCP 47 writes them: `pt-BR`.
WRITTEN_TAG = re.compile(
    r"(?<![\w-])([a-zA-Z]{2,3}(?:-(?:[A-Z]{2}|[0-9]{3}|[A-Z][a-z]{3}))+)(?![\w-])"
)
# Languages CLDR has a locale for and ISO 639-1 a code, plus these, are named in messages.
EXTRA_LANGUAGES = frozenset({"yue", "fil", "ceb", "haw"})
# Language names that are also common words in the texts wmhr reads.
NOT_NAMES = frozenset({"ido", "ewe", "arab", "jawa", "afar", "lao"})
# Language names that are also ordinary words or places ("flamenco" is Spanish for Flemish,
# "dari" Indonesian for "from"): they name a language only next to a word for interpretation.
# Names that are also a country's name in CLDR (Indonesian "Jerman") are found, not listed.
ORDINARY = frozenset(
    {"flamenco", "latin", "latina", "dari", "ganda", "venda", "sango", "hawaii", "tibet"}
    | {"kashmir", "assam", "gujarat", "persia", "burma", "corse", "galisia", "sardinia"}
    | {"ossetia", "bosnia", "korea", "makedonia", "korsika", "kanton"}
)
# Where a clause ends: the forms "French for the Asia session" and "French interpretation" are
# read within one.
CLAUSE_END = re.compile(r"[.!?;\n\u3002\uff01\uff1f\u061f]+")
# A French or Italian elision: "l'interprétation", "d\u2019interprétation" are read as the word.
ELIDED = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|lorsqu|puisqu|jusqu)['\u2019](\w+)$")
TAG_MARK = "wmhrtag"  # a written tag in a clause, as a word: `wmhrtag0`
# Where quoted text starts: "On ... wrote:" in wmhr's languages, Outlook's header block.
QUOTE_HEADER = re.compile(
    r"(wrote|escribi[oó]|a [ée]crit|escreveu|menulis|написал|написала|كتب)\s*:\s*$", re.IGNORECASE
)
ORIGINAL_MESSAGE = re.compile(r"^-{2,}\s*(original message|mensaje original|message d'origine)")
OUTLOOK_FROM = re.compile(r"^(From|De|Von|Dari|От)\s*:", re.IGNORECASE)


def fold(text: str) -> str:
    """Case, accents and compatibility forms set aside: `Français` -> `francais`."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


@dataclass(frozen=True)
class Vocabulary:
    """Folded phrases (words joined by one space) -> what they name."""

    sessions: Mapping[str, frozenset[str]]  # -> session ids
    languages: Mapping[str, str]  # -> canonical language tag
    ordinary: frozenset[str] = frozenset()  # language phrases that are ordinary words too


class Understood(NamedTuple):
    sessions: tuple[str, ...]  # sorted session ids named
    languages: tuple[str, ...]  # canonical tags asked for, in the order first named
    mentioned: tuple[str, ...] = ()  # other languages named, not asked for
    doubt: str = ""  # why no language is taken as asked for (declined, asked in several places)


# -- the vocabulary ------------------------------------------------------------------------------


def vocabulary(schedule: Schedule, wmhr_languages: Iterable[str]) -> Vocabulary:
    """Everything the schedule and CLDR let a message name (costs a few tenths of a second)."""
    tags = sorted({"en", *wmhr_languages})
    sessions: dict[str, set[str]] = {}
    for session in schedule:
        for phrase in _session_phrases(session, tags):
            sessions.setdefault(phrase, set()).add(session.id)
    languages = _language_names(tags)
    return Vocabulary(
        {phrase: frozenset(ids) for phrase, ids in sessions.items()},
        languages,
        frozenset(ORDINARY | (_place_names(tags) & languages.keys())),
    )


def _place_names(tags: list[str]) -> set[str]:
    from wmhr.locale.formats import cldr_locale

    return {" ".join(words(name)) for tag in tags for name in cldr_locale(tag).territories.values()}


def _session_phrases(session: Session, tags: list[str]) -> set[str]:
    from babel.dates import format_skeleton

    from wmhr.locale.formats import cldr_locale

    names = {session.id, str(session.region)}
    names.update(getattr(session.region, "translations", {}).values())
    for tag in tags:
        locale = cldr_locale(tag)
        for moment in {session.start, session.local_start}:
            for skeleton in ("MMMMd", "MMMd"):
                names.add(format_skeleton(skeleton, moment, tzinfo=moment.tzinfo, locale=locale))
            names.add(f"{moment.day} {locale.months['format']['wide'][moment.month]}")
    return {" ".join(words(name)) for name in names if words(name)}


def _language_names(tags: list[str]) -> dict[str, str]:
    from babel import Locale, localedata

    from wmhr.locale.formats import cldr_locale

    known = {
        code
        for code in localedata.locale_identifiers()
        if "_" not in code and (len(code) == 2 or code in EXTRA_LANGUAGES)
    }
    names: dict[str, str] = {}

    def add(name: str, code: str) -> None:
        phrase = " ".join(words(name))
        if (len(phrase) < 3 and phrase.isascii()) or phrase in NOT_NAMES:
            return
        try:
            tag = langtag.canonical(code.replace("_", "-"))
        except LanguageTagError:
            return
        # Two languages with one name in different locales: the first (wmhr's own) wins.
        names.setdefault(phrase, tag)

    for tag in tags:
        for code, name in cldr_locale(tag).languages.items():
            if code.split("_")[0] in known:
                add(name, code)
    for code in sorted(known):
        own = Locale.parse(code).languages.get(code)
        if own:
            add(own, code)
    return names


# -- reading a message ---------------------------------------------------------------------------


def new_text(message: EmailMessage) -> str:
    """The subject and what the sender wrote in this message, without quotes or signature."""
    subject = str(message.get("Subject", "") or "")
    return subject + "\n" + _body_text(message)


def _body_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, ValueError):  # a charset Python does not know
        payload = body.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    if body.get_content_subtype() == "html":
        content = _html_text(content)
    return strip_quoted(content)


def strip_quoted(text: str) -> str:
    """Lines up to a signature (`-- `), a quoted message's header or Outlook's `From:` block,
    without `>` lines."""
    kept: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if line.rstrip("\r") == "-- " or ORIGINAL_MESSAGE.match(stripped):
            break
        if QUOTE_HEADER.search(stripped) or (OUTLOOK_FROM.match(stripped) and kept):
            break
        if not stripped.startswith(">"):
            kept.append(line)
    return "\n".join(kept)


class _HtmlText(HTMLParser):
    """The text of an HTML body, without quoted (<blockquote>), style or script content."""

    SKIPPED = frozenset({"blockquote", "style", "script", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.depth += 1
        elif tag in {"br", "p", "div", "li", "tr"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def understand(text: str, vocabulary: Vocabulary) -> Understood:
    """The sessions `text` names and the languages it asks for; its first line is the subject
    (as `new_text` writes it), the rest the body."""
    subject, _, body = text.partition("\n")
    heads = [_items(clause, vocabulary) for clause in CLAUSE_END.split(subject)]
    lines = [_items(clause, vocabulary) for clause in CLAUSE_END.split(body)]
    sessions = {i for clause in (*heads, *lines) for item in clause for i in item.sessions}
    asked, mentioned, doubt = asked_for(heads, lines)
    # "português (pt-BR)" asks for one language, the variant it spells out.
    specific = tuple(t for t in asked if not any(o.startswith(f"{t}-") for o in asked))
    return Understood(tuple(sorted(sessions)), specific, tuple(mentioned), doubt)


def _items(clause: str, vocabulary: Vocabulary) -> list[Item]:
    """The clause's words and phrases, longest first: sessions, languages, written tags."""
    tags: list[str] = []

    def mark(match: re.Match[str]) -> str:
        try:
            tags.append(langtag.canonical(match.group(1)))
        except LanguageTagError:
            return match.group(0)
        return f" {TAG_MARK}{len(tags) - 1} "

    marked = WRITTEN_TAG.sub(mark, BRACKETED_TAG.sub(mark, clause))
    tokens = words(marked)
    items: list[Item] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.startswith(TAG_MARK) and token[len(TAG_MARK) :].isdigit():
            items.append(Item(token, tags[int(token[len(TAG_MARK) :])], written=True))
            index += 1
            continue
        for size in range(min(MAX_WORDS, len(tokens) - index), 0, -1):
            phrase = " ".join(tokens[index : index + size])
            found = _phrase(phrase, vocabulary) if size > 1 else _word(phrase, vocabulary)
            if found is not None:
                items.append(found)
                index += size
                break
        else:
            elided = ELIDED.match(token)
            if elided and token[0] == "n":
                items.append(Item("ne"))  # "n'ai plus besoin": the negation is read as a word
            items.append(Item(elided.group(1) if elided else token))
            index += 1
    return items


def _word(token: str, vocabulary: Vocabulary) -> Item | None:
    found = _phrase(token, vocabulary)
    elided = ELIDED.match(token)
    return found if found is not None or not elided else _phrase(elided.group(1), vocabulary)


def _phrase(phrase: str, vocabulary: Vocabulary) -> Item | None:
    if phrase not in vocabulary.sessions and phrase not in vocabulary.languages:
        return None
    return Item(
        "",
        vocabulary.languages.get(phrase),
        vocabulary.sessions.get(phrase, frozenset()),
        ordinary=phrase in vocabulary.ordinary,
    )
