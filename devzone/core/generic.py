"""Generic list, detail, create, edit, delete, history, import and export views,
written once. A resource (``resources.Resource``) supplies the model's specifics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from . import exporting, importing
from .forms import ImportForm, ScopedModelForm
from .resources import Column, Resource, register_pages, resources_of
from .scoping import can_change, can_create, can_delete, scope_of
from .selectors import history_entries
from .services import EditConflict, record_delete, record_save, record_void


class ResourceView(LoginRequiredMixin, View):
    resource: Resource = None  # type: ignore[assignment]  # given by as_view(resource=…)

    def get_queryset(self):
        return self.resource.base_queryset(self.request.user)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def context(self, **extra):
        r = self.resource
        return {
            "resource": r,
            "model_name": r.model._meta.verbose_name,
            "model_name_plural": r.model._meta.verbose_name_plural,
            "list_url": reverse(r.url_name("list")),
            **extra,
        }


class ListAccessMixin:
    """A list (and its export) opens for whom ``Resource.allowed`` admits: the
    rule that hides its menu item and buttons (``core.access.may_open``). A
    record's own pages answer 404 to whoever cannot see the record instead."""

    resource: Resource

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.resource.allowed(scope_of(request.user)):
            raise PermissionDenied
        # Mixed in before a View, whose dispatch this is.
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ObjectListView(ListAccessMixin, ResourceView):
    template_name = "core/object_list.html"

    def get(self, request):
        r = self.resource
        filterset, qs, sort = r.filtered(request)
        per_page = request.GET.get("per_page")
        per_page = int(per_page) if per_page in ("25", "50", "100") else r.paginate_by
        page = Paginator(qs, per_page).get_page(request.GET.get("page"))
        columns = r.list_columns()
        rows = [(obj, [c.value(obj, request.user) for c in columns]) for obj in page.object_list]
        params = request.GET.copy()
        params.pop("page", None)
        sort_params = params.copy()
        sort_params.pop("sort", None)
        ctx = self.context(
            filterset=filterset,
            columns=columns,
            rows=rows,
            page=page,
            sort=sort,
            sortable=r.sortable(),
            query=params.urlencode(),
            sort_query=sort_params.urlencode(),
            q=request.GET.get("q", ""),
            can_create=r.editable and can_create(request.user, r.model),
            can_import=r.import_spec is not None and can_create(request.user, r.model),
            export_url=reverse(r.url_name("export")),
            **r.list_context(request, qs),
        )
        template = (
            "core/_object_table.html" if request.headers.get("HX-Request") else r.list_template
        )
        return render(request, template, ctx)


class ObjectDetailView(ResourceView):
    def get(self, request, pk):
        r = self.resource
        obj = self.get_object()
        fields = [
            (
                Column(name).header(r.model),
                Column(name).value(obj, request.user),
            )
            for name in r.detail_fields
        ]
        # A stated record's invented details, by the label the page shows them under.
        sample_details = {
            Column(name).header(r.model): name
            for name in r.detail_fields
            if name.split(".")[0] in (getattr(obj, "sample_fields", None) or ())
        }
        return render(
            request,
            r.detail_template,
            self.context(
                object=obj,
                fields=fields,
                sample_details=sample_details,
                related=r.related_lists(obj, request),
                can_change=r.editable and can_change(request.user, obj),
                can_delete=r.editable and not r.voidable and can_delete(request.user, obj),
                can_void=r.editable
                and r.voidable
                and obj.voided_at is None
                and can_change(request.user, obj),
                history=history_entries(obj, request.user)[:5],
                **r.detail_context(obj, request),
            ),
        )


class ObjectFormMixin(ResourceView):
    template_name = "core/object_form.html"

    def make_form(self, instance=None, data=None):
        kwargs = {"user": self.request.user, "instance": instance, "data": data}
        if instance is None and data is None:
            kwargs["initial"] = self.initial()
        return self.form_class(**kwargs)

    @property
    def form_class(self) -> type[ScopedModelForm]:
        # Only editable resources, which all declare their form, have form pages.
        assert self.resource.form_class is not None
        return self.resource.form_class

    def initial(self) -> dict:
        initial = {k: v for k, v in self.request.GET.items() if k in self.form_class.base_fields}
        zone_id = getattr(self.request, "current_zone_id", None)
        if zone_id and "zone" in self.form_class.base_fields:
            initial.setdefault("zone", zone_id)
        return initial

    def save(self, form, instance_version=None):
        obj = form.save(commit=False)
        try:
            record_save(
                instance=obj,
                user=self.request.user,  # type: ignore[arg-type]  # LoginRequiredMixin: signed in
                expected_version=form.cleaned_data.get("version"),
                reason=self.request.POST.get("change_reason", "")[:100],
            )
        except EditConflict as conflict:
            form.conflict = conflict
            form.add_error(
                None,
                _(
                    "Someone else saved this record after you opened it. Their changes are listed "
                    "below; your entries are kept. Review them and save again to overwrite."
                ),
            )
            form.data = form.data.copy()
            form.data["version"] = conflict.current_version
            return None
        except ValidationError as exc:
            # Refused by what depends on the record (e.g. a schedule that no longer fits).
            form.add_error(None, exc.messages)
            return None
        form.save_m2m()
        return obj

    def render_form(self, form, obj=None):
        return render(
            self.request,
            self.template_name,
            self.context(form=form, object=obj, conflict=getattr(form, "conflict", None)),
        )


class ObjectCreateView(ObjectFormMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_create(request.user, self.resource.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render_form(self.make_form())

    def post(self, request):
        form = self.make_form(data=request.POST)
        if form.is_valid():
            try:
                obj = self.save(form)
            except PermissionDenied:
                form.add_error(None, _("You may not create a record there."))
                obj = None
            if obj is not None:
                messages.success(
                    request,
                    _("%(name)s “%(obj)s” was created.")
                    % {"name": self.resource.model._meta.verbose_name, "obj": obj},
                )
                return redirect(obj.get_absolute_url())
        return self.render_form(form)


class ObjectEditView(ObjectFormMixin):
    def get_queryset(self):
        return super().get_queryset().editable_by(self.request.user)

    def get_object(self):
        obj = (
            super().get_object()
            if self.get_queryset().filter(pk=self.kwargs["pk"]).exists()
            else None
        )
        if obj is None:
            # Visible but not editable: forbidden; not visible at all: not found.
            if self.resource.base_queryset(self.request.user).filter(pk=self.kwargs["pk"]).exists():
                raise PermissionDenied
            raise Http404
        return obj

    def get(self, request, pk):
        obj = self.get_object()
        return self.render_form(self.make_form(instance=obj), obj)

    def post(self, request, pk):
        obj = self.get_object()
        form = self.make_form(instance=obj, data=request.POST)
        if form.is_valid():
            try:
                saved = self.save(form)
            except PermissionDenied:
                form.add_error(None, _("You may not move this record outside your zones."))
                saved = None
            if saved is not None:
                messages.success(request, _("Your changes were saved."))
                return redirect(saved.get_absolute_url())
        return self.render_form(form, obj)


class ObjectDeleteView(ResourceView):
    template_name = "core/object_delete.html"

    def get_object(self):
        obj = super().get_object()
        if not can_delete(self.request.user, obj):
            raise PermissionDenied
        return obj

    def get(self, request, pk):
        return render(request, self.template_name, self.context(object=self.get_object()))

    def post(self, request, pk):
        obj = self.get_object()
        label, back = str(obj), obj.get_absolute_url()
        try:
            record_delete(
                instance=obj, user=request.user, reason=request.POST.get("change_reason", "")[:100]
            )
        except ProtectedError as exc:
            names = "、".join(sorted({str(o) for o in list(exc.protected_objects)[:5]}))
            messages.error(
                request,
                _("“%(obj)s” cannot be deleted while other records refer to it: %(names)s.")
                % {"obj": label, "names": names},
            )
            return redirect(back)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        messages.success(request, _("“%(obj)s” was deleted.") % {"obj": label})
        return redirect(self.resource.url_name("list"))


class ObjectVoidView(ResourceView):
    """作废: a record that is never deleted is voided with a reason."""

    template_name = "core/object_void.html"

    def get_object(self):
        obj = super().get_object()
        if not can_change(self.request.user, obj):
            raise PermissionDenied
        return obj

    def get(self, request, pk):
        return render(request, self.template_name, self.context(object=self.get_object()))

    def post(self, request, pk):
        obj = self.get_object()
        try:
            record_void(instance=obj, user=request.user, reason=request.POST.get("void_reason", ""))
        except ValidationError as exc:
            return render(
                request,
                self.template_name,
                self.context(
                    object=obj, errors=exc.messages, typed=request.POST.get("void_reason", "")
                ),
            )
        messages.success(request, _("“%(obj)s” was voided.") % {"obj": obj})
        return redirect(obj.get_absolute_url())


class ObjectHistoryView(ResourceView):
    def get(self, request, pk):
        obj = self.get_object()
        return render(
            request,
            "core/object_history.html",
            self.context(object=obj, history=history_entries(obj, request.user)),
        )


class ObjectExportView(ListAccessMixin, ResourceView):
    def get(self, request):
        fmt = request.GET.get("format", "xlsx")
        if fmt not in exporting.FORMATS:
            raise Http404
        params = request.GET.copy()
        params.pop("format", None)
        params.pop("page", None)
        _filterset, qs, _sort = self.resource.filtered(request, params)
        count = qs.count()
        if count > exporting.background_threshold():
            job = exporting.export_start(
                resource=self.resource,
                user=request.user,
                fmt=fmt,
                params=params.urlencode(),
                current_zone_id=getattr(request, "current_zone_id", None),
                total=count,
            )
            messages.info(
                request, _("The export of %(n)s rows runs in the background.") % {"n": count}
            )
            return redirect(job.get_absolute_url())
        return exporting.export_response(self.resource, qs, request.user, fmt)


class ImportTemplateView(ResourceView):
    def get(self, request, fmt):
        if fmt not in exporting.FORMATS:
            raise Http404
        return importing.template_response(self.resource, fmt)


class ObjectImportView(ResourceView):
    template_name = "core/object_import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_create(request.user, self.resource.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(
            request,
            self.template_name,
            self.context(form=ImportForm(), spec=self.resource.import_spec),
        )

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = importing.import_start(
                    resource=self.resource, user=request.user, upload=form.cleaned_data["file"]
                )
            except importing.ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                return redirect(job.get_absolute_url())
        return render(
            request,
            self.template_name,
            self.context(form=form, spec=self.resource.import_spec),
            status=400,
        )


register_pages(
    {
        "list": ObjectListView,
        "export": ObjectExportView,
        "detail": ObjectDetailView,
        "history": ObjectHistoryView,
        "add": ObjectCreateView,
        "edit": ObjectEditView,
        "void": ObjectVoidView,
        "delete": ObjectDeleteView,
        "import": ObjectImportView,
        "import_template": ImportTemplateView,
    }
)


def resource_urls(namespace: str) -> list:
    """The generic pages of every resource of an app, for its URLconf."""
    patterns: list = []
    for resource in resources_of(namespace):
        patterns += resource.urls()
    return patterns
