"""The review queue (/admin/review): what providers, residents and people asking for access
sent, oldest first; and each proposed change beside the listing as it is now, to approve,
edit then approve, or reject with a note. Reports and access requests:
``review_requests``.

The rules are ``navigator.review``'s (``queue``, ``proposals``); these views translate
HTTP. A decision someone else took first answers 409 and says whose it was; nothing is
applied twice. Approving commits the listing, its ``metadata`` rows and the proposal's
status together, and the search index follows that commit.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from navigator.auth import roles_required
from navigator.directory.models import Organization, utcnow
from navigator.extensions import db
from navigator.portal.listings import local_today
from navigator.review import fields, proposals, queue
from navigator.review.models import Proposal

from . import review_diff
from .review_forms import NoteForm, ProposalEdit, RejectForm
from .views import blueprint

#: The longest id a queue item's address may carry (the ids are uuids).
ID_LENGTH = 64
#: What a proposal changes, in the admin's words.
RECORD_KINDS = {"service": _l("Listing (service)"), "organization": _l("Organization"),
                "location": _l("Place")}
#: Where an item of the queue stands.
STATUSES = {"pending": _l("Waiting for review"), "new": _l("Waiting for review"),
            "approved": _l("Approved"), "rejected": _l("Rejected"),
            "reviewed": _l("Fixed or checked"), "dismissed": _l("Dismissed")}


def already_decided(item) -> str:
    """What the one who came second is told: who decided first, and how."""
    email = item.reviewed_by_email or "?"
    return {
        "approved": _("Already approved by %(email)s.", email=email),
        "rejected": _("Already rejected by %(email)s.", email=email),
        "reviewed": _("Already marked fixed or checked by %(email)s.", email=email),
        "dismissed": _("Already dismissed by %(email)s.", email=email),
    }.get(item.status, _("Already decided by %(email)s.", email=email))


def decided_once(model, item, page, decide, done: str):
    """Take the decision ``decide()`` and go back to the queue saying ``done``; when
    another admin decided first, the item's ``page`` as it is now (409), saying who."""
    try:
        decide()
    except proposals.AlreadyDecided:
        db.session.rollback()
        decided = db.session.get(model, item.id)
        return page(decided, 409, refusal=already_decided(decided))
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("admin.review_queue"))


def item_or_404(model, item_id: str):
    if len(item_id) > ID_LENGTH:
        abort(404)
    return db.get_or_404(model, item_id)


def gone_message() -> str:
    return _("This record is no longer in the directory: the proposal can only be rejected.")


@blueprint.route("/review")
@roles_required("admin")
def review_queue():
    items = queue.waiting()
    return render_template("admin/review.html", items=items, counts=queue.counts(items),
                           kinds=queue.KINDS, pending=queue.pending_counts(), now=utcnow())


def _diffs(proposal: Proposal):
    found = proposals.target(proposal)
    names = [n for n in proposal.values if n in fields.FIELDS[proposal.resource_type]]
    now = fields.current(proposal.resource_type, found, names) if found is not None else None
    return found, review_diff.proposal_diff(proposal, now)


def _proposal_page(proposal: Proposal, status: int = 200, *, approve_form=None,
                   edit: ProposalEdit | None = None, reject_form=None,
                   refusal: str | None = None):
    """The proposal beside the listing; the form that was posted keeps what was typed and
    its errors, the others start afresh (the edit only while there is one to make)."""
    found, diffs = _diffs(proposal)
    if edit is None and found is not None and proposal.status == "pending":
        edit = ProposalEdit.of(proposal, found)
    return render_template(
        "admin/review_proposal.html", proposal=proposal, record=found, diffs=diffs,
        name=_record_name(proposal, found),
        organization=db.session.get(Organization, proposal.organization_id),
        changed=[d for d in diffs if d.changed_since], edit=edit,
        approve_form=approve_form or NoteForm(formdata=None),
        reject_form=reject_form or RejectForm(formdata=None),
        refusal=refusal, gone=gone_message(), record_kinds=RECORD_KINDS,
        statuses=STATUSES, now=utcnow()), status


@blueprint.route("/review/proposals/<proposal_id>")
@roles_required("admin")
def review_proposal(proposal_id: str):
    return _proposal_page(item_or_404(Proposal, proposal_id))


@blueprint.route("/review/proposals/<proposal_id>/approve", methods=["POST"])
@roles_required("admin")
def approve_proposal(proposal_id: str):
    proposal = item_or_404(Proposal, proposal_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _proposal_page(proposal, 400, approve_form=form)
    return _approve(proposal, form.note.data, None, lambda problem: _proposal_page(
        proposal, 400, approve_form=form, refusal=problem))


@blueprint.route("/review/proposals/<proposal_id>/edit", methods=["POST"])
@roles_required("admin")
def edit_proposal(proposal_id: str):
    """Approve the proposal as the admin edited it, in the forms the provider used: only
    the proposal's fields are taken; refused input is the page again (400), its errors
    in place, nothing applied."""
    proposal = item_or_404(Proposal, proposal_id)
    found = proposals.target(proposal)
    if proposal.status != "pending" or found is None:
        return _undecidable(proposal)
    edit = ProposalEdit.of(proposal, found, formdata=request.form)
    if not edit.validate():
        return _proposal_page(proposal, 400, edit=edit)

    def refused(problem: str):
        edit.refuse(problem, _("This value cannot be saved: %(problem)s", problem=problem))
        return _proposal_page(db.session.get(Proposal, proposal.id), 400, edit=edit)

    return _approve(proposal, edit.note.note.data, {**proposal.values, **edit.values()},
                    refused)


def _undecidable(proposal: Proposal):
    """409: decided already, or its record gone."""
    if proposal.status != "pending":
        return _proposal_page(proposal, 409, refusal=already_decided(proposal))
    return _proposal_page(proposal, 409, refusal=gone_message())


def _approve(proposal: Proposal, note: str | None, values, refused):
    """Approve (``values``: the admin's edit, or None for the proposal's own) and commit,
    or say why not: decided already or record gone (409), values refused (``refused``
    renders the page for the refusal's message)."""
    if proposal.status != "pending" or proposals.target(proposal) is None:
        return _undecidable(proposal)
    try:
        proposals.approve(proposal.id, current_user, _today(), values=values, note=note)
    except proposals.AlreadyDecided:
        db.session.rollback()
        decided = db.session.get(Proposal, proposal.id)
        return _proposal_page(decided, 409, refusal=already_decided(decided))
    except LookupError:  # the record left the directory just now
        db.session.rollback()
        return _proposal_page(db.session.get(Proposal, proposal.id), 409,
                              refusal=gone_message())
    except ValueError as error:  # values that cannot be stored
        db.session.rollback()
        return refused(str(error))
    name = _record_name(proposal)
    db.session.commit()
    flash(_("Approved: the changes to %(name)s are in the directory.", name=name), "success")
    return redirect(url_for("admin.review_queue"))


def _record_name(proposal: Proposal, found=None) -> str:
    found = found if found is not None else proposals.target(proposal)
    return getattr(found, "name", None) or proposal.resource_id


def _today():
    return local_today(current_app.config["NAVIGATOR_TIMEZONE"])


@blueprint.route("/review/proposals/<proposal_id>/reject", methods=["POST"])
@roles_required("admin")
def reject_proposal(proposal_id: str):
    proposal = item_or_404(Proposal, proposal_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _proposal_page(proposal, 400, reject_form=form)
    return decided_once(
        Proposal, proposal, _proposal_page,
        lambda: proposals.reject(proposal.id, current_user, form.note.data),
        _("Rejected: the provider sees your note; the listing is unchanged."))
