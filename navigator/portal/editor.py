"""The listing editor: a provider's organization, services and places, section by
section, and a form per section whose changes wait for an admin (``navigator.review``).

Nothing sent here changes a listing: ``proposals.propose`` files what differs from the
listing as a proposal, and the pages show it waiting, then approved, or turned down with
the admin's note. Another organization's records, like unknown kinds and sections, are
"not found". What is true today (taking referrals, places open) and confirming a listing
stay on the portal's own pages (``views``): those take effect at once.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from navigator.auth import roles_required
from navigator.directory.models import Service, ServiceAtLocation
from navigator.extensions import db
from navigator.review import fields, forms, proposals, terms

from .views import blueprint

#: How many of a record's decided proposals its page shows (the organization's: twice).
RECENT_DECISIONS = 5
#: The longest category search read (a term's names are shorter).
QUERY_CHARS = 100


def _organization():
    if current_user.organization is None:  # its organization left the directory
        abort(403)
    return current_user.organization


def _own(kind: str, record_id: str):
    try:
        return proposals.owned(kind, record_id, _organization().id)
    except proposals.NotYours:
        abort(404)


def page_of(kind: str, record_id: str) -> str:
    """The editor's page of a record."""
    if kind == "organization":
        return url_for("portal.organization")
    return url_for(f"portal.{kind}_listing", id=record_id)


def name_of(kind: str, record) -> str:
    if kind == "location" and not record.name:
        address = fields.FIELDS["location"]["address"].read(record)
        return address["address_1"] or _("A place without a name")
    return record.name


def _hours_url(kind: str, record_id: str) -> str | None:
    """The weekly hours' editor of a service or place (an organization has no hours)."""
    if kind == "organization":
        return None
    return url_for("portal.edit_hours", kind=kind, id=record_id)


def _decided(organization_id: str, kind: str | None = None, record_id: str | None = None,
             limit: int = RECENT_DECISIONS) -> list:
    """The latest decisions on the organization's proposals (on one record's)."""
    return [p for p in proposals.of_organization(organization_id)
            if p.status != "pending" and (kind is None or (
                p.resource_type == kind and p.resource_id == record_id))][:limit]


def _record_page(kind: str, record, decided: list, **extra):
    return render_template(
        "portal/organization.html" if kind == "organization" else "portal/listing.html",
        kind=kind, record=record, name=name_of(kind, record),
        sections=forms.SECTIONS[kind], values=fields.current(kind, record),
        labels=fields.FIELDS[kind], every_label=fields.FIELDS, decided=decided,
        pending=proposals.pending(kind, record.id),
        terms={term.id: term for term in terms.every_term()},
        hours_url=_hours_url(kind, record.id), **extra)


@blueprint.route("/organization")
@roles_required("provider")
def organization():
    organization = _organization()
    decided = _decided(organization.id, limit=2 * RECENT_DECISIONS)
    named = {}
    for proposal in decided:
        found = proposals.target(proposal)
        named[proposal.id] = name_of(proposal.resource_type, found) if found else None
    return _record_page(
        "organization", organization, decided, decided_names=named,
        services=db.session.scalars(select(Service).where(
            Service.organization_id == organization.id).order_by(Service.name)).all(),
        places=[(place, name_of("location", place))
                for place in proposals.locations_of(organization.id)])


@blueprint.route("/services/<id>")
@roles_required("provider")
def service_listing(id):
    service = _own("service", id)
    return _record_page("service", service, _decided(_organization().id, "service", id))


@blueprint.route("/locations/<id>")
@roles_required("provider")
def location_listing(id):
    place = _own("location", id)
    offered = db.session.scalars(select(Service).join(
        ServiceAtLocation, ServiceAtLocation.service_id == Service.id).where(
        ServiceAtLocation.location_id == place.id,
        Service.organization_id == _organization().id).order_by(Service.name)).all()
    return _record_page("location", place, _decided(_organization().id, "location", id),
                        offered=offered)


@blueprint.route("/<kind>/<id>/edit/<section>", methods=["GET", "POST"])
@roles_required("provider")
def edit_section(kind, id, section):
    """The section's form; what differs is filed for review, and the record's page says
    so. Refused: the form again with its errors in place (400), nothing stored."""
    record = _own(kind, id)
    try:
        found = forms.section(kind, section)
    except KeyError:
        abort(404)
    current = fields.current(kind, record, found.fields)
    posted = request.method == "POST"
    form = forms.section_form(kind, section, current,
                              formdata=request.form if posted else None)
    if posted and form.validate():
        try:
            proposal = proposals.propose(current_user, kind, record.id, form.values())
        except ValueError:  # a category removed meanwhile, say
            db.session.rollback()
            form.form_errors.append(_("Something in this form cannot be saved. Check it "
                                      "and send it again."))
        else:
            db.session.commit()
            flash(_("Sent for review: an administrator will check it; the listing shows "
                    "the change once approved.") if proposal else _("Nothing changed."),
                  "success" if proposal else "info")
            return redirect(page_of(kind, record.id))
    query = request.args.get("q", "")[:QUERY_CHARS].strip()
    waiting = [p for p in proposals.pending(kind, record.id)
               if set(p.values) & set(found.fields)]
    return render_template(
        "portal/edit_section.html", kind=kind, record=record, name=name_of(kind, record),
        back=page_of(kind, record.id),
        section=found, form=form, query=query, waiting=waiting,
        originals=fields.current(kind, record, found.beside) if found.beside else {},
        shown_terms=terms.shown(form.taxonomy.terms, form.taxonomy.data or [], query)
        if hasattr(form, "taxonomy") else []), 400 if posted else 200
