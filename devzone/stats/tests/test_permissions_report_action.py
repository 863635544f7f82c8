"""Exact statuses per role of an enterprise report's workflow page
(``stats:report_action``): submitting a draft (whoever may change the
report: its company, the zone's staff), approving a submitted one (the
zone's approver); who sees the report but may not act is refused (403), who
does not see it finds nothing (404), the public is sent to the login page.
A refusal changes nothing."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from devzone.stats.models import EnterpriseReport, Indicator, ReportStatus
from devzone.testing import ROLES

pytestmark = pytest.mark.django_db

SUBMIT = {
    "anonymous": 302,
    "platform_admin": 302,
    "province_viewer": 403,
    "city_b_viewer": 404,
    "zone_admin": 302,
    "zone_staff": 302,
    "enterprise": 302,
    "outsider": 404,
}
APPROVE = {
    "anonymous": 302,
    "platform_admin": 302,
    "province_viewer": 403,
    "city_b_viewer": 404,
    "zone_admin": 302,  # the zone's approver (STATS_APPROVAL_BY: zone_admin)
    "zone_staff": 403,
    "enterprise": 403,
    "outsider": 404,
}


def _report(world, status):
    return EnterpriseReport.objects.create(
        enterprise=world.ent_a,
        indicator=Indicator.objects.get(code="industrial_output"),
        year=2024,
        month=6,
        value=Decimal(300_000_000),
        status=status,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "action,before,after,table",
    [
        ("submit", ReportStatus.DRAFT, ReportStatus.SUBMITTED, SUBMIT),
        ("approve", ReportStatus.SUBMITTED, ReportStatus.APPROVED, APPROVE),
    ],
)
def test_report_action(world, role, action, before, after, table):
    report = _report(world, before)
    url = reverse("stats:report_action", args=[report.pk, action])
    client = world.client(role)
    response = client.post(url)
    assert response.status_code == table[role]
    if role == "anonymous":
        assert response.url.startswith(resolve_url(settings.LOGIN_URL) + "?next=")
    elif table[role] == 302:
        assert response.url == report.get_absolute_url()
    report.refresh_from_db()
    acted = role != "anonymous" and table[role] == 302
    assert report.status == (after if acted else before)
    # Only a POST acts; an unknown step is not found for whoever sees the report.
    assert client.get(url).status_code == (302 if role == "anonymous" else 405)
    unknown = client.post(reverse("stats:report_action", args=[report.pk, "publish"]))
    assert unknown.status_code == (302 if role == "anonymous" else 404)
