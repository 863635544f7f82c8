"""The benchmark generators against the current schema, at a tiny size, on
the test database (SQLite and PostgreSQL alike): a field added without
teaching a generator about it fails here, in `make test`, not in `make bench`."""

from decimal import Decimal

import pytest

from devzone.core.bulk import complete_columns, copy_rows
from devzone.desk.models import ServiceRequest
from devzone.stats.generator import Size, generate, generated_zones
from devzone.stats.management.commands import run_benchmarks
from devzone.stats.models import Indicator, IndicatorValue

TINY = Size(zones=3, months=14, enterprises_per_zone=2, report_months=3)


@pytest.mark.django_db
def test_every_app_generator_writes_the_current_schema():
    modules = run_benchmarks.app_benchmark_modules()
    names = {m.__name__ for m in modules}
    assert {"devzone.projects.benchmarks", "devzone.desk.benchmarks"} <= names
    counts = generate(TINY, log=lambda _line: None)
    assert counts["zones"] == 3
    assert counts["values"] > 0 and counts["reports"] > 0
    for module in modules:
        produced = module.generate(log=lambda _line: None, **module.TINY)
        assert produced and all(n > 0 for n in produced.values()), module.__name__
    assert generated_zones().count() == 3
    # Generating again replaces the data set rather than adding to it.
    for module in reversed(modules):
        module.clear()
    again = generate(TINY, log=lambda _line: None)
    assert again == counts


def test_copy_rows_fills_defaults_the_rows_leave_out():
    # The column the desk generator once left out (issue: CI red on a fresh machine).
    listed = [
        f.column
        for f in ServiceRequest._meta.concrete_fields
        if f.column != "rated_on_callback" and not f.primary_key
    ]
    assert complete_columns(ServiceRequest, listed) == (["rated_on_callback"], [False])


def test_copy_rows_refuses_rows_without_a_required_column():
    with pytest.raises(ValueError, match="zone_id"):
        complete_columns(IndicatorValue, ["indicator_id", "year", "month", "value"])
    with pytest.raises(ValueError, match="no column nonsense"):
        complete_columns(IndicatorValue, ["nonsense"])


@pytest.mark.django_db
def test_copy_rows_inserts_with_defaults():
    generate(Size(zones=1, months=1, enterprises_per_zone=0), log=lambda _l: None)
    IndicatorValue.objects.all().delete()
    zone_id = generated_zones().get().pk
    indicator = Indicator.objects.order_by("pk").first()
    copy_rows(
        IndicatorValue,
        ["zone_id", "indicator_id", "year", "month", "value"],
        [(zone_id, indicator.pk, 2024, 3, "12.50")],
    )
    value = IndicatorValue.objects.get()
    assert value.version == 1
    assert value.created_at is not None
    assert value.value == Decimal("12.50")


@pytest.mark.django_db
def test_data_set_is_regenerated_when_the_schema_or_size_differs():
    assert run_benchmarks.dataset_state() is None
    schema = run_benchmarks.schema_fingerprint()
    run_benchmarks.record_dataset_state(3, 14, schema)
    assert run_benchmarks.dataset_state() == (3, 14, schema)
    run_benchmarks.record_dataset_state(60, 24, "other")
    assert run_benchmarks.dataset_state() == (60, 24, "other")
