"""English and Spanish for the whole app: the Babel set-up, the request's language, a
block rendered in another language, and languages' names.

The public pages take their language from their URL (``navigator.public.localized``
puts it in ``g.lang``); every other page follows the ``lang`` cookie those pages set,
then the browser's language.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache

from babel import Locale
from flask import Flask, g, has_request_context, request
from flask_babel import force_locale, get_locale, get_translations

LANGUAGES = ("en", "es")
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


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


@lru_cache(maxsize=1024)
def language_name(code: str, lang: str) -> str:
    """A language's name in ``lang`` ("es" is "Spanish" in English, "español" in
    Spanish), capitalized; the code itself when Babel does not know it."""
    name = Locale(lang).languages.get(code.split("-")[0].lower())
    return name[:1].upper() + name[1:] if name else code


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
