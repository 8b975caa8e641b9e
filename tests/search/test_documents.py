"""A few listings' documents, as a follower's step reads them, are what a build writes."""

from __future__ import annotations

from navigator.search.searching import _state


def test_a_few_listings_documents_are_those_of_the_whole_build(durham):
    with durham.app_context():
        documents = _state().index.documents
        built = {document["doc_id"]: document for document in documents(None)}
        ids = sorted({document["service_id"] for document in built.values()})
        stepped = {}
        for start in range(0, len(ids), 7):
            stepped.update((document["doc_id"], document)
                           for document in documents(ids[start:start + 7]))
    assert stepped == built
    # The taxonomy took part: categories with their parents, and their concepts.
    assert sum(len(document["data"]["terms"]) > len(document["data"]["direct_terms"])
               for document in built.values()) > 10
    assert sum(bool(document["data"]["concepts"]) for document in built.values()) > 10
