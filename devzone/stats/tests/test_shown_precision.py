"""Figures compare at the precision they were typed and shown: the grid and the
province template show 1.96亿元 for 195,555,555.56元, and posting that back is
no change (issue 11)."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from python_calamine import CalamineWorkbook

from devzone.core.models import User, Zone
from devzone.stats.formatting import (
    format_value,
    from_display_unit,
    in_display_unit,
    same_as_shown,
)
from devzone.stats.models import Indicator, IndicatorValue, ReportStatus

pytestmark = pytest.mark.django_db

YI = Decimal(100_000_000)
IVA, INV, GDP = "industrial_value_added", "industrial_investment", "gdp"


def ind(code) -> Indicator:
    return Indicator.objects.get(code=code)


@pytest.mark.parametrize(
    ("stored", "typed", "same"),
    [
        ("195555555.56", "1.96", True),  # as the grid shows it
        ("195555555.56", "1.9556", True),  # typed finer: compared finer
        ("195555555.56", "1.955556", True),
        ("195555555.56", "1.95", False),
        ("195555555.56", "1.9", False),  # typed coarser: still at the grid's precision
        ("195555555.56", "2", False),
        ("195555555.56", "1.9555", False),
        ("200000000", "2", True),
        (None, None, True),
        (None, "2", False),
        ("200000000", None, False),
    ],
)
def test_same_as_shown(stored, typed, same):
    indicator = ind(IVA)  # 亿元, two decimals
    assert (
        same_as_shown(
            Decimal(stored) if stored else None, Decimal(typed) if typed else None, indicator
        )
        is same
    )


def test_format_value_in_both_languages():
    from django.utils import translation

    with translation.override("zh-hans"):
        assert format_value(Decimal("1561000000"), ind(INV)) == "15.61亿元"
    with translation.override("en"):
        assert format_value(Decimal("1561000000"), ind(INV)) == "15.61 100m yuan"


def _fine(world, code, amount, status=ReportStatus.APPROVED, growth=Decimal("5.0")):
    return IndicatorValue.objects.create(
        zone=world.zone_a,
        indicator=ind(code),
        year=2024,
        month=6,
        value=Decimal(amount),
        stated_growth=growth,
        status=status,
    )


def _post_shown_grid(client, zone, period, extra=None):
    """GET the grid and POST back every field as it was shown, plus ``extra``."""
    page = client.get(f"/stats/entry/{zone.pk}/{period}/")
    assert page.status_code == 200
    data = {}
    for line in page.context["lines"]:
        pk = line["indicator"].pk
        if line["skipped"]:
            continue
        data[f"value_{pk}"] = str(line["value"])
        data[f"growth_{pk}"] = str(line["growth"])
        data[f"reason_{pk}"] = ""
    data.update(extra or {})
    return client.post(f"/stats/entry/{zone.pk}/{period}/", data)


def test_grid_saves_a_month_with_fine_approved_figures(world):
    approved = _fine(world, IVA, "195555555.56")
    client = world.client("zone_staff")
    response = _post_shown_grid(client, world.zone_a, "2024-06", {f"value_{ind(INV).pk}": "3.2"})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.value == Decimal("195555555.56")  # not overwritten by 1.96亿
    assert approved.version == 1 and approved.status == ReportStatus.APPROVED
    assert IndicatorValue.objects.get(indicator=ind(INV)).value == Decimal("3.2") * YI


def test_grid_true_change_of_a_fine_approved_figure_still_needs_a_reason(world):
    approved = _fine(world, IVA, "195555555.56")
    client = world.client("zone_admin")
    pk = ind(IVA).pk
    response = client.post(
        f"/stats/entry/{world.zone_a.pk}/2024-06/", {f"value_{pk}": "1.95", f"growth_{pk}": "5.0"}
    )
    assert response.status_code == 200
    line = next(ln for ln in response.context["lines"] if ln["indicator"].pk == pk)
    assert line["errors"] == ["该数据已审核，更正时请填写原因。"]
    approved.refresh_from_db()
    assert approved.value == Decimal("195555555.56") and approved.version == 1


def test_grid_resubmitting_a_fine_draft_keeps_it(world):
    draft = _fine(world, IVA, "195555555.56", status=ReportStatus.DRAFT)
    response = _post_shown_grid(world.client("zone_staff"), world.zone_a, "2024-06")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.value == Decimal("195555555.56") and draft.version == 1


def test_grid_submitted_fine_figure_posted_back_is_no_change(world):
    submitted = _fine(world, IVA, "195555555.56", status=ReportStatus.SUBMITTED)
    pk = ind(INV).pk
    response = _post_shown_grid(
        world.client("zone_staff"), world.zone_a, "2024-06", {f"value_{pk}": "3.2"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.value == Decimal("195555555.56") and submitted.version == 1


# --- With the demo's data ---------------------------------------------------------------


@pytest.fixture
def demo(db):
    from devzone.core import demo as core_demo
    from devzone.stats import demo as stats_demo

    core_demo.load_core_demo()
    stats_demo.load()


def _demo_client(username) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_demo_month_with_fine_approved_figures_saves_from_the_grid(demo):
    """晋城 2024-06: adding one 地区生产总值 figure beside the untouched approved rows."""
    zone = Zone.objects.get(name="晋城经济技术开发区")
    before = dict(
        IndicatorValue.objects.filter(zone=zone, year=2024, month=6).values_list("pk", "version")
    )
    fine = IndicatorValue.objects.filter(zone=zone, year=2024, month=6, status="approved")
    # The month holds figures stored more finely than the grid shows them.
    assert any(
        from_display_unit(in_display_unit(v.value, v.indicator), v.indicator) != v.value
        for v in fine.select_related("indicator")
    )
    gdp = (
        Indicator.objects.filter(code=GDP).first()
        or Indicator.objects.exclude(pk__in=fine.values("indicator_id")).first()
    )
    response = _post_shown_grid(
        _demo_client("jincheng"), zone, "2024-06", {f"value_{gdp.pk}": "120.5"}
    )
    assert response.status_code == 302
    after = dict(
        IndicatorValue.objects.filter(zone=zone, year=2024, month=6)
        .exclude(indicator=gdp)
        .values_list("pk", "version")
    )
    assert after == before
    assert IndicatorValue.objects.get(zone=zone, indicator=gdp, year=2024, month=6).value == (
        Decimal("120.5") * gdp.divisor
    )


def test_demo_province_template_round_trips(demo):
    client = _demo_client("staff")
    content = client.get("/stats/province-template/download/?period=2024-06").content
    table = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name("2024-06")
    assert len(table.to_python()) > 1
    before = list(IndicatorValue.objects.order_by("pk").values_list("pk", "version", "value"))
    for write in (False, True):
        data = {"file": io.BytesIO(content)}
        data["file"].name = "province-template-2024-06.xlsx"
        data["write" if write else "check"] = "1"
        response = client.post("/stats/province-template/", data)
        assert response.status_code == 200
        report = response.context["report"]
        assert report.errors == []
        assert report.valid == 0 and report.written == 0
        assert report.unchanged > 0
    after = list(IndicatorValue.objects.order_by("pk").values_list("pk", "version", "value"))
    assert after == before


def test_outlier_warning_names_last_periods_figure_in_the_grids_unit(world):
    IndicatorValue.objects.create(
        zone=world.zone_a,
        indicator=ind(INV),
        year=2024,
        month=5,
        value=Decimal("1561000000"),
        status=ReportStatus.APPROVED,
    )
    pk = ind(INV).pk
    client = world.client("zone_staff")
    for language, shown in (("zh-hans", "15.61亿元"), ("en", "15.61 100m yuan")):
        response = client.post(
            f"/stats/entry/{world.zone_a.pk}/2024-06/",
            {f"value_{pk}": "60", f"growth_{pk}": ""},
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert response.status_code == 200
        (warning,) = next(ln for ln in response.context["lines"] if ln["indicator"].pk == pk)[
            "warnings"
        ]
        assert shown in warning and "E+" not in warning
