""""Is this your organization?" on the Durham sample directory: the link on a listing, the
form that files a request for access for the listing's organization, the same answer
whatever the email, bad input refused in place with nothing stored, unknown listings,
CSRF, the rate limit, and the Spanish page."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import delete, select

from navigator.auth.accounts import create_user, find_user
from navigator.directory.models import Service
from navigator.extensions import db, limiter
from navigator.review.models import AccessRequest

pytestmark = pytest.mark.usefixtures("durham")

PANTRY = "Durham Community Food Pantry"
SHELTER = "UMD Community Shelter for single adults"
INACTIVE = "LGBTQ+ youth programs (LGBTQ Center of Durham)"
KNOWN = "desk@pantry.example.org"
PERSON = {"name": "Robin Okafor", "job_title": "Volunteer coordinator",
          "message": "Our Saturday hours changed."}


@pytest.fixture
def web(durham):
    """A fresh client and rate limits; the requests filed are removed afterwards."""
    limiter.reset()
    with durham.test_client() as client:
        yield client
    with durham.app_context():
        db.session.execute(delete(AccessRequest))
        db.session.commit()


@pytest.fixture(scope="module")
def ids(durham) -> dict[str, str]:
    with durham.app_context():
        return dict(db.session.execute(select(Service.name, Service.id)).all())


def text(response) -> str:
    """The page's visible words, roughly (tags dropped, entities decoded)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.get_data(as_text=True),
                  flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def csrf(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]


def _requests(durham) -> list[AccessRequest]:
    with durham.app_context():
        found = db.session.scalars(select(AccessRequest).order_by(AccessRequest.created_at,
                                                                  AccessRequest.id)).all()
        db.session.expunge_all()
        return found


def _organization_of(durham, service_id: str) -> str:
    with durham.app_context():
        return db.session.get(Service, service_id).organization_id


def _claim(client, service_id: str, prefix: str = "", **fields):
    path = f"{prefix}/services/{service_id}/claim"
    return client.post(path, data={"csrf_token": csrf(client, path), **fields})


def test_a_listing_links_to_its_claim_page(web, ids):
    page = web.get(f"/services/{ids[PANTRY]}").get_data(as_text=True)
    assert f'href="/services/{ids[PANTRY]}/claim"' in page
    assert "Is this your organization?" in page
    spanish = web.get(f"/es/services/{ids[PANTRY]}").get_data(as_text=True)
    assert f'href="/es/services/{ids[PANTRY]}/claim"' in spanish


def test_the_claim_page_says_what_happens_next(web, ids):
    page = web.get(f"/services/{ids[PANTRY]}/claim")
    assert page.status_code == 200
    words = text(page)
    assert PANTRY in words
    assert ("An administrator checks that you work there, then emails you a link to set "
            "up your account") in words
    body = page.get_data(as_text=True)
    for name in ("csrf_token", "name", "email", "job_title", "message"):
        assert f'name="{name}"' in body
    assert "<script" not in body.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_claim_files_a_request_for_the_listings_organization(durham, web, ids):
    service_id = ids[PANTRY]
    sent = _claim(web, service_id, email=" Robin@Pantry.Example.org ", **PERSON)
    assert sent.status_code == 302
    assert sent.headers["Location"] == f"/services/{service_id}/claim/sent"
    thanks = web.get(sent.headers["Location"])
    assert thanks.status_code == 200
    assert "Thank you. We received your request." in text(thanks)
    [request] = _requests(durham)
    assert request.organization_id == _organization_of(durham, service_id)
    assert (request.service_id, request.status) == (service_id, "pending")
    assert (request.name, request.email, request.job_title, request.message) == (
        PERSON["name"], "robin@pantry.example.org", PERSON["job_title"], PERSON["message"])
    assert request.reviewed_at is None


def test_the_answer_is_the_same_for_an_email_with_an_account_and_one_without(
        durham, web, ids):
    with durham.app_context():
        if find_user(KNOWN) is None:
            create_user(KNOWN, "blue-harbor-lantern-47", "provider",
                        _organization_of(durham, ids[PANTRY]))
            db.session.commit()
    answers = []
    for email in (KNOWN, "nobody@pantry.example.org"):
        sent = _claim(web, ids[PANTRY], email=email, **PERSON)
        page = web.get(sent.headers["Location"])
        answers.append((sent.status_code, sent.headers["Location"], page.status_code,
                        page.get_data(as_text=True)))
    assert answers[0] == answers[1]
    assert sorted(r.email for r in _requests(durham)) == [KNOWN, "nobody@pantry.example.org"]


def test_asking_again_while_a_request_waits_files_nothing_more(durham, web, ids):
    for _ in range(2):
        assert _claim(web, ids[PANTRY], email="robin@example.org", **PERSON
                      ).status_code == 302
    assert len(_requests(durham)) == 1
    # Another listing of another organization is another request.
    assert _claim(web, ids[SHELTER], email="robin@example.org", **PERSON).status_code == 302
    assert len(_requests(durham)) == 2


@pytest.mark.parametrize("fields, messages", [
    ({}, ["Enter your name.", "Enter your work email address.", "Enter your job title."]),
    ({**PERSON, "email": "robin@"}, ["Enter an email address like name@example.com."]),
    ({**PERSON, "email": "r@example.org", "name": "x" * 121},
     ["Use 120 characters or fewer."]),
    ({**PERSON, "email": "r@example.org", "job_title": "   "}, ["Enter your job title."]),
    ({**PERSON, "email": "r@example.org", "message": "x" * 1001},
     ["Use 1,000 characters or fewer."]),
])
def test_bad_input_is_refused_in_place_and_nothing_is_stored(durham, web, ids, fields,
                                                             messages):
    refused = _claim(web, ids[PANTRY], **fields)
    assert refused.status_code == 400
    words = text(refused)
    for message in messages:
        assert message in words
    assert 'role="alert"' in refused.get_data(as_text=True)
    assert _requests(durham) == []


def test_a_claim_without_its_token_is_refused(durham, web, ids):
    path = f"/services/{ids[PANTRY]}/claim"
    web.get(path)  # a session with its token, which the post leaves out
    assert web.post(path, data={"email": "r@example.org", **PERSON}).status_code == 400
    assert web.post(path, data={"csrf_token": "forged", "email": "r@example.org",
                                **PERSON}).status_code == 400
    assert _requests(durham) == []


@pytest.mark.parametrize("service", ["no-such-id", "x" * 300, INACTIVE])
def test_an_unknown_or_hidden_listing_is_a_404(durham, web, ids, service):
    service_id = ids.get(service, service)
    token = csrf(web, "/callback")
    for prefix in ("", "/es"):
        path = f"{prefix}/services/{service_id}/claim"
        assert web.get(path).status_code == 404
        assert web.post(path, data={"csrf_token": token, "email": "r@example.org",
                                    **PERSON}).status_code == 404
    assert _requests(durham) == []


def test_claims_are_rate_limited(durham, web, ids):
    path = f"/services/{ids[PANTRY]}/claim"
    token = csrf(web, path)
    codes = [web.post(path, data={"csrf_token": token, "email": f"r{n}@example.org",
                                  **PERSON}).status_code for n in range(7)]
    assert codes[:5] == [302] * 5 and codes[5:] == [429, 429]
    assert len(_requests(durham)) == 5


def test_the_spanish_claim_page_is_in_spanish(durham, web, ids):
    service_id = ids[PANTRY]
    page = web.get(f"/es/services/{service_id}/claim")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="es">' in body
    words = text(page)
    assert "¿Es esta su organización?" in words
    assert ("Un administrador comprueba que usted trabaja allí y luego le envía por correo "
            "un enlace para activar su cuenta") in words
    assert "Is this your organization" not in words and "What happens next" not in words
    refused = _claim(web, service_id, prefix="/es")
    assert refused.status_code == 400
    assert "Escriba su nombre." in text(refused) and "Enter your name" not in text(refused)
    sent = _claim(web, service_id, prefix="/es", email="robin@example.org", **PERSON)
    assert sent.headers["Location"] == f"/es/services/{service_id}/claim/sent"
    thanks = text(web.get(sent.headers["Location"]))
    assert "Gracias. Recibimos su solicitud." in thanks and "Thank you" not in thanks
    assert re.search(r"Volver al servicio", thanks)
    assert len(_requests(durham)) == 1
