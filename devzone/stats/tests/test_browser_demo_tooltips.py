"""Issue 13 on the demo, in headless Chromium, as its users see it: 晋城's
admin opens the dashboard, moves the mouse over the chart of 规上工业增加值
and reads the tooltips: an invented month says 示例, the seed's 1-6月 gives
the seed's sentence and no mark. The ranking board's bars say the same.

    .venv/bin/pytest -p no:xdist -m browser devzone/stats/tests/test_browser_demo_tooltips.py
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_SENTENCE = "全区规模以上工业增加值总量114.0亿元，同比增长5.0%"


def _log_in(page, url: str, username: str) -> None:
    from devzone.core.demo import DEMO_PASSWORD

    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    expect(page.locator("[data-testid=user-menu]")).to_be_visible()


def _hover(page, chart, category: str) -> None:
    """Move the mouse onto the chart's point (or bar) of ``category``, where
    ECharts draws it."""
    expect(chart).to_have_attribute("data-rendered", "true")
    x, y = chart.evaluate(
        """(el, category) => {
            const chart = echarts.getInstanceByDom(el);
            const option = chart.getOption();
            const index = option.xAxis[0].data.indexOf(category);
            if (index < 0) throw new Error("no point " + category);
            const value = option.series[0].data[index];
            return chart.convertToPixel({seriesIndex: 0},
                [index, typeof value === "object" && value !== null ? value.value : value]);
        }""",
        category,
    )
    box = chart.bounding_box()
    page.mouse.move(box["x"] + 1, box["y"] + 1)  # off the point first: a fresh hover
    page.mouse.move(box["x"] + x, box["y"] + y, steps=4)


def test_a_demo_user_reads_the_sample_mark_and_the_seeds_source_in_chart_tooltips(
    public_page, live_server, live_demo
):
    from devzone.core.models import Zone

    jincheng = Zone.objects.get(name="晋城经济技术开发区")
    page = public_page()
    _log_in(page, live_server.url, "jincheng")

    page.goto(f"{live_server.url}/stats/dashboards/{jincheng.pk}/")
    card = page.locator("[data-indicator=industrial_value_added]")
    expect(card.locator("[data-testid=card-value]")).to_have_text("114.00")
    chart = card.locator("[data-chart]")

    # An invented month (2024-05, the month before the seed's): the mark, no source.
    _hover(page, chart, "2024-05")
    tip = chart.locator("div").filter(has_text="2024-05").last
    expect(tip.locator("[data-testid=tooltip-sample]")).to_have_text("示例")
    expect(tip.locator("[data-testid=tooltip-source]")).to_have_count(0)

    # The seed's figure (2024-06, 1-6月): its source, no mark.
    _hover(page, chart, "2024-06")
    tip = chart.locator("div").filter(has_text="2024-06").last
    expect(tip.locator("[data-testid=tooltip-source]")).to_contain_text(SEED_SENTENCE)
    expect(tip.locator("[data-testid=tooltip-source]")).to_contain_text("科学导报")
    expect(tip.locator("[data-testid=tooltip-sample]")).to_have_count(0)

    # The ranking board 晋城 opens on: its own bar gives the source, a sample
    # zone's bar the mark.
    page.goto(f"{live_server.url}/stats/ranking/")
    chart = page.locator("[data-chart=ranking-chart]")
    _hover(page, chart, jincheng.short_name)
    tip = chart.locator("div").filter(has_text=jincheng.short_name).last
    expect(tip.locator("[data-testid=tooltip-source]")).to_contain_text(SEED_SENTENCE)
    expect(tip.locator("[data-testid=tooltip-sample]")).to_have_count(0)
    sample = Zone.objects.filter(is_sample=True, region__code__startswith="14").order_by("name")
    first_sample = chart.evaluate(
        """(el, names) => echarts.getInstanceByDom(el).getOption().xAxis[0].data
            .find((name) => names.includes(name))""",
        [z.short_name or z.name for z in sample],
    )
    _hover(page, chart, first_sample)
    tip = chart.locator("div").filter(has_text=first_sample).last
    expect(tip.locator("[data-testid=tooltip-sample]")).to_have_text("示例")
    expect(tip.locator("[data-testid=tooltip-source]")).to_have_count(0)
