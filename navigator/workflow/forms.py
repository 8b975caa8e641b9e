"""The workspace's forms (every one carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField, DateTimeLocalField, HiddenField, RadioField, SelectChoice,
    SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField)
from wtforms.validators import (
    AnyOf, DataRequired, InputRequired, Length, Optional)
from wtforms.widgets import CheckboxInput, ListWidget

from navigator.forms import DayField, Form

from .models import NEED_STATUSES
from .needs import NEED_LABELS
from .referrals import (
    DECLINE_REASONS, NOT_CONNECTED_REASONS, STATUS_LABELS, STATUSES, allowed_transitions)

CONTACT_LABELS = {"phone": _l("Phone call"), "text": _l("Text message"),
                  "email": _l("Email"), "none": _l("Do not contact")}
SCOPE_LABELS = {"contact": _l("How to reach them"), "language": _l("Language"),
                "place_and_age": _l("ZIP or neighborhood, and age"),
                "needs": _l("Needs, in their words"), "notes": _l("Navigator notes"),
                "substance_use": _l("Substance use information (42 CFR Part 2)")}
METHOD_LABELS = {"verbal": _l("Verbal, with a witness"),
                 "verbal_recorded_line": _l("Verbal, on a recorded line"),
                 "written": _l("Written"), "electronic_signature": _l("Electronic signature")}
URGENCY_LABELS = {"today": _l("Today"), "this_week": _l("This week"),
                  "when_possible": _l("When possible")}
REASON_LABELS = {"no_capacity": _l("No capacity"), "not_eligible": _l("Not eligible"),
                 "could_not_contact": _l("Could not contact"), "other": _l("Other"),
                 "no_show": _l("No-show"), "no_longer_interested": _l("No longer interested"),
                 "referred_elsewhere": _l("Referred elsewhere")}
HANDOFF_LABELS = {"three_way_call": _l("Three-way call"),
                  "in_person_escort": _l("In-person escort"),
                  "scheduled_intake": _l("Scheduled intake"),
                  "provider_called_back": _l("Provider called back")}
HANDOFF_OUTCOME_LABELS = {"connected": _l("Connected with the provider"),
                          "intake_scheduled": _l("Intake scheduled"),
                          "message_left": _l("Message left"),
                          "not_reached": _l("Provider not reached")}
ENCOUNTER_LABELS = {"in_person": _l("In person"), "phone_call": _l("Phone call"),
                    "text_or_email": _l("Text or email"), "video": _l("Video call")}
FOLLOW_UP_LABELS = {"connected": _l("Connected, getting help"),
                    "waiting": _l("Still waiting"), "needs_more_help": _l("Needs more help"),
                    "not_reached": _l("Could not reach them"),
                    "does_not_want_contact": _l("Does not want more contact")}
#: How a crisis ended (``models.CRISIS_OUTCOMES``), asked on a contact.
CRISIS_LABELS = {"de_escalated_on_scene": _l("De-escalated on scene"),
                 "voluntary_crisis_center": _l("Went voluntarily to a crisis center"),
                 "emergency_department": _l("Emergency department"),
                 "police_involvement": _l("Police involvement"), "other": _l("Other")}
#: Whether a referral's service was the resident's choice: the form's answers, and the
#: ``Referral.resident_choice`` each one records.
CHOICE_LABELS = {"yes": _l("Yes"), "no": _l("No"), "not_asked": _l("Not asked")}
CHOICE_VALUES = {"yes": True, "no": False, "not_asked": None}
REQUIRED = _l("This is required.")


def choices(pairs) -> list[SelectChoice]:
    """Choices from a mapping or from (value, label) pairs (database rows too)."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [SelectChoice(value, label) for value, label in items]


class Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ActionForm(Form):
    """A button that changes something: only the CSRF token."""


class SendSummaryForm(Form):
    """The summary page's buttons: each submits ``channel`` ("email" or "text")."""

    channel = HiddenField(validators=[DataRequired(), AnyOf(("email", "text"))])


class ResidentReferralForm(Form):
    """The "refer" button next to a resident on a service's referral page."""

    resident_id = HiddenField(validators=[DataRequired(), Length(max=64)])


class SearchForm(Form):
    terms = StringField(_l("Name or phone"), validators=[
        DataRequired(_l("Enter a name or a phone number.")), Length(max=80)])


class ConsentForm(Form):
    scope = Checkboxes(_l("What may be shared"), choices=choices(SCOPE_LABELS),
                       validators=[DataRequired(_l("Choose what may be shared."))])
    recipients = Checkboxes(_l("With which organizations"), validators=[
        DataRequired(_l("Choose at least one organization."))])
    #: Words to look for another organization by name, and the button that does it
    #: (the form is shown again with what it found, nothing saved).
    find = StringField(_l("Find another organization"), validators=[Length(max=80)])
    search = SubmitField(_l("Find"))
    purpose = StringField(_l("Purpose"), validators=[DataRequired(REQUIRED), Length(max=500)])
    valid_until = DayField(_l("Valid until (the last day)"), validators=[DataRequired(REQUIRED)])
    method = RadioField(_l("How consent was given"), choices=choices(METHOD_LABELS),
                        validators=[DataRequired(_l("Choose how consent was given."))])
    witness = StringField(_l("Witness"), validators=[Length(max=120)])
    #: Where to go once it is saved (a workspace path, checked before use).
    next = HiddenField(validators=[Length(max=500)])
    part2 = BooleanField(_l("This is a 42 CFR Part 2 consent (substance-use treatment)"))
    part2_patient_name = StringField(_l("Resident's name as on the consent"),
                                     validators=[Length(max=120)])
    part2_disclosing_party = StringField(_l("Who may disclose"), validators=[Length(max=500)])
    part2_information = TextAreaField(_l("How much and what kind of information"))
    part2_recipients = TextAreaField(_l("Recipients, by name or general designation"))
    part2_revocation_statement = TextAreaField(_l("The right to revoke and how"))
    part2_expiry_event = StringField(_l("Ends earlier on this event (optional)"))
    part2_signed_by = StringField(_l("Signed by"), validators=[Length(max=120)])
    part2_signed_on = DayField(_l("Date signed"), validators=[Optional()])


class RevokeForm(Form):
    reason = StringField(_l("Reason for revoking"), validators=[Length(max=500)])


class NeedForm(Form):
    taxonomy_term_id = SelectField(_l("Need"), validators=[DataRequired(REQUIRED)])
    urgency = RadioField(_l("Urgency"), choices=choices(URGENCY_LABELS),
                         validators=[DataRequired(REQUIRED)])
    own_words = TextAreaField(_l("In the resident's own words"),
                              validators=[Length(max=2000)])


class NeedStatusForm(Form):
    status = HiddenField(validators=[DataRequired(), AnyOf(NEED_STATUSES)])
    #: The state the page showed: a change from another is refused.
    seen = HiddenField(validators=[Optional(), AnyOf(NEED_STATUSES)])


class ReferralForm(Form):
    """A referral for one need (chosen first) to one of the services for it (both shown
    by hand: the page lists each service with its organization and phone)."""

    need = StringField(_l("For which need"), validators=[
        DataRequired(_l("Choose the need first.")), Length(max=64)])
    service_id = StringField(_l("Service"), validators=[
        DataRequired(_l("Choose a service.")), Length(max=64)])
    part2 = BooleanField(_l("Substance-use treatment (42 CFR Part 2)"))
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])
    appointment_at = DateTimeLocalField(_l("Appointment, if one is made (optional)"),
                                        validators=[Optional()])
    resident_choice = RadioField(
        _l("Was this the resident's choice among the services offered?"),
        choices=choices(CHOICE_LABELS), default="not_asked", validators=[Optional()])
    action = SelectField(_l("Then"), choices=choices([
        ("send", _l("Send to the provider")), ("draft", _l("Save as a draft"))]))
    #: The consent the resident gives now for the service's organization (optional: used
    #: when none is on file; Part 2 consents have their own form).
    consent_scope = Checkboxes(_l("What may be shared"), choices=choices(
        (k, v) for k, v in SCOPE_LABELS.items() if k != "substance_use"))
    consent_valid_until = DayField(_l("Valid until (the last day)"), validators=[Optional()])
    consent_method = RadioField(_l("How consent was given"), validators=[Optional()],
                                choices=choices(METHOD_LABELS))
    consent_witness = StringField(_l("Witness"), validators=[Length(max=120)])
    #: The warm handoff made right after sending (optional).
    handoff_method = RadioField(_l("Method"), validators=[Optional()],
                                choices=choices(HANDOFF_LABELS))
    handoff_contact_person = StringField(_l("Provider's contact person"),
                                         validators=[Length(max=120)])
    handoff_happened_at = DateTimeLocalField(_l("When"), validators=[Optional()])
    handoff_resident_present = BooleanField(_l("The resident was present"))
    handoff_outcome = RadioField(_l("Outcome"), validators=[Optional()],
                                 choices=choices(HANDOFF_OUTCOME_LABELS))
    handoff_notes = TextAreaField(_l("Notes"), validators=[Length(max=4000)])

    def consent_given(self) -> bool:
        return bool(self.consent_scope.data or self.consent_method.data
                    or self.consent_valid_until.raw_data and self.consent_valid_until.raw_data[0]
                    or (self.consent_witness.data or "").strip())

    def handoff_given(self) -> bool:
        return bool(self.handoff_method.data or (self.handoff_contact_person.data or "").strip()
                    or self.handoff_outcome.data)

    def validate(self, extra_validators=None) -> bool:
        """The consent's and the handoff's fields are required once either is begun."""
        valid = super().validate(extra_validators)
        groups = [(self.consent_given(), (self.consent_scope, self.consent_valid_until,
                                          self.consent_method)),
                  (self.handoff_given(), (self.handoff_method, self.handoff_contact_person,
                                          self.handoff_happened_at, self.handoff_outcome))]
        for given, fields in groups:
            for field in fields if given else ():
                if not field.data and not field.errors:
                    field.errors = [*field.errors, REQUIRED]
                    valid = False
        return valid

    def consent_fields(self) -> dict | None:
        """The consent given, as ``consents.record_consent`` takes it (its last day still
        to be made a moment), or None."""
        if not self.consent_given():
            return None
        return {"scope": self.consent_scope.data, "method": self.consent_method.data,
                "witness": self.consent_witness.data}

    def handoff_fields(self) -> dict | None:
        if not self.handoff_given():
            return None
        return {"method": self.handoff_method.data,
                "contact_person": self.handoff_contact_person.data,
                "resident_present": self.handoff_resident_present.data,
                "outcome": self.handoff_outcome.data, "notes": self.handoff_notes.data or ""}


def next_states(referral, user) -> list[SelectChoice]:
    """The states ``user`` may move ``referral`` to, after an empty first choice (so that
    nothing is chosen by accident); an empty list when there are none."""
    allowed = allowed_transitions(referral, user)
    states = [(s, STATUS_LABELS[s]) for s in STATUSES if s in allowed]
    return choices([("", _l("Choose…"))] + states) if states else []


class StatusForm(Form):
    to = SelectField(_l("New state"), validators=[DataRequired(REQUIRED)])
    reason = SelectField(_l("Reason"), validators=[Optional()], choices=choices(
        [("", "—")] + [(r, REASON_LABELS[r]) for r in DECLINE_REASONS + NOT_CONNECTED_REASONS]))
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])
    #: The state the page showed: a change from another is refused.
    seen = HiddenField(validators=[Optional(), AnyOf(STATUSES)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every state is a valid choice of a posted form, so that a change out of turn
        # is told by the transition rules (``referrals.change_status``), in their words.
        # A page showing the form narrows the choices to ``next_states``.
        self.to.choices = choices((s, s) for s in STATUSES)


class NavigatorStatusForm(StatusForm):
    """A navigator's change of state, on the referral's page or beside a notice on the
    workspace, which it goes back to (``next``: a workspace path, checked before use)."""

    next = HiddenField(validators=[Length(max=500)])


class HandoffForm(Form):
    method = RadioField(_l("Method"), choices=choices(HANDOFF_LABELS),
                        validators=[DataRequired(REQUIRED)])
    contact_person = StringField(_l("Provider's contact person"), validators=[
        DataRequired(REQUIRED), Length(max=120)])
    happened_at = DateTimeLocalField(_l("When"), validators=[InputRequired(REQUIRED)])
    resident_present = BooleanField(_l("The resident was present"))
    outcome = RadioField(_l("Outcome"), choices=choices(HANDOFF_OUTCOME_LABELS),
                         validators=[DataRequired(REQUIRED)])
    appointment_at = DateTimeLocalField(_l("Appointment, if one was made (optional)"),
                                        validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=4000)])


class EncounterForm(Form):
    kind = RadioField(_l("How"), choices=choices(ENCOUNTER_LABELS),
                      validators=[DataRequired(REQUIRED)])
    happened_at = DateTimeLocalField(_l("When"), validators=[InputRequired(REQUIRED)])
    crisis_outcome = SelectField(
        _l("This contact follows a crisis response: how did the crisis end?"),
        choices=choices([("", _l("Not a crisis response, or not known"))]
                        + list(CRISIS_LABELS.items())), validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=4000)])
    #: When to follow up, on the city's clock (empty: the usual delay).
    follow_up_at = DateTimeLocalField(_l("Follow up by (optional)"), validators=[Optional()])


class FollowUpForm(Form):
    outcome = SelectField(_l("Outcome"), choices=choices(FOLLOW_UP_LABELS),
                          validators=[DataRequired(REQUIRED)])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=4000)])


class FollowUpDueForm(Form):
    """A follow-up's due time, set by the navigator (on the city's clock)."""

    due_at = DateTimeLocalField(_l("Due"), validators=[InputRequired(REQUIRED)])


class SettingsForm(Form):
    """A navigator's own settings."""

    notify_by_email = BooleanField(_l("Email me when a provider answers a referral I sent"))
