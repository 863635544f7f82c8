"""Background jobs: ``enqueue`` starts work registered with ``background``
(an export, an import), in a Celery worker or the web process's thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from celery import shared_task
from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .health import BEAT_INTERVAL
from .models import BackgroundJob

logger = logging.getLogger(__name__)


# The work background jobs run, by name: ``background`` registers it, and the
# one task below runs only what is registered (a broker message names no
# other function).
_WORK: dict[str, str] = {}


def background(name: str):
    """Register the decorated ``work(job_id)`` (an export, an import's
    validation or its writing) under ``name``, for ``enqueue(name, job_id)``."""

    def register(work: Callable[[int], None]) -> Callable[[int], None]:
        path = f"{work.__module__}.{work.__qualname__}"
        if _WORK.setdefault(name, path) != path:
            raise ValueError(f"Two kinds of background work are named {name!r}")
        return work

    return register


@shared_task(name="devzone.core.tasks.run_job")
def run_job(name: str, job_id: int) -> None:
    # Looked up when it runs: the module's current function.
    import_string(_WORK[name])(job_id)


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


def enqueue(name: str, job_id: int) -> None:
    """Run the background work registered as ``name`` once the current
    transaction commits.

    With a broker (``REDIS_URL``) a Celery worker runs it. In the embedded
    configuration Celery would run it inline, inside the web request (a
    5,000-row import held the request for 43 s), so with
    ``BACKGROUND_IN_THREAD`` it runs in this process's background thread
    instead: the request answers at once and the job page follows the progress.
    """
    if name not in _WORK:
        raise ValueError(f"No background work is named {name!r}")
    if settings.BACKGROUND_IN_THREAD:
        transaction.on_commit(lambda: _background_thread().submit(_run_in_thread, name, job_id))
    else:
        transaction.on_commit(lambda: _send(name, job_id))


# Set in a job's report while the broker cannot take it; its page says it waits.
WAITING_FOR_QUEUE = "waiting_for_queue"


def _send(name: str, job_id: int) -> bool:
    """Queue a job's task; if the broker is down, mark the job as waiting
    (requeue_waiting_jobs sends it once the broker is back) instead of
    failing the request that started it."""
    from kombu.exceptions import OperationalError

    from .models import BackgroundJob

    try:
        # No retries: a request must not hang on a broker that is down.
        run_job.apply_async(args=(name, job_id), retry=False)
    except (OperationalError, OSError):
        logger.warning("Broker unavailable: job %s waits for it", job_id)
        job = BackgroundJob.objects.get(pk=job_id)
        job.report = {**job.report, WAITING_FOR_QUEUE: name}
        job.save(update_fields=["report"])
        return False
    return True


@shared_task
def requeue_waiting_jobs() -> int:
    """Every minute (Celery beat): send the jobs that found the broker down."""
    from .models import BackgroundJob

    sent = 0
    for job in BackgroundJob.objects.filter(report__has_key=WAITING_FOR_QUEUE):
        name = job.report[WAITING_FOR_QUEUE]
        job.report = {k: v for k, v in job.report.items() if k != WAITING_FOR_QUEUE}
        job.save(update_fields=["report"])
        if _send(name, job.pk):
            sent += 1
    return sent


def _run_in_thread(name: str, job_id: int) -> None:
    close_old_connections()
    try:
        run_job.run(name, job_id)
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


# Beat's entries of core (found by convention: core.periodic).
PERIODIC_TASKS = {
    "scheduler-heartbeat": {"task": beat_heartbeat, "schedule": BEAT_INTERVAL},
    # Jobs that found the broker down start once it is back.
    "requeue-waiting-jobs": {"task": requeue_waiting_jobs, "schedule": 60},
}
