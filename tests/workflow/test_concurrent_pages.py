"""Two people changing one referral at the same moment through its pages (two signed-in
clients, each request in a thread of its own): exactly one change is saved, the other
person's page says what the referral is now, in their language, and its history matches
its state. A need or a follow-up changed by someone else first says so too."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from navigator.auth.models import User
from navigator.extensions import db
from navigator.workflow import needs, referrals, services
from navigator.workflow.models import FollowUp, Need, Referral

from tests.workflow.consent_factory import plain_consent
from tests.workflow.directory_factory import HOUSING, make_directory
from tests.workflow.races import REPEATS, assert_history_matches, race

NAVIGATOR, SECOND, PROVIDER = ("nav@example.org", "nav2@example.org",
                               "intake@shelter.example.org")


@pytest.fixture
def shelter(app, staff):
    """Two navigators and the shelter's intake worker, each signed in on a client of their
    own; a resident whose consent lets referrals go to the shelter."""
    ids = {"navigator": staff.user(NAVIGATOR), "second": staff.user(SECOND)}
    with app.app_context():
        made = make_directory()
        navigator = db.session.get(User, ids["navigator"])
        resident = services.create_resident(user=navigator, name="Sam Rivera")
        plain_consent(resident, [made["shelter"].organization_id], user=navigator)
        db.session.commit()
        organization, service, resident_id = (made["shelter"].organization_id,
                                              made["shelter"].id, resident.id)
    ids["provider"] = staff.user(PROVIDER, "provider", organization)
    clients = {}
    for who, email in (("navigator", NAVIGATOR), ("second", SECOND), ("provider", PROVIDER)):
        clients[who] = staff.client()
        assert staff.sign_in(clients[who], email).status_code == 302
    return SimpleNamespace(app=app, ids=ids, clients=clients, resident_id=resident_id,
                           service_id=service)


def _sent(shelter) -> str:
    """A referral sent to the shelter by the first navigator."""
    from navigator.directory.models import Service
    from navigator.workflow.models import Resident

    with shelter.app.app_context():
        navigator = db.session.get(User, shelter.ids["navigator"])
        referral = referrals.create_referral(
            db.session.get(Resident, shelter.resident_id),
            db.session.get(Service, shelter.service_id), user=navigator)
        referrals.send(referral, user=navigator)
        db.session.commit()
        return referral.id


def _page(who: str, referral_id: str) -> str:
    return (f"/provider/referrals/{referral_id}" if who == "provider"
            else f"/navigator/referrals/{referral_id}")


def _shown_form(client, page: str) -> dict:
    """The state form's hidden fields as the page shows them."""
    html = client.get(page).get_data(as_text=True)
    found = {name: re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
             for name in ("csrf_token", "seen")}
    assert all(found.values()), html[:3000]
    return {name: match[1] for name, match in found.items()}


def _posting(shelter, who, referral_id, to, reason=""):
    """A contender: ``who``'s page is shown, then (at the barrier) their change posted."""
    client, page = shelter.clients[who], _page(who, referral_id)

    def run(barrier):
        form = _shown_form(client, page)
        barrier.wait()
        return client.post(f"{page}/status", data={**form, "to": to, "reason": reason,
                                                   "note": ""})

    return run


RACES = {
    "two navigators": (("navigator", "cancelled", ""), ("second", "accepted", "")),
    "a navigator and the provider": (("navigator", "cancelled", ""),
                                     ("provider", "declined", "no_capacity")),
}


@pytest.mark.parametrize("case", RACES)
def test_of_two_people_posting_at_once_exactly_one_saves(shelter, case):
    contenders = RACES[case]
    for _ in range(REPEATS):
        referral_id = _sent(shelter)
        responses = race(*(_posting(shelter, who, referral_id, to, reason)
                           for who, to, reason in contenders))
        codes = [response.status_code for response in responses]
        assert sorted(codes) == [302, 409], codes
        won = codes.index(302)
        who, to, _reason = contenders[won]
        label = str(referrals.STATUS_LABELS[to])
        assert f"This referral changed: it is now {label}." in \
            responses[1 - won].get_data(as_text=True)
        with shelter.app.app_context():
            assert_history_matches(referral_id, to, shelter.ids[who])


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "This referral changed: it is now Accepted."),
    ("es", "Esta remisión cambió: ahora su estado es «Aceptada»."),
])
def test_the_one_who_saves_second_is_told_what_the_referral_is_now(shelter, lang,
                                                                  message):
    """Both pages were shown while the referral was waiting on the provider; the provider
    accepted it; the navigator's cancelling, from the page shown before, is refused with
    the new state (though an accepted referral may be cancelled), and the page shown
    again offers what may be done now."""
    referral_id = _sent(shelter)
    navigator, provider = shelter.clients["navigator"], shelter.clients["provider"]
    navigator.set_cookie("lang", lang)
    page = _page("navigator", referral_id)
    shown = _shown_form(navigator, page)
    assert shown["seen"] == "pending"
    accepted = provider.post(f"{_page('provider', referral_id)}/status", data={
        **_shown_form(provider, _page("provider", referral_id)), "to": "accepted"})
    assert accepted.status_code == 302
    refused = navigator.post(f"{page}/status", data={**shown, "to": "cancelled"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409 and message in html
    assert re.search(r'name="seen"[^>]*value="accepted"', html)
    again = navigator.post(f"{page}/status", data={**_shown_form(navigator, page),
                                                   "to": "cancelled"})
    assert again.status_code == 302
    with shelter.app.app_context():
        assert_history_matches(referral_id, "cancelled", shelter.ids["navigator"])


def test_a_bad_shown_state_is_a_form_error_not_a_change(shelter):
    referral_id = _sent(shelter)
    page = _page("navigator", referral_id)
    client = shelter.clients["navigator"]
    response = client.post(f"{page}/status", data={
        **_shown_form(client, page), "seen": "bogus", "to": "cancelled"})
    assert response.status_code == 400
    with shelter.app.app_context():
        assert db.session.get(Referral, referral_id).status == "pending"


def _resident_page_after(client, path, data, resident_id) -> str:
    page = f"/navigator/residents/{resident_id}"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      client.get(page).get_data(as_text=True))[1]
    response = client.post(path, data={"csrf_token": token, **data})
    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    return client.get(page).get_data(as_text=True)


def test_a_need_or_follow_up_changed_first_by_someone_else_says_so(shelter):
    with shelter.app.app_context():
        need = Need(resident_id=shelter.resident_id, taxonomy_term_id=HOUSING,
                    urgency="today")
        follow_up = FollowUp(resident_id=shelter.resident_id, due_at=services.utcnow())
        db.session.add_all([need, follow_up])
        db.session.commit()
        need_id, follow_up_id = need.id, follow_up.id
        needs.change_status(need, "met")  # by another navigator, after the page was shown
        services.complete_follow_up(follow_up, outcome="connected")
        db.session.commit()
    client, resident = shelter.clients["second"], shelter.resident_id
    html = _resident_page_after(client, f"/navigator/needs/{need_id}/status",
                                {"status": "closed", "seen": "open"}, resident)
    assert "This need changed: it is now Met." in html
    html = _resident_page_after(client, f"/navigator/follow-ups/{follow_up_id}/done",
                                {"outcome": "not_reached", "notes": ""}, resident)
    assert "This follow-up changed: it is now done." in html
    with shelter.app.app_context():
        assert db.session.get(Need, need_id).status == "met"
        assert db.session.get(FollowUp, follow_up_id).outcome == "connected"
