"""The optional, self-described part of a resident's record: household, gender, race and
ethnicity (and ``place``, which the record had already).

A navigator asks only when it helps the person: a service's eligibility (a family
shelter, a women's program) and, later, the city's equity figures. Nothing here is ever
required, each answer may be "prefer not to say", and the record keeps the person's own
words for gender. Only staff see these answers: ``sharing`` shares none of them with a
provider (no consent scope covers them), and the matcher reads household and gender
through ``for_matching`` alone, so that what it may use is named in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .models import Resident, fold

#: Stored for any of these questions when the person chose not to answer.
DECLINED = "prefer_not_to_say"
DECLINED_LABEL = _l("Prefer not to say")

HOUSEHOLD_LABELS = {"alone": _l("Lives alone"), "with_children": _l("With children"),
                    "with_partner": _l("With a partner"),
                    "with_other_adults": _l("With other adults"), "other": _l("Other"),
                    DECLINED: DECLINED_LABEL}
#: The U.S. OMB race categories (SPD 15, with the Middle Eastern or North African
#: category of its 2024 revision); a person may choose several.
RACE_LABELS = {"american_indian_alaska_native": _l("American Indian or Alaska Native"),
               "asian": _l("Asian"), "black": _l("Black or African American"),
               "middle_eastern_north_african": _l("Middle Eastern or North African"),
               "pacific_islander": _l("Native Hawaiian or Other Pacific Islander"),
               "white": _l("White"), DECLINED: DECLINED_LABEL}
ETHNICITY_LABELS = {"hispanic_latino": _l("Hispanic or Latino"),
                    "not_hispanic_latino": _l("Not Hispanic or Latino"),
                    DECLINED: DECLINED_LABEL}
HOUSEHOLDS, RACES, ETHNICITIES = tuple(HOUSEHOLD_LABELS), tuple(RACE_LABELS), \
    tuple(ETHNICITY_LABELS)


@dataclass(frozen=True)
class MatchingProfile:
    """What the matcher may read of a resident's self-description; None when not told
    (or declined). ``household`` is one of ``HOUSEHOLDS`` (never ``DECLINED``);
    ``gender`` is the person's own word, folded ("Mujer" -> "mujer")."""

    household: str | None
    gender: str | None


def for_matching(resident: Resident) -> MatchingProfile:
    """The household and gender a resident told, for matching eligibility; nothing else
    of the optional answers (race and ethnicity are never used to choose a service)."""
    household = resident.household if resident.household != DECLINED else None
    gender = resident.gender if resident.gender != DECLINED else None
    return MatchingProfile(household=household or None, gender=fold(gender) or None)


def gender_label(value: str | None) -> str | None:
    """The gender as the resident page shows it: their words, or "Prefer not to say"."""
    return str(DECLINED_LABEL) if value == DECLINED else value


def race_labels(values) -> list[str]:
    return [str(RACE_LABELS.get(v, v)) for v in values or ()]
