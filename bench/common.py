"""Shared set-up for benchmarks: a throwaway database, Django configured for speed measurements."""

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def setup_django(name, reuse=False):
    """Point Django at a benchmark database (PostgreSQL if DATABASE_URL is set, else SQLite), emptied
    unless reuse is asked for."""
    RESULTS.mkdir(exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        db = RESULTS / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            if not reuse:
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings.dev")
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Background work would only add noise to the timings.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and not reuse:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


def summarize(samples_ms):
    ordered = sorted(samples_ms)
    p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
    return statistics.median(ordered), p95


def measure_client(path, requests):
    """((median, p95) in ms over `requests` GETs of `path` through Django's test client after one warm-up,
    number of database queries of one more)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(path)
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return summarize(samples), len(queries)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn serving the benchmark database on a free loopback port."""

    def __init__(self, workers=2):
        self.port = free_port()
        env = {**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
        self.proc = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "convene.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def get_ms(self, path):
        start = time.perf_counter()
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            response.read()
            assert response.status == 200
        return (time.perf_counter() - start) * 1000

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
