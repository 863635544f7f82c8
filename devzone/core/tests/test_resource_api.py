"""Page and API are one declaration: the API lists what the page lists for the
same search and filters, and writes the fields the page's form writes."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from devzone.core.api import _TRACKED, ScopedModelViewSet, _is_field_path
from devzone.core.resources import _registry, get_resource


def _viewsets(patterns=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _viewsets(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            cls = getattr(pattern.callback, "cls", None)
            if cls and issubclass(cls, ScopedModelViewSet):
                yield cls


VIEWSETS = sorted(set(_viewsets()), key=lambda v: v.__name__)


def test_every_model_viewset_names_its_resource():
    unnamed = [v.__name__ for v in VIEWSETS if not v.resource]
    assert not unnamed
    models = {get_resource(v.resource).model for v in VIEWSETS}
    assert models == {v.serializer_class.Meta.model for v in VIEWSETS}


@pytest.mark.parametrize("viewset", VIEWSETS, ids=lambda v: v.__name__)
def test_page_and_api_search_and_filter_alike(viewset):
    resource = get_resource(viewset.resource)
    assert resource.model is viewset.serializer_class.Meta.model
    assert list(viewset.search_fields) == list(resource.search_fields)
    assert viewset.filterset_class is resource.filterset_class
    for column, lookups in resource.sortable().items():
        paths = {lookup.lstrip("-") for lookup in lookups}
        fields = {p for p in paths if _is_field_path(resource.model, p)}
        assert fields <= set(viewset.ordering_fields), column


def _written_through_the_api():
    """(resource, viewset) of every editable resource with a form and an API
    endpoint: a resource without an API has nothing to compare, and is not a
    test that skips."""
    by_key = {v.resource: v for v in VIEWSETS}
    return [
        (resource, by_key[resource.key])
        for resource in _registry.values()
        if resource.editable and resource.form_class is not None and resource.key in by_key
    ]


@pytest.mark.parametrize(
    "resource,viewset",
    _written_through_the_api(),
    ids=lambda v: getattr(v, "key", None) or v.__name__,
)
def test_the_api_writes_what_the_form_writes(resource, viewset):
    """Forms and serializers derive from the resource's fields: a field the page
    writes is written by the API too."""
    form_fields = set(resource.form_class.base_fields) - {"version"}
    fields = viewset.serializer_class().get_fields()
    written = {n for n, f in fields.items() if not f.read_only and n not in _TRACKED}
    assert form_fields == set(resource.fields)
    assert form_fields <= written


@pytest.mark.django_db
def test_the_api_finds_a_project_by_its_enterprise_as_the_page_does(world):
    """The page searched a project's enterprises, location and description; the
    API searched name and location only."""
    from devzone.projects.models import Project

    project = Project.objects.create(zone=world.zone_a, name="甲项目", planned_investment=1)
    project.enterprises.add(world.ent_a)
    Project.objects.create(zone=world.zone_a, name="乙项目", planned_investment=1)
    client = APIClient()
    client.force_authenticate(world.users["zone_admin"])
    found = client.get("/api/v1/projects/projects/", {"search": "甲企业"}).json()
    assert [row["id"] for row in found["results"]] == [project.pk]
    page = world.client("zone_admin").get("/projects/projects/", {"q": "甲企业"})
    assert [obj.pk for obj, _values in page.context["rows"]] == [project.pk]


def test_a_resource_derives_its_form_and_columns_from_its_fields():
    from django import forms

    from devzone.core.forms import ScopedModelForm
    from devzone.core.models import CalendarDay
    from devzone.core.resources import Resource

    class Days(Resource):  # no name: declared, not registered
        model = CalendarDay
        fields = ("day", "working", "name")

    assert issubclass(Days.form_class, ScopedModelForm)
    assert list(Days.form_class.base_fields) == ["day", "working", "name", "version"]
    assert [(c.name, c.order_by, c.link) for c in Days.columns] == [
        ("day", "day", True),
        ("working", "working", False),
        ("name", "name", False),
    ]

    class DayForm(ScopedModelForm):
        class Meta:
            widgets = {"day": forms.DateInput(attrs={"type": "date"})}

    class WithForm(Resource):
        model = CalendarDay
        fields = ("day", "name")
        form_class = DayForm

    assert issubclass(WithForm.form_class, DayForm)
    assert list(WithForm.form_class.base_fields) == ["day", "name", "version"]
    assert WithForm.form_class.base_fields["day"].widget.input_type == "date"


def test_a_field_list_declared_twice_or_an_import_column_of_no_field_stops_start_up():
    from django.core.exceptions import ImproperlyConfigured

    from devzone.core.forms import ScopedModelForm
    from devzone.core.importing import ImportColumn, ImportSpec
    from devzone.core.models import CalendarDay
    from devzone.core.resources import Resource

    class DayForm(ScopedModelForm):
        class Meta:
            model = CalendarDay
            fields = ["day"]

    with pytest.raises(ImproperlyConfigured, match="twice"):

        class Twice(Resource):
            model = CalendarDay
            fields = ("day",)
            form_class = DayForm

    with pytest.raises(ImproperlyConfigured, match="fill no field"):

        class Stray(Resource):
            model = CalendarDay
            fields = ("day",)
            import_spec = ImportSpec(key="day", columns=[ImportColumn("holiday", "节日")])
