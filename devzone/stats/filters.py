import django_filters
from django.utils.translation import gettext_lazy as _

from devzone.core.filters import IntegerFilter, YearFilter, visible_zones

from .models import AnnualTarget, EnterpriseReport, Indicator, IndicatorValue, ReportStatus


class IndicatorFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Indicator.Kind.choices, label=_("flow or stock"))
    enterprise_level = django_filters.BooleanFilter(label=_("reported by enterprises"))

    class Meta:
        model = Indicator
        fields = ["kind", "enterprise_level"]


class _PeriodFilter(django_filters.FilterSet):
    indicator = django_filters.ModelChoiceFilter(
        queryset=Indicator.objects.all(), label=_("indicator")
    )
    year = YearFilter(label=_("year"))
    month = IntegerFilter(label=_("month"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("status"))


class IndicatorValueFilter(_PeriodFilter):
    zone = django_filters.ModelChoiceFilter(queryset=visible_zones, label=_("zone"))

    class Meta:
        model = IndicatorValue
        fields = ["zone", "indicator", "year", "month", "status"]


class EnterpriseReportFilter(_PeriodFilter):
    zone = django_filters.ModelChoiceFilter(
        queryset=visible_zones, field_name="enterprise__zone", label=_("zone")
    )
    enterprise = django_filters.CharFilter(
        field_name="enterprise__name", lookup_expr="icontains", label=_("enterprise")
    )

    class Meta:
        model = EnterpriseReport
        fields = ["zone", "enterprise", "indicator", "year", "month", "status"]


class AnnualTargetFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_zones, label=_("zone"))
    indicator = django_filters.ModelChoiceFilter(
        queryset=Indicator.objects.all(), label=_("indicator")
    )
    year = YearFilter(label=_("year"))

    class Meta:
        model = AnnualTarget
        fields = ["zone", "indicator", "year"]
