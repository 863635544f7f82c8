import django_filters
from django.utils.translation import gettext_lazy as _

from devzone.core.filters import visible_zones

from .models import Project, ProjectInvestment


class ProjectFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_zones, label=_("zone"))
    stage = django_filters.ChoiceFilter(choices=Project.Stage.choices, label=_("stage"))
    key_level = django_filters.ChoiceFilter(
        choices=Project.KeyLevel.choices[1:], label=_("key-project level")
    )
    phases = django_filters.BooleanFilter(
        field_name="parent", lookup_expr="isnull", label=_("projects, not phases")
    )

    class Meta:
        model = Project
        fields = ["zone", "stage", "key_level", "phases"]


class ProjectInvestmentFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(
        queryset=visible_zones, field_name="project__zone", label=_("zone")
    )
    year = django_filters.NumberFilter(label=_("year"))
    month = django_filters.NumberFilter(label=_("month"))

    class Meta:
        model = ProjectInvestment
        fields = ["zone", "year", "month"]
