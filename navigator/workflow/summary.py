"""The resident's own summary: their open referrals in plain words, in their language.

What it holds comes from the listing as the public page loads it (``load_listing``), so it shows exactly
what the public page shows: no confidential address, no hidden service.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, render_template

from navigator.directory.listing import Listing, load_listing
from navigator.i18n import in_language

from .models import Resident

#: Referrals the resident is still waiting on or acting on (drafts never left the office).
OPEN_STATUSES = ("pending", "accepted", "connected")
SUMMARY_LANGUAGES = ("en", "es")


@dataclass
class Item:
    listing: Listing
    when: datetime | None  # a scheduled intake, if a handoff recorded one


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
        scheduled = [h.happened_at for h in referral.handoffs
                     if h.method == "scheduled_intake" or h.outcome == "intake_scheduled"]
        found.append(Item(listing=listing, when=max(scheduled) if scheduled else None))
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
