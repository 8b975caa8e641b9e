"""Which needs a service answers and which services fall under 42 CFR Part 2, both read
from the service's taxonomy terms and the taxonomy's own parent links."""

from __future__ import annotations

from sqlalchemy import select

from navigator.directory.models import Attribute, Service
from navigator.directory.taxonomy_tree import TaxonomyTree
from navigator.extensions import db

from .models import Need, Resident

#: The code of the directory's substance-use category (``directory_data/taxonomy_terms.csv``):
#: a service under it, or under any of its sub-terms ("substance.otp"), is Part 2.
SUBSTANCE_USE_CODE = "substance"


def _service_terms(service: Service) -> set[str]:
    return set(db.session.scalars(select(Attribute.taxonomy_term_id).where(
        Attribute.link_entity == "service", Attribute.link_id == service.id)))


def need_for(resident: Resident, service: Service) -> Need | None:
    """The resident's first open need that ``service`` answers (one of its categories is
    the need's term or under it), or None."""
    tree = TaxonomyTree.load(db.session)
    terms = _service_terms(service)
    for need in resident.needs:
        if need.status == "open" and terms & tree.under([need.taxonomy_term_id]):
            return need
    return None


def fits_need(service: Service, need: Need) -> bool:
    """True when one of the service's categories is the need's or sits under it."""
    tree = TaxonomyTree.load(db.session)
    return bool(_service_terms(service) & tree.under([need.taxonomy_term_id]))


def part2_service_ids(service_ids) -> set[str]:
    """Those of ``service_ids`` with a taxonomy term under the substance-use category: by
    the taxonomy's own parent links (any directory), or by a code under its code."""
    ids = list(service_ids)
    if not ids:
        return set()
    tree = TaxonomyTree.load(db.session)
    substance = tree.under(t for t, code in tree.codes.items() if code == SUBSTANCE_USE_CODE)
    rows = db.session.execute(select(Attribute.link_id, Attribute.taxonomy_term_id).where(
        Attribute.link_entity == "service", Attribute.link_id.in_(ids)))
    return {service_id for service_id, term in rows if term in substance or (
        tree.codes.get(term) or "").startswith(SUBSTANCE_USE_CODE + ".")}


def service_is_part2(service: Service) -> bool:
    """True when one of the service's taxonomy terms sits under the substance-use category."""
    return bool(part2_service_ids([service.id]))
