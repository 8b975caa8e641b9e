"""Every public page at its path in English and at the same path under ``/es``.

A page's language comes from its URL, so a Spanish link shared stays Spanish. The
choice is remembered in a cookie: the home page follows the browser's language only on
a first visit, and the cookie's choice after that (``navigator.i18n.select_locale``).
"""

from __future__ import annotations

from typing import Callable

from flask import Blueprint, current_app, g, request

from navigator.i18n import COOKIE, COOKIE_MAX_AGE, current_language

#: Endpoints served in both languages (filled by ``localized``).
_LOCALIZED: set[str] = set()


def localized(blueprint: Blueprint, rule: str, **options) -> Callable:
    """Route a view at ``rule`` in English and at ``/es`` + ``rule`` in Spanish."""

    def register(view: Callable) -> Callable:
        endpoint = options.pop("endpoint", view.__name__)
        blueprint.add_url_rule(rule, endpoint, view, defaults={"lang": "en"}, **options)
        blueprint.add_url_rule("/es" + rule, endpoint, view, defaults={"lang": "es"},
                               **options)
        _LOCALIZED.add(f"{blueprint.name}.{endpoint}")
        return view

    return register


def init_blueprint(blueprint: Blueprint) -> None:
    @blueprint.url_value_preprocessor
    def take_language(endpoint, values):
        if values is not None and "lang" in values:
            g.lang = values.pop("lang")

    @blueprint.url_defaults
    def give_language(endpoint, values):
        if endpoint in _LOCALIZED and "lang" not in values:
            values["lang"] = current_language()

    @blueprint.after_request
    def remember_language(response):
        lang = g.get("lang")
        if lang and request.cookies.get(COOKIE) != lang:
            # Secure in production as the session's cookie is: behind a proxy that ends
            # TLS (without NAVIGATOR_PROXIES) the request itself looks like plain HTTP.
            secure = current_app.config["SESSION_COOKIE_SECURE"] or request.is_secure
            response.set_cookie(COOKIE, lang, max_age=COOKIE_MAX_AGE, samesite="Lax",
                                httponly=True, secure=secure)
        return response


def localized_endpoints() -> frozenset[str]:
    return frozenset(_LOCALIZED)
