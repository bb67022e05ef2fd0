"""BCP 47 (RFC 5646) well-formedness: what organizers type, and what they mistype."""

from __future__ import annotations

import pytest

from wmhr.errors import LanguageTagError
from wmhr.requests import langtag

GOOD = {
    "es": "es",
    "pt-br": "pt-BR",
    "PT-BR": "pt-BR",
    "uk": "uk",
    "ar": "ar",
    " id ": "id",
    "zh-hant-tw": "zh-Hant-TW",
    "sr-latn": "sr-Latn",
    "es-419": "es-419",
    "de-CH-1996": "de-CH-1996",
    "sl-rozaj-biske": "sl-rozaj-biske",
    "zh-yue-HK": "zh-yue-HK",
    "en-x-simple": "en-x-simple",
    "x-whatever": "x-whatever",
    "en-Latn-US-valencia-u-ca-gregory": "en-Latn-US-valencia-u-ca-gregory",
    "i-klingon": "i-klingon",
    "EN-gb-OED": "en-GB-oed",
}

BAD = {
    "": "empty language",
    "pt_BR": 'use hyphens, not underscores: "pt-BR"',
    "english": '"english" is not a language code',
    "e": '"e" is not a language code',
    "123": "must start with a language code",
    "en-US-US": '"US" is not allowed there',
    "en--US": "empty subtag",
    "en-": "empty subtag",
    "de-1996-1996": 'the variant "1996" is repeated',
    "en-a-aa-a-bb": 'the extension "a" is repeated',
    "en-a": 'the extension "a" has no subtags',
    "en-x": "at least one private-use subtag",
    "en-US-x-abcdefghi": "is not a private-use subtag",
    "en-aaa-bbb-ccc-ddd": "more than three extended language subtags",
    "éé": "must start with a language code",
    "es-ES!": '"ES!" is not allowed there',
}


@pytest.mark.parametrize(("typed", "canonical"), list(GOOD.items()))
def test_well_formed_tags_in_their_usual_case(typed: str, canonical: str) -> None:
    assert langtag.parse(typed) == canonical


@pytest.mark.parametrize(("typed", "reason"), list(BAD.items()))
def test_malformed_tags_say_why(typed: str, reason: str) -> None:
    with pytest.raises(LanguageTagError) as caught:
        langtag.parse(typed)
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)
