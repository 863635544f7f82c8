"""Projects end to end in headless Chromium against the live server: create a
project with tasks and a dependency → see it on the wall chart → open its
notice board logged out → leave feedback → staff see it on the project.

    .venv/bin/pytest -m browser devzone/projects/tests/test_browser_projects.py
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from devzone.projects.models import NoticeFeedback, Project, ScheduleTask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def save(page):
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=object-form]")).to_have_count(0)


def test_project_with_tasks_to_wall_chart_to_public_feedback(
    open_page, browser, live_server, world
):
    page = open_page("zone_admin")
    page.goto(f"{live_server.url}/projects/projects/add/")
    page.select_option("#id_zone", str(world.zone_a.pk))
    page.fill("#id_name", "光伏组件厂")
    page.fill("#id_planned_investment", "3")  # 亿元, as the lists show it
    page.select_option("#id_stage", "building")
    page.select_option("#id_key_level", "city")
    page.fill("#id_expected_start", "2030-03-01")
    page.fill("#id_expected_operation", "2030-12-31")
    page.select_option("#id_leader", str(world.users["zone_admin"].pk))
    page.select_option("#id_agent", str(world.users["zone_staff"].pk))
    save(page)
    project = Project.objects.get(name="光伏组件厂")

    for name, days in (("主体施工", "120"), ("设备安装", "45")):
        page.goto(live_server.url + project.get_absolute_url())
        page.click("[data-testid=add-task]")
        page.fill("#id_name", name)
        page.fill("#id_duration", days)
        save(page)
    page.goto(live_server.url + project.get_absolute_url())
    page.click("[data-testid=add-dependency]")
    first, second = (ScheduleTask.objects.get(name=n) for n in ("主体施工", "设备安装"))
    page.select_option("#id_before", str(first.pk))
    page.select_option("#id_after", str(second.pk))
    page.fill("#id_lag", "5")
    save(page)
    page.goto(live_server.url + project.get_absolute_url())
    rows = page.locator("[data-testid=task-row]")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("2030-07-04")  # 120 days from 1 March, then 5 days' lag

    # A dependency that would close a cycle is refused, with the tasks named.
    page.click("[data-testid=add-dependency]")
    page.select_option("#id_before", str(second.pk))
    page.select_option("#id_after", str(first.pk))
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=form-errors]")).to_contain_text("主体施工")

    page.goto(f"{live_server.url}/projects/wall-chart/?zone={world.zone_a.pk}")
    chart = page.locator("[data-testid=wall-chart]")
    expect(chart).to_have_attribute("data-rendered", "true")
    expect(chart).to_have_attribute("data-rows", "3")  # the project and its two tasks
    expect(page.locator("[data-testid=wall-table]")).to_contain_text("光伏组件厂")
    page.select_option("#f-level", "province")
    page.click("[data-testid=wall-filters] button")
    expect(page.locator("[data-testid=wall-chart]")).to_have_count(0)

    page.goto(live_server.url + project.get_absolute_url())
    board_url = page.locator("[data-testid=notice-link]").get_attribute("href")

    public = browser.new_context(locale="zh-CN").new_page()
    errors = []
    public.on("pageerror", lambda exc: errors.append(str(exc)))
    public.goto(board_url)
    expect(public.locator("[data-testid=notice-title]")).to_have_text("光伏组件厂")
    expect(public.locator("[data-testid=notice-schedule]")).to_contain_text("设备安装")
    expect(public.locator("[data-testid=user-menu]")).to_have_count(0)
    public.click("[data-testid=feedback-submit]")  # empty: refused, nothing saved
    expect(public.locator(".invalid-feedback")).to_be_visible()
    public.fill("#id_message", "夜间施工噪音较大，请协调。")
    public.fill("#id_contact_phone", "13800000000")
    public.click("[data-testid=feedback-submit]")
    expect(public.locator(".alert-success")).to_be_visible()
    public.context.close()
    assert not errors
    assert NoticeFeedback.objects.get().project == project

    page.goto(live_server.url + project.get_absolute_url())
    expect(page.locator("[data-testid=feedback-list]")).to_contain_text("夜间施工噪音")


def test_notice_board_fits_a_phone_and_its_numbers_call(browser, live_server, world):
    """At 390 px the board's address under the QR code wraps instead of
    widening the page, and the leader's, agent's and hotline numbers dial."""
    world.users["zone_admin"].phone = "0352-1234567"
    world.users["zone_admin"].save()
    world.zone_a.hotline = "12345"
    world.zone_a.save()
    project = Project.objects.create(
        zone=world.zone_a,
        name="手机上的公示牌",
        planned_investment=0,
        leader=world.users["zone_admin"],
    )
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/notice/{project.notice_code}/")
    expect(page.locator("[data-testid=notice-url]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.locator("[data-testid=notice-hotline] a")).to_have_attribute("href", "tel:12345")
    expect(page.locator("[data-testid=notice-leader] a")).to_have_attribute(
        "href", "tel:0352-1234567"
    )
    context.close()


def test_task_list_shows_status_and_percent_at_1440(open_page, live_server, world):
    """The late-task list the home page links to: status and percent complete
    are on screen at 1440 px, and the list uses the screen's width."""
    project = Project.objects.create(zone=world.zone_a, name="宽屏项目", planned_investment=0)
    ScheduleTask.objects.create(project=project, name="主体施工", duration=100)
    page = open_page("zone_admin")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/projects/tasks/")
    headers = page.locator("[data-testid=object-table] thead th")
    texts = [t.strip() for t in headers.all_inner_texts()]
    assert texts.index("状态") < texts.index("最早开始") and "完成百分比" in texts[:5], texts
    status = headers.nth(texts.index("状态")).bounding_box()
    assert status["x"] + status["width"] <= 1440
    width = page.locator("[data-testid=page-container]").bounding_box()["width"]
    assert width > 1320  # fluid, not Tabler's container-xl
