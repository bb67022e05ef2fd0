"""The static page in a real browser: headless Chromium loads index.html with TZ set to the
viewer's zone, runs the inline script, and we read the DOM it leaves (`--dump-dom`).

Asserts times and UTC offsets, never zone abbreviations (headless ICU may lack them). Needs
/usr/bin/chromium (`bash tests/install-deps`): skipped when missing, failing instead under CI.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
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


def load(
    index: Path, tz: str, *, fragment: str = "", flags: tuple[str, ...] = ()
) -> tuple[Element, str]:
    """The DOM after the page's script ran, and the browser's log."""
    with tempfile.TemporaryDirectory() as profile:
        arguments = [*FLAGS, *flags, f"--user-data-dir={profile}", "--dump-dom"]
        done = subprocess.run(
            [chromium(), *arguments, index.as_uri() + fragment],
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


def with_scripts(index: Path, first: str = "", last: str = "") -> Path:
    """A copy of the page with a script of the test's run before the page's (`first`) or after
    it (`last`), allowed by adding their hashes to the page's Content-Security-Policy."""
    html = index.read_text("utf-8")
    assert "script-src 'sha256-" in html
    for code in (first, last):
        if code:
            digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
            html = html.replace("script-src 'sha256-", f"script-src 'sha256-{digest}' 'sha256-", 1)
    if first:
        html = html.replace("<title>", f"<script>{first}</script><title>", 1)
    if last:
        html = html.replace("</body>", f"<script>{last}</script></body>", 1)
    copy = index.with_name("pinned.html")
    copy.write_text(html, "utf-8")
    return copy


def clock(now: str) -> str:
    """A script pinning Date.now to `now` (the page reads the clock only there)."""
    instant = datetime.fromisoformat(now.replace("Z", "+00:00"))
    return f"Date.now = function () {{ return {int(instant.timestamp() * 1000)}; }};"


def with_clock(index: Path, now: str) -> Path:
    """A copy of the page whose clock reads `now`."""
    return with_scripts(index, first=clock(now))


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
        "Asia/Kolkata": "; tu hora: vie, 29 abr 2022, 4:30 (GMT+05:30) +1 día (plazo vencido).",
        "America/Sao_Paulo": "; tu hora: jue, 28 abr 2022, 20:00 (GMT-03:00) (plazo vencido).",
        "Pacific/Auckland": (
            "; tu hora: vie, 29 abr 2022, 11:00 (GMT+12:00) +1 día (plazo vencido)."
        ),
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
        "Next: the Latin America & Caribbean session, in 2 days, 23 hours "
        "(Wed, 4 May 2022, 04:30 (GMT+05:30) +1 day, your time)."
    )
    asia = shown_text(by_id(root, "session-asia"))
    assert "; your time: Wed, 11 May 2022, 17:30 (GMT+05:30)." in asia  # still open
    latam = text_of(by_id(root, "session-latam"))
    assert "; tu hora: vie, 29 abr 2022, 4:30 (GMT+05:30) +1 día (plazo vencido)." in latam


@pytest.mark.parametrize(
    ("now", "left"),
    [
        ("2022-05-01T00:01Z", "2 days, 23 hours"),  # 2 days 22 h 59 min: not "2 days, 22 hours"
        ("2022-05-03T20:00:20Z", "3 hours"),  # 2 h 59 min 40 s
        ("2022-05-03T21:29:50Z", "1 hour, 30 minutes"),
    ],
)
def test_countdown_rounds_to_its_smaller_unit(site: Path, now: str, left: str) -> None:
    root, _ = load(with_clock(site, now), "UTC")
    countdown = text_of(by_id(root, "countdown"))
    expected = f"Next: the Latin America & Caribbean session, in {left} (Tue, 3 May"
    assert countdown.startswith(expected)


def test_countdown_while_a_session_is_under_way_and_after_the_last(site: Path) -> None:
    root, _ = load(with_clock(site, "2022-05-03T23:30Z"), "America/Sao_Paulo")
    assert text_of(by_id(root, "countdown")) == (
        "Under way now: the Latin America & Caribbean session, ends in 30 minutes."
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
        "Next: the Central & Eastern Europe session, in 1 day (Mon, 9 May 2022, 19:00 "
        "(GMT+02:00), your time)."
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
    assert "Your time" not in shown and "+1 day" not in shown and "Next: " not in shown
    for expected in (
        "Interpretation requests for the Asia session close Wed, 11 May 2022, 12:00 UTC",
        "Download the invite for the Asia session (.ics, for any calendar)",
        "See the Asia session in your time zone on Zonestamp",
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
    """The page's visible text and its DOM, loaded with scripts disabled."""
    flags = ("--blink-settings=scriptEnabled=false", "--window-size=1280,900")  # the table
    with webdriver(tz, flags) as call:
        call("POST", "/url", {"url": index.as_uri()})
        body = call("POST", "/element", {"using": "css selector", "value": "body"})
        element = next(iter(body.values()))  # type: ignore[attr-defined]
        return str(call("GET", f"/element/{element}/text")), str(call("GET", "/source"))


@contextlib.contextmanager
def webdriver(
    tz: str, flags: tuple[str, ...] = (), width: int | None = None
) -> Iterator[Callable[..., object]]:
    """A Chromium session over WebDriver on a loopback port (every request bounded in time),
    as a phone `width` CSS pixels wide when given: `call(method, path, body)` within it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def request(method: str, path: str, body: object = None) -> object:
        data = None if body is None else json.dumps(body).encode()
        sent = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(sent, timeout=60) as response:
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
                request("GET", "/status")
                break
            except OSError:
                assert time.monotonic() < deadline, "chromedriver did not start"
                time.sleep(0.1)
        with tempfile.TemporaryDirectory() as profile:
            options: dict[str, object] = {
                "binary": chromium(),
                "args": [*FLAGS, *flags, f"--user-data-dir={profile}"],
            }
            if width is not None:
                metrics = {"width": width, "height": 900, "pixelRatio": 2, "touch": True}
                options["mobileEmulation"] = {"deviceMetrics": metrics}
            capabilities = {"browserName": "chrome", "goog:chromeOptions": options}
            session = request("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})
            base = f"/session/{session['sessionId']}"  # type: ignore[index]
            try:
                yield lambda method, path, body=None: request(method, base + path, body)
            finally:
                request("DELETE", base)
    finally:
        driver.terminate()
        driver.wait(timeout=30)


# -- on a phone, in another zone, over time --------------------------------------------------------

# Where each time a reader looks for is, and how wide the page is (after the page's script).
MEASURE = """
  var width = document.documentElement.clientWidth, found = [];
  document.querySelectorAll("[data-your-time], #schedule td").forEach(function (element) {
    var box = element.getBoundingClientRect();
    found.push({ left: box.left, right: box.right, text: element.textContent,
                 where: element.closest("[id^=row-], [id^=session-]").id });
  });
  var boxes = [];
  document.querySelectorAll(".scroll").forEach(function (box) {
    boxes.push(box.scrollWidth - box.clientWidth);
  });
  return { width: width, page: document.documentElement.scrollWidth, boxes: boxes, found: found };
"""


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
@pytest.mark.parametrize("width", [390, 320])
def test_every_local_time_is_inside_a_phones_screen(run, tmp_path, lang: str, width: int) -> None:  # type: ignore[no-untyped-def]
    result = run("publish", "html", "--out", "site", "--now", NOW, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    with webdriver("Asia/Kolkata", width=width) as call:
        call("POST", "/url", {"url": (tmp_path / "site" / "index.html").as_uri()})
        measured = call("POST", "/execute/sync", {"script": MEASURE, "args": []})
    assert isinstance(measured, dict)
    assert measured["width"] == width
    assert measured["page"] <= width, "the page scrolls sideways"
    assert measured["boxes"] == [0], "the table's box scrolls sideways"
    cells = measured["found"]
    # Each session's time in UTC, in its anchor city and the reader's (3 cells of its row),
    # and the reader's in its section: all filled, all on screen.
    assert len(cells) == 4 * 4
    for cell in cells:
        assert cell["text"].strip(), cell
        assert cell["left"] >= 0 and cell["right"] <= width, cell


def glibc_time(instant: datetime, zone: str) -> str:
    """`Wed, 4 May 2022, 11:45 (GMT+12:45) +1 day` as glibc's `date` says it in `zone`."""
    stamp = str(int(instant.timestamp()))
    fields = ["+%a, %-d %b %Y, %H:%M (GMT%:z)", "+%F"]
    local, day = (
        subprocess.run(
            ["date", "-d", f"@{stamp}", field],
            capture_output=True,
            text=True,
            check=True,
            env={"TZ": zone, "LC_ALL": "C", "PATH": os.environ.get("PATH", "")},
        ).stdout.strip()
        for field in fields
    )
    shift = (datetime.fromisoformat(day).date() - instant.date()).days
    return local + {0: "", 1: " +1 day", -1: " -1 day"}[shift]


def test_a_zone_chosen_in_the_address_shows_its_times(site: Path) -> None:
    """`#tz=Pacific/Chatham` (UTC+12:45) on a machine in São Paulo: Chatham's times, as glibc."""
    root, log = load(site, "America/Sao_Paulo", fragment="#tz=Pacific/Chatham")
    assert "Uncaught" not in log, log[-2000:]
    starts = {
        row.get("id", "").removeprefix("row-"): datetime.fromisoformat(
            row.find("td/time").get("datetime", "").replace("Z", "+00:00")  # type: ignore[union-attr]
        )
        for row in by_id(root, "schedule").findall("tbody/tr")
    }
    expected = {sid: glibc_time(start, "Pacific/Chatham") for sid, start in starts.items()}
    assert expected["latam"] == "Wed, 4 May 2022, 11:45 (GMT+12:45) +1 day"
    assert your_times(root) == expected
    header = by_id(root, "schedule").find("thead/tr")[3]  # type: ignore[index]
    assert text_of(header) == "Your time (Pacific/Chatham)"
    picker = by_id(root, "zone-picker")
    names = [option.get("value") for option in picker.findall("option")]
    assert "Pacific/Chatham" in names and "Asia/Kolkata" in names and len(names) > 300
    # Spelt otherwise (or by an old name), it is named as tzdata names it today.
    root, _ = load(site, "America/Sao_Paulo", fragment="#tz=asia/calcutta")
    assert text_of(by_id(root, "schedule").find("thead/tr")[3]) == "Your time (Asia/Kolkata)"  # type: ignore[index]
    # An unknown zone in the address leaves the device's zone.
    root, _ = load(site, "America/Sao_Paulo", fragment="#tz=Mars/Olympus")
    assert your_times(root)["asia"] == "Mon, 16 May 2022, 09:00 (GMT-03:00)"


# Counts every change to the countdown after the page's first fill.
OBSERVE = """(function () {
  var countdown = document.getElementById("countdown"), changes = 0;
  new MutationObserver(function (records) {
    changes += records.length;
    countdown.setAttribute("data-changes", String(changes));
  }).observe(countdown, { childList: true, characterData: true, subtree: true });
  countdown.setAttribute("data-changes", "0");
})();"""


def test_the_countdown_is_rewritten_only_when_it_changes(site: Path) -> None:
    """Its live region may be announced on every change: with the clock standing still, the
    15-second ticks (a minute of virtual time) leave it untouched."""
    page = with_scripts(site, first=clock("2022-05-01T00:00:30Z"), last=OBSERVE)
    root, _ = load(page, "Asia/Kolkata", flags=("--virtual-time-budget=61000",))
    countdown = by_id(root, "countdown")
    assert text_of(countdown).startswith(
        "Next: the Latin America & Caribbean session, in 2 days, 23 hours"
    )
    assert countdown.get("data-changes") == "0"


# Where the sign and the first digit of each day marker ("+1 يوم") are drawn.
SIGN_AND_DIGIT = """
  return Array.prototype.map.call(document.querySelectorAll(".shift"), function (marker) {
    var text = marker.firstChild;
    function left(i) {
      var range = document.createRange();
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      return range.getBoundingClientRect().left;
    }
    return [left(text.data.search(/[+-]/)), left(text.data.search(/[0-9]/))];
  });
"""


def test_the_arabic_day_marker_shows_its_sign_before_the_number(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """In right-to-left text "+1 يوم" without a mark draws as "1+ يوم"."""
    assert run("publish", "html", "--out", "site", "--now", NOW, "--lang", "ar").exit_code == 0
    with webdriver("America/Sao_Paulo", width=390) as call:
        url = (tmp_path / "site" / "index.html").as_uri() + "#tz=Pacific/Chatham"
        call("POST", "/url", {"url": url})
        positions = call("POST", "/execute/sync", {"script": SIGN_AND_DIGIT, "args": []})
    assert isinstance(positions, list) and len(positions) >= 8  # every Chatham time is +1 day
    for sign, digit in positions:
        assert sign < digit, "drawn as 1+"


PICK = """
  var picker = document.getElementById("zone-picker"), device = picker.value;
  picker.value = "Asia/Kathmandu";
  picker.dispatchEvent(new Event("change"));
  return [device, window.location.hash, picker.parentNode.hidden,
          document.querySelector("#row-asia [data-your-time]").textContent];
"""


def test_choosing_a_zone_on_the_page_keeps_it_in_the_address(site: Path) -> None:
    with webdriver("Asia/Kolkata", width=390) as call:
        call("POST", "/url", {"url": site.as_uri()})
        device, fragment, hidden, asia = call(  # type: ignore[misc]
            "POST", "/execute/sync", {"script": PICK, "args": []}
        )
    assert device == "Asia/Kolkata"  # the device's zone by default (Chromium: Asia/Calcutta)
    assert fragment == "#tz=Asia/Kathmandu" and hidden is False
    assert asia == "Mon, 16 May 2022, 17:45 (GMT+05:45)"


@pytest.mark.parametrize(
    ("lang", "offset"),
    [
        ("fr", "UTC\u221204:00"),  # CLDR's French minus sign, U+2212
        ("id", "GMT-04.00"),  # Indonesian separates hours and minutes with a dot
        ("en", "GMT-04:00"),
    ],
)
def test_the_scripts_offsets_are_written_as_the_static_text_writes_them(  # type: ignore[no-untyped-def]
    run, tmp_path, lang: str, offset: str
) -> None:
    """Seen from Santiago, the script's "Your time" for the latam session and the static anchor
    time (rendered by wmhr in Python) name the same offset the same way."""
    result = run("publish", "html", "--out", "site", "--now", NOW, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    root, log = load(tmp_path / "site" / "index.html", "America/Santiago")
    assert "Uncaught" not in log, log[-2000:]
    row = by_id(root, "row-latam")
    static, scripted = text_of(row[2]), text_of(row[3])
    assert offset in static, static
    assert f"({offset})" in scripted, scripted
