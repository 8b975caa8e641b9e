"""Email to staff about their own account (an invitation, a password reset link), sent
through ``navigator.mail`` the way ``NAVIGATOR_NOTIFIER`` says:

- ``log``: one file per message in ``NAVIGATOR_OUTBOX_DIR``, readable by its owner only;
- ``smtp``: through the mail server of ``NAVIGATOR_SMTP_*`` (not set up: not sent);
- ``off``: nothing is sent (``send`` says so by returning False).

Neither the address nor the message (which holds a one-time link) is ever written to the
application log: only the kind of message and the outcome.
"""

from __future__ import annotations

import logging
import smtplib

from flask import current_app
from flask_babel import gettext as _

from navigator import mail

log = logging.getLogger(__name__)


def can_send() -> bool:
    return current_app.config.get("NAVIGATOR_NOTIFIER", "log") in ("log", "smtp")


def send(to: str, subject: str, body: str, kind: str) -> bool:
    """Email ``to``; False when sending is off or the mail server refused (``kind``, say
    "invite", is all the log learns)."""
    backend = current_app.config.get("NAVIGATOR_NOTIFIER", "log")
    try:
        if backend == "log":
            mail.write_outbox("email", to, subject, body)
        elif backend == "smtp" and mail.smtp_ready():
            mail.send_email(to, subject, body)
        else:
            return False
    except (smtplib.SMTPException, OSError) as error:
        log.warning("account email not sent: kind=%s backend=%s error=%s", kind, backend,
                    type(error).__name__)
        return False
    log.info("account email sent: kind=%s backend=%s", kind, backend)
    return True


def send_link(to: str, link: str, purpose: str, organization: str | None = None) -> bool:
    """Email the one-time ``link`` of an invitation (``purpose`` "invite"; from a
    colleague at ``organization`` when it is named) or of a password reset ("reset") to
    ``to``; whether it was sent."""
    if purpose == "invite" and organization:
        subject = _("Your Durham Navigator account")
        body = _("A colleague at %(organization)s invited you to keep its listings and "
                 "answer its referrals on Durham Navigator. Choose your password here "
                 "within 48 hours; the link works once:\n\n%(link)s\n\nIf you do not "
                 "work there, ignore this email: nobody can use the account without the "
                 "password you would choose.",
                 organization=organization, link=link)
    elif purpose == "invite":
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
