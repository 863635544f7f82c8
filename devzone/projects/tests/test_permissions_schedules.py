"""The permission matrix of schedules, notice boards, feedback and leads: pages
and API by role; the public notice board open to anyone and nothing else of
the project."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.core.models import Notification
from devzone.projects import services
from devzone.projects.models import (
    Lead,
    LeadFollowUp,
    NoticeFeedback,
    Problem,
    Project,
    ScheduleTask,
    TaskDependency,
)
from devzone.projects.tests.test_projects import api, expect
from devzone.testing import ROLES, if_match, world_fixtures

pytestmark = pytest.mark.django_db


def _build_pw(world):
    """Zone A: a key project of 甲企业 with two tasks, a dependency, feedback, a
    problem, and a signed lead with a follow-up; zone B: a project with a task."""
    project = Project.objects.create(
        zone=world.zone_a,
        name="甲项目",
        planned_investment=Decimal("987654321"),
        key_level=Project.KeyLevel.CITY,
        expected_start=date(2030, 3, 1),
        expected_operation=date(2030, 12, 31),
        leader=world.users["zone_admin"],
        agent=world.users["zone_staff"],
        description="内部说明：不公开",
    )
    project.enterprises.add(world.ent_a)
    first = ScheduleTask.objects.create(project=project, name="主体施工", duration=100)
    second = ScheduleTask.objects.create(project=project, name="设备安装", duration=30)
    world.dependency = TaskDependency.objects.create(before=first, after=second)
    services.compute_schedule(project)
    world.project, world.task = project, first
    world.problem = Problem.objects.create(project=project, title="用地指标待落实")
    world.feedback = NoticeFeedback.objects.create(project=project, message="夜间施工噪音")
    world.lead = Lead.objects.create(
        zone=world.zone_a,
        investor="长三角某企业",
        project_name="新签项目",
        source_region=Lead.SourceRegion.YANGTZE_DELTA,
        stage=Lead.Stage.SIGNED,
        signed_on=date(2024, 6, 1),
        first_contact_on=date(2024, 3, 1),
        planned_investment=Decimal("50000000"),
    )
    world.follow_up = LeadFollowUp.objects.create(lead=world.lead, note="考察")
    other = Project.objects.create(zone=world.zone_b, name="乙项目", planned_investment=1)
    world.task_b = ScheduleTask.objects.create(project=other, name="乙任务", duration=5)
    world.project_b = other
    return world


pw_once, pw = world_fixtures(_build_pw, name="pw")


ZONE_STAFF_ONLY = expect(404, platform_admin=200, zone_admin=200, zone_staff=200, outsider=404)
# Tasks follow their project: region viewers of zone A read them, and so does
# the enterprise of the project; only zone staff change them.
TASK_READ = expect(200, city_b_viewer=404, outsider=404)
TASK_EDIT = expect(
    403, platform_admin=200, zone_admin=200, zone_staff=200, city_b_viewer=404, outsider=404
)
STAFF_LIST = expect(200)
# The committee's own tools and lists an enterprise user has nothing in: refused (403)
# and not in its menu (core.access).
COMMITTEE_LIST = expect(200, enterprise=403)
# Leads and feedback: zone A's own staff; region viewers read leads of their region.
LEAD_READ = expect(200, city_b_viewer=404, outsider=404, enterprise=404)
LEAD_EDIT = expect(
    403,
    platform_admin=200,
    zone_admin=200,
    zone_staff=200,
    city_b_viewer=404,
    outsider=404,
    enterprise=404,
)
FEEDBACK_READ = LEAD_READ
CREATE = expect(403, platform_admin=200, zone_admin=200, zone_staff=200, outsider=200)

PAGES = {
    "task_list": (lambda w: reverse("projects:task_list"), STAFF_LIST),
    "task_detail": (lambda w: reverse("projects:task_detail", args=[w.task.pk]), TASK_READ),
    "task_edit": (lambda w: reverse("projects:task_edit", args=[w.task.pk]), TASK_EDIT),
    "task_delete": (lambda w: reverse("projects:task_delete", args=[w.task.pk]), TASK_EDIT),
    "task_history": (lambda w: reverse("projects:task_history", args=[w.task.pk]), TASK_READ),
    "task_add": (lambda w: reverse("projects:task_add"), CREATE),
    "task_import": (lambda w: reverse("projects:task_import"), CREATE),
    "task_export": (lambda w: reverse("projects:task_export") + "?format=csv", STAFF_LIST),
    "dependency_detail": (
        lambda w: reverse("projects:dependency_detail", args=[w.dependency.pk]),
        TASK_READ,
    ),
    "dependency_edit": (
        lambda w: reverse("projects:dependency_edit", args=[w.dependency.pk]),
        TASK_EDIT,
    ),
    "feedback_list": (lambda w: reverse("projects:feedback_list"), COMMITTEE_LIST),
    "feedback_detail": (
        lambda w: reverse("projects:feedback_detail", args=[w.feedback.pk]),
        FEEDBACK_READ,
    ),
    "feedback_edit": (
        lambda w: reverse("projects:feedback_edit", args=[w.feedback.pk]),
        expect(
            403,
            platform_admin=200,
            zone_admin=200,
            zone_staff=200,
            city_b_viewer=404,
            outsider=404,
            enterprise=404,
        ),
    ),
    # Nobody writes feedback through the staff pages: the public does, on the board.
    "feedback_add": (lambda w: reverse("projects:feedback_add"), expect(403)),
    "lead_list": (lambda w: reverse("projects:lead_list"), COMMITTEE_LIST),
    "lead_detail": (lambda w: reverse("projects:lead_detail", args=[w.lead.pk]), LEAD_READ),
    "lead_edit": (lambda w: reverse("projects:lead_edit", args=[w.lead.pk]), LEAD_EDIT),
    "lead_add": (lambda w: reverse("projects:lead_add"), CREATE),
    "leadfollowup_detail": (
        lambda w: reverse("projects:leadfollowup_detail", args=[w.follow_up.pk]),
        LEAD_READ,
    ),
    "wall_chart": (
        lambda w: reverse("projects:wall_chart") + f"?zone={w.zone_a.pk}",
        COMMITTEE_LIST,
    ),
    "lead_funnel": (lambda w: reverse("projects:lead_funnel"), COMMITTEE_LIST),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_matrix(pw, role, page):
    url_of, expected = PAGES[page]
    response = pw.client(role).get(url_of(pw))
    assert response.status_code == expected[role], f"{role} {page}"


def test_lists_show_only_what_the_role_may_see(pw):
    for role, sees, hidden in (
        ("zone_staff", ["主体施工"], ["乙任务"]),
        ("enterprise", ["主体施工"], ["乙任务"]),
        ("outsider", ["乙任务"], ["主体施工"]),
    ):
        body = pw.client(role).get(reverse("projects:task_list")).content.decode()
        assert all(s in body for s in sees) and not any(h in body for h in hidden), role
    for role in ("enterprise", "outsider", "city_b_viewer"):
        body = pw.client(role).get(reverse("projects:lead_list")).content.decode()
        assert "长三角某企业" not in body, role
        body = pw.client(role).get(reverse("projects:feedback_list")).content.decode()
        assert "夜间施工噪音" not in body, role
    # The wall chart of zone A, asked for by the outsider, shows none of zone A's projects.
    url = reverse("projects:wall_chart") + f"?zone={pw.zone_a.pk}"
    assert "甲项目" not in pw.client("outsider").get(url).content.decode()


# --- The public notice board ---------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["notice:board", "notice:sign", "notice:qr"])
def test_notice_board_is_open_to_anyone(pw, role, name):
    response = pw.client(role).get(reverse(name, args=[pw.project.notice_code]))
    assert response.status_code == 200


def test_notice_board_shows_the_board_and_nothing_else(pw):
    pw.users["zone_admin"].phone = "0352-1234567"
    pw.users["zone_admin"].save()
    pw.zone_a.hotline = "12345"
    pw.zone_a.save()
    html = pw.client("anonymous").get(reverse("notice:board", args=[pw.project.notice_code]))
    body = html.content.decode()
    assert "甲项目" in body and "0352-1234567" in body and "12345" in body
    assert "主体施工" in body  # the schedule
    for private in (
        "987654321",
        "987,654,321",
        "9.88",
        "内部说明",
        "用地指标待落实",
        "夜间施工噪音",
        "甲企业",
    ):
        assert private not in body, private
    data = api(pw, "anonymous").get(f"/api/v1/projects/notice/{pw.project.notice_code}/").json()
    assert data["project"] == "甲项目" and data["hotline"] == "12345"
    assert "planned_investment" not in data and "description" not in data


def test_a_board_marks_the_tasks_invented_for_the_demo(pw):
    """The seed states no schedule: a sample task says so on the public board."""
    pw.project.tasks.update(is_sample=True)
    body = pw.client("anonymous").get(reverse("notice:board", args=[pw.project.notice_code]))
    schedule = body.content.decode().split('data-testid="notice-schedule"')[1]
    assert 'data-testid="sample-mark"' in schedule.split("</table>")[0]
    pw.project.tasks.update(is_sample=False)
    body = pw.client("anonymous").get(reverse("notice:board", args=[pw.project.notice_code]))
    assert 'data-testid="sample-mark"' not in body.content.decode()


def test_a_board_of_a_zone_without_a_hotline_says_so_and_gives_the_national_line(pw):
    """The seed names no hotline number: a zone that entered none shows none of
    ours, and points to 12345 as what it is, the national service line."""
    pw.zone_a.hotline = ""
    pw.zone_a.save()
    html = pw.client("anonymous").get(reverse("notice:board", args=[pw.project.notice_code]))
    body = html.content.decode()
    assert "本开发区尚未公布自己的服务热线" in body
    assert "全国政务服务便民热线" in body and 'href="tel:12345"' in body
    data = api(pw, "anonymous").get(f"/api/v1/projects/notice/{pw.project.notice_code}/").json()
    assert data["hotline"] == ""


def test_a_project_board_lists_its_public_phases_and_a_phase_board_names_its_project(pw):
    first = Project.objects.create(
        zone=pw.zone_a,
        parent=pw.project,
        name="甲项目（一期）",
        planned_investment=Decimal("111111111"),
        stage=Project.Stage.OPERATING,
        expected_operation=date(2030, 6, 30),
    )
    Project.objects.create(
        zone=pw.zone_a,
        parent=pw.project,
        name="甲项目（二期）",
        planned_investment=Decimal("222222222"),
        notice_board=False,
    )
    client = pw.client("anonymous")
    body = client.get(reverse("notice:board", args=[pw.project.notice_code])).content.decode()
    assert "甲项目（一期）" in body and "甲项目（二期）" not in body
    assert reverse("notice:board", args=[first.notice_code]) in body
    assert not any(amount in body for amount in ("111111111", "111,111,111", "1.11"))
    sign = client.get(reverse("notice:sign", args=[pw.project.notice_code])).content.decode()
    assert "甲项目（一期）" in sign and "甲项目（二期）" not in sign
    phase = client.get(reverse("notice:board", args=[first.notice_code])).content.decode()
    assert reverse("notice:board", args=[pw.project.notice_code]) in phase

    data = api(pw, "anonymous").get(f"/api/v1/projects/notice/{pw.project.notice_code}/").json()
    assert data["expected_start"] == "2030-03-01"  # its own
    assert [p["project"] for p in data["phases"]] == ["甲项目（一期）"]
    assert data["phases"][0]["notice_code"] == first.notice_code
    assert data["phases"][0]["expected_operation"] == "2030-06-30"
    assert "planned_investment" not in data["phases"][0] and data["phase_of"] is None
    data = api(pw, "anonymous").get(f"/api/v1/projects/notice/{first.notice_code}/").json()
    assert data["phase_of"] == {"project": "甲项目", "notice_code": pw.project.notice_code}
    # Without a start of its own, a project starts with its first phase.
    first.expected_start = date(2029, 9, 1)
    first.save()
    Project.objects.filter(pk=pw.project.pk).update(expected_start=None)
    data = api(pw, "anonymous").get(f"/api/v1/projects/notice/{pw.project.notice_code}/").json()
    assert data["expected_start"] == "2029-09-01"
    # A project whose own board is withdrawn is not named on its phases' boards.
    pw.project.notice_board = False
    pw.project.save()
    phase = client.get(reverse("notice:board", args=[first.notice_code])).content.decode()
    assert "甲项目（一期）" in phase and pw.project.notice_code not in phase


def test_notice_board_unpublished_or_unknown_is_404(pw):
    pw.project.notice_board = False
    pw.project.save()
    client = pw.client("anonymous")
    assert client.get(reverse("notice:board", args=[pw.project.notice_code])).status_code == 404
    assert client.get(reverse("notice:board", args=["nosuchcode"])).status_code == 404
    assert (
        api(pw, "anonymous").get(f"/api/v1/projects/notice/{pw.project.notice_code}/").status_code
        == 404
    )


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_the_rest_of_the_project_stays_closed(pw, role):
    client = pw.client(role)
    # The public is asked to sign in; another zone's admin finds nothing there.
    page, endpoint = {"anonymous": (302, 401), "outsider": (404, 404)}[role]
    assert client.get(reverse("projects:project_detail", args=[pw.project.pk])).status_code == page
    for url in (
        f"/api/v1/projects/projects/{pw.project.pk}/",
        f"/api/v1/projects/tasks/{pw.task.pk}/",
        f"/api/v1/projects/feedback/{pw.feedback.pk}/",
        f"/api/v1/projects/leads/{pw.lead.pk}/",
    ):
        assert api(pw, role).get(url).status_code == endpoint, url


def test_public_feedback_is_saved_and_told_then_throttled(pw):
    url = reverse("notice:board", args=[pw.project.notice_code])
    client = pw.client("anonymous")
    before = NoticeFeedback.objects.count()
    response = client.post(url, {"message": ""})
    assert response.status_code == 200 and NoticeFeedback.objects.count() == before
    for i in range(services.FEEDBACK_PER_ADDRESS):
        assert client.post(url, {"message": f"留言{i}"}).status_code == 302
    assert NoticeFeedback.objects.count() == before + services.FEEDBACK_PER_ADDRESS
    told = Notification.objects.filter(
        user__in=[pw.users["zone_admin"], pw.users["zone_staff"]], title__contains="甲项目"
    )
    assert told.count() == 2 * services.FEEDBACK_PER_ADDRESS
    response = client.post(url, {"message": "又一条"})
    assert response.status_code == 200
    assert NoticeFeedback.objects.count() == before + services.FEEDBACK_PER_ADDRESS
    # The public API obeys the same limit from the same address.
    refused = api(pw, "anonymous").post(
        f"/api/v1/projects/notice/{pw.project.notice_code}/", {"message": "API"}, format="json"
    )
    assert refused.status_code == 400


def test_public_feedback_over_the_api(pw):
    response = api(pw, "anonymous").post(
        f"/api/v1/projects/notice/{pw.project.notice_code}/",
        {"message": "道路扬尘", "contact_phone": "13800000000"},
        format="json",
    )
    assert response.status_code == 201
    feedback = NoticeFeedback.objects.get(message="道路扬尘")
    # It is also a service-desk request of the zone, assigned to the project's agent.
    from devzone.desk.models import ServiceRequest

    request = ServiceRequest.objects.get(notice_feedback=feedback)
    assert request.zone_id == pw.zone_a.pk and request.channel == "notice_board"
    assert request.assignee == pw.users["zone_staff"]
    bad = api(pw, "anonymous").post(
        f"/api/v1/projects/notice/{pw.project.notice_code}/", {"message": ""}, format="json"
    )
    assert bad.status_code == 400


# --- API writes ---------------------------------------------------------------------------

WRITERS = {"platform_admin", "zone_admin", "zone_staff"}


@pytest.mark.parametrize("role", ROLES)
def test_api_task_create_and_progress(pw, role):
    client = api(pw, role)
    response = client.post(
        "/api/v1/projects/tasks/",
        {"project": pw.project.pk, "name": "调试", "duration": 10},
        format="json",
    )
    created = response.status_code == 201
    assert created == (role in WRITERS), (role, response.status_code)
    assert ScheduleTask.objects.filter(name="调试").exists() == created
    if created:
        assert response.json()["earliest_start"] == "2030-03-01"
    patch = client.patch(
        f"/api/v1/projects/tasks/{pw.task.pk}/",
        {"actual_start": "2030-03-02", "percent_complete": 20},
        format="json",
        **if_match(pw.task),
    )
    assert (patch.status_code == 200) == (role in WRITERS), (role, patch.status_code)


def test_api_refuses_a_cycle_and_changes_nothing(pw):
    second = ScheduleTask.objects.get(name="设备安装")
    response = api(pw, "zone_staff").post(
        "/api/v1/projects/dependencies/",
        {"before": second.pk, "after": pw.task.pk},
        format="json",
    )
    assert response.status_code == 400 and "主体施工" in response.content.decode()
    assert TaskDependency.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_api_lead_convert_and_baseline(pw, role):
    client = api(pw, role)
    response = client.post(f"/api/v1/projects/leads/{pw.lead.pk}/convert/")
    converted = response.status_code == 201
    assert converted == (role in WRITERS), (role, response.status_code)
    assert Project.objects.filter(name="新签项目").exists() == converted
    if converted:
        assert client.post(f"/api/v1/projects/leads/{pw.lead.pk}/convert/").status_code == 400
    response = client.post(f"/api/v1/projects/projects/{pw.project.pk}/baseline/")
    assert (response.status_code == 200) == (role in WRITERS), (role, response.status_code)
    pw.task.refresh_from_db()
    assert (pw.task.baseline_start is not None) == (role in WRITERS)


@pytest.mark.parametrize("role", ROLES)
def test_pages_baseline_and_convert(pw, role):
    client = pw.client(role)
    client.post(reverse("projects:save_baseline", args=[pw.project.pk]))
    client.post(reverse("projects:convert_lead", args=[pw.lead.pk]))
    pw.task.refresh_from_db()
    assert (pw.task.baseline_start is not None) == (role in WRITERS), role
    assert Project.objects.filter(name="新签项目").exists() == (role in WRITERS), role


@pytest.mark.parametrize("role", ROLES)
def test_api_feedback_handled_by_zone_staff_only(pw, role):
    response = api(pw, role).patch(
        f"/api/v1/projects/feedback/{pw.feedback.pk}/",
        {"handled": True, "response": "已协调施工时间"},
        format="json",
        **if_match(pw.feedback),
    )
    pw.feedback.refresh_from_db()
    assert pw.feedback.handled == (role in WRITERS), (role, response.status_code)
    # The public writes feedback on the notice board: POST here is no one's (405),
    # and the public is asked to authenticate first.
    assert api(pw, role).post(
        "/api/v1/projects/feedback/", {"project": pw.project.pk, "message": "x"}, format="json"
    ).status_code == (401 if role == "anonymous" else 405)


def test_api_wall_chart_and_funnel(pw):
    data = (
        api(pw, "zone_admin")
        .get(f"/api/v1/projects/projects/wall-chart/?zone={pw.zone_a.pk}")
        .json()
    )
    assert [p["name"] for p in data["projects"]] == ["甲项目"]
    assert [t["name"] for t in data["projects"][0]["tasks"]] == ["主体施工", "设备安装"]
    empty = (
        api(pw, "outsider").get(f"/api/v1/projects/projects/wall-chart/?zone={pw.zone_a.pk}").json()
    )
    assert empty["projects"] == []
    assert api(pw, "zone_admin").get("/api/v1/projects/projects/wall-chart/").status_code == 400
    funnel = api(pw, "zone_admin").get("/api/v1/projects/leads/funnel/").json()
    assert [s["reached"] for s in funnel["steps"]] == [1, 1, 1, 0]
    assert (
        api(pw, "outsider").get("/api/v1/projects/leads/funnel/").json()["steps"][0]["reached"] == 0
    )
