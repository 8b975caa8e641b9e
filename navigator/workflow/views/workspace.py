"""The workspace's pages beside its home: the navigator's caseload, their notices (seen
all at once) and their own settings; and what the home lists of the providers'
answers."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from navigator.audit import record
from navigator.auth import roles_required
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from navigator.search import taxonomy_names

from .. import caseload as caseloads, forms, notices, workspace
from . import STAFF, blueprint


def home_lists(user) -> dict:
    """The home page's lists beside the follow-ups: the providers' answers, the needs
    waiting on a navigator, and ``user``'s notices with how many are new."""
    return {"accepted": workspace.accepted(), "declined": workspace.declined(),
            "waiting_needs": workspace.waiting_needs(),
            "notices": workspace.notices_of(user), "unseen": notices.unseen_count(user),
            "terms": taxonomy_names("en")}


def residents_named(lists: dict) -> set[str]:
    """The ids of the residents ``home_lists`` names."""
    answers = lists["accepted"] + lists["declined"] + lists["notices"]
    return {a.referral.resident_id for a in answers} \
        | {n.resident_id for n in lists["waiting_needs"]}


@blueprint.route("/caseload")
@roles_required(*STAFF)
def caseload():
    """My residents (``caseload.caseload``): those with something open, or all."""
    everything = request.args.get("all") == "1"
    rows = caseloads.caseload(current_user, everything=everything)
    for row in rows:
        record("resident.caseload.view", "resident", row.resident.id)
    db.session.commit()
    return render_template("workflow/caseload.html", rows=rows, everything=everything,
                           terms=taxonomy_names("en"), now=utcnow())


@blueprint.post("/notices/seen")
@roles_required(*STAFF)
def notices_seen():
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    notices.mark_seen(current_user)
    db.session.commit()
    return redirect(url_for(".home"))


@blueprint.route("/settings", methods=["GET", "POST"])
@roles_required(*STAFF)
def settings():
    form = forms.SettingsForm(obj=current_user)
    if form.validate_on_submit():
        notices.choose_email(current_user, form.notify_by_email.data)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for(".settings"))
    return render_template("workflow/settings.html", form=form), 400 if form.errors else 200
