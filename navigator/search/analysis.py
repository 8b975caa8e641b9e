"""How text is cut into searchable words, in English and in Spanish.

Both analyzers fold accents ("consejería" = "consejeria") and stem, so "shelters"
finds "shelter" and "consejería" finds "consejeria". The spelling analyzer keeps
whole words: "did you mean" must offer words people can read.
"""

from __future__ import annotations

import re
import unicodedata

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

_WORD = r"\w+(?:[.'’]\w+)*"

ENGLISH_STOPWORDS = frozenset(stopwords_for_language("en")) | {
    "need", "needs", "want", "help", "get", "find", "looking", "near", "me", "my", "i", "im",
    "please", "someone", "somewhere", "place", "where",
}
SPANISH_STOPWORDS = frozenset(
    "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
    for w in stopwords_for_language("es")
) | {"necesito", "busco", "ayuda", "quiero", "cerca", "donde", "lugar"}


def english() -> RegexTokenizer:
    return (RegexTokenizer(_WORD) | LowercaseFilter() | CharsetFilter(accent_map)
            | StopFilter(stoplist=ENGLISH_STOPWORDS, minsize=2)
            | StemFilter(porter_stem, cachesize=50000))


def spanish() -> RegexTokenizer:
    return (RegexTokenizer(_WORD) | LowercaseFilter() | CharsetFilter(accent_map)
            | StopFilter(stoplist=SPANISH_STOPWORDS, minsize=2)
            | StemFilter(stemmer_for_language("es"), cachesize=50000))


def spelling() -> RegexTokenizer:
    """Whole, unstemmed, accent-folded words for "did you mean"."""
    return RegexTokenizer(_WORD) | LowercaseFilter() | CharsetFilter(accent_map)


def fold(text: str) -> str:
    """Lower case without accents: how queries and synonym phrases are compared."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of ``text``, punctuation dropped."""
    return re.findall(r"\w+", fold(text))
