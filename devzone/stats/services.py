"""Economic monitoring: the writes (entry, submit, approve, correct). What they
compute (growth, shares, single months, rankings, completion) and who enters
and approves are in ``figures.py``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core.scoping import Role
from devzone.core.selectors import zone_people
from devzone.core.services import notify, record_save, system_save

from .figures import (
    approval_by,
    can_approve,
    can_enter,
    is_outlier,
    status_after_correction,
)
from .formatting import format_value, same_as_shown
from .models import EnterpriseReport, Indicator, IndicatorValue, ReportStatus, Source
from .periods import Period

if TYPE_CHECKING:
    from devzone.core.models import User, Zone

    from .models import AuditExplanation, AuditRule

# --- Writes -----------------------------------------------------------------------------------


@dataclass
class EntryRow:
    """One indicator's line of the entry grid, as typed."""

    indicator: Indicator
    value: Decimal | None
    stated_growth: Decimal | None
    reason: str = ""
    # The figure as typed in the display unit (1.96 for 亿元), when it was typed
    # there: it then matches the stored figure at the precision it was shown.
    shown: Decimal | None = None

    def same_as(self, existing: IndicatorValue) -> bool:
        """Whether this row repeats the stored figure (no change to save)."""
        if self.stated_growth != existing.stated_growth:
            return False
        if self.shown is not None:
            return same_as_shown(existing.value, self.shown, self.indicator)
        return existing.value == self.value


@dataclass
class EntryResult:
    saved: int = 0
    errors: dict[int, list[str]] = field(default_factory=dict)  # indicator id → messages
    warnings: dict[int, list[str]] = field(default_factory=dict)  # need confirmation

    @property
    def ok(self) -> bool:
        return not self.errors and not self.warnings


def _check_row(
    row: EntryRow,
    period: Period,
    existing: IndicatorValue | None,
    previous: Decimal | None,
    user: User,
    zone: Zone,
    confirmed: bool,
) -> tuple[list[str], list[str]]:
    errors, warnings = [], []
    if row.value is not None and row.value < 0:
        errors.append(_("A total cannot be negative."))
    if row.stated_growth is not None and row.stated_growth < -100:
        errors.append(_("Growth cannot be below −100%."))
    if row.value is None and row.stated_growth is not None:
        errors.append(_("Enter the total as well as the growth."))
    if period.month == 1 and not row.indicator.january_reported and row.value is not None:
        errors.append(
            _("This indicator is first reported for January–February; enter it for month 2.")
        )
    if (
        existing is not None
        and existing.status == ReportStatus.APPROVED
        and row.value is not None
        and not row.same_as(existing)
        and not row.reason.strip()
    ):
        errors.append(_("This figure is approved: give a reason for the correction."))
    if (
        (
            existing is not None
            and existing.status == ReportStatus.SUBMITTED
            and not can_approve(user, zone)
        )
        and row.value is not None
        and not row.same_as(existing)
    ):
        errors.append(
            _("This figure is submitted and waits for approval; it cannot be changed now.")
        )
    check_outlier = not errors and row.value is not None and not confirmed
    # check_outlier: the value is not None.
    if check_outlier and is_outlier(row.value, previous, period.month, row.indicator.kind):  # type: ignore[arg-type]
        warnings.append(
            _("Far from last period's figure (%(previous)s). Check it and confirm.")
            % {"previous": format_value(previous, row.indicator)}
        )
    return errors, warnings


@transaction.atomic
def values_enter(
    *,
    zone: Zone,
    period: Period,
    rows: Sequence[EntryRow],
    user: User,
    source: str = Source.FORM,
    confirmed: bool = False,
    note: str = "",
) -> EntryResult:
    """Save a zone's figures of one period as drafts (or as corrections of
    approved ones, with a reason). Nothing is saved while any row has an error,
    or a warning that was not confirmed."""
    if not can_enter(user, zone):
        raise PermissionDenied
    result = EntryResult()
    indicator_ids = [r.indicator.pk for r in rows]
    existing = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(
            zone=zone, year=period.year, month=period.month, indicator_id__in=indicator_ids
        )
    }
    previous_period = period.previous_month()
    previous = {}
    if previous_period is not None:
        previous = dict(
            IndicatorValue.objects.filter(
                zone=zone,
                year=previous_period.year,
                month=previous_period.month,
                indicator_id__in=indicator_ids,
            ).values_list("indicator_id", "value")
        )
    for row in rows:
        errors, warnings = _check_row(
            row,
            period,
            existing.get(row.indicator.pk),
            previous.get(row.indicator.pk),
            user,
            zone,
            confirmed,
        )
        if errors:
            result.errors[row.indicator.pk] = errors
        if warnings:
            result.warnings[row.indicator.pk] = warnings
    if not result.ok:
        return result
    for row in rows:
        current = existing.get(row.indicator.pk)
        if row.value is None:
            continue
        if current is not None and row.same_as(current):
            # What was shown comes back: keep the stored, possibly finer, figure.
            continue
        obj = current or IndicatorValue(
            zone=zone, indicator=row.indicator, year=period.year, month=period.month
        )
        obj.value, obj.stated_growth, obj.source = row.value, row.stated_growth, source
        if note:
            obj.source_note = note
        if current is not None:
            obj.status = status_after_correction(status=current.status, zone=zone, user=user)
        record_save(instance=obj, user=user, reason=row.reason.strip())
        result.saved += 1
    return result


def _period_values(zone: Zone, period: Period, status: str) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(
        zone=zone, year=period.year, month=period.month, status=status
    )


def submission_blockers(*, zone: Zone, period: Period) -> list[str]:
    """Why a period's report cannot be submitted: every hard audit rule it
    breaks (强制性审核), and every soft one (核实性审核) left unexplained."""
    from .auditing import rule_breaks

    blockers = []
    for found in rule_breaks(zones=[zone], period=period):
        if found.is_hard:
            blockers.append(found.message)
        elif found.explanation is None:
            blockers.append(
                _("Explain before submitting: %(message)s") % {"message": found.message}
            )
    return blockers


@transaction.atomic
def values_submit(*, zone: Zone, period: Period, user: User) -> int:
    """Submit a period's drafts for approval; the approvers are told. A report
    that breaks a hard audit rule, or a soft one without an explanation, is
    refused with every reason (ValidationError) and nothing changes."""
    if not can_enter(user, zone):
        raise PermissionDenied
    drafts = list(_period_values(zone, period, ReportStatus.DRAFT))
    if drafts:
        blockers = submission_blockers(zone=zone, period=period)
        if blockers:
            raise ValidationError(blockers)
    now = timezone.now()
    for value in drafts:
        value.status, value.submitted_at = ReportStatus.SUBMITTED, now
        record_save(instance=value, user=user, reason=_("Submitted"))
    if drafts:
        notify(
            users=approvers_of(zone),
            title=_("Figures submitted for approval: %(zone)s %(period)s")
            % {"zone": zone.short_name or zone.name, "period": str(period)},
            url=f"/stats/entry/{zone.pk}/{period}/",
        )
    return len(drafts)


@transaction.atomic
def values_approve(*, zone: Zone, period: Period, user: User) -> int:
    """Approve and lock a period's submitted figures."""
    if not can_approve(user, zone):
        raise PermissionDenied
    submitted = list(_period_values(zone, period, ReportStatus.SUBMITTED))
    now = timezone.now()
    for value in submitted:
        value.status, value.approved_at, value.approved_by = ReportStatus.APPROVED, now, user
        # The approver (a region's viewer, perhaps) may not edit the zone's
        # figures: can_approve above is the check, so it is a system write.
        system_save(instance=value, reason=_("Approved"), on_behalf_of=user)
    return len(submitted)


@transaction.atomic
def values_return(*, zone: Zone, period: Period, user: User, reason: str) -> int:
    """Send submitted figures back to the zone as drafts, with a reason."""
    if not can_approve(user, zone):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the figures go back."))
    submitted = list(_period_values(zone, period, ReportStatus.SUBMITTED))
    for value in submitted:
        value.status = ReportStatus.DRAFT
        system_save(instance=value, reason=reason.strip(), on_behalf_of=user)
    if submitted:
        notify(
            users=zone_people(zone),
            title=_("Figures returned: %(zone)s %(period)s")
            % {"zone": zone.short_name, "period": str(period)},
            body=reason,
            url=f"/stats/entry/{zone.pk}/{period}/",
        )
    return len(submitted)


def approvers_of(zone: Zone) -> QuerySet[User]:
    from devzone.core.models import User

    if approval_by() == "region_viewer":
        codes = [zone.region.code[:2] + "0000", zone.region.code[:4] + "00", zone.region.code]
        return User.objects.filter(role=Role.REGION_VIEWER, region__code__in=codes, is_active=True)
    return zone_people(zone, roles=frozenset({Role.ZONE_ADMIN}))


def report_save(*, report: EnterpriseReport, user: User, reason: str = "") -> EnterpriseReport:
    return record_save(instance=report, user=user, reason=reason)


@transaction.atomic
def report_advance(*, report: EnterpriseReport, user: User, action: str) -> EnterpriseReport:
    """Move an enterprise report on: ``submit`` (its enterprise or zone staff) a
    draft, ``approve`` (the zone's approver) a submitted one, which locks it."""
    zone = report.enterprise.zone
    if action == "submit":
        if (
            report.status != ReportStatus.DRAFT
            or not EnterpriseReport.objects.editable_by(user).filter(pk=report.pk).exists()
        ):
            raise PermissionDenied
        report.status, report.submitted_at = ReportStatus.SUBMITTED, timezone.now()
        record_save(instance=report, user=user, reason=_("Submitted"))
        notify(
            users=approvers_of(zone),
            title=_("Enterprise report submitted: %(report)s") % {"report": report},
            url=report.get_absolute_url(),
        )
    elif action == "approve":
        if report.status != ReportStatus.SUBMITTED or not can_approve(user, zone):
            raise PermissionDenied
        report.status, report.approved_at, report.approved_by = (
            ReportStatus.APPROVED,
            timezone.now(),
            user,
        )
        system_save(instance=report, reason=_("Approved"), on_behalf_of=user)
    else:
        raise ValidationError(_("Unknown action."))
    return report


@transaction.atomic
def audit_explain(
    *, zone: Zone, rule: AuditRule, indicator: Indicator, period: Period, text: str, user: User
) -> AuditExplanation:
    """Record why a figure breaks a soft audit rule (核实性审核说明), for the
    approver; a second explanation replaces the first, in the history."""
    from .models import AuditExplanation

    if not can_enter(user, zone):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the explanation."))
    if rule.severity != rule.Severity.SOFT:
        raise ValidationError(_("A hard rule cannot be explained away: correct the figures."))
    explanation = AuditExplanation.objects.filter(
        zone=zone, rule=rule, indicator=indicator, year=period.year, month=period.month
    ).first() or AuditExplanation(
        zone=zone, rule=rule, indicator=indicator, year=period.year, month=period.month
    )
    explanation.text = text
    return record_save(instance=explanation, user=user, reason=_("Audit explanation"))
