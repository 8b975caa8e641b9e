"""The directory's categories as a provider chooses among them: each term with its
English name and its Spanish one, found by either.

A search keeps the terms already chosen in view, first: a choice hidden by the search
would be sent unchecked, and so dropped from the listing without anyone meaning to.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import select

from navigator.directory.models import TaxonomyTerm, TaxonomyTermTranslation
from navigator.extensions import db

SPANISH = "es"


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    spanish: str | None
    code: str | None


def every_term() -> list[Term]:
    """Every term of the directory, by English name."""
    spanish = dict(db.session.execute(
        select(TaxonomyTermTranslation.taxonomy_term_id, TaxonomyTermTranslation.name)
        .where(TaxonomyTermTranslation.language == SPANISH)).all())
    return [Term(id_, name, spanish.get(id_), code) for id_, name, code in db.session.execute(
        select(TaxonomyTerm.id, TaxonomyTerm.name, TaxonomyTerm.code)
        .order_by(TaxonomyTerm.name, TaxonomyTerm.id))]


def _folded(text: str | None) -> str:
    """``text`` without case or accents: "vivienda" finds "Vivienda", "salud" "Salúd"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def matches(term: Term, query: str) -> bool:
    """Whether each word of ``query`` is in the term's English or Spanish name or code."""
    names = " ".join(_folded(t) for t in (term.name, term.spanish, term.code))
    return all(word in names for word in _folded(query).split())


def shown(terms: list[Term], chosen: list[str], query: str = "") -> list[Term]:
    """The chosen terms first, then the others that match ``query`` (all of them
    when there is none), each list by English name."""
    picked = set(chosen)
    return [t for t in terms if t.id in picked] + [
        t for t in terms if t.id not in picked and matches(t, query)]
