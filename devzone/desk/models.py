"""The 24-hour service desk (24小时服务热线): requests (诉求) from the hotline,
the web and the projects' notice boards, their categories with deadlines in
working days, the departments that handle them, the handling log and the
escalations of missed deadlines."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from devzone.core.models import Enterprise, TrackedModel, Voidable, Zone
from devzone.core.scoping import ZONE_ROLES, Role, ScopeRule, assignable_users
from devzone.core.validators import validate_phone

from .deadlines import DEADLINE_INPUTS, refresh_deadlines

ZONE_ADMIN_ONLY = frozenset({Role.ZONE_ADMIN})
SYSTEM_ONLY: frozenset[str] = frozenset()

# Tracking codes: no 0/O, 1/I/L, so a caller can read one out over the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12


def new_tracking_code() -> str:
    """An unguessable tracking code (31¹² ≈ 8 × 10¹⁷ codes), given with the phone number."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """A code as typed ("abcd-efgh-jkmn ") in its stored form ("ABCDEFGHJKMN")."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class Category(TrackedModel):
    """A kind of request and its deadlines in working days (诉求类别). The
    national catalogue (no zone) serves every zone; a zone may add its own, and
    its own with a national code replaces that one for the zone."""

    zone = models.ForeignKey(
        Zone,
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="desk_categories",
        help_text=_("Empty: the national catalogue, for every zone."),
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(
        _("English name"),
        max_length=120,
        blank=True,
        help_text=_("Shown on the English pages; empty: the Chinese name."),
    )
    confidential = models.BooleanField(
        _("complaint about officials"),
        default=False,
        help_text=_(
            "Business-environment complaints (吃拿卡要, 阻工扰工): only the zone admin reads them."
        ),
    )
    accept_days = models.PositiveSmallIntegerField(
        _("accept within (working days)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    answer_days = models.PositiveSmallIntegerField(
        _("answer within (working days)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    resolve_days = models.PositiveSmallIntegerField(
        _("resolve within (working days)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(250)],
    )
    complex_days = models.PositiveSmallIntegerField(
        _("complex cases resolved within (working days)"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(250)],
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("zone admin told after (working days)"),
        default=2,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "A missed deadline goes to the department head at once, and to the zone admin "
            "when the request is still overdue this many working days later."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    # The catalogue is public (the public form lists it); the platform admin
    # keeps the national one, a zone admin its zone's own.
    scope_rule = ScopeRule(
        zone_path="zone",
        create_roles=ZONE_ADMIN_ONLY,
        change_roles=ZONE_ADMIN_ONLY,
        delete_roles=ZONE_ADMIN_ONLY,
        public=Q(pk__isnull=False),  # every row (Q() would vanish when combined)
    )

    class Meta:
        verbose_name = _("request category (诉求类别)")
        verbose_name_plural = _("request categories")
        ordering = ["order", "code", "zone_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(zone__isnull=True), name="desk_category_national_code"
            ),
            models.UniqueConstraint(
                fields=["zone", "code"],
                condition=Q(zone__isnull=False),
                name="desk_category_zone_code",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the page's language: English where one was given."""
        english = (get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name

    def get_absolute_url(self) -> str:
        return reverse("desk:category_detail", args=[self.pk])

    def clean(self):
        errors = {}
        steps = [
            ("answer_days", "accept_days"),
            ("resolve_days", "answer_days"),
            ("complex_days", "resolve_days"),
        ]
        for later, earlier in steps:
            a, b = getattr(self, later), getattr(self, earlier)
            if a is not None and b is not None and a < b:
                errors[later] = _("This deadline cannot be shorter than “%(field)s”.") % {
                    "field": self._meta.get_field(earlier).verbose_name
                }
        # A zone's own category replaces the national one with its code: one
        # replacing a complaint category would otherwise open complaints about
        # officials to every zone member.
        if (
            self.zone_id is not None
            and not self.confidential
            and Category.objects.filter(zone=None, code=self.code, confidential=True).exists()
        ):
            errors["confidential"] = _(
                "The national category with this code is a complaint about officials: "
                "the zone's own stays confidential."
            )
        if errors:
            raise ValidationError(errors)

    def days_to_resolve(self, complex_case: bool) -> int:
        return self.complex_days if complex_case else self.resolve_days


class Department(TrackedModel):
    """A department of the management committee that handles requests (承办部门),
    with its head, to whom a missed deadline is escalated."""

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="desk_departments"
    )
    name = models.CharField(_("name"), max_length=60)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("department head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
    )
    phone = models.CharField(
        _("office phone"), max_length=20, blank=True, validators=[validate_phone]
    )

    scope_rule = ScopeRule(
        zone_path="zone",
        create_roles=ZONE_ADMIN_ONLY,
        change_roles=ZONE_ADMIN_ONLY,
        delete_roles=ZONE_ADMIN_ONLY,
        assignees=(("head", ZONE_ROLES),),
    )

    class Meta:
        verbose_name = _("department (承办部门)")
        verbose_name_plural = _("departments")
        ordering = ["zone_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="desk_department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("desk:department_detail", args=[self.pk])

    def clean(self):
        if self.head_id and self.zone_id and not works_in_zone(self.head, self.zone_id):
            raise ValidationError(
                {"head": _("The head must be an admin or staff member of the same zone.")}
            )


def works_in_zone(user, zone_id: int) -> bool:
    return user is not None and assignable_users(zone_id).filter(pk=user.pk).exists()


class ServiceRequest(Voidable, TrackedModel):
    """A request (诉求) to the zone's 24-hour service desk, from receipt to the
    requester's rating. Its deadlines are stored when it is received (or
    reopened), so the escalation scan is a range query."""

    class Channel(models.TextChoices):
        HOTLINE = "hotline", _("Hotline (热线电话)")
        WEB = "web", _("Web (网上诉求)")
        NOTICE_BOARD = "notice_board", _("Notice board (公示牌)")

    class Priority(models.TextChoices):
        NORMAL = "normal", _("Normal (一般)")
        HIGH = "high", _("High (较急)")
        URGENT = "urgent", _("Urgent (紧急)")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received (已接收)")
        ACCEPTED = "accepted", _("Accepted (已受理)")
        ANSWERED = "answered", _("Answered (已答复)")
        RESOLVED = "resolved", _("Resolved (已办结)")
        CLOSED = "closed", _("Closed (已评价)")

    OPEN = (Status.RECEIVED, Status.ACCEPTED, Status.ANSWERED)

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="service_requests"
    )
    code = models.CharField(
        _("tracking code"),
        max_length=CODE_LENGTH,
        unique=True,
        default=new_tracking_code,
        editable=False,
    )
    external_ref = models.CharField(
        _("hotline log number (工单编号)"),
        max_length=40,
        blank=True,
        help_text=_("The number of the call in the hotline's own log, if any."),
    )
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.HOTLINE
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    title = models.CharField(_("subject"), max_length=120)
    description = models.TextField(_("request (诉求内容)"), max_length=4000)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    complex = models.BooleanField(
        _("complex case (复杂诉求)"),
        default=False,
        help_text=_("Complex cases have the category's longer deadline to be resolved."),
    )
    contact_name = models.CharField(_("requester"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_requests",
        help_text=_("The requester's company; its users read the request."),
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_requests",
    )
    notice_feedback = models.OneToOneField(
        "projects.NoticeFeedback",
        verbose_name=_("notice-board message"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_request",
        editable=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_service_requests",
        editable=False,
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_service_requests",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.RECEIVED,
        editable=False,
    )
    is_open = models.BooleanField(_("open"), default=True, editable=False)
    received_at = models.DateTimeField(
        _("received at"),
        default=timezone.now,
        help_text=_("When the call or message came in; deadlines count from its day."),
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True, editable=False)
    clock_start = models.DateField(_("deadlines count from"), editable=False)
    accept_due = models.DateField(_("accept by"), editable=False)
    answer_due = models.DateField(_("answer by"), editable=False)
    resolve_due = models.DateField(_("resolve by"), editable=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    answer = models.TextField(_("answer to the requester"), blank=True, editable=False)
    resolution = models.TextField(_("resolution"), blank=True, editable=False)
    resolved_in_time = models.BooleanField(
        _("resolved within the deadline"), null=True, blank=True, editable=False
    )
    rating = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        editable=False,
    )
    rating_comment = models.TextField(_("requester's comment"), blank=True, editable=False)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True, editable=False)
    # The hotline's callers rarely come to the web: staff call them back (回访)
    # and record what they say.
    rated_on_callback = models.BooleanField(
        _("rated on a call back (回访)"), default=False, editable=False
    )
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0, editable=False)
    # A "deadline near" notice was sent for the current round.
    accept_warned = models.BooleanField(
        _("warned: accept deadline near"), default=False, editable=False
    )
    answer_warned = models.BooleanField(
        _("warned: answer deadline near"), default=False, editable=False
    )
    resolve_warned = models.BooleanField(
        _("warned: resolve deadline near"), default=False, editable=False
    )
    # How far each missed deadline of the current round was raised: 0 not,
    # 1 to the department head, 2 to the zone admin. The escalations are the
    # record; these let the scan read only what it has still to raise.
    accept_level = models.PositiveSmallIntegerField(
        _("accept deadline raised (level)"), default=0, editable=False
    )
    answer_level = models.PositiveSmallIntegerField(
        _("answer deadline raised (level)"), default=0, editable=False
    )
    resolve_level = models.PositiveSmallIntegerField(
        _("resolve deadline raised (level)"), default=0, editable=False
    )
    ip_address = models.GenericIPAddressField(
        _("IP address"), null=True, blank=True, editable=False
    )

    # Enterprise users read their own company's requests; complaints about
    # officials only the zone admin (and the company that made them).
    scope_rule = ScopeRule(
        zone_path="zone",
        enterprise_path="enterprise",
        create_roles=ZONE_ROLES,
        change_roles=ZONE_ROLES,
        delete_roles=ZONE_ADMIN_ONLY,
        confidential=Q(category__confidential=True),
        confidential_roles=ZONE_ADMIN_ONLY,
        assignees=(("assignee", ZONE_ROLES),),
    )
    # A new assignee is told; the deadlines follow what they depend on.
    watched = ("assignee_id", *DEADLINE_INPUTS)
    # The tracking code with the phone opens the request to anyone
    # (/service/track/): only the zone's own staff and the requesting company
    # read the code, and others see no more of the phone than its first three
    # digits (core.masking).
    staff_only_fields = frozenset({"code"})
    strict_masking = True

    class Meta:
        verbose_name = _("service request (诉求)")
        verbose_name_plural = _("service requests")
        ordering = ["-is_open", "-received_at"]
        indexes = [
            models.Index(fields=["zone", "-is_open", "-received_at"], name="desk_req_zone_list"),
            models.Index(fields=["-is_open", "-received_at"], name="desk_req_list"),
            models.Index(fields=["zone", "resolved_at"], name="desk_req_zone_resolved"),
            # The escalation scan: each deadline still pending and not yet
            # raised to the next level, by its day. Once raised, a request
            # leaves the index: the scan reads only what is new.
            *(
                models.Index(
                    fields=[f"{kind}_due"],
                    condition=Q(status__in=pending, **{f"{kind}_level": level}),
                    name=f"desk_req_{kind}_{level}",
                )
                for kind, pending in (
                    ("accept", ["received"]),
                    ("answer", ["received", "accepted"]),
                    ("resolve", ["received", "accepted", "answered"]),
                )
                for level in (0, 1)
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "external_ref"],
                condition=~Q(external_ref=""),
                name="desk_req_unique_external_ref",
                violation_error_message=_("The zone already has a request with this log number."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("desk:request_detail", args=[self.pk])

    @property
    def code_display(self) -> str:
        return format_code(self.code)

    def save(self, *args, **kwargs):
        # The deadlines follow from the request's own fields (its category, the
        # day its clock started, whether it is complex): kept in step on every
        # write, so forms, imports and the API cannot store stale ones.
        refresh_deadlines(self)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        zone_id = self.zone_id
        if zone_id:
            if self.category_id and self.category.zone_id not in (None, zone_id):
                errors["category"] = _("This category belongs to another zone.")
            if self.department_id and self.department.zone_id != zone_id:
                errors["department"] = _("The department must be of the same zone.")
            if self.enterprise_id and self.enterprise.zone_id != zone_id:
                errors["enterprise"] = _("The enterprise must be of the same zone.")
            if self.project_id and self.project.zone_id != zone_id:
                errors["project"] = _("The project must be of the same zone.")
            if self.assignee_id and not works_in_zone(self.assignee, zone_id):
                errors["assignee"] = _("The assignee must be an admin or staff member of the zone.")
        if (
            self.category_id
            and self.category.confidential
            and self.assignee_id
            and self.assignee.role != Role.ZONE_ADMIN
            and "assignee" not in errors
        ):
            errors["assignee"] = _(
                "Complaints about officials are handled by a zone admin: only they may read them."
            )
        if self.category_id and not self.category.active and self._state.adding:
            errors["category"] = _("This category is no longer in use.")
        if errors:
            raise ValidationError(errors)

    @property
    def pending_deadline(self) -> tuple[str, object] | None:
        """The deadline the request waits for now: (kind, day)."""
        S = self.Status
        if self.status == S.RECEIVED:
            return "accept", self.accept_due
        if self.status == S.ACCEPTED:
            return "answer", self.answer_due
        if self.status == S.ANSWERED:
            return "resolve", self.resolve_due
        return None

    @property
    def overdue(self) -> bool:
        """The deadline it waits for has passed."""
        pending = self.pending_deadline
        return pending is not None and pending[1] < timezone.localdate()


class FollowUp(TrackedModel):
    """One entry of a request's handling log (办理记录): a note, or a step of
    its lifecycle. The requester reads the log of their own request."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note (跟进)")
        ACCEPTED = "accepted", _("Accepted (受理)")
        ANSWERED = "answered", _("Answered (答复)")
        RESOLVED = "resolved", _("Resolved (办结)")
        RATED = "rated", _("Rated (评价)")
        REOPENED = "reopened", _("Reopened (重办)")

    request = models.ForeignKey(
        ServiceRequest,
        verbose_name=_("service request"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    note = models.TextField(_("what was done"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="desk_follow_ups",
        editable=False,
    )
    by_requester = models.BooleanField(_("by the requester"), default=False, editable=False)

    # A log: written by its services, never edited.
    scope_rule = ScopeRule(
        zone_path="request__zone",
        enterprise_path="request__enterprise",
        create_roles=ZONE_ROLES,
        change_roles=SYSTEM_ONLY,
        delete_roles=SYSTEM_ONLY,
        confidential=Q(request__category__confidential=True),
        confidential_roles=ZONE_ADMIN_ONLY,
    )

    class Meta:
        verbose_name = _("follow-up (办理记录)")
        verbose_name_plural = _("follow-ups")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.note[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("desk:followup_detail", args=[self.pk])


class Escalation(TrackedModel):
    """A missed deadline raised to the department head, then to the zone admin
    (督办). Written once per request, deadline, level and round by the scan."""

    class Deadline(models.TextChoices):
        ACCEPT = "accept", _("Accept (受理)")
        ANSWER = "answer", _("Answer (答复)")
        RESOLVE = "resolve", _("Resolve (办结)")

    class Level(models.TextChoices):
        DEPARTMENT = "department", _("Department head (部门负责人)")
        ZONE_ADMIN = "zone_admin", _("Zone admin (管委会领导)")

    request = models.ForeignKey(
        ServiceRequest,
        verbose_name=_("service request"),
        on_delete=models.CASCADE,
        related_name="escalations",
    )
    deadline = models.CharField(_("deadline"), max_length=8, choices=Deadline.choices)
    level = models.CharField(_("raised to"), max_length=12, choices=Level.choices)
    round = models.PositiveSmallIntegerField(
        _("round"), default=0, help_text=_("0 until the request is first reopened.")
    )
    due = models.DateField(_("was due"))
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("told"),
        blank=True,
        related_name="desk_escalations",
    )
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True, editable=False)

    scope_rule = ScopeRule(
        zone_path="request__zone",
        create_roles=SYSTEM_ONLY,
        change_roles=SYSTEM_ONLY,
        delete_roles=SYSTEM_ONLY,
        confidential=Q(request__category__confidential=True),
        confidential_roles=ZONE_ADMIN_ONLY,
    )

    class Meta:
        verbose_name = _("escalation (督办)")
        verbose_name_plural = _("escalations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "deadline", "level", "round"], name="desk_escalation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.get_deadline_display()} · {self.get_level_display()}"

    def get_absolute_url(self) -> str:
        return reverse("desk:escalation_detail", args=[self.pk])
