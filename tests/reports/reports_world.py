"""A small known world for the connection, follow-up, crisis and equity figures: three
residents served in March 2026 (and one in April), their needs, referrals, handoffs,
contacts and follow-ups, with every figure worked out by hand in the tests.

The people (generated, not real):

====  ===========  ===============  ==============  ==================  ==================
who   place        household        gender          race                ethnicity
====  ===========  ===============  ==============  ==================  ==================
r1    27701        alone            woman           black               not Hispanic
r2    " 27701"     with_children    (none)          black, white        Hispanic
r3    Walltown     (none)           prefer not      (none)              (none)
r4    (none)       (none)           (none)          (none)              (none)
====  ===========  ===============  ==============  ==================  ==================

Eleven more residents live in 27701 and call themselves "Woman", with no record of work:
they make "27701" and "woman" common enough to be named groups (``groups``), while
"Walltown" (one person) is "another answer".

Needs (March): n1 r1 Shelter (under Housing, team HEART), n2 r2 Housing (Diversion), n3
r3 Counseling (under Health, HEART), n4 r1 Health (HEART, closed); n5 r4 Housing (April).

Referrals: f1 r1/n1 connected 03-04 08:00, handoff, chosen; f2 r2/n2 connected 03-04
09:00, not chosen; f3 r3/n3 declined; f4 r1/n4 still pending (need closed), chosen; f5
r2/n2 cancelled after sending, handoff; f6 r3/n3 draft; f7 r3/n3 connected 03-13 10:00,
chosen; f8 r4/n5 connected in April. HEART made f1, f3, f4, f6, f7; Diversion f2, f5.

First contacts: r1 a contact on 02-28 08:00 (before the record, 03-01 08:00), r2 none
(record 03-02 09:00), r3 the record 03-03 10:00 (contact 03-05 10:00). Days to
connection: f1 4 (February has 28 days), f2 2, f7 10.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from navigator.auth.accounts import create_user
from navigator.directory.models import Taxonomy, TaxonomyTerm
from navigator.extensions import db
from navigator.workflow.models import (
    Encounter, FollowUp, Handoff, Need, Referral, ReferralEvent, Resident)

TAXONOMY = "0c3d8a8e-5d4f-4d6f-9c1e-2f7a1b2c3d40"
HOUSING = "0c3d8a8e-5d4f-4d6f-9c1e-2f7a1b2c3d41"
SHELTER = "0c3d8a8e-5d4f-4d6f-9c1e-2f7a1b2c3d42"
HEALTH = "0c3d8a8e-5d4f-4d6f-9c1e-2f7a1b2c3d43"
COUNSELING = "0c3d8a8e-5d4f-4d6f-9c1e-2f7a1b2c3d44"
SERVICE = "0c3d8a8e-5d4f-4d6f-9c1e-2f7a1b2c3d45"
ORGANIZATION = "0c3d8a8e-5d4f-4d6f-9c1e-2f7a1b2c3d46"


def at(text: str) -> datetime:
    """"2026-03-01 10:00" as a UTC time."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def _taxonomy() -> None:
    db.session.add(Taxonomy(id=TAXONOMY, name="Report categories", description="x"))
    for id_, name, parent in ((HOUSING, "Housing", None), (HEALTH, "Health", None),
                              (SHELTER, "Shelter", HOUSING), (COUNSELING, "Counseling", HEALTH)):
        db.session.add(TaxonomyTerm(id=id_, name=name, description="x", parent_id=parent,
                                    taxonomy_id=TAXONOMY))
        db.session.flush()


def _resident(name, created, **fields) -> Resident:
    person = Resident(id=str(uuid.uuid4()), name=name, created_at=at(created), **fields)
    db.session.add(person)
    return person


def _referral(person, need, user, created, status, *, choice=None, sent=True,
              connected=None) -> Referral:
    referral = Referral(id=str(uuid.uuid4()), resident=person, need=need, service_id=SERVICE,
                        organization_id=ORGANIZATION, created_by=user.id,
                        created_at=at(created), status=status, resident_choice=choice,
                        sent_at=at(created) if sent else None,
                        connected_at=at(connected) if connected else None)
    db.session.add(referral)
    db.session.add(ReferralEvent(referral=referral, to_status="draft",
                                 occurred_at=at(created)))
    if connected:
        db.session.add(ReferralEvent(referral=referral, from_status="accepted",
                                     to_status="connected", occurred_at=at(connected)))
    return referral


def _handoff(referral, when, user) -> None:
    db.session.add(Handoff(referral=referral, method="three_way_call", contact_person="Intake",
                           happened_at=at(when), resident_present=True, outcome="connected",
                           recorded_by=user.id))


def _contact(person, when, user, crisis=None) -> Encounter:
    contact = Encounter(id=str(uuid.uuid4()), resident=person, kind="in_person",
                        happened_at=at(when), crisis_outcome=crisis, recorded_by=user.id)
    db.session.add(contact)
    return contact


def _follow_up(person, due, *, referral=None, contact=None, created=None, done=None):
    db.session.add(FollowUp(resident=person, referral=referral, encounter=contact,
                            due_at=at(due), created_at=at(created or due),
                            done_at=at(done) if done else None,
                            outcome="waiting" if done else None))


def make_world() -> dict:
    """The world above, committed; returns the ids the tests name."""
    _taxonomy()
    heart = create_user("heart@example.org", "blue-harbor-lantern-47", "navigator")
    diversion = create_user("diversion@example.org", "blue-harbor-lantern-47", "navigator")
    heart.team, diversion.team = "HEART", "Diversion"
    r1 = _resident("Avery Test", "2026-03-01 08:00", place="27701", household="alone",
                   gender="woman", race=["black"], ethnicity="not_hispanic_latino")
    r2 = _resident("Blake Test", "2026-03-02 09:00", place=" 27701",
                   household="with_children", race=["black", "white"],
                   ethnicity="hispanic_latino")
    r3 = _resident("Casey Test", "2026-03-03 10:00", place="Walltown",
                   gender="prefer_not_to_say")
    r4 = _resident("Devon Test", "2026-04-01 09:00")
    for number in range(11):
        _resident(f"Filler {number} Test", "2026-01-05 09:00", place="27701", gender="Woman ")

    def need(person, term, user, created, status="open"):
        made = Need(id=str(uuid.uuid4()), resident=person, taxonomy_term_id=term,
                    urgency="this_week", created_by=user.id, created_at=at(created),
                    status=status)
        db.session.add(made)
        return made

    n1 = need(r1, SHELTER, heart, "2026-03-01 09:00")
    n2 = need(r2, HOUSING, diversion, "2026-03-02 10:00")
    n3 = need(r3, COUNSELING, heart, "2026-03-03 11:00")
    n4 = need(r1, HEALTH, heart, "2026-03-10 09:00", status="closed")
    n5 = need(r4, HOUSING, heart, "2026-04-03 09:00")
    f1 = _referral(r1, n1, heart, "2026-03-01 10:00", "connected", choice=True,
                   connected="2026-03-04 08:00")
    f2 = _referral(r2, n2, diversion, "2026-03-02 11:00", "connected", choice=False,
                   connected="2026-03-04 09:00")
    _referral(r3, n3, heart, "2026-03-03 12:00", "declined")
    f4 = _referral(r1, n4, heart, "2026-03-10 10:00", "pending", choice=True)
    f5 = _referral(r2, n2, diversion, "2026-03-05 10:00", "cancelled")
    _referral(r3, n3, heart, "2026-03-06 10:00", "draft", sent=False)
    f7 = _referral(r3, n3, heart, "2026-03-07 10:00", "connected", choice=True,
                   connected="2026-03-13 10:00")
    _referral(r4, n5, heart, "2026-04-03 10:00", "connected", connected="2026-04-05 10:00")
    _handoff(f1, "2026-03-01 11:00", heart)
    _handoff(f5, "2026-03-05 11:00", diversion)
    e1 = _contact(r1, "2026-02-28 08:00", heart, "de_escalated_on_scene")
    e3 = _contact(r3, "2026-03-05 10:00", diversion, "emergency_department")
    _contact(r2, "2026-03-20 10:00", diversion, "de_escalated_on_scene")
    _contact(r3, "2026-03-21 10:00", heart)
    _follow_up(r1, "2026-03-03 10:00", referral=f1, done="2026-03-02 09:00")
    _follow_up(r2, "2026-03-04 11:00", referral=f2, done="2026-03-04 11:00")  # 48 h exactly
    _follow_up(r3, "2026-03-07 10:00", contact=e3, done="2026-03-08 10:00")  # 72 h
    _follow_up(r1, "2026-03-12 10:00", referral=f4)  # overdue
    _follow_up(r3, "2099-03-09 10:00", referral=f7, created="2026-03-07 10:00")
    _follow_up(r1, "2026-03-02 08:00", contact=e1, done="2026-03-01 08:00")  # February's
    db.session.commit()
    return {"heart": heart.id, "diversion": diversion.id}
