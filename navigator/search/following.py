"""``flask search follow``: the host's follower, listening and polling.

On PostgreSQL it LISTENs on the change log's channel (a dedicated psycopg connection,
in autocommit) and wakes as soon as a change commits; it also polls every ``poll``
seconds, so a lost connection or notification costs at most that long. A step that
fails is logged and tried again (after 1, 2, 4... up to 60 seconds): the watermark
stays where it was, so nothing is skipped.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from sqlalchemy.engine import Engine

from navigator.directory.changes import CHANNEL

log = logging.getLogger(__name__)

MAX_BACKOFF = 60.0


class _Listener:
    """A LISTENing psycopg connection (PostgreSQL only), reopened when it breaks."""

    def __init__(self, engine: Engine):
        self.url = engine.url
        self.connection = None

    def _connect(self):
        import psycopg

        conninfo = self.url.set(drivername="postgresql").render_as_string(
            hide_password=False)
        connection = psycopg.connect(conninfo, autocommit=True)
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def wait(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for a notification; True if one came."""
        try:
            if self.connection is None:
                self.connection = self._connect()
            for _ in self.connection.notifies(timeout=max(seconds, 0.01), stop_after=1):
                return True
            return False
        except Exception as error:  # noqa: BLE001 - polling goes on without it
            log.warning("change log listener lost (%s); polling meanwhile",
                        type(error).__name__)
            self.close()
            time.sleep(min(seconds, 1.0))
            return False

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # noqa: BLE001
                pass
        self.connection = None


def _wait(listener: _Listener | None, stop: threading.Event, seconds: float,
          wake: threading.Event | None = None) -> None:
    """Until a notification, ``stop``, ``wake`` or ``seconds`` (a second at a time:
    ``stop`` is seen within one; ``wake`` at once without a listener)."""
    until = time.monotonic() + seconds
    while not stop.is_set():
        if wake is not None and wake.is_set():
            wake.clear()
            return
        left = until - time.monotonic()
        if left <= 0:
            return
        if listener is None:
            (wake or stop).wait(min(left, 1.0))
        elif listener.wait(min(left, 1.0)):
            return


def follow(step: Callable[[], int], engine: Engine, *, poll: float = 5.0,
           duration: float | None = None, stop: threading.Event | None = None,
           listen: bool = True, wake: threading.Event | None = None) -> int:
    """Run ``step`` now, then after every notification, every ``wake`` and every
    ``poll`` seconds, until ``duration`` seconds passed or ``stop`` is set; return the
    changes applied."""
    listener = _Listener(engine) if listen and engine.dialect.name == "postgresql" else None
    deadline = None if duration is None else time.monotonic() + duration
    stop = stop or threading.Event()
    applied, backoff = 0, 1.0
    try:
        if listener is not None:
            listener.wait(0)  # listen before the first step: nothing falls between
        while not stop.is_set():
            try:
                applied += step()
                wait, backoff = poll, 1.0
            except Exception:
                log.exception("search index update failed; trying again in %.0f s", backoff)
                wait, backoff = backoff, min(backoff * 2, MAX_BACKOFF)
            if deadline is not None:
                wait = min(wait, deadline - time.monotonic())
                if wait <= 0:
                    break
            _wait(listener, stop, wait, wake)
    finally:
        if listener is not None:
            listener.close()
    return applied
