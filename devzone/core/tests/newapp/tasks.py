"""A periodic task of the throwaway app: beat finds it by convention."""

from celery import shared_task


@shared_task(name="devzone.core.tests.newapp.tasks.tidy_places")
def tidy_places() -> int:
    """Nothing to tidy: the app exists to prove the conventions."""
    return 0


PERIODIC_TASKS = {"newapp-tidy-places": {"task": tidy_places, "schedule": 24 * 60 * 60}}
