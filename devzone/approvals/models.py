"""The approval service (承诺制审批 "一本制", "五个一" 全代办): the catalogue of
approval items, what a zone's regional assessment covers, each project's
items with their mode, dates, agent and documents, and the templates of the
commitment letter and the notice."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.core.models import TrackedModel, Zone
from devzone.core.money import to_wan
from devzone.core.scoping import ZONE_ROLES, Role, ScopeRule
from devzone.projects.models import Project

from .figures import Mode, Status, apply_figures
from .placeholders import template_errors

ADMIN_ONLY = frozenset({Role.PLATFORM_ADMIN})
ADMINS = frozenset({Role.PLATFORM_ADMIN, Role.ZONE_ADMIN})


class ApprovalItem(TrackedModel):
    """An approval a project may need (审批事项), with its statutory time limit and
    the usual fee of preparing its documents. Platform-wide reference data."""

    class Stage(models.TextChoices):
        PROJECT = "project", _("Project approval and land (立项用地规划许可)")
        ENGINEERING = "engineering", _("Engineering permits (工程建设许可)")
        CONSTRUCTION = "construction", _("Construction permit (施工许可)")
        ASSESSMENT = "assessment", _("Assessments (评估评价)")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    department = models.CharField(_("department"), max_length=100)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    statutory_days = models.PositiveSmallIntegerField(
        _("statutory time limit (working days)"),
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    usual_fee = models.DecimalField(
        _("usual document-preparation fee (元)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("What preparing its report or documents usually costs; empty if nothing."),
    )
    regional_coverable = models.BooleanField(
        _("a regional assessment may cover it (多评合一)"), default=False
    )
    commitment_allowed = models.BooleanField(_("commitment-based allowed (承诺制)"), default=True)
    standard = models.TextField(
        _("standard set by the government (审批标准)"),
        blank=True,
        help_text=_("What the enterprise commits to; the default of each project's commitment."),
    )
    basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Where the figures come from; 示例 marks sample figures."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    scope_rule = ScopeRule(
        zone_path="",
        create_roles=ADMIN_ONLY,
        change_roles=ADMIN_ONLY,
        delete_roles=ADMIN_ONLY,
        readable_by_all_users=True,
    )

    class Meta:
        verbose_name = _("approval item (审批事项)")
        verbose_name_plural = _("approval items")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("approvals:item_detail", args=[self.pk])


class RegionalCoverage(TrackedModel):
    """An item a zone's completed regional assessment (区域评估, 多评合一) covers:
    its projects need no application and no document of their own for it."""

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="approval_coverage"
    )
    item = models.ForeignKey(
        ApprovalItem,
        verbose_name=_("approval item"),
        on_delete=models.PROTECT,
        related_name="coverage",
    )
    completed_on = models.DateField(_("regional assessment completed on"))
    reference = models.CharField(_("document number (文号)"), max_length=100, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    scope_rule = ScopeRule(zone_path="zone")

    class Meta:
        verbose_name = _("regional assessment coverage (区域评估)")
        verbose_name_plural = _("regional assessment coverage")
        ordering = ["zone_id", "item__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "item"], name="coverage_unique_item_in_zone")
        ]

    def __str__(self) -> str:
        return f"{self.zone.short_name or self.zone} · {self.item}"

    def get_absolute_url(self) -> str:
        return reverse("approvals:coverage_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.item_id and not self.item.regional_coverable:
            errors["item"] = _("A regional assessment cannot cover “%(item)s”.") % {
                "item": self.item
            }
        if self.completed_on and self.completed_on > timezone.localdate():
            errors["completed_on"] = _("This date is in the future.")
        if self.valid_until and self.completed_on and self.valid_until < self.completed_on:
            errors["valid_until"] = _("This date comes before the %(field)s.") % {
                "field": self._meta.get_field("completed_on").verbose_name
            }
        if errors:
            raise ValidationError(errors)

    def delete(self, *args, **kwargs):
        relying = ProjectApproval.objects.filter(
            mode=ProjectApproval.Mode.REGIONAL, project__zone_id=self.zone_id, item_id=self.item_id
        )
        names = list(relying.values_list("project__name", flat=True)[:5])
        if names:
            raise ValidationError(
                _("Projects rely on this coverage: %(names)s. Change their items' mode first.")
                % {"names": "、".join(names)}
            )
        return super().delete(*args, **kwargs)


class ProjectApproval(TrackedModel):
    """An approval item a project needs, how it is handled (mode), its dates,
    its agent (代办员) and what it saved. ``status``, ``due_on``, ``days_taken``,
    ``days_saved`` and ``fee_saved`` are computed on every save
    (``figures.item_figures`` defines them)."""

    Mode = Mode
    Status = Status

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="approvals"
    )
    item = models.ForeignKey(
        ApprovalItem,
        verbose_name=_("approval item"),
        on_delete=models.PROTECT,
        related_name="project_approvals",
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.COMMITMENT)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    approved_on = models.DateField(
        _("approved on"),
        null=True,
        blank=True,
        help_text=_(
            "For an item the regional assessment covers: the day the coverage was confirmed."
        ),
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent (代办员)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approval_items",
        help_text=_("Empty: the project's agent."),
    )
    commitment = models.TextField(
        _("commitment (承诺内容)"),
        blank=True,
        help_text=_("What the enterprise commits to; empty: the item's standard."),
    )
    reference = models.CharField(_("approval number (批复文号)"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.PLANNED,
        editable=False,
    )
    due_on = models.DateField(_("statutory deadline"), null=True, blank=True, editable=False)
    days_taken = models.PositiveIntegerField(
        _("working days taken"), null=True, blank=True, editable=False
    )
    days_saved = models.PositiveIntegerField(_("working days saved"), default=0, editable=False)
    fee_saved = models.DecimalField(
        _("fee saved (元)"), max_digits=18, decimal_places=2, default=0, editable=False
    )

    scope_rule = ScopeRule(
        zone_path="project__zone",
        enterprise_path="project__enterprises",
        assignees=(("agent", ZONE_ROLES),),
    )
    # A new agent is told (``services.notify_new_agent``).
    watched = ("agent_id",)

    class Meta:
        verbose_name = _("project approval item (项目审批事项)")
        verbose_name_plural = _("project approval items")
        ordering = ["project_id", "item__sort_order", "item__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "item"], name="approval_unique_item")
        ]
        indexes = [
            models.Index(fields=["agent", "status"]),
            models.Index(fields=["status", "approved_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.item}"

    def get_absolute_url(self) -> str:
        return reverse("approvals:projectitem_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        if self.agent_id is None and self.project_id is not None:
            self.agent_id = self.project.agent_id
        apply_figures(self)
        super().save(*args, **kwargs)

    def clean(self):
        errors: dict[str, str] = {}
        today = timezone.localdate()
        for name in ("applied_on", "approved_on"):
            day = getattr(self, name)
            if day and day > today:
                errors[name] = _("This date is in the future.")
        if self.applied_on and self.approved_on and self.approved_on < self.applied_on:
            errors["approved_on"] = _("This date comes before the %(field)s.") % {
                "field": self._meta.get_field("applied_on").verbose_name
            }
        if (
            self.approved_on
            and not self.applied_on
            and self.mode != self.Mode.REGIONAL
            and "approved_on" not in errors
        ):
            errors["applied_on"] = _("Give the day it was applied for.")
        if self.item_id:
            item = self.item
            if self.mode == self.Mode.COMMITMENT and not item.commitment_allowed:
                errors["mode"] = _("“%(item)s” cannot be approved on commitment.") % {"item": item}
            elif self.mode == self.Mode.GOVERNMENT_PAID and item.usual_fee is None:
                errors["mode"] = _(
                    "“%(item)s” has no document-preparation fee for the government to pay."
                ) % {"item": item}
            elif self.mode == self.Mode.REGIONAL:
                self._clean_regional(item, errors)
        if self.agent_id and self.project_id:
            agent = self.agent
            if not (
                agent.is_active
                and agent.role in (Role.ZONE_ADMIN, Role.ZONE_STAFF)
                and agent.zones.filter(pk=self.project.zone_id).exists()
            ):
                errors["agent"] = _("The agent must be a member of the project's zone.")
        if errors:
            raise ValidationError(errors)

    def _clean_regional(self, item, errors) -> None:
        if not item.regional_coverable:
            errors["mode"] = _("A regional assessment cannot cover “%(item)s”.") % {"item": item}
            return
        if not self.project_id:
            return
        coverage = RegionalCoverage.objects.filter(zone_id=self.project.zone_id, item=item).first()
        if coverage is None:
            errors["mode"] = _(
                "The zone's regional assessment does not cover “%(item)s”: add it to the "
                "regional assessment coverage first."
            ) % {"item": item}
        elif self.approved_on and self.approved_on < coverage.completed_on:
            errors["approved_on"] = _("The regional assessment was completed only on %(day)s.") % {
                "day": coverage.completed_on
            }

    @property
    def fee_saved_wan(self):
        return to_wan(self.fee_saved)

    @property
    def commitment_text(self) -> str:
        return self.commitment or self.item.standard

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.DONE


class ApprovalDocument(TrackedModel):
    """A file kept with a project's approval item: application material, the
    signed commitment letter, the approval document… Stored under MEDIA_ROOT
    and served only through the scoped download page."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("Application material (申请材料)")
        COMMITMENT = "commitment", _("Signed commitment letter (承诺书)")
        NOTICE = "notice", _("Notice (告知书)")
        DECISION = "decision", _("Approval document (批复文件)")
        OTHER = "other", _("Other document")

    approval = models.ForeignKey(
        ProjectApproval,
        verbose_name=_("project approval item"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="approvals/%Y/%m/", max_length=255)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)

    scope_rule = ScopeRule(
        zone_path="approval__project__zone", enterprise_path="approval__project__enterprises"
    )

    class Meta:
        verbose_name = _("approval document (审批材料)")
        verbose_name_plural = _("approval documents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("approvals:document_detail", args=[self.pk])


class DocumentTemplate(TrackedModel):
    """The text of the commitment letter (承诺书) or the notice (告知书), with
    placeholders such as {企业名称}. A zone's own template replaces the
    platform's (no zone) for its projects."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", _("Commitment letter (承诺书)")
        NOTICE = "notice", _("Notice (告知书)")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    zone = models.ForeignKey(
        Zone,
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="approval_templates",
        help_text=_("Empty: the platform's template, for zones without their own."),
    )
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"))

    scope_rule = ScopeRule(
        zone_path="zone",
        create_roles=ADMINS,
        change_roles=ADMINS,
        delete_roles=ADMINS,
        published=Q(zone__isnull=True),
    )

    class Meta:
        verbose_name = _("document template (文书模板)")
        verbose_name_plural = _("document templates")
        ordering = ["kind", "zone_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "zone"],
                condition=Q(zone__isnull=False),
                name="template_unique_kind_in_zone",
                violation_error_message=_("The zone has a template of this kind already."),
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(zone__isnull=True),
                name="template_unique_platform_kind",
                violation_error_message=_("The platform has a template of this kind already."),
            ),
        ]

    def __str__(self) -> str:
        owner = self.zone.short_name if self.zone_id else _("platform")
        return f"{self.get_kind_display()} · {owner}"

    def get_absolute_url(self) -> str:
        return reverse("approvals:template_detail", args=[self.pk])

    def clean(self):
        errors = {
            name: messages
            for name in ("title", "body")
            if (messages := template_errors(getattr(self, name)))
        }
        if errors:
            raise ValidationError(errors)
