"""Writes of incentives and financing: the review of applications, the rule
that payments never exceed what was approved, applications staff create for
enterprises a policy fits (免申即享), and the notices each step sends."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from devzone.core.models import Enterprise, User
from devzone.core.scoping import Role, is_zone_staff_for, scope_of
from devzone.core.selectors import enterprise_users, zone_people
from devzone.core.services import notify, on_write, record_save

from .models import Application, Disbursement, FinancingCase, Policy
from .selectors import eligible_enterprises

AS = Application.Status
FS = FinancingCase.Status


def yuan(value: Decimal | None) -> str:
    """An amount as a notice writes it: 1,234,500.00 元."""
    return "—" if value is None else f"{Decimal(value):,.2f} 元"


def _acting_enterprise_user(instance: models.Model) -> bool:
    user = getattr(instance, "_history_user", None)
    return user is not None and scope_of(user).role == Role.ENTERPRISE


def can_review(user: User | AnonymousUser, application: Application) -> bool:
    """The policy's zone decides on applications: its admins and staff (and the platform admin)."""
    return is_zone_staff_for(user, application.policy.zone_id)


def applicant_may_edit(user: User | AnonymousUser, record: Application | FinancingCase) -> bool:
    """An enterprise changes its own application or financing request only while
    nobody has started on it; zone staff change what their scope allows."""
    if scope_of(user).role != Role.ENTERPRISE:
        return True
    initial = AS.SUBMITTED if isinstance(record, Application) else FS.APPLIED
    return record.loaded("status") == initial if record.pk else True


def next_decisions(app: Application) -> set[str]:
    """The decisions that may follow the application's status; a paid
    application stays approved."""
    allowed: set[str] = set(Application.NEXT.get(app.status, ()))
    if app.status == AS.APPROVED and disbursed_total(app.pk):
        allowed.discard(AS.UNDER_REVIEW)
    return allowed


def disbursed_total(application_id: int) -> Decimal:
    return Disbursement.objects.filter(application_id=application_id).aggregate(
        total=Sum("amount")
    )["total"] or Decimal(0)


# --- Applications ---------------------------------------------------------------------------


@on_write(Application)
def application_written(app: Application) -> None:
    """Inside the write's transaction: refuse what breaks the rules of the
    review (transitions, the enterprise's limits, payments above the amount
    approved), then tell those concerned."""
    if app.pk is None:  # deleted: it had no payments (they protect it)
        return
    locked = Application.objects.select_for_update().filter(pk=app.pk)
    list(locked.values_list("pk", flat=True))
    before, created = app.loaded("status"), getattr(app, "_created", False)
    if not created and before != app.status and app.status not in Application.NEXT.get(before, ()):
        raise ValidationError(
            _("An application cannot go from “%(old)s” to “%(new)s”.")
            % {"old": AS(before).label, "new": AS(app.status).label}
        )
    if _acting_enterprise_user(app):
        if created and app.status != AS.SUBMITTED:
            raise ValidationError(_("Only the zone's staff decide on applications."))
        if not created and before != AS.SUBMITTED:
            raise ValidationError(
                _("The application is being handled by the zone; it can no longer be changed.")
            )
    paid = disbursed_total(app.pk)
    allowed = app.approved_amount if app.status == AS.APPROVED else Decimal(0)
    if paid > (allowed or Decimal(0)):
        raise ValidationError(
            _(
                "Application %(number)s has been paid %(paid)s; the amount approved cannot be "
                "less than that, and the application stays approved."
            )
            % {"number": app.number, "paid": yuan(paid)}
        )
    _notify_application(app, created=created, before=before)


def _notify_application(app: Application, *, created: bool, before: str | None) -> None:
    zone_id = app.policy.zone_id
    url = app.get_absolute_url()
    with override(settings.LANGUAGE_CODE):
        if created and app.origin == Application.Origin.ENTERPRISE:
            notify(
                users=zone_people(zone_id),
                title=_("New application %(number)s: %(enterprise)s, %(policy)s")
                % {"number": app.number, "enterprise": app.enterprise, "policy": app.policy},
                body=_("Amount requested: %(amount)s.") % {"amount": yuan(app.requested_amount)},
                url=url,
            )
            return
        if created:
            title = _("An application under “%(policy)s” was entered for you: %(number)s") % {
                "policy": app.policy,
                "number": app.number,
            }
        elif before != app.status:
            title = _("Application %(number)s: %(status)s") % {
                "number": app.number,
                "status": AS(app.status).label,
            }
        elif app.status == AS.APPROVED and app.changed("approved_amount"):
            title = _("Application %(number)s: the amount approved is now %(amount)s") % {
                "number": app.number,
                "amount": yuan(app.approved_amount),
            }
        else:
            return
        notify(
            users=enterprise_users(app.enterprise_id),
            title=title,
            body=_decision_text(app),
            url=url,
        )


def _decision_text(app: Application) -> str:
    parts = [_("Policy: %(policy)s.") % {"policy": app.policy}]
    if app.status == AS.APPROVED:
        parts.append(_("Amount approved: %(amount)s.") % {"amount": yuan(app.approved_amount)})
    if app.status == AS.REJECTED:
        parts.append(_("Reason: %(reason)s") % {"reason": app.decision_note})
    elif app.decision_note:
        parts.append(app.decision_note)
    return " ".join(parts)


@transaction.atomic
def application_decide(
    *,
    application: Application,
    user: User,
    status: str,
    approved_amount: Decimal | None = None,
    decided_on: date | None = None,
    note: str = "",
) -> Application:
    """Move an application on: start the review, approve it with an amount,
    reject it with a reason, or reopen it. Refused with the reason, changing
    nothing, when the step is not allowed."""
    if not can_review(user, application):
        raise PermissionDenied
    app = Application.objects.select_related("policy", "enterprise").get(pk=application.pk)
    if status not in AS.values:
        raise ValidationError(_("Unknown decision."))
    app.status = status
    if status == AS.APPROVED:
        app.approved_amount = approved_amount
        app.decided_on = decided_on or timezone.localdate()
    elif status == AS.REJECTED:
        app.approved_amount = None
        app.decided_on = decided_on or timezone.localdate()
    else:
        app.approved_amount = app.decided_on = None
    if note:
        app.decision_note = note
    app.full_clean()
    reasons: dict[str, str] = {
        AS.UNDER_REVIEW: _("Review started"),
        AS.APPROVED: _("Approved"),
        AS.REJECTED: _("Rejected"),
    }
    return record_save(instance=app, user=user, reason=str(reasons.get(status, "")))


@transaction.atomic
def application_offer(*, policy: Policy, enterprise: Enterprise, user: User) -> Application:
    """免申即享: staff create the application for an enterprise the policy fits
    that has not applied; the enterprise is told."""
    if not is_zone_staff_for(user, policy.zone_id):
        raise PermissionDenied
    today = timezone.localdate()
    if not policy.checkable:
        raise ValidationError(_("This policy has no criteria the platform can check."))
    if not policy.in_force_on(today):
        raise ValidationError(_("The policy is not in force today."))
    if not eligible_enterprises(policy).filter(pk=enterprise.pk).exists():
        raise ValidationError(
            _("%(enterprise)s does not meet the policy's criteria.") % {"enterprise": enterprise}
        )
    if Application.objects.filter(policy=policy, enterprise=enterprise).exists():
        raise ValidationError(
            _("%(enterprise)s already has an application under this policy.")
            % {"enterprise": enterprise}
        )
    app = Application(
        policy=policy,
        enterprise=enterprise,
        origin=Application.Origin.PROACTIVE,
        submitted_on=today,
        requested_amount=policy.amount_for(None),
        is_sample=False,
    )
    app.full_clean()
    return record_save(instance=app, user=user, reason=_("Offered without application (免申即享)"))


# --- Disbursements --------------------------------------------------------------------------


@on_write(Disbursement)
def disbursement_written(payment: Disbursement) -> None:
    """Inside the write's transaction: the application's payments stay within
    the amount approved (all or nothing); the enterprise hears of each payment."""
    app = (
        Application.objects.select_for_update()
        .select_related("policy", "enterprise")
        .get(pk=payment.application_id)
    )
    total = disbursed_total(app.pk)
    if total and app.status != AS.APPROVED:
        raise ValidationError(_("Only an approved application is paid."))
    if total > (app.approved_amount or Decimal(0)):
        raise ValidationError(
            _(
                "Payments on application %(number)s would total %(total)s, more than the "
                "%(approved)s approved. Nothing was saved."
            )
            % {
                "number": app.number,
                "total": yuan(total),
                "approved": yuan(app.approved_amount),
            }
        )
    if payment.pk is not None and payment.changed("amount"):
        with override(settings.LANGUAGE_CODE):
            notify(
                users=enterprise_users(app.enterprise_id),
                title=_("Payment of %(amount)s on application %(number)s")
                % {"amount": yuan(payment.amount), "number": app.number},
                body=_("Paid on %(day)s. Paid so far: %(total)s of %(approved)s approved.")
                % {
                    "day": payment.paid_on,
                    "total": yuan(total),
                    "approved": yuan(app.approved_amount),
                },
                url=app.get_absolute_url(),
            )


# --- Financing ------------------------------------------------------------------------------


@on_write(FinancingCase)
def financing_written(case: FinancingCase) -> None:
    if case.pk is None:
        return
    before, created = case.loaded("status"), getattr(case, "_created", False)
    if _acting_enterprise_user(case):
        if created and case.status != FS.APPLIED:
            raise ValidationError(_("Only the zone's staff record the lender's answer."))
        if not created and before != FS.APPLIED:
            raise ValidationError(_("The request is being handled; it can no longer be changed."))
    url = case.get_absolute_url()
    with override(settings.LANGUAGE_CODE):
        if created and _acting_enterprise_user(case):
            notify(
                users=zone_people(case.enterprise.zone_id),
                title=_("New financing request: %(case)s") % {"case": case},
                body=_("Amount asked: %(amount)s.") % {"amount": yuan(case.amount_requested)},
                url=url,
            )
        elif not created and before != case.status:
            body = (
                _("Amount granted: %(amount)s.") % {"amount": yuan(case.amount_granted)}
                if case.status == FS.GRANTED
                else ""
            )
            notify(
                users=enterprise_users(case.enterprise_id),
                title=_("Financing %(case)s: %(status)s")
                % {"case": case, "status": FS(case.status).label},
                body=body,
                url=url,
            )
