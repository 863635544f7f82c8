"""Amounts are typed in the unit the lists show (亿元 for project investment,
万元 for incentives and fees), stored in 元 as Decimal; imports keep their
documented 元 columns."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from devzone.core.forms import MoneyField
from devzone.incentives.tests.test_import_export import run_import
from devzone.projects.models import Project

pytestmark = pytest.mark.django_db


def test_money_field_converts_between_the_unit_and_yuan():
    yi = MoneyField(unit="亿元")
    assert yi.clean("30") == Decimal("3000000000.00")
    assert yi.clean("13.95") == Decimal("1395000000.00")
    assert yi.prepare_value(Decimal("1395000000.00")) == "13.95"
    assert yi.prepare_value("13.95") == "13.95"  # typed text is shown as typed
    assert MoneyField(unit="万元").clean("42.5") == Decimal("425000.00")
    with pytest.raises(ValidationError):
        yi.clean("三十")
    assert MoneyField(unit="万元", required=False).clean("") is None


def test_a_project_is_entered_in_yi_yuan(world):
    client = world.client("zone_admin")
    data = {
        "zone": world.zone_a.pk,
        "name": "三十亿项目",
        "planned_investment": "30",
        "stage": "signed",
    }
    form = client.get(reverse("projects:project_add")).content.decode()
    assert 'data-testid="money-unit">亿元<' in form
    assert client.post(reverse("projects:project_add"), data).status_code == 302
    project = Project.objects.get(name="三十亿项目")
    assert project.planned_investment == Decimal("3000000000.00")
    listed = client.get(reverse("projects:project_list")).content.decode()
    assert "30.00" in listed and "0.00亿" not in listed
    edit = client.get(reverse("projects:project_edit", args=[project.pk])).content.decode()
    assert 'value="30"' in edit


def test_the_project_import_keeps_its_yuan_column(world):
    job = run_import(
        world,
        "projects:project_import",
        ["所属开发区", "项目名称", "计划总投资（元）", "阶段"],
        [[world.zone_a.name, "导入项目", "265000000", "在建"]],
        role="zone_admin",
    )
    assert job.status == job.Status.DONE, job.report
    assert Project.objects.get(name="导入项目").planned_investment == Decimal("265000000.00")
