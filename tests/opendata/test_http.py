"""HTTP behaviour of the public data: validators and 304, CORS, and the per-client rate limit."""

import datetime

import pytest
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/events", "/api/v1/groups", "/api/v1/kinds", "/open-data/events.csv"])
def test_etag_and_last_modified_give_304_until_the_data_changes(client, catalogue, make_event, url):
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # Same bytes, same validators: Last-Modified does not move with the clock.
    assert client.get(url)["Last-Modified"] == modified


def test_a_change_gives_a_new_etag_and_a_later_last_modified(client, catalogue, make_event, make_group):
    url = "/api/v1/events"
    first = client.get(url)
    make_event("Open Data Day", start_date=timezone.localdate() + datetime.timedelta(days=3))
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert changed.status_code == 200
    assert "Open Data Day" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]
    assert parse_http_date(changed["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    # A client that only sends If-Modified-Since is not told its old copy is current.
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


def test_an_unpublished_event_changes_the_answer(client, catalogue):
    url = "/api/v1/events?kind=hackathon"
    first = client.get(url)
    catalogue["hackday"].unpublish()
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert again.json()["count"] == 0


def test_errors_are_never_304(client, catalogue):
    response = client.get("/api/v1/events?page=99", HTTP_IF_MODIFIED_SINCE=http_date(2e9))
    assert response.status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/events", "/api/v1/openapi.json", "/open-data/events.json"])
def test_cors_lets_any_site_read_with_get(client, catalogue, url):
    response = client.get(url, HTTP_ORIGIN="https://example.com")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    # No credentials: the data is the same for everyone.
    assert not response.has_header("Access-Control-Allow-Credentials")


def test_cors_preflight_for_conditional_requests(client, catalogue):
    response = client.options(
        "/api/v1/events",
        HTTP_ORIGIN="https://example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def test_304_answers_carry_cors_headers(client, catalogue):
    etag = client.get("/api/v1/events")["ETag"]
    response = client.get("/api/v1/events", HTTP_IF_NONE_MATCH=etag, HTTP_ORIGIN="https://example.com")
    assert response.status_code == 304
    assert response["Access-Control-Allow-Origin"] == "*"


def test_writes_are_refused(client, catalogue):
    assert client.post("/api/v1/events").status_code == 405
    assert client.delete("/api/v1/groups").status_code == 405
    assert client.post("/open-data/events.csv").status_code == 405


def test_rate_limit_per_client_address(client, catalogue, settings):
    settings.CONVENE_API_RATE_LIMIT = "3/minute"
    for _ in range(3):
        assert client.get("/api/v1/kinds", REMOTE_ADDR="203.0.113.5").status_code == 200
    refused = client.get("/api/v1/kinds", REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"]
    assert refused["Access-Control-Allow-Origin"] == "*"  # a script can read why it was refused
    # The downloads share the same budget.
    assert client.get("/open-data/events.csv", REMOTE_ADDR="203.0.113.5").status_code == 429
    # Another address has its own budget.
    assert client.get("/api/v1/kinds", REMOTE_ADDR="198.51.100.7").status_code == 200


def test_forwarded_for_cannot_be_forged_to_escape_the_limit(client, catalogue, settings):
    settings.CONVENE_API_RATE_LIMIT = "2/minute"
    settings.CONVENE_TRUSTED_PROXIES = 0
    for n in range(2):
        client.get("/api/v1/kinds", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert client.get("/api/v1/kinds", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="10.0.0.9").status_code == 429


def test_behind_a_trusted_proxy_the_client_is_the_address_it_saw(client, catalogue, settings):
    settings.CONVENE_API_RATE_LIMIT = "2/minute"
    settings.CONVENE_TRUSTED_PROXIES = 1
    proxy = "10.0.0.1"
    for _ in range(2):
        # Whatever the client wrote first, the proxy appends the address it saw last.
        client.get("/api/v1/kinds", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    forged = client.get("/api/v1/kinds", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="5.6.7.8, 203.0.113.5")
    assert forged.status_code == 429
    assert client.get("/api/v1/kinds", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200
