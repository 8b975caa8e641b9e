"""Where a form sends the navigator back to once saved (``next``): only a page of this
workspace, never another site or another part of this one, so that a link made by
someone else cannot turn the form into an open redirect.

The path is read strictly rather than cleaned: a relative path, the workspace or under it,
of the plain characters the workspace's own addresses use (random ids, no dots, no
escapes), that the workspace's own URL map answers with one of its pages.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import current_app, request
from werkzeug.exceptions import HTTPException

PREFIX = "/navigator/"
#: Every character of the workspace's own addresses and of their query strings of ids.
PLAIN = re.compile(r"[A-Za-z0-9/_\-?=&]+")
MAX_LENGTH = 500


def workflow_path(value: str | None) -> str | None:
    """``value`` when it is the path (and query) of a page of this workspace, else None."""
    if not value or len(value) > MAX_LENGTH or not PLAIN.fullmatch(value):
        return None
    parts = urlsplit(value)
    home = parts.path == PREFIX.rstrip("/")
    if parts.scheme or parts.netloc or not (home or parts.path.startswith(PREFIX)) \
            or "//" in parts.path or parts.fragment:
        return None
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        endpoint, _ = adapter.match(parts.path, method="GET")
    except HTTPException:  # not found, wrong method, or a redirect of the map's own
        return None
    return value if endpoint.startswith("workflow.") else None
