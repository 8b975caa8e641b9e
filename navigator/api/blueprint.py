"""The ``api`` blueprint: open to every origin, rate-limited, errors as JSON."""

from __future__ import annotations

import math
import time

from flask import Blueprint, current_app, jsonify
from flask_cors import CORS
from werkzeug.exceptions import HTTPException

from navigator.extensions import limiter
from navigator.request_input import UnreadableParameter
from navigator.search import BadParameter, PlaceNotFound

blueprint = Blueprint("api", __name__, url_prefix="/api")

# Public data, read-only: any site may read it from a browser; no cookies go along.
CORS(blueprint, origins="*", send_wildcard=True, methods=["GET", "HEAD", "OPTIONS"],
     supports_credentials=False,
     expose_headers=["ETag", "Last-Modified", "Retry-After"], max_age=86_400)


def _rate_limit() -> str:
    return (current_app.config.get("NAVIGATOR_API_RATE_LIMIT") or "off").strip()


def _unlimited() -> bool:
    return _rate_limit().lower() == "off"


# One budget per client for the whole API ("off" is no limit string: the limit is read
# only when it applies).
limiter.shared_limit(lambda: "1 per second" if _unlimited() else _rate_limit(), scope="api",
                     exempt_when=_unlimited)(blueprint)


@blueprint.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    return jsonify(error=error.message, parameter=error.parameter), 400


@blueprint.errorhandler(UnreadableParameter)
def unreadable_parameter(error: UnreadableParameter):
    """A NUL in a parameter (``navigator.request_input``, for every page)."""
    return jsonify(error=error.description, parameter=error.parameter), 400


@blueprint.errorhandler(PlaceNotFound)
def place_not_found(error: PlaceNotFound):
    return jsonify(error=str(error), parameter="near"), 400


@blueprint.errorhandler(429)
def too_many_requests(error: HTTPException):
    limit = limiter.current_limit
    wait = 60
    if limit is not None:  # whole seconds until the window ends, never past its length
        wait = min(max(1, math.ceil(limit.reset_at - time.time())), limit.limit.get_expiry())
    response = jsonify(error=f"Too many requests ({error.description}); try again in "
                       f"{wait} seconds.", status=429)
    response.headers["Retry-After"] = str(wait)
    return response, 429


@blueprint.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return jsonify(error=error.description, status=error.code), error.code
