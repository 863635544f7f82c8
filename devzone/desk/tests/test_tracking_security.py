"""The public's tracking code and phone: failures counted per client address
and per code on the page and the API alike; the code shown only to the zone's
own staff and the requesting company; the phone masked so that it does not
complete the code for anyone else."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from devzone.desk import services

from .conftest import PHONE, api

pytestmark = pytest.mark.django_db

A, PV, ZA, ZS, EN = "platform_admin", "province_viewer", "zone_admin", "zone_staff", "enterprise"
WRONG = "13000000000"


def _page(code, phone, address):
    return Client(REMOTE_ADDR=address).post(
        reverse("service:track"), {"code": code, "phone": phone}
    )


def _api(code, phone, address):
    return APIClient().post(
        reverse("desk-public-track"), {"code": code, "phone": phone}, REMOTE_ADDR=address
    )


def test_the_api_counts_failures_per_address(dw):
    code = dw.req_public.code
    for _ in range(services.TRACK_FAILURES):
        assert _api(code, WRONG, "10.0.0.77").status_code == 404
    # Even the right phone is refused for a while from this address.
    refused = _api(code, PHONE, "10.0.0.77")
    assert refused.status_code == 429
    assert "title" not in refused.json()
    assert _api(code, PHONE, "10.0.0.78").status_code == 200


def test_the_page_and_the_api_share_the_count(dw):
    code = dw.req_public.code
    half = services.TRACK_FAILURES // 2
    for _ in range(half):
        assert _page(code, WRONG, "10.0.0.77").status_code == 200
    for _ in range(services.TRACK_FAILURES - half):
        assert _api(code, WRONG, "10.0.0.77").status_code == 404
    assert _page(code, PHONE, "10.0.0.77").status_code == 429
    assert _api(code, PHONE, "10.0.0.77").status_code == 429


def test_a_code_guessed_from_many_addresses_is_locked(dw):
    code = dw.req_public.code
    for n in range(services.TRACK_FAILURES_PER_CODE):
        guess = _page if n % 2 else _api
        guess(code, f"1390000{n:04d}", f"10.1.0.{n}")
    assert _page(code, PHONE, "10.2.0.1").status_code == 429
    assert _api(code, PHONE, "10.2.0.2").status_code == 429
    # Another request's code still opens.
    assert _api(dw.req_ent.code, PHONE, "10.2.0.3").status_code == 200


def test_a_forged_forwarded_header_does_not_reset_the_count(dw, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    code = dw.req_public.code
    for n in range(services.TRACK_FAILURES):
        APIClient().post(
            reverse("desk-public-track"),
            {"code": code, "phone": WRONG},
            REMOTE_ADDR="10.0.0.77",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    response = APIClient().post(
        reverse("desk-public-track"),
        {"code": code, "phone": PHONE},
        REMOTE_ADDR="10.0.0.77",
        HTTP_X_FORWARDED_FOR="203.0.113.200",
    )
    assert response.status_code == 429


@pytest.mark.parametrize(
    "role,request_name,reads_code",
    [
        (A, "req_public", True),
        (ZA, "req_public", True),
        (ZS, "req_public", True),
        (PV, "req_public", False),
        (PV, "req_ent", False),
        (EN, "req_ent", True),  # its own company's request
    ],
)
def test_the_tracking_code_is_shown_only_to_zone_staff_and_the_requester(
    dw, role, request_name, reads_code
):
    obj = getattr(dw, request_name)
    shown = obj.code_display
    data = api(dw, role).get(f"/api/v1/desk/requests/{obj.pk}/").json()
    assert data["code"] == (obj.code if reads_code else None)
    client = dw.client(role)
    page = client.get(obj.get_absolute_url()).content.decode()
    assert ('data-testid="tracking-code"' in page) is reads_code
    assert (shown in page) is reads_code
    history = client.get(reverse("desk:request_history", args=[obj.pk]))
    assert history.status_code == 200
    assert (obj.code in history.content.decode()) is reads_code
    export = client.get(reverse("desk:request_export") + "?format=csv")
    assert (shown in export.content.decode("utf-8-sig")) is reads_code
    listing = api(dw, role).get("/api/v1/desk/requests/").json()["results"]
    codes = {row["id"]: row["code"] for row in listing}
    assert codes[obj.pk] == (obj.code if reads_code else None)


@pytest.mark.parametrize("role", [PV, EN])
def test_the_phone_shows_no_more_than_its_first_three_digits(dw, role):
    obj = dw.req_ent
    masked = PHONE[:3] + "*" * 8
    assert api(dw, role).get(f"/api/v1/desk/requests/{obj.pk}/").json()["contact_phone"] == masked
    page = dw.client(role).get(obj.get_absolute_url()).content.decode()
    assert masked in page and PHONE[-2:] + "<" not in page.replace(masked, "")
    export = dw.client(role).get(reverse("desk:request_export") + "?format=csv")
    body = export.content.decode("utf-8-sig")
    assert masked in body and "139******78" not in body and PHONE not in body


def test_zone_staff_read_the_phone_in_full(dw):
    data = api(dw, ZS).get(f"/api/v1/desk/requests/{dw.req_ent.pk}/").json()
    assert data["contact_phone"] == PHONE


@pytest.mark.parametrize("role,finds", [(PV, False), (ZS, True), (EN, True)])
def test_searching_by_tracking_code_needs_the_right_to_read_it(dw, role, finds):
    code = dw.req_ent.code
    listing = dw.client(role).get(reverse("desk:request_list") + f"?q={code}")
    assert ("厂区停水" in listing.content.decode()) is finds
    found = api(dw, role).get(f"/api/v1/desk/requests/?search={code}").json()["results"]
    assert [r["title"] for r in found] == (["厂区停水"] if finds else [])
    by_title = api(dw, role).get(f"/api/v1/desk/requests/?search={dw.req_ent.title}")
    assert [r["title"] for r in by_title.json()["results"]] == ["厂区停水"]
