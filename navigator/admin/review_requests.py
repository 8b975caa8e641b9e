"""A resident's problem report and a request for access, in the review queue.

A report is closed as fixed or checked, or dismissed, with an optional note. Approving
an access request invites the person as a provider of the organization, through the same
one-time link as the admin's invite page (``auth.links``, ``auth.mailout``), in the
transaction that decides the request: when the invitation cannot be made (an account
with that email exists), the request stays pending and the page says why.
"""

from __future__ import annotations

from flask import make_response, render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from navigator.auth import accounts, links, mailout, roles_required
from navigator.auth.models import User
from navigator.directory.models import Organization, Service, utcnow
from navigator.extensions import db
from navigator.review import proposals, queue
from navigator.review.models import AccessRequest, ListingReport

from .review import STATUSES, already_decided, decided_once, item_or_404
from .review_forms import DeclineForm, NoteForm, ReportDecisionForm
from .views import blueprint


def _report_page(report: ListingReport, status: int = 200, form=None,
                 refusal: str | None = None):
    service = db.session.get(Service, report.service_id)
    return render_template(
        "admin/review_report.html", report=report, facts=queue.listing_facts(service),
        problem=queue.PROBLEMS.get(report.problem, report.problem),
        pending=queue.pending_counts([service.id]).get(service.id, 0),
        form=form or ReportDecisionForm(formdata=None), refusal=refusal,
        statuses=STATUSES, now=utcnow()), status


@blueprint.route("/review/reports/<report_id>")
@roles_required("admin")
def review_report(report_id: str):
    return _report_page(item_or_404(ListingReport, report_id))


@blueprint.route("/review/reports/<report_id>/decide", methods=["POST"])
@roles_required("admin")
def decide_report(report_id: str):
    report = item_or_404(ListingReport, report_id)
    form = ReportDecisionForm()
    if not form.validate_on_submit():
        return _report_page(report, 400, form)
    return decided_once(
        ListingReport, report, _report_page,
        lambda: queue.decide_report(report.id, form.outcome.data, current_user,
                                    form.note.data),
        _("The report is closed.") if form.outcome.data == "reviewed"
        else _("The report is dismissed."))


def _providers(organization_id: str) -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.organization_id == organization_id).order_by(User.email)))


def _access_page(item: AccessRequest, status: int = 200, *, approve_form=None,
                 reject_form=None, refusal: str | None = None):
    return render_template(
        "admin/review_access.html", item=item,
        organization=db.session.get(Organization, item.organization_id),
        service=db.session.get(Service, item.service_id) if item.service_id else None,
        providers=_providers(item.organization_id),
        existing=accounts.find_user(item.email),
        approve_form=approve_form or NoteForm(formdata=None),
        reject_form=reject_form or DeclineForm(formdata=None),
        refusal=refusal, statuses=STATUSES, now=utcnow()), status


@blueprint.route("/review/access/<request_id>")
@roles_required("admin")
def review_access(request_id: str):
    return _access_page(item_or_404(AccessRequest, request_id))


def _account_exists(email: str) -> str:
    return _("There is already an account for %(email)s, so no invitation was made. "
             "Give that account this organization on its page, or reject the request.",
             email=email)


@blueprint.route("/review/access/<request_id>/approve", methods=["POST"])
@roles_required("admin")
def approve_access(request_id: str):
    """Decide the request and invite its person as a provider of the organization, in
    one commit; then email the link (or show it, when email is not sent)."""
    item = item_or_404(AccessRequest, request_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _access_page(item, 400, approve_form=form)
    if item.status != "pending":
        return _access_page(item, 409, refusal=already_decided(item))
    email, organization_id = item.email, item.organization_id
    existing = accounts.find_user(email)
    if existing is not None:
        return _access_page(item, 409, approve_form=form,
                            refusal=_account_exists(existing.email))
    try:
        queue.approve_access(item.id, current_user, form.note.data)
        user = accounts.invite_user(email, "provider", organization_id)
        link = links.link_url(links.issue(user, "invite"))
        email = mailout.send_link(user.email, link, "invite")
        db.session.commit()
    except proposals.AlreadyDecided:
        db.session.rollback()
        decided = db.session.get(AccessRequest, request_id)
        return _access_page(decided, 409, refusal=already_decided(decided))
    except (accounts.AccountError, IntegrityError) as error:
        db.session.rollback()
        taken = accounts.find_user(email)  # made by someone else just now
        return _access_page(db.session.get(AccessRequest, request_id),
                            409 if taken else 400, approve_form=form,
                            refusal=_account_exists(taken.email) if taken else str(error))
    sent = mailout.delivered(email)
    response = make_response(render_template(
        "admin/user_invited.html", user=user, link=None if sent else link, review=True))
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@blueprint.route("/review/access/<request_id>/reject", methods=["POST"])
@roles_required("admin")
def reject_access(request_id: str):
    item = item_or_404(AccessRequest, request_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        return _access_page(item, 400, reject_form=form)
    return decided_once(
        AccessRequest, item, _access_page,
        lambda: queue.reject_access(item.id, current_user, form.note.data),
        _("The request is rejected; no account was made."))
