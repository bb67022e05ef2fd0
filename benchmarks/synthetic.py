"""A schedule of any size for the benchmarks: the bundled series, then COUNT sessions two hours
apart from 2030, rotating through zones with and without daylight saving time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wmhr.schedule import model

ZONES = ("America/Santiago", "Europe/Berlin", "Africa/Lagos", "Asia/Jakarta", "Asia/Kathmandu")


def schedule_text(count: int, *, spanish_every: int = 0) -> str:
    """sessions.toml text; with `spanish_every=N`, every Nth session is in Spanish."""
    bundled = (model.BUNDLED_DIR / model.SESSIONS_FILE).read_text("utf-8")
    head = bundled[: bundled.index("[[session]]")]
    first = datetime(2030, 1, 1, tzinfo=UTC)
    rows = []
    for n in range(count):
        start = first + timedelta(hours=2 * n)
        language = "es" if spanish_every and n % spanish_every == 0 else "en"
        rows.append(
            f'[[session]]\nid = "s{n:05d}"\nregion = "Region {n}"\nlanguage = "{language}"\n'
            f"start = {start:%Y-%m-%dT%H:%M:%SZ}\n"
            f'anchor_city = "City {n}"\nzone = "{ZONES[n % len(ZONES)]}"\n'
        )
    return head + "\n".join(rows)
