"""A resident's needs, without a request: recorded and closed with an audit record each,
and the active services that answer them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from navigator.audit import AuditEvent
from navigator.extensions import db
from navigator.workflow import needs
from navigator.workflow.models import Need

from tests.workflow.directory_factory import HOUSING, OTP, SUBSTANCE


def _audit(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_a_need_is_recorded_open_with_who_added_it_and_audited(world):
    user, resident = world["user"], world["resident"]
    need = needs.create_need(resident, taxonomy_term_id=HOUSING, urgency="today",
                             own_words="sleeping in my car", user=user)
    db.session.commit()
    assert need.id and need.resident is resident and need in resident.needs
    assert (need.taxonomy_term_id, need.urgency, need.own_words, need.status,
            need.created_by) == (HOUSING, "today", "sleeping in my car", "open", user.id)
    [event] = _audit("need.create")
    assert (event.entity_type, event.entity_id, event.user_id) == ("need", need.id, user.id)


def test_a_need_of_unknown_urgency_is_refused(world):
    with pytest.raises(ValueError, match="urgency"):
        needs.create_need(world["resident"], taxonomy_term_id=HOUSING, urgency="soonish")
    assert db.session.scalars(select(Need)).all() == [] and _audit("need.create") == []


def test_a_need_is_marked_met_or_closed_with_an_audit_record(world):
    user = world["user"]
    need = needs.create_need(world["resident"], taxonomy_term_id=HOUSING, urgency="this_week")
    for status in ("met", "closed", "open"):
        needs.change_status(need, status, user=user)
        assert need.status == status
    db.session.commit()
    events = _audit("need.update")
    assert [(e.entity_id, e.user_id) for e in events] == [(need.id, user.id)] * 3


def test_an_unknown_need_status_changes_nothing(world):
    need = needs.create_need(world["resident"], taxonomy_term_id=HOUSING, urgency="today")
    with pytest.raises(ValueError, match="status"):
        needs.change_status(need, "solved")
    assert need.status == "open" and _audit("need.update") == []


def test_open_needs_leaves_out_met_and_closed_ones(world):
    resident = world["resident"]
    made = [needs.create_need(resident, taxonomy_term_id=HOUSING, urgency="today")
            for _ in range(3)]
    needs.change_status(made[0], "met")
    needs.change_status(made[1], "closed")
    assert needs.open_needs(resident) == [made[2]]


def test_the_services_for_needs_are_the_active_ones_under_their_terms(world):
    resident, shelter, otp = world["resident"], world["shelter"], world["otp"]
    housing = needs.create_need(resident, taxonomy_term_id=HOUSING, urgency="today")
    # The treatment program is filed under a sub-term of substance use.
    substance = needs.create_need(resident, taxonomy_term_id=SUBSTANCE, urgency="today")
    treatment = needs.create_need(resident, taxonomy_term_id=OTP, urgency="today")
    assert needs.services_for([housing]) == [(shelter.id, "shelter service")]
    assert needs.services_for([substance]) == needs.services_for([treatment]) \
        == [(otp.id, "otp service")]
    assert [row.name for row in needs.services_for([treatment, housing])] \
        == ["otp service", "shelter service"]
    assert needs.services_for([]) == []
    shelter.status = "inactive"
    assert needs.services_for([housing]) == []
