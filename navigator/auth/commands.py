"""``flask users ...``: staff accounts from the command line (there are no default ones)."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from navigator.database_ready import requires_migrated_database
from navigator.directory.organization_names import OrganizationSummary, organizations_meant
from navigator.extensions import db
from . import accounts, links, mailout
from .models import ROLES


@click.group("users")
def users() -> None:
    """Staff accounts."""


def _read_password() -> str:
    """The new password, typed twice: hidden at a terminal, two lines when piped."""
    if sys.stdin is not None and sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    first, second = (sys.stdin.readline().rstrip("\r\n") for _ in range(2)) \
        if sys.stdin is not None else ("", "")
    if not first:
        raise click.ClickException("No password was given on standard input.")
    if first != second:
        raise click.ClickException("The two passwords do not match.")
    return first


#: An ambiguous --organization lists at most this many of the organizations it matches.
LISTED_MATCHES = 20


def _organization(text: str) -> OrganizationSummary:
    """The one organization ``text`` (an id or a name) means, or a message saying why not."""
    matches = organizations_meant(text)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise click.ClickException(
            f'There is no organization with the id {text}, nor one whose name contains '
            f'"{text}". `flask directory organizations` lists them.')
    lines = [f"  {o.id}  {o.name}" for o in matches[:LISTED_MATCHES]]
    if len(matches) > LISTED_MATCHES:
        lines.append(f"  ... and {len(matches) - LISTED_MATCHES} more")
    raise click.ClickException(
        f'"{text}" matches {len(matches)} organizations; give the id of the one you mean:\n'
        + "\n".join(lines))


def _find(email: str):
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"There is no account for {email}.")
    return user


def _new_account_command(name: str):
    """A ``flask users`` command making an account: EMAIL, --role and --organization."""
    def decorate(function):
        for option in reversed((
                users.command(name),
                click.argument("email"),
                click.option("--role", required=True, help=f"One of: {', '.join(ROLES)}."),
                click.option("--organization", "organization_id", metavar="ID_OR_NAME",
                             help="Providers: the organization's id, or its name or a part "
                                  "of it that only it has (`flask directory organizations` "
                                  "lists them)."),
                with_appcontext, requires_migrated_database)):
            function = option(function)
        return function
    return decorate


def _role_and_organization(role: str, organization_id: str | None) -> OrganizationSummary | None:
    """The organization a new account of ``role`` belongs to, checked before anything is
    asked or written."""
    if role not in ROLES:
        raise click.ClickException(f"The role must be one of: {', '.join(ROLES)}.")
    return _organization(organization_id) if organization_id and role == "provider" else None


def _of(organization: OrganizationSummary | None) -> str:
    return f" of {organization.name} (organization {organization.id})" if organization else ""


@_new_account_command("create")
def create(email: str, role: str, organization_id: str | None) -> None:
    """Create a staff account; the password is asked twice."""
    organization = _role_and_organization(role, organization_id)
    if organization:
        organization_id = organization.id
    password = _read_password()
    try:
        user = accounts.create_user(email, password, role, organization_id)
    except accounts.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.role} account {user.email}{_of(organization)} (id {user.id}).")


@_new_account_command("invite")
@click.option("--organization-admin", is_flag=True,
              help="Providers: may invite colleagues to their own organization.")
def invite(email: str, role: str, organization_id: str | None,
           organization_admin: bool) -> None:
    """Create a staff account without a password, and print its one-time link (sent by
    email too when sending is set up): the person chooses a password within 48 hours.
    Links are built on NAVIGATOR_BASE_URL."""
    from flask import current_app

    organization = _role_and_organization(role, organization_id)
    try:
        user = accounts.invite_user(email, role, organization.id if organization else
                                    organization_id, organization_admin=organization_admin)
        token = links.issue(user, "invite")
        with current_app.test_request_context(
                base_url=current_app.config["NAVIGATOR_BASE_URL"]):
            link = links.link_url(token)
            queued = mailout.send_link(user.email, link, "invite")
    except accounts.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    sent = mailout.delivered(queued)
    admin = ", organization admin" if user.organization_admin else ""
    click.echo(f"Invited {user.role} {user.email}{_of(organization)}{admin} (id {user.id}).")
    how = ("Sent by email too" if sent else "Not emailed (sending is off)" if queued is None
           else "Not emailed yet (the mail server refused it for now; it will be tried again)")
    click.echo(f"{how}; the link works once, for 48 hours:")
    click.echo(link)


@users.command("set-organization")
@click.argument("email")
@click.argument("organization", metavar="ID_OR_NAME")
@with_appcontext
@requires_migrated_database
def set_organization(email: str, organization: str) -> None:
    """Link a provider account to its organization (an id, or a name only it has)."""
    user = _find(email)
    found = _organization(organization)
    try:
        accounts.set_organization(user, found.id)
    except accounts.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"{user.email} now belongs to {found.name} (organization {found.id}).")


@users.command("list")
@with_appcontext
@requires_migrated_database
def list_users() -> None:
    """Every account: email, role, organization, whether it is its organization's admin
    and whether it is active. A provider account without an organization (its
    organization left the directory) is marked."""
    for user, _ in accounts.accounts_with_last_sign_in():
        organization = user.organization_id or (
            "NO ORGANIZATION: flask users set-organization" if user.role == "provider" else "")
        click.echo(f"{user.email}  {user.role}  {organization}"
                   f"{'  (organization admin)' if user.organization_admin else ''}"
                   f"{'' if user.active else '  (disabled)'}".rstrip())


@users.command("disable")
@click.argument("email")
@with_appcontext
@requires_migrated_database
def disable(email: str) -> None:
    """Disable an account and end its sessions."""
    user = _find(email)
    accounts.disable_user(user)
    db.session.commit()
    click.echo(f"Disabled {user.email}; its sessions are ended.")


@users.command("set-password")
@click.argument("email")
@with_appcontext
@requires_migrated_database
def set_password(email: str) -> None:
    """Give an account a new password (asked twice) and end its sessions."""
    user = _find(email)
    try:
        accounts.change_password(user, _read_password())
    except accounts.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"New password set for {user.email}; its sessions are ended.")
