"""One person, one record: search finds a name whatever its case and accents and a phone
however it is typed, and adding someone who may have a record already (the same phone,
email, or name and birth year) shows them first, from the form and from a callback."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from navigator.audit import AuditEvent
from navigator.extensions import db
from navigator.workflow import duplicates, services
from navigator.workflow.models import CallbackRequest, Need, Resident

from tests.workflow.directory_factory import HOUSING, make_directory
from tests.workflow.recorded_visits import Visits


def _add(**fields) -> Resident:
    resident = services.create_resident(**{"language": "en", **fields})
    db.session.commit()
    return resident


@pytest.mark.parametrize("stored, terms", [
    ("María José Peña", "maria"), ("María José Peña", "MARIA JOSE"),
    ("María José Peña", "pena maria"), ("Maria Jose Pena", "maría josé"),
    ("ZOË Brontë", "zoe bronte"), ("Đorđe  Müller", "müller"),
])
def test_search_ignores_case_and_accents(app_context, stored, terms):
    person = _add(name=stored)
    _add(name="Someone Else")
    assert services.find_residents(terms) == [person]


@pytest.mark.parametrize("terms", ["9195550101", "(919) 555-0101", "+1 919 555 0101",
                                   "555.0101", "0101"])
def test_search_finds_a_phone_however_typed(app_context, terms):
    person = _add(name="Sam", phone="919-555-0101")
    _add(name="Lee", phone="919-555-0199")
    assert services.find_residents(terms) == [person]


def test_search_finds_nothing_for_nothing(app_context):
    _add(name="Sam", phone="919-555-0101")
    assert services.find_residents("  ") == [] and services.find_residents("%") == []


@pytest.mark.parametrize("stored, given, reason", [
    ({"name": "Ana", "phone": "(919) 555-0110"}, {"name": "Other", "phone": "919.555.0110"},
     "same phone"),
    ({"name": "Ana", "phone": "919-555-0110"}, {"name": "Ana", "phone": "+1 919 555 0110"},
     "same phone"),
    ({"name": "Ana", "email": "Ana@Example.org"}, {"name": "A", "email": "ana@example.ORG"},
     "same email"),
    ({"name": "María Pérez", "birth_year": 1990}, {"name": "maria perez", "birth_year": 1990},
     "same name and birth year"),
    ({"name": "Maria Perez", "birth_year": 1990}, {"name": "MARÍA PÉREZ", "birth_year": 1991},
     "same name and birth year"),
])
def test_a_likely_duplicate_is_found(app_context, stored, given, reason):
    person = _add(**stored)
    _add(name="Someone Else", phone="919-555-0000", birth_year=1990)
    [match] = duplicates.likely_duplicates(**given)
    assert match.resident == person and [str(r) for r in match.reasons] == [reason]


@pytest.mark.parametrize("given", [
    {"name": "María Pérez", "birth_year": 1980},  # another year
    {"name": "María Pérez"},  # no year: a name alone is not enough
    {"name": "María Pereira", "birth_year": 1990},
    {"name": "Ana", "phone": "919-555-0111"},
    {"name": "Ana", "phone": "", "email": ""},
])
def test_a_different_person_is_not_a_duplicate(app_context, given):
    _add(name="María Pérez", phone="919-555-0110", birth_year=1990)
    assert duplicates.likely_duplicates(**given) == []


def test_the_match_with_most_reasons_comes_first(app_context):
    phone_only = _add(name="Aaron", phone="919-555-0110")
    both = _add(name="Zoe Díaz", phone="919-555-0110", birth_year=1990)
    matches = duplicates.likely_duplicates(name="zoe diaz", phone="9195550110",
                                           birth_year=1990)
    assert [m.resident for m in matches] == [both, phone_only]
    assert len(matches[0].reasons) == 2


def test_a_long_name_keeps_a_key_that_fits(app_context):
    """A folded name can be longer than the name ("ß" is "ss"): the key is cut to fit
    its column (PostgreSQL would refuse it)."""
    person = _add(name="ß" * 80)
    db.session.expire_all()
    assert person.name_key == "s" * 80
    assert services.find_residents("ss") == [person]


# Through the pages.

@pytest.fixture
def desk(app, staff):
    staff.user()
    with app.app_context():
        make_directory()
        existing = _add(name="María Pérez", phone="(919) 555-0110", birth_year=1990)
        existing_id = existing.id
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client)
    return visits, existing_id


def _form(**changes) -> dict:
    fields = {"name": "Maria Perez", "phone": "919.555.0110", "email": "",
              "preferred_contact": "phone", "language": "es", "place": "", "birth_year": "",
              "notes": ""}
    fields.update(changes)
    return fields


def _residents(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Resident))


@pytest.mark.parametrize("changes", [
    {},  # the same phone, typed differently
    {"phone": "", "birth_year": "1990"},  # the same name, unaccented, and birth year
])
def test_adding_someone_who_has_a_record_warns_first(app, desk, changes):
    visits, existing_id = desk
    page = visits.post("/navigator/residents/new", _form(**changes), status=400,
                       form_page="/navigator/residents/new")
    assert "This may be someone who has a record already" in page
    assert "María Pérez" in page and "(919) 555-0110" in page
    assert re.search(rf'<a href="/navigator/residents/{existing_id}">Use this record', page)
    assert "Create a new record anyway" in page and 'value="Maria Perez"' in page
    assert _residents(app) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "resident.duplicate.view",
            AuditEvent.entity_id == existing_id)) == 1
    # Created anyway, once the box is ticked.
    url = visits.post("/navigator/residents/new", _form(confirm_new="y", **changes),
                      form_page="/navigator/residents/new")
    assert url.startswith("/navigator/residents/") and existing_id not in url
    assert _residents(app) == 2


def test_someone_new_is_added_at_once(app, desk):
    visits, _ = desk
    visits.post("/navigator/residents/new", _form(name="Lee", phone="919-555-0199"),
                form_page="/navigator/residents/new")
    assert _residents(app) == 2


def _callback(app, **fields) -> str:
    with app.app_context():
        item = services.request_callback(**{
            "name": "Maria", "phone": "919 555 0110", "email": None, "language": "es",
            "best_time": "morning", "need": "No tengo donde dormir", **fields})
        db.session.commit()
        return item.id


def _record_form(**changes) -> dict:
    fields = {**_form(name="Maria", phone="919 555 0110", best_time="morning"),
              "taxonomy_term_id": HOUSING, "urgency": "today",
              "own_words": "No tengo donde dormir"}
    fields.update(changes)
    return fields


def test_a_callback_from_someone_with_a_record_shows_it_first(app, desk):
    visits, existing_id = desk
    url = f"/navigator/callbacks/{_callback(app)}/record"
    page = visits.get(url)
    assert page.index("This may be someone") < page.index("Their need")
    assert f'value="{existing_id}"' in page and "Use this record" in page
    # Neither chosen: refused in place, nothing stored.
    page = visits.post(url, _record_form(), status=400)
    assert "use their record, or create a new one anyway" in page
    assert _residents(app) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Need)) == 0


def test_use_this_record_adds_the_need_to_it_and_closes_the_callback(app, desk):
    visits, existing_id = desk
    request_id = _callback(app)
    url = f"/navigator/callbacks/{request_id}/record"
    # The resident's fields are not needed (one left empty is no error).
    assert visits.post(url, _record_form(existing=existing_id, name="")) \
        == f"/navigator/residents/{existing_id}/suggestions"
    assert _residents(app) == 1
    with app.app_context():
        person = db.session.get(Resident, existing_id)
        assert [(n.own_words, n.urgency) for n in person.needs] == [
            ("No tengo donde dormir", "today")]
        assert person.best_time == "morning" and person.name == "María Pérez"
        item = db.session.get(CallbackRequest, request_id)
        assert (item.status, item.outcome) == ("closed", "record_made")


def test_use_this_record_still_needs_the_need(app, desk):
    visits, existing_id = desk
    request_id = _callback(app)
    page = visits.post(f"/navigator/callbacks/{request_id}/record",
                       _record_form(existing=existing_id, urgency=""), status=400)
    assert "Urgency: This is required." in page
    with app.app_context():
        assert db.session.get(Resident, existing_id).needs == []
        assert db.session.get(CallbackRequest, request_id).status == "new"


def test_use_a_record_that_does_not_exist_is_refused(app, desk):
    visits, _ = desk
    request_id = _callback(app)
    visits.post(f"/navigator/callbacks/{request_id}/record",
                _record_form(existing="no-such-resident"), status=400)
    with app.app_context():
        assert db.session.get(CallbackRequest, request_id).status == "new"


def test_create_a_new_record_anyway_from_a_callback(app, desk):
    visits, existing_id = desk
    url = f"/navigator/callbacks/{_callback(app)}/record"
    resident_url = visits.post(url, _record_form(existing="new"))
    assert existing_id not in resident_url and _residents(app) == 2


def test_a_callback_by_email_matches_the_email(app, desk):
    visits, _ = desk
    with app.app_context():
        lee = _add(name="Lee Example", email="Lee@Example.org")
        lee_id = lee.id
    url = f"/navigator/callbacks/{_callback(app, phone=None, email='lee@example.org')}/record"
    page = visits.get(url)
    assert f'value="{lee_id}"' in page and "same email" in page


def test_a_change_that_makes_a_record_resemble_another_warns_first(app, desk):
    """Changing a record to another's phone (or name and birth year) shows that record,
    "use this record", until "save the changes anyway" is ticked; a resemblance the
    record had already is not told again."""
    visits, existing_id = desk
    with app.app_context():
        other = _add(name="Lee Grant", phone="919-555-0199")
        other_id = other.id
    edit = f"/navigator/residents/{other_id}/edit"
    for changes in ({"name": "Lee Grant", "phone": "919 555 0110"},
                    {"name": "maria perez", "phone": "919-555-0199", "birth_year": "1991"}):
        page = visits.post(edit, _form(**changes), status=400, form_page=edit)
        assert "This may be someone who has a record already" in page
        assert re.search(rf'<a href="/navigator/residents/{existing_id}">Use this record',
                         page)
        assert "Save the changes anyway" in page and "Create a new record" not in page
        with app.app_context():
            assert db.session.get(Resident, other_id).phone == "919-555-0199"
            assert db.session.get(Resident, other_id).name == "Lee Grant"
    assert visits.post(edit, _form(name="Lee Grant", phone="919 555 0110", confirm_new="y"),
                       form_page=edit) == f"/navigator/residents/{other_id}"
    # The two records share a phone now: changing the notes says nothing of it.
    assert visits.post(edit, _form(name="Lee Grant", phone="919 555 0110", notes="evenings"),
                       form_page=edit) == f"/navigator/residents/{other_id}"
    with app.app_context():
        assert db.session.get(Resident, other_id).notes == "evenings"


def test_a_change_of_ones_own_details_is_no_duplicate(app, desk):
    visits, existing_id = desk
    edit = f"/navigator/residents/{existing_id}/edit"
    assert visits.post(edit, _form(name="María Pérez", phone="(919) 555-0110",
                                   birth_year="1990", notes="prefers texts"),
                       form_page=edit) == f"/navigator/residents/{existing_id}"
