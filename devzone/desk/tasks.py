"""Celery tasks: each only calls a service."""

from celery import shared_task


@shared_task
def escalate_overdue_requests() -> dict:
    """Every 15 minutes (Celery beat): warn of near deadlines, escalate missed ones."""
    from .services import escalate_overdue

    return escalate_overdue()
