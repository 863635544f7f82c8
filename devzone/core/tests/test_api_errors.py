"""Every kind of refusal has one shape on every app's endpoints
(``core.api.exception_handler``, as ``core.api_schema`` documents it): an
object with ``detail`` saying what went wrong, a 400 each field with its
messages (a refusal without a field under ``detail``), a 412 the current
version and the changes since, a 409 the records that refer to the one deleted."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from devzone.incentives.models import Application
from devzone.incentives.tests.conftest import make_application, make_policy
from devzone.projects.models import Lead, Project
from devzone.projects.tests.test_leads import make_lead
from devzone.testing import if_match

pytestmark = pytest.mark.django_db


def api(world, role):
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world.users[role])
    return client


def assert_error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body.get("detail"), str) and body["detail"], body
    return body


def assert_refused(response, *fields):
    """A 400: an object of fields (``detail`` for a refusal without one), each
    with a list of messages."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert isinstance(body, dict) and body
    for name, messages in body.items():
        assert isinstance(messages, list) and messages, (name, body)
        assert all(isinstance(m, str) and m for m in messages), (name, body)
    assert set(fields) <= set(body), body
    assert "non_field_errors" not in body
    return body


def project(world, name="甲项目"):
    return Project.objects.create(
        zone=world.zone_a, name=name, planned_investment=Decimal("100000000")
    )


def test_fields_the_serializer_refuses(world):
    client = api(world, "zone_admin")
    assert_refused(
        client.post("/api/v1/enterprises/", {"zone": world.zone_a.pk}, format="json"), "name"
    )
    assert_refused(
        client.post("/api/v1/projects/projects/", {"zone": world.zone_a.pk}, format="json"), "name"
    )


def test_a_rule_of_several_fields_comes_under_detail(world):
    """The model's constraints through the serializer: a company listed twice in a chain."""
    client = api(world, "zone_admin")
    again = {"chain": world.chain_a.pk, "enterprise": world.ent_a.pk, "role": "leader"}
    assert_refused(client.post("/api/v1/chain-members/", again, format="json"), "detail")


def test_a_service_refusal_without_a_field_comes_under_detail(world):
    """A lead converted before it is signed, an approved application rejected:
    the services' refusals (``core.api.carry_out``)."""
    client = api(world, "zone_admin")
    lead = make_lead(world, stage=Lead.Stage.NEGOTIATING)
    body = assert_refused(client.post(f"/api/v1/projects/leads/{lead.pk}/convert/"), "detail")
    assert "签约" in " ".join(body["detail"])
    policy = make_policy(world.zone_a, "厂房租赁优惠")
    app = make_application(
        policy,
        world.ent_a,
        status=Application.Status.APPROVED,
        approved_amount=Decimal("100000"),
        decided_on=date(2024, 4, 1),
    )
    response = client.post(
        f"/api/v1/incentives/applications/{app.pk}/review/",
        {"decision": Application.Status.REJECTED},
        format="json",
    )
    assert_refused(response)


@pytest.mark.parametrize(
    "url",
    ["/api/v1/enterprises/", "/api/v1/projects/projects/", "/api/v1/desk/categories/"],
)
def test_refused_permissions(world, url):
    assert_error(api(world, "anonymous").get(url), 401)
    assert_error(api(world, "enterprise").post(url, {"name": "x"}, format="json"), 403)


def test_a_stale_write_gets_the_changes_since(world):
    client = api(world, "zone_admin")
    policy = make_policy(world.zone_a, "厂房租赁优惠")
    for url, change in (
        (f"/api/v1/enterprises/{world.ent_a.pk}/", {"employees": 5}),
        (f"/api/v1/projects/projects/{project(world).pk}/", {"location": "北区"}),
        (f"/api/v1/incentives/policies/{policy.pk}/", {"conditions": "规上企业"}),
    ):
        etag = client.get(url)["ETag"]
        assert client.patch(url, change, format="json", HTTP_IF_MATCH=etag).status_code == 200
        body = assert_error(client.patch(url, change, format="json", HTTP_IF_MATCH=etag), 412)
        assert body["current_version"] and body["changes"], body
        assert {c["field"] for c in body["changes"]} >= set(change)


def test_a_missing_if_match_is_428(world):
    client = api(world, "zone_admin")
    for url in (
        f"/api/v1/enterprises/{world.ent_a.pk}/",
        f"/api/v1/projects/projects/{project(world).pk}/",
    ):
        assert_error(client.patch(url, {}, format="json"), 428)


def test_a_protected_delete_is_409_naming_what_refers_to_it(world):
    admin = api(world, "platform_admin")
    body = assert_error(
        admin.delete(f"/api/v1/zones/{world.zone_a.pk}/", **if_match(world.zone_a)), 409
    )
    assert "甲企业" in body["protected_by"] and "甲企业" in body["detail"]
    policy = make_policy(world.zone_a, "厂房租赁优惠")
    make_application(policy, world.ent_a)
    client = api(world, "zone_admin")
    body = assert_error(
        client.delete(f"/api/v1/incentives/policies/{policy.pk}/", **if_match(policy)), 409
    )
    assert body["protected_by"], body
    assert client.get(f"/api/v1/incentives/policies/{policy.pk}/").status_code == 200


def test_what_refers_to_a_record_is_named_only_if_the_caller_sees_it(world):
    """A deletion refused for records of another zone tells nothing of them."""
    from django.db.models import ProtectedError

    from devzone.core.api import api_error

    refusal = api_error(ProtectedError("", [world.ent_b]), world.users["zone_admin"])
    assert refusal.status_code == 409
    assert refusal.detail["protected_by"] == []
    assert "乙企业" not in str(refusal.detail["detail"])
    seen = api_error(ProtectedError("", [world.ent_b]), world.users["outsider"])
    assert seen.detail["protected_by"] == ["乙企业"]
