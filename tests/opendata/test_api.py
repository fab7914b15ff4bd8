"""The public API: one item per date, the listing's filters, pagination, and single dates."""

import datetime

import pytest
from django.utils import timezone

from events.services.occurrences import cancel_occurrence

pytestmark = pytest.mark.django_db


def _names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_events_are_one_item_per_date_naming_their_series(client, catalogue):
    hacknight = catalogue["hacknight"]
    items = client.get("/api/v1/events?group=civic-tech-toronto").json()["items"]
    dates = list(hacknight.occurrences.order_by("start"))
    assert len(items) == len(dates) == 5
    assert [item["identifier"] for item in items] == [o.pk for o in dates]
    for item, occurrence in zip(items, dates, strict=True):
        assert item["superEvent"]["identifier"] == hacknight.pk
        assert item["superEvent"]["repeatFrequency"] == "P1W"
        assert item["url"].endswith(f"?date={occurrence.original_date.isoformat()}")
        assert item["startDate"] == occurrence.start.astimezone(hacknight.tz).isoformat()


def test_event_fields_follow_schema_org(client, catalogue):
    hackday = catalogue["hackday"]
    item = client.get("/api/v1/events?kind=hackathon").json()["items"][0]
    assert item["name"] == "Tech and the City hack day"
    assert item["eventStatus"] == "https://schema.org/EventScheduled"
    assert item["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert item["location"]["address"]["addressLocality"] == "Mississauga"
    assert item["location"]["geo"] == {"latitude": 43.549, "longitude": -79.662}
    assert item["organizer"]["name"] == "HackerNest Mississauga"
    assert item["keywords"] == ["open data"]
    assert item["maximumAttendeeCapacity"] == 80
    assert item["superEvent"] is None
    assert item["url"] == hackday.get_full_url()


def test_cancelled_date_stays_listed_as_cancelled(client, catalogue):
    occurrence = catalogue["hacknight"].occurrences.order_by("start")[1]
    cancel_occurrence(occurrence)
    item = client.get(f"/api/v1/events/{occurrence.pk}").json()
    assert item["eventStatus"] == "https://schema.org/EventCancelled"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "when=past",
        "kind=hackathon",
        "group=civic-tech-toronto",
        "tag=open-data",
        "city=mississauga",
        "q=tech+and+the",
        "q=hackernest",
        "kind=hacknight&city=Mississauga",
        "group=no-such-group",
        "city=" + "x" * 100,
    ],
)
def test_filters_agree_with_the_listing(client, catalogue, query):
    api = client.get(f"/api/v1/events?page_size=100&{query}").json()["items"]
    listing = client.get(f"/events/?{query}").context["occurrences"]
    assert [item["identifier"] for item in api] == [o.pk for o in listing]


def test_date_range_selects_past_and_upcoming_dates(client, catalogue):
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=61), today + datetime.timedelta(days=20)
    names = _names(client.get(f"/api/v1/events?from={start}&to={end}&page_size=100"))
    assert names[0] == "Code and the City"
    assert "Tech and the City hack day" in names
    assert names.count("Weekly hacknight") == 3  # days 1, 8 and 15


def test_days_beyond_the_sites_range_are_its_bounds(client, catalogue):
    everything = client.get("/api/v1/events?from=0001-01-01&to=9999-12-31&page_size=100").json()
    assert everything["count"] == 7  # 5 hacknights, the hack day and the past event


@pytest.mark.parametrize(
    "query",
    [
        "kind=nonsense",
        "when=future",
        "from=2026-02-30",
        "to=0",
        "from=20261122",
        "page=0",
        "page=abc",
        "page_size=101",
        "page_size=0",
        "q=" + "x" * 101,
    ],
)
def test_bad_parameters_are_422_with_a_message(client, catalogue, query):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_control_characters_are_refused_before_the_api(client, catalogue):
    assert client.get("/api/v1/events?q=a%00b").status_code == 400


def test_pagination_links_keep_the_filters(client, catalogue):
    first = client.get("/api/v1/events?group=civic-tech-toronto&page_size=2").json()
    assert (first["count"], first["pages"], first["page"]) == (5, 3, 1)
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/events?group=civic-tech-toronto&page_size=2&page=2"
    last = client.get("/api/v1/events?group=civic-tech-toronto&page_size=2&page=3").json()
    assert len(last["items"]) == 1 and last["next"] is None
    assert client.get("/api/v1/events?page=4&page_size=2&group=civic-tech-toronto").status_code == 404


def test_groups_venues_kinds_and_tags(client, catalogue):
    groups = client.get("/api/v1/groups").json()["items"]
    assert [g["slug"] for g in groups] == ["civic-tech-toronto", "hackernest-mississauga"]
    assert groups[0]["sameAs"] == ["https://civictech.ca"]
    venues = client.get("/api/v1/venues").json()["items"]
    assert [v["name"] for v in venues] == ["UTM Innovation Complex"]
    kinds = client.get("/api/v1/kinds").json()["items"]
    assert {"value": "hackathon", "label": "Hackathon"} in kinds
    tags = client.get("/api/v1/tags").json()["items"]
    assert tags == [{"slug": "civic-tech", "name": "civic tech"}, {"slug": "open-data", "name": "open data"}]


def test_single_date_and_unknown_ids(client, catalogue):
    occurrence = catalogue["hackday"].occurrences.get()
    assert client.get(f"/api/v1/events/{occurrence.pk}").json()["name"] == "Tech and the City hack day"
    assert client.get("/api/v1/events/999999999").status_code == 404
    assert client.get("/api/v1/events/99999999999999999999999").status_code == 422
    assert client.get("/api/v1/events/0").status_code == 422


def test_licence_is_named_in_the_api_and_its_document(client, catalogue, settings):
    settings.CONVENE_OPEN_DATA_LICENSE_NAME = "ODC-By 1.0"
    settings.CONVENE_OPEN_DATA_LICENSE_URL = "https://opendatacommons.org/licenses/by/1-0/"
    response = client.get("/api/v1/events")
    assert response.json()["license"] == "https://opendatacommons.org/licenses/by/1-0/"
    assert response["Link"] == '<https://opendatacommons.org/licenses/by/1-0/>; rel="license"'
    info = client.get("/api/v1/openapi.json").json()["info"]
    assert info["license"] == {"name": "ODC-By 1.0", "url": "https://opendatacommons.org/licenses/by/1-0/"}
