"""``flask search ...``: maintain the search index."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext


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
    from .searching import follow_step

    if once:
        click.echo(f"Applied {follow_step()} change(s).")
        return
    follow(follow_step, db.engine, poll=poll, duration=duration)
