"""Handing one email to the mail server of ``NAVIGATOR_SMTP_*`` (STARTTLS when
``NAVIGATOR_SMTP_TLS``, the certificate checked against the system's CAs or
``NAVIGATOR_SMTP_CA_FILE``). Only the outbox (``navigator.outbox``) sends: the workflow's
notices and the emails staff get about their own account are written to it.

Callers decide what a failure means and what the log may say: never the address nor the
message.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app


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
