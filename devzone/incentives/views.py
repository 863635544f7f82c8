"""Pages of incentives beyond the generic ones: the enterprises a policy fits
(免申即享) with the one-click application for them, the review of an
application, and the totals per zone and year."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.core.filters import query_id, query_year
from devzone.core.forms import options_html
from devzone.core.models import Enterprise, Zone
from devzone.core.money import to_wan
from devzone.core.scoping import Role, is_zone_staff_for, scope_of

from . import selectors, services
from .forms import ReviewForm
from .models import Application, Policy
from .tables import _amount_rule

SHOW = ("new", "applied", "all")


def _policy_for_staff(request, pk) -> Policy:
    """A policy the user may see; enterprise users never see the list of other enterprises."""
    policy = get_object_or_404(
        Policy.objects.visible_to(request.user).select_related("zone", "req_chain"), pk=pk
    )
    if scope_of(request.user).role == Role.ENTERPRISE:
        raise PermissionDenied
    return policy


@login_required
def eligible(request, pk):
    """免申即享: the enterprises the policy fits, those that never applied first."""
    policy = _policy_for_staff(request, pk)
    show = request.GET.get("show") if request.GET.get("show") in SHOW else "new"
    enterprises = selectors.eligible_enterprises(policy, request.user)
    counts = enterprises.aggregate(
        total=Count("pk"), applied=Count("pk", filter=Q(application_id__isnull=False))
    )
    if show == "new":
        enterprises = enterprises.filter(application_id__isnull=True)
    elif show == "applied":
        enterprises = enterprises.filter(application_id__isnull=False)
    page = Paginator(enterprises.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    statuses = dict(Application.Status.choices)
    rows = [
        {
            "enterprise": e,
            "status": statuses.get(e.application_status, ""),
        }
        for e in page.object_list
    ]
    return render(
        request,
        "incentives/eligible.html",
        {
            "policy": policy,
            "criteria": selectors.criteria(policy) if policy.checkable else [],
            "rows": rows,
            "page": page,
            "show": show,
            "total": counts["total"],
            "applied": counts["applied"],
            "never": counts["total"] - counts["applied"],
            "may_offer": is_zone_staff_for(request.user, policy.zone_id)
            and policy.in_force_on(today),
            "amount_text": _amount_rule(policy),
        },
    )


@login_required
@require_POST
def offer(request, pk, enterprise_pk):
    """Create the application for an eligible enterprise that never applied."""
    policy = _policy_for_staff(request, pk)
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=enterprise_pk)
    try:
        app = services.application_offer(policy=policy, enterprise=enterprise, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Application %(number)s was created for %(enterprise)s; the enterprise was told.")
            % {"number": app.number, "enterprise": enterprise},
        )
    return redirect(reverse("incentives:policy_eligible", args=[policy.pk]))


_FORM_FIELD = {
    "status": "decision",
    "approved_amount": "approved_amount",
    "decided_on": "decided_on",
    "decision_note": "note",
}


@login_required
def review(request, pk):
    """Start the review of an application, approve it with an amount, or reject it with a reason."""
    app = get_object_or_404(
        selectors.with_disbursed(Application.objects.visible_to(request.user)).select_related(
            "policy", "policy__zone", "enterprise"
        ),
        pk=pk,
    )
    if not services.can_review(request.user, app):
        raise PermissionDenied
    allowed = services.next_decisions(app)
    choices = [c for c in ReviewForm.DECISIONS if c[0] in allowed]
    if not choices:
        messages.info(
            request,
            _("Application %(number)s has been paid; it stays approved.") % {"number": app.number},
        )
        return redirect(app.get_absolute_url())
    if request.method == "POST":
        form = ReviewForm(request.POST)
        form.fields["decision"].choices = choices
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.application_decide(
                    application=app,
                    user=request.user,
                    status=data["decision"],
                    approved_amount=data["approved_amount"],
                    decided_on=data["decided_on"],
                    note=data["note"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        for error in errors:
                            form.add_error(_FORM_FIELD.get(field), error)
                else:
                    form.add_error(None, exc.messages)
            else:
                app.refresh_from_db()
                messages.success(
                    request,
                    _("Application %(number)s is now: %(status)s.")
                    % {"number": app.number, "status": app.get_status_display()},
                )
                return redirect(app.get_absolute_url())
    else:
        form = ReviewForm(
            initial={
                "decision": request.GET.get("decision")
                or (Application.Status.APPROVED if Application.Status.APPROVED in allowed else ""),
                "approved_amount": app.approved_amount
                or app.requested_amount
                or app.suggested_amount,
                "decided_on": timezone.localdate(),
                "note": app.decision_note,
            }
        )
        form.fields["decision"].choices = choices
    return render(
        request,
        "incentives/review.html",
        {
            "object": app,
            "form": form,
            "amount_text": _amount_rule(app.policy),
            "suggested_wan": to_wan(app.suggested_amount),
            "paid_wan": to_wan(app.disbursed),
        },
    )


def _year(text: str | None) -> int | None:
    return query_year(text)


@login_required
def summary(request):
    """Enterprises paid and amounts disbursed and financed, per zone and year."""
    zones = Zone.objects.visible_to(request.user).only("pk", "name").order_by("name")
    zone_text = request.GET.get("zone")
    if zone_text is None:
        zone_text = str(request.current_zone_id or "")
    zone = zones.filter(pk=query_id(zone_text)).first() if query_id(zone_text) else None
    year = _year(request.GET.get("year"))
    data = selectors.summary(request.user, zone_id=zone.pk if zone else None, year=year)
    categories = [str(y) for y, _t in data.by_year]

    def bar(title, amounts, filename):
        unit = selectors.scaled(0, like=max(amounts, default=0))[1]
        return {
            "type": "bar",
            "title": title,
            "unit": str(unit),
            "categories": categories,
            "values": [float(selectors.scaled(a, like=max(amounts))[0]) for a in amounts],
            "highlight": [y == year for y, _t in data.by_year],
            # Per point: a year's totals made of sample records say 示例 in the
            # tooltip (static/devzone/charts.js); the seed states no year's.
            "samples": [t.is_sample for _y, t in data.by_year],
            "sources": [t.source_note for _y, t in data.by_year],
            "sample_label": _("Sample"),
            "source_label": _("Source"),
            "filename": filename,
        }

    return render(
        request,
        "incentives/summary.html",
        {
            "zone": zone,
            "year": year,
            "zone_options": options_html(
                zones.values_list("pk", "name"), [zone.pk] if zone else []
            ),
            "data": data,
            "chart_disbursed": bar(
                _("Incentives paid (兑现)"),
                [t.disbursed for _y, t in data.by_year],
                "incentives-paid",
            ),
            "chart_financed": bar(
                _("Financing granted (融资)"),
                [t.financed for _y, t in data.by_year],
                "financing-granted",
            ),
        },
    )
