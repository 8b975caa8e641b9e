"""Two organizations alike in shape, A and B, for the portal's isolation test
(tests/portal/test_isolation.py), and which rows of the database are whose.

Each has a shelter (its location with an address, accessibility, phones and schedules;
places counted) and a pantry (its own schedule, costs, area, a confirmation), a contact,
a program, funding and an identifier; and referrals sent to it in every state a provider
sees (waiting, accepted, declined), a draft besides. Both organizations are built by one
recipe, so that each row of A has a row of B alike but for its names and ids. Everyone is
made up.

Whose a row is, is read from the database rather than listed, so that a table added
later is counted without a change here: a row is an organization's when one of its
values is the id of a row of that organization (its ``organization_id``, its
``service_id``, a metadata row's ``resource_id``), and nobody's when its values name rows
of both (or of neither: the taxonomy, the resident, the need).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import time

from sqlalchemy import String, select

from navigator.auth.models import User
from navigator.directory.models import (
    Attribute, Contact, Funding, Location, OrganizationIdentifier, Phone, Program,
    RequiredDocument, Schedule, Service, ServiceAtLocation, ServiceCapacity, Unit, utcnow)
from navigator.extensions import db
from navigator.portal import listings
from navigator.workflow import needs, referrals, services
from tests.fictional_directory import ZIP_27701, Directory, offset
from tests.staff_accounts import Staff
from tests.workflow.consent_factory import plain_consent
from tests.workflow.directory_factory import HOUSING, make_directory

A, B = "A", "B"
NAVIGATOR = "navigator@example.org"
PROVIDERS = {A: "desk@oakwood.example.org", B: "desk@harborlight.example.org"}
NAMES = {A: "Oakwood Family Shelter", B: "Harbor Light Shelter"}
#: Each organization's phone numbers, addresses and emails, told apart by these.
DIGITS = {A: "01", B: "02"}
#: The columns whose values tell a row to a person: none of one's may show to the other.
WORD_COLUMNS = ("name", "number", "email", "address_1", "identifier")


@dataclass
class Pair:
    """A and B: their ids, their providers' clients, their rows."""

    organizations: dict[str, str]  # A/B -> organization id
    clients: dict[str, object]  # A/B -> its provider's signed-in test client
    #: A/B -> table -> ids of the rows that are that organization's
    rows: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    #: A/B -> the names, numbers and email addresses of its rows: none may show to the other
    words: dict[str, set[str]] = field(default_factory=dict)
    #: An id of A -> the id of B's row of the same table most like it
    counterpart: dict[str, str] = field(default_factory=dict)


def _organization(directory: Directory, unit: Unit, key: str) -> dict[str, str]:
    """One organization by the recipe; its id and its two services' ids."""
    name, d = NAMES[key], DIGITS[key]
    org = directory.organization(name)
    shelter = directory.service(
        f"{name} beds", "Beds for the night.", org=org,
        at=offset(*ZIP_27701, km_north=int(d)), address=f"1{d} Main Street",
        location_name=f"{name} hall", access=("Ramp at the side door",),
        languages=("es",), hours=(("MO,TU,WE,TH,FR", "18:00", "23:00"),))
    pantry = directory.service(
        f"{name} pantry", "Groceries every week.", org=org, costs=(("Free", None),),
        areas=("Durham County",), hours=(("SA", "09:00", "12:00"),))
    place = db.session.scalars(select(ServiceAtLocation)
                               .where(ServiceAtLocation.service_id == shelter.id)).one()
    db.session.get(Location, place.location_id).organization_id = org.id
    contact = Contact(id=directory.id(), organization_id=org.id, service_id=shelter.id,
                      name=f"{name} intake desk", email=f"intake{d}@example.org")
    db.session.add_all([contact, Program(
        id=directory.id(), organization_id=org.id, name=f"{name} programs",
        description="Shelter and food.")])
    db.session.flush()
    db.session.add_all([
        Attribute(id=directory.id(), link_id=shelter.id, link_entity="service",
                  taxonomy_term_id=HOUSING, link_type="service_category"),
        Phone(id=directory.id(), organization_id=org.id, number=f"919-555-02{d}"),
        Phone(id=directory.id(), service_id=shelter.id, number=f"919-555-03{d}"),
        Phone(id=directory.id(), location_id=place.location_id, number=f"919-555-04{d}"),
        Phone(id=directory.id(), contact_id=contact.id, number=f"919-555-05{d}"),
        Schedule(id=directory.id(), location_id=place.location_id, freq="WEEKLY",
                 byday="SU", opens_at=time(12), closes_at=time(16)),
        Funding(id=directory.id(), organization_id=org.id, service_id=pantry.id,
                source="County grant"),
        OrganizationIdentifier(id=directory.id(), organization_id=org.id,
                               identifier_type="EIN", identifier=f"56-00000{d}"),
        RequiredDocument(id=directory.id(), service_id=shelter.id, document="Photo ID"),
        ServiceCapacity(id=directory.id(), service_id=shelter.id, unit_id=unit.id,
                        available=4, updated=utcnow()),
    ])
    return {"organization": org.id, "shelter": shelter.id, "pantry": pantry.id}


def _referrals(made: dict[str, str], resident, need, navigator) -> None:
    """Waiting, accepted, declined and a draft: what a provider sees and what it does not."""
    for kind, to, reason in (("shelter", "pending", None), ("pantry", "accepted", None),
                             ("shelter", "declined", "no_capacity"),
                             ("pantry", "draft", None)):
        referral = referrals.create_referral(
            resident, db.session.get(Service, made[kind]), user=navigator,
            need=need if kind == "shelter" else None, note="Call after 5pm.")
        if to != "draft":
            referrals.send(referral, user=navigator)
        if to in ("accepted", "declined"):
            referrals.change_status(referral, to, reason=reason)


def build_pair(app) -> Pair:
    """A and B, a provider of each signed in; the rows of each read from the database."""
    staff = Staff(app)
    navigator_id = staff.user(NAVIGATOR)
    with app.app_context():
        make_directory()  # the taxonomy, and two organizations of nobody's here
        directory = Directory(rng=random.Random(2024))
        unit = Unit(id=directory.id(), name="bed")
        db.session.add(unit)
        made = {key: _organization(directory, unit, key) for key in (A, B)}
        navigator = db.session.get(User, navigator_id)
        resident = services.create_resident(user=navigator, name="Rowan Ellery",
                                            phone="919-555-0199", place="27701")
        need = needs.create_need(resident, taxonomy_term_id=HOUSING, urgency="today",
                                 own_words="a bed for two nights", user=navigator)
        plain_consent(resident, [made[key]["organization"] for key in (A, B)],
                      user=navigator, scope=["contact", "needs", "notes"])
        for key in (A, B):
            _referrals(made[key], resident, need, navigator)
        db.session.commit()
    clients = {}
    for key in (A, B):
        provider_id = staff.user(PROVIDERS[key], "provider", made[key]["organization"])
        with app.app_context():  # the pantry confirmed: metadata rows of its own
            provider = db.session.get(User, provider_id)
            # An organization admin: every portal page is open to it (its team too).
            provider.organization_admin = True
            listings.confirm(made[key]["pantry"], provider,
                             listings.local_today(app.config["NAVIGATOR_TIMEZONE"]))
            db.session.commit()
        clients[key] = staff.client()
        assert staff.sign_in(clients[key], PROVIDERS[key]).status_code == 302, key
    pair = Pair({key: made[key]["organization"] for key in (A, B)}, clients)
    with app.app_context():
        _read_rows(pair)
    return pair


def _tables() -> dict[str, tuple[str, list[dict]]]:
    """Table -> (its key's name, its rows), for each table keyed by one string id."""
    found = {}
    for table in db.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and isinstance(keys[0].type, String):
            found[table.name] = (keys[0].name, [
                dict(row) for row in db.session.execute(select(table)).mappings()])
    return found


def _owners(tables, roots: dict[str, str]) -> dict[str, set[str]]:
    """Id -> the organizations (A, B) whose rows its row's values name, to a fixed point."""
    owners = {id_: {key} for key, id_ in roots.items()}
    changed = True
    while changed:
        changed = False
        for key_name, rows in tables.values():
            for row in rows:
                named = set().union(*(owners.get(value, set()) for column, value
                                      in row.items() if column != key_name
                                      and isinstance(value, str)))
                if not named <= owners.setdefault(row[key_name], set()):
                    owners[row[key_name]] |= named
                    changed = True
    return owners


def _likeness(mine: dict, theirs: dict, key_name: str, kinds: dict[str, str],
              counterpart: dict[str, str]) -> float:
    """How alike a row of A's and one of B's are: a point for each value they share (or
    for an id of A's whose row is paired with the row B's names), half a point for ids of
    rows of the same table."""
    score = 0.0
    for column, value in mine.items():
        other = theirs[column]
        if column == key_name:
            continue
        if value == other or (value in counterpart and counterpart[value] == other):
            score += 1
        elif value in kinds and kinds[value] == kinds.get(other):
            score += 0.5
    return score


def _pair_rows(tables, owners, kinds: dict[str, str]) -> dict[str, str]:
    """Each row of A's -> the row of B's of the same table most like it, each of B's
    taken once while any is left. Twice over: the second time, the rows each names
    are paired already (a follow-up goes with its referral's)."""
    counterpart: dict[str, str] = {}
    for _ in range(2):
        found = {}
        for key_name, rows in tables.values():
            theirs = [row for row in rows if owners.get(row[key_name]) == {B}]
            for mine in (row for row in rows if owners.get(row[key_name]) == {A}):
                left = [r for r in theirs if r[key_name] not in found.values()] or theirs
                if left:
                    found[mine[key_name]] = max(left, key=lambda other: _likeness(
                        mine, other, key_name, kinds, counterpart))[key_name]
        counterpart = found
    return counterpart


def _read_rows(pair: Pair) -> None:
    tables = _tables()
    owners = _owners(tables, pair.organizations)
    kinds = {row[key_name]: table for table, (key_name, rows) in tables.items()
             for row in rows if len(owners.get(row[key_name], ())) == 1}
    for key in (A, B):
        pair.rows[key] = {}
        pair.words[key] = set()
        for table, (key_name, rows) in tables.items():
            own = [row for row in rows if owners.get(row[key_name]) == {key}]
            if own:
                pair.rows[key][table] = {row[key_name] for row in own}
            pair.words[key] |= {row[c] for row in own for c in WORD_COLUMNS
                                if isinstance(row.get(c), str) and len(row[c]) >= 6}
    common = pair.words[A] & pair.words[B]  # "Durham County": nobody's to keep
    for key in (A, B):
        pair.words[key] -= common
    pair.counterpart = _pair_rows(tables, owners, kinds)
