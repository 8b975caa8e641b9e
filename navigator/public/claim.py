""""Is this your organization?": a person who works for a listing's organization asks for
an account to keep its listings up to date (``navigator.review.access`` files it).

The answer is the same thank-you page whatever the email (an account or none), so the
form tells nobody who has an account. Like the report form it is rate-limited, and while
the database is down a valid request is kept in the spool and filed when it is back.
"""

from __future__ import annotations

from flask import abort, current_app, g, render_template, redirect, request, url_for
from sqlalchemy.exc import SQLAlchemyError

from navigator import spool
from navigator.directory.listing import load_listing
from navigator.extensions import limiter
from navigator.outage import is_outage

from . import sent
from .forms import ClaimForm
from .views import FORM_LIMIT, localized

#: Longer is no listing's id (as on the service page).
MAX_ID = 64


@localized("/services/<service_id>/claim", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def claim(service_id: str):
    service_id, form = service_id[:MAX_ID], ClaimForm()
    try:
        listing = load_listing(service_id, g.lang, current_app.config["NAVIGATOR_TIMEZONE"])
    except SQLAlchemyError as error:
        # The database is down: a valid request is kept, its listing checked when filed.
        if not (request.method == "POST" and is_outage(error)
                and form.validate_on_submit()):
            raise
        spool.keep(sent.CLAIM, sent.claim_record(service_id, form))
        return redirect(url_for("public.claim_sent", service_id=service_id))
    if listing is None:
        abort(404)
    if form.validate_on_submit():
        # Filed, or kept while the database is down: received either way.
        spool.save_or_keep(sent.CLAIM, sent.claim_record(listing.service.id, form))
        return redirect(url_for("public.claim_sent", service_id=listing.service.id))
    status = 400 if form.is_submitted() else 200
    return render_template("public/claim.html", listing=listing, form=form), status


@localized("/services/<service_id>/claim/sent")
def claim_sent(service_id: str):
    """Needs no database: it may follow a request kept during an outage."""
    return render_template("public/claim_sent.html", service_id=service_id[:MAX_ID])
