"""Issue 12 about statistics: an enterprise user reads no other company's
figures on its zone's dashboard; approved enterprise reports are locked."""

from __future__ import annotations

from decimal import Decimal

import pytest

from devzone.core.demo import sample_credit_code
from devzone.core.models import Enterprise
from devzone.projects.models import Project, ProjectInvestment
from devzone.stats.models import EnterpriseReport, ReportStatus
from devzone.stats.tests.test_api import OUTPUT, YI, approved, ind

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(world):
    """Zone A's approved output and investment, the output of 甲企业 (the
    enterprise user's) and of 丙企业, and a project's investment."""
    approved(world.zone_a, OUTPUT, 2024, 6, 20)
    approved(world.zone_a, "industrial_investment", 2024, 6, 10)
    other = Enterprise.objects.create(
        zone=world.zone_a,
        credit_code=sample_credit_code("140223", 9),
        name="丙企业",
        industry_code="C3216",
    )
    for ent, yi in ((world.ent_a, 3), (other, 7)):
        EnterpriseReport.objects.create(
            enterprise=ent,
            indicator=ind(OUTPUT),
            year=2024,
            month=6,
            value=Decimal(yi) * YI,
            status=ReportStatus.APPROVED,
        )
    project = Project.objects.create(
        zone=world.zone_a, name="丙企业扩产项目", planned_investment=Decimal(5) * YI
    )
    project.enterprises.add(other)
    ProjectInvestment.objects.create(project=project, year=2024, month=6, cumulative=2 * YI)
    return other


def test_an_enterprise_user_reads_no_other_companys_figures_on_the_dashboard(world, figures):
    url = f"/stats/dashboards/{world.zone_a.pk}/"
    staff = world.client("zone_staff").get(url)
    assert staff.status_code == 200
    assert staff.context["enterprise_rows"] and staff.context["rollup"]
    assert "丙企业" in staff.content.decode()
    page = world.client("enterprise").get(url)
    assert page.status_code == 200
    assert len(page.context["cards"]) == 2  # the zone's own approved figures stay
    assert not page.context["enterprise_rows"] and not page.context["chain_rows"]
    assert not page.context["rollup"]
    body = page.content.decode()
    assert "丙企业" not in body and 'data-testid="enterprise-shares"' not in body
    assert 'data-testid="project-rollup"' not in body
    # The API's dashboard has the zone's figures only, for everyone.
    data = world.client("enterprise").get(f"/api/v1/stats/zones/{world.zone_a.pk}/dashboard/")
    assert data.status_code == 200 and "丙企业" not in data.content.decode()


def _report(world, status=ReportStatus.APPROVED):
    return EnterpriseReport.objects.create(
        enterprise=world.ent_a,
        indicator=ind(OUTPUT),
        year=2024,
        month=6,
        value=Decimal(3) * YI,
        status=status,
    )


def _api(world, role):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world.users[role])
    return client


def test_an_approved_enterprise_report_is_locked(world):
    from django.urls import reverse

    from devzone.testing import if_match

    report = _report(world)
    url = f"/api/v1/stats/enterprise-reports/{report.pk}/"
    change = {"value": "400000000"}
    reason = {"HTTP_X_CHANGE_REASON": "统计局核定"}
    # The enterprise no longer changes it, with or without a reason.
    response = _api(world, "enterprise").patch(
        url, change, format="json", **reason, **if_match(report)
    )
    assert response.status_code == 403
    page = world.client("enterprise").get(reverse("stats:report_edit", args=[report.pk]))
    assert page.status_code == 403
    # Zone staff: only with a reason, and then it goes back for approval.
    response = _api(world, "zone_staff").patch(url, change, format="json", **if_match(report))
    assert response.status_code == 400
    report.refresh_from_db()
    assert (report.value, report.status) == (Decimal(3) * YI, ReportStatus.APPROVED)
    response = _api(world, "zone_staff").patch(
        url, change, format="json", **reason, **if_match(report)
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert (report.value, report.status) == (Decimal(4) * YI, ReportStatus.SUBMITTED)
    assert report.history.first().history_change_reason == "统计局核定"
    # The zone admin (the approver) corrects it and it stays approved.
    report.status = ReportStatus.APPROVED
    report.save()
    response = _api(world, "zone_admin").patch(
        url, {"value": "500000000"}, format="json", **reason, **if_match(report)
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert (report.value, report.status) == (Decimal(5) * YI, ReportStatus.APPROVED)
    # No one deletes it.
    for role in ("zone_admin", "zone_staff", "platform_admin"):
        response = _api(world, role).delete(url, **if_match(report))
        assert response.status_code == 403, role
        page = world.client(role).post(reverse("stats:report_delete", args=[report.pk]))
        assert page.status_code == 403, role
    assert EnterpriseReport.objects.filter(pk=report.pk).exists()


def test_a_draft_report_stays_the_enterprises_to_change_and_delete(world):
    from devzone.testing import if_match

    report = _report(world, status=ReportStatus.DRAFT)
    url = f"/api/v1/stats/enterprise-reports/{report.pk}/"
    response = _api(world, "enterprise").patch(
        url, {"value": "1"}, format="json", **if_match(report)
    )
    assert response.status_code == 200
    response = _api(world, "zone_staff").delete(url, **if_match(report))
    assert response.status_code == 204
