"""Reads of incentives and financing shared by pages, the API and exports:
which enterprises a policy fits (免申即享), amounts paid per application, and
the totals per zone and year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.core.middleware import ZoneRequest
from devzone.core.models import ChainMember, Enterprise, User, Zone
from devzone.core.money import YI, to_wan, to_yi
from devzone.core.navigation import Panel, Todo
from devzone.projects.models import Project

from .models import Application, Disbursement, FinancingCase, Policy

MONEY: DecimalField = DecimalField(max_digits=18, decimal_places=2)
Rows = TypeVar("Rows", bound=QuerySet)


def plain(value: Decimal | None) -> str:
    """A decimal without trailing zeros: 50.00 → 50, 12.50 → 12.5."""
    if value is None:
        return "—"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def scaled(value: Decimal | int | None, *, like: Decimal | None = None) -> tuple[Decimal, str]:
    """An amount of 元 as officials write it: in 亿元 from one 亿 up, else in
    万元 (``like``: choose the unit for that amount instead, e.g. a chart's largest)."""
    reference = Decimal(like if like is not None else value or 0)
    if abs(reference) >= YI:
        return to_yi(value or 0), _("100 million yuan")
    return to_wan(value or 0), _("10 thousand yuan")


def money_text(value: Decimal | int | None) -> str:
    amount, unit = scaled(value)
    return f"{amount:,} {unit}"


# --- Eligibility (免申即享) -------------------------------------------------------------


@dataclass
class Criterion:
    key: str
    label: str
    q: Q


def criteria(policy: Policy) -> list[Criterion]:
    """The policy's machine-checkable criteria, each as a condition on
    enterprises. The first, always there: registered in the policy's zone."""
    zone_name = policy.zone.short_name or policy.zone.name
    result = [
        Criterion(
            "zone", _("registered in %(zone)s") % {"zone": zone_name}, Q(zone_id=policy.zone_id)
        )
    ]
    if policy.req_scale:
        result.append(
            Criterion(
                "scale",
                _("scale: %(scale)s") % {"scale": Policy.Scale(policy.req_scale).label},
                Q(scale=policy.req_scale),
            )
        )
    prefixes = policy.industry_prefixes
    if prefixes:
        q = Q()
        for prefix in prefixes:
            q |= Q(industry_code__startswith=prefix)
        result.append(
            Criterion(
                "industry",
                _("industry code starts with %(codes)s") % {"codes": " / ".join(prefixes)},
                q,
            )
        )
    if policy.req_min_employees is not None:
        result.append(
            Criterion(
                "employees",
                _("at least %(n)s employees") % {"n": policy.req_min_employees},
                Q(employees__gte=policy.req_min_employees),
            )
        )
    if policy.req_min_investment is not None:
        projects = Project.objects.filter(
            enterprises=OuterRef("pk"), planned_investment__gte=policy.req_min_investment
        )
        result.append(
            Criterion(
                "investment",
                _("a project of at least %(amount)s × 10,000 yuan planned investment")
                % {"amount": plain(to_wan(policy.req_min_investment))},
                Q(Exists(projects)),
            )
        )
    if policy.req_chain_id:
        members = ChainMember.objects.filter(
            chain_id=policy.req_chain_id, enterprise=OuterRef("pk")
        )
        result.append(
            Criterion(
                "chain",
                _("member of %(chain)s") % {"chain": policy.req_chain},
                Q(Exists(members)),
            )
        )
    if policy.req_operating:
        result.append(
            Criterion(
                "operating",
                _("operating"),
                Q(status=Enterprise.Status.OPERATING),
            )
        )
    return result


def eligible_q(policy: Policy) -> Q:
    q = Q()
    for criterion in criteria(policy):
        q &= criterion.q
    return q


def eligible_enterprises(
    policy: Policy, user: User | AnonymousUser | None = None
) -> QuerySet[Enterprise]:
    """Every enterprise the policy fits, in one query, each with its latest
    application under the policy (none: it never applied)."""
    enterprises = Enterprise.objects.all() if user is None else Enterprise.objects.visible_to(user)
    latest = Application.objects.filter(policy_id=policy.pk, enterprise=OuterRef("pk")).order_by(
        "-submitted_on", "-pk"
    )
    enterprises = enterprises.annotate(
        application_id=Subquery(latest.values("pk")[:1]),
        application_status=Subquery(latest.values("status")[:1]),
        application_number=Subquery(latest.values("number")[:1]),
    )
    # A policy the platform cannot check fits none, with the same columns to filter on.
    return enterprises.filter(eligible_q(policy)) if policy.checkable else enterprises.none()


def enterprise_check(policy: Policy, enterprise: Enterprise) -> list[tuple[str, bool]]:
    """Each criterion with whether the enterprise meets it, in one query."""
    checks = criteria(policy)
    row = (
        Enterprise.objects.filter(pk=enterprise.pk)
        .annotate(
            **{
                f"c{i}": ExpressionWrapper(c.q, output_field=BooleanField())
                for i, c in enumerate(checks)
            }
        )
        .values(*(f"c{i}" for i in range(len(checks))))
        .first()
    )
    return [(c.label, bool(row and row[f"c{i}"])) for i, c in enumerate(checks)]


# --- Applications ----------------------------------------------------------------------------


def with_disbursed(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Each application with the total paid on it, in the same query."""
    paid = (
        Disbursement.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return applications.annotate(
        disbursed=Coalesce(
            Subquery(paid, output_field=MONEY), Value(Decimal(0)), output_field=MONEY
        )
    )


def open_applications(policy: Policy) -> int:
    return Application.objects.filter(policy=policy, status__in=Application.OPEN).count()


# --- Totals per zone and year --------------------------------------------------------------


@dataclass
class Totals:
    enterprises: int = 0  # distinct enterprises that received payments
    payments: int = 0
    disbursed: Decimal = Decimal(0)
    financing_cases: int = 0
    financed_enterprises: int = 0
    financed: Decimal = Decimal(0)
    payment_samples: int = 0  # payments that are samples (示例)
    case_samples: int = 0  # financing cases that are samples
    source_note: str = ""  # the seed's sentence, when the seed states these totals

    @property
    def rows_sample(self) -> bool:
        """Whether any payment or financing case counted here is a sample."""
        return bool(self.payment_samples or self.case_samples)

    @property
    def is_sample(self) -> bool:
        """A figure made of sample records, unless the seed states it."""
        return self.rows_sample and not self.source_note

    @property
    def disbursed_yi(self) -> Decimal:
        return to_yi(self.disbursed)

    @property
    def financed_yi(self) -> Decimal:
        return to_yi(self.financed)

    @property
    def disbursed_scaled(self) -> tuple[Decimal, str]:
        return scaled(self.disbursed)

    @property
    def financed_scaled(self) -> tuple[Decimal, str]:
        return scaled(self.financed)

    @property
    def disbursed_text(self) -> str:
        return money_text(self.disbursed)

    @property
    def financed_text(self) -> str:
        return money_text(self.financed)


@dataclass
class ZoneTotals:
    zone: Any
    years: list[tuple[int, Totals]]
    total: Totals


@dataclass
class Summary:
    zones: list[ZoneTotals]
    total: Totals
    by_year: list[tuple[int, Totals]]
    years: list[int]


def _year_range(qs: Rows, field: str, year: int | None) -> Rows:
    if year is None:
        return qs
    return qs.filter(**{f"{field}__gte": date(year, 1, 1), f"{field}__lte": date(year, 12, 31)})


def summary(
    user: User | AnonymousUser, *, zone_id: int | None = None, year: int | None = None
) -> Summary:
    """What was paid and financed, per zone and year, with totals per zone, per
    year and overall, for what ``user`` may see. Distinct enterprises are
    counted over the whole span, not summed over years. Eleven queries,
    however many rows."""
    payments = Disbursement.objects.visible_to(user).order_by()
    cases = (
        FinancingCase.objects.visible_to(user)
        .filter(status=FinancingCase.Status.GRANTED)
        .order_by()
    )
    if zone_id is not None:
        payments = payments.filter(application__policy__zone_id=zone_id)
        cases = cases.filter(enterprise__zone_id=zone_id)
    years = sorted(
        {d.year for d in payments.dates("paid_on", "year")}
        | {d.year for d in cases.dates("decided_on", "year")}
    )
    payments = _year_range(payments, "paid_on", year)
    cases = _year_range(cases, "decided_on", year)
    sources = (
        (
            payments.annotate(z=F("application__policy__zone"), y=ExtractYear("paid_on")),
            {
                "enterprises": Count("application__enterprise", distinct=True),
                "payments": Count("pk"),
                "disbursed": Sum("amount"),
                "payment_samples": Count("pk", filter=Q(is_sample=True)),
            },
        ),
        (
            cases.annotate(z=F("enterprise__zone"), y=ExtractYear("decided_on")),
            {
                "financing_cases": Count("pk"),
                "financed_enterprises": Count("enterprise", distinct=True),
                "financed": Sum("amount_granted"),
                "case_samples": Count("pk", filter=Q(is_sample=True)),
            },
        ),
    )
    cells: dict[tuple, Totals] = {}
    for qs, aggregates in sources:
        for group in (("z", "y"), ("z",), ("y",)):
            for row in qs.values(*group).annotate(**aggregates):
                key = (group, *(row[k] for k in group))
                _add(cells.setdefault(key, Totals()), row, aggregates)
        _add(cells.setdefault(((),), Totals()), qs.aggregate(**aggregates), aggregates)
    zone_ids = {key[1] for key in cells if key[0] == ("z",)}
    zones = list(
        Zone.objects.filter(pk__in=zone_ids)
        .only("pk", "name", "short_name", "is_sample")
        .order_by("name")
    )
    if year is None:
        for z in zones:
            _state(cells[(("z",), z.pk)], z)
        if len(zones) == 1:
            _state(cells[((),)], zones[0])
    return Summary(
        zones=[
            ZoneTotals(
                zone=z,
                years=sorted(
                    (
                        (key[2], t)
                        for key, t in cells.items()
                        if key[0] == ("z", "y") and key[1] == z.pk
                    ),
                    key=_first,
                ),
                total=cells[(("z",), z.pk)],
            )
            for z in zones
        ],
        total=cells[((),)],
        by_year=sorted(((key[1], t) for key, t in cells.items() if key[0] == ("y",)), key=_first),
        years=years,
    )


# What the seed states of 晋城's incentives and financing (incentives/demo.py
# loads records that add up to it): the totals over all years carry this
# source instead of the 示例 mark, though the records themselves are samples.
STATED_ZONE = "晋城经济技术开发区"
STATED_ENTERPRISES = 51
STATED_DISBURSED = Decimal("1200000000.00")  # 12亿元
STATED_FINANCED = Decimal("3351000000.00")  # 33.51亿元
STATED_SOURCE = (
    "科学导报《打好“组合拳” 赋能经济高质量发展》："
    "“近年来为51家企业兑现优惠政策资金12亿元，帮助企业融资33.51亿元”"
)


def _state(totals: Totals, zone: Zone) -> None:
    """The seed's sentence on a zone's totals over all years, when they are
    the figures the seed states."""
    if (
        not zone.is_sample
        and zone.name == STATED_ZONE
        and totals.enterprises == STATED_ENTERPRISES
        and totals.disbursed == STATED_DISBURSED
        and totals.financed == STATED_FINANCED
    ):
        totals.source_note = STATED_SOURCE


def _add(totals: Totals, row: dict, aggregates: dict) -> None:
    for name in aggregates:
        value = row.get(name)
        if value is not None:
            setattr(totals, name, value)


def _first(item: tuple) -> Any:
    return item[0]


def todos(request: ZoneRequest) -> list[Todo]:
    """The home page's counts of applications waiting for the zone, in one query."""
    applications = Application.objects.editable_by(request.user)
    if request.current_zone_id:
        applications = applications.filter(policy__zone_id=request.current_zone_id)
    counts = applications.order_by().aggregate(
        submitted=Count("pk", filter=Q(status=Application.Status.SUBMITTED)),
        reviewing=Count("pk", filter=Q(status=Application.Status.UNDER_REVIEW)),
    )
    url = reverse("incentives:application_list")
    return [
        Todo(_("Incentive applications to review"), counts["submitted"], f"{url}?status=submitted"),
        Todo(
            _("Incentive applications under review"),
            counts["reviewing"],
            f"{url}?status=under_review",
        ),
    ]


# --- Home page ---------------------------------------------------------------------------------

HOME_ROWS = 5


def qualifying_policies(enterprise: Enterprise, *, today: date | None = None) -> list[Policy]:
    """The zone's policies in force whose checkable criteria the enterprise
    meets and that it has not applied for (免申即享 candidates), one query each."""
    from django.utils import timezone

    today = today or timezone.localdate()
    policies = Policy.objects.filter(zone_id=enterprise.zone_id, valid_from__lte=today).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    applied = set(
        Application.objects.filter(enterprise=enterprise).values_list("policy_id", flat=True)
    )
    return [
        policy
        for policy in policies.order_by("title")
        if policy.pk not in applied
        and policy.checkable
        and Enterprise.objects.filter(pk=enterprise.pk).filter(eligible_q(policy)).exists()
    ]


def home_enterprise(request: HttpRequest) -> Panel | None:
    """An enterprise user's own applications and the policies it qualifies for."""
    from devzone.core.scoping import scope_of

    scope = scope_of(request.user)
    # An enterprise user (its scope says so) is a signed-in User.
    enterprise = request.user.enterprise if scope.enterprise_zone_id else None  # type: ignore[union-attr]
    if enterprise is None:
        return None
    applications = list(
        Application.objects.visible_to(request.user)
        .select_related("policy")
        .order_by("-submitted_on", "-pk")[:HOME_ROWS]
    )
    return Panel(
        "incentives/_home_enterprise.html",
        {"applications": applications, "policies": qualifying_policies(enterprise)},
    )
