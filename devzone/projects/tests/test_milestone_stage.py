"""A schedule and the project's stage never disagree: a done milestone that
marks a stage moves the project there, with its date, and the history says
which milestone did it."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.projects import services
from devzone.projects.models import Project, ScheduleTask, TaskDependency
from devzone.testing import if_match

pytestmark = pytest.mark.django_db


def _project(world, stage=Project.Stage.BUILDING):
    project = Project.objects.create(
        zone=world.zone_a,
        name="算力中心一期",
        planned_investment=Decimal(1),
        stage=stage,
        expected_start=date(2024, 1, 1),
        expected_operation=date(2024, 12, 31),
    )
    build = ScheduleTask.objects.create(project=project, name="主体施工", duration=30)
    done = ScheduleTask.objects.create(
        project=project, name="投产运营", duration=0, marks_stage=Project.Stage.OPERATING
    )
    TaskDependency.objects.create(before=build, after=done)
    return project, done


def test_a_done_operation_milestone_moves_the_project_to_operating(world):
    project, milestone = _project(world)
    services.compute_schedule(project)
    project.refresh_from_db()
    assert project.stage == Project.Stage.BUILDING  # not done yet
    milestone.actual_start = milestone.actual_finish = date(2024, 11, 28)
    milestone.save()
    services.compute_schedule(project)
    project.refresh_from_db()
    assert (project.stage, project.operating_on) == (Project.Stage.OPERATING, date(2024, 11, 28))
    latest = project.history.first()
    assert (
        "投产运营" in latest.history_change_reason and "2024-11-28" in latest.history_change_reason
    )


def test_a_milestone_never_moves_a_project_back(world):
    project, milestone = _project(world, stage=Project.Stage.OPERATING)
    milestone.marks_stage = Project.Stage.COMPLETED
    milestone.actual_finish = date(2024, 10, 1)
    milestone.save()
    services.compute_schedule(project)
    project.refresh_from_db()
    assert project.stage == Project.Stage.OPERATING


def test_reporting_the_milestone_done_through_the_api_moves_the_stage(world):
    from rest_framework.test import APIClient

    project, milestone = _project(world)
    client = APIClient()
    client.force_authenticate(world.users["zone_staff"])
    response = client.patch(
        f"/api/v1/projects/tasks/{milestone.pk}/",
        {"actual_start": "2024-11-28", "actual_finish": "2024-11-28", "percent_complete": 100},
        format="json",
        **if_match(milestone),
    )
    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert project.stage == Project.Stage.OPERATING
    page = world.client("zone_staff").get(reverse("projects:project_history", args=[project.pk]))
    assert "投产运营" in page.content.decode()


def test_pure_choice_of_the_furthest_done_milestone(world):
    project, _m = _project(world)
    tasks = [
        ScheduleTask(name="竣工验收", marks_stage="completed", actual_finish=date(2024, 10, 18)),
        ScheduleTask(name="投产运营", marks_stage="operating", actual_finish=None),
    ]
    assert services.milestone_reached(project, tasks).name == "竣工验收"
    tasks[1].actual_finish = date(2024, 11, 28)
    assert services.milestone_reached(project, tasks).name == "投产运营"
