"""The reporting pages' reads on a replica (core/replica.py), tested with a
second database alias that points at the test database."""

import pytest
from django.db import connections
from django.urls import reverse

from devzone.core.replica import REPLICA, ReplicaRouter, replica_reads

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:Overriding setting DATABASES"),
]


@pytest.fixture
def replica(settings):
    """A "replica" alias on the test database itself, with a count of its queries."""
    settings.DATABASES = {**settings.DATABASES, REPLICA: dict(connections["default"].settings_dict)}
    connections.settings[REPLICA] = settings.DATABASES[REPLICA]
    # Connected here: the test case allows only the aliases it knew at its start.
    connections[REPLICA].connect()
    queries = []
    wrapper = connections[REPLICA].execute_wrapper(
        lambda execute, sql, params, many, context: (
            queries.append(sql) or execute(sql, params, many, context)
        )
    )
    wrapper.__enter__()
    yield queries
    wrapper.__exit__(None, None, None)
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


def test_region_viewers_reporting_pages_read_the_replica(world, replica):
    client = world.client("province_viewer")
    response = client.get(reverse("stats:ranking"))
    assert response.status_code == 200
    assert replica, "the ranking read nothing from the replica"
    replica.clear()
    assert client.get(reverse("stats:dashboard_index")).status_code == 200
    assert replica


def test_other_pages_and_roles_read_the_primary(world, replica):
    assert world.client("province_viewer").get(reverse("core:enterprise_list")).status_code == 200
    assert world.client("zone_admin").get(reverse("stats:ranking")).status_code == 200
    assert replica == []


def test_after_a_write_its_author_reads_the_primary(world, replica):
    client = world.client("province_viewer")
    client.post(reverse("core:notifications_read"))
    assert client.cookies["devzone_primary"].value == "1"
    assert client.get(reverse("stats:ranking")).status_code == 200
    assert replica == []


def test_router_writes_and_migrates_on_the_primary_only(replica):
    router = ReplicaRouter()
    assert router.db_for_read(None) is None
    with replica_reads():
        assert router.db_for_read(None) == REPLICA
        assert router.db_for_write(None) == "default"
    assert router.allow_migrate(REPLICA, "core") is False
    assert router.allow_migrate("default", "core") is True


def test_without_a_replica_everything_reads_the_primary(world):
    with replica_reads():
        assert ReplicaRouter().db_for_read(None) is None
