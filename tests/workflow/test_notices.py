"""Notices to the referring navigator: a provider's answer in the portal shows at once on
that navigator's workspace (a count and a list, in words) and on nobody else's, is seen
once opened, and is emailed when the navigator asked, with nothing about the resident."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from navigator.auth.models import User
from navigator.extensions import db
from navigator.workflow import notices, referrals, services
from navigator.workflow.models import Need, Notice, Referral

from tests.workflow.consent_factory import plain_consent
from tests.workflow.directory_factory import HOUSING, make_directory
from tests.workflow.recorded_visits import Visits
from tests.outbox_messages import outbox_messages

NAME, PHONE = "Dana Whitfield", "919-555-0177"
NAVIGATOR, OTHER, PROVIDER = ("nav@example.org", "other@example.org",
                              "intake@shelter.example.org")


@pytest.fixture
def sent(app, staff, tmp_path, monkeypatch):
    """A referral to the shelter sent by NAVIGATOR; OTHER is a second navigator; the
    shelter's intake worker is signed in; messages are kept in the outbox."""
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "log")
    navigator_id = staff.user(NAVIGATOR)
    staff.user(OTHER)
    with app.app_context():
        shelter = make_directory()["shelter"]
        navigator = db.session.get(User, navigator_id)
        resident = services.create_resident(user=navigator, name=NAME, phone=PHONE)
        need = Need(resident=resident, taxonomy_term_id=HOUSING, urgency="today")
        db.session.add(need)
        plain_consent(resident, [shelter.organization_id], user=navigator)
        referral = referrals.create_referral(resident, shelter, user=navigator, need=need)
        referrals.send(referral, user=navigator)
        db.session.commit()
        ids = {"referral": referral.id, "organization": shelter.organization_id,
               "navigator": navigator_id}
    staff.user(PROVIDER, "provider", ids["organization"])
    provider = Visits(staff.client(), staff)
    staff.sign_in(provider.client, PROVIDER)
    return ids, provider


def _answer(provider, referral_id, to, **fields):
    page = f"/provider/referrals/{referral_id}"
    provider.post(f"{page}/status", {"to": to, "reason": "", "note": "", "seen": "",
                                     **fields}, form_page=page)


def _signed_in(staff, email):
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client, email)
    return visits


def _notices_part(page: str) -> str:
    """The workspace's notices section only (the team's lists follow it)."""
    start = page.index('id="notices-title"')
    return page[start:page.index("</section>", start)]


def _outbox(app) -> list[str]:
    return outbox_messages(app)


def test_an_accept_shows_on_the_referring_navigators_workspace_only(app, staff, sent):
    ids, provider = sent
    _answer(provider, ids["referral"], "accepted", note="Intake Monday 10 AM, ask for Lee")

    mine = _notices_part(_signed_in(staff, NAVIGATOR).get("/navigator"))
    assert "(1 new)" in mine and "New:" in mine and NAME in mine
    assert "shelter service" in mine and "shelter org" in mine and "Accepted" in mine
    assert "Intake Monday 10 AM, ask for Lee" in mine
    assert f"/navigator/referrals/{ids['referral']}" in mine and "Mark all seen" in mine

    theirs = _notices_part(_signed_in(staff, OTHER).get("/navigator"))
    assert "new)" not in theirs and NAME not in theirs and "Intake Monday" not in theirs
    assert "Mark all seen" not in theirs
    with app.app_context():
        notice = db.session.scalars(select(Notice)).one()
        assert (notice.user_id, notice.referral_id, notice.kind) \
            == (ids["navigator"], ids["referral"], "accepted")


def test_a_decline_says_the_reason_in_words_with_the_service_and_note(app, staff, sent):
    ids, provider = sent
    _answer(provider, ids["referral"], "declined", reason="not_eligible",
            note="Families with children only")
    home = _signed_in(staff, NAVIGATOR).get("/navigator")
    notice = _notices_part(home)
    assert "Declined: Not eligible" in notice and "not_eligible" not in notice
    assert "Families with children only" in notice and "shelter service" in notice
    # The team's list of declines says as much.
    declines = home[home.index("Declined by a provider"):]
    assert "Not eligible" in declines and "Families with children only" in declines
    assert "shelter service (shelter org)" in declines


def test_opening_the_referral_sees_the_notice(app, staff, sent):
    ids, provider = sent
    _answer(provider, ids["referral"], "accepted")
    navigator = _signed_in(staff, NAVIGATOR)
    navigator.get(f"/navigator/referrals/{ids['referral']}")
    mine = _notices_part(navigator.get("/navigator"))
    assert "new)" not in mine and "New:" not in mine and NAME in mine  # still listed


def test_mark_connected_from_the_notice(app, staff, sent):
    """One button beside an accepted referral: connected (its follow-up closed), the
    notice seen, and back on the workspace with the change said; offered no more."""
    ids, provider = sent
    _answer(provider, ids["referral"], "accepted")
    navigator = _signed_in(staff, NAVIGATOR)
    home = navigator.get("/navigator")
    assert _notices_part(home).count("Mark connected") == 1
    assert navigator.post(f"/navigator/referrals/{ids['referral']}/status", {
        "to": "connected", "seen": "accepted", "next": "/navigator"},
        form_page="/navigator") == "/navigator"
    home = navigator.get("/navigator")
    assert "Referral to shelter service: Connected." in home and "Mark connected" not in home
    assert "new)" not in _notices_part(home)
    with app.app_context():
        referral = db.session.get(Referral, ids["referral"])
        assert referral.status == "connected"
        assert [f.outcome for f in referral.resident.follow_ups] == ["connected"]


def test_mark_all_seen_touches_only_the_own_notices(app, staff, sent):
    ids, provider = sent
    _answer(provider, ids["referral"], "accepted")
    other = _signed_in(staff, OTHER)
    other.post("/navigator/notices/seen", {}, form_page="/navigator")
    navigator = _signed_in(staff, NAVIGATOR)
    assert "(1 new)" in _notices_part(navigator.get("/navigator"))
    navigator.post("/navigator/notices/seen", {}, form_page="/navigator")
    assert "new)" not in _notices_part(navigator.get("/navigator"))
    with app.app_context():
        assert db.session.scalars(select(Notice)).one().seen_at is not None


def test_marking_seen_needs_a_csrf_token(app, staff, sent):
    ids, provider = sent
    _answer(provider, ids["referral"], "accepted")
    navigator = _signed_in(staff, NAVIGATOR)
    assert navigator.client.post("/navigator/notices/seen").status_code == 400
    with app.app_context():
        assert db.session.scalars(select(Notice)).one().seen_at is None


def test_the_email_when_chosen_says_nothing_about_the_resident(app, staff, sent, tmp_path):
    ids, provider = sent
    navigator = _signed_in(staff, NAVIGATOR)
    assert 'name="notify_by_email"' in navigator.get("/navigator/settings")
    navigator.post("/navigator/settings", {"notify_by_email": "y"})
    _answer(provider, ids["referral"], "accepted", note="Intake Monday 10 AM")
    [message] = _outbox(app)
    assert f"To: {NAVIGATOR}\n" in message
    assert "A referral you sent was accepted." in message
    assert "http://localhost/navigator" in message
    for private in (NAME, "Dana", PHONE, "shelter", "Intake Monday", ids["referral"]):
        assert private not in message, private
    # Only the referring navigator asked, and only they are written to.
    _answer(provider, ids["referral"], "connected")
    assert len(_outbox(app)) == 2
    assert "marked connected" in _outbox(app)[1]


def test_no_email_unless_chosen(app, staff, sent, tmp_path):
    ids, provider = sent
    navigator = _signed_in(staff, NAVIGATOR)
    navigator.post("/navigator/settings", {"notify_by_email": "y"})
    navigator.post("/navigator/settings", {})  # unticked again
    with app.app_context():
        assert db.session.get(User, ids["navigator"]).notify_by_email is False
    _answer(provider, ids["referral"], "accepted")
    assert _outbox(app) == []
    with app.app_context():  # on the workspace all the same
        assert db.session.scalars(select(Notice)).one().kind == "accepted"


def test_the_settings_form_is_refused_in_place(app, staff, sent):
    navigator = _signed_in(staff, NAVIGATOR)
    page = navigator.post("/navigator/settings", {"notify_by_email": "y\x00"}, status=400)
    assert "a character we cannot save" in page and 'aria-invalid="true"' in page
    assert navigator.client.post("/navigator/settings",
                                 data={"notify_by_email": "y"}).status_code == 400  # no token
    with app.app_context():
        assert db.session.scalars(select(User).where(User.email == NAVIGATOR)).one() \
            .notify_by_email is False


def test_the_settings_page_in_spanish(app, staff, sent):
    navigator = _signed_in(staff, NAVIGATOR)
    spanish = {"Accept-Language": "es"}
    page = navigator.client.get("/navigator/settings", headers=spanish).text
    assert "<h1>Mi configuración</h1>" in page
    assert "Enviarme un correo cuando un proveedor responda" in page
    assert "Mi configuración" in navigator.client.get("/navigator", headers=spanish).text


def test_a_change_of_ones_own_leaves_no_notice(app, staff, sent):
    ids, _ = sent
    navigator = _signed_in(staff, NAVIGATOR)
    page = f"/navigator/referrals/{ids['referral']}"
    navigator.post(f"{page}/status", {"to": "accepted", "note": ""}, form_page=page)
    with app.app_context():
        assert db.session.scalars(select(Notice)).all() == []


def test_a_rolled_back_change_sends_nothing(app, staff, sent, tmp_path):
    ids, _ = sent
    with app.app_context():
        db.session.get(User, ids["navigator"]).notify_by_email = True
        db.session.commit()
        provider = db.session.scalars(select(User).where(User.email == PROVIDER)).one()
        referral = db.session.get(Referral, ids["referral"])
        referrals.change_status(referral, "accepted", user=provider)
        db.session.rollback()
        db.session.commit()  # a later commit does not send what was rolled back
        assert db.session.scalars(select(Notice)).all() == []
    assert _outbox(app) == []


def test_who_is_told(world):
    """Through the rules: the referring navigator of each answer; nobody for a referral
    sent, or for one that nobody made."""
    from navigator.auth.accounts import create_user

    provider = create_user("p@example.org", "blue-harbor-lantern-47", "provider",
                           world["shelter"].organization_id)
    plain_consent(world["resident"], [world["shelter"].organization_id])
    told = referrals.create_referral(world["resident"], world["shelter"], user=world["user"])
    anonymous = referrals.create_referral(world["resident"], world["shelter"])
    for referral in (told, anonymous):
        referrals.send(referral, user=world["user"])
        referrals.change_status(referral, "accepted", user=provider)
        referrals.change_status(referral, "not_connected", user=provider, reason="no_show")
    db.session.commit()
    assert [(n.referral_id, n.kind) for n in notices.latest(world["user"])][::-1] == [
        (told.id, "accepted"), (told.id, "not_connected")]
    assert notices.unseen_count(world["user"]) == 2
    assert notices.unseen_count(provider) == 0
