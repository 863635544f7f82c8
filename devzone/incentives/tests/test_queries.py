"""The lists, the eligible enterprises and the summary make as many queries
with many rows as with few."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from devzone.core.demo import sample_credit_code
from devzone.core.models import Enterprise
from devzone.incentives.models import Application, Disbursement, FinancingCase

from .conftest import make_application, make_policy

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def grow(world, n=12):
    """More of everything, in both zones and several years."""
    for i in range(n):
        zone = world.zone_a if i % 2 else world.zone_b
        enterprise = Enterprise.objects.create(
            zone=zone,
            credit_code=sample_credit_code("140300", 900 + i),
            name=f"新企业{i}",
            industry_code="C18",
            scale=Enterprise.Scale.BELOW,
        )
        policy = make_policy(zone, f"新政策{i}", req_scale=Enterprise.Scale.BELOW)
        app = make_application(
            policy,
            enterprise,
            submitted_on=date(2020 + i % 4, 2, 1),
            status=Application.Status.APPROVED,
            approved_amount=Decimal("200000"),
            decided_on=date(2020 + i % 4, 3, 1),
        )
        for month in (4, 5):
            Disbursement.objects.create(
                application=app, paid_on=date(2020 + i % 4, month, 1), amount=Decimal("50000")
            )
        FinancingCase.objects.create(
            enterprise=enterprise,
            lender=f"银行{i}",
            product="loan",
            amount_requested=Decimal("1000000"),
            amount_granted=Decimal("1000000"),
            status="granted",
            applied_on=date(2020 + i % 4, 1, 1),
            decided_on=date(2020 + i % 4, 2, 1),
        )


URLS = [
    lambda w: reverse("incentives:policy_list"),
    lambda w: reverse("incentives:application_list"),
    lambda w: reverse("incentives:disbursement_list"),
    lambda w: reverse("incentives:financing_list"),
    lambda w: reverse("incentives:summary"),
    lambda w: reverse("incentives:summary") + f"?zone={w.zone_a.pk}&year=2022",
    lambda w: reverse("incentives:policy_eligible", args=[w.policy_a.pk]) + "?show=all",
]


CASES = [
    (role, i)
    for role in ("platform_admin", "zone_staff", "enterprise")
    for i in range(len(URLS))
    # Enterprise users do not see the eligible list.
    if not (role == "enterprise" and i == len(URLS) - 1)
]


@pytest.mark.parametrize("role,url_index", CASES)
def test_query_count_does_not_grow_with_rows(iw, role, url_index):
    client = iw.client(role)
    url = URLS[url_index](iw)
    _queries(client, url)  # warm the session and caches
    before = _queries(client, url)
    grow(iw)
    for i in range(10):  # eligible enterprises for policy A (members of its chain)
        e = Enterprise.objects.create(
            zone=iw.zone_a,
            credit_code=sample_credit_code("140300", 950 + i),
            name=f"链上企业{i}",
            industry_code="C3216",
        )
        iw.chain_a.members.create(enterprise=e, role="core")
    assert _queries(client, url) == before


def test_summary_is_eleven_queries(iw, django_assert_num_queries):
    from devzone.incentives import selectors

    grow(iw, 4)
    user = iw.users["platform_admin"]
    selectors.summary(user)  # the user's scope is computed once per request
    # Two for the years, three groupings and a total for payments and for
    # financing, one for the zones' names.
    with django_assert_num_queries(11):
        data = selectors.summary(user)
    assert data.total.enterprises == 1 + 4
