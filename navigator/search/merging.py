"""When the follower's small commits merge the index's segments.

Each step of the follower writes the listings it re-indexes as a new segment. Whoosh's
default policy (``MERGE_SMALL``) merged segments on most of those commits, often the
whole index: a merge costs about a full rewrite of the segments it takes (every one of
their terms), many times the commit of a few listings, and it was most of a step's
time (``bench/follow_bench.py``). Here a commit merges nothing while the index has at
most ``SEGMENTS`` segments (a search looks through ``SEGMENTS`` + 1 at most); past
that it merges the smallest together with a few of about their size (``FACTOR``), as
Lucene's log merge policy does: a document is rewritten once per size class it climbs,
and the big segment a build wrote is merged only once the others have grown to
within ``FACTOR`` of its size. Taking at most ``FACTOR`` at once keeps each merge,
and so each step, short. Segments whose every document was replaced since are
dropped without being read.

Merged segments are read memory-mapped: through the searchers' plain file reads
(``SearchIndex._storage``) a merge took about twice as long, in small seeks and reads.
"""

from __future__ import annotations

from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader

#: Segments an index may have before a commit merges some (each costs a search its
#: own term lookups).
SEGMENTS = 8
#: Segments up to this many times the smallest's size are merged with it, this many
#: at most at once.
FACTOR = 4


def merge_when_many(writer, segments: list) -> list:
    """A Whoosh merge policy: the segments that stay as they are, after adding to
    ``writer`` the ones it merges."""
    kept = [segment for segment in segments if segment.doc_count() > 0]
    if len(kept) <= SEGMENTS:
        return kept
    ordered = sorted(kept, key=lambda segment: segment.doc_count_all())
    limit = FACTOR * max(1, ordered[0].doc_count_all())
    taken = [segment for segment in ordered if segment.doc_count_all() <= limit][:FACTOR]
    taken = taken if len(taken) > 1 else ordered[:2]
    storage = FileStorage(writer.storage.folder)  # memory-mapped (see above)
    for segment in taken:
        reader = SegmentReader(storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in kept if segment not in taken]
