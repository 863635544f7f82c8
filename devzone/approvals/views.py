"""Pages of the approval service beyond the generic ones: the projects'
overview, a project's items, adding several items, the generated letters,
documents, the savings figures and the agent's worklist."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core.filters import query_id, query_year
from devzone.core.models import Zone
from devzone.core.money import to_wan
from devzone.core.responses import file_response
from devzone.core.scoping import can_change, can_create, can_delete
from devzone.projects.models import Project

from . import documents, figures, selectors, services
from .forms import AddItemsForm, DocumentUploadForm
from .models import ApprovalDocument, ProjectApproval

Mode = ProjectApproval.Mode


def _approvals(request):
    """The items the user may see, in the zone it works in now."""
    return ProjectApproval.objects.visible_to(request.user).in_zone(request.current_zone_id)


def _int(text) -> int | None:
    return query_id(text)


# --- Overview of projects ----------------------------------------------------------------------


@login_required
def overview(request):
    approvals = _approvals(request)
    zones = Zone.objects.filter(pk__in=approvals.values("project__zone_id")).order_by("name")
    zone = (
        zones.filter(pk=_int(request.GET.get("zone"))).first() if request.GET.get("zone") else None
    )
    if zone is not None:
        approvals = approvals.filter(project__zone=zone)
    q = request.GET.get("q", "").strip()
    if q:
        approvals = approvals.filter(project__name__icontains=q)
    page = Paginator(selectors.project_overview(approvals), 25).get_page(request.GET.get("page"))
    projects = Project.objects.select_related("zone", "agent", "leader").in_bulk(
        [row["project_id"] for row in page.object_list]
    )
    rows = [
        {**row, "project": projects[row["project_id"]], "fees_wan": to_wan(row["fees"])}
        for row in page.object_list
    ]
    startable = (
        Project.objects.editable_by(request.user)
        .in_zone(request.current_zone_id)
        .filter(approvals__isnull=True)
        .order_by("zone__name", "name")
        .values_list("pk", "name")
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "approvals/overview.html",
        {
            "rows": rows,
            "page": page,
            "zones": zones,
            "zone": zone,
            "q": q,
            "query": params.urlencode(),
            "startable": list(startable[:500]) if can_create(request.user, ProjectApproval) else [],
        },
    )


@login_required
def start(request):
    """From the overview: open the page that adds items to the chosen project."""
    project = get_object_or_404(
        Project.objects.editable_by(request.user), pk=_int(request.GET.get("project")) or 0
    )
    return redirect("approvals:add_items", pk=project.pk)


# --- A project's items ----------------------------------------------------------------------------


def _project(request, pk) -> Project:
    return get_object_or_404(
        Project.objects.visible_to(request.user).select_related("zone", "agent", "leader"), pk=pk
    )


@login_required
def project_approvals(request, pk):
    project = _project(request, pk)
    items = list(
        ProjectApproval.objects.filter(project=project)
        .select_related("item", "agent")
        .annotate(document_count=Count("documents"))
        .order_by("item__sort_order", "item__name")
    )
    counted = [a for a in items if a.days_saved or a.fee_saved]
    total_days = sum(a.days_saved for a in items)
    total_fees = sum((a.fee_saved for a in items), start=Decimal(0))
    editable = Project.objects.editable_by(request.user).filter(pk=project.pk).exists()
    return render(
        request,
        "approvals/project_approvals.html",
        {
            "project": project,
            "items": items,
            "counted": counted,
            "days_terms": [f"{a.item.name} {a.days_saved}" for a in counted if a.days_saved],
            "fee_terms": [f"{a.item.name} {a.fee_saved:.0f}" for a in counted if a.fee_saved],
            "total_days": total_days,
            "total_months": figures.months(total_days),
            "total_calendar_days": figures.calendar_days(total_days),
            "total_fees": total_fees,
            "total_fees_wan": to_wan(total_fees),
            "can_add": editable and can_create(request.user, ProjectApproval),
            "commitment_items": sum(1 for a in items if a.mode == Mode.COMMITMENT),
            "today": timezone.localdate(),
        },
    )


@login_required
def add_items(request, pk):
    project = _project(request, pk)
    if not (
        can_create(request.user, ProjectApproval)
        and Project.objects.editable_by(request.user).filter(pk=project.pk).exists()
    ):
        raise PermissionDenied
    form = AddItemsForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.project_items_add(
                project=project, user=request.user, modes=form.chosen()
            )
        except ValidationError as exc:
            for item_id, errors in exc.message_dict.items():
                name = f"mode_{item_id}"
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(
                request, _("%(n)s items were added to the project.") % {"n": len(created)}
            )
            return redirect("approvals:project", pk=project.pk)
    return render(
        request,
        "approvals/add_items.html",
        {"project": project, "form": form},
    )


# --- Generated letters ----------------------------------------------------------------------------

KINDS = ("commitment", "notice")


def _letter_response(request, kind, approvals, back):
    try:
        filename, content = documents.generate(kind, approvals)
    except documents.NoTemplate:
        messages.error(
            request,
            _("There is no template of this kind: a zone admin or the platform admin adds one."),
        )
        return redirect(back)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    return file_response(content, filename, documents.DOCX)


@login_required
def letter(request, pk, kind):
    if kind not in KINDS:
        raise Http404
    approval = get_object_or_404(
        ProjectApproval.objects.visible_to(request.user).select_related(
            "project__zone", "project__agent", "item", "agent"
        ),
        pk=pk,
    )
    if approval.mode != Mode.COMMITMENT:
        messages.error(
            request, _("Only commitment-based items have a commitment letter and notice.")
        )
        return redirect(approval.get_absolute_url())
    return _letter_response(request, kind, [approval], approval.get_absolute_url())


@login_required
def commitment_book(request, pk, kind):
    """All the project's commitment-based items in one letter ("一本制")."""
    if kind not in KINDS:
        raise Http404
    project = _project(request, pk)
    approvals = list(
        ProjectApproval.objects.visible_to(request.user)
        .filter(project=project, mode=Mode.COMMITMENT)
        .select_related("project__zone", "project__agent", "item", "agent")
        .order_by("item__sort_order", "item__name")
    )
    back = reverse("approvals:project", args=[project.pk])
    if not approvals:
        messages.error(request, _("The project has no commitment-based items."))
        return redirect(back)
    return _letter_response(request, kind, approvals, back)


# --- Documents ----------------------------------------------------------------------------------


@login_required
def document_upload(request, pk):
    approval = get_object_or_404(
        ProjectApproval.objects.visible_to(request.user).select_related("project", "item"), pk=pk
    )
    if not can_change(request.user, approval):
        raise PermissionDenied
    posted = request.method == "POST"
    form = DocumentUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                approval=approval,
                user=request.user,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("The document was uploaded."))
            return redirect(approval.get_absolute_url() + "#documents")
    return render(
        request,
        "approvals/document_upload.html",
        {"approval": approval, "form": form, "accept": ",".join(documents.ALLOWED_UPLOADS)},
    )


def _document(request, pk) -> ApprovalDocument:
    return get_object_or_404(
        ApprovalDocument.objects.visible_to(request.user).select_related(
            "approval__project", "approval__item"
        ),
        pk=pk,
    )


@login_required
def document_download(request, pk):
    document = _document(request, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=document.filename)


@login_required
def document_delete(request, pk):
    document = _document(request, pk)
    if not can_delete(request.user, document):
        raise PermissionDenied
    if request.method == "POST":
        back = document.approval.get_absolute_url() + "#documents"
        label = str(document)
        services.document_delete(
            document=document,
            user=request.user,
            reason=request.POST.get("change_reason", "")[:100],
        )
        messages.success(request, _("“%(obj)s” was deleted.") % {"obj": label})
        return redirect(back)
    return render(
        request,
        "core/object_delete.html",
        {"object": document, "model_name": ApprovalDocument._meta.verbose_name},
    )


# --- Savings ------------------------------------------------------------------------------------


@login_required
def savings(request):
    approvals = ProjectApproval.objects.visible_to(request.user)
    zones = Zone.objects.filter(pk__in=approvals.values("project__zone_id")).order_by("name")
    zone_id = _int(request.GET.get("zone")) if "zone" in request.GET else request.current_zone_id
    zone = zones.filter(pk=zone_id).first() if zone_id else None
    if zone is not None:
        approvals = approvals.filter(project__zone=zone)
    years = [
        d.year
        for d in approvals.filter(status=ProjectApproval.Status.DONE).dates("approved_on", "year")
    ]
    year = query_year(request.GET.get("year"))
    year = year if year in years else None
    result = selectors.savings(approvals, year=year)
    charts = _savings_charts(result)
    return render(
        request,
        "approvals/savings.html",
        {
            "zones": zones,
            "zone": zone,
            "years": years,
            "year": year,
            "s": result,
            "charts": charts,
            "per_month": figures.WORKING_DAYS_PER_MONTH,
            "per_year": figures.WORKING_DAYS_PER_YEAR,
        },
    )


def _savings_charts(result) -> list[tuple[str, dict]]:
    if len(result.years) < 2 and len(result.zones) < 2:
        return []
    if len(result.zones) >= 2:
        categories = [z.zone for z in result.zones]
        fees = [float(z.fees_wan) for z in result.zones]
        days = [z.days for z in result.zones]
        samples = [z.figure_is_sample for z in result.zones]
    else:
        categories = [str(y) for y, _s in result.years]
        fees = [float(s.fees_wan) for _y, s in result.years]
        days = [s.days for _y, s in result.years]
        samples = [s.figure_is_sample for _y, s in result.years]
    blank = [False] * len(categories)
    # Per point: made of sample records, its tooltip says 示例 (static/devzone/charts.js).
    provenance = {
        "samples": samples,
        "sources": [""] * len(categories),
        "sample_label": _("Sample"),
        "source_label": _("Source"),
    }
    return [
        (
            "chart-fees",
            {
                "type": "bar",
                "title": _("Document-preparation fees saved"),
                "unit": _("10,000 yuan"),
                "categories": categories,
                "values": fees,
                "highlight": blank,
                **provenance,
                "filename": "fees-saved",
            },
        ),
        (
            "chart-days",
            {
                "type": "bar",
                "title": _("Working days saved"),
                "unit": _("working days"),
                "categories": categories,
                "values": days,
                "highlight": blank,
                **provenance,
                "filename": "days-saved",
            },
        ),
    ]


# --- Worklist -------------------------------------------------------------------------------------


@login_required
def worklist(request):
    today = timezone.localdate()
    rows = selectors.worklist(
        ProjectApproval.objects.visible_to(request.user), agent=request.user, today=today
    )
    return render(
        request,
        "approvals/worklist.html",
        {
            "rows": rows,
            "today": today,
            "overdue": sum(1 for r in rows if r.overdue),
            "in_progress": sum(1 for r in rows if r.approval.applied_on),
        },
    )
