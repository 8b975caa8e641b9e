"""A directory with things waiting for review, and its staff signed in: two admins, the
shelter's provider, a navigator, each on a client of their own (for the review queue's
tests)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from navigator.auth.models import User
from navigator.directory.models import (
    Address, Location, Phone, ServiceAtLocation, utcnow,
)
from navigator.extensions import db
from navigator.review import proposals
from navigator.review.models import AccessRequest, ListingReport

from tests.workflow.directory_factory import make_directory

ADMIN, ADMIN2 = "admin@example.org", "admin2@example.org"
PROVIDER, NAVIGATOR = "desk@shelter.example.org", "nav@example.org"
#: A signed-in page of each role, to read the session's CSRF token from.
HOME = {"admin": "/admin", "admin2": "/admin", "provider": "/provider",
        "navigator": "/navigator"}


@dataclass
class World:
    app: object
    staff: object
    ids: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)

    def get(self, who: str, path: str):
        return self.clients[who].get(path)

    def token(self, who: str) -> str:
        return self.staff.csrf(self.clients[who], HOME[who])

    def post(self, who: str, path: str, **data):
        return self.clients[who].post(path, data={"csrf_token": self.token(who), **data})

    def propose(self, kind: str, key: str, values: dict, days_ago: float = 0) -> str:
        """A proposal by the shelter's provider, made ``days_ago``."""
        with self.app.app_context():
            proposal = proposals.propose(db.session.get(User, self.ids["provider"]), kind,
                                         self.ids[key], values)
            proposal.created_at = utcnow() - timedelta(days=days_ago)
            db.session.commit()
            return proposal.id

    def report(self, details: str = "", days_ago: float = 0, problem: str = "phone") -> str:
        with self.app.app_context():
            report = ListingReport(service_id=self.ids["shelter"], problem=problem,
                                   details=details,
                                   created_at=utcnow() - timedelta(days=days_ago))
            db.session.add(report)
            db.session.commit()
            return report.id

    def access_request(self, email: str = "new@shelter.example.org",
                       days_ago: float = 0) -> str:
        with self.app.app_context():
            request = AccessRequest(
                organization_id=self.ids["shelter_org"], service_id=self.ids["shelter"],
                name="Robin Vega", email=email, job_title="Intake lead",
                message="I run intake <b>here</b>.",
                created_at=utcnow() - timedelta(days=days_ago))
            db.session.add(request)
            db.session.commit()
            return request.id


def make_world(app, staff) -> World:
    """The shelter (with a phone, a description and a place with its address) and the
    treatment program; the staff signed in."""
    world = World(app, staff)
    with app.app_context():
        made = make_directory()
        shelter, otp = made["shelter"], made["otp"]
        shelter.description = "Beds for men"
        place = Location(id=str(uuid.uuid4()), location_type="physical", name="Front door")
        db.session.add_all([
            place,
            ServiceAtLocation(id=str(uuid.uuid4()), service_id=shelter.id,
                              location_id=place.id),
            Address(id=str(uuid.uuid4()), location_id=place.id, address_type="physical",
                    address_1="1 Main St", city="Durham", state_province="NC",
                    postal_code="27701", country="US"),
            Phone(id=str(uuid.uuid4()), service_id=shelter.id, number="919-555-0100"),
        ])
        world.ids.update(shelter=shelter.id, otp=otp.id, place=place.id,
                         shelter_org=shelter.organization_id, otp_org=otp.organization_id)
        db.session.commit()
    for who, email, role, organization in (
            ("admin", ADMIN, "admin", None), ("admin2", ADMIN2, "admin", None),
            ("provider", PROVIDER, "provider", world.ids["shelter_org"]),
            ("navigator", NAVIGATOR, "navigator", None)):
        world.ids[who] = staff.user(email, role, organization)
        world.clients[who] = staff.client()
        assert staff.sign_in(world.clients[who], email).status_code == 302
    return world
