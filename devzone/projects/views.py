"""Pages of investment projects beyond the generic ones: the wall chart, the
public notice board, the baseline, leads becoming projects and the funnel."""

from __future__ import annotations

import io
from datetime import date

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.core.access import not_enterprise, requires
from devzone.core.filters import query_id, query_year
from devzone.core.forms import options_html
from devzone.core.models import User, Zone
from devzone.core.network import client_ip
from devzone.core.selectors import default_zone
from devzone.desk.models import format_code

from . import selectors, services
from .forms import PublicFeedbackForm
from .models import Lead, Project

# --- Wall chart (挂图作战) -----------------------------------------------------------------


def _wall_filters(request, zones):
    """The wall chart's choices, from the query string; unknown values are ignored.
    Without a zone it opens on the user's zone, else the one with most key projects."""
    zone = default_zone(
        request, zones, selectors.key_projects(Project.objects.visible_to(request.user))
    )
    stage = request.GET.get("stage", "")
    level = request.GET.get("level", "")
    leader = request.GET.get("leader", "")
    return {
        "zone": zone,
        "stage": stage if stage in Project.Stage.values else "",
        "level": level if level in Project.KeyLevel.values else "",
        "leader": query_id(leader),
    }


def wall_projects(user, choice):
    projects = Project.objects.visible_to(user).filter(zone=choice["zone"])
    projects = selectors.key_projects(projects)
    if choice["stage"]:
        projects = projects.filter(stage=choice["stage"])
    if choice["level"]:
        projects = projects.filter(key_level=choice["level"])
    if choice["leader"]:
        projects = projects.filter(leader_id=choice["leader"])
    return projects


def _chart_height(data) -> int:
    """Room for up to 40 rows; more scroll inside the chart."""
    if not data:
        return 0
    rows = sum(1 + len(p["tasks"]) for p in data["projects"])
    return max(320, min(rows, 40) * 26 + 80)


@requires(not_enterprise)
def wall_chart(request):
    zones = Zone.objects.visible_to(request.user).only("pk", "name", "short_name").order_by("name")
    choice = _wall_filters(request, zones)
    data = None
    leaders = User.objects.none()
    if choice["zone"] is not None:
        data = selectors.wall_chart(wall_projects(request.user, choice), today=timezone.localdate())
        leaders = User.objects.filter(
            pk__in=Project.objects.visible_to(request.user)
            .filter(zone=choice["zone"])
            .values("leader_id")
        ).order_by("username")
    return render(
        request,
        "projects/wall_chart.html",
        {
            "zone_options": options_html(
                zones.values_list("pk", "name"), [choice["zone"].pk] if choice["zone"] else []
            ),
            "choice": choice,
            "data": data,
            "leaders": leaders,
            "stages": Project.Stage.choices,
            "levels": Project.KeyLevel.choices[1:],
            "chart_height": _chart_height(data),
        },
    )


# --- Baseline ------------------------------------------------------------------------------


@login_required
@require_POST
def save_baseline(request, pk):
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    try:
        count = services.save_baseline(project=project, user=request.user)
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The baseline of %(count)s tasks was saved.") % {"count": count}
        )
    return redirect(project.get_absolute_url() + "#schedule")


# --- Public notice board (公示牌) ---------------------------------------------------------


def _public_project(code: str) -> Project:
    return get_object_or_404(
        Project.objects.select_related("zone", "leader", "agent", "parent"),
        notice_code=code,
        notice_board=True,
    )


def _board_context(request, project, form):
    url = request.build_absolute_uri(reverse("notice:board", args=[project.notice_code]))
    board = selectors.notice_board(project)
    return {
        "project": project,
        "parent": board.parent,
        "start": board.start,
        "phases": board.phases,
        "tasks": board.tasks,
        "form": form,
        "board_url": url,
        "qr_svg": segno.make(url, error="m").svg_inline(scale=4, dark="#1d273b"),
        "today": timezone.localdate(),
    }


def notice_board(request, code):
    """Readable by anyone, without login: only what the notice board shows."""
    project = _public_project(code)
    form = PublicFeedbackForm()
    if request.method == "POST":
        form = PublicFeedbackForm(request.POST)
        if form.is_valid():
            try:
                feedback = services.submit_feedback(
                    project=project, ip=client_ip(request), **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your message reached the project's responsible staff. "
                        "Follow it at %(url)s with the code %(code)s and your phone."
                    )
                    % {
                        "url": request.build_absolute_uri(reverse("service:track")),
                        "code": format_code(feedback.service_request.code),
                    }
                    if feedback.contact_phone
                    else _("Thank you. Your message reached the project's responsible staff."),
                )
                return redirect(reverse("notice:board", args=[code]) + "#feedback")
    return render(request, "projects/notice_board.html", _board_context(request, project, form))


def notice_sign(request, code):
    """The printable sign (A4 portrait) that stands at the site."""
    project = _public_project(code)
    return render(request, "projects/notice_sign.html", _board_context(request, project, None))


def notice_qr(request, code):
    project = _public_project(code)
    url = request.build_absolute_uri(reverse("notice:board", args=[project.notice_code]))
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, dark="#1d273b")
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="notice-{project.pk}.svg"'
    return response


# --- Leads ----------------------------------------------------------------------------------


@login_required
@require_POST
def convert_lead(request, pk):
    lead = get_object_or_404(Lead.objects.visible_to(request.user), pk=pk)
    try:
        project = services.convert_lead(lead=lead, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(lead.get_absolute_url())
    messages.success(
        request, _("The lead became the project “%(project)s”.") % {"project": project}
    )
    return redirect(project.get_absolute_url())


def _year(text: str | None, default: int) -> int:
    year = query_year(text)
    return year if year is not None else default


@requires(not_enterprise)
def lead_funnel(request):
    leads = Lead.objects.visible_to(request.user)
    zones = Zone.objects.filter(pk__in=leads.values("zone_id")).order_by("name")
    zone_id = request.GET.get("zone") or request.current_zone_id
    zone = zones.filter(pk=query_id(zone_id)).first() if query_id(zone_id) else None
    if zone is not None:
        leads = leads.filter(zone=zone)
    years = sorted({d.year for d in leads.dates("first_contact_on", "year")}, reverse=True)
    year = request.GET.get("year", "")
    year = _year(year, 0) if year else None
    if year:
        leads = leads.filter(
            first_contact_on__gte=date(year, 1, 1), first_contact_on__lte=date(year, 12, 31)
        )
    steps, regions = selectors.lead_funnel(leads)
    chart = {
        "type": "funnel",
        "title": _("Investment-promotion funnel"),
        "categories": [s.label for s in steps],
        "values": [s.reached for s in steps],
        "samples": [s.any_sample for s in steps],
        "sample_label": _("Sample"),
        "filename": "funnel",
    }
    return render(
        request,
        "projects/lead_funnel.html",
        {
            "zones": zones,
            "zone": zone,
            "years": years,
            "year": year,
            "steps": steps,
            "regions": regions,
            "chart": chart,
        },
    )
