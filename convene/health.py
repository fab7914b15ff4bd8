"""/healthz: what a load balancer or an uptime check needs to know, as JSON."""

import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def _check_cache():
    key = "healthz:probe"
    token = str(time.monotonic_ns())
    cache.set(key, token, 10)
    return {"ok": cache.get(key) == token, "backend": cache.__class__.__name__}


def _check_queue():
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return {"ok": True, "queued": ready.count(), "oldest_queued_age_seconds": round(age, 1)}


CHECKS = {"database": _check_database, "cache": _check_cache, "task_queue": _check_queue}


@never_cache
@require_GET
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # a health check reports failures instead of raising them
            results[name] = {"ok": False, "error": exc.__class__.__name__}
    healthy = all(r["ok"] for r in results.values())
    return JsonResponse({"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503)
