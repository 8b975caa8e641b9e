"""Referrals without a request: the one state-change rule as the navigators' and the
providers' pages use it (refused changes leave the referral as it was), drafts from a
suggestion or a service's page, and warm handoffs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from navigator.audit import AuditEvent
from navigator.auth.accounts import create_user
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from navigator.workflow import needs, referrals, services
from navigator.workflow.models import FollowUp, Handoff, Referral, ReferralEvent

from tests.workflow.consent_factory import plain_consent
from tests.workflow.directory_factory import HOUSING, OTP

PASSWORD = "blue-harbor-lantern-47"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _state(referral) -> tuple:
    """All a change would touch: the referral, its events, follow-ups and audit records."""
    return (referral.status, referral.status_reason, referral.sent_at,
            _count(ReferralEvent), _count(FollowUp), _count(AuditEvent))


def _sent(world):
    """A referral to the shelter, sent under the resident's consent."""
    plain_consent(world["resident"], [world["shelter"].organization_id])
    referral = referrals.create_referral(world["resident"], world["shelter"],
                                         user=world["user"])
    referrals.send(referral, user=world["user"])
    db.session.commit()
    return referral


def _provider(world, key):
    return create_user(f"intake@{key}.example.org", PASSWORD, "provider",
                       world[key].organization_id)


# -- the one state-change rule --------------------------------------------------------------


@pytest.mark.parametrize(("before", "to", "reason", "note", "message"), [
    ("pending", "connected", None, "", "pending cannot become connected"),
    ("draft", "accepted", None, "", "draft cannot become accepted"),
    ("pending", "declined", "", "", "Choose a reason"),
    ("pending", "declined", "no_show", "", "Choose a reason"),  # not a decline's reason
    ("pending", "declined", "other", " ", "Say what the other reason is"),
    ("pending", "accepted", "no_capacity", "", "takes no reason"),
])
def test_a_refused_change_leaves_the_referral_as_it_was(world, before, to, reason, note,
                                                         message):
    if before == "pending":
        referral = _sent(world)
    else:
        referral = referrals.create_referral(world["resident"], world["shelter"])
    state = _state(referral)
    with pytest.raises(referrals.ReferralError, match=message):
        referrals.change_status(referral, to, user=world["user"], reason=reason, note=note)
    assert _state(referral) == state and not db.session.new and not db.session.dirty


def test_sending_without_consent_is_refused_and_leaves_no_follow_up(world):
    referral = referrals.create_referral(world["resident"], world["shelter"])
    db.session.commit()
    state = _state(referral)
    with pytest.raises(referrals.ConsentRequired):
        referrals.change_status(referral, "pending", user=world["user"], reason="", note="")
    assert _state(referral) == state and not db.session.new


def test_a_forms_empty_reason_is_no_reason(world):
    referral = _sent(world)
    event = referrals.change_status(referral, "accepted", user=world["user"], reason="",
                                    note="")
    assert referral.status == "accepted" and referral.status_reason is None
    assert event.reason is None and event.note == ""


def test_a_provider_may_not_change_another_organizations_referral(world):
    referral = _sent(world)
    other = _provider(world, "otp")
    state = _state(referral)
    for to in ("accepted", "declined"):
        with pytest.raises(referrals.TransitionRefused, match="cannot become"):
            referrals.change_status(referral, to, user=other,
                                    reason="no_capacity" if to == "declined" else None)
    assert _state(referral) == state
    assert referrals.allowed_transitions(referral, other) == frozenset()


def test_a_provider_answers_and_ends_but_never_cancels(world):
    referral = _sent(world)
    provider = _provider(world, "shelter")
    with pytest.raises(referrals.TransitionRefused, match="pending cannot become cancelled"):
        referrals.change_status(referral, "cancelled", user=provider)
    event = referrals.change_status(referral, "accepted", user=provider,
                                    note="intake Monday 9am")
    assert (event.from_status, event.to_status, event.user_id, event.note) == (
        "pending", "accepted", provider.id, "intake Monday 9am")
    with pytest.raises(referrals.TransitionRefused, match="accepted cannot become cancelled"):
        referrals.change_status(referral, "cancelled", user=provider)
    referrals.change_status(referral, "not_connected", user=provider, reason="no_show")
    db.session.commit()
    assert (referral.status, referral.status_reason) == ("not_connected", "no_show")
    audit = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "referral.status", AuditEvent.user_id == provider.id)).all()
    assert [e.user_role for e in audit] == ["provider", "provider"]


# -- drafts for a need, or from a service's page ---------------------------------------------


def _need(world, term=HOUSING, resident=None):
    return needs.create_need(resident or world["resident"], taxonomy_term_id=term,
                             urgency="today")


def test_a_referral_for_a_need_is_a_draft_with_its_appointment(world):
    need = _need(world)
    appointment = utcnow().replace(microsecond=0) + timedelta(days=2)
    referral = referrals.refer_for_need(world["resident"], need, world["shelter"],
                                        user=world["user"], note="bring ID",
                                        appointment_at=appointment)
    db.session.commit()
    assert (referral.status, referral.need, referral.service_id, referral.created_by) == (
        "draft", need, world["shelter"].id, world["user"].id)
    assert referral.appointment_at == appointment
    assert referral.events[0].note == "bring ID"


@pytest.mark.parametrize("case", [
    "no_need", "met_need", "closed_need", "another_residents_need", "no_service",
    "inactive_service", "defunct_service", "service_for_another_need"])
def test_a_referral_outside_the_residents_open_needs_or_listed_services_is_refused(
        world, case):
    need, service = _need(world), world["shelter"]
    if case == "no_need":
        need = None
    elif case in ("met_need", "closed_need"):
        needs.change_status(need, case.split("_")[0])
    elif case == "another_residents_need":
        other = services.create_resident(name="Jo Park")
        need = _need(world, resident=other)
    elif case == "no_service":
        service = None
    elif case == "service_for_another_need":
        service = world["otp"]  # opioid treatment, for a housing need
    else:
        service.status = case.split("_")[0]
    db.session.commit()
    with pytest.raises(referrals.NotReferable) as refusal:
        referrals.refer_for_need(world["resident"], need, service, user=world["user"])
    assert _count(Referral) == 0 and not db.session.new
    assert refusal.value.field == ("need" if "need" in case and case != "service_for_another_need"
                                   else "service")
    if case == "service_for_another_need":
        assert str(refusal.value) == (
            "otp service is not listed under the need Housing: choose one of the services "
            "for this need, or add the need it answers.")


def test_a_service_page_makes_a_draft_for_the_first_open_need_it_answers(world):
    resident = world["resident"]
    _need(world, OTP)
    housing = _need(world)
    referral = referrals.refer_from_service(resident, world["shelter"], user=world["user"])
    assert (referral.status, referral.need) == ("draft", housing)
    needs.change_status(housing, "met")
    assert referrals.refer_from_service(resident, world["shelter"]).need is None


@pytest.mark.parametrize("status", ["inactive", "defunct"])
def test_a_hidden_service_is_not_referred_to_from_its_page(world, status):
    world["shelter"].status = status
    with pytest.raises(referrals.NotReferable, match="not active: no referral was made"):
        referrals.refer_from_service(world["resident"], world["shelter"])
    assert _count(Referral) == 0 and not db.session.new


# -- warm handoffs ---------------------------------------------------------------------------


def test_a_handoff_is_recorded_on_its_referral_and_audited(world):
    referral = _sent(world)
    when = utcnow() - timedelta(hours=1)
    handoff = referrals.record_handoff(
        referral, method="three_way_call", contact_person="Ms. Lee", happened_at=when,
        resident_present=True, outcome="intake_scheduled", notes="", user=world["user"])
    db.session.commit()
    assert handoff in referral.handoffs and _count(Handoff) == 1
    assert (handoff.method, handoff.contact_person, handoff.resident_present,
            handoff.outcome, handoff.notes, handoff.recorded_by) == (
        "three_way_call", "Ms. Lee", True, "intake_scheduled", "", world["user"].id)
    assert abs(handoff.happened_at - when) < timedelta(seconds=1)
    [event] = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "handoff.create")).all()
    assert (event.entity_id, event.user_id) == (handoff.id, world["user"].id)
