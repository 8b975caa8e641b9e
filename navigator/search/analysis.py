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


_ENGLISH_ONLY = frozenset(stopwords_for_language("en")) - SPANISH_STOPWORDS
_SPANISH_ONLY = SPANISH_STOPWORDS - frozenset(stopwords_for_language("en"))


def guess_language(text: str) -> str | None:
    """"en" or "es" when the text's little words clearly say which, else None (names,
    short phrases): enough to mark Spanish listing text on an English page and back."""
    found = words(text)
    english_words = sum(w in _ENGLISH_ONLY for w in found)
    spanish_words = sum(w in _SPANISH_ONLY for w in found)
    if spanish_words >= 2 and spanish_words > 2 * english_words:
        return "es"
    if english_words >= 2 and english_words > 2 * spanish_words:
        return "en"
    return None
