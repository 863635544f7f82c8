"""The service desk's resources: lists, exports, the hotline-log import."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.core.importing import ImportColumn, ImportSpec
from devzone.core.resources import Column, Resource
from devzone.core.scoping import creatable_zones

from . import filters, forms, selectors
from .models import Category, Department, Escalation, FollowUp, ServiceRequest
from .services import categories_for_zone


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _status(request) -> str:
    label = request.get_status_display()
    return f"{label} · {_('overdue')}" if request.overdue else label


def _hotline_lookups(user):
    """Zones the user may enter requests in, with their categories and departments."""
    zones: dict[str, str] = {}
    categories: dict[str, dict[str, str]] = {}
    departments: dict[str, dict[str, str]] = {}
    for zone in creatable_zones(user):
        zones[zone.name] = str(zone.pk)
        zones.setdefault(zone.short_name, str(zone.pk))
        table = {}
        for c in categories_for_zone(zone.pk):
            table[c.name] = table[c.code] = str(c.pk)
        categories[str(zone.pk)] = table
    for pk, zone_id, name in Department.objects.filter(zone__in=creatable_zones(user)).values_list(
        "pk", "zone_id", "name"
    ):
        departments.setdefault(str(zone_id), {})[name] = str(pk)
    return {"zones": zones, "categories": categories, "departments": departments}


def _in_zone(table: str):
    def resolve(text, lookups, row):
        return lookups[table].get(row.get("zone") or "", {}).get(text)

    return resolve


class ServiceRequestResource(Resource):
    """The desk's requests: open first, newest first."""

    name = "requests"
    url_prefix = "request"
    namespace = "desk"
    model = ServiceRequest
    fields = (
        "zone",
        "channel",
        "external_ref",
        "received_at",
        "category",
        "title",
        "description",
        "priority",
        "complex",
        "contact_name",
        "contact_phone",
        "enterprise",
        "project",
        "department",
        "assignee",
        "is_sample",
    )
    filterset_class = filters.ServiceRequestFilter
    form_class = forms.ServiceRequestForm
    search_fields = ("title", "code", "external_ref", "contact_name", "enterprise__name")
    default_ordering = ("-is_open", "-received_at")
    select_related = ("zone", "category", "department", "assignee")
    list_template = "desk/request_list.html"
    detail_template = "desk/request_detail.html"
    columns = [
        Column("title", order_by="title", link=True),
        Column("code", accessor="code_display", order_by="code", in_list=False),
        Column("zone", accessor="zone.short_name", order_by="zone__name", in_list=False),
        Column(
            "category",
            accessor="category.display_name",
            order_by=("category__order", "category__code"),
        ),
        Column("status", accessor=_status, order_by="status"),
        Column("overdue", label=_("overdue"), accessor="overdue", in_list=False),
        Column("assignee", accessor=lambda r: _person(r.assignee)),
        Column(
            "received_on",
            label=_("received on"),
            accessor=lambda r: timezone.localdate(r.received_at).isoformat(),
            order_by="received_at",
            in_list=False,
            in_export=False,
        ),
        Column(
            "resolve_by",
            label=_("resolve by"),
            accessor=lambda r: r.resolve_due.isoformat(),
            order_by="resolve_due",
            in_export=False,
        ),
        Column("resolve_due", in_list=False),
        Column("channel", order_by="channel", in_list=False),
        Column("priority", order_by="priority", in_list=False),
        Column("department", accessor="department.name", in_list=False),
        Column("received_at", in_list=False),
        Column("accept_due", in_list=False),
        Column("answer_due", in_list=False),
        Column("external_ref", in_list=False),
        Column("description", in_list=False),
        Column("complex", in_list=False),
        Column("contact_name", in_list=False),
        Column("contact_phone", personal=True, in_list=False),
        Column("accepted_at", in_list=False),
        Column("answered_at", in_list=False),
        Column("resolved_at", in_list=False),
        Column("resolved_in_time", in_list=False),
        Column("rating", in_list=False),
        Column("rating_comment", in_list=False),
        Column("reopen_count", in_list=False),
        Column("is_sample", in_list=False),
    ]
    detail_fields = (
        "zone",
        "category",
        "channel",
        "priority",
        "complex",
        "contact_name",
        "contact_phone",
        "enterprise",
        "project",
        "external_ref",
        "department",
        "assignee",
        "received_at",
        "reopen_count",
    )
    import_spec = ImportSpec(
        key=("zone", "external_ref"),
        lookups=_hotline_lookups,
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
                "external_ref",
                "工单编号",
                aliases=("hotline log number (工单编号)", "hotline log number"),
                example="RX20240930-017",
            ),
            ImportColumn(
                "received_at",
                "来电时间",
                required=True,
                aliases=("received at",),
                example="2024-09-30 14:20",
            ),
            ImportColumn(
                "category",
                "诉求类别",
                required=True,
                aliases=("category",),
                example="水电气暖",
                resolve_in_row=_in_zone("categories"),
            ),
            ImportColumn(
                "title", "诉求标题", required=True, aliases=("subject",), example="厂区停水"
            ),
            ImportColumn(
                "description",
                "诉求内容",
                required=True,
                aliases=("request (诉求内容)", "request"),
                example="园区东路厂区自今晨起停水，影响生产，请尽快协调恢复。",
            ),
            ImportColumn("contact_name", "来电人", aliases=("requester",), example="王先生"),
            ImportColumn(
                "contact_phone", "联系电话", aliases=("contact phone",), example="13800000000"
            ),
            ImportColumn("priority", "紧急程度", aliases=("priority",), example="较急"),
            ImportColumn(
                "complex",
                "复杂诉求",
                aliases=("complex case (复杂诉求)", "complex case"),
                example="否",
                help=_("是 or 否"),
            ),
            ImportColumn(
                "department",
                "承办部门",
                aliases=("department",),
                resolve_in_row=_in_zone("departments"),
            ),
        ],
    )

    def list_context(self, request, queryset):
        summary = selectors.list_summary(queryset, today=timezone.localdate(), user=request.user)
        return {"summary": summary}

    def detail_context(self, obj, request):
        from .views import request_detail_context

        return request_detail_context(obj, request)


class FollowUpResource(Resource):
    """The handling log of every request: written by its actions, never edited."""

    name = "follow-ups"
    url_prefix = "followup"
    namespace = "desk"
    model = FollowUp
    filterset_class = filters.FollowUpFilter
    search_fields = ("note", "request__title", "request__code")
    default_ordering = ("-created_at",)
    select_related = ("request", "author")
    editable = False
    follows_current_zone = True
    columns = [
        Column("request", accessor="request.title", order_by="request__title", link=True),
        Column("kind", order_by="kind"),
        Column("note", accessor=lambda f: f.note[:80]),
        Column(
            "author",
            accessor=lambda f: _("the requester") if f.by_requester else _person(f.author),
        ),
        Column("created_at", label=_("time"), order_by="created_at"),
    ]
    detail_fields = ("request", "kind", "note", "author", "created_at")


class CategoryResource(Resource):
    """The catalogue of request kinds and their deadlines (national and per zone)."""

    name = "categories"
    url_prefix = "category"
    namespace = "desk"
    model = Category
    fields = (
        "zone",
        "code",
        "name",
        "name_en",
        "confidential",
        "accept_days",
        "answer_days",
        "resolve_days",
        "complex_days",
        "escalate_after_days",
        "order",
        "active",
        "is_sample",
    )
    filterset_class = filters.CategoryFilter
    form_class = forms.CategoryForm
    search_fields = ("name", "code")
    default_ordering = ("order", "code")
    select_related = ("zone",)
    follows_current_zone = False
    columns = [
        Column("name", order_by="name", link=True),
        Column("code", order_by="code"),
        Column(
            "zone",
            accessor=lambda c: c.zone.short_name if c.zone_id else _("National catalogue"),
            order_by="zone__name",
        ),
        Column("confidential", order_by="confidential"),
        Column("accept_days", order_by="accept_days"),
        Column("answer_days", order_by="answer_days"),
        Column("resolve_days", order_by="resolve_days"),
        Column("complex_days", order_by="complex_days"),
        Column("escalate_after_days", order_by="escalate_after_days"),
        Column("active", order_by="active"),
    ]
    detail_fields = (
        "zone",
        "code",
        "confidential",
        "accept_days",
        "answer_days",
        "resolve_days",
        "complex_days",
        "escalate_after_days",
        "order",
        "active",
    )


class DepartmentResource(Resource):
    name = "departments"
    url_prefix = "department"
    namespace = "desk"
    model = Department
    fields = (
        "zone",
        "name",
        "head",
        "phone",
        "is_sample",
    )
    filterset_class = filters.DepartmentFilter
    form_class = forms.DepartmentForm
    search_fields = ("name", "head__first_name", "head__username")
    default_ordering = ("zone__name", "name")
    select_related = ("zone", "head")
    columns = [
        Column("name", order_by="name", link=True),
        Column("zone", accessor="zone.short_name", order_by="zone__name"),
        Column("head", accessor=lambda d: _person(d.head)),
        Column("phone"),
    ]
    detail_fields = ("zone", "head", "phone")

    def related_lists(self, obj, request):
        open_requests = ServiceRequest.objects.visible_to(request.user).filter(
            department=obj, is_open=True
        )
        return [
            {
                "title": _("Open requests"),
                "url": reverse("desk:request_list") + f"?department={obj.pk}&open=true",
                "count": open_requests.count(),
                "items": list(open_requests[:10]),
            }
        ]


class EscalationResource(Resource):
    """Missed deadlines raised to department heads and zone admins (督办)."""

    name = "escalations"
    url_prefix = "escalation"
    namespace = "desk"
    model = Escalation
    filterset_class = filters.EscalationFilter
    search_fields = ("request__title", "request__code")
    default_ordering = ("-created_at",)
    select_related = ("request", "request__zone")
    prefetch_related = ("recipients",)
    editable = False
    columns = [
        Column("request", accessor="request.title", order_by="request__title", link=True),
        Column("zone", label=_("zone"), accessor="request.zone.short_name"),
        Column("deadline", order_by="deadline"),
        Column("due", order_by="due"),
        Column("level", order_by="level"),
        Column("round", in_list=False),
        Column(
            "recipients",
            accessor=lambda e: "、".join(_person(u) for u in e.recipients.all()),
        ),
        Column("created_at", label=_("raised at"), order_by="created_at"),
        Column(
            "request_status",
            label=_("request status"),
            accessor=lambda e: e.request.get_status_display(),
        ),
    ]
    detail_fields = ("request", "deadline", "due", "level", "round", "created_at", "notified_at")

    detail_template = "desk/escalation_detail.html"

    def detail_context(self, obj, request):
        return {"recipients": [_person(u) for u in obj.recipients.all()]}
