"""Subscribing with vdirsyncer (an http feed synced into a vdir, as khal users do) keeps every
event of series.ics and deadlines.ics (pimutils/vdirsyncer#1222: a calendar-level UID first in
the text became every event's id, and the four sessions collapsed into one).

vdirsyncer's `http` storage replaces every event's UID with a hash of its content, by design
(`HttpStorage._ignore_uids` in vdirsyncer 0.21, not configurable), so over http the events are
matched by what they say; the same files synced through its `singlefile` storage keep our UIDs.

The feeds are served from 127.0.0.1 on an ephemeral port by http.server in a thread; vdirsyncer
runs as its own CLI with a config in tmp_path. Skipped when vdirsyncer is not installed, failed
instead when CI is set.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import icalendar
import pytest
from ics_support import BUNDLED_TEXT, T0, write_schedule


def _need_vdirsyncer() -> None:
    if importlib.util.find_spec("vdirsyncer") is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but vdirsyncer is not installed (pip install --group test)")
        pytest.skip("vdirsyncer is not installed")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def serve() -> Iterator[functools.partial[str]]:
    servers: list[ThreadingHTTPServer] = []

    def start(folder: Path, name: str) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}/{name}"

    yield functools.partial(start)
    for server in servers:
        server.shutdown()
        server.server_close()


def _vdirsyncer(config: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["NO_PROXY"] = "127.0.0.1"
    completed = subprocess.run(
        [sys.executable, "-m", "vdirsyncer", "-c", str(config), *args],
        capture_output=True,
        text=True,
        env=env,
        input="",
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


FEEDS = ("series.ics", "deadlines.ics")


def _storage(name: str, kind: str, where: str) -> str:
    key = "url" if kind == "http" else "path"
    return f'[storage {name}]\ntype = "{kind}"\n{key} = "{where}"\n'


def _sync(tmp_path: Path, sources: dict[str, tuple[str, str]]) -> dict[str, list[icalendar.Event]]:
    """Sync each source (name -> storage type, url or path) into its own vdir; read them back."""
    sections = [f'[general]\nstatus_path = "{tmp_path / "status"}/"\n']
    for name, (kind, where) in sources.items():
        vdir = tmp_path / "vdir" / name
        vdir.mkdir(parents=True)
        sections += [
            f'[pair {name}]\na = "{name}_feed"\nb = "{name}_vdir"\ncollections = null\n',
            _storage(f"{name}_feed", kind, where),
            _storage(f"{name}_vdir", "filesystem", str(vdir)) + 'fileext = ".ics"\n',
        ]
    config = tmp_path / "vdirsyncer.conf"
    config.write_text("\n".join(sections), "utf-8")
    _vdirsyncer(config, "discover")
    _vdirsyncer(config, "sync")
    synced = {}
    for name in sources:
        items = sorted((tmp_path / "vdir" / name).glob("*.ics"))
        events = [icalendar.Calendar.from_ical(p.read_bytes()).walk("VEVENT") for p in items]
        assert all(len(e) == 1 for e in events), name  # one event per vdir item
        synced[name] = [e[0] for e in events]
    return synced


def _published(path: Path) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")


def _what(event: icalendar.Event) -> tuple[object, ...]:
    return (event.start, str(event["SUMMARY"]), int(event["SEQUENCE"]), str(event["STATUS"]))


def test_vdirsyncer_keeps_every_event_of_the_feeds(run, tmp_path, serve) -> None:
    _need_vdirsyncer()
    write_schedule(tmp_path, BUNDLED_TEXT)
    assert run("ics", "--now", T0, "--organizer-deadlines").exit_code == 0
    invites = tmp_path / "invites"
    sources = {f"http_{f[:-4]}": ("http", serve(invites, f)) for f in FEEDS}
    sources |= {f"file_{f[:-4]}": ("singlefile", str(invites / f)) for f in FEEDS}
    synced = _sync(tmp_path, sources)
    for feed in FEEDS:
        published = _published(invites / feed)
        assert len(published) == 4
        over_http = synced[f"http_{feed[:-4]}"]
        assert sorted(map(_what, over_http)) == sorted(map(_what, published)), feed
        assert len({str(e["UID"]) for e in over_http}) == 4, feed
        from_file = synced[f"file_{feed[:-4]}"]
        assert {str(e["UID"]): _what(e) for e in from_file} == {
            str(e["UID"]): _what(e) for e in published
        }, feed
