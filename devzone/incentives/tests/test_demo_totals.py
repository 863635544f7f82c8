"""The seed's figures from the demo loader: 晋城 paid 12亿元 of incentives to
51 enterprises and helped them to 33.51亿元 of financing; 垣曲 has its ten
policies; loading twice changes nothing."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from devzone.core.demo import load_core_demo
from devzone.core.models import User, Zone
from devzone.incentives import demo, selectors
from devzone.incentives.models import Application, Disbursement, FinancingCase, Policy

pytestmark = pytest.mark.django_db

YI = Decimal(100_000_000)


@pytest.fixture
def loaded():
    load_core_demo()
    counts = demo.load()
    return counts


def _admin():
    return User.objects.get(username="admin")


def test_jincheng_totals_are_the_seeds(loaded):
    zone = Zone.objects.get(name="晋城经济技术开发区")
    data = selectors.summary(_admin(), zone_id=zone.pk)
    assert data.total.enterprises == 51
    assert data.total.disbursed == Decimal("1200000000.00")
    assert data.total.disbursed_yi == Decimal("12.00")
    assert data.total.financed == Decimal("3351000000.00")
    assert data.total.financed_yi == Decimal("33.51")
    (zone_totals,) = data.zones
    assert zone_totals.total.enterprises == 51
    # Distinct over the years, not the sum of each year's count.
    assert sum(t.enterprises for _y, t in zone_totals.years) > 51
    assert sum(t.disbursed for _y, t in zone_totals.years) == Decimal("1200000000.00")
    assert [y for y, _t in zone_totals.years] == [2021, 2022, 2023, 2024]


def test_every_application_is_paid_at_most_what_was_approved(loaded):
    for app in selectors.with_disbursed(Application.objects.all()):
        assert app.disbursed <= (app.approved_amount or 0), app.number
        if app.disbursed:
            assert app.status == Application.Status.APPROVED


def test_demo_records_respect_the_models_rules(loaded):
    for model in (Policy, Application, Disbursement, FinancingCase):
        for obj in model.objects.all():
            obj.full_clean(validate_unique=False)


def test_yuanqu_has_its_ten_policies_and_shuntians_rent_subsidy(loaded):
    zone = Zone.objects.get(name="垣曲经济技术开发区")
    titles = list(Policy.objects.filter(zone=zone).values_list("title", flat=True))
    assert len(titles) == 10
    for named in (
        "厂房租赁优惠",
        "技术改造补助",
        "智能制造示范企业奖励",
        "“两化”融合企业奖励",
        "高新技术企业奖励",
        "科技创新型企业奖励",
    ):
        assert named in titles
    app = Application.objects.get(policy__zone=zone, enterprise__name="舜天服饰")
    assert app.status == Application.Status.APPROVED
    assert app.disbursements.aggregate(s=Sum("amount"))["s"] == Decimal("210000")
    # The rent policy is 免申即享 for the 服装+电子 cluster: 7 tenants, 6 never applied… but 隆胜 applied too.
    rent = Policy.objects.get(zone=zone, title="厂房租赁优惠")
    eligible = selectors.eligible_enterprises(rent)
    assert eligible.count() == 7
    assert eligible.filter(application_id__isnull=True).count() == 5


def test_loading_twice_changes_nothing(loaded):
    before = {
        m.__name__: (m.objects.count(), m.history.count())
        for m in (Policy, Application, Disbursement, FinancingCase)
    }
    again = demo.load()
    after = {
        m.__name__: (m.objects.count(), m.history.count())
        for m in (Policy, Application, Disbursement, FinancingCase)
    }
    assert before == after
    assert again == loaded


def test_invented_records_are_marked_as_samples(loaded):
    for model in (Policy, Application, Disbursement, FinancingCase):
        assert not model.objects.filter(is_sample=False).exists()
    for policy in Policy.objects.all():
        assert "示例" in policy.conditions or "示例" in policy.title


def test_the_summary_page_and_api_show_the_seeds_figures(loaded):
    from django.test import Client
    from rest_framework.test import APIClient

    zone = Zone.objects.get(name="晋城经济技术开发区")
    client = Client()
    client.force_login(User.objects.get(username="jincheng"))
    response = client.get(f"/incentives/summary/?zone={zone.pk}")
    body = response.content.decode()
    assert 'data-testid="total-enterprises">51<' in body
    assert 'data-testid="total-disbursed">12.00<' in body
    assert 'data-testid="total-financed">33.51<' in body
    api = APIClient()
    api.force_authenticate(User.objects.get(username="jincheng"))
    data = api.get(f"/api/v1/incentives/summary/?zone={zone.pk}").json()
    assert data["total"]["enterprises"] == 51
    assert data["total"]["disbursed"] == "1200000000.00"
    assert data["total"]["financed"] == "3351000000.00"
