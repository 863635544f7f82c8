"""Investment projects' resources."""

from decimal import Decimal

from django.db.models import Case, IntegerField, Q, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from devzone.core.importing import ImportColumn, ImportSpec
from devzone.core.resources import Column, Resource
from devzone.core.scoping import creatable_zones

from . import filters, forms, selectors
from .models import Problem, ProblemFollowUp, Project, ProjectInvestment

YI = Decimal(100_000_000)


def _yi(value):
    return None if value is None else (Decimal(value) / YI).quantize(Decimal("0.01"))


def _project_lookups(user):
    zones = {}
    for z in creatable_zones(user):
        zones[z.name] = str(z.pk)
        zones.setdefault(z.short_name, str(z.pk))
    projects = {p.name: str(p.pk) for p in Project.objects.editable_by(user).only("pk", "name")}
    return {"zones": zones, "projects": projects}


class ProjectResource(Resource):
    name = "projects"
    url_prefix = "project"
    namespace = "projects"
    model = Project
    filterset_class = filters.ProjectFilter
    form_class = forms.ProjectForm
    search_fields = ("name", "location", "description", "enterprises__name")
    default_ordering = ("zone__name", "name")
    select_related = ("zone", "parent", "leader", "agent")
    list_template = "projects/project_list.html"
    detail_template = "projects/project_detail.html"
    columns = [
        Column("name", order_by="name", link=True),
        Column("parent", accessor="parent.name", order_by="parent__name"),
        Column("zone", accessor="zone.short_name", order_by="zone__name"),
        Column("stage", order_by="stage"),
        Column("key_level", order_by="key_level"),
        Column(
            "planned_investment",
            label=_("planned investment (亿元)"),
            accessor=lambda p: _yi(p.planned_investment),
            order_by="planned_investment",
        ),
        Column(
            "leader",
            accessor=lambda p: p.leader.get_full_name() or p.leader.username if p.leader else "",
        ),
        Column(
            "agent",
            accessor=lambda p: p.agent.get_full_name() or p.agent.username if p.agent else "",
        ),
        Column("expected_operation", order_by="expected_operation"),
        Column("location", in_list=False),
        Column("land_area_mu", in_list=False),
        Column("is_sample", in_list=False),
    ]
    detail_fields = (
        "zone",
        "parent",
        "stage",
        "key_level",
        "industry_code",
        "chain",
        "industrial",
        "planned_investment",
        "signed_on",
        "started_on",
        "completed_on",
        "operating_on",
        "leader",
        "agent",
        "location",
        "land_area_mu",
        "expected_start",
        "expected_operation",
        "expected_annual_output",
        "actual_annual_output",
        "description",
    )
    import_spec = ImportSpec(
        key=("zone", "name"),
        lookups=_project_lookups,
        columns=[
            ImportColumn(
                "zone",
                "所属开发区",
                required=True,
                aliases=("zone",),
                example="广灵经济技术开发区",
                resolve=lambda text, lk: lk["zones"].get(text),
            ),
            ImportColumn("name", "项目名称", required=True, aliases=("name",), example="示例项目"),
            ImportColumn(
                "planned_investment",
                "计划总投资（元）",
                required=True,
                aliases=("planned total investment (元)",),
                example="260000000",
            ),
            ImportColumn("stage", "阶段", aliases=("stage",), example="在建"),
            ImportColumn(
                "key_level", "重点项目级别", aliases=("key-project level",), example="市重点"
            ),
            ImportColumn("industrial", "工业项目", aliases=("industrial project",), example="是"),
            ImportColumn("location", "建设地点", aliases=("location",)),
            ImportColumn("land_area_mu", "占地（亩）", aliases=("land (亩)",), example="86"),
            ImportColumn(
                "expected_start", "计划开工", aliases=("expected start",), example="2024-03-01"
            ),
            ImportColumn(
                "expected_operation",
                "预计投产",
                aliases=("expected operation",),
                example="2024-11-30",
            ),
            ImportColumn("description", "项目简介", aliases=("description",)),
        ],
    )

    def list_context(self, request, queryset):
        return {"rates": selectors.pipeline_rates(queryset.order_by())}

    def detail_context(self, obj, request):
        investment = selectors.investment_share(obj)
        return {
            "investment": investment,
            "investment_total": _yi(investment["total"]) if investment else None,
            "investment_zone": _yi(investment["zone_total"]) if investment else None,
        }

    def related_lists(self, obj, request):
        return [
            {
                "title": _("Phases"),
                "url": reverse("projects:project_add") + f"?parent={obj.pk}&zone={obj.zone_id}",
                "items": list(obj.phases.all()),
            },
            {
                "title": _("Reported investment"),
                "url": reverse("projects:investment_list") + f"?q={obj.name}",
                "items": list(
                    ProjectInvestment.objects.filter(
                        Q(project=obj) | Q(project__parent=obj)
                    ).select_related("project")[:12]
                ),
            },
        ]


class ProjectInvestmentResource(Resource):
    name = "investments"
    url_prefix = "investment"
    namespace = "projects"
    model = ProjectInvestment
    filterset_class = filters.ProjectInvestmentFilter
    form_class = forms.ProjectInvestmentForm
    search_fields = ("project__name",)
    default_ordering = ("-year", "-month", "project__name")
    select_related = ("project", "project__zone")
    columns = [
        Column("project", accessor="project.name", order_by="project__name", link=True),
        Column(
            "zone",
            label=_("zone"),
            accessor="project.zone.short_name",
            order_by="project__zone__name",
        ),
        Column(
            "period",
            label=_("period"),
            accessor=lambda i: f"{i.year}-{i.month:02d}",
            order_by=("year", "month"),
        ),
        Column(
            "cumulative",
            label=_("completed this year (亿元)"),
            accessor=lambda i: _yi(i.cumulative),
            order_by="cumulative",
        ),
    ]
    detail_fields = ("project", "year", "month", "cumulative")
    import_spec = ImportSpec(
        key=("project", "year", "month"),
        lookups=_project_lookups,
        columns=[
            ImportColumn(
                "project",
                "项目名称",
                required=True,
                aliases=("project",),
                example="示例项目",
                resolve=lambda text, lk: lk["projects"].get(text),
            ),
            ImportColumn("year", "年", required=True, aliases=("year",), example="2024"),
            ImportColumn("month", "月", required=True, aliases=("month",), example="9"),
            ImportColumn(
                "cumulative",
                "累计完成投资（元）",
                required=True,
                aliases=("investment completed this year (元)",),
                example="1395000000",
            ),
        ],
    )


class ProblemResource(Resource):
    """A zone's problem list; open problems first, oldest first (by age)."""

    name = "problems"
    url_prefix = "problem"
    namespace = "projects"
    model = Problem
    filterset_class = filters.ProblemFilter
    form_class = forms.ProblemForm
    search_fields = ("title", "project__name", "department")
    default_ordering = ("is_closed", "raised_on")
    select_related = ("project", "project__zone", "owner")

    def base_queryset(self, user, current_zone_id=None):
        closed = Case(
            When(status=Problem.Status.CLOSED, then=1), default=0, output_field=IntegerField()
        )
        return super().base_queryset(user, current_zone_id).annotate(is_closed=closed)

    columns = [
        Column("title", order_by="title", link=True),
        Column("project", accessor="project.name", order_by="project__name"),
        Column(
            "zone",
            label=_("zone"),
            accessor="project.zone.short_name",
            order_by="project__zone__name",
        ),
        Column(
            "owner",
            accessor=lambda p: (p.owner.get_full_name() or p.owner.username) if p.owner else "",
        ),
        Column("department", order_by="department"),
        Column("status", order_by="status"),
        Column("raised_on", order_by="raised_on"),
        Column("age", label=_("age (days)"), accessor="age_days", order_by=("-raised_on",)),
        Column("deadline", order_by="deadline"),
        Column("overdue", label=_("overdue"), accessor="overdue"),
        Column("resolution", in_list=False),
    ]
    detail_fields = (
        "project",
        "owner",
        "department",
        "deadline",
        "status",
        "raised_on",
        "closed_on",
        "resolution",
    )

    def related_lists(self, obj, request):
        return [
            {
                "title": _("Follow-ups"),
                "url": reverse("projects:followup_add") + f"?problem={obj.pk}",
                "items": list(obj.follow_ups.all()),
            }
        ]


class ProblemFollowUpResource(Resource):
    name = "follow-ups"
    url_prefix = "followup"
    namespace = "projects"
    model = ProblemFollowUp
    form_class = forms.ProblemFollowUpForm
    search_fields = ("note", "problem__title")
    default_ordering = ("-happened_on",)
    select_related = ("problem", "problem__project")
    columns = [
        Column("problem", accessor="problem.title", order_by="problem__title", link=True),
        Column("project", label=_("project"), accessor="problem.project.name"),
        Column("happened_on", order_by="happened_on"),
        Column("note"),
    ]
    detail_fields = ("problem", "happened_on", "note")
