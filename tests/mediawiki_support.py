"""A throwaway MediaWiki for the tests: Debian's `mediawiki` (1.39 LTS) with sqlite, installed
with maintenance/install.php into a temporary folder, served by `php -S` on 127.0.0.1.

Two accounts with bot passwords: the administrator (who may create pages) and a second user,
because MediaWiki reports no edit conflict between two edits by the same user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

MEDIAWIKI = Path("/usr/share/mediawiki")
# Bot passwords must look like the ones MediaWiki generates (32 characters from 0-9a-w) to be
# taken as bot passwords at login.
ADMIN = ("Admin", "wmhr", "0123456789abcdefghijklmnopqrstuv")
OTHER = ("Other", "wmhr", "vutsrqponmlkjihgfedcba9876543210")
# For the error tests: one account the administrator blocks, one allowed a single edit an hour.
BLOCKED = ("Blocked", "wmhr", "0123456789abcdefghijklmnopqrstuw")
LIMITED = ("Limited", "wmhr", "0123456789abcdefghijklmnopqrstuu")


@dataclass(frozen=True)
class Wiki:
    api: str
    folder: Path

    @staticmethod
    def login(who: tuple[str, str, str]) -> tuple[str, str]:
        """(WMHR_WIKI_USER, WMHR_WIKI_PASSWORD) for one of the accounts."""
        return f"{who[0]}@{who[1]}", who[2]

    def site(self, who: tuple[str, str, str] = ADMIN):  # type: ignore[no-untyped-def]
        from wmhr.publishing.wiki_api import WikiSite

        site = WikiSite(self.api)
        site.login(*self.login(who))
        return site

    def put(self, title: str, text: str, who: tuple[str, str, str] = ADMIN) -> None:
        """Create or replace a page, as an editor would by hand."""
        self.site(who).site.pages[title].edit(text, summary="test setup")

    def text(self, title: str) -> str:
        from wmhr.publishing.wiki_api import WikiSite

        return WikiSite(self.api).read(title).text

    def revisions(self, title: str) -> int:
        from wmhr.publishing.wiki_api import WikiSite

        answer = WikiSite(self.api).site.get(
            "query", prop="revisions", titles=title, rvlimit=50, rvprop="ids"
        )
        page = next(iter(answer["query"]["pages"].values()))
        return len(page["revisions"])


def require_mediawiki() -> None:
    if shutil.which("php") and (MEDIAWIKI / "maintenance" / "install.php").exists():
        return
    message = "Debian's mediawiki and php-sqlite3 are not installed"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {message}: run `bash tests/install-deps`")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _php(folder: Path, script: str, *args: str) -> None:
    env = {**os.environ, "MW_CONFIG_FILE": str(folder / "LocalSettings.php")}
    done = subprocess.run(
        ["php", str(MEDIAWIKI / "maintenance" / script), *args],
        capture_output=True, text=True, env=env, cwd=folder, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"{script} failed: {done.stdout[-2000:]}{done.stderr[-2000:]}"


def _bot_password(folder: Path, account: tuple[str, str, str], grants: str) -> None:
    name, app, password = account
    _php(folder, "createBotPassword.php", "--appid", app, "--grants", grants, name, password)


@contextmanager
def running_wiki(folder: Path) -> Iterator[Wiki]:
    require_mediawiki()
    port = _free_port()
    server = f"http://127.0.0.1:{port}"
    _php(
        folder, "install.php", "--dbtype", "sqlite", "--dbpath", str(folder / "data"),
        "--dbname", "wiki", "--server", server, "--scriptpath", "", "--confpath", str(folder),
        "--pass", "admin-password-for-tests", "--lang", "en", "Test Wiki", ADMIN[0],
    )  # fmt: skip
    with (folder / "LocalSettings.php").open("a", encoding="utf-8") as settings:
        # Jobs would run inside the single-threaded test server's requests: run none.
        settings.write("\n$wgJobRunRate = 0;\n")
        # Rate limits count in the object cache, which install.php leaves off (CACHE_NONE).
        # Only Limited is limited (one edit an hour): the others keep `noratelimit`, which a
        # bot password passes on with the grant `highvolume`.
        settings.write(
            "$wgMainCacheType = CACHE_DB;\n"
            "$wgRateLimits['edit']['user'] = [1, 3600];\n"
            "$wgGroupPermissions['user']['noratelimit'] = true;\n"
            "$wgGroupPermissions['limited']['read'] = true;\n"
            "$wgRevokePermissions['limited']['noratelimit'] = true;\n"
        )
    grants = "basic,editpage,createeditmovepage,highvolume"
    # The administrator may also protect pages and block users (for the error tests).
    _bot_password(folder, ADMIN, f"{grants},protect,blockusers")
    for account, groups in ((OTHER, ""), (BLOCKED, ""), (LIMITED, "limited")):
        extra = ["--custom-groups", groups] if groups else []
        _php(folder, "createAndPromote.php", *extra, account[0], f"{account[0]}-password-for-tests")
        _bot_password(folder, account, grants)
    env = {**os.environ, "MW_CONFIG_FILE": str(folder / "LocalSettings.php")}
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        ["php", "-S", f"127.0.0.1:{port}", "-t", str(MEDIAWIKI)],
        env=env, cwd=folder, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_for(f"{server}/api.php?action=query&format=json", process)
        yield Wiki(api=f"{server}/api.php", folder=folder)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "php -S exited"
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"MediaWiki did not answer at {url}")
