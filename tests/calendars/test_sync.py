import datetime
import zoneinfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calendars.models import CalendarSource, ImportedEvent
from calendars.services.sync import sync_source
from events.feeds.identity import uid_domain

from . import feeds

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
EDMONTON = zoneinfo.ZoneInfo("America/Edmonton")


def at(day, time, zone):
    return datetime.datetime.combine(day, time, tzinfo=zone).astimezone(datetime.UTC)


def starts(source):
    return sorted(ImportedEvent.objects.filter(source=source).values_list("start", flat=True))


def writes_to_imported(queries):
    return [
        q["sql"]
        for q in queries
        if "calendars_importedevent" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


@pytest.fixture
def day():
    return feeds.base_day()


def test_meetup_feed_imports_each_date_once(feed_server, make_source, day):
    text, expected = feeds.meetup(day)
    feed_server.publish("/civic-tech-toronto/events/ical/", text)
    source = make_source(feed_server.url("/civic-tech-toronto/events/ical/"))
    outcome = sync_source(source.pk)
    assert outcome.result == "updated" and outcome.created == 3
    assert starts(source) == [at(d, t, TORONTO) for d, t in expected]
    first = ImportedEvent.objects.get(uid="event_312345678@meetup.com")
    assert first.url == "https://www.meetup.com/civic-tech-toronto/events/312345678/"
    assert first.location == "Centre for Social Innovation (192 Spadina Ave, Toronto, ON)"
    assert first.recurrence_id == "" and first.timezone == "America/Toronto"
    assert first.hosted_on == "127.0.0.1"


def test_google_feed_series_exdate_override_utc_and_all_day(feed_server, make_source, day):
    feed_server.publish("/calendar/ical/ottawa/public/basic.ics", feeds.google(day))
    source = make_source(feed_server.url("/calendar/ical/ottawa/public/basic.ics"))
    sync_source(source.pk)
    wednesday = day + datetime.timedelta(days=1)
    series = ImportedEvent.objects.filter(uid="0k8v1l2qhc3h3rn2fvd6kq1jbs@google.com").order_by("start")
    assert [e.start for e in series] == [
        at(wednesday, datetime.time(18, 30), TORONTO),
        at(wednesday + datetime.timedelta(days=14), datetime.time(19, 0), TORONTO),  # moved
        at(wednesday + datetime.timedelta(days=21), datetime.time(18, 30), TORONTO),
    ]
    moved = series[1]
    assert moved.title == "Civic Tech Ottawa Hacknight (late start)"
    assert moved.recurrence_id == at(wednesday + datetime.timedelta(days=14), datetime.time(18, 30), TORONTO).strftime(
        "%Y%m%dT%H%M%SZ"
    )
    # HTML and scripts are gone from descriptions; the text stays.
    assert series[0].description == "Weekly hacknight\nBring a laptop.\ncivictechottawa.ca"
    single = ImportedEvent.objects.get(uid="5gdn0t9v3b6l1c2k8s7m4p0q1r@google.com")
    assert single.start == datetime.datetime.combine(
        day + datetime.timedelta(days=3), datetime.time(15), tzinfo=datetime.UTC
    )
    all_day = ImportedEvent.objects.get(uid="2a7hc9kq0v1b4n5m6l3j8g2f0d@google.com")
    assert all_day.all_day
    assert all_day.local_start.date() == day + datetime.timedelta(days=11)
    assert all_day.start == at(day + datetime.timedelta(days=11), datetime.time(0), TORONTO)
    assert ImportedEvent.objects.filter(source=source).count() == 5


def test_luma_feed_keeps_a_cancelled_date_marked(feed_server, make_source, day):
    feed_server.publish("/ics/get?entity=calendar&id=cal-x", feeds.luma(day))
    source = make_source(feed_server.url("/ics/get?entity=calendar&id=cal-x"))
    sync_source(source.pk)
    rows = {e.uid: e for e in ImportedEvent.objects.filter(source=source)}
    assert len(rows) == 2
    assert rows["evt-Kq3nZ8fW2xYp1Lm@lu.ma"].status == "scheduled"
    assert rows["evt-Kq3nZ8fW2xYp1Lm@lu.ma"].url == "https://lu.ma/wrct-meetup"
    assert rows["evt-Jr7bT4cQ9vNa0Xe@lu.ma"].status == "cancelled"


def test_outlook_feed_with_windows_zone_names(feed_server, make_source, day):
    feed_server.publish("/owa/calendar/abc/reachcalendar.ics", feeds.outlook(day))
    source = make_source(feed_server.url("/owa/calendar/abc/reachcalendar.ics"))
    sync_source(source.pk)
    thursday = day + datetime.timedelta(days=2)
    series = ImportedEvent.objects.filter(source=source, all_day=False).order_by("start")
    assert [e.start for e in series] == [
        at(thursday + datetime.timedelta(days=n), datetime.time(18), EDMONTON) for n in (0, 5, 14, 21)
    ]
    # The Windows name is shown as its IANA zone, which keeps the same wall-clock time.
    assert series[0].local_start.time() == datetime.time(18)
    assert ImportedEvent.objects.filter(source=source, all_day=True).count() == 1


def test_another_convene_sites_feed(settings, client, feed_server, make_source, make_group, make_event, day):
    theirs = make_group("Civic Tech Fredericton", slug="ctfredericton")
    series = make_event("Fredericton hacknight", group=theirs, repeat="weekly", start_date=day)
    cancelled = series.occurrences.order_by("start")[1]
    cancelled.status = "cancelled"
    cancelled.save()
    body = client.get("/calendar/groups/ctfredericton.ics").content
    feed_server.publish("/calendar/groups/ctfredericton.ics", body)
    source = make_source(feed_server.url("/calendar/groups/ctfredericton.ics"))
    sync_source(source.pk)
    imported = ImportedEvent.objects.filter(source=source, status="scheduled").order_by("start")
    live = series.occurrences.filter(status="scheduled").order_by("start")
    horizon = live.last().start
    assert [e.start for e in imported if e.start <= horizon] == [o.start for o in live]
    # Their UID is kept as theirs; our own feed never reuses it (see test_listing for ours).
    assert imported[0].uid == f"event-{series.pk}@{uid_domain()}"


def test_unchanged_resync_makes_no_writes_and_gets_304(feed_server, make_source, day):
    text, _ = feeds.meetup(day)
    feed_server.publish("/meetup.ics", text, conditional=True)
    source = make_source(feed_server.url("/meetup.ics"))
    sync_source(source.pk)
    with CaptureQueriesContext(connection) as queries:
        outcome = sync_source(source.pk, force=True)
    assert outcome.result == "unchanged"
    assert writes_to_imported(queries.captured_queries) == []
    second = feed_server.requests_for("/meetup.ics")[1]
    assert second["If-None-Match"].startswith('"')
    assert second["If-Modified-Since"]


def test_unchanged_resync_without_conditional_support_makes_no_writes(feed_server, make_source, day):
    feed_server.publish("/google.ics", feeds.google(day))
    source = make_source(feed_server.url("/google.ics"))
    sync_source(source.pk)
    before = list(ImportedEvent.objects.filter(source=source).values_list("pk", "modified_at"))
    source.content_hash = ""  # even when the bytes must be parsed again, unchanged rows are not written
    source.save()
    with CaptureQueriesContext(connection) as queries:
        assert sync_source(source.pk, force=True).result == "unchanged"
    assert writes_to_imported(queries.captured_queries) == []
    assert list(ImportedEvent.objects.filter(source=source).values_list("pk", "modified_at")) == before


def test_edited_cancelled_and_removed_events_are_reflected(feed_server, make_source, day):
    text, _ = feeds.meetup(day)
    feed_server.publish("/meetup.ics", text)
    source = make_source(feed_server.url("/meetup.ics"))
    sync_source(source.pk)
    kept_pk = ImportedEvent.objects.get(uid="event_312345679@meetup.com").pk
    text, _ = feeds.meetup(day, title2="Hacknight #413: open data", third=False, second_status="CANCELLED")
    feed_server.publish("/meetup.ics", text)
    outcome = sync_source(source.pk, force=True)
    assert (outcome.created, outcome.updated, outcome.removed) == (0, 1, 1)
    edited = ImportedEvent.objects.get(uid="event_312345679@meetup.com")
    assert edited.pk == kept_pk
    assert edited.title == "Hacknight #413: open data" and edited.status == "cancelled"
    assert not ImportedEvent.objects.filter(uid="event_312345680@meetup.com").exists()
    assert ImportedEvent.objects.filter(source=source).count() == 2


def test_a_stale_copy_never_overwrites_a_newer_sequence(feed_server, make_source, day):
    feed_server.publish("/luma.ics", feeds.luma(day, cancelled=True))
    source = make_source(feed_server.url("/luma.ics"))
    sync_source(source.pk)
    feed_server.publish("/luma.ics", feeds.luma(day, cancelled=False))  # SEQUENCE 0 after 2
    sync_source(source.pk, force=True)
    assert ImportedEvent.objects.get(uid="evt-Jr7bT4cQ9vNa0Xe@lu.ma").status == "cancelled"


def _synced(feed_server, make_source, day):
    text, _ = feeds.meetup(day)
    feed_server.publish("/meetup.ics", text)
    source = make_source(feed_server.url("/meetup.ics"))
    sync_source(source.pk)
    return source, set(ImportedEvent.objects.filter(source=source).values_list("pk", "fingerprint"))


def _assert_failed_and_kept(source, kept, reason):
    source.refresh_from_db()
    assert reason in source.last_error
    assert source.failures == 1 and source.last_success_at is not None
    assert source.next_try_at > source.last_attempt_at
    assert set(ImportedEvent.objects.filter(source=source).values_list("pk", "fingerprint")) == kept


def test_malformed_feed_is_refused_and_nothing_lost(feed_server, make_source, day):
    source, kept = _synced(feed_server, make_source, day)
    feed_server.publish(
        "/meetup.ics", "<!DOCTYPE html><html><body>Rate limited</body></html>", content_type="text/html"
    )
    outcome = sync_source(source.pk, force=True)
    assert outcome.result == "failed"
    _assert_failed_and_kept(source, kept, "not an iCalendar feed")


def test_truncated_calendar_is_refused(feed_server, make_source, day):
    source, kept = _synced(feed_server, make_source, day)
    feed_server.publish("/meetup.ics", "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nDTSTART:2026")
    assert sync_source(source.pk, force=True).result == "failed"
    _assert_failed_and_kept(source, kept, "could not be read")


def test_oversized_feed_is_refused(settings, feed_server, make_source, day):
    source, kept = _synced(feed_server, make_source, day)
    settings.CONVENE_CALENDAR_IMPORT_MAX_BYTES = 4096
    text, _ = feeds.meetup(day)
    feed_server.publish("/meetup.ics", text.replace("END:VCALENDAR", "X-PAD:" + "x" * 70 + "\n") * 100)
    assert sync_source(source.pk, force=True).result == "failed"
    _assert_failed_and_kept(source, kept, "larger than 4096 bytes")


@pytest.mark.parametrize(
    "target",
    [
        "http://localhost:{port}/meetup.ics",  # loopback by name: only 127.0.0.1 is allowed for tests
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://10.0.0.5/feed.ics",
        "http://[::1]:{port}/meetup.ics",
        "file:///etc/passwd",
    ],
)
def test_redirect_to_a_private_address_is_refused(feed_server, make_source, day, target):
    source, kept = _synced(feed_server, make_source, day)
    feed_server.redirect("/meetup.ics", target.format(port=feed_server.port))
    assert sync_source(source.pk, force=True).result == "failed"
    _assert_failed_and_kept(source, kept, "Refused")


def test_backoff_grows_and_success_resets_it(feed_server, make_source, day):
    source, _ = _synced(feed_server, make_source, day)
    feed_server.publish("/meetup.ics", "nope")
    waits = []
    for _attempt in range(3):
        sync_source(source.pk, force=True)
        source.refresh_from_db()
        waits.append(source.next_try_at - source.last_attempt_at)
    assert waits == [datetime.timedelta(minutes=m) for m in (15, 30, 60)]
    text, _ = feeds.meetup(day)
    feed_server.publish("/meetup.ics", text)
    sync_source(source.pk, force=True)
    source.refresh_from_db()
    assert source.failures == 0 and source.last_error == ""


def test_command_syncs_due_sources_and_skips_the_rest(feed_server, make_source, day):
    text, _ = feeds.meetup(day)
    feed_server.publish("/a.ics", text)
    feed_server.publish("/b.ics", feeds.luma(day))
    due = make_source(feed_server.url("/a.ics"))
    later = make_source(
        feed_server.url("/b.ics"), next_try_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    )
    call_command("sync_calendars")
    assert ImportedEvent.objects.filter(source=due).count() == 3
    assert ImportedEvent.objects.filter(source=later).count() == 0
    call_command("sync_calendars")  # twice in a row: nothing more
    assert ImportedEvent.objects.count() == 3
    assert len(feed_server.requests_for("/a.ics")) == 1


def test_public_address_check():
    from calendars.services.fetch import is_public_address

    assert is_public_address("8.8.8.8")
    for address in (
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.1",
        "172.16.0.1",
        "169.254.169.254",
        "::1",
        "fc00::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "0.0.0.0",  # noqa: S104 (an address checked, not bound)
        "100.64.0.1",
    ):
        assert not is_public_address(address), address


def test_source_url_must_be_https(make_group):
    from django.core.exceptions import ValidationError

    source = CalendarSource(url="http://calendar.example.org/feed.ics", group=make_group())
    with pytest.raises(ValidationError):
        source.full_clean()
    source.url = "https://www.meetup.com/civic-tech-toronto/events/ical/"
    source.full_clean()
