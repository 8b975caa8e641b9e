"""A proposal beside the listing as it is now, field by field, for the review page.

Texts are compared word by word (``difflib``); rows (phones, hours, languages...) as whole
rows added, removed or kept; the Spanish texts and the address part by part. Each change
is said in words too ("added", "removed"), never by colour alone: the page
(``admin/_review_diff.html``) reads these shapes and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from navigator.directory.models import TaxonomyTerm
from navigator.extensions import db
from navigator.review import fields
from navigator.review.rows import text_value

#: The words of a text and the spaces and punctuation between them.
TOKENS = re.compile(r"\s+|\w+|[^\w\s]")

#: Names of the columns of rows and of the parts of the address, as the page shows them.
COLUMN_LABELS = {
    "number": _l("Number"), "extension": _l("Extension"), "type": _l("Type"),
    "description": _l("Description"), "byday": _l("Days"), "opens_at": _l("Opens"),
    "closes_at": _l("Closes"), "valid_from": _l("Valid from"), "valid_to": _l("Valid until"),
    "name": _l("Name"), "code": _l("Code"), "document": _l("Document"),
    "option": _l("Option"), "amount": _l("Amount"), "currency": _l("Currency"),
    "amount_description": _l("About the amount"), "details": _l("Details"),
    "category": _l("Category"), "address_1": _l("Street"),
    "address_2": _l("Suite, floor or unit"), "city": _l("City"),
    "state_province": _l("State"), "postal_code": _l("ZIP code"),
}


@dataclass(frozen=True)
class Segment:
    text: str
    change: str  # "same", "added" or "removed"


@dataclass
class Part:
    """One part of a field made of parts (a Spanish text, a line of the address)."""

    name: str
    label: Any
    before: list[Segment]
    after: list[Segment]

    @property
    def changed(self) -> bool:
        return any(s.change != "same" for s in (*self.before, *self.after))


@dataclass
class FieldDiff:
    """One field of a proposal: ``now`` in the listing, ``proposed``, and how they differ
    in the shape of its ``kind`` (``text`` and ``number``: ``before``/``after``;
    ``rows``: ``columns``/``rows``; ``parts``: ``parts``)."""

    name: str
    label: Any
    kind: str
    now: Any
    proposed: Any
    changed_since: bool = False  # the listing changed after the proposal was made
    before: list[Segment] = field(default_factory=list)
    after: list[Segment] = field(default_factory=list)
    columns: list[tuple[str, Any]] = field(default_factory=list)
    rows: list[tuple[str, dict]] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)


def kind_of(spec: fields.Field, *values) -> str:
    """How a field is compared and edited: ``text``, ``number``, ``rows`` or ``parts``."""
    if spec.clean is text_value:
        return "text"
    if any(isinstance(v, list) for v in values):
        return "rows"
    if any(isinstance(v, dict) for v in values):
        return "parts"
    return "number"


def words(before: str | None, after: str | None) -> tuple[list[Segment], list[Segment]]:
    """Two texts as segments: what the first lost, what the second gained."""
    a, b = TOKENS.findall(before or ""), TOKENS.findall(after or "")
    left: list[Segment] = []
    right: list[Segment] = []
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        # A space alone between two changes is part of the change: "1 Main" -> "9 Elm"
        # reads as one phrase replaced, not two words.
        same = tag == "equal" and not (
            0 < index < len(opcodes) - 1 and all(t.isspace() for t in a[i1:i2]))
        _add(left, a[i1:i2], "same" if same else "removed")
        _add(right, b[j1:j2], "same" if same else "added")
    return left, right


def _add(segments: list[Segment], tokens: list[str], change: str) -> None:
    text = "".join(tokens)
    if not text:
        return
    if segments and segments[-1].change == change:
        segments[-1] = Segment(segments[-1].text + text, change)
    else:
        segments.append(Segment(text, change))


def number_text(value) -> str:
    """An age as people write it: 18, not 18.0."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def row_changes(now: list[dict], proposed: list[dict]) -> list[tuple[str, dict]]:
    """Each row with its change: kept, removed (only now) or added (only proposed)."""
    remaining = list(proposed)
    changes = []
    for row in now:
        if row in remaining:
            remaining.remove(row)
            changes.append(("kept", row))
        else:
            changes.append(("removed", row))
    return changes + [("added", row) for row in remaining]


def _category_rows(value: list) -> list[dict]:
    """Taxonomy term ids as rows of their names (an unknown id as itself)."""
    ids = [v for v in value if isinstance(v, str)]
    names = dict(db.session.execute(select(TaxonomyTerm.id, TaxonomyTerm.name)
                                    .where(TaxonomyTerm.id.in_(ids))).all()) if ids else {}
    return [{"category": names.get(i, i)} for i in ids]


def _rows(diff: FieldDiff) -> None:
    now, proposed = diff.now or [], diff.proposed or []
    if any(isinstance(v, str) for v in (*now, *proposed)):
        now, proposed = _category_rows(now), _category_rows(proposed)
    diff.rows = row_changes(now, proposed)
    names = [n for row in (*now, *proposed) for n in row]
    shown = [n for n in dict.fromkeys(names) if any(row.get(n) for _, row in diff.rows)]
    diff.columns = [(n, COLUMN_LABELS.get(n, n)) for n in shown]


def _parts(diff: FieldDiff, resource_type: str) -> None:
    now, proposed = diff.now or {}, diff.proposed or {}
    labels = {name: spec.label for name, spec in fields.FIELDS[resource_type].items()}
    for name in dict.fromkeys([*now, *proposed]):
        if not (now.get(name) or proposed.get(name)):
            continue
        before, after = words(now.get(name), proposed.get(name))
        diff.parts.append(Part(name, COLUMN_LABELS.get(name) or labels.get(name, name),
                               before, after))


def field_diff(resource_type: str, name: str, now, proposed, was=None,
               gone: bool = False) -> FieldDiff:
    """One field compared; ``was`` is its value when proposed (``changed_since`` when the
    listing has moved on since), ``gone`` when the record left the directory."""
    spec = fields.FIELDS[resource_type][name]
    kind = kind_of(spec, now, proposed)
    diff = FieldDiff(name, spec.label, kind, now, proposed,
                     changed_since=not gone and now != was)
    if kind == "text":
        diff.before, diff.after = words(now, proposed)
    elif kind == "number":
        diff.before, diff.after = words(number_text(now), number_text(proposed))
    elif kind == "rows":
        _rows(diff)
    else:
        _parts(diff, resource_type)
    return diff


def proposal_diff(proposal, now: dict | None) -> list[FieldDiff]:
    """Every field of ``proposal`` compared with ``now`` (the listing's current values;
    None when its record is gone), in the order the listing's fields come."""
    names = [n for n in fields.FIELDS[proposal.resource_type] if n in proposal.values]
    return [field_diff(proposal.resource_type, name, (now or {}).get(name),
                       proposal.values[name], proposal.previous.get(name), gone=now is None)
            for name in names]
