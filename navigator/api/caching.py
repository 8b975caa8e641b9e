"""HTTP validators of the HSDS API: an ETag and a Last-Modified that change with the data.

Every committed change of the directory, by whichever process made it, makes a new
search index generation (listings re-indexed, or an empty commit for what no listing
shows: ``navigator.search.sync``), so the generation and the time it was written say
when the directory changed; row counts and the latest ``last_modified`` of services are
kept in the tag besides. Computed once per request, they
answer ``If-None-Match`` and ``If-Modified-Since`` with a 304 before any other query.
"""

from __future__ import annotations

import hashlib
import time
from datetime import datetime, timezone
from functools import wraps

from flask import Response, current_app, request
from sqlalchemy import func, select
from werkzeug.http import is_resource_modified

from navigator.directory.models import (
    Location, Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm,
)
from navigator.extensions import db
from navigator.search import directory_stamp

#: Changes when the JSON this code writes changes, so caches drop old answers.
REPRESENTATION = "hsds-3.0/2"


#: Validators are computed again after this many seconds even when the index did not
#: change (the counts cover rows it does not hold); sooner when it did.
FRESH_SECONDS = 2.0
#: Where each app keeps its last validators (in ``app.extensions``).
EXTENSION = "navigator.api.validators"


def validators() -> tuple[str, datetime]:
    """(ETag, Last-Modified) of the directory as it is now (at most ``FRESH_SECONDS``
    old, per app in each process, for rows the search index does not hold)."""
    stamp = directory_stamp()
    now = time.monotonic()
    last = current_app.extensions.setdefault(EXTENSION, {})
    if last.get("stamp") == stamp and now - last["at"] < FRESH_SECONDS:
        return last["validators"]
    found = _compute(*stamp)
    last.update(stamp=stamp, at=now, validators=found)
    return found


def _compute(generation: int, written: float) -> tuple[str, datetime]:
    counts = [select(func.count()).select_from(model).scalar_subquery()
              for model in (Service, ServiceAtLocation, Location, Organization, Taxonomy,
                            TaxonomyTerm)]
    latest_service = select(func.max(Service.last_modified)).scalar_subquery()
    row = db.session.execute(select(latest_service, *counts)).one()
    latest = row[0]
    tag = hashlib.sha256(repr((REPRESENTATION, generation, *row)).encode()).hexdigest()[:32]
    moments = [datetime.fromtimestamp(written, timezone.utc)]
    if latest is not None:
        moments.append(latest if latest.tzinfo else latest.replace(tzinfo=timezone.utc))
    return tag, max(moments).replace(microsecond=0)


def conditional(view):
    """Answer a conditional GET with 304 when nothing changed; else tag the answer."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        etag, last_modified = validators()
        if not is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
            response = Response(status=304)
        else:
            response = view(*args, **kwargs)
            if not isinstance(response, Response) or response.status_code != 200:
                return response
        response.set_etag(etag, weak=True)
        response.last_modified = last_modified
        response.cache_control.public = True
        response.cache_control.no_cache = True  # may be kept, but asked again each time
        return response

    return wrapper
