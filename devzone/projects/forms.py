from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.core.forms import DatalistInput, ScopedModelForm
from devzone.core.industries import industry_choices

from .models import (
    Lead,
    NoticeFeedback,
    Problem,
    Project,
    ScheduleTask,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(ScopedModelForm):
    # Typed in the unit the lists show; stored in 元 (core.forms.MoneyField).
    money_units = {"planned_investment": "亿元"}

    class Meta:
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.editable_by(self.user).select_related(
            "zone"
        )


class ProblemForm(ScopedModelForm):
    class Meta:
        widgets = dict.fromkeys(("deadline", "raised_on", "closed_on"), DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.editable_by(self.user).select_related(
            "zone"
        )


class ProblemFollowUpForm(ScopedModelForm):
    class Meta:
        widgets = {"happened_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = Problem.objects.editable_by(self.user).select_related(
            "project"
        )


class ScheduleTaskForm(ScopedModelForm):
    class Meta:
        widgets = dict.fromkeys(("actual_start", "actual_finish"), DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.editable_by(self.user).select_related(
            "zone"
        )


class TaskDependencyForm(ScopedModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tasks = ScheduleTask.objects.editable_by(self.user).select_related("project")
        project = self.initial.get("project") or self.data.get("project")
        if project and str(project).isdigit():
            tasks = tasks.filter(project_id=int(project))
        for name in ("before", "after"):
            self.fields[name].queryset = tasks
            self.fields[name].label_from_instance = lambda t: f"{t.project.name} · {t.name}"


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
        widgets = dict.fromkeys(("first_contact_on", "signed_on", "landed_on"), DATE)


class LeadFollowUpForm(ScopedModelForm):
    class Meta:
        widgets = {"happened_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = Lead.objects.editable_by(self.user)
