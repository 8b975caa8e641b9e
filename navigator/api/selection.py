"""Which rows an HSDS API request asks for: its filters, combined with AND.

Filters are SQL on the directory's tables; ``search`` and ``postcode`` with
``proximity`` go through the site's search engine, whose ranking then orders the
answer. Every table has its own selection function; all return a ``Selection``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from sqlalchemy import Select, func, or_, select
from werkzeug.datastructures import MultiDict

from navigator.directory.models import (
    Address, Attribute, Location, Organization, Service, ServiceArea, ServiceAtLocation,
    Taxonomy, TaxonomyTerm,
)
from navigator.extensions import db
from navigator.search import Place, SearchQuery, area_key, covering_areas, ranked_listings
from . import parameters as p
from . import nesting


@dataclass
class Selection:
    """The ids of ``table`` a request selects: ``ids``, a statement of the filtered ids,
    and ``ranked``, the search engine's order when a search chose them."""

    table: str
    ids: Select
    filtered: bool = False
    ranked: list[str] | None = None

    @property
    def id_column(self):
        return db.metadata.tables[self.table].c.id

    def where(self, *conditions) -> None:
        self.ids = self.ids.where(*conditions)
        self.filtered = True

    def _kept(self) -> list[str]:
        if not self.filtered:
            return self.ranked
        allowed = set(db.session.scalars(self.ids))
        return [i for i in self.ranked if i in allowed]

    def page(self, page: int, per_page: int) -> tuple[int, list[str]]:
        """(total number selected, ids of this page)."""
        start = (page - 1) * per_page
        if self.ranked is not None:
            kept = self._kept()
            return len(kept), kept[start:start + per_page]
        total = db.session.scalar(select(func.count()).select_from(self.ids.subquery()))
        ids = db.session.scalars(self.ids.order_by(self.id_column)
                                 .offset(start).limit(per_page)).all()
        return total, list(ids)

    def batches(self) -> Iterator[list[str]]:
        """Every selected id, in batches of ``nesting.CHUNK``: keyset paging, so no query
        holds a cursor open while the batch is written out."""
        size = nesting.CHUNK
        if self.ranked is not None:
            yield from nesting.chunks(self._kept(), size)
            return
        last = None
        while True:
            query = self.ids.order_by(self.id_column).limit(size)
            if last is not None:
                query = query.where(self.id_column > last)
            ids = list(db.session.scalars(query))
            if not ids:
                return
            yield ids
            last = ids[-1]


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v is not None))


def _service_filters(selection: Selection, args: MultiDict, service_id) -> None:
    """taxonomy_term_id, taxonomy_id, organization_id and modified_after, on services
    (``service_id`` is the column holding the service's id; Service is in the query)."""
    term = p.identifier(args, "taxonomy_term_id")
    if term:
        selection.where(service_id.in_(select(Attribute.link_id).where(
            Attribute.link_entity == "service", Attribute.taxonomy_term_id == term)))
    taxonomy = p.identifier(args, "taxonomy_id")
    if taxonomy:
        selection.where(service_id.in_(
            select(Attribute.link_id)
            .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
            .where(Attribute.link_entity == "service", TaxonomyTerm.taxonomy_id == taxonomy)))
    organization = p.identifier(args, "organization_id")
    if organization:
        selection.where(Service.organization_id == organization)
    after = p.modified_after(args)
    if after is not None:
        selection.where(Service.last_modified >= after)


def services(args: MultiDict) -> Selection:
    selection = Selection("service", select(Service.id))
    _service_filters(selection, args, Service.id)
    text = p.words(args)
    if text:
        selection.ranked = _unique(s for s, _ in ranked_listings(SearchQuery(text=text)))
    return selection


def service_at_locations(args: MultiDict) -> Selection:
    selection = Selection("service_at_location", select(ServiceAtLocation.id).join(
        Service, Service.id == ServiceAtLocation.service_id))
    _service_filters(selection, args, ServiceAtLocation.service_id)
    text = p.words(args)
    place, radius_km = p.place(args)
    if place is not None and radius_km is None:
        selection.where(_in_postcode(place))
    if text or radius_km is not None:
        query = SearchQuery(text=text, place=place, radius_km=radius_km,
                            sort="distance" if not text else "relevance")
        selection.ranked = _unique(sal for _, sal in ranked_listings(query))
    return selection


def _in_postcode(place: Place):
    """Offered at an address in the postcode (never a confidential one), or by a service
    whose service area covers it, as the site's search judges areas."""
    postcode = place.zip_code
    located = (select(Address.location_id)
               .join(Location, Location.id == Address.location_id)
               .where(Location.confidential.is_not(True),
                      or_(Address.postal_code == postcode,
                          Address.postal_code.startswith(f"{postcode}-", autoescape=True))))
    covering = covering_areas(place)
    names = [name for name in db.session.scalars(select(ServiceArea.name).distinct())
             if name and area_key(name) in covering]
    covered = select(ServiceArea.service_id).where(ServiceArea.name.in_(names))
    return or_(ServiceAtLocation.location_id.in_(located),
               ServiceAtLocation.service_id.in_(covered))


def organizations(args: MultiDict) -> Selection:
    selection = Selection("organization", select(Organization.id))
    text = p.words(args)
    if text:
        # The organizations of the services the search finds, in their order.
        found = _unique(s for s, _ in ranked_listings(SearchQuery(text=text)))
        owner = {}
        for chunk in nesting.chunks(found):  # only the services found, not the table
            owner.update(db.session.execute(select(Service.id, Service.organization_id)
                                            .where(Service.id.in_(chunk))).all())
        selection.ranked = _unique(owner.get(s) for s in found)
    return selection


def _contains(text: str, *columns):
    return or_(*(func.lower(c).contains(text.lower(), autoescape=True) for c in columns))


def taxonomies(args: MultiDict) -> Selection:
    selection = Selection("taxonomy", select(Taxonomy.id))
    text = p.words(args)
    if text:
        selection.where(_contains(text, Taxonomy.name, Taxonomy.description))
    return selection


def taxonomy_terms(args: MultiDict) -> Selection:
    selection = Selection("taxonomy_term", select(TaxonomyTerm.id))
    text = p.words(args)
    if text:
        selection.where(_contains(text, TaxonomyTerm.name, TaxonomyTerm.code,
                                  TaxonomyTerm.description))
    taxonomy = p.identifier(args, "taxonomy_id")
    if taxonomy:
        selection.where(TaxonomyTerm.taxonomy_id == taxonomy)
    if p.flag(args, "top_only"):
        selection.where(TaxonomyTerm.parent_id.is_(None))
    parent = p.identifier(args, "parent_id")
    if parent:
        selection.where(TaxonomyTerm.parent_id == parent)
    return selection
