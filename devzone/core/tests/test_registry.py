"""The resource registry: keyed by app and name, full once Django is set up,
and a duplicate stops start-up."""

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from devzone.core.models import BackgroundJob
from devzone.core.resources import Resource, _registry, get_resource, resources_of
from devzone.projects.models import Problem, ProblemFollowUp, Project

ROOT = Path(__file__).resolve().parents[3]


def test_resources_are_keyed_by_app_and_name():
    assert get_resource("projects:follow-ups").model is ProblemFollowUp
    assert get_resource("desk:follow-ups").model.__name__ == "FollowUp"
    assert [r.name for r in resources_of("projects")][:2] == ["projects", "investments"]
    # Every key is the resource's own.
    assert all(key == r.key for key, r in _registry.items())


def test_a_duplicate_resource_stops_start_up_naming_both():
    with pytest.raises(ImproperlyConfigured) as raised:

        class AnotherFollowUps(Resource):  # noqa: F841 (declaring it registers it)
            name = "follow-ups"
            namespace = "projects"
            model = ProblemFollowUp
            columns = []

    message = str(raised.value)
    assert "projects:follow-ups" in message
    assert "ProblemFollowUpResource" in message and "AnotherFollowUps" in message
    assert get_resource("projects:follow-ups").model is ProblemFollowUp


def test_registry_is_full_after_setup_alone():
    """No URLconf loaded: the registry is filled in AppConfig.ready()."""
    code = (
        "import django; django.setup();"
        "from devzone.core.resources import get_resource;"
        "print(get_resource('projects:follow-ups').model.__name__,"
        " get_resource('stats:values').model.__name__)"
    )
    out = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "devzone.settings", "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.split() == ["ProblemFollowUp", "IndicatorValue"]


def test_background_export_of_problem_follow_ups_writes_problem_follow_ups(
    world, settings, django_capture_on_commit_callbacks
):
    settings.BACKGROUND_ROWS_THRESHOLD = 0
    project = Project.objects.create(
        zone=world.zone_a, name="甲项目", planned_investment=Decimal(1)
    )
    problem = Problem.objects.create(project=project, title="用地指标待落实")
    ProblemFollowUp.objects.create(problem=problem, note="已协调自然资源局")
    client = world.client("zone_admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("projects:followup_export") + "?format=csv")
    job = BackgroundJob.objects.latest("pk")
    assert response.status_code == 302
    assert (job.resource, job.status) == ("projects:follow-ups", "done")
    download = client.get(reverse("core:job_download", args=[job.pk]))
    assert "已协调自然资源局" in b"".join(download.streaming_content).decode("utf-8-sig")


def test_beat_runs_every_apps_periodic_tasks_and_settings_name_no_app():
    from django.conf import settings

    from devzone.celery import app
    from devzone.core.periodic import periodic_schedule

    assert not hasattr(settings, "CELERY_BEAT_SCHEDULE")
    assert "ENUM_NAME_OVERRIDES" not in settings.SPECTACULAR_SETTINGS
    assert app.conf.beat_schedule == periodic_schedule()
    assert {name: entry["task"] for name, entry in periodic_schedule().items()} == {
        "scheduler-heartbeat": "devzone.core.tasks.beat_heartbeat",
        "requeue-waiting-jobs": "devzone.core.tasks.requeue_waiting_jobs",
        "refresh-schedule-task-statuses": "devzone.projects.tasks.refresh_task_statuses",
        "escalate-overdue-service-requests": "devzone.desk.tasks.escalate_overdue_requests",
    }
    # Each names a task Celery knows.
    assert set(app.tasks) >= {entry["task"] for entry in periodic_schedule().values()}


def test_two_apps_declaring_one_periodic_task_or_enum_name_stop_naming_both(monkeypatch):
    from devzone.core import api_schema, periodic
    from devzone.desk import api as desk_api
    from devzone.desk import tasks as desk_tasks

    monkeypatch.setattr(
        desk_tasks,
        "PERIODIC_TASKS",
        {**desk_tasks.PERIODIC_TASKS, "scheduler-heartbeat": {"task": "x", "schedule": 1}},
    )
    with pytest.raises(ImproperlyConfigured, match="devzone.core.tasks and devzone.desk.tasks"):
        periodic.periodic_schedule()
    monkeypatch.setattr(
        desk_api,
        "ENUM_NAME_OVERRIDES",
        {"ProjectStageEnum": "devzone.projects.models.Project.Stage"},
    )
    with pytest.raises(ImproperlyConfigured, match="devzone.projects.api and devzone.desk.api"):
        api_schema.enum_name_overrides()
