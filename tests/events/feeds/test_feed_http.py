"""Feeds are polled many times a day: validators, conditional requests, caching and a bounded query count."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.utils.http import http_date, parse_http_date
from taggit.models import Tag

from events.feeds.build import forget_bodies
from events.feeds.cache import generations
from events.feeds.tokens import feed_token
from events.models import EventPage, GroupPage, Registration
from events.services.follows import follow_group
from events.services.occurrences import cancel_occurrence, move_occurrence

from .conftest import vevents

TORONTO = zoneinfo.ZoneInfo("America/Toronto")


def _republish(event, **changes):
    event = EventPage.objects.get(pk=event.pk)
    for name, value in changes.items():
        setattr(event, name, value)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def test_headers_strong_etag_and_last_modified(client, make_event):
    event = make_event()
    response = client.get("/calendar/events.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["ETag"].startswith('"') and not response["ETag"].startswith("W/")
    modified = EventPage.objects.get(pk=event.pk).calendar_modified_at
    assert parse_http_date(response["Last-Modified"]) == int(modified.timestamp())
    assert int(response["Content-Length"]) == len(response.content)
    # Proxies may keep a copy but must revalidate it on every request (a 304 is cheap): never stale.
    assert response["Cache-Control"] == "public, no-cache"


def test_conditional_requests_get_304_without_a_body(client, make_event):
    make_event()
    first = client.get("/calendar/events.ics")
    by_etag = client.get("/calendar/events.ics", headers={"if-none-match": first["ETag"]})
    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    by_date = client.get("/calendar/events.ics", headers={"if-modified-since": first["Last-Modified"]})
    assert by_date.status_code == 304 and by_date.content == b""
    earlier = http_date(parse_http_date(first["Last-Modified"]) - 60)
    assert client.get("/calendar/events.ics", headers={"if-modified-since": earlier}).status_code == 200
    assert client.get("/calendar/events.ics", headers={"if-none-match": '"other"'}).status_code == 200


def test_head_gives_the_headers_and_no_body(client, make_event):
    make_event()
    get = client.get("/calendar/events.ics")
    head = client.head("/calendar/events.ics")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"] and head["Content-Length"] == get["Content-Length"]
    assert client.post("/calendar/events.ics").status_code == 405


def test_an_edit_raises_sequence_and_last_modified_and_changes_the_etag(client, fetch, make_event, committed):
    event = make_event(title="Data jam")
    EventPage.objects.filter(pk=event.pk).update(
        calendar_modified_at=event.calendar_modified_at - datetime.timedelta(hours=1)
    )
    old_response, calendar = fetch(f"/calendar/events/{event.pk}.ics")
    (old,) = vevents(calendar)

    with committed():
        _republish(event, start_time=datetime.time(19, 0), end_time=datetime.time(21, 0))

    again = client.get(f"/calendar/events/{event.pk}.ics", headers={"if-none-match": old_response["ETag"]})
    assert again.status_code == 200 and again.content != old_response.content
    new_response, calendar = fetch(f"/calendar/events/{event.pk}.ics")
    (new,) = vevents(calendar)
    assert new["SEQUENCE"] == old["SEQUENCE"] + 1
    assert new["LAST-MODIFIED"].dt > old["LAST-MODIFIED"].dt
    assert new["DTSTAMP"].dt == new["LAST-MODIFIED"].dt
    assert new["DTSTART"].dt.time() == datetime.time(19, 0)
    assert parse_http_date(new_response["Last-Modified"]) > parse_http_date(old_response["Last-Modified"])
    url = f"/calendar/events/{event.pk}.ics"
    assert client.get(url, headers={"if-none-match": new_response["ETag"]}).status_code == 304
    assert client.get(url, headers={"if-modified-since": old_response["Last-Modified"]}).status_code == 200


def test_refetching_without_a_change_keeps_the_validators(client, make_event):
    make_event()
    first = client.get("/calendar/events.ics")
    from django.core.cache import cache

    cache.clear()  # rebuilt from scratch: same bytes, same validators
    forget_bodies()
    second = client.get("/calendar/events.ics")
    assert second.content == first.content
    assert (second["ETag"], second["Last-Modified"]) == (first["ETag"], first["Last-Modified"])


def test_deleting_an_event_never_moves_last_modified_backwards(client, make_event, committed):
    older = make_event(title="Older")
    newer = make_event(title="Newer")
    three_days_earlier = older.calendar_modified_at - datetime.timedelta(days=3)
    EventPage.objects.filter(pk=older.pk).update(calendar_modified_at=three_days_earlier)
    first = client.get("/calendar/events.ics")
    with committed():
        EventPage.objects.get(pk=newer.pk).delete()
    second = client.get("/calendar/events.ics")
    assert b"Newer" not in second.content
    assert parse_http_date(second["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    assert client.get("/calendar/events.ics", headers={"if-modified-since": first["Last-Modified"]}).status_code == 200


def _many_events(site_tree, count):
    parent = site_tree["events"]
    start = datetime.date.today() + datetime.timedelta(days=3)
    for n in range(count):
        parent.add_child(
            instance=EventPage(
                title=f"Bulk {n}",
                slug=f"bulk-{n}",
                summary="Bulk",
                start_date=start + datetime.timedelta(days=n % 200),
                start_time=datetime.time(18, 30),
                end_time=datetime.time(20, 0),
                timezone="America/Toronto" if n % 3 else "America/Vancouver",
            )
        )


@pytest.mark.parametrize("count", [50, 500])
def test_feed_query_count_does_not_grow_with_the_number_of_events(
    client, site_tree, make_event, count, django_assert_max_num_queries, django_assert_num_queries
):
    from django.core.cache import cache

    make_event(repeat="weekly", title="Series")
    _many_events(site_tree, count)
    generations()  # the database's first feed request creates the generation row; not the case measured
    # Nothing rendered yet: render and store every event. (SQLite takes at most 333 rows per INSERT,
    # so the 500-event case writes in two statements; PostgreSQL in one.) One of them is the check.
    # +3: imported dates and published submissions (calendars app), and their groups' restrictions
    with django_assert_max_num_queries(18):
        response = client.get("/calendar/events.ics")
    assert response.content.count(b"BEGIN:VEVENT") == count + 1
    cache.clear()
    forget_bodies()
    with django_assert_max_num_queries(10):  # feed cache cold, events' text stored (+3 as above)
        assert client.get("/calendar/events.ics").content == response.content
    with django_assert_num_queries(1):  # warm: the one check, reading the feed generation
        assert client.get("/calendar/events.ics").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/calendar/events.ics", headers={"if-none-match": response["ETag"]}).status_code == 304


def _summary_of(client, url):
    return client.get(url).content


def test_cache_is_invalidated_when_an_event_changes(client, make_event, committed):
    event = make_event(title="Before")
    assert b"SUMMARY;LANGUAGE=en:Before" in client.get("/calendar/events.ics").content
    with committed():
        _republish(event, title="After")
    assert b"SUMMARY;LANGUAGE=en:After" in client.get("/calendar/events.ics").content


def test_cache_is_invalidated_when_a_date_is_cancelled_or_moved(client, make_event, committed):
    event = make_event(title="Series", repeat="weekly")
    assert b"EXDATE" not in client.get(f"/calendar/events/{event.pk}.ics").content
    first, second = event.occurrences.all()[:2]
    with committed():
        cancel_occurrence(first)
    assert b"EXDATE" in client.get(f"/calendar/events/{event.pk}.ics").content
    local = second.start.astimezone(TORONTO)
    with committed():
        move_occurrence(second, second.start + datetime.timedelta(hours=1), second.end + datetime.timedelta(hours=1))
    body = client.get(f"/calendar/events/{event.pk}.ics").content
    assert f"RECURRENCE-ID;TZID=America/Toronto:{local:%Y%m%dT%H%M%S}".encode() in body


def test_cache_is_invalidated_when_the_group_venue_or_tag_changes(
    client, make_event, make_group, make_venue, committed
):
    group = make_group(title="Old group name", slug="g")
    venue = make_venue(name="Old hall")
    make_event(group=group, venue=venue, tags=["oldtag"])
    body = client.get("/calendar/groups/g.ics").content
    assert b"Old group name" in body and b"Old hall" in body and b"oldtag" in body

    with committed():
        group = GroupPage.objects.get(pk=group.pk)
        group.title = "New group name"
        group.save_revision().publish()
        venue.name = "New hall"
        venue.save()
        tag = Tag.objects.get(name="oldtag")
        tag.name = "newtag"
        tag.save()
    body = client.get("/calendar/groups/g.ics").content
    assert b"New group name" in body and b"New hall" in body and b"newtag" in body
    assert b"Old group name" not in body and b"Old hall" not in body


def test_private_feed_follows_registrations_and_follows(client, make_event, make_group, make_user, committed):
    user = make_user()
    group = make_group(slug="followed")
    registered = make_event(title="Registered")
    make_event(title="Of the followed group", group=group)
    make_event(title="Unrelated")
    url = f"/calendar/me/{feed_token(user)}.ics"
    first = client.get(url)
    assert first.status_code == 200 and b"BEGIN:VEVENT" not in first.content
    assert first["Cache-Control"] == "private, no-cache"

    with committed():
        registration = Registration.objects.create(
            user=user, occurrence=registered.occurrences.get(), status="confirmed"
        )
        follow_group(user, group)
    body = client.get(url).content
    assert b"SUMMARY;LANGUAGE=en:Registered" in body and b"SUMMARY;LANGUAGE=en:Of the followed group" in body
    assert b"Unrelated" not in body

    with committed():
        registration.status = "cancelled"
        registration.save()
    assert b"SUMMARY;LANGUAGE=en:Registered" not in client.get(url).content


@pytest.mark.skipif(
    not is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0],
    reason="the language comes from the URL's prefix once convene/urls.py uses i18n_patterns",
)
def test_the_english_address_stays_english_whatever_the_browser_asks(client, make_event):
    # Subscribers' stable URLs: a calendar app sending Accept-Language: fr still gets the English feed
    # (the French one lives at /fr/calendar/…, tests/i18n/test_feeds_fr.py).
    make_event()
    french = client.get("/calendar/events.ics", headers={"accept-language": "fr"})
    english = client.get("/calendar/events.ics", headers={"accept-language": "en"})
    assert french.content == english.content and b"X-WR-CALNAME;LANGUAGE=en:Convene: all events" in french.content


def test_an_evicted_body_is_rebuilt_with_the_same_validators(client, make_event):
    from django.core.cache import cache

    make_event()
    first = client.get("/calendar/events.ics")
    cache.delete(f"calfeed:body:{first['ETag'].strip(chr(34))}")
    forget_bodies()
    second = client.get("/calendar/events.ics")
    assert second.status_code == 200 and second.content == first.content and second["ETag"] == first["ETag"]


def test_cache_is_invalidated_when_a_dates_note_changes(client, make_event, committed):
    from events.services.occurrences import update_occurrence

    event = make_event(title="Meetup")
    assert b"Room 204" not in client.get("/calendar/events.ics").content
    occurrence = event.occurrences.get()
    with committed():
        update_occurrence(
            occurrence, status=occurrence.status, start=occurrence.start, end=occurrence.end, note="Room 204"
        )
    assert b"Room 204" in client.get("/calendar/events.ics").content
