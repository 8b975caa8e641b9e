"""When what was kept during an outage (``navigator.spool``) is saved: at start, after a
request that went well (once its response is sent), and by ``flask spool drain``.

A try that finds the database still down makes this process wait ``RETRY_AFTER`` seconds
before the next one, so an outage does not cost every request a connection attempt.
"""

from __future__ import annotations

import time

import click
from flask import Flask, Response
from flask.cli import AppGroup

from navigator import spool
from navigator.outage import RETRY_AFTER

#: Where this process keeps the time (``time.monotonic``) of its next try.
NEXT_TRY = "navigator.spool.next_try"

commands = AppGroup("spool", help="Requests kept while the database was down.")


def init_app(app: Flask) -> None:
    app.extensions[NEXT_TRY] = 0.0

    @app.after_request
    def drain_when_back(response: Response) -> Response:
        if response.status_code < 500 and time.monotonic() >= app.extensions[NEXT_TRY] \
                and spool.has_pending():
            response.call_on_close(lambda: drain_quietly(app))
        return response


def drain_quietly(app: Flask) -> spool.Drained | None:
    """Drain in a context of its own; never raises (it runs after a response, and at
    start, where the database may be down). Logs counts only."""
    with app.app_context():
        try:
            drained = spool.drain()
        except Exception:  # a full disk, a broken folder: say so, serve anyway
            app.logger.exception("kept requests could not be drained")
            app.extensions[NEXT_TRY] = time.monotonic() + RETRY_AFTER
            return None
        if drained.waiting:
            app.extensions[NEXT_TRY] = time.monotonic() + RETRY_AFTER
        if drained.saved or drained.failed or drained.waiting:
            app.logger.warning("kept requests: %d saved, %d failed, %d waiting",
                               drained.saved, drained.failed, drained.waiting)
        return drained


@commands.command("drain")
@click.option("--retry-failed", is_flag=True,
              help="First put the requests that failed back in the queue.")
def drain_command(retry_failed: bool) -> None:
    """Save the kept requests the database takes now."""
    if retry_failed:
        click.echo(f"{spool.retry_failed()} failed requests put back in the queue.")
    drained = spool.drain()
    click.echo(f"{drained.saved} saved, {drained.failed} failed, {drained.waiting} waiting.")
    if drained.waiting:
        raise click.ClickException("The database cannot take them yet; nothing was lost, "
                                   "run this again later.")


@commands.command("status")
def status_command() -> None:
    """How many kept requests wait, are being saved, or failed (never their contents)."""
    found = spool.counts()
    click.echo(f"{found['pending']} waiting, {found['claimed']} being saved, "
               f"{found['failed']} failed (in {spool.folder()}).")
