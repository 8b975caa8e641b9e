"""/admin/review: the queue of what waits for an admin, oldest first, and a provider's
proposed change beside the listing, approved (as proposed; edited: ``test_review_edit``)
or rejected with a note; the listing, its provenance and the proposal's status change in
one commit, search follows, and of two admins approving at once one applies it and the
other is told."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from navigator.auth.models import User
from navigator.directory.models import Location, Metadata, Phone, Service
from navigator.extensions import db
from navigator.review import proposals, queue
from navigator.review.models import Proposal
from navigator.search import SearchQuery, search

from tests.admin.review_world import ADMIN, ADMIN2, PROVIDER, make_world
from tests.workflow.races import race


@pytest.fixture
def world(app, staff):
    return make_world(app, staff)


def _html(response, status=200) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == status, html[:3000]
    return html


def _proposal(app, proposal_id) -> Proposal:
    with app.app_context():
        proposal = db.session.get(Proposal, proposal_id)
        db.session.expunge(proposal)
        return proposal


def _service(app, service_id) -> Service:
    with app.app_context():
        service = db.session.get(Service, service_id)
        db.session.expunge(service)
        return service


def _phones(app, service_id) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(Phone.number).where(
            Phone.service_id == service_id)))


def _queue_rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in body.split("</tr>")[:-1]]


def test_the_queue_lists_what_waits_oldest_first_with_counts(app, world):
    world.propose("service", "shelter", {"description": "Beds for adults"}, days_ago=2)
    world.report("The number rings out.", days_ago=5)
    world.access_request(days_ago=1 / 24)
    decided = world.propose("organization", "shelter_org", {"name": "Renamed"}, days_ago=9)
    with app.app_context():
        proposals.reject(decided, db.session.get(User, world.ids["admin"]), "No.")
        db.session.commit()
    html = _html(world.get("admin", "/admin/review"))
    assert "1 proposed change" in html and "1 problem report" in html \
        and "1 access request" in html
    rows = _queue_rows(html)
    assert len(rows) == 3
    assert rows[0].startswith("Problem report shelter service shelter org")
    assert "A resident (anonymous)" in rows[0] and rows[0].endswith("5 days")
    assert rows[1].startswith("Proposed change shelter service") and PROVIDER in rows[1]
    assert rows[1].endswith("2 days")
    assert rows[2].startswith("Access request shelter service")
    assert "new@shelter.example.org" in rows[2] and rows[2].endswith("1 hour")
    # The listing with a proposed change says so on each of its rows.
    assert "1 change waiting for review" in rows[0]
    assert "Renamed" not in html  # decided: no longer waiting

    home = _html(world.get("admin", "/admin"))
    assert 'href="/admin/review"' in home and "(3 waiting)" in home


def test_listings_with_pending_changes_are_marked(app, world):
    world.propose("location", "place", {"name": "Side door"})
    with app.app_context():
        assert queue.pending_counts() == {world.ids["shelter"]: 1}
    world.propose("organization", "shelter_org", {"description": "Shelter and meals"})
    world.propose("service", "shelter", {"name": "Night shelter"})
    with app.app_context():
        assert queue.pending_counts() == {world.ids["shelter"]: 3}
        assert queue.pending_counts([world.ids["otp"]]) == {}
    stale = _html(world.get("admin", "/admin/directory/stale?age=never"))
    row = next(r for r in _queue_rows(stale) if "shelter service" in r)
    assert "3 changes waiting for review" in row
    assert "waiting for review" not in next(r for r in _queue_rows(stale)
                                            if "otp service" in r)


def test_the_diff_shows_words_rows_and_spanish_side_by_side(app, world):
    proposal_id = world.propose("service", "shelter", {
        "description": "Beds for adults",
        "phones": [{"number": "919-555-0199", "type": "voice"}],
        "spanish": {"name": "Albergue", "description": "Camas para adultos"}})
    html = _html(world.get("admin", f"/admin/review/proposals/{proposal_id}"))
    description = html.split('id="diff-description"')[1].split("</section>")[0]
    assert re.search(r"<del><span class=\"visually-hidden\">removed: </span>men</del>",
                     description)
    assert re.search(r"<ins><span class=\"visually-hidden\">added: </span>adults</ins>",
                     description)
    assert "Beds for " in description
    phones = html.split('id="diff-phones"')[1].split("</section>")[0]
    rows = _queue_rows(phones)
    assert rows == ["removed 919-555-0100", "added 919-555-0199 voice"]
    spanish = html.split('id="diff-spanish"')[1].split("</section>")[0]
    assert "Spanish text" in spanish
    parts = _queue_rows(spanish)
    assert parts == ["Name changed (empty) added: Albergue",
                     "Description changed (empty) added: Camas para adultos"]
    assert "changed after this proposal" not in html
    # The address is compared line by line.
    place_id = world.propose("location", "place", {"address": {
        "address_1": "9 Elm St", "city": "Durham", "state_province": "NC",
        "postal_code": "27701"}})
    address = _html(world.get("admin", f"/admin/review/proposals/{place_id}"))
    lines = _queue_rows(address.split('id="diff-address"')[1].split("</section>")[0])
    assert lines[0] == "Street changed removed: 1 Main St added: 9 Elm St"
    assert "City unchanged Durham Durham" in lines


def test_a_listing_changed_since_the_proposal_is_flagged(app, world):
    proposal_id = world.propose("service", "shelter", {"description": "Beds for adults"})
    with app.app_context():
        db.session.get(Service, world.ids["shelter"]).description = "Beds for everyone"
        db.session.commit()
    html = _html(world.get("admin", f"/admin/review/proposals/{proposal_id}"))
    assert "The listing changed after this proposal was made, in: Description." in html
    assert "Changed in the listing since the proposal was made" in html


@contextmanager
def commits():
    """What each commit wrote, as (kind, table) per commit: objects flushed, and the
    ORM's UPDATE statements (a queue item's decision is one)."""
    found, current = [], set()

    def flushed(session, context):
        current.update(("new", type(o).__tablename__) for o in session.new)
        current.update(("changed", type(o).__tablename__) for o in session.dirty
                       if session.is_modified(o))

    def executed(state):
        if state.is_update:
            current.add(("updated", state.statement.table.name))

    def committed(session):
        if current:
            found.append(set(current))
        current.clear()

    listeners = [(Session, "after_flush", flushed), (Session, "do_orm_execute", executed),
                 (Session, "after_commit", committed)]
    for listener in listeners:
        event.listen(*listener)
    try:
        yield found
    finally:
        for listener in listeners:
            event.remove(*listener)


def _search(app, text: str) -> list[str]:
    with app.app_context():
        app.config["NAVIGATOR_SEARCH_CACHE"] = False
        try:
            return [h.service_id for h in search(SearchQuery(text=text, per_page=50),
                                                 log_search=False).hits]
        finally:
            app.config["NAVIGATOR_SEARCH_CACHE"] = True


def test_approving_commits_listing_provenance_and_status_at_once(app, world):
    proposal_id = world.propose("service", "shelter", {
        "description": "Beds and zanzibar quilts", "phones": [{"number": "919-555-0199"}]})
    assert _search(app, "zanzibar") == []
    with commits() as made:
        done = world.post("admin", f"/admin/review/proposals/{proposal_id}/approve",
                          note="Thanks!")
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/review")
    assert len(made) == 1, made
    assert {("changed", "service"), ("new", "metadata"), ("new", "phone"),
            ("updated", "listing_proposal"), ("new", "audit_event")} <= made[0]
    assert _service(app, world.ids["shelter"]).description == "Beds and zanzibar quilts"
    assert _phones(app, world.ids["shelter"]) == ["919-555-0199"]
    proposal = _proposal(app, proposal_id)
    assert (proposal.status, proposal.reviewed_by_email, proposal.review_note) == (
        "approved", ADMIN, "Thanks!")
    with app.app_context():
        authors = set(db.session.scalars(select(Metadata.updated_by)))
        assert authors == {PROVIDER}
    assert _search(app, "zanzibar") == [world.ids["shelter"]]
    assert "are in the directory" in _html(world.get("admin", "/admin/review"))
    # Decided: the page shows the outcome and no longer offers a decision.
    page = _html(world.get("admin", f"/admin/review/proposals/{proposal_id}"))
    assert "Approved" in page and "Thanks!" in page and "Your decision" not in page


def test_rejecting_needs_a_note_and_leaves_the_listing(app, world):
    proposal_id = world.propose("service", "shelter", {"name": "Best shelter in town"})
    path = f"/admin/review/proposals/{proposal_id}/reject"
    refused = _html(world.post("admin", path, note="  "), 400)
    assert "Write a note for the provider" in refused
    assert 'aria-invalid="true"' in refused.split('id="reject-title"')[1]
    assert _proposal(app, proposal_id).status == "pending"
    assert world.post("admin", path, note="Keep the official name.").status_code == 302
    assert _service(app, world.ids["shelter"]).name == "shelter service"
    with app.app_context():
        [shown] = proposals.of_organization(world.ids["shelter_org"])
        assert (shown.status, shown.review_note) == ("rejected", "Keep the official name.")
        assert shown.reviewed_at is not None
        assert not db.session.scalars(select(Metadata)).all()
    again = _html(world.post("admin2", path, note="No"), 409)
    assert f"Already rejected by {ADMIN}." in again


def test_of_two_admins_approving_at_once_one_applies_it(app, world, staff):
    for number in range(8):
        proposal_id = world.propose("service", "shelter", {
            "phones": [{"number": f"919-555-02{number:02d}"}]})
        page = f"/admin/review/proposals/{proposal_id}"

        def approving(who):
            def run(barrier):
                token = staff.csrf(world.clients[who], page)
                barrier.wait()
                return who, world.clients[who].post(f"{page}/approve",
                                                    data={"csrf_token": token})
            return run

        results = race(approving("admin"), approving("admin2"))
        codes = sorted(response.status_code for _, response in results)
        assert codes == [302, 409], codes
        winner = next(who for who, r in results if r.status_code == 302)
        loser = next(r for _, r in results if r.status_code == 409)
        email = ADMIN if winner == "admin" else ADMIN2
        assert f"Already approved by {email}." in loser.get_data(as_text=True)
        assert _phones(app, world.ids["shelter"]) == [f"919-555-02{number:02d}"]
    with app.app_context():
        assert len(db.session.scalars(select(Metadata).where(
            Metadata.field_name == "phone")).all()) == 8


def test_a_proposal_whose_record_is_gone_can_only_be_rejected(app, world):
    proposal_id = world.propose("location", "place", {"name": "Side door"})
    with app.app_context():
        db.session.delete(db.session.get(Location, world.ids["place"]))
        db.session.commit()
    page = f"/admin/review/proposals/{proposal_id}"
    html = _html(world.get("admin", page))
    assert "no longer in the directory: the proposal can only be rejected" in html
    assert f"{page}/approve" not in html and f"{page}/edit" not in html
    assert f"{page}/reject" in html
    refused = _html(world.post("admin", f"{page}/approve"), 409)
    assert "can only be rejected" in refused
    assert world.post("admin", f"{page}/reject", note="Gone.").status_code == 302
    assert _proposal(app, proposal_id).status == "rejected"


def test_unknown_proposals_are_not_found(world):
    for path in ("/admin/review/proposals/nope", "/admin/review/proposals/" + "x" * 300):
        assert world.get("admin", path).status_code == 404
        for action in ("approve", "edit", "reject"):
            assert world.post("admin", f"{path}/{action}", note="n").status_code == 404


def test_the_review_pages_are_in_spanish(app, world):
    proposal_id = world.propose("service", "shelter", {"description": "Beds for adults"})
    world.clients["admin"].set_cookie("lang", "es")
    assert "Cola de revisión" in _html(world.get("admin", "/admin/review"))
    html = _html(world.get("admin", f"/admin/review/proposals/{proposal_id}"))
    assert "Aprobar tal como se propuso" in html and "Ahora" in html
