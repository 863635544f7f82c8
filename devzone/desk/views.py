"""Pages of the service desk beyond the generic ones: a request's lifecycle
actions, the zone dashboard, and the public's form and tracking page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from devzone.core.access import not_enterprise, requires
from devzone.core.filters import query_id, query_year
from devzone.core.forms import options_html
from devzone.core.generic import ObjectDetailView
from devzone.core.masking import may_read_staff_only
from devzone.core.network import client_ip
from devzone.core.resources import get_resource
from devzone.core.scoping import can_change, scope_of
from devzone.core.selectors import default_zone

from . import selectors, services
from .forms import NoteForm, PublicRequestForm, RateForm, ReopenForm, TrackForm
from .models import Escalation, ServiceRequest, format_code

# --- A request's page and its actions ------------------------------------------------------


def deadline_rows(obj: ServiceRequest, today) -> list[dict]:
    """Each deadline: its day, when it was met, and how it stands."""
    rows = []
    pending = obj.pending_deadline
    for kind, label, done in (
        ("accept", _("Accept (受理)"), obj.accepted_at),
        ("answer", _("Answer (答复)"), obj.answered_at),
        ("resolve", _("Resolve (办结)"), obj.resolved_at),
    ):
        due = getattr(obj, f"{kind}_due")
        if done is not None:
            state = "met" if timezone.localdate(done) <= due else "late"
        elif obj.is_open and due < today:
            state = "overdue"
        elif pending is not None and pending[0] == kind:
            state = "due"
        else:
            state = "waiting"
        rows.append({"kind": kind, "label": label, "due": due, "done": done, "state": state})
    return rows


def _is_requester(user, obj) -> bool:
    scope = scope_of(user)
    return scope.enterprise_id is not None and scope.enterprise_id == obj.enterprise_id


# The steps the page offers in each status.
STEPS = {
    ServiceRequest.Status.RECEIVED: ("accept",),
    ServiceRequest.Status.ACCEPTED: ("answer", "resolve"),
    ServiceRequest.Status.ANSWERED: ("resolve",),
}


def _unsaved_text(obj, typed) -> str:
    """An answer or resolution refused because the request moved meanwhile:
    shown again, as no form of the page now takes it."""
    if not typed or not typed.get("text", "").strip():
        return ""
    return "" if typed.get("step") in STEPS.get(obj.status, ()) else typed["text"]


def notice_feedback_model():
    # Reached through the request's relation: projects sits above the desk (its
    # notice boards make desk requests), so the desk imports nothing of it.
    return ServiceRequest._meta.get_field("notice_feedback").related_model


def request_detail_context(obj: ServiceRequest, request) -> dict:
    user = request.user
    typed = request.POST if request.method == "POST" else None
    today = timezone.localdate()
    return {
        "staff": can_change(user, obj),
        # The notice-board message the request was made from, for whoever reads both.
        "notice_feedback": notice_feedback_model()
        .objects.visible_to(user)
        .filter(pk=obj.notice_feedback_id)
        .select_related("project")
        .first()
        if obj.notice_feedback_id
        else None,
        "requester": _is_requester(user, obj),
        "show_code": may_read_staff_only(user, obj),
        "deadlines": deadline_rows(obj, today),
        "follow_ups": list(obj.follow_ups.select_related("author").order_by("created_at", "pk")),
        "escalations": list(
            Escalation.objects.visible_to(user).filter(request=obj).prefetch_related("recipients")
        ),
        "note_form": NoteForm(typed if typed and "note" in typed else None),
        "rate_form": RateForm(typed if typed and "rating" in typed else None),
        "reopen_form": ReopenForm(typed if typed and "reason" in typed else None),
        "typed": typed or {},
        "unsaved_text": _unsaved_text(obj, typed),
        "today": today,
        "rate_url": reverse("desk:request_action", args=[obj.pk, "rate"]),
        "reopen_url": reverse("desk:request_action", args=[obj.pk, "reopen"]),
        "callback_url": reverse("desk:request_action", args=[obj.pk, "callback"]),
        "callback_reopen_url": reverse("desk:request_action", args=[obj.pk, "callback_reopen"]),
    }


ACTIONS = {
    "accept": (
        lambda obj, req: services.request_accept(
            request=obj, user=req.user, note=req.POST.get("note", "")
        ),
        gettext_lazy("The request was accepted."),
    ),
    "answer": (
        lambda obj, req: services.request_answer(
            request=obj, user=req.user, text=req.POST.get("text", "")
        ),
        gettext_lazy("The answer was recorded."),
    ),
    "resolve": (
        lambda obj, req: services.request_resolve(
            request=obj, user=req.user, text=req.POST.get("text", "")
        ),
        gettext_lazy("The request was resolved; the requester is asked to rate it."),
    ),
    "note": (
        lambda obj, req: services.request_add_note(
            request=obj, user=req.user, note=req.POST.get("note", "")
        ),
        gettext_lazy("The follow-up was added to the log."),
    ),
    "rate": (
        lambda obj, req: services.request_rate(
            request=obj,
            user=req.user,
            rating=req.POST.get("rating"),
            comment=req.POST.get("comment", ""),
        ),
        gettext_lazy("Thank you for your rating."),
    ),
    "reopen": (
        lambda obj, req: services.request_reopen(
            request=obj, user=req.user, reason=req.POST.get("reason", "")
        ),
        gettext_lazy("The request was reopened; its deadlines start again from today."),
    ),
    "callback": (
        lambda obj, req: services.request_callback(
            request=obj,
            user=req.user,
            rating=req.POST.get("rating"),
            comment=req.POST.get("comment", ""),
        ),
        gettext_lazy("The requester's rating from the call back was recorded."),
    ),
    "callback_reopen": (
        lambda obj, req: services.request_reopen_on_callback(
            request=obj, user=req.user, reason=req.POST.get("reason", "")
        ),
        gettext_lazy("The request was reopened; its deadlines start again from today."),
    ),
}


@login_required
@require_POST
def request_action(request, pk, action):
    """One step of a request's lifecycle. A refused step changes nothing and
    shows the page again with the reason and what was typed."""
    obj = get_object_or_404(ServiceRequest.objects.visible_to(request.user), pk=pk)
    if action not in ACTIONS:
        raise PermissionDenied
    perform, done = ACTIONS[action]
    try:
        perform(obj, request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        view = ObjectDetailView(resource=get_resource("desk:requests"))
        view.setup(request, pk=pk)
        return view.get(request, pk)
    messages.success(request, done)
    return redirect(obj.get_absolute_url())


# --- Dashboard -----------------------------------------------------------------------------


def _year(text, years, default):
    return query_year(text) if query_year(text) in years else default


@requires(not_enterprise)
def dashboard(request):
    zones = selectors.dashboard_zones(request.user).only("pk", "name", "short_name")
    zones = zones.order_by("name")
    # Without a zone: the user's own, else the one with most requests.
    zone = default_zone(request, zones, ServiceRequest.objects.all())
    context = {
        "zone": zone,
        "zone_options": options_html(zones.values_list("pk", "name"), [zone.pk] if zone else []),
    }
    if zone is not None:
        today = timezone.localdate()
        requests = selectors.dashboard_requests(zone)
        years, default = selectors.dashboard_years(requests, today=today)
        year = _year(request.GET.get("year"), years, default)
        data = selectors.dashboard(requests, year=year, today=today)
        figures_sample = requests.filter(is_sample=True).exists()
        charts = selectors.dashboard_charts(data)
        if figures_sample:
            # Each point's tooltip says 示例 (static/devzone/charts.js).
            for spec in charts.values():
                spec["samples"] = [True] * len(spec.get("values") or spec["categories"])
                spec["sample_label"] = _("Sample")
        context.update(
            {
                "years": years,
                "data": data,
                # The figures count requests invented for the demo: they say so.
                "figures_sample": figures_sample,
                "charts": charts,
                "list_url": reverse("desk:request_list") + f"?zone={zone.pk}",
            }
        )
    return render(request, "desk/dashboard.html", context)


# --- The public's form and tracking page ---------------------------------------------------

TRACKED = "desk_tracked_codes"
TRACK_FAILURES = services.TRACK_FAILURES  # per address; the counts live in services


def _mark_tracked(request, code: str) -> None:
    codes = [c for c in request.session.get(TRACKED, []) if c != code][-19:]
    request.session[TRACKED] = [*codes, code]


def service_form(request):
    """The public's request form (a zone's 24-hour service desk on the web).
    A signed-in enterprise user's request goes to its company's zone and is
    its company's."""
    scope = scope_of(request.user)
    enterprise_zone = None
    if scope.enterprise_id is not None:
        enterprise_zone = request.user.enterprise.zone
    initial = {}
    if request.method == "GET":
        chosen = request.GET.get("zone", "")
        if query_id(chosen):
            initial["zone"] = query_id(chosen)
        if enterprise_zone is not None:
            initial["contact_name"] = request.user.get_full_name()
            initial["contact_phone"] = request.user.phone
    form = PublicRequestForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        enterprise_zone=enterprise_zone,
    )
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.request_submit(
                user=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            message = _(
                "Your request was received. Its tracking code is %(code)s: keep it with "
                "your phone number to follow it and rate it."
            ) % {"code": format_code(obj.code)}
            messages.success(request, message)
            if enterprise_zone is not None:
                return redirect(obj.get_absolute_url())
            _mark_tracked(request, obj.code)
            return redirect("service:status", code=obj.code)
    return render(
        request,
        "desk/public_form.html",
        {"form": form, "enterprise_zone": enterprise_zone, "scope": scope},
    )


def track(request):
    """The tracking code and the phone given with the request open it."""
    form = TrackForm(request.POST if request.method == "POST" else None)
    http_status = 200
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.request_track(
                code=form.cleaned_data["code"],
                phone=form.cleaned_data["phone"],
                ip=client_ip(request),
            )
        except services.TrackingThrottled:
            form.add_error(None, _("Too many attempts. Please try again in a few minutes."))
            http_status = 429
        else:
            if obj is not None:
                _mark_tracked(request, obj.code)
                return redirect("service:status", code=obj.code)
            form.add_error(None, _("No request has this tracking code and phone number."))
    return render(request, "desk/public_track.html", {"form": form}, status=http_status)


def _tracked(request, code: str) -> ServiceRequest | None:
    if code not in request.session.get(TRACKED, []):
        return None
    return ServiceRequest.objects.select_related("zone", "category").filter(code=code).first()


def _status_page(request, obj, *, rate_form=None, reopen_form=None):
    return render(
        request,
        "desk/public_status.html",
        {
            "obj": obj,
            "deadlines": deadline_rows(obj, timezone.localdate()),
            "follow_ups": list(obj.follow_ups.order_by("created_at", "pk")),
            "public": True,
            "rate_form": rate_form or RateForm(),
            "reopen_form": reopen_form or ReopenForm(),
        },
    )


def status(request, code):
    """The requester's own request, opened by its code and phone (nothing else)."""
    obj = _tracked(request, code)
    if obj is None:
        messages.info(request, _("Give the tracking code and your phone number to open a request."))
        return redirect("service:track")
    return _status_page(request, obj)


@require_POST
def rate(request, code):
    obj = _tracked(request, code)
    if obj is None:
        return redirect("service:track")
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.request_rate(
                request=obj,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("service:status", code=code)
    return _status_page(request, obj, rate_form=form)


@require_POST
def reopen(request, code):
    obj = _tracked(request, code)
    if obj is None:
        return redirect("service:track")
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.request_reopen(request=obj, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, _("The request was reopened; its deadlines start again from today.")
            )
            return redirect("service:status", code=code)
    return _status_page(request, obj, reopen_form=form)
