"""``/api/search``: the search engine as JSON (DESIGN.md's contract); the HSDS 3.0 API,
the OpenAPI document and its page register themselves on the same blueprint."""

from __future__ import annotations

from flask import jsonify, request

from navigator.search import place_for, search, search_query_from
from .blueprint import blueprint

__all__ = ["blueprint"]


@blueprint.get("/search")
def api_search():
    query, _ = search_query_from(request.args, place_for=place_for)
    results = search(query)
    return jsonify(
        total=results.total,
        page=results.page,
        per_page=results.per_page,
        results=[{
            "service_id": hit.service_id,
            "service_at_location_id": hit.service_at_location_id,
            "name": hit.name,
            "organization": hit.organization,
            # A point at its ZIP code's centre gives no measured distance, only the ZIP
            # distance the ranking, radius and facet use (docs/search.md).
            "distance_km": hit.exact_distance_km,
            "zip_distance_km": hit.distance_km if hit.approximate else None,
            "score": hit.score,
            "snippet": hit.snippet,
            "open_now": hit.open_now,
            "location": ({"lat": hit.lat, "lon": hit.lon, "postal_code": hit.postal_code,
                          "coordinates_approximate": hit.approximate}
                         if hit.lat is not None and hit.lon is not None else None),
        } for hit in results.hits],
        facets=results.facets,
        suggestion=results.suggestion,
        crisis=results.crisis,
        place=({"label": results.place.label, "lat": results.place.lat,
                "lon": results.place.lon, "approximate": results.place.approximate}
               if results.place else None),
    )


from . import documentation, known_parameters, resources  # noqa: E402,F401  (on this blueprint)
