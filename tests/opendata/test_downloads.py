"""Bulk downloads and the open-data page: the CSV opens cleanly, every field is described."""

import csv
import io
import json

import pytest

from opendata.services import bulk
from tests.html_checker import html_errors

pytestmark = pytest.mark.django_db


def _rows(response):
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark, for spreadsheets
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_csv_has_every_public_date_with_the_licence(client, catalogue):
    response = client.get("/open-data/events.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="convene-events.csv"' in response["Content-Disposition"]
    rows = _rows(response)
    assert len(rows) == 7  # past, upcoming and every date of the series
    assert list(rows[0]) == bulk.csv_columns()
    assert {row["license"] for row in rows} == {"https://creativecommons.org/licenses/by/4.0/"}
    hackday = next(row for row in rows if row["name"] == "Tech and the City hack day")
    assert hackday["location.address.addressLocality"] == "Mississauga"
    assert hackday["location.geo.longitude"] == "-79.662"  # a number stays a number
    assert hackday["keywords"] == "open data"


def test_csv_defuses_formulas_and_keeps_text_intact(client, make_event, make_venue):
    venue = make_venue(name='=HYPERLINK("http://evil.example","x")', city="Montréal")
    make_event("+SUM(A1:A9)", summary="@cmd|' /C calc'!A0", venue=venue, tags=["-2+3", "café, crème"])
    row = _rows(client.get("/open-data/events.csv"))[0]
    assert row["name"] == "'+SUM(A1:A9)"
    assert row["description"] == "'@cmd|' /C calc'!A0"
    assert row["location.name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["location.address.addressLocality"] == "Montréal"
    assert row["keywords"] == "'-2+3; café, crème"


def test_json_download_names_the_licence_and_holds_the_api_records(client, catalogue):
    response = client.get("/open-data/events.json")
    document = json.loads(response.content)
    assert document["license"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert document["updateFrequency"]
    assert len(document["events"]) == 7
    by_id = {event["identifier"]: event for event in document["events"]}
    upcoming = client.get("/api/v1/events?page_size=100").json()["items"]
    for item in upcoming:
        assert by_id[item["identifier"]] == item


def test_open_data_page_describes_every_field_licence_and_frequency(client, catalogue, settings):
    settings.CONVENE_OPEN_DATA_UPDATE_FREQUENCY = "Every request: the files are built from the live site."
    html = client.get("/open-data/").content.decode()
    for column in bulk.csv_columns():
        assert f"<code>{column}</code>" in html
    for row in bulk.dictionary():
        assert row["description"], row["name"]
    assert "https://creativecommons.org/licenses/by/4.0/" in html
    assert "Every request: the files are built from the live site." in html
    for link in ("/open-data/events.csv", "/open-data/events.json", "/calendar/events.ics", "/api/"):
        assert f'href="{link}"' in html


def test_api_docs_page_lists_every_operation_and_parameter(client, catalogue):
    html = client.get("/api/").content.decode()
    for path in ("/api/v1/events", "/api/v1/events/{identifier}", "/api/v1/groups", "/api/v1/kinds", "/api/v1/tags"):
        assert f"GET {path}</code>" in html
    for parameter in ("kind", "group", "tag", "city", "q", "when", "from", "to", "page", "page_size"):
        assert f"<code>{parameter}</code>" in html
    assert "<script" not in html.split("</main>")[0].split("<main")[1]  # readable without JavaScript or a CDN
    assert 'href="/api/v1/openapi.json"' in html


def test_pages_are_valid_html(client, catalogue):
    pages = {url: client.get(url).content.decode() for url in ("/open-data/", "/api/")}
    assert html_errors(pages) == {}
