import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_cache_and_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["cache"]["ok"] and body["task_queue"]["ok"]
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_reports_the_age_of_the_oldest_queued_task(client, task_worker):
    from django_tasks_db.models import DBTaskResult
    from wagtail.tasks import delete_file_from_storage_task

    delete_file_from_storage_task.enqueue(("django.core.files.storage.InMemoryStorage", [], {}), "nothing.txt")
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=5))
    queue = client.get("/healthz").json()["task_queue"]
    assert queue["queued"] == 1
    assert 295 <= queue["oldest_queued_age_seconds"] <= 400

    task_worker()
    queue = client.get("/healthz").json()["task_queue"]
    assert queue == {"ok": True, "queued": 0, "oldest_queued_age_seconds": 0.0}


def test_healthz_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405
