"""The resident's own summary: their open referrals in plain words, in their language.

What it holds comes from the listing as the public page loads it (``load_listing``), so it shows exactly
what the public page shows: no confidential address, no hidden service.

"When" is the appointment (``appointment``), on the directory's clock: the one set on
the referral, else the latest a handoff made; never when a handoff was recorded. The
provider's note (``provider_note``) is what a provider's account wrote when it accepted
or connected the referral (the portal says so beside the note): a navigator's own notes
on the referral may hold what is not the resident's to read, so they are never copied.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from sqlalchemy import select

from navigator.auth.models import User
from navigator.directory.listing import Listing, load_listing
from navigator.extensions import db
from navigator.i18n import in_language

from .models import Referral, Resident

#: Referrals the resident is still waiting on or acting on (drafts never left the office).
OPEN_STATUSES = ("pending", "accepted", "connected")
SUMMARY_LANGUAGES = ("en", "es")


#: The states whose note, written by a provider, is the resident's to read.
NOTED_STATES = ("accepted", "connected")


@dataclass
class Item:
    listing: Listing
    when: datetime | None  # the appointment, on the directory's clock
    note: str = ""  # what the provider wrote when it accepted or connected


def appointment(referral: Referral) -> datetime | None:
    """The referral's own appointment, else the one of the latest handoff that made one."""
    if referral.appointment_at is not None:
        return referral.appointment_at
    made = [h for h in referral.handoffs if h.appointment_at is not None]
    return max(made, key=lambda h: (h.happened_at, h.recorded_at or h.happened_at)).appointment_at \
        if made else None


def provider_note(referral: Referral) -> str:
    """The note of the latest acceptance or connection a provider's account made with
    one, or ""."""
    noted = [e for e in referral.events if e.to_status in NOTED_STATES
             and (e.note or "").strip() and e.user_id is not None]
    providers = set(db.session.scalars(select(User.id).where(
        User.id.in_({e.user_id for e in noted}), User.role == "provider"))) if noted else set()
    by_provider = [e for e in noted if e.user_id in providers]
    return by_provider[-1].note.strip() if by_provider else ""


def language_of(resident: Resident) -> str:
    """The resident's language if the site speaks it, English otherwise."""
    return resident.language if resident.language in SUMMARY_LANGUAGES else "en"


@contextmanager
def resident_locale(resident: Resident):
    """Render in the resident's language."""
    with in_language(language_of(resident)) as lang:
        yield lang


def items(resident: Resident) -> list[Item]:
    lang = language_of(resident)
    zone = current_app.config["NAVIGATOR_TIMEZONE"]
    found = []
    for referral in sorted(resident.referrals, key=lambda r: r.created_at):
        if referral.status not in OPEN_STATUSES:
            continue
        listing = load_listing(referral.service_id, lang, zone)
        if listing is None:
            continue
        when = appointment(referral)
        found.append(Item(listing=listing,
                          when=when.astimezone(ZoneInfo(zone)) if when else None,
                          note=provider_note(referral)))
    return found


def render_html(resident: Resident, found: list[Item]) -> str:
    """The summary's body as HTML, in the resident's language."""
    with resident_locale(resident) as lang:
        return render_template("workflow/_summary.html", resident=resident, items=found,
                               lang=lang)


def render_text(resident: Resident, found: list[Item]) -> tuple[str, str]:
    """The subject and plain-text body of the message, in the resident's language."""
    with resident_locale(resident) as lang:
        body = render_template("workflow/summary.txt", resident=resident, items=found,
                               lang=lang)
        from flask_babel import gettext

        subject = gettext("Your referrals from Durham Navigator")
    return subject, _tidy(body)


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"
