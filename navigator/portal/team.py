"""An organization admin's team page: its organization's provider accounts, and invitations
for colleagues to that organization only (the rules are ``navigator.auth.colleagues``').

A provider who is not an organization admin gets 403 here, and the staff navigation shows
it no link. Nothing posted names an organization or a role: the form holds an email, and
the invitation is for a provider of the inviter's own organization. The link is emailed
as an administrator's invitation is (shown once here when sending is off).
"""

from __future__ import annotations

from flask import abort, make_response, render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from navigator.auth import accounts, colleagues, links, mailout, roles_required
from navigator.extensions import db, limiter

from .forms import ColleagueForm
from .views import blueprint

#: Invitations send email: a few at a time, as the public forms.
INVITE_LIMIT = "10 per minute;50 per day"


def _organization():
    """The signed-in organization admin's organization; 403 for anyone else."""
    if not colleagues.may_invite(current_user):
        abort(403)
    return current_user.organization


def _team_page(organization, form: ColleagueForm, status: int = 200):
    return render_template("portal/team.html", organization=organization, form=form,
                           members=colleagues.team(organization.id),
                           awaiting_password=accounts.awaiting_password), status


@blueprint.route("/team")
@roles_required("provider")
def team():
    return _team_page(_organization(), ColleagueForm())


@blueprint.post("/team/invite")
@roles_required("provider")
@limiter.limit(INVITE_LIMIT)
def invite_colleague():
    organization = _organization()
    form = ColleagueForm()
    if not form.validate_on_submit():
        return _team_page(organization, form, 400)
    try:
        user, token = colleagues.invite(current_user, form.email.data)
        link = links.link_url(token)
        email = mailout.send_link(user.email, link, "invite", organization=organization.name)
        db.session.commit()
    except accounts.AccountError as error:
        db.session.rollback()
        # Beside the only field there is, whichever part of the account it is about.
        form.email.errors = [*form.email.errors, str(error)]
        return _team_page(organization, form, 400)
    except IntegrityError:  # the same email, invited by someone else just now
        db.session.rollback()
        form.email.errors = [*form.email.errors, _("There is already an account for "
                                                   "%(email)s.", email=form.email.data)]
        return _team_page(organization, form, 400)
    sent = mailout.delivered(email)
    response = make_response(render_template("portal/team_invited.html", user=user,
                                             link=None if sent else link))
    # The page may show the one-time link: no other site learns it from a click.
    response.headers["Referrer-Policy"] = "no-referrer"
    return response

