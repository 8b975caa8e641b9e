"""Admin pages: a home and the audit log."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from flask import Blueprint, render_template, request
from flask_wtf import FlaskForm
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from navigator.audit import AuditEvent
from navigator.auth import roles_required
from navigator.extensions import db

blueprint = Blueprint("admin", __name__, url_prefix="/admin")
PER_PAGE = 100


class AuditFilter(FlaskForm):
    class Meta:
        csrf = False  # a GET form: it reads, never changes

    user = IntegerField(_l("User id"), validators=[Optional(), NumberRange(min=1)])
    action = SelectField(_l("Action"), validators=[Optional()])
    since = DateField(_l("From (date)"), validators=[Optional()])
    until = DateField(_l("Until (date)"), validators=[Optional()])


@blueprint.route("")
@roles_required("admin")
def home():
    return render_template("admin/home.html")


@blueprint.route("/audit")
@roles_required("admin")
def audit():
    form = AuditFilter(request.args)
    actions = db.session.scalars(select(AuditEvent.action).distinct()
                                 .order_by(AuditEvent.action)).all()
    form.action.choices = [("", _l("Any"))] + [(a, a) for a in actions]
    query = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    valid = form.validate()
    if valid:
        if form.user.data:
            query = query.where(AuditEvent.user_id == form.user.data)
        if form.action.data:
            query = query.where(AuditEvent.action == form.action.data)
        # Dates are whole UTC days, as the times on the page are shown.
        if form.since.data:
            query = query.where(AuditEvent.occurred_at >= datetime.combine(
                form.since.data, time(), timezone.utc))
        if form.until.data:
            query = query.where(AuditEvent.occurred_at < datetime.combine(
                form.until.data + timedelta(days=1), time(), timezone.utc))
    events = db.session.scalars(query.limit(PER_PAGE)).all() if valid else []
    return render_template("admin/audit.html", form=form, events=events,
                           per_page=PER_PAGE), 200 if valid else 400
