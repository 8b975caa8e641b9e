"""The groups of people the equity figures compare: by ZIP or neighborhood, and by each
optional, self-described field (household, gender, race, ethnicity).

Each resident's groups are read from their record in one query (``Residents``); a
figure's per-resident rows are then added up into them (``counting``, ``equity``). A resident with
no answer (or an empty one) is in the group ``None``, "not recorded". A person who named
several races counts in each, so race groups do not add up to the people served. Words
typed freely (a place, a gender in the person's own words) are a group of their own only
when at least ``FREE_TEXT_MINIMUM`` residents gave them (case and outer spaces ignored);
rarer ones are "another answer", so that no one's own words appear on a report.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Text, cast, select

from navigator.extensions import db
from navigator.workflow import profile
from navigator.workflow.models import Resident

FREE_TEXT_MINIMUM = 11
#: The group of free-text answers too rare to name.
ANOTHER = "~another"
NOT_RECORDED = _l("Not recorded")
ANOTHER_LABEL = _l("Another answer")
FIELDS = ("place", "household", "gender", "race", "ethnicity")
FREE_TEXT = ("place", "gender")


@dataclass(frozen=True)
class Grouping:
    key: str
    title: object  # a lazy string
    #: Each person is in exactly one group, so the groups add up to the total.
    adds_up: bool = True


GROUPINGS = (
    Grouping("place", _l("ZIP or neighborhood")),
    Grouping("household", _l("Household")),
    Grouping("gender", _l("Gender")),
    Grouping("race", _l("Race"), adds_up=False),
    Grouping("ethnicity", _l("Ethnicity")),
)


def _folded(value) -> str:
    return value.strip().lower() if isinstance(value, str) else ""


class Residents:
    """Every resident's answers, read once, and the labels of each field's groups."""

    def __init__(self):
        # race as its JSON text: read once for each way of answering, not each person
        # (on the connection: none of the ORM's handling of each of a year's rows)
        self.answers = {row[0]: tuple(row[1:]) for row in db.session.connection().execute(
            select(Resident.id, *(cast(getattr(Resident, f), Text) if f == "race"
                                  else getattr(Resident, f) for f in FIELDS))).fetchall()}
        self.labels = {"household": dict(profile.HOUSEHOLD_LABELS),
                       "ethnicity": dict(profile.ETHNICITY_LABELS),
                       "race": dict(profile.RACE_LABELS)}
        for field in FREE_TEXT:
            at = FIELDS.index(field)
            spellings: dict = {}
            for answers in self.answers.values():
                if _folded(answers[at]):
                    spellings.setdefault(_folded(answers[at]), Counter())[
                        answers[at].strip()] += 1
            # a common answer is shown as most people spelled it
            labels = {v: min(c, key=lambda s: (-c[s], s)) for v, c in spellings.items()
                      if sum(c.values()) >= FREE_TEXT_MINIMUM}
            labels[profile.DECLINED] = profile.DECLINED_LABEL  # a choice, not words
            labels[ANOTHER] = ANOTHER_LABEL
            self.labels[field] = labels
        self._profiles: dict = {}
        self._groups: dict = {}
        # each resident's, worked out here, where the caller reads the residents (the
        # equity page: on PostgreSQL, on a thread beside its other queries; on SQLite,
        # which runs them one after the other, the same work either way), not when
        # their figures are added up
        self._by_id = {rid: self.profile(rid) for rid in self.answers}

    def profile(self, resident_id: str) -> tuple:
        """The resident's groups for each field of ``FIELDS``, as a tuple of tuples (the
        same for everyone who answered alike)."""
        answers = self.answers.get(resident_id, (None,) * len(FIELDS))
        found = self._profiles.get(answers)
        if found is None:
            found = self._profiles[answers] = tuple(
                self._groups_of(field, value) for field, value in zip(FIELDS, answers))
        return found

    def profiles(self, resident_ids) -> list[tuple]:
        """The ``profile`` of each resident of ``resident_ids``, in order."""
        by_id = self._by_id
        return [by_id.get(rid) or self.profile(rid) for rid in resident_ids]

    def _groups_of(self, field: str, value) -> tuple:
        """``groups`` as a tuple, worked out once for each field's answer: residents'
        ways of answering are nearly as many as residents, their answers to one field
        a few dozen."""
        found = self._groups.get((field, value))
        if found is None:
            found = self._groups[(field, value)] = tuple(self.groups(field, value))
        return found

    def groups(self, field: str, value) -> list:
        """The groups of ``field`` an answer is in (``[None]``: not recorded)."""
        if field == "race":
            named = _races(value)
            return [r for r in profile.RACES if r in named] or [None]
        if field in FREE_TEXT:
            folded = _folded(value)
            if not folded:
                return [None]
            return [folded if folded in self.labels[field] else ANOTHER]
        return [value if value in self.labels[field] else None]


def _races(text) -> list:
    """The races named in the column's JSON text (nothing for no answer or bad JSON)."""
    try:
        named = json.loads(text) if text else None
    except ValueError:
        return []
    return [r for r in named if isinstance(r, str)] if isinstance(named, list) else []


def ordered(groups, labels: dict, by_name: bool = False) -> list:
    """The groups found, in the labels' order (free text by name), then "another
    answer", then "not recorded"."""
    known = [g for g in labels if g in groups and g != ANOTHER]
    if by_name:
        known.sort(key=lambda g: str(labels[g]).casefold())
    return known + [g for g in (ANOTHER, None) if g in groups]


def label(grp, labels: dict):
    return NOT_RECORDED if grp is None else labels.get(grp, grp)
