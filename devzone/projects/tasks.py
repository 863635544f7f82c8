"""Celery tasks: each only calls a service."""

from celery import shared_task


@shared_task
def refresh_task_statuses() -> int:
    """Daily (Celery beat): move schedule tasks to at risk or late as the days pass."""
    from .services import refresh_all_statuses

    return refresh_all_statuses()
