"""Concepts: what people ask for, in their words and in any directory's words.

``directory_data/concepts.yaml`` (documented in ``concepts.md`` beside it) lists concepts,
each with lay phrasings in English and Spanish, the professional vocabulary listings use,
the names taxonomies give it and, as one more mapping, Durham's own codes. A query is
expanded with the vocabulary of every concept its words express; at index time a
directory's taxonomy terms are attached to the concepts whose names or vocabulary they
carry, so that an imported directory is understood without editing.

Phrasings match on stems, accents folded, in order, with at most two other words between
two of their words: "hurt myself" matches "hurting myself", "power cut off" matches
"power is getting cut off"; a contraction matches with or without its apostrophe
("aren't", "arent").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from whoosh.lang import stemmer_for_language

from .analysis import SPANISH_STOPWORDS, fold, reads_as_english, words

#: The kinds of danger a crisis concept expresses (``Concept.crisis``).
CRISIS_KINDS = ("suicide", "psychiatric_emergency", "overdose", "domestic_violence",
                "sexual_violence", "violence_to_others")
#: A taxonomy name that several unrelated concepts give says too little to attach any
#: of them ("Crisis Intervention" is a utility program's name as much as a hotline's).
MAX_CONCEPTS_PER_NAME = 6
#: Words a phrasing may skip between two of its own ("power *is getting* cut off").
GAP = 2
#: Snowball stemmers (Porter's own, which the index uses, leaves "hitting" as "hitt"
#: beside "hits" as "hit"); every word is kept, stopwords too: "kill myself" is not
#: "kill".
_STEMMERS = {"en": stemmer_for_language("en"), "es": stemmer_for_language("es")}
#: Someone else's words are the same need: "he wants to kill himself" is "kill
#: myself", "her boyfriend hits her" is "my boyfriend"; only reflexives and
#: possessives are read so ("he hits me" and "I hit him" stay apart).
_PERSON = {"himself": "myself", "herself": "myself", "themselves": "myself",
           "themself": "myself", "yourself": "myself", "his": "my", "her": "my",
           "their": "my", "your": "my"}


@lru_cache(maxsize=65536)  # the same few thousand words, over and over
def _stem(word: str, language: str) -> str:
    return _STEMMERS[language](_PERSON.get(word, word) if language == "en" else word)


#: What is left of a contraction when its apostrophe splits it ("aren't": "aren", "t").
_CLITICS = frozenset({"t", "s", "m", "d", "ll", "re", "ve"})


def _joined(split: list[str]) -> tuple[list[str], list[int], list[int]]:
    """Contractions made one word again, as people type them without the apostrophe
    ("aren t" -> "arent", "he s" -> "hes"); with each word's first and end positions
    in ``split``."""
    joined: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for position, word in enumerate(split):
        if word in _CLITICS and joined:
            joined[-1] += word
            ends[-1] = position + 1
        else:
            joined.append(word)
            starts.append(position)
            ends.append(position + 1)
    return joined, starts, ends


def stems(text: str, language: str) -> tuple[str, ...]:
    """The folded stems of ``text``'s words, by ``language``'s stemmer."""
    return tuple(_stem(w, language) for w in _joined(words(text))[0])


@dataclass(frozen=True, eq=False)
class Concept:
    id: str
    label: str
    crisis: str | None
    broader: tuple[str, ...]
    #: Phrasings as stems, by language.
    phrasings: dict[str, tuple[tuple[str, ...], ...]]
    vocabulary: tuple[str, ...]
    #: Names taxonomies give it, folded ("homeless shelter").
    taxonomy: tuple[str, ...]
    durham_codes: tuple[str, ...]
    #: The phrasings as written, by language.
    texts: dict[str, tuple[str, ...]]

    @cached_property
    def vocabulary_phrases(self) -> tuple[tuple[str, ...], ...]:
        """The vocabulary as phrases of folded words, each once, empty ones left out."""
        return tuple(dict.fromkeys(p for p in (tuple(words(v)) for v in self.vocabulary) if p))

    @cached_property
    def spanish_words(self) -> tuple[str, ...]:
        """The words of the Spanish phrasings with a Spanish word in them (not "welfare",
        "rehab", "cutting", which people say in Spanish too), each once: the words by
        which one Spanish word of a query finds this concept (``Lexicon.spanish_word``),
        never an English word of an English query."""
        phrases = (words(p) for p in self.texts["es"])
        return tuple(dict.fromkeys(w for found in phrases
                                   if not all(reads_as_english(w) for w in found)
                                   for w in found))


@dataclass
class ConceptMatch:
    concept: Concept
    language: str
    start: int
    end: int  # one past the last query word the phrasing used


@dataclass
class Lexicon:
    concepts: dict[str, Concept] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_first: dict[tuple[str, str], list[tuple[tuple[str, ...], Concept]]] = {}
        for concept in self.concepts.values():
            for language, phrases in concept.phrasings.items():
                for phrase in phrases:
                    self._by_first.setdefault((language, phrase[0]), []).append(
                        (phrase, concept))
        names: dict[str, set[str]] = {}
        for concept in self.concepts.values():
            for name in (*concept.taxonomy, *(fold(v) for v in concept.vocabulary)):
                names.setdefault(" ".join(stems(name, "en")), set()).add(concept.id)
        self._names = {name: ids for name, ids in names.items()
                       if len(ids) <= MAX_CONCEPTS_PER_NAME}
        self._codes: dict[str, set[str]] = {}
        for concept in self.concepts.values():
            for code in concept.durham_codes:
                self._codes.setdefault(code, set()).add(concept.id)
        self._spanish: dict[str, set[str]] = {}
        for concept in self.concepts.values():
            for word in concept.spanish_words:
                if word not in SPANISH_STOPWORDS:
                    self._spanish.setdefault(_stem(word, "es"), set()).add(concept.id)

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        if not path.exists():
            return cls()
        with path.open(encoding="utf-8") as stream:
            entries = yaml.safe_load(stream) or []
        if not isinstance(entries, list):
            raise ValueError(f"{path}: expected a list of concepts")
        concepts = {}
        for number, entry in enumerate(entries, 1):
            if not isinstance(entry, dict) or not entry.get("id"):
                raise ValueError(f"{path}: concept {number} has no id")
            phrasings = {lang: tuple(dict.fromkeys(
                s for p in entry.get(lang) or () if (s := stems(str(p), lang))))
                for lang in ("en", "es")}
            concepts[entry["id"]] = Concept(
                id=entry["id"], label=entry.get("label") or entry["id"],
                crisis=entry.get("crisis") or None,
                broader=tuple(entry.get("broader") or ()),
                phrasings=phrasings,
                vocabulary=tuple(str(v) for v in entry.get("vocabulary") or ()),
                taxonomy=tuple(fold(str(t)) for t in entry.get("taxonomy") or ()),
                durham_codes=tuple(entry.get("durham_codes") or ()),
                texts={lang: tuple(str(p) for p in entry.get(lang) or ())
                       for lang in ("en", "es")})
        return cls(concepts)

    def with_broader(self, ids) -> set[str]:
        """``ids`` and every concept broader than one of them."""
        found, todo = set(), list(ids)
        while todo:
            concept = self.concepts.get(todo.pop())
            if concept is not None and concept.id not in found:
                found.add(concept.id)
                todo.extend(concept.broader)
        return found

    def for_term(self, name: str | None, code: str | None, broader: bool = True) -> set[str]:
        """The concepts a taxonomy term stands for: by its code (Durham's mapping) or
        because its name is one the concept's taxonomy names or vocabulary give; and
        every concept broader than one of them, unless ``broader`` is false."""
        found = set(self._codes.get(code or "", ()))
        if name:
            found |= self._names.get(" ".join(stems(fold(name), "en")), set())
        return self.with_broader(found) if broader else found

    def spanish_word(self, word: str) -> tuple[str, ...]:
        """The concepts with ``word`` (any ending) in a Spanish phrasing: one Spanish
        word finds the listings of any directory they are attached to."""
        return tuple(sorted(self._spanish.get(_stem(word, "es"), ())))

    def match(self, query_words: list[str]) -> list[ConceptMatch]:
        """The concepts ``query_words`` express, longest phrasings first; a phrasing
        inside a longer one's words does not count again."""
        spans: list[ConceptMatch] = []
        joined, starts, ends = _joined(query_words)
        for language in _STEMMERS:
            stemmed = [_stem(w, language) for w in joined]
            for start, first in enumerate(stemmed):
                for phrase, concept in self._by_first.get((language, first), ()):
                    end = _match_from(stemmed, start, phrase)
                    if end is not None:
                        spans.append(ConceptMatch(concept, language, starts[start],
                                                  ends[end - 1]))
        spans.sort(key=lambda m: (m.start - m.end, m.start))
        kept: list[ConceptMatch] = []
        for match in spans:
            inside = any(k.start <= match.start and match.end <= k.end
                         and (k.end - k.start) > (match.end - match.start) for k in kept)
            same = any(k.concept.id == match.concept.id for k in kept)
            if not inside and not same:
                kept.append(match)
        return _settled(kept, spans)

    @property
    def words(self) -> frozenset[str]:
        """Every word of every phrasing and vocabulary entry: real words, never to be
        "corrected" into another."""
        return frozenset(w for c in self.concepts.values() for w in words(" ".join(
            (*c.texts["en"], *c.texts["es"], *c.vocabulary))))



def _settled(kept: list[ConceptMatch], spans: list[ConceptMatch]) -> list[ConceptMatch]:
    """``kept`` without the readings of an ambiguous word that the rest of the query does
    not support: where concepts match the very same single word ("vet"), those that
    also match elsewhere in the query ("my dog") win; with no such sign all stay."""
    support: dict[str, set[tuple[int, int]]] = {}
    for span in spans:
        support.setdefault(span.concept.id, set()).add((span.start, span.end))
    settled = []
    for match in kept:
        if match.end - match.start > 1:  # a longer phrasing given twice means both
            settled.append(match)
            continue
        rivals = {s.concept.id for s in spans if (s.start, s.end) == (match.start, match.end)}
        if len(support[match.concept.id]) == max(len(support[r]) for r in rivals):
            settled.append(match)
    return settled


def _match_from(stemmed: list[str], start: int, phrase: tuple[str, ...]) -> int | None:
    """The end of ``phrase`` found in ``stemmed`` from ``start`` (its first word there),
    each next word at most ``GAP`` words after the one before; None if not found."""
    position = start
    for token in phrase[1:]:
        for step in range(1, GAP + 2):
            if position + step < len(stemmed) and stemmed[position + step] == token:
                position += step
                break
        else:
            return None
    return position + 1


@lru_cache(maxsize=4)
def load_lexicon(path: str) -> Lexicon:
    return Lexicon.load(Path(path))
