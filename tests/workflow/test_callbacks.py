"""The callback queue: what each request shows (time received, language by name, a number
to tap, the best time to call), its buttons, the count the workspace shows, and the one
page that makes the record with the first need in the person's words. Bad input is
refused in place and stores nothing; a request settled by someone else says so."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime
from sqlalchemy import func, select

from navigator.audit import AuditEvent
from navigator.auth.models import User
from navigator.extensions import db
from navigator.workflow import callbacks, services
from navigator.workflow.models import CallbackRequest, Need, Resident

from tests.workflow.directory_factory import HOUSING, make_directory
from tests.workflow.recorded_visits import Visits

NEED = "Necesito un lugar para dormir esta noche"


def _request(name="Ana Gómez", phone="(919) 555-0110", email=None, language="es",
             best_time="evening", need=NEED, minutes_ago=12) -> str:
    item = services.request_callback(name=name, phone=phone, email=email, language=language,
                                     best_time=best_time, need=need)
    item.created_at = services.utcnow() - timedelta(minutes=minutes_ago)
    db.session.commit()
    return item.id


@pytest.fixture
def desk(app, staff):
    """A signed-in navigator, the tiny directory and one waiting request."""
    user_id = staff.user()
    with app.app_context():
        make_directory()
        db.session.commit()
        request_id = _request()
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client)
    return visits, user_id, request_id


def _get(app, request_id) -> CallbackRequest:
    with app.app_context():
        item = db.session.get(CallbackRequest, request_id)
        db.session.expunge(item)
        return item


def _actions(app, request_id) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.entity_id == request_id).order_by(AuditEvent.id)))


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_the_queue_shows_when_how_and_what(app, desk):
    visits, _, request_id = desk
    page = visits.get("/navigator/callbacks")
    created = _get(app, request_id).created_at
    zone = ZoneInfo(app.config["NAVIGATOR_TIMEZONE"])
    local = format_datetime(created, "short", tzinfo=zone, locale="en")
    assert "Received 12 minutes ago" in page and local in page
    assert f'datetime="{created.isoformat()}"' in page
    assert "Language: Spanish" in page and ">es<" not in page
    assert '<a href="tel:+19195550110">Call (919) 555-0110</a>' in page
    assert "Best time to call: Evening (5 PM to 8 PM)" in page
    assert NEED in page and f'href="/navigator/callbacks/{request_id}/record"' in page
    for label in ("No answer — try again", "Reached — no record needed", "Not a callback"):
        assert label in page


def test_the_queue_in_spanish(app, desk):
    visits, _, _ = desk
    visits.client.set_cookie("lang", "es")
    page = visits.get("/navigator/callbacks")
    assert "Idioma: Español" in page and "Recibida hace 12 minutos" in page
    assert "Sin respuesta: intentar de nuevo" in page


def test_no_answer_keeps_it_waiting_and_counts_the_tries(app, desk):
    visits, user_id, request_id = desk
    for _ in range(2):
        assert visits.post(f"/navigator/callbacks/{request_id}/outcome",
                           {"action": "no_answer"}, form_page="/navigator/callbacks") \
            == "/navigator/callbacks"
    item = _get(app, request_id)
    assert (item.status, item.attempts, item.outcome) == ("new", 2, None)
    assert services.utcnow() - item.last_attempt_at < timedelta(minutes=1)
    page = visits.get("/navigator/callbacks")
    assert "No answer: tried 2 times. The request stays in the queue." in page
    assert "Tried 2 times, last just now" in page
    assert _actions(app, request_id).count("callback_request.no_answer") == 2


@pytest.mark.parametrize("action, words", [
    ("reached", "reached, no record needed"), ("not_a_callback", "not a callback")])
def test_reached_or_not_a_callback_leaves_the_queue(app, desk, action, words):
    visits, user_id, request_id = desk
    visits.post(f"/navigator/callbacks/{request_id}/outcome", {"action": action},
                form_page="/navigator/callbacks")
    item = _get(app, request_id)
    assert (item.status, item.outcome, item.handled_by) == ("closed", action, user_id)
    page = visits.get("/navigator/callbacks")
    assert f"Taken out of the queue: {words}." in page and "No new requests." in page
    assert f"callback_request.{action}" in _actions(app, request_id)
    assert _count(app, Resident) == 0


@pytest.mark.parametrize("action", ["", "record_made", "delete"])
def test_an_unknown_action_is_refused(app, desk, action):
    visits, _, request_id = desk
    visits.post(f"/navigator/callbacks/{request_id}/outcome", {"action": action},
                status=400, form_page="/navigator/callbacks")
    assert _get(app, request_id).status == "new"


def test_the_workspace_counts_the_waiting_requests(app, desk):
    visits, _, request_id = desk
    with app.app_context():
        assert callbacks.waiting_count() == 1
        _request(name="Lee", phone=None, email="lee@example.org")
        assert callbacks.waiting_count() == 2
    assert "2 waiting" in visits.get("/navigator")
    visits.post(f"/navigator/callbacks/{request_id}/outcome", {"action": "no_answer"},
                form_page="/navigator/callbacks")
    with app.app_context():
        assert callbacks.waiting_count() == 2  # tried, still waiting
    visits.post(f"/navigator/callbacks/{request_id}/outcome", {"action": "reached"},
                form_page="/navigator/callbacks")
    with app.app_context():
        assert callbacks.waiting_count() == 1
    assert "1 waiting" in visits.get("/navigator")


def _staff_nav(page: str) -> str:
    start = page.index('<nav class="site-nav staff-nav"')
    return page[start:page.index("</nav>", start)]


def test_the_staff_menu_counts_the_waiting_requests_on_every_page(app, desk):
    visits, _, request_id = desk
    link = re.compile(r'<a href="/navigator/callbacks"[^>]*>Callbacks'
                      r' <span class="count">\(1 waiting\)</span></a>')
    for path in ("/navigator", "/navigator/residents", "/navigator/callbacks"):
        assert link.search(_staff_nav(visits.get(path))), path
    visits.post(f"/navigator/callbacks/{request_id}/outcome", {"action": "not_a_callback"},
                form_page="/navigator/callbacks")
    assert '<a href="/navigator/callbacks">Callbacks</a>' in _staff_nav(
        visits.get("/navigator/residents"))


def _record_fields(**changes) -> dict:
    fields = {"name": "Ana Gómez", "phone": "(919) 555-0110", "email": "",
              "preferred_contact": "phone", "language": "es", "best_time": "evening",
              "place": "", "birth_year": "", "notes": "", "taxonomy_term_id": HOUSING,
              "urgency": "today", "own_words": NEED}
    fields.update(changes)
    return fields


def test_one_page_makes_the_record_with_the_need(app, desk):
    visits, user_id, request_id = desk
    url = f"/navigator/callbacks/{request_id}/record"
    page = visits.get(url)
    assert 'value="Ana Gómez"' in page and 'value="(919) 555-0110"' in page
    assert '<option selected value="es">' in page
    assert '<option selected value="evening">' in page
    assert f"{NEED}</textarea>" in page
    assert "This may be someone" not in page
    next_page = visits.post(url, _record_fields(own_words=NEED + " con mi hija"))
    with app.app_context():
        person = db.session.scalars(select(Resident)).one()
        # On to what the navigator does next: the services that may fit.
        assert next_page == f"/navigator/residents/{person.id}/suggestions"
        assert (person.name, person.phone_digits, person.language, person.best_time,
                person.callback_request_id) == ("Ana Gómez", "9195550110", "es", "evening",
                                                request_id)
        [need] = person.needs
        assert (need.taxonomy_term_id, need.urgency, need.own_words, need.status) == (
            HOUSING, "today", NEED + " con mi hija", "open")
        item = db.session.get(CallbackRequest, request_id)
        assert (item.status, item.outcome, item.handled_by) == ("closed", "record_made",
                                                               user_id)
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"callback_request.view", "callback_request.record_made", "resident.create",
                "need.create"} <= actions
    page = visits.get(f"/navigator/residents/{person.id}")
    assert "Best time to call" in page and "Evening (5 PM to 8 PM)" in page
    assert "Language" in page and "Spanish" in page
    assert '<a href="tel:+19195550110">' in page
    assert "No new requests." in visits.get("/navigator/callbacks")


def test_the_name_never_travels_in_the_session_cookie(app, desk):
    """The flash message after the record is made is kept in the session cookie, which
    the browser stores and anyone holding it can read: it names nobody."""
    visits, _, request_id = desk
    url = f"/navigator/callbacks/{request_id}/record"
    visits.get(url)
    next_page = visits.post(url, _record_fields())
    cookie = visits.client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    kept = repr(app.session_interface.get_signing_serializer(app).loads(cookie.value))
    assert "Ana" not in kept and "0110" not in kept
    page = visits.get(next_page)
    assert "Saved: the record and the need. These services may fit:" in page
    assert "Ana Gómez" in page  # the page says whom it is about


@pytest.mark.parametrize("changes, message", [
    ({"taxonomy_term_id": ""}, "This is required."),
    ({"urgency": ""}, "This is required."),
    ({"name": ""}, "This is required."),
    ({"email": "not an email"}, "Invalid email address."),
    ({"birth_year": "year"}, "Enter a whole number, in the digits 0 to 9."),
    ({"best_time": "midnight"}, "Not a valid choice"),
    ({"household": "castle"}, "Not a valid choice"),
    ({"own_words": "x" * 2001}, "Field cannot be longer than 2000 characters."),
    ({"name": "Ana\x00"}, "a character we cannot save"),
])
def test_bad_input_is_refused_in_place_and_stores_nothing(app, desk, changes, message):
    visits, _, request_id = desk
    url = f"/navigator/callbacks/{request_id}/record"
    page = visits.post(url, _record_fields(**changes), status=400)
    assert message in page and 'class="error-summary"' in page
    assert "Make a record for Ana Gómez" in page
    assert _count(app, Resident) == 0 and _count(app, Need) == 0
    item = _get(app, request_id)
    assert (item.status, item.outcome) == ("new", None)


def test_a_request_settled_by_someone_else_says_so(app, desk, staff):
    visits, _, request_id = desk
    with app.app_context():
        other = db.session.get(User, staff.user("nav2@example.org"))
        callbacks.close(db.session.get(CallbackRequest, request_id), "not_a_callback",
                        user=other)
        db.session.commit()
    url = f"/navigator/callbacks/{request_id}/record"
    assert visits.post(url, _record_fields(), form_page="/navigator/callbacks") \
        == "/navigator/callbacks"
    assert visits.get(url, status=302)
    page = visits.get("/navigator/callbacks")
    assert "nav2@example.org took this request first: not a callback." in page
    assert _count(app, Resident) == 0
    visits.post(f"/navigator/callbacks/{request_id}/outcome", {"action": "reached"},
                form_page="/navigator/callbacks")
    assert _get(app, request_id).outcome == "not_a_callback"
    assert "took this request first" in visits.get("/navigator/callbacks")


def test_a_record_made_by_someone_else_is_shown(app, desk):
    visits, _, request_id = desk
    url = f"/navigator/callbacks/{request_id}/record"
    page_before = visits.get(url)
    suggestions_url = visits.post(url, _record_fields())
    resident_url = suggestions_url.removesuffix("/suggestions")
    # The same page, still open in another tab: its request is settled.
    assert "Save the record and the need" in page_before
    assert visits.post(url, _record_fields(), form_page="/navigator/callbacks") \
        == resident_url
    assert "took this request first: a record was made." in visits.get(resident_url)
    assert _count(app, Resident) == 1 and _count(app, Need) == 1


def test_rules_refuse_an_unknown_outcome(app_context):
    item = services.request_callback(name="Ana", phone="919-555-0110", email=None,
                                     language="es", best_time="any", need="x")
    db.session.flush()
    with pytest.raises(ValueError):
        callbacks.close(item, "lost")
    assert item.status == "new"
