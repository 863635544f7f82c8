"""Views of the core app other than the generic record views: home, account,
users, notifications, background jobs, zone switching, login records."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, importing, navigation
from .forms import ApiTokenForm, ThrottledAuthenticationForm, UserForm, manageable_user_or_404
from .models import BackgroundJob, LoginEvent, Notification, User
from .scoping import Role, scope_of
from .selectors import employees_by_zone, history_entries, zones_at_a_glance
from .services import (
    api_token_create,
    api_token_revoke,
    manageable_users,
    notifications_mark_read,
    set_current_zone,
    user_credentials_revoke,
    user_save,
    zones_beyond_reach,
)


def home(request):
    if not request.user.is_authenticated:
        return render(
            request, "core/welcome.html", {"sections": navigation.public_sections(request)}
        )
    # Zone users see each of their zones; the platform admin and viewers, who
    # may reach thousands, see the first ones and a link to the full list.
    glance = zones_at_a_glance(request.user, request.current_zone_id)
    zones = list(glance[: HOME_ZONE_LIMIT + 1])
    more = len(zones) > HOME_ZONE_LIMIT
    zones = zones[:HOME_ZONE_LIMIT]
    employees = employees_by_zone([z.pk for z in zones])
    for zone in zones:
        # For the page: the head count and whether it counts samples.
        total, samples = employees.get(zone.pk, (0, False))
        zone.employee_total = total  # type: ignore[attr-defined]
        zone.employee_samples = samples  # type: ignore[attr-defined]
    return render(
        request,
        "core/home.html",
        {
            "zones": zones,
            "scope": scope_of(request.user),
            "more": more,
            "zone_total": glance.count() if more else len(zones),
            "todos": navigation.todos_for(request),
            "panels": navigation.panels_for(request),
        },
    )


HOME_ZONE_LIMIT = 12


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "core/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """The user's own password: its other sessions end and its API tokens are
    revoked (Django would keep the tokens); this session goes on."""

    template_name = "core/password_change.html"
    success_url = "/account/password/done/"

    def form_valid(self, form):
        user_credentials_revoke(user=form.user)
        return super().form_valid(form)  # saves, then re-signs this session


@login_required
def account(request):
    new_key = request.session.pop("new_api_key", None)
    return render(
        request,
        "core/account.html",
        {
            "tokens": request.user.api_tokens.all(),
            "token_form": ApiTokenForm(),
            "new_key": new_key,
            "scope": scope_of(request.user),
        },
    )


@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        _token, key = api_token_create(user=request.user, name=form.cleaned_data["name"])
        request.session["new_api_key"] = key
        messages.success(request, _("Token created. Copy it now: it will not be shown again."))
    else:
        messages.error(request, _("Give the token a name."))
    return redirect("core:account")


@login_required
@require_POST
def token_revoke(request, pk):
    if not api_token_revoke(user=request.user, token_id=pk):
        raise Http404
    messages.success(request, _("Token revoked."))
    return redirect("core:account")


@login_required
@require_POST
def switch_zone(request):
    raw = request.POST.get("zone") or ""
    try:
        set_current_zone(request=request, zone_id=int(raw) if raw else None)
    except ValueError as exc:
        raise Http404 from exc
    target = request.POST.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home")
    return HttpResponseRedirect(target)


@login_required
def notifications(request):
    page = Paginator(request.user.notifications.all(), 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_read(request):
    ids = request.POST.getlist("id")
    notifications_mark_read(user=request.user, ids=[int(i) for i in ids if i.isdigit()] or None)
    return redirect("core:notifications")


@login_required
def notification_open(request, pk):
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    notifications_mark_read(user=request.user, ids=[note.pk])
    target = (
        note.url
        if note.url
        and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()})
        else reverse("core:notifications")
    )
    return HttpResponseRedirect(target)


# --- Users -------------------------------------------------------------------------------


def _require_user_admin(request):
    if not access.user_admin(scope_of(request.user)):
        raise PermissionDenied


@access.requires(access.user_admin)
def user_list(request):
    qs = (
        manageable_users(request.user)
        .select_related("region", "enterprise")
        .prefetch_related("zones")
    )
    term = request.GET.get("q", "").strip()
    if term:
        qs = (
            qs.filter(username__icontains=term)
            | qs.filter(first_name__icontains=term)
            | qs.filter(last_name__icontains=term)
        )
    role = request.GET.get("role")
    if role in Role.values:
        qs = qs.filter(role=role)
    page = Paginator(qs.order_by("username"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "core/user_list.html",
        {"page": page, "q": term, "roles": Role.choices, "role": role},
    )


@login_required
def user_edit(request, pk=None):
    _require_user_admin(request)
    user = manageable_user_or_404(request.user, pk) if pk else User()
    # Bound on every POST: a shared user's form may post no zone at all.
    data = request.POST if request.method == "POST" else None
    form = UserForm(data, instance=user, actor=request.user)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        zones = list(form.cleaned_data.get("zones") or []) + zones_beyond_reach(request.user, user)
        try:
            user_save(
                actor=request.user,
                user=obj,
                zones=zones,
                password=form.cleaned_data.get("password"),
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not give this role, zone or enterprise."))
        else:
            if obj.pk == request.user.pk:
                # The admin changed its own password or role: its other
                # sessions end, this one goes on.
                update_session_auth_hash(request, obj)
            messages.success(request, _("User %(user)s saved.") % {"user": obj.username})
            return redirect("core:user_detail", pk=obj.pk)
    return render(request, "core/user_form.html", {"form": form, "object": user if pk else None})


@login_required
def user_detail(request, pk):
    _require_user_admin(request)
    user = manageable_user_or_404(request.user, pk)
    return render(
        request,
        "core/user_detail.html",
        {
            "object": user,
            "history": history_entries(user),
            "logins": LoginEvent.objects.filter(user=user)[:10],
        },
    )


@access.requires(access.platform_admin)
def login_events(request):
    qs = LoginEvent.objects.select_related("user")
    if request.GET.get("failed"):
        qs = qs.filter(succeeded=False)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "core/login_events.html", {"page": page})


# --- Background jobs --------------------------------------------------------------------------


@login_required
def job_list(request):
    page = Paginator(BackgroundJob.objects.filter(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "core/job_list.html", {"page": page})


def _own_job(request, pk):
    return get_object_or_404(BackgroundJob, pk=pk, user=request.user)


@login_required
def job_detail(request, pk):
    job = _own_job(request, pk)
    from .resources import get_resource

    resource = get_resource(job.resource)
    template = (
        "core/_job_status.html" if request.headers.get("HX-Request") else "core/job_detail.html"
    )
    return render(
        request,
        template,
        {
            "job": job,
            "resource": resource,
            "list_url": reverse(resource.url_name("list")),
            "model_name_plural": resource.model._meta.verbose_name_plural,
        },
    )


@login_required
@require_POST
def job_confirm(request, pk):
    job = _own_job(request, pk)
    try:
        importing.import_confirm(job=job, user=request.user)
    except PermissionDenied:
        messages.error(request, _("This import cannot be confirmed now."))
    job.refresh_from_db()
    if job.status == BackgroundJob.Status.DONE:
        messages.success(request, _("%(n)s rows imported.") % {"n": job.processed})
    elif job.status == BackgroundJob.Status.INVALID:
        messages.error(
            request,
            _("Nothing was imported: the data changed since the preview. See the errors below."),
        )
    return redirect(job.get_absolute_url())


@login_required
def job_download(request, pk):
    job = _own_job(request, pk)
    if (
        job.kind != BackgroundJob.Kind.EXPORT
        or job.status != BackgroundJob.Status.DONE
        or not job.file
    ):
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
