import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.core.filters import IntegerFilter, YearFilter, visible_zones

from .models import Application, Disbursement, FinancingCase, Policy


def _visible_policies(request):
    if request is None:
        return Policy.objects.none()
    return Policy.objects.visible_to(request.user).order_by("title")


CHECKABLE = (
    ~Q(req_scale="")
    | ~Q(req_industry_prefixes="")
    | Q(req_min_employees__isnull=False)
    | Q(req_min_investment__isnull=False)
    | Q(req_chain__isnull=False)
    | Q(req_operating=True)
)


class PolicyFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_zones, label=_("zone"))
    kind = django_filters.ChoiceFilter(choices=Policy.Kind.choices, label=_("kind"))
    in_force = django_filters.BooleanFilter(method="filter_in_force", label=_("in force today"))
    checkable = django_filters.BooleanFilter(
        method="filter_checkable", label=_("criteria the platform checks (免申即享)")
    )

    class Meta:
        model = Policy
        fields = ["zone", "kind", "in_force", "checkable"]

    def filter_in_force(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        q = Q(valid_from__lte=today) & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_checkable(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(CHECKABLE) if value else queryset.exclude(CHECKABLE)


class ApplicationFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(
        queryset=visible_zones, field_name="policy__zone", label=_("zone")
    )
    policy = django_filters.ModelChoiceFilter(queryset=_visible_policies, label=_("policy"))
    status = django_filters.ChoiceFilter(choices=Application.Status.choices, label=_("status"))
    origin = django_filters.ChoiceFilter(choices=Application.Origin.choices, label=_("origin"))
    year = YearFilter(field_name="submitted_on__year", label=_("year submitted"))

    class Meta:
        model = Application
        fields = ["zone", "policy", "status", "origin", "year"]


class DisbursementFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(
        queryset=visible_zones, field_name="application__policy__zone", label=_("zone")
    )
    application = IntegerFilter(field_name="application_id", label=_("application"))
    year = YearFilter(field_name="paid_on__year", label=_("year paid"))

    class Meta:
        model = Disbursement
        fields = ["zone", "application", "year"]


class FinancingCaseFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(
        queryset=visible_zones, field_name="enterprise__zone", label=_("zone")
    )
    product = django_filters.ChoiceFilter(choices=FinancingCase.Product.choices, label=_("product"))
    status = django_filters.ChoiceFilter(choices=FinancingCase.Status.choices, label=_("status"))
    year = YearFilter(field_name="applied_on__year", label=_("year applied"))

    class Meta:
        model = FinancingCase
        fields = ["zone", "product", "status", "year"]
