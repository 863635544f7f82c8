"""/healthz, /metrics, request ids and structured logs (issue 19, item 6)."""

import json
import logging
import os

import pytest
from django.core.cache import cache

from devzone.core import health
from devzone.core.models import BackgroundJob
from devzone.core.observability import JsonFormatter, RequestIdFilter, request_id_var

pytestmark = pytest.mark.django_db


def test_healthz_in_the_embedded_configuration(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database:default"]["ok"]
    assert body["checks"]["cache"]["ok"]
    assert body["checks"]["broker"] == {"ok": True, "mode": "in-process"}
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def with_broker(settings):
    settings.BACKGROUND_IN_THREAD = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.delete(health.BEAT_CACHE_KEY)


def test_healthz_fails_without_a_beat_and_passes_after_one(client, with_broker, monkeypatch):
    monkeypatch.setattr(health, "_broker", lambda: None)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["scheduler"] == {"ok": False, "error": "LookupError"}

    from devzone.core.tasks import beat_heartbeat

    beat_heartbeat()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["scheduler"]["seconds_since_last_beat"] == 0


def test_healthz_fails_on_a_stale_beat_and_an_unreachable_broker(client, with_broker, monkeypatch):
    cache.set(health.BEAT_CACHE_KEY, 0, timeout=None)  # 1970

    def unreachable():
        raise ConnectionRefusedError("redis://10.0.0.1:6379 refused")

    monkeypatch.setattr(health, "_broker", unreachable)
    body = client.get("/healthz").json()
    assert body["status"] == "failing"
    assert body["checks"]["scheduler"] == {"ok": False, "error": "TimeoutError"}
    # The class only: a message could name hosts on a public page.
    assert body["checks"]["broker"] == {"ok": False, "error": "ConnectionRefusedError"}


def test_healthz_fails_when_the_database_does_not_answer(client, monkeypatch):
    def down(alias):
        def check():
            raise OSError("connection refused")

        return check

    monkeypatch.setattr(health, "_database", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database:default"] == {"ok": False, "error": "OSError"}


def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second
    # A proxy's own well-formed id is kept, so its log and ours match.
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-abc-123")["X-Request-ID"] == (
        "proxy-abc-123"
    )
    # Anything else is replaced: it would reach the logs.
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\nFAKE LOG LINE")["X-Request-ID"]
    assert "\n" not in forged and len(forged) == 32


def test_structured_log_lines_carry_the_request_id():
    record = logging.LogRecord(
        "devzone.test", logging.WARNING, __file__, 1, "导入 %s", ("完成",), None
    )
    token = request_id_var.set("abc12345")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "导入 完成"
    assert line["request_id"] == "abc12345"
    assert line["level"] == "WARNING" and line["logger"] == "devzone.test"


def test_metrics_count_requests_queries_jobs_and_escalations(client, world):
    BackgroundJob.objects.create(user=world.users["zone_staff"], kind="import", resource="x")
    client.get("/healthz")
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'devzone_http_requests_total{method="GET",status="200",view="healthz"}' in text
    assert 'devzone_http_request_duration_seconds_bucket{le="0.005",view="healthz"}' in text
    assert 'devzone_db_queries_total{alias="default"}' in text
    assert 'devzone_background_jobs{kind="import",status="pending"} 1.0' in text
    assert "# TYPE devzone_escalations gauge" in text


def test_metrics_are_for_this_machine_or_the_token(client, settings):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    settings.METRICS_TOKEN = "scrape-secret"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret").status_code == 200


def test_jobs_files_go_through_the_configured_storage(
    world, settings, django_capture_on_commit_callbacks
):
    """Another storage backend (here Django's in-memory one; an object store in
    production) takes imports and exports without a change of code."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    settings.BACKGROUND_ROWS_THRESHOLD = 0
    client = world.client("zone_staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/enterprises/export/?format=csv")
    job = BackgroundJob.objects.get(kind="export")
    assert response.status_code == 302 and job.status == BackgroundJob.Status.DONE
    download = client.get(f"/jobs/{job.pk}/download/")
    assert "甲企业" in b"".join(download.streaming_content).decode("utf-8-sig")
    assert not settings.MEDIA_ROOT.exists()  # nothing on the local disk


def test_a_full_disk_while_writing_an_export_fails_the_job_and_keeps_no_part(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Faults (issue 19, item 4): the disk fills half-way through the file."""
    import errno

    from django.core.files.storage import FileSystemStorage

    def disk_full(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(content.read()[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    settings.BACKGROUND_ROWS_THRESHOLD = 0
    client = world.client("zone_staff")
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/enterprises/export/?format=csv")
    job = BackgroundJob.objects.get(kind="export")
    assert job.status == BackgroundJob.Status.FAILED
    assert "No space left on device" in job.report["error"]
    assert not job.file
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "文件无法保存（No space left on device）" in page
