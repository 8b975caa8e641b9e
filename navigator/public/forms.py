"""The public forms: ask a navigator to call, report a problem with a listing, ask for
access to keep a listing, the buttons of my list."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, HiddenField, RadioField, SelectChoice, SelectField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, \
    ValidationError

from navigator.forms import Form
from navigator.review.queue import PROBLEMS as REPORT_PROBLEMS

PHONE_DIGITS = re.compile(r"\d")


def _phone(form, field) -> None:
    """A US phone number: 10 digits (an optional leading 1), any punctuation."""
    if not field.data:
        return
    digits = "".join(PHONE_DIGITS.findall(field.data))
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or re.search(r"[^\d\s().+-]", field.data):
        raise ValidationError(_l("Enter a 10-digit phone number, like 919-555-0123."))
    field.data = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


class CallbackForm(Form):
    name = StringField(_l("First name or nickname"),
                       validators=[DataRequired(_l("Tell us what to call you.")),
                                   Length(max=80, message=_l("Use 80 characters or fewer."))])
    phone = StringField(_l("Phone number"), validators=[Optional(), _phone])
    email = StringField(_l("Email"), validators=[
        Optional(), Length(max=254, message=_l("Use 254 characters or fewer.")),
        Email(_l("Enter an email address like name@example.com."))])
    language = SelectField(_l("Language we should use"), choices=[
        SelectChoice("en", "English"), SelectChoice("es", "Español")], validators=[InputRequired()])
    best_time = RadioField(_l("Best time to reach you"), choices=[
        SelectChoice("morning", _l("Morning (9 AM to noon)")),
        SelectChoice("afternoon", _l("Afternoon (noon to 5 PM)")),
        SelectChoice("evening", _l("Evening (5 PM to 8 PM)")),
        SelectChoice("any", _l("Any time"))], default="any",
        validators=[InputRequired(_l("Choose a time."))])
    need = TextAreaField(_l("What do you need help with?"), validators=[
        DataRequired(_l("Tell us a little about what you need.")),
        Length(max=1000, message=_l("Use 1,000 characters or fewer."))])
    consent = BooleanField(_l("I agree that a Durham navigator may contact me about this "
                              "request."),
                           validators=[DataRequired(_l("We can only call you back if you "
                                                       "agree to be contacted."))])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.phone.data or self.email.data) and not self.phone.errors \
                and not self.email.errors:
            self.phone.errors = [*self.phone.errors,
                                 _l("Give a phone number or an email address.")]
            valid = False
        return valid


#: What a resident may say is wrong with a listing; the review queue names them alike.
PROBLEMS = [SelectChoice(code, label) for code, label in REPORT_PROBLEMS.items()]


class ReportForm(Form):
    problem = RadioField(_l("What is wrong?"), choices=PROBLEMS,
                         validators=[InputRequired(_l("Choose what is wrong."))])
    details = TextAreaField(_l("Details (optional)"), validators=[
        Optional(), Length(max=1000, message=_l("Use 1,000 characters or fewer."))])


def _stripped(value):
    """Text without the spaces around it (an address pasted with a space after it)."""
    return value.strip() if isinstance(value, str) else value


class ClaimForm(Form):
    """"Is this your organization?": who asks for access to keep a listing
    (``navigator.review.access``)."""

    name = StringField(_l("Your name"), filters=[_stripped], validators=[
        DataRequired(_l("Enter your name.")),
        Length(max=120, message=_l("Use 120 characters or fewer."))])
    email = StringField(_l("Work email"), filters=[_stripped], validators=[
        DataRequired(_l("Enter your work email address.")),
        Length(max=254, message=_l("Use 254 characters or fewer.")),
        Email(_l("Enter an email address like name@example.com."))])
    job_title = StringField(_l("Job title"), filters=[_stripped], validators=[
        DataRequired(_l("Enter your job title.")),
        Length(max=120, message=_l("Use 120 characters or fewer."))])
    message = TextAreaField(_l("Message (optional)"), validators=[
        Optional(), Length(max=1000, message=_l("Use 1,000 characters or fewer."))])


class ListButtonForm(Form):
    """An "add to my list" or "remove from my list" button (``list_button``)."""

    service_id = HiddenField(validators=[DataRequired(), Length(max=64)])
    next = HiddenField()


class SharedListForm(Form):
    """"Keep these in my list" on a list someone shared: its ids, as in its link."""

    services = HiddenField()
