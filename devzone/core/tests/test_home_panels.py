"""Home pages per role (issue 11): zone users see how their zone is doing,
region viewers their region's leaders, laggards and missing reports, an
enterprise user its own applications, requests and the policies it meets."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from devzone.stats.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db

YI = Decimal(100_000_000)


def approved(zone, code, year, month, amount, growth=None):
    return IndicatorValue.objects.create(
        zone=zone,
        indicator=Indicator.objects.get(code=code),
        year=year,
        month=month,
        value=Decimal(amount) * YI,
        stated_growth=growth,
        status="approved",
    )


def test_a_zone_admin_sees_its_headline_figures_with_growth_and_rank(world):
    approved(world.zone_a, "industrial_value_added", 2024, 6, "114.0", Decimal("5.0"))
    approved(world.zone_b, "industrial_value_added", 2024, 6, "95", Decimal("3.0"))
    page = world.client("zone_admin").get("/").content.decode()
    assert 'data-testid="home-headline"' in page
    assert "114.00亿元" in page and "5.0%" in page
    assert "全省2个开发区中第1" in page
    # The outsider (zone B) sees its own zone's figures, not zone A's.
    other = world.client("outsider").get("/").content.decode()
    assert "95.00亿元" in other and "114.00亿元" not in other


def test_a_region_viewer_sees_leaders_laggards_and_who_has_not_reported(world):
    approved(world.zone_a, "industrial_investment", 2024, 9, "15.61", Decimal("129.6"))
    approved(world.zone_b, "industrial_investment", 2024, 9, "12.5", Decimal("-3.2"))
    page = world.client("province_viewer").get("/").content.decode()
    assert 'data-testid="home-region"' in page
    row = page[page.index('data-indicator="industrial_investment"') :]
    row = row[: row.index("</tr>")]
    assert "129.6%" in row and "-3.2%" in row
    assert world.zone_a2.short_name in row or world.zone_a2.name in row  # not reported
    assert 'data-testid="home-headline"' not in page


def test_an_enterprise_user_sees_its_applications_requests_and_policies(world):
    from devzone.incentives.tests.conftest import make_application, make_policy

    applied = make_policy(world.zone_a, "厂房租赁优惠")
    make_application(applied, world.ent_a, requested_amount=Decimal(1))
    scale = world.ent_a.scale
    other = "below" if scale == "above" else "above"
    make_policy(
        world.zone_a, "用工招聘补贴", req_scale=scale, valid_from=date.today() - timedelta(1)
    )
    make_policy(world.zone_a, "规模奖励", req_scale=other, valid_from=date.today() - timedelta(1))
    page = world.client("enterprise").get("/").content.decode()
    assert 'data-testid="home-applications"' in page and "厂房租赁优惠" in page
    assert 'data-testid="home-requests"' in page
    policies = page[page.index('data-testid="home-policies"') :]
    assert "用工招聘补贴" in policies and "规模奖励" not in policies
    assert 'data-testid="home-headline"' not in page and 'data-testid="home-region"' not in page
