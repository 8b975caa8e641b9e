"""What a search reads: one searcher of the index with its stored data as arrays, and
the change of the directory's log that index has applied (``Applied``)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

import numpy as np

from navigator.directory.hours import OpeningHours
from .columns import Columns
from .segments import Part, StoredData
from .vector_store import VectorStore, VectorTable
from .vectors import TextScorer


class IndexUnavailable(RuntimeError):
    """The index could not be opened or written."""


class IndexNotReady(IndexUnavailable):
    """This host has no readable index (yet): the follower builds it."""


class Applied(NamedTuple):
    """The newest change of the directory's change log an index has applied: its id
    (0: none) and when it was committed (seconds since the epoch)."""

    change: int
    at: float


class Snapshot:
    """One searcher, the stored data of every live document by document number, and
    both as arrays (``vectors``, ``columns``) for searching, from each segment's part
    (``segments.Part``: mapped, or read from the stored fields).

    The stored data is read, never written: segments' data is shared by the snapshots
    that follow. What searches work out and keep (opening hours, "open now" by the
    minute) lives on the snapshot, changed only under the index's reading lock.
    """

    def __init__(self, searcher, parts: list[Part], live: np.ndarray,
                 applied: Applied | None = None, folder: Path | None = None):
        self.searcher = searcher
        self.data = StoredData(parts, live)
        self.applied = applied or Applied(0, 0.0)
        self.folder = folder
        self.columns = Columns([(part.arrays, part.tables) for part in parts], live)
        self.scorer = TextScorer(searcher, len(live))
        self._hours: dict[tuple[int, str], OpeningHours] = {}
        self._dense: tuple[VectorTable, np.ndarray] | None = None

    def dense(self, store: VectorStore) -> tuple[VectorTable, np.ndarray]:
        """The listing vectors and each document's row in them (-1: none), read once
        per snapshot (the caller holds the index's reading lock)."""
        if self._dense is None:
            table = store.table()
            self._dense = table, table.row_of(self.data.text_keys())
        return self._dense

    def opening_hours(self, doc: int, timezone_name: str) -> OpeningHours:
        """Document ``doc``'s opening hours, parsed once per snapshot for all documents
        with the same weekly hours (the caller holds the index's reading lock)."""
        key = (int(self.columns.hours_of[doc]), timezone_name)
        hours = self._hours.get(key)
        if hours is None:
            # Schedules are stored as dicts of the fields they have; the hours module
            # reads any missing field as None.
            hours = self._hours[key] = OpeningHours.from_schedules(
                [SimpleNamespace(**schedule) for schedule in self.data[doc]["hours"]],
                tz=timezone_name)
        return hours
