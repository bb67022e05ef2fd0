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
ssl = yes
ssl_cert = <{root}/tls/cert.pem
ssl_key = <{root}/tls/key.pem
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
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
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


def openssl_program() -> str:
    found = shutil.which("openssl")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but openssl is not installed: run `bash tests/install-deps`")
        pytest.skip("openssl is not installed")
    return found


LOCAL_NAMES = ("IP:127.0.0.1", "DNS:localhost")


def self_signed_certificate(
    folder: Path, name: str, names: tuple[str, ...] = LOCAL_NAMES
) -> tuple[Path, Path]:
    """A throwaway certificate for `names` (by default 127.0.0.1 and localhost, where the test
    servers listen), and its key, made by the openssl command line; `name`.pem is the
    certificate a client may be told to trust."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / f"{name}.pem", folder / f"{name}-key.pem"
    subprocess.run(
        [
            openssl_program(),
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "2", "-subj", "/CN=wmhr test IMAP server",
            "-addext", "subjectAltName=" + ",".join(names),
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass
class Dovecot:
    root: Path
    port: int
    tls_port: int  # imaps: TLS from the first byte, with the certificate `trusted` names
    process: subprocess.Popen[bytes]
    accounts: Iterator[int]

    @property
    def trusted(self) -> Path:
        """The server's certificate, for SSL_CERT_FILE: what a client that trusts it sets."""
        return self.root / "tls" / "cert.pem"

    def new_account(self) -> str:
        """A fresh login with an empty INBOX (and Drafts)."""
        number = next(self.accounts)
        assert number <= ACCOUNTS, "raise ACCOUNTS in tests/dovecot_support.py"
        return f"organizer{number}"

    def url(self, user: str, mailbox: str = "INBOX") -> str:
        return f"imap://{user}@127.0.0.1:{self.port}/{mailbox}"

    def tls_url(self, user: str, mailbox: str = "INBOX") -> str:
        return f"imaps://{user}@127.0.0.1:{self.tls_port}/{mailbox}"

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
def running_dovecot(certificate_names: tuple[str, ...] = LOCAL_NAMES) -> Iterator[Dovecot]:
    """A server on 127.0.0.1 whose TLS certificate names `certificate_names` (another host's
    names make a certificate that is trusted but not the address's)."""
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
    self_signed_certificate(root / "tls", "cert", certificate_names)
    (root / "tls" / "cert-key.pem").rename(root / "tls" / "key.pem")
    port, tls_port = free_port(), free_port()
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(root=root, port=port, tls_port=tls_port, **users))
    process = subprocess.Popen(
        [program, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    server = Dovecot(root, port, tls_port, process, count(1))
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
        with contextlib.suppress(OSError):
            for port in (server.port, server.tls_port):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        time.sleep(0.1)
    pytest.fail(f"Dovecot did not listen on port {server.port}: {server.log()}")
