"""Listing vectors on disk, beside the index: computed once per text, memory-mapped.

Each listing's text is embedded once and kept under a hash of the text, so a rebuild
embeds only the texts that changed and a one-listing change embeds one text. Vectors
live in chunks in ``<index>/vectors/<model>/``: ``<id>.vectors.npy`` (float32 rows)
and ``<id>.keys.npy`` (the 16-byte hash of each row's text, as a uint8 matrix:
NumPy's bytes strings drop trailing zero bytes). A chunk is written
whole under a temporary name and renamed (the keys last), so a reader sees a chunk
complete or not at all; readers map the files read-only, and every worker of a host
shares the same pages. Chunks are written only under the index's write lock; a
rebuild writes one chunk of exactly the live texts and then deletes the others.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np

from .embedding import Embedder

log = logging.getLogger(__name__)

#: Texts embedded per call: bounds memory, and a long rebuild logs its progress.
EMBED_BATCH = 256
#: Past this many chunks (each change of a listing writes one) they are merged.
MAX_CHUNKS = 32
KEY_BYTES = 16


def text_key(text: str) -> str:
    """The hash a text's vector is kept under (hex, stored with the listing)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=KEY_BYTES).hexdigest()


def _read_keys(path: Path) -> list[bytes]:
    flat = np.load(path).tobytes()
    return [flat[i:i + KEY_BYTES] for i in range(0, len(flat), KEY_BYTES)]


def _key_matrix(keys: list[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), KEY_BYTES)


@dataclass(frozen=True)
class VectorTable:
    """The vectors on disk when it was read: one mapped array per chunk."""

    chunks: tuple[np.ndarray, ...]
    rows: Mapping[bytes, int]  # key -> row over the chunks in order

    def similarities(self, vector: np.ndarray) -> np.ndarray:
        """The dot product of ``vector`` with every row (cosine: rows are normalized)."""
        if not self.chunks:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate([chunk @ vector for chunk in self.chunks])

    def row_of(self, keys: Iterable[str | None]) -> np.ndarray:
        """The row of each hex key, -1 where it has none."""
        rows = self.rows
        return np.fromiter((rows.get(bytes.fromhex(k), -1) if k else -1 for k in keys),
                           dtype=np.int64)


class VectorStore:
    """The vectors of one embedder in one folder."""

    def __init__(self, folder: Path, embedder: Embedder):
        self.embedder = embedder
        self.folder = Path(folder) / re.sub(r"[^A-Za-z0-9_.-]+", "_", embedder.name)

    def _chunk_ids(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.name[:-len(".keys.npy")] for p in self.folder.glob("*.keys.npy"))

    def table(self) -> VectorTable:
        """Map every complete chunk (a chunk deleted meanwhile by a rebuild is skipped:
        its listings are searched by words only until the index is reopened)."""
        chunks, rows = [], {}
        for chunk_id in self._chunk_ids():
            try:
                keys = _read_keys(self.folder / f"{chunk_id}.keys.npy")
                vectors = np.load(self.folder / f"{chunk_id}.vectors.npy", mmap_mode="r")
            except (OSError, ValueError):
                continue
            if vectors.ndim != 2 or len(vectors) != len(keys):
                log.warning("listing vectors %s/%s are damaged; skipped", self.folder,
                            chunk_id)
                continue
            start = sum(len(c) for c in chunks)
            chunks.append(vectors)
            for i, key in enumerate(keys):
                rows.setdefault(key, start + i)
        return VectorTable(tuple(chunks), rows)

    def known(self) -> set[bytes]:
        """The keys of the texts with a vector: those ``table`` reads (a damaged chunk's
        texts are embedded again)."""
        return set(self.table().rows)

    def add(self, texts: Mapping[str, str], known: set[bytes] | None = None) -> int:
        """Embed the texts (hex key -> text) that have no vector yet, as one new chunk;
        return how many were embedded. The caller holds the index's write lock."""
        known = self.known() if known is None else known
        missing = {bytes.fromhex(k): t for k, t in texts.items()
                   if bytes.fromhex(k) not in known}
        if not missing:
            return 0
        keys = list(missing)
        vectors = np.concatenate([
            self.embedder.embed([missing[k] for k in keys[i:i + EMBED_BATCH]])
            for i in range(0, len(keys), EMBED_BATCH)])
        self._write(_key_matrix(keys), vectors)
        known.update(keys)
        if len(self._chunk_ids()) > MAX_CHUNKS:
            self._rewrite(None)
        return len(keys)

    def compact(self, keys: Iterable[str]) -> None:
        """Keep only the vectors of ``keys`` (the live texts after a rebuild), in one
        chunk; the chunks replaced are deleted once the new one is in place."""
        self._rewrite([bytes.fromhex(k) for k in dict.fromkeys(keys)])

    def _rewrite(self, wanted: list[bytes] | None) -> None:
        """One chunk of the ``wanted`` keys' vectors (None: all), replacing the others."""
        old = self._chunk_ids()
        table = self.table()
        if wanted is None:
            wanted = list(table.rows)
        present = [k for k in wanted if k in table.rows]
        if present:
            whole = np.concatenate(table.chunks) if len(table.chunks) > 1 else table.chunks[0]
            self._write(_key_matrix(present),
                        np.asarray(whole[np.array([table.rows[k] for k in present])]))
        for chunk_id in old:
            for suffix in (".keys.npy", ".vectors.npy"):
                (self.folder / f"{chunk_id}{suffix}").unlink(missing_ok=True)

    def _write(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        chunk_id = uuid.uuid4().hex
        for suffix, array in ((".vectors.npy", vectors.astype(np.float32, copy=False)),
                              (".keys.npy", keys)):
            temporary = self.folder / f".{chunk_id}{suffix}.tmp"
            with open(temporary, "wb") as file:
                np.save(file, array)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.folder / f"{chunk_id}{suffix}")
