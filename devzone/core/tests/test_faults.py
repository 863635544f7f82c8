"""Faults (issue 19, item 4) that a test can stage: Redis stopped (pages
still serve; background work says it waits). A full disk while storing an
export is in test_health_metrics.py; the worker killed mid-import is a
scripted check (scripts/fault_worker_kill.sh)."""

import pytest
from django.core.cache import cache
from kombu.exceptions import OperationalError

from devzone.core import tasks
from devzone.core.models import BackgroundJob

pytestmark = pytest.mark.django_db

# Nothing listens here (the port range of this project's own servers, unused by tests).
STOPPED_REDIS = "redis://127.0.0.1:8399/0"


@pytest.fixture
def redis_stopped(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "devzone.core.cache.ResilientRedisCache",
            "LOCATION": STOPPED_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_the_cache_answers_nothing_instead_of_failing(redis_stopped):
    cache.set("k", 1)
    assert cache.get("k", "absent") == "absent"
    assert cache.add("k", 1) is False
    assert cache.get_many(["k"]) == {}
    assert cache.incr("k") == 1


def test_pages_and_throttled_api_serve_while_redis_is_stopped(world, client, redis_stopped):
    assert world.client("zone_staff").get("/enterprises/").status_code == 200
    # A throttled public endpoint (the throttle reads and writes the cache).
    assert client.get("/api/v1/projects/notice/none/").status_code == 404
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["checks"]["cache"]["ok"] is False


def test_a_job_started_while_the_broker_is_down_waits_and_says_so(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.BACKGROUND_ROWS_THRESHOLD = 0

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.run_job, "apply_async", broker_down)
    client = world.client("zone_staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/enterprises/export/?format=csv")
    assert response.status_code == 302  # the request that started it did not fail
    job = BackgroundJob.objects.get(kind="export")
    assert job.status == BackgroundJob.Status.PENDING
    assert job.report[tasks.WAITING_FOR_QUEUE] == "export"
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "后台任务队列暂时无法连接" in page

    # The broker is back: beat's next requeue sends it, and it runs.
    monkeypatch.undo()
    assert tasks.requeue_waiting_jobs() == 1
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE
    assert tasks.WAITING_FOR_QUEUE not in job.report
    assert tasks.requeue_waiting_jobs() == 0


def test_pages_say_the_database_is_unavailable_while_it_is(world, monkeypatch):
    """PostgreSQL restarting: the session's read fails in a middleware, the
    page says so with 503 and Retry-After; the next request works again."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    client = world.client("zone_staff")
    client.raise_request_exception = False

    def restarting(self):
        raise OperationalError("terminating connection due to administrator command")

    with monkeypatch.context() as patch:
        patch.setattr(SessionStore, "load", restarting)
        response = client.get("/enterprises/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "系统暂时无法连接数据库" in page and "administrator command" not in page
    assert client.get("/enterprises/").status_code == 200
