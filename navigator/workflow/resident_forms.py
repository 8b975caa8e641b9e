"""The resident's forms: their record (with the optional, self-described answers and
the duplicate check's confirmation), a callback's one page that makes the record with
the first need, and the callback queue's buttons."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField,
    TextAreaField)
from wtforms.validators import AnyOf, DataRequired, Email, Length, NumberRange, Optional

from navigator.forms import Form, WholeNumberField

from . import profile
from .callbacks import BEST_TIME_LABELS
from .forms import CONTACT_LABELS, REQUIRED, URGENCY_LABELS, Checkboxes, choices
from .services import birth_year_from


#: ``CallbackRecordForm.existing``'s answer "create a new record anyway".
NEW = "new"
NOT_ASKED = ("", _l("Not asked"))


class _NotAsked:
    """A choice whose empty answer, "", is "not asked": a record's None, or the field
    left out of a form posted."""

    def process_data(self, value):
        super().process_data("" if value is None else value)


class OptionalSelect(_NotAsked, SelectField):
    pass


class OptionalRadio(_NotAsked, RadioField):
    pass


class ResidentForm(Form):
    name = StringField(_l("Name or nickname"), validators=[DataRequired(REQUIRED),
                                                           Length(max=80)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=32)])
    email = EmailField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])
    preferred_contact = RadioField(_l("Preferred contact"), default="phone",
                                   choices=choices(CONTACT_LABELS))
    language = SelectField(_l("Language"), choices=choices([
        ("en", "English"), ("es", "Español"), ("other", _l("Other"))]))
    place = StringField(_l("ZIP or neighborhood"), validators=[Optional(), Length(max=80)])
    birth_year = WholeNumberField(_l("Birth year or age"), validators=[
        Optional(), NumberRange(min=0, max=2100)])
    best_time = OptionalSelect(_l("Best time to call"), choices=choices(
        [("", _l("Not known")), *BEST_TIME_LABELS.items()]))
    notes = TextAreaField(_l("Notes"), validators=[Length(max=4000)])
    # Optional and self-described (``profile``): never required, and "not asked" is
    # always a choice.
    household = OptionalRadio(_l("Household (optional)"), choices=choices(
        [NOT_ASKED, *profile.HOUSEHOLD_LABELS.items()]))
    gender = StringField(_l("In their own words"), validators=[Optional(), Length(max=80)])
    gender_declined = BooleanField(profile.DECLINED_LABEL)
    race = Checkboxes(_l("Race (optional, choose any)"),
                      choices=choices(profile.RACE_LABELS))
    ethnicity = OptionalRadio(_l("Ethnicity (optional)"), choices=choices(
        [NOT_ASKED, *profile.ETHNICITY_LABELS.items()]))
    #: Ticked to add a record although the duplicate check found likely matches.
    confirm_new = BooleanField(_l("Create a new record anyway"))

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, obj=obj, **kwargs)
        if obj is not None and not self.is_submitted():  # a record shown to be changed
            declined = obj.gender == profile.DECLINED
            self.gender.data = None if declined else obj.gender
            self.gender_declined.data = declined

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.gender_declined.data and (self.gender.data or "").strip():
            self.gender.errors = [*self.gender.errors, _l(
                "Leave this empty when they prefer not to say.")]
            valid = False
        if profile.DECLINED in (self.race.data or ()) and len(self.race.data) > 1:
            self.race.errors = [*self.race.errors, _l(
                "Choose “Prefer not to say” alone, or only the others.")]
            valid = False
        return valid

    def record_fields(self) -> dict:
        """The answers as ``Resident`` keeps them (``services.create_resident``'s
        fields): None for what was not given or not asked."""
        gender = profile.DECLINED if self.gender_declined.data \
            else (self.gender.data or "").strip() or None
        return {"name": self.name.data.strip(), "phone": self.phone.data or None,
                "email": self.email.data or None,
                "preferred_contact": self.preferred_contact.data,
                "language": self.language.data, "place": self.place.data or None,
                "birth_year": birth_year_from(self.birth_year.data),
                "best_time": self.best_time.data or None, "notes": self.notes.data or "",
                "household": self.household.data or None, "gender": gender,
                "race": list(self.race.data or ()) or None,
                "ethnicity": self.ethnicity.data or None}


class CallbackRecordForm(ResidentForm):
    """A callback's one page: the resident's record and their first need. When likely
    duplicates are shown, ``existing`` says which record to use (a resident's id: the
    need goes to that record, and the resident's fields are not needed), or "new"."""

    taxonomy_term_id = SelectField(_l("Need"), validators=[DataRequired(REQUIRED)])
    urgency = RadioField(_l("Urgency"), choices=choices(URGENCY_LABELS),
                         validators=[DataRequired(REQUIRED)])
    own_words = TextAreaField(_l("In the resident's own words"),
                              validators=[Length(max=2000)])
    #: A match's id or ``NEW``: its choices are the matches the page shows (any id
    #: posted is looked up), so the page renders them itself.
    existing = RadioField(_l("Which record?"), choices=[], validate_choice=False,
                          validators=[Optional(), Length(max=64)])

    #: Not asked here: a choice between the matches is ``existing``.
    confirm_new = None

    NEED_FIELDS = ("taxonomy_term_id", "urgency", "own_words")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.using():  # the record that exists is used: only the need counts
            for name in set(self._fields) - {*self.NEED_FIELDS, "existing", "csrf_token"}:
                self[name].errors = []
            valid = not any(self[name].errors
                            for name in (*self.NEED_FIELDS, "existing", "csrf_token"))
        return valid

    def using(self) -> str | None:
        """The id of the record to use, if one was chosen."""
        return self.existing.data if self.existing.data not in (None, "", NEW) else None

    def need_fields(self) -> dict:
        return {"taxonomy_term_id": self.taxonomy_term_id.data,
                "urgency": self.urgency.data, "own_words": self.own_words.data or ""}


class CallbackOutcomeForm(Form):
    """The queue's buttons: each submits ``action``."""

    action = HiddenField(validators=[DataRequired(), AnyOf(
        ("no_answer", "reached", "not_a_callback"))])
