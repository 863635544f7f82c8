"""Celery: tasks run inline unless REDIS_URL names a broker (see settings)."""

import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")

app = Celery("devzone")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
def first_beat(sender, **kwargs) -> None:
    """Beat's first interval would leave /healthz without a beat for a minute
    after every start: send one at once."""
    sender.app.send_task("devzone.core.tasks.beat_heartbeat")
