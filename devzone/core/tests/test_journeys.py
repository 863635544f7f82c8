"""Journey tests: each role's day (docs: /work/shared/JOURNEYS.md) walked in
headless Chromium from the first page the person opens to the last, asserting
what the person sees at each step (text, counts, statuses), not only that the
pages load.

Logged-in pages come from ``open_page(role)``, the public's from
``public_page(phone=False)`` (devzone/browser_testing.py): a console error, a
page error or a request to another host fails the test.

    .venv/bin/pytest -p no:xdist -m browser devzone/core/tests/test_journeys.py
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from devzone.core.tests import test_browser as core_browser
from devzone.desk.catalogue import load_catalogue
from devzone.desk.models import Category, ServiceRequest
from devzone.incentives.models import Application, Policy
from devzone.projects.models import NoticeFeedback, Project, ScheduleTask
from devzone.stats.catalogue import audit_rules_load, catalogue_load
from devzone.stats.models import Indicator, IndicatorValue, ReportStatus
from devzone.stats.selectors import due_period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZONE_A = "广灵经济技术开发区"
ZONE_A2 = "大同示例开发区"
ZONE_B = "晋城经济技术开发区"
YI = Decimal(100_000_000)
PHONE = "13700001234"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Tracking attempts and feedback are throttled in the cache: none carry over."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def indicators(world) -> dict[str, Indicator]:
    """The catalogue (a transactional test's flush removed the migration's rows)."""
    catalogue_load()
    return {i.code: i for i in Indicator.objects.all()}


def zh(text) -> str:
    """A label as the zh-CN browser sees it."""
    with translation.override("zh-hans"):
        return str(translation.gettext(text) if isinstance(text, str) else text)


def approved(zone, indicator, period: str, yi: str, growth: str | None = None):
    year, month = (int(p) for p in str(period).split("-"))
    return IndicatorValue.objects.create(
        zone=zone,
        indicator=indicator,
        year=year,
        month=month,
        value=Decimal(yi) * YI,
        stated_growth=Decimal(growth) if growth is not None else None,
        status=ReportStatus.APPROVED,
    )


def todo(page, label: str):
    return page.locator("[data-testid=todo]").filter(has_text=label)


def fits(page) -> bool:
    """Nothing sticks out sideways: the page reads on the phone without scrolling across."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def desk_request(zone, category, title, **values):
    values.setdefault("description", f"{title}：请尽快处理。")
    values.setdefault("contact_phone", "13912345678")
    request = ServiceRequest(zone=zone, category=category, title=title, **values)
    request.save()
    return request


def make_overdue(request, days: int = 3):
    """A request received days ago whose acceptance deadline has passed."""
    today = timezone.localdate()
    ServiceRequest.objects.filter(pk=request.pk).update(
        received_at=timezone.make_aware(datetime.combine(today - timedelta(days + 5), time(9))),
        accept_due=today - timedelta(days),
    )


def public_request(page, base: str, zone, category, title: str) -> str:
    """Files a request on the public service form; returns its tracking code."""
    page.goto(f"{base}/service/?zone={zone.pk}")
    expect(page.locator("[data-testid=user-menu]")).to_have_count(0)
    page.select_option("#id_zone", str(zone.pk))
    page.select_option("#id_category", str(category.pk))
    page.fill("#id_title", title)
    page.fill("#id_description", f"{title}，已持续三天，请尽快处理。")
    page.fill("#id_contact_phone", PHONE)
    page.click("[data-testid=submit-request]")
    expect(page).to_have_url(re.compile(r"/service/track/[A-Z0-9]+/$"))
    code = page.locator("[data-testid=tracking-code]").inner_text().strip()
    expect(page.locator("[data-testid=message]").first).to_contain_text(code)
    return code


def expect_status(page, code: str, label: str) -> None:
    badge = page.locator("[data-testid=status]")
    expect(badge).to_have_attribute("data-status", code)
    expect(badge).to_contain_text(label)


# --- 1. 统计员 ---------------------------------------------------------------------------------


def test_statistician_enters_submits_then_leader_approves_ranks_and_template_round_trips(
    open_page, live_server, world, indicators, tmp_path
):
    base = live_server.url
    iva, output = indicators["industrial_value_added"], indicators["industrial_output"]
    audit_rules_load()  # the migration's rules, flushed by an earlier transactional test
    period = due_period()  # last month: the one being reported now
    p = str(period)
    # The zone reports on the platform: the same month a year before is approved,
    # and last month, at the pace of the 2.2亿元 she will enter (unless this is
    # January, which starts a new year's cumulation).
    approved(world.zone_a, iva, str(period.shift(-12)), "2.0", "6.0")
    if period.month > 1:
        pace = (Decimal("2.2") * (period.month - 1) / period.month).quantize(Decimal("0.01"))
        approved(world.zone_a, iva, str(period.shift(-1)), str(pace), "11.0")

    staff = open_page("zone_staff")
    staff.goto(f"{base}/")
    due = todo(staff, f"{period}")
    expect(due).to_have_count(1)
    expect(due.locator(".badge")).to_have_text("1")  # 广灵; 大同示例 has never reported

    # The reporting-status matrix: this month is not reported yet.
    staff.locator("[data-testid=reporting-status]").first.click()
    expect(staff).to_have_url(re.compile(r"/stats/entry/$"))  # it opens on the month due
    cell = staff.locator(
        f"[data-testid=status-matrix] tr[data-zone='{world.zone_a.pk}'] [data-period='{p}']"
    )
    expect(cell).to_have_attribute("data-status", "empty")
    cell.locator("a").click()
    expect(staff).to_have_url(re.compile(rf"/stats/entry/{world.zone_a.pk}/{p}/$"))

    # The grid moves like Excel: type, arrows, Enter; a block pastes from the cell.
    iva_value = staff.locator(f"#value_{iva.pk}")
    iva_value.click()
    staff.keyboard.type("2.2")
    staff.keyboard.press("ArrowRight")
    iva_growth = staff.locator(f"input[name=growth_{iva.pk}]")
    expect(iva_growth).to_be_focused()
    staff.keyboard.type("16.0")
    staff.keyboard.press("Enter")  # down to 工业总产值's growth, without submitting the form
    expect(staff.locator(f"input[name=growth_{output.pk}]")).to_be_focused()
    staff.keyboard.press("ArrowLeft")  # an empty cell: left to its figure
    output_value = staff.locator(f"#value_{output.pk}")
    expect(output_value).to_be_focused()
    assert not IndicatorValue.objects.filter(year=period.year, month=period.month).exists()
    output_value.evaluate(
        """el => {
            const data = new DataTransfer();
            data.setData("text/plain", "10.5\\t8.0\\r\\n");
            el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }"""
    )
    expect(output_value).to_have_value("10.5")
    expect(staff.locator(f"input[name=growth_{output.pk}]")).to_have_value("8.0")
    staff.click("[data-testid=save-figures]")
    expect(staff.locator("[data-testid=entry-error]")).to_have_count(0)
    expect(staff.locator("[data-testid=entry-warning]")).to_have_count(0)
    expect(iva_value).to_have_value("2.20")
    expect(output_value).to_have_value("10.50")
    expect(staff.locator("[data-testid=completeness]")).to_contain_text("2 / 2")
    # Beside the stated growth: last year's figure and the nominal growth from it,
    # flagged as more than a point away (2.2 against 2.0 is +10.0%, not +16.0%).
    iva_row = staff.locator(f"[data-testid=entry-grid] tr[data-indicator={iva.code}]")
    expect(iva_row.locator("td").nth(5)).to_have_text("2.00")
    expect(iva_row.locator("td").nth(6)).to_contain_text("10.0")
    expect(iva_row.locator("td").nth(6).locator(".badge")).to_have_text("≠")
    # More than 5 points away: a soft audit rule, explained before submitting.
    soft = iva_row.locator("[data-testid=rule-break]")
    expect(soft).to_have_count(1)
    expect(soft).to_contain_text(zh("soft"))
    expect(staff.locator("[data-testid=audit-summary]")).to_be_visible()
    soft.get_by_role("link", name=zh("Explain")).click()
    expect(staff).to_have_url(re.compile(r"/stats/audit/\?"))
    rule_row = staff.locator("[data-testid=audit-breaks] tbody tr")
    expect(rule_row).to_have_count(1)
    rule_row.locator("input[name=text]").fill("同口径企业增加，按统计局口径")
    rule_row.get_by_role("button").click()
    expect(staff.locator("[data-testid=audit-breaks] tbody tr input[name=text]")).to_have_value(
        "同口径企业增加，按统计局口径"
    )
    staff.goto(f"{base}/stats/entry/{world.zone_a.pk}/{p}/")
    expect(soft).to_contain_text("同口径企业增加")
    expect(staff.locator("[data-testid=audit-summary]")).to_have_count(0)
    staff.click("[data-testid=submit-figures]")
    expect(staff.locator("[data-testid=submit-figures]")).to_have_count(0)
    expect(iva_row.locator(".badge").first).to_have_text(zh(ReportStatus.SUBMITTED.label))
    saved = IndicatorValue.objects.get(
        zone=world.zone_a, indicator=iva, year=period.year, month=period.month
    )
    assert (saved.value, saved.stated_growth, saved.status) == (
        Decimal("2.2") * YI,
        Decimal("16.0"),
        ReportStatus.SUBMITTED,
    )

    staff.goto(f"{base}/")  # nothing is due from her any more
    expect(todo(staff, f"{period}")).to_have_count(0)

    # The approver's home shows the month waiting; one click opens it.
    admin = open_page("zone_admin")
    admin.goto(f"{base}/")
    waiting = todo(admin, zh("Months of figures awaiting approval"))
    expect(waiting).to_have_count(1)
    expect(waiting.locator(".badge")).to_have_text("1")
    waiting.click()
    expect(admin).to_have_url(re.compile(rf"/stats/entry/{world.zone_a.pk}/{p}/$"))
    admin.click("[data-testid=approve-figures]")
    admin_row = admin.locator(f"[data-testid=entry-grid] tr[data-indicator={iva.code}]")
    expect(admin_row.locator(".badge").first).to_have_text(zh(ReportStatus.APPROVED.label))
    expect(admin.locator("[data-testid=approve-figures]")).to_have_count(0)
    admin.goto(f"{base}/")
    expect(todo(admin, zh("Months of figures awaiting approval"))).to_have_count(0)

    # The ranking board and the dashboard show the approved figure.
    admin.goto(f"{base}/stats/ranking/?indicator={iva.pk}&period={p}&region={world.province.pk}")
    own = admin.locator("[data-testid=ranking-table] tbody tr[data-own=true]")
    expect(own).to_have_count(1)
    expect(own).to_contain_text(ZONE_A)
    expect(own.locator("td").first).to_have_text("1")
    expect(own.locator("td").nth(3)).to_have_text("2.20")
    expect(own.locator("td").nth(4)).to_have_text("16.0")
    admin.goto(f"{base}/stats/dashboards/{world.zone_a.pk}/")
    card = admin.locator(f"[data-testid=dashboard-cards] [data-indicator={iva.code}]")
    expect(card.locator("[data-testid=card-value]")).to_have_text("2.20")
    expect(card.locator("[data-testid=card-growth]")).to_have_text("+16.0%")
    expect(card.locator("[data-testid=rank-province]")).to_have_text("1")

    # The province template: download the month, upload it unchanged, check only.
    before = list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "version"))
    staff.goto(f"{base}/stats/province-template/")
    staff.fill("#period", p)
    with staff.expect_download() as info:
        staff.click("[data-testid=template-download]")
    path = tmp_path / "template.xlsx"
    info.value.save_as(path)
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert any(ZONE_A in [str(c) for c in row] for row in sheet), sheet[:3]
    staff.set_input_files("[data-testid=template-file]", str(path))
    staff.click("[data-testid=template-check]")
    summary = staff.locator("[data-testid=template-summary]")
    expect(summary).to_have_attribute("data-errors", "0")
    expect(summary).to_have_attribute("data-valid", "0")
    expect(summary).to_have_attribute("data-written", "0")
    expect(summary).to_have_attribute("data-unchanged", "2")
    expect(staff.locator("[data-testid=template-errors]")).to_have_count(0)
    after = list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "version"))
    assert after == before

    # The statistics office revises 工业总产值: an approved figure changes only with
    # a reason, goes back for approval, and its history shows it.
    staff.goto(f"{base}/stats/entry/{world.zone_a.pk}/{p}/")
    output_value.fill("10.6")
    staff.click("[data-testid=save-figures]")
    output_row = staff.locator(f"[data-testid=entry-grid] tr[data-indicator={output.code}]")
    expect(output_row.locator("[data-testid=entry-error]")).to_have_count(1)
    expect(output_value).to_have_value("10.6")
    staff.fill(f"input[name=reason_{output.pk}]", "统计局反馈修正")
    staff.click("[data-testid=save-figures]")
    expect(staff.locator("[data-testid=entry-error]")).to_have_count(0)
    expect(output_value).to_have_value("10.60")
    expect(output_row.locator(".badge").first).to_have_text(zh(ReportStatus.SUBMITTED.label))
    corrected = IndicatorValue.objects.get(
        zone=world.zone_a, indicator=output, year=period.year, month=period.month
    )
    assert (corrected.value, corrected.status) == (Decimal("10.6") * YI, ReportStatus.SUBMITTED)
    staff.goto(f"{base}/stats/values/{corrected.pk}/history/")
    entry = staff.locator("[data-testid=history-list] .list-group-item").filter(
        has_text="统计局反馈修正"
    )
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(world.users["zone_staff"].username)
    status_change = entry.locator(".history-change li").filter(
        has_text=zh(ReportStatus.APPROVED.label)
    )
    expect(status_change.locator("del")).to_have_text(zh(ReportStatus.APPROVED.label))
    expect(status_change.locator("ins")).to_have_text(zh(ReportStatus.SUBMITTED.label))
    # The figure's own change is listed too; it is shown in 元 with four decimals
    # (1,050,000,000.0000), not in 亿元 as the grid shows it: reported, not asserted.
    expect(entry.locator(".history-change li")).to_have_count(2)


# --- 2. 主任 ---------------------------------------------------------------------------------


def test_leader_morning_todos_lists_wall_chart_and_ranking(
    open_page, live_server, world, indicators
):
    base = live_server.url
    load_catalogue()
    iva = indicators["industrial_value_added"]
    approved(world.zone_a, iva, "2024-09", "2.2", "12.3")
    approved(world.zone_a2, iva, "2024-09", "3.0", "5.0")
    approved(world.zone_b, iva, "2024-09", "1.0", "-3.0")
    approved(world.zone_a, iva, "2024-06", "1.4", "10.0")
    approved(world.zone_a2, iva, "2024-06", "2.0", "4.0")
    today = timezone.localdate()
    key = Project.objects.create(
        zone=world.zone_a,
        name="火山云太行算力中心",
        planned_investment=Decimal("1395000000"),
        stage="building",
        key_level="province",
        expected_start=today - timedelta(60),
        expected_operation=today + timedelta(200),
        leader=world.users["zone_admin"],
        agent=world.users["zone_staff"],
    )
    task = ScheduleTask.objects.create(project=key, name="机房主体施工", duration=30)
    ScheduleTask.objects.filter(pk=task.pk).update(status=ScheduleTask.Status.LATE)
    Project.objects.create(
        zone=world.zone_a, name="一般项目", planned_investment=Decimal(1), key_level=""
    )
    backlog = desk_request(
        world.zone_a, Category.objects.get(zone=None, code="utilities"), "厂区积压停水"
    )
    make_overdue(backlog)

    page = open_page("zone_admin")
    page.goto(f"{base}/")
    todos = page.locator("[data-testid=todo]")
    # The desk's overdue requests come first, in red; then the late task.
    expect(todos.first).to_contain_text(zh("Overdue service requests"))
    expect(todos.first.locator(".badge")).to_have_text("1")
    expect(todos.first.locator(".badge")).to_have_class(re.compile(r"bg-red"))
    late = todo(page, zh("Late schedule tasks"))
    expect(late.locator(".badge")).to_have_text("1")

    todos.first.click()
    expect(page).to_have_url(re.compile(r"/desk/requests/\?overdue=true"))
    table = page.locator("[data-testid=object-table]")
    expect(table).to_contain_text("厂区积压停水")
    expect(page.locator("[data-testid=summary-overdue]")).to_have_text("1")

    page.goto(f"{base}/")
    todo(page, zh("Late schedule tasks")).click()
    expect(page).to_have_url(re.compile(r"/projects/tasks/\?status=late"))
    expect(page.locator("[data-testid=object-table]")).to_contain_text("机房主体施工")

    # Headline figures: the zone card's dashboard (the home page has none of its own).
    page.goto(f"{base}/")
    page.locator("[data-testid=zone-cards]").get_by_role(
        "link", name=zh("Dashboard"), exact=True
    ).first.click()
    expect(page).to_have_url(re.compile(rf"/stats/dashboards/{world.zone_a.pk}/$"))
    card = page.locator(f"[data-testid=dashboard-cards] [data-indicator={iva.code}]")
    expect(card.locator("[data-testid=card-value]")).to_have_text("2.20")
    expect(card.locator("[data-testid=card-growth]")).to_have_text("+12.3%")
    expect(card.locator("[data-testid=rank-province]")).to_have_text("2")
    expect(card.locator("[data-testid=rank-city]")).to_have_text("2")

    # Monday: the wall chart filtered to provincial key projects, the late one in red.
    page.goto(f"{base}/projects/wall-chart/?zone={world.zone_a.pk}")
    page.select_option("#f-level", "province")
    page.click("[data-testid=wall-filters] button")
    expect(page).to_have_url(re.compile(r"[?&]level=province"))
    chart = page.locator("[data-testid=wall-chart]")
    expect(chart).to_have_attribute("data-rendered", "true")
    rows = page.locator("[data-testid=wall-table] tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("火山云太行算力中心")
    expect(rows.first.locator(".badge.status-late")).to_have_count(1)
    expect(page.locator("[data-testid=wall-table]")).not_to_contain_text("一般项目")
    expect(page.locator("[data-testid=fullscreen]")).to_be_visible()

    # The ranking board for its city's industrial zones, its own row highlighted.
    page.goto(f"{base}/stats/ranking/")
    form = page.locator("[data-testid=ranking-form]")
    form.locator("#id_indicator").select_option(value=str(iva.pk))
    form.locator("#id_period").fill("2024-09")
    form.locator("#id_region").select_option(value=str(world.city_a.pk))
    form.locator("#id_category").select_option(value="industrial")
    page.click("[data-testid=show-ranking]")
    rows = page.locator("[data-testid=ranking-table] tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(ZONE_A2)
    own = page.locator("[data-testid=ranking-table] tbody tr[data-own=true]")
    expect(own).to_have_count(1)
    expect(own).to_contain_text(ZONE_A)
    expect(own.locator("td").first).to_have_text("2")

    # Then it compares itself with the zone just ahead over the year.
    page.goto(f"{base}/stats/compare/")
    form = page.locator("[data-testid=compare-form]")
    form.locator("#id_zones").select_option(value=[str(world.zone_a.pk), str(world.zone_a2.pk)])
    form.locator("#id_indicator").select_option(value=str(iva.pk))
    form.locator("#id_start").fill("2024-01")
    form.locator("#id_end").fill("2024-09")
    form.get_by_role("button").click()
    expect(page.locator("[data-testid=compare-chart]")).to_have_attribute("data-rendered", "true")
    series = page.locator("[data-testid=compare-table] tbody tr")
    expect(series).to_have_count(2)
    ours = series.filter(has_text=world.zone_a.short_name)
    expect(ours.locator("td").nth(6)).to_have_text("1.40")  # 2024-06
    expect(ours.locator("td").nth(9)).to_have_text("2.20")  # 2024-09
    expect(series.filter(has_text=world.zone_a2.short_name).locator("td").nth(9)).to_have_text(
        "3.00"
    )


# --- 3. 市/省 viewer ---------------------------------------------------------------------------


def test_province_viewer_sees_who_has_not_reported_and_exports_the_ranking(
    open_page, live_server, world, indicators
):
    base = live_server.url
    iva = indicators["industrial_value_added"]
    approved(world.zone_a, iva, "2024-09", "2.2", "12.3")
    approved(world.zone_b, iva, "2024-09", "114.0", "5.0")
    approved(world.zone_a2, iva, "2024-08", "2.5", "4.0")  # reports, but not September yet

    page = open_page("province_viewer")
    page.goto(f"{base}/stats/entry/?end=2024-09")
    matrix = page.locator("[data-testid=status-matrix]")
    expect(matrix.locator("tbody tr")).to_have_count(3)
    expect(
        matrix.locator(f"tr[data-zone='{world.zone_a2.pk}'] [data-period='2024-09']")
    ).to_have_attribute("data-status", "empty")
    expect(
        matrix.locator(f"tr[data-zone='{world.zone_b.pk}'] [data-period='2024-09']")
    ).to_have_attribute("data-status", "approved")
    expect(page.locator("[data-testid='reported-2024-09']")).to_have_text("2 / 3")

    page.goto(f"{base}/stats/ranking/")
    form = page.locator("[data-testid=ranking-form]")
    form.locator("#id_indicator").select_option(value=str(iva.pk))
    form.locator("#id_period").fill("2024-09")
    form.locator("#id_region").select_option(value=str(world.province.pk))
    page.click("[data-testid=show-ranking]")
    rows = page.locator("[data-testid=ranking-table] tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(ZONE_B)
    expect(rows.nth(0).locator("td").first).to_have_text("1")
    expect(rows.nth(0).locator("td").nth(3)).to_have_text("114.00")
    expect(rows.nth(1)).to_contain_text(ZONE_A)
    expect(rows.nth(1).locator("td").first).to_have_text("2")
    missing = rows.filter(has_text=ZONE_A2)
    expect(missing.locator("td").first).to_have_text(zh("not reported"))
    expect(page.locator("[data-testid=ranking-table] tr[data-own=true]")).to_have_count(0)
    # Fastest growth: the same peers ranked by growth.
    page.locator("[data-testid=ranking-form] #id_by").select_option(value="growth")
    page.click("[data-testid=show-ranking]")
    expect(page).to_have_url(re.compile(r"[?&]by=growth"))
    expect(rows.nth(0)).to_contain_text(ZONE_A)  # +12.3% ahead of 晋城's +5.0%
    expect(rows.nth(0).locator("td").first).to_have_text("1")
    expect(rows.nth(1)).to_contain_text(ZONE_B)
    expect(rows.filter(has_text=ZONE_A2).locator("td").first).to_have_text(zh("not reported"))
    page.locator("[data-testid=ranking-form] #id_by").select_option(value="total")
    page.click("[data-testid=show-ranking]")
    expect(rows.nth(0)).to_contain_text(ZONE_B)

    with page.expect_download() as info:
        page.click("[data-testid=ranking-xlsx]")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = CalamineWorkbook.from_path(download.path()).get_sheet_by_index(0).to_python()
    body = {row[1]: row for row in sheet[1:] if len(row) > 1 and row[1]}
    assert set(body) == {ZONE_A, ZONE_A2, ZONE_B}, sheet
    assert float(body[ZONE_B][0]) == 1 and float(body[ZONE_A][0]) == 2
    assert float(body[ZONE_B][3]) == pytest.approx(114.0)
    assert float(body[ZONE_A][4]) == pytest.approx(12.3)
    assert body[ZONE_A2][3] in ("", None), body[ZONE_A2]


# --- 4. 企业 ----------------------------------------------------------------------------------


def test_enterprise_sees_its_own_applications_and_requests_and_no_dead_menu_link(
    open_page, live_server, world
):
    base = live_server.url
    load_catalogue()
    policy_a = Policy.objects.create(
        zone=world.zone_a,
        title="厂房租赁优惠",
        issuing_office="管委会",
        contact_office="企业服务中心",
        office_phone="0352-1234567",
        conditions="入驻企业",
        amount_rule=Policy.AmountRule.PERCENT,
        rate_percent=Decimal("50"),
        base=Policy.Base.RENT,
        cap=Decimal("500000"),
        valid_from=date(2020, 1, 1),
    )
    policy_b = Policy.objects.create(
        zone=world.zone_b,
        title="乙区奖励",
        issuing_office="管委会",
        contact_office="企业服务中心",
        office_phone="0356-1234567",
        conditions="入驻企业",
        amount_rule=Policy.AmountRule.PERCENT,
        rate_percent=Decimal("50"),
        base=Policy.Base.RENT,
        cap=Decimal("500000"),
        valid_from=date(2020, 1, 1),
    )
    own_app = Application(
        policy=policy_a,
        enterprise=world.ent_a,
        submitted_on=date(2024, 3, 1),
        requested_amount=Decimal("100000"),
    )
    own_app.save()
    other_app = Application(
        policy=policy_b,
        enterprise=world.ent_b,
        submitted_on=date(2024, 3, 1),
        requested_amount=Decimal("200000"),
    )
    other_app.save()
    utilities = Category.objects.get(zone=None, code="utilities")
    policy_cat = Category.objects.get(zone=None, code="policy")
    desk_request(world.zone_a, utilities, "甲企业厂区停水", enterprise=world.ent_a)
    desk_request(world.zone_b, policy_cat, "乙企业政策咨询", enterprise=world.ent_b)
    desk_request(world.zone_a, policy_cat, "邻居企业的咨询")  # same zone, not its own

    page = open_page("enterprise")
    page.goto(f"{base}/")
    expect(page.locator("[data-testid=zone-cards]")).to_contain_text(ZONE_A)
    expect(page.locator("body")).not_to_contain_text("乙企业")
    expect(page.locator("body")).not_to_contain_text(ZONE_B)
    # Every link on its home page leads somewhere it may go.
    home_links = page.locator(".page-wrapper a[href^='/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert home_links, "the enterprise's home page links nowhere"

    # Its applications and their status.
    page.goto(f"{base}/incentives/applications/")
    table = page.locator("[data-testid=object-table]")
    expect(table).to_contain_text("厂房租赁优惠")
    expect(table).to_contain_text(own_app.number)
    expect(table).not_to_contain_text("乙区奖励")
    expect(table).not_to_contain_text(other_app.number)
    assert core_browser.result_count(page) == 1
    table.get_by_role("link", name=re.compile(own_app.number)).first.click()
    expect(page.locator("[data-testid=application-status]")).to_be_visible()
    expect(page.locator("[data-testid=decide]")).to_have_count(0)

    # Its service requests, and not the neighbour's.
    page.goto(f"{base}/desk/requests/")
    table = page.locator("[data-testid=object-table]")
    expect(table).to_contain_text("甲企业厂区停水")
    expect(table).not_to_contain_text("乙企业政策咨询")
    expect(table).not_to_contain_text("邻居企业的咨询")
    assert core_browser.result_count(page) == 1

    # Every menu item it sees answers, and shows nothing of another company.
    hrefs = page.locator("#navbar-menu a.dropdown-item").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(hrefs) >= 5, hrefs
    refused = []
    buttons: set[str] = set()
    for href in hrefs:
        response = page.goto(f"{base}{href}")
        if response.status >= 400:
            refused.append((href, response.status))
            continue
        body = page.locator("body")
        for text in ("乙企业", "乙区奖励", "邻居企业的咨询"):
            expect(body).not_to_contain_text(text)
        # The page's own buttons (new, import, dashboard …) lead somewhere too.
        buttons.update(
            page.locator(".page-header .btn-list a[href]").evaluate_all(
                "links => links.map(a => a.getAttribute('href'))"
                ".filter(h => h.startsWith('/') && !h.includes('format='))"
            )
        )
    for href in sorted((buttons | set(home_links)) - set(hrefs)):
        status = page.request.get(f"{base}{href}").status
        if status >= 400:
            refused.append((href, status))
    assert not refused, f"links the enterprise user sees that refuse it: {refused}"


# --- 5. 公众, on a phone -------------------------------------------------------------------------


def test_public_on_a_phone_files_and_tracks_a_request_and_leaves_a_message_on_a_board(
    public_page, live_server, world
):
    base = live_server.url
    load_catalogue()
    utilities = Category.objects.get(zone=None, code="utilities")
    project = Project.objects.create(
        zone=world.zone_a,
        name="再生铝产业园",
        planned_investment=Decimal("300000000"),
        stage="building",
        key_level="city",
        leader=world.users["zone_admin"],
        agent=world.users["zone_staff"],
    )
    ScheduleTask.objects.create(project=project, name="厂房主体施工", duration=60)
    type(world.zone_a).objects.filter(pk=world.zone_a.pk).update(hotline="0352-8880000")
    leader = world.users["zone_admin"]
    leader.phone = "0352-8881234"
    leader.save(update_fields=["phone"])

    phone = public_page(phone=True)
    phone.goto(f"{base}/")
    expect(phone.locator("[data-testid=user-menu]")).to_have_count(0)
    assert fits(phone)
    # The public home leads to the service form, tracking and the boards.
    sections = phone.locator("[data-testid=public-sections]")
    expect(sections.locator('a[href="/service/"]')).to_be_visible()
    expect(sections.locator('a[href="/service/track/"]')).to_be_visible()
    expect(sections.locator(f'a[href="/notice/{project.notice_code}/"]')).to_be_visible()
    sections.locator('a[href="/service/"]').click()
    expect(phone.locator("#id_title")).to_be_visible()
    code = public_request(phone, base, world.zone_a, utilities, "小区门口路灯不亮")
    assert fits(phone)
    expect_status(phone, "received", "已接收")
    request = ServiceRequest.objects.get(title="小区门口路灯不亮")
    assert request.code_display == code and request.channel == "web"

    # Later: track it with the code and the phone.
    phone.click("[data-testid=nav-track]")
    phone.fill("#id_code", code.lower())
    phone.fill("#id_phone", PHONE)
    phone.click("[data-testid=track-submit]")
    expect(phone.locator("[data-testid=request-title]")).to_contain_text("小区门口路灯不亮")
    expect_status(phone, "received", "已接收")
    assert fits(phone)

    # The board at the site: the project, its stage and schedule, whom to call.
    phone.goto(f"{base}/notice/{project.notice_code}/")
    expect(phone.locator("[data-testid=notice-title]")).to_have_text("再生铝产业园")
    expect(phone.locator("[data-testid=notice-schedule]")).to_contain_text("厂房主体施工")
    expect(phone.locator("body")).to_contain_text(zh(Project.Stage.BUILDING.label))
    expect(phone.locator("[data-testid=notice-leader]")).to_contain_text("0352-8881234")
    expect(phone.locator("[data-testid=notice-hotline]")).to_contain_text("0352-8880000")
    assert fits(phone)
    # Tap to call.
    expect(phone.locator("[data-testid=notice-leader] a")).to_have_attribute(
        "href", "tel:0352-8881234"
    )
    expect(phone.locator("[data-testid=notice-hotline] a")).to_have_attribute(
        "href", "tel:0352-8880000"
    )
    phone.fill("#id_message", "工地夜间施工噪音较大，请协调。")
    phone.fill("#id_contact_phone", PHONE)
    phone.click("[data-testid=feedback-submit]")
    thanks = phone.locator(".alert-success")
    expect(thanks).to_be_visible()
    feedback = NoticeFeedback.objects.get(project=project)
    board_code = feedback.service_request.code_display
    expect(thanks).to_contain_text(board_code)

    # The message is followed like any request, with its code and the phone.
    phone.goto(f"{base}/service/track/")
    phone.fill("#id_code", board_code)
    phone.fill("#id_phone", PHONE)
    phone.click("[data-testid=track-submit]")
    expect(phone.locator("[data-testid=request-title]")).to_be_visible()
    expect_status(phone, "received", "已接收")


# --- 6. 热线坐席 -------------------------------------------------------------------------------


def test_desk_agent_takes_the_public_request_due_today_and_closes_it_with_a_call_back(
    open_page, public_page, live_server, world
):
    base = live_server.url
    load_catalogue()
    utilities = Category.objects.get(zone=None, code="utilities")
    make_overdue(desk_request(world.zone_a, utilities, "北区积压停气"))

    public = public_page()
    code = public_request(public, base, world.zone_a, utilities, "园区路灯不亮")
    request = ServiceRequest.objects.get(title="园区路灯不亮")
    # It came in yesterday evening: it must be accepted today.
    ServiceRequest.objects.filter(pk=request.pk).update(accept_due=timezone.localdate())

    staff = open_page("zone_staff")
    staff.goto(f"{base}/")
    todos = staff.locator("[data-testid=todo]")
    # Overdue first, then what is due today.
    expect(todos.nth(0)).to_contain_text(zh("Overdue service requests"))
    expect(todos.nth(0).locator(".badge")).to_have_text("1")
    expect(todos.nth(1)).to_contain_text(zh("Service requests due today"))
    expect(todos.nth(1).locator(".badge")).to_have_text("1")
    todos.nth(1).click()
    expect(staff).to_have_url(re.compile(r"/desk/requests/\?due_today=true"))
    table = staff.locator("[data-testid=object-table]")
    expect(table).to_contain_text("园区路灯不亮")
    expect(table).not_to_contain_text("北区积压停气")
    table.get_by_role("link", name="园区路灯不亮").click()

    expect(staff.locator("[data-testid=tracking-code]")).to_have_text(code)
    expect_status(staff, "received", "已接收")
    # A citizen's request is never deleted by the desk.
    expect(staff.get_by_role("link", name=zh("Delete"), exact=True)).to_have_count(0)
    staff.click("[data-testid=accept]")
    expect_status(staff, "accepted", "已受理")
    staff.fill("#answer-text", "已通知市政养护单位，两日内修复。")
    staff.click("[data-testid=answer]")
    expect_status(staff, "answered", "已答复")
    staff.fill("#resolve-text", "已更换损坏的灯具，路灯恢复。")
    staff.click("[data-testid=resolve]")
    expect_status(staff, "resolved", "已办结")

    # The call back (回访): staff record what the requester says.
    callback = staff.locator("[data-testid=callback]")
    expect(callback).to_be_visible()
    callback.locator("input[name=rating][value='5']").check()
    callback.locator("textarea, input[name=comment]").first.fill("电话回访：很满意")
    callback.locator("[data-testid=rate]").click()
    expect_status(staff, "closed", "已评价")
    expect(staff.locator("[data-testid=rating]")).to_contain_text("5")
    request.refresh_from_db()
    assert (request.status, request.rating) == ("closed", 5)

    # The requester sees it closed with the rating on the tracking page.
    public.goto(f"{base}/service/track/")
    public.fill("#id_code", code)
    public.fill("#id_phone", PHONE)
    public.click("[data-testid=track-submit]")
    expect(public.locator("[data-testid=outcome]")).to_contain_text("路灯恢复")
    expect_status(public, "closed", "已评价")
    expect(public.locator("[data-testid=rating]")).to_contain_text("5 / 5")

    # The home page's counts moved: nothing due today any more.
    staff.goto(f"{base}/")
    expect(todo(staff, zh("Service requests due today"))).to_have_count(0)
    expect(todos.nth(0).locator(".badge")).to_have_text("1")  # the backlog is still overdue
