"""One money rule (issue 10): 元 shown in 万元 / 亿元, two decimals, half up,
the same on the approvals and the incentives pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.core.money import round_money, to_wan, to_yi


def test_wan_and_yi_round_half_up():
    assert to_wan(Decimal("1234450")) == Decimal("123.45")  # half to even gives 123.44
    assert to_wan(1234449) == Decimal("123.44")
    assert to_yi(Decimal("1234500000")) == Decimal("12.35")  # not 12.34
    assert to_wan(None) is None and to_yi(None) is None
    assert round_money(Decimal("0.125")) == Decimal("0.13")


@pytest.mark.django_db
def test_the_approvals_and_incentives_pages_show_the_same_amount_alike(world):
    from devzone.approvals.catalogue import catalogue_load
    from devzone.approvals.models import ApprovalItem
    from devzone.incentives.tests.conftest import make_application, make_policy

    catalogue_load()
    item = ApprovalItem.objects.order_by("pk").first()
    item.usual_fee = Decimal("1234450")
    item.save()
    policy = make_policy(world.zone_a, "稳岗奖励")
    make_application(policy, world.ent_a, requested_amount=Decimal("1234450"))
    client = world.client("zone_admin")
    approvals = client.get(reverse("approvals:item_list")).content.decode()
    incentives = client.get(reverse("incentives:application_list")).content.decode()
    assert "123.45" in approvals and "123.45" in incentives
    assert "123.44" not in approvals and "123.44" not in incentives
