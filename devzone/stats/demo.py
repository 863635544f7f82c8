"""Economic-monitoring demo data.

The seed page's figures are approved values of the right zones and periods,
each marked with the page as its source. Other Shanxi zones (clearly named as
samples) and the earlier months that the trends need are invented and marked
as sample data, chosen so that the demo ranks as the page says: 晋城 first in
the province on 规上工业增加值 for 2024 1-6月; 广灵 first on 工业投资 and second
on 规上工业增加值 among 大同's industrial zones for 2024 1-9月."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from devzone.core.demo import SEED
from devzone.core.models import Enterprise, IndustryChain, Region, User, Zone

from .catalogue import catalogue_load
from .models import EnterpriseReport, Indicator, IndicatorValue, ReportStatus, Source

YI = Decimal(100_000_000)

# (zone, indicator, year, month, value in 元, stated growth %), from the seed page.
SEED_VALUES = [
    (
        "晋城经济技术开发区",
        "industrial_value_added",
        2024,
        6,
        Decimal("114.0") * YI,
        Decimal("5.0"),
    ),
    (
        "广灵经济技术开发区",
        "industrial_investment",
        2024,
        9,
        Decimal("15.61") * YI,
        Decimal("129.6"),
    ),
    ("广灵经济技术开发区", "industrial_value_added", 2024, 9, Decimal("2.2") * YI, Decimal("12.3")),
]
# The seed: 16 再生金属 enterprises produced 15.62亿元 in 2024 so far, over 60% of the zone's output.
CHAIN_OUTPUT = Decimal("15.62") * YI
ZONE_OUTPUT_SAMPLE = Decimal("25.10") * YI  # so that the chain's share is 62.2%

# Sample zones: two per Shanxi city besides the seed's, named as samples.
CITY_CODES = [
    "140100",
    "140200",
    "140300",
    "140400",
    "140500",
    "140600",
    "140700",
    "140800",
    "140900",
    "141000",
    "141100",
]

TREND_INDICATORS = [
    "industrial_value_added",
    "industrial_investment",
    "fixed_asset_investment",
    "industrial_output",
    "tax_revenue",
    "above_scale_enterprises",
    "employees",
]


def _sample_zones(regions: dict[str, Region]) -> list[Zone]:
    zones = []
    for city_code in CITY_CODES:
        city = regions[city_code]
        for n, (ztype, category) in enumerate(
            [
                (Zone.ZoneType.ETDZ, Zone.Category.INDUSTRIAL),
                (Zone.ZoneType.ECONOMIC, Zone.Category.INDUSTRIAL),
            ],
            start=1,
        ):
            name = f"{city.name}示例开发区{n}"
            zone = Zone.objects.filter(name=name).first()
            if zone is None:
                zone = Zone(
                    name=name,
                    short_name=f"{city.name[:2]}示例{n}",
                    zone_type=ztype,
                    level=Zone.Level.PROVINCIAL,
                    category=category,
                    region=city,
                    is_sample=True,
                )
                zone._change_reason = "sample"
                zone.save()
            zones.append(zone)
    return zones


def _base_level(rng: random.Random, code: str) -> Decimal:
    """A plausible 1-12月 total (元) or stock for a sample zone."""
    scale = {
        "industrial_value_added": 60,
        "industrial_investment": 20,
        "fixed_asset_investment": 40,
        "industrial_output": 200,
        "tax_revenue": 15,
    }.get(code)
    if scale is not None:
        return Decimal(rng.uniform(0.05, 1.0) * scale) * YI
    if code == "above_scale_enterprises":
        return Decimal(rng.randint(10, 120))
    return Decimal(rng.randint(2000, 30000))  # employees


def _series(indicator: Indicator, annual: Decimal, year: int, month: int) -> Decimal:
    if indicator.kind == Indicator.Kind.STOCK:
        return annual.quantize(Decimal(1))
    months = month if indicator.january_reported or month > 1 else 0
    return (annual * months / 12).quantize(Decimal("0.01"))


@transaction.atomic
def load() -> dict[str, int]:
    catalogue_load()
    indicators = {i.code: i for i in Indicator.objects.all()}
    regions = {r.code: r for r in Region.objects.filter(code__in=CITY_CODES)}
    sample_zones = _sample_zones(regions)
    seed_zones = {
        z.name: z for z in Zone.objects.filter(is_sample=False, region__code__startswith="14")
    }
    approver = User.objects.filter(username="admin").first()
    now = timezone.now()
    rng = random.Random(2024)  # deterministic: the demo is the same every time
    rows: dict[tuple[int, int, int, int], dict] = {}

    def put(zone, code, year, month, value, growth, sample, note=""):
        rows[(zone.pk, indicators[code].pk, year, month)] = {
            "value": value,
            "stated_growth": growth,
            "is_sample": sample,
            "source_note": note,
        }

    # Trends for every zone: 2023-01 .. 2024-09.
    periods = [(2023, m) for m in range(1, 13)] + [(2024, m) for m in range(1, 10)]
    # The seed's figures anchor their zones' trends: last year's level follows
    # from the stated growth, so nominal and stated growth agree.
    anchors = {}
    for zone_name, code, _year, month, value, growth in SEED_VALUES:
        annual_2024 = value * 12 / month
        anchors[(seed_zones[zone_name].pk, code)] = (annual_2024 / (1 + growth / 100), growth)
    for zone in [*seed_zones.values(), *sample_zones]:
        for code in TREND_INDICATORS:
            indicator = indicators[code]
            annual_2023 = _base_level(rng, code)
            growth = Decimal(rng.uniform(-8, 15)).quantize(Decimal("0.1"))
            if (zone.pk, code) in anchors:
                annual_2023, growth = anchors[(zone.pk, code)]
            for year, month in periods:
                if month == 1 and not indicator.january_reported:
                    continue
                annual = annual_2023 if year == 2023 else annual_2023 * (1 + growth / 100)
                value = _series(indicator, annual, year, month)
                put(zone, code, year, month, value, growth if year == 2024 else None, True)
    # Keep the seed's rankings: 晋城 first in Shanxi; 广灵 first and second in 大同's industrial zones.
    for key, row in rows.items():
        zone_id, ind_id, year, month = key
        if (year, month) == (2024, 6) and ind_id == indicators["industrial_value_added"].pk:
            row["value"] = min(row["value"], Decimal("95") * YI)
        if (year, month) == (2024, 9) and ind_id == indicators["industrial_investment"].pk:
            row["value"] = min(row["value"], Decimal("12.5") * YI)
            row["stated_growth"] = min(row["stated_growth"], Decimal("60.0"))
    datong_zones = [z for z in sample_zones if z.region.code == "140200"]
    # The 大同 zone ahead of 广灵 on 规上工业增加值 (second place for 广灵).
    for year, month in periods:
        ahead = datong_zones[0]
        put(
            ahead,
            "industrial_value_added",
            year,
            month,
            _series(indicators["industrial_value_added"], Decimal("3.9") * YI, year, month),
            Decimal("14.1") if year == 2024 else None,
            True,
        )
    for zone in datong_zones[1:]:
        for year, month in periods:
            put(
                zone,
                "industrial_value_added",
                year,
                month,
                _series(indicators["industrial_value_added"], Decimal("2.0") * YI, year, month),
                Decimal("6.4") if year == 2024 else None,
                True,
            )
    for zone_name, code, _year, month, value, growth in SEED_VALUES:
        put(seed_zones[zone_name], code, year, month, value, growth, False, SEED)
    guangling = seed_zones["广灵经济技术开发区"]
    output_growth = Decimal("21.5")
    for year, month in periods:
        annual = ZONE_OUTPUT_SAMPLE * 12 / 9 / (1 + output_growth / 100 if year == 2023 else 1)
        put(
            guangling,
            "industrial_output",
            year,
            month,
            _series(indicators["industrial_output"], annual, year, month),
            output_growth if year == 2024 else None,
            True,
        )

    existing = {
        (v.zone_id, v.indicator_id, v.year, v.month): v
        for v in IndicatorValue.objects.filter(zone__in=[*seed_zones.values(), *sample_zones])
    }
    created = 0
    for key, row in rows.items():
        value = existing.get(key)
        if value is not None and all(getattr(value, k) == v for k, v in row.items()):
            continue
        value = value or IndicatorValue(
            zone_id=key[0], indicator_id=key[1], year=key[2], month=key[3]
        )
        for k, v in row.items():
            setattr(value, k, v)
        value.status, value.source = ReportStatus.APPROVED, Source.IMPORT
        value.approved_at, value.approved_by = now, approver
        value._change_reason = SEED if not row["is_sample"] else "sample"
        value.save()
        created += 1
    reports = _chain_reports(guangling, indicators["industrial_output"], now, approver)
    return {"indicator values": len(rows), "written": created, "enterprise reports": reports}


def _chain_reports(zone: Zone, indicator: Indicator, now, approver) -> int:
    """The 16 再生金属 enterprises' 2024 1-9月 output, adding up to the seed's 15.62亿元."""
    chain = IndustryChain.objects.filter(zone=zone, name="再生金属产业链").first()
    if chain is None:
        return 0
    members = list(Enterprise.objects.filter(chain_memberships__chain=chain).order_by("name"))
    weights = [Decimal(len(members) - i) for i in range(len(members))]
    total_weight = sum(weights)
    amounts = [(CHAIN_OUTPUT * w / total_weight).quantize(Decimal("0.01")) for w in weights]
    amounts[0] += CHAIN_OUTPUT - sum(amounts)
    for enterprise, amount in zip(members, amounts, strict=True):
        report = EnterpriseReport.objects.filter(
            enterprise=enterprise, indicator=indicator, year=2024, month=9
        ).first()
        if report is not None and report.value == amount:
            continue
        report = report or EnterpriseReport(
            enterprise=enterprise, indicator=indicator, year=2024, month=9
        )
        report.value, report.status, report.is_sample = amount, ReportStatus.APPROVED, True
        report.source, report.source_note = (
            Source.IMPORT,
            f"{SEED}: 16家合计15.62亿元（单家为示例）",
        )
        report.approved_at, report.approved_by = now, approver
        report._change_reason = "sample"
        report.save()
    return len(members)
