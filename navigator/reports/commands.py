"""``flask reports export``: the suppressed tables as CSV files, for the city's open-data
portal."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from navigator.database_ready import requires_migrated_database

from .period import FIRST_DAY, Filters
from .presenting import as_csv
from .sections import SECTIONS
from .tables import suppressed


@click.group()
def reports() -> None:
    """The city's reports."""


def _day(value: str, option: str):
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD.",
                                 param_hint=option) from None


@reports.command("export")
@click.option("--from", "start", required=True, metavar="YYYY-MM-DD",
              help="The first day of the period.")
@click.option("--to", "end", required=True, metavar="YYYY-MM-DD",
              help="The last day of the period (included).")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@with_appcontext
@requires_migrated_database
def export_command(start: str, end: str, folder: Path) -> None:
    """Write every report table, small numbers suppressed, as DIR/SECTION-TABLE.csv."""
    first, last = _day(start, "--from"), _day(end, "--to")
    if first < FIRST_DAY:
        raise click.BadParameter(f"Reports start on {FIRST_DAY.isoformat()} at the earliest.",
                                 param_hint="--from")
    if last < first:
        raise click.BadParameter("The last day is before the first.", param_hint="--to")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise click.ClickException(f"Cannot make the folder {folder}: {error.strerror}.")
    filters = Filters(start=first, end=last)
    written = 0
    for section in SECTIONS:
        for table in section.tables(filters):
            path = folder / f"{section.key}-{table.key}.csv"
            try:
                path.write_text(as_csv(suppressed(table)), encoding="utf-8")
            except OSError as error:
                raise click.ClickException(f"Cannot write {path}: {error.strerror}.")
            written += 1
    click.echo(f"Wrote {written} tables ({first.isoformat()} to {last.isoformat()}) "
               f"to {folder}.")
