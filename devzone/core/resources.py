"""A ``Resource`` declares one model's list, detail, forms, filters, export and
import; the generic views, exports and imports read it. An app's resource is a
few declarations, not new code paths."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.forms import modelform_factory
from django.urls import path
from django.utils.module_loading import autodiscover_modules

from .forms import ScopedModelForm, say_all_in_filters, use_fast_selects
from .masking import (
    PERSONAL_FIELDS,
    mask_personal,
    may_read_staff_only,
    searchable_fields,
    staff_only_fields,
    strictly_masked,
)
from .scoping import is_zone_staff_for, reaches, zone_id_of

if TYPE_CHECKING:
    from django_filters import FilterSet

    from .importing import ImportSpec
    from .models import TrackedModel

_registry: dict[str, Resource] = {}


@dataclass
class Column:
    """One column of a list page and of its exports."""

    name: str
    label: Any = None  # defaults to the model field's verbose_name
    accessor: str | Callable[[Any], Any] | None = None  # attribute path (a.b) or callable
    order_by: str | tuple[str, ...] | None = None  # DB lookup(s) for sorting; None: not sortable
    link: bool = False  # link to the record's page
    # Masked for anyone but the zone's own staff; a column named after a
    # personal field (core.masking.PERSONAL_FIELDS) is masked without saying so.
    personal: bool = False
    in_list: bool = True
    in_export: bool = True

    def header(self, model) -> str:
        if self.label is not None:
            return str(self.label)
        return str(model._meta.get_field(self.name.split(".")[0]).verbose_name)

    def raw(self, obj) -> Any:
        if callable(self.accessor):
            return self.accessor(obj)
        target = obj
        parts = (self.accessor or self.name).split(".")
        for part in parts[:-1]:
            target = getattr(target, part, None)
            if target is None:
                return None
        last = parts[-1]
        display = getattr(target, f"get_{last}_display", None)
        if display is not None:
            return display()
        return getattr(target, last, None)

    def value(self, obj, user) -> Any:
        value = self.raw(obj)
        if self.name in staff_only_fields(type(obj)) and not may_read_staff_only(user, obj):
            return None
        personal = self.personal or (self.accessor is None and self.name in PERSONAL_FIELDS)
        if personal and value and not is_zone_staff_for(user, zone_id_of(obj)):
            return mask_personal(str(value), strict=strictly_masked(type(obj)))
        return value


class Resource:
    """One model's declaration, from which its pages and its API derive:

    - ``fields``, what a user writes: the form (``form_class``, a
      ``ScopedModelForm`` built with these fields; a resource whose form needs
      widgets, amounts in 万元 or its own checks names a ``ScopedModelForm``
      subclass without ``Meta.model`` / ``Meta.fields``), the API's writable
      fields (``core.api.ScopedModelSerializer`` with ``Meta.resource``) and
      the fields an import column may fill;
    - ``columns``, the list's and exports' columns (by default one per field);
    - ``search_fields``, ``filterset_class``, sortable columns and
      ``select_related``: the list page's and, through the viewset's
      ``resource``, the API's (``core.api.ScopedModelViewSet``)."""

    name: str  # URL segment, e.g. "enterprises"
    url_prefix: str  # URL name prefix, e.g. "enterprise"
    namespace: str = "core"
    model: type[TrackedModel]
    fields: tuple[str, ...] = ()
    columns: list[Column]
    filterset_class: type[FilterSet] | None = None
    form_class: type[ScopedModelForm] | None = None
    search_fields: tuple[str, ...] = ()
    default_ordering: tuple[str, ...] = ("pk",)
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    detail_fields: tuple[str, ...] = ()
    import_spec: ImportSpec | None = None
    detail_template = "core/object_detail.html"
    paginate_by = 25
    # Whether lists narrow to the user's current zone (switcher).
    follows_current_zone = True
    # False for records written only by their own workflow (e.g. statistics
    # entry): no generic add, edit or delete pages.
    editable = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "model" in cls.__dict__:
            _derive(cls)
        if "name" in cls.__dict__:
            register(cls())

    @property
    def key(self) -> str:
        """The resource's name in the registry and in background jobs: names
        repeat across apps (both projects and the desk have "follow-ups")."""
        return f"{self.namespace}:{self.name}"

    # --- querying --------------------------------------------------------------------------
    def allowed(self, scope) -> bool:
        """Who opens the resource's pages (and sees links to them): by default
        whoever its scope rule can show a row. ``core.access.may_open`` reads it."""
        # The generic views require a login (LoginRequiredMixin), public rows or not.
        return scope.authenticated and reaches(self.model.scope_rule, scope)

    def base_queryset(self, user, current_zone_id=None) -> models.QuerySet:
        qs = self.model.objects.visible_to(user)
        if self.follows_current_zone:
            qs = qs.in_zone(current_zone_id)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def sortable(self) -> dict[str, tuple[str, ...]]:
        result = {}
        for col in self.columns:
            if col.order_by:
                result[col.name] = (
                    (col.order_by,) if isinstance(col.order_by, str) else col.order_by
                )
        return result

    def search(self, qs, term: str, user=None):
        term = (term or "").strip()
        fields = (
            self.search_fields
            if user is None
            else searchable_fields(self.model, self.search_fields, user)
        )
        if not term or not fields:
            return qs
        q = Q()
        for field in fields:
            q |= Q(**{f"{field}__icontains": term})
        return qs.filter(q)

    def order(self, qs, sort: str | None):
        sortable = self.sortable()
        key = (sort or "").lstrip("-")
        if key in sortable:
            desc = (sort or "").startswith("-")
            return qs.order_by(*[f"-{f}" if desc else f for f in sortable[key]], "pk"), sort
        return qs.order_by(*self.default_ordering, "pk"), ""

    @property
    def voidable(self) -> bool:
        """Records never deleted but voided with a reason (``core.models.Voidable``)."""
        from .models import Voidable

        return issubclass(self.model, Voidable)

    def filtered(self, request, params=None):
        """The list as a user sees it: scope, current zone, filters, search, sort.
        Void records are left out unless ``?voided=only`` (or ``all``) asks for them."""
        params = request.GET if params is None else params
        qs = self.base_queryset(request.user, getattr(request, "current_zone_id", None))
        if self.voidable:
            qs = voided_filter(qs, params.get("voided"))
        filterset = None
        if self.filterset_class is not None:
            filterset = self.filterset_class(params, queryset=qs, request=request)
            say_all_in_filters(filterset.form)
            use_fast_selects(filterset.form)
            qs = filterset.qs if filterset.is_valid() else qs.none()
        qs = self.search(qs, params.get("q", ""), request.user)
        qs, sort = self.order(qs, params.get("sort"))
        return filterset, qs, sort

    def list_columns(self) -> list[Column]:
        return [c for c in self.columns if c.in_list]

    def export_columns(self) -> list[Column]:
        return [c for c in self.columns if c.in_export]

    # --- URLs ----------------------------------------------------------------------------------
    def url_name(self, action: str) -> str:
        return f"{self.namespace}:{self.url_prefix}_{action}"

    def urls(self) -> list:
        if not _pages:
            raise ImproperlyConfigured(
                "The generic pages are not loaded: use generic.resource_urls"
            )
        pages = _pages
        p, n = self.name, self.url_prefix

        def route(suffix, view, action):
            return path(f"{p}/{suffix}", view.as_view(resource=self), name=f"{n}_{action}")

        patterns = [
            route("", pages["list"], "list"),
            route("export/", pages["export"], "export"),
            route("<int:pk>/", pages["detail"], "detail"),
            route("<int:pk>/history/", pages["history"], "history"),
        ]
        if self.editable:
            patterns += [
                route("add/", pages["add"], "add"),
                route("<int:pk>/edit/", pages["edit"], "edit"),
                # A voidable record is never deleted: voided with a reason instead.
                route("<int:pk>/void/", pages["void"], "void")
                if self.voidable
                else route("<int:pk>/delete/", pages["delete"], "delete"),
            ]
        if self.import_spec is not None:
            patterns += [
                route("import/", pages["import"], "import"),
                route("import/template.<str:fmt>", pages["import_template"], "import_template"),
            ]
        return patterns

    list_template = "core/object_list.html"

    def list_context(self, request, queryset) -> dict:
        """Extra context of the list page (e.g. a summary of what it lists)."""
        return {}

    def detail_context(self, obj, request) -> dict:
        """Extra context of a record's page (e.g. workflow actions)."""
        return {}

    def related_lists(self, obj, request) -> list[dict]:
        """Lists shown under a record (e.g. a zone's enterprises)."""
        return []


def _derive(cls) -> None:
    """Complete a resource class from its ``fields``: the form built on them
    (or its field list read from a form that declares its own), a column per
    field when it declares none; and check that its import columns fill
    fields of its form."""
    form = cls.__dict__.get("form_class")
    declared = getattr(getattr(form, "_meta", None), "fields", None)
    if cls.__dict__.get("fields"):
        if declared:
            raise ImproperlyConfigured(
                f"{cls.__qualname__} declares its fields twice: in fields and in "
                f"{form.__qualname__}.Meta.fields"
            )
        cls.form_class = modelform_factory(
            cls.model, form=form or ScopedModelForm, fields=cls.fields
        )
        cls.form_class.__name__ = cls.form_class.__qualname__ = (
            form.__name__ if form else f"{cls.model.__name__}Form"
        )
    elif declared:
        cls.fields = tuple(declared)
    if "columns" not in cls.__dict__ and cls.fields:
        written = [n for n in cls.fields if not cls.model._meta.get_field(n).many_to_many]
        cls.columns = [
            # The sample mark is exported, not listed (as every resource's own columns do).
            Column(n, order_by=n, link=i == 0, in_list=n != "is_sample")
            for i, n in enumerate(written)
        ]
    spec = cls.__dict__.get("import_spec")
    # A column that fills no field is the context of another's ``resolve_in_row``.
    in_row = spec is not None and any(c.resolve_in_row for c in spec.columns)
    if spec is not None and cls.form_class is not None and not in_row:
        fields = cls.form_class.base_fields
        strays = [c.field for c in spec.columns if c.field not in fields]
        if strays:
            raise ImproperlyConfigured(
                f"{cls.__qualname__}'s import columns {strays} fill no field of its form"
            )


def voided_filter(qs, choice: str | None):
    """``only``: the void records; ``all``: every record; else the live ones."""
    if choice == "all":
        return qs
    return qs.filter(voided_at__isnull=choice != "only")


def register(resource: Resource) -> None:
    """Add a resource; a second resource under the same key is a mistake that
    would silently replace the first, so it stops start-up, naming both."""
    existing = _registry.get(resource.key)
    if existing is not None and _origin(existing) != _origin(resource):
        raise ImproperlyConfigured(
            f"Two resources are named {resource.key!r}: {_origin(existing)} and {_origin(resource)}"
        )
    _registry[resource.key] = resource


def _origin(resource: Resource) -> str:
    return f"{type(resource).__module__}.{type(resource).__qualname__}"


def discover() -> None:
    """Import every installed app's ``tables`` module, which declares its
    resources (called from CoreConfig.ready, so the registry is full as soon
    as Django is set up, whether or not any URLconf has been loaded)."""
    autodiscover_modules("tables")


def get_resource(key: str) -> Resource:
    """A resource by its key, "namespace:name" (a job written before keys had
    their namespace names only the resource, which is accepted when unique)."""
    if key in _registry:
        return _registry[key]
    matches = [r for r in _registry.values() if r.name == key]
    if len(matches) == 1:
        return matches[0]
    raise KeyError(key)


def resources_of(namespace: str) -> list[Resource]:
    """An app's resources, in the order they are declared."""
    return [r for r in _registry.values() if r.namespace == namespace]


# The generic pages' views (``generic.py``, which sits above the resources it
# serves) register here, by action: list, detail, add, edit, … .
_pages: dict[str, type] = {}


def register_pages(views: dict[str, type]) -> None:
    _pages.update(views)
