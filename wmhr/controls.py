"""Control characters in text from outside (files, CSV cells, notes, arguments): the one rule.

A schedule title or a typed argument may carry `ESC [2J` (clear the screen), an OSC sequence (set
the window title), a carriage return that overwrites what was printed, or a bidi override that
reverses what follows. The schedule refuses them where its text enters (`unwanted_control`), and
every string wmhr shows, writes or publishes goes through `printable` (or `json_safe`), so none of
them ever reaches a terminal, a file or a page as a control character.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; the bidi embeddings, overrides and isolates, the Arabic letter mark
# and the Unicode line and paragraph separators (they move text or break lines like controls do).
BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
CONTROL = re.compile(f"[\x00-\x1f{BEYOND_C0}]")
JSON_RAW = f"[{BEYOND_C0}]"  # JSON escapes C0 itself, and its layout uses newlines
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
LINE_BREAKS = re.compile("[\t\n\r]+")


def _escape(match: re.Match[str]) -> str:
    return escaped(match.group())


def escaped(char: str) -> str:
    """One control character as it is shown: `\\x1b`, `\\n`, `\\u202e`."""
    return NAMED.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


def unwanted_control(text: str, allowed: str = "") -> str | None:
    """The first control character of `text` that is not in `allowed` (e.g. tab and newline
    where a field may span lines), or None."""
    for match in CONTROL.finditer(text):
        if match.group() not in allowed:
            return match.group()
    return None


def printable(text: str) -> str:
    """`text` with every control character written as an escape (`\\x1b`, `\\n`, `\\u202e`)."""
    return CONTROL.sub(_escape, text) if CONTROL.search(text) else text


def one_line(text: str) -> str:
    """`text` for a line of prose (a table cell, an announcement): tabs and line breaks as one
    space, every other control character escaped as `printable` does."""
    return printable(LINE_BREAKS.sub(" ", text))


def json_safe(text: str) -> str:
    """Serialised JSON with the controls JSON leaves raw (DEL, C1, bidi, separators) as \\u
    escapes: JSON itself escapes only C0, and these can only occur inside its strings."""
    if text.isascii() and "\x7f" not in text:
        # Nothing to escape (DEL is the only ASCII one): spare compiling the pattern, which
        # costs a third of a millisecond of a cold start (re.sub compiles it once when needed).
        return text
    return re.sub(JSON_RAW, lambda m: f"\\u{ord(m.group()):04x}", text)
