"""The approval service's resources: lists, details, forms, exports and imports."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.core.forms import yuan_as
from devzone.core.importing import ImportColumn, ImportSpec
from devzone.core.money import to_wan
from devzone.core.resources import Column, Resource
from devzone.core.scoping import (
    assignable_users,
    can_change,
    can_create,
    can_delete,
    creatable_zones,
    scope_of,
)
from devzone.projects.models import Project

from . import filters, forms
from .documents import ALLOWED_UPLOADS
from .models import (
    ApprovalDocument,
    ApprovalItem,
    DocumentTemplate,
    ProjectApproval,
    RegionalCoverage,
)
from .placeholders import PLACEHOLDERS


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _catalogue_lookups(user) -> dict:
    items = {}
    for pk, code, name in ApprovalItem.objects.values_list("pk", "code", "name"):
        items[name] = items[code] = str(pk)
    zones = {}
    for zone in creatable_zones(user):
        zones[zone.name] = str(zone.pk)
        zones.setdefault(zone.short_name, str(zone.pk))
    return {"items": items, "zones": zones}


class ApprovalItemResource(Resource):
    name = "catalogue"
    url_prefix = "item"
    namespace = "approvals"
    model = ApprovalItem
    fields = (
        "code",
        "name",
        "department",
        "stage",
        "statutory_days",
        "usual_fee",
        "regional_coverable",
        "commitment_allowed",
        "standard",
        "basis",
        "note",
        "sort_order",
        "active",
        "is_sample",
    )
    filterset_class = filters.ApprovalItemFilter
    form_class = forms.ApprovalItemForm
    search_fields = ("name", "code", "department", "basis")
    default_ordering = ("sort_order", "name")
    follows_current_zone = False
    columns = [
        Column("name", order_by="name", link=True),
        Column("code", order_by="code", in_list=False),
        Column("department", order_by="department"),
        Column("stage", order_by="stage"),
        Column("statutory_days", order_by="statutory_days"),
        Column(
            "usual_fee",
            label=_("usual document-preparation fee (10,000 yuan)"),
            accessor=lambda i: to_wan(i.usual_fee),
            order_by="usual_fee",
        ),
        Column("regional_coverable", order_by="regional_coverable"),
        Column("commitment_allowed", order_by="commitment_allowed"),
        Column("active", order_by="active", in_list=False),
        Column("basis", in_list=False),
        Column("standard", in_list=False),
        Column("note", in_list=False),
    ]
    detail_fields = (
        "code",
        "department",
        "stage",
        "statutory_days",
        "usual_fee",
        "regional_coverable",
        "commitment_allowed",
        "standard",
        "basis",
        "note",
        "active",
    )
    import_spec = ImportSpec(
        key="code",
        columns=[
            ImportColumn("code", "代码", required=True, aliases=("code",), example="eia"),
            ImportColumn(
                "name", "事项名称", required=True, aliases=("name",), example="环境影响评价"
            ),
            ImportColumn(
                "department",
                "主管部门",
                required=True,
                aliases=("department",),
                example="生态环境部门",
            ),
            ImportColumn("stage", "阶段", required=True, aliases=("stage",), example="评估评价"),
            ImportColumn(
                "statutory_days",
                "法定时限（工作日）",
                required=True,
                aliases=("statutory time limit (working days)",),
                example="30",
            ),
            ImportColumn(
                "usual_fee",
                "文本编制费用（元）",
                aliases=("usual document-preparation fee (元)",),
                example="50000",
                resolve=yuan_as("万元"),
            ),
            ImportColumn(
                "regional_coverable",
                "区域评估可覆盖",
                aliases=("a regional assessment may cover it (多评合一)",),
                example="是",
            ),
            ImportColumn(
                "commitment_allowed",
                "可实行承诺制",
                aliases=("commitment-based allowed (承诺制)",),
                example="是",
            ),
            ImportColumn(
                "standard", "审批标准", aliases=("standard set by the government (审批标准)",)
            ),
            ImportColumn("basis", "法律依据", aliases=("legal basis",)),
            ImportColumn("note", "备注", aliases=("note",)),
            ImportColumn("sort_order", "排序", aliases=("order",)),
            ImportColumn("active", "在用", aliases=("in use",), example="是"),
        ],
    )

    def related_lists(self, obj, request):
        coverage = (
            RegionalCoverage.objects.visible_to(request.user)
            .filter(item=obj)
            .select_related("zone")
        )
        return [
            {
                "title": _("Zones whose regional assessment covers it"),
                "url": reverse("approvals:coverage_list") + f"?item={obj.pk}",
                "items": list(coverage[:20]),
            }
        ]


class RegionalCoverageResource(Resource):
    name = "coverage"
    url_prefix = "coverage"
    namespace = "approvals"
    model = RegionalCoverage
    fields = (
        "zone",
        "item",
        "completed_on",
        "reference",
        "valid_until",
        "note",
        "is_sample",
    )
    filterset_class = filters.RegionalCoverageFilter
    form_class = forms.RegionalCoverageForm
    search_fields = ("item__name", "reference", "zone__name")
    default_ordering = ("zone__name", "item__sort_order")
    select_related = ("zone", "item")
    columns = [
        Column("item", accessor="item.name", order_by="item__name", link=True),
        Column("zone", accessor="zone.short_name", order_by="zone__name"),
        Column("completed_on", order_by="completed_on"),
        Column("reference", order_by="reference"),
        Column("valid_until", order_by="valid_until"),
        Column(
            "statutory_days",
            label=_("statutory time limit (working days)"),
            accessor="item.statutory_days",
        ),
        Column(
            "usual_fee",
            label=_("usual document-preparation fee (10,000 yuan)"),
            accessor=lambda c: to_wan(c.item.usual_fee),
        ),
        Column("note", in_list=False),
    ]
    detail_fields = ("zone", "item", "completed_on", "reference", "valid_until", "note")
    import_spec = ImportSpec(
        key=("zone", "item"),
        lookups=_catalogue_lookups,
        columns=[
            ImportColumn(
                "zone",
                "所属开发区",
                required=True,
                aliases=("zone",),
                example="晋城经济技术开发区",
                resolve=lambda text, lk: lk["zones"].get(text),
            ),
            ImportColumn(
                "item",
                "审批事项",
                required=True,
                aliases=("approval item",),
                example="地质灾害危险性评估",
                resolve=lambda text, lk: lk["items"].get(text),
            ),
            ImportColumn(
                "completed_on",
                "区域评估完成日期",
                required=True,
                aliases=("regional assessment completed on",),
                example="2022-06-30",
            ),
            ImportColumn("reference", "文号", aliases=("document number (文号)",)),
            ImportColumn("valid_until", "有效期至", aliases=("valid until",)),
            ImportColumn("note", "备注", aliases=("note",)),
        ],
    )

    def related_lists(self, obj, request):
        relying = (
            ProjectApproval.objects.visible_to(request.user)
            .filter(project__zone=obj.zone_id, item=obj.item_id, mode=ProjectApproval.Mode.REGIONAL)
            .select_related("project", "item")
        )
        return [
            {
                "title": _("Project items it covers"),
                "url": reverse("approvals:projectitem_list")
                + f"?item={obj.item_id}&zone={obj.zone_id}&mode=regional",
                "count": relying.count(),
                "items": list(relying[:20]),
            }
        ]


def _project_item_lookups(user) -> dict:
    lookups = _catalogue_lookups(user)
    projects = Project.objects.editable_by(user).values_list(
        "pk", "name", "zone__name", "zone__short_name"
    )
    by_name: dict[str, list[str]] = {}
    in_zone = {}
    for pk, name, zone_name, short_name in projects:
        by_name.setdefault(name, []).append(str(pk))
        in_zone[(zone_name, name)] = in_zone[(short_name, name)] = str(pk)
    lookups["projects"] = {name: pks[0] for name, pks in by_name.items() if len(pks) == 1}
    lookups["projects_in_zone"] = in_zone
    zone_ids = set(Project.objects.editable_by(user).values_list("zone_id", flat=True))
    people = {}
    for person in assignable_users(zone_ids):
        people[person.username] = str(person.pk)
        if person.get_full_name():
            people.setdefault(person.get_full_name(), str(person.pk))
    lookups["people"] = people
    return lookups


def _project_in_row(text, lookups, row):
    zone = row.get("zone", "")
    if zone:
        return lookups["projects_in_zone"].get((zone, text))
    return lookups["projects"].get(text)


class ProjectApprovalResource(Resource):
    """Projects' approval items; open items first, oldest application first."""

    name = "project-items"
    url_prefix = "projectitem"
    namespace = "approvals"
    model = ProjectApproval
    fields = (
        "project",
        "item",
        "mode",
        "applied_on",
        "approved_on",
        "agent",
        "commitment",
        "reference",
        "note",
        "is_sample",
    )
    filterset_class = filters.ProjectApprovalFilter
    form_class = forms.ProjectApprovalForm
    search_fields = ("project__name", "item__name", "reference")
    default_ordering = ("project__zone__name", "project__name", "item__sort_order")
    select_related = ("project", "project__zone", "item", "agent")
    detail_template = "approvals/projectitem_detail.html"
    columns = [
        Column("item", accessor="item.name", order_by="item__name", link=True),
        Column("project", accessor="project.name", order_by="project__name"),
        Column(
            "zone",
            label=_("zone"),
            accessor="project.zone.short_name",
            order_by="project__zone__name",
        ),
        Column("department", label=_("department"), accessor="item.department", in_list=False),
        Column("mode", order_by="mode"),
        Column("status", order_by="status"),
        Column("applied_on", order_by="applied_on"),
        Column("approved_on", order_by="approved_on"),
        Column("due_on", order_by="due_on", in_list=False),
        Column(
            "statutory_days",
            label=_("statutory time limit (working days)"),
            accessor="item.statutory_days",
            in_list=False,
        ),
        Column("days_taken", order_by="days_taken", in_list=False),
        Column("days_saved", order_by="days_saved"),
        Column(
            "fee_saved",
            label=_("fee saved (10,000 yuan)"),
            accessor=lambda a: to_wan(a.fee_saved),
            order_by="fee_saved",
        ),
        Column("agent", accessor=lambda a: _person(a.agent), order_by="agent__username"),
        Column("reference", in_list=False),
        Column("commitment", in_list=False),
        Column("is_sample", in_list=False),
    ]
    detail_fields = (
        "project",
        "item",
        "mode",
        "status",
        "applied_on",
        "approved_on",
        "due_on",
        "days_taken",
        "days_saved",
        "fee_saved",
        "agent",
        "reference",
        "note",
    )
    import_spec = ImportSpec(
        key=("project", "item"),
        lookups=_project_item_lookups,
        columns=[
            ImportColumn(
                "zone",
                "所属开发区",
                aliases=("zone",),
                example="晋城经济技术开发区",
                help=_("Needed only when two of your zones have projects of the same name."),
            ),
            ImportColumn(
                "project",
                "项目名称",
                required=True,
                aliases=("project",),
                example="光机电产业集聚区基础设施及标准厂房",
                resolve_in_row=_project_in_row,
            ),
            ImportColumn(
                "item",
                "审批事项",
                required=True,
                aliases=("approval item",),
                example="节能审查",
                resolve=lambda text, lk: lk["items"].get(text),
            ),
            ImportColumn("mode", "办理方式", required=True, aliases=("mode",), example="承诺制"),
            ImportColumn("applied_on", "申请日期", aliases=("applied on",), example="2024-03-04"),
            ImportColumn("approved_on", "办结日期", aliases=("approved on",), example="2024-03-08"),
            ImportColumn(
                "agent",
                "代办员",
                aliases=("agent (代办员)", "agent"),
                help=_("User name or full name; empty: the project's agent."),
                resolve=lambda text, lk: lk["people"].get(text),
            ),
            ImportColumn("commitment", "承诺内容", aliases=("commitment (承诺内容)",)),
            ImportColumn("reference", "批复文号", aliases=("approval number (批复文号)",)),
            ImportColumn("note", "备注", aliases=("note",)),
        ],
    )

    def detail_context(self, obj, request):
        from devzone.core.workdays import working_days_between

        from .selectors import WorkItem

        today = timezone.localdate()
        used = left = None
        if obj.applied_on and obj.is_open:
            used = working_days_between(obj.applied_on, today)
            left = obj.item.statutory_days - used
        return {
            "work": WorkItem(obj, used, left),
            "documents": list(obj.documents.order_by("-created_at")),
            "can_upload": can_change(request.user, obj),
            "letters": obj.mode == ProjectApproval.Mode.COMMITMENT,
            "upload_form": forms.DocumentUploadForm(),
            "accept": ",".join(ALLOWED_UPLOADS),
        }


class ApprovalDocumentResource(Resource):
    """Documents kept with approval items; uploaded on the item's page."""

    name = "documents"
    url_prefix = "document"
    namespace = "approvals"
    model = ApprovalDocument
    filterset_class = filters.ApprovalDocumentFilter
    search_fields = ("title", "filename", "approval__project__name", "approval__item__name")
    default_ordering = ("-created_at",)
    select_related = ("approval__project__zone", "approval__item")
    detail_template = "approvals/document_detail.html"
    editable = False
    columns = [
        Column("title", order_by="title", link=True),
        Column("kind", order_by="kind"),
        Column(
            "project",
            label=_("project"),
            accessor="approval.project.name",
            order_by="approval__project__name",
        ),
        Column(
            "item",
            label=_("approval item"),
            accessor="approval.item.name",
            order_by="approval__item__name",
        ),
        Column("filename", order_by="filename"),
        Column("size", order_by="size"),
        Column("created_at", label=_("uploaded"), order_by="created_at"),
    ]
    detail_fields = ("approval", "kind", "filename", "size", "created_at")

    def detail_context(self, obj, request):
        return {"can_delete_document": can_delete(request.user, obj)}


class DocumentTemplateResource(Resource):
    name = "templates"
    url_prefix = "template"
    namespace = "approvals"
    model = DocumentTemplate
    fields = (
        "kind",
        "zone",
        "title",
        "body",
    )
    filterset_class = filters.DocumentTemplateFilter
    form_class = forms.DocumentTemplateForm
    search_fields = ("title", "body")
    default_ordering = ("kind", "zone__name")
    select_related = ("zone",)
    detail_template = "approvals/template_detail.html"
    # A zone's list shows the platform's templates too.
    follows_current_zone = False
    columns = [
        Column("title", order_by="title", link=True),
        Column("kind", order_by="kind"),
        Column(
            "zone",
            accessor=lambda t: t.zone.short_name if t.zone_id else _("platform (all zones)"),
            order_by="zone__name",
        ),
        Column("updated_at", order_by="updated_at"),
        Column("body", in_list=False),
    ]
    detail_fields = ("kind", "zone", "title")

    def detail_context(self, obj, request):
        scope = scope_of(request.user)
        return {
            "placeholders": list(PLACEHOLDERS.items()),
            # A zone admin reading the platform's template may write the zone's own.
            "write_own": obj.zone_id is None
            and not scope.is_platform_admin
            and can_create(request.user, DocumentTemplate),
        }
