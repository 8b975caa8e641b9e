"""The optional, self-described answers (household, gender, race, ethnicity): never
required, "prefer not to say" always a choice, shown on the resident's page to staff,
never to a provider whatever the consent shares, and read by the matcher only through
``profile.for_matching`` (household and gender, nothing else)."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from navigator.auth.models import User
from navigator.extensions import db
from navigator.workflow import profile, referrals, services, sharing
from navigator.workflow.models import Resident, SCOPES

from tests.workflow.consent_factory import plain_consent
from tests.workflow.directory_factory import make_directory
from tests.workflow.recorded_visits import Visits

NEW = "/navigator/residents/new"


@pytest.fixture
def desk(app, staff):
    staff.user()
    with app.app_context():
        make_directory()
        db.session.commit()
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client)
    return visits


def _form(**changes) -> dict:
    fields = {"name": "Robin Example", "phone": "", "email": "", "preferred_contact": "none",
              "language": "en", "place": "27701", "birth_year": "1970", "notes": ""}
    fields.update(changes)
    return fields


def _resident(app) -> Resident | None:
    with app.app_context():
        person = db.session.scalars(select(Resident)).one_or_none()
        if person is not None:
            db.session.expunge(person)
        return person


def test_none_of_them_is_required(app, desk):
    form = desk.get(NEW)
    for label in ("Household (optional)", "Gender (optional)", "Race (optional, choose any)",
                  "Ethnicity (optional)"):
        assert label in form
    desk.post(NEW, _form())
    person = _resident(app)
    assert (person.household, person.gender, person.race, person.ethnicity,
            person.best_time) == (None, None, None, None, None)
    assert "Optional, self-described" not in desk.get(f"/navigator/residents/{person.id}")


def test_the_answers_are_kept_and_shown_to_staff(app, desk):
    url = desk.post(NEW, _form(household="with_children", gender="  Mujer trans ",
                               race=["black", "white"], ethnicity="hispanic_latino",
                               best_time="afternoon"))
    person = _resident(app)
    assert (person.household, person.gender, person.race, person.ethnicity,
            person.best_time) == ("with_children", "Mujer trans", ["black", "white"],
                                  "hispanic_latino", "afternoon")
    page = desk.get(url)
    for shown in ("With children", "Mujer trans", "Black or African American, White",
                  "Hispanic or Latino", "Afternoon (noon to 5 PM)",
                  "Only navigators see these answers."):
        assert shown in page, shown
    desk.client.set_cookie("lang", "es")
    spanish = desk.get(url)
    for shown in ("Hogar", "Con niños", "Negro o afroamericano, Blanco", "Hispano o latino",
                  "Por la tarde"):
        assert shown in spanish, shown
    desk.client.set_cookie("lang", "en")
    # The form to change the record holds them, open.
    form = desk.get(f"{url}/edit")
    assert '<details class="record" open>' in form and 'value="Mujer trans"' in form
    assert 'checked id="household-2"' in form and 'checked id="race-2"' in form


def test_prefer_not_to_say(app, desk):
    url = desk.post(NEW, _form(household="prefer_not_to_say", gender_declined="y",
                               race=["prefer_not_to_say"], ethnicity="prefer_not_to_say"))
    person = _resident(app)
    assert (person.household, person.gender, person.race, person.ethnicity) == (
        "prefer_not_to_say", "prefer_not_to_say", ["prefer_not_to_say"], "prefer_not_to_say")
    page = desk.get(url)
    assert page.count("Prefer not to say") == 4 and "prefer_not_to_say" not in page
    form = desk.get(f"{url}/edit")
    assert 'checked id="gender_declined"' in form and 'value="prefer_not_to_say"' not in \
        form.split('id="gender"')[1].split(">")[0]
    # Answered later, on the same form.
    desk.post(f"{url}/edit", _form(household="alone", gender="Man", race=["asian"],
                                   ethnicity="not_hispanic_latino"))
    person = _resident(app)
    assert (person.household, person.gender, person.race, person.ethnicity) == (
        "alone", "Man", ["asian"], "not_hispanic_latino")
    # And cleared again: "not asked".
    desk.post(f"{url}/edit", _form(household="", gender="", ethnicity=""))
    person = _resident(app)
    assert (person.household, person.gender, person.race, person.ethnicity) == (
        None, None, None, None)


@pytest.mark.parametrize("changes, message", [
    ({"gender": "Woman", "gender_declined": "y"},
     "Leave this empty when they prefer not to say."),
    ({"race": ["white", "prefer_not_to_say"]},
     "Choose “Prefer not to say” alone, or only the others."),
    ({"race": ["martian"]}, "is not a valid choice for this field."),
    ({"household": "castle"}, "Not a valid choice"),
    ({"ethnicity": "yes"}, "Not a valid choice"),
    ({"gender": "x" * 81}, "Field cannot be longer than 80 characters."),
])
def test_bad_answers_are_refused_in_place_and_store_nothing(app, desk, changes, message):
    page = desk.post(NEW, _form(**changes), status=400)
    assert message in page and 'class="error-summary"' in page
    assert '<details class="record" open>' in page  # the error is not folded away
    assert _resident(app) is None


def test_a_bad_best_time_is_refused(app, desk):
    page = desk.post(NEW, _form(best_time="3am"), status=400)
    assert "Best time to call: Not a valid choice" in page and _resident(app) is None


def test_the_matcher_reads_household_and_gender_only(app_context):
    person = services.create_resident(name="Sam", household="alone", gender=" Hombre ",
                                      race=["white"], ethnicity="hispanic_latino")
    assert profile.for_matching(person) == profile.MatchingProfile("alone", "hombre")
    assert {f.name for f in dataclasses.fields(profile.MatchingProfile)} == {
        "household", "gender"}
    declined = services.create_resident(name="Lee", household="prefer_not_to_say",
                                        gender="prefer_not_to_say")
    assert profile.for_matching(declined) == profile.MatchingProfile(None, None)
    untold = services.create_resident(name="Kim")
    assert profile.for_matching(untold) == profile.MatchingProfile(None, None)


def test_no_consent_shares_them_with_a_provider(app, staff):
    """Even a consent sharing everything a scope can name: the provider's page shows none
    of the self-described answers."""
    navigator_id = staff.user()
    with app.app_context():
        made = make_directory()
        navigator = db.session.get(User, navigator_id)
        person = services.create_resident(
            user=navigator, name="Dana Example", phone="919-555-0177", place="27701",
            birth_year=1980, household="with_children", gender="Nonbinary",
            race=["american_indian_alaska_native"], ethnicity="hispanic_latino")
        shelter = made["shelter"]
        plain_consent(person, [shelter.organization_id], user=navigator,
                      scope=[s for s in SCOPES if s != "substance_use"])
        referral = referrals.create_referral(person, shelter, user=navigator)
        referrals.send(referral, user=navigator)
        db.session.commit()
        shown = sharing.disclosure(referral)
        assert shown.name == "Dana Example" and shown.place == "27701"
        assert not {"household", "gender", "race", "ethnicity"} & {
            f.name for f in dataclasses.fields(shown)}
        referral_id, organization_id = referral.id, shelter.organization_id
    staff.user("intake@shelter.example.org", "provider", organization_id)
    provider = Visits(staff.client(), staff)
    staff.sign_in(provider.client, "intake@shelter.example.org")
    page = provider.get(f"/provider/referrals/{referral_id}")
    assert "Dana Example" in page and "27701" in page
    for hidden in ("With children", "Nonbinary", "American Indian", "Hispanic or Latino",
                   "with_children", "hispanic_latino"):
        assert hidden not in page, hidden
