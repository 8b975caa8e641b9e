"""A provider edits a listing's weekly hours in the portal: the form shows the hours now,
"Preview" shows the week as the public page will and stores nothing, "Send for review"
files one proposal, which an admin approves before the public page changes. Only the
provider's own organization's services and places; refused input is a 400 that names the
mistake and stores nothing."""

from __future__ import annotations

import re
import uuid
from datetime import date, time

import pytest
from flask import url_for
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from navigator.auth.models import User
from navigator.directory.models import Location, Schedule, ServiceAtLocation
from navigator.extensions import db
from navigator.review import proposals
from navigator.review.models import Proposal

from tests.html_forms import forms_of
from tests.workflow.directory_factory import make_directory
from tests.workflow.recorded_visits import Visits

PROVIDER = "desk@shelter.example.org"
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Weekdays 9 to 5, closed at the weekend: as a person fills the form in.
NINE_TO_FIVE = {**{f"{d}-state": "closed" for d in DAYS}, **{
    f"{d}-{k}": v for d in DAYS[:5]
    for k, v in (("state", "hours"), ("opens_1", "9:00"), ("closes_1", "17:00"))}}
STORED = [{"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00",
           "valid_from": None, "valid_to": None, "description": None}]


@pytest.fixture
def world(app, staff):
    """The shelter's organization with its service and a place of its own, the treatment
    program's with its service; the shelter's provider signed in."""
    with app.app_context():
        made = make_directory()
        shelter, otp = made["shelter"], made["otp"]
        place = Location(id=str(uuid.uuid4()), location_type="physical", name="Front door",
                         organization_id=shelter.organization_id)
        db.session.add_all([place, ServiceAtLocation(
            id=str(uuid.uuid4()), service_id=shelter.id, location_id=place.id)])
        ids = {"shelter": shelter.id, "otp": otp.id, "place": place.id}
        org = {"shelter": shelter.organization_id, "otp": otp.organization_id}
        db.session.commit()
    staff.user(PROVIDER, "provider", org["shelter"])
    ids["admin"] = staff.user("admin@example.org", "admin")
    staff.user("nav@example.org", "navigator")
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client, PROVIDER)
    return ids, visits


def _path(service_id, kind="services"):
    return f"/provider/{kind}/{service_id}/hours"


def _send(visits, path, data, button="send", status=302):
    return visits.post(path, {**data, button: "y"}, status=status)


def _counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Proposal)),
                db.session.scalar(select(func.count()).select_from(Schedule)))


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_address_names_the_kind_in_the_plural(app):
    with app.test_request_context():
        assert url_for("portal.edit_hours", kind="service", id="abc") \
            == "/provider/services/abc/hours"
        assert url_for("portal.edit_hours", kind="location", id="abc") \
            == "/provider/locations/abc/hours"


def test_preview_shows_the_public_week_and_stores_nothing(app, world):
    ids, visits = world
    page = _send(visits, _path(ids["shelter"]), {**NINE_TO_FIVE, "saturday-state": "hours",
                                                 "saturday-opens_1": "8pm",
                                                 "saturday-closes_1": "2am"},
                 button="preview", status=200)
    assert _counts(app) == (0, 0)
    preview = page.split('class="hours-preview"')[1].split("</section>")[0]
    assert '<table class="hours">' in preview
    words = _text(preview)
    assert words.count("9:00\u202fAM – 5:00\u202fPM") + words.count("9:00 AM – 5:00 PM") == 5
    assert "8:00" in words and "2:00" in words and words.count("Closed") == 1
    # The form is shown again as it was filled in, ready to send.
    assert 'name="saturday-opens_1" type="time" value="20:00"' in page


def test_sending_files_one_proposal_that_shows_once_approved(app, world):
    ids, visits = world
    where = _send(visits, _path(ids["shelter"]), {**NINE_TO_FIVE, "note": "Call first"})
    assert where == f"/provider/services/{ids['shelter']}"  # where it shows as waiting
    assert "Sent for review: the new hours of shelter service." in visits.get(where)
    with app.app_context():
        [proposal] = db.session.scalars(select(Proposal)).all()
        assert (proposal.resource_type, proposal.resource_id, proposal.status) == (
            "service", ids["shelter"], "pending")
        assert proposal.values == {"hours": [{**STORED[0], "description": "Call first"}]}
        assert db.session.scalars(select(Schedule)).all() == []
    public = _text(visits.client.application.test_client().get(
        f"/services/{ids['shelter']}").get_data(as_text=True))
    assert "Hours are not listed" in public
    # The form tells what waits for review.
    assert "are waiting for review" in visits.get(_path(ids["shelter"]))
    with app.app_context():
        proposals.approve(proposal.id, db.session.get(User, ids["admin"]), date.today())
        db.session.commit()
    public = _text(visits.client.application.test_client().get(
        f"/services/{ids['shelter']}").get_data(as_text=True))
    assert "Hours are not listed" not in public
    assert public.count("9:00 AM – 5:00 PM") + public.count("9:00\u202fAM – 5:00\u202fPM") == 5
    # Approved, the hours are the form's: sent again unchanged, they file nothing.
    page = visits.get(_path(ids["shelter"]))
    assert 'id="monday-opens_1" name="monday-opens_1" type="time" value="09:00"' in page
    assert '<input checked id="monday-state-2"' in page  # open these hours
    assert '<input checked id="saturday-state-0"' in page  # closed
    again = _send(visits, _path(ids["shelter"]), {**NINE_TO_FIVE, "note": "Call first"})
    assert "Nothing to send" in visits.get(again)
    assert _counts(app)[0] == 1


def test_the_form_sent_back_untouched_proposes_nothing(app, world):
    """Hours the week cannot show (another season) are listed and kept: the form as it
    is shown, sent, changes nothing."""
    ids, visits = world
    with app.app_context():
        for byday, opens, closes, first in (("MO,TU,WE,TH,FR", "09:00", "17:00", None),
                                            ("SA", "10:00", "14:00", date(2026, 6, 1))):
            db.session.add(Schedule(
                id=str(uuid.uuid4()), service_id=ids["shelter"], freq="WEEKLY", byday=byday,
                opens_at=time.fromisoformat(opens), closes_at=time.fromisoformat(closes),
                valid_from=first))
        db.session.commit()
    page = visits.get(_path(ids["shelter"]))
    assert "Other hours we have" in page and "Saturday · 10:00" in _text(page)
    [form] = [f for f in forms_of(page, _path(ids["shelter"]))
              if f.action == _path(ids["shelter"])]
    data = [(f.name, f.value) for f in form.fields
            if f.kind not in ("radio", "checkbox", "button") or f.chosen]
    response = visits.client.post(form.action, data=MultiDict([*data, ("send", "y")]))
    assert response.status_code == 302
    assert "Nothing to send" in visits.get(response.headers["Location"])
    assert _counts(app) == (0, 2)


def test_a_place_of_its_own_is_edited_too(app, world):
    ids, visits = world
    assert "Front door" in visits.get(_path(ids["place"], "locations"))
    _send(visits, _path(ids["place"], "locations"), NINE_TO_FIVE)
    with app.app_context():
        [proposal] = db.session.scalars(select(Proposal)).all()
        assert (proposal.resource_type, proposal.resource_id, proposal.values) == (
            "location", ids["place"], {"hours": STORED})


@pytest.mark.parametrize("data, message", [
    ({"monday-opens_2": "16:00", "monday-closes_2": "18:00"},
     "This overlaps the first opening (9:00–17:00). Change one of them."),
    ({"tuesday-closes_1": ""}, "Enter when it closes."),
    ({"saturday-state": "24h", "saturday-opens_1": "10:00", "saturday-closes_1": "12:00"},
     "You chose “Open 24 hours” and entered times."),
    ({"valid_from": "2026-09-01", "valid_to": "2026-06-01"},
     "The last day is before the first day."),
    ({"wednesday-opens_1": "half past nine"}, "Enter a time such as 9:00, 17:30 or 5:30 pm."),
])
def test_a_mistake_is_a_400_that_names_it_and_stores_nothing(app, world, data, message):
    ids, visits = world
    for button in ("send", "preview"):
        page = _send(visits, _path(ids["shelter"]), {**NINE_TO_FIVE, **data},
                     button=button, status=400)
        assert message in _text(page).replace("&#34;", '"').replace("&#8220;", "“")
        assert 'class="error-summary"' in page and 'aria-invalid="true"' in page
        assert "hours-preview" not in page
    assert _counts(app) == (0, 0)


def test_other_organizations_records_are_not_found(app, world):
    ids, visits = world
    for path in (_path(ids["otp"]), _path("no-such-service"), _path(ids["shelter"], "locations"),
                 _path(ids["place"]), "/provider/things/%s/hours" % ids["shelter"]):
        visits.get(path, status=404)
        visits.post(path, {**NINE_TO_FIVE, "send": "y"}, status=404,
                    form_page=_path(ids["shelter"]))
    assert _counts(app) == (0, 0)


def test_only_providers_edit_hours(app, world, staff):
    ids, _ = world
    path = _path(ids["shelter"])
    anonymous = staff.client()
    assert anonymous.get(path).status_code == 302
    navigator = staff.client()
    staff.sign_in(navigator, "nav@example.org")
    assert navigator.get(path).status_code == 403


def test_the_editor_speaks_spanish(app, world):
    ids, visits = world
    visits.client.set_cookie("lang", "es")
    page = _send(visits, _path(ids["shelter"]), NINE_TO_FIVE, button="preview", status=200)
    words = _text(page)
    for said in ("Lunes", "Abierto las 24 horas", "Vista previa", "Enviar para revisión",
                 "Cerrado", "9:00 – 17:00"):
        assert said.lower() in words.lower(), said
    bad = _send(visits, _path(ids["shelter"]), {**NINE_TO_FIVE, "monday-closes_1": ""},
                status=400)
    assert "Indique a qué hora cierra." in _text(bad)
