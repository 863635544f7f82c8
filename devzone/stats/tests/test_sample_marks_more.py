"""Issue 13: the comparison's spreadsheet says which figures are samples and
where the stated ones come from, as the ranking and dashboard sheets do."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from python_calamine import CalamineWorkbook

from devzone.core.models import User, Zone
from devzone.stats.models import Indicator

pytestmark = pytest.mark.django_db


def test_the_comparison_sheet_marks_sample_figures_and_gives_the_stated_source(
    demo_database, client
):
    jincheng = Zone.objects.get(name="晋城经济技术开发区")
    iva = Indicator.objects.get(code="industrial_value_added")
    client.force_login(User.objects.get(username="jincheng"))
    with translation.override("zh-hans"):
        sheet = client.get(
            reverse("stats:compare")
            + f"?zones={jincheng.pk}&indicator={iva.pk}&start=2024-05&end=2024-06&format=xlsx"
        ).content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(sheet)).get_sheet_by_index(0).to_python()
    assert rows[0] == ["开发区", "2024-05", "2024-06", "示例", "来源"]
    sample, source = rows[1][-2:]
    assert "2024-05" in sample and "2024-06" not in sample
    assert source.startswith("2024-06: ") and "114.0亿元" in source
