"""Investment projects' resources."""

from django.db.models import Case, IntegerField, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.core.forms import yuan_as
from devzone.core.importing import ImportColumn, ImportSpec
from devzone.core.money import to_yi
from devzone.core.resources import Column, Resource
from devzone.core.scoping import creatable_zones, scope_of

from . import filters, forms, selectors
from .models import (
    Lead,
    LeadFollowUp,
    NoticeFeedback,
    Problem,
    ProblemFollowUp,
    Project,
    ProjectInvestment,
    ScheduleTask,
    TaskDependency,
)


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


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
    fields = (
        "zone",
        "parent",
        "name",
        "enterprises",
        "industry_code",
        "chain",
        "industrial",
        "planned_investment",
        "stage",
        "signed_on",
        "started_on",
        "completed_on",
        "operating_on",
        "key_level",
        "leader",
        "agent",
        "location",
        "land_area_mu",
        "expected_start",
        "expected_operation",
        "expected_annual_output",
        "actual_annual_output",
        "description",
        "notice_board",
        "is_sample",
    )
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
            label=_("planned investment (100 million yuan)"),
            accessor=lambda p: to_yi(p.planned_investment),
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
                resolve=yuan_as("亿元"),
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
        # The rates count sample projects, or stated ones' invented stages and dates.
        counted = {"stage", "signed_on", "started_on", "operating_on", "expected_output"}
        rates_sample = any(
            sample or counted & set(fields or ())
            for sample, fields in queryset.order_by().values_list("is_sample", "sample_fields")
        )
        return {
            "rates": selectors.pipeline_rates(queryset.order_by()),
            "rates_sample": rates_sample,
        }

    def detail_context(self, obj, request):
        investment = selectors.investment_share(obj)
        feedback = NoticeFeedback.objects.visible_to(request.user).filter(project=obj)
        return {
            "investment": investment,
            "investment_total": to_yi(investment["total"]) if investment else None,
            "investment_zone": to_yi(investment["zone_total"]) if investment else None,
            **selectors.project_schedule(obj),
            "feedback_visible": scope_of(request.user).enterprise_id is None,
            "feedback": list(feedback[:10]),
            "feedback_open": feedback.filter(handled=False).count(),
            "lead": Lead.objects.visible_to(request.user).filter(project=obj).first(),
            "notice_url": request.build_absolute_uri(
                reverse("notice:board", args=[obj.notice_code])
            ),
            "today": timezone.localdate(),
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
    fields = (
        "project",
        "year",
        "month",
        "cumulative",
        "is_sample",
    )
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
            label=_("completed this year (100 million yuan)"),
            accessor=lambda i: to_yi(i.cumulative),
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
                resolve=yuan_as("亿元"),
            ),
        ],
    )


class ProblemResource(Resource):
    """A zone's problem list; open problems first, oldest first (by age)."""

    name = "problems"
    url_prefix = "problem"
    namespace = "projects"
    model = Problem
    fields = (
        "project",
        "title",
        "owner",
        "department",
        "deadline",
        "status",
        "raised_on",
        "closed_on",
        "resolution",
        "is_sample",
    )
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
    fields = ("problem", "happened_on", "note")
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


def _task_lookups(user):
    lookups = _project_lookups(user)
    tasks = {}
    for pk, project, name in ScheduleTask.objects.editable_by(user).values_list(
        "pk", "project__name", "name"
    ):
        tasks[(project, name)] = str(pk)
    lookups["tasks"] = tasks
    return lookups


def _task_in_project(text, lookups, row):
    names = {v: k for k, v in lookups["projects"].items()}
    project = names.get(row.get("project"))
    return lookups["tasks"].get((project, text)) if project else None


_PROJECT_COLUMN = ImportColumn(
    "project",
    "项目名称",
    required=True,
    aliases=("project",),
    example="示例项目",
    resolve=lambda text, lk: lk["projects"].get(text),
)


class ScheduleTaskResource(Resource):
    """Schedule tasks across projects: the zone's late and at-risk work first."""

    name = "tasks"
    url_prefix = "task"
    namespace = "projects"
    model = ScheduleTask
    fields = (
        "project",
        "name",
        "duration",
        "working_days",
        "actual_start",
        "actual_finish",
        "percent_complete",
        "marks_stage",
        "is_sample",
    )
    filterset_class = filters.ScheduleTaskFilter
    form_class = forms.ScheduleTaskForm
    search_fields = ("name", "project__name")
    default_ordering = ("project__name", "earliest_start", "name")
    select_related = ("project", "project__zone")
    columns = [
        # What a leader looks for first (how it stands) before the computed dates.
        Column("name", order_by="name", link=True),
        Column("project", accessor="project.name", order_by="project__name"),
        Column("status", order_by="status"),
        Column("percent_complete", order_by="percent_complete"),
        Column("latest_finish", order_by="latest_finish"),
        Column("slack", order_by="slack"),
        Column("duration", order_by="duration"),
        Column("working_days", in_list=False),
        Column("earliest_start", order_by="earliest_start"),
        Column("earliest_finish", order_by="earliest_finish"),
        Column("latest_start", order_by="latest_start"),
        Column("critical", order_by="critical"),
        Column("baseline_start", in_list=False),
        Column("baseline_finish", in_list=False),
        Column("actual_start", in_list=False),
        Column("actual_finish", in_list=False),
        Column("marks_stage", in_list=False),
    ]
    detail_fields = (
        "project",
        "duration",
        "working_days",
        "earliest_start",
        "earliest_finish",
        "latest_start",
        "latest_finish",
        "slack",
        "critical",
        "baseline_start",
        "baseline_finish",
        "actual_start",
        "actual_finish",
        "percent_complete",
        "marks_stage",
        "status",
        "status_since",
    )
    import_spec = ImportSpec(
        key=("project", "name"),
        lookups=_project_lookups,
        columns=[
            _PROJECT_COLUMN,
            ImportColumn("name", "任务名称", required=True, aliases=("task",), example="主体施工"),
            ImportColumn(
                "duration", "工期（天）", required=True, aliases=("duration (days)",), example="90"
            ),
            ImportColumn(
                "working_days",
                "按工作日",
                aliases=("working days",),
                example="否",
                help=_("是: the duration counts working days of the official calendar."),
            ),
            ImportColumn(
                "actual_start", "实际开始", aliases=("actual start",), example="2024-03-01"
            ),
            ImportColumn("actual_finish", "实际完成", aliases=("actual finish",)),
            ImportColumn(
                "percent_complete", "完成百分比", aliases=("percent complete",), example="40"
            ),
            ImportColumn(
                "marks_stage",
                "完成后项目阶段",
                aliases=("when done, the project is",),
                help=_("For a milestone such as 竣工验收 or 投产运营: the stage it marks."),
            ),
        ],
    )

    def related_lists(self, obj, request):
        return [
            {
                "title": _("Depends on"),
                "url": reverse("projects:dependency_add")
                + f"?after={obj.pk}&project={obj.project_id}",
                "items": list(obj.predecessor_links.select_related("before", "after")),
            },
            {
                "title": _("Followed by"),
                "url": reverse("projects:dependency_add")
                + f"?before={obj.pk}&project={obj.project_id}",
                "items": list(obj.successor_links.select_related("before", "after")),
            },
        ]


class TaskDependencyResource(Resource):
    name = "dependencies"
    url_prefix = "dependency"
    namespace = "projects"
    model = TaskDependency
    fields = ("before", "after", "lag")
    form_class = forms.TaskDependencyForm
    search_fields = ("before__name", "after__name", "after__project__name")
    default_ordering = ("after__project__name", "before__earliest_start")
    select_related = ("before", "after", "after__project")
    columns = [
        Column("after", accessor="after.name", order_by="after__name", link=True),
        Column("before", accessor="before.name", order_by="before__name"),
        Column("project", label=_("project"), accessor="after.project.name"),
        Column("lag", order_by="lag"),
    ]
    detail_fields = ("before", "after", "lag")
    import_spec = ImportSpec(
        key=("before", "after"),
        lookups=_task_lookups,
        columns=[
            _PROJECT_COLUMN,
            ImportColumn(
                "before",
                "前置任务",
                required=True,
                aliases=("earlier task",),
                example="施工许可",
                resolve_in_row=_task_in_project,
            ),
            ImportColumn(
                "after",
                "后续任务",
                required=True,
                aliases=("later task",),
                example="主体施工",
                resolve_in_row=_task_in_project,
            ),
            ImportColumn("lag", "间隔（天）", aliases=("lag (days)",), example="0"),
        ],
    )


class NoticeFeedbackResource(Resource):
    """Messages the public left on notice boards: unhandled first."""

    name = "feedback"
    url_prefix = "feedback"
    namespace = "projects"
    model = NoticeFeedback
    fields = ("handled", "response")
    filterset_class = filters.NoticeFeedbackFilter
    search_fields = ("message", "project__name", "name")
    default_ordering = ("handled", "-created_at")
    select_related = ("project", "project__zone")
    columns = [
        Column("message", accessor=lambda f: f.message[:60], link=True),
        Column("project", accessor="project.name", order_by="project__name"),
        Column("name"),
        Column("contact_phone", personal=True),
        Column("created_at", label=_("received"), order_by="created_at"),
        Column("handled", order_by="handled"),
        Column("response", in_list=False),
    ]
    detail_fields = ("project", "message", "name", "contact_phone", "handled", "response")

    def related_lists(self, obj, request):
        """The desk request the message became, where it is answered."""
        from devzone.desk.models import ServiceRequest

        made = ServiceRequest.objects.visible_to(request.user).filter(notice_feedback=obj)
        return [{"title": _("Service request made from it"), "items": list(made[:1])}]


class LeadResource(Resource):
    name = "leads"
    url_prefix = "lead"
    namespace = "projects"
    model = Lead
    fields = (
        "zone",
        "investor",
        "project_name",
        "source_region",
        "direction",
        "chain",
        "planned_investment",
        "contact_name",
        "contact_phone",
        "stage",
        "owner",
        "first_contact_on",
        "signed_on",
        "landed_on",
        "description",
        "is_sample",
    )
    filterset_class = filters.LeadFilter
    form_class = forms.LeadForm
    search_fields = ("investor", "project_name", "direction", "contact_name")
    default_ordering = ("zone__name", "-first_contact_on", "investor")
    select_related = ("zone", "owner", "chain", "project")
    detail_template = "projects/lead_detail.html"
    columns = [
        Column("investor", order_by="investor", link=True),
        Column("project_name", order_by="project_name"),
        Column("zone", accessor="zone.short_name", order_by="zone__name"),
        Column("source_region", order_by="source_region"),
        Column("direction", order_by="direction"),
        Column("chain", accessor="chain.name", in_list=False),
        Column(
            "planned_investment",
            label=_("intended investment (100 million yuan)"),
            accessor=lambda lead: to_yi(lead.planned_investment),
            order_by="planned_investment",
        ),
        Column("stage", order_by="stage"),
        Column("owner", accessor=lambda lead: _person(lead.owner)),
        Column("contact_name", in_list=False),
        Column("contact_phone", personal=True, in_list=False),
        Column("first_contact_on", order_by="first_contact_on"),
        Column("signed_on", in_list=False),
        Column("landed_on", in_list=False),
        Column("project", accessor="project.name", in_list=False),
    ]
    detail_fields = (
        "zone",
        "investor",
        "project_name",
        "source_region",
        "direction",
        "chain",
        "planned_investment",
        "contact_name",
        "contact_phone",
        "stage",
        "owner",
        "first_contact_on",
        "signed_on",
        "landed_on",
        "project",
        "description",
    )
    import_spec = ImportSpec(
        key=("zone", "investor", "project_name"),
        lookups=_project_lookups,
        columns=[
            ImportColumn(
                "zone",
                "所属开发区",
                required=True,
                aliases=("zone",),
                example="垣曲经济技术开发区",
                resolve=lambda text, lk: lk["zones"].get(text),
            ),
            ImportColumn(
                "investor",
                "投资方",
                required=True,
                aliases=("investor",),
                example="示例投资有限公司",
            ),
            ImportColumn(
                "project_name",
                "意向项目",
                required=True,
                aliases=("intended project",),
                example="示例产业园项目",
            ),
            ImportColumn(
                "source_region",
                "来源地区",
                required=True,
                aliases=("source region",),
                example="长三角",
            ),
            ImportColumn("direction", "招商方向", aliases=("investment direction (招商方向)",)),
            ImportColumn(
                "planned_investment",
                "意向投资（元）",
                aliases=("intended investment (元)",),
                resolve=yuan_as("亿元"),
            ),
            ImportColumn("contact_name", "联系人", aliases=("contact person",)),
            ImportColumn("contact_phone", "联系电话", aliases=("contact phone",)),
            ImportColumn("stage", "阶段", aliases=("stage",), example="洽谈"),
            ImportColumn(
                "first_contact_on", "首次接触", aliases=("first contact on",), example="2024-05-01"
            ),
            ImportColumn("signed_on", "签约日期", aliases=("signed on",)),
            ImportColumn("description", "说明", aliases=("description",)),
        ],
    )

    def detail_context(self, obj, request):
        return {
            "convertible": obj.project_id is None
            and obj.stage in (Lead.Stage.SIGNED, Lead.Stage.LANDED)
        }

    def related_lists(self, obj, request):
        return [
            {
                "title": _("Follow-ups"),
                "url": reverse("projects:leadfollowup_add") + f"?lead={obj.pk}",
                "items": list(obj.follow_ups.all()),
            }
        ]


class LeadFollowUpResource(Resource):
    name = "lead-follow-ups"
    url_prefix = "leadfollowup"
    namespace = "projects"
    model = LeadFollowUp
    fields = ("lead", "happened_on", "note")
    form_class = forms.LeadFollowUpForm
    search_fields = ("note", "lead__investor")
    default_ordering = ("-happened_on",)
    select_related = ("lead",)
    columns = [
        Column("lead", accessor="lead.investor", order_by="lead__investor", link=True),
        Column("happened_on", order_by="happened_on"),
        Column("note"),
    ]
    detail_fields = ("lead", "happened_on", "note")
