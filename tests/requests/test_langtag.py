"""BCP 47 (RFC 5646) well-formedness: what organizers type, and what they mistype."""

from __future__ import annotations

import contextlib
from pathlib import Path

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


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [("spa", "es"), ("SPA", "es"), ("iw", "he"), ("in", "id"), ("in-ID", "id-ID"),
     ("zh-yue-HK", "yue-HK"), ("pt-br", "pt-BR"), ("i-klingon", "tlh"), ("es-419", "es-419")],
)  # fmt: skip
def test_one_canonical_tag_per_language(typed: str, canonical: str) -> None:
    assert langtag.canonical(typed) == canonical


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("xx", '"xx" is not a language subtag in the IANA Language Subtag Registry'),
        ("qq-BR", 'the language subtag "qq" is not in the IANA'),
        ("en-Xyzw", 'the script "Xyzw" is not in the IANA'),
        ("de-abcde", 'the variant "abcde" is not in the IANA'),
        ("und", "undetermined, not a language to interpret into"),
        ("x-simple", "private-use tag"),
        ("pt_BR", "use hyphens"),  # the syntax is still checked first
    ],
)
def test_unregistered_tags_are_refused(typed: str, reason: str) -> None:
    with pytest.raises(LanguageTagError) as caught:
        langtag.canonical(typed)
    assert reason in str(caught.value)


def test_same_language_whatever_the_region() -> None:
    assert langtag.same_language("es-419", "spa")
    assert not langtag.same_language("pt", "es")
    assert not langtag.same_language("xx", "xx")


def test_the_registry_is_loaded_only_by_the_request_commands() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from wmhr.cli.root import main; sys.argv = ['wmhr', 'sessions', '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('langcodes' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stderr.strip().splitlines()[-1] == "False"


def test_the_tags_known_without_the_registry_are_what_the_registry_says() -> None:
    """Every two-letter language and the common regional tags, in both tables exactly as the
    registry answers. After a langcodes upgrade changes one, write the tables again from what
    this test prints."""
    import itertools
    import string

    two_letter = ["".join(pair) for pair in itertools.product(string.ascii_lowercase, repeat=2)]
    regional = [tag for tag in langtag.AS_REGISTERED if len(tag) > 2]
    answers = {}
    for tag in [*two_letter, *regional]:
        with contextlib.suppress(LanguageTagError):
            answers[tag] = langtag.from_registry(tag, tag)
    same = sorted(tag for tag, answer in answers.items() if answer == tag)
    replaced = {tag: answer for tag, answer in answers.items() if answer != tag}
    shown = f"AS_REGISTERED_TAGS: {' '.join(same)}\nREPLACED = {replaced}"
    assert sorted(langtag.AS_REGISTERED) == same, shown
    assert replaced == langtag.REPLACED, shown
    assert all(langtag.parse(tag) == tag for tag in [*same, *replaced]), "not as parse writes it"


def test_a_common_tag_is_canonical_without_loading_the_registry() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from wmhr.requests import langtag\n"
        "print([langtag.canonical(t) for t in ('FR', 'pt-br', 'iw', 'zh-hant')], "
        "'langcodes' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]  # this wmhr, not an installed one
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert done.stdout.strip() == "['fr', 'pt-BR', 'he', 'zh-Hant'] False"
