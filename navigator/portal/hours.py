"""The weekly hours editor: a provider proposes new hours for one of its services or
places, after a preview of the week as the public page will show it. Nothing changes on
the listing until an admin approves (``navigator.review.proposals``).

One endpoint, ``portal.edit_hours``, at ``/provider/services/<id>/hours`` and
``/provider/locations/<id>/hours``. Its ``kind`` is the resource type, "service" or
"location", in ``url_for`` as in the view (``url_for("portal.edit_hours",
kind="service", id=...)``); only the address spells it in the plural, like the site's
other addresses. Another organization's record, or one that does not exist, is not
found (404), as everywhere in the portal.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from navigator.auth import roles_required
from navigator.extensions import db
from navigator.review import fields, proposals
from navigator.review.hours_form import HoursForm
from navigator.review.week import preview

from .views import blueprint

FIELD = "hours"
_EITHER = {"methods": ("GET", "POST"), "endpoint": "edit_hours"}


@blueprint.route("/services/<id>/hours", defaults={"kind": "service"}, **_EITHER)
@blueprint.route("/locations/<id>/hours", defaults={"kind": "location"}, **_EITHER)
@roles_required("provider")
def edit_hours(kind: str, id: str):
    """GET: the form showing the hours now. POST: "Preview" shows the week as it would
    be and stores nothing; "Send for review" files a proposal; refused input is a 400
    with the errors in place, nothing stored."""
    try:
        record = proposals.owned(kind, id, current_user.organization_id)
    except proposals.NotYours:
        abort(404)
    stored = fields.current(kind, record, [FIELD])[FIELD]
    if request.method != "POST":  # GET, or HEAD
        return _page(kind, record, HoursForm.of(stored))
    form = HoursForm.posted(stored)
    if not form.validate_on_submit():
        return _page(kind, record, form, status=400)
    if not form.send.data:
        return _page(kind, record, form, shown=preview(
            form.rows(), current_app.config["NAVIGATOR_TIMEZONE"]))
    proposal = proposals.propose(current_user, kind, record.id, {FIELD: form.rows()})
    db.session.commit()
    name = _name(kind, record)
    if proposal is None:
        flash(_("Nothing to send: these are the hours listed now for %(name)s.", name=name),
              "info")
        return redirect(url_for(".edit_hours", kind=kind, id=record.id))
    flash(_("Sent for review: the new hours of %(name)s. They show on the listing once "
            "approved.", name=name), "success")
    return redirect(_after_sending(kind, record.id))


def _name(kind: str, record) -> str:
    return record.name or (_("this service") if kind == "service" else _("this place"))


def _page(kind: str, record, form: HoursForm, status: int = 200, shown=None):
    waiting = [p for p in proposals.pending(kind, record.id) if FIELD in p.values]
    return render_template("portal/hours.html", kind=kind, record=record,
                           name=_name(kind, record), form=form, preview=shown,
                           waiting=waiting[0] if waiting else None), status


def _after_sending(kind: str, id_: str) -> str:
    """The record's own page in the portal, where the change shows as waiting."""
    return url_for(f"portal.{kind}_listing", id=id_)
