"""Registration burst: hundreds of people press "Register" in the same second for one date.

Runs gunicorn with production settings against PostgreSQL (+ Redis when REDIS_URL is set), logs fresh
users in, fires every POST at once at one date's registration URL over HTTP, and prints what happened:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/convene_bench REDIS_URL=redis://127.0.0.1:6379/9 \
        .venv/bin/python bench/registration_burst.py

By default it runs two bursts: 300 people for 100 seats, then 1,000 people for 300 seats, each on a
new event. Printed per burst: wall time; median, p95 and max latency; confirmed / waitlisted / errors /
"try again" answers (503 after the lock timeout); the longest time one registration held the date's lock
(logged by events.services.seats.date_locked); and whether the waitlist order is the order of the seat
decisions. Required: the right numbers of confirmed and waitlisted, 0 errors, 0 "try again".

Environment: BENCH_BURSTS ("300:100,1000:300": people:seats pairs), BENCH_WORKERS (4), BENCH_THREADS
(gunicorn threads per worker, 4), BENCH_SHAPES ("2x8,4x4,8x2" runs the first burst once per gunicorn
shape instead, to choose one). The database is migrated and gets demo content plus one event and its
users per burst.
"""

import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BURSTS_SPEC = os.environ.get("BENCH_BURSTS", "300:100,1000:300")
BURSTS = [tuple(int(n) for n in pair.split(":")) for pair in BURSTS_SPEC.split(",")]
WORKERS = int(os.environ.get("BENCH_WORKERS", 4))
THREADS = int(os.environ.get("BENCH_THREADS", 4))
SHAPES = [tuple(int(n) for n in shape.split("x")) for shape in os.environ.get("BENCH_SHAPES", "").split(",") if shape]

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
    "CONVENE_LOG_LOCK_TIMES": "true",
}
os.environ.update(ENV)


def setup(people, seats):
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
    stamp = time.strftime("%Y%m%d%H%M%S") + secrets.token_hex(2)
    index = EventIndexPage.objects.first()
    event = EventPage(
        title=f"Registration burst {stamp}",
        slug=f"registration-burst-{stamp}",
        summary="Benchmark event.",
        start_date=datetime.date.today() + datetime.timedelta(days=14),
        start_time=datetime.time(18, 30),
        end_time=datetime.time(20, 30),
        capacity=seats,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    occurrence = event.occurrences.get()

    user_model = get_user_model()
    users = [user_model(email=f"burst-{stamp}-{i}@example.org", name=f"Burst {i}") for i in range(people)]
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


def start_gunicorn(port, workers, threads, log):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "convene.wsgi",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        f"127.0.0.1:{port}",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=ENV, start_new_session=True, stderr=log)
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
            results[i] = (ok, response.status, time.perf_counter() - start, start)
        except OSError as exc:
            results[i] = (False, type(exc).__name__, time.perf_counter() - start, start)
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

    from events.models import AuditLog, Registration

    regs = Registration.objects.filter(occurrence_id=occurrence_id)
    counts = {status: regs.filter(status=status).count() for status in ("confirmed", "waitlisted", "pending_payment")}
    # The waitlist is served in (waitlisted_at, pk) order; the audit rows are written in the order the
    # seat decisions were made (under the lock). The two orders must agree.
    waitlist = list(regs.filter(status="waitlisted").order_by("waitlisted_at", "pk").values_list("pk", flat=True))
    decided = list(
        AuditLog.objects.filter(action="registration.created", registration_id__in=waitlist)
        .order_by("pk")
        .values_list("registration_id", flat=True)
    )
    counts["waitlist_in_decision_order"] = waitlist == decided
    connections.close_all()
    return counts


def longest_lock(log_path, occurrence_id):
    pattern = re.compile(rf"date {occurrence_id} lock held ([0-9.]+) ms")
    held = [float(m.group(1)) for m in pattern.finditer(Path(log_path).read_text())]
    return (max(held), statistics.median(held), len(held)) if held else (None, None, 0)


def run_burst(people, seats, workers, threads):
    occurrence_id, sessions = setup(people, seats)
    port = free_port()
    with tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False) as log:
        server = start_gunicorn(port, workers, threads, log)
        try:
            started = time.perf_counter()
            results = burst(port, occurrence_id, sessions)
            wall = time.perf_counter() - started
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    counts = count(occurrence_id)
    lock_max, lock_median, locks = longest_lock(log.name, occurrence_id)
    os.unlink(log.name)
    latencies = sorted(r[2] * 1000 for r in results)
    try_again = [r for r in results if r[1] == 503]
    errors = [r for r in results if not r[0] and r[1] != 503]
    p95 = latencies[max(int(round(0.95 * len(latencies))) - 1, 0)]
    print(f"gunicorn {workers} workers x {threads} threads: {people} people at once for {seats} seats")
    print(f"  confirmed {counts['confirmed']}, waitlisted {counts['waitlisted']}, errors {len(errors)}", end="")
    print(f" {sorted({str(e[1]) for e in errors})}" if errors else "", end="")
    print(f', "try again" {len(try_again)}')
    print(
        f"  latency ms: median {statistics.median(latencies):.0f}, p95 {p95:.0f}, max {latencies[-1]:.0f};"
        f" wall {wall:.2f} s"
    )
    if locks:
        print(f"  date lock held ms: longest {lock_max:.1f}, median {lock_median:.1f} ({locks} registrations)")
    else:
        print("  date lock held: not logged by this version")
    print(f"  waitlist in the order of the seat decisions: {counts['waitlist_in_decision_order']}")
    return (
        counts["confirmed"] == seats
        and counts["waitlisted"] == people - seats
        and not errors
        and not try_again
        and counts["waitlist_in_decision_order"]
    )


def main():
    ok = True
    if SHAPES:
        people, seats = BURSTS[0]
        for workers, threads in SHAPES:
            ok &= run_burst(people, seats, workers, threads)
    else:
        for people, seats in BURSTS:
            ok &= run_burst(people, seats, WORKERS, THREADS)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
