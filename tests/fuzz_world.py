"""A small world for the input fuzz test (tests/test_input_fuzz.py): a directory of two
services, staff of every role signed in (the provider an organization admin), a resident
with a consent, a need, a sent referral, a contact and its follow-up, a callback request;
another resident with a need and no consent yet (whose referral form asks for one);
the pages each role opens; and what a request wrote to the database."""

from __future__ import annotations

import io
import re
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import event

from navigator import search
from navigator.auth import links
from navigator.auth.accounts import create_user, invite_user
from navigator.directory.models import Address, Location, Schedule, ServiceAtLocation
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from navigator.outbox import OutboxMessage
from navigator.review import access, proposals
from navigator.review.forms import SECTIONS
from navigator.review.models import ListingReport
from navigator.workflow import needs, referrals, services
from tests.admin.directory_package import package_zip
from tests.database_state import empty_database_and_index
from tests.staff_accounts import Staff
from tests.workflow.consent_factory import plain_consent
from tests.workflow.directory_factory import HOUSING, TAXONOMY, make_directory

#: Written by reading pages or signing in, not by what a request sends: left out of the
#: database's state (the audit log records views and failed sign-ins; sessions their
#: last use; the search log each public search; the sign-in limit each failure; the
#: host's search replica, after a commit, its index).
BOOKKEEPING = frozenset({"audit_event", "user_session", "search_log", "sign_in_failure",
                         "search_replica"})
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)
#: The staff who sign in, by role (the anonymous visitor is the fourth client).
STAFF = {"navigator": "nav@example.org", "provider": "provider@example.org",
         "admin": "admin@example.org"}


@dataclass
class World:
    ids: dict[str, str]
    clients: dict[str, object]
    #: Role -> the pages it opens, in an order in which each finds what it shows (the
    #: resident's page comes before a page listing the residents seen lately).
    pages: dict[str, list[str]] = field(default_factory=dict)
    #: Pages of what the world has none of (a service at a location): 404s.
    missing: frozenset[str] = frozenset({"/api/service_at_locations/none"})

    def role_of(self, path: str) -> str:
        for prefix, role in (("/navigator", "navigator"), ("/account", "navigator"),
                             ("/provider", "provider"), ("/admin", "admin")):
            if path.startswith(prefix):
                return role
        return "anonymous"

    def client_for(self, path: str):
        return self.clients[self.role_of(path)]


def build_world(app) -> World:
    staff = Staff(app)
    with app.app_context():
        empty_database_and_index()
        made = make_directory()
        shelter, otp = made["shelter"], made["otp"]
        place = _place(shelter)
        navigator = create_user(STAFF["navigator"], staff.password, "navigator")
        provider = create_user(STAFF["provider"], staff.password, "provider",
                               shelter.organization_id)
        provider.organization_admin = True  # its team page and invitation are fuzzed
        create_user(STAFF["admin"], staff.password, "admin")
        # The accounts the admin's pages are fuzzed on (a password reset or a disabled
        # account would sign a client of the world out).
        spare = create_user("spare@example.org", staff.password, "navigator")
        disabled = create_user("disabled@example.org", staff.password, "navigator")
        disabled.active = False
        # An invitation whose one-time page is fuzzed (its form sets the password).
        invited = invite_user("invited@example.org", "navigator")
        link = links.issue(invited, "invite")
        resident = services.create_resident(
            user=navigator, name="Sam Rivera", phone="919-555-0101",
            email="sam@example.org", language="en")
        consent = plain_consent(resident, [shelter.organization_id], user=navigator)
        need = needs.create_need(resident, taxonomy_term_id=HOUSING, urgency="today",
                                 own_words="a bed tonight", user=navigator)
        referral = referrals.create_referral(resident, shelter, user=navigator, need=need)
        referrals.send(referral, user=navigator)
        services.record_encounter(resident, kind="phone_call", happened_at=utcnow(),
                                  user=navigator)
        # One the provider accepted: a notice on the navigator's workspace ("mark all
        # seen").
        accepted = referrals.create_referral(resident, shelter, user=navigator, need=need)
        referrals.send(accepted, user=navigator)
        referrals.change_status(accepted, "accepted", user=provider, note="intake Monday")
        # Someone with no consent yet: their referral form asks for one.
        unconsented = services.create_resident(user=navigator, name="Kim Lowe",
                                               language="en")
        needs.create_need(unconsented, taxonomy_term_id=HOUSING, urgency="today",
                          user=navigator)
        # From Sam again (the same phone): its record page offers Sam's record too.
        callback = services.request_callback(
            name="Sam", phone="(919) 555-0101", email=None, language="es", best_time="any",
            need="help with rent")
        _hours_to_edit(shelter)
        # What waits in the admins' review queue: a provider's change, a resident's
        # report and a request for access, each with its page and its decisions.
        db.session.flush()
        proposal = proposals.propose(provider, "service", shelter.id,
                                     {"description": "Beds for adults, every night"})
        report = ListingReport(service_id=shelter.id, problem="phone", details="rings out")
        db.session.add(report)
        request = access.file_request(shelter.id, name="Lee Park", email="lee@example.org",
                                      job_title="Intake lead")
        # A message the mail server refused to the last: the admin's outbox page offers
        # to send it again.
        db.session.add(OutboxMessage(
            kind="invite", channel="email", recipient="spare@example.org",
            subject="Your account", body="A link", status="failed", attempts=8,
            last_error="SMTPDataError 451", created_at=utcnow()))
        db.session.commit()
        ids = {"shelter": shelter.id, "otp": otp.id, "organization": shelter.organization_id,
               "place": place.id, "taxonomy": TAXONOMY, "term": HOUSING, "resident": resident.id,
               "consent": consent.id, "need": need.id, "referral": referral.id,
               "callback": callback.id, "spare": str(spare.id),
               "disabled": str(disabled.id), "link": link, "proposal": proposal.id,
               "report": report.id, "access": request.id, "unconsented": unconsented.id}
        search.rebuild()

    clients = {role: app.test_client() for role in ("anonymous", *STAFF)}
    for role, email in STAFF.items():
        assert staff.sign_in(clients[role], email).status_code == 302, role
    # A service in the anonymous visitor's list, so that its page shows "remove" too.
    token = staff.csrf(clients["anonymous"], "/callback")
    clients["anonymous"].post("/list/add", data={"csrf_token": token,
                                                 "service_id": ids["shelter"]})
    # An HSDS package uploaded by the admin, so that its preview (and the forms that
    # import or cancel it) is a page of the world; kept in a folder of the world's own.
    app.config.setdefault("NAVIGATOR_IMPORT_DIR", tempfile.mkdtemp(prefix="fuzz-imports-"))
    admin = clients["admin"]
    uploaded = admin.post("/admin/directory/import", content_type="multipart/form-data", data={
        "csrf_token": staff.csrf(admin, "/admin/directory/import"),
        "package": (io.BytesIO(package_zip()), "package.zip")})
    assert uploaded.status_code == 302, uploaded.status_code
    return World(ids, clients, _pages(ids))


def _hours_to_edit(shelter) -> None:
    """Weekday hours and a summer Saturday for the shelter, so that its hours editor
    lists a row kept apart, with its "Remove" box."""
    for byday, opens, first in (("MO,TU,WE,TH,FR", time(9), None),
                                ("SA", time(10), date(2026, 6, 1))):
        db.session.add(Schedule(id=str(uuid.uuid4()), service_id=shelter.id, freq="WEEKLY",
                                byday=byday, opens_at=opens, closes_at=time(17),
                                valid_from=first))


def _place(service) -> Location:
    """Where the shelter is offered: a place of its organization's, with an address."""
    place = Location(id=str(uuid.uuid4()), location_type="physical", name="Front door",
                     organization_id=service.organization_id)
    db.session.add_all([place, ServiceAtLocation(
        id=str(uuid.uuid4()), service_id=service.id, location_id=place.id), Address(
        id=str(uuid.uuid4()), location_id=place.id, address_type="physical",
        address_1="1 Main St", city="Durham", state_province="NC", postal_code="27701",
        country="US")])
    return place


def _editor(ids: dict[str, str]) -> list[str]:
    """The listing editor's pages: each record's, and each section's form."""
    records = {"organization": ids["organization"], "service": ids["shelter"],
               "location": ids["place"]}
    return ["/provider/organization", f"/provider/services/{ids['shelter']}",
            f"/provider/locations/{ids['place']}", *(
                f"/provider/{kind}/{records[kind]}/edit/{section.name}"
                for kind, sections in SECTIONS.items() for section in sections)]


def _pages(ids: dict[str, str]) -> dict[str, list[str]]:
    r, s = f"/navigator/residents/{ids['resident']}", ids["shelter"]
    api = ["/api/", "/api/docs", "/api/openapi.json", "/api/search?q=shelter",
           "/api/services", f"/api/services/{s}", "/api/organizations",
           f"/api/organizations/{ids['organization']}", "/api/service_at_locations",
           "/api/service_at_locations/none", "/api/taxonomies",
           f"/api/taxonomies/{ids['taxonomy']}", "/api/taxonomy_terms",
           f"/api/taxonomy_terms/{ids['term']}"]
    return {
        "anonymous": ["/", "/es/", "/healthz", "/search?q=shelter", "/es/search?q=shelter",
                      f"/services/{s}", f"/es/services/{s}", f"/services/{ids['otp']}",
                      f"/services/{s}/claim", f"/es/services/{s}/claim",
                      f"/services/{s}/claim/sent", f"/es/services/{s}/claim/sent",
                      "/list", f"/list?services={s}",
                      "/es/list", "/callback", "/es/callback", "/callback/sent",
                      "/es/callback/sent", "/login", "/password/forgot",
                      f"/password/set/{ids['link']}", "/static/css/site.css", *api],
        "navigator": ["/navigator", "/navigator/callbacks", "/navigator/residents", r,
                      "/navigator/residents/new", f"{r}/edit", f"{r}/consents/new",
                      f"{r}/needs/new", f"{r}/referrals/new", f"{r}/suggestions",
                      f"/navigator/residents/{ids['unconsented']}/referrals/new",
                      f"{r}/summary", f"/navigator/referrals/{ids['referral']}",
                      f"/navigator/services/{s}/refer", "/navigator/caseload",
                      "/navigator/settings", "/account/password",
                      f"/navigator/callbacks/{ids['callback']}/record"],
        "provider": ["/provider", f"/provider/referrals/{ids['referral']}",
                     f"/provider/listings/{s}/today", "/provider/team", *_editor(ids),
                     f"/provider/services/{s}/hours", f"/provider/locations/{ids['place']}/hours"],
        "admin": ["/admin", "/admin/users", "/admin/users/new", "/admin/users/invite",
                  "/admin/audit", "/admin/outbox",
                  "/admin/directory/import", "/admin/directory/import/preview",
                  "/admin/directory/stale", "/admin/directory/stale.csv",
                  "/admin/directory/taxonomy", f"/admin/directory/taxonomy/{ids['term']}",
                  f"/admin/users/{ids['spare']}", f"/admin/users/{ids['disabled']}",
                  "/admin/review", f"/admin/review/proposals/{ids['proposal']}",
                  f"/admin/review/reports/{ids['report']}",
                  f"/admin/review/access/{ids['access']}", "/admin/reports",
                  "/admin/reports/directory", "/admin/reports/directory/pending-review.csv",
                  "/admin/reports/internal/directory"],
    }


class Writes:
    """The tables that committed transactions wrote to (bookkeeping left out), seen on
    the engine as the statements run: a write rolled back (a refused form, a failed
    statement) is forgotten. Cheaper than reading every table after every request."""

    def __init__(self, engine):
        self.engine = engine
        self.pending: dict[int, set[str]] = {}
        self.committed: set[str] = set()

    def _executed(self, connection, cursor, statement, parameters, context, executemany):
        written = _WRITE.match(statement)
        if written and written[1] not in BOOKKEEPING:
            self.pending.setdefault(id(connection), set()).add(written[1])

    def _committed(self, connection):
        self.committed |= self.pending.pop(id(connection), set())

    def _rolled_back(self, connection):
        self.pending.pop(id(connection), None)

    def __enter__(self) -> "Writes":
        event.listen(self.engine, "after_cursor_execute", self._executed)
        event.listen(self.engine, "commit", self._committed)
        event.listen(self.engine, "rollback", self._rolled_back)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "after_cursor_execute", self._executed)
        event.remove(self.engine, "commit", self._committed)
        event.remove(self.engine, "rollback", self._rolled_back)

    def take(self) -> set[str]:
        """The tables written since the last ``take``."""
        written, self.committed = self.committed, set()
        return written
