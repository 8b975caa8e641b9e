"""Only navigators and admins reach the workspace; providers get 403 on every page."""

from __future__ import annotations

import pytest

from navigator.extensions import db
from navigator.workflow import services

from tests.workflow.directory_factory import make_directory

PAGES = ["/navigator", "/navigator/callbacks", "/navigator/residents",
         "/navigator/residents/new", "/navigator/residents/{r}",
         "/navigator/residents/{r}/consents/new", "/navigator/residents/{r}/needs/new",
         "/navigator/residents/{r}/referrals/new", "/navigator/residents/{r}/suggestions",
         "/navigator/residents/{r}/summary", "/navigator/services/{s}/refer"]
POSTS = ["/navigator/residents", "/navigator/callbacks/x/outcome",
         "/navigator/callbacks/x/record",
         "/navigator/consents/x/revoke", "/navigator/referrals/x/status",
         "/navigator/referrals/x/handoffs", "/navigator/follow-ups/x/done",
         "/navigator/residents/x/summary/send",
         "/navigator/services/x/refer", "/navigator/services/x/refer/resident"]


@pytest.fixture
def resident_id(app, staff):
    with app.app_context():
        made = make_directory()
        resident = services.create_resident(name="Sam")
        db.session.commit()
        app.config["_test_organization"] = made["otp"].organization_id
        app.config["_test_service"] = made["otp"].id
        return resident.id


def test_a_provider_gets_403_on_every_navigator_page(app, staff, resident_id):
    staff.user("provider@example.org", "provider", app.config.pop("_test_organization"))
    client = staff.client()
    staff.sign_in(client, "provider@example.org")
    token = staff.csrf(client, "/provider")
    for path in PAGES:
        assert client.get(path.format(r=resident_id, s=app.config["_test_service"])).status_code == 403, path
    for path in POSTS:
        assert client.post(path, data={"csrf_token": token}).status_code == 403, path


def test_signed_out_people_are_sent_to_sign_in(app, client, resident_id):
    for path in PAGES:
        response = client.get(path.format(r=resident_id, s=app.config["_test_service"]))
        assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["navigator", "admin"])
def test_navigators_and_admins_open_every_page(app, staff, resident_id, role):
    staff.user(f"{role}@example.org", role)
    client = staff.client()
    staff.sign_in(client, f"{role}@example.org")
    for path in PAGES:
        assert client.get(path.format(r=resident_id, s=app.config["_test_service"])).status_code == 200, path
    assert client.get("/navigator/residents/not-a-resident").status_code == 404
