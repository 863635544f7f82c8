"""Reads of the approval service that pages, the API and tests share: the
savings figures per project, zone, year and mode, the overview of projects'
items, and an agent's worklist."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.core.middleware import ZoneRequest
from devzone.core.models import User
from devzone.core.money import to_wan
from devzone.core.navigation import Todo
from devzone.core.workdays import working_days_between

from .figures import SAVING_MODES, calendar_days, months
from .models import ProjectApproval

Mode = ProjectApproval.Mode
Status = ProjectApproval.Status


@dataclass
class Saved:
    """Savings of a group of items (a project, a zone, a year, a mode)."""

    items: int = 0
    days: int = 0
    fees: Decimal = field(default_factory=lambda: Decimal(0))
    samples: int = 0  # items counted that are samples (示例), or of sample projects

    def add(self, items: int, days: int, fees: Decimal, samples: int = 0) -> None:
        self.items += items
        self.days += days
        self.fees += fees
        self.samples += samples

    @property
    def figure_is_sample(self) -> bool:
        """Made of sample records: its figures are samples."""
        return bool(self.samples)

    @property
    def months(self) -> Decimal:
        return months(self.days)

    @property
    def calendar_days(self) -> Decimal:
        return calendar_days(self.days)

    @property
    def fees_wan(self) -> Decimal:
        return to_wan(self.fees)

    def as_dict(self) -> dict:
        return {
            "items": self.items,
            "working_days": self.days,
            "months": self.months,
            "calendar_days": self.calendar_days,
            "fees": self.fees,
            "fees_wan": self.fees_wan,
            "figure_is_sample": self.figure_is_sample,
        }


@dataclass
class ProjectSaved(Saved):
    project_id: int = 0
    name: str = ""
    zone_id: int = 0
    zone: str = ""
    is_sample: bool = False


@dataclass
class ZoneSaved(Saved):
    zone_id: int = 0
    zone: str = ""
    projects: int = 0


@dataclass
class Savings:
    """What the items in scope saved: totals, the average per project (over the
    projects with at least one saving), and the same by project, zone, year and mode."""

    total: Saved
    projects: list[ProjectSaved]
    zones: list[ZoneSaved]
    years: list[tuple[int, Saved]]
    modes: list[dict]
    source_note: str = ""  # the seed's sentence, when the averages are the seed's

    @property
    def average_is_sample(self) -> bool:
        """The averages are made of sample records and the seed does not state them."""
        return self.total.figure_is_sample and not self.source_note

    @property
    def project_count(self) -> int:
        return len(self.projects)

    @property
    def average_days(self) -> Decimal | None:
        if not self.projects:
            return None
        return (Decimal(self.total.days) / len(self.projects)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def average_months(self) -> Decimal | None:
        return None if self.average_days is None else months(self.average_days)

    @property
    def average_calendar_days(self) -> Decimal | None:
        return None if self.average_days is None else calendar_days(self.average_days)

    @property
    def average_fees(self) -> Decimal | None:
        if not self.projects:
            return None
        return (self.total.fees / len(self.projects)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def average_fees_wan(self) -> Decimal | None:
        return to_wan(self.average_fees)

    def as_dict(self) -> dict:
        return {
            "projects": self.project_count,
            "total": self.total.as_dict(),
            "average_per_project": {
                "working_days": self.average_days,
                "months": self.average_months,
                "calendar_days": self.average_calendar_days,
                "fees": self.average_fees,
                "fees_wan": self.average_fees_wan,
                "figure_is_sample": self.average_is_sample,
                "source_note": self.source_note,
            },
            "by_project": [
                {"project": p.project_id, "name": p.name, "zone": p.zone, **p.as_dict()}
                for p in self.projects
            ],
            "by_zone": [
                {"zone": z.zone_id, "name": z.zone, "projects": z.projects, **z.as_dict()}
                for z in self.zones
            ],
            "by_year": [{"year": y, **s.as_dict()} for y, s in self.years],
            "by_mode": [
                {k: (str(v) if k == "label" else v) for k, v in m.items()} for m in self.modes
            ],
        }


def savings(approvals: QuerySet[ProjectApproval], *, year: int | None = None) -> Savings:
    """The savings of a set of project approval items (already scoped and
    narrowed to a zone if wanted), in two queries; ``year`` keeps the items
    done that year (the by-year list keeps every year)."""
    rows = list(
        approvals.filter(status=Status.DONE, mode__in=SAVING_MODES)
        .annotate(year=ExtractYear("approved_on"))
        .values(
            "project_id",
            "project__name",
            "project__is_sample",
            "project__zone_id",
            "project__zone__short_name",
            "project__zone__name",
            "project__zone__is_sample",
            "year",
        )
        .annotate(
            n=Count("pk"),
            days=Sum("days_saved"),
            fees=Sum("fee_saved"),
            samples=Count("pk", filter=Q(is_sample=True) | Q(project__is_sample=True)),
        )
        .order_by()
    )
    by_year: dict[int, Saved] = defaultdict(Saved)
    by_project: dict[int, ProjectSaved] = {}
    by_zone: dict[int, ZoneSaved] = {}
    total = Saved()
    stated_zone: set[tuple[str, bool]] = set()
    for row in rows:
        days, fees = row["days"] or 0, row["fees"] or Decimal(0)
        samples = row["samples"]
        by_year[row["year"]].add(row["n"], days, fees, samples)
        if year is not None and row["year"] != year:
            continue
        if not days and not fees:
            continue
        pid, zid = row["project_id"], row["project__zone_id"]
        zone_name = row["project__zone__short_name"]
        project = by_project.setdefault(
            pid,
            ProjectSaved(
                project_id=pid,
                name=row["project__name"],
                zone_id=zid,
                zone=zone_name,
                is_sample=row["project__is_sample"],
            ),
        )
        project.add(row["n"], days, fees, samples)
        by_zone.setdefault(zid, ZoneSaved(zone_id=zid, zone=zone_name)).add(
            row["n"], days, fees, samples
        )
        total.add(row["n"], days, fees, samples)
        stated_zone.add((row["project__zone__name"], row["project__zone__is_sample"]))
    zones = sorted(by_zone.values(), key=lambda z: (-z.fees, -z.days, z.zone))
    for zone in zones:
        zone.projects = sum(1 for p in by_project.values() if p.zone_id == zone.zone_id)
    result = Savings(
        total=total,
        projects=sorted(by_project.values(), key=lambda p: (p.zone, p.name)),
        zones=zones,
        years=sorted(by_year.items()),
        modes=items_by_mode(approvals, year=year),
    )
    if (
        year is None
        and stated_zone == {(STATED_ZONE, False)}
        and result.average_months == STATED_MONTHS
        and result.average_fees_wan == STATED_FEES_WAN
    ):
        result.source_note = STATED_SOURCE
    return result


# What the seed states of 晋城's approvals (approvals/demo.py loads sample
# items that average out to it): the averages over all years of 晋城's
# projects carry this source instead of the 示例 mark.
STATED_ZONE = "晋城经济技术开发区"
STATED_MONTHS = Decimal("3.0")
STATED_FEES_WAN = Decimal(16)
STATED_SOURCE = (
    "科学导报《打好“组合拳” 赋能经济高质量发展》："
    "“平均为每个项目节约前期手续办理时间3个月、节省文本编制费用16万元”"
)


def items_by_mode(approvals: QuerySet[ProjectApproval], *, year: int | None = None) -> list[dict]:
    """For each mode: all items, open ones, those done (in ``year`` if given),
    and what they saved. One query."""
    done = Q(status=Status.DONE)
    if year is not None:
        done &= Q(approved_on__year=year)
    counts = {
        row["mode"]: row
        for row in approvals.order_by()
        .values("mode")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=~Q(status=Status.DONE)),
            done=Count("pk", filter=done),
            days=Sum("days_saved", filter=done),
            fees=Sum("fee_saved", filter=done),
            samples=Count("pk", filter=done & (Q(is_sample=True) | Q(project__is_sample=True))),
        )
    }
    result = []
    for value, label in Mode.choices:
        row = counts.get(value, {})
        result.append(
            {
                "mode": value,
                "label": label,
                "total": row.get("total", 0),
                "open": row.get("open", 0),
                "done": row.get("done", 0),
                "working_days": row.get("days") or 0,
                "fees": row.get("fees") or Decimal(0),
                "fees_wan": to_wan(row.get("fees") or Decimal(0)),
                "figure_is_sample": bool(row.get("samples")),
            }
        )
    return result


# --- Projects' items ------------------------------------------------------------------------


def project_overview(approvals: QuerySet[ProjectApproval]) -> list[dict]:
    """Per project of these items: counts by status and mode, and what they
    saved. One query; the caller fetches the projects it shows."""
    return list(
        approvals.order_by()
        .values("project_id")
        .annotate(
            items=Count("pk"),
            open=Count("pk", filter=~Q(status=Status.DONE)),
            done=Count("pk", filter=Q(status=Status.DONE)),
            commitment=Count("pk", filter=Q(mode=Mode.COMMITMENT)),
            regional=Count("pk", filter=Q(mode=Mode.REGIONAL)),
            government_paid=Count("pk", filter=Q(mode=Mode.GOVERNMENT_PAID)),
            days=Sum("days_saved"),
            fees=Sum("fee_saved"),
            # Items invented for the demo: the row's figures are samples then.
            sample_items=Count("pk", filter=Q(is_sample=True)),
            samples=Count("pk", filter=Q(is_sample=True) | Q(project__is_sample=True)),
        )
        .order_by("project__zone__name", "project__name")
    )


# --- The agent's worklist ---------------------------------------------------------------


@dataclass
class WorkItem:
    approval: ProjectApproval
    days_used: int | None  # working days since the application
    days_left: int | None  # against the statutory limit; negative: overdue

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def open_items_of(approvals: QuerySet[ProjectApproval], agent: User) -> QuerySet[ProjectApproval]:
    """The items not yet done that ``agent`` handles."""
    return approvals.filter(agent=agent).exclude(status=Status.DONE)


def worklist(approvals: QuerySet[ProjectApproval], *, agent: User, today: date) -> list[WorkItem]:
    """Every open item assigned to ``agent``: those applied for first, oldest
    application first, then those not applied for yet, oldest first; with the
    working days left against the statutory limit. One query."""
    open_items = (
        open_items_of(approvals, agent)
        .select_related("project", "project__zone", "item")
        .order_by(F("applied_on").asc(nulls_last=True), "created_at", "pk")
    )
    result = []
    for approval in open_items:
        used = left = None
        if approval.applied_on:
            used = working_days_between(approval.applied_on, today)
            left = approval.item.statutory_days - used
        result.append(WorkItem(approval, used, left))
    return result


def todos(request: ZoneRequest) -> list[Todo]:
    """The home page's count of the open items the user handles as agent."""
    # The home page's counts are for signed-in users.
    user: User = request.user  # type: ignore[assignment]
    items = open_items_of(ProjectApproval.objects.visible_to(user), user)
    if request.current_zone_id:
        items = items.filter(project__zone_id=request.current_zone_id)
    count = items.count()
    return [Todo(_("Approval items I handle as agent"), count, reverse("approvals:worklist"))]
