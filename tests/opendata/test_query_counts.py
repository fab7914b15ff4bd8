"""The API and the bulk files run the same number of queries for 50 events as for 500."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db

URLS = [
    "/api/v1/events?page_size=100",
    "/api/v1/events?tag=civic-tech&page_size=100",
    "/api/v1/groups?page_size=100",
    "/api/v1/venues?page_size=100",
    "/api/v1/tags?page_size=100",
    "/open-data/events.csv",
    "/open-data/events.json",
]


def _populate(make_event, groups, venues, start, count):
    today = timezone.localdate()
    for i in range(start, start + count):
        make_event(
            publish=False,
            group=groups[i % len(groups)],
            venue=venues[i % len(venues)] if i % 3 else None,
            tags=["civic tech", f"topic {i % 7}"],
            start_date=today + datetime.timedelta(days=1 + i % 60),
            repeat="weekly" if i % 50 == 0 else "",
        )


def _counts(client):
    counts = {}
    for url in URLS:
        client.get(url)  # warm Wagtail's site-root cache, as in a running server
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_query_counts_do_not_grow_from_50_to_500_events(client, settings, make_event, make_group, make_venue):
    settings.CONVENE_API_RATE_LIMIT = ""
    groups = [make_group() for _ in range(5)]
    venues = [make_venue() for _ in range(4)]
    _populate(make_event, groups, venues, 0, 50)
    with_50 = _counts(client)
    _populate(make_event, groups, venues, 50, 450)
    with_500 = _counts(client)
    assert with_500 == with_50
    assert max(with_500.values()) <= 5  # measured: 4 for events (count, dates, tags, site), 3 otherwise
