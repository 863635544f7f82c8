"""End-to-end flows in headless Chromium (Debian's) against the live server.

Every page these tests open is watched (``open_page`` of
devzone/browser_testing.py): a console error, an uncaught script error or a
request to any host but the live server fails the test. That proves nothing
loads from a CDN and the CSP lets our own scripts run.

    .venv/bin/pytest -m browser devzone/core/tests/test_browser.py
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from devzone.core.demo import sample_credit_code
from devzone.core.exporting import export_columns
from devzone.core.models import Enterprise
from devzone.core.resources import get_resource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IMPORT_HEADERS = "所属开发区,统一社会信用代码,企业名称,行业代码"
ZONE_A = "广灵经济技术开发区"


def result_count(page) -> int:
    text = page.locator("[data-testid=result-count]").inner_text()
    return int(re.search(r"\d+", text).group())


def upload_csv(page, base_url: str, rows: list[str]):
    page.goto(f"{base_url}/enterprises/import/")
    content = "\n".join([IMPORT_HEADERS, *rows]) + "\n"
    page.set_input_files(
        "#id_file",
        files=[{"name": "e.csv", "mimeType": "text/csv", "buffer": content.encode("utf-8")}],
    )
    page.click("[data-testid=upload]")


def test_home_zone_cards_and_language_switch(open_page, live_server):
    page = open_page("zone_staff")
    page.goto(f"{live_server.url}/")
    cards = page.locator("[data-testid=zone-cards]")
    expect(cards).to_contain_text(ZONE_A)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")

    page.click("[data-testid=lang-switch]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("[data-testid=lang-switch]")).to_have_text("中文")
    expect(cards).to_contain_text(ZONE_A)
    expect(cards).to_contain_text("Enterprises")
    page.click("[data-testid=user-menu]")
    expect(page.locator("[data-testid=logout]")).to_be_visible()
    expect(page.locator("[data-testid=logout]")).to_have_text("Log out")

    page.click("[data-testid=lang-switch]")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("[data-testid=lang-switch]")).to_have_text("English")
    expect(page.locator("[data-testid=zone-cards]")).to_contain_text(ZONE_A)
    expect(page.locator("[data-testid=zone-cards]")).not_to_contain_text("Enterprises")
    expect(page.locator("[data-testid=logout]")).to_have_text("退出登录")


def test_list_filter_detail_edit_history(open_page, live_server, world):
    Enterprise.objects.create(
        zone=world.zone_a,
        credit_code=sample_credit_code("140223", 3),
        name="丙企业",
        industry_code="C18",
    )
    page = open_page("zone_admin")
    page.goto(f"{live_server.url}/enterprises/")
    table = page.locator("[data-testid=object-table]")
    expect(table).to_contain_text("丙企业")
    expect(table).not_to_contain_text("乙企业")  # another zone's
    assert result_count(page) == 2

    page.fill("#id_q", "甲")
    page.click("[data-testid=apply-filter]")
    expect(page).to_have_url(re.compile(r"[?&]q="))
    assert result_count(page) == 1
    expect(table).not_to_contain_text("丙企业")

    table.get_by_role("link", name="甲企业").click()
    expect(page).to_have_url(re.compile(rf"/enterprises/{world.ent_a.pk}/$"))
    page.click("[data-testid=edit]")
    expect(page.locator("#id_employees")).to_have_value("0")
    page.fill("#id_employees", "321")
    page.fill("#id_change_reason", "年报更新")
    page.click("[data-testid=save]")
    expect(page).to_have_url(re.compile(rf"/enterprises/{world.ent_a.pk}/$"))
    expect(page.locator(".datagrid")).to_contain_text("321")

    page.click("[data-testid=history]")
    expect(page).to_have_url(re.compile(rf"/enterprises/{world.ent_a.pk}/history/$"))
    entry = page.locator("[data-testid=history-list] .list-group-item").filter(has_text="年报更新")
    expect(entry).to_have_count(1)
    change = entry.locator(".history-change li")
    expect(change).to_have_count(1)
    expect(change.locator("del")).to_have_text("0")
    expect(change.locator("ins")).to_have_text("321")
    world.ent_a.refresh_from_db()
    assert world.ent_a.employees == 321


def test_import_reports_errors_then_imports_fixed_file(open_page, live_server):
    page = open_page("zone_staff")
    good = f"{ZONE_A},{sample_credit_code('140223', 77)},新企业,C18"
    upload_csv(page, live_server.url, [good, f"{ZONE_A},91140223NOTACODE,坏企业,C18"])
    expect(page.locator("[data-testid=job-status]")).to_have_attribute("data-status", "invalid")
    errors = page.locator("[data-testid=import-errors] tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))"
    )
    # Only the bad code is reported; the good row (which leaves the optional
    # columns out) is fine.
    assert [(row, column) for row, column, _message in errors] == [("3", "统一社会信用代码")], (
        errors
    )
    expect(page.locator("[data-testid=confirm-import]")).to_have_count(0)
    assert not Enterprise.objects.filter(name="新企业").exists()

    upload_csv(
        page, live_server.url, [good, f"{ZONE_A},{sample_credit_code('140223', 78)},坏企业,C18"]
    )
    expect(page.locator("[data-testid=job-status]")).to_have_attribute("data-status", "preview")
    preview = page.locator("[data-testid=import-preview] tbody tr")
    expect(preview).to_have_count(2)
    expect(preview.nth(0)).to_contain_text("新企业")
    expect(page.locator("[data-testid=import-errors]")).to_have_count(0)
    assert not Enterprise.objects.filter(name="新企业").exists()

    page.click("[data-testid=confirm-import]")
    expect(page.locator("[data-testid=job-status]")).to_have_attribute("data-status", "done")
    created = Enterprise.objects.get(name="新企业")
    assert created.zone.name == ZONE_A
    assert created.credit_code == sample_credit_code("140223", 77)
    assert created.industry_code == "C18"
    assert Enterprise.objects.filter(name="坏企业").exists()


def test_export_xlsx_holds_only_own_zone(open_page, live_server):
    page = open_page("zone_admin")
    page.goto(f"{live_server.url}/enterprises/")
    page.click("[data-testid=export]")
    with page.expect_download() as info:
        page.click("[data-testid=export-xlsx]")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    rows = CalamineWorkbook.from_path(download.path()).get_sheet_by_index(0).to_python()

    resource = get_resource("core:enterprises")
    with translation.override("zh-hans"):
        expected = [c.header(Enterprise) for c in export_columns(resource)]
        name_header = str(Enterprise._meta.get_field("name").verbose_name)
        code_header = str(Enterprise._meta.get_field("credit_code").verbose_name)
    assert rows[0] == expected
    assert rows[0][:2] == [name_header, code_header]
    names = [row[0] for row in rows[1:]]
    assert "甲企业" in names
    assert "乙企业" not in names


def test_edit_conflict_lists_other_change_and_keeps_input(open_page, live_server, world):
    edit_url = f"{live_server.url}/enterprises/{world.ent_a.pk}/edit/"
    first, second = open_page("zone_admin"), open_page("zone_admin")
    first.goto(edit_url)
    second.goto(edit_url)

    first.fill("#id_name", "甲企业（一）")
    first.click("[data-testid=save]")
    expect(first).to_have_url(re.compile(rf"/enterprises/{world.ent_a.pk}/$"))

    second.fill("#id_name", "甲企业（二）")
    second.fill("#id_employees", "55")
    second.click("[data-testid=save]")
    conflict = second.locator("[data-testid=conflict]")
    expect(conflict).to_be_visible()
    expect(conflict.locator("li")).to_have_count(1)
    expect(conflict.locator("li")).to_contain_text("甲企业 → 甲企业（一）")
    expect(conflict.locator("li")).to_contain_text(world.users["zone_admin"].username)
    expect(second.locator("#id_name")).to_have_value("甲企业（二）")
    expect(second.locator("#id_employees")).to_have_value("55")
    world.ent_a.refresh_from_db()
    assert world.ent_a.name == "甲企业（一）"

    second.click("[data-testid=save]")  # saving again, knowingly, overwrites
    expect(second).to_have_url(re.compile(rf"/enterprises/{world.ent_a.pk}/$"))
    world.ent_a.refresh_from_db()
    assert (world.ent_a.name, world.ent_a.employees) == ("甲企业（二）", 55)
