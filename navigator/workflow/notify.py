"""Messages through the configured backend: the resident's summary by email or text, the
notices to a provider's staff that a referral waits for them or that listings need
confirming, and the notice to a navigator that a provider answered their referral.

Each message is written to the outbox table (``navigator.outbox``) in the database
session of the work that causes it, and committed with it. ``NAVIGATOR_NOTIFIER``:

- ``log`` (the default in development): the message is only kept in the outbox
  (``flask mail show`` prints it), never sent;
- ``smtp``: the outbox sends it through ``NAVIGATOR_SMTP_HOST``/``_PORT`` (STARTTLS when
  ``NAVIGATOR_SMTP_TLS``, the server's certificate verified against the system's CAs or
  ``NAVIGATOR_SMTP_CA_FILE``; ``_USER``/``_PASSWORD`` to sign in; ``_FROM`` as sender),
  trying again while the server refuses; a text goes to the email-to-SMS gateway
  ``NAVIGATOR_SMS_GATEWAY`` ("{number}@sms.example.org") and is refused when there is
  none;
- ``off`` (the default in production): nothing is written, the navigator is told why.

A message says what became of it (``Message.delivered``): only kept in the outbox
(development), queued to be sent, or handed to the mail server (``send_queued``, after
the commit), so that nobody is told "sent" when nothing left the server.

The application log never holds the recipient's address or the message: only the
channel, the backend and the outcome.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale, lazy_gettext as _l
from sqlalchemy import select

from navigator import mail, outbox
from navigator.auth.models import User
from navigator.extensions import db

from . import summary
from .models import Referral, Resident

log = logging.getLogger(__name__)
CHANNELS = ("email", "text")
BACKENDS = ("log", "smtp", "off")


class NotifyError(ValueError):
    """The message was not sent; the message says why (shown to the navigator)."""


#: What a navigator's emailed notice says of each answer: that much, never whom or where.
ANSWERED = {"accepted": _l("A referral you sent was accepted."),
            "declined": _l("A referral you sent was declined."),
            "connected": _l("A referral you sent was marked connected."),
            "not_connected": _l("A referral you sent was marked not connected.")}


@dataclass
class Message:
    channel: str
    to: str
    subject: str
    body: str
    #: What became of it: "outbox" (kept by the log backend, never sent), "queued" (to be
    #: sent by the outbox) or "sent" (the mail server took it).
    delivered: str = ""
    #: Its row in the outbox, once written.
    row: outbox.OutboxMessage | None = None


def recipient(resident: Resident, channel: str) -> str:
    """The resident's address for ``channel``, or NotifyError saying why there is none."""
    if channel not in CHANNELS:
        raise NotifyError(_l("Choose email or text."))
    if resident.preferred_contact == "none":
        raise NotifyError(_l("The resident asked not to be contacted: nothing was sent."))
    if channel == "email":
        if not (resident.email or "").strip():
            raise NotifyError(_l("The resident has no email address: nothing was sent."))
        return resident.email.strip()
    if not re.sub(r"\D", "", resident.phone or ""):
        raise NotifyError(_l("The resident has no phone number: nothing was sent."))
    return resident.phone.strip()


def compose(resident: Resident, channel: str) -> Message:
    to = recipient(resident, channel)
    subject, body = summary.render_text(resident, summary.items(resident))
    return Message(channel=channel, to=to, subject=subject, body=body)


def send_summary(resident: Resident, channel: str) -> Message:
    """Write the resident's summary by ``channel`` ("email" or "text") to the outbox, in
    the caller's transaction; NotifyError if it cannot be sent. Once committed,
    ``send_queued`` tries it at once."""
    message = compose(resident, channel)
    _deliver(message, "summary")
    log.info("summary queued: channel=%s backend=%s", channel, _backend())
    return message


def send_queued(message: Message) -> Message:
    """After the commit: hand a queued ``message`` to the mail server now, so that the
    navigator learns whether it left ("sent"), or it stays "queued" for the outbox's next
    attempts."""
    if message.delivered == "queued" and message.row is not None:
        if outbox.send_now([message.row]).get(message.row.id) == "sent":
            message.delivered = "sent"
    return message


def referral_sent(referral: Referral, link: str) -> int:
    """Tell the staff of the referral's organization that a referral waits for them, by
    email (written to the outbox in the caller's transaction): only that there is one and
    the portal's ``link``, never who it is about (the portal shows what the consent
    allows). Returns how many were told; none when sending is off. NotifyError when
    email is not set up."""
    with force_locale("en"):
        subject = str(_l("A new referral is waiting in Durham Navigator"))
        body = str(_l("A care navigator sent your organization a referral. Sign in to "
                      "answer it: %(link)s", link=link))
    told = _tell_staff(referral.organization_id, subject, body, "referral_sent")
    log.info("referral notice queued: count=%d backend=%s", told, _backend())
    return told


def referral_answered(to: str, kind: str, link: str) -> bool:
    """Tell a navigator (``to``, their address) that a provider answered one of their
    referrals (``kind``: one of ``ANSWERED``) and where to see it (``link``), by email:
    nothing about the resident or the service. False when sending is off; NotifyError
    when email is not set up. Written to the outbox in the caller's transaction."""
    if _backend() == "off":
        return False
    with force_locale("en"):
        subject = str(_l("A provider answered your referral in Durham Navigator"))
        body = str(ANSWERED[kind]) + " " + str(_l(
            "Open Durham Navigator to see it: %(link)s", link=link))
    _deliver(Message(channel="email", to=to, subject=subject, body=body), "referral_answered")
    log.info("referral answer notice queued: kind=%s backend=%s", kind, _backend())
    return True


def stale_listings(organization_id: str, names: list[str], link: str | None) -> int:
    """Tell the organization's staff which of its listings (``names``) have not been
    confirmed lately, and where to confirm them (``link``, the portal, when known).
    Returns how many were told; none when sending is off. NotifyError when email is not
    set up. Written to the outbox in the caller's transaction."""
    with force_locale("en"):
        subject = str(_l("Please check your listings in Durham Navigator"))
        body = str(_l("These listings of your organization have not been confirmed in the "
                      "last six months, so residents are told to call before they go:"))
        body += "\n\n" + "\n".join(f"- {name}" for name in names) + "\n\n"
        if link:
            body += str(_l("Sign in to the provider portal to check them and confirm that "
                           "they are still correct: %(link)s", link=link))
        else:
            body += str(_l("Sign in to the provider portal to check them and confirm that "
                           "they are still correct."))
    told = _tell_staff(organization_id, subject, body, "stale_listings")
    log.info("stale listings notice queued: count=%d backend=%s", told, _backend())
    return told


def _tell_staff(organization_id: str, subject: str, body: str, kind: str) -> int:
    """Email the organization's active provider accounts; how many (0 when off)."""
    if _backend() == "off":
        return 0
    staff = db.session.scalars(select(User).where(
        User.role == "provider", User.active.is_(True),
        User.organization_id == organization_id)).all()
    for person in staff:
        _deliver(Message(channel="email", to=person.email, subject=subject, body=body),
                 kind)
    return len(staff)


def _backend() -> str:
    return current_app.config.get("NAVIGATOR_NOTIFIER", "log")


def _deliver(message: Message, kind: str) -> None:
    """Write ``message`` to the outbox (the caller commits), the way the backend says."""
    backend = _backend()
    if backend == "log":
        message.row = outbox.enqueue(kind, message.channel, message.to, message.subject,
                                     message.body, keep=True)
        message.delivered = "outbox"
    elif backend == "smtp":
        message.row = outbox.enqueue(kind, message.channel, _smtp_address(message),
                                     message.subject, message.body)
        message.delivered = "queued"
    else:
        raise NotifyError(_l("Sending messages is not set up on this server "
                             "(NAVIGATOR_NOTIFIER). Nothing was sent."))


def _smtp_address(message: Message) -> str:
    """Where the mail server is to send ``message``: a text to the email-to-SMS gateway;
    NotifyError when that, or the mail server, is not set up."""
    to = message.to
    if message.channel == "text":
        gateway = current_app.config.get("NAVIGATOR_SMS_GATEWAY")
        if not gateway:
            raise NotifyError(_l("Texts cannot be sent: no email-to-SMS gateway is set up "
                                 "(NAVIGATOR_SMS_GATEWAY). Nothing was sent."))
        to = gateway.format(number=re.sub(r"\D", "", message.to))
    if not mail.smtp_ready():
        raise NotifyError(_l("Email is not set up on this server (NAVIGATOR_SMTP_HOST and "
                             "NAVIGATOR_SMTP_FROM). Nothing was sent."))
    return to
