"""Benchmarks of investment projects at national scale (run by ``make bench``
after the statistics ones): 100,000 projects across the generated zones, a
5,000-task schedule, a zone's wall chart of 300 key projects, and the project
list's query count on its first and last page.

Each timing is server time in-process (Django's test client through every
middleware, or the function alone)."""

from __future__ import annotations

import gc
import random
import secrets
import time
from datetime import date

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from devzone.core.models import Zone
from devzone.stats.benchmarks import Timing, _admin, _time
from devzone.stats.generator import generated_zones

from . import services
from .models import Project, ScheduleTask, TaskDependency
from .scheduling import Dependency, Task, schedule

PROJECT_PREFIX = "生成项目"
PROJECTS_PER_ZONE = 37  # 2,699 zones → 99,863 projects, plus the wall-chart zone's 300
WALL_PROJECTS = 300
# generate()'s arguments for the smallest data set, as the unit tests run it.
TINY = {"projects_per_zone": 2, "wall_projects": 2}
WALL_TASKS = 10
SCHEDULE_TASKS = 5000


def generated_projects():
    return Project.objects.filter(name__startswith=PROJECT_PREFIX)


def _code() -> str:
    return secrets.token_urlsafe(8)[:10]


def clear() -> None:
    """Remove the generated projects (before the zones they are in are regenerated)."""
    ScheduleTask.objects.filter(project__in=generated_projects()).delete()
    generated_projects().delete()


@transaction.atomic
def generate(
    log=print, *, projects_per_zone: int = PROJECTS_PER_ZONE, wall_projects: int = WALL_PROJECTS
) -> dict[str, int]:
    """Projects in every generated zone; in the first zone, 300 key projects of
    ten tasks each with their schedules computed."""
    rng = random.Random(20241130)
    clear()
    zones = list(generated_zones().order_by("pk").values_list("pk", flat=True))
    stages = list(Project.Stage.values)
    levels = ["", "", "", Project.KeyLevel.COUNTY, Project.KeyLevel.CITY, Project.KeyLevel.PROVINCE]
    now = timezone.now()
    batch = []
    wall_zone = zones[0]
    for zone_id in zones[1:]:
        for i in range(projects_per_zone):
            batch.append(
                Project(
                    zone_id=zone_id,
                    name=f"{PROJECT_PREFIX}{zone_id}-{i:03d}",
                    planned_investment=rng.randrange(10, 5000) * 1_000_000,
                    stage=stages[rng.randrange(len(stages))],
                    key_level=levels[rng.randrange(len(levels))],
                    expected_start=date(2024, 1 + i % 12, 1),
                    notice_code=_code(),
                    is_sample=True,
                    created_at=now,
                    updated_at=now,
                )
            )
            if len(batch) >= 5000:
                Project.objects.bulk_create(batch)
                batch = []
    Project.objects.bulk_create(batch)
    key = [
        Project(
            zone_id=wall_zone,
            name=f"{PROJECT_PREFIX}重点{i:03d}",
            planned_investment=rng.randrange(100, 5000) * 1_000_000,
            stage=Project.Stage.BUILDING,
            key_level=Project.KeyLevel.CITY,
            expected_start=date(2024, 1 + i % 12, 1),
            expected_operation=date(2027, 12, 31),
            notice_code=_code(),
            is_sample=True,
        )
        for i in range(wall_projects)
    ]
    Project.objects.bulk_create(key)
    key = list(generated_projects().filter(zone_id=wall_zone, key_level=Project.KeyLevel.CITY))
    tasks = [
        ScheduleTask(
            project=p,
            name=f"任务{j}",
            duration=rng.randrange(10, 60),
            working_days=j % 3 == 0,
            actual_start=date(2024, 1 + p.pk % 12, 1) if j == 0 else None,
            percent_complete=40 if j == 0 else 0,
            is_sample=True,
        )
        for p in key
        for j in range(WALL_TASKS)
    ]
    ScheduleTask.objects.bulk_create(tasks, batch_size=5000)
    by_project: dict[int, list[ScheduleTask]] = {}
    for t in ScheduleTask.objects.filter(project__in=key).order_by("pk"):
        by_project.setdefault(t.project_id, []).append(t)
    links = [
        TaskDependency(before=ts[j - 1], after=ts[j], lag=j % 3, is_sample=True)
        for ts in by_project.values()
        for j in range(1, len(ts))
    ]
    TaskDependency.objects.bulk_create(links, batch_size=5000)
    for p in key:
        services.compute_schedule(p)
    log(f"{generated_projects().count()} projects, {len(tasks)} tasks in zone {wall_zone}")
    return {"projects": generated_projects().count(), "tasks": len(tasks)}


def _big_schedule(n: int) -> tuple[list[Task], list[Dependency]]:
    """``n`` tasks in layers of 50, each depending on up to three of the layer
    before; a third count working days."""
    rng = random.Random(5000)
    tasks = [Task(f"t{i}", rng.randrange(1, 30), i % 3 == 0) for i in range(n)]
    deps = []
    for i in range(50, n):
        layer_start = (i // 50 - 1) * 50
        for k in rng.sample(range(layer_start, layer_start + 50), rng.randrange(1, 4)):
            deps.append(Dependency(f"t{k}", f"t{i}", rng.randrange(0, 3)))
    return tasks, deps


def _queries(client, url) -> int:
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200
    return len(executed)


def run(*, runs: int) -> list[str]:
    if not generated_projects().exists():
        generate()
    # As the WSGI entry point does (devzone/wsgi.py): what is loaded stays out
    # of the collector's full passes.
    gc.collect()
    gc.freeze()
    projects = Project.objects.count()
    tasks, deps = _big_schedule(SCHEDULE_TASKS)
    start = date(2024, 3, 1)
    result = schedule(tasks, deps, start=start)
    pure = Timing("schedule()", _time(lambda: schedule(tasks, deps, start=start), runs))
    with_deadline = Timing(
        "schedule() with a deadline",
        _time(lambda: schedule(tasks, deps, start=start, deadline=result.finish), runs),
    )
    wall_zone = (
        generated_projects()
        .filter(key_level=Project.KeyLevel.CITY, name__contains="重点")
        .values_list("zone_id", flat=True)
        .first()
    )
    client = Client()
    client.force_login(_admin())
    wall_url = f"/projects/wall-chart/?zone={wall_zone}"
    api_url = f"/api/v1/projects/projects/wall-chart/?zone={wall_zone}"
    wall_projects = len(client.get(api_url).json()["projects"])
    wall_tasks = ScheduleTask.objects.filter(project__zone_id=wall_zone).count()
    wall_page = Timing("wall chart page", _time(lambda: client.get(wall_url), runs))
    wall_api = Timing("wall chart API", _time(lambda: client.get(api_url), runs))
    list_url = "/projects/projects/"
    last_page = (projects + 24) // 25
    first_queries = _queries(client, list_url)
    last_queries = _queries(client, f"{list_url}?page={last_page}")
    zone_queries = _queries(client, f"{list_url}?zone={wall_zone}")
    list_page = Timing("project list", _time(lambda: client.get(list_url), max(5, runs // 5)))
    t0 = time.perf_counter()
    services.refresh_all_statuses()
    scan = time.perf_counter() - t0
    open_tasks = ScheduleTask.objects.exclude(status=ScheduleTask.Status.DONE).count()
    zone_name = Zone.objects.get(pk=wall_zone).name
    return [
        f"Projects: {projects:,} in all; the wall-chart zone ({zone_name}) has {wall_projects} key "
        f"projects with {wall_tasks:,} tasks.",
        "",
        "| benchmark | runs | p50 (ms) | p95 (ms) | target |",
        "|---|---:|---:|---:|---|",
        f"| schedule of {len(tasks):,} tasks, {len(deps):,} dependencies (forward and backward passes) "
        f"| {runs} | {pure.p50:.1f} | {pure.p95:.1f} | < 100 |",
        f"| the same, from a deadline | {runs} | {with_deadline.p50:.1f} | {with_deadline.p95:.1f} | < 100 |",
        f"| wall chart page, {wall_projects} key projects | {runs} | {wall_page.p50:.1f} | {wall_page.p95:.1f} | p95 < 200 |",
        f"| wall chart API (JSON) | {runs} | {wall_api.p50:.1f} | {wall_api.p95:.1f} | p95 < 200 |",
        f"| project list, first page of {projects:,} (platform admin) | {max(5, runs // 5)} | "
        f"{list_page.p50:.1f} | {list_page.p95:.1f} | — |",
        "",
        f"- Project list queries: first page {first_queries}, last page (page {last_page:,}) "
        f"{last_queries}, one zone {zone_queries}: the same whatever the page or the data.",
        f"- Daily status scan over {open_tasks:,} unfinished tasks: {scan:.2f} s.",
    ]
