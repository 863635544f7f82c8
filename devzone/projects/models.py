"""Investment projects: phases, stages, responsible leader (包联) and agent
(代办), and the cumulative investment each project reports every month."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from devzone.core.models import Enterprise, IndustryChain, TrackedModel, Voidable, Zone
from devzone.core.scoping import ZONE_ADMIN_ROLE, ZONE_ROLES, ScopeRule
from devzone.core.validators import validate_industry_code, validate_phone


def new_notice_code() -> str:
    """An unguessable code for a notice board's public address and QR code."""
    return secrets.token_urlsafe(8)[:10]


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
    # A project a published report states (the seed's 火山云太行算力中心): the
    # report and its sentence, shown on the project's pages where a sample
    # project shows the 示例 mark; its invented details are in sample_fields.
    source_note = models.CharField(
        _("source note"),
        max_length=300,
        blank=True,
        editable=False,
        help_text=_("The published report that states this project, and its sentence."),
    )
    baseline_saved_on = models.DateField(
        _("baseline saved on"), null=True, blank=True, editable=False
    )
    notice_board = models.BooleanField(
        _("public notice board (公示牌)"),
        default=True,
        help_text=_("Publish the project's notice board, readable without login."),
    )
    notice_code = models.CharField(
        _("notice-board code"),
        max_length=12,
        unique=True,
        default=new_notice_code,
        editable=False,
    )

    # The leader (包联领导) is one of the zone's leadership, a zone admin; the
    # agent (代办员) any of its admins or staff.
    scope_rule = ScopeRule(
        zone_path="zone",
        enterprise_path="enterprises",
        assignees=(("leader", ZONE_ADMIN_ROLE), ("agent", ZONE_ROLES)),
    )

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

    @property
    def start_day(self) -> date | None:
        """The day work started, else the day it is expected to: where the
        schedule's forward pass starts, and the start the public is shown."""
        return self.started_on or self.expected_start

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

    scope_rule = ScopeRule(
        zone_path="project__zone",
        enterprise_path="project__enterprises",
        assignees=(("owner", ZONE_ROLES),),
    )

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


class ScheduleTask(TrackedModel):
    """One task of a project's schedule (工期任务). The schedule's dates are
    computed (``services.compute_schedule``); the baseline is a saved copy of
    them; actual dates and percent complete are reported."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        LATE = "late", _("Late")
        DONE = "done", _("Done")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="tasks"
    )
    name = models.CharField(_("task"), max_length=120)
    duration = models.PositiveIntegerField(
        _("duration (days)"),
        validators=[MaxValueValidator(3650)],
        help_text=_("0 for a milestone."),
    )
    working_days = models.BooleanField(
        _("working days"),
        default=False,
        help_text=_("Count the duration in working days of China's official calendar."),
    )
    earliest_start = models.DateField(_("earliest start"), null=True, blank=True, editable=False)
    earliest_finish = models.DateField(_("earliest finish"), null=True, blank=True, editable=False)
    latest_start = models.DateField(_("latest start"), null=True, blank=True, editable=False)
    latest_finish = models.DateField(_("latest finish"), null=True, blank=True, editable=False)
    slack = models.IntegerField(_("slack (days)"), null=True, blank=True, editable=False)
    critical = models.BooleanField(_("on the critical path"), default=False, editable=False)
    baseline_start = models.DateField(_("baseline start"), null=True, blank=True, editable=False)
    baseline_finish = models.DateField(_("baseline finish"), null=True, blank=True, editable=False)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_finish = models.DateField(_("actual finish"), null=True, blank=True)
    marks_stage = models.CharField(
        _("when done, the project is"),
        max_length=12,
        choices=Project.Stage.choices,
        blank=True,
        help_text=_(
            "A milestone such as 竣工验收 or 投产运营: when it is done, the project moves to this stage."
        ),
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), default=0, validators=[MaxValueValidator(100)]
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.NOT_STARTED,
        editable=False,
    )
    status_since = models.DateField(_("status since"), null=True, blank=True, editable=False)

    scope_rule = ScopeRule(zone_path="project__zone", enterprise_path="project__enterprises")

    class Meta:
        verbose_name = _("schedule task (工期任务)")
        verbose_name_plural = _("schedule tasks")
        ordering = ["project_id", "earliest_start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="task_unique_name_in_project")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:task_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.actual_finish and not self.actual_start:
            errors["actual_start"] = _("A finished task has a start day.")
        if self.actual_finish and self.actual_start and self.actual_finish < self.actual_start:
            errors["actual_finish"] = _("This date comes before the %(field)s.") % {
                "field": self._meta.get_field("actual_start").verbose_name
            }
        if self.actual_finish and self.percent_complete != 100:
            errors["percent_complete"] = _("A finished task is 100 percent complete.")
        if self.percent_complete == 100 and not self.actual_finish:
            errors["actual_finish"] = _("Give the day the task finished.")
        if self.percent_complete and not self.actual_start:
            errors["actual_start"] = _("A task under way has a start day.")
        if errors:
            raise ValidationError(errors)

    @property
    def planned_start(self):
        return self.baseline_start or self.earliest_start

    @property
    def planned_finish(self):
        return self.baseline_finish or self.earliest_finish


class TaskDependency(TrackedModel):
    """The later task starts after the earlier one finishes, plus a lag (finish-to-start)."""

    before = models.ForeignKey(
        ScheduleTask,
        verbose_name=_("earlier task"),
        on_delete=models.CASCADE,
        related_name="successor_links",
    )
    after = models.ForeignKey(
        ScheduleTask,
        verbose_name=_("later task"),
        on_delete=models.CASCADE,
        related_name="predecessor_links",
    )
    lag = models.PositiveIntegerField(
        _("lag (days)"), default=0, validators=[MaxValueValidator(3650)]
    )

    scope_rule = ScopeRule(
        zone_path="after__project__zone", enterprise_path="after__project__enterprises"
    )

    class Meta:
        verbose_name = _("task dependency (前后置关系)")
        verbose_name_plural = _("task dependencies")
        ordering = ["after__project_id", "before__earliest_start"]
        constraints = [
            models.UniqueConstraint(fields=["before", "after"], name="dependency_unique_pair")
        ]

    def __str__(self) -> str:
        lag = f" +{self.lag}" if self.lag else ""
        return f"{self.before} → {self.after}{lag}"

    def get_absolute_url(self) -> str:
        return reverse("projects:dependency_detail", args=[self.pk])

    def clean(self):
        if self.before_id and self.after_id:
            if self.before_id == self.after_id:
                raise ValidationError({"after": _("A task cannot depend on itself.")})
            if self.before.project_id != self.after.project_id:
                raise ValidationError({"after": _("Both tasks must be of the same project.")})


class NoticeFeedback(Voidable, TrackedModel):
    """What a member of the public wrote on a project's notice board (公示牌留言)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="feedback"
    )
    name = models.CharField(_("name"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    message = models.TextField(_("message"), max_length=2000)
    ip_address = models.GenericIPAddressField(
        _("IP address"), null=True, blank=True, editable=False
    )
    handled = models.BooleanField(_("handled"), default=False)
    response = models.TextField(_("response"), blank=True)

    # Written by the public through the notice board only; read by the zone's staff.
    scope_rule = ScopeRule(zone_path="project__zone", create_roles=frozenset())

    class Meta:
        verbose_name = _("notice-board feedback (公示牌留言)")
        verbose_name_plural = _("notice-board feedback")
        ordering = ["handled", "-created_at"]

    def __str__(self) -> str:
        return (
            f"{self.project} · {self.created_at:%Y-%m-%d}" if self.created_at else str(self.project)
        )

    def get_absolute_url(self) -> str:
        return reverse("projects:feedback_detail", args=[self.pk])


class Lead(TrackedModel):
    """An investment-promotion lead (招商线索), from first contact to a project on the ground."""

    class Stage(models.TextChoices):
        CONTACT = "contact", _("First contact (接触)")
        NEGOTIATING = "negotiating", _("Negotiating (洽谈)")
        SIGNED = "signed", _("Signed (签约)")
        LANDED = "landed", _("Landed (落地)")

    class SourceRegion(models.TextChoices):
        YANGTZE_DELTA = "yangtze_delta", _("Yangtze River Delta (长三角)")
        GREATER_BAY = "greater_bay", _("Guangdong–Hong Kong–Macao Greater Bay Area (粤港澳大湾区)")
        JING_JIN_JI = "jing_jin_ji", _("Beijing–Tianjin–Hebei (京津冀)")
        CHENG_YU = "cheng_yu", _("Chengdu–Chongqing (成渝)")
        CENTRAL = "central", _("Central China (中部)")
        NORTHEAST = "northeast", _("Northeast (东北)")
        WEST = "west", _("Western China (西部)")
        LOCAL = "local", _("Within the province (省内)")
        ABROAD = "abroad", _("Abroad (境外)")

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="leads"
    )
    investor = models.CharField(_("investor"), max_length=120)
    project_name = models.CharField(_("intended project"), max_length=120)
    source_region = models.CharField(
        _("source region"), max_length=16, choices=SourceRegion.choices
    )
    direction = models.CharField(_("investment direction (招商方向)"), max_length=50, blank=True)
    chain = models.ForeignKey(
        IndustryChain,
        verbose_name=_("target industry chain"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    planned_investment = models.DecimalField(
        _("intended investment (元)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.CONTACT
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_leads",
    )
    first_contact_on = models.DateField(_("first contact on"), default=date.today)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    landed_on = models.DateField(_("landed on"), null=True, blank=True)
    project = models.OneToOneField(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lead",
        editable=False,
    )
    description = models.TextField(_("description"), blank=True)

    scope_rule = ScopeRule(zone_path="zone", assignees=(("owner", ZONE_ROLES),))

    class Meta:
        verbose_name = _("investment lead (招商线索)")
        verbose_name_plural = _("investment leads")
        ordering = ["zone_id", "-first_contact_on", "investor"]

    def __str__(self) -> str:
        return f"{self.investor} · {self.project_name}"

    def get_absolute_url(self) -> str:
        return reverse("projects:lead_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.chain_id and self.zone_id and self.chain.zone_id != self.zone_id:
            errors["chain"] = _("The industry chain must be of the same zone.")
        if self.stage in (self.Stage.SIGNED, self.Stage.LANDED) and not self.signed_on:
            errors["signed_on"] = _("Give the day the agreement was signed.")
        if self.stage == self.Stage.LANDED and not self.landed_on:
            errors["landed_on"] = _("Give the day the project landed.")
        for later, earlier in (("signed_on", "first_contact_on"), ("landed_on", "signed_on")):
            a, b = getattr(self, later), getattr(self, earlier)
            if a and b and a < b:
                errors[later] = _("This date comes before the %(field)s.") % {
                    "field": self._meta.get_field(earlier).verbose_name
                }
        if errors:
            raise ValidationError(errors)


class LeadFollowUp(TrackedModel):
    """One contact with the investor (跟进记录)."""

    lead = models.ForeignKey(
        Lead, verbose_name=_("lead"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    happened_on = models.DateField(_("date"), default=date.today)
    note = models.TextField(_("what was done"))

    scope_rule = ScopeRule(zone_path="lead__zone")

    class Meta:
        verbose_name = _("lead follow-up (线索跟进)")
        verbose_name_plural = _("lead follow-ups")
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.happened_on} · {self.note[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("projects:leadfollowup_detail", args=[self.pk])
