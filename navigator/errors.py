"""Error pages: a person who hits one still sees the crisis lines and a way back.

An error page never depends on the database: the session is rolled back first (a failed
transaction would refuse the next query), and when the signed-in user cannot be loaded the
page is rendered as for an anonymous visitor. The database being down is a 503 with
``Retry-After``, not a 500.
"""

from __future__ import annotations

from flask import (Flask, Response, current_app, jsonify, make_response, render_template,
                   request)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from .auth.access import without_user
from .error_log import loggable, summary
from .outage import RETRY_AFTER, is_outage, rollback_quietly
from .request_input import printable
from .search import IndexNotReady


def _words(code: int) -> tuple[str, str]:
    if code == 404:
        return _("Page not found"), _("We could not find that page. The link may be old, "
                                      "or the service may no longer be listed.")
    if code == 403:
        return _("Not for this account"), _("Your account cannot open this page. If you "
                                            "need it for your work, ask an administrator.")
    if code == 429:
        return _("Too many tries"), _("You sent this form several times in a short while. "
                                      "Please wait a few minutes and try again.")
    if code in (400, 405):
        return _("We could not read that"), _("Something in the request was not what we "
                                               "expected. Please go back and try again.")
    if code == 503:
        return _("Navigator is not available right now"), _(
            "We cannot reach our list of services at the moment. Please try again in a few "
            "minutes. If you need help now, call one of the numbers at the top of this page.")
    return _("Something went wrong"), _("Sorry, this page did not work. Please try again, "
                                        "or call 211 for help finding services.")


def _page(code: int, description: str | None = None) -> Response:
    if request.path.startswith("/api/") or request.path == "/api":
        response = jsonify(error=description, status=code)
    else:
        title, message = _words(code)
        response = make_response(render_template("error.html", title=title, message=message))
    response.status_code = code
    if code >= 500:
        response.headers["Cache-Control"] = "no-store"
    return response


def _settle() -> None:
    """The session rolled back and the signed-in user (if any) loaded before rendering;
    when the user cannot be loaded, the page is rendered as for an anonymous visitor."""
    rollback_quietly()
    try:
        current_user.is_authenticated  # noqa: B018 -- loads (or refreshes) the user now
    except SQLAlchemyError:
        rollback_quietly()
        without_user()


def unavailable(error: BaseException) -> Response:
    """The answer while the database is down: 503, come back in RETRY_AFTER seconds."""
    rollback_quietly()
    without_user()
    current_app.logger.warning("database unavailable on %s: %s", printable(request.path),
                               summary(error))
    response = _page(503, f"The service is unavailable for a moment; try again in "
                          f"{RETRY_AFTER} seconds.")
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


def not_ready(error: IndexNotReady) -> Response:
    """The answer of a host whose search index is missing or unreadable: 503, come
    back in a moment (the host's follower builds it; a request never does)."""
    _settle()
    current_app.logger.warning("search index not ready on %s", printable(request.path))
    response = _page(503, "Search is not ready on this server yet; try again in "
                          f"{RETRY_AFTER} seconds.")
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


def register(app: Flask) -> None:
    app.register_error_handler(IndexNotReady, not_ready)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        _settle()
        return _page(error.code or 500, error.description)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if is_outage(error):
            return unavailable(error)
        # Never the data the request carried: see navigator.error_log. A control
        # character of the path (a NUL, a line break, an escape) is written escaped: a
        # request cannot forge or garble a line of the log.
        app.logger.error("unhandled error on %s", printable(request.path),
                         exc_info=loggable(error))
        return http_error(InternalServerError())
