"""A small, known world for the unmet-needs report, on the Durham sample directory: the
searches, needs and referrals of January to March 2026 (and a few just outside), made
up for tests, with the figures worked out by hand in ``tests/reports/test_unmet.py``.

Searches (words, ZIP, results, filters, how many):

| month | words               | ZIP   | results | filters                  | n |
|-------|---------------------|-------|---------|--------------------------|---|
| Jan   | food pantry         | 27701 | 0       |                          | 3 |
| Jan   | despensa de comida  | 27701 | 0       |                          | 2 |
| Jan   | shelter             | 27703 | 5       |                          | 4 |
| Jan   | albergue            | 27703 | 0       | language es              | 1 |
| Feb   | xyzzy               |       | 0       |                          | 2 |
| Feb   | food pantry         | 27701 | 7       |                          | 1 |
| Feb   | (none)              | 27705 | 0       | Emergency shelter, open  | 1 |
| Mar   | comida y albergue    | 27701 | 0       |                          | 1 |
| Dec 25| food pantry         | 27701 | 0       |                          | 5 |
| Apr   | shelter             | 27703 | 0       |                          | 5 |

Needs (A is on team HEART, B on team Desk):

| need | resident (place) | category          | recorded | status | by | referrals          |
|------|------------------|-------------------|----------|--------|----|--------------------|
| N1   | R1 (27701)       | Food pantries     | Jan 10   | open   | A  | none               |
| N2   | R1 (27701)       | Emergency shelter | Jan 15   | open   | A  | a draft, never sent|
| N3   | R2 (Walltown)    | Emergency shelter | Feb 2    | open   | B  | two sent, declined |
| N4   | R2 (Walltown)    | Food pantries     | Feb 20   | closed | B  | none               |
| N5   | R3 (27703)       | Civil legal aid   | Mar 5    | met    | A  | one, connected     |
| N6   | R3 (27703)       | Food pantries     | Dec 20 25| open   | A  | none               |

Providers' answers: Ref3 (no need, R1, A) declined not eligible Jan 4; Ref1 (N3, B)
declined no capacity Feb 10; Ref5 (N3, B) declined "other" Feb 12; Ref2 (N5, A) accepted
Mar 6 (connected Mar 20); Ref6 (no need, R3, B) declined not eligible Mar 25; Ref7 (N5,
A) declined no capacity Apr 2 (outside).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

from sqlalchemy import bindparam, select

from navigator.auth.models import User
from navigator.directory.models import TaxonomyTerm
from navigator.extensions import db
from navigator.search import SearchLog, log_categories
from navigator.workflow.models import Need, Referral, ReferralEvent, Resident

CODES = ("food", "food.pantry", "housing", "housing.shelter", "legal", "legal.civil")


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=timezone.utc)


def terms() -> dict[str, str]:
    """Term id by Durham code."""
    return dict(db.session.execute(select(TaxonomyTerm.code, TaxonomyTerm.id)
                                   .where(TaxonomyTerm.code.in_(CODES))).all())


def _searches(ids: dict[str, str]) -> list[dict]:
    shelter_open = json.dumps({"taxonomy_term_id": [ids["housing.shelter"]],
                               "open_now": True})
    spanish = json.dumps({"language": ["es"]})
    rows = [
        (date(2026, 1, 5), "food pantry", "27701", 0, "{}", 3),
        (date(2026, 1, 6), "despensa de comida", "27701", 0, "{}", 2),
        (date(2026, 1, 7), "shelter", "27703", 5, "{}", 4),
        (date(2026, 1, 31), "albergue", "27703", 0, spanish, 1),
        (date(2026, 2, 1), "xyzzy", None, 0, "{}", 2),
        (date(2026, 2, 14), "food pantry", "27701", 7, "{}", 1),
        (date(2026, 2, 28), "", "27705", 0, shelter_open, 1),
        (date(2026, 3, 31), "comida y albergue", "27701", 0, "{}", 1),
        (date(2025, 12, 31), "food pantry", "27701", 0, "{}", 5),
        (date(2026, 4, 1), "shelter", "27703", 0, "{}", 5),
    ]
    return [{"searched_on": day, "terms": words, "zip_code": zip_code, "result_count": found,
             "filters": chosen, "locale": "es" if words in ("albergue",) else "en"}
            for day, words, zip_code, found, chosen, n in rows for _ in range(n)]


def read_categories(how: str) -> None:
    """Each search's categories: "read when logged" (as a search logs them), "not read
    yet" (NULL, as rows logged before the column) or "half read" (every other row)."""
    rows = db.session.execute(select(SearchLog.id, SearchLog.terms, SearchLog.filters)
                              .order_by(SearchLog.id)).all()
    read = log_categories((terms, chosen) for _id, terms, chosen in rows)
    db.session.execute(SearchLog.__table__.update().where(
        SearchLog.id == bindparam("row")).values(categories=bindparam("read")),
        [{"row": id_, "read": None if how == "not read yet" or how == "half read" and at % 2
          else read[(terms, chosen)]} for at, (id_, terms, chosen) in enumerate(rows)])
    db.session.commit()


def build() -> dict[str, str]:
    """Add the world to the database (the directory must be there); return term ids by
    code."""
    ids = terms()
    db.session.execute(SearchLog.__table__.insert(), _searches(ids))
    a = User(email="a@example.org", password_hash="-", role="navigator", team="HEART")
    b = User(email="b@example.org", password_hash="-", role="navigator", team="Desk")
    db.session.add_all([a, b])
    db.session.flush()
    r1 = Resident(name="Generated One", place="27701")
    r2 = Resident(name="Generated Two", place="Walltown")
    r3 = Resident(name="Generated Three", place="27703")
    db.session.add_all([r1, r2, r3])
    db.session.flush()

    def need(resident, code, when, status, by):
        found = Need(resident_id=resident.id, taxonomy_term_id=ids[code], urgency="this_week",
                     status=status, created_by=by.id, created_at=when)
        db.session.add(found)
        return found

    n2 = need(r1, "housing.shelter", at(2026, 1, 15), "open", a)
    n3 = need(r2, "housing.shelter", at(2026, 2, 2), "open", b)
    n5 = need(r3, "legal.civil", at(2026, 3, 5), "met", a)
    need(r1, "food.pantry", at(2026, 1, 10), "open", a)
    need(r2, "food.pantry", at(2026, 2, 20), "closed", b)
    need(r3, "food.pantry", at(2025, 12, 20), "open", a)
    db.session.flush()

    def referral(resident, need_, by, sent, *changes):
        """A referral sent at ``sent`` (a draft when None), then (to, reason, when)."""
        found = Referral(resident_id=resident.id, need_id=need_.id if need_ else None,
                         service_id="s", organization_id="o", created_by=by.id,
                         created_at=sent or at(2026, 1, 16), sent_at=sent, status="draft")
        db.session.add(found)
        db.session.flush()
        events = [("pending", None, sent)] if sent else []
        before = "draft"
        for to, reason, when in [*events, *changes]:
            db.session.add(ReferralEvent(referral_id=found.id, from_status=before,
                                         to_status=to, reason=reason, occurred_at=when,
                                         user_id=by.id))
            if to == "connected":
                found.connected_at = when
            before = to
        found.status, found.status_reason = before, (changes[-1][1] if changes else None)

    referral(r2, n3, b, at(2026, 2, 2), ("declined", "no_capacity", at(2026, 2, 10)))
    referral(r3, n5, a, at(2026, 3, 5), ("accepted", None, at(2026, 3, 6)),
             ("connected", None, at(2026, 3, 20)))
    referral(r1, None, a, at(2026, 1, 3), ("declined", "not_eligible", at(2026, 1, 4)))
    referral(r1, n2, a, None)
    referral(r2, n3, b, at(2026, 2, 11), ("declined", "other", at(2026, 2, 12)))
    referral(r3, None, b, at(2026, 3, 20), ("declined", "not_eligible", at(2026, 3, 25)))
    referral(r3, n5, a, at(2026, 3, 30), ("declined", "no_capacity", at(2026, 4, 2)))
    db.session.commit()
    return ids
