"""A deterministic national data set for benchmarks: zones in every city of
China, thirty indicators, N months of approved figures, enterprises with their
reports. The same arguments always give the same data."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from devzone.core.bulk import copy_rows
from devzone.core.models import Enterprise, Region, Zone
from devzone.core.regions import regions_load
from devzone.core.validators import credit_code_check_character

from .catalogue import catalogue_load
from .models import EnterpriseReport, Indicator, IndicatorValue
from .periods import Period

ZONE_PREFIX = "生成开发区"
# (part, whole): the hard audit rules' parts and wholes.
PARTS = [
    ("industrial_investment", "fixed_asset_investment"),
    ("infrastructure_investment", "fixed_asset_investment"),
    ("industrial_value_added", "industrial_output"),
    ("exports", "import_export"),
]


@dataclass
class Size:
    zones: int = 2700
    months: int = 120
    enterprises_per_zone: int = 20
    report_months: int = 12
    end: Period = Period(2024, 12)


def generated_zones():
    return Zone.objects.filter(name__contains=ZONE_PREFIX)


@transaction.atomic
def generate(size: Size, log=print) -> dict[str, int]:
    """Replace any earlier generated data with a fresh set of ``size``."""
    rng = random.Random(20241231)
    regions_load()
    catalogue_load()
    EnterpriseReport.objects.filter(enterprise__zone__in=generated_zones()).delete()
    IndicatorValue.objects.filter(zone__in=generated_zones()).delete()
    Enterprise.objects.filter(zone__in=generated_zones()).delete()
    generated_zones().delete()
    cities = list(Region.objects.filter(level="city").order_by("code"))
    types = [
        Zone.ZoneType.ETDZ,
        Zone.ZoneType.HIGH_TECH,
        Zone.ZoneType.ECONOMIC,
        Zone.ZoneType.BONDED,
        Zone.ZoneType.ECO_TOURISM,
        Zone.ZoneType.AGRICULTURE,
    ]
    categories = {
        Zone.ZoneType.ECO_TOURISM: Zone.Category.ECO_TOURISM,
        Zone.ZoneType.AGRICULTURE: Zone.Category.AGRICULTURAL,
    }
    now = timezone.now()
    zones = []
    for n in range(size.zones):
        city = cities[n % len(cities)]
        ztype = types[rng.randrange(len(types))] if n % 3 else Zone.ZoneType.ETDZ
        zones.append(
            Zone(
                name=f"{city.name}{ZONE_PREFIX}{n:04d}",
                short_name=f"{city.name[:2]}{n:04d}",
                zone_type=ztype,
                level=Zone.Level.NATIONAL if n % 5 == 0 else Zone.Level.PROVINCIAL,
                category=categories.get(ztype, Zone.Category.INDUSTRIAL),
                region=city,
                is_sample=True,
                created_at=now,
                updated_at=now,
            )
        )
    Zone.objects.bulk_create(zones, batch_size=1000)
    zones = list(generated_zones().order_by("pk").values_list("pk", "region__code"))
    log(f"{len(zones)} zones")
    indicators = list(Indicator.objects.filter(is_active=True).order_by("sort_order")[:30])
    periods = [size.end.shift(-i) for i in range(size.months - 1, -1, -1)]
    columns = [
        "zone_id",
        "indicator_id",
        "year",
        "month",
        "value",
        "stated_growth",
        "status",
        "source",
        "source_note",
        "created_at",
        "updated_at",
        "version",
        "is_sample",
    ]

    def value_rows():
        for zone_id, _code in zones:
            levels = {
                ind.code: (
                    Decimal(rng.lognormvariate(20, 1.2)).quantize(Decimal("0.01")),
                    1 + rng.uniform(-0.05, 0.15),
                )
                for ind in indicators
            }
            # A part is a share of its whole, growing alike, as the audit rules require.
            for part, whole in PARTS:
                if part in levels and whole in levels:
                    base, trend = levels[whole]
                    share = Decimal(rng.uniform(0.3, 0.8))
                    levels[part] = ((base * share).quantize(Decimal("0.01")), trend)
            for ind in indicators:
                base, trend = levels[ind.code]
                for period in periods:
                    if period.month == 1 and not ind.january_reported:
                        continue
                    years = period.year - periods[0].year
                    level = float(base) * trend**years
                    if ind.kind == Indicator.Kind.FLOW:
                        level = level * period.month / 12
                    growth = round(rng.uniform(-10, 30), 1)
                    yield (
                        zone_id,
                        ind.pk,
                        period.year,
                        period.month,
                        f"{level:.2f}",
                        growth,
                        "approved",
                        "import",
                        "generated",
                        now,
                        now,
                        1,
                        True,
                    )

    copy_rows(IndicatorValue, columns, value_rows())
    value_count = IndicatorValue.objects.filter(zone__in=generated_zones()).count()
    log(f"{value_count} indicator values")
    enterprises = []
    serial = 0
    for zone_id, code in zones:
        for _i in range(size.enterprises_per_zone):
            serial += 1
            body = f"91{code}MA{serial:07d}"[:17]
            enterprises.append(
                Enterprise(
                    zone_id=zone_id,
                    credit_code=body + credit_code_check_character(body),
                    name=f"生成企业{serial:07d}",
                    industry_code="C33",
                    scale="above",
                    employees=rng.randint(20, 2000),
                    is_sample=True,
                    created_at=now,
                    updated_at=now,
                )
            )
    Enterprise.objects.bulk_create(enterprises, batch_size=5000)
    enterprise_ids = list(
        Enterprise.objects.filter(zone__in=generated_zones()).values_list("pk", flat=True)
    )
    report_indicators = list(
        Indicator.objects.filter(enterprise_level=True, kind=Indicator.Kind.FLOW)
    )
    report_periods = periods[-size.report_months :]

    def report_rows():
        for enterprise_id in enterprise_ids:
            for ind in report_indicators:
                base = rng.lognormvariate(16, 1.0)
                for period in report_periods:
                    if period.month == 1 and not ind.january_reported:
                        continue
                    yield (
                        enterprise_id,
                        ind.pk,
                        period.year,
                        period.month,
                        f"{base * period.month / 12:.2f}",
                        None,
                        "approved",
                        "import",
                        "generated",
                        now,
                        now,
                        1,
                        True,
                    )

    copy_rows(EnterpriseReport, ["enterprise_id", *columns[1:]], report_rows())
    report_count = EnterpriseReport.objects.filter(enterprise__zone__in=generated_zones()).count()
    log(f"{len(enterprise_ids)} enterprises, {report_count} enterprise reports")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {IndicatorValue._meta.db_table}")
            cursor.execute(f"ANALYZE {EnterpriseReport._meta.db_table}")
            cursor.execute(f"ANALYZE {Zone._meta.db_table}")
    return {
        "zones": len(zones),
        "values": value_count,
        "enterprises": len(enterprise_ids),
        "reports": report_count,
    }
