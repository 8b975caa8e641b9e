"""A small known world for the report tests: listings confirmed at known distances from
the period's last day, review items of known ages, referrals answered after known times,
and residents with names, ids and words no report may show.

Everything is fictional. The figures it should give are worked out by hand in
tests/reports/test_health.py.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

from navigator.auth.accounts import create_user
from navigator.directory.models import Attribute, Organization, Service, TaxonomyTerm
from navigator.extensions import db
from navigator.review.models import AccessRequest, ListingReport, Proposal
from navigator.workflow.models import Need, Referral, ReferralEvent, Resident

#: The last day of the period the tests ask for.
END = date(2026, 6, 30)
START = date(2026, 5, 1)
FOOD, PANTRY, HOUSING = "food-term", "pantry-term", "housing-term"
#: What no report page or file may show.
RESIDENTS = ("Zebulon Quixotehaven", "Marisol Thistlewaite-Oyelaran")
FREE_TEXT = ("Quokka lantern kept under the stairs", "Periwinkle mailbox behind the mill")
PASSWORD = "blue-harbor-lantern-47"


def _id() -> str:
    return str(uuid.uuid4())


def _utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def build() -> dict:
    """The world, committed; returns the ids the tests look for."""
    db.session.add_all([
        TaxonomyTerm(id=FOOD, name="Food", description="Food"),
        TaxonomyTerm(id=HOUSING, name="Housing", description="Housing")])
    db.session.flush()
    db.session.add(TaxonomyTerm(id=PANTRY, name="Food pantries", description="Pantries",
                                parent_id=FOOD))
    eno = Organization(id=_id(), name="Eno Food Cooperative", description="x")
    haw = Organization(id=_id(), name="Haw River Housing Trust", description="x")
    db.session.add_all([eno, haw])
    db.session.flush()
    services = {}
    for key, org, terms, assured, status in (
            ("a1", eno, (PANTRY,), 10, "active"),
            ("a2", eno, (PANTRY,), 179, "active"),  # the 180th day counting the last
            ("a3", eno, (FOOD,), 180, "active"),  # a day too old for 180
            ("a4", eno, (FOOD,), None, "active"),  # never confirmed
            ("a5", eno, (FOOD,), 5, "defunct"),  # closed for good: not counted
            ("b1", haw, (HOUSING,), 364, "active"),
            ("b2", haw, (HOUSING,), 365, "active"),
            ("b3", haw, (HOUSING, FOOD), -3, "inactive")):  # confirmed after the end
        service = Service(id=_id(), organization_id=org.id, name=f"Service {key}",
                          status=status,
                          assured_date=None if assured is None else END - timedelta(assured))
        db.session.add(service)
        db.session.flush()
        for term in terms:
            db.session.add(Attribute(id=_id(), link_id=service.id, link_entity="service",
                                     taxonomy_term_id=term))
        services[key] = service
    now = datetime.now(timezone.utc)
    db.session.add_all([
        _proposal(eno, services["a1"], now - timedelta(days=3), "pending"),
        _proposal(eno, services["a1"], now - timedelta(days=40), "pending"),
        _proposal(eno, services["a2"], now - timedelta(days=2), "approved"),
        ListingReport(service_id=services["b1"].id, problem="hours", created_at=now
                      - timedelta(days=10), details=FREE_TEXT[1]),
        ListingReport(service_id=services["b1"].id, problem="hours", status="dismissed",
                      created_at=now - timedelta(days=1)),
        AccessRequest(organization_id=haw.id, name=RESIDENTS[1], email="m@example.org",
                      created_at=now - timedelta(days=1))])
    east = create_user("east@example.org", PASSWORD, "navigator")
    east.team = "East"
    west = create_user("west@example.org", PASSWORD, "navigator")
    west.team = "West"
    provider = create_user("provider@example.org", PASSWORD, "provider", haw.id)
    create_user("admin@example.org", PASSWORD, "admin")
    db.session.flush()
    first = Resident(name=RESIDENTS[0], place="27701", notes=FREE_TEXT[0], created_by=east.id)
    second = Resident(name=RESIDENTS[1], place=" 27703", created_by=west.id)
    db.session.add_all([first, second])
    db.session.flush()
    food_need = Need(resident_id=first.id, taxonomy_term_id=PANTRY, urgency="today",
                     own_words=FREE_TEXT[1], created_by=east.id)
    housing_need = Need(resident_id=second.id, taxonomy_term_id=HOUSING,
                        urgency="today", created_by=west.id)
    db.session.add_all([food_need, housing_need])
    db.session.flush()
    referrals = {}
    for key, resident, need, by, sent, answers in (
            ("r1", first, food_need, east, _utc(2026, 5, 4, 9),
             [(_utc(2026, 5, 5, 21), "accepted", provider)]),
            ("r2", second, housing_need, west, _utc(2026, 5, 10, 12),
             [(_utc(2026, 5, 10, 18), "declined", provider)]),
            ("r3", second, None, east, _utc(2026, 5, 20, 8),
             # a navigator's move is not a provider's answer
             [(_utc(2026, 5, 21, 8), "declined", east)]),
            ("r4", first, housing_need, east, _utc(2026, 6, 2, 8),
             [(_utc(2026, 6, 5, 8), "accepted", provider),
              (_utc(2026, 6, 6, 8), "connected", provider)]),
            ("r5", first, None, east, _utc(2026, 4, 1, 8),  # before the period
             [(_utc(2026, 4, 2, 8), "accepted", provider)]),
            ("r6", first, None, east, None, [])):  # a draft, never sent
        referral = Referral(resident_id=resident.id, service_id=services["b1"].id,
                            organization_id=haw.id, need_id=need.id if need else None,
                            created_by=by.id, status="pending" if sent else "draft",
                            sent_at=sent)
        db.session.add(referral)
        db.session.flush()
        for at, to, user in answers:
            db.session.add(ReferralEvent(referral_id=referral.id, user_id=user.id,
                                         occurred_at=at, from_status="pending",
                                         to_status=to, note=FREE_TEXT[0]))
        referrals[key] = referral.id
    db.session.commit()
    return {"residents": [first.id, second.id], "referrals": referrals,
            "needs": [food_need.id, housing_need.id]}


def _proposal(org, service, created_at, status) -> Proposal:
    return Proposal(organization_id=org.id, resource_type="service", resource_id=service.id,
                    values={"description": "New words"}, previous={"description": ""},
                    proposed_by_email="provider@example.org", created_at=created_at,
                    status=status)
