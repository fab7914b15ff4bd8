"""The OpenAPI document, run against the app: every operation with property-based inputs.

Schemathesis generates requests from the API's OpenAPI document (Hypothesis), positive and negative,
sends them through the site's WSGI application (every middleware: the input guard, CORS, validators,
the rate limit) to the test database (PostgreSQL in CI), and checks each answer: no 5xx, a
documented status code and content type, and headers and a body that match the document.

The document is read from the app object rather than through a schemathesis fixture (its
fixture-based loader does not run under pytest 9); in-process WSGI keeps each operation inside the
test's transaction, so the run takes seconds rather than a live server's database flushes.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from opendata.api import api

pytestmark = pytest.mark.django_db


def _document():
    return json.loads(json.dumps(api.get_openapi_schema()))  # as served: status codes as strings


schema = schemathesis.openapi.from_dict(_document())
schema.app = get_wsgi_application()


@pytest.fixture
def published(catalogue, settings):
    settings.CONVENE_API_RATE_LIMIT = ""  # the generated requests all come from one address, fast
    # As Django's test client does: a request must not close the test's connection (and transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield catalogue
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_documented(case, published):
    case.call_and_validate()


def test_the_served_document_is_the_one_tested(client):
    served = client.get("/api/v1/openapi.json").json()
    assert served["openapi"].startswith("3.1")
    assert served == _document()
    assert set(served["paths"]) == {
        "/api/v1/events",
        "/api/v1/events/{identifier}",
        "/api/v1/groups",
        "/api/v1/venues",
        "/api/v1/kinds",
        "/api/v1/tags",
    }
