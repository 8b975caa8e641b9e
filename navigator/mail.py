"""Sending one message, the way ``NAVIGATOR_NOTIFIER`` says: shared by the workflow's
notices and by the emails staff get about their own account.

- ``write_outbox``: one file per message in ``NAVIGATOR_OUTBOX_DIR``, readable by its
  owner only (the ``log`` notifier, for development and for a relay that reads files);
- ``send_email``: through the mail server of ``NAVIGATOR_SMTP_*`` (STARTTLS when
  ``NAVIGATOR_SMTP_TLS``, the certificate checked against the system's CAs or
  ``NAVIGATOR_SMTP_CA_FILE``).

Callers decide what a failure means to the person and what the log may say: never the
address nor the message.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import uuid
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path

from flask import current_app


def write_outbox(channel: str, to: str, subject: str, body: str) -> Path:
    folder = Path(current_app.config["NAVIGATOR_OUTBOX_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    # To the microsecond: the folder's files sort in the order they were written.
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%f")
    path = folder / f"{stamp}-{channel}-{uuid.uuid4().hex[:12]}.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(f"Channel: {channel}\nTo: {to}\nSubject: {subject}\n\n{body}")
    return path


def smtp_ready() -> bool:
    """Whether a mail server and a sender are set up."""
    config = current_app.config
    return bool(config.get("NAVIGATOR_SMTP_HOST") and config.get("NAVIGATOR_SMTP_FROM"))


def send_email(to: str, subject: str, body: str) -> None:
    """Hand the email to the mail server; raises ``smtplib.SMTPException`` or ``OSError``
    when it does not take it (their text may hold the address: not for the log)."""
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["NAVIGATOR_SMTP_FROM"]
    email["To"] = to
    email["Subject"] = subject
    email.set_content(body)
    with smtplib.SMTP(config["NAVIGATOR_SMTP_HOST"],
                      int(config.get("NAVIGATOR_SMTP_PORT") or 25), timeout=15) as server:
        if config.get("NAVIGATOR_SMTP_TLS"):
            server.starttls(context=ssl.create_default_context(
                cafile=config.get("NAVIGATOR_SMTP_CA_FILE") or None))
        if config.get("NAVIGATOR_SMTP_USER"):
            server.login(config["NAVIGATOR_SMTP_USER"],
                         config.get("NAVIGATOR_SMTP_PASSWORD") or "")
        server.send_message(email)
