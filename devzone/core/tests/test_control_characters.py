"""Control characters (other than tab and line breaks) are refused in every
text field of every domain model: forms, the API, imports and any other save.
Stored, they broke .docx generation with the library's raw error."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import get_resolver, reverse
from django.utils import translation
from rest_framework.test import APIRequestFactory

from devzone.core.api import ScopedModelSerializer
from devzone.core.demo import sample_credit_code
from devzone.core.models import BackgroundJob, Enterprise, TrackedModel, User
from devzone.core.resources import _registry
from devzone.core.validators import validate_no_control_characters
from devzone.testing import if_match

BAD = "甲\x07乙"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\ufffe"])
def test_control_characters_are_refused(char):
    with pytest.raises(ValidationError) as caught:
        validate_no_control_characters(f"ab{char}c")
    assert f"U+{ord(char):04X}" in caught.value.messages[0]
    assert "position 3" in caught.value.messages[0]


def test_tabs_line_breaks_and_chinese_are_kept():
    validate_no_control_characters("第一行\r\n第二行\t（全角）—— €")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _text_names(model) -> set[str]:
    # Free text only: a choice field refuses anything not among its choices.
    return {
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices
    }


@pytest.fixture
def demo(demo_database, db):
    assert get_resolver().url_patterns  # every app's resources and API register
    return User.objects.get(username="admin")


def test_every_resources_form_refuses_them(demo):
    checked = ours = 0
    for name, resource in sorted(_registry.items()):
        if resource.form_class is None or not resource.editable:
            continue
        obj = resource.base_queryset(demo).order_by("pk").first()
        unbound = resource.form_class(user=demo, instance=obj)
        fields = [
            f
            for f in unbound.fields
            if f in _text_names(resource.model) and not unbound.fields[f].disabled
        ]
        for field in fields:
            data = {}
            for key in unbound.fields:
                value = unbound[key].value()
                data[key] = "on" if value is True else "" if value in (False, None) else value
            data[field] = BAD
            form = resource.form_class(user=demo, instance=obj, data=data)
            assert not form.is_valid(), (name, field)
            # Refused on that field; by this check unless the field's own
            # format (a slug, a credit code) refused it first.
            assert field in form.errors, (name, field, form.errors)
            checked += 1
            ours += "U+0007" in " ".join(form.errors[field])
    assert checked >= 60 and ours >= checked - 10


def test_every_serializer_refuses_them(demo):
    request = APIRequestFactory().patch("/")
    request.user = demo
    checked = ours = 0
    for serializer_class in set(_subclasses(ScopedModelSerializer)):
        model = serializer_class.Meta.model
        obj = model.objects.visible_to(demo).order_by("pk").first()
        serializer = serializer_class(instance=obj, context={"request": request})
        for name, field in serializer.fields.items():
            source = field.source if field.source != "*" else name
            if field.read_only or source not in _text_names(model):
                continue
            bound = serializer_class(
                instance=obj, data={name: BAD}, partial=True, context={"request": request}
            )
            assert not bound.is_valid(), (serializer_class.__name__, name)
            assert name in bound.errors, (serializer_class.__name__, name, bound.errors)
            checked += 1
            ours += "U+0007" in str(bound.errors[name])
    assert checked >= 60 and ours == checked


def test_every_domain_models_text_fields_carry_the_validator(demo):
    models_checked = 0
    for model in _subclasses(TrackedModel):
        if model._meta.abstract:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                assert validate_no_control_characters in field.validators, (model, field)
        models_checked += 1
    assert models_checked >= 30


def test_a_save_by_any_other_path_is_refused(world):
    world.ent_a.address = BAD
    with pytest.raises(ValidationError) as caught:
        world.ent_a.save()
    assert "address" in caught.value.message_dict
    world.ent_a.refresh_from_db()
    assert world.ent_a.address != BAD


def test_an_import_reports_them_by_row_and_column(world):
    headers = "所属开发区,统一社会信用代码,企业名称,行业代码"
    row = f"{world.zone_a.name},{sample_credit_code('140223', 77)},{BAD},C18"
    client = world.client("zone_staff")
    client.post(
        reverse("core:enterprise_import"),
        {"file": SimpleUploadedFile("e.csv", f"{headers}\n{row}\n".encode())},
    )
    job = BackgroundJob.objects.latest("pk")
    assert job.status == BackgroundJob.Status.INVALID
    assert any(e["row"] == 2 and e["column"] == "企业名称" for e in job.report["errors"])
    assert not Enterprise.objects.filter(name=BAD).exists()


def test_the_api_refuses_them_with_400(world):
    client = world.client("zone_staff")
    response = client.patch(
        f"/api/v1/enterprises/{world.ent_a.pk}/",
        {"address": BAD},
        content_type="application/json",
        **if_match(world.ent_a),
    )
    assert response.status_code == 400
    assert "U+0007" in response.content.decode()
    world.ent_a.refresh_from_db()
    assert world.ent_a.address != BAD
