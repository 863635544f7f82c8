"""The approvals' count on the home page: the open items the member handles as agent."""

import pytest

pytestmark = pytest.mark.django_db


def todos(client) -> dict[str, int]:
    return {t.url: t.count for t in client.get("/").context["todos"]}


def test_the_agents_open_items(aw):
    assert aw.open_a.agent == aw.users["zone_staff"]
    assert todos(aw.client("zone_staff")).get("/approvals/worklist/") == 1  # 施工许可
    assert "/approvals/worklist/" not in todos(aw.client("zone_admin"))  # not its items
