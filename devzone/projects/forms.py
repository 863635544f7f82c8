from django import forms

from devzone.core.forms import DatalistInput, ScopedModelForm
from devzone.core.industries import industry_choices
from devzone.core.models import User

from .models import Problem, ProblemFollowUp, Project, ProjectInvestment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(ScopedModelForm):
    class Meta:
        model = Project
        fields = [
            "zone",
            "parent",
            "name",
            "enterprises",
            "industry_code",
            "chain",
            "industrial",
            "planned_investment",
            "stage",
            "signed_on",
            "started_on",
            "completed_on",
            "operating_on",
            "key_level",
            "leader",
            "agent",
            "location",
            "land_area_mu",
            "expected_start",
            "expected_operation",
            "expected_annual_output",
            "actual_annual_output",
            "description",
            "is_sample",
        ]
        widgets = {
            "industry_code": DatalistInput(industry_choices),
            **dict.fromkeys(
                (
                    "signed_on",
                    "started_on",
                    "completed_on",
                    "operating_on",
                    "expected_start",
                    "expected_operation",
                ),
                DATE,
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone_ids = list(self.fields["zone"].queryset.values_list("pk", flat=True))
        people = (
            User.objects.filter(is_active=True, zones__in=zone_ids).distinct().order_by("username")
        )
        self.fields["leader"].queryset = people
        self.fields["agent"].queryset = people
        self.fields["parent"].queryset = Project.objects.editable_by(self.user).filter(
            parent__isnull=True
        )


class ProjectInvestmentForm(ScopedModelForm):
    class Meta:
        model = ProjectInvestment
        fields = ["project", "year", "month", "cumulative", "is_sample"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.editable_by(self.user).select_related(
            "zone"
        )


class ProblemForm(ScopedModelForm):
    class Meta:
        model = Problem
        fields = [
            "project",
            "title",
            "owner",
            "department",
            "deadline",
            "status",
            "raised_on",
            "closed_on",
            "resolution",
            "is_sample",
        ]
        widgets = dict.fromkeys(("deadline", "raised_on", "closed_on"), DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.editable_by(self.user).select_related(
            "zone"
        )
        zone_ids = list(
            self.fields["project"].queryset.values_list("zone_id", flat=True).distinct()
        )
        self.fields["owner"].queryset = (
            User.objects.filter(is_active=True, zones__in=zone_ids).distinct().order_by("username")
        )


class ProblemFollowUpForm(ScopedModelForm):
    class Meta:
        model = ProblemFollowUp
        fields = ["problem", "happened_on", "note"]
        widgets = {"happened_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = Problem.objects.editable_by(self.user).select_related(
            "project"
        )
