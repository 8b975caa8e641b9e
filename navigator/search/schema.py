"""The Whoosh index: one document per service at a location (or per service with no place).

Only what the results page and the in-memory filters need is stored; long text is
indexed, not stored (stored descriptions are much of an index's size).
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from .analysis import english, spanish, spelling

#: Weights of the text fields: a word in a service's name says more than one in
#: its description.
FIELD_BOOSTS = {"name": 4.0, "terms": 3.0, "organization": 1.5, "body": 1.0, "es": 2.5}


def build_schema() -> Schema:
    en, es = english(), spanish()
    return Schema(
        doc_id=ID(stored=True, unique=True),
        service_id=ID(stored=True),
        # Text, searched.
        # No positions (phrase=False): no query here matches phrases, and positions
        # would make the index bigger and its build slower.
        name=TEXT(analyzer=en, stored=True, phrase=False, field_boost=FIELD_BOOSTS["name"]),
        organization=TEXT(analyzer=en, stored=True, phrase=False,
                          field_boost=FIELD_BOOSTS["organization"]),
        terms=TEXT(analyzer=en, phrase=False, field_boost=FIELD_BOOSTS["terms"]),
        body=TEXT(analyzer=en, phrase=False, field_boost=FIELD_BOOSTS["body"]),
        es=TEXT(analyzer=es, phrase=False, field_boost=FIELD_BOOSTS["es"]),
        spell=TEXT(analyzer=spelling(), phrase=False),
        # Category codes, matched by the categories people's words point at. (Filters
        # by category read the stored data: ``columns.Columns``.)
        codes=KEYWORD(commas=True),
        # Concepts (``concepts.py``) the listing's categories stand for.
        concepts=KEYWORD(commas=True),
        # Everything the results page and the filters read, kept per document.
        data=STORED(),
        # Only on the one marker document: the change of the directory's change log the
        # index has applied up to (``index.Applied``).
        applied=STORED(),
    )
