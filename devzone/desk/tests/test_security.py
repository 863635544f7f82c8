"""Issue 12's findings about the desk: department phones masked on every page
and export, confidential national categories."""

from __future__ import annotations

from django.urls import reverse

from .conftest import api

PV, ZS = "province_viewer", "zone_staff"
OFFICE = "0352-8881234"


def test_department_phones_are_masked_on_the_list_and_export_as_on_detail_and_api(dw):
    dw.department.phone = OFFICE
    dw.department.save()
    masked = "035*******34"
    for role, shown in ((ZS, OFFICE), (PV, masked)):
        client = dw.client(role)
        listing = client.get(reverse("desk:department_list")).content.decode()
        export = client.get(reverse("desk:department_export") + "?format=csv")
        detail = client.get(reverse("desk:department_detail", args=[dw.department.pk]))
        data = api(dw, role).get(f"/api/v1/desk/departments/{dw.department.pk}/").json()
        assert shown in listing, role
        assert shown in export.content.decode("utf-8-sig"), role
        assert shown in detail.content.decode(), role
        assert data["phone"] == shown, role
        if shown == masked:
            assert OFFICE not in listing and OFFICE not in export.content.decode("utf-8-sig")


def test_a_zone_category_cannot_lift_the_confidentiality_of_a_national_complaint_code(dw):
    from devzone.desk.models import Category

    ZA = "zone_admin"
    data = {
        "zone": dw.zone_a.pk,
        "code": "complaint_bribery",
        "name": "一般咨询",
        "confidential": False,
        "accept_days": 1,
        "answer_days": 2,
        "resolve_days": 10,
        "complex_days": 25,
        "escalate_after_days": 2,
        "order": 1,
        "active": True,
    }
    response = api(dw, ZA).post("/api/v1/desk/categories/", data, format="json")
    assert response.status_code == 400
    assert "confidential" in response.json()
    form = {k: v for k, v in data.items() if k != "confidential"}  # unchecked box
    page = dw.client(ZA).post(reverse("desk:category_add"), {**form, "active": "on"})
    assert page.status_code == 200
    assert "complaint about officials" in page.content.decode() or "投诉" in page.content.decode()
    assert not Category.objects.filter(zone=dw.zone_a).exists()
    # The complaint stays hidden from the zone's staff.
    titles = [r["title"] for r in api(dw, ZS).get("/api/v1/desk/requests/").json()["results"]]
    assert "某科室索要好处费" not in titles
    # A confidential zone copy (its own deadlines) is still allowed.
    response = api(dw, ZA).post(
        "/api/v1/desk/categories/", {**data, "confidential": True}, format="json"
    )
    assert response.status_code == 201
