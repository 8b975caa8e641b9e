"""The review queue's forms: a decision with its note, and a proposal edited before it is
approved.

Edit-then-approve offers the fields a form can edit today, prefilled with the proposed
values: texts and numbers (``EDITORS``). Rows, the Spanish texts and the address are
shown read-only until ``navigator.review.forms.section_form`` can edit them: register
their kinds in ``EDITORS`` then, and the page and the view follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask_babel import lazy_gettext as _l
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, \
    ValidationError

from navigator.forms import Form
from navigator.request_input import decimal_number
from navigator.review.queue import REPORT_OUTCOMES

from .review_diff import FieldDiff, number_text

NOTE_LENGTH = Length(max=2000, message=_l("Use 2,000 characters or fewer."))
TEXT_LENGTH = Length(max=10000, message=_l("Use 10,000 characters or fewer."))


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


def _number(form, field) -> None:
    if field.data:
        try:
            decimal_number(field.data, 0)
        except ValueError:
            raise ValidationError(_l("Enter a number, such as 18.")) from None


@dataclass(frozen=True)
class Editor:
    """How one kind of field is edited: its form field, made from the field's label and
    proposed value (``make``), and the value read back (``read``)."""

    make: Callable[[FieldDiff], Field]
    read: Callable[[Any], Any]


def _text_field(diff: FieldDiff) -> Field:
    long = len(diff.proposed or "") > 80 or "\n" in (diff.proposed or "")
    kind = TextAreaField if long else StringField
    return kind(diff.label, default=diff.proposed or "", validators=[Optional(), TEXT_LENGTH])


def _number_field(diff: FieldDiff) -> Field:
    return StringField(diff.label, default=number_text(diff.proposed),
                       validators=[Optional(), _number])


EDITORS: dict[str, Editor] = {
    "text": Editor(_text_field, lambda data: (data or "").strip() or None),
    "number": Editor(_number_field, lambda data: decimal_number(data) if data else None),
    # "rows" and "parts": navigator.review.forms.section_form, once it exists.
}


def editable(diffs: list[FieldDiff]) -> list[FieldDiff]:
    return [diff for diff in diffs if diff.kind in EDITORS]


def field_key(name: str) -> str:
    """The form field of a listing's field (never one of the form's own names)."""
    return f"value_{name}"


def edit_form(diffs: list[FieldDiff], **options):
    """A form of the proposal's editable fields, prefilled with the proposed values, and a
    note (``options`` as any form takes them); ``edited_values`` reads it back."""

    class EditForm(Form):
        note = _note("edit-note")

    for diff in editable(diffs):
        setattr(EditForm, field_key(diff.name), EDITORS[diff.kind].make(diff))
    return EditForm(**options)


def edited_values(form, diffs: list[FieldDiff]) -> dict[str, Any]:
    """The admin's values of the editable fields, as a proposal holds them."""
    return {diff.name: EDITORS[diff.kind].read(form[field_key(diff.name)].data)
            for diff in editable(diffs)}


def show_refusal(form, diffs: list[FieldDiff], problem: str, message) -> bool:
    """Put a refusal of the values (``fields.clean``'s "name: why") beside its field;
    False when it names none of the form's."""
    name = problem.split(":", 1)[0]
    if any(diff.name == name for diff in editable(diffs)):
        form[field_key(name)].errors = [*form[field_key(name)].errors, message]
        return True
    return False
