"""One language of the participants' texts: its sentences (gettext) and its formats (CLDR).

English is the language of the code's strings and needs no catalog; any other language is
offered only when its catalog is complete.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale

from wmhr.errors import WmhrError
from wmhr.locale import formats

SOURCE = "en"  # the language the msgids are written in
TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
# Wikimedia's `pt` (Meta, translatewiki.net) is European Portuguese and `pt-br` a language of its
# own; CLDR's bare `pt` is Brazilian, so `pt` takes CLDR's `pt-PT` dates, zone names and lists.
CLDR_TAG = {"pt": "pt-PT"}


class LanguageError(WmhrError):
    """A language wmhr has no complete translation for."""


@dataclass(frozen=True)
class Language:
    """Sentences and formats of one language. `tag` is what the output declares (`es`, `pt-BR`);
    `catalog` the catalog it reads (`es`, `pt_BR`), None for English."""

    tag: str
    catalog: str | None
    locale: Locale
    messages: gettext.NullTranslations

    def _(self, message: str, /, **values: object) -> str:
        """The translation of `message`, its `{placeholders}` filled from `values`."""
        return self.messages.gettext(message).format(**values)

    def ngettext(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """The plural form the language uses for `count` (gettext's Plural-Forms)."""
        return self.messages.ngettext(singular, plural, count).format(**values)

    def template(self, message: str, plural: str | None = None, count: int = 1) -> str:
        """The translation of `message` (of `plural` for `count`) with its fields left to fill,
        for templates filled elsewhere (the published page's markup)."""
        if plural is None:
            return self.messages.gettext(message)
        return self.messages.ngettext(message, plural, count)

    @property
    def plural_rule(self) -> str:
        """The catalog's plural rule, a C expression of `n` giving the form's index."""
        from wmhr.locale import catalogs

        return catalogs.plural_rule(self.catalog)

    def plural_forms(self, singular: str, plural: str) -> tuple[str, ...]:
        """Every form of a plural message, in the order `plural_rule` numbers them."""
        rule = gettext.c2py(self.plural_rule)
        samples: dict[int, int] = {}
        for n in range(1000):
            samples.setdefault(rule(n), n)
        return tuple(self.messages.ngettext(singular, plural, samples[i]) for i in sorted(samples))

    @property
    def direction(self) -> str:
        return formats.direction(self.locale)

    def date(self, day: date) -> str:
        return formats.long_date(day, self.locale)

    def date_time(self, moment: datetime, zone: ZoneInfo) -> str:
        return formats.date_time(moment, zone, self.locale)

    def span(self, start: datetime, end: datetime, zone: ZoneInfo) -> str:
        return formats.span(start, end, zone, self.locale)

    def zone_name(self, moment: datetime, zone: ZoneInfo) -> str:
        return formats.zone_name(moment, zone, self.locale)

    def utc_offset(self, moment: datetime, zone: ZoneInfo) -> str:
        return formats.utc_offset(moment, zone, self.locale)

    @property
    def utc(self) -> str:
        """UTC's name: `UTC` in every language, as Wikimedia writes it, the same in labels,
        headers and times (CLDR's short names, French `TU` or Arabic `التوقيت العالمي`, would name
        one reference two ways next to the catalogs' `(UTC)`)."""
        return "UTC"

    def number(self, value: int) -> str:
        return formats.number(value, self.locale)

    def and_list(self, items: list[str] | tuple[str, ...]) -> str:
        return formats.and_list(items, self.locale)

    def language_name(self, tag: str) -> str:
        return formats.language_name(tag, self.locale)


def canonical_case(tag: str) -> str:
    """`pt-br` -> `pt-BR`, `zh-hant-tw` -> `zh-Hant-TW`: BCP 47's conventional case (language in
    lower case, a script in title case, a region in upper case)."""
    first, *rest = tag.split("-")
    parts = [first.lower()]
    for part in rest:
        if len(part) == 2 or (len(part) == 3 and part.isdigit()):
            parts.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            parts.append(part.title())
        else:
            parts.append(part.lower())
    return "-".join(parts)


def catalog_for(tag: str) -> str | None:
    """The complete catalog a tag reads (`pt-BR` -> `pt_BR`, `pt-AO` -> `pt`), None for English;
    raises LookupError when there is none."""
    tag = canonical_case(tag)
    primary = tag.split("-")[0]
    if primary == SOURCE:
        return None
    # Here, not at the top: English, the code's own language, needs no catalog (nor the ~15 ms
    # that reading catalogs costs to import).
    from wmhr.locale import catalogs

    regional = "_".join(tag.split("-")[:2]) if "-" in tag else primary
    for candidate in dict.fromkeys((tag.replace("-", "_"), regional, primary)):
        if catalogs.complete(candidate):
            return candidate
    raise LookupError(tag)


def available() -> tuple[str, ...]:
    """English and every language whose catalog is complete, sorted, as BCP 47 tags (`pt-BR`)."""
    from wmhr.locale import catalogs

    complete = (t.replace("_", "-") for t in catalogs.catalog_tags() if catalogs.complete(t))
    return tuple(sorted({SOURCE, *complete}))


def has_language(tag: str) -> bool:
    try:
        catalog_for(tag)
    except LookupError:
        return False
    return True


def language(tag: str) -> Language:
    """The language `tag`; LanguageError, listing the available ones, when wmhr has no complete
    translation for it."""
    if not TAG.match(tag):
        raise LanguageError(
            f'"{tag}" is not a language tag; use a BCP 47 tag such as es or pt-BR '
            f"(available: {', '.join(available())})"
        )
    try:
        catalog = catalog_for(tag)
    except LookupError:
        raise LanguageError(
            f'no complete translation for "{tag}"; available: {", ".join(available())}'
        ) from None
    tag = canonical_case(tag)
    messages = gettext.NullTranslations() if catalog is None else _translations(catalog)
    return Language(tag, catalog, formats.cldr_locale(CLDR_TAG.get(tag, tag)), messages)


def language_or(tag: str, fallback: str) -> Language:
    """`tag` when wmhr has it, else `fallback`, else English (a session in a language without a
    complete catalog is written in the series language, and `wmhr check` says so)."""
    for candidate in (tag, fallback):
        if TAG.match(candidate) and has_language(candidate):
            return language(candidate)
    return language(SOURCE)


def _translations(catalog: str) -> gettext.NullTranslations:
    from wmhr.locale import catalogs

    return catalogs.translations(catalog)
