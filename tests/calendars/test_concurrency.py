"""Two runs of the sync at once (two cron machines): each source is fetched by one of them, rows are
never duplicated. Needs real row locks (SKIP LOCKED): PostgreSQL."""

import threading

import pytest
from django.db import connection

from calendars.models import ImportedEvent
from calendars.services.sync import sync_source

from . import feeds


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks (SKIP LOCKED)")
@pytest.mark.django_db(transaction=True)
def test_two_syncs_at_once_fetch_once_and_never_duplicate(feed_server, make_source):
    text, _ = feeds.meetup(feeds.base_day())
    feed_server.publish("/meetup.ics", text, delay=1.0)
    source = make_source(feed_server.url("/meetup.ics"))
    results, barrier = [], threading.Barrier(2)

    def run():
        from django.db import connection as thread_connection

        barrier.wait()
        try:
            results.append(sync_source(source.pk, force=True).result)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["skipped", "updated"]
    assert len(feed_server.requests_for("/meetup.ics")) == 1
    assert ImportedEvent.objects.filter(source=source).count() == 3
