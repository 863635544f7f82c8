import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import ChainMember, Enterprise, IndustryChain, Region, Zone

# Record ids are 64-bit (BigAutoField); a larger number in a query string is no
# record, and would overflow the database's integer rather than find nothing.
MAX_ID = 2**63 - 1
YEARS = (1990, 2100)  # the years figures are kept for (PeriodValue.year)


def query_id(text) -> int | None:
    """A record's id from a query string, or None for junk, ``²`` or a number
    no key can hold."""
    text = str(text if text is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def query_year(text) -> int | None:
    """A year from a query string within ``YEARS``, or None (``date(99999, 1, 1)`` fails)."""
    text = str(text if text is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        return None
    value = int(text)
    return value if YEARS[0] <= value <= YEARS[1] else None


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (an id, a count, a month) within the database's 64-bit
    integers. A fraction or a number beyond them is refused (400 in the API)
    rather than sent to the database to fail there."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -(2**63) + 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class YearFilter(IntegerFilter):
    """A year, of a date (``…__year``) or an integer field: one a date cannot
    have is refused (400 in the API) rather than failing in the query."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


def visible_zones(request):
    if request is None:
        return Zone.objects.none()
    return Zone.objects.visible_to(request.user).order_by("name")


def cities(request):
    return Region.objects.filter(level__in=["province", "city"]).order_by("code")


@extend_schema_field(OpenApiTypes.INT)
class RegionWithinFilter(django_filters.ModelChoiceFilter):
    """Regions below the chosen one (by its id)."""


class RegionFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Region.Level.choices, label=_("level"))
    within = RegionWithinFilter(
        queryset=Region.objects.exclude(level="county"), method="filter_within", label=_("within")
    )

    class Meta:
        model = Region
        fields = ["level", "within"]

    def filter_within(self, queryset, name, value):
        return (
            queryset.filter(code__startswith=value.code_prefix).exclude(pk=value.pk)
            if value
            else queryset
        )


class ZoneFilter(django_filters.FilterSet):
    zone_type = django_filters.ChoiceFilter(choices=Zone.ZoneType.choices, label=_("zone type"))
    level = django_filters.ChoiceFilter(choices=Zone.Level.choices, label=_("level"))
    category = django_filters.ChoiceFilter(choices=Zone.Category.choices, label=_("category"))
    region = django_filters.ModelChoiceFilter(
        queryset=cities, method="filter_region", label=_("province / city")
    )

    class Meta:
        model = Zone
        fields = ["zone_type", "level", "category", "region"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__code__startswith=value.code_prefix) if value else queryset


class EnterpriseFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_zones, label=_("zone"))
    scale = django_filters.ChoiceFilter(choices=Enterprise.Scale.choices, label=_("scale"))
    status = django_filters.ChoiceFilter(choices=Enterprise.Status.choices, label=_("status"))
    industry = django_filters.CharFilter(
        field_name="industry_code", lookup_expr="istartswith", label=_("industry code starts with")
    )
    employees_min = IntegerFilter(
        field_name="employees", lookup_expr="gte", label=_("employees at least")
    )

    class Meta:
        model = Enterprise
        fields = ["zone", "scale", "status", "industry", "employees_min"]


class IndustryChainFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_zones, label=_("zone"))

    class Meta:
        model = IndustryChain
        fields = ["zone"]


class ChainMemberFilter(django_filters.FilterSet):
    chain = django_filters.ModelChoiceFilter(
        queryset=lambda request: (
            IndustryChain.objects.visible_to(request.user)
            if request
            else IndustryChain.objects.none()
        ),
        label=_("industry chain"),
    )
    role = django_filters.ChoiceFilter(
        choices=ChainMember.ChainRole.choices, label=_("role in chain")
    )

    class Meta:
        model = ChainMember
        fields = ["chain", "role"]
