from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from devzone.core.forms import ScopedModelForm, use_fast_selects
from devzone.core.models import Enterprise, Zone
from devzone.core.scoping import assignable_users, scope_of

from .models import Category, Department, normalize_code
from .services import categories_for_zone


class CategoryForm(ScopedModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].required = False

    def clean_zone(self):
        zone = self.cleaned_data.get("zone")
        if zone is None and not scope_of(self.user).is_platform_admin:
            raise forms.ValidationError(
                _("Only the platform admin keeps the national catalogue: choose your zone.")
            )
        return zone


class DepartmentForm(ScopedModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = assignable_users(self.fields["zone"].queryset)


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ServiceRequestForm(ScopedModelForm):
    """A request entered by the desk's staff (a call to the hotline), or its
    handling details changed. The lifecycle has its own actions."""

    class Meta:
        widgets = {
            "received_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].input_formats = [
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d",
        ]
        if not self.is_bound and not self.instance.pk and not self.initial.get("zone"):
            only = list(self.fields["zone"].queryset.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                self.initial["zone"] = only[0]
        zone_ids = self._zone_ids()
        categories = Category.objects.filter(active=True).filter(
            Q(zone__isnull=True) | Q(zone_id__in=zone_ids)
        )
        if self.instance.pk:
            categories = categories | Category.objects.filter(pk=self.instance.category_id)
        self.fields["category"].queryset = categories.order_by("order", "code")
        self.fields["department"].queryset = Department.objects.filter(zone_id__in=zone_ids)
        self.fields["assignee"].queryset = assignable_users(zone_ids)
        self.fields["enterprise"].queryset = Enterprise.objects.filter(zone_id__in=zone_ids)
        # The project field's own queryset: the desk imports nothing of projects,
        # which sits above it (its notice boards make desk requests).
        self.fields["project"].queryset = self.fields["project"].queryset.filter(
            zone_id__in=zone_ids
        )

    MANY_ZONES = 50

    def _zone_ids(self) -> list[int]:
        """The zone whose departments, people, enterprises and projects are
        offered: the record's, the one chosen, or the user's own."""
        chosen = self.data.get("zone") if self.is_bound else self.initial.get("zone")
        if self.instance.pk and not chosen:
            chosen = self.instance.zone_id
        zones = self.fields["zone"].queryset
        if chosen and str(chosen).isdigit() and zones.filter(pk=int(chosen)).exists():
            return [int(chosen)]
        ids = list(zones.values_list("pk", flat=True)[: self.MANY_ZONES + 1])
        if len(ids) > self.MANY_ZONES:
            # A national admin: the people and records of one zone at a time.
            for name in ("department", "assignee", "enterprise", "project"):
                self.fields[name].help_text = _(
                    "Choose the zone above and save; its choices appear when you edit."
                )
            return []
        return ids

    def save(self, commit=True):
        if self.instance.pk is None and self.user.is_authenticated:
            self.instance.submitted_by = self.user
        return super().save(commit)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 3}))


class PublicRequestForm(forms.Form):
    """The public's form (and signed-in enterprise users')."""

    zone = forms.ModelChoiceField(
        queryset=Zone.objects.none(), label=_("development zone"), empty_label=_("Choose…")
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(), label=_("category"), empty_label=_("Choose…")
    )
    title = forms.CharField(label=_("subject"), max_length=120)
    description = forms.CharField(
        label=_("your request"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 4000}),
    )
    contact_name = forms.CharField(label=_("your name (optional)"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("your phone"),
        max_length=20,
        help_text=_("With the tracking code, it opens your request to check it and rate it."),
    )

    def __init__(self, *args, enterprise_zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprise_zone is not None:
            self.fields["zone"].queryset = Zone.objects.filter(pk=enterprise_zone.pk)
            self.fields["zone"].initial = enterprise_zone.pk
            self.fields["zone"].disabled = True
            self.fields["contact_phone"].required = False
            self.fields["contact_phone"].label = _("contact phone")
            self.fields["contact_phone"].help_text = ""
        else:
            self.fields["zone"].queryset = Zone.objects.order_by("name")
        zone_id = self._zone_id(enterprise_zone)
        self.fields["category"].queryset = Category.objects.filter(
            pk__in=[c.pk for c in categories_for_zone(zone_id)]
        ).order_by("order", "code")
        use_fast_selects(self)

    def _zone_id(self, enterprise_zone) -> int | None:
        if enterprise_zone is not None:
            return enterprise_zone.pk
        chosen = self.data.get("zone") if self.is_bound else self.initial.get("zone")
        return int(chosen) if chosen and str(chosen).isdigit() else None

    def clean_contact_phone(self):
        from devzone.core.validators import validate_phone

        phone = (self.cleaned_data.get("contact_phone") or "").strip()
        if phone:
            validate_phone(phone)
        return phone


class TrackForm(forms.Form):
    code = forms.CharField(label=_("tracking code"), max_length=20)
    phone = forms.CharField(label=_("the phone you gave"), max_length=20)

    def clean_code(self):
        return normalize_code(self.cleaned_data.get("code", ""))


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("how satisfied are you?"),
        coerce=int,
        choices=[
            (5, _("5 — very satisfied")),
            (4, _("4 — satisfied")),
            (3, _("3 — acceptable")),
            (2, _("2 — dissatisfied")),
            (1, _("1 — very dissatisfied")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label=_("comment (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("what is still not solved?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
