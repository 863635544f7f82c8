"""Imports: every bad row and column reported, nothing written unless all rows
are good; exports: what the list shows, in CSV and .xlsx."""

import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from devzone.core.demo import sample_credit_code
from devzone.core.models import BackgroundJob, Enterprise, Zone

pytestmark = pytest.mark.django_db

HEADERS = ["所属开发区", "统一社会信用代码", "企业名称", "行业代码", "规模", "从业人员"]


def csv_file(rows, headers=HEADERS, name="enterprises.csv", encoding="utf-8-sig"):
    lines = [",".join(headers)] + [",".join(r) for r in rows]
    return SimpleUploadedFile(
        name, ("\n".join(lines) + "\n").encode(encoding), content_type="text/csv"
    )


def xlsx_file(rows, headers=HEADERS, name="enterprises.xlsx"):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, headers)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return SimpleUploadedFile(name, buffer.getvalue())


def good_row(n, zone="广灵经济技术开发区", name=None):
    return [
        zone,
        sample_credit_code("140223", 100 + n),
        name or f"导入企业{n}",
        "C18",
        "规上",
        "120",
    ]


def upload(world, file, role="zone_staff"):
    client = world.client(role)
    response = client.post(reverse("core:enterprise_import"), {"file": file})
    return client, response


def last_job():
    return BackgroundJob.objects.latest("pk")


def test_good_file_previews_then_writes_all(world):
    client, response = upload(world, xlsx_file([good_row(1), good_row(2)]))
    assert response.status_code == 302
    job = last_job()
    assert job.status == BackgroundJob.Status.PREVIEW
    assert job.report["new"] == 2 and job.report["error_count"] == 0
    assert not Enterprise.objects.filter(
        name__startswith="导入企业"
    ).exists()  # preview writes nothing
    client.post(reverse("core:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE
    imported = Enterprise.objects.get(name="导入企业1")
    assert imported.scale == "above" and imported.employees == 120 and imported.zone == world.zone_a
    assert imported.history.first().history_change_reason.startswith("Import") or "导入" in (
        imported.history.first().history_change_reason
    )


def test_existing_key_updates_the_record(world):
    row = [world.zone_a.name, world.ent_a.credit_code, "甲企业（更名）", "C3216", "规下", "9"]
    client, _ = upload(world, csv_file([row]))
    job = last_job()
    assert job.report["update"] == 1, job.report
    client.post(reverse("core:job_confirm", args=[job.pk]))
    world.ent_a.refresh_from_db()
    assert world.ent_a.name == "甲企业（更名）" and world.ent_a.employees == 9


@pytest.mark.parametrize(
    "rows,row_no,column,fragment",
    [
        (
            [
                good_row(1),
                ["广灵经济技术开发区", "91140223MA0000001X", "坏代码", "C18", "规上", "1"],
            ],
            3,
            "统一社会信用代码",
            "",
        ),
        (
            [["不存在的开发区", sample_credit_code("140223", 3), "某企业", "C18", "规上", "1"]],
            2,
            "所属开发区",
            "不存在",
        ),
        ([good_row(4), good_row(4, name="重复")], 3, "统一社会信用代码", "2"),
        ([[*good_row(5)[:3], "X99", "规上", "1"]], 2, "行业代码", ""),
        ([[*good_row(6)[:4], "很大", "1"]], 2, "规模", ""),
        ([[*good_row(7)[:5], "-3"]], 2, "从业人员", ""),
    ],
    ids=[
        "bad-credit-code",
        "unknown-zone",
        "duplicate-in-file",
        "bad-industry",
        "bad-choice",
        "negative",
    ],
)
def test_bad_rows_are_reported_and_nothing_is_written(world, rows, row_no, column, fragment):
    before = Enterprise.objects.count()
    client, response = upload(world, csv_file(rows))
    job = last_job()
    assert job.status == BackgroundJob.Status.INVALID
    errors = [e for e in job.report["errors"] if e["row"] == row_no and e["column"] == column]
    assert errors, job.report["errors"]
    assert fragment in errors[0]["message"]
    # A job with errors cannot be confirmed.
    client.post(reverse("core:job_confirm", args=[job.pk]))
    assert Enterprise.objects.count() == before
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert column in page


def test_other_zones_enterprise_cannot_be_overwritten(world):
    row = [world.zone_a.name, world.ent_b.credit_code, "抢占", "C18", "规上", "1"]
    upload(world, csv_file([row]))
    job = last_job()
    assert job.status == BackgroundJob.Status.INVALID
    world.ent_b.refresh_from_db()
    assert world.ent_b.name == "乙企业"


def test_zone_outside_users_scope_is_refused(world):
    upload(world, csv_file([good_row(8, zone=world.zone_b.name)]))
    assert last_job().status == BackgroundJob.Status.INVALID


def test_missing_column(world):
    upload(world, csv_file([["广灵经济技术开发区", "甲"]], headers=["所属开发区", "企业名称"]))
    job = last_job()
    assert job.status == BackgroundJob.Status.INVALID
    assert "统一社会信用代码" in job.report["errors"][0]["message"]


@pytest.mark.parametrize(
    "file,message",
    [
        (SimpleUploadedFile("empty.csv", b""), "empty"),
        (SimpleUploadedFile("blank.xlsx", b"   "), "empty"),
        (SimpleUploadedFile("fake.xlsx", b"this is not a spreadsheet"), "not an .xlsx"),
        (SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n...."), ".xlsx or .csv"),
        (SimpleUploadedFile("binary.csv", b"\x00\x01\x02abc"), "not a CSV"),
        (SimpleUploadedFile("headers.csv", ",".join(HEADERS).encode()), "no rows"),
    ],
)
def test_unreadable_files_are_refused(world, settings, file, message):
    settings.LANGUAGE_CODE = "en"
    client = world.client("zone_staff")
    response = client.post(
        reverse("core:enterprise_import"), {"file": file}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BackgroundJob.objects.exists()


def test_oversized_file_is_refused(world, settings):
    settings.IMPORT_MAX_BYTES = 100
    client, response = upload(world, csv_file([good_row(i) for i in range(1, 10)]))
    assert response.status_code == 400
    assert not BackgroundJob.objects.exists()


def test_gb18030_csv_is_read(world):
    upload(world, csv_file([good_row(9)], encoding="gb18030"))
    assert last_job().status == BackgroundJob.Status.PREVIEW


def test_english_headers_and_choices_are_accepted(world):
    headers = ["Zone", "Unified social credit code", "Name", "Industry code", "Scale"]
    upload(
        world,
        csv_file(
            [
                [
                    world.zone_a.short_name,
                    sample_credit_code("140223", 11),
                    "E",
                    "C18",
                    "Above designated size",
                ]
            ],
            headers=headers,
        ),
    )
    assert last_job().status == BackgroundJob.Status.PREVIEW, last_job().report


def test_template_has_chinese_headers(world):
    response = world.client("zone_staff").get(
        reverse("core:enterprise_import_template", args=["xlsx"])
    )
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    headers = book.get_sheet_by_index(0).to_python()[0]
    assert headers[:3] == ["所属开发区*", "统一社会信用代码*", "企业名称*"]


def test_template_round_trips_through_import(world):
    """The template's example row, with real values, imports cleanly."""
    response = world.client("platform_admin").get(
        reverse("core:zone_import_template", args=["csv"])
    )
    text = response.content.decode("utf-8-sig").splitlines()
    headers = text[0].split(",")
    assert headers[0] == "开发区名称*"
    row = ["新开发区", "新区", "经济开发区", "省级", "工业类", world.city_a.code]
    client = world.client("platform_admin")
    client.post(
        reverse("core:zone_import"), {"file": csv_file([row], headers=headers[:6], name="z.csv")}
    )
    job = last_job()
    assert job.status == BackgroundJob.Status.PREVIEW, job.report
    client.post(reverse("core:job_confirm", args=[job.pk]))
    assert Zone.objects.get(name="新开发区").region == world.city_a


def test_large_import_runs_as_a_job_with_progress(
    world, settings, django_capture_on_commit_callbacks
):
    settings.BACKGROUND_ROWS_THRESHOLD = 3
    with django_capture_on_commit_callbacks(execute=True):
        client, response = upload(world, csv_file([good_row(i) for i in range(20, 26)]))
    job = last_job()
    # Celery runs inline in tests; the job page is where the user follows it.
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert job.status == BackgroundJob.Status.PREVIEW and job.processed == 6
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE and job.percent == 100
    assert Enterprise.objects.filter(name__startswith="导入企业").count() == 6


def test_export_applies_filters_and_both_formats(world):
    client = world.client("platform_admin")
    url = reverse("core:enterprise_export")
    csv_text = client.get(url + f"?format=csv&zone={world.zone_b.pk}").content.decode("utf-8-sig")
    assert "乙企业" in csv_text and "甲企业" not in csv_text
    response = client.get(url + "?format=xlsx&q=甲")
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[0][0] == "名称"
    assert [r[0] for r in rows[1:]] == ["甲企业"]


def test_large_export_runs_in_background(world, settings, django_capture_on_commit_callbacks):
    settings.BACKGROUND_ROWS_THRESHOLD = 1
    client = world.client("platform_admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("core:enterprise_export") + "?format=xlsx")
    job = last_job()
    assert response.status_code == 302 and job.kind == "export" and job.status == "done"
    download = client.get(reverse("core:job_download", args=[job.pk]))
    assert download.status_code == 200
    # Another user cannot fetch it.
    assert (
        world.client("zone_admin").get(reverse("core:job_download", args=[job.pk])).status_code
        == 404
    )
