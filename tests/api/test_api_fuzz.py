"""A property-based run of schemathesis against ``/api/openapi.json``: generated requests,
valid and invalid, to every operation of the document, on the Durham directory. No
answer may be a server error, and every answer must be one the document describes
(status, content type, headers, body valid against its schema); invalid parameters
must be refused.

Derandomized, with a modest number of examples per operation and mode, so that it is
the same run every time and takes well under a minute.

One of schemathesis's checks is left out: ``positive_data_acceptance`` expects a 2xx
for every value the schema allows, but whether a postcode or a place exists depends on
the directory and the gazetteer (an unknown one is a documented 400, naming it)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from navigator.api.documentation import document

EXAMPLES = 25
PATHS = sorted(document()["paths"])
#: Operations with query parameters: the only ones invalid requests can be made for
#: (an id in the path is any string).
WITH_QUERY = [path for path in PATHS if "parameters" in document()["paths"][path]["get"]]


@pytest.fixture(scope="module")
def api_schema(durham):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", durham)


def run(operation, mode: GenerationMode) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    def answer_is_described(case):
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    answer_is_described()


@pytest.mark.parametrize("path", PATHS)
def test_valid_requests_get_described_answers(api_schema, path):
    run(api_schema[path]["GET"], GenerationMode.POSITIVE)


@pytest.mark.parametrize("path", WITH_QUERY)
def test_invalid_requests_are_refused_as_described(api_schema, path):
    run(api_schema[path]["GET"], GenerationMode.NEGATIVE)


def test_the_run_covers_every_operation_with_parameters():
    assert {"/services", "/service_at_locations", "/organizations", "/organizations/{id}",
            "/taxonomies", "/taxonomy_terms", "/search"} <= set(WITH_QUERY)
