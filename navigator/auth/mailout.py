"""Email to staff about their own account (an invitation, a password reset link), sent
the way ``NAVIGATOR_NOTIFIER`` says, as ``workflow.notify`` sends its messages (auth is
a leaf and may not use it):

- ``log``: one file per message in ``NAVIGATOR_OUTBOX_DIR``, readable by its owner only;
- ``smtp``: through the mail server of ``NAVIGATOR_SMTP_*``;
- ``off``: nothing is sent (``send`` says so by returning False).

Neither the address nor the message (which holds a one-time link) is ever written to the
application log: only the kind of message and the outcome.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
import uuid
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

log = logging.getLogger(__name__)


def can_send() -> bool:
    return current_app.config.get("NAVIGATOR_NOTIFIER", "log") in ("log", "smtp")


def send(to: str, subject: str, body: str, kind: str) -> bool:
    """Email ``to``; False when sending is off or the mail server refused (``kind``, say
    "invite", is all the log learns)."""
    backend = current_app.config.get("NAVIGATOR_NOTIFIER", "log")
    try:
        if backend == "log":
            _write_outbox(to, subject, body)
        elif backend == "smtp":
            _send_smtp(to, subject, body)
        else:
            return False
    except (smtplib.SMTPException, OSError) as error:
        log.warning("account email not sent: kind=%s backend=%s error=%s", kind, backend,
                    type(error).__name__)
        return False
    log.info("account email sent: kind=%s backend=%s", kind, backend)
    return True


def send_link(to: str, link: str, purpose: str) -> bool:
    """Email the one-time ``link`` of an invitation (``purpose`` "invite") or of a
    password reset ("reset") to ``to``; whether it was sent."""
    if purpose == "invite":
        subject = _("Your Durham Navigator account")
        body = _("An administrator made you a Durham Navigator staff account. Choose your "
                 "password here within 48 hours; the link works once:\n\n%(link)s",
                 link=link)
    else:
        subject = _("Set a new Durham Navigator password")
        body = _("Someone asked to set a new password for your Durham Navigator account. "
                 "If it was you, choose it here within 48 hours; the link works once:"
                 "\n\n%(link)s\n\nIf it was not you, ignore this email: your password "
                 "stays as it is.", link=link)
    return send(to, subject, body, purpose)


def _write_outbox(to: str, subject: str, body: str) -> Path:
    folder = Path(current_app.config["NAVIGATOR_OUTBOX_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    path = folder / f"{stamp}-email-{uuid.uuid4().hex[:12]}.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(f"Channel: email\nTo: {to}\nSubject: {subject}\n\n{body}")
    return path


def _send_smtp(to: str, subject: str, body: str) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["NAVIGATOR_SMTP_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(config["NAVIGATOR_SMTP_HOST"],
                      int(config.get("NAVIGATOR_SMTP_PORT") or 25), timeout=15) as server:
        if config.get("NAVIGATOR_SMTP_TLS"):
            server.starttls(context=ssl.create_default_context(
                cafile=config.get("NAVIGATOR_SMTP_CA_FILE") or None))
        if config.get("NAVIGATOR_SMTP_USER"):
            server.login(config["NAVIGATOR_SMTP_USER"],
                         config.get("NAVIGATOR_SMTP_PASSWORD") or "")
        server.send_message(message)
