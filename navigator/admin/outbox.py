"""The outbox as admins see it: how many messages wait, and those given up after their
last attempt, which an admin may send again. Never whom a message is for, nor what it
says: its kind, when it was written, its attempts and the last error's kind."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from navigator import outbox
from navigator.audit import record
from navigator.auth import roles_required
from navigator.extensions import db
from navigator.forms import Form

from .views import blueprint

#: What each kind of message is, in the admin's words.
KINDS = {"summary": _l("A resident's summary"),
         "referral_sent": _l("A referral waiting for a provider"),
         "referral_answered": _l("A provider's answer to a navigator"),
         "stale_listings": _l("Listings to confirm"),
         "invite": _l("An invitation to a staff account"),
         "reset": _l("A link to set a new password")}
STATUS_NAMES = {"kept": _l("Kept only (development)"), "pending": _l("Waiting to be sent"),
                "sending": _l("Being sent"), "sent": _l("Sent"), "failed": _l("Failed")}


class RetryForm(Form):
    """Send every failed message again (a button; only its CSRF token)."""


@blueprint.route("/outbox")
@roles_required("admin")
def outbox_page():
    return _page(RetryForm())


def _page(form: RetryForm, status: int = 200):
    return render_template("admin/outbox.html", counts=outbox.counts(),
                           failed=outbox.failed(), kinds=KINDS, status_names=STATUS_NAMES,
                           sending=outbox.can_send(), form=form), status


@blueprint.post("/outbox/retry")
@roles_required("admin")
def outbox_retry():
    form = RetryForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    again = outbox.retry_failed()
    if again:
        record("outbox.retry", "outbox_message", None)
    db.session.commit()
    flash(ngettext("%(num)d failed message will be sent again.",
                   "%(num)d failed messages will be sent again.", again), "success")
    return redirect(url_for("admin.outbox_page"))
