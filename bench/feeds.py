"""Calendar feed benchmark: 2,000 events (50 of them weekly series) in one run.

Prints the median time of
  * django-ical building the feed from the events (the usual Django choice),
  * plain icalendar objects built and serialised,
  * Convene's /calendar/events.ics through the whole Django stack: response cache cold (events' VEVENT
    text stored), warm, and a 304 for If-None-Match; plus the very first build (nothing stored yet),
and the ratios; for warm requests and 304s also the 95th percentile, and the cost of the freshness check
alone (the one database read of the feed generation that every request makes). Last, a separate process
(`manage.py shell`) cancels a date while this one polls the feed, and the time from that process's commit to
the first response carrying the change is printed.
Runs on a throw-away test database: SQLite (a file, so the other process shares it) by default, or
DATABASE_URL / REDIS_URL when set (PostgreSQL and Redis, as in production).

    .venv/bin/python bench/feeds.py [--events 2000] [--series 50] [--requests 1000] [--changes 5]
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings.test")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Prefetch  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django_ical.views import ICalFeed  # noqa: E402
from icalendar import Calendar, Event, Timezone, vRecur  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

from cms.models import HomePage  # noqa: E402
from events.feeds.build import forget_bodies, in_window, window_start  # noqa: E402
from events.feeds.cache import generations  # noqa: E402
from events.feeds.render import PageUrls, event_uid  # noqa: E402
from events.models import (  # noqa: E402
    CalendarEntry,
    EventIndexPage,
    EventPage,
    GroupIndexPage,
    GroupPage,
    Occurrence,
    Venue,
)
from events.services.occurrences import cancel_occurrence, move_occurrence, sync_occurrences  # noqa: E402

ZONES = ["America/Toronto", "America/Toronto", "America/Toronto", "America/Vancouver", "America/Halifax"]


def times_ms(fn, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def median_ms(fn, runs):
    return statistics.median(times_ms(fn, runs))


def p95(times):
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


def database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def change_in_another_process(client, occurrence_pk):
    """Another process cancels a date while this one polls the feed: seconds from its commit to the first
    response here that carries the change."""
    etag = client.get("/calendar/events.ics")["ETag"]
    code = (
        "import time; from events.models import Occurrence; "
        "from events.services.occurrences import cancel_occurrence; "
        f"cancel_occurrence(Occurrence.objects.get(pk={occurrence_pk}), note='bench'); print(time.time())"
    )
    env = dict(os.environ, DATABASE_URL=database_url(), DJANGO_SETTINGS_MODULE="convene.settings.test")
    root = Path(__file__).resolve().parent.parent
    other = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=root, env=env, stdout=subprocess.PIPE, text=True
    )
    seen, deadline = None, None
    while True:
        response = client.get("/calendar/events.ics", headers={"if-none-match": etag})
        if response.status_code == 200 and response["ETag"] != etag:
            seen = time.time()
            break
        if other.poll() is not None:
            if other.returncode != 0:
                raise RuntimeError("the other process failed")
            deadline = deadline or time.monotonic() + 600
            if time.monotonic() > deadline:
                raise RuntimeError("the change was not served within 10 minutes")
    out, _err = other.communicate(timeout=300)
    committed = float(out.strip().splitlines()[-1])
    return seen - committed


def build_site(total, series):
    root = Page.get_first_root_node()
    for page in root.get_children():
        Site.objects.filter(root_page=page).delete()
        page.delete()
    home = root.add_child(instance=HomePage(title="Convene", slug="home"))
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Convene")
    index = home.add_child(instance=EventIndexPage(title="Events", slug="events"))
    groups_index = home.add_child(instance=GroupIndexPage(title="Groups", slug="groups"))
    groups = [
        groups_index.add_child(instance=GroupPage(title=f"Civic Tech {n}", slug=f"ct-{n}", city="Toronto"))
        for n in range(10)
    ]
    venues = [
        Venue.objects.create(name=f"Hall {n}", city="Toronto", address=f"{n} King St W", latitude=43.6, longitude=-79.4)
        for n in range(20)
    ]
    today = datetime.date.today()
    for n in range(total):
        is_series = n < series
        event = index.add_child(
            instance=EventPage(
                title=f"{'Weekly hacknight' if is_series else 'Meetup'} {n}",
                slug=f"event-{n}",
                summary="Open data, civic tech and pizza. Bring a laptop.",
                kind="hacknight" if is_series else "meetup",
                group=groups[n % len(groups)],
                venue=venues[n % len(venues)],
                start_date=today - datetime.timedelta(days=14)
                if is_series
                else today + datetime.timedelta(days=n % 365),
                start_time=datetime.time(18, 30),
                end_time=datetime.time(21, 0),
                timezone=ZONES[n % len(ZONES)],
                repeat="weekly" if is_series else "",
            )
        )
        if n % 7 == 0:
            event.tags.add("open data", "transit")
            event.save()
        sync_occurrences(event)
        if is_series:
            dates = list(event.occurrences.order_by("start")[:6])
            cancel_occurrence(dates[3])
            move_occurrence(
                dates[4], dates[4].start + datetime.timedelta(days=1), dates[4].end + datetime.timedelta(days=1)
            )


def _events():
    cutoff = window_start()
    return list(
        EventPage.objects.live()
        .public()
        .filter(in_window(cutoff))
        .select_related("group", "venue")
        .prefetch_related("tags", Prefetch("occurrences", queryset=Occurrence.objects.filter(status="cancelled")))
        .order_by("start", "pk")
    )


class DjangoIcalFeed(ICalFeed):
    """A straightforward django-ical feed of the same events with the same information."""

    product_id = "-//Convene bench//django-ical//EN"
    timezone = "America/Toronto"
    title = "All events"
    description = "Every public event."

    def __init__(self):
        super().__init__()
        self.urls = PageUrls()

    def items(self):
        return _events()

    def item_guid(self, item):
        return event_uid(item.pk)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.summary}\n\n{self.urls(item)}"

    def item_link(self, item):
        return self.urls(item)

    def item_start_datetime(self, item):
        return item.aware(item.local_start())

    def item_end_datetime(self, item):
        return item.aware(item.local_start() + item.local_duration())

    def item_updateddate(self, item):
        return item.calendar_modified_at

    def item_timestamp(self, item):
        return item.calendar_modified_at

    def item_location(self, item):
        return item.venue.full_address if item.venue_id else item.online_url

    def item_geolocation(self, item):
        return (float(item.venue.latitude), float(item.venue.longitude)) if item.venue_id else None

    def item_categories(self, item):
        return [item.kind] + [t.name for t in item.tags.all()]

    def item_status(self, item):
        return "CANCELLED" if item.is_cancelled else "CONFIRMED"

    def item_rrule(self, item):
        return vRecur.from_ical(item.rrule_string()) if item.is_series else None

    def item_exdate(self, item):
        cancelled = list(item.occurrences.all())
        return [item.aware(datetime.datetime.combine(o.original_date, item.start_time)) for o in cancelled] or None


def plain_icalendar():
    urls = PageUrls()
    calendar = Calendar()
    calendar.add("prodid", "-//Convene bench//icalendar//EN")
    calendar.add("version", "2.0")
    zones = set()
    for item in _events():
        zones.add(item.timezone)
        event = Event()
        event.add("uid", event_uid(item.pk))
        event.add("dtstamp", item.calendar_modified_at)
        event.add("last-modified", item.calendar_modified_at)
        event.add("sequence", item.sequence)
        event.add("summary", item.title)
        event.add("description", f"{item.summary}\n\n{urls(item)}")
        event.add("url", urls(item))
        event.add("dtstart", item.aware(item.local_start()))
        event.add("dtend", item.aware(item.local_start() + item.local_duration()))
        if item.venue_id:
            event.add("location", item.venue.full_address)
            event.add("geo", (float(item.venue.latitude), float(item.venue.longitude)))
        event.add("categories", [item.kind] + [t.name for t in item.tags.all()])
        event.add("status", "CANCELLED" if item.is_cancelled else "CONFIRMED")
        if item.is_series:
            event.add("rrule", vRecur.from_ical(item.rrule_string()))
            cancelled = list(item.occurrences.all())
            if cancelled:
                event.add(
                    "exdate",
                    [item.aware(datetime.datetime.combine(o.original_date, item.start_time)) for o in cancelled],
                )
        calendar.add_component(event)
    for zone in sorted(zones):
        calendar.add_component(
            Timezone.from_tzid(zone, first_date=datetime.date(2020, 1, 1), last_date=datetime.date(2035, 1, 1))
        )
    return calendar.to_ical()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--series", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5, help="runs of each from-scratch build")
    parser.add_argument("--requests", type=int, default=1000, help="requests for warm and 304 medians and p95")
    parser.add_argument("--changes", type=int, default=5, help="changes made by another process")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        cache.clear()
        started = time.perf_counter()
        build_site(args.events, args.series)
        print(
            f"database: {connection.vendor}, cache: {cache.__class__.__name__}; "
            f"{args.events} events ({args.series} weekly series) created in {time.perf_counter() - started:.0f} s"
        )
        in_feed = len(_events())

        request = RequestFactory().get("/bench.ics")
        ical_feed = DjangoIcalFeed()
        ical_body = ical_feed(request).content
        django_ical_ms = median_ms(lambda: ical_feed(request), args.runs)
        plain_body = plain_icalendar()
        plain_ms = median_ms(plain_icalendar, args.runs)

        client = Client()

        def first_build():
            CalendarEntry.objects.all().delete()
            cache.clear()
            forget_bodies()
            start = time.perf_counter()
            response = client.get("/calendar/events.ics")
            assert response.status_code == 200
            return (time.perf_counter() - start) * 1000

        first_ms = statistics.median(first_build() for _ in range(max(1, args.runs // 2)))

        def cold():
            cache.clear()
            forget_bodies()
            assert client.get("/calendar/events.ics").status_code == 200

        cold_ms = median_ms(cold, args.runs * 2)
        response = client.get("/calendar/events.ics")
        etag = response["ETag"]

        def warm():
            assert client.get("/calendar/events.ics").status_code == 200

        def not_modified():
            assert client.get("/calendar/events.ics", headers={"if-none-match": etag}).status_code == 304

        def warm_new_process():
            forget_bodies()  # as in a process that has not served this body yet: it comes from the cache
            assert client.get("/calendar/events.ics").status_code == 200

        warm_times = times_ms(warm, args.requests)
        warm_shared_ms = median_ms(warm_new_process, args.requests)
        not_modified_times = times_ms(not_modified, args.requests)
        check_times = times_ms(generations, args.requests)
        warm_ms, not_modified_ms = statistics.median(warm_times), statistics.median(not_modified_times)

        dates = list(Occurrence.objects.filter(event__repeat="", status="scheduled").order_by("start")[: args.changes])
        lags = [change_in_another_process(client, o.pk) * 1000 for o in dates]

        print(
            f"events in the feed: {in_feed}; VEVENTs: Convene {response.content.count(b'BEGIN:VEVENT')}, "
            f"django-ical {ical_body.count(b'BEGIN:VEVENT')}, icalendar {plain_body.count(b'BEGIN:VEVENT')}; "
            f"feed size {len(response.content) / 1024:.0f} KiB"
        )
        print(f"django-ical build                     {django_ical_ms:9.1f} ms  (median of {args.runs})")
        print(f"plain icalendar build + serialise     {plain_ms:9.1f} ms  (median of {args.runs})")
        print(f"Convene first build (nothing stored)  {first_ms:9.1f} ms")
        print(f"Convene cache cold (VEVENTs stored)   {cold_ms:9.1f} ms  (median of {args.runs * 2})")
        print(
            f"Convene warm                          {warm_ms:9.2f} ms  "
            f"(median of {args.requests}; p95 {p95(warm_times):.2f} ms)"
        )
        print(f"Convene warm, body from the cache     {warm_shared_ms:9.2f} ms  (median of {args.requests})")
        print(
            f"Convene 304 (If-None-Match)           {not_modified_ms:9.2f} ms  "
            f"(median of {args.requests}; p95 {p95(not_modified_times):.2f} ms)"
        )
        print(
            f"freshness check alone (in each)       {statistics.median(check_times):9.3f} ms  "
            f"(median of {args.requests}; p95 {p95(check_times):.3f} ms)"
        )
        if lags:
            print(
                f"change in another process -> served  {statistics.median(lags):9.1f} ms  "
                f"(median of {len(lags)}; max {max(lags):.1f} ms; from its commit to the first fresh response)"
            )
        print(f"ratio django-ical / Convene cold      {django_ical_ms / cold_ms:9.1f}x  (goal: >= 5x)")
        print(f"ratio icalendar / Convene cold        {plain_ms / cold_ms:9.1f}x")
        print(f"ratio django-ical / Convene warm      {django_ical_ms / warm_ms:9.0f}x")
        print(f"ratio django-ical / Convene 304       {django_ical_ms / not_modified_ms:9.0f}x")

        def verdict(ok):
            return "met" if ok else "NOT met"

        print(
            f"goals: cold <= 1/5 django-ical: {verdict(cold_ms * 5 <= django_ical_ms)}; "
            f"warm < 5 ms: {verdict(warm_ms < 5)}; 304 < 5 ms: {verdict(not_modified_ms < 5)}"
        )
    finally:
        cache.clear()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
