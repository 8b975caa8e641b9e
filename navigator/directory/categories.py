"""The directory's top-level categories and how many listed services each holds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from navigator.extensions import db
from .models import Attribute, Service, TaxonomyTerm
from .taxonomy_tree import TaxonomyTree

#: Statuses never shown to the public.
HIDDEN_STATUSES = ("inactive", "defunct")


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    description: str
    service_count: int


def category_counts() -> list[Category]:
    """Top-level terms with the number of visible services filed under them."""
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
    return [
        Category(term.id, term.name, term.description, len(services_by_top.get(term.id, ())))
        for term in terms
        if term.id in services_by_top
    ]
