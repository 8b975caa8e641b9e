"""``flask search ...``: maintain the search index and the search log's categories."""

from __future__ import annotations

import logging
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from .replicas import PRUNE_EVERY, prune_now

log = logging.getLogger(__name__)


@click.group("search")
def commands() -> None:
    """Maintain the search index."""


@commands.command("reindex")
@click.option("--if-missing", is_flag=True, help="Only build an index that does not exist yet.")
@with_appcontext
def reindex_command(if_missing: bool) -> None:
    """Rebuild the search index from the database (beside the live one, then swapped in)."""
    from .searching import index_exists, rebuild

    if if_missing and index_exists():
        click.echo("The search index exists; nothing to do.")
        return
    started = time.perf_counter()
    count = rebuild()
    click.echo(f"Indexed {count} listing(s) in {time.perf_counter() - started:.1f} s.")


@commands.command("follow")
@click.option("--poll", default=5.0, show_default=True,
              help="Seconds between looks at the change log (besides notifications).")
@click.option("--for", "duration", type=float, default=None,
              help="Stop after this many seconds (default: run until stopped).")
@click.option("--once", is_flag=True, help="Apply what is waiting once, then stop.")
@with_appcontext
def follow_command(poll: float, duration: float | None, once: bool) -> None:
    """Keep this host's search index current with the directory's change log (one per
    host; builds the index when it is missing)."""
    from navigator.extensions import db
    from .following import follow
    from .searching import follow_step, unembedded_line

    if once:
        click.echo(f"Applied {follow_step()} change(s).")
        if line := unembedded_line():
            click.echo(line)
        return
    app = current_app._get_current_object()
    pruned = [float("-inf")]  # at the first step, then hourly

    def step() -> int:
        applied = follow_step()
        if time.monotonic() - pruned[0] >= PRUNE_EVERY:
            pruned[0] = time.monotonic()
            try:
                prune_now(db.engine, app.config)
            except Exception:  # noqa: BLE001 - the next hour tries again
                log.exception("could not prune the change log")
        return applied

    follow(step, db.engine, poll=poll, duration=duration)


@commands.command("prune")
@with_appcontext
def prune_command() -> None:
    """Remove the change log's rows that every live host has applied, older than
    NAVIGATOR_CHANGE_LOG_KEEP_HOURS (each host's follower does it hourly)."""
    from navigator.extensions import db
    click.echo(f"Removed {prune_now(db.engine, current_app.config)} row(s) of the "
               "change log.")


@commands.command("log-categories")
@click.option("--all", "every", is_flag=True,
              help="Read every row again (after the taxonomy changed), not only the "
                   "rows not read yet.")
@with_appcontext
def log_categories_command(every: bool) -> None:
    """Read the categories of the search log's rows for the unmet-needs report: those
    not read yet, or (--all) every row, in batches, each committed."""
    from navigator.extensions import db
    from .log_meaning import fill

    with db.engine.connect() as connection:
        written = fill(connection, every=every, commit=connection.commit)
    click.echo(f"Wrote the categories of {written} logged search(es).")


@commands.command("status")
@with_appcontext
def status_command() -> None:
    """This host's search index beside the database's change log, and every host's
    replica as its follower last recorded it."""
    from navigator.extensions import db
    from navigator.directory.models.base import utcnow
    from .replicas import observe, replica_name, replicas, stale_after
    from .searching import _state

    now = utcnow()
    stale = stale_after(current_app.config)
    with Session(db.engine) as session:
        here = observe(_state().index, session, now)
        rows = replicas(session)
    click.echo(f"This host: {replica_name(current_app.config)}")
    click.echo(f"  index: change {here['applied_change']} of {here['newest_change']} "
               f"({here['behind']} behind, lag {duration_text(here['lag_seconds'])}), "
               f"generation {here['generation'] or '-'}, {here['documents']} listing(s), "
               f"{'ready' if here['ready'] else 'NOT READY'}")
    click.echo(f"Replicas ({len(rows)}; stale when not seen for "
               f"{duration_text(stale.total_seconds())}):")
    table = [("HOST", "APPLIED", "BEHIND", "LAG", "LISTINGS", "READY", "SEEN", "")]
    for row in rows:
        seen = (now - row.seen_at).total_seconds()
        table.append((row.name, str(row.applied_change), str(row.behind),
                      duration_text(row.lag_seconds), str(row.documents),
                      "yes" if row.ready else "no", f"{duration_text(seen)} ago",
                      "stale" if seen > stale.total_seconds() else "live"))
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for line in table:
        click.echo("  " + "  ".join(cell.ljust(width) for cell, width
                                    in zip(line, widths)).rstrip())


def duration_text(seconds: float) -> str:
    """3 s, 4 min, 5 h, 6 d."""
    seconds = max(0.0, seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f} {unit}"
    return f"{seconds:.0f} s"
