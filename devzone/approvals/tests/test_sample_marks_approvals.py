"""Issue 13, item 3: the savings averages the seed states (晋城: 3个月,
16万元) carry the seed's sentence; the savings figures, the zone and year
charts' points and the projects API's figures made of sample records say
示例 (sample)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from devzone.approvals import selectors
from devzone.approvals.models import ProjectApproval
from devzone.core.models import User

pytestmark = pytest.mark.django_db

SENTENCE = "平均为每个项目节约前期手续办理时间3个月、节省文本编制费用16万元"


def _load_demo():
    from devzone.approvals import demo
    from devzone.core import demo as core_demo
    from devzone.projects import demo as projects_demo

    core_demo.load()
    projects_demo.load()
    return demo.load()


def test_the_stated_averages_carry_the_seeds_sentence(client):
    _load_demo()
    approvals = ProjectApproval.objects.filter(project__zone__name="晋城经济技术开发区")
    s = selectors.savings(approvals)
    assert SENTENCE in s.source_note and "科学导报" in s.source_note
    assert s.total.figure_is_sample and not s.average_is_sample
    client.force_login(User.objects.get(username="jincheng"))
    html = client.get(reverse("approvals:savings")).content.decode()
    assert SENTENCE in html
    api = client.get("/api/v1/approvals/savings/").json()
    assert SENTENCE in api["average_per_project"]["source_note"]
    assert api["average_per_project"]["figure_is_sample"] is False
    assert api["total"]["figure_is_sample"] is True
    assert all(row["figure_is_sample"] for row in api["by_year"])


def test_a_years_averages_are_samples_not_the_seeds():
    _load_demo()
    approvals = ProjectApproval.objects.filter(project__zone__name="晋城经济技术开发区")
    year = selectors.savings(approvals).years[-1][0]
    s = selectors.savings(approvals, year=year)
    assert s.source_note == "" and s.average_is_sample


def test_figures_of_real_records_are_not_samples(aw):
    s = selectors.savings(ProjectApproval.objects.all())
    assert not s.total.figure_is_sample and not s.average_is_sample and not s.source_note


def test_the_zone_charts_points_flag_samples(aw, client):
    ProjectApproval.objects.filter(pk=aw.commit_b.pk).update(is_sample=True)
    client.force_login(aw.users["platform_admin"])
    response = client.get(reverse("approvals:savings") + "?zone=")
    charts = dict(response.context["charts"])
    zones = [z.zone for z in response.context["s"].zones]
    for spec in charts.values():
        assert spec["categories"] == zones
        flags = dict(zip(spec["categories"], spec["samples"], strict=True))
        assert flags[aw.zone_b.short_name] is True
        assert flags[aw.zone_a.short_name] is False
        assert spec["sample_label"]
    html = response.content.decode()
    assert 'data-testid="sample-mark"' in html  # the totals and zone B's row


def test_the_year_charts_points_flag_samples():
    empty = selectors.Saved()
    sample = selectors.Saved(items=1, days=5, fees=Decimal(1), samples=1)
    from devzone.approvals.views import _savings_charts

    result = selectors.Savings(
        total=sample, projects=[], zones=[], years=[(2023, empty), (2024, sample)], modes=[]
    )
    for _id, spec in _savings_charts(result):
        assert spec["categories"] == ["2023", "2024"]
        assert spec["samples"] == [False, True]


def test_the_projects_api_carries_the_sample_flags(aw):
    ProjectApproval.objects.filter(pk=aw.commit_b.pk).update(is_sample=True)
    api = APIClient()
    api.force_authenticate(aw.users["platform_admin"])
    rows = {r["id"]: r for r in api.get("/api/v1/approvals/projects/").json()}
    assert rows[aw.project_b.pk]["figure_is_sample"] is True
    assert rows[aw.project_a.pk]["figure_is_sample"] is False
    assert rows[aw.project_a.pk]["is_sample"] is False
    one = api.get(f"/api/v1/approvals/projects/{aw.project_b.pk}/").json()
    assert one["is_sample"] is False and one["sample_fields"] == []
    assert one["savings"]["figure_is_sample"] is True
    assert one["items"][0]["is_sample"] is True


def test_the_mode_and_project_rows_flag_sample_items(aw, client):
    ProjectApproval.objects.filter(pk=aw.commit_b.pk).update(is_sample=True)
    modes = {m["mode"]: m for m in selectors.savings(ProjectApproval.objects.all()).modes}
    assert modes["commitment"]["figure_is_sample"] is True
    assert modes["regional"]["figure_is_sample"] is False
    client.force_login(aw.users["platform_admin"])
    html = client.get(reverse("approvals:savings") + "?zone=").content.decode()
    row = html.split('data-mode="commitment"')[1].split("</tr>")[0]
    assert 'data-testid="sample-mark"' in row
    row = html.split('data-mode="regional"')[1].split("</tr>")[0]
    assert 'data-testid="sample-mark"' not in row
    # A stated project whose items are samples: its figures say 示例.
    project_rows = html.split('data-testid="by-project"')[1].split("</tbody>")[0]
    b_row = [r for r in project_rows.split("<tr") if "乙项目" in r][0]
    assert 'data-testid="sample-mark"' in b_row
