"""A tiny directory for the workflow tests: a shelter and an opioid treatment program,
with the taxonomy terms the referral rules look at."""

from __future__ import annotations

import uuid

from navigator.directory.models import (
    Attribute, Organization, Service, Taxonomy, TaxonomyTerm)
from navigator.extensions import db

TAXONOMY = "7a8caafb-a510-574c-96dd-393b3ffff67b"
HOUSING = "a355657e-16d7-524d-bc4a-536aeb395ff5"
SUBSTANCE = "b52ede05-3379-5e85-b241-0f7666092163"
OTP = "87681243-eafb-5e31-bd1f-a67f1d73f169"


def _id() -> str:
    return str(uuid.uuid4())


def make_directory() -> dict:
    """Two organizations: a shelter and an opioid treatment program."""
    db.session.add(Taxonomy(id=TAXONOMY, name="Navigator service categories", description="x"))
    db.session.add_all([
        TaxonomyTerm(id=HOUSING, code="housing", name="Housing", description="x",
                     taxonomy_id=TAXONOMY),
        TaxonomyTerm(id=SUBSTANCE, code="substance", name="Substance use", description="x",
                     taxonomy_id=TAXONOMY),
        TaxonomyTerm(id=OTP, code="substance.otp", name="Opioid treatment program",
                     description="x", parent_id=SUBSTANCE, taxonomy_id=TAXONOMY),
    ])
    made = {}
    for key, term in (("shelter", HOUSING), ("otp", OTP)):
        organization = Organization(id=_id(), name=f"{key} org", description="x")
        service = Service(id=_id(), organization_id=organization.id, name=f"{key} service",
                          status="active")
        db.session.add_all([organization, service, Attribute(
            id=_id(), link_id=service.id, link_entity="service", taxonomy_term_id=term,
            link_type="service_category")])
        made[key] = service
    db.session.flush()
    return made
