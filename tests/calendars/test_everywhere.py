"""Published community submissions stand wherever imported dates do (listing, group page, search, every
site feed, the weekly post), imported dates and submissions reach followers' private feeds, and their tags
match the ?tag= filter and tag feeds exactly as Convene's own tags do (slug, any case)."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from calendars.models import CalendarSource, EventSubmission, ImportedEvent
from events.feeds.identity import uid_domain
from events.feeds.tokens import feed_token
from events.services.follows import follow_group
from social.services.compose import Week, compose_week, select_occurrences

pytestmark = pytest.mark.django_db
TORONTO = zoneinfo.ZoneInfo("America/Toronto")


def _in(days, hour=18):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), TORONTO)


@pytest.fixture
def world(make_group, make_user, make_event):
    fredericton = make_group("Civic Tech Fredericton", slug="ctfredericton", city="Fredericton")
    ottawa = make_group("Civic Tech Ottawa", slug="ctottawa", city="Ottawa")
    own = make_event("Toronto data night", tags=["civic tech"], start_date=timezone.localdate() + datetime.timedelta(3))
    source = CalendarSource.objects.create(
        url="https://www.meetup.com/civic-tech-ottawa/events/ical/",
        group=ottawa,
        default_kind="hacknight",
        default_tags="Civic Tech, Open Data",
    )
    imported = ImportedEvent.objects.create(
        source=source,
        uid="event_1@meetup.com",
        title="Ottawa hacknight",
        url="https://www.meetup.com/civic-tech-ottawa/events/1/",
        start=_in(4),
        end=_in(4, 20),
        fingerprint="x",
    )

    def submit(title, status="published", group=fredericton, tags="open data, Transit", days=5):
        return EventSubmission.objects.create(
            submitter=make_user(),
            group=group,
            title=title,
            start=_in(days),
            end=_in(days, 20),
            timezone="America/Moncton",
            location="Officers' Square, Fredericton",
            url=f"https://www.eventbrite.ca/e/{title.lower().replace(' ', '-')}",
            tags=tags,
            status=status,
        )

    published = submit("Open data picnic")
    submit("Pending picnic", status="pending")
    submit("Declined picnic", status="declined")
    return {
        "fredericton": fredericton,
        "ottawa": ottawa,
        "own": own,
        "source": source,
        "imported": imported,
        "published": published,
        "submit": submit,
    }


def _vevents(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return {str(v["SUMMARY"]): v for v in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}


def test_a_published_submission_is_in_every_site_feed_with_its_own_uid(client, world):
    published = world["published"]
    for path in (
        "/calendar/events.ics",
        "/calendar/groups/ctfredericton.ics",
        "/calendar/kinds/meetup.ics",
        "/calendar/tags/open-data.ics",
    ):
        events = _vevents(client, path)
        assert "Open data picnic" in events, path
        assert "Pending picnic" not in events and "Declined picnic" not in events
        vevent = events["Open data picnic"]
        assert str(vevent["UID"]) == f"submission-{published.pk}@{uid_domain()}"
        assert str(vevent["URL"]) == published.url
    everything = _vevents(client, "/calendar/events.ics")
    uids = [str(v["UID"]) for v in everything.values()]
    assert len(uids) == len(set(uids)) == 3  # ours, the imported date, the submission
    assert "Open data picnic" not in _vevents(client, "/calendar/groups/ctottawa.ics")
    assert "Open data picnic" not in _vevents(client, "/calendar/kinds/hacknight.ics")


def test_an_edit_to_a_published_submission_raises_its_sequence(client, world, django_capture_on_commit_callbacks):
    before = _vevents(client, "/calendar/events.ics")["Open data picnic"]
    published = world["published"]
    published.location = "Fredericton City Hall"
    with django_capture_on_commit_callbacks(execute=True):
        published.save()
    after = _vevents(client, "/calendar/events.ics")["Open data picnic"]
    assert str(after["LOCATION"]) == "Fredericton City Hall"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])


def test_followers_private_feed_has_the_groups_imported_dates_and_submissions(
    client, make_user, world, django_capture_on_commit_callbacks
):
    person = make_user()
    follow_group(person, world["ottawa"])
    path = f"/calendar/me/{feed_token(person)}.ics"
    events = _vevents(client, path)
    assert "Ottawa hacknight" in events and "Open data picnic" not in events
    with django_capture_on_commit_callbacks(execute=True):  # the feed is told after commit
        follow_group(person, world["fredericton"])
    events = _vevents(client, path)
    assert {"Ottawa hacknight", "Open data picnic"} <= set(events)
    assert "Toronto data night" not in events and "Pending picnic" not in events


def test_a_published_submission_is_on_its_group_page_and_in_search(client, world):
    assert "Open data picnic" in client.get(world["fredericton"].url).content.decode()
    assert "Open data picnic" in client.get("/events/?q=picnic").content.decode()
    assert "Pending picnic" not in client.get("/events/?q=picnic").content.decode()


def test_the_weekly_post_lists_published_submissions_with_their_links(world):
    week = Week.containing(timezone.localdate() + datetime.timedelta(days=14))
    monday = datetime.datetime.combine(week.monday, datetime.time(0), TORONTO)
    later = world["submit"]("Budget hackathon", days=(week.monday - timezone.localdate()).days + 3)
    world["submit"]("Budget review", status="pending", days=(week.monday - timezone.localdate()).days + 3)
    assert later.start > monday
    dates = select_occurrences(week)
    assert [d.title for d in dates if getattr(d, "is_imported", False)] == ["Budget hackathon"]
    (text,) = compose_week(week, "mastodon", 500, dates)
    assert text.splitlines()[-1].endswith(later.url)
    assert [d.title for d in select_occurrences(week, group=world["fredericton"])] == ["Budget hackathon"]
    assert select_occurrences(week, group=world["ottawa"]) == []


def test_tags_of_imported_dates_and_submissions_match_by_slug_in_any_case(client, world):
    def titles(query):
        html = client.get(f"/events/?{query}").content.decode()
        return {t for t in ("Toronto data night", "Ottawa hacknight", "Open data picnic") if t in html}

    assert titles("tag=civic-tech") == {"Toronto data night", "Ottawa hacknight"}
    assert titles("tag=Civic-Tech") == {"Toronto data night", "Ottawa hacknight"}
    assert titles("tag=open-data") == {"Ottawa hacknight", "Open data picnic"}
    assert titles("tag=OPEN-DATA") == {"Ottawa hacknight", "Open data picnic"}
    assert titles("tag=transit") == {"Open data picnic"}
    # A part of a tag is not the tag (the old match was "contains").
    assert titles("tag=open") == set() and titles("tag=data") == set() and titles("tag=tech") == set()
    # Imported and submitted topics are choices of the filter, and have tag feeds like ours.
    html = client.get("/events/").content.decode()
    assert 'value="open-data"' in html and 'value="transit"' in html
    assert set(_vevents(client, "/calendar/tags/transit.ics")) == {"Open data picnic"}
    assert set(_vevents(client, "/calendar/tags/civic-tech.ics")) == {"Toronto data night", "Ottawa hacknight"}
    assert client.get("/calendar/tags/open.ics").status_code == 404
