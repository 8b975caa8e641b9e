"""directory_data/concepts.yaml: what people say, the words directories use for it, and
Durham's codes. Checked with PyYAML and the CSV files alone, no app."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[2] / "directory_data"
CONCEPTS = DATA / "concepts.yaml"

FIELDS = {"id", "label", "crisis", "broader", "en", "es", "vocabulary", "vocabulary_es",
          "taxonomy", "durham_codes", "note"}
REQUIRED = {"id", "label", "crisis", "en", "es", "vocabulary", "taxonomy"}
LISTS = ("broader", "en", "es", "vocabulary", "vocabulary_es", "taxonomy", "durham_codes")
NOT_EMPTY = ("en", "es", "vocabulary", "taxonomy")
CRISIS_KINDS = {"suicide", "psychiatric_emergency", "overdose", "domestic_violence",
                "sexual_violence", "violence_to_others"}
# Words that would match nearly every listing: vocabulary must say more than these.
TOO_GENERAL = {"help", "services", "service", "program", "programs", "support", "assistance",
               "care", "resources", "information", "referral", "community", "free"}


def fold(text: str) -> str:
    """Lower case, no accents, punctuation dropped: how phrases are compared."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", plain))


@pytest.fixture(scope="module")
def concepts() -> list[dict]:
    with CONCEPTS.open(encoding="utf-8") as stream:
        loaded = yaml.safe_load(stream)
    assert isinstance(loaded, list)
    assert all(isinstance(c, dict) for c in loaded)
    return loaded


@pytest.fixture(scope="module")
def durham_codes() -> set[str]:
    with (DATA / "taxonomy_terms.csv").open(encoding="utf-8-sig", newline="") as stream:
        return {row["code"] for row in csv.DictReader(stream)}


def test_enough_concepts(concepts):
    assert len(concepts) >= 80


def test_fields_and_types(concepts):
    for concept in concepts:
        name = concept.get("id")
        assert REQUIRED <= set(concept), (name, REQUIRED - set(concept))
        assert set(concept) <= FIELDS, (name, set(concept) - FIELDS)
        assert isinstance(concept["label"], str) and concept["label"].strip(), name
        assert isinstance(concept.get("note", ""), str), name
        for field in LISTS:
            values = concept.get(field, [])
            assert isinstance(values, list), (name, field)
            for value in values:
                assert isinstance(value, str) and value == value.strip() and value, \
                    (name, field, value)


def test_ids_unique_and_snake_case(concepts):
    ids = [c["id"] for c in concepts]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", i) for i in ids), ids


def test_required_lists_not_empty(concepts):
    empty = [(c["id"], f) for c in concepts for f in NOT_EMPTY if not c.get(f)]
    assert empty == []


def test_broader_concepts_exist_without_cycles(concepts):
    broader = {c["id"]: c.get("broader") or [] for c in concepts}
    for name, parents in broader.items():
        assert name not in parents, name
        assert set(parents) <= set(broader), (name, set(parents) - set(broader))

    def ancestors(name: str, path: tuple[str, ...]) -> None:
        for parent in broader[name]:
            assert parent not in path, " -> ".join((*path, parent))
            ancestors(parent, (*path, parent))

    for name in broader:
        ancestors(name, (name,))


def test_crisis_values(concepts):
    for concept in concepts:
        assert concept["crisis"] is None or concept["crisis"] in CRISIS_KINDS, concept["id"]
    kinds = {c["crisis"] for c in concepts if c["crisis"]}
    assert kinds == CRISIS_KINDS


def test_crisis_concepts_have_many_phrasings(concepts):
    """Danger is said in many ways, directly and not; each crisis concept carries plenty."""
    for concept in concepts:
        if concept["crisis"]:
            assert len(concept["en"]) >= 10 and len(concept["es"]) >= 5, concept["id"]


def test_lay_phrases_lower_case_and_not_repeated(concepts):
    for concept in concepts:
        for field in ("en", "es"):
            assert all(p == p.lower() for p in concept[field]), (concept["id"], field)
        for field in LISTS:
            folded = Counter(fold(v) for v in concept.get(field, []))
            assert [v for v, n in folded.items() if n > 1] == [], (concept["id"], field)


def test_vocabulary_is_specific(concepts):
    for concept in concepts:
        for field in ("vocabulary", "vocabulary_es"):
            general = [v for v in concept.get(field, []) if fold(v) in TOO_GENERAL]
            assert general == [], (concept["id"], field, general)


def test_durham_codes_exist(concepts, durham_codes):
    unknown = [(c["id"], code) for c in concepts for code in c.get("durham_codes", [])
               if code not in durham_codes]
    assert unknown == []


def test_every_durham_code_is_reached(concepts, durham_codes):
    used = {code for c in concepts for code in c.get("durham_codes", [])}
    assert sorted(durham_codes - used) == []


# Phrases of synonyms.csv deliberately left out of the concepts (none today).
DROPPED: set[tuple[str, str]] = set()


def test_synonyms_phrases_carried_over(concepts):
    path = DATA / "synonyms.csv"
    if not path.exists():
        pytest.skip("synonyms.csv is gone")
    phrases = {(language, fold(p)) for c in concepts for language in ("en", "es")
               for p in c[language]}
    with path.open(encoding="utf-8-sig", newline="") as stream:
        missing = [(row["language"], row["phrase"]) for row in csv.DictReader(stream)
                   if (row["language"], fold(row["phrase"])) not in phrases
                   and (row["language"], row["phrase"]) not in DROPPED]
    assert missing == []
