"""The taxonomy's names in English and in Spanish, as an admin edits them.

English is the HSDS ``taxonomy_term.name``; Spanish is Navigator's own
``taxonomy_term_translation`` row. A change is audited and commits with its audit
event; the search index follows on its own (the change log says "rebuild" for any
committed change of a taxonomy term or translation, their names being in many listings'
documents: ``navigator.directory.changes``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from navigator.audit import record
from navigator.directory.models import TaxonomyTerm, TaxonomyTermTranslation
from navigator.extensions import db

SPANISH = "es"


@dataclass
class TermNames:
    term: TaxonomyTerm
    spanish: str | None


def terms() -> list[TermNames]:
    """Every term, by English name, with its Spanish name if it has one."""
    spanish = dict(db.session.execute(
        select(TaxonomyTermTranslation.taxonomy_term_id, TaxonomyTermTranslation.name)
        .where(TaxonomyTermTranslation.language == SPANISH)).all())
    return [TermNames(term, spanish.get(term.id)) for term in db.session.scalars(
        select(TaxonomyTerm).order_by(TaxonomyTerm.name, TaxonomyTerm.id))]


def find(term_id: str) -> TermNames | None:
    term = db.session.get(TaxonomyTerm, term_id) if isinstance(term_id, str) else None
    if term is None:
        return None
    translation = db.session.get(TaxonomyTermTranslation, (term_id, SPANISH))
    return TermNames(term, translation.name if translation else None)


def rename(term: TaxonomyTerm, english: str, spanish: str | None, *, user) -> bool:
    """Set the term's English name and its Spanish one (none: the English name is shown
    in Spanish too); audited when anything changed. The caller commits. True if changed."""
    english = english.strip()
    spanish = (spanish or "").strip() or None
    translation = db.session.get(TaxonomyTermTranslation, (term.id, SPANISH))
    changed = False
    if term.name != english:
        term.name = english
        changed = True
    if spanish is None and translation is not None:
        db.session.delete(translation)
        changed = True
    elif spanish is not None and translation is None:
        db.session.add(TaxonomyTermTranslation(taxonomy_term_id=term.id, language=SPANISH,
                                               name=spanish))
        changed = True
    elif spanish is not None and translation.name != spanish:
        translation.name = spanish
        changed = True
    if changed:
        record("taxonomy_term.rename", "taxonomy_term", term.id, user=user)
    return changed
