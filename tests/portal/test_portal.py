"""The provider portal: a provider answers the referrals sent to its organization and sees
of each resident only what the consent shares, only while it is active; a navigator
refers from any service page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from navigator.audit import AuditEvent
from navigator.auth.models import User
from navigator.directory.models import Service
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from navigator.workflow import consents, referrals, services
from navigator.workflow.models import Consent, Need, Referral

from tests.workflow.consent_factory import part2_consent, plain_consent
from tests.workflow.directory_factory import HOUSING, make_directory
from tests.workflow.recorded_visits import Visits
from tests.outbox_messages import outbox_messages

NAME, PHONE, WORDS = "Dana Whitfield", "919-555-0177", "sleeping in my car since June"
PROVIDER = "intake@shelter.example.org"


@pytest.fixture
def sent(app, staff):
    """A navigator, a provider account for the shelter, and three referrals sent: two to
    the shelter (one under a consent sharing contact and needs), one to the treatment
    program."""
    navigator_id = staff.user()
    with app.app_context():
        made = make_directory()
        navigator = db.session.get(User, navigator_id)
        resident = services.create_resident(user=navigator, name=NAME, phone=PHONE,
                                            place="27701", birth_year=1980)
        need = Need(resident=resident, taxonomy_term_id=HOUSING, urgency="today",
                    own_words=WORDS)
        db.session.add(need)
        shelter, otp = made["shelter"], made["otp"]
        plain_consent(resident, [shelter.organization_id], user=navigator,
                      scope=["contact", "needs"])
        part2_consent(resident, [otp.organization_id], user=navigator)
        ids = {}
        for key, service, note in (("shelter", shelter, "bring ID"),
                                   ("otp", otp, ""), ("shelter_draft", shelter, "")):
            referral = referrals.create_referral(resident, service, user=navigator,
                                                 need=need, note=note)
            if key != "shelter_draft":
                referrals.send(referral, user=navigator)
            ids[key] = referral.id
        ids.update(shelter_org=shelter.organization_id, otp_org=otp.organization_id,
                   shelter_service=shelter.id, resident=resident.id, need=need.id)
        db.session.commit()
    staff.user(PROVIDER, "provider", ids["shelter_org"])
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client, PROVIDER)
    return ids, visits


def test_the_inbox_shows_only_sent_referrals_of_the_own_organization(app, sent):
    ids, visits = sent
    home = visits.get("/provider")
    assert f"/provider/referrals/{ids['shelter']}" in home and NAME in home
    assert ids["otp"] not in home and ids["shelter_draft"] not in home
    for other in (ids["otp"], ids["shelter_draft"], "no-such-id"):
        visits.get(f"/provider/referrals/{other}", status=404)
    assert "shelter service" in home  # its own listings


def test_the_referral_shows_what_the_consent_shares_and_is_audited(app, sent):
    ids, visits = sent
    page = visits.get(f"/provider/referrals/{ids['shelter']}")
    for shown in (NAME, PHONE, WORDS, "Today", "navigator@example.org"):
        assert shown in page, shown
    # Not in the consent's scope: place and age, language, the navigator's note.
    for hidden in ("27701", "1980", "bring ID"):
        assert hidden not in page, hidden
    assert "42 CFR part 2" not in page
    with app.app_context():
        viewed = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "referral.provider_view")).all()
        assert {e.entity_id for e in viewed} == {ids["shelter"]}
        assert all(e.user_role == "provider" for e in viewed)


def test_a_narrower_consent_shares_less(app, sent):
    ids, visits = sent
    with app.app_context():
        consent = db.session.scalars(select(Consent).where(Consent.part2.is_(False))).one()
        consent.scope = ["needs", "notes"]
        db.session.commit()
    page = visits.get(f"/provider/referrals/{ids['shelter']}")
    assert NAME not in page and PHONE not in page and "Not shared" in page
    assert WORDS in page and "bring ID" in page
    assert "Resident (name not shared)" in visits.get("/provider")


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_without_an_active_consent_nothing_is_shown(app, sent, how):
    ids, visits = sent
    with app.app_context():
        consent = db.session.scalars(select(Consent).where(Consent.part2.is_(False))).one()
        if how == "revoked":
            consents.revoke_consent(consent, reason="asked to stop")
        else:
            consent.given_at = utcnow() - timedelta(days=60)
            consent.valid_until = utcnow() - timedelta(days=1)
        db.session.commit()
    page = visits.get(f"/provider/referrals/{ids['shelter']}")
    assert "consent to share with your organization is not active" in page
    for hidden in (NAME, PHONE, WORDS):
        assert hidden not in page
    home = visits.get("/provider")
    assert NAME not in home and "consent not active" in home
    with app.app_context():  # nothing was disclosed, so no disclosure was logged
        assert not db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "referral.provider_view")).all()


def test_a_cancelled_referral_shows_nothing_of_the_resident(app, sent):
    ids, visits = sent
    with app.app_context():
        referrals.change_status(db.session.get(Referral, ids["shelter"]), "cancelled")
        db.session.commit()
    page = visits.get(f"/provider/referrals/{ids['shelter']}")
    assert "Cancelled" in page and NAME not in page and PHONE not in page
    assert 'name="to"' not in page  # nothing left to answer
    closed = visits.get("/provider").split("Closed in the last 30 days")[1]
    assert f"/provider/referrals/{ids['shelter']}" in closed and NAME not in closed


def test_a_part2_disclosure_carries_the_notice_and_scope(app, staff, sent):
    ids, _ = sent
    staff.user("otp@example.org", "provider", ids["otp_org"])
    client = staff.client()
    staff.sign_in(client, "otp@example.org")
    visits = Visits(client, staff)
    page = visits.get(f"/provider/referrals/{ids['otp']}")
    assert consents.PART2_NOTICE in page and "Substance use information" in page
    assert NAME in page and WORDS in page  # substance_use is in this consent's scope
    with app.app_context():
        consent = db.session.scalars(select(Consent).where(Consent.part2.is_(True))).one()
        consent.scope = ["contact", "needs"]
        db.session.commit()
    page = visits.get(f"/provider/referrals/{ids['otp']}")
    assert NAME in page and WORDS not in page


def _answer(visits, referral_id, status=302, **data):
    url = f"/provider/referrals/{referral_id}"
    return visits.post(f"{url}/status", {"reason": "", "note": "", **data},
                       status=status, form_page=url)


def test_the_provider_accepts_then_marks_connected(app, sent):
    ids, visits = sent
    page = visits.get(f"/provider/referrals/{ids['shelter']}")
    offered = set(re.findall(r'<option[^>]*value="([a-z_]+)"', page.split('name="to"')[1]
                             .split("</select>")[0]))
    assert offered == {"accepted", "declined"}
    _answer(visits, ids["shelter"], to="accepted", note="intake Monday 9am, ask for Ms. Lee")
    _answer(visits, ids["shelter"], to="connected")
    with app.app_context():
        referral = db.session.get(Referral, ids["shelter"])
        assert referral.status == "connected"
        events = referral.events
        assert [e.to_status for e in events] == ["draft", "pending", "accepted", "connected"]
        provider_events = [e for e in events if e.to_status in ("accepted", "connected")]
        assert {e.user_id for e in provider_events} != {events[0].user_id}
        assert provider_events[0].note == "intake Monday 9am, ask for Ms. Lee"


@pytest.mark.parametrize("data, message", [
    ({"to": "cancelled"}, "cannot become cancelled"),
    ({"to": "connected"}, "cannot become connected"),
    ({"to": "declined"}, "Choose a reason"),
    ({"to": "declined", "reason": "other"}, "Say what the other reason is"),
    ({"to": "no-such-state"}, "Not a valid choice"),
])
def test_a_provider_answer_out_of_turn_is_refused_in_place(app, sent, data, message):
    ids, visits = sent
    page = _answer(visits, ids["shelter"], status=400, **data)
    assert message in page
    with app.app_context():
        assert db.session.get(Referral, ids["shelter"]).status == "pending"


def test_a_decline_shows_on_the_navigators_home(app, staff, sent):
    ids, visits = sent
    _answer(visits, ids["shelter"], to="declined", reason="no_capacity")
    navigator = Visits(staff.client(), staff)
    staff.sign_in(navigator.client)
    home = navigator.get("/navigator")
    declined = home.split("Declined by a provider")[1].split("<h2>")[0]
    assert f"/navigator/referrals/{ids['shelter']}" in declined and "No capacity" in declined


def test_a_provider_cannot_answer_another_organizations_referral(app, sent):
    ids, visits = sent
    _answer(visits, ids["otp"], status=404, to="accepted")
    with app.app_context():
        referral = db.session.get(Referral, ids["otp"])
        assert referral.status == "pending"
        # The rule holds below the views too: in the one place transitions are decided.
        provider = db.session.scalars(select(User).where(User.email == PROVIDER)).one()
        assert referrals.allowed_transitions(referral, provider) == frozenset()
        with pytest.raises(referrals.TransitionRefused):
            referrals.change_status(referral, "accepted", user=provider)
        db.session.rollback()


def test_a_navigator_refers_from_a_service_page(app, staff, sent):
    ids, _ = sent
    navigator = Visits(staff.client(), staff)
    staff.sign_in(navigator.client)
    public = staff.client().get(f"/services/{ids['shelter_service']}").get_data(as_text=True)
    assert "Refer a resident" not in public  # not for the public
    page = navigator.get(f"/services/{ids['shelter_service']}")
    refer_url = f"/navigator/services/{ids['shelter_service']}/refer"
    assert refer_url in page

    # The resident was viewed lately, so they are offered at once; search finds them too.
    navigator.get(f"/navigator/residents/{ids['resident']}")
    page = navigator.get(refer_url)
    assert NAME in page.split("worked with lately")[1]
    with app.app_context():  # showing that list is itself recorded
        assert db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "resident.recent.list")).all()
    found = navigator.post(refer_url, {"terms": "whitfield"}, status=200)
    assert NAME in found.split("Results")[1]
    assert "Enter a name" in navigator.post(refer_url, {"terms": ""}, status=400)

    location = navigator.post(f"{refer_url}/resident", {"resident_id": ids["resident"]},
                              form_page=refer_url)
    with app.app_context():
        made = db.session.get(Referral, location.rsplit("/", 1)[1])
        assert made.status == "draft" and made.service_id == ids["shelter_service"]
        assert made.need_id == ids["need"]  # the open need this service answers
    navigator.post(f"{refer_url}/resident", {"resident_id": "nobody"}, status=404,
                   form_page=refer_url)


def test_an_inactive_service_takes_no_referral(app, staff, sent):
    ids, _ = sent
    with app.app_context():
        db.session.get(Service, ids["shelter_service"]).status = "inactive"
        db.session.commit()
        before = db.session.scalar(select(db.func.count()).select_from(Referral))
    navigator = Visits(staff.client(), staff)
    staff.sign_in(navigator.client)
    refer_url = f"/navigator/services/{ids['shelter_service']}/refer"
    navigator.post(f"{refer_url}/resident", {"resident_id": ids["resident"]},
                   form_page=refer_url)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Referral)) == before


def test_the_providers_staff_get_a_notice_without_the_resident(app, staff, sent, tmp_path,
                                                                monkeypatch, caplog):
    """Sending a referral emails its organization's active provider staff a link to the
    portal, and nothing about the resident; other organizations and disabled accounts get
    nothing; with sending off, nothing is written."""
    import logging

    ids, _ = sent
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "log")
    staff.user("second@shelter.example.org", "provider", ids["shelter_org"])
    staff.user("gone@shelter.example.org", "provider", ids["shelter_org"])
    staff.user("otp@example.org", "provider", ids["otp_org"])
    with app.app_context():
        from navigator.auth.accounts import disable_user, find_user

        disable_user(find_user("gone@shelter.example.org"))
        db.session.commit()
    navigator = Visits(staff.client(), staff)
    staff.sign_in(navigator.client)
    draft_url = f"/navigator/referrals/{ids['shelter_draft']}"
    with caplog.at_level(logging.DEBUG):
        navigator.post(f"{draft_url}/status", {"to": "pending", "reason": "", "note": ""},
                       form_page=draft_url)
    messages = sorted(outbox_messages(app))
    assert len(messages) == 2
    assert {re.search(r"^To: (.+)$", m, re.M)[1] for m in messages} \
        == {PROVIDER, "second@shelter.example.org"}
    for message in messages:
        assert f"/provider/referrals/{ids['shelter_draft']}" in message
        for private in (NAME, PHONE, WORDS, "Dana"):
            assert private not in message
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert PROVIDER not in logged and "referral notice queued: count=2" in logged

    # Sending switched off: the referral still goes, nobody is emailed.
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "off")
    with app.app_context():
        resident = db.session.get(Referral, ids["shelter"]).resident
        service = db.session.get(Service, ids["shelter_service"])
        again = referrals.create_referral(resident, service).id
        db.session.commit()
    url = f"/navigator/referrals/{again}"
    navigator.post(f"{url}/status", {"to": "pending", "reason": "", "note": ""}, form_page=url)
    assert len(outbox_messages(app)) == 2
    with app.app_context():
        assert db.session.get(Referral, again).status == "pending"
