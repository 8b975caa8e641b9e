"""The organizations a consent form offers as recipients: those the navigator is about
to refer this resident to, not every organization in the directory.

First the ones already chosen (the organization of the service being referred to, or
those ticked before a search), then any whose name holds the words the navigator
searched for, then those of the services suggested for the resident's open needs, of
their referrals and of their earlier consents.
"""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import select

from navigator.directory.models import Organization
from navigator.extensions import db
from navigator.request_input import storable

from . import matching
from .models import Resident, fold

#: At most this many organizations found by name.
FOUND_LIMIT = 20


def existing(organization_ids: Iterable[str]) -> list[str]:
    """Those of ``organization_ids`` that are in the directory, in their order (an id
    that no database could store, sent by a tampered form, is none of them)."""
    ids = [i for i in dict.fromkeys(organization_ids) if i and storable(i)]
    if not ids:
        return []
    known = set(db.session.scalars(select(Organization.id).where(Organization.id.in_(ids))))
    return [i for i in ids if i in known]


def related(resident: Resident) -> list[str]:
    """The organizations of the resident's suggested services, referrals and consents."""
    found = matching.suggest(resident)
    suggested = [s.organization_id for s in found.fitting + found.not_fitting]
    referred = [r.organization_id for r in resident.referrals if r.status != "cancelled"]
    consented = [o for c in resident.consents for o in (c.recipients or [])]
    return existing(suggested + referred + consented)


def named(words: str) -> list[str]:
    """Organizations whose name holds ``words`` (case and accents aside), by name."""
    wanted = fold(words or "")
    if not wanted:
        return []
    rows = db.session.execute(select(Organization.id, Organization.name)
                              .order_by(Organization.name))
    return [id_ for id_, name in rows if wanted in (fold(name) or "")][:FOUND_LIMIT]


def choices(resident: Resident, *, chosen: Iterable[str] = (),
            find: str = "") -> list[tuple[str, str]]:
    """(id, name) of the organizations to offer, chosen ones first."""
    ids = list(dict.fromkeys(existing(chosen) + named(find) + related(resident)))
    if not ids:
        return []
    names = dict(db.session.execute(select(Organization.id, Organization.name)
                                    .where(Organization.id.in_(ids))).all())
    return [(i, names[i]) for i in ids if i in names]
