"""Reads of investment projects: pipeline rates and each project's share of
its zone's reported investment."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from devzone.stats.services import share

from .models import Project, ProjectInvestment

S = Project.Stage
SIGNED_OR_LATER = [S.SIGNED, S.STARTED, S.BUILDING, S.COMPLETED, S.OPERATING]
STARTED_OR_LATER = [S.STARTED, S.BUILDING, S.COMPLETED, S.OPERATING]


@dataclass
class PipelineRates:
    signed: int
    started: int
    operating: int
    start_rate: Decimal | None  # 开工率 = started ÷ signed
    operation_rate: Decimal | None  # 投产率 = producing ÷ started
    output_rate: Decimal | None  # 达效率 = actual ÷ expected annual output (operating projects)


def pipeline_rates(projects) -> PipelineRates:
    """DESIGN's project rates over a set of projects, in one query. A project
    built in phases counts by its phases, so nothing is counted twice."""
    row = projects.filter(phases__isnull=True).aggregate(
        signed=Count("pk", filter=Q(stage__in=SIGNED_OR_LATER)),
        started=Count("pk", filter=Q(stage__in=STARTED_OR_LATER)),
        operating=Count("pk", filter=Q(stage=S.OPERATING)),
        actual=Sum("actual_annual_output", filter=Q(stage=S.OPERATING)),
        expected=Sum(
            "expected_annual_output",
            filter=Q(stage=S.OPERATING, actual_annual_output__isnull=False),
        ),
    )
    return PipelineRates(
        signed=row["signed"],
        started=row["started"],
        operating=row["operating"],
        start_rate=share(row["started"], row["signed"]),
        operation_rate=share(row["operating"], row["started"]),
        output_rate=share(row["actual"], row["expected"]),
    )


def investment_share(project: Project) -> dict | None:
    """The project's (with its phases') latest reported investment and its share
    of the zone's approved 工业投资 or 固定资产投资 for the same period."""
    from devzone.stats.models import Indicator, IndicatorValue, ReportStatus

    family = [project.pk, *project.phases.values_list("pk", flat=True)]
    latest = (
        ProjectInvestment.objects.filter(project_id__in=family)
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )
    if latest is None:
        return None
    year, month = latest
    total = ProjectInvestment.objects.filter(
        project_id__in=family, year=year, month=month
    ).aggregate(total=Sum("cumulative"))["total"]
    code = "industrial_investment" if project.industrial else "fixed_asset_investment"
    zone_total = (
        IndicatorValue.objects.filter(
            zone_id=project.zone_id,
            indicator__code=code,
            year=year,
            month=month,
            status=ReportStatus.APPROVED,
        )
        .values_list("value", flat=True)
        .first()
    )
    indicator = Indicator.objects.filter(code=code).first()
    return {
        "year": year,
        "month": month,
        "total": total,
        "zone_total": zone_total,
        "indicator": indicator,
        "share": share(total, zone_total),
    }


def zone_project_investment(
    *, zone_id: int, year: int, month: int, industrial: bool | None = None
) -> Decimal:
    """The zone's projects' reported investment for a period (their roll-up)."""
    qs = ProjectInvestment.objects.filter(project__zone_id=zone_id, year=year, month=month)
    if industrial is not None:
        qs = qs.filter(project__industrial=industrial)
    return qs.aggregate(total=Sum("cumulative"))["total"] or Decimal(0)
