"""The gettext catalogs are complete and consistent with the code: every English string the code
uses is in the template and translated in every catalog, with the same placeholders, the plural
forms CLDR gives the language, and every file shipped in the package.

When a test here fails after you add or change an English string, run the update command it
prints (also in pyproject.toml), then translate the new entries in each catalog.
"""

from __future__ import annotations

import fnmatch
import gettext
import shutil
import string
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural

from tests.conftest import ROOT
from wmhr.locale import catalogs
from wmhr.locale.language import available

TAGS = catalogs.catalog_tags()
UPDATE = f"run, from the repository root:\n    {catalogs.UPDATE_COMMAND}\nthen translate"


def template() -> Catalog:
    return catalogs.read(catalogs.TEMPLATE)


def documented_commands() -> list[list[str]]:
    """The update command's steps (extract, update), each as pybabel's arguments."""
    commands = [command.split() for command in catalogs.UPDATE_COMMAND.split(" && ")]
    assert [words[0] for words in commands] == ["pybabel", "pybabel"]
    return [words[1:] for words in commands]


def pybabel(arguments: list[str], cwd: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", "from babel.messages.frontend import main; main()", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr


def extracted(tmp_path: Path) -> frozenset[str]:
    """What `pybabel extract`, with the project's configuration, finds in the code today."""
    output = tmp_path / "extracted.pot"
    extract = documented_commands()[0]
    pybabel([*extract[:-3], "-o", str(output), "wmhr"], ROOT)
    return catalogs.message_ids(catalogs.read(output))


def test_there_are_catalogs_and_they_are_offered() -> None:
    assert set(TAGS) == {"ar", "es", "fr", "id", "pt", "pt_BR", "ru"}
    assert set(available()) == {"en", *(tag.replace("_", "-") for tag in TAGS)}


def test_the_template_holds_exactly_the_strings_the_code_uses(tmp_path: Path) -> None:
    found, known = extracted(tmp_path), catalogs.message_ids(template())
    new, stale = sorted(found - known), sorted(known - found)
    assert not new, f"English strings missing from wmhr/locale/wmhr.pot: {new}; {UPDATE} them"
    assert not stale, f"wmhr/locale/wmhr.pot has strings the code no longer uses: {stale}; {UPDATE}"


def test_every_message_is_documented_for_translators() -> None:
    """Each message carries a `# TRANSLATORS:` comment (gettext's `#.`), as translatewiki.net's
    message documentation does: what it is, where it shows, and every placeholder it has."""
    undocumented, unexplained = [], []
    for message in template():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        comment = " ".join(message.auto_comments)
        if not comment.startswith("TRANSLATORS:"):
            undocumented.append(ids[0])
            continue
        fields = set().union(*(_fields(i) for i in ids))
        missing = sorted(f"{{{name}}}" for name in fields if f"{{{name}}}" not in comment)
        if missing:
            unexplained.append(f"{ids[0]!r}: {', '.join(missing)}")
    assert not undocumented, (
        "messages without a translator comment (put `# TRANSLATORS: what it is, where it shows, "
        f"each placeholder with an example` on the line above the call): {undocumented}; {UPDATE}"
    )
    assert not unexplained, "translator comments that leave placeholders out:\n" + "\n".join(
        unexplained
    )


def test_sentences_name_a_session_as_a_session() -> None:
    """A region inside a sentence forces article and case errors ("Ajouter Asie à Google
    Agenda", "Inscribirse en África"): a sentence says "the {region} session"; only labels (a
    title, a heading) carry the bare region."""
    labels = {"{series}: {region}", "{region} (CANCELLED)"}
    bare = [
        message.id
        for message in template()
        if isinstance(message.id, str)
        and "{region}" in message.id
        and message.id not in labels
        and "the {region} session" not in message.id
    ]
    assert not bare, f"sentences with a bare region: {bare}"


@pytest.mark.parametrize("tag", TAGS)
def test_every_catalog_is_complete(tag: str) -> None:
    missing = catalogs.gaps(catalogs.read(catalogs.po_path(tag)), template())
    assert not missing, f"{tag}: untranslated or fuzzy: {missing}; {UPDATE} them"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _forms(message: Message) -> list[str]:
    strings = message.string
    return list(strings) if isinstance(strings, (tuple, list)) else [str(strings)]


def _single_number_forms(catalog: Catalog) -> set[int]:
    """Plural forms that only ever serve one number (Arabic's zero, one and two): like gettext's
    `msgfmt --check`, they may say the number in words and leave `{count}` out."""
    plural = gettext.c2py(catalog.plural_expr)
    numbers: dict[int, set[int]] = {}
    for n in range(1000):
        numbers.setdefault(plural(n), set()).add(n)
    return {form for form, served in numbers.items() if len(served) == 1}


@pytest.mark.parametrize("tag", TAGS)
def test_every_translation_keeps_the_placeholders(tag: str) -> None:
    catalog = catalogs.read(catalogs.po_path(tag))
    single = _single_number_forms(catalog)
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        expected = set().union(*(_fields(i) for i in ids))
        for index, form in enumerate(_forms(message)):
            fields = _fields(form)
            if message.pluralizable and index in single:
                fields |= {"count"} & expected
            if fields != expected:
                wrong.append(f"{ids[0]!r} -> {form!r}")
    assert not wrong, f"{tag}: placeholders differ from the English:\n" + "\n".join(wrong)


def test_arabic_and_russian_plurals_pick_the_right_form() -> None:
    from wmhr.invites.text import minutes
    from wmhr.locale.language import language

    ar, ru = language("ar"), language("ru")
    assert [minutes(n, ar) for n in (1, 2, 5, 60, 100)] == [
        "دقيقة واحدة",
        "دقيقتين",
        "5 دقائق",
        "60 دقيقة",
        "100 دقيقة",
    ]
    assert [minutes(n, ru) for n in (1, 3, 10, 21)] == [
        "1 минута",
        "3 минуты",
        "10 минут",
        "21 минута",
    ]


@pytest.mark.parametrize("tag", TAGS)
def test_plural_forms_and_language_are_the_languages_own(tag: str) -> None:
    """Babel's rule for the language, not a copy of another's: Brazilian Portuguese says
    "0 minuto" (n > 1), European Portuguese "0 minutos" (n != 1)."""
    catalog = catalogs.read(catalogs.po_path(tag))
    assert str(catalog.locale) == tag
    expected = get_plural(Locale.parse(tag))
    assert catalog.num_plurals == expected.num_plurals
    assert catalog.plural_expr == expected.plural_expr


def test_portuguese_is_european_and_brazilian_is_its_own_language() -> None:
    """Wikimedia's `pt` is European Portuguese, `pt-br` a language of its own (Meta-Wiki,
    translatewiki.net); either case of the region works."""
    from wmhr.invites.text import minutes
    from wmhr.locale.language import language

    pt, br = language("pt"), language("pt-br")
    assert (pt.catalog, br.catalog, br.tag) == ("pt", "pt_BR", "pt-BR")
    assert language("pt-BR") == br == language("PT-br")
    assert language("pt-AO").catalog == "pt"  # Angola reads European Portuguese
    assert [minutes(n, pt) for n in (0, 1, 2)] == ["0 minutos", "1 minuto", "2 minutos"]
    assert [minutes(n, br) for n in (0, 1, 2)] == ["0 minuto", "1 minuto", "2 minutos"]
    invite = "Download the invite for the {region} session (.ics, for any calendar)"
    assert pt._(invite, region="África").startswith("Transferir o convite")
    assert br._(invite, region="África").startswith("Baixar o convite")


def test_plural_forms_follow_the_language() -> None:
    """gettext picks the form by the catalog's Plural-Forms: Spanish says 1 minuto, 5 minutos."""
    from wmhr.invites.text import minutes
    from wmhr.locale.language import language

    es = language("es")
    assert [minutes(n, es) for n in (1, 5)] == ["1 minuto", "5 minutos"]
    en = language("en")
    assert [minutes(n, en) for n in (1, 5)] == ["1 minute", "5 minutes"]


def test_every_catalog_file_is_shipped_in_the_package() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["wmhr"]
    package = ROOT / "wmhr"
    files = [catalogs.TEMPLATE, *(catalogs.po_path(tag) for tag in TAGS)]
    for path in files:
        relative = path.relative_to(package).as_posix()
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), f"{relative} is not shipped"


def _without_creation_date(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if "POT-Creation-Date" not in line)


def test_the_documented_update_command_leaves_the_committed_catalogs_as_they_are(
    tmp_path: Path,
) -> None:
    """The command in the README, pyproject.toml and the failure messages reproduces the files
    byte for byte (but the date it writes): a translator who runs it sees only their change."""
    shutil.copytree(ROOT / "wmhr", tmp_path / "wmhr", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for arguments in documented_commands():
        pybabel(arguments, tmp_path)
    for committed in sorted((ROOT / "wmhr" / "locale").rglob("*.po*")):
        rerun = tmp_path / committed.relative_to(ROOT)
        assert _without_creation_date(rerun.read_text("utf-8")) == _without_creation_date(
            committed.read_text("utf-8")
        ), f"{committed.relative_to(ROOT)} changes when the documented command runs"


@pytest.mark.parametrize("tag", TAGS)
def test_utc_has_one_name_in_every_language(tag: str) -> None:
    """Wikimedia writes "UTC" in every language: the catalogs' labels and headers ("Date and time
    (UTC)") and the times wmhr writes ("23:00 UTC") name it alike, not French "TU" under a
    "(UTC)" header or Arabic "التوقيت العالمي" under a "UTC" label."""
    from wmhr.invites.text import utc_text
    from wmhr.locale.language import language

    catalog = catalogs.read(catalogs.po_path(tag))
    renamed = [
        message.id
        for message in catalog
        if isinstance(message.id, str) and "UTC" in message.id and "UTC" not in message.string
    ]
    assert not renamed, f"{tag}: UTC translated by another name in {renamed}"
    lang = language(tag.replace("_", "-"))
    moment = utc_text(datetime(2022, 5, 3, 23, tzinfo=UTC), lang)
    assert moment.endswith(" UTC"), moment


REVIEWED_COUNTS = (*range(6), 11, 21, 22, 25, 100, 101, 102)


@pytest.mark.parametrize("tag", TAGS)
def test_every_plural_says_one_thing_per_cldr_plural_category(tag: str) -> None:
    """The catalog's Plural-Forms agree with CLDR's plural rules for the counts a reviewer reads
    (0-5, 11, 21, 22, 25, 100-102): every count of one CLDR category reads the same form, so
    European Portuguese says "0 minutos" (0 is "other" in pt_PT) and Brazilian "0 minuto" (0 is
    "one" in CLDR's pt)."""
    catalog = catalogs.read(catalogs.po_path(tag))
    plural = gettext.c2py(catalog.plural_expr)
    # Wikimedia's pt is CLDR's pt_PT (CLDR's bare pt is Brazilian).
    category = Locale.parse({"pt": "pt_PT"}.get(tag, tag)).plural_form
    wrong = []
    for message in catalog:
        if not message.pluralizable or not message.id:
            continue
        said: dict[str, set[str]] = {}
        for n in REVIEWED_COUNTS:
            said.setdefault(category(n), set()).add(_forms(message)[plural(n)])
        wrong += [f"{message.id[0]!r}: {c} reads {f}" for c, f in said.items() if len(f) > 1]
    assert not wrong, f"{tag}:\n" + "\n".join(wrong)
