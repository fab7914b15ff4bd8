"""Benchmark: importing outside calendars. 50 sources x 200 dates, served by a local HTTP server.

    .venv/bin/python bench/import.py                 # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/convene_bench .venv/bin/python bench/import.py

Prints the time of a full sync, of an unchanged re-sync (304s, and again without conditional requests so
every feed is downloaded and compared), and /events/ query count and median with 10,000 imported dates.
"""

import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import measure_client, setup_django  # noqa: E402

SOURCES = 50
PER_SOURCE = 200
REQUESTS = 40


def meetup_feed(source_n, today):
    events = []
    for n in range(PER_SOURCE):
        day = today + datetime.timedelta(days=1 + (n * 300) // PER_SOURCE)
        eid = source_n * 10_000 + n
        events.append(
            f"""BEGIN:VEVENT
DTSTAMP:20261120T150000Z
DTSTART;TZID=America/Toronto:{day:%Y%m%d}T183000
DTEND;TZID=America/Toronto:{day:%Y%m%d}T210000
STATUS:CONFIRMED
SUMMARY:Group {source_n} meetup #{n}
DESCRIPTION:Join us for civic tech.\\n\\nhttps://www.meetup.com/group-{source_n}/events/{eid}/
LOCATION:Library\\, Main St
URL:https://www.meetup.com/group-{source_n}/events/{eid}/
UID:event_{eid}@meetup.com
END:VEVENT"""
        )
    return "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Meetup//RemoteApi//EN\n" + "\n".join(events) + "\nEND:VCALENDAR\n"


def build(server):
    from django.utils import timezone
    from wagtail.models import Page, Site

    from calendars.models import CalendarSource
    from cms.models import HomePage
    from events.models import EventIndexPage, GroupIndexPage, GroupPage

    root = Page.get_first_root_node()
    for page in root.get_children():
        Site.objects.filter(root_page=page).delete()
        page.delete()
    home = root.add_child(instance=HomePage(title="Convene", slug="home"))
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    home.add_child(instance=EventIndexPage(title="Events", slug="events"))
    groups_index = home.add_child(instance=GroupIndexPage(title="Groups", slug="groups"))
    today = timezone.localdate()
    for n in range(SOURCES):
        group = groups_index.add_child(instance=GroupPage(title=f"Group {n}", slug=f"group-{n}", city=f"City {n % 7}"))
        group.save_revision().publish()
        server.publish(f"/g{n}.ics", meetup_feed(n, today), conditional=True)
        server.publish(f"/plain{n}.ics", meetup_feed(n, today))
        CalendarSource.objects.create(url=server.url(f"/g{n}.ics"), group=group, default_kind="meetup")


def timed_sync():
    from calendars.services.sync import sync_due

    started = time.perf_counter()
    outcomes = sync_due(force=True)
    return time.perf_counter() - started, outcomes


def main():
    setup_django("import")
    from django.conf import settings
    from django.db import connection

    from calendars.models import CalendarSource, ImportedEvent
    from tests.calendars.feed_server import FeedServer

    settings.CONVENE_CALENDAR_IMPORT_ALLOWED_HOSTS = ["127.0.0.1"]
    server = FeedServer()
    try:
        build(server)
        full, outcomes = timed_sync()
        assert all(o.result == "updated" for o in outcomes), [o.error for o in outcomes if o.error]
        count = ImportedEvent.objects.count()
        print(f"database: {connection.vendor}; sources: {SOURCES}; imported dates: {count}")
        print(f"full sync:                         {full:7.2f} s")
        again, outcomes = timed_sync()
        assert all(o.result == "unchanged" for o in outcomes)
        print(f"unchanged re-sync (304):           {again:7.2f} s")
        for source in CalendarSource.objects.all():
            source.url = source.url.replace("/g", "/plain")
            source.etag = source.last_modified_header = ""
            source.save()
        again, outcomes = timed_sync()
        assert all(o.result == "unchanged" for o in outcomes)
        print(f"unchanged re-sync (no 304, bytes): {again:7.2f} s")
        CalendarSource.objects.update(content_hash="")
        again, outcomes = timed_sync()
        assert all(o.result == "unchanged" for o in outcomes) and ImportedEvent.objects.count() == count
        print(f"unchanged re-sync (parsed again):  {again:7.2f} s")
        for path in ("/events/", "/events/?page=20", "/events/?group=group-7", "/events/?q=meetup+%2350"):
            (median, p95), queries = measure_client(path, REQUESTS)
            print(f"{path:34} median {median:6.1f} ms  p95 {p95:6.1f} ms  queries {queries}")
    finally:
        server.close()


if __name__ == "__main__":
    main()
