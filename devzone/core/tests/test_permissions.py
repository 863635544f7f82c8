"""The permission matrix: every role, and a user of another zone, against every
page and API endpoint of the registry, with the expected status."""

import pytest
from django.urls import reverse

from devzone.testing import ROLES, if_match

pytestmark = pytest.mark.django_db

A, PV, CB, ZA, ZS, EN, OUT = (
    "platform_admin",
    "province_viewer",
    "city_b_viewer",
    "zone_admin",
    "zone_staff",
    "enterprise",
    "outsider",
)


def expect(default, **overrides):
    """Expected status per role: ``default`` for the signed-in roles unless overridden;
    anonymous users are sent to the login page (302) unless overridden."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = 302
    table.update(overrides)
    return table


PAGES = {
    # name: (url builder, expected statuses)
    "home": (lambda w: "/", expect(200, anonymous=200)),
    "zone_list": (lambda w: reverse("core:zone_list"), expect(200)),
    "zone_detail": (
        lambda w: reverse("core:zone_detail", args=[w.zone_a.pk]),
        expect(200, city_b_viewer=404, outsider=404),
    ),
    "zone_edit": (
        lambda w: reverse("core:zone_edit", args=[w.zone_a.pk]),
        expect(403, platform_admin=200, zone_admin=200, city_b_viewer=404, outsider=404),
    ),
    "zone_add": (lambda w: reverse("core:zone_add"), expect(403, platform_admin=200)),
    "zone_delete": (
        lambda w: reverse("core:zone_delete", args=[w.zone_a.pk]),
        expect(403, platform_admin=200, city_b_viewer=404, outsider=404),
    ),
    "zone_history": (
        lambda w: reverse("core:zone_history", args=[w.zone_a.pk]),
        expect(200, city_b_viewer=404, outsider=404),
    ),
    "zone_import": (lambda w: reverse("core:zone_import"), expect(403, platform_admin=200)),
    "enterprise_list": (lambda w: reverse("core:enterprise_list"), expect(200)),
    "enterprise_detail": (
        lambda w: reverse("core:enterprise_detail", args=[w.ent_a.pk]),
        expect(200, city_b_viewer=404, outsider=404),
    ),
    "enterprise_detail_other_zone": (
        lambda w: reverse("core:enterprise_detail", args=[w.ent_b.pk]),
        expect(404, platform_admin=200, province_viewer=200, city_b_viewer=200, outsider=200),
    ),
    "enterprise_edit": (
        lambda w: reverse("core:enterprise_edit", args=[w.ent_a.pk]),
        expect(
            403, platform_admin=200, zone_admin=200, zone_staff=200, city_b_viewer=404, outsider=404
        ),
    ),
    "enterprise_add": (
        lambda w: reverse("core:enterprise_add"),
        expect(403, platform_admin=200, zone_admin=200, zone_staff=200, outsider=200),
    ),
    "enterprise_delete": (
        lambda w: reverse("core:enterprise_delete", args=[w.ent_a.pk]),
        expect(
            403, platform_admin=200, zone_admin=200, zone_staff=200, city_b_viewer=404, outsider=404
        ),
    ),
    "enterprise_history": (
        lambda w: reverse("core:enterprise_history", args=[w.ent_a.pk]),
        expect(200, city_b_viewer=404, outsider=404),
    ),
    "enterprise_export_csv": (
        lambda w: reverse("core:enterprise_export") + "?format=csv",
        expect(200),
    ),
    "enterprise_export_xlsx": (
        lambda w: reverse("core:enterprise_export") + "?format=xlsx",
        expect(200),
    ),
    "enterprise_import": (
        lambda w: reverse("core:enterprise_import"),
        expect(403, platform_admin=200, zone_admin=200, zone_staff=200, outsider=200),
    ),
    "enterprise_template": (
        lambda w: reverse("core:enterprise_import_template", args=["xlsx"]),
        expect(200),
    ),
    "chain_list": (lambda w: reverse("core:chain_list"), expect(200)),
    "chain_detail": (
        lambda w: reverse("core:chain_detail", args=[w.chain_a.pk]),
        expect(200, city_b_viewer=404, outsider=404),
    ),
    "chain_edit": (
        lambda w: reverse("core:chain_edit", args=[w.chain_a.pk]),
        expect(
            403, platform_admin=200, zone_admin=200, zone_staff=200, city_b_viewer=404, outsider=404
        ),
    ),
    "chainmember_list": (lambda w: reverse("core:chainmember_list"), expect(200)),
    "region_list": (lambda w: reverse("core:region_list"), expect(200)),
    "region_detail": (lambda w: reverse("core:region_detail", args=[w.city_a.pk]), expect(200)),
    "region_edit": (
        lambda w: reverse("core:region_edit", args=[w.city_a.pk]),
        expect(403, platform_admin=200),
    ),
    "user_list": (
        lambda w: reverse("core:user_list"),
        expect(403, platform_admin=200, zone_admin=200, outsider=200),
    ),
    "user_detail": (
        lambda w: reverse("core:user_detail", args=[w.users[ZS].pk]),
        expect(403, platform_admin=200, zone_admin=200, outsider=404),
    ),
    "user_edit": (
        lambda w: reverse("core:user_edit", args=[w.users[ZS].pk]),
        expect(403, platform_admin=200, zone_admin=200, outsider=404),
    ),
    "user_add": (
        lambda w: reverse("core:user_add"),
        expect(403, platform_admin=200, zone_admin=200, outsider=200),
    ),
    "login_records": (lambda w: reverse("core:login_events"), expect(403, platform_admin=200)),
    "account": (lambda w: reverse("core:account"), expect(200)),
    "notifications": (lambda w: reverse("core:notifications"), expect(200)),
    "jobs": (lambda w: reverse("core:job_list"), expect(200)),
    "api_docs": (lambda w: reverse("api-docs"), expect(200, anonymous=200)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_matrix(world, role, page):
    url_of, expected = PAGES[page]
    response = world.client(role).get(url_of(world))
    assert response.status_code == expected[role], f"{role} {page}"


def api(world, role):
    from rest_framework.test import APIClient

    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world.users[role])
    return client


API_READS = {
    "zones": (lambda w: "/api/v1/zones/", expect(200, anonymous=401)),
    "zone": (
        lambda w: f"/api/v1/zones/{w.zone_a.pk}/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
    "enterprises": (lambda w: "/api/v1/enterprises/", expect(200, anonymous=401)),
    "enterprise": (
        lambda w: f"/api/v1/enterprises/{w.ent_a.pk}/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
    "enterprise_b": (
        lambda w: f"/api/v1/enterprises/{w.ent_b.pk}/",
        expect(
            404,
            anonymous=401,
            platform_admin=200,
            province_viewer=200,
            city_b_viewer=200,
            outsider=200,
        ),
    ),
    "chain": (
        lambda w: f"/api/v1/chains/{w.chain_a.pk}/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
    "regions": (lambda w: "/api/v1/regions/", expect(200, anonymous=401)),
    "notifications": (lambda w: "/api/v1/notifications/", expect(200, anonymous=401)),
    "schema": (lambda w: "/api/v1/schema/", expect(200, anonymous=200)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(API_READS))
def test_api_read_matrix(world, role, endpoint):
    url_of, expected = API_READS[endpoint]
    assert api(world, role).get(url_of(world)).status_code == expected[role], f"{role} {endpoint}"


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 401),
        (A, 200),
        (PV, 403),
        (CB, 404),
        (ZA, 200),
        (ZS, 200),
        (EN, 403),
        (OUT, 404),
    ],
)
def test_api_update_enterprise(world, role, expected):
    response = api(world, role).patch(
        f"/api/v1/enterprises/{world.ent_a.pk}/",
        {"employees": 77},
        format="json",
        **if_match(world.ent_a),
    )
    assert response.status_code == expected
    world.ent_a.refresh_from_db()
    assert (world.ent_a.employees == 77) == (expected == 200)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 401),
        (A, 201),
        (PV, 403),
        (CB, 403),
        (ZA, 201),
        (ZS, 201),
        (EN, 403),
        (OUT, 400),
    ],
)
def test_api_create_enterprise_in_zone_a(world, role, expected):
    from devzone.core.demo import sample_credit_code
    from devzone.core.models import Enterprise

    payload = {
        "zone": world.zone_a.pk,
        "credit_code": sample_credit_code("140223", 99),
        "name": "新企业",
        "industry_code": "C18",
    }
    response = api(world, role).post("/api/v1/enterprises/", payload, format="json")
    assert response.status_code == expected, response.content
    assert Enterprise.objects.filter(name="新企业").exists() == (expected == 201)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 401),
        (A, 204),
        (PV, 403),
        (CB, 404),
        (ZA, 204),
        (ZS, 204),
        (EN, 403),
        (OUT, 404),
    ],
)
def test_api_delete_chain(world, role, expected):
    from devzone.core.models import IndustryChain

    response = api(world, role).delete(
        f"/api/v1/chains/{world.chain_a.pk}/", **if_match(world.chain_a)
    )
    assert response.status_code == expected
    assert IndustryChain.objects.filter(pk=world.chain_a.pk).exists() == (expected != 204)


@pytest.mark.parametrize(
    "role,expected",
    [(A, 302), (PV, 403), (CB, 404), (ZA, 302), (ZS, 302), (EN, 403), (OUT, 404)],
)
def test_page_post_edit_enterprise(world, role, expected):
    from devzone.core.resources import get_resource

    EnterpriseForm = get_resource("core:enterprises").form_class

    form = EnterpriseForm(instance=world.ent_a, user=world.users[A])
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(employees=55, is_sample="")
    response = world.client(role).post(reverse("core:enterprise_edit", args=[world.ent_a.pk]), data)
    assert response.status_code == expected
    world.ent_a.refresh_from_db()
    assert (world.ent_a.employees == 55) == (expected == 302)


def test_lists_never_show_another_zones_records(world):
    for role in (ZA, ZS, EN):
        body = world.client(role).get(reverse("core:enterprise_list")).content.decode()
        assert "甲企业" in body
        assert "乙企业" not in body
    body = world.client(CB).get(reverse("core:enterprise_list")).content.decode()
    assert "乙企业" in body and "甲企业" not in body


def test_search_and_exports_follow_scope(world):
    client = world.client(OUT)
    assert "甲企业" not in client.get(reverse("core:enterprise_list") + "?q=企业").content.decode()
    csv = client.get(reverse("core:enterprise_export") + "?format=csv").content.decode("utf-8-sig")
    assert "乙企业" in csv and "甲企业" not in csv
    api_list = api(world, OUT).get("/api/v1/enterprises/?search=企业").json()
    assert [e["name"] for e in api_list["results"]] == ["乙企业"]


def test_form_choices_offer_only_own_zones(world):
    body = world.client(ZS).get(reverse("core:enterprise_add")).content.decode()
    assert "广灵经济技术开发区" in body and "晋城经济技术开发区" not in body


def test_personal_data_masked_outside_the_zone(world):
    staff_csv = (
        world.client(ZA)
        .get(reverse("core:enterprise_export") + "?format=csv")
        .content.decode("utf-8-sig")
    )
    viewer_csv = (
        world.client(PV)
        .get(reverse("core:enterprise_export") + "?format=csv")
        .content.decode("utf-8-sig")
    )
    assert "13812345678" in staff_csv
    assert "13812345678" not in viewer_csv and "138******78" in viewer_csv
    data = api(world, PV).get(f"/api/v1/enterprises/{world.ent_a.pk}/").json()
    assert data["contact_phone"] == "138******78"


# --- The derivation against the hand-written table ----------------------------------------


def test_derivation_agrees_with_the_hand_written_core_table(world):
    """The core pages' statuses were written by hand before the matrix was
    generated; the derivation must give the same for every generic page there."""
    from django.urls import resolve

    from devzone.core.tests.test_matrix import expected_page

    compared = 0
    for page, (url_of, expected) in PAGES.items():
        url = url_of(world)
        match = resolve(url.split("?")[0])
        resource = getattr(match.func, "view_initkwargs", {}).get("resource")
        if resource is None:
            continue
        action = match.url_name.removeprefix(f"{resource.url_prefix}_")
        row = None
        if "pk" in match.kwargs:
            row = resource.model._default_manager.get(pk=match.kwargs["pk"])
        for role, status in expected.items():
            user = None if role == "anonymous" else world.users[role]
            assert expected_page(resource, action, user, row) == status, (page, role)
            compared += 1
    assert compared > 100
