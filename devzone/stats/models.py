"""Economic monitoring: the indicator catalogue, zone and enterprise reports by
period, annual targets."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from devzone.core.models import ADMIN_ONLY, Enterprise, TrackedModel, Zone
from devzone.core.scoping import ZONE_ROLES, Role, ScopeRule

from . import audit
from .facts import FACTS


class Indicator(TrackedModel):
    """An indicator of the catalogue (指标), e.g. 规模以上工业增加值."""

    class Kind(models.TextChoices):
        FLOW = "flow", _("Flow (cumulative 1–N months)")
        STOCK = "stock", _("Stock (as of month end)")

    class Better(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Unit(models.TextChoices):
        YUAN = "yuan", _("yuan (元)")
        COUNT = "count", _("count (个)")
        PERSON = "person", _("persons (人)")
        PERSON_TIME = "person_time", _("person-times (人次)")
        USD = "usd", _("US dollars (美元)")
        KWH = "kwh", _("kilowatt-hours (千瓦时)")
        MU = "mu", _("mu (亩)")
        TCE_PER_10K_YUAN = "tce", _("tonnes of standard coal per 10,000 yuan (吨标准煤/万元)")

    class Display(models.TextChoices):
        # (divisor, label)
        ONE = "1", _("as stored")
        TEN_THOUSAND = "10000", _("ten thousands (万)")
        HUNDRED_MILLION = "100000000", _("hundred millions (亿)")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    display = models.CharField(
        _("shown in"), max_length=10, choices=Display.choices, default=Display.ONE
    )
    kind = models.CharField(_("flow or stock"), max_length=6, choices=Kind.choices)
    decimals = models.PositiveSmallIntegerField(
        _("decimals shown"), default=2, validators=[MaxValueValidator(4)]
    )
    better = models.CharField(
        _("better direction"), max_length=6, choices=Better.choices, default=Better.HIGHER
    )
    january_reported = models.BooleanField(
        _("January reported on its own"),
        default=True,
        help_text=_(
            "Off for investment surveys, whose first figure of a year is January–February."
        ),
    )
    enterprise_level = models.BooleanField(_("reported by enterprises"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    scope_rule = ScopeRule(
        zone_path="",
        create_roles=ADMIN_ONLY,
        change_roles=ADMIN_ONLY,
        delete_roles=ADMIN_ONLY,
        readable_by_all_users=True,
    )

    class Meta:
        verbose_name = _("indicator (指标)")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stats:indicator_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh

    @property
    def divisor(self) -> Decimal:
        return Decimal(self.display)

    @property
    def display_unit_zh(self) -> str:
        return self._unit_label(english=False)

    @property
    def display_unit(self) -> str:
        return self._unit_label(english=(get_language() or "").startswith("en"))

    def _unit_label(self, english: bool) -> str:
        prefix = {
            "1": "",
            "10000": "万" if not english else "10k ",
            "100000000": "亿" if not english else "100m ",
        }[self.display]
        base = {
            "yuan": ("元", "yuan"),
            "count": ("个", ""),
            "person": ("人", "persons"),
            "person_time": ("人次", "person-times"),
            "usd": ("美元", "USD"),
            "kwh": ("千瓦时", "kWh"),
            "mu": ("亩", "mu"),
            "tce": ("吨标准煤/万元", "tce per 10k yuan"),
        }[self.unit]
        return (prefix + base[1]).strip() if english else prefix + base[0]


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")


class Source(models.TextChoices):
    FORM = "form", _("Entry form")
    IMPORT = "import", _("Import")
    API = "api", _("API")
    INGEST = "ingest", _("Bulletin ingest")
    ROLLUP = "rollup", _("Roll-up")


class PeriodValue(TrackedModel):
    """A figure of one period: year and month (flows: cumulative Jan–month;
    stocks: as of the month's end) with the growth the report states."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    stated_growth = models.DecimalField(
        _("stated growth (%)"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Year-on-year growth as the report states it (the official figure)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.FORM
    )
    source_note = models.CharField(_("source note"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    def clean(self):
        errors = {}
        if self.value is not None and self.value < 0:
            errors["value"] = _("A total cannot be negative.")
        if self.stated_growth is not None and self.stated_growth < -100:
            errors["stated_growth"] = _("Growth cannot be below −100%.")
        if self.indicator_id and self.month == 1 and not self.indicator.january_reported:
            errors["month"] = _(
                "This indicator is first reported for January–February; enter it for month 2."
            )
        if errors:
            raise ValidationError(errors)


class IndicatorValue(PeriodValue):
    """A zone's figure for an indicator and period (开发区指标值)."""

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="indicator_values"
    )

    scope_rule = ScopeRule(
        zone_path="zone",
        change_roles=ZONE_ROLES,
        published=Q(status=ReportStatus.APPROVED),
        reviewable=Q(status=ReportStatus.SUBMITTED),
    )

    class Meta:
        verbose_name = _("indicator value (指标值)")
        verbose_name_plural = _("indicator values")
        ordering = ["-year", "-month", "zone_id", "indicator__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "indicator", "year", "month"], name="indicator_value_unique"
            )
        ]
        indexes = [
            models.Index(fields=["indicator", "year", "month", "status"], name="value_ranking_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.zone} · {self.indicator} · {self.year}-{self.month:02d}"

    def get_absolute_url(self) -> str:
        return reverse("stats:value_detail", args=[self.pk])


class EnterpriseReport(PeriodValue):
    """An enterprise's figure for an indicator and period (企业报表)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="reports"
    )

    scope_rule = ScopeRule(
        zone_path="enterprise__zone",
        enterprise_path="enterprise",
        create_roles=frozenset({*ZONE_ROLES, Role.ENTERPRISE}),
        change_roles=frozenset({*ZONE_ROLES, Role.ENTERPRISE}),
        delete_roles=ZONE_ROLES,
        # Approved: the zone corrects it with a reason, the enterprise no longer.
        locked=Q(status=ReportStatus.APPROVED),
    )

    class Meta:
        verbose_name = _("enterprise report (企业报表)")
        verbose_name_plural = _("enterprise reports")
        ordering = ["-year", "-month", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "indicator", "year", "month"], name="enterprise_report_unique"
            )
        ]
        indexes = [models.Index(fields=["indicator", "year", "month"], name="report_period_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.indicator} · {self.year}-{self.month:02d}"

    def get_absolute_url(self) -> str:
        return reverse("stats:report_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.indicator_id and not self.indicator.enterprise_level:
            raise ValidationError({"indicator": _("Enterprises do not report this indicator.")})


class AnnualTarget(TrackedModel):
    """A zone's target for an indicator in a year (年度目标)."""

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="targets"
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    target = models.DecimalField(
        _("target"), max_digits=20, decimal_places=4, validators=[MinValueValidator(Decimal("0"))]
    )

    scope_rule = ScopeRule(
        zone_path="zone",
        create_roles=frozenset({Role.ZONE_ADMIN}),
        change_roles=frozenset({Role.ZONE_ADMIN}),
        delete_roles=frozenset({Role.ZONE_ADMIN}),
    )

    class Meta:
        verbose_name = _("annual target (年度目标)")
        verbose_name_plural = _("annual targets")
        ordering = ["-year", "zone_id", "indicator__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "indicator", "year"], name="annual_target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.zone} · {self.indicator} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("stats:target_detail", args=[self.pk])


class AuditRule(TrackedModel):
    """An audit rule (审核关系) run on every zone report: hard rules
    (强制性审核) stop a report from being submitted; soft rules (核实性审核)
    let it be submitted with an explanation the approver reads."""

    class Severity(models.TextChoices):
        HARD = audit.HARD, _("Hard (强制性审核): the report cannot be submitted")
        SOFT = audit.SOFT, _("Soft (核实性审核): submitted with an explanation")

    class Kind(models.TextChoices):
        PART_LE_WHOLE = audit.PART_LE_WHOLE, _("Part not above its whole")
        RATIO_BAND = audit.RATIO_BAND, _("Ratio within a band (%)")
        CUMULATIVE_NOT_FALLING = audit.CUMULATIVE_NOT_FALLING, _("Cumulative figure never falls")
        GROWTH_MATCHES = audit.GROWTH_MATCHES, _("Stated growth near the computed growth")
        MONTH_CHANGE = audit.MONTH_CHANGE, _("Month within the zone's own history")
        FACT_MATCHES = audit.FACT_MATCHES, _("Figure equal to another source")
        FACT_LE_WHOLE = audit.FACT_LE_WHOLE, _("Another source not above the figure")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("check"), max_length=24, choices=Kind.choices)
    severity = models.CharField(_("severity"), max_length=4, choices=Severity.choices)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: every indicator the check applies to."),
    )
    other_indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("whole or denominator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lower = models.DecimalField(
        _("lower limit"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    upper = models.DecimalField(
        _("upper limit or tolerance"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    fact = models.CharField(
        _("other source"),
        max_length=40,
        blank=True,
        help_text=_("For checks against another source."),
    )
    message_zh = models.CharField(_("Chinese message"), max_length=300)
    message_en = models.CharField(_("English message"), max_length=300)
    is_active = models.BooleanField(_("in use"), default=True)

    scope_rule = ScopeRule(
        zone_path="",
        create_roles=ADMIN_ONLY,
        change_roles=ADMIN_ONLY,
        delete_roles=ADMIN_ONLY,
        readable_by_all_users=True,
    )

    class Meta:
        verbose_name = _("audit rule (审核关系)")
        verbose_name_plural = _("audit rules")
        ordering = ["severity", "code"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("stats:auditrule_detail", args=[self.pk])

    @property
    def message(self) -> str:
        return self.message_en if (get_language() or "").startswith("en") else self.message_zh

    def clean(self) -> None:
        needs_other = self.kind in (audit.PART_LE_WHOLE, audit.RATIO_BAND)
        needs_indicator = needs_other or self.kind in (audit.FACT_MATCHES, audit.FACT_LE_WHOLE)
        errors = {}
        if needs_indicator and self.indicator_id is None:
            errors["indicator"] = _("This check compares one indicator: choose it.")
        if needs_other and self.other_indicator_id is None:
            errors["other_indicator"] = _("This check needs the whole or the denominator.")
        if self.kind in (audit.FACT_MATCHES, audit.FACT_LE_WHOLE) and not self.fact:
            errors["fact"] = _("This check compares with another source: name it.")
        if self.fact and self.fact not in audit_facts():
            errors["fact"] = _("Unknown source; the sources are: %(names)s") % {
                "names": ", ".join(sorted(audit_facts()))
            }
        if errors:
            raise ValidationError(errors)

    def as_rule(self) -> audit.Rule:
        return audit.Rule(
            code=self.code,
            check=self.kind,
            severity=self.severity,
            indicator=self.indicator.code if self.indicator_id else None,
            other=self.other_indicator.code if self.other_indicator_id else None,
            lower=self.lower,
            upper=self.upper,
            fact=self.fact,
        )


def audit_facts() -> dict:
    """The other sources audit rules may compare with, registered by the apps
    that hold them (``facts.register_fact``)."""
    return FACTS


class AuditExplanation(TrackedModel):
    """Why a zone's figure breaks a soft rule (核实性审核说明), for the approver."""

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.CASCADE)
    rule = models.ForeignKey(AuditRule, verbose_name=_("audit rule"), on_delete=models.CASCADE)
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    text = models.TextField(_("explanation"))

    # The approver reads them, in the zone or in the region (STATS_APPROVAL_BY).
    scope_rule = ScopeRule(zone_path="zone", reviewable=Q(pk__isnull=False))

    class Meta:
        verbose_name = _("audit explanation (审核说明)")
        verbose_name_plural = _("audit explanations")
        ordering = ["-year", "-month", "zone_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "rule", "indicator", "year", "month"],
                name="audit_explanation_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.zone} · {self.rule} · {self.year}-{self.month:02d}"
