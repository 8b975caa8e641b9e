"""Factories for the workflow tests: a tiny directory, residents and consents."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from navigator.directory.models import (
    Attribute, Organization, Service, Taxonomy, TaxonomyTerm)
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from navigator.workflow import consents, services

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


def plain_consent(resident, organization_ids, *, user=None, days=30, given_days_ago=0,
                  **extra):
    given = utcnow() - timedelta(days=given_days_ago)
    fields = dict(scope=["contact", "needs"], recipients=list(organization_ids),
                  purpose="Referral for services", method="verbal_recorded_line",
                  given_at=given, valid_until=given + timedelta(days=days))
    fields.update(extra)
    return consents.record_consent(resident, user=user, **fields)


def part2_consent(resident, organization_ids, **extra):
    fields = dict(
        part2=True, scope=["contact", "needs", "substance_use"],
        part2_patient_name="Sam Rivera",
        part2_disclosing_party="City of Durham care navigation",
        part2_information="Name, phone, and that Sam asks for opioid treatment",
        part2_recipients="The opioid treatment program",
        part2_revocation_statement="You may revoke in writing or by telling your navigator",
        part2_signed_by="Sam Rivera", part2_signed_on=utcnow(), method="written")
    fields.update(extra)
    return plain_consent(resident, organization_ids, **fields)


@pytest.fixture
def world(app_context):
    """A directory, a navigator account and a resident, in the test's app context."""
    from navigator.auth.accounts import create_user

    made = make_directory()
    user = create_user("nav@example.org", "blue-harbor-lantern-47", "navigator")
    resident = services.create_resident(user=user, name="Sam Rivera", phone="919-555-0101",
                                        language="en")
    db.session.commit()
    return {"user": user, "resident": resident, **made}


class Visits:
    """A signed-in client that keeps every path asked for and every redirect's Location."""

    def __init__(self, client, staff):
        self.client, self.staff, self.urls = client, staff, []

    def token(self, path):
        return self.staff.csrf(self.client, path)

    def get(self, path, status=200):
        self.urls.append(path)
        response = self.client.get(path)
        assert response.status_code == status, response.get_data(as_text=True)[:2000]
        return response.get_data(as_text=True)

    def post(self, path, data, status=302, form_page=None):
        data = {"csrf_token": self.token(form_page or path), **data}
        self.urls.append(path)
        response = self.client.post(path, data=data)
        assert response.status_code == status, response.get_data(as_text=True)[:3000]
        if status == 302:
            self.urls.append(response.headers["Location"])
            return response.headers["Location"]
        return response.get_data(as_text=True)
