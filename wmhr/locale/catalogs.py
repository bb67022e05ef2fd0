"""The gettext catalogs: `wmhr/locale/<lang>/LC_MESSAGES/wmhr.po`, read at run time.

Reading the `.po` files themselves (with Babel) rather than compiled `.mo` files means a clone, a
wheel and an editable install all run from the same reviewed text, with no build step to forget.
A catalog is used only when it is complete: every message of the template `wmhr.pot` (extracted
from the code) translated, no fuzzy entry, every plural form filled.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent
DOMAIN = "wmhr"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
# What a developer runs after adding or changing an English string (see pyproject.toml). `-c`
# keeps the `# TRANSLATORS:` comment above each message as its documentation (`#.` in the files).
UPDATE_COMMAND = (
    "pybabel -q extract -F pyproject.toml -c TRANSLATORS: --no-location --sort-output "
    "--omit-header -w 100 "
    f"-o wmhr/locale/{DOMAIN}.pot wmhr && "
    f"pybabel -q update -i wmhr/locale/{DOMAIN}.pot -d wmhr/locale -D {DOMAIN} "
    "--no-fuzzy-matching --ignore-obsolete -w 100"
)


def po_path(tag: str) -> Path:
    return LOCALE_DIR / tag / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_tags() -> tuple[str, ...]:
    """Every language with a catalog file, complete or not."""
    return tuple(
        sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    )


@cache
def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def message_ids(catalog: Catalog) -> frozenset[str]:
    """The msgids (singular form for plurals) of every message but the header."""
    return frozenset(_singular(m) for m in catalog if m.id)


def _singular(message: Message) -> str:
    return message.id[0] if isinstance(message.id, (tuple, list)) else str(message.id)


def translated(message: Message, forms: int) -> bool:
    if message.fuzzy:
        return False
    if isinstance(message.id, (tuple, list)):
        strings = message.string if isinstance(message.string, (tuple, list)) else ()
        return len(strings) == forms and all(strings)
    return bool(message.string)


def gaps(catalog: Catalog, template: Catalog) -> list[str]:
    """The template's msgids that `catalog` lacks, leaves untranslated or marks fuzzy."""
    present = {_singular(m): m for m in catalog if m.id}
    missing = []
    for msgid in sorted(message_ids(template)):
        message = present.get(msgid)
        if message is None or not translated(message, catalog.num_plurals):
            missing.append(msgid)
    return missing


@cache
def complete(tag: str) -> bool:
    path = po_path(tag)
    return path.is_file() and not gaps(read(path), read(TEMPLATE))


@cache
def translations(tag: str) -> gettext.GNUTranslations:
    """The catalog of `tag`, compiled in memory: gettext then applies its Plural-Forms."""
    buffer = io.BytesIO()
    write_mo(buffer, read(po_path(tag)), use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def plural_rule(tag: str | None) -> str:
    """The Plural-Forms rule of catalog `tag` (English, the msgids' language, when None)."""
    return "(n != 1)" if tag is None else str(read(po_path(tag)).plural_expr)
