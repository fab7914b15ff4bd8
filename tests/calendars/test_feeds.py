import icalendar
import pytest

from calendars.models import ImportedEvent
from calendars.services.sync import sync_source
from events.feeds.identity import uid_domain

from . import feeds

pytestmark = pytest.mark.django_db


def _vevents(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))


def test_site_feeds_carry_imported_dates_with_uids_that_never_collide(
    settings, client, feed_server, make_source, make_group, make_event
):
    day = feeds.base_day()
    # Another Convene site's feed that happens to use the same UIDs as ours (same domain, same ids).
    ours = make_group("Civic Tech Fredericton", slug="ctfredericton")
    series = make_event("Fredericton hacknight", group=ours, repeat="weekly", start_date=day)
    feed_server.publish("/calendar/groups/ctfredericton.ics", client.get("/calendar/groups/ctfredericton.ics").content)
    text, _ = feeds.meetup(day)
    feed_server.publish("/meetup.ics", text)
    networked = make_group("Civic Tech Toronto", slug="ctto")
    make_source(feed_server.url("/calendar/groups/ctfredericton.ics"), group=networked)
    meetup = make_source(feed_server.url("/meetup.ics"), group=networked, default_kind="hacknight")
    for source in networked.calendar_sources.all():
        sync_source(source.pk)

    everything = _vevents(client, "/calendar/events.ics")
    keys = [(str(v["UID"]), str(v.get("RECURRENCE-ID", ""))) for v in everything]
    assert len(keys) == len(set(keys))
    uids = {str(v["UID"]) for v in everything}
    assert f"event-{series.pk}@{uid_domain()}" in uids  # ours, as always
    imported = [v for v in everything if str(v["UID"]).startswith("import-")]
    assert len(imported) == ImportedEvent.objects.count()
    first = next(v for v in imported if "event_312345678@meetup.com" in str(v["UID"]))
    assert str(first["URL"]) == "https://www.meetup.com/civic-tech-toronto/events/312345678/"
    assert "Hosted on 127.0.0.1" in str(first["DESCRIPTION"])

    group_feed = _vevents(client, "/calendar/groups/ctto.ics")
    assert len(group_feed) == ImportedEvent.objects.count()
    assert len(_vevents(client, "/calendar/kinds/hacknight.ics")) == meetup.events.count()


def test_a_change_reaches_the_feed_on_the_next_request_with_a_higher_sequence(
    client, feed_server, make_source, django_capture_on_commit_callbacks
):
    day = feeds.base_day()
    text, _ = feeds.meetup(day)
    feed_server.publish("/meetup.ics", text)
    source = make_source(feed_server.url("/meetup.ics"))
    sync_source(source.pk)
    before = {str(v["UID"]): v for v in _vevents(client, "/calendar/events.ics")}
    text, _ = feeds.meetup(day, second_status="CANCELLED")
    feed_server.publish("/meetup.ics", text)
    with django_capture_on_commit_callbacks(execute=True):  # feeds are invalidated after commit
        sync_source(source.pk, force=True)
    after = {str(v["UID"]): v for v in _vevents(client, "/calendar/events.ics")}
    uid = next(u for u in after if "event_312345679@meetup.com" in u)
    assert str(after[uid]["STATUS"]) == "CANCELLED"
    assert str(after[uid]["SUMMARY"]).startswith("Cancelled:")
    assert int(after[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])


def test_a_hidden_date_leaves_the_feed(client, feed_server, make_source, django_capture_on_commit_callbacks):
    text, _ = feeds.meetup(feeds.base_day())
    feed_server.publish("/meetup.ics", text)
    source = make_source(feed_server.url("/meetup.ics"))
    sync_source(source.pk)
    assert len(_vevents(client, "/calendar/events.ics")) == 3
    row = ImportedEvent.objects.first()
    row.hidden = True
    with django_capture_on_commit_callbacks(execute=True):
        row.save()
    assert len(_vevents(client, "/calendar/events.ics")) == 2
