"""A citizen's request and a message from a notice board are never deleted:
voided (作废) with a reason, who and when, kept in the history, left out of
lists unless asked for; pages and API alike. The message and the request
made from it link to each other."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from devzone.core.services import record_delete
from devzone.desk.models import ServiceRequest
from devzone.projects import services as project_services
from devzone.projects.models import NoticeFeedback, Project

from .conftest import api

pytestmark = pytest.mark.django_db


def test_there_is_no_delete_page_and_the_service_refuses_deleting(dw):
    for name in ("desk:request_delete", "projects:feedback_delete"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[1])
    with pytest.raises(ValidationError):
        record_delete(instance=dw.req_public, user=dw.users["platform_admin"])
    assert ServiceRequest.objects.filter(pk=dw.req_public.pk).exists()


def test_voiding_a_request_on_its_page(dw):
    client = dw.client("zone_staff")
    url = reverse("desk:request_void", args=[dw.req_public.pk])
    detail = client.get(dw.req_public.get_absolute_url()).content.decode()
    assert f'href="{url}"' in detail
    # Without a reason: refused, nothing changes.
    response = client.post(url, {"void_reason": "  "})
    assert response.status_code == 200
    assert "请填写作废原因。" in response.content.decode()
    dw.req_public.refresh_from_db()
    assert dw.req_public.voided_at is None and dw.req_public.is_open
    response = client.post(url, {"void_reason": "重复来电，已并入另一诉求"})
    assert response.status_code == 302
    dw.req_public.refresh_from_db()
    assert dw.req_public.voided_at is not None
    assert dw.req_public.voided_by == dw.users["zone_staff"]
    assert dw.req_public.void_reason == "重复来电，已并入另一诉求"
    assert not dw.req_public.is_open  # no deadline of it escalates any more
    latest = dw.req_public.history.first()
    assert "重复来电" in latest.history_change_reason
    assert latest.history_user == dw.users["zone_staff"]
    page = client.get(dw.req_public.get_absolute_url()).content.decode()
    assert 'data-testid="voided"' in page and f'href="{url}"' not in page
    # Hidden from the default list, shown when asked for.
    listed = client.get(reverse("desk:request_list")).content.decode()
    assert dw.req_public.title not in listed and dw.req_ent.title in listed
    listed = client.get(reverse("desk:request_list") + "?voided=only").content.decode()
    assert dw.req_public.title in listed and dw.req_ent.title not in listed
    # A void request changes no more.
    response = client.post(url, {"void_reason": "再次作废"})
    dw.req_public.refresh_from_db()
    assert dw.req_public.void_reason == "重复来电，已并入另一诉求"


def test_the_api_refuses_delete_and_voids_with_a_reason(dw):
    client = api(dw, "zone_admin")
    url = f"/api/v1/desk/requests/{dw.req_public.pk}/"
    assert client.delete(url).status_code == 405
    assert client.post(url + "void/", {"reason": ""}, format="json").status_code == 400
    # A reason that is not text (schemathesis sent an object: it was a 500).
    odd = client.post(url + "void/", {"reason": {"x": [1]}}, format="json")
    assert odd.status_code == 400 and "reason" in odd.json()
    dw.req_public.refresh_from_db()
    assert dw.req_public.voided_at is None
    # The enterprise reads its own request but may not void it.
    own = f"/api/v1/desk/requests/{dw.req_ent.pk}/void/"
    assert api(dw, "enterprise").post(own, {"reason": "x"}, format="json").status_code == 403
    response = client.post(url + "void/", {"reason": "测试数据"}, format="json")
    assert response.status_code == 200 and response.json()["void_reason"] == "测试数据"
    assert client.post(url + "void/", {"reason": "again"}, format="json").status_code == 400
    ids = {r["id"] for r in client.get("/api/v1/desk/requests/").json()["results"]}
    assert dw.req_public.pk not in ids and dw.req_ent.pk in ids
    ids = {r["id"] for r in client.get("/api/v1/desk/requests/?voided=only").json()["results"]}
    assert ids == {dw.req_public.pk}
    assert ServiceRequest.objects.filter(pk=dw.req_public.pk).exists()


@pytest.fixture
def board(dw):
    project = Project.objects.create(
        zone=dw.zone_a, name="公示项目", planned_investment=0, leader=dw.users["zone_admin"]
    )
    feedback = project_services.submit_feedback(
        project=project, message="工地扬尘", contact_phone="13912345678", ip="10.1.1.1"
    )
    return feedback, feedback.service_request


def test_feedback_and_its_request_link_to_each_other(dw, board):
    feedback, made = board
    client = dw.client("zone_admin")  # the leader told of the feedback
    page = client.get(feedback.get_absolute_url()).content.decode()
    assert f'href="{made.get_absolute_url()}"' in page
    page = client.get(made.get_absolute_url()).content.decode()
    assert f'href="{feedback.get_absolute_url()}"' in page


def test_feedback_is_voided_not_deleted(dw, board):
    feedback, _made = board
    client = dw.client("zone_admin")
    response = client.post(
        reverse("projects:feedback_void", args=[feedback.pk]), {"void_reason": "广告"}
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.is_voided and feedback.void_reason == "广告"
    assert "工地扬尘" not in client.get(reverse("projects:feedback_list")).content.decode()
    listed = client.get(reverse("projects:feedback_list") + "?voided=all").content.decode()
    assert "工地扬尘" in listed
    rest = api(dw, "zone_admin")
    assert rest.delete(f"/api/v1/projects/feedback/{feedback.pk}/").status_code == 405
    assert NoticeFeedback.objects.filter(pk=feedback.pk).exists()


def test_the_list_offers_the_void_filter_only_where_records_are_voided(dw):
    client = dw.client("zone_admin")
    assert (
        'data-testid="voided-filter"' in client.get(reverse("desk:request_list")).content.decode()
    )
    page = client.get(reverse("desk:department_list")).content.decode()
    assert 'data-testid="voided-filter"' not in page
