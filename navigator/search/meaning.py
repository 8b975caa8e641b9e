"""What logged words point to in the directory: the categories search reads them as.

The unmet-needs report groups searches that found nothing by the need their words
express. ``categories_of`` reads each distinct words string once, as a search would
(``engine.understand``, without spelling correction, which needs an open index): the
synonym table's codes the directory has, the concepts the words express and those a
Spanish word left over belongs to, through the taxonomy terms the concepts are attached
to. "food pantry" and "despensa de comida" point to the same category.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from navigator.directory.taxonomy_tree import TaxonomyTree
from .analysis import words
from .engine import MAX_QUERY_WORDS
from .searching import _derived, _state, _tree
from .synonyms import Synonyms
from .text import is_stopword

#: Words strings read per directory version before the memo starts afresh.
MEMO_SIZE = 100_000


@dataclass
class _Lookup:
    """The directory's taxonomy terms by code and by the concepts attached to them, and
    the words strings already read."""

    by_code: dict[str, set[str]] = field(default_factory=dict)
    #: The terms attached to a concept itself, and those attached to it or to a narrower
    #: one (a broad concept, "shelter", is read as the terms of its own where it has any).
    by_concept: dict[str, set[str]] = field(default_factory=dict)
    under_concept: dict[str, set[str]] = field(default_factory=dict)
    memo: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _key(tree: TaxonomyTree) -> int:
    return hash((tuple(sorted((t, p or "") for t, p in tree.parents.items())),
                 tuple(sorted(tree.names.items())),
                 tuple(sorted((t, c or "") for t, c in tree.codes.items()))))


def _lookup(tree: TaxonomyTree | None = None) -> _Lookup:
    """Built once per taxonomy: a listing's edit changes the directory, not what words
    point to, and the words read so far are kept. ``tree``: the taxonomy as read on a
    given connection (a migration's), instead of the directory's."""
    state = _state()
    if tree is None:
        tree = _tree()
        key = _derived(("meaning-key",), lambda: _key(tree))
    else:
        key = _key(tree)
    found = state.derived.get(("meaning",))
    if found is None or found[0] != key:
        lookup, lexicon = _Lookup(), state.synonyms.lexicon
        for term, name in tree.names.items():
            code = tree.codes.get(term)
            if code:
                lookup.by_code.setdefault(code, set()).add(term)
            for concept in lexicon.for_term(name, code, broader=False):
                lookup.by_concept.setdefault(concept, set()).add(term)
            for concept in lexicon.for_term(name, code):
                lookup.under_concept.setdefault(concept, set()).add(term)
        found = state.derived[("meaning",)] = (key, lookup)
    return found[1]


def _read(text: str, synonyms: Synonyms, lookup: _Lookup) -> tuple[str, ...]:
    found = words(text)[:MAX_QUERY_WORDS]
    expansion = synonyms.expand(found)
    # The table's codes and the concepts the phrasings express; a Spanish word that is
    # part of neither finds its concepts' listings as in ``text.build_query`` (not a word
    # already read: "refugio" alone is in a dozen concepts' phrasings).
    terms = {t for code in expansion.codes for t in lookup.by_code.get(code, ())}
    concepts = set(expansion.concept_ids)
    read = {w for s in expansion.matched for w in s.phrase}
    read.update(w for m in expansion.concepts for w in found[m.start:m.end])
    concepts.update(*(synonyms.lexicon.spanish_word(w) for w in found
                      if w not in read and not is_stopword(w)))
    for concept in concepts:
        terms.update(lookup.by_concept.get(concept) or lookup.under_concept.get(concept, ()))
    return tuple(sorted(terms))


def categories_of(texts: Iterable[str], tree: TaxonomyTree | None = None
                  ) -> dict[str, tuple[str, ...]]:
    """Each distinct words string of ``texts`` (as the search log keeps them) -> the ids
    of the taxonomy terms search reads it as pointing to, sorted; () for words it does
    not place. Kept until the taxonomy changes. ``tree``: see ``_lookup``."""
    lookup, synonyms = _lookup(tree), _state().synonyms
    memo = lookup.memo
    answer = {}
    for text in texts:
        if text in answer:
            continue
        found = memo.get(text)
        if found is None:
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            found = memo[text] = _read(text or "", synonyms, lookup)
        answer[text] = found
    return answer
