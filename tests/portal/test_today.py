"""A provider says what is true of its listing today (taking referrals, places open, an
alert, temporarily closed); it takes effect at once on the public page and in search (a
real index), with a ``metadata`` row per field and an audit event, and only for its own
organization's listings."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from navigator.audit import AuditEvent
from navigator.directory.models import Metadata, Service, ServiceCapacity, Unit
from navigator.extensions import db
from navigator.search import SearchQuery, search

from tests.workflow.directory_factory import make_directory
from tests.workflow.recorded_visits import Visits

PROVIDER = "intake@shelter.example.org"
OTHER = "desk@otp.example.org"
#: As a person fills the form in who changes nothing.
KEEP = {"accepting": "", "places": "", "unit": "bed", "alert": ""}


@pytest.fixture
def world(app, staff):
    """The shelter's organization with its shelter and two pantries alike but for their
    names, the treatment program's with its own; a provider account for each, the
    shelter's signed in."""
    with app.app_context():
        made = make_directory()
        shelter, otp = made["shelter"], made["otp"]
        ids = {"shelter": shelter.id, "otp": otp.id}
        for key in ("alpha", "beta"):
            service = Service(id=str(uuid.uuid4()), organization_id=shelter.organization_id,
                              name=f"pantry {key}", status="active",
                              description="Groceries every week.")
            db.session.add(service)
            ids[key] = service.id
        db.session.commit()
        org = {"shelter": shelter.organization_id, "otp": otp.organization_id}
    staff.user(PROVIDER, "provider", org["shelter"])
    staff.user(OTHER, "provider", org["otp"])
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client, PROVIDER)
    return ids, visits


def _save(visits, service_id, status=302, **fields):
    return visits.post(f"/provider/listings/{service_id}/today", {**KEEP, **fields},
                       status=status, form_page="/provider")


def _public(visits, path):
    response = visits.client.application.test_client().get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _hit(app, words, service_id):
    with app.app_context():
        app.config["NAVIGATOR_SEARCH_CACHE"] = False
        try:
            hits = search(SearchQuery(text=words, per_page=50), log_search=False).hits
        finally:
            app.config["NAVIGATOR_SEARCH_CACHE"] = True
    return [h for h in hits if h.service_id == service_id][0], hits


def _result(page, name):
    """The search page's result for the listing ``name``."""
    return [part for part in page.split('<li class="hit">') if f">{name}</a>" in part][0]


def test_places_open_show_at_once_on_the_page_and_in_search(app, world):
    ids, visits = world
    before = datetime.now(timezone.utc)
    _save(visits, ids["shelter"], places="3", unit="bed")
    with app.app_context():
        row = db.session.scalars(select(ServiceCapacity)).one()
        unit = db.session.get(Unit, row.unit_id)
        assert (row.service_id, row.available, unit.name) == (ids["shelter"], 3, "bed")
        assert before <= row.updated <= datetime.now(timezone.utc)
    page = _public(visits, f"/services/{ids['shelter']}")
    assert "3 beds open, updated now" in page or "3 beds open, updated 0 seconds ago" \
        in page or re.search(r"3 beds open, updated \d+ seconds? ago", page), page
    hit, _ = _hit(app, "shelter", ids["shelter"])
    assert [(n, u) for n, u, _ in hit.capacities] == [(3, "bed")] and hit.capacity == 3
    result = _result(_public(visits, "/search?q=shelter"), "shelter service")
    assert "3 beds open, updated" in result
    spanish = _result(_public(visits, "/es/search?q=shelter"), "shelter service")
    assert "3 camas libres, actualizado hace" in spanish


def test_the_time_told_is_said_relative_in_both_languages(app):
    from navigator.public.capacity import places_words
    now = datetime(2026, 3, 2, 15, tzinfo=timezone.utc)
    with app.test_request_context("/"):
        assert places_words(3, "bed", now - timedelta(hours=2), now) \
            == "3 beds open, updated 2 hours ago"
        assert places_words(1, "slot", None, now) == "1 appointment slot open"
        assert places_words(0, "beds", now + timedelta(minutes=5), now).startswith(
            "0 beds open, updated")
        assert places_words(None, "bed", now, now) == ""
    with app.test_request_context("/es/"):
        from flask_babel import force_locale
        with force_locale("es"):
            assert places_words(3, "bed", now - timedelta(hours=2), now) \
                == "3 camas libres, actualizado hace 2 horas"


def test_alert_closed_and_referrals_show_at_once_and_clear(app, world):
    ids, visits = world
    _save(visits, ids["shelter"], accepting="no", alert="Closed Monday for the holiday",
          closed="y")
    page = _public(visits, f"/services/{ids['shelter']}")
    assert "Closed Monday for the holiday" in page and "Temporarily closed." in page
    assert "Not accepting new people right now" in page
    hit, _ = _hit(app, "shelter", ids["shelter"])
    assert (hit.alert, hit.status, hit.accepting_referrals) \
        == ("Closed Monday for the holiday", "temporarily closed", False)
    result = _result(_public(visits, "/search?q=shelter"), "shelter service")
    assert "Closed Monday for the holiday" in result and "Temporarily closed" in result
    assert "Not accepting new people right now" in result
    spanish = _result(_public(visits, "/es/search?q=shelter"), "shelter service")
    assert "Cerrado por un tiempo" in spanish

    _save(visits, ids["shelter"], accepting="yes", alert="")  # reopened, alert cleared
    page = _public(visits, f"/services/{ids['shelter']}")
    assert "Closed Monday" not in page and "Temporarily closed." not in page
    assert "Accepting new people" in page
    hit, _ = _hit(app, "shelter", ids["shelter"])
    assert (hit.alert, hit.status, hit.accepting_referrals) == (None, "active", True)


def test_other_statuses_are_never_touched(app, world):
    ids, visits = world
    with app.app_context():
        db.session.get(Service, ids["alpha"]).status = "inactive"
        db.session.commit()
    assert 'id="closed-' not in visits.get(f"/provider/listings/{ids['alpha']}/today")
    _save(visits, ids["alpha"], closed="y", alert="Back soon")
    with app.app_context():
        service = db.session.get(Service, ids["alpha"])
        assert (service.status, service.alert) == ("inactive", "Back soon")


def test_no_places_ranks_below_an_equal_listing_with_places(app, world):
    ids, visits = world
    _, hits = _hit(app, "pantry", ids["alpha"])
    # Alike but for their names: the one first without counts is told it has none.
    first, second = [h for h in hits if h.name.startswith("pantry")]
    assert abs(first.rank_score - second.rank_score) < 0.02
    _save(visits, first.service_id, places="0", unit="slot")
    _save(visits, second.service_id, places="2", unit="slot")
    _, hits = _hit(app, "pantry", ids["alpha"])
    ranked = [h for h in hits if h.name.startswith("pantry")]
    assert [h.name for h in ranked] == [second.name, first.name]
    assert ranked[0].rank_score > ranked[1].rank_score
    result = _result(_public(visits, "/search?q=pantry"), first.name)
    assert "0 appointment slots open, updated" in result


def test_provenance_and_audit_are_written_with_the_change(app, world):
    ids, visits = world
    _save(visits, ids["shelter"], accepting="yes", places="4", unit="bed", alert="Hi")
    with app.app_context():
        rows = db.session.scalars(select(Metadata)).all()
        fields = {(r.resource_type, r.field_name, r.previous_value, r.replacement_value,
                   r.last_action_type) for r in rows if r.field_name != "updated"}
        unit_id = db.session.scalars(select(Unit.id)).one()
        assert fields == {
            ("service", "accepting_referrals", "", "true", "update"),
            ("service", "alert", "", "Hi", "update"),
            ("unit", "name", "", "bed", "create"),
            ("unit", "scheme", "", "navigator", "create"),
            ("service_capacity", "available", "", "4", "create"),
        }
        assert {r.updated_by for r in rows} == {PROVIDER}
        assert [r.resource_type for r in rows if r.field_name == "updated"] \
            == ["service_capacity"]
        audited = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "service.operations")).all()
        assert [(e.entity_id, e.user_role) for e in audited] == [(ids["shelter"], "provider")]
    # The same again: only the count is told anew (its time), nothing else changes.
    _save(visits, ids["shelter"], accepting="yes", places="4", unit="bed", alert="Hi")
    with app.app_context():
        again = db.session.scalars(select(Metadata).where(
            Metadata.id.not_in([r.id for r in rows]))).all()
        assert [(r.resource_type, r.field_name) for r in again] \
            == [("service_capacity", "updated")]
        assert db.session.scalar(select(func.count()).select_from(Unit)) == 1
        assert db.session.get(Unit, unit_id).name == "bed"


def _snapshot(app, service_id):
    with app.app_context():
        service = db.session.get(Service, service_id)
        return ((service.status, service.alert, service.accepting_referrals),
                db.session.scalar(select(func.count()).select_from(ServiceCapacity)),
                db.session.scalar(select(func.count()).select_from(Metadata)),
                db.session.scalar(select(func.count()).select_from(AuditEvent).where(
                    AuditEvent.action == "service.operations")))


def test_another_organizations_listing_is_not_found_and_unchanged(app, world):
    ids, visits = world
    before = _snapshot(app, ids["otp"])
    for other in (ids["otp"], "no-such-service"):
        _save(visits, other, status=404, accepting="no", places="3", alert="x", closed="y")
        visits.get(f"/provider/listings/{other}/today", status=404)
    assert _snapshot(app, ids["otp"]) == before


@pytest.mark.parametrize("fields, error", [
    ({"places": "-1"}, "Enter a number from 0 to 5000."),
    ({"places": "9" * 30}, "Enter a whole number"),
    ({"places": "5001"}, "Enter a number from 0 to 5000."),
    ({"places": "three"}, "Enter a whole number"),
    ({"places": "3", "unit": "pony"}, "Not a valid choice"),
    ({"alert": "x" * 10_000}, "Use 300 characters or fewer."),
    ({"accepting": "maybe"}, "Not a valid choice"),
])
def test_bad_input_is_refused_in_place_and_changes_nothing(app, world, fields, error):
    ids, visits = world
    before = _snapshot(app, ids["shelter"])
    page = _save(visits, ids["shelter"], status=400,
                 **{"accepting": "no", "closed": "y", "alert": "ok", **fields})
    assert error in page and 'class="error"' in page and 'aria-invalid="true"' in page
    assert _snapshot(app, ids["shelter"]) == before


def test_the_form_shows_what_is_said_now_in_spanish_too(app, world):
    ids, visits = world
    _save(visits, ids["shelter"], accepting="no", places="2", unit="bed", alert="Hola")
    home = visits.get("/provider")
    assert home.count('class="today-form"') == 3  # one per own listing
    form = home.split(f'/provider/listings/{ids["shelter"]}/today')[1].split("</form>")[0]
    assert 'value="2"' in form and 'value="Hola"' in form
    assert re.search(r'<option selected value="no">|<option value="no" selected', form)
    visits.client.set_cookie("lang", "es")
    assert "Plazas libres ahora" in visits.get("/provider")
