"""The directory's top-level categories and how many listed services each holds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from navigator.extensions import db
from .models import Attribute, Service, TaxonomyTerm

#: Statuses never shown to the public.
HIDDEN_STATUSES = ("inactive", "defunct")


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    description: str
    service_count: int


def top_ancestors() -> dict[str, str]:
    """Map every taxonomy term id to the id of its top-level ancestor."""
    parents = dict(db.session.execute(select(TaxonomyTerm.id, TaxonomyTerm.parent_id)).all())
    tops: dict[str, str] = {}
    for term_id in parents:
        seen = []
        current = term_id
        # Walk up; a cycle in messy data stops at the first repeat.
        while parents.get(current) in parents and current not in seen:
            seen.append(current)
            current = parents[current]
        tops[term_id] = current
    return tops


def category_counts() -> list[Category]:
    """Top-level terms with the number of visible services filed under them."""
    tops = top_ancestors()
    links = db.session.execute(
        select(Attribute.taxonomy_term_id, Attribute.link_id)
        .join(Service, Service.id == Attribute.link_id)
        .where(Attribute.link_entity == "service", Service.status.not_in(HIDDEN_STATUSES))
    )
    services_by_top: dict[str, set[str]] = {}
    for term_id, service_id in links:
        services_by_top.setdefault(tops.get(term_id, term_id), set()).add(service_id)
    terms = db.session.execute(
        select(TaxonomyTerm).where(TaxonomyTerm.parent_id.is_(None)).order_by(TaxonomyTerm.name)
    ).scalars()
    return [
        Category(term.id, term.name, term.description, len(services_by_top.get(term.id, ())))
        for term in terms
        if term.id in services_by_top
    ]
