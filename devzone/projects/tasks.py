"""Celery tasks: each only calls a service."""

from celery import shared_task


@shared_task
def refresh_task_statuses() -> int:
    """Daily (Celery beat): move schedule tasks to at risk or late as the days pass."""
    from .services import refresh_all_statuses

    return refresh_all_statuses()


# Beat's entries of projects (found by convention: core.periodic).
PERIODIC_TASKS = {
    "refresh-schedule-task-statuses": {
        "task": refresh_task_statuses,
        "schedule": 6 * 60 * 60,  # seconds; statuses change by the day
    },
}
