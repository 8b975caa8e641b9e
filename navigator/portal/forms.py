"""The provider portal's forms: what is true of a listing today, and an organization
admin's invitation of a colleague."""

from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from navigator.forms import Form, WholeNumberField

from .operations import UNITS, Said

#: More places than any one service in the county has (a typo, not a count).
MOST_PLACES = 5000
ALERT_CHARS = 300
ACCEPTING = {"": _l("Not said"), "yes": _l("Yes"), "no": _l("Not taking referrals now")}
#: The names of the units offered (``operations.UNITS``); any other shows as it is.
UNIT_LABELS = {"bed": _l("beds"), "slot": _l("appointment slots")}


class TodayForm(Form):
    accepting = SelectField(_l("Taking referrals"), choices=[
        SelectChoice(value, label) for value, label in ACCEPTING.items()])
    places = WholeNumberField(_l("Places open now"), validators=[
        Optional(), NumberRange(min=0, max=MOST_PLACES, message=_l(
            "Enter a number from 0 to %(most)d.", most=MOST_PLACES))])
    unit = SelectField(_l("Counted in"), choices=[
        SelectChoice(u, UNIT_LABELS[u]) for u in UNITS])
    alert = StringField(_l("Alert for residents (leave empty for none)"), validators=[
        Length(max=ALERT_CHARS, message=_l("Use %(count)d characters or fewer.",
                                           count=ALERT_CHARS))])
    closed = BooleanField(_l("Temporarily closed"))

    def offer_units(self, names: list[str]) -> None:
        """Count in ``names`` (``operations.unit_names``)."""
        self.unit.choices = [SelectChoice(n, UNIT_LABELS.get(n, n)) for n in names]

    def said(self) -> Said:
        return Said(accepting={"yes": True, "no": False}.get(self.accepting.data),
                    places=self.places.data, unit=self.unit.data,
                    alert=(self.alert.data or "").strip(), closed=bool(self.closed.data))

    @classmethod
    def of(cls, service, counts) -> "TodayForm":
        """A form holding what ``service`` says now (``counts``: ``operations.counted``)."""
        first = counts[0] if counts else None
        form = cls(formdata=None, data={
            "accepting": {True: "yes", False: "no"}.get(service.accepting_referrals, ""),
            "places": _whole(first[0].available) if first else None,
            "unit": first[1] if first else UNITS[0], "alert": service.alert or "",
            "closed": service.status == "temporarily closed"})
        return form


def _whole(number: float | None) -> int | None:
    return int(number) if number is not None and math.isfinite(number) else None


class ColleagueForm(Form):
    """A colleague's email: nothing else, so that no field can name another organization
    or role (``navigator.auth.colleagues``)."""

    email = EmailField(_l("Your colleague's work email"), validators=[
        DataRequired(_l("Enter your colleague's email address.")),
        Length(max=320, message=_l("Use 320 characters or fewer."))])
