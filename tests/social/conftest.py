import datetime

import pytest
from django.utils import timezone

from social.models import Channel
from social.services.compose import Week


@pytest.fixture
def week():
    """A whole ISO week comfortably in the future (its Monday is 14 to 20 days from today)."""
    return Week.containing(timezone.localdate() + datetime.timedelta(days=14))


@pytest.fixture
def day(week):
    def build(offset, hour=18, minute=30):
        return {
            "start_date": week.monday + datetime.timedelta(days=offset),
            "start_time": datetime.time(hour, minute),
            "end_time": datetime.time(hour + 2, minute),
        }

    return build


@pytest.fixture
def make_channel(db):
    def build(network="x", **fields):
        defaults = {
            "x": {"name": "X", "env_access_token": "CONVENE_TEST_X_TOKEN"},
            "mastodon": {
                "name": "Mastodon",
                "base_url": "http://127.0.0.1:1",
                "env_access_token": "CONVENE_TEST_MASTODON_TOKEN",
            },
            "bluesky": {
                "name": "Bluesky",
                "base_url": "http://127.0.0.1:1",
                "handle": "civictech.test",
                "env_password": "CONVENE_TEST_BSKY_PASSWORD",
            },
        }[network]
        return Channel.objects.create(network=network, **{**defaults, **fields})

    return build
