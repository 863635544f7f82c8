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
from devzone.core.services import system_save

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
# Each seed figure's source, shown wherever the figure is: the paper, the
# article and the sentence that states it.
JINCHENG_ARTICLE = "科学导报《打好“组合拳” 赋能经济高质量发展》"
GUANGLING_ARTICLE = "科学导报《吹响决战决胜四季度“冲锋号”》"
SEED_SOURCES = {
    ("晋城经济技术开发区", "industrial_value_added"): f"{JINCHENG_ARTICLE}："
    "2024年上半年，全区规模以上工业增加值总量114.0亿元，同比增长5.0%，总量排全省第一。",
    ("广灵经济技术开发区", "industrial_investment"): f"{GUANGLING_ARTICLE}："
    "前三季度，共完成工业投资15.61亿元，同比增长129.6%。",
    ("广灵经济技术开发区", "industrial_value_added"): f"{GUANGLING_ARTICLE}："
    "前三季度……规模以上工业增加值完成2.2亿元，同比增长12.3%。",
}
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
                system_save(instance=zone, reason="sample", quiet=True)
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


def _above_scale_counts(zones) -> dict[int, int]:
    """规上 enterprises in the registry, per zone: the statistics say the same."""
    counts = dict.fromkeys((z.pk for z in zones), 0)
    for zone_id in Enterprise.objects.filter(
        zone__in=list(zones), scale=Enterprise.Scale.ABOVE
    ).values_list("zone_id", flat=True):
        counts[zone_id] += 1
    return counts


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

    # Each zone's annual level for 2023 and its growth in 2024, per indicator;
    # parts follow their wholes so that no audit rule can object: 规上工业增加值
    # is a share of 规上工业总产值, 工业投资 a share of 固定资产投资.
    levels: dict[tuple[int, str], tuple[Decimal, Decimal]] = {}
    anchors = {}
    for zone_name, code, _year, month, value, growth in SEED_VALUES:
        # The seed's figure and its stated growth fix last year's level.
        annual_2024 = value * 12 / month
        anchors[(seed_zones[zone_name].pk, code)] = (annual_2024 / (1 + growth / 100), growth)
    datong = [z.pk for z in sample_zones if z.region.code == "140200"]
    for zone in [*seed_zones.values(), *sample_zones]:
        for code in ("industrial_value_added", "industrial_investment", "tax_revenue", "employees"):
            growth = Decimal(rng.uniform(-8, 15)).quantize(Decimal("0.1"))
            levels[(zone.pk, code)] = anchors.get((zone.pk, code), (_base_level(rng, code), growth))
        # The seed's rankings: 晋城 first in Shanxi on 规上工业增加值 for 1-6月;
        # 广灵 first on 工业投资 and second on 规上工业增加值 in 大同's industrial zones.
        if zone.is_sample:
            level, growth = levels[(zone.pk, "industrial_value_added")]
            levels[(zone.pk, "industrial_value_added")] = (
                min(level, Decimal("190") * YI / (1 + growth / 100)),
                growth,
            )
            level, growth = levels[(zone.pk, "industrial_investment")]
            growth = min(growth, Decimal("60.0"))
            levels[(zone.pk, "industrial_investment")] = (
                min(level, Decimal("16.6") * YI / (1 + growth / 100)),
                growth,
            )
        if zone.pk in datong:
            annual_2024, growth = (
                (Decimal("3.9"), Decimal("14.1"))
                if zone.pk == datong[0]
                else (Decimal("2.0"), Decimal("6.4"))
            )
            levels[(zone.pk, "industrial_value_added")] = (
                annual_2024 * YI / (1 + growth / 100),
                growth,
            )
        value_added_share = Decimal(rng.uniform(0.22, 0.32))
        investment_share = Decimal(rng.uniform(0.45, 0.8))
        if zone.name == "广灵经济技术开发区":
            # The seed's chain output (15.62亿元) is over 60% of the zone's.
            value_added_share = SEED_VALUES[2][4] / ZONE_OUTPUT_SAMPLE
            investment_share = Decimal("0.85")
        level, growth = levels[(zone.pk, "industrial_value_added")]
        levels[(zone.pk, "industrial_output")] = (level / value_added_share, growth)
        level, growth = levels[(zone.pk, "industrial_investment")]
        levels[(zone.pk, "fixed_asset_investment")] = (level / investment_share, growth)
        if zone.is_sample:
            # A seed zone's count is the registry's, written by finish().
            levels[(zone.pk, "above_scale_enterprises")] = (
                _base_level(rng, "above_scale_enterprises"),
                Decimal(rng.randint(-5, 10)),
            )
    for (zone_id, code), (annual_2023, growth) in levels.items():
        indicator = indicators[code]
        for year, month in _periods(zone_id, seed_zones, indicator):
            annual = annual_2023 if year == 2023 else annual_2023 * (1 + growth / 100)
            value = _series(indicator, annual, year, month)
            rows[(zone_id, indicator.pk, year, month)] = {
                "value": value,
                "stated_growth": None,
                "is_sample": True,
                "source_note": "",
            }
    # A sample figure states the growth its own figures give, as a statistics
    # office would on an unchanged set of enterprises.
    for (zone_id, ind_id, year, month), row in rows.items():
        if year == 2024:
            before = rows.get((zone_id, ind_id, 2023, month))
            if before and before["value"]:
                row["stated_growth"] = ((row["value"] / before["value"] - 1) * 100).quantize(
                    Decimal("0.1")
                )
    for zone_name, code, year, month, value, growth in SEED_VALUES:
        note = SEED_SOURCES[(zone_name, code)]
        put(seed_zones[zone_name], code, year, month, value, growth, False, note)
    guangling = seed_zones["广灵经济技术开发区"]

    created = _write(rows, now, approver)
    reports = _chain_reports(guangling, indicators["industrial_output"], now, approver)
    return {"indicator values": len(rows), "written": created, "enterprise reports": reports}


@transaction.atomic
def finish() -> dict[str, int]:
    """After every app's demo has added its enterprises: a seed zone's 规上
    enterprise count is the number of 规上 enterprises in its registry."""
    indicator = Indicator.objects.get(code="above_scale_enterprises")
    seed_zones = {
        z.name: z for z in Zone.objects.filter(is_sample=False, region__code__startswith="14")
    }
    counts = _above_scale_counts(seed_zones.values())
    rows = {
        (zone.pk, indicator.pk, year, month): {
            "value": Decimal(counts[zone.pk]),
            "stated_growth": Decimal("0.0") if year == 2024 else None,
            "is_sample": True,
            "source_note": "",
        }
        for zone in seed_zones.values()
        for year, month in _periods(zone.pk, seed_zones, indicator)
    }
    approver = User.objects.filter(username="admin").first()
    return {"规上 counts from the registry": _write(rows, timezone.now(), approver)}


def _periods(zone_id: int, seed_zones: dict[str, Zone], indicator: Indicator):
    """The months a demo zone reports: 2023-01 .. 2024-09, but for a zone the
    seed gives a figure of, up to that figure's month (晋城: 1-6月), so that
    its dashboard opens on the seed's figure."""
    last = {seed_zones[name].pk: (year, month) for name, _c, year, month, _v, _g in SEED_VALUES}
    for year, month in [(2023, m) for m in range(1, 13)] + [(2024, m) for m in range(1, 10)]:
        if (year, month) > last.get(zone_id, (2024, 9)):
            continue
        if month == 1 and not indicator.january_reported:
            continue
        yield year, month


def _write(rows: dict, now, approver) -> int:
    """Write the rows that differ from what is stored (the demo is idempotent)."""
    existing = {
        (v.zone_id, v.indicator_id, v.year, v.month): v
        for v in IndicatorValue.objects.filter(zone_id__in={k[0] for k in rows})
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
        system_save(instance=value, reason=SEED if not row["is_sample"] else "sample", quiet=True)
        created += 1
    return created


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
        system_save(instance=report, reason="sample", quiet=True)
    return len(members)
