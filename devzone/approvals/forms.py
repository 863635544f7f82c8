from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.core.forms import ScopedModelForm
from devzone.core.money import to_wan
from devzone.core.scoping import scope_of
from devzone.projects.models import Project

from .models import (
    ApprovalDocument,
    ApprovalItem,
    ProjectApproval,
)
from .placeholders import placeholder_help

Mode = ProjectApproval.Mode
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApprovalItemForm(ScopedModelForm):
    # Typed in the unit the lists show; stored in 元 (core.forms.MoneyField).
    money_units = {"usual_fee": "万元"}

    class Meta:
        widgets = {
            "standard": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }


class RegionalCoverageForm(ScopedModelForm):
    class Meta:
        widgets = {"completed_on": DATE, "valid_until": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = ApprovalItem.objects.filter(
            regional_coverable=True, active=True
        )
        if self.instance.pk:
            # Projects may rely on the coverage of this zone and item.
            for name in ("zone", "item"):
                self.fields[name].disabled = True


class ProjectApprovalForm(ScopedModelForm):
    class Meta:
        widgets = {
            "applied_on": DATE,
            "approved_on": DATE,
            "commitment": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        projects = Project.objects.editable_by(self.user).select_related("zone")
        self.fields["project"].queryset = projects
        self.fields["item"].queryset = ApprovalItem.objects.filter(active=True)
        if self.instance.pk:
            self.fields["project"].disabled = True
        project = self.initial.get("project")
        if project and str(project).isdigit() and not self.initial.get("agent"):
            # The project's agent takes the item unless another is chosen.
            self.initial["agent"] = (
                projects.filter(pk=int(project)).values_list("agent_id", flat=True).first()
            )


class AddItemsForm(forms.Form):
    """Several catalogue items for one project at once, each in its mode: one
    select per item, offering only the modes the item allows."""

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        present = set(project.approvals.values_list("item_id", flat=True))
        covered = set(project.zone.approval_coverage.values_list("item_id", flat=True))
        self.rows = []
        for item in ApprovalItem.objects.filter(active=True).exclude(pk__in=present):
            modes = [Mode.STANDARD]
            if item.commitment_allowed:
                modes.append(Mode.COMMITMENT)
            if item.pk in covered:
                modes.append(Mode.REGIONAL)
            if item.usual_fee is not None:
                modes.append(Mode.GOVERNMENT_PAID)
            choices = [("", _("Not needed")), *((m.value, m.label) for m in modes)]
            name = f"mode_{item.pk}"
            self.fields[name] = forms.ChoiceField(label=item.name, choices=choices, required=False)
            self.rows.append((item, self[name], to_wan(item.usual_fee), item.pk in covered))

    def clean(self):
        data = super().clean()
        if not self.chosen():
            raise forms.ValidationError(_("Choose a mode for at least one item."))
        return data

    def chosen(self) -> dict[int, str]:
        data = getattr(self, "cleaned_data", {})
        return {
            int(name.removeprefix("mode_")): value
            for name, value in data.items()
            if name.startswith("mode_") and value
        }


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ApprovalDocument.Kind.choices)
    title = forms.CharField(
        label=_("title"), max_length=200, required=False, help_text=_("Empty: the file's name.")
    )
    file = forms.FileField(
        label=_("file"),
        help_text=_("PDF, OFD, Word (.docx), Excel (.xlsx), JPEG or PNG."),
    )

    def clean_file(self):
        from django.core.exceptions import ValidationError

        from .documents import check_document_upload, document_max_bytes

        upload = self.cleaned_data["file"]
        content = upload.read(document_max_bytes() + 1)
        upload.seek(0)
        try:
            check_document_upload(upload.name, content)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        return upload


class DocumentTemplateForm(ScopedModelForm):
    class Meta:
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _("Placeholders: %(list)s.") % {"list": placeholder_help()}
        if not scope_of(self.user).is_platform_admin:
            self.fields["zone"].required = True
            self.fields["zone"].help_text = ""
