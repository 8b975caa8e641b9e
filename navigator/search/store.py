"""The index folder of one host: generations of the index side by side, the live one
named by a pointer file, and the lock its one writer holds.

    INDEX_DIR/CURRENT      the name of the live generation, replaced atomically
    INDEX_DIR/g-<ns>/      a generation: a whole Whoosh index, and beside each of its
                           segments that segment's columns and stored data, mapped by
                           the processes that search it (``segments``)
    INDEX_DIR/writer.lock  held (flock) by whoever writes: the follower, a reindex

A full rebuild writes a new generation beside the live one and then points CURRENT
at it (``os.replace``: readers see the old name or the new one, never half); readers
notice the new name on their next search and open it. The generation before stays
(a reader may still be reading it) and older ones are removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import time
from pathlib import Path
from typing import Iterator

log = logging.getLogger(__name__)

POINTER = "CURRENT"
PREFIX = "g-"


class WriterBusy(RuntimeError):
    """Another process kept the index's writer lock longer than we would wait."""


class IndexFolder:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._seen: tuple | None = None  # (inode, mtime) of the pointer last read
        self._live: Path | None = None

    def live(self) -> Path | None:
        """The live generation's folder, or None when there is none (never built, or
        its pointer or folder is gone). Reads the pointer again only when it changed."""
        pointer = self.path / POINTER
        try:
            stat = pointer.stat()
        except OSError:
            self._seen = self._live = None
            return None
        seen = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if seen != self._seen:
            try:
                name = pointer.read_text(encoding="utf-8").strip()
            except (OSError, ValueError):  # unreadable: no live generation
                self._seen = self._live = None
                return None
            self._seen = seen
            self._live = (self.path / name) if name.startswith(PREFIX) else None
        if self._live is None or not self._live.is_dir():
            return None
        return self._live

    def new_generation(self) -> Path:
        self.path.mkdir(parents=True, exist_ok=True)
        folder = self.path / f"{PREFIX}{time.time_ns()}"
        folder.mkdir()
        return folder

    def swap(self, folder: Path) -> None:
        """Make ``folder`` the live generation, atomically; keep the one it replaces
        for readers still on it, remove older ones and abandoned builds."""
        previous = self.live()
        temporary = self.path / f"{POINTER}.{os.getpid()}.tmp"
        temporary.write_text(folder.name + "\n", encoding="utf-8")
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, self.path / POINTER)
        keep = {folder.name} | ({previous.name} if previous else set())
        for old in self.path.glob(f"{PREFIX}*"):
            if old.name not in keep and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)

    def discard(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    @contextlib.contextmanager
    def writing(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the host's writer lock (an ``flock``: released by the kernel if the
        process dies). ``timeout`` None waits as long as it takes."""
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / "writer.lock", "a+b") as handle:
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if deadline is not None and time.monotonic() > deadline:
                        raise WriterBusy(f"the search index at {self.path} stayed locked "
                                         f"for {timeout:.0f} s") from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
