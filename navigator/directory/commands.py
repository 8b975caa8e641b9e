"""``flask directory ...``: import and export the HSDS directory, list its organizations."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from navigator.database_ready import requires_migrated_database
from navigator.extensions import db
from .changes import rebuild_left_to_follower
from .importer import import_package
from .report import ImportReport, summary_lines, write_report_file
from .models import Service
from .organization_names import organizations
from .signals import announce_change

#: Above this many rows, a terminal gets a progress bar.
PROGRESS_THRESHOLD = 5000
#: Longer organization names push their row's service count to the right.
NAME_WIDTH = 60


@click.group()
def directory() -> None:
    """Import and export the HSDS directory; list its organizations."""


class _Progress:
    """A progress bar on a terminal for big packages; silent otherwise."""

    def __init__(self):
        self.bar = None
        self.done = 0
        self.enabled = sys.stderr.isatty()

    def __call__(self, phase: str, rows: int) -> None:
        if not self.enabled:
            return
        self.done += rows
        if self.bar is None and self.done >= PROGRESS_THRESHOLD:
            # The number of rows is only known once every file is read: a bar that
            # counts rows read, then rows written.
            self.bar = click.progressbar((row for row in ()), label="Importing rows",
                                         file=sys.stderr, show_pos=True)
            self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(rows)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
        self.bar, self.enabled = None, False


@directory.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True,
              help="Make the package the whole directory: rows it has are updated, rows "
                   "it lacks are deleted.")
@click.option("--yes", is_flag=True,
              help="With --replace: go ahead even when provider accounts or residents' "
                   "reports point at rows the package lacks (asked on a terminal).")
@click.option("--report-only", is_flag=True, help="Print every problem; import nothing.")
@click.option("--skip-invalid", is_flag=True,
              help="Import the valid rows; skip bad rows and the rows that depend on them.")
@click.option("--if-empty", is_flag=True, help="Do nothing if the directory has services.")
@click.option("--report", "report_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Write every problem, default and repair, one per row, to this CSV file.")
@with_appcontext
@requires_migrated_database
def import_command(path: Path, replace: bool, yes: bool, report_only: bool,
                   skip_invalid: bool, if_empty: bool, report_file: Path | None) -> None:
    """Import an HSDS package (folder, .zip or datapackage.json) or HSDS JSON at PATH."""
    if if_empty and db.session.scalar(select(func.count()).select_from(Service)):
        click.echo("The directory already has services; nothing imported.")
        return
    progress = _Progress()
    # The index's rebuild is the host's follower's: the import does not wait for it.
    with rebuild_left_to_follower(db.session):
        try:
            report = import_package(
                path, replace=replace, skip_invalid=skip_invalid, report_only=report_only,
                progress=progress, keep_defaults=report_file is not None,
                confirm=lambda unlinks: _confirm_unlinks(unlinks, yes, progress))
        finally:
            progress.close()
        said = []
        if report.written:
            # Receivers (the search index) may have a line for the person importing.
            said = announce_change(current_app._get_current_object())
    if report_file is not None:
        rows = write_report_file(report, report_file)
        click.echo(f"Wrote {rows} row(s) to {report_file}.")
    _print_report(report, report_only=report_only, skip_invalid=skip_invalid)
    for line in said:
        click.echo(line)
    if (report.errors and not skip_invalid) or not (report.written or report_only):
        sys.exit(1)


def _confirm_unlinks(unlinks, yes: bool, progress: _Progress) -> bool:
    progress.close()
    for unlink in unlinks:
        click.echo(unlink.describe(), err=True)
    if yes:
        return True
    if sys.stdin.isatty():
        return click.confirm("Replace the directory all the same?", default=False, err=True)
    click.echo("Not confirmed: run again with --yes to replace all the same.", err=True)
    return False


def _print_report(report: ImportReport, *, report_only: bool, skip_invalid: bool) -> None:
    # One line per kind of problem in a file's column, with a count and examples: a
    # real export's thousands of rows fit on a screen (--report lists every row).
    for line in summary_lines(report.problems, defaults=report.defaults):
        click.echo(line, err=line.startswith("error"))
    for line in summary_lines(report.dependents, "skipped"):
        click.echo(line)
    if report_only:
        for unlink in report.unlinks:
            click.echo(unlink.describe())
    if report.placeholders:
        shown = ", ".join(written for written, _ in report.placeholders[:10])
        more = len(report.placeholders) - 10
        click.echo(f"{len(report.placeholders)} placeholder organization(s) hold services "
                   f"whose organization the import lacked (ids {shown}"
                   f"{f' and {more} more' if more > 0 else ''}); an admin should complete them "
                   "(`flask directory organizations --placeholders` lists them).")
    errors, warnings = len(report.errors), len(report.warnings)
    if report.unconfirmed:
        click.echo("Nothing was imported: the replacement was not confirmed.", err=True)
        return
    if report.unreadable:
        click.echo(f"{errors} error(s), {warnings} warning(s): nothing was imported.",
                   err=True)
        return
    if report.errors and not skip_invalid:
        click.echo(f"{errors} error(s), {warnings} warning(s): nothing was imported. "
                   "Fix the rows above, or use --skip-invalid to import the valid rows.",
                   err=True)
        return
    if report_only:
        click.echo(f"{errors} error(s), {warnings} warning(s); nothing imported (--report-only).")
        return
    if not report.written:
        return
    click.echo(f"{'table':<28}{'read':>9}{'inserted':>10}{'updated':>9}{'skipped':>9}"
               f"{'defaulted':>11}")
    for table, count in report.tables_read():
        click.echo(f"{table:<28}{count.read:>9}{count.inserted:>10}{count.updated:>9}"
                   f"{count.skipped:>9}{count.defaulted:>11}")
    if report.geocoded:
        click.echo(f"{report.geocoded} location(s) placed at their ZIP code's centre "
                   "(marked approximate).")
    summary = f"Imported, with {warnings} warning(s)"
    if report.defaults:
        summary += f" and {len(report.defaults)} value(s) filled or repaired"
    if report.errors:
        summary += (f"; {errors} bad row(s) and {len(report.dependents)} row(s) depending "
                    "on them were skipped")
    click.echo(summary + ".")


@directory.command("export")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
@requires_migrated_database
def export_command(path: Path) -> None:
    """Write the directory as an HSDS 3.0 datapackage (CSV files + datapackage.json)."""
    from .exporter import export_package

    counts = export_package(path)
    for name, rows in counts.items():
        click.echo(f"{name:<45}{rows:>9}")
    click.echo(f"Wrote {path}")


@directory.command("organizations")
@click.argument("search", required=False)
@click.option("--placeholders", is_flag=True,
              help="Only the placeholders imports made for organizations they lacked.")
@with_appcontext
@requires_migrated_database
def organizations_command(search: str | None, placeholders: bool) -> None:
    """List organizations (id, name, services), those whose name contains SEARCH if given.

    Case and accents are ignored. Exit status 1 when SEARCH matches none.
    """
    listed = organizations(search, placeholders_only=placeholders)
    if placeholders and not listed:
        click.echo("No placeholder organizations: every service's organization came with "
                   "its import.")
        return
    if not listed:
        everyone = len(organizations()) if search else 0
        if everyone:
            click.echo(f'No organization\'s name contains "{search}" ({everyone} in the '
                       "directory; run without a search to list them all).", err=True)
        else:
            click.echo("The directory has no organizations yet; add them with "
                       "`flask directory import PATH`.", err=bool(search))
        if search:
            sys.exit(1)
        return
    name_width = min(max(len("name"), *(len(o.name) for o in listed)), NAME_WIDTH)
    id_width = max(len("id"), *(len(o.id) for o in listed))
    click.echo(f"{'id':<{id_width}}  {'name':<{name_width}}  {'services':>8}")
    for organization in listed:
        click.echo(f"{organization.id:<{id_width}}  {organization.name:<{name_width}}  "
                   f"{organization.services:>8}")
    click.echo(f"{len(listed)} organization(s)"
               + (f' whose name contains "{search}"' if search and search.strip() else "")
               + ".")
