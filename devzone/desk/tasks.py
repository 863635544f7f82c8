"""Celery tasks: each only calls a service."""

from celery import shared_task


@shared_task
def escalate_overdue_requests() -> dict:
    """Every 15 minutes (Celery beat): warn of near deadlines, escalate missed ones."""
    from .services import escalate_overdue

    return escalate_overdue()


# Beat's entries of the desk (found by convention: core.periodic).
PERIODIC_TASKS = {
    "escalate-overdue-service-requests": {
        "task": escalate_overdue_requests,
        "schedule": 15 * 60,  # seconds
    },
}
