"""The OpenAPI document, run against the live app: every operation with property-based inputs.

Schemathesis generates requests from the API's OpenAPI document (Hypothesis), sends them over HTTP
to a live server on the test database (PostgreSQL in CI), and checks each answer: no 5xx, a
documented status code and content type, and headers and a body that match the document.

(The document is read from the app object rather than through a fixture: schemathesis'
fixture-based loader does not run under pytest 9. The requests still go to the live server.)
"""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from opendata.api import api

pytestmark = pytest.mark.django_db(transaction=True)


def _document():
    return json.loads(json.dumps(api.get_openapi_schema()))  # as served: status codes as strings


schema = schemathesis.openapi.from_dict(_document())


@pytest.fixture
def live_api(transactional_db, live_server, catalogue, settings):
    settings.CONVENE_API_RATE_LIMIT = ""  # the generated requests all come from one address, fast
    return live_server.url


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_documented(case, live_api):
    case.call_and_validate(base_url=live_api)


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
