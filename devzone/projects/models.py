"""Investment projects: phases, stages, responsible leader (包联) and agent
(代办), and the cumulative investment each project reports every month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from devzone.core.models import Enterprise, IndustryChain, TrackedModel, Zone
from devzone.core.scoping import ScopeRule
from devzone.core.validators import validate_industry_code


class Project(TrackedModel):
    class Stage(models.TextChoices):
        NEGOTIATING = "negotiating", _("Negotiating (在谈)")
        SIGNED = "signed", _("Signed (签约)")
        STARTED = "started", _("Started (开工)")
        BUILDING = "building", _("Under construction (在建)")
        COMPLETED = "completed", _("Completed (竣工)")
        OPERATING = "operating", _("In production or operation (投产/运营)")

    class KeyLevel(models.TextChoices):
        NONE = "", _("Not a key project")
        PROVINCE = "province", _("Provincial key project (省重点)")
        CITY = "city", _("City key project (市重点)")
        COUNTY = "county", _("County key project (县重点)")

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="projects"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("phase of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="phases",
    )
    name = models.CharField(_("name"), max_length=120)
    enterprises = models.ManyToManyField(
        Enterprise, verbose_name=_("enterprises"), blank=True, related_name="projects"
    )
    industry_code = models.CharField(
        _("industry (GB/T 4754)"), max_length=5, blank=True, validators=[validate_industry_code]
    )
    chain = models.ForeignKey(
        IndustryChain,
        verbose_name=_("industry chain"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    industrial = models.BooleanField(
        _("industrial project"),
        default=True,
        help_text=_("Its investment counts as industrial investment (工业投资)."),
    )
    planned_investment = models.DecimalField(
        _("planned total investment (元)"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.NEGOTIATING
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    operating_on = models.DateField(_("in operation on"), null=True, blank=True)
    key_level = models.CharField(
        _("key-project level"), max_length=10, choices=KeyLevel.choices, blank=True
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible leader (包联领导)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_projects",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent (代办员)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agent_projects",
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    land_area_mu = models.DecimalField(
        _("land (亩)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    expected_start = models.DateField(_("expected start"), null=True, blank=True)
    expected_operation = models.DateField(_("expected operation"), null=True, blank=True)
    expected_annual_output = models.DecimalField(
        _("expected annual output (元)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    actual_annual_output = models.DecimalField(
        _("actual annual output (元)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    description = models.TextField(_("description"), blank=True)

    scope_rule = ScopeRule(zone_path="zone", enterprise_path="enterprises")

    class Meta:
        verbose_name = _("project (项目)")
        verbose_name_plural = _("projects")
        ordering = ["zone_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="project_unique_name_in_zone")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.parent_id:
            if self.parent_id == self.pk:
                errors["parent"] = _("A project cannot be a phase of itself.")
            elif self.zone_id and self.parent.zone_id != self.zone_id:
                errors["parent"] = _("A phase belongs to its project's zone.")
            elif self.parent.parent_id:
                errors["parent"] = _("Phases have one level: choose the project itself.")
        if self.chain_id and self.zone_id and self.chain.zone_id != self.zone_id:
            errors["chain"] = _("The industry chain must be of the same zone.")
        for later, earlier in (
            ("started_on", "signed_on"),
            ("completed_on", "started_on"),
            ("operating_on", "started_on"),
        ):
            a, b = getattr(self, later), getattr(self, earlier)
            if a and b and a < b:
                errors[later] = _("This date comes before the %(field)s.") % {
                    "field": self._meta.get_field(earlier).verbose_name
                }
        if errors:
            raise ValidationError(errors)


class ProjectInvestment(TrackedModel):
    """The investment a project has completed since January (累计完成投资), as reported for a month."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="investments"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    cumulative = models.DecimalField(
        _("investment completed this year (元)"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    scope_rule = ScopeRule(zone_path="project__zone", enterprise_path="project__enterprises")

    class Meta:
        verbose_name = _("reported investment (项目投资)")
        verbose_name_plural = _("reported investments")
        ordering = ["-year", "-month", "project__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "month"], name="project_investment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.year}-{self.month:02d}"

    def get_absolute_url(self) -> str:
        return reverse("projects:investment_detail", args=[self.pk])


class Problem(TrackedModel):
    """A problem a project meets (问题清单), followed until it is closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("Being solved")
        CLOSED = "closed", _("Closed")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="problems"
    )
    title = models.CharField(_("problem"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_problems",
    )
    department = models.CharField(_("department"), max_length=100, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    raised_on = models.DateField(_("raised on"), default=date.today)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    scope_rule = ScopeRule(zone_path="project__zone", enterprise_path="project__enterprises")

    class Meta:
        verbose_name = _("problem (问题)")
        verbose_name_plural = _("problems")
        ordering = ["status", "raised_on"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:problem_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.status == self.Status.CLOSED and not self.closed_on:
            errors["closed_on"] = _("Give the day the problem was closed.")
        if self.status != self.Status.CLOSED and self.closed_on:
            errors["closed_on"] = _("Only a closed problem has a closing day.")
        if self.closed_on and self.raised_on and self.closed_on < self.raised_on:
            errors["closed_on"] = _("This date comes before the %(field)s.") % {
                "field": self._meta.get_field("raised_on").verbose_name
            }
        if errors:
            raise ValidationError(errors)

    @property
    def age_days(self) -> int:
        end = self.closed_on or date.today()
        return (end - self.raised_on).days

    @property
    def overdue(self) -> bool:
        return (
            self.status != self.Status.CLOSED
            and self.deadline is not None
            and self.deadline < date.today()
        )


class ProblemFollowUp(TrackedModel):
    """One step taken on a problem (跟进记录)."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    happened_on = models.DateField(_("date"), default=date.today)
    note = models.TextField(_("what was done"))

    scope_rule = ScopeRule(
        zone_path="problem__project__zone", enterprise_path="problem__project__enterprises"
    )

    class Meta:
        verbose_name = _("follow-up (跟进)")
        verbose_name_plural = _("follow-ups")
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.problem} · {self.happened_on}"

    def get_absolute_url(self) -> str:
        return reverse("projects:followup_detail", args=[self.pk])
