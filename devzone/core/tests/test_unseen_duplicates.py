"""A credit code used in another zone is refused without telling the user that
it exists there: forms, the API and imports say only that it cannot be used."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from devzone.core.demo import sample_credit_code
from devzone.core.models import BackgroundJob, Enterprise

pytestmark = pytest.mark.django_db

CANNOT = "This unified social credit code cannot be used."


def form_data(world, credit_code, name="新企业"):
    return {
        "zone": world.zone_a.pk,
        "credit_code": credit_code,
        "name": name,
        "industry_code": "C18",
        "scale": "above",
        "status": "operating",
    }


def test_form_refuses_another_zones_code_without_saying_it_exists(world):
    client = world.client("zone_staff")
    response = client.post(
        reverse("core:enterprise_add"),
        form_data(world, world.ent_b.credit_code),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["credit_code"]
    assert errors == [CANNOT]
    assert "exists" not in response.content.decode()
    assert Enterprise.objects.filter(credit_code=world.ent_b.credit_code).count() == 1


def test_form_still_says_a_visible_duplicate_exists(world):
    response = world.client("zone_staff").post(
        reverse("core:enterprise_add"),
        form_data(world, world.ent_a.credit_code),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "already exists" in response.context["form"].errors["credit_code"][0]


def test_api_refuses_another_zones_code_without_saying_it_exists(world):
    response = world.client("zone_staff").post(
        "/api/v1/enterprises/",
        {**form_data(world, world.ent_b.credit_code), "employees": 1},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["credit_code"] == [CANNOT]
    assert Enterprise.objects.filter(credit_code=world.ent_b.credit_code).count() == 1


def test_import_refuses_another_zones_code_without_saying_it_exists(world):
    headers = "所属开发区,统一社会信用代码,企业名称,行业代码"
    rows = [
        f"{world.zone_a.name},{world.ent_b.credit_code},抢占,C18",
        f"{world.zone_a.name},{sample_credit_code('140223', 88)},正常,C18",
    ]
    client = world.client("zone_staff")
    response = client.post(
        reverse("core:enterprise_import"),
        {"file": SimpleUploadedFile("e.csv", "\n".join([headers, *rows]).encode())},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    job = BackgroundJob.objects.latest("pk")
    assert job.status == BackgroundJob.Status.INVALID
    row_errors = [e for e in job.report["errors"] if e["row"] == 2]
    assert [e["message"] for e in row_errors] == ["This 统一社会信用代码 cannot be used."]
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert world.ent_b.name not in page and "exists" not in page
    assert not Enterprise.objects.filter(name__in=["抢占", "正常"]).exists()
