"""The static page in a real browser: headless Chromium loads index.html with TZ set to the
viewer's zone, runs the inline script, and we read the DOM it leaves (`--dump-dom`).

Asserts times and UTC offsets, never zone abbreviations (headless ICU may lack them). Needs
/usr/bin/chromium (`bash tests/install-deps`): skipped when missing, failing instead under CI.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
from html_support import by_id, shown_text, text_of
from ics_support import BUNDLED_TEXT, edit, write_schedule

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)
NOW = "2022-05-01T00:00Z"


def chromium() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but chromium is missing: run `bash tests/install-deps`")
        pytest.skip("chromium is not installed (bash tests/install-deps)")
    return found


def load(index: Path, tz: str) -> tuple[Element, str]:
    """The DOM after the page's script ran, and the browser's log."""
    with tempfile.TemporaryDirectory() as profile:
        flags = [*FLAGS, f"--user-data-dir={profile}", "--dump-dom"]
        done = subprocess.run(
            [chromium(), *flags, index.as_uri()],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, "TZ": tz},
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    return parser.parse(done.stdout), done.stderr


def with_clock(index: Path, now: str) -> Path:
    """A copy of the page whose clock reads `now`: a first script pins Date.now (the page reads
    the clock only there), allowed by adding its hash to the page's Content-Security-Policy."""
    instant = datetime.fromisoformat(now.replace("Z", "+00:00"))
    pin = f"Date.now = function () {{ return {int(instant.timestamp() * 1000)}; }};"
    digest = base64.b64encode(hashlib.sha256(pin.encode()).digest()).decode()
    html = index.read_text("utf-8")
    assert "script-src 'sha256-" in html
    html = html.replace("script-src 'sha256-", f"script-src 'sha256-{digest}' 'sha256-", 1)
    html = html.replace("<title>", f"<script>{pin}</script><title>", 1)
    copy = index.with_name("pinned.html")
    copy.write_text(html, "utf-8")
    return copy


def your_times(root: Element) -> dict[str, str]:
    """Session id -> the "Your time" cell of its table row."""
    rows = by_id(root, "schedule").findall("tbody/tr")
    return {row.get("id", "").removeprefix("row-"): text_of(row[3]) for row in rows}


@pytest.fixture
def site(run, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    result = run("publish", "html", "--out", "site", "--now", NOW)
    assert result.exit_code == 0, result.stderr
    return tmp_path / "site" / "index.html"


@pytest.mark.parametrize(
    ("tz", "zone", "expected", "spanish"),
    [
        (
            "Asia/Kolkata",
            "Asia/Kolkata",  # Chromium says Asia/Calcutta; the page names it as tzdata does
            {
                "latam": "Wed, 4 May 2022, 04:30 (GMT+05:30) +1 day",
                "cee": "Mon, 9 May 2022, 22:30 (GMT+05:30)",
                "africa": "Thu, 12 May 2022, 23:30 (GMT+05:30)",
                "asia": "Mon, 16 May 2022, 17:30 (GMT+05:30)",
            },
            "mié, 4 may 2022, 4:30 (GMT+05:30) +1 día",
        ),
        (
            "America/Sao_Paulo",
            "America/Sao_Paulo",
            {
                "latam": "Tue, 3 May 2022, 20:00 (GMT-03:00)",
                "cee": "Mon, 9 May 2022, 14:00 (GMT-03:00)",
                "africa": "Thu, 12 May 2022, 15:00 (GMT-03:00)",
                "asia": "Mon, 16 May 2022, 09:00 (GMT-03:00)",
            },
            "mar, 3 may 2022, 20:00 (GMT-03:00)",
        ),
        (
            "Pacific/Auckland",
            "Pacific/Auckland",
            {
                "latam": "Wed, 4 May 2022, 11:00 (GMT+12:00) +1 day",
                "cee": "Tue, 10 May 2022, 05:00 (GMT+12:00) +1 day",
                "africa": "Fri, 13 May 2022, 06:00 (GMT+12:00) +1 day",
                "asia": "Tue, 17 May 2022, 00:00 (GMT+12:00) +1 day",
            },
            "mié, 4 may 2022, 11:00 (GMT+12:00) +1 día",
        ),
    ],
)
def test_your_time_in_the_viewers_zone(site: Path, tz: str, zone: str, expected, spanish) -> None:  # type: ignore[no-untyped-def]
    root, log = load(site, tz)
    assert "Content Security Policy" not in log and "Uncaught" not in log, log[-2000:]
    assert your_times(root) == expected
    header = by_id(root, "schedule").find("thead/tr")[3]  # type: ignore[index]
    assert text_of(header) == f"Your time ({zone})"
    for session_id, moment in expected.items():
        section = by_id(root, f"session-{session_id}")
        if session_id == "latam":  # in Spanish, its own language, what the script adds too
            assert f"Tu hora ({zone}) {spanish}" in text_of(section)
        else:
            assert f"Your time ({zone}) {moment}" in text_of(section)
        # The published times keep their labels.
        requests = "solicitudes de interpretación" if session_id == "latam" else "Interpretation"
        assert "UTC " in text_of(section) and requests in text_of(section)
    for element in root.iter():
        if "js-only" in element.get("class", "").split():
            assert element.get("hidden") is None, "the script shows what it filled"
    latam = text_of(by_id(root, "session-latam"))
    deadline = {
        "Asia/Kolkata": "; tu hora: vie, 29 abr 2022, 4:30 (GMT+05:30) +1 día (cerrado).",
        "America/Sao_Paulo": "; tu hora: jue, 28 abr 2022, 20:00 (GMT-03:00) (cerrado).",
        "Pacific/Auckland": "; tu hora: vie, 29 abr 2022, 11:00 (GMT+12:00) +1 día (cerrado).",
    }[tz]
    assert deadline in latam  # one sentence in one language; closed already at --now
    asia = shown_text(by_id(root, "session-asia"))
    assert asia.endswith(" (closed).")  # the browser's clock is long past 2022


def test_a_day_before_utc(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    moved = edit(BUNDLED_TEXT, "start = 2022-05-03T23:00:00Z", "start = 2022-05-04T01:00:00Z")
    path = write_schedule(tmp_path, moved)
    assert run("publish", "html", "--out", "site", "--file", str(path), "--now", NOW).exit_code == 0
    root, _ = load(tmp_path / "site" / "index.html", "America/Sao_Paulo")
    assert your_times(root)["latam"] == "Tue, 3 May 2022, 22:00 (GMT-03:00) -1 day"


def test_countdown_to_the_next_session(site: Path) -> None:
    root, _ = load(with_clock(site, "2022-05-01T00:00Z"), "Asia/Kolkata")
    assert text_of(by_id(root, "countdown")) == (
        "Next session: Latin America & Caribbean, in 2 days, 23 hours "
        "(Wed, 4 May 2022, 04:30 (GMT+05:30) +1 day, your time)."
    )
    asia = shown_text(by_id(root, "session-asia"))
    assert "; your time: Wed, 11 May 2022, 17:30 (GMT+05:30)." in asia  # still open
    latam = text_of(by_id(root, "session-latam"))
    assert "; tu hora: vie, 29 abr 2022, 4:30 (GMT+05:30) +1 día (cerrado)." in latam


def test_countdown_while_a_session_is_under_way_and_after_the_last(site: Path) -> None:
    root, _ = load(with_clock(site, "2022-05-03T23:30Z"), "America/Sao_Paulo")
    assert text_of(by_id(root, "countdown")) == (
        "Under way now: Latin America & Caribbean, ends in 30 minutes."
    )
    root, _ = load(with_clock(site, "2022-05-16T13:00Z"), "America/Sao_Paulo")
    assert text_of(by_id(root, "countdown")) == "All sessions of this series are over."


def test_countdown_skips_a_cancelled_session(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = edit(BUNDLED_TEXT, 'id = "latam"', 'id = "latam"\nstatus = "cancelled"')
    path = write_schedule(tmp_path, text)
    assert run("publish", "html", "--out", "site", "--file", str(path), "--now", NOW).exit_code == 0
    root, _ = load(
        with_clock(tmp_path / "site" / "index.html", "2022-05-08T17:00Z"), "Europe/Berlin"
    )
    assert text_of(by_id(root, "countdown")) == (
        "Next session: Central & Eastern Europe, in 1 day (Mon, 9 May 2022, 19:00 (GMT+02:00), "
        "your time)."
    )


def test_without_javascript_the_static_page_is_complete(site: Path) -> None:
    """Through chromedriver (with scripts disabled, --dump-dom has no script to serialize the
    DOM with): the text a person sees, and the DOM the page left."""
    shown, source = visible_without_script(site, "Pacific/Auckland")
    lines = shown.splitlines()
    assert "Region Date and time (UTC) Local time in the anchor city" in lines  # no "Your time"
    assert (
        # The Spanish session's row is in the page's English, as the whole table.
        "Latin America & Caribbean (in Spanish) Tue, 3 May 2022, 23:00 UTC "
        "Tue, 3 May 2022, 19:00 Santiago, Chile (Chile Standard Time, GMT-04:00)" in lines
    )
    assert (
        "Asia Mon, 16 May 2022, 12:00 UTC "
        "Mon, 16 May 2022, 19:00 Jakarta, Indonesia (Western Indonesia Time, GMT+07:00)" in lines
    )
    assert "Your own time zone is shown when JavaScript runs" in shown  # the noscript note
    assert "Your time" not in shown and "+1 day" not in shown and "Next session" not in shown
    for expected in (
        "Interpretation requests for Asia close Wed, 11 May 2022, 12:00 UTC",
        "Download the invite for Asia (.ics, for any calendar)",
        "See Asia in your time zone on Zonestamp",
        "Use a pseudonym",
        "Anywhere on Earth (UTC-12), which is Fri, 1 Jul 2022, 12:00 UTC.",
        "This page was made on Sun, 1 May 2022, 00:00 UTC",
    ):
        assert expected in shown, expected
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    root = parser.parse(source)
    for element in root.iter():
        if "js-only" in element.get("class", "").split():
            assert element.get("hidden") is not None
    assert text_of(by_id(root, "countdown")) == ""


def chromedriver() -> str:
    found = shutil.which("chromedriver")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but chromedriver is missing: run `bash tests/install-deps`")
        pytest.skip("chromedriver is not installed (bash tests/install-deps)")
    return found


def visible_without_script(index: Path, tz: str) -> tuple[str, str]:
    """The page's visible text and its DOM, loaded with scripts disabled, over WebDriver on a
    loopback port (every request bounded in time)."""
    import json
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def call(method: str, path: str, body: object = None) -> object:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())["value"]

    driver = subprocess.Popen(
        [chromedriver(), f"--port={port}"],
        env={**os.environ, "TZ": tz},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                call("GET", "/status")
                break
            except OSError:
                assert time.monotonic() < deadline, "chromedriver did not start"
                time.sleep(0.1)
        with tempfile.TemporaryDirectory() as profile:
            args = [*FLAGS, f"--user-data-dir={profile}", "--blink-settings=scriptEnabled=false"]
            args.append("--window-size=1280,900")  # wide: the table, not the cards
            options = {"binary": chromium(), "args": args}
            capabilities = {"browserName": "chrome", "goog:chromeOptions": options}
            session = call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})
            base = f"/session/{session['sessionId']}"  # type: ignore[index]
            try:
                call("POST", f"{base}/url", {"url": index.as_uri()})
                body = call("POST", f"{base}/element", {"using": "css selector", "value": "body"})
                element = next(iter(body.values()))  # type: ignore[attr-defined]
                shown = call("GET", f"{base}/element/{element}/text")
                source = call("GET", f"{base}/source")
            finally:
                call("DELETE", base)
    finally:
        driver.terminate()
        driver.wait(timeout=30)
    return str(shown), str(source)
