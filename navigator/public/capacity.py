"""Places open now, as a resident reads them: "3 beds open, updated 2 hours ago"."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask_babel import format_timedelta, gettext as _, ngettext


def _counted(number: int, unit: str) -> str:
    kind = unit.strip().lower()
    kind = kind[:-1] if kind.endswith("s") else kind
    if kind == "bed":
        return ngettext("%(num)d bed open", "%(num)d beds open", number)
    if kind in ("slot", "appointment slot", "appointment"):
        return ngettext("%(num)d appointment slot open", "%(num)d appointment slots open",
                        number)
    return _("%(num)d open (%(unit)s)", num=number, unit=unit)


def places_words(number: float | None, unit: str, updated: datetime | None,
                 now: datetime | None = None) -> str:
    """``number`` places of ``unit`` open, and how long ago the provider said so; ""
    when the number is not told."""
    if number is None or number != number or number in (float("inf"), float("-inf")):
        return ""
    counted = _counted(int(number), unit or "")
    if updated is None:
        return counted
    now = now or datetime.now(timezone.utc)
    if updated.tzinfo is None:
        updated = updated.replace(tzinfo=timezone.utc)
    # Never "in 2 minutes" for a clock a little ahead of this one.
    ago = format_timedelta(min(updated - now, timedelta(0)), add_direction=True,
                           threshold=0.9)
    return _("%(places)s, updated %(ago)s", places=counted, ago=ago)
