"""Security headers on every response, and no caching of signed-in pages."""

from __future__ import annotations

from flask import Flask, Response
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

# Pages use only files from /static (no inline script or style) and a data: favicon.
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; object-src 'none'; "
                           "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    production = app.config.get("NAVIGATOR_ENV") == "production"

    @app.after_request
    def secure_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if production:
            # Only where the site is served over HTTPS: a browser told this over plain
            # HTTP during development would refuse the development server for a year.
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        try:
            signed_in = current_user.is_authenticated
        except SQLAlchemyError:
            # Who is signed in could not be read (the database is down, say): whoever it
            # is, the response is not kept.
            signed_in = True
        if signed_in:
            # Staff pages may show resident data: never kept by a browser or a proxy.
            response.headers["Cache-Control"] = "no-store"
        return response
