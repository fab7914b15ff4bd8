"""Imported dates in the #CivicTechTuesday post: with their own links, only from sources that opted in,
and every part within each network's limit."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from calendars.models import CalendarSource, ImportedEvent
from social.services.compose import Week, compose_week, select_occurrences
from social.text import LIMITS, measure

pytestmark = pytest.mark.django_db
TORONTO = zoneinfo.ZoneInfo("America/Toronto")


@pytest.fixture
def week():
    return Week.containing(timezone.localdate() + datetime.timedelta(days=14))


@pytest.fixture
def add(week):
    def build(source, title, offset, hour=18, **fields):
        start = datetime.datetime.combine(week.monday + datetime.timedelta(days=offset), datetime.time(hour), TORONTO)
        n = ImportedEvent.objects.count()
        return ImportedEvent.objects.create(
            source=source,
            uid=f"event_{n}@meetup.com",
            title=title,
            url=fields.pop("url", f"https://www.meetup.com/civic-tech-ottawa/events/31234{n:04d}/"),
            start=start,
            end=start + datetime.timedelta(hours=2),
            timezone="America/Toronto",
            fingerprint="x",
            **fields,
        )

    return build


def test_weekly_post_lists_imported_dates_with_their_links(make_group, make_event, week, add):
    ottawa = make_group("Civic Tech Ottawa")
    opted_in = CalendarSource.objects.create(
        url="https://www.meetup.com/ctottawa/events/ical/", group=ottawa, default_kind="hacknight"
    )
    opted_out = CalendarSource.objects.create(
        url="https://lu.ma/ics/other", group=ottawa, default_kind="hacknight", in_weekly_post=False
    )
    # The post covers the seven days from its post time (Tuesday morning): these are all inside.
    make_event(title="Toronto hacknight", kind="hacknight", start_date=week.monday + datetime.timedelta(days=2))
    wednesday = add(opted_in, "Civic Tech Ottawa Hacknight", 3)
    add(opted_in, "Cancelled night", 4, status="cancelled")
    add(opted_in, "Hidden night", 5, hidden=True)
    add(opted_out, "Not for the post", 3, hour=12)
    dates = select_occurrences(week)
    assert [d.event.title for d in dates] == ["Toronto hacknight", "Civic Tech Ottawa Hacknight"]
    (text,) = compose_week(week, "mastodon", 500, dates)
    line = text.splitlines()[-1]
    assert " · Civic Tech Ottawa · Hacknight " in line
    assert line.endswith(wednesday.url)


@pytest.mark.parametrize("network", ["x", "mastodon", "bluesky"])
def test_a_long_week_of_imported_dates_fits_every_network(make_group, week, add, network):
    group = make_group("Civic Tech Edmonton")
    source = CalendarSource.objects.create(url="https://lu.ma/ics/edmonton", group=group, default_kind="meetup")
    for n in range(14):
        add(
            source,
            f"Meetup {n} 🎉 市民科技 with a rather long title to use space",
            2 + n % 5,
            hour=8 + n,
            url=f"https://lu.ma/{'very-long-event-slug-' * 4}{n}",
        )
    dates = select_occurrences(week)
    parts = compose_week(week, network, LIMITS[network], dates)
    assert all(measure(network, part) <= LIMITS[network] for part in parts)
    assert sum(part.count("https://lu.ma/") for part in parts) == 14
