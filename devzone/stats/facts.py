"""The other sources an audit rule may compare a zone's figure with (the
registry, enterprise reports, projects' investment), registered by the app
that holds each, so that statistics need not know the apps above it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# name → (label, provider(zone_ids, year, month, indicator_code) → {zone id: value})
Provider = Callable[[list[int], int, int, str], dict[int, Decimal]]
FACTS: dict[str, tuple[str, Provider]] = {}


def register_fact(name: str, label, provider: Provider) -> None:
    if name in FACTS and FACTS[name][1] is not provider:
        raise ValueError(f"Two audit sources are named {name!r}")
    FACTS[name] = (label, provider)


def _registry_above_scale(zone_ids, year, month, indicator_code):
    from django.db.models import Count

    from devzone.core.models import Enterprise

    # A zone whose registry is still empty has nothing to compare with yet.
    kept = set(
        Enterprise.objects.filter(zone_id__in=zone_ids).values_list("zone_id", flat=True).distinct()
    )
    counts = dict.fromkeys(kept, Decimal(0))
    rows = (
        Enterprise.objects.filter(zone_id__in=zone_ids, scale=Enterprise.Scale.ABOVE)
        .values("zone_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["zone_id"]] = Decimal(row["n"])
    return counts


def _enterprise_reports(zone_ids, year, month, indicator_code):
    from django.db.models import Sum

    from .models import EnterpriseReport, ReportStatus

    rows = (
        EnterpriseReport.objects.filter(
            enterprise__zone_id__in=zone_ids,
            indicator__code=indicator_code,
            year=year,
            month=month,
            status=ReportStatus.APPROVED,
        )
        .values("enterprise__zone_id")
        .annotate(total=Sum("value"))
    )
    return {row["enterprise__zone_id"]: row["total"] for row in rows}


register_fact(
    "registry_above_scale",
    _("规上 enterprises in the registry"),
    _registry_above_scale,
)
register_fact(
    "enterprise_reports",
    _("sum of the enterprises' approved reports"),
    _enterprise_reports,
)
