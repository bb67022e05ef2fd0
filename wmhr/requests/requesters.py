"""Who asked, without storing who asked: a keyed hash of the contact, and the key that makes it.

A requester is HMAC-SHA256(key, normalised contact). The key is 32 random bytes kept in a file
outside the database, readable by its owner only, so a copied database alone cannot be matched
against a list of guessed addresses. Losing the key does not expose anyone; it only means new
requests can no longer be matched with old ones, which is why the database remembers a
fingerprint of its key and refuses any other.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from wmhr.errors import KeyFileError, WmhrError
from wmhr.files import MAX_KEY_BYTES, read_regular

KEY_ENV = "WMHR_KEY"
KEY_FILE = Path("wmhr") / "requests.key"
KEY_BYTES = 32
FINGERPRINT_LABEL = b"wmhr requests key fingerprint v1"
NOTE_MAX = 500
EMAIL = re.compile(r"[^\s@]+@[^\s@]+")  # on plain_text: `ana@localhost` and a fullwidth @ too


def key_location(explicit: Path | None, *, environ: Mapping[str, str], home: Path) -> Path:
    """--key, else $WMHR_KEY, else $XDG_CONFIG_HOME/wmhr/requests.key, else ~/.config/..."""
    if explicit is not None:
        return explicit
    if environ.get(KEY_ENV):
        return Path(environ[KEY_ENV])
    config = environ.get("XDG_CONFIG_HOME")
    base = Path(config) if config and Path(config).is_absolute() else home / ".config"
    return base / KEY_FILE


def default_key_path(explicit: Path | None) -> Path:
    return key_location(explicit, environ=os.environ, home=Path.home())


def plain_text(text: str) -> str:
    """What a person sees: compatibility forms folded (NFKC: fullwidth letters and at sign
    become ASCII), invisible format characters (zero-width spaces and joiners, BOM, direction marks,
    soft hyphens) dropped, runs of white space made one space, ends trimmed."""
    if text.isascii():  # most contacts: no compatibility forms or format characters to drop
        return " ".join(text.split())
    folded = unicodedata.normalize("NFKC", text)
    visible = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    return " ".join(visible.split())


def normalise_contact(contact: str) -> str:
    """The same person however the contact is written is the same text.

    `Ana <ana@x.org>`, `<ana@x.org>`, `mailto:ana@x.org`, the same in fullwidth letters,
    `ana@x.org.` and `ana@x.org` followed by a zero-width space are all `ana@x.org`. An
    address's local part is only lower-cased, never case-folded (`straße` and `strasse` are
    different mailboxes); its domain is lower-cased and written in IDNA form (`bücher.de` and
    `xn--bcher-kva.de` are one domain, and `ß` stays `ß` as IDNA 2008 has it). Anything else
    (a name) is lower-cased.
    """
    if contact.isascii() and SIMPLE_ADDRESS.fullmatch(contact):  # most: the rules below, quicker
        local, _, domain = contact.rpartition("@")
        if "xn--" not in domain.lower():
            return f"{local.lower()}@{domain.rstrip('.').lower()}"
    text = _address_in(plain_text(contact))
    if "@" in text and not SIMPLE_ADDRESS.fullmatch(text):
        text = _parsed_address(text)
    local, at, domain = text.rpartition("@")
    if at and local and domain and " " not in text:
        return f"{local.lower()}@{_idna_domain(domain)}"
    return text.lower()


# The contact rule of wmhr before 0.2 (NFC, trimmed, case-folded), kept so that requests hashed
# under it can be matched again (see `wmhr requests rehash`).
def legacy_normalise_contact(contact: str) -> str:
    return unicodedata.normalize("NFC", contact).strip().casefold()


def previous_normalise_contact(contact: str) -> str:
    """The contact rule of wmhr from 0.2 until it read pasted forms (commit 8b139cc), kept so
    that requests hashed under it can be matched again: `ana@x.org (Ana)`, `(Ana) ana@x.org`,
    `ana@x.org,`, `ana@ x.org`, `ana@x.org>` and `ana@x.org?subject=x` were hashed as typed
    (lower-cased), not as `ana@x.org`. Its code as it was then; the helpers are unchanged."""
    text = _address_in(plain_text(contact))
    local, at, domain = text.rpartition("@")
    if at and local and domain and " " not in text:
        return f"{local.lower()}@{_idna_domain(domain)}"
    return text.lower()


# Nearly every contact: nothing around the address for the (slow) e-mail parser to remove.
SIMPLE_ADDRESS = re.compile(r"[^\s@<>(),;:?\[\]\"]+@[^\s@<>(),;:?\[\]\"]+")
NAME_ADDR = re.compile(r"[^<>]*<([^<>]*)>")
IDNA_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def _address_in(text: str) -> str:
    """`Ana <ana@x.org>` and `<mailto:ana@x.org?subject=hi>` -> `ana@x.org`."""
    bracketed = NAME_ADDR.fullmatch(text)
    if bracketed:
        text = bracketed.group(1).strip()
    if text[:7].lower() == "mailto:":
        from urllib.parse import unquote

        text = plain_text(unquote(text[7:].split("?", 1)[0]))
    return text


# Longer than this, a text is no address with a name or comment around it (an address has at
# most 254 characters, RFC 5321); and email.utils.parseaddr recurses once for each `:`, so a
# long run of them would end in a RecursionError.
PASTED_ADDRESS_MAX = 512


def _parsed_address(text: str) -> str:
    """The address in what a person pasted, as the e-mail parser reads it: `ana@x.org (Ana)`,
    `(Ana) ana@x.org`, `ana@x.org,`, `ana@ x.org` and `ana@x.org>` are `ana@x.org`; a URL query
    after the domain (`?subject=x`, never part of a domain) is dropped."""
    from email.utils import parseaddr

    if len(text) > PASTED_ADDRESS_MAX:
        return text
    address = parseaddr(text)[1]
    local, at, domain = address.rpartition("@")
    if not (at and local and domain):
        return text
    return f"{local}@{domain.split('?', 1)[0]}"


def _idna_domain(domain: str) -> str:
    if domain.isascii() and "xn--" not in domain.lower():
        return domain.rstrip(".").lower()
    labels = domain.translate(IDNA_DOTS).rstrip(".").split(".")
    return ".".join(_idna_label(label) for label in labels)


def _idna_label(label: str) -> str:
    label = label.lower()
    if label.startswith("xn--"):
        try:
            label = unicodedata.normalize("NFKC", label[4:].encode("ascii").decode("punycode"))
        except (UnicodeError, ValueError):
            return label  # not valid punycode: keep it as written, lower-cased
        label = label.lower()
    if label.isascii():
        return label
    return "xn--" + label.encode("punycode").decode("ascii")


def check_contact(contact: str) -> str:
    """The normalised contact, or an error when there is nothing to hash."""
    normalised = normalise_contact(contact)
    if not normalised:
        raise WmhrError("empty contact; give the address or name the request came from")
    return normalised


def requester_id(key: bytes, contact: str) -> str:
    return _hash(key, check_contact(contact))


def requester_hasher(key: bytes) -> Callable[[str], str]:
    """`requester_id` with the key prepared once, for a big import.

    HMAC as RFC 2104 defines it, H((K ^ opad) || H((K ^ ipad) || m)), with both keyed SHA-256
    states made once and copied per contact: a quarter of the time of copying an `hmac` object
    (whose copy and digest each rebuild Python-level state). Tests hold it to `hmac.new`."""
    block = hashlib.sha256().block_size
    padded = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
    inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in padded))
    outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in padded))

    def requester(contact: str) -> str:
        normalised = normalise_contact(contact)
        if not normalised:
            check_contact(contact)  # raises, saying why
        keyed_inner = inner.copy()
        keyed_inner.update(normalised.encode("utf-8"))
        keyed_outer = outer.copy()
        keyed_outer.update(keyed_inner.digest())
        return keyed_outer.hexdigest()

    return requester


def legacy_requester_id(key: bytes, contact: str) -> str:
    """The keyed hash wmhr stored for `contact` before contacts were normalised as above."""
    return _hash(key, legacy_normalise_contact(contact))


def rekeying(key: bytes, contacts: Iterable[str]) -> tuple[dict[str, str], int]:
    """Old-rule hash -> current hash for `contacts`, and how many old-rule hashes were left out
    because two different people shared one (the old rule case-folded `straße` to `strasse`)."""
    found: dict[str, set[str]] = {}
    for contact in contacts:
        if normalise_contact(contact):
            found.setdefault(legacy_requester_id(key, contact), set()).add(
                requester_id(key, contact)
            )
    mapping = {old: next(iter(new)) for old, new in found.items() if len(new) == 1}
    return mapping, len(found) - len(mapping)


def previous_rekeying(key: bytes, contacts: Iterable[str]) -> tuple[dict[str, str], int]:
    """Previous-rule hash -> current hash for the given contacts that rule read differently
    (the pasted forms, see `previous_normalise_contact`), and how many were left out.

    A plain address, `Ana <ana@x.org>` or a name had the same text under both rules, so it has
    nothing to re-key and costs no hash. Rows are matched by value whatever their `hash_rule`
    label (that rule's rows were labelled 2, as current ones are), so a previous-rule hash is
    left out when it is ambiguous: two given contacts that now differ shared it, or its text is
    also a contact's text under the current rule (`"-@.` was hashed as `"-@`, which is how `"-@`
    is hashed now), so that a row holding it may be someone else's current row."""
    found: dict[str, set[str]] = {}
    unsure: set[str] = set()
    for contact in contacts:
        if contact.isascii() and SIMPLE_ADDRESS.fullmatch(contact):
            continue  # the same text under both rules (no pasted form without one of <>(),;:?)
        current = normalise_contact(contact)
        previous = previous_normalise_contact(contact)
        if not current or previous == current:
            continue
        old = _hash(key, previous)
        found.setdefault(old, set()).add(_hash(key, current))
        if normalise_contact(previous) == previous:
            unsure.add(old)
    mapping = {
        old: next(iter(new)) for old, new in found.items() if len(new) == 1 and old not in unsure
    }
    return mapping, len(found) - len(mapping)


def _hash(key: bytes, normalised: str) -> str:
    return hmac.digest(key, normalised.encode("utf-8"), "sha256").hex()


def fingerprint(key: bytes) -> str:
    """Identifies a key without revealing it, so a database can refuse a different one."""
    return hmac.new(key, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:32]


def read_key(path: Path) -> bytes | None:
    """The key in `path`, or None when there is no such file."""
    fix = "check --key"
    try:
        data = read_regular(path, limit=MAX_KEY_BYTES, fix=fix, error=KeyFileError)
        info = path.stat()
        text = data.decode("ascii").strip()
    except FileNotFoundError:
        if path.is_symlink():  # creating the key would write through the link, or fail
            raise KeyFileError(
                f"{path}: a symbolic link to a missing file; point --key at the key file, "
                "or remove the link"
            ) from None
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not a key file"
        raise KeyFileError(f"{path}: cannot read the requester key ({reason}); {fix}") from None
    if os.name == "posix" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(
            f"{path}: the requester key is readable by other users; run: chmod 600 {path}"
        )
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise KeyFileError(
            f"{path}: not a wmhr requester key (expected {KEY_BYTES * 2} hex digits); "
            "restore the right file or point --key elsewhere"
        )
    return key


def create_key(path: Path) -> bytes:
    """A new random key in `path` (mode 0600); if another process made one first, use that."""
    return save_key(path, new_key())


def new_key() -> bytes:
    """A random key, not yet in any file (`save_key` writes it when it is first used)."""
    import secrets  # only a first use makes a key: `requests add` starts without it

    return secrets.token_bytes(KEY_BYTES)


def save_key(path: Path, key: bytes) -> bytes:
    """Write `key` to `path` (mode 0600) unless a key is already there: the key in the file
    afterwards, which is another one when a process wrote its own first."""
    import secrets

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(descriptor, (key.hex() + "\n").encode("ascii"))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        try:
            # link() fails if the name exists, so two first uses at once agree on one key.
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    except OSError as exc:
        raise KeyFileError(
            f"{path}: cannot create the requester key ({exc.strerror}); "
            f"pass --key or set ${KEY_ENV} to a writable place"
        ) from None
    saved = read_key(path)
    if saved is None:  # removed again between the link and the read
        raise KeyFileError(f"{path}: the requester key vanished as it was made; run it again")
    return saved


# "rgaines(_AT_)wikimedia.org", "ana [at] x.org", "ana{at}x.org": the at sign people spell out.
SPELLED_AT = re.compile(r"\s*[\(\[\{<]\s*_?at_?\s*[\)\]\}>]\s*", re.IGNORECASE)
# "bob at example dot org", "bob AT example DOT org", "bob (at) example (dot) org", "bob _at_
# example _dot_ org", "bob at example.org": a bare "at" counts only before a domain whose last
# label is letters, so "at the meeting" and "at 10.30" stay prose.
_SPELLED_WORD = r"(?:\s*[\(\[\{{<]\s*_?{0}_?\s*[\)\]\}}>]\s*|\s+_?{0}_?\s+)"
SPELLED_ADDRESS = re.compile(
    rf"(?<![\w.+-])(?P<local>[\w.+-]+)(?:{_SPELLED_WORD.format('at')}|\s*@\s*)"
    rf"(?P<domain>(?:[\w-]+(?:{_SPELLED_WORD.format('dot')}|\.))+[^\W\d_]{{2,}})\b",
    re.IGNORECASE,
)
# "bob @ example . org": an at sign and dots with spaces around them.
SPACED_ADDRESS = re.compile(
    r"(?<![\w.+-])(?P<local>[\w.+-]+)\s*@\s*(?P<domain>(?:[\w-]+\s*\.\s*)+[^\W\d_]{2,})\b"
)
SPELLED_DOT = re.compile(_SPELLED_WORD.format("dot"), re.IGNORECASE)
# "b o b @ e x a m p l e . o r g": characters spaced apart, read closed up.
SPACED_OUT = re.compile(r"(?:(?<!\S)\S\s){4,}\S(?!\S)")
# A token that may be base64 (standard or URL-safe, padded or not) or hexadecimal: at least
# what `a@b.cd` encodes to.
ENCODED_TOKEN = re.compile(r"[A-Za-z0-9+/_-]{8,}={0,2}")
HEX = re.compile(r"[0-9a-fA-F]+")


def _decoded_tokens(text: str) -> list[str]:
    """Each base64, base64url or hexadecimal token of `text` that decodes to printable text."""
    import base64
    import binascii

    found = []
    for token in ENCODED_TOKEN.findall(text):
        bare = token.rstrip("=")
        standard = bare.replace("-", "+").replace("_", "/")
        encoded = []
        if len(standard) % 4 != 1:  # no base64 text has that length
            encoded.append(base64.b64decode(standard + "=" * (-len(standard) % 4)))
        if len(bare) % 2 == 0 and HEX.fullmatch(bare):
            encoded.append(binascii.unhexlify(bare))
        for data in encoded:
            with contextlib.suppress(UnicodeError):
                # `echo ... | base64` encodes the line break too: white space read as spaces.
                decoded = " ".join(data.decode("utf-8").split())
                if decoded and decoded.isprintable():
                    found.append(decoded)
    return found


def _spelled_out(text: str) -> str:
    """`bob at example dot org` -> `bob@example.org`; other text as it was."""

    def joined(match: re.Match[str]) -> str:
        domain = SPELLED_DOT.sub(".", match.group("domain"))
        return f"{match.group('local')}@{domain}"

    text = SPELLED_ADDRESS.sub(joined, SPELLED_AT.sub("@", text))
    return SPACED_ADDRESS.sub(lambda m: f"{m['local']}@{''.join(m['domain'].split())}", text)


def note_views(text: str) -> list[str]:
    """A note as a reader sees it (NFKC, invisible characters gone), and as each encoding an
    address hides in decodes it: percent-encoding (`ana%40x.org`), HTML character references
    (`ana&#64;x.org`), RFC 2047 encoded words, quoted-printable `=40`, base64 and base64url
    (`YW5hQHgub3Jn`) and hexadecimal tokens, an at and dot spelled out (`ana(at)x.org`, `ana at
    x dot org`, `ana [at] x [dot] org`), letters spaced apart (`a n a @ x . o r g`) and the
    note written backwards."""
    import html
    import quopri
    from email.header import decode_header, make_header
    from urllib.parse import unquote

    views = [text]
    for _ in range(3):  # an encoding inside another: `%26%2364%3B` is `&#64;`
        decoded = html.unescape(unquote(views[-1]))
        if decoded == views[-1]:
            break
        views.append(decoded)
    with contextlib.suppress(ValueError, LookupError, UnicodeError):
        views.append(str(make_header(decode_header(text))))
    views.append(quopri.decodestring(text.encode("utf-8", "replace")).decode("utf-8", "replace"))
    encoded = views
    for _ in range(2):  # base64 of hexadecimal, or the other way round
        encoded = [decoded for view in encoded for decoded in _decoded_tokens(view)]
        views += encoded
    views += [view[::-1] for view in list(views)]
    views += [SPACED_OUT.sub(lambda m: "".join(m.group().split()), view) for view in list(views)]
    views += [_spelled_out(view) for view in list(views)]
    return list(dict.fromkeys(plain_text(view).lower() for view in dict.fromkeys(views)))


def check_note(note: str | None, contact: str) -> str | None:
    """A note is stored in clear, so it must not carry the contact or any e-mail address."""
    text = (note or "").strip()
    if not text:
        return None
    if len(text) > NOTE_MAX:
        raise WmhrError(f"--note: {len(text)} characters; keep notes under {NOTE_MAX}")
    contact_text = normalise_contact(contact)
    if any(
        (contact_text and contact_text in seen) or ("@" in seen and EMAIL.search(seen))
        for seen in note_views(text)
    ):
        raise WmhrError(
            "--note: notes are stored in clear, so they must not contain an e-mail address "
            "or the requester's contact; leave it out"
        )
    return text
