"""Registration burst: 300 people press "Register" at the same moment for 100 seats.

Runs gunicorn (2 workers) against PostgreSQL, logs 300 fresh users in, then fires 300 concurrent
POSTs at one event's registration URL over HTTP and prints what happened:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/convene_bench .venv/bin/python bench/registration_burst.py

Required result: 100 confirmed, 200 waitlisted, 0 errors. Options (environment): BENCH_PEOPLE (300),
BENCH_SEATS (100), BENCH_WORKERS (2), BENCH_THREADS (gunicorn threads per worker, 4).
The database given is migrated and gets demo content plus one new event and BENCH_PEOPLE users per run.
"""

import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEOPLE = int(os.environ.get("BENCH_PEOPLE", 300))
SEATS = int(os.environ.get("BENCH_SEATS", 100))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
THREADS = int(os.environ.get("BENCH_THREADS", 4))

if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    sys.exit("Set DATABASE_URL=postgres://... (the benchmark runs on PostgreSQL).")

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "convene.settings.production",
    "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)


def setup():
    import datetime

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.core.management import call_command
    from django.db import connections
    from django.utils.module_loading import import_string

    from events.models import EventIndexPage, EventPage

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    stamp = time.strftime("%Y%m%d%H%M%S")
    index = EventIndexPage.objects.first()
    event = EventPage(
        title=f"Registration burst {stamp}",
        slug=f"registration-burst-{stamp}",
        summary="Benchmark event.",
        start_date=datetime.date.today() + datetime.timedelta(days=14),
        start_time=datetime.time(18, 30),
        end_time=datetime.time(20, 30),
        capacity=SEATS,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    occurrence = event.occurrences.get()

    user_model = get_user_model()
    users = [user_model(email=f"burst-{stamp}-{i}@example.org", name=f"Burst {i}") for i in range(PEOPLE)]
    for user in users:
        user.set_unusable_password()
    users = user_model.objects.bulk_create(users)
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    sessions = []
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    connections.close_all()
    return occurrence.pk, sessions


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "convene.wsgi",
        "--workers",
        str(WORKERS),
        "--threads",
        str(THREADS),
        "--bind",
        f"127.0.0.1:{port}",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=ENV, start_new_session=True)
    for _ in range(120):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status in (200, 503):
                return process
        except OSError:
            time.sleep(0.25)
    os.killpg(process.pid, signal.SIGTERM)
    sys.exit("gunicorn did not start")


def burst(port, occurrence_id, sessions):
    path = f"/registrations/{occurrence_id}/register/"
    barrier = threading.Barrier(len(sessions))
    results = [None] * len(sessions)

    def attempt(i, session_key):
        token = secrets.token_hex(16)  # an unmasked CSRF secret: the cookie and the field match
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token})
        headers = {
            "Cookie": f"sessionid={session_key}; csrftoken={token}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Host": "127.0.0.1",
        }
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.connect()
        barrier.wait()
        start = time.perf_counter()
        try:
            connection.request("POST", path, body, headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 302 and response.getheader("Location") == "/me/"
            results[i] = (ok, response.status, time.perf_counter() - start)
        except OSError as exc:
            results[i] = (False, type(exc).__name__, time.perf_counter() - start)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i, key)) for i, key in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def count(occurrence_id):
    from django.db import connections

    from events.models import Registration

    regs = Registration.objects.filter(occurrence_id=occurrence_id)
    counts = {status: regs.filter(status=status).count() for status in ("confirmed", "waitlisted", "pending_payment")}
    connections.close_all()
    return counts


def main():
    occurrence_id, sessions = setup()
    port = free_port()
    server = start_gunicorn(port)
    try:
        started = time.perf_counter()
        results = burst(port, occurrence_id, sessions)
        wall = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    counts = count(occurrence_id)
    latencies = sorted(r[2] * 1000 for r in results)
    errors = [r for r in results if not r[0]]
    p95 = latencies[max(int(round(0.95 * len(latencies))) - 1, 0)]
    print(f"gunicorn: {WORKERS} workers x {THREADS} threads; {PEOPLE} concurrent attempts for {SEATS} seats")
    print(f"confirmed:  {counts['confirmed']}")
    print(f"waitlisted: {counts['waitlisted']}")
    print(f"errors:     {len(errors)}" + (f"  {sorted({str(e[1]) for e in errors})}" if errors else ""))
    print(f"latency ms: median {statistics.median(latencies):.0f}, p95 {p95:.0f}, max {latencies[-1]:.0f}")
    print(f"wall time:  {wall:.2f} s")
    ok = counts["confirmed"] == SEATS and counts["waitlisted"] == PEOPLE - SEATS and not errors
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
