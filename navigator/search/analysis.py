"""How text is cut into searchable words, in English and in Spanish.

Both analyzers fold accents ("consejería" = "consejeria") and stem, so "shelters"
finds "shelter" and "consejería" finds "consejeria". The spelling analyzer keeps
whole words: "did you mean" must offer words people can read.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Analyzer, Token
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map
from wordfreq import zipf_frequency

_WORD = r"\w+(?:[.'’]\w+)*"
_WORD_RE = re.compile(_WORD)

ENGLISH_STOPWORDS = frozenset(stopwords_for_language("en")) | {
    "need", "needs", "want", "help", "get", "find", "looking", "near", "me", "my", "i", "im",
    "please", "someone", "somewhere", "place", "where",
}
SPANISH_STOPWORDS = frozenset(
    "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
    for w in stopwords_for_language("es")
) | {"necesito", "busco", "ayuda", "quiero", "cerca", "donde", "lugar"}


class FoldingAnalyzer(Analyzer):
    """Words, lower-cased, accents folded, stopwords dropped and stemmed, in one loop.

    Exactly what ``RegexTokenizer(_WORD) | LowercaseFilter() | CharsetFilter(accent_map)
    | StopFilter(stoplist, minsize=2) | StemFilter(stemmer)`` yields (token for token,
    tested), in about a third of the time: Whoosh passes every token through a
    generator per filter, and analysis was a third of a rebuild. Without a stoplist it
    is the first three steps only; without a language, no stemming.
    """

    def __init__(self, stoplist: frozenset[str] | None = None, lang: str | None = None):
        self.stoplist = stoplist
        self.lang = lang
        self._stem = None
        if lang is not None:
            self._stem = porter_stem if lang == "en" else stemmer_for_language(lang)
        self._words: dict[str, tuple[str, bool, str]] = {}

    @property
    def is_morph(self) -> bool:  # stemming is its only morphological step
        return self.lang is not None

    def has_morph(self) -> bool:
        return self.is_morph

    def __getstate__(self):
        return {"stoplist": self.stoplist, "lang": self.lang}

    def __setstate__(self, state):
        self.__init__(**state)

    def __eq__(self, other):
        return (isinstance(other, FoldingAnalyzer) and self.stoplist == other.stoplist
                and self.lang == other.lang)

    def __hash__(self):
        return hash((self.lang, len(self.stoplist or ())))

    def _word(self, raw: str) -> tuple[str, bool, str]:
        """(folded, is a stopword, stemmed) of a word as written, remembered."""
        found = self._words.get(raw)
        if found is None:
            folded = raw.lower().translate(accent_map)
            stop = self.stoplist is not None and (len(folded) < 2 or folded in self.stoplist)
            stemmed = folded if stop or self._stem is None else self._stem(folded)
            if len(self._words) > 200_000:
                self._words.clear()
            found = self._words[raw] = (folded, stop, stemmed)
        return found

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 no_morph=False, **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        word = self._word
        if not tokenize:
            spans = [(value, start_char, start_char + len(value))]
        elif chars:
            spans = [(m.group(), start_char + m.start(), start_char + m.end())
                     for m in _WORD_RE.finditer(value)]
        else:
            spans = [(raw, None, None) for raw in _WORD_RE.findall(value)]
        pos = None
        for index, (raw, start, end) in enumerate(spans):
            folded, stop, stemmed = word(raw)
            token.boost = 1.0
            if keeporiginal or not tokenize:  # (Whoosh keeps an untokenized original)
                token.original = raw
            token.stopped = False
            if positions:
                token.pos = (start_pos + index) if tokenize else start_pos
            if chars:
                token.startchar, token.endchar = start, end
            if stop:
                if removestops:
                    continue
                token.text = folded
                token.stopped = True
                yield token
                continue
            if positions and self.stoplist is not None:  # stops removed: renumbered
                pos = token.pos if pos is None else pos + 1
                token.pos = pos
            token.text = folded if no_morph else stemmed
            yield token


def english() -> FoldingAnalyzer:
    return FoldingAnalyzer(ENGLISH_STOPWORDS, "en")


def spanish() -> FoldingAnalyzer:
    return FoldingAnalyzer(SPANISH_STOPWORDS, "es")


def spelling() -> FoldingAnalyzer:
    """Whole, unstemmed, accent-folded words for "did you mean"."""
    return FoldingAnalyzer()


def fold(text: str) -> str:
    """Lower case without accents: how queries and synonym phrases are compared."""
    lowered = text.lower()
    if lowered.isascii():  # nothing to fold (most text: the first search folds ~1 MB)
        return lowered
    # Only runs of other characters decompose (and their accents are dropped).
    return _NOT_ASCII.sub(_strip_accents, lowered)


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def _strip_accents(match: re.Match) -> str:
    decomposed = unicodedata.normalize("NFKD", match.group())
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


#: A word this common in English or Spanish text (Zipf scale: 2.5 is about three
#: times in ten million words) is a real word, never a typo to correct. Common
#: misspellings stay below it ("recieve" 2.75 is the exception that proves the need
#: for a margin; "homless" 1.2, "sucide" 1.4); rare real words of this field
#: ("methadone", "suboxone") are known through the synonyms and the index.
COMMON_ZIPF = 2.5


@lru_cache(maxsize=8192)
def reads_as_english(word: str) -> bool:
    """Whether ``word`` is more common in English text than in Spanish ("cutting",
    "rehab", "welfare" in a Spanish sentence are English)."""
    return zipf_frequency(word, "en") > zipf_frequency(word, "es")


@lru_cache(maxsize=8192)
def is_common_word(word: str) -> bool:
    """Whether ``word`` (folded, as ``words`` gives it) is a common English or Spanish
    word, by wordfreq's word lists (which come with the package: nothing is fetched)."""
    return any(zipf_frequency(word, lang) >= COMMON_ZIPF for lang in ("en", "es"))

