"""Incentive policies (优惠政策) with the criteria the platform can check from its
own data, enterprises' applications and their review, the payments that
honour them (兑现), and financing arranged for enterprises (融资)."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from devzone.core.models import Enterprise, IndustryChain, TrackedModel, Zone
from devzone.core.scoping import ZONE_ROLES, Role, ScopeRule
from devzone.core.validators import validate_industry_code, validate_phone

CENT = Decimal("0.01")
POSITIVE = [MinValueValidator(CENT)]
ZONE_AND_ENTERPRISE = frozenset({*ZONE_ROLES, Role.ENTERPRISE})


def money_field(verbose_name, **kwargs):
    kwargs.setdefault("validators", POSITIVE)
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=2, **kwargs)


_PREFIX_SPLIT = re.compile(r"[\s,，、;；]+")


def split_prefixes(text: str) -> list[str]:
    """Industry code prefixes as typed ("C18, C17 、c39") → ["C18", "C17", "C39"]."""
    return [p.upper() for p in _PREFIX_SPLIT.split(text or "") if p]


class Policy(TrackedModel):
    """An incentive policy of a zone (优惠政策): what it pays, on which
    conditions, until when, and whom to ask. Criteria the platform can check
    from its own data make it 免申即享: staff see every enterprise it fits."""

    class Kind(models.TextChoices):
        RENT = "rent", _("Factory rent (厂房租赁)")
        TECH_UPGRADE = "tech_upgrade", _("Technical upgrading (技术改造)")
        INVESTMENT = "investment", _("Investment reward (投资奖励)")
        AWARD = "award", _("Enterprise award (企业奖励)")
        INNOVATION = "innovation", _("Science and innovation (科技创新)")
        EMPLOYMENT = "employment", _("Employment and training (用工培训)")
        FINANCING = "financing", _("Financing support (融资支持)")
        OTHER = "other", _("Other (其他)")

    class AmountRule(models.TextChoices):
        FIXED = "fixed", _("Fixed amount (定额)")
        PERCENT = "percent", _("Percentage of a base (按比例)")

    class Base(models.TextChoices):
        INVESTMENT = "investment", _("Project investment (项目投资额)")
        EQUIPMENT = "equipment", _("Equipment investment (设备投资额)")
        RENT = "rent", _("Rent paid (租金)")
        RD = "rd", _("R&D spending (研发费用)")
        INTEREST = "interest", _("Loan interest (贷款利息)")
        WAGES = "wages", _("Wages and training costs (工资及培训费用)")
        OTHER = "other", _("Other (其他)")

    class Scale(models.TextChoices):
        ANY = "", _("Any scale")
        ABOVE = Enterprise.Scale.ABOVE.value, Enterprise.Scale.ABOVE.label
        BELOW = Enterprise.Scale.BELOW.value, Enterprise.Scale.BELOW.label

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="policies"
    )
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    issuing_office = models.CharField(_("issuing office (发文单位)"), max_length=100)
    document_number = models.CharField(_("document number (文号)"), max_length=60, blank=True)
    contact_office = models.CharField(_("office to contact (受理科室)"), max_length=100)
    contact_person = models.CharField(_("person to contact"), max_length=50, blank=True)
    office_phone = models.CharField(
        _("office phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    conditions = models.TextField(_("conditions (申报条件)"))
    amount_rule = models.CharField(
        _("amount rule"), max_length=8, choices=AmountRule.choices, default=AmountRule.FIXED
    )
    fixed_amount = money_field(_("fixed amount (元)"), null=True, blank=True)
    rate_percent = models.DecimalField(
        _("percentage of the base"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(CENT), MaxValueValidator(Decimal(100))],
    )
    base = models.CharField(_("base"), max_length=12, choices=Base.choices, blank=True)
    cap = money_field(
        _("cap (元)"),
        null=True,
        blank=True,
        help_text=_("The most one application is paid; empty: no cap."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: until revoked.")
    )
    # Criteria the platform checks from its own data (empty: not a criterion).
    req_scale = models.CharField(
        _("enterprise scale"), max_length=8, choices=Scale.choices, blank=True
    )
    req_industry_prefixes = models.CharField(
        _("industry codes starting with"),
        max_length=100,
        blank=True,
        help_text=_("GB/T 4754 codes or their beginnings, separated by spaces (e.g. C18 C39)."),
    )
    req_min_employees = models.PositiveIntegerField(_("at least employees"), null=True, blank=True)
    req_min_investment = money_field(
        _("a project of at least (元)"),
        null=True,
        blank=True,
        help_text=_(
            "The enterprise has a project whose planned total investment is at least this."
        ),
    )
    req_chain = models.ForeignKey(
        IndustryChain,
        verbose_name=_("member of the industry chain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
    )
    req_operating = models.BooleanField(
        _("operating enterprises only"),
        default=False,
        help_text=_("Not enterprises under construction, suspended or closed."),
    )

    # The zone's enterprises read its catalogue; zone members keep it.
    scope_rule = ScopeRule(zone_path="zone", enterprise_path="zone__enterprises")

    CRITERIA = (
        "req_scale",
        "req_industry_prefixes",
        "req_min_employees",
        "req_min_investment",
        "req_chain",
        "req_operating",
    )

    class Meta:
        verbose_name = _("incentive policy (优惠政策)")
        verbose_name_plural = _("incentive policies")
        ordering = ["zone_id", "-valid_from", "title"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "title"], name="policy_unique_title_in_zone")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("incentives:policy_detail", args=[self.pk])

    # --- amounts -----------------------------------------------------------------------------
    @property
    def max_amount(self) -> Decimal | None:
        """The most one application may be paid: the fixed amount, or the cap."""
        return self.fixed_amount if self.amount_rule == self.AmountRule.FIXED else self.cap

    def amount_for(self, base_value: Decimal | None) -> Decimal | None:
        """What the rule pays: the fixed amount, or the percentage of the base up to the cap."""
        if self.amount_rule == self.AmountRule.FIXED:
            return self.fixed_amount
        if base_value is None or self.rate_percent is None:
            return None
        amount = (Decimal(base_value) * self.rate_percent / 100).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
        return min(amount, self.cap) if self.cap is not None else amount

    # --- criteria ----------------------------------------------------------------------------
    @property
    def industry_prefixes(self) -> list[str]:
        return split_prefixes(self.req_industry_prefixes)

    @property
    def checkable(self) -> bool:
        """Whether the platform can tell from its data which enterprises it fits (免申即享)."""
        return any(
            getattr(self, f"{name}_id" if name == "req_chain" else name) not in (None, "", False)
            for name in self.CRITERIA
        )

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def clean(self):
        errors = {}
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            errors["valid_until"] = _("This date comes before the %(field)s.") % {
                "field": self._meta.get_field("valid_from").verbose_name
            }
        if self.amount_rule == self.AmountRule.FIXED:
            if self.fixed_amount is None:
                errors["fixed_amount"] = _("A fixed-amount policy needs its amount.")
            for name in ("rate_percent", "base", "cap"):
                if getattr(self, name) not in (None, ""):
                    errors[name] = _("Only a percentage rule has this; leave it empty.")
        elif self.amount_rule == self.AmountRule.PERCENT:
            if self.rate_percent is None:
                errors["rate_percent"] = _("A percentage rule needs its percentage.")
            if not self.base:
                errors["base"] = _("A percentage rule needs the base it applies to.")
            if self.fixed_amount is not None:
                errors["fixed_amount"] = _("Only a fixed-amount rule has this; leave it empty.")
        bad = []
        for prefix in self.industry_prefixes:
            try:
                validate_industry_code(prefix)
            except ValidationError:
                bad.append(prefix)
        if bad:
            errors["req_industry_prefixes"] = _(
                "Not the beginning of a GB/T 4754 code: %(codes)s. Write a section letter A–T, "
                "optionally followed by 2, 3 or 4 digits (e.g. C18 C3216)."
            ) % {"codes": "、".join(bad)}
        else:
            self.req_industry_prefixes = " ".join(self.industry_prefixes)
        if self.req_chain_id and self.zone_id and self.req_chain.zone_id != self.zone_id:
            errors["req_chain"] = _("The industry chain must be of the same zone.")
        if errors:
            raise ValidationError(errors)


class Application(TrackedModel):
    """An enterprise's application under a policy (申报), its review and the
    amount approved; the payments are its disbursements."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted (已申报)")
        UNDER_REVIEW = "under_review", _("Under review (审核中)")
        APPROVED = "approved", _("Approved (已批准)")
        REJECTED = "rejected", _("Rejected (未通过)")

    class Origin(models.TextChoices):
        ENTERPRISE = "enterprise", _("Applied by the enterprise (企业申报)")
        STAFF = "staff", _("Entered by zone staff (代为录入)")
        PROACTIVE = "proactive", _("Offered without application (免申即享)")

    # Which decisions may follow which; ``approved`` back to review only while nothing is paid.
    NEXT: dict[str, set[Status]] = {
        Status.SUBMITTED: {Status.UNDER_REVIEW, Status.APPROVED, Status.REJECTED},
        Status.UNDER_REVIEW: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: {Status.UNDER_REVIEW},
        Status.REJECTED: {Status.UNDER_REVIEW},
    }
    OPEN = (Status.SUBMITTED, Status.UNDER_REVIEW)

    number = models.CharField(_("application number"), max_length=20, unique=True, editable=False)
    policy = models.ForeignKey(
        Policy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="applications"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="incentive_applications",
    )
    origin = models.CharField(
        _("origin (申报方式)"), max_length=12, choices=Origin.choices, default=Origin.STAFF
    )
    submitted_on = models.DateField(_("submitted on"), default=date.today)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    base_amount = money_field(
        _("base (元)"),
        null=True,
        blank=True,
        help_text=_("The investment, rent or other base a percentage rule applies to."),
    )
    requested_amount = money_field(_("amount requested (元)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    approved_amount = money_field(_("amount approved (元)"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decision_note = models.TextField(
        _("review note"), blank=True, help_text=_("Required when an application is rejected.")
    )

    scope_rule = ScopeRule(
        zone_path="policy__zone",
        enterprise_path="enterprise",
        create_roles=ZONE_AND_ENTERPRISE,
        change_roles=ZONE_AND_ENTERPRISE,
        delete_roles=ZONE_ROLES,
    )
    watched = ("status", "approved_amount")

    class Meta:
        verbose_name = _("incentive application (政策申报)")
        verbose_name_plural = _("incentive applications")
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "enterprise", "submitted_on"],
                name="application_unique_per_day",
            )
        ]
        indexes = [models.Index(fields=["policy", "enterprise"])]

    def __str__(self) -> str:
        return f"{self.number} · {self.enterprise_name()}"

    def enterprise_name(self) -> str:
        return self.enterprise.name if self.enterprise_id else ""

    def get_absolute_url(self) -> str:
        return reverse("incentives:application_detail", args=[self.pk])

    @property
    def suggested_amount(self) -> Decimal | None:
        """What the policy's rule pays on the stated base."""
        return self.policy.amount_for(self.base_amount) if self.policy_id else None

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def save(self, *args, **kwargs):
        self.ensure_loaded()
        if not self.number:
            self.number = self._next_number()
        # Who submitted and who decided: whoever made that write, by any path
        # (form, import, API, service).
        user = getattr(self, "_history_user", None)
        if self._state.adding and self.submitted_by_id is None:
            self.submitted_by = user
        if self.status in self.OPEN:
            self.decided_by = None
        elif user is not None and (self._state.adding or self.loaded("status") != self.status):
            self.decided_by = user
        super().save(*args, **kwargs)

    def _next_number(self) -> str:
        """申报编号: the year, the zone and a serial within both, e.g. 2024-0005-0012."""
        zone_id = Policy.objects.filter(pk=self.policy_id).values_list("zone_id", flat=True).first()
        prefix = f"{self.submitted_on:%Y}-{zone_id or 0:04d}-"
        last = (
            Application.objects.filter(number__startswith=prefix)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        serial = int(last.rsplit("-", 1)[1]) + 1 if last else 1
        return f"{prefix}{serial:04d}"

    def clean(self):
        errors = {}
        policy = self.policy if self.policy_id else None
        if policy is not None and self.enterprise_id and self.enterprise.zone_id != policy.zone_id:
            errors["enterprise"] = _("The enterprise must be of the policy's zone.")
        if policy is not None and self.submitted_on and not policy.in_force_on(self.submitted_on):
            errors["submitted_on"] = _(
                "The policy is not in force on this day (in force %(start)s – %(end)s)."
            ) % {"start": policy.valid_from, "end": policy.valid_until or "…"}
        limit = policy.max_amount if policy is not None else None
        for name in ("requested_amount", "approved_amount"):
            value = getattr(self, name)
            if limit is not None and value is not None and value > limit:
                errors[name] = _("The policy pays at most %(amount)s 元.") % {"amount": limit}
        self._clean_decision(errors)
        if (
            policy is not None
            and self.enterprise_id
            and self.submitted_on
            and Application.objects.filter(
                policy_id=self.policy_id,
                enterprise_id=self.enterprise_id,
                submitted_on=self.submitted_on,
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["policy"] = _("This enterprise already applied under this policy that day.")
        elif (
            not errors
            and policy is not None
            and self.enterprise_id
            and self.status in self.OPEN
            and Application.objects.filter(
                policy_id=self.policy_id, enterprise_id=self.enterprise_id, status__in=self.OPEN
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["policy"] = _(
                "This enterprise already has an application under this policy being handled."
            )
        if errors:
            raise ValidationError(errors)

    def _clean_decision(self, errors: dict) -> None:
        S = self.Status
        before = self.loaded("status") if self.pk else None
        if before and before != self.status and self.status not in self.NEXT.get(before, ()):
            errors["status"] = _("An application cannot go from “%(old)s” to “%(new)s”.") % {
                "old": S(before).label,
                "new": S(self.status).label,
            }
        if self.status == S.APPROVED:
            if self.approved_amount is None:
                errors["approved_amount"] = _("An approved application needs the amount approved.")
            if self.decided_on is None:
                errors["decided_on"] = _("Give the day of the decision.")
        elif self.status == S.REJECTED:
            if not self.decision_note.strip():
                errors["decision_note"] = _("Give the reason for the rejection.")
            if self.decided_on is None:
                errors["decided_on"] = _("Give the day of the decision.")
            if self.approved_amount is not None:
                errors["approved_amount"] = _("A rejected application has no amount approved.")
        else:
            if self.approved_amount is not None:
                errors["approved_amount"] = _(
                    "Only an approved application has an amount approved."
                )
            if self.decided_on is not None:
                errors["decided_on"] = _("Only a decided application has a decision day.")
        if self.decided_on and self.submitted_on and self.decided_on < self.submitted_on:
            errors["decided_on"] = _("This date comes before the %(field)s.") % {
                "field": self._meta.get_field("submitted_on").verbose_name
            }


class Disbursement(TrackedModel):
    """One payment on an approved application (兑现). The payments of an
    application never total more than the amount approved."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    paid_on = models.DateField(_("paid on"), default=date.today)
    amount = money_field(_("amount paid (元)"))
    reference = models.CharField(_("payment reference (凭证号)"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope_rule = ScopeRule(
        zone_path="application__policy__zone", enterprise_path="application__enterprise"
    )
    watched = ("amount",)

    class Meta:
        verbose_name = _("disbursement (兑现)")
        verbose_name_plural = _("disbursements")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "paid_on"], name="disbursement_one_per_day"
            )
        ]

    def __str__(self) -> str:
        number = self.application.number if self.application_id else ""
        return f"{number} · {self.paid_on}"

    def get_absolute_url(self) -> str:
        return reverse("incentives:disbursement_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.application_id:
            app = self.application
            if app.status != Application.Status.APPROVED:
                errors["application"] = _("Only an approved application is paid.")
            elif app.decided_on and self.paid_on and self.paid_on < app.decided_on:
                errors["paid_on"] = _("This date comes before the %(field)s.") % {
                    "field": Application._meta.get_field("decided_on").verbose_name
                }
        if errors:
            raise ValidationError(errors)


class FinancingCase(TrackedModel):
    """Financing the zone helped an enterprise obtain (融资): from a bank, a
    guarantor, a fund …, from the request to the money or a refusal."""

    class Product(models.TextChoices):
        LOAN = "loan", _("Loan (贷款)")
        GUARANTEE = "guarantee", _("Guarantee (担保)")
        EQUITY = "equity", _("Equity (股权)")
        BOND = "bond", _("Bond (债券)")
        LEASING = "leasing", _("Financial leasing (融资租赁)")
        SUPPLY_CHAIN = "supply_chain", _("Supply-chain finance (供应链金融)")
        OTHER = "other", _("Other (其他)")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied (申请)")
        REVIEWING = "reviewing", _("Under approval (审批中)")
        GRANTED = "granted", _("Granted (放款)")
        REJECTED = "rejected", _("Refused (拒绝)")

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="financing_cases",
    )
    lender = models.CharField(_("lender or fund"), max_length=120)
    product = models.CharField(_("product"), max_length=16, choices=Product.choices)
    amount_requested = money_field(_("amount asked (元)"))
    amount_granted = money_field(_("amount granted (元)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.APPLIED
    )
    applied_on = models.DateField(_("applied on"), default=date.today)
    decided_on = models.DateField(
        _("granted or refused on"),
        null=True,
        blank=True,
        help_text=_("The day of the loan or refusal."),
    )
    term_months = models.PositiveSmallIntegerField(
        _("term (months)"), null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    note = models.TextField(_("note"), blank=True)

    scope_rule = ScopeRule(
        zone_path="enterprise__zone",
        enterprise_path="enterprise",
        create_roles=ZONE_AND_ENTERPRISE,
        change_roles=ZONE_AND_ENTERPRISE,
        delete_roles=ZONE_ROLES,
    )
    watched = ("status",)

    class Meta:
        verbose_name = _("financing case (融资)")
        verbose_name_plural = _("financing cases")
        ordering = ["-applied_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "lender", "product", "applied_on"],
                name="financing_unique_request",
            )
        ]

    def __str__(self) -> str:
        name = self.enterprise.name if self.enterprise_id else ""
        return f"{name} · {self.lender} · {self.get_product_display()}"

    def get_absolute_url(self) -> str:
        return reverse("incentives:financing_detail", args=[self.pk])

    def clean(self):
        errors = {}
        S = self.Status
        if self.status == S.GRANTED:
            if self.amount_granted is None:
                errors["amount_granted"] = _("Granted financing needs the amount granted.")
            if self.decided_on is None:
                errors["decided_on"] = _("Give the day the money was granted.")
        elif self.status == S.REJECTED:
            if self.decided_on is None:
                errors["decided_on"] = _("Give the day of the refusal.")
            if self.amount_granted is not None:
                errors["amount_granted"] = _("Refused financing has no amount granted.")
        else:
            if self.amount_granted is not None:
                errors["amount_granted"] = _("Only granted financing has an amount granted.")
            if self.decided_on is not None:
                errors["decided_on"] = _("Only granted or refused financing has this day.")
        if self.decided_on and self.applied_on and self.decided_on < self.applied_on:
            errors["decided_on"] = _("This date comes before the %(field)s.") % {
                "field": self._meta.get_field("applied_on").verbose_name
            }
        if (
            self.enterprise_id
            and FinancingCase.objects.filter(
                enterprise_id=self.enterprise_id,
                lender=self.lender,
                product=self.product,
                applied_on=self.applied_on,
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["lender"] = _(
                "The enterprise already asked this lender for this product that day."
            )
        if errors:
            raise ValidationError(errors)
