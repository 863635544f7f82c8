"""Reads of investment projects: pipeline rates and each project's share of
its zone's reported investment."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core.middleware import ZoneRequest
from devzone.core.models import User
from devzone.core.navigation import PublicLink, Todo
from devzone.stats.figures import share

from .models import Lead, NoticeFeedback, Problem, Project, ProjectInvestment, ScheduleTask

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


def pipeline_rates(projects: QuerySet[Project]) -> PipelineRates:
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


# --- Wall chart (挂图作战) ---------------------------------------------------------------

STATUS_ORDER = {
    ScheduleTask.Status.LATE: 0,
    ScheduleTask.Status.AT_RISK: 1,
    ScheduleTask.Status.ON_TRACK: 2,
    ScheduleTask.Status.NOT_STARTED: 3,
    ScheduleTask.Status.DONE: 4,
}


PERSON_FIELDS = ("first_name", "last_name", "username")


def _person(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def key_projects(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Key projects (省/市/县重点) and the phases of key projects."""
    return projects.filter(Q(key_level__gt="") | Q(parent__key_level__gt=""))


def wall_chart(projects: QuerySet[Project], *, today: date) -> dict:
    """The rows of a wall chart, in two queries: each project, then its tasks in
    schedule order. A project's status is its worst task's."""
    # A project is followed by its phases. (From here on, the rows read.)
    projects = list(  # type: ignore[assignment]
        projects.select_related("leader", "agent")
        .only(
            "pk",
            "name",
            "parent_id",
            "stage",
            "key_level",
            "expected_operation",
            "is_sample",
            "sample_fields",
            *(f"{who}__{f}" for who in ("leader", "agent") for f in PERSON_FIELDS),
        )
        .annotate(family=Coalesce("parent_id", "pk"))
        .order_by("family", F("parent_id").asc(nulls_first=True), "name")
    )
    stages = dict(Project.Stage.choices)
    levels = dict(Project.KeyLevel.choices)
    statuses = {k: str(v) for k, v in ScheduleTask.Status.choices}
    url_of = reverse("projects:project_detail", args=[0]).replace("/0/", "/%d/")
    tasks_by_project: dict[int, list] = defaultdict(list)
    fields = (
        "project_id",
        "pk",
        "name",
        "duration",
        "earliest_start",
        "earliest_finish",
        "latest_start",
        "latest_finish",
        "baseline_start",
        "baseline_finish",
        "actual_start",
        "actual_finish",
        "percent_complete",
        "status",
        "critical",
        "slack",
        "is_sample",
    )
    for row in (
        ScheduleTask.objects.filter(project_id__in=[p.pk for p in projects])
        .order_by("earliest_start", "name")
        .values_list(*fields)
    ):
        tasks_by_project[row[0]].append(dict(zip(fields[1:], row[1:], strict=True)))
    iso = _iso
    phases: dict[int, list[int]] = defaultdict(list)
    for p in projects:
        if p.parent_id:
            phases[p.parent_id].append(p.pk)
    rows = []
    for p in projects:
        tasks = tasks_by_project.get(p.pk, [])
        family = [t for q in phases.get(p.pk, []) for t in tasks_by_project.get(q, [])] + tasks
        worst = min(
            (t["status"] for t in family if t["status"] != ScheduleTask.Status.NOT_STARTED),
            key=STATUS_ORDER.__getitem__,
            default=ScheduleTask.Status.NOT_STARTED,
        )
        days = [
            d
            for t in family
            for d in (
                t["earliest_start"],
                t["earliest_finish"],
                t["baseline_start"],
                t["baseline_finish"],
                t["actual_start"],
                t["actual_finish"],
            )
            if d
        ]
        rows.append(
            {
                "id": p.pk,
                "name": str(p),
                "url": url_of % p.pk,
                "stage": str(stages[p.stage]),
                "key_level": str(levels[p.key_level]) if p.key_level else "",
                "leader": _person(p.leader),
                "agent": _person(p.agent),
                "deadline": iso(p.expected_operation),
                "status": worst,
                "status_label": statuses[worst],
                "phase": p.parent_id is not None,
                "span": [iso(min(days)), iso(max(days))] if days else None,
                # The tooltip and the table mark a sample project, and a stated
                # one's invented details (leader, agent, deadline), 示例.
                "sample": p.is_sample,
                "tasks_sample": any(t["is_sample"] for t in tasks),
                "sample_fields": [
                    name
                    for name, field in WALL_SAMPLE_DETAILS.items()
                    if not p.is_sample and field in (p.sample_fields or ())
                ],
                "tasks": [
                    {
                        "id": t["pk"],
                        "name": t["name"],
                        "plan": [iso(t["earliest_start"]), iso(t["earliest_finish"])],
                        "latest": [iso(t["latest_start"]), iso(t["latest_finish"])],
                        "baseline": [iso(t["baseline_start"]), iso(t["baseline_finish"])],
                        "actual": [
                            iso(t["actual_start"]),
                            iso(
                                t["actual_finish"]
                                or (
                                    today
                                    if t["actual_start"] and today >= t["actual_start"]
                                    else None
                                )
                            ),
                        ],
                        "percent": t["percent_complete"],
                        "status": t["status"],
                        "critical": t["critical"],
                        "slack": t["slack"],
                        "sample": t["is_sample"],
                    }
                    for t in tasks
                ],
            }
        )
    return {
        "today": iso(today),
        "projects": rows,
        "statuses": statuses,
    }


# A wall chart row's details and the project fields they show.
WALL_SAMPLE_DETAILS = {"leader": "leader", "agent": "agent", "deadline": "expected_operation"}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- Investment-promotion funnel ---------------------------------------------------------

FUNNEL: list[str] = [
    Lead.Stage.CONTACT,
    Lead.Stage.NEGOTIATING,
    Lead.Stage.SIGNED,
    Lead.Stage.LANDED,
]


@dataclass
class FunnelStep:
    stage: str
    label: str
    reached: int  # leads at this stage or beyond
    rate: Decimal | None  # of the leads that reached the step before
    any_sample: bool = False  # whether any lead counted is a sample
    rate_sample: bool = False  # whether the step before, the rate's base, counts a sample


def lead_funnel(leads: QuerySet[Lead]) -> tuple[list[FunnelStep], list[dict]]:
    """How far a set of leads came (接触 → 洽谈 → 签约 → 落地), and the same by
    source region, in one query; a count that counts a sample lead says so
    (each region's ``samples``, per step)."""
    rows = list(
        leads.order_by()
        .values("source_region", "stage")
        .annotate(n=Count("pk"), samples=Count("pk", filter=Q(is_sample=True)))
    )
    counts = {(row["source_region"], row["stage"]): row["n"] for row in rows}
    sampled = {(row["source_region"], row["stage"]) for row in rows if row["samples"]}

    def reached(
        stage: str, region: str | None = None, among: set[tuple[str, str]] | None = None
    ) -> int:
        later = FUNNEL[FUNNEL.index(stage) :]
        return sum(
            n
            for (r, s), n in counts.items()
            if s in later and (region is None or r == region) and (among is None or (r, s) in among)
        )

    def any_sample(stage: str, region: str | None = None) -> bool:
        return reached(stage, region, among=sampled) > 0

    steps, before, before_sample = [], None, False
    for stage in FUNNEL:
        n, sample = reached(stage), any_sample(stage)
        name = str(Lead.Stage(stage).label)
        steps.append(FunnelStep(stage, name, n, share(n, before), sample, before_sample))
        before, before_sample = n, sample
    regions = []
    for value, label in Lead.SourceRegion.choices:
        row = [reached(stage, value) for stage in FUNNEL]
        if row[0]:
            regions.append(
                {
                    "region": str(label),
                    "counts": row,
                    "samples": [any_sample(stage, value) for stage in FUNNEL],
                }
            )
    return steps, regions


def project_schedule(project: Project) -> dict:
    """A project's tasks in schedule order with their dependencies, in two queries."""
    from .models import TaskDependency

    tasks = list(project.tasks.order_by("earliest_start", "name"))
    predecessors: dict[int, list[str]] = defaultdict(list)
    for after_id, before_name, lag in TaskDependency.objects.filter(
        after__project=project
    ).values_list("after_id", "before__name", "lag"):
        predecessors[after_id].append(f"{before_name} +{lag}" if lag else before_name)
    for task in tasks:
        task.predecessor_names = predecessors.get(task.pk, [])
    finishes = [t.earliest_finish for t in tasks if t.earliest_finish]
    return {
        "tasks": tasks,
        "schedule_finish": max(finishes) if finishes else None,
        "status_counts": {
            status: sum(1 for t in tasks if t.status == status)
            for status in (ScheduleTask.Status.LATE, ScheduleTask.Status.AT_RISK)
        },
    }


def overdue_problems_q(today: date) -> Q:
    """Problems not closed and past their deadline (``Problem.overdue`` for one row)."""
    return Q(deadline__lt=today) & ~Q(status=Problem.Status.CLOSED)


def todos(request: ZoneRequest) -> list[Todo]:
    """The home page's counts for the user's zones: late and at-risk tasks,
    problems past their deadline, notice-board feedback not yet handled. Three queries."""
    today = timezone.localdate()
    tasks = ScheduleTask.objects.editable_by(request.user)
    problems = Problem.objects.editable_by(request.user).filter(overdue_problems_q(today))
    feedback = NoticeFeedback.objects.editable_by(request.user).filter(
        handled=False, voided_at__isnull=True
    )
    if request.current_zone_id:
        tasks = tasks.filter(project__zone_id=request.current_zone_id)
        problems = problems.filter(project__zone_id=request.current_zone_id)
        feedback = feedback.filter(project__zone_id=request.current_zone_id)
    counts = tasks.order_by().aggregate(
        late=Count("pk", filter=Q(status=ScheduleTask.Status.LATE)),
        at_risk=Count("pk", filter=Q(status=ScheduleTask.Status.AT_RISK)),
    )
    overdue = problems.count()
    tasks_url = reverse("projects:task_list")
    return [
        Todo(_("Late schedule tasks"), counts["late"], f"{tasks_url}?status=late", True),
        Todo(_("Schedule tasks at risk"), counts["at_risk"], f"{tasks_url}?status=at_risk"),
        Todo(
            _("Project problems past their deadline"),
            overdue,
            reverse("projects:problem_list") + "?overdue=true",
            True,
        ),
        Todo(
            _("Notice-board feedback not yet handled"),
            feedback.count(),
            reverse("projects:feedback_list") + "?handled=false",
        ),
    ]


@dataclass
class NoticeBoard:
    """What a project's public notice board shows, and nothing else: the page,
    the printed sign and the public API all read it from here."""

    project: Project
    parent: Project | None  # the project this one is a phase of, if its board is public
    phases: list[Project]  # its phases with a public board
    tasks: list[ScheduleTask]

    @property
    def start(self) -> date | None:
        """The project's start, or else its first phase's."""
        starts = [p.start_day for p in self.phases if p.start_day]
        return self.project.start_day or min(starts, default=None)


def notice_board(project: Project) -> NoticeBoard:
    parent = project.parent if project.parent and project.parent.notice_board else None
    phases = list(
        project.phases.filter(notice_board=True)
        .order_by("expected_start", "name")
        .only("name", "stage", "expected_start", "started_on", "expected_operation", "notice_code")
    )
    return NoticeBoard(
        project=project,
        parent=parent,
        phases=phases,
        tasks=list(project.tasks.order_by("earliest_start", "name")),
    )


# --- Roll-up into the zone's statistics ----------------------------------------------------

ROLLUP_INDICATORS = {"industrial_investment": True, "fixed_asset_investment": None}


def investment_rollup(*, zone_id: int, cards: dict[str, tuple]) -> list[dict]:
    """The projects' reported investment (累计完成投资) beside the zone's approved
    工业投资 and 固定资产投资, for the period of each card: the total, its share,
    and each project's (phases counted with their project). ``cards`` maps an
    indicator code to (period year, month, zone value). One query."""
    wanted = {code: v for code, v in cards.items() if code in ROLLUP_INDICATORS and v[0]}
    # One query whatever the data (none of the periods: a query that finds nothing).
    periods = Q(year=0)
    for year, month, _value in wanted.values():
        periods |= Q(year=year, month=month)
    reports = list(
        ProjectInvestment.objects.filter(periods, project__zone_id=zone_id).values_list(
            "year",
            "month",
            "cumulative",
            "project_id",
            "project__parent_id",
            "project__industrial",
            "project__name",
            "project__parent__name",
            "project__is_sample",
            "project__source_note",
            "project__parent__is_sample",
            "project__parent__source_note",
        )
    )
    names = {r[4] or r[3]: r[7] or r[6] for r in reports}
    # Each project's provenance (a phase's is its project's): invented, or the
    # report that states it, which the page names beside the project.
    provenance = {r[4] or r[3]: (r[10], r[11]) if r[4] else (r[8], r[9]) for r in reports}
    result = []
    for code in (c for c in ROLLUP_INDICATORS if c in wanted):
        year, month, zone_value = wanted[code]
        industrial_only = ROLLUP_INDICATORS[code]
        rows = [
            r for r in reports if (r[0], r[1]) == (year, month) and (not industrial_only or r[5])
        ]
        # A project built in phases reports through them; its own report counts
        # only when none of its phases reported.
        reporting_parents = {r[4] for r in rows if r[4]}
        by_root: dict[int, Decimal] = defaultdict(Decimal)
        for _y, _m, amount, pk, parent, *_rest in rows:
            if pk in reporting_parents:
                continue
            by_root[parent or pk] += amount
        total = sum(by_root.values(), Decimal(0))
        result.append(
            {
                "code": code,
                "year": year,
                "month": month,
                "zone_value": zone_value,
                "total": total,
                "share": share(total, zone_value),
                "projects": sorted(
                    (
                        {
                            "id": pk,
                            "name": names.get(pk, ""),
                            "is_sample": provenance[pk][0],
                            "source_note": "" if provenance[pk][0] else provenance[pk][1],
                            "amount": amount,
                            "share": share(amount, zone_value),
                        }
                        for pk, amount in by_root.items()
                    ),
                    key=lambda p: -p["amount"],
                ),
            }
        )
    return result


def project_investment_by_zone(
    zone_ids: list[int], year: int, month: int, indicator_code: str
) -> dict[int, Decimal]:
    """The projects' reported investment per zone for a period, as an audit
    source: all projects against 固定资产投资, industrial ones against 工业投资."""
    qs = ProjectInvestment.objects.filter(project__zone_id__in=zone_ids, year=year, month=month)
    if indicator_code == "industrial_investment":
        qs = qs.filter(project__industrial=True)
    rows = qs.values("project__zone_id").annotate(total=Sum("cumulative"))
    return {row["project__zone_id"]: row["total"] for row in rows}


PUBLIC_BOARDS_ON_HOME = 12


def public_board_links(request: HttpRequest) -> list[PublicLink]:
    """Published notice boards of whole projects (phases are reached from
    them), for the public home page."""
    projects = (
        Project.objects.filter(notice_board=True, parent=None)
        .select_related("zone")
        .only("name", "notice_code", "zone__name", "zone__short_name")
        .order_by("zone__name", "name")[:PUBLIC_BOARDS_ON_HOME]
    )
    return [
        PublicLink(
            p.name, reverse("notice:board", args=[p.notice_code]), p.zone.short_name or p.zone.name
        )
        for p in projects
    ]
