from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.core.forms import MoneyField, ScopedModelForm, use_fast_selects
from devzone.core.models import Enterprise, IndustryChain
from devzone.core.scoping import Role, creatable_zones, scope_of

from .models import Application, Policy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _is_enterprise_user(user) -> bool:
    return scope_of(user).role == Role.ENTERPRISE


def _policy_label(policy: Policy) -> str:
    return f"{policy.title} · {policy.zone.short_name or policy.zone.name}"


class PolicyForm(ScopedModelForm):
    # Typed in the unit the lists show; stored in 元 (core.forms.MoneyField).
    money_units = {"fixed_amount": "万元", "cap": "万元"}

    class Meta:
        widgets = {
            "valid_from": DATE,
            "valid_until": DATE,
            "conditions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["req_chain"].queryset = IndustryChain.objects.filter(
            zone__in=creatable_zones(self.user)
        ).select_related("zone")
        self.fields["req_chain"].label_from_instance = lambda c: f"{c.name} · {c.zone.short_name}"
        use_fast_selects(self)

    def clean_req_industry_prefixes(self):
        return (self.cleaned_data.get("req_industry_prefixes") or "").strip().upper()


class ApplicationForm(ScopedModelForm):
    """Zone staff enter or correct any application of their zones; an
    enterprise user applies for its own enterprise and sees only the
    applicant's fields."""

    # Typed in the unit the lists show; stored in 元 (core.forms.MoneyField).
    money_units = {"requested_amount": "万元", "approved_amount": "万元"}

    STAFF_ONLY = (
        "enterprise",
        "origin",
        "submitted_on",
        "status",
        "approved_amount",
        "decided_on",
        "decision_note",
        "is_sample",
    )

    class Meta:
        widgets = {
            "submitted_on": DATE,
            "decided_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "decision_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        keep = Q(pk=self.instance.policy_id) if self.instance.policy_id else Q(pk__in=[])
        if _is_enterprise_user(self.user):
            for name in self.STAFF_ONLY:
                del self.fields[name]
            scope = scope_of(self.user)
            if self.instance.pk is None:
                self.instance.enterprise_id = scope.enterprise_id
                self.instance.origin = Application.Origin.ENTERPRISE
                self.instance.submitted_on = today
            in_force = Q(valid_from__lte=today) & (
                Q(valid_until__isnull=True) | Q(valid_until__gte=today)
            )
            policies = Policy.objects.visible_to(self.user).filter(in_force | keep)
        else:
            zones = creatable_zones(self.user)
            policies = Policy.objects.filter(Q(zone__in=zones) | keep)
            self.fields["enterprise"].queryset = Enterprise.objects.filter(
                zone__in=zones
            ).select_related("zone")
            self.fields["enterprise"].label_from_instance = lambda e: (
                f"{e.name} · {e.zone.short_name}"
            )
        self.fields["policy"].queryset = policies.select_related("zone").order_by(
            "zone__name", "title"
        )
        self.fields["policy"].label_from_instance = _policy_label
        use_fast_selects(self)


class ReviewForm(forms.Form):
    """A decision on an application: its checks are the application's own rules."""

    DECISIONS = [
        (Application.Status.UNDER_REVIEW, Application.Status.UNDER_REVIEW.label),
        (Application.Status.APPROVED, Application.Status.APPROVED.label),
        (Application.Status.REJECTED, Application.Status.REJECTED.label),
    ]
    decision = forms.ChoiceField(label=_("decision"), choices=DECISIONS)
    approved_amount = MoneyField(unit="万元", label=_("amount approved"), required=False)
    decided_on = forms.DateField(label=_("decided on"), required=False, widget=DATE)
    note = forms.CharField(
        label=_("review note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when an application is rejected; the enterprise reads it."),
    )


class DisbursementForm(ScopedModelForm):
    # Typed in the unit the lists show; stored in 元 (core.forms.MoneyField).
    money_units = {"amount": "万元"}

    class Meta:
        widgets = {"paid_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = Q(pk=self.instance.application_id) if self.instance.application_id else Q(pk__in=[])
        self.fields["application"].queryset = (
            Application.objects.editable_by(self.user)
            .filter(Q(status=Application.Status.APPROVED) | keep)
            .select_related("enterprise", "policy")
            .order_by("-submitted_on", "-pk")
        )
        self.fields["application"].label_from_instance = lambda a: (
            f"{a.number} · {a.enterprise.name} · {a.policy.title}"
        )
        use_fast_selects(self)


class FinancingCaseForm(ScopedModelForm):
    # Typed in the unit the lists show; stored in 元 (core.forms.MoneyField).
    money_units = {"amount_requested": "万元", "amount_granted": "万元"}

    STAFF_ONLY = ("enterprise", "status", "amount_granted", "decided_on", "is_sample")

    class Meta:
        widgets = {
            "applied_on": DATE,
            "decided_on": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if _is_enterprise_user(self.user):
            for name in self.STAFF_ONLY:
                del self.fields[name]
            if self.instance.pk is None:
                self.instance.enterprise_id = scope_of(self.user).enterprise_id
        else:
            self.fields["enterprise"].queryset = Enterprise.objects.filter(
                zone__in=creatable_zones(self.user)
            ).select_related("zone")
            self.fields["enterprise"].label_from_instance = lambda e: (
                f"{e.name} · {e.zone.short_name}"
            )
        use_fast_selects(self)
