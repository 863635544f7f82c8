"""The dashboard's charts: each month's own figure derived from cumulative ones,
series from their first figure on, and the three views of a card (issue 11)."""

import json
from decimal import Decimal

import pytest

from devzone.stats import figures
from devzone.stats.models import Indicator, IndicatorValue, ReportStatus
from devzone.stats.periods import Period

D = Decimal


def P(text):  # noqa: N802
    return Period.parse(text)


def test_monthly_from_cumulative_within_each_year():
    points = [
        (P("2023-11"), D(110)),
        (P("2023-12"), D(120)),
        (P("2024-01"), D(12)),  # January is its own cumulative figure
        (P("2024-02"), D(25)),
        (P("2024-03"), None),  # not reported
        (P("2024-04"), D(50)),  # its previous cumulative is missing
        (P("2024-05"), D(49)),  # a cumulative that fell: a negative month, shown as it is
    ]
    assert figures.monthly_from_cumulative(points) == [
        (P("2023-11"), None),  # October is outside the series
        (P("2023-12"), D(10)),
        (P("2024-01"), D(12)),  # not 12 − 120: a year starts afresh
        (P("2024-02"), D(13)),
        (P("2024-03"), None),
        (P("2024-04"), None),
        (P("2024-05"), D(-1)),
    ]


def test_monthly_from_cumulative_for_a_survey_that_starts_at_january_february():
    points = [(P("2024-01"), None), (P("2024-02"), D(30)), (P("2024-03"), D(45))]
    assert figures.monthly_from_cumulative(points, january_reported=False) == [
        (P("2024-01"), None),
        (P("2024-02"), D(30)),  # 1-2月 together
        (P("2024-03"), D(15)),
    ]


def test_from_first_figure():
    assert figures.from_first_figure([("a", None), ("b", D(0)), ("c", None), ("d", D(2))]) == [
        ("b", D(0)),
        ("c", None),
        ("d", D(2)),
    ]
    assert figures.from_first_figure([("a", None)]) == []


@pytest.mark.django_db
def test_dashboard_card_has_cumulative_monthly_and_growth_views(world):
    iva = Indicator.objects.get(code="industrial_value_added")
    employees = Indicator.objects.get(code="employees")
    yi = D(100_000_000)
    for month, cumulative, growth in ((4, "3.0", "-2.7"), (5, "4.1", "1.5"), (6, "5.0", None)):
        IndicatorValue.objects.create(
            zone=world.zone_a,
            indicator=iva,
            year=2024,
            month=month,
            value=D(cumulative) * yi,
            stated_growth=D(growth) if growth else None,
            status=ReportStatus.APPROVED,
        )
    IndicatorValue.objects.create(
        zone=world.zone_a,
        indicator=employees,
        year=2024,
        month=6,
        value=D(1200),
        status=ReportStatus.APPROVED,
    )
    response = world.client("zone_admin").get(f"/stats/dashboards/{world.zone_a.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    charts = {
        card.indicator.code: json.loads(
            body.split(f'id="{chart_id}" type="application/json">', 1)[1].split("</script>", 1)[0]
        )
        for card, _shown, _chart, chart_id in response.context["cards"]
    }
    chart = charts["industrial_value_added"]
    views = {v["key"]: v for v in chart["views"]}
    assert list(views) == ["level", "monthly", "growth"]
    # The axis starts at the first figure, not 24 months earlier.
    assert views["level"]["categories"] == ["2024-04", "2024-05", "2024-06"]
    assert views["level"]["values"] == [3.0, 4.1, 5.0]
    assert chart["categories"] == views["level"]["categories"]  # the first view is drawn first
    # April's own figure needs March's cumulative: the monthly view starts in May.
    assert views["monthly"]["categories"] == ["2024-05", "2024-06"]
    assert views["monthly"]["values"] == [1.1, 0.9]
    assert views["growth"]["values"] == [-2.7, 1.5, None] and views["growth"]["unit"] == "%"
    assert chart["empty"] == "暂无可绘制的数据。"
    # A stock has its level and growth, no monthly figure; no growth stated: an empty view.
    stock = {v["key"]: v for v in charts["employees"]["views"]}
    assert list(stock) == ["level", "growth"] and stock["growth"]["values"] == []
