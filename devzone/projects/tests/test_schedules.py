"""Project schedules as stored: computed dates, refusals that change nothing,
status against the baseline and the notices it sends, imports of tasks and
dependencies, and the wall chart's query count."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from devzone.core.models import BackgroundJob, Notification
from devzone.core.services import record_delete, record_save
from devzone.core.tests.test_import_export import csv_file
from devzone.projects import selectors, services
from devzone.projects.models import Project, ScheduleTask, TaskDependency

pytestmark = pytest.mark.django_db

St = ScheduleTask.Status


@pytest.fixture
def site(world):
    """A key project in zone A from 1 March 2024 to the end of June, with its
    leader and agent, and three tasks: 设计 → 施工 (lag 2) → 验收."""
    leader, agent = world.users["zone_admin"], world.users["zone_staff"]
    project = Project.objects.create(
        zone=world.zone_a,
        name="厂房项目",
        planned_investment=Decimal("100000000"),
        key_level=Project.KeyLevel.CITY,
        expected_start=date(2024, 3, 1),
        expected_operation=date(2024, 6, 30),
        leader=leader,
        agent=agent,
    )
    tasks = {
        name: ScheduleTask.objects.create(project=project, name=name, duration=days)
        for name, days in (("设计", 10), ("施工", 60), ("验收", 5))
    }
    TaskDependency.objects.create(before=tasks["设计"], after=tasks["施工"], lag=2)
    TaskDependency.objects.create(before=tasks["施工"], after=tasks["验收"])
    services.compute_schedule(project, today=date(2024, 3, 1))
    world.project, world.tasks, world.leader, world.agent = project, tasks, leader, agent
    return world


def fresh(task):
    task.refresh_from_db()
    return task


def test_schedule_is_computed_and_stored(site):
    design, build, accept = (fresh(site.tasks[n]) for n in ("设计", "施工", "验收"))
    assert (design.earliest_start, design.earliest_finish) == (date(2024, 3, 1), date(2024, 3, 10))
    assert build.earliest_start == date(2024, 3, 13)  # two days' lag
    assert accept.earliest_finish == date(2024, 5, 16)
    assert accept.latest_finish == date(2024, 6, 30)  # the backward pass from the deadline
    assert accept.latest_start == date(2024, 6, 26)
    assert design.slack == build.slack == accept.slack == 45
    assert design.critical and build.critical and accept.critical


def test_a_milestone_falls_on_the_day_its_predecessor_finishes(site):
    user = site.users["zone_staff"]
    milestone = record_save(
        instance=ScheduleTask(project=site.project, name="投产", duration=0), user=user
    )
    record_save(instance=TaskDependency(before=site.tasks["验收"], after=milestone), user=user)
    milestone.refresh_from_db()
    assert milestone.earliest_start == milestone.earliest_finish == date(2024, 5, 16)
    assert milestone.latest_start == milestone.latest_finish == date(2024, 6, 30)


def test_a_cycle_is_refused_naming_the_tasks_and_nothing_changes(site):
    before = TaskDependency.objects.count()
    with pytest.raises(ValidationError) as caught:
        record_save(
            instance=TaskDependency(before=site.tasks["验收"], after=site.tasks["设计"]),
            user=site.users["zone_staff"],
        )
    assert "设计" in str(caught.value) and "验收" in str(caught.value)
    assert TaskDependency.objects.count() == before


def test_a_deadline_that_cannot_be_met_refuses_the_edit(site):
    project = site.project
    project.expected_operation = date(2024, 4, 30)
    with pytest.raises(ValidationError) as caught:
        record_save(instance=project, user=site.users["zone_admin"])
    assert "施工" in str(caught.value)
    project.refresh_from_db()
    assert project.expected_operation == date(2024, 6, 30)


def test_a_longer_task_through_the_form_is_refused_with_its_message(site):
    task = fresh(site.tasks["施工"])
    response = site.client("zone_staff").post(
        reverse("projects:task_edit", args=[task.pk]),
        {
            "project": site.project.pk,
            "name": "施工",
            "duration": 200,
            "percent_complete": 0,
            "version": task.version,
        },
    )
    assert response.status_code == 200
    assert "施工" in response.content.decode() and "200" in response.content.decode()
    assert fresh(task).duration == 60


def test_a_cycle_through_the_dependency_form_keeps_the_form(site):
    response = site.client("zone_staff").post(
        reverse("projects:dependency_add"),
        {"before": site.tasks["验收"].pk, "after": site.tasks["设计"].pk, "lag": 0},
    )
    assert response.status_code == 200
    assert "cycle" in response.content.decode() or "循环" in response.content.decode()
    assert TaskDependency.objects.count() == 2


def test_deleting_a_task_recomputes_the_schedule(site):
    record_delete(instance=site.tasks["设计"], user=site.users["zone_staff"])
    assert fresh(site.tasks["施工"]).earliest_start == date(2024, 3, 1)


def test_a_task_may_not_depend_on_another_projects_task(site, world):
    other = Project.objects.create(zone=world.zone_a, name="另一个", planned_investment=1)
    elsewhere = ScheduleTask.objects.create(project=other, name="别处", duration=1)
    dep = TaskDependency(before=elsewhere, after=site.tasks["设计"])
    with pytest.raises(ValidationError):
        dep.full_clean()


def test_without_a_start_no_dates_are_computed(world):
    project = Project.objects.create(zone=world.zone_a, name="无日期", planned_investment=1)
    task = ScheduleTask.objects.create(project=project, name="甲", duration=3)
    assert services.compute_schedule(project) is None
    assert fresh(task).earliest_start is None and fresh(task).status == St.NOT_STARTED


# --- Status against the baseline ---------------------------------------------------------


def status_on(task, day, **actual):
    for k, v in actual.items():
        setattr(task, k, v)
    return services.task_status(task, day)


def test_status_rules(site):
    build = fresh(site.tasks["施工"])  # planned 13 March – 11 May, latest start 27 April
    assert status_on(build, date(2024, 3, 12)) == St.NOT_STARTED
    assert status_on(build, date(2024, 3, 14)) == St.AT_RISK  # should have started
    assert status_on(build, date(2024, 3, 14), actual_start=date(2024, 3, 13)) == St.ON_TRACK
    # Halfway through the plan, 20% done is behind by more than the margin.
    midway = date(2024, 4, 11)
    assert status_on(build, midway, percent_complete=20) == St.AT_RISK
    assert status_on(build, midway, percent_complete=45) == St.ON_TRACK
    assert status_on(build, date(2024, 5, 12), percent_complete=99) == St.LATE  # past its finish
    done = status_on(
        build, date(2024, 5, 20), actual_finish=date(2024, 5, 19), percent_complete=100
    )
    assert done == St.DONE


def test_not_started_after_the_latest_start_is_late(site):
    build = fresh(site.tasks["施工"])
    build.baseline_start, build.baseline_finish = date(2024, 3, 13), date(2024, 6, 1)
    assert services.task_status(build, date(2024, 4, 28)) == St.LATE  # latest start: 27 April


def test_baseline_is_kept_when_the_plan_moves(site):
    services.save_baseline(project=site.project, user=site.users["zone_admin"])
    site.project.refresh_from_db()
    assert site.project.baseline_saved_on is not None
    design = fresh(site.tasks["设计"])
    design.duration = 20
    record_save(instance=design, user=site.users["zone_staff"])
    build = fresh(site.tasks["施工"])
    assert build.baseline_start == date(2024, 3, 13)
    assert build.earliest_start == date(2024, 3, 23)
    assert build.planned_start == date(2024, 3, 13)  # measured against the baseline


def test_baseline_needs_dates(world):
    project = Project.objects.create(zone=world.zone_a, name="无日期", planned_investment=1)
    ScheduleTask.objects.create(project=project, name="甲", duration=3)
    with pytest.raises(ValidationError):
        services.save_baseline(project=project, user=world.users["zone_admin"])


def test_warnings_notify_leader_and_agent_once_per_change(site, mailoutbox):
    design = site.tasks["设计"]
    design.actual_start, design.actual_finish = date(2024, 3, 1), date(2024, 3, 10)
    design.percent_complete = 100
    design.save()
    tasks = list(site.project.tasks.all())
    notes = Notification.objects.filter(user__in=[site.leader, site.agent])
    # 设计 is done, 施工 should have started: two changes, one warning.
    assert services.refresh_statuses(tasks, today=date(2024, 3, 14)) == 2
    assert notes.count() == 2 and "施工" in notes.first().title
    assert len(mailoutbox) == 0 or all("施工" in m.subject for m in mailoutbox)
    # The same state the next day: nothing new.
    assert services.refresh_statuses(tasks, today=date(2024, 3, 15)) == 0
    assert notes.count() == 2
    # Started and on track: a change, but not a warning.
    build = next(t for t in tasks if t.name == "施工")
    build.actual_start = date(2024, 3, 13)
    assert services.refresh_statuses(tasks, today=date(2024, 3, 16)) == 1
    assert notes.count() == 2
    # Past its finish unfinished: late, told again.
    services.refresh_statuses(tasks, today=date(2024, 5, 12))
    assert notes.count() == 4
    assert fresh(build).status == St.LATE and fresh(build).status_since == date(2024, 5, 12)


def test_daily_refresh_command(site, capsys):
    from django.core.management import call_command

    call_command("refresh_schedules", "--today", "2024-03-14")
    assert "task(s) changed status" in capsys.readouterr().out
    assert fresh(site.tasks["施工"]).status == St.AT_RISK


# --- Import of tasks and dependencies ----------------------------------------------------


def import_file(world, url_name, file, role="zone_staff"):
    client = world.client(role)
    client.post(reverse(url_name), {"file": file})
    job = BackgroundJob.objects.latest("pk")
    if job.status == BackgroundJob.Status.PREVIEW:
        client.post(reverse("core:job_confirm", args=[job.pk]))
        job.refresh_from_db()
    return job


TASK_HEADERS = ["项目名称", "任务名称", "工期（天）", "按工作日", "完成百分比"]
DEP_HEADERS = ["项目名称", "前置任务", "后续任务", "间隔（天）"]


def test_tasks_and_dependencies_import(site):
    job = import_file(
        site,
        "projects:task_import",
        csv_file(
            [["厂房项目", "设备安装", "20", "是", "0"], ["厂房项目", "调试", "5", "否", "0"]],
            TASK_HEADERS,
        ),
    )
    assert job.status == BackgroundJob.Status.DONE, job.report
    install = ScheduleTask.objects.get(name="设备安装")
    assert install.working_days and install.earliest_start == date(2024, 3, 1)
    job = import_file(
        site,
        "projects:dependency_import",
        csv_file(
            [["厂房项目", "施工", "设备安装", "0"], ["厂房项目", "设备安装", "调试", "1"]],
            DEP_HEADERS,
        ),
    )
    assert job.status == BackgroundJob.Status.DONE, job.report
    assert fresh(install).earliest_start > date(2024, 5, 11)


def test_an_import_with_a_bad_row_writes_nothing(site):
    job = import_file(
        site,
        "projects:task_import",
        csv_file(
            [
                ["厂房项目", "设备安装", "20", "是", "0"],
                ["厂房项目", "调试", "很多", "否", "0"],
                ["厂房项目", "培训", "3", "也许", "0"],
            ],
            TASK_HEADERS,
        ),
    )
    assert job.status == BackgroundJob.Status.INVALID
    columns = {e["column"] for e in job.report["errors"]}
    assert {"工期（天）", "按工作日"} <= columns
    assert not ScheduleTask.objects.filter(name="设备安装").exists()


def test_a_dependency_import_that_closes_a_cycle_writes_nothing(site):
    job = import_file(
        site,
        "projects:dependency_import",
        csv_file(
            [["厂房项目", "设计", "验收", "0"], ["厂房项目", "验收", "设计", "0"]], DEP_HEADERS
        ),
    )
    assert job.status == BackgroundJob.Status.INVALID
    (error,) = job.report["errors"]
    assert "设计" in error["message"] and "验收" in error["message"]
    assert TaskDependency.objects.count() == 2


def test_an_import_computes_the_schedule_once(site, monkeypatch):
    rows = [["厂房项目", f"分项{i}", "3", "否", "0"] for i in range(40)]
    calls = []
    original = services.compute_schedule

    def counting(project, **kwargs):
        calls.append(project.pk)
        return original(project, **kwargs)

    monkeypatch.setattr(services, "compute_schedule", counting)
    job = import_file(site, "projects:task_import", csv_file(rows, TASK_HEADERS))
    assert job.status == BackgroundJob.Status.DONE
    assert calls == [site.project.pk]
    assert ScheduleTask.objects.filter(project=site.project).count() == 43


def test_a_dependency_on_an_unknown_task_is_a_row_error(site):
    job = import_file(
        site,
        "projects:dependency_import",
        csv_file([["厂房项目", "不存在", "验收", "0"]], DEP_HEADERS),
    )
    assert job.status == BackgroundJob.Status.INVALID
    assert job.report["errors"][0]["column"] == "前置任务"


# --- Wall chart ---------------------------------------------------------------------------


def test_wall_chart_rows(site):
    data = selectors.wall_chart(Project.objects.all(), today=date(2024, 4, 1))
    (row,) = data["projects"]
    assert row["name"] == "厂房项目" and row["leader"]
    assert [t["name"] for t in row["tasks"]] == ["设计", "施工", "验收"]
    assert row["span"] == ["2024-03-01", "2024-05-16"]
    assert row["tasks"][1]["plan"] == ["2024-03-13", "2024-05-11"]


def test_wall_chart_query_count_is_fixed(site, world):
    client = world.client("zone_admin")
    url = reverse("projects:wall_chart") + f"?zone={world.zone_a.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(8):
        project = Project.objects.create(
            zone=world.zone_a,
            name=f"重点{i}",
            planned_investment=1,
            key_level=Project.KeyLevel.COUNTY,
            expected_start=date(2024, 1, 1),
            leader=world.users["zone_staff"],
        )
        for j in range(3):
            ScheduleTask.objects.create(project=project, name=f"任务{j}", duration=5 + j)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200 and "重点7" in response.content.decode()
    assert len(many) == len(few)


def test_wall_chart_filters(site, world):
    other = Project.objects.create(
        zone=world.zone_a,
        name="签约项目甲",
        planned_investment=1,
        key_level=Project.KeyLevel.COUNTY,
        stage=Project.Stage.SIGNED,
    )
    Project.objects.create(zone=world.zone_a, name="非重点", planned_investment=1)
    client = world.client("zone_admin")
    base = reverse("projects:wall_chart") + f"?zone={world.zone_a.pk}"
    page = client.get(base).content.decode()
    assert "厂房项目" in page and "签约项目甲" in page and "非重点" not in page
    page = client.get(base + "&level=county").content.decode()
    assert "签约项目甲" in page and "厂房项目" not in page
    page = client.get(base + f"&leader={site.leader.pk}").content.decode()
    assert "厂房项目" in page and other.name not in page
    page = client.get(base + "&stage=signed").content.decode()
    assert "签约项目甲" in page and "厂房项目" not in page


def test_today_moves_statuses_without_edits(site):
    later = date(2024, 3, 1) + timedelta(days=30)
    services.refresh_all_statuses(today=later)
    assert fresh(site.tasks["设计"]).status == St.LATE


def test_wall_chart_opens_on_the_zone_with_key_projects(site, world):
    """The platform admin, who works in no zone, opens the wall chart on the
    zone with most key projects, not on the first zone by name (大同示例, empty)."""
    response = world.client("platform_admin").get(reverse("projects:wall_chart"))
    assert response.status_code == 200
    assert response.context["choice"]["zone"] == world.zone_a
    assert "厂房项目" in response.content.decode()
    response = world.client("platform_admin").get(
        reverse("projects:wall_chart") + f"?zone={world.zone_a2.pk}"
    )
    assert response.context["choice"]["zone"] == world.zone_a2
