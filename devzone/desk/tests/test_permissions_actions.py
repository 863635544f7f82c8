"""Exact statuses per role of the request workflow's API actions (answer,
resolve, reopen), the public API's reopen, and the public tracking pages'
rate and reopen: who may, who is refused (403), who cannot see the request
(404), and that a refusal changes nothing."""

import pytest
from django.urls import reverse

from devzone.desk import services
from devzone.desk.models import ServiceRequest
from devzone.desk.views import TRACKED
from devzone.testing import ROLES

from .conftest import PHONE, api

pytestmark = pytest.mark.django_db

# On the enterprise's request of zone A: whoever may change it acts; the
# province's viewer and the enterprise see it but are refused; another
# city's viewer and the other zone's admin do not see it.
STAFF_ACTION = {
    "anonymous": 401,
    "platform_admin": 200,
    "province_viewer": 403,
    "city_b_viewer": 404,
    "zone_admin": 200,
    "zone_staff": 200,
    "enterprise": 403,
    "outsider": 404,
}
# Only the requester (the enterprise user of the requesting company) reopens.
REQUESTER_ACTION = {
    "anonymous": 401,
    "platform_admin": 403,
    "province_viewer": 403,
    "city_b_viewer": 404,
    "zone_admin": 403,
    "zone_staff": 403,
    "enterprise": 200,
    "outsider": 404,
}


def _accepted(dw):
    return services.request_accept(request=dw.req_ent, user=dw.users["zone_staff"])


def _resolved(dw, request=None):
    request = request or dw.req_ent
    staff = dw.users["zone_staff"]
    services.request_accept(request=request, user=staff)
    return services.request_resolve(request=request, user=staff, text="已恢复供水")


def _status(request) -> str:
    return ServiceRequest.objects.get(pk=request.pk).status


@pytest.mark.parametrize("role", ROLES)
def test_api_answer(dw, role):
    _accepted(dw)
    url = f"/api/v1/desk/requests/{dw.req_ent.pk}/answer/"
    response = api(dw, role).post(url, {"text": "已联系供水公司"}, format="json")
    assert response.status_code == STAFF_ACTION[role], response.content
    assert (_status(dw.req_ent) == "answered") == (STAFF_ACTION[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_api_resolve(dw, role):
    _accepted(dw)
    url = f"/api/v1/desk/requests/{dw.req_ent.pk}/resolve/"
    response = api(dw, role).post(url, {"text": "已恢复供水"}, format="json")
    assert response.status_code == STAFF_ACTION[role], response.content
    assert (_status(dw.req_ent) == "resolved") == (STAFF_ACTION[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_api_reopen(dw, role):
    _resolved(dw)
    url = f"/api/v1/desk/requests/{dw.req_ent.pk}/reopen/"
    response = api(dw, role).post(url, {"reason": "又停水了"}, format="json")
    assert response.status_code == REQUESTER_ACTION[role], response.content
    assert (_status(dw.req_ent) == "received") == (REQUESTER_ACTION[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_public_api_reopen_needs_the_code_and_the_phone(dw, role):
    """Open to everyone, signed in or not: the code and the phone are the key."""
    request = _resolved(dw, dw.req_public)
    url = "/api/v1/desk/public/reopen/"
    payload = {"code": request.code, "phone": "13900000000", "reason": "仍未解决"}
    assert api(dw, role).post(url, payload, format="json").status_code == 404
    assert _status(request) == "resolved"
    payload["phone"] = PHONE
    assert api(dw, role).post(url, payload, format="json").status_code == 200
    assert _status(request) == "received"
    # Reopened already: refused, with the error shape.
    assert api(dw, role).post(url, payload, format="json").status_code == 400


def _tracked_client(dw, role, code):
    client = dw.client(role)
    session = client.session
    session[TRACKED] = [code]
    session.save()
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "action,data,after",
    [("rate", {"rating": "5"}, "closed"), ("reopen", {"reason": "仍未解决"}, "received")],
)
def test_public_rate_and_reopen_pages(dw, role, action, data, after):
    """Whoever has not given the code and the phone goes to the tracking page,
    changing nothing; whoever has is the requester, and is sent back to the
    request's page."""
    request = _resolved(dw, dw.req_public)
    url = reverse(f"service:{action}", args=[request.code])
    response = dw.client(role).post(url, data)
    assert (response.status_code, response.url) == (302, reverse("service:track"))
    assert _status(request) == "resolved"
    assert dw.client(role).get(url).status_code == 405  # a POST only
    response = _tracked_client(dw, role, request.code).post(url, data)
    assert (response.status_code, response.url) == (
        302,
        reverse("service:status", args=[request.code]),
    )
    assert _status(request) == after
