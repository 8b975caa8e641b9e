"""Follow-ups: one per contact window (a contact and the referral sent during it make
one), closed when the referral is connected (and the need met once nothing else is under
way), due when the navigator says, on the city's clock; bad times refused in place."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from navigator.auth.accounts import create_user
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from navigator.workflow import follow_ups, needs, referrals, services
from navigator.workflow.models import FollowUp, Need, Resident

from tests.workflow.consent_factory import plain_consent
from tests.workflow.directory_factory import HOUSING, make_directory
from tests.workflow.recorded_visits import Visits


@pytest.fixture
def ready(world):
    """The world's resident with an open housing need and a consent for the shelter."""
    need = needs.create_need(world["resident"], taxonomy_term_id=HOUSING, urgency="today")
    plain_consent(world["resident"], [world["shelter"].organization_id])
    provider = create_user("p@example.org", "blue-harbor-lantern-47", "provider",
                           world["shelter"].organization_id)
    db.session.commit()
    return {**world, "need": need, "provider": provider}


def _sent(ready, at=None):
    referral = referrals.create_referral(ready["resident"], ready["shelter"],
                                         user=ready["user"], need=ready["need"])
    referrals.send(referral, user=ready["user"], at=at)
    return referral


def _open_follow_ups():
    return db.session.scalars(select(FollowUp).where(FollowUp.done_at.is_(None))).all()


def test_a_contact_and_the_referral_sent_during_it_make_one_follow_up(ready):
    talked = utcnow() - timedelta(minutes=3)
    encounter = services.record_encounter(ready["resident"], kind="phone_call",
                                          happened_at=talked, user=ready["user"])
    referral = _sent(ready)
    db.session.commit()
    [follow_up] = db.session.scalars(select(FollowUp)).all()
    assert follow_up.encounter is encounter and follow_up.referral is referral
    assert follow_up.due_at == talked + follow_ups.follow_up_delay()  # not pushed back


def test_the_same_the_other_way_round(ready):
    referral = _sent(ready)
    services.record_encounter(ready["resident"], kind="in_person",
                              happened_at=utcnow(), user=ready["user"])
    db.session.commit()
    [follow_up] = db.session.scalars(select(FollowUp)).all()
    assert follow_up.referral is referral and follow_up.encounter is not None


def test_each_follow_up_keeps_the_moment_it_follows(ready):
    """Kept on the row for the reports: the referral's sending, then, once a contact
    joins it, the contact's time; with neither, when it was made."""
    sent = _sent(ready).sent_at
    db.session.commit()
    [follow_up] = db.session.scalars(select(FollowUp)).all()
    assert follow_up.follows_since == sent is not None
    talked = sent - timedelta(hours=2)
    services.record_encounter(ready["resident"], kind="phone_call", happened_at=talked,
                              user=ready["user"])
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(FollowUp, follow_up.id).follows_since == talked
    alone = follow_ups.add_follow_up(ready["resident"])
    db.session.commit()
    db.session.expire_all()
    alone = db.session.get(FollowUp, alone.id)
    assert alone.follows_since == alone.created_at
    assert follow_ups.follows_since(alone) == alone.follows_since


def test_a_contact_outside_the_window_gets_its_own(ready):
    services.record_encounter(ready["resident"], kind="phone_call",
                              happened_at=utcnow() - timedelta(hours=30), user=ready["user"])
    _sent(ready)
    db.session.commit()
    assert len(_open_follow_ups()) == 2


def test_each_referral_keeps_a_follow_up_of_its_own(ready):
    """Two referrals at once: each one's outcome is followed (and closed) on its own."""
    first, second = _sent(ready), _sent(ready)
    db.session.commit()
    assert {f.referral_id for f in _open_follow_ups()} == {first.id, second.id}


def test_a_done_follow_up_is_not_joined(ready):
    services.record_encounter(ready["resident"], kind="phone_call", happened_at=utcnow(),
                              user=ready["user"])
    [done] = _open_follow_ups()
    follow_ups.complete_follow_up(done, outcome="waiting")
    _sent(ready)
    db.session.commit()
    [follow_up] = _open_follow_ups()
    assert follow_up is not done and follow_up.referral is not None


def test_connected_closes_the_follow_up_and_meets_the_need(ready):
    referral = _sent(ready)
    referrals.change_status(referral, "accepted", user=ready["provider"])
    referrals.change_status(referral, "connected", user=ready["provider"], note="in")
    db.session.commit()
    follow_up = db.session.scalars(select(FollowUp)).one()
    assert follow_up.done_at is not None and follow_up.outcome == "connected"
    assert follow_up.done_by == ready["provider"].id
    assert db.session.get(Need, ready["need"].id).status == "met"
    # the moment is kept on the referral (the reports' days to connection)
    [event] = [e for e in referral.events if e.to_status == "connected"]
    assert referral.connected_at == event.occurred_at is not None


def test_the_need_waits_for_its_other_referrals(ready):
    connected, pending = _sent(ready), _sent(ready)
    referrals.change_status(connected, "accepted", user=ready["provider"])
    referrals.change_status(connected, "connected", user=ready["provider"])
    db.session.commit()
    assert db.session.get(Need, ready["need"].id).status == "open"
    assert [f.referral_id for f in _open_follow_ups()] == [pending.id]
    # The other one ends without help: nothing is under way, one connected: met.
    referrals.change_status(pending, "declined", user=ready["provider"],
                            reason="no_capacity")
    db.session.commit()
    assert db.session.get(Need, ready["need"].id).status == "met"


def test_declined_alone_leaves_the_need_open(ready):
    referral = _sent(ready)
    referrals.change_status(referral, "declined", user=ready["provider"],
                            reason="no_capacity")
    db.session.commit()
    assert db.session.get(Need, ready["need"].id).status == "open"
    assert len(_open_follow_ups()) == 1  # somebody still calls the resident


def test_a_closed_need_stays_closed(ready):
    referral = _sent(ready)
    needs.change_status(ready["need"], "closed")
    referrals.change_status(referral, "accepted", user=ready["provider"])
    referrals.change_status(referral, "connected", user=ready["provider"])
    db.session.commit()
    assert db.session.get(Need, ready["need"].id).status == "closed"


def test_a_due_time_outside_the_limits_is_refused(ready):
    services.record_encounter(ready["resident"], kind="phone_call", happened_at=utcnow(),
                              user=ready["user"])
    [follow_up] = _open_follow_ups()
    for when in (utcnow() - timedelta(hours=1), utcnow() + timedelta(days=400)):
        with pytest.raises(follow_ups.DueRefused):
            follow_ups.set_due(follow_up, when)


# Through the pages.

@pytest.fixture
def page(app, staff):
    staff.user()
    with app.app_context():
        make_directory()
        resident = services.create_resident(name="Lee Example", phone="919-555-0111")
        services.record_encounter(resident, kind="phone_call", happened_at=utcnow())
        db.session.commit()
        ids = {"resident": resident.id,
               "follow_up": db.session.scalars(select(FollowUp.id)).one()}
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client)
    return ids, visits


def _zone(app):
    return ZoneInfo(app.config["NAVIGATOR_TIMEZONE"])


def _local(app, when: datetime) -> str:
    return when.astimezone(_zone(app)).strftime("%Y-%m-%dT%H:%M")


def _due(app, follow_up_id):
    with app.app_context():
        return db.session.get(FollowUp, follow_up_id).due_at


def test_the_navigator_sets_the_due_time_on_the_city_clock(app, page):
    ids, visits = page
    resident = f"/navigator/residents/{ids['resident']}"
    assert f'action="/navigator/follow-ups/{ids["follow_up"]}/due"' in visits.get(resident)
    day = (utcnow() + timedelta(days=30)).astimezone(_zone(app)).date()
    typed = f"{day.isoformat()}T09:30"
    visits.post(f"/navigator/follow-ups/{ids['follow_up']}/due", {"due_at": typed},
                form_page=resident)
    assert _due(app, ids["follow_up"]) == datetime(day.year, day.month, day.day, 9, 30,
                                                   tzinfo=_zone(app))
    assert f'value="{day.isoformat()} 09:30:00"' in visits.get(resident)  # shown back


@pytest.mark.parametrize("value, message", [
    ("2020-01-01T09:00", "This time has passed"),
    ("2999-01-01T09:00", "Choose a time within the next year."),
    ("tomorrow", "Not a valid datetime value."),
    ("", "This is required."),
])
def test_a_bad_due_time_is_refused_in_place(app, page, value, message):
    ids, visits = page
    before = _due(app, ids["follow_up"])
    resident = f"/navigator/residents/{ids['resident']}"
    shown = visits.post(f"/navigator/follow-ups/{ids['follow_up']}/due", {"due_at": value},
                        status=400, form_page=resident)
    assert message in shown and 'aria-invalid="true"' in shown
    assert "Lee Example" in shown and "<details class=\"record\" open>" in shown
    assert _due(app, ids["follow_up"]) == before


def test_a_contact_may_say_when_to_follow_up(app, page):
    ids, visits = page
    resident = f"/navigator/residents/{ids['resident']}"
    now = utcnow().replace(second=0, microsecond=0)
    later = (now + timedelta(days=3)).astimezone(_zone(app)).replace(hour=10, minute=0)
    visits.post(f"{resident}/encounters", {
        "kind": "in_person", "happened_at": _local(app, now - timedelta(minutes=5)),
        "notes": "", "follow_up_at": _local(app, later)}, form_page=resident)
    with app.app_context():  # the contact's follow-up of earlier today, now due later
        [follow_up] = db.session.scalars(select(FollowUp)).all()
        assert follow_up.due_at == later
        assert len(db.session.get(Resident, ids["resident"]).encounters) == 2


def test_a_contact_with_a_past_follow_up_time_is_refused(app, page):
    ids, visits = page
    resident = f"/navigator/residents/{ids['resident']}"
    shown = visits.post(f"{resident}/encounters", {
        "kind": "in_person", "happened_at": _local(app, utcnow()), "notes": "",
        "follow_up_at": "2020-01-01T10:00"}, status=400, form_page=resident)
    assert "This time has passed" in shown
    with app.app_context():
        assert len(db.session.get(Resident, ids["resident"]).encounters) == 1
