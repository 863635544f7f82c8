"""Celery tasks: each only calls a service. ``enqueue`` is how code starts one."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from celery import shared_task
from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task
def run_export(job_id: int) -> None:
    from .exporting import export_run

    export_run(job_id)


@shared_task
def run_import_validation(job_id: int) -> None:
    from .importing import import_validate

    import_validate(job_id)


@shared_task
def run_import_apply(job_id: int) -> None:
    from .importing import import_apply

    import_apply(job_id)


@shared_task
def beat_heartbeat() -> None:
    """Sent by Celery beat every minute and at its start; ``/healthz`` reports
    how long ago a worker last ran it."""
    from .health import record_beat

    record_beat()


# --- Starting a job -------------------------------------------------------------------------

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _background_thread() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            # One thread: jobs run one after another, so a large import never
            # competes with another for the embedded SQLite database's writes.
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="devzone-job")
        return _executor


def enqueue(task, job_id: int) -> None:
    """Run a background job's task once the current transaction commits.

    With a broker (``REDIS_URL``) a Celery worker runs it. In the embedded
    configuration Celery would run it inline, inside the web request (a
    5,000-row import held the request for 43 s), so with
    ``BACKGROUND_IN_THREAD`` it runs in this process's background thread
    instead: the request answers at once and the job page follows the progress.
    """
    if settings.BACKGROUND_IN_THREAD:
        transaction.on_commit(lambda: _background_thread().submit(_run_in_thread, task, job_id))
    else:
        transaction.on_commit(lambda: task.delay(job_id))


def _run_in_thread(task, job_id: int) -> None:
    from .models import BackgroundJob

    close_old_connections()
    try:
        task.run(job_id)
    except Exception as exc:  # the job page reports any failure to its user
        logger.exception("Background job %s failed", job_id)
        unfinished = (BackgroundJob.Status.PENDING, BackgroundJob.Status.RUNNING)
        BackgroundJob.objects.filter(pk=job_id, status__in=unfinished).update(
            status=BackgroundJob.Status.FAILED,
            report={"error": str(exc)},
            finished_at=timezone.now(),
        )
    finally:
        connections.close_all()
