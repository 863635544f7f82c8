"""The role-by-role permission matrix of schedules (tasks, dependencies, the
baseline, the wall chart), notice-board feedback and investment-promotion
leads (follow-ups, conversion into a project, the funnel): pages and API for
every role; the public notice board, open to anyone, its feedback and its
throttle; and what anonymous visitors, outsiders and enterprise users do not
reach."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

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
from devzone.testing import ROLES, if_match, world_fixtures

pytestmark = pytest.mark.django_db

ANON, A, PV, CB, ZA, ZS, EN, OUT = (
    "anonymous",
    "platform_admin",
    "province_viewer",
    "city_b_viewer",
    "zone_admin",
    "zone_staff",
    "enterprise",
    "outsider",
)
WRITERS = frozenset({A, ZA, ZS})


def expect(default, **overrides):
    """Expected status per role: ``default`` for the signed-in roles unless overridden;
    anonymous users are sent to the login page (302) unless overridden."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = 302
    table.update(overrides)
    return table


def api(world, role):
    from rest_framework.test import APIClient

    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world.users[role])
    return client


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """The public endpoint's anonymous rate lives in the cache: start each test afresh."""
    cache.clear()
    yield
    cache.clear()


def _build_pw(world):
    """Zone A: a key project of 甲企业 with its leader (the zone admin) and agent
    (the zone staff), two tasks with a dependency and a computed schedule, a
    problem, feedback from the public, and a signed lead with a follow-up.
    Zone B: a project with a task and feedback, and a lead."""
    leader, agent = world.users[ZA], world.users[ZS]
    leader.phone, agent.phone = "0352-1234567", "0352-7654321"
    leader.save()
    agent.save()
    world.zone_a.hotline = "0352-12345"
    world.zone_a.save()
    project = Project.objects.create(
        zone=world.zone_a,
        name="甲项目",
        planned_investment=Decimal("987654321"),
        key_level=Project.KeyLevel.CITY,
        stage=Project.Stage.SIGNED,
        location="广灵县工业园",
        expected_start=date(2030, 3, 1),
        expected_operation=date(2030, 12, 31),
        leader=leader,
        agent=agent,
        description="内部说明：不公开",
    )
    project.enterprises.add(world.ent_a)
    first = ScheduleTask.objects.create(project=project, name="主体施工", duration=100)
    second = ScheduleTask.objects.create(project=project, name="设备安装", duration=30)
    world.dependency = TaskDependency.objects.create(before=first, after=second)
    services.compute_schedule(project)
    world.project, world.task, world.task2 = project, first, second
    world.problem = Problem.objects.create(project=project, title="用地指标待落实")
    world.feedback = NoticeFeedback.objects.create(
        project=project, message="夜间施工噪音", name="张先生", contact_phone="13800001111"
    )
    world.lead = Lead.objects.create(
        zone=world.zone_a,
        investor="长三角某企业",
        project_name="新签项目",
        source_region=Lead.SourceRegion.YANGTZE_DELTA,
        stage=Lead.Stage.SIGNED,
        first_contact_on=date(2024, 3, 1),
        signed_on=date(2024, 6, 1),
        planned_investment=Decimal("50000000"),
        contact_name="王经理",
        contact_phone="13700003333",
        owner=agent,
    )
    world.follow_up = LeadFollowUp.objects.create(lead=world.lead, note="第一次考察")

    world.project_b = Project.objects.create(
        zone=world.zone_b,
        name="乙项目",
        planned_investment=Decimal("1000"),
        key_level=Project.KeyLevel.CITY,
        expected_start=date(2030, 3, 1),
    )
    world.task_b = ScheduleTask.objects.create(project=world.project_b, name="乙任务", duration=5)
    services.compute_schedule(world.project_b)
    world.feedback_b = NoticeFeedback.objects.create(project=world.project_b, message="乙处扬尘")
    world.lead_b = Lead.objects.create(
        zone=world.zone_b,
        investor="珠三角某企业",
        project_name="乙意向项目",
        source_region=Lead.SourceRegion.GREATER_BAY,
        first_contact_on=date(2024, 4, 1),
    )
    return world


pw_once, pw = world_fixtures(_build_pw, name="pw")


# --- Expected answers ------------------------------------------------------------------------

# Tasks and dependencies follow their project: region viewers of zone A read
# them, and so does the project's enterprise; only zone A's staff change them.
READ = expect(200, city_b_viewer=404, outsider=404)
EDIT = expect(
    403, platform_admin=200, zone_admin=200, zone_staff=200, city_b_viewer=404, outsider=404
)
CREATE = expect(403, platform_admin=200, zone_admin=200, zone_staff=200, outsider=200)
LIST = expect(200)
# The committee's own tools and lists an enterprise user has nothing in: refused (403)
# and not in its menu (core.access).
COMMITTEE_LIST = expect(200, enterprise=403)
# Zone B's task: its own zone and the viewers above it.
READ_B = expect(404, platform_admin=200, province_viewer=200, city_b_viewer=200, outsider=200)
EDIT_B = expect(404, platform_admin=200, province_viewer=403, city_b_viewer=403, outsider=200)
# Leads and feedback have no enterprise path: enterprise users never read them.
STAFF_READ = expect(200, city_b_viewer=404, outsider=404, enterprise=404)
STAFF_EDIT = expect(
    403,
    platform_admin=200,
    zone_admin=200,
    zone_staff=200,
    city_b_viewer=404,
    outsider=404,
    enterprise=404,
)
# Feedback is written by the public only (create_roles is empty): only the
# platform admin, who may do everything, passes ``can_create``.
NOBODY_CREATES = expect(403)


def _csv(url):
    return url + "?format=csv"


PAGES = {
    # Schedule tasks
    "task_list": (lambda w: reverse("projects:task_list"), LIST),
    "task_detail": (lambda w: reverse("projects:task_detail", args=[w.task.pk]), READ),
    "task_detail_zone_b": (lambda w: reverse("projects:task_detail", args=[w.task_b.pk]), READ_B),
    "task_add": (lambda w: reverse("projects:task_add"), CREATE),
    "task_edit": (lambda w: reverse("projects:task_edit", args=[w.task.pk]), EDIT),
    "task_edit_zone_b": (lambda w: reverse("projects:task_edit", args=[w.task_b.pk]), EDIT_B),
    "task_delete": (lambda w: reverse("projects:task_delete", args=[w.task.pk]), EDIT),
    "task_history": (lambda w: reverse("projects:task_history", args=[w.task.pk]), READ),
    "task_export": (lambda w: _csv(reverse("projects:task_export")), LIST),
    "task_import": (lambda w: reverse("projects:task_import"), CREATE),
    # Dependencies
    "dependency_list": (lambda w: reverse("projects:dependency_list"), LIST),
    "dependency_detail": (
        lambda w: reverse("projects:dependency_detail", args=[w.dependency.pk]),
        READ,
    ),
    "dependency_add": (lambda w: reverse("projects:dependency_add"), CREATE),
    "dependency_edit": (
        lambda w: reverse("projects:dependency_edit", args=[w.dependency.pk]),
        EDIT,
    ),
    "dependency_delete": (
        lambda w: reverse("projects:dependency_delete", args=[w.dependency.pk]),
        EDIT,
    ),
    "dependency_history": (
        lambda w: reverse("projects:dependency_history", args=[w.dependency.pk]),
        READ,
    ),
    "dependency_export": (lambda w: _csv(reverse("projects:dependency_export")), LIST),
    "dependency_import": (lambda w: reverse("projects:dependency_import"), CREATE),
    # Notice-board feedback
    "feedback_list": (lambda w: reverse("projects:feedback_list"), COMMITTEE_LIST),
    "feedback_detail": (
        lambda w: reverse("projects:feedback_detail", args=[w.feedback.pk]),
        STAFF_READ,
    ),
    "feedback_add": (lambda w: reverse("projects:feedback_add"), NOBODY_CREATES),
    "feedback_edit": (
        lambda w: reverse("projects:feedback_edit", args=[w.feedback.pk]),
        STAFF_EDIT,
    ),
    # Never deleted (no delete page): voided with a reason.
    "feedback_void": (
        lambda w: reverse("projects:feedback_void", args=[w.feedback.pk]),
        STAFF_EDIT,
    ),
    "feedback_history": (
        lambda w: reverse("projects:feedback_history", args=[w.feedback.pk]),
        STAFF_READ,
    ),
    "feedback_export": (lambda w: _csv(reverse("projects:feedback_export")), COMMITTEE_LIST),
    # Leads
    "lead_list": (lambda w: reverse("projects:lead_list"), COMMITTEE_LIST),
    "lead_detail": (lambda w: reverse("projects:lead_detail", args=[w.lead.pk]), STAFF_READ),
    "lead_add": (lambda w: reverse("projects:lead_add"), CREATE),
    "lead_edit": (lambda w: reverse("projects:lead_edit", args=[w.lead.pk]), STAFF_EDIT),
    "lead_delete": (lambda w: reverse("projects:lead_delete", args=[w.lead.pk]), STAFF_EDIT),
    "lead_history": (lambda w: reverse("projects:lead_history", args=[w.lead.pk]), STAFF_READ),
    "lead_export": (lambda w: _csv(reverse("projects:lead_export")), COMMITTEE_LIST),
    "lead_import": (lambda w: reverse("projects:lead_import"), CREATE),
    # Lead follow-ups
    "leadfollowup_list": (lambda w: reverse("projects:leadfollowup_list"), COMMITTEE_LIST),
    "leadfollowup_detail": (
        lambda w: reverse("projects:leadfollowup_detail", args=[w.follow_up.pk]),
        STAFF_READ,
    ),
    "leadfollowup_add": (lambda w: reverse("projects:leadfollowup_add"), CREATE),
    "leadfollowup_edit": (
        lambda w: reverse("projects:leadfollowup_edit", args=[w.follow_up.pk]),
        STAFF_EDIT,
    ),
    "leadfollowup_delete": (
        lambda w: reverse("projects:leadfollowup_delete", args=[w.follow_up.pk]),
        STAFF_EDIT,
    ),
    "leadfollowup_history": (
        lambda w: reverse("projects:leadfollowup_history", args=[w.follow_up.pk]),
        STAFF_READ,
    ),
    "leadfollowup_export": (
        lambda w: _csv(reverse("projects:leadfollowup_export")),
        COMMITTEE_LIST,
    ),
    # Wall chart and funnel: every signed-in user, each seeing its own scope.
    "wall_chart": (lambda w: reverse("projects:wall_chart"), COMMITTEE_LIST),
    "wall_chart_zone_a": (
        lambda w: reverse("projects:wall_chart") + f"?zone={w.zone_a.pk}",
        COMMITTEE_LIST,
    ),
    "lead_funnel": (lambda w: reverse("projects:lead_funnel"), COMMITTEE_LIST),
    "lead_funnel_zone_a": (
        lambda w: reverse("projects:lead_funnel") + f"?zone={w.zone_a.pk}&year=2024",
        COMMITTEE_LIST,
    ),
    # The baseline and the conversion are POST only.
    "save_baseline_get": (
        lambda w: reverse("projects:save_baseline", args=[w.project.pk]),
        expect(405),
    ),
    "convert_lead_get": (
        lambda w: reverse("projects:convert_lead", args=[w.lead.pk]),
        expect(405),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_matrix(pw, role, page):
    url_of, expected = PAGES[page]
    response = pw.client(role).get(url_of(pw))
    assert response.status_code == expected[role], f"{role} {page}"
    if role == ANON:
        assert response["Location"].startswith(reverse("login")), page


def test_resources_without_an_import_have_no_import_page():
    from django.urls import NoReverseMatch

    for name in ("projects:feedback_import", "projects:leadfollowup_import"):
        with pytest.raises(NoReverseMatch):
            reverse(name)


# --- What each role's lists and exports hold -------------------------------------------------

ALL_TASKS = {"主体施工", "设备安装", "乙任务"}
A_TASKS = {"主体施工", "设备安装"}
TASKS_SEEN = {
    A: ALL_TASKS,
    PV: ALL_TASKS,
    CB: {"乙任务"},
    ZA: A_TASKS,
    ZS: A_TASKS,
    EN: A_TASKS,
    OUT: {"乙任务"},
}
LEADS_SEEN = {
    A: {"长三角某企业", "珠三角某企业"},
    PV: {"长三角某企业", "珠三角某企业"},
    CB: {"珠三角某企业"},
    ZA: {"长三角某企业"},
    ZS: {"长三角某企业"},
    EN: set(),
    OUT: {"珠三角某企业"},
}
FEEDBACK_SEEN = {
    A: {"夜间施工噪音", "乙处扬尘"},
    PV: {"夜间施工噪音", "乙处扬尘"},
    CB: {"乙处扬尘"},
    ZA: {"夜间施工噪音"},
    ZS: {"夜间施工噪音"},
    EN: set(),
    OUT: {"乙处扬尘"},
}
SIGNED_IN = [r for r in ROLES if r != ANON]


def _shown(body, names):
    return {n for n in names if n in body}


@pytest.mark.parametrize("role", SIGNED_IN)
def test_pages_and_exports_list_only_what_the_role_sees(pw, role):
    client = pw.client(role)
    for url_name, seen, everything in (
        ("projects:task_list", TASKS_SEEN, ALL_TASKS),
        ("projects:lead_list", LEADS_SEEN, LEADS_SEEN[A]),
        ("projects:feedback_list", FEEDBACK_SEEN, FEEDBACK_SEEN[A]),
    ):
        body = client.get(reverse(url_name)).content.decode()
        assert _shown(body, everything) == seen[role], (role, url_name)
        export = url_name.replace("_list", "_export")
        csv = client.get(_csv(reverse(export))).content.decode("utf-8-sig")
        assert _shown(csv, everything) == seen[role], (role, export)


@pytest.mark.parametrize("role", SIGNED_IN)
def test_api_lists_hold_only_what_the_role_sees(pw, role):
    client = api(pw, role)

    def names(url, key):
        response = client.get(url)
        assert response.status_code == 200, url
        return {row[key] for row in response.json()["results"]}

    assert names("/api/v1/projects/tasks/", "name") == TASKS_SEEN[role]
    assert names("/api/v1/projects/leads/", "investor") == LEADS_SEEN[role]
    assert names("/api/v1/projects/feedback/", "message") == FEEDBACK_SEEN[role]
    dependencies = names("/api/v1/projects/dependencies/", "id")
    assert dependencies == ({pw.dependency.pk} if "主体施工" in TASKS_SEEN[role] else set())
    follow_ups = names("/api/v1/projects/lead-follow-ups/", "note")
    assert follow_ups == ({"第一次考察"} if "长三角某企业" in LEADS_SEEN[role] else set())


def test_the_wall_chart_shows_only_the_zone_asked_for_within_scope(pw):
    url = reverse("projects:wall_chart") + f"?zone={pw.zone_a.pk}"
    body = pw.client(ZA).get(url).content.decode()
    assert "甲项目" in body and "主体施工" in body and "乙项目" not in body
    # The outsider asking for zone A gets its own zone's chart, without zone A's projects.
    body = pw.client(OUT).get(url).content.decode()
    assert "甲项目" not in body and "主体施工" not in body


# --- API reads ----------------------------------------------------------------------------

API_READ = expect(200, anonymous=401, city_b_viewer=404, outsider=404)
API_STAFF_READ = expect(200, anonymous=401, city_b_viewer=404, outsider=404, enterprise=404)
API_LIST = expect(200, anonymous=401)

API_READS = {
    "tasks": (lambda w: "/api/v1/projects/tasks/", API_LIST),
    "task": (lambda w: f"/api/v1/projects/tasks/{w.task.pk}/", API_READ),
    "task_zone_b": (
        lambda w: f"/api/v1/projects/tasks/{w.task_b.pk}/",
        expect(
            404,
            anonymous=401,
            platform_admin=200,
            province_viewer=200,
            city_b_viewer=200,
            outsider=200,
        ),
    ),
    "dependencies": (lambda w: "/api/v1/projects/dependencies/", API_LIST),
    "dependency": (lambda w: f"/api/v1/projects/dependencies/{w.dependency.pk}/", API_READ),
    "feedback": (lambda w: "/api/v1/projects/feedback/", API_LIST),
    "feedback_one": (lambda w: f"/api/v1/projects/feedback/{w.feedback.pk}/", API_STAFF_READ),
    "leads": (lambda w: "/api/v1/projects/leads/", API_LIST),
    "lead": (lambda w: f"/api/v1/projects/leads/{w.lead.pk}/", API_STAFF_READ),
    "lead_follow_ups": (lambda w: "/api/v1/projects/lead-follow-ups/", API_LIST),
    "lead_follow_up": (
        lambda w: f"/api/v1/projects/lead-follow-ups/{w.follow_up.pk}/",
        API_STAFF_READ,
    ),
    "funnel": (lambda w: "/api/v1/projects/leads/funnel/", API_LIST),
    "wall_chart": (
        lambda w: f"/api/v1/projects/projects/wall-chart/?zone={w.zone_a.pk}",
        API_LIST,
    ),
    "wall_chart_without_zone": (
        lambda w: "/api/v1/projects/projects/wall-chart/",
        expect(400, anonymous=401),
    ),
    # The public endpoint: anyone, signed in or not.
    "notice": (
        lambda w: f"/api/v1/projects/notice/{w.project.notice_code}/",
        expect(200, anonymous=200),
    ),
    "notice_unknown": (lambda w: "/api/v1/projects/notice/nosuchcode/", expect(404, anonymous=404)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(API_READS))
def test_api_read_matrix(pw, role, endpoint):
    url_of, expected = API_READS[endpoint]
    assert api(pw, role).get(url_of(pw)).status_code == expected[role], f"{role} {endpoint}"


@pytest.mark.parametrize("role", SIGNED_IN)
def test_api_wall_chart_and_funnel_follow_scope(pw, role):
    client = api(pw, role)
    chart = client.get(f"/api/v1/projects/projects/wall-chart/?zone={pw.zone_a.pk}").json()
    sees_a = "主体施工" in TASKS_SEEN[role]
    assert [p["name"] for p in chart["projects"]] == (["甲项目"] if sees_a else [])
    if sees_a:
        assert [t["name"] for t in chart["projects"][0]["tasks"]] == ["主体施工", "设备安装"]
    funnel = client.get(f"/api/v1/projects/leads/funnel/?zone={pw.zone_a.pk}").json()
    sees_lead = "长三角某企业" in LEADS_SEEN[role]
    # The signed lead reached 接触, 洽谈 and 签约, not 落地.
    expected = [1, 1, 1, 0] if sees_lead else [0, 0, 0, 0]
    assert [s["reached"] for s in funnel["steps"]] == expected


# --- API writes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,expected",
    [(ANON, 401), (A, 201), (PV, 403), (CB, 403), (ZA, 201), (ZS, 201), (EN, 403), (OUT, 400)],
)
def test_api_create_task(pw, role, expected):
    response = api(pw, role).post(
        "/api/v1/projects/tasks/",
        {"project": pw.project.pk, "name": "调试", "duration": 10},
        format="json",
    )
    assert response.status_code == expected, response.content
    assert ScheduleTask.objects.filter(name="调试").exists() == (expected == 201)
    if expected == 201:
        # The answer carries the schedule the write computed.
        assert response.json()["earliest_start"] == "2030-03-01"
        assert response.json()["earliest_finish"] == "2030-03-10"
    if expected == 400:
        assert "project" in response.json()


@pytest.mark.parametrize(
    "role,expected",
    [(ANON, 401), (A, 200), (PV, 403), (CB, 404), (ZA, 200), (ZS, 200), (EN, 403), (OUT, 404)],
)
def test_api_patch_task_progress(pw, role, expected):
    response = api(pw, role).patch(
        f"/api/v1/projects/tasks/{pw.task.pk}/",
        {"actual_start": "2030-03-02", "percent_complete": 20},
        format="json",
        **if_match(pw.task),
    )
    assert response.status_code == expected, response.content
    pw.task.refresh_from_db()
    assert (pw.task.percent_complete == 20) == (expected == 200)
    assert (pw.task.actual_start == date(2030, 3, 2)) == (expected == 200)
    if expected == 200:
        assert response.json()["status"] == ScheduleTask.Status.ON_TRACK
        assert response.json()["version"] == pw.task.version


def test_api_task_progress_needs_a_start_day(pw):
    response = api(pw, ZS).patch(
        f"/api/v1/projects/tasks/{pw.task.pk}/",
        {"percent_complete": 20},
        format="json",
        **if_match(pw.task),
    )
    assert response.status_code == 400 and "actual_start" in response.json()
    pw.task.refresh_from_db()
    assert pw.task.percent_complete == 0


@pytest.mark.parametrize(
    "role,expected",
    [(ANON, 401), (A, 201), (PV, 403), (CB, 403), (ZA, 201), (ZS, 201), (EN, 403), (OUT, 400)],
)
def test_api_create_dependency(pw, role, expected):
    third = ScheduleTask.objects.create(project=pw.project, name="联动调试", duration=10)
    services.compute_schedule(pw.project)
    response = api(pw, role).post(
        "/api/v1/projects/dependencies/",
        {"before": pw.task2.pk, "after": third.pk, "lag": 0},
        format="json",
    )
    assert response.status_code == expected, response.content
    created = TaskDependency.objects.filter(before=pw.task2, after=third).exists()
    assert created == (expected == 201)
    third.refresh_from_db()
    # The later task moves after the earlier one only when the link was made.
    assert (third.earliest_start == date(2030, 7, 9)) == created
    assert (third.earliest_start == date(2030, 3, 1)) == (not created)


@pytest.mark.parametrize(
    "role,expected",
    [(ANON, 401), (A, 200), (PV, 403), (CB, 404), (ZA, 200), (ZS, 200), (EN, 404), (OUT, 404)],
)
def test_api_patch_feedback_handled(pw, role, expected):
    response = api(pw, role).patch(
        f"/api/v1/projects/feedback/{pw.feedback.pk}/",
        {"handled": True, "response": "已协调施工时间"},
        format="json",
        **if_match(pw.feedback),
    )
    assert response.status_code == expected, response.content
    pw.feedback.refresh_from_db()
    assert pw.feedback.handled == (expected == 200)
    assert (pw.feedback.response == "已协调施工时间") == (expected == 200)


def test_api_feedback_message_is_the_publics_own(pw):
    response = api(pw, ZS).patch(
        f"/api/v1/projects/feedback/{pw.feedback.pk}/",
        {"message": "改过的留言", "handled": True},
        format="json",
        **if_match(pw.feedback),
    )
    assert response.status_code == 200
    pw.feedback.refresh_from_db()
    assert pw.feedback.message == "夜间施工噪音" and pw.feedback.handled


@pytest.mark.parametrize("role", ROLES)
def test_api_feedback_is_neither_created_nor_deleted_by_staff(pw, role):
    client = api(pw, role)
    expected = 401 if role == ANON else 405
    before = NoticeFeedback.objects.count()
    created = client.post(
        "/api/v1/projects/feedback/", {"project": pw.project.pk, "message": "x"}, format="json"
    )
    assert created.status_code == expected
    deleted = client.delete(f"/api/v1/projects/feedback/{pw.feedback.pk}/", **if_match(pw.feedback))
    assert deleted.status_code == expected
    assert NoticeFeedback.objects.count() == before


@pytest.mark.parametrize(
    "role,expected",
    [(ANON, 401), (A, 201), (PV, 403), (CB, 403), (ZA, 201), (ZS, 201), (EN, 403), (OUT, 400)],
)
def test_api_create_lead(pw, role, expected):
    payload = {
        "zone": pw.zone_a.pk,
        "investor": "京津冀某企业",
        "project_name": "意向项目",
        "source_region": Lead.SourceRegion.JING_JIN_JI,
        "stage": Lead.Stage.CONTACT,
        "first_contact_on": "2024-05-01",
    }
    response = api(pw, role).post("/api/v1/projects/leads/", payload, format="json")
    assert response.status_code == expected, response.content
    assert Lead.objects.filter(investor="京津冀某企业").exists() == (expected == 201)
    if expected == 400:
        assert "zone" in response.json()


@pytest.mark.parametrize(
    "role,expected",
    [(ANON, 401), (A, 201), (PV, 403), (CB, 403), (ZA, 201), (ZS, 201), (EN, 403), (OUT, 400)],
)
def test_api_create_lead_follow_up(pw, role, expected):
    response = api(pw, role).post(
        "/api/v1/projects/lead-follow-ups/",
        {"lead": pw.lead.pk, "happened_on": "2024-07-01", "note": "第二次洽谈"},
        format="json",
    )
    assert response.status_code == expected, response.content
    assert LeadFollowUp.objects.filter(note="第二次洽谈").exists() == (expected == 201)


@pytest.mark.parametrize(
    "role,expected",
    [(ANON, 401), (A, 201), (PV, 403), (CB, 404), (ZA, 201), (ZS, 201), (EN, 404), (OUT, 404)],
)
def test_api_convert_lead(pw, role, expected):
    client = api(pw, role)
    response = client.post(f"/api/v1/projects/leads/{pw.lead.pk}/convert/")
    assert response.status_code == expected, response.content
    pw.lead.refresh_from_db()
    projects = Project.objects.filter(name="新签项目")
    if expected != 201:
        assert not projects.exists() and pw.lead.project_id is None
        return
    project = projects.get()
    assert response.json()["id"] == project.pk and response.json()["name"] == "新签项目"
    assert project.zone == pw.zone_a and project.stage == Project.Stage.SIGNED
    assert project.planned_investment == Decimal("50000000")
    assert project.signed_on == date(2024, 6, 1) and project.leader == pw.users[ZS]
    assert pw.lead.project == project
    again = client.post(f"/api/v1/projects/leads/{pw.lead.pk}/convert/")
    assert again.status_code == 400, again.content
    assert Project.objects.filter(name="新签项目").count() == 1


def test_api_convert_refuses_an_unsigned_lead(pw):
    response = api(pw, ZA).post(f"/api/v1/projects/leads/{pw.lead_b.pk}/convert/")
    assert response.status_code == 404  # zone B's lead is not the zone admin's
    response = api(pw, OUT).post(f"/api/v1/projects/leads/{pw.lead_b.pk}/convert/")
    assert response.status_code == 400, response.content
    assert not Project.objects.filter(name="乙意向项目").exists()


@pytest.mark.parametrize(
    "role,expected",
    [(ANON, 401), (A, 200), (PV, 403), (CB, 404), (ZA, 200), (ZS, 200), (EN, 403), (OUT, 404)],
)
def test_api_save_baseline(pw, role, expected):
    response = api(pw, role).post(f"/api/v1/projects/projects/{pw.project.pk}/baseline/")
    assert response.status_code == expected, response.content
    saved = expected == 200
    if saved:
        assert response.json() == {"tasks": 2}
    for task in (pw.task, pw.task2):
        task.refresh_from_db()
        assert (task.baseline_start == task.earliest_start) == saved
        assert (task.baseline_start is None) == (not saved)
    pw.project.refresh_from_db()
    assert (pw.project.baseline_saved_on == timezone.localdate()) == saved


def test_api_baseline_without_a_schedule_is_refused(pw):
    response = api(pw, OUT).post(f"/api/v1/projects/projects/{pw.project_b.pk}/baseline/")
    # Zone B's project has an expected start, so its task has dates to keep.
    assert response.status_code == 200
    Project.objects.filter(pk=pw.project_b.pk).update(expected_start=None)
    services.compute_schedule(Project.objects.get(pk=pw.project_b.pk))
    response = api(pw, OUT).post(f"/api/v1/projects/projects/{pw.project_b.pk}/baseline/")
    assert response.status_code == 400, response.content


# --- Baseline and conversion pages --------------------------------------------------------


@pytest.mark.parametrize(
    "role,expected",
    [(ANON, 302), (A, 302), (PV, 403), (CB, 404), (ZA, 302), (ZS, 302), (EN, 403), (OUT, 404)],
)
def test_page_save_baseline(pw, role, expected):
    response = pw.client(role).post(reverse("projects:save_baseline", args=[pw.project.pk]))
    assert response.status_code == expected
    saved = role in WRITERS
    if role == ANON:
        assert response["Location"].startswith(reverse("login"))
    elif saved:
        assert response["Location"] == pw.project.get_absolute_url() + "#schedule"
    for task in (pw.task, pw.task2):
        task.refresh_from_db()
        assert (task.baseline_start is not None) == saved, role
        assert (task.baseline_finish == task.earliest_finish) == saved, role
    pw.project.refresh_from_db()
    assert (pw.project.baseline_saved_on is not None) == saved
    assert pw.project.history.count() == (2 if saved else 1)


@pytest.mark.parametrize(
    "role,expected",
    [(ANON, 302), (A, 302), (PV, 403), (CB, 404), (ZA, 302), (ZS, 302), (EN, 404), (OUT, 404)],
)
def test_page_convert_lead(pw, role, expected):
    client = pw.client(role)
    response = client.post(reverse("projects:convert_lead", args=[pw.lead.pk]))
    assert response.status_code == expected
    converted = role in WRITERS
    projects = Project.objects.filter(name="新签项目")
    assert projects.exists() == converted, role
    pw.lead.refresh_from_db()
    assert (pw.lead.project_id is not None) == converted
    if role == ANON:
        assert response["Location"].startswith(reverse("login"))
    if not converted:
        assert pw.lead.history.count() == 1  # only its creation
        return
    assert response["Location"] == projects.get().get_absolute_url()
    # A second conversion is refused with a message and goes back to the lead.
    again = client.post(reverse("projects:convert_lead", args=[pw.lead.pk]))
    assert again.status_code == 302 and again["Location"] == pw.lead.get_absolute_url()
    assert projects.count() == 1


# --- Page writes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,expected",
    [(ANON, 302), (A, 302), (PV, 403), (CB, 404), (ZA, 302), (ZS, 302), (EN, 404), (OUT, 404)],
)
def test_page_feedback_marked_handled(pw, role, expected):
    url = reverse("projects:feedback_edit", args=[pw.feedback.pk])
    data = {"handled": "on", "response": "已回复", "version": pw.feedback.version}
    response = pw.client(role).post(url, data)
    assert response.status_code == expected
    pw.feedback.refresh_from_db()
    assert pw.feedback.handled == (role in WRITERS)
    if role in WRITERS:
        assert response["Location"] == pw.feedback.get_absolute_url()


@pytest.mark.parametrize(
    "role,expected",
    [(ANON, 302), (A, 302), (PV, 403), (CB, 403), (ZA, 302), (ZS, 302), (EN, 403), (OUT, 200)],
)
def test_page_add_task(pw, role, expected):
    data = {"project": pw.project.pk, "name": "调试", "duration": "10", "percent_complete": "0"}
    response = pw.client(role).post(reverse("projects:task_add"), data)
    assert response.status_code == expected
    assert ScheduleTask.objects.filter(name="调试").exists() == (role in WRITERS)
    if role == OUT:
        # Zone A's project is not among the outsider's choices.
        assert "project" in response.context["form"].errors


@pytest.mark.parametrize(
    "role,expected",
    [(ANON, 302), (A, 302), (PV, 403), (CB, 403), (ZA, 302), (ZS, 302), (EN, 403), (OUT, 200)],
)
def test_page_add_lead_follow_up(pw, role, expected):
    data = {"lead": pw.lead.pk, "happened_on": "2024-07-01", "note": "第二次洽谈"}
    response = pw.client(role).post(reverse("projects:leadfollowup_add"), data)
    assert response.status_code == expected
    assert LeadFollowUp.objects.filter(note="第二次洽谈").exists() == (role in WRITERS)


@pytest.mark.parametrize(
    "role,expected",
    [(ANON, 302), (A, 302), (PV, 403), (CB, 404), (ZA, 302), (ZS, 302), (EN, 403), (OUT, 404)],
)
def test_page_delete_task(pw, role, expected):
    response = pw.client(role).post(reverse("projects:task_delete", args=[pw.task.pk]))
    assert response.status_code == expected
    gone = role in WRITERS
    assert ScheduleTask.objects.filter(pk=pw.task.pk).exists() == (not gone)
    # Its dependency goes with it, and the later task moves to the project's start.
    assert TaskDependency.objects.filter(pk=pw.dependency.pk).exists() == (not gone)
    pw.task2.refresh_from_db()
    assert (pw.task2.earliest_start == date(2030, 3, 1)) == gone


def test_feedback_add_page_post_does_not_fail(pw):
    """Nobody, not even the platform admin, creates feedback through the staff
    pages: a post is refused cleanly and saves nothing."""
    before = NoticeFeedback.objects.count()
    response = pw.client(A).post(reverse("projects:feedback_add"), {"handled": "on"})
    assert response.status_code == 403
    assert NoticeFeedback.objects.count() == before


# --- The public notice board ---------------------------------------------------------------

NOTICE_PAGES = ["notice:board", "notice:sign", "notice:qr"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", NOTICE_PAGES)
def test_notice_pages_are_open_to_anyone(pw, role, name):
    response = pw.client(role).get(reverse(name, args=[pw.project.notice_code]))
    assert response.status_code == 200
    if name == "notice:qr":
        assert response["Content-Type"] == "image/svg+xml"
        assert b"<svg" in response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", NOTICE_PAGES)
def test_notice_pages_unpublished_or_unknown_are_404(pw, role, name):
    client = pw.client(role)
    assert client.get(reverse(name, args=["nosuchcode"])).status_code == 404
    Project.objects.filter(pk=pw.project.pk).update(notice_board=False)
    assert client.get(reverse(name, args=[pw.project.notice_code])).status_code == 404


PRIVATE = (
    "987654321",  # planned investment
    "9.88",  # the same in 亿元
    "内部说明",  # description
    "用地指标待落实",  # a problem
    "夜间施工噪音",  # feedback
    "13800001111",  # a feedback's phone
    "张先生",  # a feedback's author
    "甲企业",  # the investor
    "长三角某企业",  # the lead
    "乙项目",  # another project
)


@pytest.mark.parametrize("name", ["notice:board", "notice:sign"])
def test_notice_pages_show_the_board_and_nothing_else(pw, name):
    body = pw.client(ANON).get(reverse(name, args=[pw.project.notice_code])).content.decode()
    for public in ("甲项目", "广灵经济技术开发区", "0352-1234567", "0352-7654321", "0352-12345"):
        assert public in body, public
    for private in PRIVATE:
        assert private not in body, private
    if name == "notice:board":
        assert "主体施工" in body and "设备安装" in body  # the schedule
        assert "广灵县工业园" in body  # the location


def test_public_api_shows_the_board_and_nothing_else(pw):
    response = api(pw, ANON).get(f"/api/v1/projects/notice/{pw.project.notice_code}/")
    assert response.status_code == 200
    data = response.json()
    assert data["project"] == "甲项目" and data["zone"] == "广灵经济技术开发区"
    assert data["hotline"] == "0352-12345"
    assert data["leader"]["office_phone"] == "0352-1234567"
    assert data["agent"]["office_phone"] == "0352-7654321"
    assert data["expected_start"] == "2030-03-01" and data["expected_operation"] == "2030-12-31"
    assert [t["name"] for t in data["tasks"]] == ["主体施工", "设备安装"]
    for key in ("planned_investment", "description", "enterprises", "notice_code", "id"):
        assert key not in data, key
    text = response.content.decode()
    for private in PRIVATE:
        assert private not in text, private


def test_public_api_unpublished_is_404(pw):
    Project.objects.filter(pk=pw.project.pk).update(notice_board=False)
    url = f"/api/v1/projects/notice/{pw.project.notice_code}/"
    assert api(pw, ANON).get(url).status_code == 404
    assert api(pw, A).get(url).status_code == 404
    assert api(pw, ANON).post(url, {"message": "x"}, format="json").status_code == 404
    assert not NoticeFeedback.objects.filter(message="x").exists()


def _told(pw):
    return {
        role: Notification.objects.filter(user=pw.users[role], title__contains="甲项目").count()
        for role in (ZA, ZS, A, OUT)
    }


@pytest.mark.parametrize("role", ROLES)
def test_public_feedback_on_the_board_is_saved_and_told(pw, role):
    url = reverse("notice:board", args=[pw.project.notice_code])
    response = pw.client(role).post(
        url, {"message": "工地门口积水", "name": "李女士", "contact_phone": "13900002222"}
    )
    assert response.status_code == 302
    assert response["Location"] == url + "#feedback"
    feedback = NoticeFeedback.objects.get(message="工地门口积水")
    assert feedback.project == pw.project and not feedback.handled
    assert (feedback.name, feedback.contact_phone) == ("李女士", "13900002222")
    assert feedback.ip_address == "127.0.0.1"
    # The leader and the agent are told, nobody else.
    assert _told(pw) == {ZA: 1, ZS: 1, A: 0, OUT: 0}
    note = Notification.objects.filter(user=pw.users[ZA]).get(title__contains="甲项目")
    assert note.url == feedback.get_absolute_url() and "工地门口积水" in note.body


def test_public_feedback_tells_a_leader_who_is_also_the_agent_once(pw):
    Project.objects.filter(pk=pw.project.pk).update(agent=pw.users[ZA])
    url = reverse("notice:board", args=[pw.project.notice_code])
    assert pw.client(ANON).post(url, {"message": "留言"}).status_code == 302
    assert _told(pw) == {ZA: 1, ZS: 0, A: 0, OUT: 0}


@pytest.mark.parametrize(
    "data,field",
    [
        ({"message": ""}, "message"),
        ({"message": "   "}, "message"),
        ({"message": "留言", "contact_phone": "call me"}, "contact_phone"),
    ],
)
def test_public_feedback_with_errors_is_shown_again_and_saves_nothing(pw, data, field):
    before = NoticeFeedback.objects.count()
    url = reverse("notice:board", args=[pw.project.notice_code])
    response = pw.client(ANON).post(url, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["form"].errors[field][0] in response.content.decode()
    assert NoticeFeedback.objects.count() == before
    assert _told(pw) == {ZA: 0, ZS: 0, A: 0, OUT: 0}


def test_public_feedback_is_throttled_by_address(pw):
    url = reverse("notice:board", args=[pw.project.notice_code])
    client = pw.client(ANON)
    before = NoticeFeedback.objects.count()
    for i in range(services.FEEDBACK_PER_ADDRESS):
        assert client.post(url, {"message": f"留言{i}"}).status_code == 302
    response = client.post(url, {"message": "第四条"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not NoticeFeedback.objects.filter(message="第四条").exists()
    assert NoticeFeedback.objects.count() == before + services.FEEDBACK_PER_ADDRESS
    assert _told(pw)[ZA] == services.FEEDBACK_PER_ADDRESS
    # The same address on the public API is refused too.
    refused = api(pw, ANON).post(
        f"/api/v1/projects/notice/{pw.project.notice_code}/", {"message": "API"}, format="json"
    )
    assert refused.status_code == 400 and "detail" in refused.json()
    assert not NoticeFeedback.objects.filter(message="API").exists()
    # Another address may still write.
    other = client.post(url, {"message": "另一个地址"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302
    # Messages older than the window no longer count.
    NoticeFeedback.objects.filter(ip_address="127.0.0.1").update(
        created_at=timezone.now() - services.FEEDBACK_WINDOW - timedelta(minutes=1)
    )
    assert client.post(url, {"message": "第四条"}).status_code == 302
    assert NoticeFeedback.objects.filter(message="第四条").exists()


def test_public_feedback_is_throttled_by_project(pw):
    now = timezone.now()
    NoticeFeedback.objects.bulk_create(
        NoticeFeedback(project=pw.project, message=f"m{i}", ip_address=f"10.1.0.{i}")
        for i in range(services.FEEDBACK_PER_PROJECT)
    )
    assert NoticeFeedback.objects.filter(project=pw.project, created_at__gte=now).count() == (
        services.FEEDBACK_PER_PROJECT
    )
    url = reverse("notice:board", args=[pw.project.notice_code])
    response = pw.client(ANON).post(url, {"message": "新地址"}, REMOTE_ADDR="10.2.0.1")
    assert response.status_code == 200
    assert not NoticeFeedback.objects.filter(message="新地址").exists()
    # Another project's board is not affected.
    Project.objects.filter(pk=pw.project_b.pk).update(notice_board=True)
    other = reverse("notice:board", args=[pw.project_b.notice_code])
    response = pw.client(ANON).post(other, {"message": "新地址"}, REMOTE_ADDR="10.2.0.1")
    assert response.status_code == 302


def test_public_feedback_over_the_api(pw):
    url = f"/api/v1/projects/notice/{pw.project.notice_code}/"
    client = api(pw, ANON)
    response = client.post(
        url, {"message": "道路扬尘", "contact_phone": "13800000000"}, format="json"
    )
    assert response.status_code == 201 and response.json() == {"received": True}
    feedback = NoticeFeedback.objects.get(message="道路扬尘")
    assert feedback.project == pw.project and feedback.ip_address == "127.0.0.1"
    assert _told(pw) == {ZA: 1, ZS: 1, A: 0, OUT: 0}
    for bad in ({"message": ""}, {}, {"message": "x", "contact_phone": "call me"}):
        response = client.post(url, bad, format="json")
        assert response.status_code == 400, bad
    assert NoticeFeedback.objects.filter(project=pw.project).count() == 2
    # Two more from the same address fill the window; the next is refused.
    assert client.post(url, {"message": "二"}, format="json").status_code == 201
    assert client.post(url, {"message": "三"}, format="json").status_code == 201
    assert client.post(url, {"message": "四"}, format="json").status_code == 400
    assert not NoticeFeedback.objects.filter(message="四").exists()


# --- Anonymous visitors and outsiders reach nothing else -----------------------------------


@pytest.mark.parametrize("role", [ANON, OUT, CB])
def test_the_rest_of_the_project_stays_closed(pw, role):
    client = pw.client(role)
    page = 302 if role == ANON else 404
    for url in (
        reverse("projects:project_detail", args=[pw.project.pk]),
        reverse("projects:task_detail", args=[pw.task.pk]),
        reverse("projects:feedback_detail", args=[pw.feedback.pk]),
        reverse("projects:lead_detail", args=[pw.lead.pk]),
        reverse("projects:problem_detail", args=[pw.problem.pk]),
    ):
        response = client.get(url)
        assert response.status_code == page, url
    endpoint = 401 if role == ANON else 404
    for url in (
        f"/api/v1/projects/projects/{pw.project.pk}/",
        f"/api/v1/projects/tasks/{pw.task.pk}/",
        f"/api/v1/projects/dependencies/{pw.dependency.pk}/",
        f"/api/v1/projects/feedback/{pw.feedback.pk}/",
        f"/api/v1/projects/leads/{pw.lead.pk}/",
        f"/api/v1/projects/problems/{pw.problem.pk}/",
    ):
        assert api(pw, role).get(url).status_code == endpoint, url


def test_anonymous_api_lists_stay_closed(pw):
    client = api(pw, ANON)
    for url in ("/api/v1/projects/tasks/", "/api/v1/projects/feedback/"):
        assert client.get(url).status_code == 401
    # The board's code opens the board, not the project's other endpoints.
    code = pw.project.notice_code
    assert client.get(f"/api/v1/projects/projects/{code}/").status_code == 401
    assert pw.client(ANON).get(f"/notice/{code}/edit/").status_code == 404


# --- Personal data of the public and of investors -------------------------------------------

# Phone numbers are masked for anyone but the zone's own staff (README: "Personal
# data (phone numbers) is masked for anyone but the zone's own staff").
FEEDBACK_PHONE, FEEDBACK_PHONE_MASKED = "13800001111", "138******11"
LEAD_PHONE, LEAD_PHONE_MASKED = "13700003333", "137******33"


@pytest.mark.parametrize("role", [A, PV, ZA, ZS])
def test_pages_and_exports_mask_phones_for_readers_outside_the_zone(pw, role):
    client = pw.client(role)
    staff = role != PV
    feedback = reverse("projects:feedback_detail", args=[pw.feedback.pk])
    lead = reverse("projects:lead_detail", args=[pw.lead.pk])
    for url, phone, masked in (
        (feedback, FEEDBACK_PHONE, FEEDBACK_PHONE_MASKED),
        (lead, LEAD_PHONE, LEAD_PHONE_MASKED),
    ):
        body = client.get(url).content.decode()
        assert (masked in body) == (not staff), (role, url)
        if staff:
            assert phone in body, (role, url)
    for url, phone, masked in (
        (_csv(reverse("projects:feedback_export")), FEEDBACK_PHONE, FEEDBACK_PHONE_MASKED),
        (_csv(reverse("projects:lead_export")), LEAD_PHONE, LEAD_PHONE_MASKED),
    ):
        body = client.get(url).content.decode("utf-8-sig")
        assert (phone in body) == staff, (role, url)
        assert (masked in body) == (not staff), (role, url)


@pytest.mark.parametrize(
    "url_name,attr,phone",
    [
        ("projects:feedback_detail", "feedback", FEEDBACK_PHONE),
        ("projects:feedback_history", "feedback", FEEDBACK_PHONE),
        ("projects:lead_detail", "lead", LEAD_PHONE),
        ("projects:lead_history", "lead", LEAD_PHONE),
    ],
)
def test_history_masks_phones_for_readers_outside_the_zone(pw, url_name, attr, phone):
    response = pw.client(PV).get(reverse(url_name, args=[getattr(pw, attr).pk]))
    assert response.status_code == 200
    assert phone not in response.content.decode()


@pytest.mark.parametrize("role", [A, ZA, ZS])
def test_api_shows_phones_to_the_zones_staff(pw, role):
    client = api(pw, role)
    feedback = client.get(f"/api/v1/projects/feedback/{pw.feedback.pk}/").json()
    assert feedback["contact_phone"] == FEEDBACK_PHONE
    lead = client.get(f"/api/v1/projects/leads/{pw.lead.pk}/").json()
    assert lead["contact_phone"] == LEAD_PHONE


def test_api_masks_the_publics_phone_for_a_region_viewer(pw):
    client = api(pw, PV)
    data = client.get(f"/api/v1/projects/feedback/{pw.feedback.pk}/").json()
    assert data["contact_phone"] == FEEDBACK_PHONE_MASKED
    rows = client.get("/api/v1/projects/feedback/").json()["results"]
    assert FEEDBACK_PHONE not in str(rows)


def test_api_masks_the_investors_phone_for_a_region_viewer(pw):
    client = api(pw, PV)
    data = client.get(f"/api/v1/projects/leads/{pw.lead.pk}/").json()
    assert data["contact_phone"] == LEAD_PHONE_MASKED
    rows = client.get("/api/v1/projects/leads/").json()["results"]
    assert LEAD_PHONE not in str(rows)


# --- Enterprise users ---------------------------------------------------------------------


def test_enterprise_sees_its_projects_schedule_not_leads_or_feedback(pw):
    client = pw.client(EN)
    body = client.get(reverse("projects:task_list")).content.decode()
    assert "主体施工" in body and "设备安装" in body and "乙任务" not in body
    body = client.get(reverse("projects:dependency_list")).content.decode()
    assert "主体施工" in body
    assert client.get(reverse("projects:task_detail", args=[pw.task.pk])).status_code == 200
    for url_name, hidden in (
        ("projects:lead_list", "长三角某企业"),
        ("projects:leadfollowup_list", "第一次考察"),
        ("projects:feedback_list", "夜间施工噪音"),
    ):
        assert hidden not in client.get(reverse(url_name)).content.decode(), url_name
    # A project of another enterprise in the same zone: its tasks are not the enterprise's.
    other = Project.objects.create(zone=pw.zone_a, name="丙项目", planned_investment=1)
    ScheduleTask.objects.create(project=other, name="丙任务", duration=3)
    assert "丙任务" not in client.get(reverse("projects:task_list")).content.decode()
    names = {t["name"] for t in api(pw, EN).get("/api/v1/projects/tasks/").json()["results"]}
    assert names == A_TASKS
    # The project's own page shows its schedule.
    body = client.get(reverse("projects:project_detail", args=[pw.project.pk])).content.decode()
    assert "主体施工" in body


def test_enterprise_does_not_read_feedback_on_the_project_page(pw):
    body = (
        pw.client(EN).get(reverse("projects:project_detail", args=[pw.project.pk])).content.decode()
    )
    assert "夜间施工噪音" not in body


def test_enterprise_does_not_read_the_lead_on_the_project_page(pw):
    project = services.convert_lead(lead=pw.lead, user=pw.users[ZS])
    project.enterprises.add(pw.ent_a)
    body = pw.client(EN).get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert "长三角某企业" not in body
