"""The service desk end to end in headless Chromium against the live server:
a member of the public submits a request on the public form → staff accept,
answer and resolve it → the requester comes back with the tracking code and
phone, and rates it → the zone's dashboard counts it.

    .venv/bin/pytest -m browser devzone/desk/tests/test_browser_desk.py
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from devzone.desk.catalogue import load_catalogue
from devzone.desk.models import Category, ServiceRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13700001234"


def expect_status(page, code: str, label: str) -> None:
    """The badge carries the status code, and shows its Chinese label."""
    badge = page.locator("[data-testid=status]")
    expect(badge).to_have_attribute("data-status", code)
    expect(badge).to_contain_text(label)


def public_page(browser, problems):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    return page


def test_public_request_to_resolution_to_rating_to_dashboard(
    open_page, browser, live_server, world
):
    load_catalogue()  # a transactional test starts from an empty database
    utilities = Category.objects.get(zone=None, code="utilities")
    problems: list[str] = []

    # The public: no login. An empty form is refused and nothing is saved.
    public = public_page(browser, problems)
    public.goto(f"{live_server.url}/service/?zone={world.zone_a.pk}")
    expect(public.locator("[data-testid=user-menu]")).to_have_count(0)
    public.fill("#id_title", "园区路灯不亮")
    public.click("[data-testid=submit-request]")
    expect(public.locator("[data-testid=field-error]").first).to_be_visible()
    expect(public.locator("#id_title")).to_have_value("园区路灯不亮")
    assert not ServiceRequest.objects.exists()
    public.select_option("#id_zone", str(world.zone_a.pk))
    public.select_option("#id_category", str(utilities.pk))
    public.fill("#id_description", "北区主干道路灯连续一周不亮，夜间通行危险。")
    public.fill("#id_contact_phone", PHONE)
    public.click("[data-testid=submit-request]")
    expect(public).to_have_url(re.compile(r"/service/track/[A-Z0-9]+/$"))
    code = public.locator("[data-testid=tracking-code]").inner_text()
    expect(public.locator("[data-testid=message]")).to_contain_text(code)
    expect_status(public, "received", "已接收")
    public.context.close()
    request = ServiceRequest.objects.get()
    assert request.code_display == code and request.channel == "web"

    # Staff accept, answer and resolve it.
    staff = open_page("zone_staff")
    staff.goto(f"{live_server.url}/desk/dashboard/?zone={world.zone_a.pk}")
    expect(staff.locator("[data-testid=card-open]")).to_have_text("1")
    staff.goto(f"{live_server.url}/desk/requests/?open=true")
    staff.locator("[data-testid=object-table]").get_by_role("link", name="园区路灯不亮").click()
    staff.click("[data-testid=accept]")
    expect_status(staff, "accepted", "已受理")
    staff.click("[data-testid=answer]")  # empty: refused, nothing changes
    expect(staff.locator(".alert-danger")).to_be_visible()
    staff.fill("#answer-text", "已通知市政养护单位，两日内修复。")
    staff.click("[data-testid=answer]")
    expect_status(staff, "answered", "已答复")
    staff.fill("#resolve-text", "已更换损坏的灯具和线路，路灯恢复。")
    staff.click("[data-testid=resolve]")
    expect_status(staff, "resolved", "已办结")
    expect(staff.locator("[data-testid=follow-ups]")).to_contain_text("已更换损坏的灯具")
    expect(staff.locator("[data-testid=deadlines] tr[data-kind=resolve]")).to_contain_text("按期")

    # The requester comes back in another browser with the code and the phone.
    public = public_page(browser, problems)
    public.goto(f"{live_server.url}/service/track/")
    public.fill("#id_code", code.lower())
    public.fill("#id_phone", "13700000000")  # wrong phone: nothing opens
    public.click("[data-testid=track-submit]")
    expect(public.locator("[data-testid=form-errors]")).to_be_visible()
    public.fill("#id_phone", PHONE)
    public.click("[data-testid=track-submit]")
    expect(public.locator("[data-testid=request-title]")).to_contain_text("园区路灯不亮")
    expect(public.locator("[data-testid=outcome]")).to_contain_text("路灯恢复")
    public.click("[data-testid=rate]")  # no rating chosen: refused
    expect(public.locator("[data-testid=rate-form] .invalid-feedback").first).to_be_visible()
    public.check("input[name=rating][value='4']")
    public.fill("#id_comment", "修复及时")
    public.click("[data-testid=rate]")
    expect(public.locator("[data-testid=rating]")).to_contain_text("4 / 5")
    expect_status(public, "closed", "已评价")
    public.context.close()
    request.refresh_from_db()
    assert (request.status, request.rating, request.rating_comment) == ("closed", 4, "修复及时")

    # The dashboard counts it.
    staff.goto(f"{live_server.url}/desk/dashboard/?zone={world.zone_a.pk}")
    expect(staff.locator("[data-testid=card-open]")).to_have_text("0")
    expect(staff.locator("[data-testid=card-rate]")).to_have_text("100.0%")
    expect(staff.locator("[data-testid=card-satisfaction]")).to_have_text("4.0 / 5")
    expect(staff.locator("[data-testid=by-category]")).to_contain_text("水电气暖")
    for chart in ("ages", "compliance", "satisfaction"):
        expect(staff.locator(f"[data-testid=chart-{chart}]")).to_have_attribute(
            "data-rendered", "true"
        )
    assert not problems, problems
