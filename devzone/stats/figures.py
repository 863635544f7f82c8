"""Economic monitoring's computations and rules: growth, shares, single
months, rankings, completion, outliers, and who enters and approves a zone's
figures. Plain functions of numbers (no query, no write), so that every page,
export, API answer and service computes a figure the same way."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings

from devzone.core.scoping import Role, scope_of

from .models import Indicator, ReportStatus
from .periods import Period

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from devzone.core.models import User, Zone

ONE_DECIMAL = Decimal("0.1")
GROWTH_GAP_POINTS = Decimal("1.0")


def _pct(x: Decimal) -> Decimal:
    return x.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


# --- Computations ---------------------------------------------------------------------------


def nominal_growth(current: Decimal | None, base: Decimal | None) -> Decimal | None:
    """Growth in percent from last year's same-period total, one decimal.
    Not the official rate (that is stated, on a comparable basis)."""
    if current is None or base is None or base == 0:
        return None
    return _pct((Decimal(current) / Decimal(base) - 1) * 100)


def growth_gap_flagged(stated: Decimal | None, nominal: Decimal | None) -> bool:
    """A stated and a nominal rate more than one point apart deserve a look."""
    if stated is None or nominal is None:
        return False
    return abs(Decimal(stated) - Decimal(nominal)) > GROWTH_GAP_POINTS


def two_year_average_growth(first: Decimal | None, second: Decimal | None) -> Decimal | None:
    """√((1+g₁)(1+g₂)) − 1, in percent."""
    if first is None or second is None:
        return None
    product = (1 + Decimal(first) / 100) * (1 + Decimal(second) / 100)
    if product < 0:
        return None
    return _pct((Decimal(math.sqrt(product)) - 1) * 100)


def single_month(
    cumulative: Decimal | None,
    previous_cumulative: Decimal | None,
    month: int,
    january_reported: bool = True,
) -> Decimal | None:
    """The month's own figure from cumulative ones. January is the cumulative
    figure itself; for surveys that start at 1-2月, February's figure covers
    January and February."""
    if cumulative is None:
        return None
    if month == 1 or (month == 2 and not january_reported):
        return Decimal(cumulative)
    if previous_cumulative is None:
        return None
    return Decimal(cumulative) - Decimal(previous_cumulative)


def monthly_from_cumulative(
    points: Sequence[tuple[Period, Decimal | None]], january_reported: bool = True
) -> list[tuple[Period, Decimal | None]]:
    """Each month's own figure from a series of 1-N月 cumulative ones (a flow):
    this month's cumulative minus last month's within the same year. January
    (or 1-2月 for surveys that skip January) is its cumulative figure; a month
    whose previous cumulative is missing has none."""
    by_period = dict(points)
    return [
        (
            period,
            single_month(
                value,
                by_period.get(period.previous_month()) if period.month > 1 else None,
                period.month,
                january_reported,
            ),
        )
        for period, value in points
    ]


def from_first_figure(points: Sequence[tuple[Hashable, Decimal | None]]) -> list:
    """The series from its first figure on: a chart's axis starts with the data."""
    for index, (_key, value) in enumerate(points):
        if value is not None:
            return list(points[index:])
    return []


def share(part: Decimal | int | None, whole: Decimal | int | None) -> Decimal | None:
    """``part`` as a percentage of ``whole``, one decimal."""
    if part is None or whole is None or whole == 0:
        return None
    return _pct(Decimal(part) / Decimal(whole) * 100)


def completion(cumulative: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Completion of an annual target in percent."""
    return share(cumulative, target)


def rank(items: Iterable[tuple[Hashable, Decimal | None]], higher_is_better: bool = True) -> dict:
    """Standard competition ranking (1, 2, 2, 4). Missing values get no rank
    (None) and never outrank present ones."""
    present = [(k, Decimal(v)) for k, v in items if v is not None]
    present.sort(key=lambda kv: kv[1], reverse=higher_is_better)
    ranks: dict = {}
    previous_value, previous_rank = None, 0
    for position, (key, value) in enumerate(present, start=1):
        if value != previous_value:
            previous_rank, previous_value = position, value
        ranks[key] = previous_rank
    return ranks


def is_outlier(value: Decimal, previous: Decimal | None, month: int, kind: str) -> bool:
    """A value far from what last period's suggests: less than half or more
    than double of it (for flows, scaled to the months covered); a cumulative
    flow that falls is also suspect."""
    if previous is None or previous <= 0:
        return False
    expected = Decimal(previous)
    if kind == Indicator.Kind.FLOW and month > 1:
        if value < previous:
            return True
        expected = Decimal(previous) * month / (month - 1)
    ratio = Decimal(value) / expected
    return ratio < Decimal("0.5") or ratio > Decimal("2")


# --- Who approves ----------------------------------------------------------------------------


def approval_by() -> str:
    """``zone_admin`` (default) or ``region_viewer``: who approves zone figures."""
    return getattr(settings, "STATS_APPROVAL_BY", "zone_admin")


def can_approve(user: User | AnonymousUser, zone: Zone) -> bool:
    scope = scope_of(user)
    if scope.is_platform_admin:
        return True
    if approval_by() == "region_viewer":
        return scope.region_prefix is not None and zone.region.code.startswith(scope.region_prefix)
    return scope.role == Role.ZONE_ADMIN and zone.pk in scope.zone_ids


def status_after_correction(*, status: str, zone: Zone, user: User) -> str:
    """The status an approved figure (a zone's or an enterprise's) keeps once
    corrected: the approver's correction stays approved, anyone else's goes
    back for approval."""
    if status == ReportStatus.APPROVED and not can_approve(user, zone):
        return ReportStatus.SUBMITTED
    return status


def can_enter(user: User | AnonymousUser, zone: Zone) -> bool:
    scope = scope_of(user)
    return scope.is_platform_admin or (scope.is_zone_member and zone.pk in scope.zone_ids)
