"""sessions.toml gives participants' texts in other languages in [translations.<lang>]: read
strictly, carried by each text, falling back to the series language with a `check` warning."""

from __future__ import annotations

import copy
import json
import pickle
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tests.conftest import bundled_text
from wmhr.errors import ScheduleError
from wmhr.schedule.check import check
from wmhr.schedule.localized import Localized, missing_translations, translate
from wmhr.schedule.model import parse

NOW_BEFORE = datetime(2022, 4, 1, tzinfo=UTC)
TRANSLATIONS = bundled_text().index("[translations.es.series]")
URL_LINE = 'url = "https://meta.wikimedia.org/wiki/Human_Rights_Policy_Community_Conversations"\n'


def without_translations() -> str:
    return bundled_text()[:TRANSLATIONS]


def load_text(text: str):  # type: ignore[no-untyped-def]
    return parse(text, source="s.toml")


def test_the_bundled_schedule_speaks_spanish_to_the_spanish_session(schedule) -> None:
    latam = schedule.session("latam")
    assert missing_translations(schedule, latam) == []
    assert translate(latam.region, "es") == "América Latina y el Caribe"
    assert translate(latam.anchor_city, "es") == "Santiago de Chile"
    assert translate(schedule.series.title, "es") == (
        "Conversaciones comunitarias sobre la Política de Derechos Humanos"
    )
    assert [translate(p, "es") for p in schedule.series.policies] == [
        "Política de espacio amigable",
        "Código Universal de Conducta",
    ]
    # A regional variant reads its language's text; the series language reads the original.
    assert translate(latam.region, "es-419") == "América Latina y el Caribe"
    assert translate(latam.region, "en") == latam.region == "Latin America & Caribbean"
    assert translate(latam.region, "sw") == "Latin America & Caribbean"


def test_portuguese_and_brazilian_portuguese_each_have_their_texts(schedule) -> None:
    """`pt` is European Portuguese, as on Meta-Wiki; `pt-BR` (any case) the Brazilian texts."""
    latam = schedule.session("latam")
    assert translate(latam.region, "pt") == "América Latina e Caraíbas"
    assert translate(latam.region, "pt-AO") == "América Latina e Caraíbas"
    assert translate(latam.region, "pt-BR") == "América Latina e Caribe"
    assert translate(latam.region, "pt-br") == "América Latina e Caribe"
    assert translate(schedule.series.safety[1], "pt") == "Manter a câmara desligada"


@pytest.mark.parametrize("tag", ["ar", "es", "fr", "id", "pt", "pt-BR", "ru"])
def test_the_bundled_schedule_has_every_text_in_every_catalogs_language(schedule, tag) -> None:
    for session in schedule:
        assert missing_translations(schedule, replace(session, language=tag)) == []


def test_a_translated_text_is_still_the_series_text_everywhere_else(schedule) -> None:
    region = schedule.session("latam").region
    assert isinstance(region, Localized)
    assert region == "Latin America & Caribbean"
    assert json.dumps(region) == '"Latin America & Caribbean"'
    for copied in (copy.deepcopy(region), pickle.loads(pickle.dumps(region))):
        assert translate(copied, "es") == "América Latina y el Caribe"


def test_check_warns_when_the_sessions_language_lacks_texts() -> None:
    schedule = load_text(without_translations())
    findings = [f for f in check(schedule, now=NOW_BEFORE) if f.code == "missing-translation"]
    assert [f.session for f in findings] == ["latam"]
    message = findings[0].message
    assert message.startswith("the session is held in es, but [translations.es] lacks series.title")
    assert "series.topics" in message and "session.latam.region" in message
    assert "session.cee" not in message  # another session's texts are not this one's concern
    # The texts fall back to the series language.
    assert translate(schedule.session("latam").region, "es") == "Latin America & Caribbean"


def test_check_names_only_what_is_missing() -> None:
    text = bundled_text().replace('region = "América Latina y el Caribe"\n', "")
    findings = [f for f in check(load_text(text), now=NOW_BEFORE) if f.level == "warning"]
    missing = [f.message for f in findings if f.code == "missing-translation"]
    assert missing == [
        "the session is held in es, but [translations.es] lacks session.latam.region: its "
        "participants read those in en; add them to [translations.es]"
    ]


def test_the_bundled_schedule_has_no_translation_warning(schedule) -> None:
    codes = {f.code for f in check(schedule, now=NOW_BEFORE)}
    assert not codes & {"missing-translation", "unused-translation"}


def test_a_translation_for_a_session_no_longer_there_is_a_warning_not_an_error() -> None:
    text = bundled_text().replace('id = "asia"', 'id = "asia2"')
    findings = check(load_text(text), now=NOW_BEFORE)
    unused = [f.message for f in findings if f.code == "unused-translation"]
    assert unused == [
        f'translations.{tag}.session.asia: no session has this id; did you mean "asia2"?'
        for tag in ("es", "fr", "pt", "pt-BR", "id", "ar", "ru")
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "[translations.es.format]\nregistration",
            "[translations.es.format]\nregistraton",
            "translations.es.format.registraton: cannot be translated here; did you mean "
            '"registration"?',
        ),
        (
            '    "Código Universal de Conducta"',
            "",
            "translations.es.series.policies: has 1 texts but series.policies has 2; give one "
            "per item, in the same order",
        ),
        (
            '"Usar un seudónimo",',
            '"",',
            "translations.es.series.safety[0]: expected a non-empty string",
        ),
        (
            "[translations.es.series]",
            "[translations.spanish.series]",
            "translations.spanish: is not a BCP 47 language tag such as es or pt-BR",
        ),
        (
            "[translations.es.series]",
            '[translations."es\\n".series]',  # a tag followed by a line break is no tag
            'translations: the key "es\n" has a control character (\\n); remove it',
        ),
        (
            "[translations.es.series]",
            "[translations.en.series]",
            "translations.en: is the series language (en): write those texts in place",
        ),
        (
            'anchor_city = "Santiago de Chile"',
            'anchor_cty = "Santiago de Chile"',
            "translations.es.session.latam.anchor_cty: cannot be translated here; did you mean "
            '"anchor_city"?',
        ),
        (
            URL_LINE,
            URL_LINE + 'language = "English"\n',
            'series.language: "English" is not a BCP 47 language tag such as "es"',
        ),
    ],
)
def test_translations_are_read_strictly(old: str, new: str, expected: str) -> None:
    text = bundled_text()
    if old == '    "Código Universal de Conducta"':
        text = text.replace(
            '"Política de espacio amigable", "Código Universal de Conducta"',
            '"Política de espacio amigable"',
        )
    else:
        assert old in text
        text = text.replace(old, new, 1)
    with pytest.raises(ScheduleError) as caught:
        load_text(text)
    assert str(caught.value) == f"s.toml: {expected}"


def test_another_series_language_makes_its_texts_the_originals() -> None:
    text = without_translations().replace(URL_LINE, URL_LINE + 'language = "en-GB"\n', 1)
    text += '[translations.es.session.latam]\nregion = "América Latina y el Caribe"\n'
    schedule = load_text(text)
    assert schedule.series.language == "en-GB"
    assert translate(schedule.session("latam").region, "es") == "América Latina y el Caribe"
