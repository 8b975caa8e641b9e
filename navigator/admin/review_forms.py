"""The review queue's forms: a decision with its note, and a proposal edited before it is
approved.

Edit-then-approve shows a proposal in the listing's own forms, those the provider filled
in (``navigator.review.forms`` and the hours editor's ``HoursForm``): one per section the
proposal touches, prefilled with the listing as it would be, narrowed to the proposal's
fields. Only those come back: the rest of a section is not the proposal's to change, and
an edit there would be dropped without a word. The provider's checks apply, so what the
admin approves is stored as the page showed it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from navigator.forms import Form
from navigator.review import fields, terms
from navigator.review.forms import SECTIONS, Section, SectionForm, section_form
from navigator.review.hours_form import HoursForm
from navigator.review.queue import REPORT_OUTCOMES

NOTE_LENGTH = Length(max=2000, message=_l("Use 2,000 characters or fewer."))
#: The proposal's field with an editor of its own, and the prefix of that editor's fields.
HOURS = "hours"
#: The page's CSRF token is the note's form's: the forms beside it check none.
NO_CSRF = {"csrf": False}


def _note(id_: str, required: bool = False, label=None):
    """A decision's note; each form of a page has its own element id."""
    if required:
        return TextAreaField(label, id=id_, validators=[DataRequired(_l(
            "Write a note for the provider: why this is not approved, and what would be.")),
            NOTE_LENGTH])
    return TextAreaField(label or _l("Note (optional)"), id=id_,
                         validators=[Optional(), NOTE_LENGTH])


class NoteForm(Form):
    """A decision that may say why: approving as proposed, or an access request."""

    note = _note("approve-note")


class RejectForm(Form):
    """Turning a proposal down: the provider reads why."""

    note = _note("reject-note", required=True, label=_l("Note for the provider"))


class DeclineForm(Form):
    """Turning an access request down, perhaps saying why (for the other admins)."""

    note = _note("reject-note")


class ReportDecisionForm(Form):
    """What the admin concludes of a report: the page's two buttons post ``outcome``."""

    note = _note("note")
    outcome = StringField(_l("Outcome"), validators=[
        InputRequired(_l("Choose fixed or checked, or dismiss.")),
        AnyOf(REPORT_OUTCOMES, message=_l("Choose fixed or checked, or dismiss."))])


class EditForm(Form):
    """The decision of an approval with edits: its note (and the page's CSRF token)."""

    note = _note("edit-note")


@dataclass
class ProposalEdit:
    """A proposal in the listing's forms: ``sections`` (each with its form), ``hours``
    (when it proposes hours) and the decision's ``note``; ``originals`` are the English
    texts shown beside their Spanish, ``shown_terms`` the categories offered."""

    note: EditForm
    sections: list[tuple[Section, SectionForm]]
    hours: HoursForm | None = None
    originals: dict[str, Any] = field(default_factory=dict)
    shown_terms: list = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, proposal, record, formdata=None) -> "ProposalEdit":
        """The proposal's values over ``record``'s (its other fields give the forms
        their context: the English beside the Spanish, the phone types offered); or,
        with ``formdata``, what the admin sent."""
        kind, proposed = proposal.resource_type, proposal.values
        touched = [s for s in SECTIONS[kind] if set(s.fields) & set(proposed)]
        names = sorted({name for s in touched for name in (*s.fields, *s.beside)})
        values = {**(fields.current(kind, record, names) if names else {}), **proposed}
        sections = [(s, section_form(kind, s.name, values, formdata=formdata,
                                     only=set(proposed), prefix=s.name, meta=NO_CSRF))
                    for s in touched]
        hours = None
        if HOURS in proposed:
            make = HoursForm.of if formdata is None else HoursForm.posted
            options = {} if formdata is None else {"formdata": formdata}
            hours = make(proposed[HOURS], prefix=HOURS, meta=NO_CSRF, **options)
        chosen = [form for s, form in sections if s.name == "categories"]
        return cls(
            EditForm(formdata=formdata), sections, hours,
            originals={name: values.get(name) for s in touched for name in s.beside},
            shown_terms=terms.shown(chosen[0].taxonomy.terms, chosen[0].taxonomy.data or [])
            if chosen else [])

    def validate(self) -> bool:
        forms = [self.note, *(form for _section, form in self.sections),
                 *([self.hours] if self.hours is not None else [])]
        return all([form.validate() for form in forms])  # each, for all its errors

    def values(self) -> dict[str, Any]:
        """The admin's values of the proposal's fields, in the proposal's shapes."""
        values: dict[str, Any] = {}
        for _section, form in self.sections:
            values.update(form.values())
        if self.hours is not None:
            values[HOURS] = self.hours.rows()
        return values

    def refuse(self, problem: str, message: str) -> None:
        """A refusal of the values at approval (``fields.clean``'s "name: why"): with
        the section of that field, else at the top of the form."""
        name = problem.split(":", 1)[0]
        form = next((form for s, form in self.sections if name in s.fields), None)
        (form.form_errors if form is not None else self.refusals).append(message)

    def problems(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) of each error, in page order, for the summary."""
        found = [problem for _section, form in self.sections for problem in form.problems()]
        if self.hours is not None:
            found += self.hours.problems()
        note = self.note.note
        if note.errors:
            found.append((note.id, note.label.text, note.errors[0]))
        if self.note.csrf_token.errors:
            found.append(("", "", _("The form expired. Please send it again.")))
        return found + [("", "", message) for message in self.refusals]
