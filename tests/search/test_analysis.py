"""The analyzers: one fused loop that must yield exactly what Whoosh's own chain of
tokenizer and filters yields (the index and every query depend on the same tokens)."""

from __future__ import annotations

import pickle
import random

import pytest
from whoosh.analysis import (CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter,
                             StopFilter)
from whoosh.lang import stemmer_for_language
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

from navigator.search.analysis import (_WORD, ENGLISH_STOPWORDS, SPANISH_STOPWORDS, english,
                                       spanish, spelling)

SAMPLES = [
    "", "   ", "Shelter", "SHELTERS for Men & Women!", "Consejería en español, ¿dónde?",
    "Niños y niñas de 5-12 años", "don't can't U.S. 3.5 mg 24/7 9:00am", "a an the of I",
    "Ünïcödé façade crème brûlée naïve Ærø ß ﬁne", "rent-help/food_bank e-mail x y z",
    "El Futuro: salud mental para la comunidad latina", "un lugar para dormir",
    "Tutoring, literacy & GED classes; walk-ins welcome.", "ayuda con la renta",
]
OPTIONS = [
    {}, {"positions": True}, {"chars": True}, {"positions": True, "chars": True},
    {"removestops": False, "positions": True}, {"mode": "query"}, {"no_morph": True},
    {"keeporiginal": True}, {"start_pos": 7, "start_char": 40, "positions": True,
                             "chars": True}, {"tokenize": False, "chars": True},
]


def whoosh_chain(kind: str):
    chain = RegexTokenizer(_WORD) | LowercaseFilter() | CharsetFilter(accent_map)
    if kind == "english":
        chain = chain | StopFilter(stoplist=ENGLISH_STOPWORDS, minsize=2) | StemFilter(
            porter_stem)
    elif kind == "spanish":
        chain = chain | StopFilter(stoplist=SPANISH_STOPWORDS, minsize=2) | StemFilter(
            stemmer_for_language("es"))
    return chain


def tokens(analyzer, text: str, options: dict) -> list[tuple]:
    return [(t.text, t.stopped, getattr(t, "pos", None), getattr(t, "startchar", None),
             getattr(t, "endchar", None), getattr(t, "original", None), t.boost)
            for t in analyzer(text, **options)]


def random_text(rng: random.Random) -> str:
    words = (" ".join(SAMPLES) + " the and de la el para with for").split()
    return " ".join(rng.choice(words) for _ in range(rng.randint(0, 30)))


@pytest.mark.parametrize("kind, fused", [("english", english()), ("spanish", spanish()),
                                         ("spelling", spelling())])
def test_fused_analyzer_yields_whoosh_s_tokens(kind, fused):
    reference = whoosh_chain(kind)
    rng = random.Random(5)
    for text in SAMPLES + [random_text(rng) for _ in range(300)]:
        for options in OPTIONS:
            assert tokens(fused, text, options) == tokens(reference, text, options), (
                text, options)
    assert fused.has_morph() == reference.has_morph()


def test_analyzers_survive_pickling_in_the_index_schema():
    for analyzer in (english(), spanish(), spelling()):
        copy = pickle.loads(pickle.dumps(analyzer))
        assert copy == analyzer
        assert [t.text for t in copy("Consejería for shelters")] == \
            [t.text for t in analyzer("Consejería for shelters")]
