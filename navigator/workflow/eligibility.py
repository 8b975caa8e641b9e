"""Who a service says it is for, and whether a resident's optional household, gender
and age agree with it.

Directories say it in their own words, in English or Spanish: the eligibility text
("Families with children", "Hombres adultos"), the service's name ("Shelter for
Women and Children") and its categories' names and codes ("Shelter for youth",
``housing.shelter.men``). The words are read conservatively, from general word lists
rather than one directory's codes: a group counts as a restriction only when nothing
names an alternative beside it ("Adult men and women", "individuals and families",
"children and adults" restrict nothing), and a family the eligible person may bring
("veterans and their families") is not a group of its own.

The rule only ranks: a service whose group the record contradicts (a family shelter
for a man who lives alone) stays on the list, lower, with a caution to check; one whose
group the record does not tell (no household given) carries a caution to ask and keeps
its place. A missing field never counts against a service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from flask_babel import lazy_gettext as _l

from .models import fold

#: The groups a service may be for, as the navigator reads them.
GROUP_LABELS = {"women": _l("women"), "men": _l("men"),
                "families": _l("families with children"),
                "young": _l("children and young people"), "veterans": _l("veterans")}

# Word lists, folded (lower case, no accents). A family or child the eligible person
# brings along is dropped first, then phrases of families with children are read (and
# dropped, so that their "children" is not read again as a group of children).
_ALONG = (r"\b(?:and|or|y|o|plus|with|con) (?:their|his|her|sus?)"
          r" (?:famil(?:y|ies|ias?)|children|kids|hijos|hijas|ninos|ninas)\b")
_FAMILIES = (r"\b(?:famil(?:y|ies) with|households? with|parents? (?:with|of)"
             r"|caregivers? (?:with|of)|mothers? with|fathers? with|women with|men with"
             r"|adults? with|familias? con|madres? con|padres? con|mujeres con|personas con"
             r"|hogares con)"
             r"(?: (?:their|sus?|minor|dependent|young|small|menores|pequenos))*"
             r" (?:children|child|kids|hijos|hijas|ninos|ninas|menores)"
             r"(?: (?:menores|pequenos|pequenas|under \d+|de edad))*\b"
             r"|\b(?:families|familias|parents|padres de familia|family shelter)\b")
_WORDS = {
    "women": r"women|woman|females?|mothers?|ladies|mujeres|mujer|madres?|femenin[oa]s?",
    "men": r"men|man|males?|fathers?|hombres?|varon(?:es)?|masculinos?",
    "young": (r"youth|young (?:people|persons?|adults?)|teens?|teenagers?|adolescents?"
              r"|minors?|children|child|kids|infants?|runaways?|jovenes|joven|adolescentes?"
              r"|menores|ninos|ninas|infancia|juventud"),
    "veterans": r"veterans?|service members?|military|veteranos?|veteranas?|militares",
    # Alternatives: a service that names them is not for one group only.
    "open": (r"individuals?|singles?|adults?|anyone|everyone|all|open to all|personas"
             r"|individuos|adultos?|adultas?|cualquier(?:a)?|todos|todas|pregnant"
             r"|embarazadas?|postpartum|posparto"),
}
_PATTERNS = {name: re.compile(rf"\b(?:{words})\b") for name, words in _WORDS.items()}
_ALONG_RE, _FAMILIES_RE = re.compile(_ALONG), re.compile(_FAMILIES)

# A resident's household (one of ``profile.HOUSEHOLDS``, such as "with_children") and
# gender (their own words), read by their words too, as ``profile.for_matching`` gives them.
_WITH_CHILDREN = {"children", "child", "kids", "kid", "family", "hijos", "hijas", "ninos",
                  "dependents", "parent", "parents", "caregiver"}
_WITHOUT_CHILDREN = {"alone", "single", "solo", "sola", "partner", "couple", "spouse",
                     "adults", "roommates", "roommate", "friends", "pareja"}
_WOMAN = {"woman", "women", "female", "f", "mujer", "femenino", "femenina", "girl"}
_MAN = {"man", "men", "male", "m", "hombre", "masculino", "varon", "boy"}


@dataclass(frozen=True)
class Resident:
    """What the record tells of the person, each None when it does not say."""

    woman: bool | None
    has_children: bool | None
    age: int | None


@dataclass
class Verdict:
    """The groups a service is for, split by what the record says of them."""

    fits: list[str]
    contradicted: list[str]
    unknown: list[str]


def groups(texts: Iterable[str | None]) -> set[str]:
    """The groups ``texts`` (one service's eligibility, name and categories) restrict the
    service to: "women", "men", "families", "young", "veterans"."""
    found: set[str] = set()
    for text in texts:
        words = fold(re.sub(r"[._/\-]+", " ", text or "")) or ""
        words = _ALONG_RE.sub(" ", words)
        if _FAMILIES_RE.search(words):
            found.add("families")
            words = _FAMILIES_RE.sub(" ", words)
        found |= {name for name, pattern in _PATTERNS.items() if pattern.search(words)}
    named_adults = found & {"open", "women", "men"}
    restricted = set()
    if "women" in found and "men" not in found:
        restricted.add("women")
    if "men" in found and "women" not in found:
        restricted.add("men")
    if not named_adults:
        restricted |= found & {"families", "young"}
    if "veterans" in found:
        restricted.add("veterans")
    return restricted


def read_resident(gender: str | None, household: str | None, age: int | None) -> Resident:
    """A resident's optional fields as the rule reads them ("prefer not to say" and
    words it does not know are None)."""
    def tokens(text):
        return set(re.findall(r"[a-z]+", fold(text or "") or ""))

    said = tokens(gender)
    woman = None
    if said & _WOMAN and not said & _MAN:
        woman = True
    elif said & _MAN and not said & _WOMAN:
        woman = False
    home = tokens((household or "").replace("_", " "))
    has_children = True if home & _WITH_CHILDREN else (
        False if home & _WITHOUT_CHILDREN else None)
    return Resident(woman=woman, has_children=has_children, age=age)


def judge(service_groups: set[str], person: Resident) -> Verdict:
    """How each of the service's groups stands against what the record says."""
    verdict = Verdict([], [], [])
    for group in sorted(service_groups):
        agrees = _agrees(group, person)
        (verdict.unknown if agrees is None
         else verdict.fits if agrees else verdict.contradicted).append(group)
    return verdict


def _agrees(group: str, person: Resident) -> bool | None:
    """True or False when the record tells, None when it does not."""
    minor = person.age is not None and person.age < 18
    if group in ("women", "men"):
        return None if person.woman is None else person.woman == (group == "women")
    if group == "families":
        if person.has_children or minor:
            return True
        return None if person.has_children is None else False
    if group == "young":
        if person.has_children or (person.age is not None and person.age <= 24):
            return True
        if person.age is None or person.has_children is None:
            return None
        return False
    return None  # veterans: the record does not hold it
