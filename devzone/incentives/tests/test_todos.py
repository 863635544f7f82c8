"""The incentives' counts on the home page: applications waiting for the zone."""

import pytest

from devzone.incentives.models import Application

pytestmark = pytest.mark.django_db


def todos(client) -> dict[str, int]:
    return {t.url: t.count for t in client.get("/").context["todos"]}


def test_applications_waiting_in_the_members_zones(iw):
    submitted = Application.objects.filter(
        policy__zone=iw.zone_a, status=Application.Status.SUBMITTED
    ).count()
    assert submitted >= 1
    url = "/incentives/applications/?status=submitted"
    assert todos(iw.client("zone_staff"))[url] == submitted
    assert "丙企业" in iw.client("zone_staff").get(url).content.decode()
    zone_b = Application.objects.filter(policy__zone=iw.zone_b, status="submitted").count()
    assert todos(iw.client("outsider")).get(url, 0) == zone_b
    assert todos(iw.client("enterprise")) == {}
