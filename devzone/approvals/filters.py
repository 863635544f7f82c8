import django_filters
from django.utils.translation import gettext_lazy as _

from devzone.core.filters import IntegerFilter, YearFilter, visible_zones
from devzone.core.models import User, Zone
from devzone.core.scoping import assignable_users, scope_of

from .models import (
    ApprovalDocument,
    ApprovalItem,
    DocumentTemplate,
    ProjectApproval,
    RegionalCoverage,
)


def _items(request):
    return ApprovalItem.objects.all()


def _agents(request):
    """People of the zones the user works in (the agents it may look up)."""
    if request is None:
        return User.objects.none()
    scope = scope_of(request.user)
    return assignable_users(Zone.objects.all() if scope.is_platform_admin else scope.zone_ids)


class ApprovalItemFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=ApprovalItem.Stage.choices, label=_("stage"))
    regional_coverable = django_filters.BooleanFilter(
        label=_("a regional assessment may cover it (多评合一)")
    )
    active = django_filters.BooleanFilter(label=_("in use"))

    class Meta:
        model = ApprovalItem
        fields = ["stage", "regional_coverable", "active"]


class RegionalCoverageFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_zones, label=_("zone"))
    item = django_filters.ModelChoiceFilter(queryset=_items, label=_("approval item"))

    class Meta:
        model = RegionalCoverage
        fields = ["zone", "item"]


class ProjectApprovalFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(
        queryset=visible_zones, field_name="project__zone", label=_("zone")
    )
    project = IntegerFilter(field_name="project_id", label=_("project"))
    item = django_filters.ModelChoiceFilter(queryset=_items, label=_("approval item"))
    mode = django_filters.ChoiceFilter(choices=ProjectApproval.Mode.choices, label=_("mode"))
    status = django_filters.ChoiceFilter(choices=ProjectApproval.Status.choices, label=_("status"))
    agent = django_filters.ModelChoiceFilter(queryset=_agents, label=_("agent (代办员)"))
    year = YearFilter(field_name="approved_on", lookup_expr="year", label=_("year approved"))

    class Meta:
        model = ProjectApproval
        fields = ["zone", "project", "item", "mode", "status", "agent", "year"]


class ApprovalDocumentFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(
        queryset=visible_zones, field_name="approval__project__zone", label=_("zone")
    )
    kind = django_filters.ChoiceFilter(choices=ApprovalDocument.Kind.choices, label=_("kind"))
    approval = IntegerFilter(field_name="approval_id", label=_("project approval item"))

    class Meta:
        model = ApprovalDocument
        fields = ["zone", "kind", "approval"]


class DocumentTemplateFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DocumentTemplate.Kind.choices, label=_("kind"))
    zone = django_filters.ModelChoiceFilter(queryset=visible_zones, label=_("zone"))

    class Meta:
        model = DocumentTemplate
        fields = ["kind", "zone"]
