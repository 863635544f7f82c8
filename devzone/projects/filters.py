import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.core.filters import IntegerFilter, YearFilter, visible_zones

from .models import Lead, NoticeFeedback, Problem, Project, ProjectInvestment, ScheduleTask
from .selectors import overdue_problems_q


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
    year = YearFilter(label=_("year"))
    month = IntegerFilter(label=_("month"))

    class Meta:
        model = ProjectInvestment
        fields = ["zone", "year", "month"]


class ProblemFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(
        queryset=visible_zones, field_name="project__zone", label=_("zone")
    )
    status = django_filters.ChoiceFilter(choices=Problem.Status.choices, label=_("status"))
    open = django_filters.BooleanFilter(method="filter_open", label=_("not closed"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = Problem
        fields = ["zone", "status", "open", "overdue"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        closed = Problem.Status.CLOSED
        return queryset.exclude(status=closed) if value else queryset.filter(status=closed)

    def filter_overdue(self, queryset, name, value):
        """Not closed and past the deadline."""
        if value is None:
            return queryset
        late = overdue_problems_q(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class ScheduleTaskFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(
        queryset=visible_zones, field_name="project__zone", label=_("zone")
    )
    project = IntegerFilter(field_name="project_id", label=_("project"))
    status = django_filters.ChoiceFilter(choices=ScheduleTask.Status.choices, label=_("status"))
    critical = django_filters.BooleanFilter(label=_("on the critical path"))

    class Meta:
        model = ScheduleTask
        fields = ["zone", "project", "status", "critical"]


class NoticeFeedbackFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(
        queryset=visible_zones, field_name="project__zone", label=_("zone")
    )
    handled = django_filters.BooleanFilter(label=_("handled"))

    class Meta:
        model = NoticeFeedback
        fields = ["zone", "handled"]


class LeadFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_zones, label=_("zone"))
    stage = django_filters.ChoiceFilter(choices=Lead.Stage.choices, label=_("stage"))
    source_region = django_filters.ChoiceFilter(
        choices=Lead.SourceRegion.choices, label=_("source region")
    )

    class Meta:
        model = Lead
        fields = ["zone", "stage", "source_region"]
