"""A real Dovecot IMAP server on 127.0.0.1 for the tests, in its own temporary folder.

Started with its own configuration, a passwd-file and an unprivileged mail user (as root: the
mail files belong to `nobody`, Dovecot's processes to `dovecot`/`dovenull`, since its login
process refuses to run as root; as another user: everything runs as that user). Stopped by its
PID. Each test gets its own account, so mailboxes never mix.
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import count
from pathlib import Path

import pytest

PASSWORD = "not-a-real-secret"
ACCOUNTS = 50
CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={root}/mail/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  mailbox Drafts {{
    special_use = \\Drafts
    auto = create
  }}
}}
"""


def dovecot_program() -> str:
    found = shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot",) if Path(p).exists()), None
    )
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but Dovecot is not installed: run `bash tests/install-deps`")
        pytest.skip("Dovecot (dovecot-imapd) is not installed")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Dovecot:
    root: Path
    port: int
    process: subprocess.Popen[bytes]
    accounts: Iterator[int]

    def new_account(self) -> str:
        """A fresh login with an empty INBOX (and Drafts)."""
        number = next(self.accounts)
        assert number <= ACCOUNTS, "raise ACCOUNTS in tests/dovecot_support.py"
        return f"organizer{number}"

    def url(self, user: str, mailbox: str = "INBOX") -> str:
        return f"imap://{user}@127.0.0.1:{self.port}/{mailbox}"

    @contextlib.contextmanager
    def client(self, user: str) -> Iterator[imaplib.IMAP4]:
        connection = imaplib.IMAP4("127.0.0.1", self.port, timeout=30)
        connection.login(user, PASSWORD)
        try:
            yield connection
        finally:
            connection.logout()

    def append(self, user: str, raw: bytes, when: datetime, mailbox: str = "INBOX") -> None:
        """Deliver `raw` as the server would have received it at `when` (its INTERNALDATE)."""
        with self.client(user) as connection:
            status, data = connection.append(mailbox, "", imaplib.Time2Internaldate(when), raw)
            assert status == "OK", data

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text("utf-8", "replace") if path.exists() else ""


def _users() -> dict[str, str]:
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid()).pw_name
        return {"internal": me, "login": me, "mail_user": me, "mail_group": str(os.getegid())}
    nobody = pwd.getpwnam("nobody")
    return {
        "internal": "dovecot",
        "login": "dovenull",
        "mail_user": str(nobody.pw_uid),
        "mail_group": str(nobody.pw_gid),
    }


@contextlib.contextmanager
def running_dovecot() -> Iterator[Dovecot]:
    program = dovecot_program()
    # Not under pytest's tmp_path: its folders are mode 0700, which the mail user cannot enter.
    root = Path(tempfile.mkdtemp(prefix="wmhr-dovecot-"))
    root.chmod(0o755)
    users = _users()
    for folder in ("run", "state", "mail"):
        (root / folder).mkdir()
    if os.geteuid() == 0:
        os.chown(root / "mail", int(users["mail_user"]), int(users["mail_group"]))
    # All accounts made up front: Dovecot may not notice a passwd-file changed within a second.
    (root / "passwd").write_text(
        "".join(f"organizer{n}:{{PLAIN}}{PASSWORD}\n" for n in range(1, ACCOUNTS + 1))
    )
    (root / "passwd").chmod(0o644)
    port = free_port()
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(root=root, port=port, **users))
    process = subprocess.Popen(
        [program, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    server = Dovecot(root, port, process, count(1))
    try:
        _wait_for(server)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)


def _wait_for(server: Dovecot) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            stderr = server.process.stderr.read().decode() if server.process.stderr else ""
            pytest.fail(f"Dovecot did not start: {stderr}{server.log()}")
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", server.port), timeout=1),
        ):
            return
        time.sleep(0.1)
    pytest.fail(f"Dovecot did not listen on port {server.port}: {server.log()}")
