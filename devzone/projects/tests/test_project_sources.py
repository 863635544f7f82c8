"""Issue 13: a project a published report states carries that report and its
sentence on its record, its list row, its notice board and its approvals page;
of its details, only those the report does not state carry the 示例 mark."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from devzone.core.resources import Column
from devzone.projects.models import Project

pytestmark = pytest.mark.django_db

MARK = 'data-testid="sample-mark"'
SOURCE = "某报《某文》：“甲项目总投资30亿元，预计2030年底投产。”"


def _between(page: str, start: str, end: str) -> str:
    part = page[page.index(start) :]
    return part[: part.index(end)]


def _details(page: str) -> dict[str, bool]:
    """The record page's details: each label, and whether it carries the mark."""
    grid = page[page.index('<div class="datagrid">') :]
    items = re.findall(
        r'<div class="datagrid-title">(.*?)</div><div class="datagrid-content">(.*?)</div></div>',
        grid,
        flags=re.S,
    )
    return {title: MARK in content for title, content in items}


def _labels(names) -> set[str]:
    return {capfirst(str(Column(name).header(Project))) for name in names}


def _stated_project(world, **values) -> Project:
    return Project.objects.create(
        zone=world.zone_a,
        name="甲项目",
        planned_investment=Decimal("3000000000"),
        key_level=Project.KeyLevel.CITY,
        expected_operation=date(2030, 12, 31),
        leader=world.users["zone_admin"],
        agent=world.users["zone_staff"],
        notice_board=True,
        source_note=SOURCE,
        sample_fields=["agent", "key_level", "leader"],
        **values,
    )


def test_a_stated_projects_pages_give_its_source_and_mark_only_its_invented_details(world):
    project = _stated_project(world)
    client = world.client("zone_admin")
    with translation.override("zh-hans"):
        page = client.get(project.get_absolute_url()).content.decode()
        marked = _labels(["agent", "key_level", "leader"])
    source = _between(page, 'data-testid="record-source"', "</div></div>")
    assert "来源" in source and SOURCE in source and MARK not in source
    assert MARK not in _between(page, "page-title", "</h2>")  # the project itself is stated
    details = _details(page)
    assert {label for label, has_mark in details.items() if has_mark} == marked
    assert len(details) > len(marked)  # the rest are shown, unmarked

    page = client.get(reverse("projects:project_list")).content.decode()
    row = _between(page, ">甲项目</a>", "</tr>")
    assert 'data-testid="source-mark"' in row and SOURCE in row
    assert row.count(MARK) == 3  # its sample key level, leader and agent, not its name

    page = world.client("anonymous").get(reverse("notice:board", args=[project.notice_code]))
    page = page.content.decode()
    assert SOURCE in _between(page, 'data-testid="notice-source"', "</div>")
    assert MARK not in _between(page, 'data-testid="notice-title"', "</h1>")
    assert MARK in _between(page, 'data-testid="notice-leader"', "</div>")

    page = client.get(reverse("approvals:project", args=[project.pk])).content.decode()
    assert SOURCE in _between(page, 'data-testid="project-source"', "</div>")


def test_a_sample_project_shows_the_mark_and_no_source_and_the_api_answers_the_source(world):
    project = _stated_project(world)
    url = f"/api/v1/projects/projects/{project.pk}/"
    response = world.client("zone_admin").get(url)
    data = response.json()
    assert data["source_note"] == SOURCE and data["sample_fields"] == [
        "agent",
        "key_level",
        "leader",
    ]
    # The source is the loader's to state, not an editor's: the API does not write it.
    response = world.client("zone_admin").patch(
        url,
        {"source_note": "伪造", "description": "改"},
        content_type="application/json",
        headers={"If-Match": response.headers["ETag"]},
    )
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.description == "改" and project.source_note == SOURCE

    Project.objects.filter(pk=project.pk).update(is_sample=True)
    page = world.client("zone_admin").get(project.get_absolute_url()).content.decode()
    assert 'data-testid="record-source"' not in page
    assert MARK in _between(page, "page-title", "</h2>")


def test_the_demos_stated_projects_quote_the_seed(demo_database, client):
    """火山云太行算力中心 on the demo: the seed's sentence on its record; its
    invented level, industry, plan and people marked, its stated November not."""
    from devzone.core.models import User

    client.force_login(User.objects.get(username="guangling"))
    compute = Project.objects.get(name="火山云太行算力中心")
    with translation.override("zh-hans"):
        page = client.get(compute.get_absolute_url()).content.decode()
        marked = _labels(compute.sample_fields)
        operation = _labels(["expected_operation"])
    source = _between(page, 'data-testid="record-source"', "</div></div>")
    assert "科学导报《吹响决战决胜四季度“冲锋号”》" in source
    assert "累计上报投资13.95亿元，占全区工业投资的89.4%" in source
    details = _details(page)
    shown_marked = {label for label, has_mark in details.items() if has_mark}
    assert shown_marked == marked & set(details)
    assert {"planned_investment", "key_level", "leader"} <= set(compute.sample_fields)
    assert not any(details[label] for label in operation)
    for name in ("创新创业孵化园", "创新创业孵化园（一期）", "创新创业孵化园（二期）"):
        stated = Project.objects.get(name=name)
        assert (
            not stated.is_sample
            and "科学导报《构筑发展新高地 培育发展新动能》" in stated.source_note
        )
    for sample in Project.objects.filter(is_sample=True):
        assert sample.source_note == "", sample.name

    # 广灵's dashboard: the projects' share of its 工业投资 names the seed
    # beside the project and beside the zone's stated figure.
    page = client.get(reverse("stats:dashboard", args=[compute.zone_id])).content.decode()
    rollup = page[page.index('data-testid="project-rollup"') :]
    assert "工业投资" in _between(rollup, "card-title", "</h3>")
    zone_figure = _between(rollup, 'data-testid="rollup-zone"', "</div>")
    assert "15.61" in zone_figure and "前三季度，共完成工业投资15.61亿元" in zone_figure
    assert MARK not in zone_figure
    assert MARK not in _between(rollup, 'data-testid="rollup-share"', "</div>")
    row = _between(rollup, 'data-testid="rollup-project"', "</tr>")
    assert "火山云太行算力中心" in row and "89.4%" in row
    assert "13.95亿元" in _between(row, 'data-testid="source-mark"', "</span>")
    assert MARK not in row
    # Beside the sample 固定资产投资, the same project's share rests on a sample: marked.
    rollup = rollup[rollup.index('data-testid="project-rollup"', 10) :]
    assert "固定资产投资" in _between(rollup, "card-title", "</h3>")
    assert MARK in _between(rollup, 'data-testid="rollup-zone"', "</div>")
    assert MARK in _between(rollup, 'data-testid="rollup-share"', "</div>")
    assert MARK in _between(rollup, 'data-testid="rollup-project-share"', "</td>")
