"""Investment projects: the permission matrix of their pages and API, the
pipeline rates and investment share, validation, and the list's query count."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from devzone.projects import selectors
from devzone.projects.models import Project, ProjectInvestment
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
YI = Decimal(100_000_000)
S = Project.Stage


def expect(default, **overrides):
    """Expected status per role: ``default`` for the signed-in roles unless overridden;
    anonymous users are sent to the login page (302) unless overridden."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = 302
    table.update(overrides)
    return table


def api(world, role):
    from rest_framework.test import APIClient

    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world.users[role])
    return client


@pytest.fixture
def pw(world):
    """The world with a project in zone A (of 甲企业) with a reported investment,
    and one in zone B."""
    world.project_a = Project.objects.create(
        zone=world.zone_a, name="甲项目", planned_investment=Decimal("260000000"), stage=S.SIGNED
    )
    world.project_a.enterprises.add(world.ent_a)
    world.project_b = Project.objects.create(
        zone=world.zone_b, name="乙项目", planned_investment=Decimal("180000000")
    )
    world.investment_a = ProjectInvestment.objects.create(
        project=world.project_a, year=2024, month=9, cumulative=Decimal("120000000")
    )
    return world


READ = expect(200, city_b_viewer=404, outsider=404)
EDIT = expect(
    403, platform_admin=200, zone_admin=200, zone_staff=200, city_b_viewer=404, outsider=404
)
CREATE = expect(403, platform_admin=200, zone_admin=200, zone_staff=200, outsider=200)

PAGES = {
    "project_list": (lambda w: reverse("projects:project_list"), expect(200)),
    "project_detail": (lambda w: reverse("projects:project_detail", args=[w.project_a.pk]), READ),
    "project_detail_other_zone": (
        lambda w: reverse("projects:project_detail", args=[w.project_b.pk]),
        expect(404, platform_admin=200, province_viewer=200, city_b_viewer=200, outsider=200),
    ),
    "project_add": (lambda w: reverse("projects:project_add"), CREATE),
    "project_edit": (lambda w: reverse("projects:project_edit", args=[w.project_a.pk]), EDIT),
    "project_delete": (lambda w: reverse("projects:project_delete", args=[w.project_a.pk]), EDIT),
    "project_history": (
        lambda w: reverse("projects:project_history", args=[w.project_a.pk]),
        READ,
    ),
    "project_export_csv": (
        lambda w: reverse("projects:project_export") + "?format=csv",
        expect(200),
    ),
    "project_import": (lambda w: reverse("projects:project_import"), CREATE),
    "investment_list": (lambda w: reverse("projects:investment_list"), expect(200)),
    "investment_detail": (
        lambda w: reverse("projects:investment_detail", args=[w.investment_a.pk]),
        READ,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_matrix(pw, role, page):
    url_of, expected = PAGES[page]
    response = pw.client(role).get(url_of(pw))
    assert response.status_code == expected[role], f"{role} {page}"


API_READS = {
    "projects": (lambda w: "/api/v1/projects/projects/", expect(200, anonymous=401)),
    "project": (
        lambda w: f"/api/v1/projects/projects/{w.project_a.pk}/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
    "project_b": (
        lambda w: f"/api/v1/projects/projects/{w.project_b.pk}/",
        expect(
            404,
            anonymous=401,
            platform_admin=200,
            province_viewer=200,
            city_b_viewer=200,
            outsider=200,
        ),
    ),
    "investments": (lambda w: "/api/v1/projects/investments/", expect(200, anonymous=401)),
    "investment": (
        lambda w: f"/api/v1/projects/investments/{w.investment_a.pk}/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(API_READS))
def test_api_read_matrix(pw, role, endpoint):
    url_of, expected = API_READS[endpoint]
    assert api(pw, role).get(url_of(pw)).status_code == expected[role], f"{role} {endpoint}"


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
def test_api_patch_project(pw, role, expected):
    response = api(pw, role).patch(
        f"/api/v1/projects/projects/{pw.project_a.pk}/",
        {"location": "新址"},
        format="json",
        **if_match(pw.project_a),
    )
    assert response.status_code == expected, response.content
    pw.project_a.refresh_from_db()
    assert (pw.project_a.location == "新址") == (expected == 200)


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
def test_api_create_project_in_zone_a(pw, role, expected):
    payload = {"zone": pw.zone_a.pk, "name": "新项目", "planned_investment": "50000000"}
    response = api(pw, role).post("/api/v1/projects/projects/", payload, format="json")
    assert response.status_code == expected, response.content
    assert Project.objects.filter(name="新项目").exists() == (expected == 201)


def test_lists_follow_scope(pw):
    for role in (ZA, ZS, EN):
        body = pw.client(role).get(reverse("projects:project_list")).content.decode()
        assert "甲项目" in body and "乙项目" not in body
    body = pw.client(OUT).get(reverse("projects:project_list")).content.decode()
    assert "乙项目" in body and "甲项目" not in body
    csv = (
        pw.client(OUT)
        .get(reverse("projects:project_export") + "?format=csv")
        .content.decode("utf-8-sig")
    )
    assert "乙项目" in csv and "甲项目" not in csv
    names = [p["name"] for p in api(pw, EN).get("/api/v1/projects/projects/").json()["results"]]
    assert names == ["甲项目"]


# --- pipeline rates ---------------------------------------------------------------------


def _project(zone, name, stage, **kw):
    return Project.objects.create(
        zone=zone, name=name, planned_investment=Decimal("1000"), stage=stage, **kw
    )


def test_pipeline_rates_over_leaf_projects(world):
    z = world.zone_a
    _project(z, "在谈", S.NEGOTIATING)
    _project(z, "签约", S.SIGNED)
    _project(z, "开工", S.STARTED)
    _project(z, "在建", S.BUILDING)
    _project(
        z,
        "投产",
        S.OPERATING,
        expected_annual_output=Decimal("200"),
        actual_annual_output=Decimal("150"),
    )
    # Operating but without an actual output: not in 达效率.
    _project(z, "投产无产值", S.OPERATING, expected_annual_output=Decimal("999"))
    # A project with two phases: only the phases count, not the parent as well.
    parent = _project(
        z,
        "分期项目",
        S.OPERATING,
        expected_annual_output=Decimal("1000"),
        actual_annual_output=Decimal("1000"),
    )
    _project(
        z,
        "分期项目一期",
        S.OPERATING,
        parent=parent,
        expected_annual_output=Decimal("100"),
        actual_annual_output=Decimal("50"),
    )
    _project(z, "分期项目二期", S.SIGNED, parent=parent)

    rates = selectors.pipeline_rates(Project.objects.filter(zone=z))
    # Leaves: 签约, 开工, 在建, 投产, 投产无产值, 一期 (operating), 二期 (signed) → 7 signed;
    # started or later: 开工, 在建, 投产, 投产无产值, 一期 → 5; operating: 3.
    assert (rates.signed, rates.started, rates.operating) == (7, 5, 3)
    assert rates.start_rate == Decimal("71.4")  # 5 / 7
    assert rates.operation_rate == Decimal("60.0")  # 3 / 5
    assert rates.output_rate == Decimal("66.7")  # (150 + 50) / (200 + 100)


def test_pipeline_rates_none_when_nothing_to_divide(world):
    _project(world.zone_a, "在谈", S.NEGOTIATING)
    rates = selectors.pipeline_rates(Project.objects.all())
    assert (rates.signed, rates.started, rates.operating) == (0, 0, 0)
    assert rates.start_rate is None
    assert rates.operation_rate is None
    assert rates.output_rate is None
    empty = selectors.pipeline_rates(Project.objects.none())
    assert empty.start_rate is None and empty.operation_rate is None and empty.output_rate is None


def test_pipeline_rates_output_none_without_actual_values(world):
    _project(world.zone_a, "投产", S.OPERATING, expected_annual_output=Decimal("100"))
    rates = selectors.pipeline_rates(Project.objects.all())
    assert rates.start_rate == Decimal("100.0")
    assert rates.operation_rate == Decimal("100.0")
    assert rates.output_rate is None


# --- investment share -------------------------------------------------------------------


def test_investment_share_of_a_project_with_phases(world):
    from devzone.stats.models import Indicator, IndicatorValue, ReportStatus

    parent = _project(world.zone_a, "分期项目", S.BUILDING)
    phase1 = _project(world.zone_a, "分期项目一期", S.BUILDING, parent=parent)
    phase2 = _project(world.zone_a, "分期项目二期", S.BUILDING, parent=parent)
    ProjectInvestment.objects.create(
        project=phase1, year=2024, month=9, cumulative=Decimal("9.20") * YI
    )
    ProjectInvestment.objects.create(
        project=phase2, year=2024, month=9, cumulative=Decimal("4.75") * YI
    )
    # An older report is not the latest period.
    ProjectInvestment.objects.create(
        project=phase1, year=2024, month=8, cumulative=Decimal("8.00") * YI
    )
    indicator = Indicator.objects.get(code="industrial_investment")
    assert indicator.name == "工业投资"
    IndicatorValue.objects.create(
        zone=world.zone_a,
        indicator=indicator,
        year=2024,
        month=9,
        value=Decimal("15.61") * YI,
        status=ReportStatus.APPROVED,
    )
    # Another zone's and a draft figure are not the zone's approved one.
    IndicatorValue.objects.create(
        zone=world.zone_b,
        indicator=indicator,
        year=2024,
        month=9,
        value=Decimal("1") * YI,
        status=ReportStatus.APPROVED,
    )

    result = selectors.investment_share(parent)
    assert (result["year"], result["month"]) == (2024, 9)
    assert result["total"] == Decimal("13.95") * YI
    assert result["zone_total"] == Decimal("15.61") * YI
    assert result["indicator"] == indicator
    assert result["share"] == Decimal("89.4")

    body = world.client(ZA).get(reverse("projects:project_detail", args=[parent.pk]))
    assert body.status_code == 200
    html = body.content.decode()
    assert "89.4%" in html
    assert "13.95" in html and "15.61" in html


def test_investment_share_none_without_reports_or_zone_figure(world):
    project = _project(world.zone_a, "无投资", S.SIGNED)
    assert selectors.investment_share(project) is None
    ProjectInvestment.objects.create(project=project, year=2024, month=9, cumulative=Decimal(5))
    result = selectors.investment_share(project)
    assert result["total"] == Decimal(5)
    assert result["zone_total"] is None and result["share"] is None


# --- validation -------------------------------------------------------------------------


def test_api_refuses_a_phase_of_another_zones_project(pw):
    payload = {
        "zone": pw.zone_a.pk,
        "parent": pw.project_b.pk,
        "name": "跨区分期",
        "planned_investment": "1000",
    }
    response = api(pw, A).post("/api/v1/projects/projects/", payload, format="json")
    assert response.status_code == 400, response.content
    assert "parent" in response.json()
    assert not Project.objects.filter(name="跨区分期").exists()


def test_api_refuses_started_before_signed(pw):
    payload = {
        "zone": pw.zone_a.pk,
        "name": "倒序日期",
        "planned_investment": "1000",
        "signed_on": "2024-05-01",
        "started_on": "2024-04-01",
    }
    response = api(pw, ZA).post("/api/v1/projects/projects/", payload, format="json")
    assert response.status_code == 400, response.content
    assert "started_on" in response.json()
    assert not Project.objects.filter(name="倒序日期").exists()

    response = api(pw, ZA).patch(
        f"/api/v1/projects/projects/{pw.project_a.pk}/",
        {"signed_on": "2024-05-01", "started_on": "2024-04-01"},
        format="json",
        **if_match(pw.project_a),
    )
    assert response.status_code == 400, response.content
    assert "started_on" in response.json()
    pw.project_a.refresh_from_db()
    assert pw.project_a.started_on is None


def _form_data(**overrides):
    data = {
        "name": "表单项目",
        "planned_investment": "1000",
        "stage": S.SIGNED,
        "industrial": "on",
        "key_level": "",
    }
    data.update(overrides)
    return data


def test_page_form_refuses_a_phase_of_another_zones_project(pw):
    data = _form_data(zone=pw.zone_a.pk, parent=pw.project_b.pk)
    response = pw.client(A).post(reverse("projects:project_add"), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get("parent")
    assert not Project.objects.filter(name="表单项目").exists()


def test_page_form_refuses_started_before_signed(pw):
    data = _form_data(zone=pw.zone_a.pk, signed_on="2024-05-01", started_on="2024-04-01")
    response = pw.client(ZA).post(reverse("projects:project_add"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "started_on" in errors
    assert errors["started_on"][0] in response.content.decode()
    assert not Project.objects.filter(name="表单项目").exists()


def test_page_form_saves_valid_project(pw):
    data = _form_data(zone=pw.zone_a.pk, signed_on="2024-04-01", started_on="2024-05-01")
    response = pw.client(ZA).post(reverse("projects:project_add"), data)
    assert response.status_code == 302
    project = Project.objects.get(name="表单项目")
    assert project.started_on == date(2024, 5, 1)


# --- query count ------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("url_name", ["projects:project_list", "projects:investment_list"])
def test_list_query_count_does_not_grow_with_rows(pw, url_name):
    client = pw.client(A)
    url = reverse(url_name)
    before = _queries(client, url)
    leader = pw.users[ZA]
    for i in range(20):
        parent = Project.objects.create(
            zone=pw.zone_a if i % 2 else pw.zone_b,
            name=f"项目{i}",
            planned_investment=Decimal(1000 + i),
            stage=S.BUILDING,
            leader=leader,
            agent=pw.users[ZS],
        )
        parent.enterprises.add(pw.ent_a)
        phase = Project.objects.create(
            zone=parent.zone, parent=parent, name=f"项目{i}一期", planned_investment=Decimal(1)
        )
        ProjectInvestment.objects.create(project=phase, year=2024, month=9, cumulative=Decimal(i))
    assert _queries(client, url) == before


def test_rollup_into_the_zone_dashboard(world):
    """The zone's 工业投资 and 固定资产投资 cards show what its projects reported:
    phases count with their project, a parent's own report only when no phase
    reported, non-industrial projects only in 固定资产投资."""
    from devzone.stats.models import Indicator, IndicatorValue, ReportStatus

    parent = _project(world.zone_a, "分期项目", S.BUILDING)
    phase1 = _project(world.zone_a, "分期项目一期", S.BUILDING, parent=parent)
    phase2 = _project(world.zone_a, "分期项目二期", S.BUILDING, parent=parent)
    road = _project(world.zone_a, "园区道路", S.BUILDING)
    road.industrial = False
    road.save()
    for project, amount in ((phase1, "9.20"), (phase2, "4.75"), (parent, "13.00"), (road, "1")):
        ProjectInvestment.objects.create(
            project=project, year=2024, month=9, cumulative=Decimal(amount) * YI
        )
    for code, value in (("industrial_investment", "15.61"), ("fixed_asset_investment", "20")):
        IndicatorValue.objects.create(
            zone=world.zone_a,
            indicator=Indicator.objects.get(code=code),
            year=2024,
            month=9,
            value=Decimal(value) * YI,
            status=ReportStatus.APPROVED,
        )
    rows = selectors.investment_rollup(
        zone_id=world.zone_a.pk,
        cards={
            "industrial_investment": (2024, 9, Decimal("15.61") * YI),
            "fixed_asset_investment": (2024, 9, Decimal("20") * YI),
        },
    )
    industrial, fixed = rows
    assert industrial["code"] == "industrial_investment"
    assert industrial["total"] == Decimal("13.95") * YI and industrial["share"] == Decimal("89.4")
    assert [p["name"] for p in industrial["projects"]] == ["分期项目"]
    assert fixed["total"] == Decimal("14.95") * YI and fixed["share"] == Decimal("74.8")

    page = world.client(ZA).get(reverse("stats:dashboard", args=[world.zone_a.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "89.4%" in html and "13.95" in html


def test_amount_units_in_headers_are_translated(pw):
    """The English list names its unit in English, the Chinese one in Chinese."""
    client = pw.client("zone_admin")
    client.cookies["django_language"] = "en"
    english = client.get(reverse("projects:project_list")).content.decode()
    assert "planned investment (100 million yuan)" in english.lower()
    assert "亿元" not in english
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(reverse("projects:project_list")).content.decode()
    assert "计划投资（亿元）" in chinese
