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


def connect() -> smtplib.SMTP:
    """A connection to the mail server, secured and signed in, to send one message or
    many; raises ``smtplib.SMTPException`` or ``OSError`` when the server cannot be
    reached or refuses (the caller closes it: ``disconnect``)."""
    config = current_app.config
    server = smtplib.SMTP(config["NAVIGATOR_SMTP_HOST"],
                          int(config.get("NAVIGATOR_SMTP_PORT") or 25), timeout=15)
    try:
        if config.get("NAVIGATOR_SMTP_TLS"):
            server.starttls(context=ssl.create_default_context(
                cafile=config.get("NAVIGATOR_SMTP_CA_FILE") or None))
        if config.get("NAVIGATOR_SMTP_USER"):
            server.login(config["NAVIGATOR_SMTP_USER"],
                         config.get("NAVIGATOR_SMTP_PASSWORD") or "")
    except BaseException:
        disconnect(server)
        raise
    return server


def disconnect(server: smtplib.SMTP | None) -> None:
    """Say goodbye to the mail server if it still listens, and close the connection."""
    if server is None:
        return
    try:
        server.quit()
    except (smtplib.SMTPException, OSError):
        pass
    finally:
        server.close()


def send_email(to: str, subject: str, body: str, server: smtplib.SMTP | None = None) -> None:
    """Hand the email to the mail server (through ``server``, an open ``connect()``ion,
    or a connection of its own); raises ``smtplib.SMTPException`` or ``OSError`` when it
    does not take it (their text may hold the address: not for the log)."""
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["NAVIGATOR_SMTP_FROM"]
    email["To"] = to
    email["Subject"] = subject
    email.set_content(body)
    if server is not None:
        server.send_message(email)
        return
    own = connect()
    try:
        own.send_message(email)
    finally:
        disconnect(own)
