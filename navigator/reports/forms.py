"""The reports' filter: a period, a need category, a place and a team, read from the
query string of every report page and CSV file."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from navigator.auth.models import User
from navigator.directory.taxonomy_tree import TaxonomyTree
from navigator.extensions import db
from navigator.forms import DayField, Form
from navigator.i18n import current_language

from .period import FIRST_DAY, Filters, last_twelve_months

#: As long as a resident's place may be.
PLACE_LENGTH = 80


def category_choices() -> list[SelectChoice]:
    """Every taxonomy term, named with its parents ("Housing › Shelter") in the page's
    language, in that order."""
    tree = TaxonomyTree.load(db.session)
    spanish = current_language() == "es"

    def name(term: str) -> str:
        return (tree.spanish.get(term) if spanish else None) or tree.names[term]

    paths = {term: " › ".join(name(t) for t in reversed(tree.lineage(term)))
             for term in tree.parents}
    return [SelectChoice("", _l("Any"))] + [
        SelectChoice(term, path) for term, path in sorted(
            paths.items(), key=lambda item: item[1].casefold())]


def team_choices() -> list[SelectChoice]:
    teams = db.session.scalars(select(User.team).where(User.team.is_not(None), User.team != "")
                               .distinct().order_by(User.team))
    return [SelectChoice("", _l("Any"))] + [SelectChoice(team, team) for team in teams]


def _from_first_day(field) -> None:
    if field.data and field.data < FIRST_DAY:
        raise ValidationError(_l("Enter a date from %(year)d on.", year=FIRST_DAY.year))


class ReportFilter(Form):
    class Meta:
        csrf = False  # a GET form: it reads, never changes

    start = DayField(_l("From (date)"), validators=[Optional()])
    end = DayField(_l("To (date)"), validators=[Optional()])
    category = SelectField(_l("Need category"), validate_choice=False,
                           validators=[Optional()])
    place = StringField(_l("ZIP code or neighborhood"), validators=[
        Optional(), Length(max=PLACE_LENGTH, message=_l(
            "Use %(max)d characters or fewer.", max=PLACE_LENGTH))])
    team = SelectField(_l("Team"), validate_choice=False, validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = category_choices()
        self.team.choices = team_choices()

    def validate_start(self, field) -> None:
        _from_first_day(field)

    def validate_end(self, field) -> None:
        _from_first_day(field)
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end of the period cannot be before its start."))

    def validate_category(self, field) -> None:
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError(_l("Choose a category from the list."))

    def validate_team(self, field) -> None:
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError(_l("Choose a team from the list."))

    def filters(self, today: date) -> Filters:
        """The filters the form's (valid) data stand for: the last twelve months unless
        told otherwise; a start alone runs to today, an end alone from a year before."""
        start, end = self.start.data, self.end.data
        if end is None:
            end = max(today, start) if start else today
        if start is None:
            start = last_twelve_months(end)[0]
        return Filters(start=start, end=end, category=self.category.data or None,
                       place=(self.place.data or "").strip() or None,
                       team=self.team.data or None)
