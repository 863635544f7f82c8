"""Guard: every serializer with a writable many-to-many field writes it through
the API, on create and on update, as the forms do, and only with rows the
caller may use. A new serializer with one fails here until it has a sample."""

from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.relations import ManyRelatedField
from rest_framework.test import APIClient

from devzone.core.api import _TRACKED, ScopedModelViewSet
from devzone.projects.models import Project

pytestmark = pytest.mark.django_db


def _project(world):
    return Project.objects.create(
        zone=world.zone_a, name="多对多项目", planned_investment=Decimal("100000000")
    )


# A record of each model whose serializer writes a many-to-many field: the
# API's create sends its other fields back, under another name.
SAMPLES = {Project: _project}
# Rows the zone admin of zone A may choose, and a row of another zone it may not.
CHOICES = {Project: {"enterprises": (lambda w: [w.ent_a], lambda w: [w.ent_b])}}


def _endpoints(patterns=None, prefix=""):
    """(path of the list, viewset) of every model viewset the URLconf serves."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            yield from _endpoints(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            cls = getattr(pattern.callback, "cls", None)
            actions = getattr(pattern.callback, "actions", None) or {}
            writes = actions.get("post") == "create" and "(?P<format>" not in route
            if cls and issubclass(cls, ScopedModelViewSet) and writes:
                yield "/" + route, cls


def _writable_many(viewset) -> list[str]:
    fields = viewset.serializer_class().get_fields()
    return [
        name
        for name, field in fields.items()
        if isinstance(field, ManyRelatedField) and not field.read_only
    ]


def test_every_writable_many_to_many_field_has_a_sample():
    found = {
        viewset.serializer_class.Meta.model: names
        for _path, viewset in _endpoints()
        if (names := _writable_many(viewset))
    }
    assert found, "no serializer writes a many-to-many field: the guard would test nothing"
    assert set(found) == set(SAMPLES), f"give a sample of {set(found) - set(SAMPLES)}"
    for model, names in found.items():
        assert set(names) <= set(CHOICES[model]), (model, names)


@pytest.mark.parametrize(
    "path,viewset",
    [(path, viewset) for path, viewset in _endpoints() if _writable_many(viewset)],
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_many_to_many_written_through_the_api(world, path, viewset):
    names = _writable_many(viewset)
    model = viewset.serializer_class.Meta.model
    client = APIClient()
    client.force_authenticate(world.users["zone_admin"])
    sample = SAMPLES[model](world)
    read = client.get(f"{path}{sample.pk}/").json()
    fields = viewset.serializer_class().get_fields()
    body = {
        name: value
        for name, value in read.items()
        if name in fields and not fields[name].read_only and name not in _TRACKED
    }
    if "name" in body:
        body["name"] = f"{body['name']} 2"
    for name in names:
        body[name] = [row.pk for row in CHOICES[model][name][0](world)]

    created = client.post(path, body, format="json")
    assert created.status_code == 201, created.json()
    record = model.objects.get(pk=created.json()["id"])
    for name in names:
        assert sorted(getattr(record, name).values_list("pk", flat=True)) == sorted(body[name])

    # Out of scope: refused, nothing stored.
    for name in names:
        other = [row.pk for row in CHOICES[model][name][1](world)]
        refused = client.patch(
            f"{path}{record.pk}/",
            {name: other},
            format="json",
            HTTP_IF_MATCH=f'"{model.objects.get(pk=record.pk).version}"',
        )
        assert refused.status_code == 400 and name in refused.json()
        assert sorted(getattr(record, name).values_list("pk", flat=True)) == sorted(body[name])

    # Updated: emptied, then set again.
    for value in ([], body[names[0]]):
        updated = client.patch(
            f"{path}{record.pk}/",
            dict.fromkeys(names, value),
            format="json",
            HTTP_IF_MATCH=f'"{model.objects.get(pk=record.pk).version}"',
        )
        assert updated.status_code == 200, updated.json()
        for name in names:
            assert sorted(getattr(record, name).values_list("pk", flat=True)) == sorted(value)
