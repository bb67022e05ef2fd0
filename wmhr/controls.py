"""Text from outside (files, CSV cells, notes, arguments), made safe to show on a terminal.

A schedule title or a typed argument may carry `ESC [2J` (clear the screen), an OSC sequence (set
the window title), a carriage return that overwrites what was printed, or a bidi override that
reverses what follows. Every string wmhr shows goes through `printable` first, so none of them
ever reaches a terminal as a control character, piped or not.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; the bidi embeddings, overrides and isolates, the Arabic letter mark
# and the Unicode line and paragraph separators (they move text or break lines like controls do).
BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
CONTROL = re.compile(f"[\x00-\x1f{BEYOND_C0}]")
JSON_RAW = f"[{BEYOND_C0}]"  # JSON escapes C0 itself, and its layout uses newlines
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in NAMED:
        return NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character written as an escape (`\\x1b`, `\\n`, `\\u202e`)."""
    return CONTROL.sub(_escape, text) if CONTROL.search(text) else text


def json_safe(text: str) -> str:
    """Serialised JSON with the controls JSON leaves raw (DEL, C1, bidi, separators) as \\u
    escapes: JSON itself escapes only C0, and these can only occur inside its strings."""
    if text.isascii() and "\x7f" not in text:
        # Nothing to escape (DEL is the only ASCII one): spare compiling the pattern, which
        # costs a third of a millisecond of a cold start (re.sub compiles it once when needed).
        return text
    return re.sub(JSON_RAW, lambda m: f"\\u{ord(m.group()):04x}", text)
