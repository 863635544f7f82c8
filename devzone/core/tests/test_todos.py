"""The home page's to-do counts: each app registers a source; zone members see
the counts above zero, linking to the list of those rows; viewers, the platform
admin and enterprise users get none; the number of queries is fixed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devzone.core import navigation
from devzone.core.navigation import Todo
from devzone.core.scoping import scope_of
from devzone.testing import ROLES

pytestmark = pytest.mark.django_db


def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response


@pytest.fixture
def fake_sources(monkeypatch):
    """Two sources in place of the apps': one with a zero, one that records its calls."""
    calls = []

    def first(request):
        calls.append(request.user.username)
        return [Todo("甲事项", 2, "/a/", urgent=True), Todo("乙事项", 0, "/b/")]

    def second(request):
        return [Todo("丙事项", 1, "/c/")]

    monkeypatch.setattr(navigation, "_todo_sources", {"second": (20, second), "first": (10, first)})
    return calls


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_only_zone_members_see_counts_and_only_above_zero(world, fake_sources, role):
    response = home(world.client(role))
    todos = response.context["todos"]
    if scope_of(world.users[role]).is_zone_member:  # zone A's, and the outsider (zone B)
        assert [(t.label, t.count, t.url) for t in todos] == [
            ("甲事项", 2, "/a/"),
            ("丙事项", 1, "/c/"),
        ]
        body = response.content.decode()
        assert 'data-testid="todos"' in body and 'href="/a/"' in body and "乙事项" not in body
    else:
        assert todos == [] and 'data-testid="todos"' not in response.content.decode()
        assert fake_sources == []  # nothing computed for them


def test_an_empty_list_says_so(world, monkeypatch):
    monkeypatch.setattr(navigation, "_todo_sources", {})
    body = home(world.client("zone_staff")).content.decode()
    assert 'data-testid="todos-empty"' in body


def test_every_app_registers_a_source():
    assert {"desk", "projects", "approvals", "incentives"} <= set(navigation._todo_sources)


def test_the_home_page_reads_a_fixed_number_of_queries(world):
    """Every app's source, on an empty world and on one with rows: the same count."""
    from devzone.desk.catalogue import load_catalogue
    from devzone.desk.models import Category, ServiceRequest

    client = world.client("zone_admin")
    home(client)
    with CaptureQueriesContext(connection) as empty:
        home(client)
    load_catalogue()
    category = Category.objects.get(zone=None, code="other")
    for i in range(5):
        ServiceRequest(
            zone=world.zone_a, category=category, title=f"诉求{i}", description="内容"
        ).save()
    with CaptureQueriesContext(connection) as full:
        home(client)
    assert len(full) == len(empty)
