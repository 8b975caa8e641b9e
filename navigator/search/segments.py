"""Each Whoosh segment's columns and stored data in one file beside it, memory-mapped.

Reading every document's stored data from Whoosh (a pickle per document) and building
the columns from it took a fresh worker seconds at 100,000 listings, and each worker
kept its own copy of the data. So when the index writer commits, each new segment gets
a file ``<segment id>.columns`` in the index's folder: the arrays of
``columns.segment_columns`` and every document's stored data (pickled one by one,
decoded only when a results page or a filter asks for that document). A process
opening the index maps these files: the operating system shares their pages between
the workers of a host, and a change of one listing writes only its new segment's file.

Whoosh removes the file with its segment (its name matches the segment's files), and
``write_missing`` removes any left behind. A segment without a file (an index written
before these files, or one read between a commit and its file) is read as before,
from its stored fields.
"""

from __future__ import annotations

import logging
import mmap
import os
import pickle
import struct
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np
from whoosh.reading import SegmentReader

from .columns import name_group, segment_columns

log = logging.getLogger(__name__)

SUFFIX = ".columns"
_MAGIC = b"NAVCOL1\n"
_TRAILER = struct.Struct("<Q")  # where the header starts
_ALIGN = 64
#: Arrays read only for some documents or some searches (the semantic stage, the
#: HSDS API), written after the rest: the arrays every search reads lie together.
_COLD = ("text_key", "service_id", "sal_id", "name_table", "name_group_table")
#: Bytes read ahead per piece of advice: the least read-ahead of a block device.
_READ_AHEAD = 128 * 1024
_RANDOM, _WILLNEED = getattr(mmap, "MADV_RANDOM", None), getattr(mmap, "MADV_WILLNEED", None)


class Part:
    """One segment's columns (``arrays``, ``tables``) and its documents' stored data."""

    def __init__(self, arrays: dict[str, np.ndarray], tables: dict,
                 rows: list | None = None, blob=None, mapped: Path | None = None):
        self.arrays, self.tables = arrays, tables
        self.size = len(arrays["present"])
        self._rows, self._blob = rows, blob
        #: The file the part is mapped from (None: built from stored fields).
        self.mapped = mapped

    @classmethod
    def from_rows(cls, rows: list[dict | None]) -> Part:
        arrays, tables = segment_columns(rows)
        return cls(arrays, tables, rows=rows)

    def row(self, n: int) -> dict | None:
        """Document ``n``'s stored data."""
        if self._rows is not None:
            return self._rows[n]
        offsets = self.arrays["offsets"]
        start, end = int(offsets[n]), int(offsets[n + 1])
        return pickle.loads(self._blob[start:end]) if end > start else None


def _leaves(reader):
    return reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]


def _stored(leaf) -> Iterator[dict | None]:
    for n in range(leaf.doc_count_all()):
        yield leaf.stored_fields(n).get("data")


# -- writing --------------------------------------------------------------------------

def segment_ids(index) -> set[str]:
    """The segments of the index's last commit."""
    return {segment.segment_id() for segment in index._read_toc().segments}


def write_missing(folder: Path, index, old: set[str] = frozenset()) -> int:
    """Write the file of each segment of ``index`` (in ``folder``, just committed) that
    has none, but the ``old`` ones (segments written before these files are read from
    their stored fields until a rebuild: a commit costs only its new segments), and
    remove those of segments merged away; return how many were written. A failure is
    logged: searches then read those segments' stored fields."""
    new, readers = [], []
    try:
        toc = index._read_toc()  # the commit's segments, without opening them all
        names = {segment.segment_id() for segment in toc.segments}
        for segment in toc.segments:
            path = Path(folder) / f"{segment.segment_id()}{SUFFIX}"
            if segment.segment_id() not in old and not path.exists():
                readers.append(SegmentReader(index.storage, toc.schema, segment,
                                             generation=toc.generation))
                new.append((path, _stored(readers[-1])))
        write(new)
        for path in Path(folder).glob(f"*{SUFFIX}"):
            if path.name[:-len(SUFFIX)] not in names:
                path.unlink(missing_ok=True)
    except Exception:  # never fails the commit: the index is written and searchable
        log.exception("could not write the column files of the search index at %s", folder)
        return 0
    finally:
        for reader in readers:
            reader.close()
    return len(new)


class _Writing:
    """One segment's file being written: its stored data and arrays first (the data
    as it is read, never held whole), the header last."""

    def __init__(self, path: Path, rows):
        self.path = path
        self.temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # Whoosh skips
        self.out = open(self.temporary, "wb")
        self.out.write(_MAGIC)
        offsets = [0]

        def pickled():
            for row in rows:
                if row is not None:
                    offsets.append(offsets[-1] + self.out.write(
                        pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL)))
                else:
                    offsets.append(offsets[-1])
                yield row

        self.arrays, self.tables = segment_columns(pickled())
        self.arrays["offsets"] = np.array(offsets, dtype=np.int64)

    def finish(self) -> None:
        out, layout = self.out, {}
        for name in sorted(self.arrays, key=lambda name: name in _COLD):
            array = self.arrays[name]
            out.write(b"\0" * (-out.tell() % _ALIGN))
            layout[name] = (array.dtype.str, array.shape, out.tell())
            out.write(np.ascontiguousarray(array).tobytes())
        header_at = out.tell()
        out.write(pickle.dumps({"arrays": layout, "tables": self.tables,
                                "blob": len(_MAGIC)}, protocol=pickle.HIGHEST_PROTOCOL))
        out.write(_TRAILER.pack(header_at))
        # Not synced to disk, as Whoosh does not sync its own files: after a crash a
        # file that does not read back whole is ignored (``load``).
        out.close()
        os.replace(self.temporary, self.path)


def write(segments: list[tuple[Path, Iterable]]) -> None:
    """Write the files of segments written together, from each one's documents' stored
    data. Their names are ranked together (``columns.name_groups``): a process opening
    the index then orders them without comparing the strings again."""
    writing: list[_Writing] = []
    try:
        for path, rows in segments:
            writing.append(_Writing(path, rows))
        if writing:
            name_group(writing[0].path.name, [(w.arrays, w.tables) for w in writing])
        for each in writing:
            each.finish()
    finally:
        for each in writing:
            each.out.close()
            each.temporary.unlink(missing_ok=True)


# -- reading --------------------------------------------------------------------------

def load(path: Path, count: int) -> Part | None:
    """The part mapped from ``path``; None when there is none or it does not hold
    ``count`` documents (it is then read from the stored fields)."""
    try:
        handle = open(path, "rb")
    except OSError:  # missing
        return None
    with handle:
        try:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # empty
            return None
        try:
            header = _header(handle.fileno(), len(mapped))
            _advise(mapped, header)
            arrays = {}
            for name, (dtype, shape, offset) in header["arrays"].items():
                dtype = np.dtype(dtype)
                arrays[name] = np.frombuffer(mapped, dtype=dtype, count=int(np.prod(shape)),
                                             offset=offset).reshape(shape)
            part = Part(arrays, header["tables"], blob=memoryview(mapped)[header["blob"]:],
                        mapped=path)
            if part.size != count:
                raise ValueError(f"{part.size} documents, the segment has {count}")
            return part
        except Exception as error:  # damaged: read the stored fields instead
            log.warning("column file %s unreadable (%s): reading stored fields", path, error)
            return None


def _header(fd: int, size: int) -> dict:
    """The file's header, read, not through its mapping: a first touch of a page of
    the mapping not in memory reads the megabytes around it."""
    if os.pread(fd, len(_MAGIC), 0) != _MAGIC:
        raise ValueError("not a column file")
    (header_at,) = _TRAILER.unpack(os.pread(fd, _TRAILER.size, size - _TRAILER.size))
    if not len(_MAGIC) <= header_at <= size - _TRAILER.size:
        raise ValueError("no header")
    return pickle.loads(os.pread(fd, size - _TRAILER.size - header_at, header_at))


def _advise(mapped: mmap.mmap, header: dict) -> None:
    """Tell the operating system how the file is read. A page first touched is read
    from disk with the megabytes around it (the device's read-ahead: 8 MB here), so
    a cold results page read a hundred megabytes of stored data for its twenty
    listings. The stored data is read a page at a time; the arrays every search
    reads (all but ``_COLD``) are read ahead at once, while the searcher opens."""
    page = mmap.PAGESIZE
    spans = sorted((offset, offset + np.dtype(dtype).itemsize * int(np.prod(shape)), name)
                   for name, (dtype, shape, offset) in header["arrays"].items())
    blob_end = spans[0][0] if spans else len(mapped) - _TRAILER.size
    advice = [(_RANDOM, -(-header["blob"] // page) * page, blob_end // page * page)]
    for start, end, name in spans:
        if name not in _COLD and end > start:
            start = start // page * page
            if advice[-1][0] == _WILLNEED and start <= advice[-1][2]:
                start = advice.pop()[1]  # joined to the arrays before it
            advice.append((_WILLNEED, start, end))
    for option, start, end in advice:
        # The kernel reads ahead no more than the device's read-ahead per call.
        step = _READ_AHEAD if option == _WILLNEED else max(end - start, 1)
        for at in range(start, end if option is not None else start, step):
            try:
                mapped.madvise(option, at, min(step, end - at))
            except OSError:  # advice only
                break


def read_parts(reader, folder: Path, cache: dict[str, Part]
               ) -> tuple[list[Part], np.ndarray, dict[str, Part]]:
    """The part of each segment of ``reader`` (mapped, or else read from the stored
    fields), which documents are live, and the parts by segment for the next call
    (parts in ``cache`` are reused)."""
    parts, live, seen = [], [], {}
    for leaf, offset in _leaves(reader):
        segment = leaf.segment() if hasattr(leaf, "segment") else None
        key = f"{folder.name}/{segment.segment_id() if segment else offset}"
        part = cache.get(key)
        if segment is not None and (part is None or part.mapped is None):
            part = load(folder / f"{segment.segment_id()}{SUFFIX}",
                        leaf.doc_count_all()) or part
        if part is None:
            part = Part.from_rows(list(_stored(leaf)))
        seen[key] = part
        parts.append(part)
        alive = np.array(part.arrays["present"], dtype=bool)
        if leaf.has_deletions():
            deleted = (segment.deleted_docs() if segment is not None
                       else (n for n in range(part.size) if leaf.is_deleted(n)))
            alive[np.fromiter(deleted, dtype=np.int64)] = False
        live.append(alive)
    if not parts:
        parts, live = [Part.from_rows([])], [np.zeros(0, dtype=bool)]
    return parts, np.concatenate(live), seen


class StoredData(Sequence):
    """Every document's stored data by document number (None: deleted or none),
    decoded when asked for."""

    def __init__(self, parts: list[Part], live: np.ndarray):
        self.parts, self.live = parts, live
        self.starts = np.cumsum([0] + [part.size for part in parts])

    def __len__(self) -> int:
        return len(self.live)

    def __getitem__(self, doc):
        if isinstance(doc, slice):
            return [self[n] for n in range(*doc.indices(len(self)))]
        doc = int(doc)
        if doc < 0:
            doc += len(self)
        if not 0 <= doc < len(self):
            raise IndexError(doc)
        if not self.live[doc]:
            return None
        k = int(np.searchsorted(self.starts, doc, side="right")) - 1
        return self.parts[k].row(doc - int(self.starts[k]))

    def _column(self, name: str, docs: np.ndarray) -> list[bytes]:
        docs = np.asarray(docs, dtype=np.int64)
        found: list[bytes] = [b""] * len(docs)
        which = np.searchsorted(self.starts, docs, side="right") - 1
        for k in np.flatnonzero(np.bincount(which)):  # (np.unique would import numpy.ma)
            at = np.flatnonzero(which == k)
            values = self.parts[k].arrays[name][docs[at] - self.starts[k]].tolist()
            for i, value in zip(at.tolist(), values):
                found[i] = value
        return found

    def ids(self, docs: np.ndarray) -> list[tuple[str, str | None]]:
        """(service id, service_at_location id or None) of each of ``docs`` (live)."""
        return [(s.decode(), l.decode() or None)
                for s, l in zip(self._column("service_id", docs), self._column("sal_id", docs))]

    def text_keys(self) -> list[str | None]:
        """Each document's key of its text for the semantic stage (None: none)."""
        keys = self._column("text_key", np.arange(len(self)))
        return [k.decode() if k and alive else None for k, alive in zip(keys, self.live)]
