"""The groups of people the equity figures compare: by ZIP or neighborhood, and by each
optional, self-described field (household, gender, race, ethnicity).

A grouping is a query of ``(resident_id, grp)`` rows that a figure's query joins on its
records' resident and groups by ``grp``. ``grp`` is NULL for "not recorded" (no answer,
or an empty one). A person named several races counts in each (one row per race), so
race groups do not add up to the people served. Words typed freely (a place, a gender
in the person's own words) become a group of their own only when at least
``FREE_TEXT_MINIMUM`` residents gave them (case and outer spaces ignored); fewer go to
"another answer", so that no one's own words appear on a report.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Text, case, cast, func, literal, null, or_, select, union_all

from navigator.extensions import db
from navigator.workflow import profile
from navigator.workflow.models import Resident

from .scope import folded

FREE_TEXT_MINIMUM = 11
#: The group of free-text answers too rare to name.
ANOTHER = "~another"
NOT_RECORDED = _l("Not recorded")
ANOTHER_LABEL = _l("Another answer")


@dataclass(frozen=True)
class Grouping:
    key: str
    title: object  # a lazy string
    #: Each person is in exactly one group, so the groups add up to the total.
    adds_up: bool = True

    def query(self):
        """The ``(resident_id, grp)`` subquery, and the labels of the groups by ``grp``."""
        if self.key == "race":
            return _race()
        if self.key in ("place", "gender"):
            return _free_text(getattr(Resident, self.key))
        column = getattr(Resident, self.key)
        labels = {"household": profile.HOUSEHOLD_LABELS,
                  "ethnicity": profile.ETHNICITY_LABELS}[self.key]
        grp = case((column.in_(list(labels)), column), else_=null())
        return (select(Resident.id.label("resident_id"), grp.label("grp")).subquery(),
                dict(labels))


GROUPINGS = (
    Grouping("place", _l("ZIP or neighborhood")),
    Grouping("household", _l("Household")),
    Grouping("gender", _l("Gender")),
    Grouping("race", _l("Race"), adds_up=False),
    Grouping("ethnicity", _l("Ethnicity")),
)


def _race():
    text = cast(Resident.race, Text)
    parts = [select(Resident.id.label("resident_id"), literal(value).label("grp"))
             .where(text.like(f'%"{value}"%')) for value in profile.RACES]
    named = or_(*[text.like(f'%"{value}"%') for value in profile.RACES])
    parts.append(select(Resident.id.label("resident_id"), null().label("grp"))
                 .where(or_(Resident.race.is_(None), ~named)))
    return union_all(*parts).subquery(), dict(profile.RACE_LABELS)


def _free_text(column):
    key = folded(column)
    common = db.session.execute(
        select(key, func.min(func.trim(column))).where(key != "").group_by(key)
        .having(func.count() >= FREE_TEXT_MINIMUM)).all()
    labels = {value: shown for value, shown in common}
    labels[profile.DECLINED] = profile.DECLINED_LABEL  # a choice, not someone's words
    grp = case((func.coalesce(key, "") == "", null()),
               (key.in_(sorted(labels)), key), else_=literal(ANOTHER))
    labels[ANOTHER] = ANOTHER_LABEL
    return select(Resident.id.label("resident_id"), grp.label("grp")).subquery(), labels


def ordered(groups, labels: dict, by_name: bool = False) -> list:
    """The groups found, in the labels' order (free text by name), then "another
    answer", then "not recorded"."""
    known = [g for g in labels if g in groups and g != ANOTHER]
    if by_name:
        known.sort(key=lambda g: str(labels[g]).casefold())
    rest = [g for g in (ANOTHER, None) if g in groups]
    return known + rest + sorted(g for g in groups if g not in labels and g is not None)


def label(grp, labels: dict):
    return NOT_RECORDED if grp is None else labels.get(grp, grp)
