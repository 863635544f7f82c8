"""The registry's resources: columns of lists and exports, forms, filters,
imports, detail fields."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import filters, forms
from .importing import ImportColumn, ImportSpec
from .models import CalendarDay, ChainMember, Enterprise, IndustryChain, Region, Zone
from .resources import Column, Resource
from .scoping import creatable_zones


class RegionResource(Resource):
    name = "regions"
    url_prefix = "region"
    model = Region
    fields = (
        "code",
        "name",
        "level",
        "parent",
        "is_sample",
    )
    filterset_class = filters.RegionFilter
    search_fields = ("code", "name")
    default_ordering = ("code",)
    select_related = ("parent",)
    follows_current_zone = False
    columns = [
        Column("code", order_by="code", link=True),
        Column("name", order_by="name", link=True),
        Column("level", order_by="level"),
        Column("parent", accessor="parent.name", order_by="parent__code"),
    ]
    detail_fields = ("code", "name", "level", "parent")

    def related_lists(self, obj, request):
        return [
            {
                "title": _("Regions below"),
                "url": reverse("core:region_list") + f"?within={obj.pk}",
                "items": list(obj.children.all()[:50]),
            },
            {
                "title": _("Development zones"),
                "url": reverse("core:zone_list") + f"?region={obj.pk}",
                "items": list(
                    Zone.objects.visible_to(request.user).filter(
                        region__code__startswith=obj.code_prefix
                    )[:50]
                ),
            },
        ]


class CalendarDayResource(Resource):
    """Holidays and 调休 days a platform admin enters for a year the calendar
    package does not know yet (service deadlines and schedules count them)."""

    name = "calendar"
    url_prefix = "calendarday"
    model = CalendarDay
    fields = ("day", "working", "name")
    form_class = forms.CalendarDayForm
    search_fields = ("name",)
    default_ordering = ("-day",)
    follows_current_zone = False
    # Columns: one per field, sortable, the first linking to the day's page.
    detail_fields = ("day", "working", "name")
    import_spec = ImportSpec(
        key="day",
        columns=[
            ImportColumn("day", "日期", required=True, aliases=("date",), example="2027-10-01"),
            ImportColumn(
                "working", "调休上班", aliases=("working day",), example="否", help=_("是 or 否")
            ),
            ImportColumn("name", "名称", aliases=("name",), example="国庆节"),
        ],
    )


def _zone_lookups(user):
    zones = list(creatable_zones(user))
    table = {}
    for z in zones:
        table[z.name] = str(z.pk)
        table.setdefault(z.short_name, str(z.pk))
    return {
        "zones": table,
        "regions": {r.code: str(r.pk) for r in Region.objects.all().only("pk", "code")},
    }


class ZoneResource(Resource):
    name = "zones"
    url_prefix = "zone"
    model = Zone
    fields = (
        "name",
        "short_name",
        "zone_type",
        "level",
        "category",
        "region",
        "established_on",
        "planned_area_km2",
        "leading_industries",
        "committee_address",
        "contact_name",
        "contact_phone",
        "contact_email",
        "hotline",
        "website",
        "is_sample",
    )
    filterset_class = filters.ZoneFilter
    form_class = forms.ZoneForm
    search_fields = ("name", "short_name", "leading_industries", "region__name")
    default_ordering = ("region__code", "name")
    select_related = ("region__parent__parent",)
    follows_current_zone = False
    columns = [
        Column("name", order_by="name", link=True),
        Column("short_name", order_by="short_name", in_list=False),
        Column("zone_type", order_by="zone_type"),
        Column("level", order_by="level"),
        Column("category", order_by="category"),
        Column(
            "region",
            label=_("region"),
            accessor=lambda z: z.region.full_name if z.region_id else "",
            order_by="region__code",
        ),
        Column("region_code", label=_("region code"), accessor="region.code", in_list=False),
        Column("established_on", order_by="established_on"),
        Column("planned_area_km2", order_by="planned_area_km2", in_list=False),
        Column("leading_industries", in_list=False),
        Column("contact_name", in_list=False),
        Column("contact_phone", personal=True, in_list=False),
        Column("hotline", in_list=False),
        Column("is_sample", in_list=False),
    ]
    detail_fields = (
        "short_name",
        "zone_type",
        "level",
        "category",
        "region",
        "established_on",
        "planned_area_km2",
        "leading_industries",
        "committee_address",
        "contact_name",
        "contact_phone",
        "contact_email",
        "hotline",
        "website",
    )
    detail_template = "core/zone_detail.html"
    import_spec = ImportSpec(
        key="name",
        lookups=lambda user: _zone_lookups(user),
        columns=[
            ImportColumn(
                "name", "开发区名称", required=True, aliases=("name",), example="示例经济技术开发区"
            ),
            ImportColumn(
                "short_name", "简称", required=True, aliases=("short name",), example="示例经开区"
            ),
            ImportColumn(
                "zone_type",
                "类型",
                required=True,
                aliases=("zone type", "type"),
                example="经济技术开发区",
            ),
            ImportColumn("level", "级别", required=True, aliases=("level",), example="省级"),
            ImportColumn(
                "category", "类别", required=True, aliases=("category",), example="工业类"
            ),
            ImportColumn(
                "region",
                "所在地区代码",
                required=True,
                aliases=("region code",),
                example="140223",
                resolve=lambda text, lk: lk["regions"].get(text),
            ),
            ImportColumn(
                "established_on", "设立日期", aliases=("established on",), example="2010-05-01"
            ),
            ImportColumn(
                "planned_area_km2",
                "规划面积（平方公里）",
                aliases=("planned area (km²)", "规划面积"),
                example="12.5",
            ),
            ImportColumn(
                "leading_industries",
                "主导产业",
                aliases=("leading industries",),
                example="装备制造",
            ),
            ImportColumn("committee_address", "管委会地址", aliases=("address",)),
            ImportColumn("contact_name", "联系人", aliases=("contact person",)),
            ImportColumn("contact_phone", "联系电话", aliases=("contact phone",)),
            ImportColumn("contact_email", "电子邮箱", aliases=("contact e-mail", "email")),
            ImportColumn("hotline", "24小时服务热线", aliases=("hotline",)),
            ImportColumn("website", "网站", aliases=("website",)),
        ],
    )

    def related_lists(self, obj, request):
        enterprises = Enterprise.objects.visible_to(request.user).filter(zone=obj)
        chains = IndustryChain.objects.visible_to(request.user).filter(zone=obj)
        return [
            {
                "title": _("Enterprises"),
                "url": reverse("core:enterprise_list") + f"?zone={obj.pk}",
                "count": enterprises.count(),
                "items": list(enterprises.order_by("-employees")[:10]),
            },
            {
                "title": _("Industry chains"),
                "url": reverse("core:chain_list") + f"?zone={obj.pk}",
                "count": chains.count(),
                "items": list(chains.annotate(n=Count("members")).order_by("name")[:10]),
            },
        ]


class EnterpriseResource(Resource):
    name = "enterprises"
    url_prefix = "enterprise"
    model = Enterprise
    fields = (
        "zone",
        "credit_code",
        "name",
        "industry_code",
        "scale",
        "employees",
        "status",
        "established_on",
        "address",
        "contact_name",
        "contact_phone",
        "contact_email",
        "is_sample",
    )
    filterset_class = filters.EnterpriseFilter
    form_class = forms.EnterpriseForm
    search_fields = ("name", "credit_code", "address", "contact_name")
    default_ordering = ("zone__name", "name")
    select_related = ("zone",)
    columns = [
        Column("name", order_by="name", link=True),
        Column("credit_code", order_by="credit_code"),
        Column("zone", accessor="zone.short_name", order_by="zone__name"),
        Column("industry_code", order_by="industry_code", in_list=False),
        Column(
            "industry",
            label=_("industry"),
            accessor=lambda e: f"{e.industry_code} {e.industry_label}",
            order_by="industry_code",
        ),
        Column("scale", order_by="scale"),
        Column("employees", order_by="employees"),
        Column("status", order_by="status"),
        Column("established_on", order_by="established_on", in_list=False),
        Column("address", in_list=False),
        Column("contact_name", in_list=False),
        Column("contact_phone", personal=True, in_list=False),
        Column("is_sample", in_list=False),
    ]
    detail_fields = (
        "zone",
        "credit_code",
        "industry_code",
        "scale",
        "employees",
        "status",
        "established_on",
        "address",
        "contact_name",
        "contact_phone",
        "contact_email",
    )
    detail_template = "core/enterprise_detail.html"
    import_spec = ImportSpec(
        key="credit_code",
        lookups=lambda user: _zone_lookups(user),
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
                "credit_code",
                "统一社会信用代码",
                required=True,
                aliases=("unified social credit code", "credit code"),
                example="91140827MA0K7J2A1D",
            ),
            ImportColumn(
                "name", "企业名称", required=True, aliases=("name",), example="示例服饰有限公司"
            ),
            ImportColumn(
                "industry_code",
                "行业代码",
                required=True,
                aliases=("industry code", "industry (gb/t 4754)"),
                example="C18",
            ),
            ImportColumn("scale", "规模", aliases=("scale",), example="规上"),
            ImportColumn("employees", "从业人员", aliases=("employees",), example="120"),
            ImportColumn("status", "状态", aliases=("status",), example="在营"),
            ImportColumn(
                "established_on", "成立日期", aliases=("established on",), example="2021-03-15"
            ),
            ImportColumn("address", "地址", aliases=("address",)),
            ImportColumn("contact_name", "联系人", aliases=("contact person",)),
            ImportColumn("contact_phone", "联系电话", aliases=("contact phone",)),
            ImportColumn("contact_email", "电子邮箱", aliases=("contact e-mail", "email")),
        ],
    )

    def related_lists(self, obj, request):
        memberships = (
            ChainMember.objects.visible_to(request.user)
            .filter(enterprise=obj)
            .select_related("chain")
        )
        return [{"title": _("Industry chains"), "items": [m.chain for m in memberships], "url": ""}]


class IndustryChainResource(Resource):
    name = "chains"
    url_prefix = "chain"
    model = IndustryChain
    fields = (
        "zone",
        "name",
        "leader",
        "description",
        "is_sample",
    )
    filterset_class = filters.IndustryChainFilter
    search_fields = ("name", "description", "leader__name")
    default_ordering = ("zone__name", "name")
    select_related = ("zone", "leader")
    columns = [
        Column("name", order_by="name", link=True),
        Column("zone", accessor="zone.short_name", order_by="zone__name"),
        Column("leader", accessor="leader.name", order_by="leader__name"),
        Column(
            "member_count", label=_("members"), accessor="member_count", order_by="member_count"
        ),
        Column("description", in_list=False),
    ]
    detail_fields = ("zone", "leader", "description")
    detail_template = "core/chain_detail.html"

    def base_queryset(self, user, current_zone_id=None):
        return super().base_queryset(user, current_zone_id).annotate(member_count=Count("members"))

    def related_lists(self, obj, request):
        members = list(
            obj.members.select_related("enterprise").order_by("role", "enterprise__name")
        )
        # A chain's members are listed to whoever sees the chain; a member's own
        # page and its company's page are linked only for those who may open them
        # (an enterprise user sees its own membership and company, not its peers').
        own_members = set(
            ChainMember.objects.visible_to(request.user)
            .filter(chain=obj)
            .values_list("pk", flat=True)
        )
        own_companies = set(
            Enterprise.objects.visible_to(request.user)
            .filter(pk__in={m.enterprise_id for m in members})
            .values_list("pk", flat=True)
        )
        for member in members:
            member.linked = member.pk in own_members
            member.enterprise_linked = member.enterprise_id in own_companies
        return [
            {
                "title": _("Members"),
                "members": members,
                "url": reverse("core:chainmember_add") + f"?chain={obj.pk}",
            }
        ]


class ChainMemberResource(Resource):
    name = "chain-members"
    url_prefix = "chainmember"
    model = ChainMember
    fields = (
        "chain",
        "enterprise",
        "role",
        "is_sample",
    )
    filterset_class = filters.ChainMemberFilter
    form_class = forms.ChainMemberForm
    search_fields = ("enterprise__name", "chain__name")
    default_ordering = ("chain__name", "role", "enterprise__name")
    select_related = ("chain", "chain__zone", "enterprise")
    columns = [
        Column("enterprise", accessor="enterprise.name", order_by="enterprise__name", link=True),
        Column("chain", accessor="chain.name", order_by="chain__name"),
        Column(
            "zone", label=_("zone"), accessor="chain.zone.short_name", order_by="chain__zone__name"
        ),
        Column("role", order_by="role"),
    ]
    detail_fields = ("chain", "enterprise", "role")
