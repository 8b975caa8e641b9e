"""The taxonomy as one in-memory tree: each term's parent, names and code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import TaxonomyTerm, TaxonomyTermTranslation


@dataclass
class TaxonomyTree:
    parents: dict[str, str | None] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    codes: dict[str, str | None] = field(default_factory=dict)
    spanish: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, terms: Iterable[str] | None = None) -> "TaxonomyTree":
        """The whole taxonomy, or only ``terms`` and their ancestors (what a few
        listings' categories need, read without the rest of a big taxonomy)."""
        tree = cls()
        rows = select(TaxonomyTerm.id, TaxonomyTerm.parent_id, TaxonomyTerm.name,
                      TaxonomyTerm.code)
        spanish = (select(TaxonomyTermTranslation.taxonomy_term_id,
                          TaxonomyTermTranslation.name)
                   .where(TaxonomyTermTranslation.language == "es"))
        if terms is not None:
            lineage = (select(TaxonomyTerm.id, TaxonomyTerm.parent_id)
                       .where(TaxonomyTerm.id.in_(set(terms))).cte(recursive=True))
            # UNION, not UNION ALL: a cycle in the data ends the recursion.
            lineage = lineage.union(select(TaxonomyTerm.id, TaxonomyTerm.parent_id)
                                    .join(lineage, TaxonomyTerm.id == lineage.c.parent_id))
            rows = rows.where(TaxonomyTerm.id.in_(select(lineage.c.id)))
            spanish = spanish.where(
                TaxonomyTermTranslation.taxonomy_term_id.in_(select(lineage.c.id)))
        for id_, parent, name, code in session.execute(rows):
            tree.parents[id_], tree.names[id_], tree.codes[id_] = parent, name, code
        for id_, name in session.execute(spanish):
            tree.spanish[id_] = name
        return tree

    def lineage(self, term_id: str) -> list[str]:
        """The term and its ancestors, nearest first (a cycle in the data stops it)."""
        chain: list[str] = []
        while term_id in self.parents and term_id not in chain:
            chain.append(term_id)
            term_id = self.parents[term_id]
        return chain

    def under(self, term_ids) -> set[str]:
        """Every term that is one of ``term_ids`` or sits below one of them."""
        wanted = set(term_ids)
        return {term for term in self.parents if wanted.intersection(self.lineage(term))}

    def top(self, term_id: str) -> str:
        """The term's top-level ancestor (itself at the top, or when unknown)."""
        chain = self.lineage(term_id)
        return chain[-1] if chain else term_id
