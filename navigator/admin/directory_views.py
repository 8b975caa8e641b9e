"""Admin pages for the directory: importing an HSDS package (previewed, then confirmed),
the listings their providers have not confirmed lately, the taxonomy's names."""

from __future__ import annotations

from flask import (
    Response, abort, current_app, flash, redirect, render_template, request, session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from navigator.auth import roles_required
from navigator.extensions import db
from navigator.portal.listings import local_today
from navigator.review import queue as review_queue

from . import directory_import as uploads
from . import stale, taxonomy
from .directory_forms import ConfirmForm, StaleFilter, TermForm, UploadForm
from .views import blueprint

#: The session's key for the random token of the admin's upload waiting to be confirmed.
PENDING = "directory_import"


@blueprint.url_value_preprocessor
def _limit_upload(endpoint, values) -> None:
    """An upload bigger than the limit is refused (413) before it is read: this runs
    before the CSRF check reads the form."""
    if endpoint == "admin.directory_import" and request.method == "POST":
        request.max_content_length = uploads.max_bytes()


def _pending():
    return uploads.find(session.get(PENDING))


@blueprint.route("/directory/import", methods=["GET", "POST"])
@roles_required("admin")
def directory_import():
    form = UploadForm()
    if form.validate_on_submit():
        try:
            pending = uploads.preview(form.package.data.stream, form.package.data.filename,
                                      replace=form.replace.data,
                                      skip_invalid=form.skip_invalid.data)
        except uploads.NotAPackage as error:
            form.package.errors.append(
                _("This file is not a zip file. Choose the HSDS package's .zip file.")
                if str(error) == "zip" else
                _("This zip file is not an HSDS package (%(problem)s). Choose a zip of "
                  "the HSDS CSV files and their datapackage.json.", problem=str(error)))
        else:
            earlier = _pending()
            if earlier is not None:
                uploads.discard(earlier)
            session[PENDING] = pending.token
            return redirect(url_for("admin.directory_preview"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/import.html", form=form, pending=_pending(),
                           max_mb=uploads.max_bytes() // (1024 * 1024)), status


@blueprint.route("/directory/import/preview")
@roles_required("admin")
def directory_preview():
    pending = _pending()
    return render_template("admin/import_preview.html", pending=pending,
                           report=pending.preview if pending else None,
                           options=pending.options if pending else {}, form=ConfirmForm())


@blueprint.route("/directory/import/confirm", methods=["POST"])
@roles_required("admin")
def directory_confirm():
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    pending = _pending()
    if pending is None:
        flash(_("No upload is waiting to be imported: upload the package again."), "error")
        return redirect(url_for("admin.directory_import"))
    try:
        report, said = uploads.run(pending)
    finally:
        uploads.discard(pending)
        session.pop(PENDING, None)
    return render_template("admin/import_done.html", report=report, said=said,
                           options=pending.options)


@blueprint.route("/directory/import/cancel", methods=["POST"])
@roles_required("admin")
def directory_cancel():
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    pending = _pending()
    if pending is not None:
        uploads.discard(pending)
    session.pop(PENDING, None)
    flash(_("The upload is deleted; nothing was imported."), "success")
    return redirect(url_for("admin.directory_import"))


def _stale_rows():
    form = StaleFilter(request.args)
    valid = form.validate()
    age = form.age.data if valid and form.age.data else "180"
    days = None if age == "never" else int(age)
    today = local_today(current_app.config["NAVIGATOR_TIMEZONE"])
    return form, valid, age, stale.stale_listings(today, days) if valid else [], today


@blueprint.route("/directory/stale")
@roles_required("admin")
def stale_listings():
    form, valid, age, rows, _today = _stale_rows()
    pending = review_queue.pending_counts([row.service.id for row in rows])
    return render_template("admin/stale.html", form=form, rows=rows, age=age,
                           pending=pending), 200 if valid else 400


def csv_headings() -> list[str]:
    return [_("Organization"), _("Service"), _("Service id"), _("Status"),
            _("Last confirmed"), _("Confirmed by"), _("Provider accounts")]


@blueprint.route("/directory/stale.csv")
@roles_required("admin")
def stale_listings_csv():
    form, valid, age, rows, today = _stale_rows()
    if not valid:
        abort(400)
    return Response(stale.as_csv(rows, csv_headings()), mimetype="text/csv", headers={
        "Content-Disposition":
            f'attachment; filename="stale-listings-{age}-{today.isoformat()}.csv"'})


@blueprint.route("/directory/taxonomy")
@roles_required("admin")
def taxonomy_terms():
    return render_template("admin/taxonomy.html", rows=taxonomy.terms())


@blueprint.route("/directory/taxonomy/<term_id>", methods=["GET", "POST"])
@roles_required("admin")
def taxonomy_term(term_id: str):
    names = taxonomy.find(term_id)
    if names is None:
        abort(404)
    form = TermForm(name=names.term.name, name_es=names.spanish or "")
    if form.validate_on_submit():
        if taxonomy.rename(names.term, form.name.data, form.name_es.data, user=current_user):
            db.session.commit()
            flash(_("The names of “%(name)s” are saved; search follows in a moment.",
                    name=names.term.name), "success")
        return redirect(url_for("admin.taxonomy_terms"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/taxonomy_term.html", form=form, term=names.term), status
