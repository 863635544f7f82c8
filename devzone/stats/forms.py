from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.core.forms import FastSelectMultiple, IdsChoiceField, ScopedModelForm
from devzone.core.models import Region, Zone

from .figures import status_after_correction
from .models import Indicator
from .periods import Period
from .selectors import reportable_enterprises


class EnterpriseReportForm(ScopedModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = reportable_enterprises(self.user).select_related(
            "zone"
        )
        self.fields["indicator"].queryset = Indicator.objects.filter(
            enterprise_level=True, is_active=True
        )

    def clean(self):
        data = super().clean()
        correcting = self.instance.pk and self.instance.status == "approved" and self.has_changed()
        if correcting and not (self.data.get("change_reason") or "").strip():
            raise forms.ValidationError(
                _("This report is approved: give a reason for the correction.")
            )
        if correcting and data.get("enterprise") is not None:
            self.instance.status = status_after_correction(
                status=self.instance.status, zone=data["enterprise"].zone, user=self.user
            )
        return data


class PeriodField(forms.CharField):
    """A period typed as 2024-06 (or chosen with a month picker)."""

    widget = forms.DateInput(attrs={"type": "month"})
    default_error_messages = {"invalid": _("Enter a period as year-month, e.g. 2024-06.")}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return Period.parse(value)
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def prepare_value(self, value):
        return str(value) if isinstance(value, Period) else value


class EntryChoiceForm(forms.Form):
    zone = forms.ModelChoiceField(queryset=Zone.objects.none(), label=_("zone"))
    period = PeriodField(label=_("period"))

    def __init__(self, *args, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = zones


def parse_decimal(text: str) -> Decimal | None:
    text = (text or "").strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


BY_CHOICES = [("total", _("by total")), ("growth", _("by growth"))]


class RankingForm(forms.Form):
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.filter(is_active=True), label=_("indicator")
    )
    period = PeriodField(label=_("period"))
    region = forms.ModelChoiceField(
        queryset=Region.objects.exclude(level="county"),
        required=False,
        label=_("province / city"),
        empty_label=_("Nationwide"),
    )
    zone_type = forms.ChoiceField(
        choices=[("", _("All types")), *Zone.ZoneType.choices], required=False, label=_("zone type")
    )
    level = forms.ChoiceField(
        choices=[("", _("All levels")), *Zone.Level.choices], required=False, label=_("level")
    )
    category = forms.ChoiceField(
        choices=[("", _("All categories")), *Zone.Category.choices],
        required=False,
        label=_("category"),
    )
    by = forms.ChoiceField(choices=BY_CHOICES, required=False, label=_("rank"))

    def clean_by(self):
        return self.cleaned_data.get("by") or "total"


class CompareForm(forms.Form):
    zones = IdsChoiceField(
        queryset=Zone.objects.none(), label=_("zones"), widget=FastSelectMultiple
    )
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.filter(is_active=True), label=_("indicator")
    )
    start = PeriodField(label=_("from"))
    end = PeriodField(label=_("to"))

    def __init__(self, *args, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zones"].queryset = zones

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end"):
            if data["start"] > data["end"]:
                self.add_error("end", _("The end comes before the start."))
            elif (data["end"].year - data["start"].year) * 12 + data["end"].month - data[
                "start"
            ].month > 119:
                self.add_error("end", _("Compare at most ten years."))
        if data.get("zones") and len(data["zones"]) > 12:
            self.add_error("zones", _("Choose at most 12 zones."))
        return data
