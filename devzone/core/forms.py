import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html import escape
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.http import HttpRequest
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .filters import query_id
from .industries import industry_choices
from .models import Enterprise, IndustryChain, Region, User, Zone
from .network import client_ip
from .scoping import Role, assignee_choices, assignee_errors, creatable_zones, scope_of
from .services import (
    assignable_roles,
    login_is_throttled,
    manageable_users,
    shared_user_refusal,
    zones_beyond_reach,
)

# --- Money: stored in 元, entered in the unit the lists show ------------------------------

MONEY_UNITS = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
# As the unit reads beside a field (the same English as the lists' headers).
MONEY_UNIT_LABELS = {"元": _("yuan"), "万元": _("10,000 yuan"), "亿元": _("100 million yuan")}
_UNIT_IN_LABEL = re.compile(r"\s*[(（]元[)）]\s*$")


class MoneyInput(forms.NumberInput):
    """A number input with its unit beside it."""

    template_name = "core/widgets/money.html"

    def __init__(self, unit: str, attrs=None):
        super().__init__({"step": "any", "inputmode": "decimal", **(attrs or {})})
        self.unit = unit

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["unit"] = MONEY_UNIT_LABELS[self.unit]
        return context


class MoneyField(forms.DecimalField):
    """An amount typed in ``unit`` (万元, 亿元: as the lists show it) and
    cleaned to 元, as it is stored (Decimal, to the fen). ``MoneyField(unit="亿元")``:
    typing 30 stores 3,000,000,000 元."""

    def __init__(self, *, unit: str, **kwargs):
        self.unit, self.factor = unit, MONEY_UNITS[unit]
        kwargs.setdefault("widget", MoneyInput(unit))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        # A stored amount (元) is shown in the unit; typed text is shown as typed.
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format((Decimal(value) / self.factor).normalize(), "f")
        return value

    def to_python(self, value):
        amount = super().to_python(value)
        if amount is None:
            return None
        return (amount * self.factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def validate(self, value):
        # Digits are checked on the stored 元 by the model field, not on what was typed.
        forms.Field.validate(self, value)


def money_field_for(model_field, unit: str, **overrides) -> MoneyField:
    """The model's amount field, typed in ``unit``: its label loses a trailing
    (元) (the unit stands beside the field), its validators are kept."""
    label = _UNIT_IN_LABEL.sub("", str(model_field.verbose_name))
    return MoneyField(
        unit=unit,
        label=overrides.pop("label", label),
        required=not model_field.blank,
        help_text=model_field.help_text,
        validators=list(model_field.validators),
        **overrides,
    )


def yuan_as(unit: str):
    """An import column's ``resolve`` for an amount the template gives in 元
    into a form that takes ``unit``: the documented 元 columns keep their meaning."""
    factor = MONEY_UNITS[unit]

    def resolve(text: str, lookups) -> str:
        try:
            return format((Decimal(text.replace(",", "")) / factor).normalize(), "f")
        except (InvalidOperation, ValueError):
            return text  # the form reports it as not a number

    return resolve


class ScopedModelForm(forms.ModelForm):
    """A model form for ``user``: every choice of a scoped model offers only
    what the user may see, and zones only those the user may write in.
    ``money_units`` names the amount fields typed in 万元 or 亿元 (``MoneyField``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    money_units: dict[str, str] = {}

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for name, unit in self.money_units.items():
            if name in self.fields:
                model_field = self._meta.model._meta.get_field(name)
                self.fields[name] = money_field_for(model_field, unit)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                model = field.queryset.model  # type: ignore[union-attr]  # set on a model form
                if model is Zone:
                    field.queryset = creatable_zones(user).order_by("name")
                elif hasattr(model, "scope_rule"):
                    field.queryset = model.objects.visible_to(user)
        rule = getattr(self._meta.model, "scope_rule", None)
        for name, _roles in rule.assignees if rule else ():
            if name in self.fields:
                self.fields[name].queryset = assignee_choices(user, self._meta.model, name)  # type: ignore[attr-defined]  # a model choice field
        use_fast_selects(self)

    def _update_errors(self, errors):
        super()._update_errors(hide_unseen_duplicates(errors, self.instance, self.user))  # type: ignore[misc]  # Django's private hook, not in django-stubs

    def _post_clean(self):
        super()._post_clean()  # type: ignore[misc]  # Django's private hook, not in django-stubs
        if (
            self.instance.pk
            and self.cleaned_data.get("version") is None
            and "version" in self.fields
        ):
            # Without the version read, a save would silently overwrite a colleague's.
            self.add_error(
                None,
                _(
                    "This form does not say which version of the record it changes: reload the page and make your changes again."
                ),
            )
        # The people offered are those of the user's zones; the record's own
        # zone decides (a staff member of two zones, a project of one).
        names = [n for n in self.fields if n not in self.errors]
        if not hasattr(type(self.instance), "scope_rule"):
            return
        for name, message in assignee_errors(self.instance, names).items():
            self.add_error(name, message)


def hide_unseen_duplicates(errors, instance, user):
    """A uniqueness error about a record the user may not see says only that
    the value cannot be used: "already exists" would tell a zone that another
    zone has a company with this credit code."""
    model = type(instance)
    if not hasattr(errors, "error_dict") or not hasattr(model, "scope_rule"):
        return errors
    result: dict[str, list[ValidationError]] = {}
    for name, items in errors.error_dict.items():
        result[name] = []
        for error in items:
            check = (error.params or {}).get("unique_check")
            if error.code in ("unique", "unique_together") and check:
                lookup = {f: getattr(instance, model._meta.get_field(f).attname) for f in check}
                seen = model.objects.visible_to(user).filter(**lookup)
                if instance.pk is not None:
                    seen = seen.exclude(pk=instance.pk)
                if not seen.exists():
                    label = "、".join(str(model._meta.get_field(f).verbose_name) for f in check)
                    error = ValidationError(
                        _("This %(field)s cannot be used."),
                        code=error.code,
                        params={"field": label},
                    )
            result[name].append(error)
    return ValidationError(result)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Records chosen by id, where a number no key can hold is an invalid
    choice (the database would overflow on it, not find nothing)."""

    def _check_values(self, value):
        for pk in value or ():
            if query_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]  # Django's private hook, not in django-stubs


class CalendarDayForm(ScopedModelForm):
    class Meta:
        widgets = {"day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ZoneForm(ScopedModelForm):
    class Meta:
        widgets = {"established_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.exclude(level="province").order_by("code")  # type: ignore[attr-defined]  # a model choice field
        if not scope_of(self.user).is_platform_admin:
            # A zone admin keeps its zone where it is in the registry.
            for name in ("name", "zone_type", "level", "category", "region"):
                self.fields[name].disabled = True


def options_html(choices, selected=()) -> str:
    """``<option>`` tags for (value, label) pairs, escaped with the standard
    library: Django's lazy-aware escaping costs more than the rest of a page
    when there are thousands of options."""
    selected = {str(v) for v in selected}
    return mark_safe(  # noqa: S308  (every value is escaped)
        "".join(
            f'<option value="{escape(str(v))}"{" selected" if str(v) in selected else ""}>'
            f"{escape(str(label))}</option>"
            for v, label in choices
        )
    )


class FastSelect(forms.Select):
    """A select whose options are written directly, not through a template per
    option: a platform admin's zone choice has thousands of them."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, choices, _index in widget["optgroups"]:
            chosen = [o["value"] for o in choices if o["selected"]]
            body = options_html(((o["value"], o["label"]) for o in choices), chosen)
            parts.append(
                body
                if group is None
                else f'<optgroup label="{escape(str(group))}">{body}</optgroup>'
            )
        return mark_safe(  # noqa: S308  (every value is escaped)
            f'<select name="{escape(widget["name"])}"{flatatt(widget["attrs"])}>{"".join(parts)}</select>'
        )


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    """FastSelect for a multiple choice (every zone of the country to compare)."""


def say_all_in_filters(form) -> None:
    """In a filter form an empty choice means every row: say "All" rather than
    Django's "---------" or "Unknown" (plain choices get it from django-filter's
    FILTERS_EMPTY_CHOICE_LABEL setting)."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.NullBooleanSelect):
            field.widget.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]
        elif isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
            field.empty_label = _("All")  # read when the choices are listed


def use_fast_selects(form) -> None:
    """Give the form's single-choice selects the fast rendering (same HTML)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            fast = FastSelect(attrs=field.widget.attrs)
            fast.choices = field.choices
            fast.is_required, fast.is_localized = (
                field.widget.is_required,
                field.widget.is_localized,
            )
            field.widget = fast


class DatalistInput(forms.TextInput):
    """A text input with suggestions (an HTML datalist)."""

    template_name = "core/widgets/datalist.html"

    def __init__(self, choices_func, attrs=None):
        super().__init__(attrs)
        self.choices_func = choices_func

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["list"] = f"{context['widget']['attrs']['id']}-options"
        context["widget"]["options"] = self.choices_func()
        return context


class EnterpriseForm(ScopedModelForm):
    class Meta:
        widgets = {
            "established_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "industry_code": DatalistInput(industry_choices),
        }

    def clean_industry_code(self):
        return (self.cleaned_data.get("industry_code") or "").strip().upper()

    def clean_credit_code(self):
        return (self.cleaned_data.get("credit_code") or "").strip().upper()


class ChainMemberForm(ScopedModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chain"].queryset = IndustryChain.objects.editable_by(self.user)  # type: ignore[attr-defined]  # a model choice field
        self.fields["enterprise"].queryset = Enterprise.objects.editable_by(  # type: ignore[attr-defined]  # a model choice field
            self.user
        ).select_related("zone")


class UserForm(forms.ModelForm):
    password = forms.CharField(
        label=_("new password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the current password."),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "phone",
            "role",
            "region",
            "zones",
            "enterprise",
            "is_active",
        ]

    def __init__(self, *args, actor, **kwargs):
        self.actor = actor
        super().__init__(*args, **kwargs)
        scope = scope_of(actor)
        # A user shared with zones the actor does not administer: only the
        # membership of the actor's own zones is offered (services.user_save).
        self.membership_only = bool(zones_beyond_reach(actor, self.instance))
        if self.membership_only:
            for name in list(self.fields):
                if name != "zones":
                    del self.fields[name]
            self.fields["zones"].queryset = creatable_zones(actor).order_by("name")  # type: ignore[attr-defined]  # a model choice field
            self.fields["zones"].help_text = _(
                "Their zones you do not administer are kept as they are."
            )
            return
        self.fields["role"].choices = [("", "---------"), *assignable_roles(actor)]  # type: ignore[attr-defined]  # a choice field
        self.fields["role"].required = True
        self.fields["zones"].queryset = creatable_zones(actor).order_by("name")  # type: ignore[attr-defined]  # a model choice field
        self.fields["enterprise"].queryset = (  # type: ignore[attr-defined]  # a model choice field
            Enterprise.objects.all()
            if scope.is_platform_admin
            else Enterprise.objects.filter(zone__in=scope.zone_ids)
        ).select_related("zone")
        self.fields["region"].queryset = Region.objects.exclude(level="county")  # type: ignore[attr-defined]  # a model choice field
        if not scope.is_platform_admin:
            del self.fields["region"]

    def clean_password(self):
        from django.contrib.auth.password_validation import validate_password

        password = self.cleaned_data.get("password")
        if password:
            validate_password(password, self.instance)
        return password

    def clean(self):
        data = super().clean()
        assert data is not None  # a model form's clean gives its cleaned_data
        if self.membership_only:
            # Anything but the zones sent for a shared user is refused, not ignored.
            if any(self.data.get(name) for name in self.Meta.fields if name != "zones") or (
                self.data.get("password")
            ):
                raise ValidationError(shared_user_refusal(), code="shared_user")
            return data
        role = data.get("role")
        if role == Role.REGION_VIEWER and not data.get("region"):
            self.add_error("region", _("A viewer needs the region it may read."))
        if role in (Role.ZONE_ADMIN, Role.ZONE_STAFF) and not data.get("zones"):
            self.add_error("zones", _("Zone admins and staff need at least one zone."))
        if role == Role.ENTERPRISE and not data.get("enterprise"):
            self.add_error("enterprise", _("An enterprise user needs its enterprise."))
        return data


class LoginThrottleMixin:
    """Refuses a login for a while after repeated failures for the user name or
    from the client's address, before the password is even checked. Every
    login form (the site's, django-admin's) uses it: failures on either count
    against both."""

    throttled_message = _("Too many failed logins. Please wait %(minutes)s minutes and try again.")
    # Given by the login form this is mixed into.
    cleaned_data: dict[str, Any]
    request: HttpRequest | None

    def clean(self):
        from django.conf import settings

        username = self.cleaned_data.get("username") or ""
        if login_is_throttled(username=username, ip=client_ip(self.request)):
            raise ValidationError(
                self.throttled_message,
                code="throttled",
                params={"minutes": settings.LOGIN_FAILURE_WINDOW_MINUTES},
            )
        return super().clean()  # type: ignore[misc]  # mixed in before a form


class ThrottledAuthenticationForm(LoginThrottleMixin, AuthenticationForm):
    """The site's login form."""


class ThrottledAdminAuthenticationForm(LoginThrottleMixin, AdminAuthenticationForm):
    """django-admin's login form."""


class ImportForm(forms.Form):
    file = forms.FileField(label=_("file (.xlsx or .csv)"))


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("token name"), max_length=60)


def manageable_user_or_404(actor, pk):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(manageable_users(actor), pk=pk)
