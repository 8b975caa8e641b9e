"""Notices to the referring navigator: a provider accepted, declined, connected or did
not connect a referral they sent, so that they learn it at once, not when they next
look the referral up.

``write`` is called by ``referrals.change_status``, in the change's own transaction: a
notice exists exactly when the change does. It goes to the navigator who made the
referral (``Referral.created_by``) and to nobody else; a change they made themselves
leaves none (they know). A notice is seen once that navigator opens the referral, or
marks all their notices seen (``mark_seen``).

A navigator who asked for it (``User.notify_by_email``) gets an email too, written to the
outbox in the same transaction (sent once the change is committed, nothing for a change
rolled back): only that a referral of theirs was answered, and a link to the workspace;
never whom it is about or where they were sent, since an email leaves the city's
systems.
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app, has_request_context, url_for
from sqlalchemy import func, select, update

from navigator.audit import record
from navigator.auth.models import User
from navigator.directory.models.base import utcnow
from navigator.extensions import db

from . import notify
from .models import Notice, Referral

log = logging.getLogger(__name__)
#: The changes of state a navigator is told of.
KINDS = tuple(notify.ANSWERED)


def write(referral: Referral, kind: str, *, user=None,
          at: datetime | None = None) -> Notice | None:
    """The notice of ``referral``'s move to ``kind`` for the navigator who made it, or
    None when there is none to write (another kind, nobody to tell, or the change is
    theirs); their email, if they want one, is written to the outbox alongside."""
    if kind not in KINDS or referral.created_by is None \
            or getattr(user, "id", None) == referral.created_by:
        return None
    notice = Notice(user_id=referral.created_by, referral=referral, kind=kind,
                    created_at=at or utcnow())
    db.session.add(notice)
    navigator = db.session.get(User, referral.created_by)
    if navigator is not None and navigator.active and navigator.notify_by_email:
        try:
            notify.referral_answered(navigator.email, kind, _link())
        except notify.NotifyError:  # email not set up: the notice is on the workspace
            log.warning("referral answer notice not sent: kind=%s", kind)
    return notice


def _link() -> str:
    """The workspace's address, where the notice is listed."""
    if has_request_context():
        return url_for("workflow.home", _external=True)
    return current_app.config["NAVIGATOR_BASE_URL"].rstrip("/") + "/navigator"


def unseen_count(user) -> int:
    return db.session.scalar(select(func.count(Notice.id)).where(
        Notice.user_id == user.id, Notice.seen_at.is_(None))) or 0


def latest(user, limit: int = 20) -> list[Notice]:
    """``user``'s notices, the unseen first, then newest first."""
    return list(db.session.scalars(
        select(Notice).where(Notice.user_id == user.id)
        .order_by(Notice.seen_at.is_not(None), Notice.created_at.desc()).limit(limit)))


def mark_seen(user, *, referral_id: str | None = None) -> int:
    """Mark ``user``'s unseen notices seen (those of ``referral_id`` only, when given);
    how many. Nobody else's are touched, and nothing is written when none is unseen."""
    where = [Notice.user_id == user.id, Notice.seen_at.is_(None)]
    if referral_id is not None:
        where.append(Notice.referral_id == referral_id)
    ids = list(db.session.scalars(select(Notice.id).where(*where)))
    if ids:
        db.session.execute(update(Notice).where(Notice.id.in_(ids), Notice.seen_at.is_(None))
                           .values(seen_at=utcnow()))
    return len(ids)


def choose_email(user, wanted: bool) -> None:
    """``user``'s own choice to get their notices by email too (audited)."""
    user.notify_by_email = bool(wanted)
    record("user.settings", "user", user.id, user=user)
