import datetime

import icalendar
import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Feeds are cached (in Redis when REDIS_URL is set): every test starts from an empty cache."""
    from events.feeds.build import forget_bodies

    cache.clear()
    forget_bodies()
    yield
    cache.clear()
    forget_bodies()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` around a change: what runs after its commit (the feed generation bump) runs at
    the end of the block, as it would in production, although the test's transaction never commits."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block


@pytest.fixture
def fetch(client):
    """GET a feed and parse it with icalendar (asserting it is a calendar)."""

    def get(url, **headers):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.status_code
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        return response, icalendar.Calendar.from_ical(response.content)

    return get


def vevents(calendar, uid=None):
    return [c for c in calendar.walk("VEVENT") if uid is None or str(c["UID"]) == uid]


def local(moment, tz):
    return moment.astimezone(tz).replace(tzinfo=None) if isinstance(moment, datetime.datetime) else moment
