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
    """Rebuild the search index from the database."""
    from .searching import index_exists, rebuild

    if if_missing and index_exists():
        click.echo("The search index exists; nothing to do.")
        return
    started = time.perf_counter()
    count = rebuild()
    click.echo(f"Indexed {count} listing(s) in {time.perf_counter() - started:.1f} s.")
