"""Economic monitoring's resources: catalogue, values, enterprise reports, targets."""

from django.utils.translation import gettext_lazy as _

from devzone.core.importing import ImportColumn, ImportSpec
from devzone.core.resources import Column, Resource

from . import filters, forms
from .formatting import format_growth, format_value
from .models import AnnualTarget, AuditRule, EnterpriseReport, Indicator, IndicatorValue
from .selectors import reportable_enterprises


class IndicatorResource(Resource):
    name = "indicators"
    url_prefix = "indicator"
    namespace = "stats"
    model = Indicator
    fields = (
        "code",
        "name_zh",
        "name_en",
        "unit",
        "display",
        "kind",
        "decimals",
        "better",
        "january_reported",
        "enterprise_level",
        "sort_order",
        "is_active",
    )
    filterset_class = filters.IndicatorFilter
    search_fields = ("code", "name_zh", "name_en")
    default_ordering = ("sort_order", "code")
    follows_current_zone = False
    columns = [
        Column("name_zh", order_by="name_zh", link=True),
        Column("name_en", order_by="name_en"),
        Column("code", order_by="code"),
        Column("unit", label=_("shown in"), accessor=lambda i: i.display_unit),
        Column("kind", order_by="kind"),
        Column("better"),
        Column("january_reported"),
        Column("enterprise_level"),
    ]
    detail_fields = (
        "code",
        "name_zh",
        "name_en",
        "unit",
        "display",
        "kind",
        "decimals",
        "better",
        "january_reported",
        "enterprise_level",
        "sort_order",
        "is_active",
    )


def _value_columns(owner: Column) -> list[Column]:
    return [
        owner,
        Column("indicator", accessor=lambda v: v.indicator.name, order_by="indicator__sort_order"),
        Column(
            "period",
            label=_("period"),
            accessor=lambda v: f"{v.year}-{v.month:02d}",
            order_by=("year", "month"),
        ),
        Column(
            "value",
            accessor=lambda v: format_value(v.value, v.indicator),
            order_by="value",
            link=True,
        ),
        Column(
            "stated_growth",
            accessor=lambda v: format_growth(v.stated_growth),
            order_by="stated_growth",
        ),
        Column("status", order_by="status"),
        Column("source"),
        Column("source_note", in_list=False),
        Column("raw_value", label=_("value (base unit)"), accessor="value", in_list=False),
        Column("is_sample", in_list=False),
    ]


class IndicatorValueResource(Resource):
    name = "values"
    url_prefix = "value"
    namespace = "stats"
    model = IndicatorValue
    editable = False  # written through the entry grid, the template import and the API
    filterset_class = filters.IndicatorValueFilter
    search_fields = ("zone__name", "indicator__name_zh", "indicator__name_en")
    default_ordering = ("-year", "-month", "zone__name", "indicator__sort_order")
    select_related = ("zone", "indicator")
    columns = _value_columns(Column("zone", accessor="zone.short_name", order_by="zone__name"))
    detail_fields = (
        "zone",
        "indicator",
        "year",
        "month",
        "value",
        "stated_growth",
        "status",
        "source",
        "source_note",
        "submitted_at",
        "approved_at",
        "approved_by",
    )


def _report_lookups(user):
    enterprises = reportable_enterprises(user).values_list("credit_code", "pk")
    return {
        "enterprises": {code: str(pk) for code, pk in enterprises},
        "indicators": {
            key: str(pk)
            for pk, code, zh, en in Indicator.objects.filter(enterprise_level=True).values_list(
                "pk", "code", "name_zh", "name_en"
            )
            for key in (code, zh, en)
        },
    }


class EnterpriseReportResource(Resource):
    name = "reports"
    url_prefix = "report"
    namespace = "stats"
    model = EnterpriseReport
    fields = (
        "enterprise",
        "indicator",
        "year",
        "month",
        "value",
        "stated_growth",
        "source_note",
        "is_sample",
    )
    filterset_class = filters.EnterpriseReportFilter
    form_class = forms.EnterpriseReportForm
    search_fields = ("enterprise__name", "enterprise__credit_code")
    default_ordering = ("-year", "-month", "enterprise__name")
    select_related = ("enterprise", "enterprise__zone", "indicator")
    columns = _value_columns(
        Column("enterprise", accessor="enterprise.name", order_by="enterprise__name")
    )
    detail_template = "stats/report_detail.html"

    def detail_context(self, obj, request):
        from .figures import can_approve

        return {"can_approve": can_approve(request.user, obj.enterprise.zone)}

    detail_fields = (
        "enterprise",
        "indicator",
        "year",
        "month",
        "value",
        "stated_growth",
        "status",
        "source",
        "source_note",
    )
    import_spec = ImportSpec(
        key=("enterprise", "indicator", "year", "month"),
        lookups=_report_lookups,
        columns=[
            ImportColumn(
                "enterprise",
                "统一社会信用代码",
                required=True,
                aliases=("credit code",),
                resolve=lambda text, lk: lk["enterprises"].get(text.strip().upper()),
                example="91140223MA000013Y8",
            ),
            ImportColumn(
                "indicator",
                "指标",
                required=True,
                aliases=("indicator",),
                example="工业总产值",
                resolve=lambda text, lk: lk["indicators"].get(text.strip()),
            ),
            ImportColumn("year", "年", required=True, aliases=("year",), example="2024"),
            ImportColumn("month", "月", required=True, aliases=("month",), example="9"),
            ImportColumn(
                "value", "数值（元）", required=True, aliases=("value", "数值"), example="120000000"
            ),
            ImportColumn(
                "stated_growth",
                "同比增长（%）",
                aliases=("stated growth (%)", "同比增长"),
                example="8.5",
            ),
        ],
    )


class AnnualTargetResource(Resource):
    name = "targets"
    url_prefix = "target"
    namespace = "stats"
    model = AnnualTarget
    fields = (
        "zone",
        "indicator",
        "year",
        "target",
        "is_sample",
    )
    filterset_class = filters.AnnualTargetFilter
    default_ordering = ("-year", "zone__name", "indicator__sort_order")
    select_related = ("zone", "indicator")
    columns = [
        Column("zone", accessor="zone.short_name", order_by="zone__name", link=True),
        Column("indicator", accessor=lambda t: t.indicator.name, order_by="indicator__sort_order"),
        Column("year", order_by="year"),
        Column("target", accessor=lambda t: format_value(t.target, t.indicator), order_by="target"),
    ]
    detail_fields = ("zone", "indicator", "year", "target")


class AuditRuleResource(Resource):
    name = "audit-rules"
    url_prefix = "auditrule"
    namespace = "stats"
    model = AuditRule
    fields = (
        "code",
        "kind",
        "severity",
        "indicator",
        "other_indicator",
        "lower",
        "upper",
        "fact",
        "message_zh",
        "message_en",
        "is_active",
    )
    search_fields = ("code", "message_zh", "message_en")
    default_ordering = ("severity", "code")
    follows_current_zone = False
    select_related = ("indicator", "other_indicator")
    columns = [
        Column("code", order_by="code", link=True),
        Column("severity", order_by="severity"),
        Column("kind", order_by="kind"),
        Column(
            "indicator",
            accessor=lambda r: r.indicator.name if r.indicator_id else _("every indicator"),
        ),
        Column(
            "other_indicator",
            accessor=lambda r: r.other_indicator.name if r.other_indicator_id else "",
        ),
        Column("lower"),
        Column("upper"),
        Column("fact"),
        Column("message", label=_("message"), accessor=lambda r: r.message),
        Column("is_active"),
    ]
    detail_fields = (
        "code",
        "severity",
        "kind",
        "indicator",
        "other_indicator",
        "lower",
        "upper",
        "fact",
        "message_zh",
        "message_en",
        "is_active",
    )
