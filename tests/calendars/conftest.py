import pytest

from calendars.models import CalendarSource

from .feed_server import FeedServer


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def make_source(make_group):
    def build(url, group=None, **fields):
        group = group or make_group()
        return CalendarSource.objects.create(url=url, group=group, **fields)

    return build
