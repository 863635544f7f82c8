"""Issue 12 about approvals: a template without a zone or a duplicate is bad
input (400), not a server error; an item's agent comes from its project's zone."""

from __future__ import annotations

import pytest

from devzone.approvals.models import DocumentTemplate, ProjectApproval
from devzone.approvals.tests.test_approvals import api, item

pytestmark = pytest.mark.django_db

URL = "/api/v1/approvals/templates/"


def test_a_template_without_zone_or_twice_is_refused(aw):
    before = DocumentTemplate.objects.count()
    client = api(aw, "zone_admin")
    client.raise_request_exception = False
    kind = aw.template_a.kind
    payloads = [
        {"kind": "notice", "title": "告知书", "body": "{项目名称}"},  # no zone: the platform's
        {"kind": kind, "zone": aw.zone_a.pk, "title": "又一份", "body": "{项目名称}"},
    ]
    for payload in payloads:
        response = client.post(URL, payload, format="json")
        assert response.status_code == 400, payload
    admin = api(aw, "platform_admin")
    admin.raise_request_exception = False
    response = admin.post(
        URL, {"kind": "commitment", "title": "第二份", "body": "{项目名称}"}, format="json"
    )
    assert response.status_code == 400
    assert DocumentTemplate.objects.count() == before


def test_an_items_agent_is_one_of_its_zones_people(aw):
    before = ProjectApproval.objects.count()
    response = api(aw, "zone_admin").post(
        "/api/v1/approvals/project-items/",
        {
            "project": aw.project_a.pk,
            "item": item("水资源论证").pk,
            "mode": "standard",
            "agent": aw.users["outsider"].pk,
        },
        format="json",
    )
    assert response.status_code == 400 and "agent" in response.json()
    assert ProjectApproval.objects.count() == before


def test_the_agent_filter_offers_the_zones_admins_and_staff_only(aw):
    from django.test import RequestFactory

    from devzone.approvals.filters import _agents
    from devzone.core.models import User
    from devzone.core.scoping import Role

    # Once zone staff, now a city viewer: the zones it kept do not make it an agent.
    moved = User.objects.create_user(username="moved", role=Role.REGION_VIEWER)
    moved.zones.set([aw.zone_a])
    request = RequestFactory().get("/")
    request.user = aw.users["zone_staff"]
    people = set(_agents(request))
    assert moved not in people and aw.users["outsider"] not in people
    assert {aw.users["zone_admin"], aw.users["zone_staff"]} <= people
