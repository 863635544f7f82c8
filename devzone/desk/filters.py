import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.core.filters import IntegerFilter, visible_zones

from .models import Category, Department, Escalation, FollowUp, ServiceRequest
from .selectors import due_today_q, overdue_q


def _categories(request):
    return Category.objects.visible_to(request.user if request else None).order_by("order", "code")


def _departments(request):
    if request is None:
        return Department.objects.none()
    return Department.objects.visible_to(request.user).order_by("name")


class ServiceRequestFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_zones, label=_("zone"))
    status = django_filters.ChoiceFilter(choices=ServiceRequest.Status.choices, label=_("status"))
    open = django_filters.BooleanFilter(field_name="is_open", label=_("open"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))
    due_today = django_filters.BooleanFilter(method="filter_due_today", label=_("due today"))
    category = django_filters.ModelChoiceFilter(queryset=_categories, label=_("category"))
    department = django_filters.ModelChoiceFilter(queryset=_departments, label=_("department"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("assigned to me"))
    channel = django_filters.ChoiceFilter(
        choices=ServiceRequest.Channel.choices, label=_("channel")
    )
    priority = django_filters.ChoiceFilter(
        choices=ServiceRequest.Priority.choices, label=_("priority")
    )
    received_from = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__gte", label=_("received from")
    )
    received_to = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__lte", label=_("received until")
    )

    class Meta:
        model = ServiceRequest
        fields = [
            "zone",
            "status",
            "open",
            "overdue",
            "due_today",
            "category",
            "department",
            "mine",
            "channel",
            "priority",
            "received_from",
            "received_to",
        ]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        q = overdue_q(timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_due_today(self, queryset, name, value):
        if value is None:
            return queryset
        q = due_today_q(timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_mine(self, queryset, name, value):
        if not value or self.request is None:
            return queryset
        return queryset.filter(assignee=self.request.user)


class FollowUpFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(
        queryset=visible_zones, field_name="request__zone", label=_("zone")
    )
    request = IntegerFilter(field_name="request_id", label=_("service request"))
    kind = django_filters.ChoiceFilter(choices=FollowUp.Kind.choices, label=_("kind"))

    class Meta:
        model = FollowUp
        fields = ["zone", "request", "kind"]


class CategoryFilter(django_filters.FilterSet):
    national = django_filters.BooleanFilter(
        field_name="zone", lookup_expr="isnull", label=_("national catalogue")
    )
    confidential = django_filters.BooleanFilter(label=_("complaint about officials"))

    class Meta:
        model = Category
        fields = ["national", "confidential"]


class DepartmentFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=visible_zones, label=_("zone"))

    class Meta:
        model = Department
        fields = ["zone"]


class EscalationFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(
        queryset=visible_zones, field_name="request__zone", label=_("zone")
    )
    request = IntegerFilter(field_name="request_id", label=_("service request"))
    deadline = django_filters.ChoiceFilter(choices=Escalation.Deadline.choices, label=_("deadline"))
    level = django_filters.ChoiceFilter(choices=Escalation.Level.choices, label=_("raised to"))
    open = django_filters.BooleanFilter(
        field_name="request__is_open", label=_("request still open")
    )

    class Meta:
        model = Escalation
        fields = ["zone", "request", "deadline", "level", "open"]
