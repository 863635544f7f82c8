"""Issue 13: what the seed does not state carries the 示例 / Sample mark on every
page, export and API answer that shows it; a stated record with invented
details marks just those details; a stated figure shows its source instead."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from devzone.core.models import BackgroundJob, Enterprise
from devzone.core.tests.test_import_export import csv_file, last_job

pytestmark = pytest.mark.django_db

MARK = 'data-testid="sample-mark"'
SOURCE = 'data-testid="source-mark"'


def render(text: str, **context) -> str:
    return Template("{% load core_tags %}" + text).render(Context(context))


def stated_with_sample_details(world) -> Enterprise:
    """甲企业 as the seed names it, with a credit code and head count it does not give."""
    ent = world.ent_a
    Enterprise.objects.filter(pk=ent.pk).update(
        is_sample=False, sample_fields=["credit_code", "employees"]
    )
    ent.refresh_from_db()
    return ent


def test_the_mark_says_sample_in_both_languages_and_why(world):
    world.ent_a.is_sample = True
    with translation.override("zh-hans"):
        html = render("{% sample_mark e %}", e=world.ent_a)
    assert MARK in html and ">示例<" in html and "为演示虚构" in html
    with translation.override("en"):
        html = render("{% sample_mark e %}", e=world.ent_a)
    assert ">Sample<" in html and "not stated in the source" in html


def test_a_sample_record_is_marked_once_a_stated_one_only_on_its_invented_details(world):
    ent = stated_with_sample_details(world)
    assert render("{% sample_mark e %}", e=ent) == ""
    assert MARK in render('{% sample_mark e "credit_code" %}', e=ent)
    assert render('{% sample_mark e "name" %}', e=ent) == ""
    ent.is_sample = True
    # A sample record carries one mark, not one per detail.
    assert MARK in render("{% sample_mark e %}", e=ent)
    assert render('{% sample_mark e "credit_code" %}', e=ent) == ""


def test_a_stated_figure_shows_its_source_instead_of_the_mark(world):
    class Figure:
        is_sample = False
        source_note = "科学导报：全区规模以上工业增加值总量114.0亿元"

    html = render("{% sample_mark f %}", f=Figure())
    assert SOURCE in html and "114.0亿元" in html and MARK not in html
    Figure.is_sample = True
    html = render("{% sample_mark f %}", f=Figure())
    assert MARK in html and SOURCE not in html


def test_list_page_marks_the_invented_cells_of_a_stated_record(world):
    ent = stated_with_sample_details(world)
    page = world.client("zone_staff").get(reverse("core:enterprise_list")).content.decode()
    row = page[page.index(ent.name) :]
    row = row[: row.index("</tr>")]
    code_cell = row[row.index(ent.credit_code) :]
    assert MARK in code_cell[: code_cell.index("</td>")]
    name_cell = row[: row.index("</td>")]
    assert MARK not in name_cell  # the seed gives the name

    Enterprise.objects.filter(pk=ent.pk).update(sample_fields=[])
    page = world.client("zone_staff").get(reverse("core:enterprise_list")).content.decode()
    row = page[page.index(ent.name) :]
    assert MARK not in row[: row.index("</tr>")]


def test_detail_page_marks_the_invented_details_only(world):
    ent = stated_with_sample_details(world)
    page = world.client("zone_staff").get(ent.get_absolute_url()).content.decode()
    title = page[page.index("<title>") : page.index('class="datagrid"')]
    assert MARK not in title.split("page-title")[-1][:400]
    items = page.split('class="datagrid-item"')[1:]
    marked = [item for item in items if MARK in item]
    assert len(marked) == 2
    assert any(ent.credit_code in item for item in marked)

    Enterprise.objects.filter(pk=ent.pk).update(is_sample=True, sample_fields=[])
    page = world.client("zone_staff").get(ent.get_absolute_url()).content.decode()
    items = page.split('class="datagrid-item"')[1:]
    assert not any(MARK in item for item in items)
    assert MARK in page  # once, beside the title


def test_exports_say_what_is_invented_and_import_back_unchanged(world):
    ent = stated_with_sample_details(world)
    client = world.client("zone_staff")
    with translation.override("zh-hans"):
        response = client.get(reverse("core:enterprise_export") + "?format=csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    headers = lines[0].split(",")
    assert headers[-2:] == ["示例数据", "示例内容"]
    row = next(line for line in lines[1:] if ent.name in line).split(",")
    assert row[-2] == "否"
    assert set(row[-1].split("、")) == {
        str(Enterprise._meta.get_field("credit_code").verbose_name),
        str(Enterprise._meta.get_field("employees").verbose_name),
    }

    # A file with the export's sample columns imports as if they were not
    # there: no "unknown column", and nothing changes.
    before = Enterprise.objects.values().get(pk=ent.pk)
    file = csv_file(
        [[world.zone_a.name, ent.credit_code, ent.name, ent.industry_code, "否", row[-1]]],
        headers=["所属开发区", "统一社会信用代码", "企业名称", "行业代码", *headers[-2:]],
    )
    client.post(reverse("core:enterprise_import"), {"file": file})
    job = last_job()
    assert job.report["errors"] == []
    assert job.status == BackgroundJob.Status.PREVIEW and job.report["update"] == 1
    client.post(reverse("core:job_confirm", args=[job.pk]))
    after = Enterprise.objects.values().get(pk=ent.pk)
    changed = {k for k in before if before[k] != after[k]} - {"updated_at", "version"}
    assert changed == set()


def test_every_api_answer_says_what_is_invented_and_the_api_cannot_change_it(world):
    from devzone.testing import if_match

    ent = stated_with_sample_details(world)
    client = world.client("zone_staff")
    data = client.get(f"/api/v1/enterprises/{ent.pk}/").json()
    assert data["is_sample"] is False
    assert sorted(data["sample_fields"]) == ["credit_code", "employees"]
    response = client.patch(
        f"/api/v1/enterprises/{ent.pk}/",
        {"sample_fields": []},
        content_type="application/json",
        **if_match(ent),
    )
    assert response.status_code == 200
    ent.refresh_from_db()
    assert ent.sample_fields == ["credit_code", "employees"]  # the demo's, read-only


def test_a_serializer_that_named_no_sample_flag_answers_it_read_only(world):
    from datetime import date

    from devzone.projects.models import Project, ScheduleTask, TaskDependency

    project = Project.objects.create(
        zone=world.zone_a, name="甲项目", planned_investment=1, expected_start=date(2030, 1, 2)
    )
    first = ScheduleTask.objects.create(project=project, name="一", duration=5)
    second = ScheduleTask.objects.create(project=project, name="二", duration=5)
    link = TaskDependency.objects.create(before=first, after=second, is_sample=True)
    data = world.client("zone_staff").get(f"/api/v1/projects/dependencies/{link.pk}/").json()
    assert data["is_sample"] is True and data["sample_fields"] == []


def _between(page: str, start: str, end: str) -> str:
    part = page[page.index(start) :]
    return part[: part.index(end)]


def test_the_demo_marks_what_the_seed_does_not_state_on_every_page_type(demo_database, client):
    """On the demo: 晋城's dashboard and ranking open on the seed's 114.0亿元
    with its source, invented figures carry the mark (cards, rows, chart
    points, API); a seed project's board and approvals mark its invented
    people, dates and items, not the project."""
    import json

    from devzone.core.models import User, Zone
    from devzone.projects.models import Project
    from devzone.stats.models import Indicator

    jincheng = Zone.objects.get(name="晋城经济技术开发区")
    client.force_login(User.objects.get(username="jincheng"))

    with translation.override("zh-hans"):
        page = client.get(reverse("stats:dashboard", args=[jincheng.pk])).content.decode()
    iva = _between(page, 'data-indicator="industrial_value_added"', 'data-testid="card-growth"')
    assert "114.00" in iva and SOURCE in iva and "全区规模以上工业增加值总量114.0亿元" in iva
    assert MARK not in iva
    output = _between(page, 'data-indicator="industrial_output"', 'data-testid="card-value"')
    assert MARK in output
    iva_pk = Indicator.objects.get(code="industrial_value_added").pk
    chart = json.loads(_between(page, f'<script id="trend-{iva_pk}"', "</script>").split(">", 1)[1])
    assert chart["categories"][-1] == "2024-06"
    assert chart["samples"][-1] is False and "114.0亿元" in chart["sources"][-1]
    assert chart["samples"][0] is True  # 2023's months are invented

    api = client.get(f"/api/v1/stats/zones/{jincheng.pk}/dashboard/").json()
    card = next(c for c in api["indicators"] if c["indicator"] == "industrial_value_added")
    assert card["is_sample"] is False and "114.0亿元" in card["source_note"]
    assert card["trend"][-1]["is_sample"] is False
    assert any(point["is_sample"] for point in card["trend"])

    page = client.get(reverse("stats:ranking")).content.decode()
    ranking = json.loads(_between(page, '<script id="ranking-chart"', "</script>").split(">", 1)[1])
    first = ranking["categories"].index(jincheng.short_name)
    assert ranking["values"][first] == 114.0 and "114.0亿元" in ranking["sources"][first]
    assert any(ranking["samples"])
    row = _between(page, 'data-own="true"', "</tr>")
    assert SOURCE in row and MARK not in row

    park = Project.objects.get(name="创新创业孵化园（二期）")
    page = client.get(reverse("notice:board", args=[park.notice_code])).content.decode()
    assert MARK not in _between(page, 'data-testid="notice-title"', "</h1>")
    assert MARK in _between(page, 'data-testid="notice-leader"', "</div>")
    assert MARK in _between(page, 'data-testid="notice-agent"', "</div>")
    assert MARK in _between(page, 'data-testid="notice-schedule"', "</table>")

    seed_project = Project.objects.get(name="光机电产业集聚区基础设施及标准厂房")
    page = client.get(reverse("approvals:project", args=[seed_project.pk])).content.decode()
    assert MARK not in _between(page, "page-title", "</h2>")
    assert MARK in _between(page, 'data-testid="project-days"', "</div>")
    assert MARK in _between(page, 'data-testid="project-fees"', "</div></div>")
    rows = page.split('data-testid="item-row"')[1:]
    assert rows and all(MARK in r.split("</tr>")[0] for r in rows)

    firm = Enterprise.objects.get(name="舜天服饰")
    assert not firm.is_sample and "credit_code" in firm.sample_fields
    _figures_made_of_samples_say_so(client, jincheng)


def _figures_made_of_samples_say_so(client, jincheng):
    """Aggregates, comparisons and spreadsheets of the demo: the mark where
    they rest on invented records or figures, the source where stated."""
    import io
    import json

    from python_calamine import CalamineWorkbook

    from devzone.core.models import User
    from devzone.stats.models import Indicator

    iva = Indicator.objects.get(code="industrial_value_added")
    page = client.get(reverse("desk:dashboard") + f"?zone={jincheng.pk}").content.decode()
    assert MARK in _between(page, 'data-testid="card-open"', "</div>")
    ages = json.loads(_between(page, '<script id="chart-ages"', "</script>").split(">", 1)[1])
    assert ages["samples"] and all(ages["samples"])
    page = client.get(reverse("approvals:overview")).content.decode()
    row = _between(page, ">光机电产业集聚区基础设施及标准厂房<", "</tr>")
    assert row.count(MARK) >= 3  # its sample agent, days and fees saved
    page = client.get(
        reverse("stats:compare")
        + f"?zones={jincheng.pk}&indicator={iva.pk}&start=2024-05&end=2024-06"
    ).content.decode()
    row = _between(page, "<tbody>", "</tr>")
    may, june = row.split('<td class="text-end">')[1:3]
    assert MARK in may and SOURCE in june and MARK not in june

    with translation.override("zh-hans"):
        sheet = client.get(reverse("stats:dashboard", args=[jincheng.pk]) + "?format=xlsx").content
        rows = CalamineWorkbook.from_filelike(io.BytesIO(sheet)).get_sheet_by_index(0).to_python()
    assert rows[0][-2:] == ["示例", "来源"]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name[iva.name][-2] == "" and "114.0亿元" in by_name[iva.name][-1]
    assert by_name[Indicator.objects.get(code="industrial_output").name][-2] == "示例"

    client.force_login(User.objects.get(username="admin"))
    page = client.get(reverse("projects:project_list")).content.decode()
    assert MARK in page[: page.index('data-testid="object-table"')]  # the rates cards
    client.force_login(User.objects.get(username="shanxi"))
    page = client.get("/").content.decode()
    region = _between(page, 'data-testid="home-region"', "</table>")
    assert MARK in region and SOURCE in region  # 晋城 first on the seed's figure
