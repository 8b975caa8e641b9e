"""Referral states change only as the one transition table allows, and sending needs
consent (Part 2 consent for substance-use treatment)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from navigator.audit import AuditEvent
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from navigator.workflow import consents, referrals
from navigator.workflow.models import FollowUp, ReferralEvent
from navigator.workflow.referrals import (
    REASONS, STATUSES, TRANSITIONS, ConsentRequired, TransitionRefused)

from tests.workflow.consent_factory import part2_consent, plain_consent

ALLOWED = sorted((a, b) for a, targets in TRANSITIONS.items() for b in targets)
FORBIDDEN = sorted((a, b) for a in STATUSES for b in STATUSES
                   if b not in TRANSITIONS[a])

#: How to reach each state from a fresh draft, through allowed steps only.
PATHS = {
    "draft": [], "pending": ["pending"], "accepted": ["pending", "accepted"],
    "declined": ["pending", "declined"], "cancelled": ["cancelled"],
    "connected": ["pending", "accepted", "connected"],
    "not_connected": ["pending", "not_connected"],
}


def _reason(status):
    return REASONS[status][0] if status in REASONS else None


def _referral_in(world, status):
    resident, service = world["resident"], world["shelter"]
    plain_consent(resident, [service.organization_id])
    referral = referrals.create_referral(resident, service, user=world["user"])
    for step in PATHS[status]:
        referrals.change_status(referral, step, user=world["user"], reason=_reason(step))
    assert referral.status == status
    return referral


def test_the_table_covers_every_state_and_every_state_is_reachable():
    assert set(PATHS) == set(STATUSES) == set(TRANSITIONS)
    for status, path in PATHS.items():
        current = "draft"
        for step in path:
            assert step in TRANSITIONS[current]
            current = step


@pytest.mark.parametrize(("before", "after"), ALLOWED)
def test_every_allowed_transition_is_made_with_an_event_and_an_audit_record(
        world, before, after):
    referral = _referral_in(world, before)
    events_before = len(referral.events)
    event = referrals.change_status(referral, after, user=world["user"],
                                    reason=_reason(after), note="called them")
    db.session.commit()
    assert referral.status == after and referral.status_reason == _reason(after)
    assert len(referral.events) == events_before + 1
    assert (event.from_status, event.to_status, event.user_id, event.note) == (
        before, after, world["user"].id, "called them")
    assert event.occurred_at is not None
    audit = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "referral.status", AuditEvent.entity_id == referral.id)).all()
    assert len(audit) == len(PATHS[before]) + 1


@pytest.mark.parametrize(("before", "after"), FORBIDDEN)
def test_every_forbidden_transition_is_refused_and_changes_nothing(world, before, after):
    referral = _referral_in(world, before)
    events_before = db.session.scalar(select(db.func.count(ReferralEvent.id)))
    with pytest.raises(TransitionRefused, match=f"{before} cannot become {after}"):
        referrals.change_status(referral, after, user=world["user"], reason=_reason(after))
    assert referral.status == before
    assert db.session.scalar(select(db.func.count(ReferralEvent.id))) == events_before


@pytest.mark.parametrize("to", sorted(REASONS))
def test_declined_and_not_connected_need_a_known_reason(world, to):
    referral = _referral_in(world, "pending")
    for reason in (None, "because"):
        with pytest.raises(referrals.ReferralError, match="reason"):
            referrals.change_status(referral, to, reason=reason)
    assert referral.status == "pending"


def test_other_needs_a_note_and_other_changes_take_no_reason(world):
    referral = _referral_in(world, "pending")
    with pytest.raises(referrals.ReferralError, match="note"):
        referrals.change_status(referral, "declined", reason="other")
    with pytest.raises(referrals.ReferralError, match="no reason"):
        referrals.change_status(referral, "accepted", reason="no_capacity")
    referrals.change_status(referral, "declined", reason="other", note="moved away")
    assert referral.status == "declined"


# -- sending under consent ------------------------------------------------------------------


def _draft(world, key="shelter", **kwargs):
    return referrals.create_referral(world["resident"], world[key], user=world["user"],
                                     **kwargs)


def test_a_draft_is_saved_without_consent_but_not_sent(world):
    referral = _draft(world)
    db.session.commit()
    assert referral.status == "draft" and referral.events[0].to_status == "draft"
    with pytest.raises(ConsentRequired, match="no active consent"):
        referrals.send(referral, user=world["user"])
    assert referral.status == "draft" and referral.sent_at is None
    assert db.session.scalars(select(FollowUp)).all() == []


def test_a_consent_for_another_organization_does_not_count(world):
    plain_consent(world["resident"], [world["otp"].organization_id])
    with pytest.raises(ConsentRequired):
        referrals.send(_draft(world))


def test_a_revoked_consent_blocks_sending(world):
    consent = plain_consent(world["resident"], [world["shelter"].organization_id])
    consents.revoke_consent(consent, user=world["user"], reason="changed their mind")
    with pytest.raises(ConsentRequired):
        referrals.send(_draft(world))
    with pytest.raises(consents.ConsentError):
        consents.revoke_consent(consent)


def test_an_expired_consent_blocks_sending(world):
    plain_consent(world["resident"], [world["shelter"].organization_id],
                  given_days_ago=40, days=30)
    with pytest.raises(ConsentRequired):
        referrals.send(_draft(world))


def test_active_consent_is_judged_at_a_moment(world):
    resident, organization = world["resident"], world["shelter"].organization_id
    consent = plain_consent(resident, [organization], days=10)
    now = utcnow()
    assert consents.active_consent(resident, organization) is consent
    assert consents.active_consent(resident, organization, at=now + timedelta(days=11)) is None
    assert consents.active_consent(resident, organization, at=now - timedelta(days=1)) is None
    consents.revoke_consent(consent, at=now + timedelta(days=2))
    assert consents.active_consent(resident, organization, at=now + timedelta(days=1)) is consent
    assert consents.active_consent(resident, organization, at=now + timedelta(days=3)) is None


def test_a_substance_use_service_makes_a_part2_referral(world):
    assert referrals.service_is_part2(world["otp"])
    assert not referrals.service_is_part2(world["shelter"])
    assert _draft(world, "otp").part2
    assert not _draft(world, "shelter").part2
    assert _draft(world, "shelter", part2=True).part2  # the navigator's own flag


def test_a_part2_referral_needs_a_part2_consent(world):
    organization = world["otp"].organization_id
    plain_consent(world["resident"], [organization])
    referral = _draft(world, "otp")
    with pytest.raises(ConsentRequired, match="Part 2"):
        referrals.send(referral)
    assert referral.status == "draft"
    part2_consent(world["resident"], [organization])
    referrals.send(referral)
    assert referral.status == "pending"


def test_a_part2_consent_needs_every_element(world):
    with pytest.raises(consents.ConsentError, match="the signature"):
        part2_consent(world["resident"], [world["otp"].organization_id], part2_signed_by=" ")
    with pytest.raises(consents.ConsentError, match="how to revoke|right to revoke"):
        part2_consent(world["resident"], [world["otp"].organization_id],
                      part2_revocation_statement=None)
    consent = part2_consent(world["resident"], [world["otp"].organization_id])
    assert consent.part2_notice == consents.PART2_NOTICE
    assert consents.missing_part2_elements(consent) == []


def test_sending_creates_a_follow_up_due_in_the_configured_hours(world, app):
    plain_consent(world["resident"], [world["shelter"].organization_id])
    referral = _draft(world)
    app.config["NAVIGATOR_FOLLOW_UP_HOURS"] = 24
    try:
        referrals.send(referral, user=world["user"])
    finally:
        app.config["NAVIGATOR_FOLLOW_UP_HOURS"] = 48
    db.session.commit()
    follow_up = db.session.scalars(select(FollowUp)).one()
    assert follow_up.referral is referral and follow_up.resident is world["resident"]
    assert abs(follow_up.due_at - referral.sent_at - timedelta(hours=24)) < timedelta(seconds=1)
    assert follow_up.done_at is None
