"""Celery tasks: each only calls a service."""

from celery import shared_task


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
