"""Exact statuses per role of the API's 免申即享 offer (``policy-offer``): the
zone's staff and the platform admin create the application; who sees the
policy but does not work for its zone is refused; who does not see it finds
nothing; a refusal creates nothing."""

import pytest
from rest_framework.test import APIClient

from devzone.incentives.models import Application, Policy
from devzone.testing import ROLES

pytestmark = pytest.mark.django_db

OFFER = {
    "anonymous": 401,
    "platform_admin": 201,
    "province_viewer": 403,
    "city_b_viewer": 404,
    "zone_admin": 201,
    "zone_staff": 201,
    "enterprise": 403,  # an enterprise user does not see other enterprises
    "outsider": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_api_offer(iw, role):
    # 丙企业 (300 employees, no application yet) fits the policy.
    Policy.objects.filter(pk=iw.policy_a.pk).update(req_chain=None, req_min_employees=200)
    Application.objects.filter(enterprise=iw.ent_c).delete()
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(iw.users[role])
    response = client.post(
        f"/api/v1/incentives/policies/{iw.policy_a.pk}/offer/",
        {"enterprise": iw.ent_c.pk},
        format="json",
    )
    assert response.status_code == OFFER[role], response.content
    created = Application.objects.filter(enterprise=iw.ent_c, policy=iw.policy_a)
    assert created.exists() == (OFFER[role] == 201)
    if OFFER[role] == 201:
        assert created.get().origin == Application.Origin.PROACTIVE
