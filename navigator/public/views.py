"""The public pages: home, search, a service, my list, ask for a call back.

Every page is at its path in English and under ``/es`` in Spanish (``i18n``); all of
them work without JavaScript (forms are plain GET or POST forms).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo
from types import SimpleNamespace
from urllib.parse import quote, urlencode

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template,
                   request, url_for)
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from navigator import i18n, spool
from navigator.auth.access import safe_next
from navigator.directory.categories import HIDDEN_STATUSES
from navigator.directory.listing import load_listing
from navigator.directory.models import Service
from navigator.extensions import db, limiter
from navigator.outage import is_outage
from navigator.search import (categories, place_for, related_categories, search,
                              search_query_from)
from . import localized as routing, mylist, sent
from .forms import CallbackForm, ListButtonForm, ReportForm, SharedListForm
from .capacity import places_words
from .costs import cost_lines
from .presenting import (MILE_BANDS_KM, active_filters, directions_url, lang_attribute,
                         own_words, shown, status_text)

blueprint = Blueprint("public", __name__)
routing.init_blueprint(blueprint)
sent.init_blueprint(blueprint)
localized = lambda rule, **options: routing.localized(blueprint, rule, **options)  # noqa: E731

#: How the pages name a search parameter that could not be read.
PARAMETERS = {"page": _l("page number"), "miles": _l("distance"), "radius_km": _l("distance"),
              "lat": _l("your location"), "lon": _l("your location"),
              "language": _l("language"), "cost": _l("cost"),
              "accessibility": _l("accessibility"), "age": _l("age"),
              "open_now": _l("open now"), "accepting_referrals": _l("accepting new people"),
              "sort": _l("order"), "taxonomy_term_id": _l("type of help"),
              "per_page": _l("results per page")}
PER_PAGE = 10
MAX_QUERY = 200
#: Pages of results anyone would page through; deeper links are clamped.
MAX_PAGE = 50
FORM_LIMIT = "5 per minute;30 per day"


@blueprint.app_template_global()
def other_language_url() -> str:
    """This page in the other language, with the same query string."""
    lang = "en" if i18n.current_language() == "es" else "es"
    if request.endpoint in routing.localized_endpoints():
        args = {k: v for k, v in (request.view_args or {}).items() if k != "lang"}
        url = url_for(request.endpoint, lang=lang, **args)
        # Replaced, not failed: the page telling that the query string is not UTF-8
        # (``navigator.request_input``) has the language switch too.
        query = request.query_string.decode(errors="replace")
        return f"{url}?{query}" if query else url
    return url_for("public.home", lang=lang)


@localized("/")
def home():
    if "lang" not in request.cookies and g.lang == "en" and \
            request.accept_languages.best_match(i18n.LANGUAGES) == "es":
        # A first visit from a Spanish browser: the Spanish home page.
        return redirect(url_for("public.home", lang="es"))
    return render_template("public/home.html", categories=categories(g.lang))


@localized("/search")
def search_page():
    args = request.args
    query, problems = search_query_from(args, g.lang, lenient=True, place_for=place_for,
                                        per_page=PER_PAGE, max_text=MAX_QUERY)
    if "q" in problems:  # the only problem words have: too long, so cut
        problems["q"] = _("Your search was long, so we used its first %(count)d characters.",
                          count=MAX_QUERY)
    query = replace(query, page=min(query.page, MAX_PAGE), per_page=PER_PAGE,
                    distance_bands_km=MILE_BANDS_KM)
    for name in list(problems):
        if name not in ("q", "near"):
            problems[name] = _("We ignored a setting we could not read (%(name)s).",
                               name=PARAMETERS.get(name, name))
    results = search(query)
    if results.total and not results.hits and query.page > 1:
        # Past the last page (an old link): the last page.
        last = (results.total - 1) // PER_PAGE + 1
        return redirect(_search_url(args, page=last))
    hits, facets = shown(results, query, g.lang)
    return render_template(
        "public/search.html", query=query, results=results, hits=hits,
        problems=problems, facets=facets, active_filters=active_filters(facets),
        pages=_pages(results, query), search_url=lambda **changes: _search_url(args, **changes),
        saved=mylist.ids(), categories=[] if results.hits else _broader(results),
        form=list_form())


def _broader(results) -> list:
    """Where to look when nothing matched: the categories the words pointed at first."""
    related = related_categories(results.expansion)
    return sorted(categories(g.lang), key=lambda c: related.index(c.id) if c.id in related
                  else len(related))


def _search_url(args, **changes) -> str:
    """The search page with some parameters changed (None removes one)."""
    params = [(k, v) for k, v in args.items(multi=True) if k not in changes and k != "page"]
    for key, value in changes.items():
        if value is None:
            continue
        params += [(key, v) for v in value] if isinstance(value, (list, tuple)) else \
            [(key, value)]
    base = url_for("public.search_page")
    return f"{base}?{urlencode(params)}" if params else base


def _pages(results, query) -> dict:
    last = min((results.total - 1) // PER_PAGE + 1, MAX_PAGE) if results.total else 1
    return {"current": query.page, "last": last,
            "previous": query.page - 1 if query.page > 1 else None,
            "next": query.page + 1 if query.page < last else None}


@localized("/services/<service_id>")
def service_page(service_id: str):
    if len(service_id) > 64:
        abort(404)
    listing = load_listing(service_id, g.lang, current_app.config["NAVIGATOR_TIMEZONE"])
    if listing is None:
        abort(404)
    return _service(listing, ReportForm())


def _service(listing, form, status: int = 200, **extra):
    now = datetime.now(ZoneInfo(current_app.config["NAVIGATOR_TIMEZONE"]))
    return render_template("public/service.html", listing=listing, form=form,
                           saved=mylist.ids(), status=status_text(listing.status, now),
                           **extra), status


@localized("/services/<service_id>/report", methods=["POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def report_problem(service_id: str):
    service_id, form = service_id[:64], ReportForm()
    try:
        listing = load_listing(service_id, g.lang, current_app.config["NAVIGATOR_TIMEZONE"])
    except SQLAlchemyError as error:
        # The database is down: a valid report is kept, its listing checked when saved.
        if not (is_outage(error) and form.validate_on_submit()):
            raise
        spool.keep(sent.REPORT, sent.report_record(service_id, form))
        return render_template("public/report_kept.html"), 202
    if listing is None:
        abort(404)
    if not form.validate_on_submit():
        return _service(listing, form, 400, report_open=True)
    if not spool.save_or_keep(sent.REPORT, sent.report_record(listing.service.id, form)):
        return render_template("public/report_kept.html"), 202
    flash(_("Thank you. Someone will check this listing."), "success")
    return redirect(url_for("public.service_page", service_id=listing.service.id))


@localized("/list")
def list_page():
    shared = request.args.get("services")
    ids = mylist.parse(shared) if shared is not None else mylist.ids()
    listings = [listing for i in ids if (listing := load_listing(
        i, g.lang, current_app.config["NAVIGATOR_TIMEZONE"])) is not None]
    share_url = url_for("public.list_page", services=mylist.serialize(ids), _external=True) \
        if ids else None
    return render_template("public/list.html", listings=listings, shared=shared is not None,
                           share_url=share_url, printing=request.args.get("print") == "1")


@localized("/list/add", methods=["POST"])
def list_add():
    form = ListButtonForm()
    if not form.validate_on_submit():
        abort(400)
    service = db.session.get(Service, form.service_id.data)
    if service is None or service.status in HIDDEN_STATUSES:  # as load_listing judges
        abort(404)
    if not mylist.add(service.id):
        flash(_("Your list is full. Remove a service to add another."), "error")
    else:
        flash(_("Added to your list."), "success")
    return redirect(_back(form))


@localized("/list/remove", methods=["POST"])
def list_remove():
    form = ListButtonForm()
    if not form.validate_on_submit():
        abort(400)
    mylist.remove(form.service_id.data)
    flash(_("Removed from your list."), "success")
    return redirect(_back(form))


@localized("/list/save", methods=["POST"])
def list_save():
    """Keep a list someone shared as one's own."""
    form = SharedListForm()
    if not form.validate_on_submit():
        abort(400)
    for service_id in mylist.parse(form.services.data):
        mylist.add(service_id)
    return redirect(url_for("public.list_page"))


def _back(form: ListButtonForm) -> str:
    """Where a list button was pressed (a local page only), else the list."""
    return safe_next(form.next.data) or url_for("public.list_page")


@localized("/callback", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def callback():
    form = CallbackForm()
    if not form.is_submitted():
        form.language.data = form.language.data or g.lang
        if request.args.get("need"):
            form.need.data = request.args["need"][:200]
    if form.validate_on_submit():
        # Saved, or kept on disk while the database is down: received either way.
        spool.save_or_keep(sent.CALLBACK, sent.callback_record(form))
        return redirect(url_for("public.callback_sent"))
    status = 400 if form.is_submitted() else 200
    return render_template("public/callback.html", form=form), status


@localized("/callback/sent")
def callback_sent():
    return render_template("public/callback_sent.html", now=datetime.now())


@blueprint.app_template_filter()
def marked(snippet: str) -> Markup:
    """A search snippet: escaped text with ``<mark>`` around matched words."""
    return own_words(Markup(snippet), i18n.current_language())


@blueprint.app_template_filter("own_words")
def own_words_filter(text: str) -> Markup:
    return own_words(text, i18n.current_language())


@blueprint.app_template_global()
def lang_of(text) -> Markup:
    """` lang="en"` for a listing's own words in another language than the page's."""
    return lang_attribute(text, i18n.current_language())


@blueprint.app_template_global()
def language_names(codes) -> list[str]:
    return [i18n.language_name(code, i18n.current_language()) for code in codes]


blueprint.add_app_template_global(directions_url, "directions")
blueprint.add_app_template_global(places_words, "places_open")
blueprint.add_app_template_global(cost_lines)


@blueprint.app_template_global()
def list_form() -> SimpleNamespace:
    """What every "add to my list" button of a page shares, looked up once."""
    return SimpleNamespace(
        token=generate_csrf(), here=request.full_path if request.query_string else request.path,
        add=url_for("public.list_add"), remove=url_for("public.list_remove"),
        add_label=_("Add to my list"), remove_label=_("Remove from my list"))


@blueprint.app_template_global()
def service_url(service_id: str) -> str:
    """``url_for('public.service_page', ...)``, its prefix built once per request."""
    prefix = g.get("_service_prefix")
    if prefix is None:
        prefix = g._service_prefix = url_for("public.service_page", service_id="-")[:-1]
    return prefix + quote(service_id, safe="")


@blueprint.app_template_global()
def place_label(place) -> str:
    """The place as the page's language names it ("ZIP 27701": "código postal 27701")."""
    if place.source == "browser":
        return _("your location")
    if place.label.startswith("ZIP ") and place.zip_code:
        return _("ZIP %(code)s", code=place.zip_code)
    return place.label


# "Is this your organization?" is a page of this blueprint too.
from . import claim  # noqa: E402,F401
