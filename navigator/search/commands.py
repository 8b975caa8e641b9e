"""``flask search ...``: maintain the search index."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext


@click.group()
def search() -> None:
    """Maintain the search index."""


@search.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild the search index from the database."""
    from . import rebuild

    started = time.perf_counter()
    count = rebuild()
    click.echo(f"Indexed {count} listing(s) in {time.perf_counter() - started:.1f} s.")
