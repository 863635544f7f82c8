"""Incentives' resources: the policy catalogue, applications, disbursements
and financing cases, with their lists, pages, exports and imports."""

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.core import generic
from devzone.core.forms import yuan_as
from devzone.core.importing import ImportColumn, ImportSpec
from devzone.core.models import Enterprise, IndustryChain
from devzone.core.money import to_wan
from devzone.core.resources import Column, Resource
from devzone.core.scoping import Role, creatable_zones, is_zone_staff_for, scope_of

from . import filters, forms, selectors, services
from .models import Application, Disbursement, FinancingCase, Policy
from .selectors import plain

# --- Import lookups ----------------------------------------------------------------------


def _lookups(user) -> dict:
    """Names the imports accept, limited to what the user may write in."""
    zones = {}
    for z in creatable_zones(user):
        zones[z.name] = str(z.pk)
        zones.setdefault(z.short_name, str(z.pk))
    enterprises = {}
    for pk, zone_id, name, code in Enterprise.objects.editable_by(user).values_list(
        "pk", "zone_id", "name", "credit_code"
    ):
        enterprises[code] = str(pk)
        enterprises[(str(zone_id), name)] = str(pk)
        enterprises.setdefault(name, str(pk))
    policies = {}
    for pk, zone_id, title in Policy.objects.visible_to(user).values_list("pk", "zone_id", "title"):
        policies[(str(zone_id), title)] = str(pk)
        policies.setdefault(title, str(pk))
    chains = {
        (str(zone_id), name): str(pk)
        for pk, zone_id, name in IndustryChain.objects.filter(
            zone__in=creatable_zones(user)
        ).values_list("pk", "zone_id", "name")
    }
    applications = {
        number: str(pk)
        for pk, number in Application.objects.editable_by(user).values_list("pk", "number")
    }
    return {
        "zones": zones,
        "enterprises": enterprises,
        "policies": policies,
        "chains": chains,
        "applications": applications,
    }


def _in_zone(table: str):
    """Resolve a name within the row's zone (or alone when the file has no zone column)."""

    def resolve(text, lookups, row):
        found = lookups[table].get((row.get("zone", ""), text))
        if found is None and not row.get("zone"):
            found = lookups[table].get(text)
        return found

    return resolve


def _enterprise(text, lookups, row):
    return lookups["enterprises"].get(text.upper()) or _in_zone("enterprises")(text, lookups, row)


_ZONE = ImportColumn(
    "zone",
    "所属开发区",
    aliases=("zone",),
    example="垣曲经济技术开发区",
    resolve=lambda text, lk: lk["zones"].get(text),
)
_ENTERPRISE = ImportColumn(
    "enterprise",
    "企业",
    required=True,
    aliases=("enterprise", "企业名称", "统一社会信用代码"),
    example="舜天服饰",
    help=_("The enterprise's name in the zone, or its unified social credit code."),
    resolve_in_row=_enterprise,
)


class ApplicantEditView(generic.ObjectEditView):
    """An enterprise user edits its own record only while nobody has started on it."""

    def get_queryset(self):
        qs = super().get_queryset()
        if scope_of(self.request.user).role == Role.ENTERPRISE:
            initial = (
                Application.Status.SUBMITTED
                if self.resource.model is Application
                else FinancingCase.Status.APPLIED
            )
            qs = qs.filter(status=initial)
        return qs


class ApplicantResource(Resource):
    def urls(self):
        patterns = super().urls()
        edit = f"{self.url_prefix}_edit"
        return [
            path(f"{self.name}/<int:pk>/edit/", ApplicantEditView.as_view(resource=self), name=edit)
            if p.name == edit
            else p
            for p in patterns
        ]


# --- Policies ---------------------------------------------------------------------------------


def _amount_rule(policy: Policy) -> str:
    if policy.amount_rule == Policy.AmountRule.FIXED:
        return _("%(amount)s × 10,000 yuan each") % {"amount": plain(to_wan(policy.fixed_amount))}
    text = _("%(rate)s%% of %(base)s") % {
        "rate": plain(policy.rate_percent),
        "base": policy.get_base_display(),
    }
    if policy.cap is not None:
        text += _(", at most %(cap)s × 10,000 yuan") % {"cap": plain(to_wan(policy.cap))}
    return text


class PolicyResource(Resource):
    name = "policies"
    url_prefix = "policy"
    namespace = "incentives"
    model = Policy
    fields = (
        "zone",
        "title",
        "kind",
        "issuing_office",
        "document_number",
        "contact_office",
        "contact_person",
        "office_phone",
        "conditions",
        "amount_rule",
        "fixed_amount",
        "rate_percent",
        "base",
        "cap",
        "valid_from",
        "valid_until",
        "req_scale",
        "req_industry_prefixes",
        "req_min_employees",
        "req_min_investment",
        "req_chain",
        "req_operating",
        "is_sample",
    )
    filterset_class = filters.PolicyFilter
    form_class = forms.PolicyForm
    search_fields = ("title", "issuing_office", "document_number", "conditions")
    default_ordering = ("zone__name", "-valid_from", "title")
    select_related = ("zone", "req_chain")
    detail_template = "incentives/policy_detail.html"
    columns = [
        Column("title", order_by="title", link=True),
        Column("zone", accessor="zone.short_name", order_by="zone__name"),
        Column("kind", order_by="kind"),
        Column("amount", label=_("amount rule"), accessor=_amount_rule, in_export=False),
        Column("valid_from", order_by="valid_from"),
        Column("valid_until", order_by="valid_until"),
        Column("checkable", label=_("checked from data (免申即享)"), accessor="checkable"),
        Column("issuing_office", in_list=False),
        Column("contact_office", in_list=False),
        Column("document_number", in_list=False),
        Column("contact_person", in_list=False),
        Column("office_phone", in_list=False),
        Column("conditions", in_list=False),
        Column("amount_rule", in_list=False),
        Column("fixed_amount", in_list=False),
        Column("rate_percent", in_list=False),
        Column("base", in_list=False),
        Column("cap", in_list=False),
        Column("req_scale", in_list=False),
        Column("req_industry_prefixes", in_list=False),
        Column("req_min_employees", in_list=False),
        Column("req_min_investment", in_list=False),
        Column("req_chain", accessor="req_chain.name", in_list=False),
        Column("req_operating", in_list=False),
        Column("is_sample", in_list=False),
    ]
    detail_fields = (
        "zone",
        "kind",
        "issuing_office",
        "document_number",
        "contact_office",
        "contact_person",
        "office_phone",
        "valid_from",
        "valid_until",
        "conditions",
    )
    import_spec = ImportSpec(
        key=("zone", "title"),
        lookups=_lookups,
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
                "title", "政策名称", required=True, aliases=("title",), example="厂房租赁优惠"
            ),
            ImportColumn("kind", "政策类别", aliases=("kind",), example="厂房租赁"),
            ImportColumn(
                "issuing_office",
                "发文单位",
                required=True,
                aliases=("issuing office (发文单位)",),
                example="垣曲经济技术开发区管委会",
            ),
            ImportColumn("document_number", "文号", aliases=("document number (文号)",)),
            ImportColumn(
                "contact_office",
                "受理科室",
                required=True,
                aliases=("office to contact (受理科室)",),
                example="企业服务中心",
            ),
            ImportColumn("contact_person", "联系人", aliases=("person to contact",)),
            ImportColumn(
                "office_phone", "联系电话", aliases=("office phone",), example="0359-6022000"
            ),
            ImportColumn(
                "conditions",
                "申报条件",
                required=True,
                aliases=("conditions (申报条件)",),
                example="入驻孵化园并签订厂房租赁合同的企业",
            ),
            ImportColumn("amount_rule", "兑现方式", aliases=("amount rule",), example="按比例"),
            ImportColumn(
                "fixed_amount",
                "定额（元）",
                aliases=("fixed amount (元)",),
                resolve=yuan_as("万元"),
            ),
            ImportColumn(
                "rate_percent", "比例（%）", aliases=("percentage of the base",), example="50"
            ),
            ImportColumn("base", "计算基数", aliases=("base",), example="租金"),
            ImportColumn(
                "cap",
                "上限（元）",
                aliases=("cap (元)",),
                example="500000",
                resolve=yuan_as("万元"),
            ),
            ImportColumn(
                "valid_from",
                "生效日期",
                required=True,
                aliases=("valid from",),
                example="2024-01-01",
            ),
            ImportColumn("valid_until", "截止日期", aliases=("valid until",), example="2026-12-31"),
            ImportColumn(
                "req_scale", "企业规模要求", aliases=("enterprise scale",), example="规下"
            ),
            ImportColumn(
                "req_industry_prefixes",
                "行业代码前缀",
                aliases=("industry codes starting with",),
                example="C18 C17",
            ),
            ImportColumn("req_min_employees", "最少从业人数", aliases=("at least employees",)),
            ImportColumn(
                "req_min_investment", "最低项目投资（元）", aliases=("a project of at least (元)",)
            ),
            ImportColumn(
                "req_chain",
                "所属产业链",
                aliases=("member of the industry chain",),
                resolve_in_row=lambda text, lk, row: lk["chains"].get((row.get("zone", ""), text)),
            ),
            ImportColumn(
                "req_operating",
                "仅限在营企业",
                aliases=("operating enterprises only",),
                example="是",
            ),
        ],
    )

    def detail_context(self, obj, request):
        scope = scope_of(request.user)
        own = None
        if scope.role == Role.ENTERPRISE and scope.enterprise_id:
            enterprise = Enterprise.objects.get(pk=scope.enterprise_id)
            own = {
                "checks": selectors.enterprise_check(obj, enterprise) if obj.checkable else [],
                "applications": list(
                    Application.objects.filter(policy=obj, enterprise=enterprise).order_by(
                        "-submitted_on"
                    )
                ),
            }
        today = timezone.localdate()
        return {
            "amount_text": _amount_rule(obj),
            "criteria": selectors.criteria(obj) if obj.checkable else [],
            "in_force": obj.in_force_on(today),
            "own": own,
            "may_apply": own is not None and obj.in_force_on(today),
            "may_see_eligible": obj.checkable and scope.role != Role.ENTERPRISE,
            "open_count": selectors.open_applications(obj) if own is None else None,
        }


# --- Applications -----------------------------------------------------------------------------


class ApplicationResource(ApplicantResource):
    name = "applications"
    url_prefix = "application"
    namespace = "incentives"
    model = Application
    fields = (
        "policy",
        "enterprise",
        "origin",
        "submitted_on",
        "base_amount",
        "requested_amount",
        "description",
        "status",
        "approved_amount",
        "decided_on",
        "decision_note",
        "is_sample",
    )
    filterset_class = filters.ApplicationFilter
    form_class = forms.ApplicationForm
    search_fields = ("number", "enterprise__name", "policy__title", "description")
    default_ordering = ("-submitted_on", "-pk")
    select_related = ("policy", "policy__zone", "enterprise", "submitted_by", "decided_by")
    detail_template = "incentives/application_detail.html"

    def base_queryset(self, user, current_zone_id=None):
        return selectors.with_disbursed(super().base_queryset(user, current_zone_id))

    columns = [
        Column("number", order_by="number", link=True),
        Column("enterprise", accessor="enterprise.name", order_by="enterprise__name"),
        Column("policy", accessor="policy.title", order_by="policy__title"),
        Column(
            "zone",
            label=_("zone"),
            accessor="policy.zone.short_name",
            order_by="policy__zone__name",
        ),
        Column("submitted_on", order_by="submitted_on"),
        Column(
            "requested_amount",
            label=_("requested (10,000 yuan)"),
            accessor=lambda a: to_wan(a.requested_amount),
            order_by="requested_amount",
        ),
        Column("status", order_by="status"),
        Column(
            "approved_amount",
            label=_("approved (10,000 yuan)"),
            accessor=lambda a: to_wan(a.approved_amount),
            order_by="approved_amount",
        ),
        Column(
            "disbursed",
            label=_("paid (10,000 yuan)"),
            accessor=lambda a: to_wan(a.disbursed),
            order_by="disbursed",
        ),
        Column("origin", order_by="origin", in_list=False),
        Column("base_amount", in_list=False),
        Column("decided_on", in_list=False),
        Column("decision_note", in_list=False),
        Column("description", in_list=False),
    ]
    detail_fields = (
        "policy",
        "enterprise",
        "origin",
        "submitted_on",
        "submitted_by",
        "base_amount",
        "requested_amount",
        "description",
        "status",
        "approved_amount",
        "decided_on",
        "decided_by",
        "decision_note",
    )
    import_spec = ImportSpec(
        key=("policy", "enterprise", "submitted_on"),
        lookups=_lookups,
        columns=[
            _ZONE,
            ImportColumn(
                "policy",
                "政策名称",
                required=True,
                aliases=("policy",),
                example="厂房租赁优惠",
                resolve_in_row=_in_zone("policies"),
            ),
            _ENTERPRISE,
            ImportColumn(
                "submitted_on",
                "申报日期",
                required=True,
                aliases=("submitted on",),
                example="2024-05-06",
            ),
            ImportColumn("base_amount", "申报基数（元）", aliases=("base (元)",), example="840000"),
            ImportColumn(
                "requested_amount",
                "申请金额（元）",
                aliases=("amount requested (元)",),
                example="420000",
                resolve=yuan_as("万元"),
            ),
            ImportColumn("description", "申报说明", aliases=("description",)),
            ImportColumn(
                "origin", "申报方式", aliases=("origin (申报方式)", "origin"), example="企业申报"
            ),
            ImportColumn("status", "状态", aliases=("status",), example="已批准"),
            ImportColumn(
                "approved_amount",
                "批准金额（元）",
                aliases=("amount approved (元)",),
                example="420000",
                resolve=yuan_as("万元"),
            ),
            ImportColumn("decided_on", "审核日期", aliases=("decided on",), example="2024-06-01"),
            ImportColumn("decision_note", "审核意见", aliases=("review note",)),
        ],
    )

    def detail_context(self, obj, request):
        user = request.user
        paid = obj.disbursed
        reviewer = services.can_review(user, obj)
        payments = list(obj.disbursements.order_by("paid_on", "pk"))
        for p in payments:
            p.amount_wan = to_wan(p.amount)
        remaining = obj.approved_amount - paid if obj.approved_amount is not None else None
        return {
            "payments": payments,
            "requested_wan": to_wan(obj.requested_amount),
            "suggested_wan": to_wan(obj.suggested_amount),
            "approved_wan": to_wan(obj.approved_amount),
            "paid_wan": to_wan(paid),
            "remaining_wan": to_wan(remaining),
            "may_edit": services.applicant_may_edit(user, obj)
            and Application.objects.editable_by(user).filter(pk=obj.pk).exists(),
            "may_review": reviewer,
            "may_decide": reviewer and bool(services.next_decisions(obj)),
            "may_pay": reviewer and obj.status == Application.Status.APPROVED and bool(remaining),
            "amount_text": _amount_rule(obj.policy),
        }


# --- Disbursements ---------------------------------------------------------------------------


class DisbursementResource(Resource):
    name = "disbursements"
    url_prefix = "disbursement"
    namespace = "incentives"
    model = Disbursement
    fields = (
        "application",
        "paid_on",
        "amount",
        "reference",
        "note",
        "is_sample",
    )
    filterset_class = filters.DisbursementFilter
    form_class = forms.DisbursementForm
    search_fields = ("application__number", "application__enterprise__name", "reference")
    default_ordering = ("-paid_on", "-pk")
    select_related = (
        "application",
        "application__enterprise",
        "application__policy",
        "application__policy__zone",
    )
    columns = [
        Column(
            "application", accessor="application.number", order_by="application__number", link=True
        ),
        Column(
            "enterprise",
            label=_("enterprise"),
            accessor="application.enterprise.name",
            order_by="application__enterprise__name",
        ),
        Column("policy", label=_("policy"), accessor="application.policy.title"),
        Column("zone", label=_("zone"), accessor="application.policy.zone.short_name"),
        Column("paid_on", order_by="paid_on"),
        Column(
            "amount",
            label=_("amount paid (10,000 yuan)"),
            accessor=lambda d: to_wan(d.amount),
            order_by="amount",
        ),
        Column("reference", order_by="reference"),
        Column("note", in_list=False),
    ]
    detail_fields = ("application", "paid_on", "amount", "reference", "note")
    import_spec = ImportSpec(
        key=("application", "paid_on"),
        lookups=_lookups,
        columns=[
            ImportColumn(
                "application",
                "申报编号",
                required=True,
                aliases=("application", "application number"),
                example="2024-0003-0001",
                resolve=lambda text, lk: lk["applications"].get(text),
            ),
            ImportColumn(
                "paid_on", "兑现日期", required=True, aliases=("paid on",), example="2024-07-01"
            ),
            ImportColumn(
                "amount",
                "兑现金额（元）",
                required=True,
                aliases=("amount paid (元)",),
                example="210000",
                resolve=yuan_as("万元"),
            ),
            ImportColumn("reference", "支付凭证号", aliases=("payment reference (凭证号)",)),
            ImportColumn("note", "备注", aliases=("note",)),
        ],
    )


# --- Financing ----------------------------------------------------------------------------------


class FinancingCaseResource(ApplicantResource):
    name = "financing"
    url_prefix = "financing"
    namespace = "incentives"
    model = FinancingCase
    fields = (
        "enterprise",
        "lender",
        "product",
        "amount_requested",
        "applied_on",
        "term_months",
        "status",
        "amount_granted",
        "decided_on",
        "note",
        "is_sample",
    )
    filterset_class = filters.FinancingCaseFilter
    form_class = forms.FinancingCaseForm
    search_fields = ("enterprise__name", "lender", "note")
    default_ordering = ("-applied_on", "-pk")
    select_related = ("enterprise", "enterprise__zone")
    detail_template = "incentives/financing_detail.html"
    columns = [
        Column("enterprise", accessor="enterprise.name", order_by="enterprise__name", link=True),
        Column(
            "zone",
            label=_("zone"),
            accessor="enterprise.zone.short_name",
            order_by="enterprise__zone__name",
        ),
        Column("lender", order_by="lender"),
        Column("product", order_by="product"),
        Column(
            "amount_requested",
            label=_("asked (10,000 yuan)"),
            accessor=lambda c: to_wan(c.amount_requested),
            order_by="amount_requested",
        ),
        Column(
            "amount_granted",
            label=_("granted (10,000 yuan)"),
            accessor=lambda c: to_wan(c.amount_granted),
            order_by="amount_granted",
        ),
        Column("status", order_by="status"),
        Column("applied_on", order_by="applied_on"),
        Column("decided_on", order_by="decided_on", in_list=False),
        Column("term_months", in_list=False),
        Column("note", in_list=False),
    ]
    detail_fields = (
        "enterprise",
        "lender",
        "product",
        "amount_requested",
        "applied_on",
        "term_months",
        "status",
        "amount_granted",
        "decided_on",
        "note",
    )
    import_spec = ImportSpec(
        key=("enterprise", "lender", "product", "applied_on"),
        lookups=_lookups,
        columns=[
            _ZONE,
            _ENTERPRISE,
            ImportColumn(
                "lender",
                "金融机构或基金",
                required=True,
                aliases=("lender or fund",),
                example="示例银行",
            ),
            ImportColumn(
                "product", "融资品种", required=True, aliases=("product",), example="贷款"
            ),
            ImportColumn(
                "amount_requested",
                "申请金额（元）",
                required=True,
                aliases=("amount asked (元)",),
                example="5000000",
                resolve=yuan_as("万元"),
            ),
            ImportColumn(
                "applied_on",
                "申请日期",
                required=True,
                aliases=("applied on",),
                example="2024-05-06",
            ),
            ImportColumn("status", "状态", aliases=("status",), example="放款"),
            ImportColumn(
                "amount_granted",
                "放款金额（元）",
                aliases=("amount granted (元)",),
                example="5000000",
                resolve=yuan_as("万元"),
            ),
            ImportColumn(
                "decided_on",
                "放款或拒绝日期",
                aliases=("granted or refused on",),
                example="2024-06-01",
            ),
            ImportColumn("term_months", "期限（月）", aliases=("term (months)",)),
            ImportColumn("note", "备注", aliases=("note",)),
        ],
    )

    def detail_context(self, obj, request):
        return {
            "may_edit": services.applicant_may_edit(request.user, obj)
            and FinancingCase.objects.editable_by(request.user).filter(pk=obj.pk).exists(),
            "is_staff": is_zone_staff_for(request.user, obj.enterprise.zone_id),
        }

    def related_lists(self, obj, request):
        return []
