"""Reads of the service desk that pages, the API and exports share: the
list's summary and a zone's dashboard (open requests by age, deadline
compliance by month, category and department, satisfaction)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from devzone.core.models import Zone
from devzone.core.navigation import Todo
from devzone.core.scoping import scope_of
from devzone.stats.figures import share

from .models import Escalation, ServiceRequest

if TYPE_CHECKING:
    from django.http import HttpRequest

    from devzone.core.middleware import ZoneRequest
    from devzone.core.models import User
    from devzone.core.navigation import Panel, PublicLink

Status = ServiceRequest.Status
OPEN = [Status.RECEIVED, Status.ACCEPTED, Status.ANSWERED]


def overdue_q(today: date) -> Q:
    """Open requests whose pending deadline has passed."""
    return (
        Q(status=Status.RECEIVED, accept_due__lt=today)
        | Q(status=Status.ACCEPTED, answer_due__lt=today)
        | Q(status=Status.ANSWERED, resolve_due__lt=today)
    )


def due_today_q(today: date) -> Q:
    return (
        Q(status=Status.RECEIVED, accept_due=today)
        | Q(status=Status.ACCEPTED, answer_due=today)
        | Q(status=Status.ANSWERED, resolve_due=today)
    )


def list_summary(
    requests: QuerySet[ServiceRequest], *, today: date, user: User | AnonymousUser
) -> dict[str, int]:
    """Counts above the request list and on the home page, in one query."""
    return requests.order_by().aggregate(
        open=Count("pk", filter=Q(status__in=OPEN)),
        overdue=Count("pk", filter=overdue_q(today)),
        due_today=Count("pk", filter=due_today_q(today)),
        mine=Count("pk", filter=Q(status__in=OPEN, assignee=user)),
        awaiting_rating=Count("pk", filter=Q(status=Status.RESOLVED)),
    )


def todos(request: ZoneRequest) -> list[Todo]:
    """The home page's counts for the requests the user handles, in one query."""
    today = timezone.localdate()
    requests = ServiceRequest.objects.editable_by(request.user).filter(voided_at__isnull=True)
    if request.current_zone_id:
        requests = requests.filter(zone_id=request.current_zone_id)
    counts = list_summary(requests, today=today, user=request.user)
    url = reverse("desk:request_list")
    return [
        Todo(_("Overdue service requests"), counts["overdue"], f"{url}?overdue=true", True),
        Todo(_("Service requests due today"), counts["due_today"], f"{url}?due_today=true"),
        Todo(
            _("Open service requests assigned to me"), counts["mine"], f"{url}?mine=true&open=true"
        ),
        Todo(
            _("Resolved requests to call back (回访) unless rated"),
            counts["awaiting_rating"],
            f"{url}?status=resolved",
        ),
    ]


# --- Dashboard -------------------------------------------------------------------------------

# Age of open requests in calendar days since their clock started: (lowest, highest).
AGE_BUCKETS = [(0, 1), (2, 3), (4, 7), (8, 14), (15, 30), (31, None)]


def _age_label(low: int, high: int | None) -> str:
    if high is None:
        return _("over %(days)s days") % {"days": low - 1}
    if low == 0:
        return _("up to %(days)s day") % {"days": high}
    return _("%(low)s–%(high)s days") % {"low": low, "high": high}


def dashboard_zones(user: User | AnonymousUser) -> QuerySet[Zone]:
    """Zones whose desk dashboard the user reads: not enterprise users', who
    read only their own company's requests."""
    scope = scope_of(user)
    if not scope.authenticated or scope.enterprise_id is not None:
        raise PermissionDenied
    return Zone.objects.visible_to(user)


def dashboard_requests(zone: Zone) -> QuerySet[ServiceRequest]:
    """All the zone's requests, complaints about officials included: the
    dashboard shows them as numbers only (never a title, text or requester),
    so every reader of the zone sees the same totals. Void requests are not counted."""
    return ServiceRequest.objects.filter(zone=zone, voided_at__isnull=True)


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(date(year, 1, 1), time.min, tzinfo=tz),
        datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=tz),
    )


def dashboard_years(requests: QuerySet[ServiceRequest], *, today: date) -> tuple[list[int], int]:
    """The years to choose from (those with resolved requests, and the current
    one), latest first, and the one shown first: the latest with resolutions."""
    resolved = {
        d.year for d in requests.filter(resolved_at__isnull=False).datetimes("resolved_at", "year")
    }
    return sorted(resolved | {today.year}, reverse=True), max(resolved, default=today.year)


def dashboard(requests: QuerySet[ServiceRequest], *, year: int, today: date) -> dict:
    """A zone's desk at a glance, in five queries whatever the number of
    requests: open requests by age, deadline compliance (resolved within the
    deadline) by month of resolution, by category and by department, and the
    requesters' satisfaction, for one calendar year."""
    start, end = _year_bounds(year)
    requests = requests.order_by()

    # 1. Open requests now, by age.
    age_counts = {
        f"age{i}": Count(
            "pk",
            filter=Q(
                clock_start__lte=today - timedelta(days=low),
                **({"clock_start__gte": today - timedelta(days=high)} if high is not None else {}),
            ),
        )
        for i, (low, high) in enumerate(AGE_BUCKETS)
    }
    now = requests.filter(status__in=OPEN).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=overdue_q(today)),
        due_today=Count("pk", filter=due_today_q(today)),
        **age_counts,
    )
    ages = [
        {"label": _age_label(low, high), "count": now[f"age{i}"], "old": low > 7}
        for i, (low, high) in enumerate(AGE_BUCKETS)
    ]

    # 2. Compliance by month of resolution.
    resolved = Q(resolved_at__gte=start, resolved_at__lt=end)
    in_time = resolved & Q(resolved_in_time=True)
    by_month = {
        timezone.localtime(row["month"]).month: row
        for row in requests.filter(resolved)
        .annotate(month=TruncMonth("resolved_at"))
        .values("month")
        .annotate(resolved=Count("pk"), in_time=Count("pk", filter=Q(resolved_in_time=True)))
    }
    months = []
    for m in range(1, 13):
        row = by_month.get(m, {"resolved": 0, "in_time": 0})
        months.append(
            {
                "month": f"{year}-{m:02d}",
                "resolved": row["resolved"],
                "in_time": row["in_time"],
                "rate": share(row["in_time"], row["resolved"]),
            }
        )

    # 3 and 4. By category and by department.
    received = Q(received_at__gte=start, received_at__lt=end)
    rated = Q(rated_at__gte=start, rated_at__lt=end)
    totals = {
        "received": Count("pk", filter=received),
        "resolved": Count("pk", filter=resolved),
        "in_time": Count("pk", filter=in_time),
        "open": Count("pk", filter=Q(status__in=OPEN)),
        "rating": Avg("rating", filter=rated),
    }
    in_view = requests.filter(received | resolved | Q(status__in=OPEN))

    def grouped(*keys: str) -> list[dict]:
        rows = []
        for row in in_view.values(*keys).annotate(**totals).order_by(*keys):
            row["rate"] = share(row["in_time"], row["resolved"])
            row["rating"] = round(row["rating"], 1) if row["rating"] is not None else None
            rows.append(row)
        return rows

    english = (get_language() or "").startswith("en")
    categories = [
        {"name": (english and r["category__name_en"]) or r["category__name"], **r}
        for r in grouped(
            "category__order", "category__name", "category__name_en", "category__confidential"
        )
    ]
    departments = [
        {"name": r["department__name"] or _("No department"), **r}
        for r in grouped("department__name")
    ]

    # 5. Satisfaction.
    counts: dict[int, int] = defaultdict(int)
    on_callback = 0
    for rating, callback, n in (
        requests.filter(rated)
        .values_list("rating", "rated_on_callback")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[rating] += n
        on_callback += n if callback else 0
    distribution = [{"rating": r, "count": counts.get(r, 0)} for r in range(1, 6)]
    rated_total = sum(d["count"] for d in distribution)
    average = (
        round(sum(d["rating"] * d["count"] for d in distribution) / rated_total, 2)
        if rated_total
        else None
    )
    year_resolved = sum(m["resolved"] for m in months)
    year_in_time = sum(m["in_time"] for m in months)
    return {
        "year": year,
        "today": today,
        "open": now["open"],
        "overdue": now["overdue"],
        "due_today": now["due_today"],
        "ages": ages,
        "months": months,
        "resolved": year_resolved,
        "in_time": year_in_time,
        "rate": share(year_in_time, year_resolved),
        "categories": categories,
        "departments": departments,
        "satisfaction": {
            "average": average,
            "rated": rated_total,
            "on_callback": on_callback,
            "distribution": distribution,
        },
    }


def dashboard_charts(data: dict) -> dict:
    """The dashboard's chart specs (static/devzone/charts.js)."""
    return {
        "ages": {
            "type": "bar",
            "title": _("Open requests by age"),
            "unit": _("requests"),
            "categories": [a["label"] for a in data["ages"]],
            "values": [a["count"] for a in data["ages"]],
            "highlight": [a["old"] for a in data["ages"]],
            "filename": "desk-open-by-age",
        },
        "compliance": {
            "type": "line",
            "title": _("Resolved within the deadline"),
            "unit": "%",
            "percent": True,  # a share of the requests: the axis runs 0–100%
            "categories": [m["month"] for m in data["months"]],
            "values": [float(m["rate"]) if m["rate"] is not None else None for m in data["months"]],
            "filename": "desk-compliance",
        },
        "satisfaction": {
            "type": "bar",
            "title": _("Satisfaction"),
            "unit": _("ratings"),
            "categories": [f"{d['rating']} ★" for d in data["satisfaction"]["distribution"]],
            "values": [d["count"] for d in data["satisfaction"]["distribution"]],
            "highlight": [d["rating"] <= 2 for d in data["satisfaction"]["distribution"]],
            "filename": "desk-satisfaction",
        },
    }


def public_links(request: HttpRequest) -> list[PublicLink]:
    """The public home page's way to the 24-hour desk on the web."""
    from devzone.core.navigation import PublicLink

    return [
        PublicLink(
            _("Submit a request (我要反映)"),
            reverse("service:form"),
            _("A problem, a need or a complaint; answered within working days."),
        ),
        PublicLink(
            _("Check my request (查询办理进度)"),
            reverse("service:track"),
            _("With the tracking code and your phone number."),
        ),
    ]


def home_enterprise(request: HttpRequest) -> Panel | None:
    """An enterprise user's own service requests, newest first, with their status."""
    from devzone.core.navigation import Panel
    from devzone.core.scoping import scope_of

    if not scope_of(request.user).enterprise_zone_id:
        return None
    requests = list(
        ServiceRequest.objects.visible_to(request.user)
        .filter(voided_at__isnull=True)
        .select_related("category")
        .order_by("-received_at")[:5]
    )
    return Panel("desk/_home_enterprise.html", {"requests": requests})


def escalations_by_level() -> dict[str, int]:
    """Every escalation of a missed deadline (督办) by level, for the metrics."""
    rows = Escalation.objects.values("level").annotate(n=Count("pk"))
    return {row["level"]: row["n"] for row in rows}
