"""``/healthz``: whether this host can answer searches, for the load balancer.

200 ``{"ready": true, ...}`` when its search index is readable and the database
answers; 503 with ``"ready": false`` otherwise (no index yet: the host's follower is
building it). The index's change and the database's newest change say how far behind
the index is.
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from .search import health

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():
    found = health()
    response = jsonify(found)
    response.status_code = 200 if found["ready"] else 503
    response.headers["Cache-Control"] = "no-store"
    return response
