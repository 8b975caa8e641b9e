"""The sign-in form (field names are a contract: ``email``, ``password``, ``csrf_token``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[
        DataRequired(_l("Enter your email address.")),
        Length(max=320, message=_l("Use 320 characters or fewer."))])
    # No length check here: a wrong length is a wrong password, answered like any other.
    password = PasswordField(_l("Password"), validators=[
        DataRequired(_l("Enter your password."))])
    next = HiddenField()
