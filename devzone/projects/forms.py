from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.core.forms import DatalistInput, ScopedModelForm
from devzone.core.industries import industry_choices

from .models import (
    Lead,
    LeadFollowUp,
    NoticeFeedback,
    Problem,
    ProblemFollowUp,
    Project,
    ProjectInvestment,
    ScheduleTask,
    TaskDependency,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(ScopedModelForm):
    # Typed in the unit the lists show; stored in 元 (core.forms.MoneyField).
    money_units = {"planned_investment": "亿元"}

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
            "notice_board",
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
        # Leader and agent: offered and checked by ScopedModelForm (Project.scope_rule.assignees).
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Project.objects.editable_by(self.user).filter(
            parent__isnull=True
        )


class ProjectInvestmentForm(ScopedModelForm):
    # Typed in the unit the lists show; stored in 元 (core.forms.MoneyField).
    money_units = {"cumulative": "亿元"}

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


class ScheduleTaskForm(ScopedModelForm):
    class Meta:
        model = ScheduleTask
        fields = [
            "project",
            "name",
            "duration",
            "working_days",
            "actual_start",
            "actual_finish",
            "percent_complete",
            "marks_stage",
            "is_sample",
        ]
        widgets = dict.fromkeys(("actual_start", "actual_finish"), DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.editable_by(self.user).select_related(
            "zone"
        )


class TaskDependencyForm(ScopedModelForm):
    class Meta:
        model = TaskDependency
        fields = ["before", "after", "lag"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tasks = ScheduleTask.objects.editable_by(self.user).select_related("project")
        project = self.initial.get("project") or self.data.get("project")
        if project and str(project).isdigit():
            tasks = tasks.filter(project_id=int(project))
        for name in ("before", "after"):
            self.fields[name].queryset = tasks
            self.fields[name].label_from_instance = lambda t: f"{t.project.name} · {t.name}"


class NoticeFeedbackForm(ScopedModelForm):
    """Staff mark a message handled and write what was done."""

    class Meta:
        model = NoticeFeedback
        fields = ["handled", "response"]


class PublicFeedbackForm(forms.ModelForm):
    """What a member of the public writes on a notice board."""

    class Meta:
        model = NoticeFeedback
        fields = ["message", "name", "contact_phone"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}
        labels = {
            "message": _("Your message"),
            "name": _("Your name (optional)"),
            "contact_phone": _("Your phone (optional)"),
        }


class LeadForm(ScopedModelForm):
    # Typed in the unit the lists show; stored in 元 (core.forms.MoneyField).
    money_units = {"planned_investment": "亿元"}

    class Meta:
        model = Lead
        fields = [
            "zone",
            "investor",
            "project_name",
            "source_region",
            "direction",
            "chain",
            "planned_investment",
            "contact_name",
            "contact_phone",
            "stage",
            "owner",
            "first_contact_on",
            "signed_on",
            "landed_on",
            "description",
            "is_sample",
        ]
        widgets = dict.fromkeys(("first_contact_on", "signed_on", "landed_on"), DATE)


class LeadFollowUpForm(ScopedModelForm):
    class Meta:
        model = LeadFollowUp
        fields = ["lead", "happened_on", "note"]
        widgets = {"happened_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = Lead.objects.editable_by(self.user)
