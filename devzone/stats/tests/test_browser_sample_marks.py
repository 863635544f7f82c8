"""Issue 13 in headless Chromium: a dashboard card and a notice board show the
示例 mark on what is invented, the seed's figure its source, and a chart's
tooltip says which of its points are samples.

    .venv/bin/pytest -m browser devzone/stats/tests/test_browser_sample_marks.py
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from devzone.projects.models import Project, ScheduleTask
from devzone.stats.catalogue import catalogue_load
from devzone.stats.models import Indicator, IndicatorValue, ReportStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YI = Decimal(100_000_000)
SEED_SOURCE = "科学导报：2024年上半年，全区规模以上工业增加值总量114.0亿元，同比增长5.0%"


def _figure(zone, code, month, yi, **extra):
    return IndicatorValue.objects.create(
        zone=zone,
        indicator=Indicator.objects.get(code=code),
        year=2024,
        month=month,
        value=Decimal(yi) * YI,
        status=ReportStatus.APPROVED,
        **extra,
    )


def test_a_dashboard_card_and_a_notice_board_carry_the_sample_mark(open_page, live_server, world):
    catalogue_load()  # a transactional test's flush wipes the migration's catalogue
    zone = world.zone_a
    _figure(zone, "industrial_value_added", 5, "95.0", is_sample=True)
    _figure(zone, "industrial_value_added", 6, "114.0", source_note=SEED_SOURCE)
    _figure(zone, "industrial_investment", 5, "8.00", is_sample=True)
    _figure(zone, "industrial_investment", 6, "9.51", is_sample=True)

    page = open_page("zone_admin")
    page.goto(f"{live_server.url}/stats/dashboards/{zone.pk}/")
    seed_card = page.locator("[data-indicator=industrial_value_added]")
    expect(seed_card.locator("[data-testid=card-value]")).to_have_text("114.00")
    expect(seed_card.locator("[data-testid=source-mark]")).to_contain_text("114.0亿元")
    expect(seed_card.locator("[data-testid=sample-mark]")).to_have_count(0)
    sample_card = page.locator("[data-indicator=industrial_investment]")
    mark = sample_card.locator("[data-testid=sample-mark]")
    expect(mark).to_have_text("示例")
    expect(mark).to_have_attribute("title", "为演示虚构，来源中并无此内容。")

    # The tooltips: May's invented figure says 示例, June's stated one its source.
    chart = seed_card.locator("[data-chart]")
    expect(chart).to_have_attribute("data-rendered", "true")

    def tooltip_at(index: int):
        chart.evaluate(
            "(el, i) => echarts.getInstanceByDom(el).dispatchAction("
            "{type: 'showTip', seriesIndex: 0, dataIndex: i})",
            index,
        )

    tooltip_at(0)
    expect(chart.locator("[data-testid=tooltip-sample]")).to_have_text("示例")
    tooltip_at(1)
    expect(chart.locator("[data-testid=tooltip-source]")).to_contain_text("114.0亿元")
    expect(chart.locator("[data-testid=tooltip-sample]")).to_have_count(0)

    # A stated project on its public board: its invented people, dates and
    # tasks are marked, the project itself is not.
    project = Project.objects.create(
        zone=zone,
        name="甲项目",
        planned_investment=Decimal("30") * YI,
        expected_start=date(2030, 3, 1),
        expected_operation=date(2030, 12, 31),
        leader=world.users["zone_admin"],
        agent=world.users["zone_staff"],
        notice_board=True,
        sample_fields=["agent", "expected_start", "leader"],
    )
    ScheduleTask.objects.create(project=project, name="主体施工", duration=100, is_sample=True)
    page.goto(f"{live_server.url}/notice/{project.notice_code}/")
    expect(page.locator("[data-testid=notice-title] [data-testid=sample-mark]")).to_have_count(0)
    expect(page.locator("[data-testid=notice-leader] [data-testid=sample-mark]")).to_have_text(
        "示例"
    )
    expect(page.locator("[data-testid=notice-agent] [data-testid=sample-mark]")).to_be_visible()
    schedule = page.locator("[data-testid=notice-schedule]")
    expect(schedule.locator("[data-testid=sample-mark]")).to_have_count(1)
