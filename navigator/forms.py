"""The base of every form.

``Form`` refuses text that cannot be stored (``request_input.storable``: a NUL, which
PostgreSQL refuses) in any field, with the error beside the field and the text kept,
the character shown as U+FFFD, so that nothing the person typed is lost.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from .request_input import replace_unstorable, storable

UNSTORABLE = _l("This has a character we cannot save (shown as \ufffd). Remove it and "
                "send the form again.")


class Form(FlaskForm):
    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            values = [v for v in field.raw_data or () if isinstance(v, str)]
            if all(storable(v) for v in values):
                continue
            field.errors = [UNSTORABLE, *field.errors]
            field.raw_data = [replace_unstorable(v) for v in values]
            if isinstance(field.data, str):
                field.data = replace_unstorable(field.data)
            elif isinstance(field.data, list):
                field.data = [replace_unstorable(v) if isinstance(v, str) else v
                              for v in field.data]
            valid = False
        return valid
