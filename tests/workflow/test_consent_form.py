"""The consent form: recipients from the organizations this resident is being referred to
(and a search for others), verbal consent with a witness, the Part 2 section only when
the consent covers substance use, a last day that holds to its end on the city's clock,
and the way back (``next``) only to a workspace page."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from navigator.extensions import db
from navigator.workflow import consents, services
from navigator.workflow.models import Consent
from navigator.workflow.views.returning import workflow_path
from tests.workflow.listings_factory import Listings

TZ = ZoneInfo("America/New_York")


@pytest.fixture
def world(app, staff):
    with app.app_context():
        listings = Listings()
        pantry = listings.service("Pantry")
        other = listings.organization("Eno River Pantry Network")
        second = listings.service("Second Pantry", org=other, km=2.0)
        unrelated = listings.organization("Café Niño Legal Aid")
        listings.organization("Triangle Tenants Union")
        resident = services.create_resident(name="Sam Rivera", place="27701")
        listings.need(resident)
        db.session.commit()
        ids = {"resident": resident.id, "pantry": pantry.id, "org": listings.org.id,
               "second": second.id, "other": other.id, "unrelated": unrelated.id}
    staff.user()
    client = staff.client()
    staff.sign_in(client)
    ids["client"], ids["path"] = client, f"/navigator/residents/{ids['resident']}/consents/new"
    return ids


def _token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]


def _recipients(page: str) -> dict[str, bool]:
    """The organizations offered, by id, and whether each is ticked."""
    return {m[2]: "checked" in m[1] for m in re.finditer(
        r'<input([^>]*name="recipients"[^>]*value="([^"]+)"[^>]*)>', page)}


def _consents(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Consent))


def _fields(world, **extra):
    page = world["client"].get(world["path"]).text
    data = {"csrf_token": _token(page), "scope": ["contact", "needs"],
            "recipients": [world["org"]], "purpose": "Food referral",
            "valid_until": "2099-01-01", "method": "verbal_recorded_line"}
    data.update(extra)
    return data


def test_recipients_are_the_residents_organizations_and_a_search_finds_others(app, world):
    client, path = world["client"], world["path"]
    page = client.get(path).text
    assert _recipients(page) == {world["org"]: False, world["other"]: False}

    # A search (accents and case aside) adds an organization, keeping what was ticked.
    found = client.post(path, data={"csrf_token": _token(page), "recipients": [world["other"]],
                                    "find": "cafe nino", "search": "Find"})
    assert found.status_code == 200
    assert _recipients(found.text) == {world["other"]: True, world["unrelated"]: False,
                                       world["org"]: False}
    assert "1 organization found." in found.text and "Please fix" not in found.text
    assert _consents(app) == 0

    saved = client.post(path, data=_fields(world, recipients=[world["unrelated"]]))
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Consent)).one().recipients == [world["unrelated"]]


def test_an_organization_not_in_the_directory_is_refused_in_place(app, world):
    response = world["client"].post(world["path"], data=_fields(
        world, recipients=[world["org"], "not-an-organization"]))
    assert response.status_code == 400 and "Please fix these" in response.text
    assert _consents(app) == 0


def test_a_form_for_a_service_is_filled_in_and_goes_back_where_it_came_from(app, world):
    client = world["client"]
    back = f"/navigator/residents/{world['resident']}/referrals/new?service={world['second']}"
    page = client.get(world["path"], query_string={"service": world["second"],
                                                   "next": back}).text
    assert _recipients(page)[world["other"]] is True
    assert 'value="Referral to Second Pantry"' in page
    assert f'name="next" type="hidden" value="{back.replace("&", "&amp;")}"' in page
    assert "<details class=\"record\">" in page  # not substance use: Part 2 closed

    response = client.post(world["path"], data=_fields(world, recipients=[world["other"]],
                                                       next=back))
    assert response.status_code == 302 and response.headers["Location"] == back


@pytest.mark.parametrize("value", [
    "https://evil.example/", "//evil.example/navigator/", "/admin", "/", "/navigatorx",
    "/navigator/../admin", "/navigator/residents/x/..%2f..%2fadmin", "javascript:alert(1)",
    "/navigator/residents/x\\", "/navigator/nothing-here", "/navigator//evil.example",
    " /navigator/residents", "/navigator/residents#x"])
def test_next_goes_only_to_a_workspace_page(app, world, value):
    response = world["client"].post(world["path"], data=_fields(world, next=value))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/navigator/residents/{world['resident']}"


def test_workflow_path_reads_strictly(app):
    with app.test_request_context("/"):
        assert workflow_path("/navigator/residents/abc-1/referrals/new?need=a&service=b") == \
            "/navigator/residents/abc-1/referrals/new?need=a&service=b"
        assert workflow_path("/navigator/referrals/abc") == "/navigator/referrals/abc"
        assert workflow_path("/navigator") == "/navigator"  # the workspace itself
        for value in (None, "", "/navigator/consents/abc/revoke",  # POST only
                      "/provider", "/navigatorx", "/navigator/residents/abc?x=%0d",
                      "x" * 600):
            assert workflow_path(value) is None, value


def test_a_verbal_consent_needs_a_witness(app, world):
    client, path = world["client"], world["path"]
    refused = client.post(path, data=_fields(world, method="verbal", witness="  "))
    assert refused.status_code == 400
    assert "needs a witness: the name of someone else who heard it" in refused.text
    assert 'id="witness-error"' in refused.text
    assert _consents(app) == 0

    assert client.post(path, data=_fields(world, method="verbal",
                                          witness="Dana Lee, shift lead")).status_code == 302
    assert client.post(path, data=_fields(world)).status_code == 302  # recorded line
    with app.app_context():
        witnesses = {c.method: c.witness for c in db.session.scalars(select(Consent))}
        assert witnesses == {"verbal": "Dana Lee, shift lead", "verbal_recorded_line": None}
    page = client.get(f"/navigator/residents/{world['resident']}").text
    assert "Verbal, with a witness (witness: Dana Lee, shift lead)" in page


def test_substance_use_information_needs_a_part2_consent(app, world):
    response = world["client"].post(world["path"], data=_fields(
        world, scope=["contact", "substance_use"]))
    assert response.status_code == 400
    assert "shared only under a 42 CFR Part 2 consent" in response.text
    assert '<details class="record" open>' in response.text
    # The error beside the checkbox it asks for, after its label, and tied to it.
    box = re.search(r'<div class="field choice has-error">(.*?)</div>\s*</div>',
                    response.text, re.S)[1]
    assert box.index('name="part2"') < box.index("<label") < box.index(
        'id="part2-error"') and box.index("shared only under a 42 CFR Part 2") > box.index(
        "<label")
    assert 'aria-describedby="part2-error"' in box and 'aria-invalid="true"' in box
    assert _consents(app) == 0


@pytest.mark.parametrize(("day", "last_moment_utc"), [
    ("2030-06-30", datetime(2030, 7, 1, 4, 0, tzinfo=timezone.utc)),  # EDT
    ("2030-01-15", datetime(2030, 1, 16, 5, 0, tzinfo=timezone.utc)),  # EST
])
def test_valid_until_holds_through_the_end_of_that_day_on_the_city_clock(
        app, world, day, last_moment_utc):
    assert world["client"].post(world["path"], data=_fields(world, valid_until=day)) \
        .status_code == 302
    with app.app_context():
        consent = db.session.scalars(select(Consent)).one()
        assert consent.valid_until == last_moment_utc
        end = datetime.fromisoformat(day).replace(hour=23, minute=59, tzinfo=TZ)
        assert consents.is_active(consent, end)
        assert not consents.is_active(consent, last_moment_utc)
        assert consents.last_day(consent.valid_until, TZ).isoformat() == day
    page = world["client"].get(f"/navigator/residents/{world['resident']}").text
    shown = datetime.fromisoformat(day).strftime("%b %-d, %Y")
    assert f"through {shown}" in page


def test_the_form_in_spanish(app, world):
    client = world["client"]
    client.set_cookie("lang", "es")
    page = client.get(world["path"], headers={"Accept-Language": "es"}).text
    assert "Verbal, con un testigo" in page and "Testigo" in page
    assert "El consentimiento vale hasta el final de ese día (hora oriental)." in page
    refused = client.post(world["path"], data=_fields(world, method="verbal"),
                          headers={"Accept-Language": "es"})
    assert refused.status_code == 400
    assert "necesita un testigo: el nombre de otra persona que lo escuchó" in refused.text
