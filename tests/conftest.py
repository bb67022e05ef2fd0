from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wmhr.cli import app
from wmhr.schedule.model import Schedule, load

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "wmhr" / "data" / "sessions.toml"
MAY_1 = datetime(2022, 5, 1, tzinfo=UTC)
# The requests store as the first wmhr created it, for the tests that upgrade it.
V1_SCHEMA = """
CREATE TABLE schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL);
INSERT INTO schema_version VALUES ('requests', 1);
CREATE TABLE request (
    id INTEGER PRIMARY KEY, session TEXT NOT NULL, language TEXT NOT NULL,
    requester TEXT NOT NULL, received TEXT NOT NULL, note TEXT, source TEXT NOT NULL,
    UNIQUE (session, language, requester)
);
CREATE INDEX request_tally ON request (session, language, received);
CREATE TABLE request_key (id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL);
"""


@pytest.fixture
def schedule() -> Schedule:
    return load(BUNDLED)


def bundled_text() -> str:
    return BUNDLED.read_text("utf-8")


@pytest.fixture
def schedule_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a variant of the bundled schedule: `schedule_file(("old", "new"), ...)` -> its path."""

    def write(*replacements: tuple[str, str], text: str | None = None) -> Path:
        content = bundled_text() if text is None else text
        for old, new in replacements:
            assert old in content, f"{old!r} is not in the schedule"
            content = content.replace(old, new, 1)
        path = tmp_path / "variant.toml"
        path.write_text(content, "utf-8")
        return path

    return write


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """No test sees the developer's environment, folder or databases."""
    for name in ("WMHR_SESSIONS", "WMHR_DB", "WMHR_KEY", "TZ"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    yield tmp_path


@pytest.fixture(autouse=True)
def key_path(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has its own requester key, created on first use inside its tmp_path."""
    path = isolated / "config" / "requests.key"
    monkeypatch.setenv("WMHR_KEY", str(path))
    return path


class Run:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return self.runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def run() -> Run:
    return Run()


@pytest.fixture(scope="session")
def mediawiki(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A throwaway MediaWiki 1.39 on 127.0.0.1 for the session (tests/mediawiki_support.py);
    skipped when it is not installed, failed under CI."""
    from mediawiki_support import running_wiki

    with running_wiki(tmp_path_factory.mktemp("mediawiki")) as wiki:
        yield wiki


@pytest.fixture(scope="session")
def dovecot():  # type: ignore[no-untyped-def]
    """A real Dovecot IMAP server on 127.0.0.1 for the whole run (tests/dovecot_support.py)."""
    from dovecot_support import running_dovecot

    with running_dovecot() as server:
        yield server


@pytest.fixture(scope="session")
def dovecot_named_elsewhere():  # type: ignore[no-untyped-def]
    """A second Dovecot on 127.0.0.1 whose certificate names only mail.example.org: trusted once
    SSL_CERT_FILE points at it, but not the certificate of the host wmhr connects to."""
    from dovecot_support import running_dovecot

    with running_dovecot(("DNS:mail.example.org",)) as server:
        yield server
