"""Issue 13: a board opened without a chosen period starts where the rule of
``selectors.default_period`` puts it (the newest period most peers approved;
for a zone's own users, the newest of those their zone approved too), and on
the demo that is the period of the seed's figure for every demo user."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from devzone.core.models import User, Zone
from devzone.stats.models import Indicator, ReportStatus
from devzone.stats.periods import Period
from devzone.stats.tests.test_ranking_board import figure, iva

pytestmark = pytest.mark.django_db

JINCHENG = "晋城经济技术开发区"
GUANGLING = "广灵经济技术开发区"


def test_a_board_with_an_indicator_but_no_period_opens_on_the_default_period(world):
    for zone in (world.zone_a, world.zone_a2, world.zone_b):
        figure(zone, 2024, 9, 2)
    figure(world.zone_b, 2024, 10, 3)  # one early zone: not the default
    client = world.client("province_viewer")
    url = reverse("stats:ranking")
    response = client.get(url, {"indicator": iva().pk, "region": world.province.pk, "period": ""})
    assert response.status_code == 200
    assert response.context["period"] == Period(2024, 9)
    assert not response.context["form"].errors
    assert "period=2024-09" in response.context["query"]  # the spreadsheet is of what is shown

    # The city's board, with no period: its own peers' newest (one of two zones is early).
    figure(world.zone_a2, 2024, 10, 3)
    response = client.get(url, {"indicator": iva().pk, "region": world.city_a.pk})
    assert response.context["period"] == Period(2024, 10)

    # A period the user chose is kept, even one few reported.
    response = client.get(url, {"indicator": iva().pk, "period": "2024-10"})
    assert response.context["period"] == Period(2024, 10)

    # Nothing approved anywhere in the peer group: the form asks for a period.
    other = Indicator.objects.exclude(pk=iva().pk).first()
    response = client.get(url, {"indicator": other.pk})
    assert response.status_code == 200 and "period" in response.context["form"].errors
    assert not response.context["table"]


def test_a_board_with_an_unknown_indicator_says_so_and_changes_nothing(world):
    figure(world.zone_a, 2024, 9, 2, status=ReportStatus.APPROVED)
    response = world.client("zone_admin").get(reverse("stats:ranking"), {"indicator": "999999"})
    assert response.status_code == 200
    assert "indicator" in response.context["form"].errors
    assert not response.context["table"]


def _board(client, **params):
    response = client.get(reverse("stats:ranking"), params)
    assert response.status_code == 200
    rows = {r["zone"]: r for r in response.context["table"]}
    return response.context["period"], rows


def test_on_the_demo_every_user_opens_on_the_period_of_the_seeds_figure(demo_database, client):
    """The seed: 晋城 1-6月 规上工业增加值 114.0亿元, first in the province;
    广灵 1-9月 2.2亿元 (second among 大同's industrial zones) and 工业投资
    15.61亿元 (first). Each demo user's board and dashboard, opened without a
    period, shows the seed's figure it concerns, with the seed's sentence."""
    jincheng = Zone.objects.get(name=JINCHENG)
    guangling = Zone.objects.get(name=GUANGLING)
    investment = Indicator.objects.get(code="industrial_investment")

    # 晋城's admin: 1-6月, 晋城 first with the seed's figure and sentence.
    client.force_login(User.objects.get(username="jincheng"))
    period, rows = _board(client)
    assert period == Period(2024, 6)
    assert rows[JINCHENG]["rank"] == 1 and str(rows[JINCHENG]["value"]) == "114.00"
    assert "114.0亿元" in rows[JINCHENG]["source_note"]
    with translation.override("zh-hans"):
        cards = client.get(reverse("stats:dashboard", args=[jincheng.pk])).context["cards"]
    card = next(c for c, *_rest in cards if c.indicator.code == "industrial_value_added")
    assert card.period == Period(2024, 6) and card.source_note and not card.is_sample
    # Every card of 晋城 opens on the seed's period, not on a later invented one.
    assert {c.period for c, *_rest in cards} == {Period(2024, 6)}

    # 广灵's admin: 1-9月, the seed's 2.2亿元 and 15.61亿元 with their sentences.
    client.force_login(User.objects.get(username="guangling"))
    period, rows = _board(client)
    assert period == Period(2024, 9)
    assert str(rows[GUANGLING]["value"]) == "2.20" and "2.2亿元" in rows[GUANGLING]["source_note"]
    cards = client.get(reverse("stats:dashboard", args=[guangling.pk])).context["cards"]
    shown = {c.indicator.code: (c.period, str(shown)) for c, shown, *_rest in cards}
    assert shown["industrial_value_added"] == (Period(2024, 9), "2.20")
    assert shown["industrial_investment"] == (Period(2024, 9), "15.61")
    period, rows = _board(client, indicator=investment.pk)  # an indicator, no period
    assert period == Period(2024, 9) and str(rows[GUANGLING]["value"]) == "15.61"

    # 大同's viewer: its city's board on 1-9月, 广灵 second on 规上工业增加值
    # and first on 工业投资 among the city's industrial zones, as the seed says.
    client.force_login(User.objects.get(username="datong"))
    period, rows = _board(client)
    assert period == Period(2024, 9)
    assert rows[GUANGLING]["rank"] == 2 and "2.2亿元" in rows[GUANGLING]["source_note"]
    period, rows = _board(
        client, indicator=investment.pk, region=guangling.region.parent_id, category="industrial"
    )
    assert period == Period(2024, 9)
    assert rows[GUANGLING]["rank"] == 1 and "15.61亿元" in rows[GUANGLING]["source_note"]

    # The province's viewer: the newest period most of the province's zones
    # approved, 1-9月, which is the seed's for 广灵 (晋城's 1-9月 is not
    # reported: the demo invents none, and the board says so rather than
    # extending the seed's half year). 晋城's 1-6月 is one choice away.
    client.force_login(User.objects.get(username="shanxi"))
    period, rows = _board(client)
    assert period == Period(2024, 9)
    assert str(rows[GUANGLING]["value"]) == "2.20" and "2.2亿元" in rows[GUANGLING]["source_note"]
    assert rows[JINCHENG]["missing"] and rows[JINCHENG]["value"] is None
    period, rows = _board(client, indicator=iva().pk, period="2024-06")
    assert rows[JINCHENG]["rank"] == 1 and "114.0亿元" in rows[JINCHENG]["source_note"]
    home = client.get("/").content.decode()
    assert f"{iva().pk}&amp;period=2024-09" in home
