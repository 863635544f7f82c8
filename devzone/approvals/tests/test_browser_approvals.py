"""The approval service end to end in headless Chromium against the live
server: start a project's approvals → add items in their modes → mark the
commitment-based one approved → the savings page shows the days and fees
saved → download the commitment letter (staff, then the enterprise).

    .venv/bin/pytest -m browser devzone/approvals/tests/test_browser_approvals.py
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from docx import Document
from playwright.sync_api import expect

from devzone.approvals.catalogue import catalogue_load
from devzone.approvals.models import ApprovalItem, ProjectApproval
from devzone.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def save(page):
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=object-form]")).to_have_count(0)


def mark_dates(page, base, approval, applied, approved):
    page.goto(f"{base}/approvals/project-items/{approval.pk}/")
    page.click("[data-testid=edit]")
    page.fill("#id_applied_on", applied)
    page.fill("#id_approved_on", approved)
    save(page)


def test_items_to_savings_to_the_commitment_letter(open_page, live_server, world, tmp_path):
    catalogue_load()  # a transactional test before this one flushed the migration's rows
    project = Project.objects.create(
        zone=world.zone_a,
        name="光伏组件厂",
        planned_investment=Decimal("300000000"),
        agent=world.users["zone_staff"],
    )
    project.enterprises.add(world.ent_a)
    energy, eia = (ApprovalItem.objects.get(name=n) for n in ("节能审查", "环境影响评价"))
    base = live_server.url

    page = open_page("zone_admin")
    page.goto(f"{base}/approvals/")
    page.select_option("#id_project", str(project.pk))
    page.click("[data-testid=start-submit]")
    expect(page.locator("[data-testid=add-items-form]")).to_be_visible()
    page.click("[data-testid=save]")  # nothing chosen: refused, nothing added
    expect(page.locator("[data-testid=form-errors]")).to_be_visible()
    page.select_option(f"#id_mode_{energy.pk}", "commitment")
    page.select_option(f"#id_mode_{eia.pk}", "government_paid")
    page.click("[data-testid=save]")
    rows = page.locator("[data-testid=item-row]")
    expect(rows).to_have_count(2)
    assert ProjectApproval.objects.filter(project=project).count() == 2

    commitment = ProjectApproval.objects.get(project=project, item=energy)
    paid = ProjectApproval.objects.get(project=project, item=eia)
    # Approved before it was applied for: refused with the field named, nothing saved.
    page.goto(f"{base}/approvals/project-items/{commitment.pk}/edit/")
    page.fill("#id_applied_on", "2024-03-13")
    page.fill("#id_approved_on", "2024-03-11")
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=field-error]")).to_be_visible()
    commitment.refresh_from_db()
    assert commitment.approved_on is None
    # Monday 11 → Wednesday 13 March 2024: 2 working days of a 20-day limit.
    mark_dates(page, base, commitment, "2024-03-11", "2024-03-13")
    mark_dates(page, base, paid, "2024-03-11", "2024-04-19")

    page.goto(f"{base}/approvals/projects/{project.pk}/")
    expect(page.locator(f"[data-item='{energy.name}'] [data-testid=item-days]")).to_have_text("18")
    expect(page.locator("[data-testid=project-days]")).to_have_text("18")

    page.goto(f"{base}/approvals/savings/?zone={world.zone_a.pk}")
    expect(page.locator("[data-testid=savings-days]")).to_have_text("18")
    expect(page.locator("[data-testid=savings-fees]")).to_contain_text("5.00")
    expect(page.locator("[data-testid=by-project]")).to_contain_text("光伏组件厂")
    expect(page.locator("[data-testid=computation-days]")).to_contain_text("18")

    page.goto(f"{base}/approvals/project-items/{commitment.pk}/")
    with page.expect_download() as download_info:
        page.click("[data-testid=download-commitment]")
    path = tmp_path / "letter.docx"
    download_info.value.save_as(path)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "光伏组件厂" in text and "节能审查" in text and "甲企业" in text

    # The enterprise reads its project's items and downloads its letter too.
    own = open_page("enterprise")
    own.goto(f"{base}/approvals/projects/{project.pk}/")
    expect(own.locator("[data-testid=add-items]")).to_have_count(0)
    with own.expect_download() as download_info:
        own.click("[data-testid=letter-link]")
    path = tmp_path / "own.docx"
    download_info.value.save_as(path)
    assert "光伏组件厂" in "\n".join(p.text for p in Document(str(path)).paragraphs)
