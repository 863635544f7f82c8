"""Embedded configuration (no broker): a large import or export runs in the
web process's background thread after the response, not inside the request."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from devzone.core import importing, tasks
from devzone.core.demo import sample_credit_code
from devzone.core.models import BackgroundJob, Enterprise

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = "所属开发区,统一社会信用代码,企业名称,行业代码"


def wait_for_background_jobs():
    # One thread, first in first out: this returns once every earlier job ran.
    tasks._background_thread().submit(lambda: None).result(timeout=60)


@pytest.fixture
def threaded(settings):
    settings.BACKGROUND_IN_THREAD = True
    settings.BACKGROUND_ROWS_THRESHOLD = 3


def csv_upload(world, n=6):
    rows = [
        f"{world.zone_a.name},{sample_credit_code('140223', 600 + i)},线程企业{i},C18"
        for i in range(n)
    ]
    return SimpleUploadedFile("e.csv", "\n".join([HEADERS, *rows]).encode())


def test_a_large_import_is_validated_and_written_after_the_response(world, threaded, monkeypatch):
    answered = threading.Event()
    ran_after_response = []
    validate = importing.import_validate

    def observed(job_id):
        ran_after_response.append(answered.wait(timeout=10))
        validate(job_id)

    monkeypatch.setattr(importing, "import_validate", observed)
    client = world.client("zone_staff")
    response = client.post(reverse("core:enterprise_import"), {"file": csv_upload(world)})
    answered.set()
    assert response.status_code == 302
    job = BackgroundJob.objects.latest("pk")
    wait_for_background_jobs()
    assert ran_after_response == [True]  # it waited for the response: not inline
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.PREVIEW and job.processed == 6

    response = client.post(reverse("core:job_confirm", args=[job.pk]))
    assert response.status_code == 302
    wait_for_background_jobs()
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE
    assert Enterprise.objects.filter(name__startswith="线程企业").count() == 6


def test_a_large_export_runs_in_the_thread(world, threaded, settings):
    settings.BACKGROUND_ROWS_THRESHOLD = 1
    client = world.client("platform_admin")
    response = client.get(reverse("core:enterprise_export") + "?format=csv")
    assert response.status_code == 302
    wait_for_background_jobs()
    job = BackgroundJob.objects.latest("pk")
    assert job.kind == "export" and job.status == BackgroundJob.Status.DONE
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 200


def test_a_job_that_fails_in_the_thread_is_marked_failed(world, threaded, monkeypatch):
    def broken(job_id):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "import_validate", broken)
    world.client("zone_staff").post(reverse("core:enterprise_import"), {"file": csv_upload(world)})
    wait_for_background_jobs()
    job = BackgroundJob.objects.latest("pk")
    assert job.status == BackgroundJob.Status.FAILED
    assert job.report == {"error": "disk full"}
