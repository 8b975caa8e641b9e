"""Referrals without a request: the one state-change rule as the navigators' and the
providers' pages use it (refused changes leave the referral as it was)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from navigator.audit import AuditEvent
from navigator.auth.accounts import create_user
from navigator.extensions import db
from navigator.workflow import referrals
from navigator.workflow.models import FollowUp, ReferralEvent

from .conftest import plain_consent

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
