"""Economic monitoring end to end in headless Chromium against the live server:
entry → submit → approve → ranking board (and its .xlsx), entry validation,
and the zone dashboard in both languages.

The browser, the logged-in page factory and its guards (console errors, page
errors, requests to other hosts fail the test) come from the core browser
tests.

    .venv/bin/pytest -m browser devzone/stats/tests/test_browser_stats.py
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import translation
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from devzone.core.tests import test_browser as core_browser
from devzone.stats.catalogue import catalogue_load
from devzone.stats.models import Indicator, IndicatorValue, ReportStatus

ZONE_A = core_browser.ZONE_A  # 广灵经济技术开发区

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YI = Decimal(100_000_000)  # 亿元: the display unit of 规模以上工业增加值
PERIOD = "2024-09"
ZONE_A2 = "大同示例开发区"


def zh(text) -> str:
    """A label as the zh-CN browser sees it (whatever the catalogue says)."""
    with translation.override("zh-hans"):
        return str(translation.gettext(text) if isinstance(text, str) else text)


def status_badge(row):
    return row.locator(".badge").first


@pytest.fixture
def iva(world) -> Indicator:
    """规模以上工业增加值. The catalogue comes from a data migration, which a
    transactional test's flush wipes out for the tests after it: load it again."""
    catalogue_load()
    return Indicator.objects.get(code="industrial_value_added")


def approved_value(zone, indicator, period: str, yi: str, growth: str | None = None):
    year, month = (int(p) for p in period.split("-"))
    return IndicatorValue.objects.create(
        zone=zone,
        indicator=indicator,
        year=year,
        month=month,
        value=Decimal(yi) * YI,
        stated_growth=Decimal(growth) if growth is not None else None,
        status=ReportStatus.APPROVED,
    )


def grid_row(page, indicator):
    return page.locator(f"[data-testid=entry-grid] tr[data-indicator={indicator.code}]")


def test_enter_submit_approve_then_rank_and_export(open_page, live_server, world, iva):
    approved_value(world.zone_a2, iva, PERIOD, "3.0", "5.0")
    entry_url = f"{live_server.url}/stats/entry/{world.zone_a.pk}/{PERIOD}/"

    staff = open_page("zone_staff")
    staff.goto(entry_url)
    row = grid_row(staff, iva)
    expect(row).to_contain_text("规模以上工业增加值")
    expect(row).to_contain_text("亿元")
    staff.fill(f"#value_{iva.pk}", "2.2")
    staff.fill(f"input[name=growth_{iva.pk}]", "12.3")
    staff.click("[data-testid=save-figures]")
    expect(staff).to_have_url(re.compile(rf"/stats/entry/{world.zone_a.pk}/{PERIOD}/$"))
    expect(status_badge(row)).to_have_text(zh(ReportStatus.DRAFT.label))
    expect(staff.locator(f"#value_{iva.pk}")).to_have_value("2.20")
    expect(staff.locator(f"input[name=growth_{iva.pk}]")).to_have_value("12.3")
    saved = IndicatorValue.objects.get(zone=world.zone_a, indicator=iva, year=2024, month=9)
    assert (saved.value, saved.stated_growth, saved.status) == (
        Decimal("2.2") * YI,
        Decimal("12.3"),
        ReportStatus.DRAFT,
    )
    # Staff may not approve their own figures.
    expect(staff.locator("[data-testid=approve-figures]")).to_have_count(0)

    staff.click("[data-testid=submit-figures]")
    expect(status_badge(row)).to_have_text(zh(ReportStatus.SUBMITTED.label))
    expect(staff.locator("[data-testid=submit-figures]")).to_have_count(0)
    saved.refresh_from_db()
    assert saved.status == ReportStatus.SUBMITTED

    admin = open_page("zone_admin")
    admin.goto(entry_url)
    admin_row = grid_row(admin, iva)
    expect(status_badge(admin_row)).to_have_text(zh(ReportStatus.SUBMITTED.label))
    admin.click("[data-testid=approve-figures]")
    expect(status_badge(admin_row)).to_have_text(zh(ReportStatus.APPROVED.label))
    expect(admin.locator("[data-testid=approve-figures]")).to_have_count(0)
    saved.refresh_from_db()
    assert saved.status == ReportStatus.APPROVED
    assert saved.approved_by == world.users["zone_admin"]

    admin.goto(f"{live_server.url}/stats/ranking/")
    form = admin.locator("[data-testid=ranking-form]")
    form.locator("#id_indicator").select_option(value=str(iva.pk))
    form.locator("#id_period").fill(PERIOD)
    form.locator("#id_region").select_option(value=str(world.city_a.pk))
    form.locator("#id_category").select_option(value="industrial")
    admin.click("[data-testid=show-ranking]")
    expect(admin).to_have_url(re.compile(rf"[?&]region={world.city_a.pk}(&|$)"))
    expect(admin).to_have_url(re.compile(r"[?&]category=industrial(&|$)"))

    rows = admin.locator("[data-testid=ranking-table] tbody tr")
    expect(rows).to_have_count(2)  # the two zones of 大同市; 晋城's is not a peer
    expect(rows.nth(0)).to_contain_text(ZONE_A2)
    expect(rows.nth(0).locator("td").first).to_have_text("1")
    expect(rows.nth(1)).to_contain_text(ZONE_A)
    expect(rows.nth(1).locator("td").first).to_have_text("2")
    expect(rows.nth(1).locator("td").nth(3)).to_have_text("2.20")
    expect(rows.nth(1).locator("td").nth(4)).to_have_text("12.3")
    own = admin.locator("[data-testid=ranking-table] tbody tr[data-own=true]")
    expect(own).to_have_count(1)
    expect(own).to_contain_text(ZONE_A)
    expect(admin.locator("[data-testid=ranking-chart]")).to_have_attribute("data-rendered", "true")

    with admin.expect_download() as info:
        admin.click("[data-testid=ranking-xlsx]")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = CalamineWorkbook.from_path(download.path()).get_sheet_by_index(0).to_python()
    body = {row[1]: row for row in sheet[1:]}
    assert set(body) == {ZONE_A, ZONE_A2}, sheet
    assert float(body[ZONE_A][0]) == 2
    assert float(body[ZONE_A2][0]) == 1
    assert float(body[ZONE_A][3]) == pytest.approx(2.2)
    assert float(body[ZONE_A][4]) == pytest.approx(12.3)


def test_entry_errors_keep_input_and_outliers_need_confirmation(open_page, live_server, world, iva):
    approved_value(world.zone_a, iva, "2024-08", "2.0")
    page = open_page("zone_staff")
    page.goto(f"{live_server.url}/stats/entry/{world.zone_a.pk}/{PERIOD}/")
    value_input = page.locator(f"#value_{iva.pk}")
    row = grid_row(page, iva)

    value_input.fill("-2")
    page.click("[data-testid=save-figures]")
    expect(row.locator("[data-testid=entry-error]")).to_have_count(1)
    expect(page.locator("[data-testid=entry-error]")).to_have_count(1)  # only this line
    expect(value_input).to_have_value("-2")
    expect(page.locator("[data-testid=confirm-outliers]")).to_have_count(0)
    assert not IndicatorValue.objects.filter(zone=world.zone_a, year=2024, month=9).exists()

    # Last month's 2.0亿元 cumulated over 8 months suggests about 2.25 for 9.
    value_input.fill("10")
    page.click("[data-testid=save-figures]")
    expect(row.locator("[data-testid=entry-warning]")).to_have_count(1)
    expect(page.locator("[data-testid=entry-error]")).to_have_count(0)
    expect(value_input).to_have_value("10")
    assert not IndicatorValue.objects.filter(zone=world.zone_a, year=2024, month=9).exists()

    page.check("[data-testid=confirm-outliers]")
    page.click("[data-testid=save-figures]")
    expect(page.locator("[data-testid=entry-warning]")).to_have_count(0)
    expect(page.locator("[data-testid=confirm-outliers]")).to_have_count(0)
    expect(status_badge(row)).to_have_text(zh(ReportStatus.DRAFT.label))
    expect(value_input).to_have_value("10.00")
    saved = IndicatorValue.objects.get(zone=world.zone_a, indicator=iva, year=2024, month=9)
    assert (saved.value, saved.status) == (Decimal(10) * YI, ReportStatus.DRAFT)


def test_dashboard_cards_ranks_trend_and_english(open_page, live_server, world, iva):
    approved_value(world.zone_a, iva, "2024-08", "1.9", "11.0")
    approved_value(world.zone_a, iva, PERIOD, "2.2", "12.3")
    approved_value(world.zone_a2, iva, PERIOD, "3.0", "5.0")
    approved_value(world.zone_b, iva, PERIOD, "1.0")  # 晋城: in the province, not the city

    page = open_page("zone_admin")
    page.goto(f"{live_server.url}/stats/dashboards/{world.zone_a.pk}/")
    cards = page.locator("[data-testid=dashboard-cards]")
    card = cards.locator(f"[data-indicator={iva.code}]")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("规模以上工业增加值")
    expect(card.locator("[data-testid=card-value]")).to_have_text("2.20")
    expect(card).to_contain_text("亿元")
    expect(card.locator("[data-testid=card-growth]")).to_have_text("+12.3%")
    expect(card.locator("[data-testid=rank-province]")).to_have_text("2")
    expect(card.locator("[data-testid=rank-city]")).to_have_text("2")
    expect(card).to_contain_text(re.compile(r"2\s*/3"))
    expect(card).to_contain_text(re.compile(r"2\s*/2"))
    expect(card).to_contain_text(zh("province"))
    expect(card.locator(f"[data-chart=trend-{iva.pk}]")).to_have_attribute("data-rendered", "true")

    page.click("[data-testid=lang-switch]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(rf"/stats/dashboards/{world.zone_a.pk}/$"))
    expect(card).to_contain_text("Value added of industry above designated size")
    expect(card).not_to_contain_text("规模以上工业增加值")
    expect(card).to_contain_text("100m yuan")
    expect(card).to_contain_text("province")
    expect(card).to_contain_text("city")
    expect(card.locator("[data-testid=card-value]")).to_have_text("2.20")
    expect(card.locator("[data-testid=rank-province]")).to_have_text("2")
    expect(card.locator(f"[data-chart=trend-{iva.pk}]")).to_have_attribute("data-rendered", "true")


def test_grid_saves_a_month_with_finely_stored_approved_figures(open_page, live_server, world, iva):
    """The grid shows 1.96 for 195,555,555.56元; saving the month with one new
    figure beside it asks no reason and leaves the approved figure as stored."""
    approved = IndicatorValue.objects.create(
        zone=world.zone_a,
        indicator=iva,
        year=2024,
        month=9,
        value=Decimal("195555555.56"),
        stated_growth=Decimal("5.0"),
        status=ReportStatus.APPROVED,
    )
    inv = Indicator.objects.get(code="industrial_investment")
    page = open_page("zone_staff")
    page.goto(f"{live_server.url}/stats/entry/{world.zone_a.pk}/{PERIOD}/")
    expect(page.locator(f"#value_{iva.pk}")).to_have_value("1.96")
    expect(page.locator("[data-testid=completeness]")).to_contain_text("1 / 1")
    page.fill(f"#value_{inv.pk}", "3.5")
    page.click("[data-testid=save-figures]")
    expect(page.locator("[data-testid=entry-error]")).to_have_count(0)
    expect(page.locator(f"#value_{inv.pk}")).to_have_value("3.50")
    expect(page.locator("[data-testid=completeness]")).to_contain_text("2 / 2")
    approved.refresh_from_db()
    assert (approved.value, approved.version) == (Decimal("195555555.56"), 1)
    # The reporting status opens on the month: one draft beside the approved figure.
    page.goto(f"{live_server.url}/stats/entry/?end={PERIOD}")
    cell = page.locator(f"[data-zone='{world.zone_a.pk}'] [data-period='{PERIOD}']")
    expect(cell).to_have_attribute("data-status", "draft")
    expect(cell).to_contain_text("2/2")


def test_dashboard_chart_views_and_an_empty_one(open_page, live_server, world, iva):
    approved_value(world.zone_a, iva, "2024-07", "1.5", "-2.7")
    approved_value(world.zone_a, iva, "2024-08", "1.9", "11.0")
    approved_value(world.zone_a, iva, PERIOD, "2.2")
    employees = Indicator.objects.get(code="employees")
    IndicatorValue.objects.create(
        zone=world.zone_a,
        indicator=employees,
        year=2024,
        month=9,
        value=0,
        status=ReportStatus.APPROVED,
    )
    page = open_page("zone_admin")
    page.goto(f"{live_server.url}/stats/dashboards/{world.zone_a.pk}/")
    card = page.locator(f"[data-indicator={iva.code}]")
    chart = card.locator(f"[data-chart=trend-{iva.pk}]")
    expect(chart).to_have_attribute("data-rendered", "true")
    views = card.locator("[data-testid=chart-views] button")
    expect(views).to_have_text([zh("Cumulative"), zh("Monthly"), zh("Growth (%)")])
    views.nth(1).click()
    expect(chart).to_have_attribute("data-view", "monthly")
    expect(chart).to_have_attribute("data-rendered", "true")
    views.nth(2).click()
    expect(chart).to_have_attribute("data-view", "growth")
    expect(chart).to_have_attribute("data-rendered", "true")
    # Zero persons employed: a message, not a flat line at zero.
    empty = page.locator(f"[data-indicator=employees] [data-chart=trend-{employees.pk}]")
    expect(empty).to_have_attribute("data-rendered", "empty")
    expect(empty).to_contain_text(zh("No figures to chart."))


def test_grid_keyboard_moves_like_excel_and_takes_a_pasted_block(
    open_page, live_server, world, iva
):
    page = open_page("zone_staff")
    page.goto(f"{live_server.url}/stats/entry/{world.zone_a.pk}/{PERIOD}/")
    grid = page.locator("[data-testid=entry-grid] tbody tr")
    values = page.locator("[data-testid=entry-grid] input[name^=value_]")
    first, second = values.nth(0), values.nth(1)
    first.click()
    page.keyboard.type("1.5")
    page.keyboard.press("Enter")  # down, without submitting the form
    expect(second).to_be_focused()
    assert IndicatorValue.objects.count() == 0
    page.keyboard.press("ArrowUp")
    expect(first).to_be_focused()
    page.keyboard.press("ArrowRight")  # the whole text is selected: to the growth cell
    growth = grid.nth(0).locator("input[name^=growth_]")
    expect(growth).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(second).to_be_focused()
    # A block of two rows of figure and growth, as Excel copies it.
    second.evaluate(
        """el => {
            const data = new DataTransfer();
            data.setData("text/plain", "1,234.5\\t12.3\\r\\n2.2\\t-2.7\\r\\n");
            el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }"""
    )
    expect(page.locator("[data-testid=entry-grid]")).to_have_attribute("data-pasted", "4")
    expect(second).to_have_value("1234.5")
    expect(grid.nth(1).locator("input[name^=growth_]")).to_have_value("12.3")
    expect(values.nth(2)).to_have_value("2.2")
    expect(grid.nth(2).locator("input[name^=growth_]")).to_have_value("-2.7")


def test_grid_shows_nominal_growth_as_figures_are_typed(open_page, live_server, world, iva):
    """Before saving: this year's figure against last year's (2.00亿元), and the
    gap flag when the stated growth is more than a point away."""
    approved_value(world.zone_a, iva, "2023-09", "2.00")
    page = open_page("zone_staff")
    page.goto(f"{live_server.url}/stats/entry/{world.zone_a.pk}/{PERIOD}/")
    row = grid_row(page, iva)
    nominal = row.locator("[data-testid=nominal]")
    expect(nominal).to_have_text("—")
    row.locator("input[name^=value_]").fill("2.2")
    expect(nominal).to_have_text("10.0")
    row.locator("input[name^=growth_]").fill("12.3")
    expect(nominal).to_contain_text("≠")
    row.locator("input[name^=growth_]").fill("10.4")
    expect(nominal).to_have_text("10.0")
    assert IndicatorValue.objects.filter(year=2024).count() == 0
