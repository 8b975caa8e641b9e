"""The report pages (/admin/reports): admins and navigators see aggregate, suppressed
tables with their charts and CSV files; admins alone see the internal page of raw
counts. Every view is audited."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _

from navigator.audit import record
from navigator.auth import roles_required
from navigator.extensions import db
from navigator.forms import error_line

from .charts import bar_chart
from .forms import ReportFilter
from .period import local_today
from .presenting import MARKS, as_csv, cell_text, marks_used
from .sections import BY_KEY, SECTIONS, Section
from .tables import suppressed

blueprint = Blueprint("reports", __name__, url_prefix="/admin/reports")
#: Who sees the aggregate pages; the internal page is the admins' alone.
VIEWERS = ("admin", "navigator")


@blueprint.context_processor
def _helpers():
    return {"report_cell": cell_text, "report_chart": bar_chart, "report_marks": marks_used,
            "mark_meanings": MARKS}


def _read_filters():
    """The filter form read from the query string, and its filters (None when invalid)."""
    form = ReportFilter(request.args)
    if not form.validate():
        return form, None
    return form, form.filters(local_today(current_app.config["NAVIGATOR_TIMEZONE"]))


def _query(filters) -> dict:
    """The filters as a query string's parameters, for the links between pages."""
    found = {"start": filters.start.isoformat(), "end": filters.end.isoformat()}
    for name in ("category", "place", "team"):
        if getattr(filters, name):
            found[name] = getattr(filters, name)
    return found


def _section(key: str) -> Section:
    section = BY_KEY.get(key)
    if section is None:
        abort(404)
    return section


def _audited(action: str, what: str) -> None:
    record(action, "report", what)
    db.session.commit()


@blueprint.route("")
@roles_required(*VIEWERS)
def index():
    form, filters = _read_filters()
    _audited("report.view", "index")
    return render_template("reports/index.html", form=form, filters=filters,
                           sections=SECTIONS, query=_query(filters) if filters else {},
                           ), 200 if filters else 400


@blueprint.route("/<key>")
@roles_required(*VIEWERS)
def section(key: str):
    section = _section(key)
    form, filters = _read_filters()
    tables = [suppressed(table) for table in section.tables(filters)] if filters else []
    _audited("report.view", key)
    return render_template("reports/section.html", form=form, filters=filters,
                           section=section, tables=tables,
                           query=_query(filters) if filters else {}), 200 if filters else 400


@blueprint.route("/<key>/<table_key>.csv")
@roles_required(*VIEWERS)
def table_csv(key: str, table_key: str):
    section = _section(key)
    form, filters = _read_filters()
    if filters is None:
        lines = [error_line(form[name].label.text, messages[0])
                 for name, messages in form.errors.items()]
        return Response("\n".join(lines) + "\n", 400, mimetype="text/plain")
    table = next((t for t in section.tables(filters) if t.key == table_key), None)
    if table is None:
        abort(404)
    _audited("report.download", f"{key}/{table_key}"[:64])
    name = f"{key}-{table_key}-{filters.start.isoformat()}-{filters.end.isoformat()}.csv"
    return Response(as_csv(suppressed(table)), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


@blueprint.route("/internal/<key>")
@roles_required("admin")
def internal(key: str):
    """The raw counts, for admins checking the figures: never to be published."""
    section = _section(key)
    form, filters = _read_filters()
    tables = section.tables(filters) if filters else []
    _audited("report.internal.view", key)
    return render_template("reports/internal.html", form=form, filters=filters,
                           section=section, tables=tables,
                           public_url=url_for("reports.section", key=key,
                                              **(_query(filters) if filters else {})),
                           title=_("Internal — not for publication")
                           ), 200 if filters else 400
