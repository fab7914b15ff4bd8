"""Registration burst: hundreds of people press "Register" in the same second for one date.

Runs gunicorn with production settings against PostgreSQL (+ Redis when REDIS_URL is set), logs fresh
users in, fires every POST at once at one date's registration URL over HTTP, and prints what happened:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/convene_bench REDIS_URL=redis://127.0.0.1:6379/9 \
        .venv/bin/python bench/registration_burst.py

By default it runs two bursts: 300 people for 100 seats, then 1,000 people for 300 seats, each on a
new event. Printed per burst: wall time (first POST to last answer); median, p95 and max latency;
confirmed / waitlisted / errors / "try again" answers (503 after the lock timeout), and what each person
was told (the message the redirect to /me/ carries in the messages cookie); the longest time one
registration held the date's lock (logged by events.services.seats); whether the waitlist order is the
order of the seat decisions; and the CPU a request cost gunicorn, the PostgreSQL backends of this
database and this client (read from /proc). Required: the right numbers of confirmed and waitlisted,
each person told so, 0 errors, 0 "try again".

The client is one asyncio thread: every person's POST (session cookie, csrftoken cookie and the masked
token a browser sends from the form) is built and its connection opened before the clock starts, so on
a shared machine the client takes ~0.3 ms of CPU a request. The machine's load average is printed with
each burst: other processes on the same cores change the wall times a lot; the CPU figures less.

Environment: BENCH_BURSTS ("300:100,1000:300": people:seats pairs), BENCH_WORKERS (2), BENCH_THREADS
(gunicorn threads per worker, 8), BENCH_WORKER_CLASS (empty: gunicorn's choice, gthread when threads > 1),
BENCH_SHAPES ("2x8,4x1,4x1:gthread" runs the first burst once per gunicorn shape instead, to choose one).
The database is migrated and gets demo content plus one event and its users per burst.
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
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BURSTS_SPEC = os.environ.get("BENCH_BURSTS", "300:100,1000:300")
BURSTS = [tuple(int(n) for n in pair.split(":")) for pair in BURSTS_SPEC.split(",")]
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
THREADS = int(os.environ.get("BENCH_THREADS", 8))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "")  # empty: gunicorn's choice (sync, gthread if threads > 1)


def parse_shape(shape):
    """ "4x2" or "4x1:gthread": workers x threads, and optionally the worker class."""
    size, _, worker_class = shape.partition(":")
    workers, threads = (int(n) for n in size.split("x"))
    return workers, threads, worker_class or WORKER_CLASS


SHAPES = [parse_shape(shape) for shape in os.environ.get("BENCH_SHAPES", "").split(",") if shape]

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
    import logging

    logging.getLogger("events.locks").setLevel(logging.WARNING)  # the server's lock times are what count
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.core.management import call_command
    from django.db import connections
    from django.utils.module_loading import import_string

    from events.models import EventIndexPage, EventPage

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # production pages name hashed files
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


def start_gunicorn(port, workers, threads, worker_class, log):
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
    if worker_class:
        command += ["--worker-class", worker_class]
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


def server_cpu(group, database):
    """CPU seconds used so far by gunicorn (the processes of its process group) and by the PostgreSQL
    backends serving `database` (read from /proc, so only on Linux and only for a local server)."""
    gunicorn = postgres = 0
    for process in Path("/proc").glob("[0-9]*"):
        try:
            fields = (process / "stat").read_text().rsplit(")", 1)[1].split()
            ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields[0] is the state)
            if int(fields[2]) == group:  # the process group
                gunicorn += ticks
            elif f" {database} ".encode() in (process / "cmdline").read_bytes():  # "postgres: ... <db> <client>"
                postgres += ticks
        except (OSError, ValueError, IndexError):
            continue
    return gunicorn / os.sysconf("SC_CLK_TCK"), postgres / os.sysconf("SC_CLK_TCK")


def burst(port, occurrence_id, sessions):
    """Every person's POST at once, each on its own connection opened beforehand (as browsers keep one).

    One thread and asyncio: the client shares the machine's cores with the server, so it does as little
    as it can per request (requests are built and connections opened before the clock starts). Returns one
    result per person, the wall time from the first POST to the last answer, and the CPU seconds this
    process used meanwhile."""
    import asyncio

    from django.middleware.csrf import _mask_cipher_secret

    path = f"/registrations/{occurrence_id}/register/"
    requests = []
    for session_key in sessions:
        # What a browser sends: the csrftoken cookie (the secret) and the masked token from the form.
        secret = secrets.token_hex(16)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": _mask_cipher_secret(secret)}).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Cookie: sessionid={session_key}; csrftoken={secret}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode()
        requests.append(head + body)

    async def run():
        connections = await asyncio.gather(*(asyncio.open_connection("127.0.0.1", port) for _ in requests))

        async def attempt(request, reader, writer):
            start = time.perf_counter()
            try:
                writer.write(request)
                response = await reader.read()  # Connection: close: the server's whole answer
                took = time.perf_counter() - start
                status_line, _, rest = response.partition(b"\r\n")
                headers = rest.split(b"\r\n\r\n", 1)[0].decode("latin-1")
                status = int(status_line.split()[1]) if status_line else "no answer"
                return status, headers, took, start
            except OSError as exc:
                return type(exc).__name__, "", time.perf_counter() - start, start
            finally:
                writer.close()

        cpu, started = time.process_time(), time.perf_counter()
        results = await asyncio.gather(*(attempt(r, *c) for r, c in zip(requests, connections, strict=True)))
        return results, time.perf_counter() - started, time.process_time() - cpu

    return asyncio.run(run())


def warm_up(port, occurrence_id, sessions):
    """Before noon the people are on the page: each one loads the registration form once (32 at a time),
    so every gunicorn thread has served the form and holds its database connection, as on a live site.
    Not timed. False when the form did not answer 200 to everyone."""
    from concurrent.futures import ThreadPoolExecutor

    path = f"/registrations/{occurrence_id}/register/"

    def load(session_key):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path, headers={"Cookie": f"sessionid={session_key}"})
        status = connection.getresponse().status
        connection.close()
        return status

    with ThreadPoolExecutor(32) as pool:
        statuses = list(pool.map(load, sessions))
    time.sleep(1)  # let the machine settle before the clock starts
    return set(statuses) == {200}


def outcome(status, headers):
    """What the person was told: the redirect to /me/ carries the page's message in the messages cookie."""
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    if status != 302 or not re.search(r"^location: /me/\r?$", headers, re.IGNORECASE | re.MULTILINE):
        return None
    match = re.search(r"^set-cookie: messages=([^;\r\n]*)", headers, re.IGNORECASE | re.MULTILINE)
    text = " ".join(m.message for m in CookieStorage(HttpRequest())._decode(match.group(1)) or []) if match else ""
    if "waitlist" in text:
        return "waitlisted"
    if "registered" in text:
        return "confirmed"
    return "unclear"


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


def run_burst(people, seats, workers, threads, worker_class=WORKER_CLASS):
    occurrence_id, sessions = setup(people, seats)
    port = free_port()
    with tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False) as log:
        server = start_gunicorn(port, workers, threads, worker_class, log)
        try:
            database = urllib.parse.urlparse(os.environ["DATABASE_URL"]).path.lstrip("/")
            if not warm_up(port, occurrence_id, sessions):
                log.seek(0)
                sys.exit("warm-up: the registration form did not answer 200:\n" + log.read()[-3000:])
            cpu_before = server_cpu(server.pid, database)
            results, wall, client_cpu = burst(port, occurrence_id, sessions)
            cpu_after = server_cpu(server.pid, database)
            gunicorn_cpu, postgres_cpu = (after - before for before, after in zip(cpu_before, cpu_after, strict=True))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    counts = count(occurrence_id)
    lock_max, lock_median, locks = longest_lock(log.name, occurrence_id)
    os.unlink(log.name)
    latencies = sorted(r[2] * 1000 for r in results)
    told = [outcome(r[0], r[1]) for r in results]
    try_again = [r for r in results if r[0] == 503]
    errors = [r for r, said in zip(results, told, strict=True) if said is None and r[0] != 503]
    p95 = latencies[max(int(round(0.95 * len(latencies))) - 1, 0)]
    shape = f"{workers} workers x {threads} threads" + (f" ({worker_class})" if worker_class else "")
    print(f"gunicorn {shape}: {people} people at once for {seats} seats; {os.getloadavg()[0]:.2f} load before")
    print(f"  confirmed {counts['confirmed']}, waitlisted {counts['waitlisted']}, errors {len(errors)}", end="")
    print(f" {sorted({str(e[0]) for e in errors})}" if errors else "", end="")
    print(f', "try again" {len(try_again)}')
    print(
        f"  answers: {told.count('confirmed')} told registered, {told.count('waitlisted')} told waitlisted,"
        f" {told.count('unclear')} unclear"
    )
    print(
        f"  latency ms: median {statistics.median(latencies):.0f}, p95 {p95:.0f}, max {latencies[-1]:.0f};"
        f" wall {wall:.2f} s"
    )
    if locks:
        print(f"  date lock held ms: longest {lock_max:.1f}, median {lock_median:.1f} ({locks} registrations)")
    else:
        print("  date lock held: not logged by this version")
    print(f"  waitlist in the order of the seat decisions: {counts['waitlist_in_decision_order']}")
    print(
        f"  CPU a request: gunicorn {gunicorn_cpu / people * 1000:.1f} ms,"
        f" PostgreSQL {postgres_cpu / people * 1000:.1f} ms, benchmark client {client_cpu / people * 1000:.2f} ms"
        f" ({gunicorn_cpu:.2f} s, {postgres_cpu:.2f} s, {client_cpu:.2f} s in all)"
    )
    return (
        counts["confirmed"] == seats
        and counts["waitlisted"] == people - seats
        and told.count("confirmed") == seats
        and told.count("waitlisted") == people - seats
        and not errors
        and not try_again
        and counts["waitlist_in_decision_order"]
    )


def main():
    ok = True
    if SHAPES:
        people, seats = BURSTS[0]
        for workers, threads, worker_class in SHAPES:
            ok &= run_burst(people, seats, workers, threads, worker_class)
    else:
        for people, seats in BURSTS:
            ok &= run_burst(people, seats, WORKERS, THREADS)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
