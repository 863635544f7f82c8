"""What runs on a clock, found by convention: each app's ``tasks.py`` may
declare ``PERIODIC_TASKS``, Celery beat's entries of that app by name::

    PERIODIC_TASKS = {
        "escalate-overdue-service-requests": {"task": escalate_overdue_requests, "schedule": 15 * 60},
    }

(``task``: the task itself or its name; ``schedule``: seconds, a
``timedelta`` or a ``crontab``; any other key of a beat entry is kept).
``CoreConfig.ready`` gives beat the union (``install``), so adding an app's
periodic task is an edit of that app only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .routing import _submodule, devzone_apps


def periodic_schedule() -> dict[str, dict[str, Any]]:
    """Beat's schedule: every installed app's ``PERIODIC_TASKS``, in
    INSTALLED_APPS order. Two apps declaring one entry name stop start-up,
    naming both."""
    schedule: dict[str, dict[str, Any]] = {}
    origin: dict[str, str] = {}
    for config in devzone_apps():
        module = _submodule(config, "tasks")
        if module is None:
            continue
        for name, entry in getattr(module, "PERIODIC_TASKS", {}).items():
            if name in schedule:
                raise ImproperlyConfigured(
                    f"Periodic task {name!r} is declared by {origin[name]} and {module.__name__}."
                )
            task = entry["task"]
            schedule[name] = {**entry, "task": task if isinstance(task, str) else task.name}
            origin[name] = module.__name__
    return schedule


def install() -> None:
    """Beat's schedule, set once Django's apps are ready (the worker and beat
    set Django up before they read it)."""
    from devzone.celery import app

    app.conf.beat_schedule = periodic_schedule()
