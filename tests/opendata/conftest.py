import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters and Last-Modified stamps live in the shared cache; each test starts clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue(make_event, make_group, make_venue):
    """Public events of several kinds, a weekly series, a past event, and everything that must stay out."""
    toronto = make_group(
        "Civic Tech Toronto", slug="civic-tech-toronto", city="Toronto", website="https://civictech.ca"
    )
    mississauga = make_group("HackerNest Mississauga", slug="hackernest-mississauga", city="Mississauga")
    utm = make_venue(name="UTM Innovation Complex", city="Mississauga", latitude="43.549000", longitude="-79.662000")
    today = timezone.localdate()
    return {
        "toronto": toronto,
        "mississauga": mississauga,
        "utm": utm,
        "hacknight": make_event(
            "Weekly hacknight",
            kind="hacknight",
            group=toronto,
            tags=["civic tech"],
            start_date=today + datetime.timedelta(days=1),
            repeat="weekly",
            repeat_until=today + datetime.timedelta(days=29),
            online_url="https://meet.example.org/secret-hacknight-room",
        ),
        "hackday": make_event(
            "Tech and the City hack day",
            kind="hackathon",
            group=mississauga,
            venue=utm,
            tags=["open data"],
            start_date=today + datetime.timedelta(days=20),
            capacity=80,
        ),
        "past": make_event(
            "Code and the City", kind="hackathon", group=mississauga, start_date=today - datetime.timedelta(days=60)
        ),
    }
