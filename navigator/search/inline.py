"""One host keeping its own index current (``NAVIGATOR_SEARCH_FOLLOW=inline``).

Each commit that changes the directory brings the index up to date in the process that
made it, at once: a provider's edit is found by the next search. A rebuild (an import,
a taxonomy's names) takes a minute at 50,000 listings, so it is never done inside a web
request, nor does it hold up the command that asked for it:

- a web process runs the host's follower in a thread of its own, started by its first
  request. It builds a missing index, does the rebuilds its commits leave to it, and
  applies what the host's other processes committed (an import on the command line),
  with the same ``follow`` loop as ``flask search follow``; searches answer from the
  index as it was until the new one is swapped in;
- ``flask directory import`` leaves its rebuild to that follower (``LEAVE_REBUILD``) and
  says so; ``flask search follow --once`` does it at once;
- a process with no follower thread (other commands, the tests) rebuilds in the commit.

A failed step is never a failed commit: the change stays in the log, and the thread (or,
without one, a retry thread: ``Follower.retry_later``) applies it later.
"""

from __future__ import annotations

import logging
import threading
from typing import Callable

from flask import Flask
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from navigator.directory.changes import LEAVE_REBUILD
from .follower import Follower, RebuildLeft
from .following import follow
from .index import LOCK_TIMEOUT
from .replicas import Heartbeat
from .store import WriterBusy

log = logging.getLogger(__name__)

#: Seconds a commit of a process with a follower thread waits for the index's writer
#: lock before leaving its change to the thread (which may be rebuilding for a minute).
COMMIT_WAIT = 1.0


class InlineFollowing:
    def __init__(self, follower: Follower, replica: Heartbeat,
                 step: Callable[[float | None], int], poll: float, thread: bool):
        self.follower = follower
        self.replica = replica
        #: ``step(timeout)``: the follower's step and this host's heartbeat.
        self.step = step
        self.poll = poll
        #: Whether this process may run the follower thread (not when testing).
        self.thread_allowed = thread
        self.thread: threading.Thread | None = None
        #: Set to have the thread step now rather than at its next poll.
        self.wake = threading.Event()
        self._stopping = threading.Event()
        self._starting = threading.Lock()

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self, app: Flask) -> None:
        """Start this process's follower thread, once (a web process's first request)."""
        if not self.thread_allowed or self.running:
            return
        with self._starting:
            if not self.running:
                self.thread = threading.Thread(target=self._run, args=(app,),
                                               name="search-follower", daemon=True)
                self.thread.start()

    def _run(self, app: Flask) -> None:
        from navigator.extensions import db

        def step() -> int:
            with app.app_context(), self.follower.index.one_process_builds():
                # One writer, never forked: other threads of a web process may hold
                # locks a forked writer would inherit held.
                try:
                    return self.step(COMMIT_WAIT)
                except WriterBusy:  # another process of the host writes: next time
                    return 0

        with app.app_context():
            engine = db.engine
        follow(step, engine, poll=self.poll, wake=self.wake, stop=self._stopping)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the thread (within a second, or when its step ends) and wait for it."""
        self._stopping.set()
        if self.thread is not None:
            self.thread.join(timeout)

    def after_commit(self, session: Session, app: Flask) -> None:
        """A commit that changed the directory: apply it now; leave a rebuild to the
        follower thread (or to the host's follower when the session says so)."""
        threaded = self.running
        try:
            with self.follower.index.one_process_builds():
                self.follower.step(build_missing=False,
                                   timeout=COMMIT_WAIT if threaded else LOCK_TIMEOUT,
                                   rebuild=not (threaded or session.info.get(LEAVE_REBUILD)))
            self.replica.beat()
            return
        except RebuildLeft:
            pass  # the import says so (``after_import``)
        except Exception as error:
            if not (threaded and isinstance(error, WriterBusy)):  # busy: the thread writes
                log.exception("search index update failed; trying it again in the background")
            if not threaded:
                self.follower.retry_later(app.app_context, LOCK_TIMEOUT)
        self.wake.set()  # the thread, if any, applies it next

    def after_import(self, session: Session) -> str | None:
        """After an import's commit: the line for the person importing when its rebuild
        was left to a follower; else build the index if there is none (a first import in
        a process with no follower thread) and return None."""
        if self.running:
            self.wake.set()
            return _("The search index is being rebuilt in the background (about a minute "
                     "per 50,000 listings); until then searches find the directory as it "
                     "was.")
        if session.info.get(LEAVE_REBUILD):
            return ("Searches find the imported listings once this host's index is rebuilt: "
                    "a running site (`make run`) does it by itself within seconds, and "
                    "`flask search follow --once` does it now.")
        if not self.follower.index.exists():
            # One host, no index yet, no follower thread: the import builds it, as the
            # person importing expects to search what they imported.
            with self.follower.index.one_process_builds():
                self.follower.step()
        return None
