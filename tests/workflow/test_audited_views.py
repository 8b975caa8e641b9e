"""Every navigator page that shows a resident (their name at least) adds one audit event
about them each time it is shown, and none about residents it does not show."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from navigator.audit import AuditEvent
from navigator.extensions import db
from navigator.workflow import services
from tests.workflow.directory_factory import make_directory

NAME, OTHER = "Sam Rivera", "Ari Example"
PAGES = {
    "/navigator": "resident.workload.view",
    "/navigator/residents/{r}": "resident.view",
    "/navigator/residents/{r}/edit": "resident.view",
    "/navigator/residents/{r}/consents/new": "resident.view",
    "/navigator/residents/{r}/needs/new": "resident.view",
    "/navigator/residents/{r}/referrals/new": "resident.view",
    "/navigator/residents/{r}/suggestions": "resident.suggestions.view",
    "/navigator/residents/{r}/summary": "resident.summary.view",
}


def _setup(app, staff):
    """A signed-in navigator, a resident whose follow-up is overdue (so the home page
    names them) and one with nothing due."""
    user_id = staff.user()
    with app.app_context():
        make_directory()
        person = services.create_resident(name=NAME, language="en")
        other = services.create_resident(name=OTHER, language="en")
        services.record_encounter(person, kind="phone_call",
                                  happened_at=services.utcnow() - timedelta(days=3))
        db.session.commit()
        ids = person.id, other.id
    client = staff.client()
    staff.sign_in(client)
    return client, user_id, ids


def _events_about(app, resident_id) -> list[tuple[str, int]]:
    with app.app_context():
        return [(e.action, e.user_id) for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "resident",
                                     AuditEvent.entity_id == resident_id)
            .order_by(AuditEvent.id))]


def test_each_page_showing_a_resident_records_one_view(app, staff):
    client, user_id, (resident_id, other_id) = _setup(app, staff)
    for path, action in PAGES.items():
        before = _events_about(app, resident_id)
        page = client.get(path.format(r=resident_id))
        assert page.status_code == 200 and NAME in page.get_data(as_text=True), path
        assert _events_about(app, resident_id)[len(before):] == [(action, user_id)], path
    assert _events_about(app, other_id) == [("resident.create", None)]


def test_a_form_shown_again_with_its_errors_is_a_view_too(app, staff):
    client, user_id, (resident_id, _) = _setup(app, staff)
    for form in ("consents", "needs", "referrals"):
        path = f"/navigator/residents/{resident_id}/{form}/new"
        token = staff.csrf(client, path)
        before = _events_about(app, resident_id)
        page = client.post(path, data={"csrf_token": token})
        assert page.status_code == 400 and NAME in page.get_data(as_text=True), form
        assert _events_about(app, resident_id)[len(before):] == [("resident.view", user_id)]


def test_the_home_page_does_not_make_residents_recent(app, staff):
    """The residents a navigator opened lately (offered on a service's "Refer a
    resident") are not everyone's the home page lists."""
    client, user_id, (resident_id, _) = _setup(app, staff)
    assert NAME in client.get("/navigator").get_data(as_text=True)
    from navigator.auth.models import User

    with app.app_context():
        assert services.recent_residents(db.session.get(User, user_id)) == []
    client.get(f"/navigator/residents/{resident_id}")
    with app.app_context():
        [recent] = services.recent_residents(db.session.get(User, user_id))
        assert recent.name == NAME
