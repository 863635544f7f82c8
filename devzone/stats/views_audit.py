"""The rule-break page (审核查询): every open break of the audit rules by the
figures of the zones a user enters or approves, for a period, with the
explanations given for soft rules and a form to give one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import figures, services
from .auditing import rule_breaks
from .models import AuditRule, Indicator, IndicatorValue
from .periods import Period
from .views import _enterable_zones

MAX_ZONES = 300  # a national admin chooses a zone or narrows by the menu's zone switcher


def _period(request, zones) -> Period | None:
    text = request.GET.get("period") or request.POST.get("period") or ""
    try:
        return Period.parse(text)
    except ValueError:
        newest = (
            IndicatorValue.objects.filter(zone__in=zones)
            .order_by("-year", "-month")
            .values_list("year", "month")
            .first()
        )
        return Period(*newest) if newest else None


@login_required
def audit_breaks(request):
    zones = _enterable_zones(request.user).select_related("region").order_by("name")
    chosen = request.GET.get("zone") or request.POST.get("zone")
    if chosen and chosen.isdigit():
        zones = zones.filter(pk=int(chosen))
    elif request.current_zone_id:
        zones = zones.filter(pk=request.current_zone_id)
    zones = list(zones[: MAX_ZONES + 1])
    too_many = len(zones) > MAX_ZONES
    zones = zones[:MAX_ZONES]
    period = _period(request, zones)
    if request.method == "POST":
        zone = get_object_or_404(_enterable_zones(request.user), pk=request.POST.get("zone"))
        rule = get_object_or_404(AuditRule, pk=request.POST.get("rule"))
        indicator = get_object_or_404(Indicator, pk=request.POST.get("indicator"))
        try:
            services.audit_explain(
                zone=zone,
                rule=rule,
                indicator=indicator,
                period=period,
                text=request.POST.get("text", ""),
                user=request.user,
            )
            messages.success(request, _("Explanation saved."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{request.path}?period={period}&zone={zone.pk}")
    breaks = rule_breaks(zones=zones, period=period) if period else []
    can_explain = {z.pk for z in zones if figures.can_enter(request.user, z)}
    return render(
        request,
        "stats/audit_breaks.html",
        {
            "breaks": breaks,
            "period": period,
            "zones": zones,
            "too_many": too_many,
            "can_explain": can_explain,
            "hard": sum(b.is_hard for b in breaks),
            "unexplained": sum(not b.is_hard and b.explanation is None for b in breaks),
        },
    )
