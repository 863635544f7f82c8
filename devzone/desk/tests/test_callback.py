"""回访: staff call back the requester of a resolved request (the hotline's
callers rarely come to the web) and record the rating given on the phone,
or reopen the request in the requester's name. Only the zone's staff may;
a refused call back changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from devzone.desk import services
from devzone.desk.models import FollowUp, ServiceRequest
from devzone.testing import ROLES

from .conftest import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(dw):
    staff = dw.users["zone_staff"]
    for request in (dw.req_public, dw.req_ent):
        services.request_accept(request=request, user=staff)
        services.request_resolve(request=request, user=staff, text="已协调解决")
        request.refresh_from_db()
    return dw


def test_staff_record_the_rating_given_on_a_call_back(resolved):
    staff = resolved.users["zone_staff"]
    request = services.request_callback(
        request=resolved.req_public, user=staff, rating="4", comment="电话回访：基本满意"
    )
    request.refresh_from_db()
    assert (request.status, request.rating, request.rated_on_callback) == ("closed", 4, True)
    assert request.rating_comment == "电话回访：基本满意" and request.closed_at is not None
    entry = FollowUp.objects.filter(request=request).latest("pk")
    assert entry.kind == FollowUp.Kind.RATED and entry.author == staff and not entry.by_requester
    assert "4" in entry.note and "电话回访" in entry.note
    assert request.history.latest().history_change_reason == "回访评价"


def test_the_requester_rating_on_the_web_is_not_marked_as_a_call_back(resolved):
    services.request_rate(request=resolved.req_ent, user=resolved.users["enterprise"], rating=5)
    resolved.req_ent.refresh_from_db()
    assert resolved.req_ent.rating == 5 and not resolved.req_ent.rated_on_callback


@pytest.mark.parametrize("rating", ["0", "6", "x", None])
def test_a_bad_rating_is_refused_and_nothing_changes(resolved, rating):
    with pytest.raises(ValidationError):
        services.request_callback(
            request=resolved.req_public, user=resolved.users["zone_staff"], rating=rating
        )
    resolved.req_public.refresh_from_db()
    assert resolved.req_public.status == "resolved" and resolved.req_public.rating is None


def test_only_a_resolved_request_is_called_back(dw):
    with pytest.raises(ValidationError):
        services.request_callback(request=dw.req_public, user=dw.users["zone_staff"], rating=5)
    with pytest.raises(ValidationError):
        services.request_reopen_on_callback(
            request=dw.req_public, user=dw.users["zone_staff"], reason="仍未解决"
        )
    dw.req_public.refresh_from_db()
    assert dw.req_public.status == "received" and dw.req_public.reopen_count == 0


def test_not_solved_on_the_call_back_reopens_with_deadlines_from_today(resolved):
    staff = resolved.users["zone_staff"]
    with pytest.raises(ValidationError):
        services.request_reopen_on_callback(request=resolved.req_public, user=staff, reason=" ")
    request = services.request_reopen_on_callback(
        request=resolved.req_public, user=staff, reason="路灯又坏了"
    )
    request.refresh_from_db()
    assert (request.status, request.reopen_count) == ("received", 1)
    assert request.clock_start == timezone.localdate() and request.resolution == ""
    entry = FollowUp.objects.filter(request=request).latest("pk")
    assert entry.kind == FollowUp.Kind.REOPENED and entry.author == staff
    assert "路灯又坏了" in entry.note and not entry.by_requester


@pytest.mark.parametrize("role", ["enterprise", "outsider", "province_viewer"])
def test_only_the_zones_staff_call_back(resolved, role):
    with pytest.raises(PermissionDenied):
        services.request_callback(request=resolved.req_ent, user=resolved.users[role], rating=5)
    with pytest.raises(PermissionDenied):
        services.request_reopen_on_callback(
            request=resolved.req_ent, user=resolved.users[role], reason="未解决"
        )
    resolved.req_ent.refresh_from_db()
    assert resolved.req_ent.status == "resolved"


# Who may call back, page and API: the zone's staff and the platform admin.
PAGE = {
    "anonymous": 302,
    "platform_admin": 302,
    "province_viewer": 403,
    "city_b_viewer": 404,
    "zone_admin": 302,
    "zone_staff": 302,
    "enterprise": 404,  # not its request; on its own, see below
    "outsider": 404,
}
API = {**PAGE, "anonymous": 401, "platform_admin": 200, "zone_admin": 200, "zone_staff": 200}


@pytest.mark.parametrize("role", ROLES)
def test_the_call_back_page_action_by_role(resolved, role):
    url = reverse("desk:request_action", args=[resolved.req_public.pk, "callback"])
    response = resolved.client(role).post(url, {"rating": "5"})
    assert response.status_code == PAGE[role], role
    resolved.req_public.refresh_from_db()
    closed = role in ("platform_admin", "zone_admin", "zone_staff")
    assert (resolved.req_public.status == "closed") is closed
    if role == "anonymous":
        assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_the_call_back_api_by_role(resolved, role):
    pk = resolved.req_public.pk
    response = api(resolved, role).post(
        f"/api/v1/desk/requests/{pk}/callback-reopen/", {"reason": "仍未解决"}, format="json"
    )
    assert response.status_code == API[role], (role, response.content[:200])
    resolved.req_public.refresh_from_db()
    reopened = API[role] == 200
    assert (resolved.req_public.status == "received") is reopened
    if reopened:
        assert response.json()["reopen_count"] == 1


def test_the_page_offers_the_call_back_to_staff_and_keeps_what_was_typed(resolved):
    url = resolved.req_public.get_absolute_url()
    staff = resolved.client("zone_staff")
    assert 'data-testid="callback"' in staff.get(url).content.decode()
    response = staff.post(
        reverse("desk:request_action", args=[resolved.req_public.pk, "callback"]),
        {"rating": "", "comment": "电话无人接听后再次回访"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "电话无人接听后再次回访" in body and "alert-danger" in body
    resolved.req_public.refresh_from_db()
    assert resolved.req_public.status == "resolved"
    # The requester's company rates it itself: no call-back form for it, and
    # the call-back action is refused on its own request.
    own = reverse("desk:request_action", args=[resolved.req_ent.pk, "callback"])
    assert resolved.client("enterprise").post(own, {"rating": "5"}).status_code == 403
    requester = resolved.client("enterprise").get(resolved.req_ent.get_absolute_url())
    page = requester.content.decode()
    assert 'data-testid="callback"' not in page and 'data-testid="requester-actions"' in page
    api(resolved, "zone_staff").post(
        f"/api/v1/desk/requests/{resolved.req_public.pk}/callback/",
        {"rating": 3},
        format="json",
    )
    closed = staff.get(url).content.decode()
    assert 'data-testid="rated-on-callback"' in closed and 'data-testid="callback"' not in closed
    assert ServiceRequest.objects.get(pk=resolved.req_public.pk).rating == 3


@pytest.mark.parametrize(
    "action, payload",
    [
        ("callback", {"rating": 0}),
        ("callback", {"rating": 9}),
        ("callback", {"rating": "x"}),
        ("callback", {}),
        ("callback-reopen", {"reason": ""}),
        ("callback-reopen", {"reason": "   "}),
        ("callback-reopen", {}),
    ],
)
def test_the_api_refuses_bad_input_and_changes_nothing(resolved, action, payload):
    pk = resolved.req_public.pk
    response = api(resolved, "zone_staff").post(
        f"/api/v1/desk/requests/{pk}/{action}/", payload, format="json"
    )
    assert response.status_code == 400, response.content[:200]
    resolved.req_public.refresh_from_db()
    assert resolved.req_public.status == "resolved" and resolved.req_public.rating is None


def test_the_api_refuses_a_call_back_on_a_request_not_resolved(dw):
    response = api(dw, "zone_staff").post(
        f"/api/v1/desk/requests/{dw.req_public.pk}/callback/", {"rating": 5}, format="json"
    )
    assert response.status_code == 400
    dw.req_public.refresh_from_db()
    assert dw.req_public.status == "received"
    # The requester's company may not call itself back.
    assert (
        api(dw, "enterprise")
        .post(f"/api/v1/desk/requests/{dw.req_ent.pk}/callback/", {"rating": 5}, format="json")
        .status_code
        == 403
    )
