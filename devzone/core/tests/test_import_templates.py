"""Import usability: every template's example row imports as it is; a row's
every error is reported, choice errors list the choices, unknown industry
codes are refused, and rows with errors are not shown as new in the preview."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from devzone.core.demo import sample_credit_code
from devzone.core.models import BackgroundJob, User
from devzone.core.resources import _registry

pytestmark = pytest.mark.django_db

# Templates whose example row names records another template's example creates
# (the projects template's 示例项目 and its tasks), or updates an approved
# demo report (a correction needs a reason): they import once those exist.
# Examples that name a record of another list (a project, a task, an application
# number), which the demo numbers differently on each database.
EXAMPLE_NEEDS_OTHER_RECORDS = {
    "incentives:disbursements",
    "projects:dependencies",
    "projects:investments",
    "projects:tasks",
    "stats:reports",
}


def test_every_templates_example_row_imports(demo_database, client):
    assert get_resolver().url_patterns  # every app's resources register
    client.force_login(User.objects.get(username="admin"))
    failures = {}
    checked = 0
    for name, resource in sorted(_registry.items()):
        if resource.import_spec is None or name in EXAMPLE_NEEDS_OTHER_RECORDS:
            continue
        template = client.get(reverse(resource.url_name("import_template"), args=["csv"]))
        assert template.status_code == 200, name
        response = client.post(
            reverse(resource.url_name("import")),
            {"file": SimpleUploadedFile("template.csv", template.content)},
        )
        assert response.status_code == 302, name
        job = BackgroundJob.objects.latest("pk")
        checked += 1
        if job.status != BackgroundJob.Status.PREVIEW:
            failures[name] = job.report["errors"]
    assert failures == {}
    assert checked >= 12


HEADERS = "所属开发区,统一社会信用代码,企业名称,行业代码,规模,从业人员"


def import_rows(world, *rows, language="zh-hans"):
    client = world.client("zone_staff")
    content = "\n".join([HEADERS, *rows]).encode()
    response = client.post(
        reverse("core:enterprise_import"),
        {"file": SimpleUploadedFile("e.csv", content)},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 302
    return client, BackgroundJob.objects.latest("pk")


def errors_of(job, row):
    return {e["column"]: e["message"] for e in job.report["errors"] if e["row"] == row}


def test_every_error_of_a_row_is_reported(world):
    code = sample_credit_code("140223", 501)
    _client, job = import_rows(world, f"不存在的开发区,{code},企业,X99,很大,-3")
    assert job.status == BackgroundJob.Status.INVALID
    assert set(errors_of(job, 2)) == {"所属开发区", "行业代码", "规模", "从业人员"}


def test_a_choice_error_lists_the_choices_in_the_users_language(world):
    row = f"{world.zone_a.name},{sample_credit_code('140223', 502)},企业,C18,很大,1"
    _client, job = import_rows(world, row)
    message = errors_of(job, 2)["规模"]
    assert "“很大”" in message and "规上" in message and "规下" in message
    _client, job = import_rows(world, row, language="en")
    assert "Above designated size" in errors_of(job, 2)["规模"]


@pytest.mark.parametrize("code", ["C99", "A13", "C991"])
def test_an_industry_code_outside_gbt_4754_is_refused(world, code):
    row = f"{world.zone_a.name},{sample_credit_code('140223', 503)},企业,{code},规上,1"
    _client, job = import_rows(world, row)
    assert job.status == BackgroundJob.Status.INVALID
    assert code in errors_of(job, 2)["行业代码"]


@pytest.mark.parametrize("code", ["C", "C18", "C181", "C3216", "C3399", "I6450"])
def test_industry_codes_of_the_catalogue_are_accepted(code):
    from devzone.core.validators import validate_industry_code

    validate_industry_code(code)


def test_rows_with_errors_are_not_shown_as_new(world):
    good = f"{world.zone_a.name},{sample_credit_code('140223', 504)},好企业,C18,规上,1"
    bad = f"{world.zone_a.name},{sample_credit_code('140223', 505)},坏企业,C99,规上,1"
    client, job = import_rows(world, good, bad)
    assert job.status == BackgroundJob.Status.INVALID
    assert [(r["row"], r["action"]) for r in job.report["preview"]] == [(2, "new"), (3, "error")]
    assert job.report["new"] == 1
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    preview = page[page.index('data-testid="import-preview"') :]
    assert preview.count("bg-green-lt") == 1 and preview.count("bg-red-lt") == 1
