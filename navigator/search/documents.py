"""Build search documents from the directory: one per service at a location, or one per
service that has no physical place (a hotline, a mobile team) carrying its service area.

Everything is read with a few bulk queries (not object by object) so a rebuild of
tens of thousands of listings takes seconds.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from typing import Any, Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from navigator.directory.categories import HIDDEN_STATUSES  # never searchable either
from navigator.directory.models import (
    Accessibility, Address, Attribute, CostOption, Language, Location, Organization, Phone,
    Schedule, Service, ServiceArea, ServiceAtLocation, ServiceCapacity, ServiceTranslation,
    Unit,
)
from navigator.directory.postal import normalize_zip
from navigator.directory.taxonomy_tree import TaxonomyTree
from .areas import area_key
from .geo import geohash
from .synonyms import Synonyms
from .vector_store import text_key

_SCHEDULE_FIELDS = ("freq", "byday", "bymonthday", "opens_at", "closes_at", "valid_from",
                    "valid_to", "dtstart", "until", "interval", "description", "notes")

_LANGUAGE_NAMES = {
    "english": "en", "spanish": "es", "español": "es", "espanol": "es", "french": "fr",
    "arabic": "ar", "chinese": "zh", "mandarin": "zh", "cantonese": "zh", "vietnamese": "vi",
    "korean": "ko", "swahili": "sw", "portuguese": "pt", "haitian creole": "ht",
    "american sign language": "ase", "asl": "ase", "russian": "ru", "hindi": "hi",
    "kinyarwanda": "rw", "burmese": "my", "nepali": "ne", "dari": "prs", "pashto": "ps",
    "tigrinya": "ti", "karen": "kar", "urdu": "ur", "polish": "pl", "slovak": "sk",
}

_COST_WORDS = (
    ("free", re.compile(r"\b(free|no[ -]cost|no charge|gratis|gratuito|\$0\b)", re.I)),
    ("sliding", re.compile(r"sliding|escala", re.I)),
    ("medicaid", re.compile(r"medicaid", re.I)),
    ("medicare", re.compile(r"medicare", re.I)),
    ("insurance", re.compile(r"insurance|seguro", re.I)),
)
_ACCESS_WORDS = (
    ("wheelchair", re.compile(r"wheelchair|accessible entrance|ada\b|ramp", re.I)),
    ("elevator", re.compile(r"elevator|lift", re.I)),
    ("parking", re.compile(r"parking", re.I)),
    ("sign_language", re.compile(r"sign language|\basl\b|interpreter for deaf", re.I)),
    ("hearing_loop", re.compile(r"hearing loop|assistive listening", re.I)),
    ("braille", re.compile(r"braille|large print", re.I)),
)


def language_code(name: str | None, code: str | None) -> str | None:
    """An ISO 639 code from a language row's code or name ("Spanish" -> "es")."""
    if code and code.strip():
        return code.strip().lower().split("-")[0]
    if name:
        return _LANGUAGE_NAMES.get(name.strip().lower())
    return None


def _tags(texts: Iterable[str | None], vocabulary) -> list[str]:
    joined = " ".join(t for t in texts if t)
    return [tag for tag, pattern in vocabulary if pattern.search(joined)]


def _grouped(session: Session, statement, key_index: int = 0) -> dict[Any, list]:
    groups: dict[Any, list] = defaultdict(list)
    for row in session.execute(statement):
        groups[row[key_index]].append(row)
    return groups


def _schedule_dict(row) -> dict[str, Any]:
    return {name: (value.isoformat() if hasattr(value, "isoformat") else value)
            for name, value in zip(_SCHEDULE_FIELDS, row[1:]) if value is not None}


def spatial_order(session: Session) -> list[str]:
    """Every searchable service id, in geohash order of (one of) its points; services
    with no point last."""
    ids = session.scalars(select(Service.id).where(Service.status.not_in(HIDDEN_STATUSES))
                          .order_by(Service.id)).all()
    points: dict[str, str] = {}
    for service_id, lat, lon in session.execute(
            select(ServiceAtLocation.service_id, Location.latitude, Location.longitude)
            .join(Location, Location.id == ServiceAtLocation.location_id)
            .where(Location.latitude.is_not(None), Location.longitude.is_not(None),
                   Location.confidential.is_not(True))):
        points.setdefault(service_id, geohash(lat, lon, 8))
    return sorted(ids, key=lambda i: (i not in points, points.get(i, ""), i))


#: What a document takes of a service and of a location: their columns alone (rows, not
#: objects: a rebuild reads tens of thousands of each).
_SERVICE_COLUMNS = (
    Service.id, Service.name, Service.alternate_name, Service.status, Service.alert,
    Service.description, Service.eligibility_description, Service.application_process,
    Service.interpretation_services, Service.fees, Service.fees_description,
    Service.intake_notes, Service.minimum_age, Service.maximum_age, Service.assured_date,
    Service.accepting_referrals)
_LOCATION_COLUMNS = (
    Location.id, Location.name, Location.description, Location.location_type,
    Location.confidential, Location.latitude, Location.longitude,
    Location.coordinates_approximate)


def build_documents(session: Session, synonyms: Synonyms,
                    service_ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """Documents for every searchable service, or for ``service_ids`` only."""
    only = set(service_ids) if service_ids is not None else None

    def restrict(statement, column):
        return statement.where(column.in_(only)) if only is not None else statement

    services = session.execute(restrict(
        select(*_SERVICE_COLUMNS, Organization.name.label("organization_name"))
        .join(Organization, Organization.id == Service.organization_id)
        .where(Service.status.not_in(HIDDEN_STATUSES)), Service.id)).all()
    if not services:
        return
    ids = [s.id for s in services]
    everything = only is None
    if everything:
        only = set(ids)  # later queries need the same restriction
    terms = _grouped(session, restrict(
        select(Attribute.link_id, Attribute.taxonomy_term_id)
        .where(Attribute.link_entity == "service"), Attribute.link_id))
    # A few listings (a follower's step) need only their own terms' part of the tree.
    taxonomy = TaxonomyTree.load(session, None if everything else (
        term for rows in terms.values() for _, term in rows))
    concepts = _Concepts(taxonomy, synonyms)
    languages = _grouped(session, restrict(
        select(Language.service_id, Language.name, Language.code), Language.service_id))
    costs = _grouped(session, restrict(
        select(CostOption.service_id, CostOption.option, CostOption.amount,
               CostOption.amount_description), CostOption.service_id))
    phones = _grouped(session, restrict(
        select(Phone.service_id, Phone.number, Phone.type, Phone.description), Phone.service_id))
    areas = _grouped(session, restrict(
        select(ServiceArea.service_id, ServiceArea.name, ServiceArea.description),
        ServiceArea.service_id))
    schedules = _grouped(session, restrict(
        select(Schedule.service_id, *(getattr(Schedule, f) for f in _SCHEDULE_FIELDS))
        .where(Schedule.service_at_location_id.is_(None)), Schedule.service_id))
    spanish = {row[0]: row[1:] for row in session.execute(restrict(
        select(ServiceTranslation.service_id, ServiceTranslation.name,
               ServiceTranslation.description, ServiceTranslation.eligibility_description,
               ServiceTranslation.application_process)
        .where(ServiceTranslation.language == "es"), ServiceTranslation.service_id))}
    capacity = _grouped(session, restrict(
        select(ServiceCapacity.service_id, ServiceCapacity.available, Unit.name,
               ServiceCapacity.updated)
        .join(Unit, Unit.id == ServiceCapacity.unit_id).order_by(Unit.name),
        ServiceCapacity.service_id))
    places = session.execute(restrict(
        select(ServiceAtLocation.id.label("sal_id"),
               ServiceAtLocation.service_id.label("sal_service_id"), *_LOCATION_COLUMNS)
        .join(Location, Location.id == ServiceAtLocation.location_id),
        ServiceAtLocation.service_id)).all()
    location_ids = {place.id for place in places}
    addresses = _grouped(session, select(Address.location_id, Address.address_1, Address.city,
                                         Address.state_province, Address.postal_code,
                                         Address.address_type)
                         .where(Address.location_id.in_(location_ids)))
    access = _grouped(session, select(Accessibility.location_id, Accessibility.description,
                                      Accessibility.details)
                      .where(Accessibility.location_id.in_(location_ids)))
    location_phones = _grouped(session, select(Phone.location_id, Phone.number)
                               .where(Phone.location_id.in_(location_ids)))
    sal_schedules = _grouped(session, select(
        Schedule.service_at_location_id, *(getattr(Schedule, f) for f in _SCHEDULE_FIELDS))
        .where(Schedule.service_at_location_id.in_([place.sal_id for place in places])))
    places_by_service: dict[str, list] = defaultdict(list)
    for place in places:  # the row is the location (its columns by name)
        places_by_service[place.sal_service_id].append((place.sal_id, place))

    for service in services:
        organization = service.organization_name
        base = _service_fields(service, organization, taxonomy, synonyms, concepts,
                               terms.get(service.id, ()), languages.get(service.id, ()),
                               costs.get(service.id, ()), phones.get(service.id, ()),
                               areas.get(service.id, ()), capacity.get(service.id, ()),
                               spanish.get(service.id))
        service_hours = [_schedule_dict(r) for r in schedules.get(service.id, ())]
        shown = [(sal, loc) for sal, loc in places_by_service.get(service.id, ())
                 if loc.location_type != "virtual"]
        if not shown:
            yield _document(base, service.id, None, None, service_hours, [], [], [])
            continue
        for sal_id, location in shown:
            hours = [_schedule_dict(r) for r in sal_schedules.get(sal_id, ())] or service_hours
            yield _document(base, service.id, sal_id, location, hours,
                            addresses.get(location.id, ()), access.get(location.id, ()),
                            location_phones.get(location.id, ()))


class _Concepts(dict):
    """Each term's concepts, worked out on first use and once for the whole build."""

    def __init__(self, taxonomy: TaxonomyTree, synonyms: Synonyms):
        super().__init__()
        self.taxonomy, self.synonyms = taxonomy, synonyms

    def __missing__(self, term: str) -> set[str]:
        name = self.taxonomy.names.get(term)
        found = set() if name is None else self.synonyms.lexicon.for_term(
            name, self.taxonomy.codes.get(term))
        self[term] = found
        return found


def _service_fields(service, organization: str, taxonomy: TaxonomyTree,
                    synonyms: Synonyms, term_concepts: _Concepts, term_rows,
                    language_rows, cost_rows, phone_rows, area_rows,
                    capacity_rows, spanish_texts=None) -> dict[str, Any]:
    term_ids: list[str] = []
    code_tops: dict[str, str] = {}  # each of the service's codes -> its top-level code
    for _, term_id in term_rows:
        lineage = taxonomy.lineage(term_id)
        top = taxonomy.codes.get(lineage[-1]) if lineage else None
        for ancestor in lineage:
            if ancestor not in term_ids:
                term_ids.append(ancestor)
            if taxonomy.codes.get(ancestor) and top:
                code_tops[taxonomy.codes[ancestor]] = top
    codes = [taxonomy.codes.get(t) for t in term_ids if taxonomy.codes.get(t)]
    english_terms = [taxonomy.names[t] for t in term_ids]
    spanish_terms = [taxonomy.spanish[t] for t in term_ids if t in taxonomy.spanish]
    codes_lay = synonyms.phrases_for_codes(codes)
    concept_ids = sorted(set().union(*(term_concepts[t] for t in term_ids)))
    language_codes = sorted({c for _, name, code in language_rows
                             if (c := language_code(name, code))})
    cost_tags = _tags([service.fees_description, service.fees,
                       *(f"{o or ''} {d or ''} {'free' if a == 0 else ''}"
                         for _, o, a, d in cost_rows)], _COST_WORDS)
    available = [r[1] for r in capacity_rows if r[1] is not None]
    meaning = semantic_text(service.name, organization, english_terms, service.description)
    # The service's own words in Spanish (name, description, eligibility, how to apply).
    es_name, *es_body = spanish_texts or (None,)
    es_names = " ".join(filter(None, (es_name, *spanish_terms, *codes_lay["es"])))
    return {
        "service_id": service.id,
        "name": service.name,
        "organization": organization,
        "status": service.status,
        "alert": service.alert,
        "summary": (service.description or "")[:400],
        "terms": term_ids,
        "codes": codes,
        "code_tops": code_tops,
        "concepts": concept_ids,
        "direct_terms": [t for _, t in term_rows],
        "languages": language_codes,
        "cost": cost_tags,
        "min_age": service.minimum_age,
        "max_age": service.maximum_age,
        "assured": service.assured_date.toordinal() if service.assured_date else None,
        "accepting": service.accepting_referrals,
        "capacity": sum(available) if available else None,
        # Each kind of place open now: (number, unit name, when told as a timestamp).
        "capacities": [(int(r[1]), r[2], r[3].timestamp() if r[3] else None)
                       for r in capacity_rows if r[1] is not None and math.isfinite(r[1])],
        "phone": phone_rows[0][1] if phone_rows else None,
        "areas": sorted({area_key(r[1]) for r in area_rows if r[1]}),
        "text_key": text_key(meaning),
        **({"translations": {"es": {"name": es_name, "summary": (es_body[0] or "")[:400]}}}
           if spanish_texts else {}),
        "_meaning": meaning,
        "_text": {
            "name": " ".join(filter(None, (service.name, service.alternate_name))),
            "organization": organization,
            "terms": " ".join([*english_terms, *codes_lay["en"]]),
            "body": " ".join(filter(None, (
                service.description, service.eligibility_description,
                service.application_process, service.interpretation_services,
                service.fees_description, service.intake_notes,
                *(r[2] or "" for r in area_rows)))),
            "es": " ".join(filter(None, (es_names, *es_body))),
            "es_names": es_names,
        },
    }


def _document(base: dict[str, Any], service_id: str, sal_id: str | None,
              location, hours: list[dict], address_rows, access_rows,
              phone_rows) -> dict[str, Any]:
    data = {k: v for k, v in base.items() if not k.startswith("_")}
    text = dict(base["_text"])
    data.update(sal_id=sal_id, hours=hours, lat=None, lon=None, approximate=False,
                address=None, zip=None, location_name=None, access=[])
    if location is not None:
        data["location_name"] = location.name
        if not location.confidential:
            data["lat"], data["lon"] = location.latitude, location.longitude
            data["approximate"] = bool(location.coordinates_approximate)
            physical = sorted(address_rows, key=lambda r: r[5] != "physical")
            if physical:
                _, line, city, state, postal, _ = physical[0]
                data["address"] = ", ".join(filter(None, (line, city, state))) + (
                    f" {postal}" if postal else "")
                data["zip"] = normalize_zip(postal)
        data["access"] = _tags([f"{d or ''} {x or ''}" for _, d, x in access_rows],
                               _ACCESS_WORDS)
        if not data["phone"] and phone_rows:
            data["phone"] = phone_rows[0][1]
        text["body"] = " ".join(filter(None, (text["body"], location.name,
                                               location.description)))
    # "Did you mean" draws on the words of names, organizations and categories (with
    # their lay phrases), each once: descriptions would add a third to the build for
    # a long tail of words nobody misspells into (words found in descriptions are
    # still recognised as correct, through the stemmed fields).
    vocabulary = " ".join((text["name"], text["organization"], text["terms"],
                           text["es_names"]))
    text["spell"] = " ".join(dict.fromkeys(re.findall(r"\w+", vocabulary.lower())))
    return {
        "doc_id": sal_id or f"service:{service_id}",
        "service_id": service_id,
        "name": text["name"],
        "organization": text["organization"],
        "terms": text["terms"],
        "body": text["body"],
        "es": text["es"],
        "spell": text["spell"],
        "codes": ",".join(data["codes"]),
        "concepts": ",".join(data["concepts"]),
        "data": data,
        # Not a field: what the semantic stage embeds (see ``SearchIndex``).
        MEANING: base["_meaning"],
    }


#: The key of a document's text for the semantic stage (removed before indexing).
MEANING = "_meaning"
#: A listing's description beyond this many characters adds little to its meaning
#: and costs embedding time.
MEANING_CHARS = 500


def semantic_text(name: str, organization: str, categories: list[str],
                  description: str | None) -> str:
    """What a listing is about, as the semantic stage reads it: its name, who runs
    it, its categories and the start of its description."""
    about = (description or "").strip()
    if len(about) > MEANING_CHARS:
        about = about[:MEANING_CHARS].rsplit(" ", 1)[0]
    return ". ".join(filter(None, (name, organization, ", ".join(categories), about)))

