"""The Whoosh query for a person's words: per-field terms, synonyms, spelling corrections."""

from __future__ import annotations

from typing import Callable

from whoosh import query as q
from whoosh.spelling import ListCorrector

from .analysis import ENGLISH_STOPWORDS, SPANISH_STOPWORDS, english, is_common_word, spanish
from .schema import FIELD_BOOSTS
from .synonyms import Expansion, Synonyms

ENGLISH, SPANISH = english(), spanish()
#: The weight of a concept found through one of its Spanish words (beside the Spanish
#: field's own weight, 2.5).
SPANISH_CONCEPT = 1.0


class _Or(q.Or):
    """Or with Whoosh's binary tree of union matchers in every segment.

    Left to choose, Whoosh preloads small segments (up to 5,000 documents) with
    another matcher; one listing could then score differently depending on the
    segment it sits in.
    """

    matcher_type = q.Or.DEFAULT_MATCHER


def field_terms(field_name: str, word: str) -> list[str]:
    analyzer = SPANISH if field_name == "es" else ENGLISH
    return [t.text for t in analyzer(word)]


def word_query(word: str, boost: float = 1.0) -> q.Query | None:
    """One word searched in every text field (each with its own analysis)."""
    clauses = []
    for name in FIELD_BOOSTS:
        for token in field_terms(name, word):
            clauses.append(q.Term(name, token))
    if not clauses:
        return None
    return _Or(clauses, boost=boost)


class Corrections:
    """Spelling corrections from the index's own words and the synonym vocabulary.

    The nearest word wins (one edit before two); among the index's words at that
    distance, the most frequent. Whoosh's MultiCorrector is not used: it yields its
    pairs in the wrong order in whoosh-reloaded 2.7.5.
    """

    def __init__(self, searcher, synonyms: Synonyms, terms):
        #: Answers ``(field, word) in reader`` (``vectors.Terms`` remembers the answers).
        self.reader = terms
        self.vocabulary = synonyms.vocabulary
        self.correctors = (searcher.corrector("spell"),
                           ListCorrector(synonyms.sorted_vocabulary))

    def known(self, word: str) -> bool:
        # A word the index holds only in another form ("application" beside
        # "applications") is known too: the stemmed fields will find it. A common
        # English or Spanish word is never "corrected" into another one, however rare
        # it is in this directory.
        return (word in self.vocabulary or ("spell", word) in self.reader
                or any(("body", t) in self.reader for t in field_terms("body", word))
                or is_common_word(word))

    def correct(self, word: str) -> str:
        # Short words are left alone: "call" is not a typo of "calle".
        if len(word) < 5 or any(ch.isdigit() for ch in word) or self.known(word):
            return word
        for distance in ((1, 2) if len(word) > 5 else (1,)):
            for corrector in self.correctors:
                found = corrector.suggest(word, limit=1, maxdist=distance, prefix=1)
                if found:
                    return found[0]
        return word


def build_query(terms: list[str], expansion: Expansion, reader,
                spanish: Callable[[str], tuple[str, ...]] = lambda word: ()
                ) -> q.Query | None:
    """The query of the person's words (``terms``) and what they stand for;
    ``spanish(word)`` names the concepts a Spanish word belongs to, whose listings it
    finds as if it were in them."""
    clauses = [c for c in (_person_word(w, spanish(w), reader) for w in terms)
               if c is not None]
    # More of the person's own words matched counts for more (coordination bonus).
    if len(clauses) > 1:
        parts = [_Or(clauses, scale=0.9)]
    else:
        parts = clauses  # one word: no coordination to reward, no wrapper to pay for
    categories = [q.Term("codes", c) for c in sorted(expansion.codes)
                  if ("codes", c) in reader]
    # The synonym table's codes, where this directory has them, are the finer mapping
    # (written for it, with its single expansion words): the concepts, broader, would
    # only blur it. Elsewhere the concepts stand in, with their professional
    # vocabulary, each phrase whole ("crisis intervention" is not "intervention").
    concept_words = not categories
    if concept_words:
        categories = [q.Term("concepts", c) for c in sorted(set(expansion.concept_ids))
                      if ("concepts", c) in reader]
    if categories:
        parts.append(_Or(categories, boost=4.0))
    # Elsewhere the table's single words are a weak hint ("intervention" alone).
    weight = 0.25 if concept_words else 0.5
    extra = [c for c in (word_query(w, weight) for w in expansion.words) if c is not None]
    if concept_words:
        extra += [c for c in (phrase_query(p) for p in expansion.phrases) if c is not None]
    if extra:
        # The professional words the person's phrases stand for retrieve on their own
        # too ("kids" or "tonight" in the query must not switch them off), at a lower
        # weight than the person's own words and the categories.
        parts.append(_Or(extra, boost=0.6))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else _Or(parts)


def _person_word(word: str, concepts: tuple[str, ...], reader) -> q.Query | None:
    found = word_query(word)
    terms = [q.Term("concepts", c, boost=SPANISH_CONCEPT) for c in concepts
             if ("concepts", c) in reader]
    if not terms:
        return found
    return _Or([*(found.subqueries if found is not None else ()), *terms])


def phrase_query(phrase: tuple[str, ...]) -> q.Query | None:
    """A professional phrase ("energy assistance"): every one of its words in a
    listing (not in a row: the fields keep no positions), as one expansion word."""
    clauses = [c for c in (word_query(w, 0.5) for w in phrase) if c is not None]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else q.And(clauses)


def is_stopword(word: str) -> bool:
    return word in ENGLISH_STOPWORDS or word in SPANISH_STOPWORDS
