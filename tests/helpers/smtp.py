"""A real SMTP server for tests: aiosmtpd in its own process, storing what it receives in a Maildir."""

from __future__ import annotations

import email
import email.policy
import email.utils
import mailbox
from pathlib import Path


def subject(message) -> str:
    """The decoded subject (a folded RFC 2047 header may decode with a leading space)."""
    return " ".join(str(message["Subject"]).split())


class SmtpServer:
    def __init__(self, maildir: Path, port: int):
        self.maildir, self.port = maildir, port

    def messages(self) -> list[email.message.EmailMessage]:
        box = mailbox.Maildir(self.maildir, factory=None, create=True)
        out = [
            email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
            for key in box.keys()
        ]
        return sorted(out, key=lambda m: email.utils.parsedate_to_datetime(m["Date"]))

    def received(self, subject_start: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages() if subject(m).startswith(subject_start)]
