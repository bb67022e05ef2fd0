"""Shared helpers for the iCalendar tests: schedules built in tmp_path and a byte-level lint."""

from __future__ import annotations

from pathlib import Path

from conftest import BUNDLED

BUNDLED_TEXT = BUNDLED.read_text("utf-8")
T0 = "2022-04-01T00:00Z"
T1 = "2022-04-02T09:30Z"
T2 = "2022-04-03T18:45Z"
# Hard text: right-to-left Arabic, CJK, Devanagari, emoji (4-byte UTF-8, a ZWJ sequence and a
# flag), and the characters RFC 5545 escapes (`;` `,` `\` and a newline) in the title itself.
UNICODE_TITLE = (
    'Conversations; \\"rights\\", too \\\\ and\\na newline — حقوق الإنسان — 人权对话 — '
    "मानव अधिकार 🌍👩🏽‍💻🇮🇩"
)
UNICODE_REGION = "Asia 🌏 アジア · एशिया \\\\N"  # TOML for a literal backslash-N


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def write_schedule(folder: Path, text: str) -> Path:
    path = folder / "sessions.toml"
    path.write_text(text, "utf-8")
    return path


def unicode_schedule() -> str:
    text = edit(
        BUNDLED_TEXT,
        'title = "Human Rights Policy Community Conversations"',
        f'title = "{UNICODE_TITLE}"',
    )
    text = edit(text, 'region = "Asia"', f'region = "{UNICODE_REGION}"')
    return edit(
        text,
        'zone = "Asia/Jakarta"',
        'zone = "Asia/Jakarta"\njoin_url = "https://wikimedia.zoom.us/j/123456789?pwd=a,b;c"',
    )


def lint(data: bytes, name: str = "file") -> None:
    """RFC 5545 section 3.1 at the byte level: CRLF only, 75 octets, UTF-8 whole per line."""
    assert data.endswith(b"\r\n"), f"{name}: does not end with CRLF"
    assert b"\r\n" * 2 not in data, f"{name}: empty line"
    lines = data[:-2].split(b"\r\n")
    for number, line in enumerate(lines, 1):
        where = f"{name}:{number}"
        assert b"\n" not in line and b"\r" not in line, f"{where}: bare CR or LF"
        assert len(line) <= 75, f"{where}: {len(line)} octets"
        line.decode("utf-8")  # raises if a fold split a multi-byte character
        assert not line.startswith(b"\t"), f"{where}: folds use one space"
        assert number > 1 or not line.startswith(b" "), f"{where}: starts with a fold"
    depth: list[bytes] = []
    for line in unfold(data)[:-2].split(b"\r\n"):
        assert b":" in line, f"{name}: no name/value separator in {line[:40]!r}"
        if line.startswith(b"BEGIN:"):
            depth.append(line[6:])
        elif line.startswith(b"END:"):
            assert depth and depth.pop() == line[4:], f"{name}: unbalanced {line!r}"
    assert not depth, f"{name}: unclosed {depth}"
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    for banned in (b"TZID", b"VTIMEZONE", b"X-WR-TIMEZONE", b"ATTENDEE"):
        assert banned not in unfold(data), f"{name}: contains {banned!r}"
    for event in unfold(data).split(b"BEGIN:VEVENT\r\n")[1:]:
        times = dict(
            line.split(b":", 1)
            for line in event.split(b"\r\n")
            if line[:6] in (b"DTSTAR", b"DTEND:")
        )
        # RFC 5545 section 3.8.2.2: DTEND, when present, is later than DTSTART (both UTC form).
        assert times.get(b"DTEND", b"~") > times[b"DTSTART"], f"{name}: DTEND not after DTSTART"


def unfold(data: bytes) -> bytes:
    return data.replace(b"\r\n ", b"")


def prop_lines(data: bytes, name: str) -> list[str]:
    """Unfolded values of every `name` property (parameters, such as LANGUAGE, skipped)."""
    text = unfold(data).decode("utf-8")
    lines = text.split("\r\n")
    return [line.split(":", 1)[1] for line in lines if line.split(":")[0].split(";")[0] == name]
