"""Issue 13: the wall chart, the lead funnel and a project's schedule mark
sample projects, tasks and leads (and a stated project's invented leader,
agent or deadline) 示例, in their tables and in the charts' tooltips."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from devzone.projects import selectors
from devzone.projects.models import Lead, Project, ScheduleTask
from devzone.projects.tests.test_leads import make_lead

pytestmark = pytest.mark.django_db

MARK = 'data-testid="sample-mark"'


def _project(world, **values) -> Project:
    project = Project.objects.create(
        zone=world.zone_a,
        name="厂房项目",
        planned_investment=Decimal("100000000"),
        key_level=Project.KeyLevel.CITY,
        expected_start=date(2024, 3, 1),
        expected_operation=date(2024, 6, 30),
        **values,
    )
    ScheduleTask.objects.create(project=project, name="主体施工", duration=10)
    ScheduleTask.objects.create(project=project, name="设备安装", duration=5, is_sample=True)
    return project


def _wall(world) -> dict:
    return selectors.wall_chart(Project.objects.all(), today=date(2024, 4, 1))


def test_the_wall_chart_carries_each_project_and_tasks_sample_flag(world):
    _project(world, sample_fields=["expected_operation", "planned_investment"])
    (row,) = _wall(world)["projects"]
    assert row["sample"] is False and row["sample_fields"] == ["deadline"]
    assert row["tasks_sample"] is True
    assert {t["name"]: t["sample"] for t in row["tasks"]} == {"主体施工": False, "设备安装": True}
    Project.objects.update(is_sample=True)
    (row,) = _wall(world)["projects"]
    assert row["sample"] is True and row["sample_fields"] == []  # marked once, as a whole


def _cells(page: str) -> list[str]:
    table = page[page.index('data-testid="wall-table"') :]
    body = table[table.index("<tbody>") :]
    row = body[: body.index("</tr>")]
    return row.split("<td")[1:]


def test_the_wall_table_marks_the_sample_project_its_invented_deadline_and_sample_tasks(world):
    _project(world, sample_fields=["expected_operation"])
    client = world.client("zone_admin")
    page = client.get(reverse("projects:wall_chart") + f"?zone={world.zone_a.pk}")
    name, _stage, _level, leader, _agent, deadline, tasks, _status = _cells(page.content.decode())
    assert MARK not in name and MARK not in leader
    assert MARK in deadline and MARK in tasks
    assert 'data-label-sample="' in page.content.decode()
    Project.objects.update(is_sample=True)
    page = client.get(reverse("projects:wall_chart") + f"?zone={world.zone_a.pk}")
    name, *_rest = _cells(page.content.decode())
    assert MARK in name


def test_the_gantt_tooltip_marks_samples():
    script = (Path(settings.BASE_DIR) / "static/devzone/gantt.js").read_text()
    assert "labelSample" in script and "tooltip-sample" in script
    assert "mark(pr.sample)" in script and "mark(t.sample)" in script
    assert 'invented("deadline")' in script


def test_the_schedule_marks_sample_tasks(world):
    project = _project(world)
    page = world.client("zone_admin").get(project.get_absolute_url()).content.decode()
    rows = page[page.index('data-testid="schedule"') :].split('data-testid="task-row"')[1:]
    by_name = {("设备安装" in r): r[: r.index("</td>")] for r in rows}
    assert MARK in by_name[True] and MARK not in by_name[False]


def test_the_funnel_marks_counts_of_sample_leads(world):
    make_lead(world, stage=Lead.Stage.CONTACT, investor="甲", signed_on=None)
    sample = make_lead(
        world,
        stage=Lead.Stage.NEGOTIATING,
        investor="乙",
        source_region=Lead.SourceRegion.GREATER_BAY,
    )
    Lead.objects.filter(pk=sample.pk).update(is_sample=True)
    steps, regions = selectors.lead_funnel(Lead.objects.all())
    assert [s.any_sample for s in steps] == [True, True, False, False]
    # A rate of this step's leads over the step before's rests on the one before.
    assert [s.rate_sample for s in steps] == [False, True, True, False]
    by_region = {r["region"]: r["samples"] for r in regions}
    assert by_region[str(Lead.SourceRegion.GREATER_BAY.label)] == [True, True, False, False]
    assert by_region[str(Lead.SourceRegion.YANGTZE_DELTA.label)] == [False] * 4

    page = world.client("zone_admin").get(reverse("projects:lead_funnel")).content.decode()
    chart = json.loads(page.split('id="funnel-chart" type="application/json">')[1].split("<")[0])
    assert chart["samples"] == [True, True, False, False] and chart["sample_label"]
    table = page[page.index('data-testid="funnel-table"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")].split("<tr>")[1:]
    assert MARK in body[1] and MARK not in body[3]
    signed_count, signed_rate = body[2].split('<td class="text-end">')[1:3]
    assert MARK not in signed_count and MARK in signed_rate
    regions_table = page[page.index('data-testid="funnel-regions"') :]
    assert MARK in regions_table[: regions_table.index("</table>")]


def test_the_funnel_tooltip_uses_the_sample_formatter():
    script = (Path(settings.BASE_DIR) / "static/devzone/charts.js").read_text()
    assert 'tooltip: { trigger: "item", formatter: tooltip(spec) }' in script
