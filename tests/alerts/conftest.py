"""A real SMTP server for the alert tests: aiosmtpd in its own process, storing what it receives in a Maildir."""

from __future__ import annotations

import email
import email.policy
import email.utils
import mailbox
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def subject(message) -> str:
    """The decoded subject (a folded RFC 2047 header may decode with a leading space)."""
    return " ".join(str(message["Subject"]).split())


class SmtpServer:
    def __init__(self, maildir: Path, port: int):
        self.maildir, self.port = maildir, port

    def messages(self) -> list[email.message.EmailMessage]:
        box = mailbox.Maildir(self.maildir, factory=None, create=True)
        out = [email.message_from_bytes(box.get_bytes(key), policy=email.policy.default) for key in box.keys()]
        return sorted(out, key=lambda m: email.utils.parsedate_to_datetime(m["Date"]))

    def received(self, subject_start: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages() if subject(m).startswith(subject_start)]


@pytest.fixture
def smtp_server(tmp_path, settings, monkeypatch):
    """Starts `python -m aiosmtpd` on a free port; Django (and a Celery worker started after) sends to it."""
    port = free_port()
    maildir = tmp_path / "maildir"
    log = tmp_path / "smtp.log"
    proc = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                             "-c", "aiosmtpd.handlers.Mailbox", str(maildir)],
                            stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"aiosmtpd did not start:\n{log.read_text()}")
            time.sleep(0.1)
    env = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
           "EMAIL_PORT": str(port), "MAILLAGE_ALERTS_INDEX_LAG": "0"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)  # for the Celery worker process, started after this fixture
    settings.EMAIL_BACKEND = env["EMAIL_BACKEND"]
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.MAILLAGE_ALERTS = {**settings.MAILLAGE_ALERTS, "INDEX_LAG_SECONDS": 0}
    yield SmtpServer(maildir, port)
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def alerts_worker(smtp_server, task_worker):
    """The Celery worker (full mode), started once the SMTP server's address is in its environment."""
    return task_worker
