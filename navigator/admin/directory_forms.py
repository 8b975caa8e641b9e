"""The admin's forms for the directory: an HSDS upload, its confirmation, the stale
listings' filter and a taxonomy term's names."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from navigator.forms import Form


class UploadForm(Form):
    package = FileField(_l("HSDS package (.zip)"), validators=[
        FileRequired(_l("Choose the package's .zip file."))])
    skip_invalid = BooleanField(_l("Skip invalid rows (and the rows that depend on them) "
                                   "instead of importing nothing"))
    replace = BooleanField(_l("Replace the directory: delete the rows the package lacks"))


class ConfirmForm(Form):
    """Import (or cancel) the upload the preview showed: nothing to fill in."""


AGE_CHOICES = [SelectChoice("180", _l("Not confirmed in 180 days, or never")),
               SelectChoice("365", _l("Not confirmed in 365 days, or never")),
               SelectChoice("never", _l("Never confirmed"))]


class StaleFilter(Form):
    class Meta:
        csrf = False  # a GET form: it reads, never changes

    age = SelectField(_l("Show listings"), choices=AGE_CHOICES, default="180",
                      validators=[Optional()])


class TermForm(Form):
    name = StringField(_l("Name in English"), validators=[
        DataRequired(_l("Enter the term's name in English.")),
        Length(max=200, message=_l("Use 200 characters or fewer."))])
    name_es = StringField(_l("Name in Spanish"), validators=[
        Optional(), Length(max=200, message=_l("Use 200 characters or fewer."))])
