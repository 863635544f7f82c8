"""Incentives end to end in headless Chromium against the live server: the
enterprise user applies under a policy → zone staff start the review,
approve it and record a payment → the enterprise is told → the summary page
counts the enterprise and the amount; a payment above the approved amount is
refused; 免申即享 offers the policy to an enterprise that never applied.

    .venv/bin/pytest -m browser devzone/incentives/tests/test_browser_incentives.py
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from devzone.core.demo import sample_credit_code
from devzone.core.models import ChainMember, Enterprise
from devzone.incentives.models import Application, Disbursement, Policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_review_pay_and_count(open_page, live_server, world):
    policy = Policy.objects.create(
        zone=world.zone_a,
        title="厂房租赁优惠",
        issuing_office="广灵经开区管委会",
        contact_office="企业服务中心",
        office_phone="0352-8880010",
        conditions="租赁标准化厂房的企业",
        amount_rule=Policy.AmountRule.PERCENT,
        rate_percent=Decimal("50"),
        base=Policy.Base.RENT,
        cap=Decimal("500000"),
        valid_from=date(2024, 1, 1),
        req_chain=world.chain_a,
    )
    neighbour = Enterprise.objects.create(
        zone=world.zone_a,
        credit_code=sample_credit_code("140223", 77),
        name="丁企业",
        industry_code="C3216",
    )
    ChainMember.objects.create(chain=world.chain_a, enterprise=neighbour, role="core")

    # The enterprise user applies for its own enterprise.
    ent = open_page("enterprise")
    ent.goto(f"{live_server.url}/incentives/policies/{policy.pk}/")
    expect(ent.locator("[data-testid=own-check]")).to_contain_text("再生金属产业链")
    ent.click("[data-testid=apply]")
    expect(ent.locator("#id_enterprise")).to_have_count(0)  # no choice: itself
    ent.fill("#id_base_amount", "840000")
    ent.fill("#id_requested_amount", "60")  # 万元; above the cap: refused, input kept
    ent.fill("#id_description", "租赁标准化厂房7000平米")
    ent.click("[data-testid=save]")
    expect(ent.locator("[data-testid=field-error]")).to_be_visible()
    expect(ent.locator("#id_description")).to_have_value("租赁标准化厂房7000平米")
    ent.fill("#id_requested_amount", "42")  # 万元
    ent.click("[data-testid=save]")
    expect(ent.locator("[data-testid=application-status]")).to_be_visible()
    app = Application.objects.get()
    assert app.enterprise == world.ent_a and app.status == Application.Status.SUBMITTED

    # Zone staff review, approve and pay.
    staff = open_page("zone_staff")
    staff.goto(live_server.url + app.get_absolute_url())
    staff.click("[data-testid=start-review]")
    expect(staff.locator("[data-testid=application-status]")).to_have_attribute(
        "data-status", "under_review"
    )
    staff.click("[data-testid=decide]")
    staff.select_option("#id_decision", "approved")
    staff.fill("#id_approved_amount", "42")  # 万元
    staff.click("[data-testid=save]")
    expect(staff.locator("[data-testid=approved-amount]")).to_have_text("42.00")
    staff.click("[data-testid=add-disbursement]")
    today = date.today()
    staff.fill("#id_paid_on", today.isoformat())
    staff.fill("#id_amount", "50")  # 万元; more than approved: refused, nothing saved
    staff.click("[data-testid=save]")
    expect(staff.locator("[data-testid=form-errors]")).to_contain_text(app.number)
    assert not Disbursement.objects.exists()
    staff.fill("#id_amount", "21")  # 万元
    staff.click("[data-testid=save]")
    expect(staff.locator("[data-testid=object-form]")).to_have_count(0)
    staff.goto(live_server.url + app.get_absolute_url())
    expect(staff.locator("[data-testid=paid-amount]")).to_have_text("21.00")

    # The summary counts the enterprise and the amount.
    staff.goto(f"{live_server.url}/incentives/summary/?zone={world.zone_a.pk}")
    expect(staff.locator("[data-testid=total-enterprises]")).to_have_text("1")
    expect(staff.locator("[data-testid=total-disbursed]")).to_have_text("21.00")  # 万元
    expect(staff.locator("[data-testid=chart-disbursed]")).to_have_attribute(
        "data-rendered", "true"
    )
    expect(staff.locator("[data-testid=summary-table]")).to_contain_text(str(today.year))

    # 免申即享: 丁企业 is on the chain and never applied; one click applies for it.
    staff.goto(f"{live_server.url}/incentives/policies/{policy.pk}/eligible/")
    expect(staff.locator("[data-testid=count-new]")).to_have_text("1")
    expect(staff.locator("[data-testid=eligible-table]")).to_contain_text("丁企业")
    staff.click("[data-testid=offer]")
    expect(staff.locator(".alert-success")).to_be_visible()
    expect(staff.locator("[data-testid=count-new]")).to_have_text("0")
    assert Application.objects.get(enterprise=neighbour).origin == Application.Origin.PROACTIVE

    # The enterprise user was told of each step and sees the payment.
    ent.goto(f"{live_server.url}/notifications/")
    body = ent.locator("body")
    expect(body).to_contain_text(app.number)
    expect(body).to_contain_text("210,000.00")
    ent.goto(live_server.url + app.get_absolute_url())
    expect(ent.locator("[data-testid=payments]")).to_contain_text(today.isoformat())
    expect(ent.locator("[data-testid=decide]")).to_have_count(0)
