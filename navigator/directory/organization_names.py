"""Finding organizations by name, for people who know the name but not the id.

Case, accents, spacing and curly quotes are ignored: "cafe union" finds "Café Unión".
Directories hold hundreds of organizations, not millions, so names are compared here
rather than in SQL, the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select

from navigator.extensions import db
from .defaults import PLACEHOLDER_DESCRIPTION
from .models import Organization, Service

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True)
class OrganizationSummary:
    id: str
    name: str
    services: int
    #: Made by an import for services whose organization it lacked: to be completed.
    placeholder: bool = False


def folded(text: str) -> str:
    """``text`` as names are compared: no case, no accents, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def organizations(search: str | None = None,
                  placeholders_only: bool = False) -> list[OrganizationSummary]:
    """The organizations whose name contains ``search`` (every one without it), sorted
    by name, each with its number of services; only the placeholders an import made if
    ``placeholders_only``."""
    counts = (select(Service.organization_id, func.count().label("services"))
              .group_by(Service.organization_id).subquery())
    rows = db.session.execute(
        select(Organization.id, Organization.name, func.coalesce(counts.c.services, 0),
               Organization.description == PLACEHOLDER_DESCRIPTION)
        .outerjoin(counts, counts.c.organization_id == Organization.id))
    wanted = folded(search or "")
    found = [OrganizationSummary(id_, name or "", services, bool(placeholder))
             for id_, name, services, placeholder in rows
             if wanted in folded(name or "") and (placeholder or not placeholders_only)]
    return sorted(found, key=lambda o: (folded(o.name), o.name, o.id))


def organizations_meant(text: str) -> list[OrganizationSummary]:
    """The organizations ``text`` may mean, most precise reading first: the one with
    that id; else those named exactly ``text``; else those whose name contains it.
    One: found; several: ambiguous; none: unknown."""
    everyone = organizations()
    by_id = [o for o in everyone if o.id == text.strip()]
    if by_id:
        return by_id
    wanted = folded(text)
    if not wanted:
        return []
    named = [o for o in everyone if wanted in folded(o.name)]
    return [o for o in named if folded(o.name) == wanted] or named
