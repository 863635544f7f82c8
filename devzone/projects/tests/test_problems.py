"""The problem list (问题清单): scoping, the closing rules, open problems first by age."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from devzone.projects.models import Problem, ProblemFollowUp, Project
from devzone.testing import ROLES, if_match

pytestmark = pytest.mark.django_db


@pytest.fixture
def problems(world):
    project = Project.objects.create(
        zone=world.zone_a, name="甲项目", planned_investment=Decimal(1)
    )
    project.enterprises.add(world.ent_a)
    today = date.today()
    old = Problem.objects.create(
        project=project,
        title="用地手续",
        raised_on=today - timedelta(days=40),
        deadline=today - timedelta(days=5),
    )
    new = Problem.objects.create(
        project=project, title="用电接入", raised_on=today - timedelta(days=3)
    )
    done = Problem.objects.create(
        project=project,
        title="道路",
        raised_on=today - timedelta(days=90),
        status=Problem.Status.CLOSED,
        closed_on=today - timedelta(days=60),
    )
    ProblemFollowUp.objects.create(problem=old, note="已协调自然资源局")
    return project, old, new, done


DETAIL = {"anonymous": 302, "city_b_viewer": 404, "outsider": 404}
EDIT = {
    "anonymous": 302,
    "province_viewer": 403,
    "city_b_viewer": 404,
    "enterprise": 403,
    "outsider": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_problem_pages_by_role(world, problems, role):
    _project, old, _new, _done = problems
    client = world.client(role)
    assert client.get(reverse("projects:problem_detail", args=[old.pk])).status_code == DETAIL.get(
        role, 200
    )
    assert client.get(reverse("projects:problem_edit", args=[old.pk])).status_code == EDIT.get(
        role, 200
    )
    follow_up = old.follow_ups.get()
    assert client.get(
        reverse("projects:followup_detail", args=[follow_up.pk])
    ).status_code == DETAIL.get(role, 200)


def test_open_problems_first_oldest_first_with_age_and_overdue(world, problems):
    _project, old, new, done = problems
    response = world.client("zone_staff").get(reverse("projects:problem_list"))
    titles = [row[0].title for row in response.context["rows"]]
    assert titles == [old.title, new.title, done.title]
    assert old.age_days == 40 and old.overdue and not new.overdue and done.age_days == 30
    open_only = world.client("zone_staff").get(reverse("projects:problem_list") + "?open=true")
    assert [row[0].title for row in open_only.context["rows"]] == [old.title, new.title]


def test_closing_needs_a_date_and_outsiders_cannot_add(world, problems):
    project, old, _new, _done = problems
    api = APIClient()
    api.force_authenticate(world.users["zone_staff"])
    url = f"/api/v1/projects/problems/{old.pk}/"
    response = api.patch(url, {"status": "closed"}, format="json", **if_match(old))
    assert response.status_code == 400 and "closed_on" in response.json()
    assert (
        api.patch(
            url,
            {"status": "closed", "closed_on": str(date.today())},
            format="json",
            **if_match(old),
        ).status_code
        == 200
    )
    outsider = APIClient()
    outsider.force_authenticate(world.users["outsider"])
    created = outsider.post(
        "/api/v1/projects/problems/", {"project": project.pk, "title": "x"}, format="json"
    )
    assert created.status_code == 400
    assert not Problem.objects.filter(title="x").exists()
