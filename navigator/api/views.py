"""``/api/search``: the search engine as JSON (DESIGN.md's contract)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from navigator.search import PlaceNotFound, SearchQuery, place_for, search
from .params import BadParameter, boolean, choices, integer, language_codes, number, text

blueprint = Blueprint("api", __name__, url_prefix="/api")

COSTS = frozenset({"free", "sliding", "medicaid", "medicare", "insurance"})
ACCESS = frozenset({"wheelchair", "elevator", "parking", "sign_language", "hearing_loop",
                    "braille"})


@blueprint.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    return jsonify(error=error.message, parameter=error.parameter), 400


@blueprint.errorhandler(PlaceNotFound)
def place_not_found(error: PlaceNotFound):
    return jsonify(error=str(error), parameter="near"), 400


def search_query_from(args, locale: str = "en") -> SearchQuery:
    """A SearchQuery from query-string arguments, or BadParameter."""
    lat = number(args, "lat", low=-90, high=90)
    lon = number(args, "lon", low=-180, high=180)
    if (lat is None) != (lon is None):
        raise BadParameter("lat" if lat is None else "lon", "lat and lon go together")
    near = text(args, "near", max_length=200)
    sort = args.get("sort", "relevance")
    if sort not in ("relevance", "distance"):
        raise BadParameter("sort", "sort must be relevance or distance")
    return SearchQuery(
        text=text(args, "q", max_length=500),
        place=place_for(near=near, lat=lat, lon=lon),
        radius_km=number(args, "radius_km", low=0.1, high=500),
        taxonomy_term_ids=choices(args, "taxonomy_term_id"),
        languages=choices(args, "language", language_codes()),
        cost=choices(args, "cost", COSTS),
        access=choices(args, "accessibility", ACCESS),
        age=number(args, "age", low=0, high=130),
        open_now=boolean(args, "open_now"),
        accepting=boolean(args, "accepting_referrals"),
        sort=sort,
        page=integer(args, "page", low=1, high=10_000, default=1),
        per_page=integer(args, "per_page", low=1, high=100, default=20),
        locale=locale,
    )


@blueprint.get("/search")
def api_search():
    results = search(search_query_from(request.args))
    return jsonify(
        total=results.total,
        page=results.page,
        per_page=results.per_page,
        results=[{
            "service_id": hit.service_id,
            "service_at_location_id": hit.service_at_location_id,
            "name": hit.name,
            "organization": hit.organization,
            "distance_km": hit.distance_km,
            "score": hit.score,
            "snippet": hit.snippet,
            "open_now": hit.open_now,
            "location": ({"lat": hit.lat, "lon": hit.lon}
                         if hit.lat is not None and hit.lon is not None else None),
        } for hit in results.hits],
        facets=results.facets,
        suggestion=results.suggestion,
        place=({"label": results.place.label, "lat": results.place.lat,
                "lon": results.place.lon, "approximate": results.place.approximate}
               if results.place else None),
    )
