"""The permission matrix of economic monitoring: every role, and a user of another
zone, against every stats page and API endpoint, with the expected status.

The scoping rule for zone figures (IndicatorValue): drafts and submitted figures
are seen by their zone's users and the platform admin; submitted ones also by
the region viewers of their region; approved figures by every signed-in user
(they are published: rankings compare zones)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client
from rest_framework.test import APIClient

from devzone.stats.models import (
    AnnualTarget,
    EnterpriseReport,
    Indicator,
    IndicatorValue,
    ReportStatus,
)
from devzone.testing import ROLES, if_match, world_fixtures

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
SIGNED_IN = [r for r in ROLES if r != "anonymous"]
YI = Decimal(100_000_000)


def expect(default, **overrides):
    """Expected status per role: ``default`` for the signed-in roles unless overridden;
    anonymous users are sent to the login page (302) unless overridden."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = 302
    table.update(overrides)
    return table


def api_expect(default, **overrides):
    return expect(default, anonymous=401, **overrides)


def value(zone, code, year, month, amount, status=ReportStatus.DRAFT, growth=None):
    return IndicatorValue.objects.create(
        zone=zone,
        indicator=Indicator.objects.get(code=code),
        year=year,
        month=month,
        value=Decimal(amount),
        stated_growth=growth,
        status=status,
    )


def _build_data(world):
    """Zone A's figures in each status, an enterprise report and a target."""
    return SimpleNamespace(
        w=world,
        iva=Indicator.objects.get(code="industrial_value_added"),
        draft=value(world.zone_a, "industrial_value_added", 2024, 6, 2 * YI),
        submitted=value(
            world.zone_a, "industrial_value_added", 2024, 5, 2 * YI, ReportStatus.SUBMITTED
        ),
        approved=value(
            world.zone_a, "industrial_value_added", 2024, 4, 2 * YI, ReportStatus.APPROVED
        ),
        report=EnterpriseReport.objects.create(
            enterprise=world.ent_a,
            indicator=Indicator.objects.get(code="industrial_output"),
            year=2024,
            month=6,
            value=Decimal(3 * YI),
        ),
        target=AnnualTarget.objects.create(
            zone=world.zone_a,
            indicator=Indicator.objects.get(code="industrial_value_added"),
            year=2024,
            target=Decimal(10 * YI),
        ),
    )


data_once, data = world_fixtures(_build_data, name="data")


def page_client(world, role) -> Client:
    """A browser session; server errors come back as 500 instead of raising."""
    return world.client(role, raise_request_exception=False)


def api(world, role) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world.users[role])
    return client


# --- Pages --------------------------------------------------------------------------------

ZONE_A_ONLY_HIDDEN = {CB: 404, OUT: 404}  # zone A's records: outside these roles' scope

PAGES = {
    # name: (url builder, expected statuses)
    "ranking": (lambda d: "/stats/ranking/", expect(200)),
    "ranking_with_params": (
        lambda d: f"/stats/ranking/?indicator={d.iva.pk}&period=2024-04&by=total",
        expect(200),
    ),
    "ranking_xlsx": (
        lambda d: f"/stats/ranking/?indicator={d.iva.pk}&period=2024-04&by=total&format=xlsx",
        expect(200),
    ),
    # Users with a single zone go straight to its dashboard.
    "dashboard_index": (
        lambda d: "/stats/dashboards/",
        expect(200, city_b_viewer=302, zone_admin=302, enterprise=302, outsider=302),
    ),
    "dashboard_zone_a": (
        lambda d: f"/stats/dashboards/{d.w.zone_a.pk}/",
        expect(200, **ZONE_A_ONLY_HIDDEN),
    ),
    "dashboard_zone_a_xlsx": (
        lambda d: f"/stats/dashboards/{d.w.zone_a.pk}/?format=xlsx",
        expect(200, **ZONE_A_ONLY_HIDDEN),
    ),
    "dashboard_zone_b": (
        lambda d: f"/stats/dashboards/{d.w.zone_b.pk}/",
        expect(200, zone_admin=404, zone_staff=404, enterprise=404),
    ),
    "compare": (lambda d: "/stats/compare/", expect(200)),
    "compare_with_params": (
        lambda d: (
            f"/stats/compare/?zones={d.w.zone_a.pk}&indicator={d.iva.pk}&start=2024-01&end=2024-06"
        ),
        expect(200),
    ),
    "entry_index": (lambda d: "/stats/entry/", expect(200)),
    "entry_zone_a": (
        lambda d: f"/stats/entry/{d.w.zone_a.pk}/2024-06/",
        expect(200, city_b_viewer=404, enterprise=404, outsider=404),
    ),
    "entry_bad_period": (lambda d: f"/stats/entry/{d.w.zone_a.pk}/2024-13/", expect(404)),
    "province_template": (lambda d: "/stats/province-template/", expect(200)),
    "province_template_download": (
        lambda d: "/stats/province-template/download/?period=2024-06",
        expect(200),
    ),
    "province_template_download_bad_period": (
        lambda d: "/stats/province-template/download/?period=junk",
        expect(404),
    ),
    # Generic resources.
    "value_list": (lambda d: "/stats/values/", expect(200)),
    "value_export": (lambda d: "/stats/values/export/?format=csv", expect(200)),
    "value_draft": (
        lambda d: f"/stats/values/{d.draft.pk}/",
        expect(200, province_viewer=404, city_b_viewer=404, enterprise=404, outsider=404),
    ),
    "value_submitted": (
        lambda d: f"/stats/values/{d.submitted.pk}/",
        expect(200, city_b_viewer=404, enterprise=404, outsider=404),
    ),
    "value_approved": (lambda d: f"/stats/values/{d.approved.pk}/", expect(200)),
    "value_approved_history": (
        lambda d: f"/stats/values/{d.approved.pk}/history/",
        expect(200),
    ),
    "report_list": (lambda d: "/stats/reports/", expect(200)),
    "report_detail": (
        lambda d: f"/stats/reports/{d.report.pk}/",
        expect(200, **ZONE_A_ONLY_HIDDEN),
    ),
    "report_add": (
        lambda d: "/stats/reports/add/",
        expect(
            403, platform_admin=200, zone_admin=200, zone_staff=200, enterprise=200, outsider=200
        ),
    ),
    "report_edit": (
        lambda d: f"/stats/reports/{d.report.pk}/edit/",
        expect(
            403,
            platform_admin=200,
            zone_admin=200,
            zone_staff=200,
            enterprise=200,
            **ZONE_A_ONLY_HIDDEN,
        ),
    ),
    "report_import": (
        lambda d: "/stats/reports/import/",
        expect(
            403, platform_admin=200, zone_admin=200, zone_staff=200, enterprise=200, outsider=200
        ),
    ),
    "report_import_template": (
        lambda d: "/stats/reports/import/template.xlsx",
        expect(200),
    ),
    "target_list": (
        lambda d: "/stats/targets/",
        expect(200, enterprise=403),  # nothing of theirs: not offered (core.access)
    ),
    "target_detail": (
        lambda d: f"/stats/targets/{d.target.pk}/",
        expect(200, enterprise=404, **ZONE_A_ONLY_HIDDEN),
    ),
    # Targets are set by zone admins only.
    "target_add": (
        lambda d: "/stats/targets/add/",
        expect(403, platform_admin=200, zone_admin=200, outsider=200),
    ),
    "target_edit": (
        lambda d: f"/stats/targets/{d.target.pk}/edit/",
        expect(403, platform_admin=200, zone_admin=200, enterprise=404, **ZONE_A_ONLY_HIDDEN),
    ),
    "indicator_list": (lambda d: "/stats/indicators/", expect(200)),
    # A catalogue indicator as the migration preloaded it.
    "indicator_detail": (lambda d: f"/stats/indicators/{d.iva.pk}/", expect(200)),
    "indicator_add": (lambda d: "/stats/indicators/add/", expect(403, platform_admin=200)),
    "indicator_edit": (
        lambda d: f"/stats/indicators/{d.iva.pk}/edit/",
        expect(403, platform_admin=200),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_matrix(data, role, page):
    url_of, expected = PAGES[page]
    response = page_client(data.w, role).get(url_of(data))
    assert response.status_code == expected[role], f"{role} {page}"
    if role == "anonymous" and expected[role] == 302:
        assert "/login" in response["Location"] or "accounts" in response["Location"]


def test_indicator_detail_with_history(world):
    """An indicator saved through the app (so with a history row) shows fine."""
    from devzone.core.services import record_save

    indicator = Indicator(
        code="new_indicator",
        name_zh="新指标",
        name_en="New indicator",
        unit="count",
        kind="flow",
    )
    record_save(instance=indicator, user=world.users[A])
    assert page_client(world, PV).get(f"/stats/indicators/{indicator.pk}/").status_code == 200


def _entry_post(d):
    return {f"value_{d.iva.pk}": "3.5", f"growth_{d.iva.pk}": "4.0"}


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        (A, 302),
        (PV, 403),
        (CB, 404),
        (ZA, 302),
        (ZS, 302),
        (EN, 404),
        (OUT, 404),
    ],
)
def test_entry_save_matrix(data, role, expected):
    url = f"/stats/entry/{data.w.zone_a.pk}/2024-07/"
    response = page_client(data.w, role).post(url, _entry_post(data))
    assert response.status_code == expected
    saved = IndicatorValue.objects.filter(zone=data.w.zone_a, year=2024, month=7)
    if role != "anonymous" and expected == 302:
        assert response["Location"] == url
        (figure,) = saved
        assert figure.value == Decimal("3.5") * YI and figure.status == ReportStatus.DRAFT
    else:
        assert not saved.exists()


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        (A, 302),
        (PV, 403),
        (CB, 404),
        (ZA, 302),
        (ZS, 302),
        (EN, 404),
        (OUT, 404),
    ],
)
def test_entry_submit_matrix(data, role, expected):
    response = page_client(data.w, role).post(f"/stats/entry/{data.w.zone_a.pk}/2024-06/submit/")
    assert response.status_code == expected
    data.draft.refresh_from_db()
    submitted = role != "anonymous" and expected == 302
    assert data.draft.status == (ReportStatus.SUBMITTED if submitted else ReportStatus.DRAFT)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        (A, 302),
        (PV, 403),
        (CB, 404),
        (ZA, 302),
        (ZS, 403),
        (EN, 404),
        (OUT, 404),
    ],
)
def test_entry_approve_matrix(data, role, expected):
    response = page_client(data.w, role).post(f"/stats/entry/{data.w.zone_a.pk}/2024-05/approve/")
    assert response.status_code == expected
    data.submitted.refresh_from_db()
    approved = role != "anonymous" and expected == 302
    assert data.submitted.status == (ReportStatus.APPROVED if approved else ReportStatus.SUBMITTED)


@pytest.mark.parametrize("role", [A, ZA])
def test_entry_actions_are_post_only_and_known(data, role):
    client = page_client(data.w, role)
    base = f"/stats/entry/{data.w.zone_a.pk}/2024-06"
    assert client.get(f"{base}/submit/").status_code == 405
    assert client.post(f"{base}/explode/").status_code == 404


@pytest.mark.parametrize("role", SIGNED_IN)
def test_figures_have_no_generic_add_edit_or_delete(data, role):
    """Zone figures are written only by the entry grid, the template and the API
    (the resource is ``editable = False``): no role reaches a generic form, and
    nobody deletes an approved figure through the generic delete page."""
    client = page_client(data.w, role)
    # The resource has no such pages at all: no URL answers them.
    assert client.get("/stats/values/add/").status_code == 404
    assert client.get(f"/stats/values/{data.approved.pk}/edit/").status_code == 404
    response = client.post(f"/stats/values/{data.approved.pk}/delete/")
    assert response.status_code == 404
    assert IndicatorValue.objects.filter(pk=data.approved.pk).exists()


# --- API ----------------------------------------------------------------------------------

API_READS = {
    "indicators": (lambda d: "/api/v1/stats/indicators/", api_expect(200)),
    "indicator": (lambda d: f"/api/v1/stats/indicators/{d.iva.pk}/", api_expect(200)),
    "values": (lambda d: "/api/v1/stats/values/", api_expect(200)),
    "value_draft": (
        lambda d: f"/api/v1/stats/values/{d.draft.pk}/",
        api_expect(200, province_viewer=404, city_b_viewer=404, enterprise=404, outsider=404),
    ),
    "value_submitted": (
        lambda d: f"/api/v1/stats/values/{d.submitted.pk}/",
        api_expect(200, city_b_viewer=404, enterprise=404, outsider=404),
    ),
    "value_approved": (
        lambda d: f"/api/v1/stats/values/{d.approved.pk}/",
        api_expect(200),
    ),
    "enterprise_reports": (lambda d: "/api/v1/stats/enterprise-reports/", api_expect(200)),
    "enterprise_report": (
        lambda d: f"/api/v1/stats/enterprise-reports/{d.report.pk}/",
        api_expect(200, **ZONE_A_ONLY_HIDDEN),
    ),
    "targets": (lambda d: "/api/v1/stats/targets/", api_expect(200)),
    "target": (
        lambda d: f"/api/v1/stats/targets/{d.target.pk}/",
        api_expect(200, enterprise=404, **ZONE_A_ONLY_HIDDEN),
    ),
    "ranking": (
        lambda d: f"/api/v1/stats/ranking/?indicator={d.iva.pk}&period=2024-04&by=total",
        api_expect(200),
    ),
    "ranking_bad_params": (
        lambda d: "/api/v1/stats/ranking/?indicator=0&period=junk&by=total",
        api_expect(400),
    ),
    "dashboard_zone_a": (
        lambda d: f"/api/v1/stats/zones/{d.w.zone_a.pk}/dashboard/",
        api_expect(200, **ZONE_A_ONLY_HIDDEN),
    ),
    "dashboard_zone_b": (
        lambda d: f"/api/v1/stats/zones/{d.w.zone_b.pk}/dashboard/",
        api_expect(200, zone_admin=404, zone_staff=404, enterprise=404),
    ),
    # Every zone of the ranking may be compared (its approved figures only).
    "compare_zone_a": (
        lambda d: (
            f"/api/v1/stats/compare/?zones={d.w.zone_a.pk}&indicator={d.iva.pk}"
            "&start=2024-01&end=2024-06"
        ),
        api_expect(200),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(API_READS))
def test_api_read_matrix(data, role, endpoint):
    url_of, expected = API_READS[endpoint]
    response = api(data.w, role).get(url_of(data))
    assert response.status_code == expected[role], f"{role} {endpoint}"


def _value_ids(world, role) -> set[int]:
    response = api(world, role).get("/api/v1/stats/values/?page_size=100")
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    return {row["id"] for row in body["results"]}


@pytest.fixture
def both_zones(world):
    """A draft, a submitted and an approved figure in zone A and in zone B."""
    figures = {}
    for zone_key, zone in (("a", world.zone_a), ("b", world.zone_b)):
        for month, status in ((1, "draft"), (2, "submitted"), (3, "approved")):
            figures[f"{zone_key}_{status}"] = value(
                zone, "industrial_value_added", 2024, month, (month + 1) * YI, status
            ).pk
    return figures


@pytest.mark.parametrize("role", SIGNED_IN)
def test_api_values_never_show_another_zones_drafts(world, both_zones, role):
    ids = _value_ids(world, role)
    own_zones = {
        A: {"a", "b"},
        ZA: {"a"},
        ZS: {"a"},
        OUT: {"b"},
    }.get(role, set())
    for zone_key in ("a", "b"):
        if zone_key not in own_zones:
            assert both_zones[f"{zone_key}_draft"] not in ids, role


VISIBLE_IDS = {
    A: {"a_draft", "a_submitted", "a_approved", "b_draft", "b_submitted", "b_approved"},
    PV: {"a_submitted", "a_approved", "b_submitted", "b_approved"},
    CB: {"a_approved", "b_submitted", "b_approved"},
    ZA: {"a_draft", "a_submitted", "a_approved", "b_approved"},
    ZS: {"a_draft", "a_submitted", "a_approved", "b_approved"},
    EN: {"a_approved", "b_approved"},
    OUT: {"b_draft", "b_submitted", "b_approved", "a_approved"},
}


@pytest.mark.parametrize("role", SIGNED_IN)
def test_api_values_follow_the_scoping_rule(world, both_zones, role):
    expected = {both_zones[k] for k in VISIBLE_IDS[role]}
    assert _value_ids(world, role) == expected, role


@pytest.mark.parametrize("role", SIGNED_IN)
def test_values_list_page_follows_the_scoping_rule(world, both_zones, role):
    response = page_client(world, role).get("/stats/values/?per_page=100")
    assert response.status_code == 200
    shown = {obj.pk for obj, _cells in response.context["rows"]}
    assert shown == {both_zones[k] for k in VISIBLE_IDS[role]}, role


def _entry_payload(world, **extra):
    return {
        "zone": world.zone_a.pk,
        "indicator": Indicator.objects.get(code="industrial_value_added").pk,
        "year": 2024,
        "month": 7,
        "value": "350000000",
        "stated_growth": "4.0",
        **extra,
    }


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
        (OUT, 403),
    ],
)
def test_api_enter_value_matrix(world, role, expected):
    response = api(world, role).post("/api/v1/stats/values/", _entry_payload(world), format="json")
    assert response.status_code == expected, response.content
    saved = IndicatorValue.objects.filter(zone=world.zone_a, year=2024, month=7)
    if expected == 201:
        (figure,) = saved
        assert response.json()["id"] == figure.pk
        assert figure.status == ReportStatus.DRAFT and figure.source == "api"
    else:
        assert not saved.exists()


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
def test_api_submit_matrix(data, role, expected):
    response = api(data.w, role).post(
        "/api/v1/stats/values/submit/",
        {"zone": data.w.zone_a.pk, "period": "2024-06"},
        format="json",
    )
    assert response.status_code == expected, response.content
    data.draft.refresh_from_db()
    if expected == 200:
        assert response.json() == {"count": 1}
        assert data.draft.status == ReportStatus.SUBMITTED
    else:
        assert data.draft.status == ReportStatus.DRAFT


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 401),
        (A, 200),
        (PV, 403),
        (CB, 404),
        (ZA, 200),
        (ZS, 403),
        (EN, 403),
        (OUT, 404),
    ],
)
def test_api_approve_matrix(data, role, expected):
    response = api(data.w, role).post(
        "/api/v1/stats/values/approve/",
        {"zone": data.w.zone_a.pk, "period": "2024-05"},
        format="json",
    )
    assert response.status_code == expected, response.content
    data.submitted.refresh_from_db()
    if expected == 200:
        assert response.json() == {"count": 1}
        assert data.submitted.status == ReportStatus.APPROVED
        assert data.submitted.approved_by == data.w.users[role]
    else:
        assert data.submitted.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 401),
        (A, 201),
        (PV, 403),
        (CB, 403),
        (ZA, 201),
        (ZS, 403),
        (EN, 403),
        (OUT, 400),  # zone A is not a zone the outsider may choose
    ],
)
def test_api_create_target_zone_admin_only(world, role, expected):
    payload = {
        "zone": world.zone_a.pk,
        "indicator": Indicator.objects.get(code="industrial_investment").pk,
        "year": 2025,
        "target": "2000000000",
    }
    response = api(world, role).post("/api/v1/stats/targets/", payload, format="json")
    assert response.status_code == expected, response.content
    assert AnnualTarget.objects.filter(year=2025).exists() == (expected == 201)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 401),
        (A, 201),
        (PV, 403),
        (CB, 403),
        (ZA, 201),
        (ZS, 201),
        (EN, 201),
        (OUT, 400),  # enterprise A is not one the outsider may choose
    ],
)
def test_api_create_enterprise_report(world, role, expected):
    payload = {
        "enterprise": world.ent_a.pk,
        "indicator": Indicator.objects.get(code="industrial_output").pk,
        "year": 2024,
        "month": 9,
        "value": "120000000",
    }
    response = api(world, role).post("/api/v1/stats/enterprise-reports/", payload, format="json")
    assert response.status_code == expected, response.content
    assert EnterpriseReport.objects.filter(month=9).exists() == (expected == 201)


@pytest.mark.parametrize(
    "role,expected",
    [("anonymous", 401), (A, 200), (PV, 403), (CB, 403), (ZA, 403), (ZS, 403), (EN, 403)],
)
def test_api_edit_indicator_platform_admin_only(world, role, expected):
    indicator = Indicator.objects.get(code="industrial_output")
    response = api(world, role).patch(
        f"/api/v1/stats/indicators/{indicator.pk}/",
        {"decimals": 1},
        format="json",
        **if_match(indicator),
    )
    assert response.status_code == expected, response.content
    indicator.refresh_from_db()
    assert (indicator.decimals == 1) == (expected == 200)


def test_enterprise_user_reports_for_its_own_company(world):
    """Enterprise users may create their company's reports (the model's scope
    rule), so the form and the API offer them their own company."""
    response = page_client(world, EN).get("/stats/reports/add/")
    assert response.status_code == 200
    choices = response.context["form"].fields["enterprise"].queryset
    assert list(choices) == [world.ent_a]
    # A zone's staff choose among the zone's enterprises only.
    response = page_client(world, ZS).get("/stats/reports/add/")
    assert list(response.context["form"].fields["enterprise"].queryset) == [world.ent_a]
