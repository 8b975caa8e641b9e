"""Writing messages to the outbox, and sending them: each by one worker, retried with
backoff while the mail server refuses, never lost.

A worker *claims* due messages with one conditional ``UPDATE`` (on PostgreSQL its rows
picked with ``FOR UPDATE SKIP LOCKED``, so workers do not even wait on each other): a
message is ``sending`` for ``LEASE`` under its claim, and only the worker whose update
changed the row sends it. A worker that dies with a claim leaves the message to be
claimed again once the lease has run out: such a message may go twice, but none is
lost. Each failure counts an attempt and waits twice as long as the last before the next
(from ``NAVIGATOR_MAIL_RETRY_SECONDS``, at most ``MAX_WAIT``); after
``NAVIGATOR_MAIL_ATTEMPTS`` the message is ``failed``, for an admin to see and send
again. Sent messages lose their recipient and body, and are deleted after ``KEEP_SENT``.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, g, has_app_context
from sqlalchemy import and_, delete, exists, func, or_, select, update

from navigator import mail
from navigator.directory.models.base import utcnow
from navigator.extensions import db

from .models import OutboxMessage as Message

log = logging.getLogger(__name__)
#: How long a claim holds: far longer than sending one message takes (``mail`` gives the
#: server 15 s).
LEASE = timedelta(minutes=5)
#: A message is sent only while its claim holds at least this long: the longest a mail
#: server may take (``mail`` gives it 15 s), and then some.
CLAIM_MARGIN = timedelta(seconds=30)
MAX_WAIT = timedelta(hours=6)
KEEP_SENT = timedelta(days=7)
#: Set on ``flask.g`` when a request wrote a message to be sent (``drain``).
QUEUED = "outbox_queued"


@dataclass
class Sent:
    sent: int = 0
    retry: int = 0
    failed: int = 0


def enqueue(kind: str, channel: str, to: str, subject: str, body: str, *,
            keep: bool = False) -> Message:
    """A message added to the database session, to be committed with the work that
    causes it; ``keep``: only written to the outbox (the ``log`` notifier), never sent."""
    row = Message(kind=kind, channel=channel, recipient=to, subject=subject, body=body,
                  status="kept" if keep else "pending", attempts=0, created_at=utcnow(),
                  next_attempt_at=None if keep else utcnow())
    db.session.add(row)
    if not keep and has_app_context():
        setattr(g, QUEUED, True)
    return row


def can_send() -> bool:
    """Whether this server sends the outbox's messages (``NAVIGATOR_NOTIFIER=smtp`` with
    a mail server and a sender)."""
    return current_app.config.get("NAVIGATOR_NOTIFIER") == "smtp" and mail.smtp_ready()


def _claimable(now: datetime):
    return or_(and_(Message.status == "pending", Message.next_attempt_at <= now),
               and_(Message.status == "sending", Message.claimed_until < now))


def is_due(now: datetime | None = None) -> bool:
    return bool(db.session.scalar(select(exists().where(_claimable(now or utcnow())))))


def claim(limit: int = 20, ids: list[int] | None = None) -> list[int]:
    """Claim up to ``limit`` due messages (of ``ids`` only, when given) for this worker,
    in a transaction of its own; the ids this worker won."""
    now = utcnow()
    pick = select(Message.id).where(_claimable(now)).order_by(Message.id).limit(limit)
    if ids is not None:
        pick = pick.where(Message.id.in_(ids))
    with db.engine.begin() as connection:
        if db.engine.dialect.name == "postgresql":
            # Picked first, locked until the commit (PostgreSQL may run a LIMIT subquery
            # of an UPDATE more than once, and claim more than asked).
            pick = list(connection.execute(pick.with_for_update(skip_locked=True))
                        .scalars())
            if not pick:
                return []
        # SQLite: one statement, which takes the database's write lock before it reads.
        won = connection.execute(
            update(Message).where(Message.id.in_(pick), _claimable(now))
            .values(status="sending", claimed_until=now + LEASE,
                    attempts=Message.attempts + 1)
            .returning(Message.id)).scalars().all()
    return sorted(won)


def _wait(attempts: int) -> timedelta:
    first = timedelta(seconds=int(current_app.config.get("NAVIGATOR_MAIL_RETRY_SECONDS", 60)))
    return min(first * 2 ** max(0, attempts - 1), MAX_WAIT)


def _error_kind(error: Exception) -> str:
    """The failure's class and SMTP code: its text may hold the address."""
    code = getattr(error, "smtp_code", None)
    return f"{type(error).__name__}{f' {code}' if code else ''}"[:200]


def send_claimed(ids: list[int]) -> dict[int, str]:
    """Send the messages this worker claimed, through one connection to the mail server
    (opened again after a failure); each one's outcome: "sent", "retry" (kept for a
    later attempt) or "failed" (the last attempt failed). A message whose claim is about
    to run out is left for its next claim: another worker may take it then."""
    outcomes: dict[int, str] = {}
    attempts_allowed = int(current_app.config.get("NAVIGATOR_MAIL_ATTEMPTS", 8))
    with db.engine.begin() as connection:
        rows = connection.execute(select(
            Message.id, Message.kind, Message.recipient, Message.subject, Message.body,
            Message.attempts, Message.claimed_until)
            .where(Message.id.in_(ids), Message.status == "sending")
            .order_by(Message.id)).all()
    server = None
    try:
        for row in rows:
            if row.claimed_until - utcnow() < CLAIM_MARGIN:
                continue
            try:
                server = server or mail.connect()
                mail.send_email(row.recipient, row.subject, row.body, server=server)
            except (smtplib.SMTPException, OSError) as error:
                mail.disconnect(server)
                server = None
                outcomes[row.id], values = _failure(row, error, attempts_allowed)
            else:
                outcomes[row.id] = "sent"
                values = {"status": "sent", "sent_at": utcnow(), "claimed_until": None,
                          "next_attempt_at": None, "recipient": "", "body": ""}
            with db.engine.begin() as connection:
                connection.execute(update(Message).where(
                    Message.id == row.id, Message.status == "sending").values(**values))
    finally:
        mail.disconnect(server)
    return outcomes


def _failure(row, error: Exception, attempts_allowed: int) -> tuple[str, dict]:
    """The outcome of a failed attempt, and the row's new values: tried again later, or
    failed after the last attempt."""
    error_kind = _error_kind(error)
    given_up = row.attempts >= attempts_allowed
    log.warning("outbox message %d (%s) not sent, attempt %d of %d: %s", row.id, row.kind,
                row.attempts, attempts_allowed, error_kind)
    values = {"status": "failed", "next_attempt_at": None} if given_up else {
        "status": "pending", "next_attempt_at": utcnow() + _wait(row.attempts)}
    return ("failed" if given_up else "retry",
            {**values, "claimed_until": None, "last_error": error_kind})


def send_now(rows: list[Message]) -> dict[int, str]:
    """Try the committed ``rows`` at once (a navigator waits to hear whether the resident
    got the message): each one's outcome, "sent", "retry" or "failed"; none for a row
    another worker claimed first or that is only kept."""
    if not can_send():
        return {}
    ids = [row.id for row in rows if row.status == "pending"]
    return send_claimed(claim(limit=len(ids), ids=ids)) if ids else {}


def send_due(batch: int = 10) -> Sent:
    """Send every message that is due, a batch at a time, and forget sent ones past
    ``KEEP_SENT``. Nothing when this server does not send."""
    done = Sent()
    if not can_send():
        return done
    while ids := claim(batch):
        for outcome in send_claimed(ids).values():
            setattr(done, outcome, getattr(done, outcome) + 1)
    with db.engine.begin() as connection:
        connection.execute(delete(Message).where(Message.status == "sent",
                                                 Message.sent_at < utcnow() - KEEP_SENT))
    return done


def counts() -> dict[str, int]:
    """How many messages are in each state."""
    found = dict(db.session.execute(select(Message.status, func.count())
                                    .group_by(Message.status)).all())
    return {status: found.get(status, 0) for status in
            ("kept", "pending", "sending", "sent", "failed")}


def failed(limit: int = 100) -> list[Message]:
    return list(db.session.scalars(select(Message).where(Message.status == "failed")
                                   .order_by(Message.id.desc()).limit(limit)))


def retry_failed(ids: list[int] | None = None) -> int:
    """Put failed messages (those of ``ids``, or all) back to be sent, their attempts
    counted afresh; how many. The caller commits."""
    where = [Message.status == "failed"]
    if ids is not None:
        where.append(Message.id.in_(ids))
    again = db.session.execute(update(Message).where(*where).values(
        status="pending", attempts=0, next_attempt_at=utcnow())).rowcount
    if again and has_app_context():
        setattr(g, QUEUED, True)
    return again
