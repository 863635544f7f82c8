"""The projects' counts on the home page: late and at-risk tasks and problems
past their deadline in the member's zones, each linking to the list of them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from devzone.projects.models import Problem, Project, ScheduleTask

pytestmark = pytest.mark.django_db


def todos(client) -> dict[str, int]:
    """The counts by the list they link to (labels are translated)."""
    return {t.url: t.count for t in client.get("/").context["todos"]}


def test_late_tasks_at_risk_and_overdue_problems(world):
    today = timezone.localdate()
    project = Project.objects.create(
        zone=world.zone_a, name="甲项目", planned_investment=Decimal(1)
    )
    other = Project.objects.create(zone=world.zone_b, name="乙项目", planned_investment=Decimal(1))
    for p, name, status in (
        (project, "主体施工", ScheduleTask.Status.LATE),
        (project, "设备安装", ScheduleTask.Status.AT_RISK),
        (project, "调试", ScheduleTask.Status.ON_TRACK),
        (other, "乙任务", ScheduleTask.Status.LATE),
    ):
        task = ScheduleTask.objects.create(project=p, name=name, duration=10)
        ScheduleTask.objects.filter(pk=task.pk).update(status=status)
    Problem.objects.create(project=project, title="用地指标待落实", deadline=today - timedelta(1))
    Problem.objects.create(project=project, title="尚未到期", deadline=today + timedelta(5))
    Problem.objects.create(
        project=project,
        title="已解决",
        deadline=today - timedelta(9),
        status=Problem.Status.CLOSED,
        closed_on=today,
    )
    counts = todos(world.client("zone_staff"))
    assert counts == {
        "/projects/tasks/?status=late": 1,
        "/projects/tasks/?status=at_risk": 1,
        "/projects/problems/?overdue=true": 1,
    }
    listed = world.client("zone_staff").get("/projects/problems/?overdue=true").content.decode()
    assert "用地指标待落实" in listed and "尚未到期" not in listed and "已解决" not in listed
    # Zone B's staff: only zone B's late task.
    assert todos(world.client("outsider")) == {"/projects/tasks/?status=late": 1}


def test_junk_in_the_overdue_filter_is_no_filter(world):
    Problem.objects.create(
        project=Project.objects.create(zone=world.zone_a, name="丙项目", planned_investment=1),
        title="尚无时限",
    )
    for value in ("maybe", "", "unknown"):
        response = world.client("zone_staff").get(f"/projects/problems/?overdue={value}")
        assert response.status_code == 200 and "尚无时限" in response.content.decode()


def test_notice_board_feedback_not_yet_handled_is_counted_and_listed(world):
    from devzone.projects.models import NoticeFeedback

    project = Project.objects.create(zone=world.zone_a, name="甲项目", planned_investment=1)
    other = Project.objects.create(zone=world.zone_b, name="乙项目", planned_investment=1)
    NoticeFeedback.objects.create(project=project, message="夜间施工噪音")
    NoticeFeedback.objects.create(project=project, message="已答复", handled=True)
    NoticeFeedback.objects.create(project=other, message="别区留言")
    counts = todos(world.client("zone_staff"))
    assert counts["/projects/feedback/?handled=false"] == 1
    listed = world.client("zone_staff").get("/projects/feedback/?handled=false").content.decode()
    assert "夜间施工噪音" in listed and "已答复" not in listed and "别区留言" not in listed
