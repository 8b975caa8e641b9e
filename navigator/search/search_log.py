"""The search log: every public search, anonymously, for the unmet-needs report.

Words only (never a number, never who searched), the filters, the ZIP of the place, how
many results there were and the categories the search was for (``log_categories``);
written in batches (``SearchLogBuffer``).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from datetime import date

from flask import Flask
from sqlalchemy import insert
from sqlalchemy.orm import Session

from navigator.error_log import loggable
from navigator.extensions import db
from .models import SearchLog
from .query import SearchQuery
from .results import Results

log = logging.getLogger(__name__)


def log_row(query: SearchQuery, results: Results) -> dict:
    """What the search log keeps of one search."""
    # Words only, and never a number: a phone number typed into the box is not kept.
    terms = " ".join(t for t in results.terms if not any(ch.isdigit() for ch in t))[:200]
    filters = {k: v for k, v in {
        "taxonomy_term_id": list(query.taxonomy_term_ids), "language": list(query.languages),
        "cost": list(query.cost), "accessibility": list(query.access), "age": query.age,
        "open_now": query.open_now or None, "accepting_referrals": query.accepting or None,
        "radius_km": query.radius_km,
    }.items() if v}
    # Here, not at the top: reading words needs the search state (``searching``), which
    # imports this module.
    from .log_meaning import log_categories

    chosen = json.dumps(filters)
    try:
        categories = log_categories([(terms, chosen)])[(terms, chosen)]
    except Exception as error:  # NULL: the report reads them itself; the search goes on
        categories = None
        log.error("could not read a logged search's categories", exc_info=loggable(error))
    return {"searched_on": date.today(), "terms": terms, "filters": chosen,
            "zip_code": query.place.zip_code if query.place else None,
            "result_count": results.total, "locale": query.locale, "categories": categories}


class SearchLogBuffer:
    """Searches are written in batches: one commit per search cost a busy page a
    fifth of its time. A batch is written when it holds ``size`` searches or its
    oldest is ``delay`` seconds old (a background thread sees to quiet times), and
    when the process exits; ``delay`` 0 writes each search at once."""

    def __init__(self, app: Flask, size: int, delay: float):
        self.app, self.size, self.delay = app, size, delay
        self.rows: list[dict] = []
        self.oldest = 0.0
        self.lock = threading.Lock()
        self.timer: threading.Thread | None = None
        self.pid = os.getpid()

    def add(self, row: dict) -> None:
        with self.lock:
            if self.pid != os.getpid():  # a forked worker starts with its own buffer
                self.rows, self.timer, self.pid = [], None, os.getpid()
            if not self.rows:
                self.oldest = time.monotonic()
            self.rows.append(row)
            due = (len(self.rows) >= self.size or self.delay <= 0
                   or time.monotonic() - self.oldest >= self.delay)
            if not due and self.timer is None:
                self.timer = threading.Thread(target=self._wait, daemon=True,
                                              name="search-log")
                self.timer.start()
        if due:
            self.flush()

    def _wait(self) -> None:
        while True:
            time.sleep(self.delay)
            with self.lock:
                if not self.rows:
                    self.timer = None
                    return
            self.flush()

    def flush(self) -> None:
        with self.lock:
            rows, self.rows = self.rows, []
        if not rows:
            return
        try:
            with self.app.app_context(), Session(db.engine) as session:
                session.execute(insert(SearchLog), rows)
                session.commit()
        except Exception as error:  # logged without the rows (navigator.error_log)
            log.error("could not record %d searches for the unmet-needs report",
                      len(rows), exc_info=loggable(error))
