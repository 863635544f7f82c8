"""The statistician's pages: the reporting-status matrix she starts from, the
entry grid of a zone's month, and its submit, approve and return actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import figures, selectors, services
from .auditing import rule_breaks
from .formatting import from_display_unit, in_display_unit
from .forms import EntryChoiceForm, parse_decimal
from .models import Indicator, IndicatorValue, ReportStatus
from .periods import Period, months_between
from .views import _enterable_zones, _period_or_404

# --- Entry -------------------------------------------------------------------------------


MATRIX_MONTHS = 12
MATRIX_ZONES = 50  # rows per page: a province's zones on one or two pages


@login_required
def entry_index(request):
    """Where the statistician starts: her zones × the last twelve months, each
    cell's status and count of figures, opening the month's grid."""
    zones = _enterable_zones(request.user).select_related("region").order_by("region__code", "name")
    form = EntryChoiceForm(
        request.GET if "period" in request.GET else None,
        zones=zones,
        initial={"zone": request.current_zone_id},
    )
    if form.is_bound and form.is_valid():
        return redirect(
            "stats:entry",
            zone_id=form.cleaned_data["zone"].pk,
            period=str(form.cleaned_data["period"]),
        )
    try:
        end = Period.parse(request.GET["end"]) if request.GET.get("end") else None
    except ValueError:
        end = None
    if request.current_zone_id and zones.filter(pk=request.current_zone_id).exists():
        zones = zones.filter(pk=request.current_zone_id)
    page = Paginator(zones, MATRIX_ZONES).get_page(request.GET.get("page"))
    zone_list = list(page.object_list)
    end = end or _matrix_end(request.user, [z.pk for z in zone_list])
    periods = months_between(end.shift(-(MATRIX_MONTHS - 1)), end)
    cells = selectors.status_matrix(
        user=request.user, zone_ids=[z.pk for z in zone_list], periods=periods
    )
    rows = [(z, [(p, cells[(z.pk, p)]) for p in periods]) for z in zone_list]
    reported = [sum(1 for z in zone_list if cells[(z.pk, p)].reported) for p in periods]
    return render(
        request,
        "stats/entry_index.html",
        {
            "form": form,
            "periods": periods,
            "rows": rows,
            "reported": list(zip(periods, reported, strict=True)),
            "page": page,
            "end": end,
            "earlier": end.shift(-MATRIX_MONTHS),
            "later": end.shift(MATRIX_MONTHS),
        },
    )


def _matrix_end(user, zone_ids) -> Period:
    """The matrix ends at the month after the newest figure (the next one to
    enter), and never after the month now due."""
    due = selectors.due_period()
    latest = (
        IndicatorValue.objects.visible_to(user)
        .filter(zone_id__in=zone_ids)
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )
    return min(due, Period(*latest).shift(1)) if latest else due


def _entry_zone(request, zone_id):
    zone = get_object_or_404(_enterable_zones(request.user).select_related("region"), pk=zone_id)
    return zone


@login_required
def entry(request, zone_id, period):
    zone = _entry_zone(request, zone_id)
    period = _period_or_404(period)
    can_enter = figures.can_enter(request.user, zone)
    can_approve = figures.can_approve(request.user, zone)
    indicators = list(Indicator.objects.filter(is_active=True))
    typed: dict[int, dict] = {}
    result = None
    if request.method == "POST":
        if not can_enter:
            raise PermissionDenied
        rows, parse_errors = [], {}
        for ind in indicators:
            raw_value = request.POST.get(f"value_{ind.pk}", "")
            raw_growth = request.POST.get(f"growth_{ind.pk}", "")
            reason = request.POST.get(f"reason_{ind.pk}", "")
            typed[ind.pk] = {"value": raw_value, "growth": raw_growth, "reason": reason}
            try:
                shown = parse_decimal(raw_value)
                value = from_display_unit(shown, ind)
                growth = parse_decimal(raw_growth)
            except ValueError:
                parse_errors[ind.pk] = [_("Enter a number.")]
                continue
            if value is not None or growth is not None:
                rows.append(services.EntryRow(ind, value, growth, reason, shown=shown))
        if parse_errors:
            result = services.EntryResult(errors=parse_errors)
        else:
            result = services.values_enter(
                zone=zone,
                period=period,
                rows=rows,
                user=request.user,
                confirmed=bool(request.POST.get("confirm")),
            )
            if result.ok:
                messages.success(request, _("%(n)s figures saved.") % {"n": result.saved})
                return redirect("stats:entry", zone_id=zone.pk, period=str(period))
        messages.error(request, _("Nothing was saved. See the marked lines."))
    existing = {
        v.indicator_id: v
        for v in IndicatorValue.objects.visible_to(request.user).filter(
            zone=zone, year=period.year, month=period.month
        )
    }
    last_year = {
        v.indicator_id: v
        for v in IndicatorValue.objects.visible_to(request.user).filter(
            zone=zone, year=period.year - 1, month=period.month
        )
    }
    # The catalogue, or with ?only=reported the indicators the zone reports
    # (those it has figures for in the twelve months to this one).
    start = period.shift(-12)
    reports = set(
        IndicatorValue.objects.filter(zone=zone)
        .filter(Q(year__gt=start.year) | Q(year=start.year, month__gte=start.month))
        .filter(Q(year__lt=period.year) | Q(year=period.year, month__lte=period.month))
        .values_list("indicator_id", flat=True)
        .distinct()
    )
    show_all = request.GET.get("only") != "reported" or not reports
    breaks: dict[int, list] = {}
    found = rule_breaks(zones=[zone], period=period)
    for item in found:
        breaks.setdefault(item.indicator.pk, []).append(item)
    lines = []
    for ind in indicators:
        if not show_all and ind.pk not in reports and not any(typed.get(ind.pk, {}).values()):
            continue
        current = existing.get(ind.pk)
        base = last_year.get(ind.pk)
        nominal = figures.nominal_growth(
            current.value if current else None, base.value if base else None
        )
        lines.append(
            {
                "indicator": ind,
                "current": current,
                "value": typed.get(ind.pk, {}).get(
                    "value", in_display_unit(current.value, ind) if current else ""
                ),
                "growth": typed.get(ind.pk, {}).get(
                    "growth",
                    current.stated_growth if current and current.stated_growth is not None else "",
                ),
                "reason": typed.get(ind.pk, {}).get("reason", ""),
                "last_year": in_display_unit(base.value, ind) if base else None,
                "nominal": nominal,
                "gap": figures.growth_gap_flagged(
                    current.stated_growth if current else None, nominal
                ),
                "errors": result.errors.get(ind.pk, []) if result else [],
                "warnings": result.warnings.get(ind.pk, []) if result else [],
                "rule_breaks": breaks.get(ind.pk, []),
                "skipped": period.month == 1 and not ind.january_reported,
                # A submitted figure waits for its approver: others cannot change it.
                "locked": bool(
                    current and current.status == ReportStatus.SUBMITTED and not can_approve
                ),
            }
        )
    statuses = {v.status for v in existing.values()}
    return render(
        request,
        "stats/entry.html",
        {
            "zone": zone,
            "period": period,
            "lines": lines,
            "can_enter": can_enter,
            "can_approve": can_approve,
            "has_drafts": ReportStatus.DRAFT in statuses,
            "has_submitted": ReportStatus.SUBMITTED in statuses,
            "cell": selectors.status_matrix(
                user=request.user, zone_ids=[zone.pk], periods=[period]
            )[(zone.pk, period)],
            "needs_confirm": bool(result and result.warnings),
            "show_all": show_all,
            "has_reports": bool(reports),
            "hidden": len(indicators) - len(lines),
            "hard_breaks": sum(b.is_hard for b in found),
            "unexplained_breaks": sum(not b.is_hard and b.explanation is None for b in found),
            "previous": period.shift(-1),
            "next": period.shift(1),
        },
    )


@login_required
@require_POST
def entry_action(request, zone_id, period, action):
    zone = _entry_zone(request, zone_id)
    period = _period_or_404(period)
    try:
        if action == "submit":
            n = services.values_submit(zone=zone, period=period, user=request.user)
            messages.success(request, _("%(n)s figures submitted for approval.") % {"n": n})
        elif action == "approve":
            n = services.values_approve(zone=zone, period=period, user=request.user)
            messages.success(request, _("%(n)s figures approved and locked.") % {"n": n})
        elif action == "return":
            n = services.values_return(
                zone=zone, period=period, user=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("%(n)s figures returned to the zone.") % {"n": n})
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("stats:entry", zone_id=zone.pk, period=str(period))
