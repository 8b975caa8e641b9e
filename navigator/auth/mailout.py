"""Email to staff about their own account (an invitation, a password reset link), written
to the outbox (``navigator.outbox``) in the transaction that issues the link, the way
``NAVIGATOR_NOTIFIER`` says:

- ``log``: kept in the outbox only (development; ``flask mail show`` prints it);
- ``smtp``: sent by the outbox through the mail server of ``NAVIGATOR_SMTP_*``, tried
  again while it refuses (not set up: not written);
- ``off``: nothing is written (``send`` says so by returning None).

Neither the address nor the message (which holds a one-time link) is ever written to the
application log: only the kind of message and the outcome.
"""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import gettext as _

from navigator import mail, outbox

log = logging.getLogger(__name__)


def can_send() -> bool:
    return current_app.config.get("NAVIGATOR_NOTIFIER", "log") in ("log", "smtp")


def send(to: str, subject: str, body: str, kind: str) -> outbox.OutboxMessage | None:
    """Write an email to ``to`` to the outbox (the caller commits); None when sending is
    off or no mail server is set up (``kind``, say "invite", is all the log learns)."""
    backend = current_app.config.get("NAVIGATOR_NOTIFIER", "log")
    if backend == "log":
        row = outbox.enqueue(kind, "email", to, subject, body, keep=True)
    elif backend == "smtp" and mail.smtp_ready():
        row = outbox.enqueue(kind, "email", to, subject, body)
    else:
        return None
    log.info("account email queued: kind=%s backend=%s", kind, backend)
    return row


def delivered(row: outbox.OutboxMessage | None) -> bool:
    """After the commit: whether the email ``send`` wrote reached its end now: kept in
    the development outbox, or taken by the mail server (tried at once). False when
    nothing was written or the server refused it for now (the outbox tries again)."""
    if row is None:
        return False
    if row.status == "kept":
        return True
    return outbox.send_now([row]).get(row.id) == "sent"


def send_link(to: str, link: str, purpose: str,
              organization: str | None = None) -> outbox.OutboxMessage | None:
    """Write the email of the one-time ``link`` of an invitation (``purpose`` "invite";
    from a colleague at ``organization`` when it is named) or of a password reset
    ("reset") to ``to``, to the outbox in the caller's transaction (``send``)."""
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
