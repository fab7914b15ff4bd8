"""Benchmark: /events/ and an event page with 5,000 events (some of them weekly series).

    .venv/bin/python bench/listing.py                 # SQLite (add --reuse to keep the last run's events)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/convene_bench .venv/bin/python bench/listing.py

Prints median and p95 latency through Django's test client and under gunicorn (2 workers), and the
number of database queries of each page.
"""

import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Gunicorn, measure_client, setup_django, summarize  # noqa: E402

EVENTS = 5000
REQUESTS = 60


def build():
    from django.utils import timezone
    from wagtail.models import Page, Site

    from cms.models import HomePage
    from events.models import EventIndexPage, EventPage, GroupIndexPage, GroupPage, Venue
    from events.services.occurrences import sync_occurrences

    root = Page.get_first_root_node()
    for page in root.get_children():
        Site.objects.filter(root_page=page).delete()
        page.delete()
    home = root.add_child(instance=HomePage(title="Convene", slug="home"))
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    index = home.add_child(instance=EventIndexPage(title="Events", slug="events"))
    groups_index = home.add_child(instance=GroupIndexPage(title="Groups", slug="groups"))
    groups = [
        groups_index.add_child(instance=GroupPage(title=f"Group {i}", slug=f"group-{i}", city=f"City {i % 7}"))
        for i in range(20)
    ]
    venues = [Venue.objects.create(name=f"Venue {i}", city=f"City {i % 7}") for i in range(30)]
    today = timezone.localdate()
    kinds = ["hackathon", "hacknight", "meetup", "workshop", "conference", "other"]
    started = time.perf_counter()
    for i in range(EVENTS):
        event = EventPage(
            title=f"Event {i}",
            slug=f"event-{i}",
            summary="A benchmark event with a short summary.",
            kind=kinds[i % len(kinds)],
            group=groups[i % len(groups)],
            venue=venues[i % len(venues)],
            start_date=today + datetime.timedelta(days=i % 180 - 30),
            start_time=datetime.time(18, 30),
            end_time=datetime.time(21, 0),
            repeat="weekly" if i % 50 == 0 else "",
        )
        event.tags.add("civic tech", f"topic {i % 12}")
        index.add_child(instance=event)
        sync_occurrences(event)
    print(f"built {EVENTS} events in {time.perf_counter() - started:.1f} s")
    return EventPage.objects.get(slug="event-50")  # a series


def main():
    reuse = "--reuse" in sys.argv
    setup_django("listing", reuse=reuse)
    from django.db import connection

    from events.models import EventPage

    series = EventPage.objects.get(slug="event-50") if reuse else build()
    from events.models import Occurrence

    print(f"database: {connection.vendor}; occurrences: {Occurrence.objects.count()}")
    paths = {"/events/": "/events/", "/events/?kind=hacknight&page=3": "/events/?kind=hacknight&page=3"}
    paths["event page (series)"] = series.url
    print(f"{'page':38} {'client median':>14} {'client p95':>11} {'queries':>8} {'gunicorn median':>16} {'p95':>8}")
    results = {name: measure_client(path, REQUESTS) for name, path in paths.items()}
    server = Gunicorn(workers=2)
    try:
        for name, path in paths.items():
            server.get_ms(path)
            median, p95 = summarize([server.get_ms(path) for _ in range(REQUESTS)])
            (c_median, c_p95), queries = results[name]
            print(f"{name:38} {c_median:11.1f} ms {c_p95:8.1f} ms {queries:8d} {median:13.1f} ms {p95:5.1f} ms")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
