"""Records that may be the same person: asked before a resident is added, so that one
person does not get two records (and two lists of needs, consents and referrals).

A match is likely when the phone is the same however it was typed (its digits), when the
email is the same in any case, or when the name is the same whatever its case and
accents ("Maria" is "María") and so is the birth year, give or take one: an age given
instead of a year ("34") is a year off for half of the year. The navigator decides:
use the record that exists, or create a new one anyway. A record changed is checked
too, against the others it did not already resemble.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select

from navigator.extensions import db
from navigator.request_input import storable

from .models import Resident, fold
from .services import digits

#: At most this many matches are listed.
SHOWN = 10
#: ``Resident.name_key``'s length (a folded name can be longer than the name: "ß" is "ss").
NAME_KEY_LENGTH = Resident.name_key.type.length

SAME_PHONE = _l("same phone")
SAME_EMAIL = _l("same email")
SAME_NAME_AND_YEAR = _l("same name and birth year")
#: The error on the "create a new record anyway" box while it is not ticked.
CONFIRM = _l("This may be someone who has a record already: use their record, or tick "
             "this box to create a new one.")
#: The error on the "save the changes anyway" box of a record's changes, while not ticked.
CONFIRM_CHANGE = _l("This may be someone who has a record already: use their record, or "
                    "tick this box to save these changes anyway.")
#: The error on a callback's record page while no record is chosen among the matches.
CHOOSE = _l("This may be someone who has a record already: use their record, or create "
            "a new one anyway.")


@dataclass
class Match:
    """A resident who may be the person about to be added, and why."""

    resident: Resident
    reasons: list = field(default_factory=list)


def likely_duplicates(*, name: str | None, phone: str | None = None,
                      email: str | None = None,
                      birth_year: int | None = None) -> list[Match]:
    """The residents who may be this person (by name, most reasons first). Asked before
    the form is judged: a text no database could store matches no one, and is not
    looked up (the form refuses it in place)."""
    number = digits(phone)
    address = (email or "").strip().lower() if storable(email or "") else ""
    key = (fold(name) or "")[:NAME_KEY_LENGTH] if storable(name or "") else ""
    tests = []
    if number:
        tests.append((Resident.phone_digits == number,
                      lambda r: r.phone_digits == number, SAME_PHONE))
    if address:
        tests.append((func.lower(Resident.email) == address,
                      lambda r: (r.email or "").lower() == address, SAME_EMAIL))
    if key and birth_year:
        near = (birth_year - 1, birth_year + 1)
        tests.append((and_(Resident.name_key == key, Resident.birth_year.between(*near)),
                      lambda r: r.name_key == key and r.birth_year is not None
                      and near[0] <= r.birth_year <= near[1], SAME_NAME_AND_YEAR))
    if not tests:
        return []
    found = db.session.scalars(select(Resident).where(or_(*(t[0] for t in tests)))
                               .order_by(Resident.name, Resident.created_at).limit(SHOWN * 5))
    matches = [Match(r, [reason for _, holds, reason in tests if holds(r)]) for r in found]
    matches.sort(key=lambda m: -len(m.reasons))  # stable: by name within a count
    return matches[:SHOWN]


def duplicates_after_change(resident: Resident, *, name: str | None,
                            phone: str | None = None, email: str | None = None,
                            birth_year: int | None = None) -> list[Match]:
    """The other residents ``resident`` would resemble once changed to these values and
    does not resemble as stored (two records that already share a family's phone are
    not told again at each change)."""
    before = {m.resident.id for m in likely_duplicates(
        name=resident.name, phone=resident.phone, email=resident.email,
        birth_year=resident.birth_year)}
    return [m for m in likely_duplicates(name=name, phone=phone, email=email,
                                         birth_year=birth_year)
            if m.resident.id != resident.id and m.resident.id not in before]
