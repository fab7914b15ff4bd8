import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calendars.models import CalendarSource, ImportedEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_group, make_event):
    toronto = make_group("Civic Tech Toronto", slug="ctto", city="Toronto")
    ottawa = make_group("Civic Tech Ottawa", slug="ctottawa", city="Ottawa")
    own = make_event("Toronto hacknight", group=toronto, start_date=datetime.date.today() + datetime.timedelta(days=2))
    source = CalendarSource.objects.create(
        url="https://www.meetup.com/civic-tech-ottawa/events/ical/", group=ottawa, default_kind="hacknight"
    )
    now = datetime.datetime.now(datetime.UTC)
    rows = [
        ImportedEvent.objects.create(
            source=source,
            uid=f"event_{n}@meetup.com",
            title=f"Ottawa hacknight {n}",
            description="Bring a laptop",
            location="Bayview Yards, Ottawa",
            url=f"https://www.meetup.com/civic-tech-ottawa/events/{n}/",
            start=now + datetime.timedelta(days=n),
            end=now + datetime.timedelta(days=n, hours=2),
            timezone="America/Toronto",
            fingerprint="x",
        )
        for n in (1, 3, 5)
    ]
    return {"toronto": toronto, "ottawa": ottawa, "own": own, "source": source, "rows": rows}


def test_listing_merges_imported_dates_in_date_order(client, world):
    html = client.get("/events/").content.decode()
    titles = ("Ottawa hacknight 1", "Toronto hacknight", "Ottawa hacknight 3", "Ottawa hacknight 5")
    order = [html.index(t) for t in titles]
    assert order == sorted(order)
    assert "4 events" in html
    assert 'href="https://www.meetup.com/civic-tech-ottawa/events/1/"' in html
    assert "Hosted on meetup.com: register there" in html


def test_imported_dates_follow_the_filters_and_search(client, world):
    by_group = client.get("/events/?group=ctottawa").content.decode()
    assert "Ottawa hacknight 3" in by_group and "Toronto hacknight" not in by_group
    assert "Ottawa hacknight" not in client.get("/events/?group=ctto").content.decode()
    assert "Ottawa hacknight 1" in client.get("/events/?kind=hacknight").content.decode()
    assert "Ottawa hacknight 1" not in client.get("/events/?kind=workshop").content.decode()
    assert "Ottawa hacknight 1" in client.get("/events/?city=Ottawa").content.decode()
    searched = client.get("/events/?q=bayview").content.decode()
    assert "Ottawa hacknight 5" in searched and "Toronto hacknight" not in searched


def test_a_hidden_date_is_left_out(client, world):
    world["rows"][0].hidden = True
    world["rows"][0].save()
    html = client.get("/events/").content.decode()
    assert "Ottawa hacknight 1" not in html and "Ottawa hacknight 3" in html


def test_group_page_lists_its_imported_dates(client, world):
    html = client.get(world["ottawa"].url).content.decode()
    assert "Ottawa hacknight 1" in html and "Hosted on meetup.com" in html


def test_listing_query_count_does_not_grow_with_imported_dates(client, world):
    client.get("/events/")  # warm the filter options cache
    with CaptureQueriesContext(connection) as few:
        client.get("/events/")
    source, now = world["source"], datetime.datetime.now(datetime.UTC)
    ImportedEvent.objects.bulk_create(
        ImportedEvent(
            source=source,
            uid=f"bulk{n}@meetup.com",
            title=f"Bulk {n}",
            start=now + datetime.timedelta(hours=n),
            end=now + datetime.timedelta(hours=n + 1),
            fingerprint="x",
        )
        for n in range(60)
    )
    with CaptureQueriesContext(connection) as many:
        client.get("/events/?page=2")
    assert len(many) <= len(few), "\n".join(q["sql"][:300] for q in many.captured_queries)
