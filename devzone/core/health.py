"""``/healthz``: what a load balancer or a monitor asks before sending traffic.

It answers 200 when the database, the cache, the broker and the Celery
scheduler all answer, else 503, with each check's result. A failed check names
the exception's class only: the page is public and a message could name hosts.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

# The scheduler's beat (core.tasks.beat_heartbeat) runs every BEAT_INTERVAL
# seconds; missing three in a row means beat or every worker is gone.
BEAT_INTERVAL = 60
BEAT_CACHE_KEY = "devzone:scheduler:last-beat"
BEAT_STALE_AFTER = 3 * BEAT_INTERVAL


def record_beat() -> None:
    cache.set(BEAT_CACHE_KEY, timezone.now().timestamp(), timeout=None)


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        result = check() or {}
    except Exception as exc:  # any failure is the check's answer, not the page's
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "ms": round(1000 * (time.perf_counter() - started), 1), **result}


def _database(alias: str):
    def check():
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    return check


def _cache():
    cache.set("devzone:healthz", 1, timeout=10)
    if cache.get("devzone:healthz") != 1:
        raise RuntimeError


def _broker():
    from devzone.celery import app

    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)


def _scheduler() -> dict:
    last = cache.get(BEAT_CACHE_KEY)
    if last is None:
        raise LookupError
    age = timezone.now().timestamp() - last
    if age > BEAT_STALE_AFTER:
        raise TimeoutError
    return {"seconds_since_last_beat": round(age)}


def run_checks() -> dict:
    checks = {f"database:{alias}": _timed(_database(alias)) for alias in settings.DATABASES}
    checks["cache"] = _timed(_cache)
    if settings.BACKGROUND_IN_THREAD or settings.CELERY_TASK_ALWAYS_EAGER:
        # The embedded configuration: jobs run in the web process, no broker,
        # no scheduler process to watch.
        checks["broker"] = {"ok": True, "mode": "in-process"}
        checks["scheduler"] = {"ok": True, "mode": "in-process"}
    else:
        checks["broker"] = _timed(_broker)
        checks["scheduler"] = _timed(_scheduler) if checks["cache"]["ok"] else checks["cache"]
    return checks


@never_cache
def healthz(request):
    checks = run_checks()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks},
        status=200 if healthy else 503,
    )


def server_error(request):
    """handler500: the database being away (restarted, failed over) gets a
    page that says so, with Retry-After, instead of a bare server error; the
    connection is re-opened on the next request (CONN_HEALTH_CHECKS)."""
    import logging
    import sys

    from django.db import InterfaceError, OperationalError
    from django.http import HttpResponse
    from django.template.loader import render_to_string
    from django.views import defaults

    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        logging.getLogger(__name__).error("Database unavailable: answering 503")
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request)
