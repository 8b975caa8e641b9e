"""English and Spanish: every public page at its path and at the same path under ``/es``.

A page's language comes from its URL, so a Spanish link shared stays Spanish. The
choice is remembered in a cookie: the home page follows the browser's language only on
a first visit, and the cookie's choice after that.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable

from flask import Blueprint, Flask, g, has_request_context, request
from flask_babel import force_locale, get_locale, get_translations

LANGUAGES = ("en", "es")
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
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
            response.set_cookie(COOKIE, lang, max_age=COOKIE_MAX_AGE, samesite="Lax",
                                httponly=True, secure=request.is_secure)
        return response


def localized_endpoints() -> frozenset[str]:
    return frozenset(_LOCALIZED)


def select_locale() -> str:
    """The page's language; elsewhere (errors, API) the cookie's, then the browser's;
    English outside requests (commands)."""
    if not has_request_context():
        return "en"
    lang = g.get("lang")
    if lang in LANGUAGES:
        return lang
    if request.path == "/es" or request.path.startswith("/es/"):
        return "es"  # a Spanish address that matched no page: the error page in Spanish
    if request.cookies.get(COOKIE) in LANGUAGES:
        return request.cookies[COOKIE]
    return request.accept_languages.best_match(LANGUAGES) or "en"


def current_language() -> str:
    return str(get_locale() or "en")


@contextmanager
def in_language(lang: str):
    """Everything in the block (templates too) in ``lang``: Flask-Babel's force_locale,
    and this module's per-request catalog set aside for the block."""
    saved = g.pop("_translations", None)
    try:
        with force_locale(lang):
            yield lang
    finally:
        g.pop("_translations", None)
        if saved is not None:
            g._translations = saved


def _translations():
    """This request's catalog, looked up once: Flask-Babel finds it anew on each call, and
    a results page asks for some eighty strings (a fifth of its time went to that)."""
    found = g.get("_translations")
    if found is None:
        found = g._translations = get_translations()
    return found


def init_app(app: Flask) -> None:
    from navigator.extensions import babel

    babel.init_app(app, locale_selector=select_locale)
    # Jinja fills in (and escapes) the placeholders itself.
    app.jinja_env.install_gettext_callables(
        lambda text: _translations().ugettext(text),
        lambda singular, plural, n: _translations().ungettext(singular, plural, n),
        newstyle=True)
    app.jinja_env.globals.update(current_language=current_language, LANGUAGES=LANGUAGES)
