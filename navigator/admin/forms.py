"""The admin's forms: the audit log's filter and staff accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from navigator.auth.forms import new_password_fields
from navigator.directory.models import Organization
from navigator.extensions import db
from navigator.forms import DayField, Form, WholeNumberField


class AuditFilter(Form):
    class Meta:
        csrf = False  # a GET form: it reads, never changes

    user = WholeNumberField(_l("User id"), validators=[Optional(), NumberRange(min=1)])
    record = StringField(_l("Record id"), validators=[Optional(), Length(max=64)])
    action = SelectField(_l("Action"), validators=[Optional()])
    since = DayField(_l("From (date)"), validators=[Optional()])
    until = DayField(_l("Until (date)"), validators=[Optional()])


ROLE_CHOICES = [SelectChoice("navigator", _l("Care navigator")),
                SelectChoice("provider", _l("Provider staff")),
                SelectChoice("admin", _l("Administrator"))]


def _organization_choices() -> list[SelectChoice]:
    organizations = db.session.execute(
        select(Organization.id, Organization.name).order_by(Organization.name))
    return [SelectChoice("", _l("None (not a provider)"))] + [
        SelectChoice(id_, name) for id_, name in organizations]


class RoleForm(Form):
    """An account's role and organization, and whether a provider is its organization's
    admin; the rules are ``accounts.change_role``'s."""

    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validate_choice=False,
                       validators=[DataRequired(_l("Choose a role."))])
    organization_id = SelectField(_l("Organization (provider staff only)"),
                                  validate_choice=False)
    organization_admin = BooleanField(_l("Organization admin: may invite colleagues to "
                                         "this organization"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization_id.choices = _organization_choices()


class InviteForm(RoleForm):
    """A new staff account whose person chooses their own password through an emailed
    one-time link (``accounts.invite_user``'s rules)."""

    email = EmailField(_l("Email"), validators=[
        DataRequired(_l("Enter the person's email address.")),
        Length(max=320, message=_l("Use 320 characters or fewer."))])


class NewUserForm(Form):
    """A new staff account. The rules (a valid, new email; a known role; an organization
    for providers only; the password policy) are ``accounts.create_user``'s: the choices
    are not checked here, so a wrong one gets that function's own message."""

    email = EmailField(_l("Email"), validators=[
        DataRequired(_l("Enter the person's email address.")),
        Length(max=320, message=_l("Use 320 characters or fewer."))])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validate_choice=False,
                       validators=[DataRequired(_l("Choose a role."))])
    organization_id = SelectField(_l("Organization (provider staff only)"),
                                  validate_choice=False)
    password, confirm = new_password_fields()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization_id.choices = _organization_choices()
