"""Issue 12 about projects: who may be made a leader, agent or owner (one rule
in core, forms and API alike); many-to-many writes through the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.core.models import User
from devzone.core.resources import get_resource
from devzone.core.scoping import Role
from devzone.projects.models import Lead, Problem, Project
from devzone.projects.tests.test_projects import api

pytestmark = pytest.mark.django_db

ZA, ZS = "zone_admin", "zone_staff"
URL = "/api/v1/projects/projects/"


def _project(world, **values):
    return {"zone": world.zone_a.pk, "name": "新项目", "planned_investment": "1000000", **values}


@pytest.fixture
def a2_admin(world):
    """An admin of zone A2 only: zone A's staff member works in both zones."""
    user = User.objects.create_user(username="a2admin", role=Role.ZONE_ADMIN)
    user.zones.set([world.zone_a2])
    return user


def test_the_api_refuses_a_leader_or_agent_outside_the_rule(world, a2_admin):
    users = world.users
    refused = [
        ("leader", users["outsider"]),  # another zone's official
        ("leader", users["zone_staff"]),  # an agent is not a leader
        ("leader", a2_admin),  # a leader of another of the caller's zones
        ("agent", users["enterprise"]),
        ("agent", users["province_viewer"]),
    ]
    for field, person in refused:
        response = api(world, ZS).post(URL, _project(world, **{field: person.pk}), format="json")
        assert response.status_code == 400, (field, person)
        assert field in response.json(), (field, person)
    assert not Project.objects.exists()
    response = api(world, ZS).post(
        URL,
        _project(world, leader=users["zone_admin"].pk, agent=users["zone_staff"].pk),
        format="json",
    )
    assert response.status_code == 201
    project = Project.objects.get()
    etag = api(world, ZS).get(f"{URL}{project.pk}/")["ETag"]
    response = api(world, ZS).patch(
        f"{URL}{project.pk}/", {"agent": users["outsider"].pk}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.agent == users["zone_staff"]


def test_the_browsable_api_offers_no_other_zones_people(world):
    page = api(world, ZS).get(URL, HTTP_ACCEPT="text/html").content.decode()
    assert "zadmin" in page  # the zone's admin: a possible leader
    assert "outsider" not in page and ">ent<" not in page


def test_the_forms_offer_the_right_role_of_the_users_zones(world, a2_admin):
    users = world.users
    form = get_resource("projects:projects").form_class(user=users[ZS])
    assert set(form.fields["leader"].queryset) == {users["zone_admin"], a2_admin}
    assert set(form.fields["agent"].queryset) == {users["zone_admin"], users[ZS], a2_admin}
    assert set(
        get_resource("projects:problems").form_class(user=users[ZA]).fields["owner"].queryset
    ) == {users[ZA], users[ZS]}
    assert set(
        get_resource("projects:leads").form_class(user=users[ZA]).fields["owner"].queryset
    ) == {users[ZA], users[ZS]}
    # The record's zone decides: zone A2's admin leads no project of zone A.
    data = {
        "zone": world.zone_a.pk,
        "name": "网页项目",
        "stage": "negotiating",
        "planned_investment": "100",
        "leader": a2_admin.pk,
    }
    response = world.client(ZS).post(reverse("projects:project_add"), data)
    assert response.status_code == 200
    assert "zone admin (leader)" in response.content.decode() or "包联" in (
        response.content.decode()
    )
    assert not Project.objects.exists()


def test_problem_and_lead_owners_come_from_the_records_zone(world):
    users = world.users
    project = Project.objects.create(zone=world.zone_a, name="甲项目", planned_investment=1)
    client = api(world, ZA)
    response = client.post(
        "/api/v1/projects/problems/",
        {"project": project.pk, "title": "用地", "owner": users["outsider"].pk},
        format="json",
    )
    assert response.status_code == 400 and "owner" in response.json()
    response = client.post(
        "/api/v1/projects/leads/",
        {
            "zone": world.zone_a.pk,
            "investor": "某企业",
            "project_name": "线索",
            "source_region": Lead.SourceRegion.YANGTZE_DELTA,
            "owner": users["enterprise"].pk,
        },
        format="json",
    )
    assert response.status_code == 400 and "owner" in response.json()
    assert not Problem.objects.exists() and not Lead.objects.exists()


def test_enterprises_are_written_through_the_api_only_in_scope(world):
    response = api(world, ZS).post(
        URL, _project(world, enterprises=[world.ent_a.pk]), format="json"
    )
    assert response.status_code == 201
    project = Project.objects.get()
    assert list(project.enterprises.all()) == [world.ent_a]
    assert response.json()["enterprises"] == [world.ent_a.pk]
    # The enterprise now reads its project.
    assert api(world, "enterprise").get(f"{URL}{project.pk}/").status_code == 200
    response = api(world, ZS).post(
        URL, _project(world, name="乙", enterprises=[world.ent_b.pk]), format="json"
    )
    assert response.status_code == 400 and "enterprises" in response.json()
    etag = api(world, ZS).get(f"{URL}{project.pk}/")["ETag"]
    response = api(world, ZS).patch(
        f"{URL}{project.pk}/", {"enterprises": []}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200
    assert not project.enterprises.exists()
    assert Project.objects.count() == 1
    assert Decimal(project.planned_investment) == Decimal("1000000")


def test_a_project_moved_to_another_zone_keeps_no_leader_of_the_old_one(world):
    users = world.users
    project = Project.objects.create(
        zone=world.zone_a,
        name="搬迁项目",
        planned_investment=1,
        leader=users["zone_admin"],
    )
    a2_admin = User.objects.create_user(username="a2admin", role=Role.ZONE_ADMIN)
    a2_admin.zones.set([world.zone_a2])
    response = api(world, ZS).patch(
        f"{URL}{project.pk}/",
        {"zone": world.zone_a2.pk},
        format="json",
        HTTP_IF_MATCH=f'"{project.version}"',
    )
    assert response.status_code == 400 and "leader" in response.json()
    response = api(world, ZS).patch(
        f"{URL}{project.pk}/",
        {"zone": world.zone_a2.pk, "leader": a2_admin.pk},
        format="json",
        HTTP_IF_MATCH=f'"{project.version}"',
    )
    assert response.status_code == 200
