"""BCP 47 language tags (RFC 5646): well-formed, registered, and one spelling per language.

`parse` checks the syntax and puts a tag in its usual case: `es`, `pt-BR`, `zh-Hant-TW`,
`sr-Latn`, `es-419`, `de-CH-1996`, `en-x-simple` pass; `pt_BR`, `english`, `e`, `en-US-US` do not.
Two deliberate extra refusals: four-letter and five-to-eight-letter primary subtags are
well-formed but none is registered, and refusing them catches `english` or `spanish` typed for
`en` or `es`. A tag with a repeated variant or extension singleton is refused as well (RFC 5646
section 2.2.9 calls such tags invalid).

`canonical` then checks every subtag against the IANA Language Subtag Registry and writes the
tag in its one canonical form, so a language counts once however it is tagged: `spa` is `es`,
`iw` is `he`, `in` is `id`, `zh-yue` is `yue`. The registry comes with `langcodes` (imported
only here, by the request commands: it takes a few tens of milliseconds to load, most of a
`wmhr requests add`, so the answers for every two-letter language and a few common regional
tags are written here, as langcodes gives them, and it is loaded only for the others).
"""

from __future__ import annotations

import contextlib
from functools import lru_cache
from typing import TYPE_CHECKING

from wmhr.errors import LanguageTagError

if TYPE_CHECKING:
    from langcodes import Language

EXAMPLES = "such as es, pt-BR, uk, ar or zh-Hant"

# RFC 5646 section 2.2.8: tags that predate the grammar and are accepted as a whole.
GRANDFATHERED = {
    tag.lower(): tag
    for tag in [
        "en-GB-oed",
        "i-ami",
        "i-bnn",
        "i-default",
        "i-enochian",
        "i-hak",
        "i-klingon",
        "i-lux",
        "i-mingo",
        "i-navajo",
        "i-pwn",
        "i-tao",
        "i-tay",
        "i-tsu",
        "sgn-BE-FR",
        "sgn-BE-NL",
        "sgn-CH-DE",
        "art-lojban",
        "cel-gaulish",
        "no-bok",
        "no-nyn",
        "zh-guoyu",
        "zh-hakka",
        "zh-min",
        "zh-min-nan",
        "zh-xiang",
    ]
}


def _alnum(text: str, low: int, high: int) -> bool:
    return low <= len(text) <= high and text.isascii() and text.isalnum()


def _alpha(text: str, size: int) -> bool:
    return len(text) == size and text.isascii() and text.isalpha()


def _variant(text: str) -> bool:
    return _alnum(text, 5, 8) or (len(text) == 4 and text[0].isdigit() and _alnum(text, 4, 4))


class _Reader:
    """Walks the subtags left to right, as the RFC 5646 grammar does."""

    def __init__(self, typed: str, parts: list[str]) -> None:
        self.typed = typed
        self.parts = parts
        self.index = 0
        self.out: list[str] = []

    def peek(self) -> str | None:
        return self.parts[self.index].lower() if self.index < len(self.parts) else None

    def take(self, shown: str) -> None:
        self.out.append(shown)
        self.index += 1

    def fail(self, problem: str) -> LanguageTagError:
        return LanguageTagError(f'"{self.typed}" is not a BCP 47 language tag: {problem}')


@lru_cache(maxsize=4096)
def parse(text: str) -> str:
    """The tag in its usual case (`pt-br` -> `pt-BR`), or LanguageTagError saying what is wrong."""
    typed = text.strip()
    if not typed:
        raise LanguageTagError(f"empty language; give a BCP 47 tag {EXAMPLES}")
    if "_" in typed:
        hint = typed.replace("_", "-")
        with contextlib.suppress(LanguageTagError):
            hint = parse(hint)
        raise LanguageTagError(f'"{typed}": BCP 47 tags use hyphens, not underscores: "{hint}"')
    if typed.lower() in GRANDFATHERED:
        return GRANDFATHERED[typed.lower()]
    parts = typed.split("-")
    if any(not part for part in parts):
        raise LanguageTagError(f'"{typed}" has an empty subtag; give a tag {EXAMPLES}')
    reader = _Reader(typed, parts)
    if reader.peek() == "x":
        _private_use(reader)
    else:
        _language(reader)
        _script_region_variants(reader)
        _extensions(reader)
        if reader.peek() == "x":
            _private_use(reader)
    if reader.peek() is not None:
        raise reader.fail(f'"{reader.parts[reader.index]}" is not allowed there')
    return "-".join(reader.out)


def _language(reader: _Reader) -> None:
    first = reader.peek() or ""
    if not (first.isascii() and first.isalpha()):
        raise reader.fail(f"it must start with a language code {EXAMPLES}")
    if not 2 <= len(first) <= 3:
        raise reader.fail(
            f'"{first}" is not a language code; use the 2- or 3-letter ISO 639 code ({EXAMPLES})'
        )
    reader.take(first)
    extlangs = 0
    while (part := reader.peek()) is not None and _alpha(part, 3):
        if extlangs == 3:
            raise reader.fail("more than three extended language subtags")
        reader.take(part)
        extlangs += 1


def _script_region_variants(reader: _Reader) -> None:
    part = reader.peek()
    if part is not None and _alpha(part, 4):
        reader.take(part.title())
        part = reader.peek()
    if part is not None and (_alpha(part, 2) or (len(part) == 3 and part.isdigit())):
        reader.take(part.upper())
        part = reader.peek()
    seen: set[str] = set()
    while part is not None and _variant(part):
        if part in seen:
            raise reader.fail(f'the variant "{part}" is repeated')
        seen.add(part)
        reader.take(part)
        part = reader.peek()


def _extensions(reader: _Reader) -> None:
    seen: set[str] = set()
    while (singleton := reader.peek()) is not None and len(singleton) == 1 and singleton != "x":
        if not singleton.isalnum() or not singleton.isascii():
            raise reader.fail(f'"{singleton}" is not an extension letter')
        if singleton in seen:
            raise reader.fail(f'the extension "{singleton}" is repeated')
        seen.add(singleton)
        reader.take(singleton)
        count = 0
        while (part := reader.peek()) is not None and _alnum(part, 2, 8):
            reader.take(part)
            count += 1
        if count == 0:
            raise reader.fail(f'the extension "{singleton}" has no subtags after it')


def _private_use(reader: _Reader) -> None:
    reader.take("x")
    count = 0
    while (part := reader.peek()) is not None:
        if not _alnum(part, 1, 8):
            raise reader.fail(f'"{part}" is not a private-use subtag (1-8 letters or digits)')
        reader.take(part)
        count += 1
    if count == 0:
        raise reader.fail('"x" must be followed by at least one private-use subtag')


# Registered, but no language anyone can interpret into: counting requests for them means nothing.
NOT_A_LANGUAGE = {
    "und": "undetermined",
    "mul": "multiple languages",
    "zxx": "no linguistic content",
    "mis": "uncoded languages",
}


# Tags whose canonical form is known without loading the registry, as `from_registry` gives
# it: tests/requests/test_langtag.py checks both tables against it, and says how to write them
# again when a new langcodes changes an answer.
AS_REGISTERED_TAGS = (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu "
    "cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi "
    "ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks "
    "ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl "
    "nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl "
    "sm sn so sq sr ss st su sv sw ta te tg th ti tk tn to tr ts tt tw ty ug uk ur uz ve vi "
    "vo wa wo xh yi yo za zh zu "
    "en-GB en-US es-419 fr-CA pt-BR pt-PT sr-Cyrl sr-Latn zh-Hans zh-Hant zh-Hant-TW"
)
AS_REGISTERED = frozenset(AS_REGISTERED_TAGS.split())
REPLACED = {
    "in": "id",
    "iw": "he",
    "ji": "yi",
    "jw": "jv",
    "mo": "ro",
    "sh": "sr-Latn",
    "tl": "fil",
}


@lru_cache(maxsize=4096)
def canonical(text: str) -> str:
    """The registered, canonical form of a well-formed tag (`SPA` -> `es`, `iw-IL` -> `he-IL`),
    or LanguageTagError naming the subtag the IANA registry does not have."""
    tag = parse(text)
    if tag in AS_REGISTERED:
        return tag
    return REPLACED.get(tag) or from_registry(tag, text.strip())


def from_registry(tag: str, typed: str) -> str:
    """`canonical` of the well-formed `tag` (as `parse` gives it), asking the registry."""
    import langcodes  # the registry: only the commands that record requests load it

    if tag.lower().startswith("x-"):
        raise LanguageTagError(
            f'"{typed}" is a private-use tag, which names no registered language; '
            f"give a tag {EXAMPLES}"
        )
    language = langcodes.Language.get(tag, normalize=True)
    if not language.is_valid():
        kind, subtag = _unregistered(language)
        # A one-subtag tag is its subtag: said once, it still reads well with the value hidden.
        which = (
            f'"{typed}" is not a {kind}'
            if subtag.lower() == typed.lower()
            else (f'"{typed}": the {kind} "{subtag}" is not')
        )
        raise LanguageTagError(
            f"{which} in the IANA Language Subtag Registry; give a registered tag {EXAMPLES}"
        )
    result = language.to_tag()
    primary = result.split("-")[0].lower()  # langcodes keeps `und` as no language at all
    if primary in NOT_A_LANGUAGE:
        raise LanguageTagError(
            f'"{typed}" means {NOT_A_LANGUAGE[primary]}, not a language to interpret into; '
            f"give a tag {EXAMPLES}"
        )
    return result


def _unregistered(language: Language) -> tuple[str, str]:
    """Which subtag of an invalid tag the registry lacks."""
    from langcodes import Language

    parts: list[tuple[str, str, Language]] = []
    if language.language:
        parts.append(("language subtag", language.language, Language.make(language.language)))
    if language.script:
        parts.append(("script", language.script, Language.make(script=language.script)))
    if language.territory:
        region = Language.make(territory=language.territory)
        parts.append(("region", language.territory, region))
    for variant in language.variants or []:
        parts.append(("variant", variant, Language.make(variants=[variant])))
    for kind, subtag, alone in parts:
        if not alone.is_valid():
            return kind, subtag
    return "tag", language.to_tag()


def same_language(one: str, other: str) -> bool:
    """Whether two tags name the same language (`es-419` and `spa`), whatever the region or
    script; False when either is not a registered tag."""
    try:
        return canonical(one).split("-")[0] == canonical(other).split("-")[0]
    except LanguageTagError:
        return False
