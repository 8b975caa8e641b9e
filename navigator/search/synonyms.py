"""What people say, mapped to taxonomy terms and professional words.

``directory_data/synonyms.csv`` (phrase, language, taxonomy_codes, expansions, note)
is read once per process. A phrase matches when its words appear in a query in
order, compared without case or accents.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from .analysis import words
from .concepts import Concept, ConceptMatch, Lexicon, load_lexicon


@dataclass(frozen=True)
class Synonym:
    phrase: tuple[str, ...]
    language: str
    codes: tuple[str, ...]
    expansions: tuple[str, ...]


#: Kinds of crisis, most urgent first, for phrasings that could mean either: a body
#: in danger now (911) before a mind in danger, before violence.
URGENCY = ("overdose", "psychiatric_emergency", "suicide", "violence_to_others",
           "domestic_violence", "sexual_violence")


@dataclass
class Expansion:
    """What a query's lay words add: taxonomy codes and words to search too."""

    codes: set[str] = field(default_factory=set)
    words: list[str] = field(default_factory=list)
    matched: list[Synonym] = field(default_factory=list)
    #: The concepts the words express (``concepts.Lexicon.match``).
    concepts: list[ConceptMatch] = field(default_factory=list)
    #: Their professional vocabulary: phrases, each searched with all of its words.
    phrases: list[tuple[str, ...]] = field(default_factory=list)

    def spanish_only(self, english: frozenset[tuple[str, ...]]) -> bool:
        """A Spanish phrase matched that is not also English ("medicaid" is both)."""
        if any(s.language == "es" and s.phrase not in english for s in self.matched):
            return True
        languages = {m.language for m in self.concepts}
        return languages == {"es"}

    @property
    def concept_ids(self) -> list[str]:
        return [m.concept.id for m in self.concepts]

    @property
    def crises(self) -> list[Concept]:
        """Every crisis the words express, the one to answer first first: the longest
        phrasing's, and among phrasings of the same words the most urgent ("took too
        many pills" is an overdose before it is a suicide attempt)."""
        found = [m for m in self.concepts if m.concept.crisis]
        found.sort(key=lambda m: (m.start - m.end, m.start,
                                  URGENCY.index(m.concept.crisis)
                                  if m.concept.crisis in URGENCY else len(URGENCY)))
        return [m.concept for m in found]

    @property
    def crisis(self) -> Concept | None:
        """The crisis the words express (see ``crises``), or None."""
        crises = self.crises
        return crises[0] if crises else None


class Synonyms:
    """The synonym table and the concept lexicon: everything known of how people say
    what they need."""

    def __init__(self, rows: list[Synonym], lexicon: Lexicon | None = None):
        self.rows = rows
        self.lexicon = lexicon or Lexicon()
        self._by_first: dict[str, list[Synonym]] = defaultdict(list)
        self._by_code: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for row in rows:
            if row.phrase:
                self._by_first[row.phrase[0]].append(row)
            for code in row.codes:
                self._by_code[code][row.language].append(" ".join(row.phrase))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda s: -len(s.phrase))

    @classmethod
    def load(cls, path: Path, lexicon: Lexicon | None = None) -> "Synonyms":
        if not path.exists():
            return cls([], lexicon)
        with path.open(encoding="utf-8-sig", newline="") as stream:
            rows = [
                Synonym(tuple(words(r.get("phrase") or "")), (r.get("language") or "en").strip(),
                        tuple((r.get("taxonomy_codes") or "").split()),
                        tuple((r.get("expansions") or "").split()))
                for r in csv.DictReader(stream)
            ]
        return cls([r for r in rows if r.phrase], lexicon)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every word of every phrase, expansion and concept, for spelling correction."""
        return frozenset(w for r in self.rows
                         for w in (*r.phrase, *words(" ".join(r.expansions)))
                         ) | self.lexicon.words

    @cached_property
    def sorted_vocabulary(self) -> list[str]:
        return sorted(self.vocabulary)

    def expand(self, query_words: list[str]) -> Expansion:
        """Codes and words the phrases found in ``query_words`` stand for.

        The longest phrase wins, among synonyms and concepts alike: "welfare check"
        does not also count as "welfare".
        """
        spans = []
        for start, word in enumerate(query_words):
            for synonym in self._by_first.get(word, ()):
                end = start + len(synonym.phrase)
                if tuple(query_words[start:end]) == synonym.phrase:
                    spans.append((start, end, synonym))
        found = Expansion()
        for start, end, synonym in spans:
            if any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in spans):
                continue
            found.matched.append(synonym)
            found.codes.update(synonym.codes)
            found.words.extend(w for w in synonym.expansions if w not in found.words)
        for match in self.lexicon.match(query_words):
            if any(s <= match.start and match.end <= e and (e - s) > (match.end - match.start)
                   for s, e, _ in spans):
                continue
            found.concepts.append(match)
            found.phrases.extend(p for p in match.concept.vocabulary_phrases
                                 if p not in found.phrases)
        return found

    @cached_property
    def english_phrases(self) -> frozenset[tuple[str, ...]]:
        return frozenset(r.phrase for r in self.rows if r.language == "en")

    def phrases_for_codes(self, codes: list[str]) -> dict[str, list[str]]:
        """Lay phrases attached to these taxonomy codes, by language."""
        phrases: dict[str, list[str]] = {"en": [], "es": []}
        for code in codes:
            for language, items in self._by_code.get(code, {}).items():
                phrases.setdefault(language, []).extend(items)
        return phrases


@lru_cache(maxsize=4)
def load_synonyms(path: str, concepts_path: str | None = None) -> Synonyms:
    lexicon = load_lexicon(concepts_path) if concepts_path else None
    return Synonyms.load(Path(path), lexicon)
