"""A service's own words in another language: what editors call to set them.

The public pages show a translation's texts instead of the English where present
(``listing.load_listing``, the search documents); an empty text falls back to the
English. Changes are written in the caller's session, not committed, and with
``updated_by`` leave ``metadata`` rows (``provenance.change``) like any other edit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from navigator.extensions import db
from .models import TRANSLATED_FIELDS, Service, ServiceTranslation
from .provenance import change

#: Languages a service may be translated into (the public site's other language).
LANGUAGES = ("es",)


def set_translation(service: Service, language: str, *, updated_by: str | None = None,
                    on: date | None = None, **texts: str | None) -> ServiceTranslation | None:
    """Set some of ``service``'s texts in ``language`` (``name=``, ``description=``,
    ``eligibility_description=``, ``application_process=``; the others stay as they
    are). An empty text removes that text's translation; a translation left with no
    text is deleted. Returns the translation, or None when none is left.

    Raises ValueError for a language or a text that cannot be translated."""
    if language not in LANGUAGES:
        raise ValueError(f"no translations into {language!r}: only {', '.join(LANGUAGES)}")
    unknown = set(texts) - set(TRANSLATED_FIELDS)
    if unknown:
        raise ValueError("not translatable: " + ", ".join(sorted(unknown)))
    values: dict[str, Any] = {name: _clean(text) for name, text in texts.items()}
    translation = db.session.get(ServiceTranslation, (service.id, language))
    if translation is None:
        if not any(values.values()):
            return None
        translation = ServiceTranslation(service_id=service.id, language=language)
        service.translations.append(translation)
    if updated_by:
        change(translation, values, updated_by=updated_by, on=on or date.today(),
               resource_id=service.id, field_prefix=f"{language}:")
    else:
        for name, value in values.items():
            setattr(translation, name, value)
    if not any(getattr(translation, name) for name in TRANSLATED_FIELDS):
        service.translations.remove(translation)
        return None
    return translation


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise ValueError("a translation's text is a string")
    return text.strip() or None
