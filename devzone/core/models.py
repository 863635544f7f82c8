"""The registry every module stands on: regions, zones, enterprises, industry
chains; users and their roles; notifications, login records, API tokens and
background jobs."""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal
from typing import ClassVar, Self

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.signals import class_prepared
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .scoping import ZONE_ROLES, Role, ScopedQuerySet, ScopeRule, UserScope
from .validators import (
    validate_credit_code,
    validate_industry_code,
    validate_no_control_characters,
    validate_phone,
    validate_region_code,
)

ADMIN_ONLY = frozenset({Role.PLATFORM_ADMIN})


class TrackedModel(models.Model):
    """Base of every domain model: history, a version for edit conflicts, and
    a flag for invented demo records."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Incremented on every save; a form or API call that read an older version
    # is refused instead of silently overwriting a colleague's change.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Invented for the demo; not a real record."),
    )
    # A record the seed states with some details it does not (a seed project's
    # planned investment, a seed enterprise's credit code): those fields' names,
    # marked as samples wherever they are shown.
    sample_fields = models.JSONField(
        _("sample details"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Details invented for the demo; the rest of the record is stated."),
    )
    history = HistoricalRecords(inherit=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule()
    # Set before a write for django-simple-history's record of it.
    _change_reason: str | None
    _history_user: User | None

    # The one way to know what a write changed on a row: the fields named here
    # keep the values they were read with (``loaded``, ``changed``), for the
    # write hooks that act on a change (whom to tell, what to recompute).
    watched: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refuse_control_characters(kwargs.get("update_fields"))
        if self.watched:
            self.ensure_loaded()
            self._created = self._state.adding
        if self.pk is not None and not kwargs.get("force_insert"):
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if cls.watched:
            instance._loaded = {f: instance.__dict__.get(f) for f in cls.watched}
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        if self.watched:
            self.remember_load()

    def ensure_loaded(self) -> None:
        """A record saved before in this process (not read): what the database holds."""
        if not self._state.adding and not hasattr(self, "_loaded"):
            stored = type(self)._base_manager.filter(pk=self.pk).values(*self.watched).first()
            self._loaded = stored or {}

    def loaded(self, field: str):
        """The value ``field`` (one of ``watched``) had when the record was read."""
        return getattr(self, "_loaded", {}).get(field)

    def changed(self, field: str) -> bool:
        """Whether the last write created the record or changed ``field``."""
        return getattr(self, "_created", False) or self.loaded(field) != getattr(self, field)

    def remember_load(self) -> None:
        """The record as it is now is what later writes compare with (after
        the hooks of a write have acted on its changes)."""
        self._loaded = {f: getattr(self, f, None) for f in self.watched}
        self._created = False

    def refuse_control_characters(self, only=None) -> None:
        """What forms, serializers and imports check on every text field is
        checked again on every save, for writes that come another way (a
        public form's service, a script): a control character is never stored."""
        errors = {}
        for field in text_fields(type(self)):
            if only is not None and field.name not in only and field.attname not in only:
                continue
            try:
                validate_no_control_characters(getattr(self, field.attname))
            except ValidationError as exc:
                errors[field.name] = exc.messages
        if errors:
            raise ValidationError(errors)

    def is_sample_detail(self, name: str) -> bool:
        """Whether the value of ``name`` shown for this record is invented."""
        return self.is_sample or name.split(".")[0] in (self.sample_fields or ())


def text_fields(model) -> list[models.Field]:
    return [
        f for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)
    ]


def _refuse_control_characters(sender, **kwargs) -> None:
    """Every text field of every domain model refuses control characters: model
    forms, API serializers (which copy a model field's validators) and imports
    (validated by the forms) all check it, and saving checks it for
    any other path (``TrackedModel.save``). One declaration here instead of one
    per field."""
    if not issubclass(sender, TrackedModel):
        return
    for field in text_fields(sender):
        if validate_no_control_characters not in field.validators:
            # Set on the cached ``validators``, not ``_validators``: the check
            # is not part of each field's definition, so it needs no migration.
            field.__dict__["validators"] = [*field.validators, validate_no_control_characters]


class_prepared.connect(_refuse_control_characters)


class Voidable(models.Model):
    """A record that is never deleted (a citizen's request, a message from the
    public): it is voided (作废) with a reason, who and when, kept in its
    history, and left out of lists unless asked for (``core.services.record_void``)."""

    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    void_reason = models.CharField(
        _("reason for voiding"), max_length=200, blank=True, editable=False
    )

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def on_void(self) -> None:
        """What else voiding changes on the record itself (a request stops
        being open, so no deadline escalates)."""


class Region(TrackedModel):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County")

    code = models.CharField(
        _("administrative code"),
        max_length=6,
        unique=True,
        validators=[validate_region_code],
        help_text=_("GB/T 2260 six-digit code."),
    )
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    # Regions are reference data every signed-in user reads; only the platform
    # admin edits them.
    scope_rule = ScopeRule(
        zone_path="",
        create_roles=ADMIN_ONLY,
        change_roles=ADMIN_ONLY,
        delete_roles=ADMIN_ONLY,
        readable_by_all_users=True,
    )

    class Meta:
        verbose_name = _("region (行政区划)")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:region_detail", args=[self.pk])

    def clean(self):
        errors: dict[str, str | Promise] = {}
        if self.level == self.Level.PROVINCE and self.parent_id:
            errors["parent"] = _("A province has no parent region.")
        elif self.level in (self.Level.CITY, self.Level.COUNTY):
            if self.parent is None:
                errors["parent"] = _("A city or county needs its parent region.")
            elif self.level == self.Level.CITY and self.parent.level != self.Level.PROVINCE:
                errors["parent"] = _("A city's parent must be a province.")
            elif self.level == self.Level.COUNTY and self.parent.level == self.Level.COUNTY:
                errors["parent"] = _("A county's parent must be a city or a province.")
            elif self.code and not self.code.startswith(self.parent.code_prefix):
                errors["code"] = _("The code must start with its parent's prefix %(prefix)s.") % {
                    "prefix": self.parent.code_prefix
                }
        if errors:
            raise ValidationError(errors)

    @property
    def code_prefix(self) -> str:
        """The code prefix every region below this one shares."""
        return {"province": self.code[:2], "city": self.code[:4]}.get(self.level, self.code)

    @property
    def full_name(self) -> str:
        names = []
        region: Region | None = self
        while region is not None:
            names.append(region.name)
            region = region.parent
        return "".join(reversed(names))


class CalendarDay(TrackedModel):
    """A day the official calendar sets apart, as the State Council's notice for
    a year publishes it each winter: a holiday, or a 调休 make-up working day.
    Entered by the platform admin for a year the calendar package does not
    know yet, or to correct it; it overrides the package for that day."""

    day = models.DateField(_("date"), unique=True)
    working = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: a make-up working day (调休上班). Not ticked: a holiday."),
    )
    name = models.CharField(_("name"), max_length=50, blank=True)

    scope_rule = ScopeRule(
        zone_path="",
        create_roles=ADMIN_ONLY,
        change_roles=ADMIN_ONLY,
        delete_roles=ADMIN_ONLY,
        readable_by_all_users=True,
    )

    class Meta:
        verbose_name = _("official calendar day (法定节假日与调休)")
        verbose_name_plural = _("official calendar days")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("core:calendarday_detail", args=[self.pk])


class Zone(TrackedModel):
    class ZoneType(models.TextChoices):
        ETDZ = "etdz", _("Economic and technological development zone (经济技术开发区)")
        HIGH_TECH = "high_tech", _("High-tech industrial development zone (高新技术产业开发区)")
        ECONOMIC = "economic", _("Economic development zone (经济开发区)")
        BONDED = "bonded", _("Comprehensive bonded zone (综合保税区)")
        ECO_TOURISM = (
            "eco_tourism",
            _("Eco-cultural tourism demonstration zone (生态文化旅游示范区)"),
        )
        AGRICULTURE = "agriculture", _("Modern agriculture demonstration zone (现代农业示范区)")
        INDUSTRIAL_PARK = "industrial_park", _("Industrial park (产业园区)")
        OTHER = "other", _("Other")

    class Level(models.TextChoices):
        NATIONAL = "national", _("National (国家级)")
        PROVINCIAL = "provincial", _("Provincial (省级)")

    class Category(models.TextChoices):
        INDUSTRIAL = "industrial", _("Industrial (工业类)")
        AGRICULTURAL = "agricultural", _("Modern agriculture (现代农业类)")
        ECO_TOURISM = "eco_tourism", _("Eco-cultural tourism (生态文旅类)")

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40)
    zone_type = models.CharField(_("zone type"), max_length=20, choices=ZoneType.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="zones"
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    planned_area_km2 = models.DecimalField(
        _("planned area (km²)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    leading_industries = models.CharField(_("leading industries"), max_length=200, blank=True)
    committee_address = models.CharField(
        _("management committee address"), max_length=200, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    hotline = models.CharField(
        _("24-hour service hotline"), max_length=20, blank=True, validators=[validate_phone]
    )
    website = models.URLField(_("website"), blank=True)

    scope_rule = ScopeRule(
        zone_path="",
        enterprise_path="enterprises__pk",
        create_roles=ADMIN_ONLY,
        change_roles=frozenset({Role.PLATFORM_ADMIN, Role.ZONE_ADMIN}),
        delete_roles=ADMIN_ONLY,
    )

    class Meta:
        verbose_name = _("development zone (开发区)")
        verbose_name_plural = _("development zones")
        ordering = ["region__code", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:zone_detail", args=[self.pk])


class Enterprise(TrackedModel):
    class Scale(models.TextChoices):
        ABOVE = "above", _("Above designated size (规上)")
        BELOW = "below", _("Below designated size (规下)")

    class Status(models.TextChoices):
        OPERATING = "operating", _("Operating")
        BUILDING = "building", _("Under construction")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="enterprises"
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    name = models.CharField(_("name"), max_length=100)
    industry_code = models.CharField(
        _("industry (GB/T 4754)"), max_length=5, validators=[validate_industry_code]
    )
    scale = models.CharField(_("scale"), max_length=8, choices=Scale.choices, default=Scale.BELOW)
    employees = models.PositiveIntegerField(_("employees"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPERATING
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    scope_rule = ScopeRule(zone_path="zone", enterprise_path="pk")

    class Meta:
        verbose_name = _("enterprise (企业)")
        verbose_name_plural = _("enterprises")
        ordering = ["zone_id", "name"]
        indexes = [models.Index(fields=["zone", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:enterprise_detail", args=[self.pk])

    @property
    def industry_label(self) -> str:
        from .industries import industry_name

        return industry_name(self.industry_code)


class IndustryChain(TrackedModel):
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="chains"
    )
    name = models.CharField(_("name"), max_length=100)
    leader = models.ForeignKey(
        Enterprise,
        verbose_name=_("chain leader (链主)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_chains",
    )
    description = models.TextField(_("description"), blank=True)

    scope_rule = ScopeRule(zone_path="zone", enterprise_path="members__enterprise")

    class Meta:
        verbose_name = _("industry chain (产业链)")
        verbose_name_plural = _("industry chains")
        ordering = ["zone_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="chain_unique_name_in_zone")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:chain_detail", args=[self.pk])

    def clean(self):
        if self.leader is not None and self.zone_id and self.leader.zone_id != self.zone_id:
            raise ValidationError(
                {"leader": _("The chain leader must be an enterprise of the same zone.")}
            )


class ChainMember(TrackedModel):
    class ChainRole(models.TextChoices):
        LEADER = "leader", _("Chain leader (链主)")
        CORE = "core", _("Core (核心)")
        UPSTREAM = "upstream", _("Upstream (上游)")
        MIDSTREAM = "midstream", _("Midstream (中游)")
        DOWNSTREAM = "downstream", _("Downstream (下游)")
        SUPPORTING = "supporting", _("Supporting (配套)")

    chain = models.ForeignKey(
        IndustryChain,
        verbose_name=_("industry chain"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="chain_memberships",
    )
    role = models.CharField(_("role in chain"), max_length=12, choices=ChainRole.choices)

    scope_rule = ScopeRule(zone_path="chain__zone", enterprise_path="enterprise")

    class Meta:
        verbose_name = _("chain member (链上企业)")
        verbose_name_plural = _("chain members")
        ordering = ["chain_id", "role", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "enterprise"], name="chain_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.chain} · {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("core:chainmember_detail", args=[self.pk])

    def clean(self):
        if self.chain_id and self.enterprise_id and self.enterprise.zone_id != self.chain.zone_id:
            raise ValidationError(
                {"enterprise": _("The enterprise must belong to the chain's zone.")}
            )


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region (for viewers)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="viewers",
    )
    zones = models.ManyToManyField(
        Zone, verbose_name=_("zones"), blank=True, related_name="members"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise (for enterprise users)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    # Raised when a password or role changes: every session signed before it
    # stops working (see get_session_auth_hash).
    session_epoch = models.PositiveIntegerField(_("session generation"), default=0, editable=False)
    history = HistoricalRecords(
        m2m_fields=[zones], excluded_fields=["password", "last_login", "session_epoch"]
    )

    objects: ClassVar[UserManager[Self]] = UserManager()
    # Set before a write for django-simple-history's record of it.
    _change_reason: str | None
    _history_user: User | None
    # scoping.scope_of's answer, kept for the request.
    _devzone_scope: UserScope

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username

    @property
    def is_zone_member(self) -> bool:
        return self.role in ZONE_ROLES

    # A session keeps a hash of the password; mixing in session_epoch lets a
    # role change end the user's sessions too. Before the first revocation the
    # hash is Django's own, so sessions survive the upgrade to this scheme.
    def get_session_auth_hash(self):
        return self._devzone_session_hash()

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._devzone_session_hash(secret=secret)

    def _devzone_session_hash(self, secret=None) -> str:
        if not self.session_epoch:
            # Django's private helper behind get_session_auth_hash, absent from django-stubs.
            return self._get_session_auth_hash(secret=secret)  # type: ignore[attr-defined]
        return salted_hmac(
            "devzone.core.User.session",
            f"{self.password}|{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class LoginEvent(models.Model):
    """A login or failed login: kept for audit and for throttling."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    username = models.CharField(_("user name"), max_length=150, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True, db_index=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    succeeded = models.BooleanField(_("succeeded"))

    class Meta:
        verbose_name = _("login record")
        verbose_name_plural = _("login records")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.username} {self.created_at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=60)
    prefix = models.CharField(_("prefix"), max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "dz_" + secrets.token_urlsafe(30)


class BackgroundJob(models.Model):
    """An import or export, with its progress; the user can leave and come back."""

    class Kind(models.TextChoices):
        IMPORT = "import", _("Import")
        EXPORT = "export", _("Export")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        PREVIEW = "preview", _("Ready for review")
        INVALID = "invalid", _("Has errors")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    resource = models.CharField(_("list"), max_length=60)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    file = models.FileField(_("file"), upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.resource} {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("core:job_detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.PREVIEW, self.Status.INVALID):
            return 100
        return int(100 * self.processed / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (
            self.Status.DONE,
            self.Status.FAILED,
            self.Status.PREVIEW,
            self.Status.INVALID,
        )
