"""Proposing a change to a listing and deciding on it, through the rules themselves:
only the organization's own records, only what changed, applied once with provenance."""

from __future__ import annotations

import threading
import uuid
from datetime import date

import pytest
from sqlalchemy import select

from navigator.auth.models import User
from navigator.directory.models import (
    Location, Metadata, Phone, Schedule, Service, ServiceAtLocation,
)
from navigator.extensions import db
from navigator.review import proposals
from navigator.review.models import Proposal

from tests.workflow.directory_factory import HOUSING, OTP, make_directory

TODAY = date(2026, 12, 6)


@pytest.fixture
def world(app, staff):
    with app.app_context():
        made = make_directory()
        shelter, otp = made["shelter"], made["otp"]
        place = Location(id=str(uuid.uuid4()), location_type="physical", name="Front door")
        db.session.add_all([place, ServiceAtLocation(
            id=str(uuid.uuid4()), service_id=shelter.id, location_id=place.id)])
        db.session.add(Phone(id=str(uuid.uuid4()), service_id=shelter.id, number="919-555-0100"))
        ids = {"shelter": shelter.id, "otp": otp.id, "place": place.id,
               "shelter_org": shelter.organization_id, "otp_org": otp.organization_id}
        db.session.commit()
    ids["provider"] = staff.user("desk@shelter.example.org", "provider", ids["shelter_org"])
    ids["other"] = staff.user("desk@otp.example.org", "provider", ids["otp_org"])
    ids["admin"] = staff.user("admin@example.org", "admin")
    ids["admin2"] = staff.user("admin2@example.org", "admin")
    return ids


def _user(id_):
    return db.session.get(User, id_)


def test_a_proposal_keeps_only_what_changed_and_the_listing_waits(app, world):
    with app.app_context():
        proposal = proposals.propose(_user(world["provider"]), "service", world["shelter"], {
            "name": "shelter service", "description": "  Beds for adults  ",
            "hours": [{"byday": "MO", "opens_at": "09:00", "closes_at": "17:00"}]})
        db.session.commit()
        assert proposal.values == {"description": "Beds for adults", "hours": [
            {"byday": "MO", "opens_at": "09:00", "closes_at": "17:00", "valid_from": None,
             "valid_to": None, "description": None}]}
        assert proposal.previous == {"description": None, "hours": []}
        assert db.session.get(Service, world["shelter"]).description is None
        assert proposals.propose(_user(world["provider"]), "service", world["shelter"],
                                 {"name": "shelter service"}) is None


@pytest.mark.parametrize("kind, key", [("service", "otp"), ("organization", "otp_org"),
                                       ("service", "nothing"), ("location", "nothing")])
def test_another_organizations_records_are_not_found(app, world, kind, key):
    with app.app_context():
        with pytest.raises(proposals.NotYours):
            proposals.propose(_user(world["provider"]), kind, world.get(key, "nothing"),
                              {"name": "Mine now"})


def test_fields_reserved_to_admins_cannot_be_proposed(app, world):
    with app.app_context():
        for field in ("organization_id", "assured_date", "status", "id"):
            with pytest.raises(ValueError, match="cannot be changed"):
                proposals.propose(_user(world["provider"]), "service", world["shelter"],
                                  {field: world["otp_org"]})
        assert db.session.scalars(select(Proposal)).all() == []


def test_a_place_served_only_by_the_organization_is_its_own(app, world):
    with app.app_context():
        assert [p.id for p in proposals.locations_of(world["shelter_org"])] == [world["place"]]
        assert proposals.locations_of(world["otp_org"]) == []
        proposal = proposals.propose(_user(world["provider"]), "location", world["place"], {
            "address": {"address_1": "1 Main St", "city": "Durham", "state_province": "NC",
                        "postal_code": "27701"}})
        assert proposal is not None


def test_approving_writes_the_listing_and_its_provenance(app, world):
    with app.app_context():
        proposal = proposals.propose(_user(world["provider"]), "service", world["shelter"], {
            "description": "Beds for adults",
            "phones": [{"number": "919-555-0199", "type": "voice"}],
            "hours": [{"byday": "MO,TU", "opens_at": "20:00", "closes_at": "07:00"}],
            "taxonomy": [HOUSING, OTP],
            "spanish": {"name": "Albergue", "description": "Camas para adultos"}})
        db.session.commit()
        proposals.approve(proposal.id, _user(world["admin"]), TODAY)
        db.session.commit()
        service = db.session.get(Service, world["shelter"])
        assert service.description == "Beds for adults"
        assert [p.number for p in db.session.scalars(
            select(Phone).where(Phone.service_id == service.id))] == ["919-555-0199"]
        [hours] = db.session.scalars(select(Schedule).where(Schedule.service_id == service.id))
        assert (hours.freq, hours.byday, str(hours.opens_at)) == ("WEEKLY", "MO,TU", "20:00:00")
        assert [t.name for t in service.translations] == ["Albergue"]
        fields = {m.field_name for m in db.session.scalars(select(Metadata).where(
            Metadata.resource_id == service.id))}
        assert {"description", "phone", "schedule", "attribute", "es:name",
                "es:description"} <= fields
        authors = set(db.session.scalars(select(Metadata.updated_by).where(
            Metadata.resource_id == service.id)))
        assert authors == {"desk@shelter.example.org"}
        assert db.session.get(Proposal, proposal.id).status == "approved"


def test_an_admins_edit_is_what_is_applied(app, world):
    with app.app_context():
        proposal = proposals.propose(_user(world["provider"]), "service", world["shelter"],
                                     {"description": "Beds for adulst"})
        db.session.commit()
        proposals.approve(proposal.id, _user(world["admin"]), TODAY,
                          values={"description": "Beds for adults", "name": "Not proposed"})
        db.session.commit()
        service = db.session.get(Service, world["shelter"])
        assert (service.description, service.name) == ("Beds for adults", "shelter service")


def test_rejecting_leaves_the_listing_untouched(app, world):
    with app.app_context():
        proposal = proposals.propose(_user(world["provider"]), "service", world["shelter"],
                                     {"name": "Best shelter in town"})
        db.session.commit()
        proposals.reject(proposal.id, _user(world["admin"]), "Please keep the official name.")
        db.session.commit()
        assert db.session.get(Service, world["shelter"]).name == "shelter service"
        decided = db.session.get(Proposal, proposal.id)
        assert (decided.status, decided.review_note) == (
            "rejected", "Please keep the official name.")
        with pytest.raises(proposals.AlreadyDecided):
            proposals.approve(proposal.id, _user(world["admin"]), TODAY)


def test_two_admins_approving_at_once_apply_it_once(app, world):
    with app.app_context():
        proposal = proposals.propose(_user(world["provider"]), "service", world["shelter"],
                                     {"phones": [{"number": "919-555-0142"}]})
        db.session.commit()
        proposal_id = proposal.id
    barrier, outcomes = threading.Barrier(2), []

    def approve(admin_id):
        with app.app_context():
            barrier.wait()
            try:
                proposals.approve(proposal_id, _user(admin_id), TODAY)
                db.session.commit()
                outcomes.append("approved")
            except proposals.AlreadyDecided as refused:
                db.session.rollback()
                outcomes.append(f"refused: already {refused.status}")

    threads = [threading.Thread(target=approve, args=(world[k],)) for k in ("admin", "admin2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused: already approved"]
    with app.app_context():
        phones = db.session.scalars(select(Phone.number).where(
            Phone.service_id == world["shelter"])).all()
        assert phones == ["919-555-0142"]
        assert len(db.session.scalars(select(Metadata).where(
            Metadata.field_name == "phone")).all()) == 1


def test_a_provider_cannot_approve_its_own_change(app, world):
    with app.app_context():
        proposal = proposals.propose(_user(world["provider"]), "service", world["shelter"],
                                     {"name": "Renamed"})
        db.session.commit()
        with pytest.raises(PermissionError):
            proposals.approve(proposal.id, _user(world["provider"]), TODAY)


def test_bad_values_are_refused_naming_the_field(app, world):
    with app.app_context():
        for values, field in (({"minimum_age": "ten"}, "minimum_age"),
                              ({"hours": [{"opens_at": "25:99"}]}, "hours"),
                              ({"taxonomy": ["not-a-term"]}, "taxonomy"),
                              ({"phones": "919"}, "phones")):
            with pytest.raises(ValueError, match=field):
                proposals.propose(_user(world["provider"]), "service", world["shelter"], values)
