"""What the city's reports need recorded in the navigator's work: on a referral, whether
the service was the resident's choice among those offered (yes, no, not asked); on a
contact, how the crisis it follows ended. Both optional, refused in place when not one
of the choices, shown on the resident's page, in English and Spanish."""

from __future__ import annotations

import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from navigator.directory.models.base import utcnow
from navigator.extensions import db
from navigator.workflow import needs, services
from navigator.workflow.models import Encounter, Referral
from tests.workflow.consent_factory import plain_consent
from tests.workflow.directory_factory import HOUSING, make_directory
from tests.workflow.recorded_visits import Visits


@pytest.fixture
def page(app, staff):
    staff.user()
    with app.app_context():
        made = make_directory()
        resident = services.create_resident(name="Lee Example", phone="919-555-0111")
        need = needs.create_need(resident, taxonomy_term_id=HOUSING, urgency="today")
        plain_consent(resident, [made["shelter"].organization_id])
        db.session.commit()
        ids = {"resident": resident.id, "need": need.id, "shelter": made["shelter"].id}
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client)
    ids["path"] = f"/navigator/residents/{ids['resident']}"
    return ids, visits


def _refer(visits, ids, status=302, **data):
    path = f"{ids['path']}/referrals/new"
    return visits.post(path, {"need": ids["need"], "service_id": ids["shelter"], "note": "",
                              "action": "draft", **data}, status=status,
                       form_page=f"{path}?need={ids['need']}")


def _choices(app):
    with app.app_context():
        return list(db.session.scalars(select(Referral.resident_choice)))


def test_the_referral_form_asks_whether_it_was_the_residents_choice(app, page):
    ids, visits = page
    form = visits.get(f"{ids['path']}/referrals/new?need={ids['need']}")
    assert "Was this the resident's choice among the services offered?" in unescape(form)
    # not asked, unless the navigator says
    assert re.search(r'<input checked [^>]*value="not_asked">', form)


@pytest.mark.parametrize("answer, stored, shown", [
    ("yes", True, "the resident's choice"),
    ("no", False, "not the resident's choice"),
    ("not_asked", None, None),
    (None, None, None),  # an older page without the question
])
def test_the_answer_is_recorded_and_shown(app, page, answer, stored, shown):
    ids, visits = page
    _refer(visits, ids, **({"resident_choice": answer} if answer else {}))
    assert _choices(app) == [stored]
    resident = unescape(visits.get(ids["path"]))
    if shown:
        assert f"· {shown}</li>" in resident
    else:
        assert "resident's choice</li>" not in resident


def test_another_answer_is_refused_in_place(app, page):
    ids, visits = page
    shown = _refer(visits, ids, status=400, resident_choice="maybe")
    assert "Not a valid choice" in shown and 'aria-invalid="true"' in shown
    assert _choices(app) == []


def _contact(app, visits, ids, status=302, **data):
    zone = ZoneInfo(app.config["NAVIGATOR_TIMEZONE"])
    when = utcnow().astimezone(zone).strftime("%Y-%m-%dT%H:%M")
    return visits.post(f"{ids['path']}/encounters", {
        "kind": "in_person", "happened_at": when, "notes": "", **data}, status=status,
        form_page=ids["path"])


def _outcomes(app):
    with app.app_context():
        return list(db.session.scalars(select(Encounter.crisis_outcome)))


def test_a_contact_may_say_how_the_crisis_it_follows_ended(app, page):
    ids, visits = page
    form = visits.get(ids["path"])
    assert "This contact follows a crisis response: how did the crisis end?" in form
    assert '<option value="">Not a crisis response, or not known</option>' in form
    _contact(app, visits, ids, crisis_outcome="voluntary_crisis_center")
    assert _outcomes(app) == ["voluntary_crisis_center"]
    assert "after a crisis response: Went voluntarily to a crisis center" in \
        visits.get(ids["path"])


def test_without_a_crisis_nothing_is_recorded(app, page):
    ids, visits = page
    _contact(app, visits, ids, crisis_outcome="")
    _contact(app, visits, ids)
    assert _outcomes(app) == [None, None]
    assert "after a crisis response" not in visits.get(ids["path"])


@pytest.mark.parametrize("value", ["arrested", "x" * 500, "de_escalated_on_scene\x00"])
def test_an_unknown_outcome_is_refused_in_place(app, page, value):
    ids, visits = page
    shown = _contact(app, visits, ids, status=400, crisis_outcome=value)
    assert 'aria-invalid="true"' in shown and "Lee Example" in shown
    assert _outcomes(app) == []


def test_the_rule_refuses_an_unknown_outcome(app_context):
    resident = services.create_resident(name="Lee Example")
    with pytest.raises(ValueError):
        services.record_encounter(resident, kind="in_person", happened_at=utcnow(),
                                  crisis_outcome="arrested")


def test_the_questions_are_in_spanish(app, page):
    ids, visits = page
    spanish = {"Accept-Language": "es"}
    resident = unescape(visits.client.get(ids["path"], headers=spanish).text)
    assert "Este contacto sigue a una respuesta a una crisis: ¿cómo terminó?" in resident
    form = unescape(visits.client.get(f"{ids['path']}/referrals/new?need={ids['need']}",
                                      headers=spanish).text)
    assert "¿Eligió la persona este servicio entre los que se le ofrecieron?" in form
    assert "No se preguntó" in form
