"""The API of economic monitoring: the seed's figures from entry to ranking and
dashboard, the ranking endpoint agreeing with the page, ties and missing
reports, and a fixed number of queries whatever the data."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from devzone.core.demo import sample_credit_code
from devzone.core.models import ChainMember, Enterprise, IndustryChain, Zone
from devzone.stats.models import (
    AnnualTarget,
    EnterpriseReport,
    Indicator,
    IndicatorValue,
    ReportStatus,
)

pytestmark = pytest.mark.django_db

YI = Decimal(100_000_000)
IVA, OUTPUT = "industrial_value_added", "industrial_output"


def api(world, role) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[role])
    return client


def ind(code) -> Indicator:
    return Indicator.objects.get(code=code)


def approved(zone, code, year, month, yi, growth=None, status=ReportStatus.APPROVED):
    return IndicatorValue.objects.create(
        zone=zone,
        indicator=ind(code),
        year=year,
        month=month,
        value=Decimal(str(yi)) * YI,
        stated_growth=Decimal(str(growth)) if growth is not None else None,
        status=status,
    )


def new_zone(region, name, **kw) -> Zone:
    return Zone.objects.create(
        name=name,
        short_name=kw.pop("short_name", name[:4]),
        zone_type=kw.pop("zone_type", "economic"),
        level=kw.pop("level", "provincial"),
        category=kw.pop("category", "industrial"),
        region=region,
        **kw,
    )


def dec(x) -> Decimal | None:
    return None if x is None else Decimal(str(x))


def normalised(rows) -> list[dict]:
    """Ranking rows with numbers as Decimals, whether from JSON or from the page."""
    return [
        {
            **row,
            "value": dec(row["value"]),
            "growth": dec(row["growth"]),
        }
        for row in rows
    ]


def ranking_params(world, **extra) -> str:
    params = {
        "indicator": ind(IVA).pk,
        "period": "2024-06",
        "region": world.province.pk,
        "by": "total",
        **extra,
    }
    return "&".join(f"{k}={v}" for k, v in params.items() if v is not None)


# --- The seed's figures round-trip -----------------------------------------------------------


def test_seed_figures_from_entry_to_ranking_and_dashboard(world):
    """晋城's 规上工业增加值 2024 1-6月: 114.0亿元, +5.0%, first in the province."""
    client = api(world, "outsider")  # the zone admin of 晋城经开区
    response = client.post(
        "/api/v1/stats/values/",
        {
            "zone": world.zone_b.pk,
            "indicator": ind(IVA).pk,
            "year": 2024,
            "month": 6,
            "value": "11400000000",
            "stated_growth": "5.0",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["source"] == "api"
    assert Decimal(body["value"]) == Decimal("11400000000")

    # Drafts are not ranked.
    rows = client.get(f"/api/v1/stats/ranking/?{ranking_params(world)}").json()["rows"]
    assert all(r["rank"] is None for r in rows)

    period = {"zone": world.zone_b.pk, "period": "2024-06"}
    assert client.post("/api/v1/stats/values/submit/", period, format="json").json() == {"count": 1}
    assert client.post("/api/v1/stats/values/approve/", period, format="json").json() == {
        "count": 1
    }
    stored = IndicatorValue.objects.get()
    assert stored.status == ReportStatus.APPROVED
    assert stored.value == Decimal("11400000000") and stored.stated_growth == Decimal("5.0")
    assert stored.approved_by == world.users["outsider"]

    # The ranking endpoint.
    response = client.get(f"/api/v1/stats/ranking/?{ranking_params(world)}")
    assert response.status_code == 200
    ranking = response.json()
    assert ranking["indicator"] == IVA and ranking["period"] == "2024-06"
    assert ranking["unit"] == "亿元"
    assert ranking["peer_group"].startswith("山西省")
    first, *others = ranking["rows"]
    assert first["zone_id"] == world.zone_b.pk and first["rank"] == 1 and not first["tied"]
    assert dec(first["value"]) == Decimal("114.00") and dec(first["growth"]) == Decimal("5.0")
    assert first["own"] and not first["missing"]
    assert {r["zone_id"] for r in others} == {world.zone_a.pk, world.zone_a2.pk}
    assert all(r["rank"] is None and r["missing"] and r["value"] is None for r in others)

    # The page shows the same rows in the same order.
    page = world.client("outsider").get(f"/stats/ranking/?{ranking_params(world)}")
    assert page.status_code == 200
    assert normalised(page.context["table"]) == normalised(ranking["rows"])
    assert page.context["table"][0]["value"] == Decimal("114.00")
    assert "114.00" in page.content.decode()

    # The dashboard endpoint.
    response = client.get(f"/api/v1/stats/zones/{world.zone_b.pk}/dashboard/")
    assert response.status_code == 200
    cards = {c["indicator"]: c for c in response.json()["indicators"]}
    assert set(cards) == {IVA}  # only reported indicators
    card = cards[IVA]
    assert card["period"] == "2024-06"
    assert dec(card["value"]) == Decimal("114.00")
    assert dec(card["stated_growth"]) == Decimal("5.0")
    assert card["nominal_growth"] is None  # no 2023 figure
    assert card["rank_province"] == 1 and card["peers_province"] == 1
    assert card["rank_city"] == 1 and card["peers_city"] == 1
    # An entered figure is no sample; the answer says so, point by point too.
    assert card["is_sample"] is False
    assert card["trend"][-1] == {"period": "2024-06", "value": card["value"], "is_sample": False}

    # And the dashboard page.
    page = world.client("province_viewer").get(f"/stats/dashboards/{world.zone_b.pk}/")
    ((page_card, shown, _chart, _id),) = page.context["cards"]
    assert shown == Decimal("114.00") and page_card.stated_growth == Decimal("5.0")


def test_dashboard_growth_ranks_and_completion(world):
    approved(world.zone_b, IVA, 2023, 6, "108.57", "4.0")
    approved(world.zone_b, IVA, 2024, 6, "114.0", "5.0")
    approved(world.zone_a, IVA, 2024, 6, "120.0", "3.0")  # another city, same province
    approved(world.zone_a2, IVA, 2024, 6, "1.0", status=ReportStatus.SUBMITTED)  # not counted
    AnnualTarget.objects.create(
        zone=world.zone_b, indicator=ind(IVA), year=2024, target=Decimal(228) * YI
    )
    response = api(world, "outsider").get(f"/api/v1/stats/zones/{world.zone_b.pk}/dashboard/")
    (card,) = response.json()["indicators"]
    assert dec(card["nominal_growth"]) == Decimal("5.0")
    assert card["growth_gap"] is False
    assert (card["rank_province"], card["peers_province"]) == (2, 2)
    assert (card["rank_city"], card["peers_city"]) == (1, 1)
    assert dec(card["target"]) == Decimal("228.00") and dec(card["completion"]) == Decimal("50.0")
    assert len(card["trend"]) == 24 and card["trend"][0]["period"] == "2022-07"
    assert dec(card["trend"][11]["value"]) == Decimal("108.57")  # 2023-06


# --- The ranking: ties, missing reports, order ---------------------------------------------


@pytest.fixture
def ranked(world):
    """晋城 first; the two 大同 zones tied; a fourth zone last ranked; a fifth
    zone with only a submitted figure (so not reported)."""
    zone_c = new_zone(world.city_a, "大同第三开发区")
    zone_d = new_zone(world.city_b, "晋城第二开发区")
    approved(world.zone_b, IVA, 2024, 6, "200", "1.0")
    approved(world.zone_a, IVA, 2024, 6, "100", "9.0")
    approved(world.zone_a2, IVA, 2024, 6, "100", "2.0")
    approved(zone_c, IVA, 2024, 6, "50", "9.0")
    approved(zone_d, IVA, 2024, 6, "500", "50.0", status=ReportStatus.SUBMITTED)
    return world, zone_c, zone_d


def test_ties_share_a_rank_and_missing_reports_come_last(ranked):
    world, zone_c, zone_d = ranked
    rows = api(world, "province_viewer").get(f"/api/v1/stats/ranking/?{ranking_params(world)}")
    rows = rows.json()["rows"]
    assert [r["rank"] for r in rows] == [1, 2, 2, 4, None]
    assert [r["tied"] for r in rows] == [False, True, True, False, False]
    assert rows[0]["zone_id"] == world.zone_b.pk
    assert {rows[1]["zone_id"], rows[2]["zone_id"]} == {world.zone_a.pk, world.zone_a2.pk}
    assert rows[3]["zone_id"] == zone_c.pk
    assert rows[4]["zone_id"] == zone_d.pk and rows[4]["missing"] and rows[4]["value"] is None
    # The page agrees.
    page = world.client("province_viewer").get(f"/stats/ranking/?{ranking_params(world)}")
    assert normalised(page.context["table"]) == normalised(rows)


def test_ranking_by_growth_and_by_city(ranked):
    world, zone_c, zone_d = ranked
    client = api(world, "zone_admin")
    rows = client.get(f"/api/v1/stats/ranking/?{ranking_params(world, by='growth')}").json()["rows"]
    # Growth: 广灵 and the third 大同 zone tie at 9.0%.
    assert {r["zone_id"] for r in rows[:2]} == {world.zone_a.pk, zone_c.pk}
    assert [r["rank"] for r in rows] == [1, 1, 3, 4, None]
    # The zone admin's own zone is marked.
    assert [r["own"] for r in rows if r["zone_id"] == world.zone_a.pk] == [True]
    # 大同's zones only.
    rows = client.get(
        f"/api/v1/stats/ranking/?{ranking_params(world, region=world.city_a.pk)}"
    ).json()["rows"]
    assert [r["rank"] for r in rows] == [1, 1, 3]
    assert {r["zone_id"] for r in rows} == {world.zone_a.pk, world.zone_a2.pk, zone_c.pk}


def test_lower_is_better_ranks_the_smallest_first(world):
    code = "energy_intensity"
    assert ind(code).better == Indicator.Better.LOWER
    for zone, amount in ((world.zone_a, "0.8"), (world.zone_a2, "0.5"), (world.zone_b, "1.2")):
        IndicatorValue.objects.create(
            zone=zone,
            indicator=ind(code),
            year=2024,
            month=6,
            value=Decimal(amount),
            status=ReportStatus.APPROVED,
        )
    params = ranking_params(world, indicator=ind(code).pk)
    rows = api(world, "platform_admin").get(f"/api/v1/stats/ranking/?{params}").json()["rows"]
    assert [r["zone_id"] for r in rows] == [world.zone_a2.pk, world.zone_a.pk, world.zone_b.pk]
    assert [r["rank"] for r in rows] == [1, 2, 3]


def test_ranking_by_is_optional_and_defaults_to_total(ranked):
    """The API schema marks only indicator and period as required; ``by``
    defaults to the total, for the endpoint and for the page."""
    world, _zone_c, _zone_d = ranked
    params = ranking_params(world, by=None)
    response = api(world, "province_viewer").get(f"/api/v1/stats/ranking/?{params}")
    assert response.status_code == 200, response.content
    assert [r["rank"] for r in response.json()["rows"]] == [1, 2, 2, 4, None]
    page = world.client("province_viewer").get(f"/stats/ranking/?{params}")
    assert [r["rank"] for r in page.context["table"]] == [1, 2, 2, 4, None]


def test_ranking_xlsx_lists_the_same_rows(ranked):
    import io

    from python_calamine import CalamineWorkbook

    world, _zone_c, zone_d = ranked
    response = world.client("province_viewer").get(
        f"/stats/ranking/?{ranking_params(world)}&format=xlsx"
    )
    table = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = table.to_python()[1:]
    assert [r[0] for r in rows[:4]] == [1, 2, 2, 4]
    assert rows[0][3] == pytest.approx(200) and rows[4][1] == zone_d.name


def test_compare_endpoint(world):
    approved(world.zone_a, IVA, 2024, 5, "1.5", "2.0")
    approved(world.zone_a, IVA, 2024, 6, "2.0", "3.0")
    approved(world.zone_a2, IVA, 2024, 6, "9.0", status=ReportStatus.DRAFT)  # not shown
    response = api(world, "zone_staff").get(
        f"/api/v1/stats/compare/?zones={world.zone_a.pk}&zones={world.zone_a2.pk}"
        f"&indicator={ind(IVA).pk}&start=2024-04&end=2024-06"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["periods"] == ["2024-04", "2024-05", "2024-06"]
    series = {s["zone_id"]: s for s in body["series"]}
    assert [dec(v) for v in series[world.zone_a.pk]["values"]] == [
        None,
        Decimal("1.50"),
        Decimal("2.00"),
    ]
    assert [dec(g) for g in series[world.zone_a.pk]["growth"]] == [
        None,
        Decimal("2.0"),
        Decimal("3.0"),
    ]
    assert series[world.zone_a2.pk]["values"] == [None, None, None]
    bad = api(world, "zone_staff").get(
        f"/api/v1/stats/compare/?zones={world.zone_a.pk}&indicator={ind(IVA).pk}"
        "&start=2024-06&end=2024-01"
    )
    assert bad.status_code == 400 and "end" in bad.json()


def test_api_entry_reports_errors_and_asks_for_confirmation(world):
    client = api(world, "zone_staff")
    payload = {
        "zone": world.zone_a.pk,
        "indicator": ind(IVA).pk,
        "year": 2024,
        "month": 6,
        "value": "-1",
    }
    response = client.post("/api/v1/stats/values/", payload, format="json")
    assert response.status_code == 400 and response.json()["value"]
    approved(world.zone_a, IVA, 2024, 5, "2")
    payload["value"] = str(20 * YI)
    response = client.post("/api/v1/stats/values/", payload, format="json")
    assert response.status_code == 400 and response.json()["needs_confirmation"] is True
    assert not IndicatorValue.objects.filter(month=6).exists()
    response = client.post("/api/v1/stats/values/", {**payload, "confirmed": True}, format="json")
    assert response.status_code == 201
    # Correcting the approved May figure needs a reason, and is then submitted again.
    may = {**payload, "month": 5, "value": str(Decimal("2.1") * YI)}
    assert client.post("/api/v1/stats/values/", may, format="json").status_code == 400
    response = client.post("/api/v1/stats/values/", {**may, "reason": "更正"}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "submitted"


def test_api_return_needs_a_reason(world):
    approved(world.zone_a, IVA, 2024, 6, "2", status=ReportStatus.SUBMITTED)
    client = api(world, "zone_admin")
    period = {"zone": world.zone_a.pk, "period": "2024-06"}
    response = client.post("/api/v1/stats/values/return/", period, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = client.post(
        "/api/v1/stats/values/return/", {**period, "reason": "请核实"}, format="json"
    )
    assert response.json() == {"count": 1}
    assert IndicatorValue.objects.get().status == ReportStatus.DRAFT
    bad = client.post(
        "/api/v1/stats/values/submit/", {**period, "period": "2024-13"}, format="json"
    )
    assert bad.status_code == 400 and "period" in bad.json()


# --- A fixed number of queries ---------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
    return len(ctx)


def _zone_b_history(world):
    """晋城's figures: two indicators over a few months, last year's and a target."""
    for month in (4, 5, 6):
        approved(world.zone_b, IVA, 2024, month, 19 * month, "5.0")
        approved(world.zone_b, OUTPUT, 2024, month, 60 * month, "6.0")
    approved(world.zone_b, IVA, 2023, 6, "108.57", "4.0")


def _many_more(world, n=12):
    """More zones with figures in the province and more of 晋城's own figures,
    targets and chain reports."""
    for i in range(n):
        zone = new_zone(world.city_b if i % 2 else world.city_a, f"新开发区{i}")
        approved(zone, IVA, 2024, 6, 10 + i, "3.0")
        approved(zone, OUTPUT, 2024, 6, 30 + i)
        approved(zone, IVA, 2023, 6, 9 + i)
    for month in (1, 2, 3):
        approved(world.zone_b, IVA, 2024, month, 19 * month, "5.0")
        approved(world.zone_b, OUTPUT, 2024, month, 60 * month, "6.0")
    for code in ("tax_revenue", "employees", "industrial_investment"):
        approved(world.zone_b, code, 2024, 6, 5)
        approved(world.zone_b, code, 2023, 6, 4)
        AnnualTarget.objects.create(
            zone=world.zone_b, indicator=ind(code), year=2024, target=Decimal(10) * YI
        )
    chain = IndustryChain.objects.create(zone=world.zone_b, name="光机电产业链")
    for i in range(5):
        ent = Enterprise.objects.create(
            zone=world.zone_b,
            credit_code=sample_credit_code("140500", 700 + i),
            name=f"链上企业{i}",
            industry_code="C39",
        )
        ChainMember.objects.create(chain=chain, enterprise=ent, role="member")
        EnterpriseReport.objects.create(
            enterprise=ent,
            indicator=ind(OUTPUT),
            year=2024,
            month=6,
            value=Decimal(3) * YI,
            status=ReportStatus.APPROVED,
        )


@pytest.mark.parametrize(
    "url",
    [
        "/stats/dashboards/{zone}/",
        "/api/v1/stats/zones/{zone}/dashboard/",
    ],
    ids=["page", "api"],
)
def test_dashboard_query_count_does_not_grow(world, url):
    _zone_b_history(world)
    url = url.format(zone=world.zone_b.pk)
    client = world.client("outsider")
    before = _queries(client, url)
    _many_more(world)
    after = _queries(client, url)
    assert after == before
    # And the data did change: more cards, more peers, chain shares.
    response = client.get(url)
    if "api" in url:
        cards = {c["indicator"]: c for c in response.json()["indicators"]}
        assert len(cards) == 5 and cards[IVA]["peers_province"] == 13
    else:
        assert len(response.context["cards"]) == 5 and response.context["chain_rows"]


@pytest.mark.parametrize("by", ["total", "growth"])
def test_ranking_query_count_does_not_grow(world, by):
    approved(world.zone_b, IVA, 2024, 6, "114.0", "5.0")
    api_url = f"/api/v1/stats/ranking/?{ranking_params(world, by=by)}"
    page_url = f"/stats/ranking/?{ranking_params(world, by=by)}"
    client = world.client("province_viewer")
    before_api, before_page = _queries(client, api_url), _queries(client, page_url)
    _many_more(world, n=15)
    assert _queries(client, api_url) == before_api
    assert _queries(client, page_url) == before_page
    assert len(client.get(api_url).json()["rows"]) == 18


def test_enterprise_report_workflow_over_the_api(world):
    from rest_framework.test import APIClient

    from devzone.stats.models import EnterpriseReport, ReportStatus

    output = Indicator.objects.get(code="industrial_output")
    ent = APIClient()
    ent.force_authenticate(world.users["enterprise"])
    created = ent.post(
        "/api/v1/stats/enterprise-reports/",
        {
            "enterprise": world.ent_a.pk,
            "indicator": output.pk,
            "year": 2024,
            "month": 9,
            "value": "120000000",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert ent.post(f"/api/v1/stats/enterprise-reports/{pk}/submit/").status_code == 200
    assert ent.post(f"/api/v1/stats/enterprise-reports/{pk}/approve/").status_code == 403
    admin = APIClient()
    admin.force_authenticate(world.users["zone_admin"])
    assert admin.post(f"/api/v1/stats/enterprise-reports/{pk}/approve/").status_code == 200
    assert EnterpriseReport.objects.get(pk=pk).status == ReportStatus.APPROVED


def test_ranking_page_links_only_dashboards_the_user_may_open(ranked):
    """A zone's user sees every zone ranked, but only its own zones' names link
    to a dashboard: the others' would answer 404."""
    world, zone_c, _zone_d = ranked
    client = world.client("zone_admin")
    html = client.get(f"/stats/ranking/?{ranking_params(world)}").content.decode()
    assert reverse("stats:dashboard", args=[world.zone_a.pk]) in html
    for other in (world.zone_b, zone_c):
        assert reverse("stats:dashboard", args=[other.pk]) not in html
        assert other.name in html
    html = world.client("province_viewer").get(f"/stats/ranking/?{ranking_params(world)}")
    assert reverse("stats:dashboard", args=[zone_c.pk]) in html.content.decode()
