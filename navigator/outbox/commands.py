"""``flask mail``: send the outbox, see how many messages wait, send failed ones again,
and, in development, read what the ``log`` notifier wrote."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import select

from navigator.extensions import db

from .models import OutboxMessage
from .sending import can_send, counts, retry_failed, send_due

commands = AppGroup("mail", help="The outbox: emails and texts waiting to be sent.")


@commands.command("send")
@click.option("--every", type=click.IntRange(min=1), default=None, metavar="SECONDS",
              help="Keep running, sending what is due every SECONDS.")
def send_command(every: int | None) -> None:
    """Send the messages that are due (any number of these may run at once)."""
    if not can_send():
        raise click.ClickException("Sending is not set up on this server "
                                   "(NAVIGATOR_NOTIFIER=smtp, NAVIGATOR_SMTP_HOST and "
                                   "NAVIGATOR_SMTP_FROM); nothing was sent.")
    while True:
        done = send_due()
        if done.sent or done.retry or done.failed or every is None:
            click.echo(f"{done.sent} sent, {done.retry} to try again, {done.failed} failed.")
        if every is None:
            return
        db.session.remove()
        time.sleep(every)


@commands.command("status")
def status_command() -> None:
    """How many messages are in each state (never whom they are for, nor what they say)."""
    found = counts()
    click.echo(", ".join(f"{number} {status}" for status, number in found.items()) + ".")
    if found["failed"]:
        click.echo("Failed messages are listed for admins at /admin/outbox; "
                   "`flask mail retry` sends them again.")


@commands.command("retry")
def retry_command() -> None:
    """Put every failed message back to be sent, its attempts counted afresh."""
    again = retry_failed()
    db.session.commit()
    click.echo(f"{again} failed message(s) will be sent again.")


@commands.command("show")
@click.option("--last", type=click.IntRange(min=1), default=10, show_default=True)
def show_command(last: int) -> None:
    """Print the last messages the log notifier kept (development): recipient, subject
    and body, as a mail server would have had them."""
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.status == "kept")
                              .order_by(OutboxMessage.id.desc()).limit(last)).all()
    for row in reversed(rows):
        click.echo(f"--- #{row.id} {row.created_at:%Y-%m-%d %H:%M:%S} UTC ({row.kind})\n"
                   f"Channel: {row.channel}\nTo: {row.recipient}\nSubject: {row.subject}"
                   f"\n\n{row.body}\n")
    if not rows:
        click.echo("The outbox keeps no message (NAVIGATOR_NOTIFIER=log keeps them).")
