"""The directory's top-level categories and how many listed services each holds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from navigator.extensions import db
from .models import Attribute, Service, TaxonomyTerm, TaxonomyTermTranslation
from .taxonomy_tree import TaxonomyTree

#: Statuses never shown to the public.
HIDDEN_STATUSES = ("inactive", "defunct")


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    description: str
    service_count: int


def category_counts(lang: str = "en") -> list[Category]:
    """Top-level terms with the number of visible services filed under them, named in
    ``lang`` where the taxonomy has a translation."""
    tree = TaxonomyTree.load(db.session)
    links = db.session.execute(
        select(Attribute.taxonomy_term_id, Attribute.link_id)
        .join(Service, Service.id == Attribute.link_id)
        .where(Attribute.link_entity == "service", Service.status.not_in(HIDDEN_STATUSES))
    )
    services_by_top: dict[str, set[str]] = {}
    for term_id, service_id in links:
        services_by_top.setdefault(tree.top(term_id), set()).add(service_id)
    terms = db.session.execute(
        select(TaxonomyTerm).where(TaxonomyTerm.parent_id.is_(None)).order_by(TaxonomyTerm.name)
    ).scalars()
    translated = {}
    if lang != "en":
        translated = {row.taxonomy_term_id: row for row in db.session.scalars(
            select(TaxonomyTermTranslation).where(TaxonomyTermTranslation.language == lang))}
    found = []
    for term in terms:
        if term.id not in services_by_top:
            continue
        other = translated.get(term.id)
        found.append(Category(
            term.id, other.name if other else term.name,
            (other.description if other and other.description else term.description),
            len(services_by_top[term.id])))
    return sorted(found, key=lambda c: c.name) if translated else found
