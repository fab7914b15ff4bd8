"""A change committed by any process is in the very next response of every feed, from any process.

The changes here are made by other operating-system processes than the one answering: a management
command, the real task worker, and one of two web server processes while the other answers. The servers
run both with the embedded default (each process its own local-memory cache) and, when REDIS_URL is set,
with the shared Redis cache. Data is committed (transactional database) so the other processes see it.
"""

import datetime
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.db import connection
from django.test import Client

from events.feeds.tokens import feed_token
from events.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
FEED = "/calendar/events.ics"


def _database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _env(cache="as-configured", settings_module="convene.settings.test"):
    """The environment of another process on the test database. cache="local": the embedded default."""
    env = dict(os.environ, DATABASE_URL=_database_url(), DJANGO_SETTINGS_MODULE=settings_module)
    env["LOG_LEVEL"] = "WARNING"
    if cache == "local":
        env.pop("REDIS_URL", None)
    return env


def _manage(*args, settings_module="convene.settings.test"):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(settings_module=settings_module),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _warm(client, url):
    """Serve the feed until it is cached, and check a conditional request gets 304 from the cache."""
    first = client.get(url)
    assert first.status_code == 200
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    return first


def test_a_date_cancelled_by_a_management_command_is_in_the_next_response(client, make_event):
    event = make_event(title="Weekly hacknight", repeat="weekly")
    occurrence = event.occurrences.order_by("start")[1]
    single = f"/calendar/events/{event.pk}.ics"
    before, before_single = _warm(client, FEED), _warm(client, single)

    _manage(
        "shell",
        "-c",
        "from events.models import Occurrence; from events.services.occurrences import cancel_occurrence; "
        f"cancel_occurrence(Occurrence.objects.get(pk={occurrence.pk}), note='Snow day')",
    )

    for url, old in ((FEED, before), (single, before_single)):
        after = client.get(url, headers={"if-none-match": old["ETag"]})
        assert after.status_code == 200 and after["ETag"] != old["ETag"]
        assert b"EXDATE" in after.content and b"Snow day" in after.content


def test_an_event_deleted_in_a_shell_leaves_every_feed_at_once(client, make_event):
    event = make_event(title="Data jam")
    own = f"/calendar/events/{event.pk}.ics"
    before = _warm(client, FEED)
    _warm(client, own)

    _manage("shell", "-c", f"from events.models import EventPage; EventPage.objects.get(pk={event.pk}).delete()")

    assert client.get(own).status_code == 404
    after = client.get(FEED, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200 and b"Data jam" not in after.content


def test_a_hold_expired_by_the_cron_command_leaves_the_private_feed_at_once(client, make_event, make_user):
    user = make_user()
    event = make_event(title="Paid workshop")
    Registration.objects.create(
        user=user,
        occurrence=event.occurrences.get(),
        status="pending_payment",
        hold_expires_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1),
    )
    url = f"/calendar/me/{feed_token(user)}.ics"
    before = _warm(client, url)
    assert b"SUMMARY;LANGUAGE=en:Paid workshop" in before.content

    assert "released 1 expired holds" in _manage("expire_holds")

    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200 and b"Paid workshop" not in after.content


def test_a_date_cancelled_by_the_task_worker_is_in_the_next_response(client, make_event, settings):
    from .worker_tasks import cancel_date

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    event = make_event(title="Weekly hacknight", repeat="weekly")
    occurrence = event.occurrences.order_by("start")[2]
    before = _warm(client, FEED)
    result = cancel_date.enqueue(occurrence.pk, "Room flooded")

    # The real worker, in its own process, with the settings `make run` uses (database task backend).
    _manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", settings_module="convene.settings.dev")

    result.refresh()
    assert result.status == "SUCCESSFUL"
    after = client.get(FEED, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200 and b"Room flooded" in after.content


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _servers(count, cache):
    """`count` gunicorn processes (one worker each) on the test database."""
    processes, urls = [], []
    try:
        for _ in range(count):
            port = _free_port()
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "convene.wsgi:application",
                        f"--bind=127.0.0.1:{port}",
                        "--workers=1",
                        "--timeout=300",  # a loaded test machine is slow on a worker's first request
                        "--log-level=warning",
                    ],
                    cwd=ROOT,
                    env=_env(cache),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 120
        for process, url in zip(processes, urls, strict=True):
            while True:
                assert process.poll() is None, process.stderr.read().decode()[-3000:]
                try:
                    if requests.get(url + "/healthz", timeout=60).status_code in (200, 503):
                        break
                except (requests.ConnectionError, requests.Timeout):
                    pass
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _session(user):
    """A logged-in browser session for the servers: session cookie and a CSRF token pair."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    token = "f" * 32
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    session.cookies.set("csrftoken", token)
    session.headers["X-CSRFToken"] = token
    return session


CACHES = ["local"] + (["redis"] if os.environ.get("REDIS_URL") else [])


@pytest.mark.parametrize("cache", CACHES)
def test_a_change_through_one_server_is_in_the_next_response_of_the_other(cache, make_event, make_group, make_user):
    staff = make_user(is_staff=True, is_superuser=True)
    follower = make_user()
    group = make_group(title="Civic Tech Toronto", slug="ctto")
    event = make_event(title="Data jam", group=group)
    private = f"/calendar/me/{feed_token(follower)}.ics"

    with _servers(2, cache) as (first, second):
        warm = {}
        for base in (first, second):
            for url in (FEED, private):
                response = requests.get(base + url, timeout=30)
                assert response.status_code == 200
                again = requests.get(base + url, headers={"if-none-match": response.headers["ETag"]}, timeout=30)
                assert again.status_code == 304
                warm[base, url] = response
        assert b"Data jam" not in warm[second, private].content

        # The follower follows the group through the first server; the second one answers at once.
        followed = _session(follower).post(first + "/calendar/groups/ctto/follow/", allow_redirects=False, timeout=30)
        assert followed.status_code == 302
        old = warm[second, private]
        response = requests.get(second + private, headers={"if-none-match": old.headers["ETag"]}, timeout=30)
        assert response.status_code == 200 and response.headers["ETag"] != old.headers["ETag"]
        assert b"SUMMARY;LANGUAGE=en:Data jam" in response.content

        # An organizer cancels the event through the second server; the first one answers at once.
        cancel = f"{second}/organize/events/{event.pk}/cancel/"
        cancelled = _session(staff).post(cancel, {"confirm": "yes"}, allow_redirects=False, timeout=30)
        assert cancelled.status_code == 302
        old = warm[first, FEED]
        response = requests.get(first + FEED, headers={"if-none-match": old.headers["ETag"]}, timeout=30)
        assert response.status_code == 200 and response.headers["ETag"] != old.headers["ETag"]
        assert b"SUMMARY;LANGUAGE=en:Cancelled: Data jam" in response.content
        assert response.headers["Cache-Control"] == "public, no-cache"
