"""The desk's counts on the home page: what each zone member handles, each
linking to the list that shows those requests."""

from datetime import datetime, time

import pytest
from django.utils import timezone

from devzone.desk import services

from .conftest import make_request

pytestmark = pytest.mark.django_db


def todos(client) -> dict[str, int]:
    """The counts by the query of the list they link to (labels are translated)."""
    return {t.url.split("?")[1]: t.count for t in client.get("/").context["todos"]}


def test_counts_follow_what_each_member_handles(dw):
    long_ago = datetime.combine(timezone.localdate().replace(day=1), time(9))
    late = make_request(
        dw.zone_a, dw.cat["policy"], "积压咨询", received_at=timezone.make_aware(long_ago)
    )
    late.accept_due = timezone.localdate().replace(day=1)  # surely past unless today is the 1st
    type(late).objects.filter(pk=late.pk).update(accept_due=late.accept_due)
    staff, admin = dw.users["zone_staff"], dw.users["zone_admin"]
    services.request_accept(request=dw.req_ent, user=staff)  # staff handles it from now on
    services.request_resolve(request=dw.req_ent, user=staff, text="已恢复")

    staff_todos = todos(dw.client("zone_staff"))
    admin_todos = todos(dw.client("zone_admin"))
    call_back = "status=resolved"
    assert staff_todos[call_back] == admin_todos[call_back] == 1
    # Open requests handled by the zone admin are its own; the complaint about an
    # official is counted for the zone admin only.
    mine = "mine=true&open=true"
    assert mine not in staff_todos
    services.request_accept(request=dw.complaint, user=admin)
    assert todos(dw.client("zone_admin"))[mine] == 1
    assert mine not in todos(dw.client("zone_staff"))
    if timezone.localdate().day != 1:
        assert todos(dw.client("zone_staff"))["overdue=true"] == 1
        listed = dw.client("zone_staff").get("/desk/requests/?overdue=true").content.decode()
        assert "积压咨询" in listed and "招工难" not in listed
    # Due today: counted, and the list it links to shows just those.
    type(late).objects.filter(pk=dw.req_public.pk).update(accept_due=timezone.localdate())
    assert todos(dw.client("zone_staff"))["due_today=true"] == 1
    listed = dw.client("zone_staff").get("/desk/requests/?due_today=true").content.decode()
    assert "招工难" in listed and "积压咨询" not in listed and "厂区停水" not in listed
    # Zone B's staff count nothing of zone A.
    assert call_back not in todos(dw.client("outsider"))


def test_junk_in_the_due_today_filter_is_no_filter(dw):
    for value in ("xyz", "", "unknown"):
        response = dw.client("zone_staff").get(f"/desk/requests/?due_today={value}")
        assert response.status_code == 200
        assert "招工难" in response.content.decode()
