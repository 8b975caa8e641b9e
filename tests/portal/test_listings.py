"""A provider confirms that its own listings are still correct: HSDS ``assured_date`` and
``assurer_email`` change with a ``metadata`` row each, in one commit; the public page and
the search index follow; the portal and a daily command point at stale listings."""

from __future__ import annotations

import csv
import re
import uuid
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from navigator.audit import AuditEvent
from navigator.directory.models import Metadata, Service
from navigator.extensions import db
from navigator.portal.listings import local_today
from navigator.search import SearchQuery, search

from tests.workflow.directory_factory import make_directory
from tests.workflow.recorded_visits import Visits
from tests.outbox_messages import outbox_messages

PROVIDER = "intake@shelter.example.org"
OTHER = "desk@otp.example.org"


@pytest.fixture
def world(app, staff):
    """The shelter's organization with three listings (never confirmed, confirmed long
    ago, confirmed lately), the treatment program's with one never confirmed; a provider
    account for each, the shelter's signed in."""
    with app.app_context():
        today = local_today(app.config["NAVIGATOR_TIMEZONE"])
        made = make_directory()
        shelter, otp = made["shelter"], made["otp"]
        ids = {"shelter": shelter.id, "otp": otp.id, "shelter_org": shelter.organization_id,
               "otp_org": otp.organization_id, "today": today}
        for key, days in (("old", 200), ("fresh", 10)):
            service = Service(id=str(uuid.uuid4()), organization_id=shelter.organization_id,
                              name=f"{key} pantry", status="active",
                              assured_date=today - timedelta(days=days),
                              assurer_email="someone@example.org")
            db.session.add(service)
            ids[key] = service.id
        db.session.commit()
    staff.user(PROVIDER, "provider", ids["shelter_org"])
    staff.user(OTHER, "provider", ids["otp_org"])
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client, PROVIDER)
    return ids, visits


@contextmanager
def commits():
    """What each commit made in the meantime wrote: one set of (kind, table) per commit."""
    found, current = [], set()

    def flushed(session, context):
        current.update(("new", type(o).__tablename__) for o in session.new)
        current.update(("changed", type(o).__tablename__) for o in session.dirty
                       if session.is_modified(o))

    def committed(session):
        if current:
            found.append(set(current))
        current.clear()

    event.listen(Session, "after_flush", flushed)
    event.listen(Session, "after_commit", committed)
    try:
        yield found
    finally:
        event.remove(Session, "after_flush", flushed)
        event.remove(Session, "after_commit", committed)


def _confirm(visits, service_id, status=302):
    return visits.post(f"/provider/listings/{service_id}/confirm", {}, status=status,
                       form_page="/provider")


def test_confirming_sets_the_assurance_and_its_provenance_in_one_commit(app, world):
    ids, visits = world
    with commits() as made:
        _confirm(visits, ids["shelter"])
    assert {("changed", "service"), ("new", "metadata")} <= made[0] and len(made) == 1
    assert "Thank you: shelter service is confirmed" in visits.get("/provider")
    with app.app_context():
        service = db.session.get(Service, ids["shelter"])
        assert (service.assured_date, service.assurer_email) == (ids["today"], PROVIDER)
        rows = db.session.scalars(select(Metadata).order_by(Metadata.field_name)).all()
        assert [(r.resource_id, r.resource_type, r.field_name, r.previous_value,
                 r.replacement_value, r.updated_by, r.last_action_date, r.last_action_type)
                for r in rows] == [
            (ids["shelter"], "service", "assured_date", "", ids["today"].isoformat(),
             PROVIDER, ids["today"], "update"),
            (ids["shelter"], "service", "assurer_email", "", PROVIDER, PROVIDER,
             ids["today"], "update")]
        audited = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "service.confirm")).all()
        assert [(e.entity_id, e.user_role) for e in audited] == [(ids["shelter"], "provider")]

    # Confirming again the same day changes nothing, so it adds no provenance.
    _confirm(visits, ids["shelter"])
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Metadata)) == 2


def test_the_old_values_are_kept_in_the_provenance_and_exported(app, world, tmp_path):
    ids, visits = world
    _confirm(visits, ids["old"])
    old = (ids["today"] - timedelta(days=200)).isoformat()
    with app.app_context():
        rows = {r.field_name: r for r in db.session.scalars(select(Metadata))}
        assert (rows["assured_date"].previous_value, rows["assurer_email"].previous_value) \
            == (old, "someone@example.org")
    result = app.test_cli_runner().invoke(
        args=["directory", "export", str(tmp_path / "package")])
    assert result.exit_code == 0, result.output
    with open(tmp_path / "package" / "metadata.csv", encoding="utf-8") as file:
        exported = {row["field_name"]: row for row in csv.DictReader(file)}
    assert exported["assured_date"]["resource_id"] == ids["old"]
    assert (exported["assured_date"]["previous_value"],
            exported["assured_date"]["replacement_value"]) == (old, ids["today"].isoformat())
    assert exported["assurer_email"]["updated_by"] == PROVIDER


def test_confirming_shows_on_the_public_page_and_in_search(app, world):
    ids, visits = world
    public = visits.client.application.test_client()
    page = public.get(f"/services/{ids['old']}").get_data(as_text=True)
    assert "Not verified in over six months" in page
    _confirm(visits, ids["old"])
    page = public.get(f"/services/{ids['old']}").get_data(as_text=True)
    verified = re.search(r'<p class="verified">(.*?)</p>', page)[1]
    assert verified == f"Verified {ids['today']:%B %Y}"
    with app.app_context():
        app.config["NAVIGATOR_SEARCH_CACHE"] = False
        try:
            hits = search(SearchQuery(text="pantry", per_page=50), log_search=False).hits
        finally:
            app.config["NAVIGATOR_SEARCH_CACHE"] = True
    assert {h.name: h.verified for h in hits}["old pantry"] == ids["today"]


def test_another_organizations_listing_is_not_found_and_unchanged(app, world):
    ids, visits = world
    for other in (ids["otp"], "no-such-service"):
        _confirm(visits, other, status=404)
    with app.app_context():
        service = db.session.get(Service, ids["otp"])
        assert service.assured_date is None and service.assurer_email is None
        assert not db.session.scalars(select(Metadata)).all()
        assert not db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "service.confirm")).all()


def test_a_confirmation_without_its_token_is_refused(app, world):
    ids, visits = world
    response = visits.client.post(f"/provider/listings/{ids['shelter']}/confirm", data={})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Service, ids["shelter"]).assured_date is None


def test_only_providers_confirm(app, staff, world):
    ids, _ = world
    staff.user()
    navigator = Visits(staff.client(), staff)
    staff.sign_in(navigator.client)
    response = navigator.client.post(f"/provider/listings/{ids['shelter']}/confirm",
                                     data={"csrf_token": navigator.token("/navigator")})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Service, ids["shelter"]).assured_date is None


def test_the_banner_lists_stale_listings_only(app, world):
    ids, visits = world
    home = visits.get("/provider")
    banner = home.split('class="notice stale-listings"')[1].split("</div>")[0]
    assert "2 listings have not been confirmed" in banner
    assert "shelter service" in banner and "never confirmed" in banner
    assert "old pantry" in banner and "fresh pantry" not in banner
    assert "otp service" not in home  # another organization's
    assert home.count("Everything is still correct") == 3  # one button per own listing
    _confirm(visits, ids["shelter"])
    _confirm(visits, ids["old"])
    assert "stale-listings" not in visits.get("/provider")


def test_the_banner_is_in_spanish(app, world):
    ids, visits = world
    visits.client.set_cookie("lang", "es")  # as the public pages' switch sets it
    home = visits.get("/provider")
    assert "2 servicios publicados no se han confirmado" in home
    assert "Todo sigue correcto" in home


@pytest.fixture
def outbox(app, monkeypatch):
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "log")
    return app


def _messages(app) -> list[str]:
    return sorted(outbox_messages(app))


def test_remind_stale_tells_each_organization_with_stale_listings(app, staff, world, outbox):
    ids, _ = world
    staff.user("second@shelter.example.org", "provider", ids["shelter_org"])
    with app.app_context():  # the treatment program's only listing is fresh
        db.session.get(Service, ids["otp"]).assured_date = ids["today"]
        db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["directory", "remind-stale", "--link", "https://navigator.example.org/provider"])
    assert result.exit_code == 0, result.output
    assert "shelter org: 2 stale listing(s), 2 notice(s) written to the outbox" in result.output
    assert "otp org" not in result.output
    messages = _messages(outbox)
    assert {re.search(r"^To: (.+)$", m, re.M)[1] for m in messages} \
        == {PROVIDER, "second@shelter.example.org"}
    for message in messages:
        assert "- old pantry\n- shelter service\n" in message
        assert "fresh pantry" not in message
        assert "https://navigator.example.org/provider" in message
    assert "pantry" not in result.output and PROVIDER not in result.output


def test_remind_stale_sends_one_notice_per_stale_organization(app, world, outbox):
    ids, _ = world
    result = app.test_cli_runner().invoke(args=["directory", "remind-stale"])
    assert result.exit_code == 0, result.output
    assert "2 organization(s) with stale listings" in result.output
    recipients = [re.search(r"^To: (.+)$", m, re.M)[1] for m in _messages(outbox)]
    assert sorted(recipients) == sorted([PROVIDER, OTHER])


def test_remind_stale_dry_run_sends_nothing(app, world, outbox):
    result = app.test_cli_runner().invoke(args=["directory", "remind-stale", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "shelter org: 2 stale listing(s) (dry run: nothing sent)" in result.output
    assert "otp org: 1 stale listing(s)" in result.output
    assert _messages(outbox) == []


def test_nothing_stale_sends_nothing(app, world, outbox):
    ids, _ = world
    with app.app_context():
        for service in db.session.scalars(select(Service)):
            service.assured_date = ids["today"]
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["directory", "remind-stale"])
    assert result.exit_code == 0, result.output
    assert "0 organization(s) with stale listings" in result.output
    assert _messages(outbox) == []
