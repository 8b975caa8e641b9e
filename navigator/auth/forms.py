"""Sign-in (field names are a contract: ``email``, ``password``, ``csrf_token``) and new
passwords."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from navigator.forms import Form


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[
        DataRequired(_l("Enter your email address.")),
        Length(max=320, message=_l("Use 320 characters or fewer."))])
    # No length check here: a wrong length is a wrong password, answered like any other.
    password = PasswordField(_l("Password"), validators=[
        DataRequired(_l("Enter your password."))])
    next = HiddenField()


def new_password_fields() -> tuple[PasswordField, PasswordField]:
    """A new password and the same again, for any form that sets one (a function, not a
    base class, so that the fields come where each form puts them). The policy itself is
    ``passwords.password_problem``'s, checked where the password is set (``accounts``)."""
    return (
        PasswordField(_l("New password"), validators=[
            DataRequired(_l("Enter the new password."))]),
        PasswordField(_l("New password again"), validators=[
            DataRequired(_l("Enter the new password again.")),
            EqualTo("password", _l("The two new passwords do not match."))]),
    )


class NewPasswordForm(Form):
    password, confirm = new_password_fields()


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(_l("Enter your current password."))])
    password, confirm = new_password_fields()


def show_account_error(form: Form, error) -> None:
    """An ``accounts.AccountError`` shown beside the field it is about."""
    form[error.field].errors = [*form[error.field].errors, str(error)]


class ForgotPasswordForm(Form):
    email = EmailField(_l("Email"), validators=[
        DataRequired(_l("Enter your email address.")),
        Length(max=320, message=_l("Use 320 characters or fewer."))])

