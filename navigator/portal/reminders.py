"""``flask directory remind-stale``: tell each organization which of its listings have not
been confirmed lately (for a daily timer).

It lives here, not in ``navigator.directory``, because it reads provider accounts and
sends through the workflow's notifier, which the directory may not import. The notices
are written to the outbox and committed together, then the outbox is sent. It prints
only counts per organization, never a message's text or an address.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from navigator.database_ready import requires_migrated_database
from navigator.directory.models import Organization
from navigator import outbox
from navigator.extensions import db
from navigator.workflow import notify

from .listings import local_today, stale_listings


def remind(today, *, link: str | None, send: bool) -> list[tuple[str, int, int]]:
    """For each organization with stale listings: (its name, how many listings, how many
    accounts were told). Nothing is sent unless ``send``."""
    done = []
    for organization in db.session.scalars(select(Organization).order_by(Organization.name)):
        stale = stale_listings(organization.id, today)
        if not stale:
            continue
        told = notify.stale_listings(organization.id, [s.name for s in stale], link) \
            if send else 0
        done.append((organization.name, len(stale), told))
    return done


@click.command("remind-stale")
@click.option("--dry-run", is_flag=True, help="List the organizations; send nothing.")
@click.option("--link", envvar="NAVIGATOR_PORTAL_URL", default=None,
              help="The provider portal's address, put in the notice "
                   "(default: $NAVIGATOR_PORTAL_URL; none if unset).")
@with_appcontext
@requires_migrated_database
def remind_stale(dry_run: bool, link: str | None) -> None:
    """Email providers whose listings were not confirmed in six months."""
    today = local_today(current_app.config["NAVIGATOR_TIMEZONE"])
    try:
        done = remind(today, link=link, send=not dry_run)
    except notify.NotifyError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    for name, listings, told in done:
        if dry_run:
            click.echo(f"{name}: {listings} stale listing(s) (dry run: nothing sent)")
        else:
            click.echo(f"{name}: {listings} stale listing(s), {told} notice(s) written to "
                       f"the outbox")
    click.echo(f"{len(done)} organization(s) with stale listings")
    if not dry_run and outbox.can_send():
        sent = outbox.send_due()
        click.echo(f"Outbox: {sent.sent} sent, {sent.retry} to try again, "
                   f"{sent.failed} failed.")
