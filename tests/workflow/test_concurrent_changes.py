"""Two people changing one record at the same moment, through the rules (each with a
session and a connection of its own): exactly one change is made, the other is refused
with what the record is now, and a referral's history always matches its state. Each
race is run ``REPEATS`` times, on the suite's database (SQLite, or PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from navigator.auth.accounts import create_user
from navigator.auth.models import User
from navigator.extensions import db
from navigator.workflow import callbacks, consents, needs, referrals, services
from navigator.workflow.locking import Changed
from navigator.workflow.models import (
    CallbackRequest, Consent, FollowUp, Need, Referral, Resident)

from tests.workflow.consent_factory import plain_consent
from tests.workflow.directory_factory import HOUSING
from tests.workflow.races import (
    REPEATS, assert_history_matches, audits, race, through_rules, winner_and_loser)

PASSWORD = "blue-harbor-lantern-47"


@pytest.fixture
def people(world):
    """The world's navigator, a second navigator and the shelter's intake worker."""
    second = create_user("nav2@example.org", PASSWORD, "navigator")
    provider = create_user("intake@shelter.example.org", PASSWORD, "provider",
                           world["shelter"].organization_id)
    db.session.commit()
    return {"navigator": world["user"].id, "second": second.id, "provider": provider.id}


def _made(make) -> list[str]:
    """The ids of ``REPEATS`` records made by ``make()``, one for each race (committed
    together: a commit costs more than all the making)."""
    made = [make() for _ in range(REPEATS)]
    db.session.commit()
    return [item.id for item in made]


def _referrals(world, *, send: bool) -> list[str]:
    def make():
        referral = referrals.create_referral(world["resident"], world["shelter"],
                                             user=world["user"])
        if send:
            referrals.send(referral, user=world["user"])
        return referral

    return _made(make)


def _changing(app, referral_id, user_id, to, reason=None):
    """A contender moving the referral to ``to``, from the state it read."""
    return through_rules(
        app, lambda: (db.session.get(Referral, referral_id), db.session.get(User, user_id)),
        lambda referral, user: referrals.change_status(referral, to, user=user,
                                                       reason=reason))


RACES = {
    # (who, to, reason) for each of the two
    "two navigators answer for the provider": (
        ("navigator", "accepted", None), ("second", "declined", "no_capacity")),
    "a navigator cancels as the provider accepts": (
        ("navigator", "cancelled", None), ("provider", "accepted", None)),
    "the provider declines as a navigator records no-show": (
        ("provider", "declined", "not_eligible"), ("second", "not_connected", "no_show")),
}


@pytest.mark.parametrize("case", RACES)
def test_of_two_changes_at_once_exactly_one_is_made(app, world, people, case):
    plain_consent(world["resident"], [world["shelter"].organization_id])
    contenders = RACES[case]
    for referral_id in _referrals(world, send=True):
        results = race(*(_changing(app, referral_id, people[who], to, reason)
                         for who, to, reason in contenders))
        won, refusal = winner_and_loser(results)
        who, to, _reason = contenders[won]
        assert isinstance(refusal, referrals.ReferralChanged) and refusal.now == to
        assert str(refusal) == (f"This referral changed: it is now "
                                f"{referrals.STATUS_LABELS[to]}.")
        assert_history_matches(referral_id, to, people[who])


def test_a_draft_sent_twice_at_once_is_sent_once(app, world, people):
    plain_consent(world["resident"], [world["shelter"].organization_id])
    for referral_id in _referrals(world, send=False):
        results = race(_changing(app, referral_id, people["navigator"], "pending"),
                       _changing(app, referral_id, people["second"], "pending"))
        won, refusal = winner_and_loser(results)
        assert isinstance(refusal, referrals.ReferralChanged) and refusal.now == "pending"
        assert_history_matches(referral_id, "pending",
                               people[("navigator", "second")[won]])
        assert db.session.scalar(select(func.count()).select_from(FollowUp).where(
            FollowUp.referral_id == referral_id)) == 1


def test_a_referral_sent_as_its_consent_is_revoked_goes_before_the_revocation(
        app, world, people):
    """Sending checks the consent and revoking changes it: one waits for the other, so a
    referral is sent only under a consent still active when it is sent."""
    organization = world["shelter"].organization_id
    for referral_id in _referrals(world, send=False):
        consent_id = plain_consent(world["resident"], [organization]).id  # the only active
        db.session.commit()
        send, revoke = race(
            _changing(app, referral_id, people["navigator"], "pending"),
            through_rules(app, lambda: (db.session.get(Consent, consent_id),),
                          lambda consent: consents.revoke_consent(consent)))
        assert revoke == "saved"
        db.session.expire_all()
        referral, consent = db.session.get(Referral, referral_id), \
            db.session.get(Consent, consent_id)
        if send == "saved":
            assert referral.sent_at < consent.revoked_at
            assert consents.active_consent(world["resident"], organization,
                                           at=referral.sent_at) is consent
            assert_history_matches(referral_id, "pending", people["navigator"])
        else:
            assert isinstance(send, referrals.ConsentRequired)
            assert_history_matches(referral_id, "draft", people["navigator"])
            assert referral.sent_at is None and not db.session.scalars(
                select(FollowUp).where(FollowUp.referral_id == referral_id)).all()


def test_a_consent_revoked_twice_at_once_is_revoked_once(app, world, people):
    organization = world["shelter"].organization_id
    for consent_id in _made(lambda: plain_consent(world["resident"], [organization])):
        who = ("navigator", "second")
        results = race(*(through_rules(
            app, lambda name=name: (db.session.get(Consent, consent_id),
                                    db.session.get(User, people[name])),
            lambda consent, user, name=name: consents.revoke_consent(
                consent, user=user, reason=f"told {name}")) for name in who))
        won, refusal = winner_and_loser(results)
        assert isinstance(refusal, consents.ConsentChanged)
        assert str(refusal) == "This consent changed: it is now revoked."
        db.session.expire_all()
        consent = db.session.get(Consent, consent_id)
        assert (consent.revoked_by, consent.revocation_reason) == (
            people[who[won]], f"told {who[won]}")
        assert audits("consent.revoke", consent_id) == 1


def test_a_need_marked_met_and_closed_at_once_is_changed_once(app, world, people):
    wanted = (("navigator", "met"), ("second", "closed"))
    for need_id in _made(lambda: needs.create_need(
            world["resident"], taxonomy_term_id=HOUSING, urgency="today")):
        results = race(*(through_rules(
            app, lambda who=who: (db.session.get(Need, need_id),
                                  db.session.get(User, people[who])),
            lambda need, user, status=status: needs.change_status(need, status, user=user))
            for who, status in wanted))
        won, refusal = winner_and_loser(results)
        status = wanted[won][1]
        assert isinstance(refusal, needs.NeedChanged) and refusal.now == status
        assert str(refusal) == f"This need changed: it is now {needs.NEED_LABELS[status]}."
        db.session.expire_all()
        assert db.session.get(Need, need_id).status == status
        assert audits("need.update", need_id) == 1


def test_a_follow_up_done_twice_at_once_is_done_once(app, world, people):
    wanted = (("navigator", "connected"), ("second", "not_reached"))
    for follow_up_id in _made(lambda: referrals.add_follow_up(world["resident"])):
        results = race(*(through_rules(
            app, lambda who=who: (db.session.get(FollowUp, follow_up_id),
                                  db.session.get(User, people[who])),
            lambda follow_up, user, outcome=outcome: services.complete_follow_up(
                follow_up, outcome=outcome, user=user)) for who, outcome in wanted))
        won, refusal = winner_and_loser(results)
        assert isinstance(refusal, services.FollowUpChanged)
        assert str(refusal) == "This follow-up changed: it is now done."
        db.session.expire_all()
        follow_up = db.session.get(FollowUp, follow_up_id)
        assert (follow_up.done_by, follow_up.outcome) == (people[wanted[won][0]],
                                                          wanted[won][1])
        assert audits("follow_up.done", follow_up_id) == 1


def _callbacks() -> list[str]:
    return _made(lambda: services.request_callback(
        name="Ana", phone="919-555-0110", email=None, language="es", best_time="morning",
        need="a place to sleep"))


def _making_record(app, request_id, user_id):
    return through_rules(
        app, lambda: (db.session.get(CallbackRequest, request_id),
                      db.session.get(User, user_id)),
        lambda request, user: callbacks.make_record(
            request, user=user, resident={"name": "Ana", "phone": "919-555-0110"},
            need={"taxonomy_term_id": HOUSING, "urgency": "today",
                  "own_words": request.need}))


def test_a_callback_taken_twice_at_once_makes_one_record(app, world, people):
    for request_id in _callbacks():
        results = race(*(_making_record(app, request_id, people[who])
                         for who in ("navigator", "second")))
        won, refusal = winner_and_loser(results)
        winner = ("navigator", "second")[won]
        assert isinstance(refusal, callbacks.CallbackHandled) and isinstance(refusal, Changed)
        assert str(refusal).endswith("took this request first: a record was made.")
        db.session.expire_all()
        request = db.session.get(CallbackRequest, request_id)
        assert (request.status, request.outcome, request.handled_by) == (
            "closed", "record_made", people[winner])
        [resident] = db.session.scalars(select(Resident).where(
            Resident.callback_request_id == request_id)).all()
        assert len(resident.needs) == 1
        assert audits("callback_request.record_made", request_id) == 1


def test_a_callback_taken_and_dismissed_at_once_is_settled_once(app, world, people):
    for request_id in _callbacks():
        dismissing = through_rules(
            app, lambda: (db.session.get(CallbackRequest, request_id),
                          db.session.get(User, people["second"])),
            lambda request, user: callbacks.close(request, "not_a_callback", user=user))
        results = race(_making_record(app, request_id, people["navigator"]), dismissing)
        won, refusal = winner_and_loser(results)
        assert isinstance(refusal, callbacks.CallbackHandled)
        db.session.expire_all()
        request = db.session.get(CallbackRequest, request_id)
        made = db.session.scalars(select(Resident).where(
            Resident.callback_request_id == request_id)).all()
        assert (request.outcome, len(made)) == (("record_made", 1), ("not_a_callback", 0))[won]


def test_a_change_from_a_state_no_longer_there_is_refused_and_changes_nothing(world):
    """A page shown before someone else's change: the change it posts is refused, even
    one the referral's new state would allow."""
    plain_consent(world["resident"], [world["shelter"].organization_id])
    referral = referrals.create_referral(world["resident"], world["shelter"])
    referrals.send(referral, user=world["user"])
    referrals.change_status(referral, "accepted", user=world["user"])
    db.session.commit()
    with pytest.raises(referrals.ReferralChanged, match="it is now Accepted") as refused:
        referrals.change_status(referral, "cancelled", user=world["user"], seen="pending")
    assert isinstance(refused.value, Changed)
    assert referral.status == "accepted" and not db.session.new and not db.session.dirty
    need = needs.create_need(world["resident"], taxonomy_term_id=HOUSING, urgency="today")
    needs.change_status(need, "met", user=world["user"])
    with pytest.raises(needs.NeedChanged, match="it is now Met"):
        needs.change_status(need, "closed", user=world["user"], seen="open")
    assert need.status == "met"
