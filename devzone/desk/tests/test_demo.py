"""The demo: 晋城's hotline with sample departments and requests, loaded
twice without change."""

import pytest

from devzone.core.models import User, Zone
from devzone.core.scoping import Role
from devzone.desk import demo
from devzone.desk.models import Department, FollowUp, ServiceRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def jincheng(world):
    zone = world.zone_b
    assert zone.name == demo.ZONE
    for username, role in (
        ("jincheng", Role.ZONE_ADMIN),
        ("jc_leader", Role.ZONE_ADMIN),
        ("jc_agent", Role.ZONE_STAFF),
    ):
        User.objects.create_user(username=username, role=role).zones.set([zone])
    return zone


def _snapshot():
    return [m.objects.count() for m in (ServiceRequest, FollowUp, Department)] + [
        m.history.count() for m in (ServiceRequest, FollowUp, Department)
    ]


def test_demo_loads_samples_once(jincheng):
    counts = demo.load()
    assert counts == {"categories": 8, "departments": 3, "requests": 8, "rated": 5}
    before = _snapshot()
    assert demo.load() == counts
    assert _snapshot() == before
    requests = ServiceRequest.objects.filter(zone=jincheng)
    assert all(r.is_sample and "示例" in r.title for r in requests)
    complaint = requests.get(category__code="complaint_bribery")
    assert complaint.assignee.username == "jincheng"  # a zone admin handles it
    assert complaint.status == "closed" and complaint.rating == 5
    heads = set(Department.objects.filter(zone=jincheng).values_list("head__username", flat=True))
    assert heads == {"jincheng", "jc_leader", "jc_agent"}
    # Received on the National Day holiday: counted from 8 October; resolved late.
    power = requests.get(external_ref="JC-示例-003")
    assert str(power.accept_due) == "2024-10-08" and power.resolved_in_time is False
    assert requests.filter(is_open=True).count() == 2


def test_demo_without_the_zone_loads_only_the_catalogue(world):
    Zone.objects.filter(pk=world.zone_b.pk).update(name="别的开发区")
    assert demo.load() == {"categories": 8}
    assert not ServiceRequest.objects.exists()
