"""HTTP validators of the HSDS API: an ETag and a Last-Modified that change with the data.

Every committed change of the directory writes a row of its change log
(``navigator.directory.changes``) in the change's own transaction: the newest row's id
and time say when the directory last changed, the same on every host and worker, at
once (the answers here are read from the database, not from a host's search index).
The latest ``last_modified`` of services is kept in the tag besides (a service's own
date may be set ahead). Computed once per request, they answer ``If-None-Match`` and
``If-Modified-Since`` with a 304 before any other query.
"""

from __future__ import annotations

import hashlib
import time
from datetime import datetime, timezone
from functools import wraps

from flask import Response, current_app, request
from sqlalchemy import func, select
from werkzeug.http import is_resource_modified

from navigator.directory.models import DirectoryChange, Service
from navigator.extensions import db

#: Changes when the JSON this code writes changes, so caches drop old answers.
REPRESENTATION = "hsds-3.0/3"


#: Validators are computed again after this many seconds even when the log did not
#: change; at once when it did.
FRESH_SECONDS = 2.0
#: Where each app keeps its last validators (in ``app.extensions``).
EXTENSION = "navigator.api.validators"


def newest_change() -> tuple[int, float]:
    """(id, commit time in seconds since the epoch) of the directory's newest change."""
    row = db.session.execute(select(DirectoryChange.id, DirectoryChange.changed_at)
                             .order_by(DirectoryChange.id.desc()).limit(1)).first()
    return (row[0], row[1].timestamp()) if row else (0, 0.0)


def validators() -> tuple[str, datetime]:
    """(ETag, Last-Modified) of the directory as it is now."""
    stamp = newest_change()
    now = time.monotonic()
    last = current_app.extensions.setdefault(EXTENSION, {})
    if last.get("stamp") == stamp and now - last["at"] < FRESH_SECONDS:
        return last["validators"]
    found = _compute(*stamp)
    last.update(stamp=stamp, at=now, validators=found)
    return found


def _compute(change: int, written: float) -> tuple[str, datetime]:
    latest = db.session.scalar(select(func.max(Service.last_modified)))
    tag = hashlib.sha256(repr((REPRESENTATION, change, latest)).encode()).hexdigest()[:32]
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
