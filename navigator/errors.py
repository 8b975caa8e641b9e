"""Error pages: a person who hits one still sees the crisis lines and a way back."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

from .error_log import loggable


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
    return _("Something went wrong"), _("Sorry, this page did not work. Please try again, "
                                        "or call 211 for help finding services.")


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.startswith("/api/") or request.path == "/api":
            return jsonify(error=error.description, status=error.code), error.code
        title, message = _words(error.code or 500)
        return render_template("error.html", title=title, message=message), error.code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        # Never the data the request carried: see navigator.error_log.
        app.logger.error("unhandled error on %s", request.path, exc_info=loggable(error))
        return http_error(InternalServerError())
