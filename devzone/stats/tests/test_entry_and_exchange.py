"""Writing figures: the entry grid (checks, confirmation of outliers, submit,
approve, corrections with a reason), the province's Excel template and the
enterprise-report import."""

import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from devzone.core.models import BackgroundJob, Notification
from devzone.stats import exchange
from devzone.stats.models import EnterpriseReport, Indicator, IndicatorValue, ReportStatus

pytestmark = pytest.mark.django_db

YI = Decimal(100_000_000)
IVA, INV, OUTPUT = "industrial_value_added", "industrial_investment", "industrial_output"


def ind(code) -> Indicator:
    return Indicator.objects.get(code=code)


def figure(zone, code, year, month, amount, status=ReportStatus.DRAFT, growth=None):
    return IndicatorValue.objects.create(
        zone=zone,
        indicator=ind(code),
        year=year,
        month=month,
        value=Decimal(amount),
        stated_growth=growth,
        status=status,
    )


def entry_url(zone, period="2024-06", action=""):
    return f"/stats/entry/{zone.pk}/{period}/" + (f"{action}/" if action else "")


def grid(world, role, zone, period="2024-06", rows=None, confirm=False):
    """POST the entry grid. ``rows``: {code: (value, growth, reason)} as typed."""
    data = {}
    for code, typed in (rows or {}).items():
        pk = ind(code).pk
        value, growth, *rest = typed
        data[f"value_{pk}"] = value
        data[f"growth_{pk}"] = growth
        data[f"reason_{pk}"] = rest[0] if rest else ""
    if confirm:
        data["confirm"] = "1"
    return world.client(role).post(entry_url(zone, period), data)


def line(response, code) -> dict:
    return next(ln for ln in response.context["lines"] if ln["indicator"].code == code)


# --- Entry grid: checks -----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        ("-1", "5.0"),  # a negative total
        ("12.5", "-100.1"),  # growth below −100%
        ("12,5x", ""),  # not a number
        ("12.5", "abc"),
        ("NaN", ""),
        ("", "5.0"),  # growth without a total
    ],
    ids=["negative", "growth-below-minus-100", "text-value", "text-growth", "nan", "no-total"],
)
def test_bad_input_is_marked_and_nothing_is_saved(world, typed):
    response = grid(world, "zone_staff", world.zone_a, rows={IVA: typed, INV: ("3.2", "1.0")})
    assert response.status_code == 200
    assert line(response, IVA)["errors"], typed
    assert not line(response, INV)["errors"]
    assert b'data-testid="entry-error"' in response.content
    # What was typed is shown again.
    assert line(response, IVA)["value"] == typed[0]
    # All or nothing: the good line is not saved either.
    assert not IndicatorValue.objects.exists()


def test_good_input_is_saved_in_base_units(world):
    response = grid(world, "zone_staff", world.zone_a, rows={IVA: ("114.0", "5.0")})
    assert response.status_code == 302 and response["Location"] == entry_url(world.zone_a)
    saved = IndicatorValue.objects.get()
    assert saved.value == Decimal("114.0") * YI and saved.stated_growth == Decimal("5.0")
    assert saved.status == ReportStatus.DRAFT and saved.source == "form"
    assert saved.history.latest().history_user == world.users["zone_staff"]
    # The grid shows it back in the display unit.
    page = world.client("zone_staff").get(entry_url(world.zone_a))
    assert Decimal(line(page, IVA)["value"]) == Decimal("114.00")


def test_january_of_an_investment_survey_is_refused(world):
    response = grid(world, "zone_staff", world.zone_a, "2024-01", rows={INV: ("1.0", "")})
    assert response.status_code == 200 and line(response, INV)["errors"]
    assert line(response, INV)["skipped"]
    assert not IndicatorValue.objects.exists()


def test_a_figure_far_from_last_periods_asks_for_confirmation(world):
    figure(world.zone_a, IVA, 2024, 5, 2 * YI, ReportStatus.APPROVED)
    response = grid(world, "zone_staff", world.zone_a, rows={IVA: ("20.0", "5.0")})
    assert response.status_code == 200
    assert response.context["needs_confirm"]
    assert line(response, IVA)["warnings"] and not line(response, IVA)["errors"]
    assert b'data-testid="entry-warning"' in response.content
    assert b'name="confirm"' in response.content
    assert not IndicatorValue.objects.filter(month=6).exists()

    response = grid(world, "zone_staff", world.zone_a, rows={IVA: ("20.0", "5.0")}, confirm=True)
    assert response.status_code == 302
    assert IndicatorValue.objects.get(month=6).value == 20 * YI


def test_a_cumulative_flow_that_falls_asks_for_confirmation(world):
    figure(world.zone_a, IVA, 2024, 5, 2 * YI, ReportStatus.APPROVED)
    response = grid(world, "zone_staff", world.zone_a, rows={IVA: ("1.9", "5.0")})
    assert response.status_code == 200 and line(response, IVA)["warnings"]
    # At the expected pace (2 × 6/5) nothing is asked.
    assert grid(world, "zone_staff", world.zone_a, rows={IVA: ("2.4", "5.0")}).status_code == 302


# --- Entry grid: submit, approve, corrections ------------------------------------------------


def test_submit_then_approve(world, django_capture_on_commit_callbacks):
    grid(world, "zone_staff", world.zone_a, rows={IVA: ("2.2", "12.3"), INV: ("15.61", "129.6")})
    assert IndicatorValue.objects.filter(status=ReportStatus.DRAFT).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("zone_staff").post(entry_url(world.zone_a, action="submit"))
    assert response.status_code == 302
    values = IndicatorValue.objects.all()
    assert {v.status for v in values} == {ReportStatus.SUBMITTED}
    assert all(v.submitted_at is not None for v in values)
    # The approvers (zone A's admin) are told, in the app and by e-mail; nobody else.
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"zadmin"}
    note = Notification.objects.get()
    assert note.url == entry_url(world.zone_a)
    assert [m.to for m in mail.outbox] == [["zadmin@example.org"]]

    # Staff cannot approve.
    assert (
        world.client("zone_staff").post(entry_url(world.zone_a, action="approve")).status_code
        == 403
    )
    response = world.client("zone_admin").post(entry_url(world.zone_a, action="approve"))
    assert response.status_code == 302
    for v in IndicatorValue.objects.all():
        assert v.status == ReportStatus.APPROVED
        assert v.approved_by == world.users["zone_admin"] and v.approved_at is not None
        assert v.history.latest().history_user == world.users["zone_admin"]


def test_return_sends_figures_back_with_a_reason(world):
    figure(world.zone_a, IVA, 2024, 6, 2 * YI, ReportStatus.SUBMITTED)
    client = world.client("zone_admin")
    client.post(entry_url(world.zone_a, action="return"), {"reason": ""})
    assert IndicatorValue.objects.get().status == ReportStatus.SUBMITTED  # a reason is needed
    client.post(entry_url(world.zone_a, action="return"), {"reason": "请核实"})
    value = IndicatorValue.objects.get()
    assert value.status == ReportStatus.DRAFT
    assert value.history.latest().history_change_reason == "请核实"
    assert Notification.objects.filter(user=world.users["zone_staff"], body="请核实").exists()


def test_correcting_an_approved_figure_needs_a_reason(world):
    approved = figure(world.zone_a, IVA, 2024, 6, 2 * YI, ReportStatus.APPROVED, Decimal("5.0"))
    response = grid(world, "zone_admin", world.zone_a, rows={IVA: ("2.1", "5.0")})
    assert response.status_code == 200 and line(response, IVA)["errors"]
    approved.refresh_from_db()
    assert approved.value == 2 * YI

    response = grid(world, "zone_admin", world.zone_a, rows={IVA: ("2.1", "5.0", "统计局更正")})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.value == Decimal("2.1") * YI
    assert approved.status == ReportStatus.APPROVED  # the approver's own correction
    latest = approved.history.latest()
    assert latest.history_change_reason == "统计局更正"
    assert latest.history_user == world.users["zone_admin"]


def test_an_unchanged_approved_figure_needs_no_reason(world):
    figure(world.zone_a, IVA, 2024, 6, 2 * YI, ReportStatus.APPROVED, Decimal("5.0"))
    response = grid(world, "zone_staff", world.zone_a, rows={IVA: ("2.00", "5.0")})
    assert response.status_code == 302
    assert IndicatorValue.objects.get().version == 1


def test_staff_correction_of_an_approved_figure_goes_back_for_approval(world):
    approved = figure(world.zone_a, IVA, 2024, 6, 2 * YI, ReportStatus.APPROVED, Decimal("5.0"))
    response = grid(world, "zone_staff", world.zone_a, rows={IVA: ("2.1", "5.5", "口径调整")})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == ReportStatus.SUBMITTED
    assert approved.value == Decimal("2.1") * YI and approved.stated_growth == Decimal("5.5")
    assert approved.history.latest().history_change_reason == "口径调整"


def test_staff_cannot_change_a_submitted_figure(world):
    submitted = figure(world.zone_a, IVA, 2024, 6, 2 * YI, ReportStatus.SUBMITTED)
    response = grid(world, "zone_staff", world.zone_a, rows={IVA: ("2.1", "", "改")})
    assert response.status_code == 200 and line(response, IVA)["errors"]
    submitted.refresh_from_db()
    assert submitted.value == 2 * YI


def test_region_viewer_approval_mode(world, settings):
    settings.STATS_APPROVAL_BY = "region_viewer"
    grid(world, "zone_staff", world.zone_a, rows={IVA: ("2.2", "12.3")})
    world.client("zone_staff").post(entry_url(world.zone_a, action="submit"))
    assert IndicatorValue.objects.get().status == ReportStatus.SUBMITTED
    # The province's viewer (over 大同) is told; 晋城's viewer and the zone admin are not.
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"province"}

    # The zone admin no longer approves; a viewer of another city does not see the zone.
    assert (
        world.client("zone_admin").post(entry_url(world.zone_a, action="approve")).status_code
        == 403
    )
    assert (
        world.client("city_b_viewer").post(entry_url(world.zone_a, action="approve")).status_code
        == 404
    )
    assert IndicatorValue.objects.get().status == ReportStatus.SUBMITTED

    page = world.client("province_viewer").get(entry_url(world.zone_a))
    assert page.context["can_approve"] and not page.context["can_enter"]
    response = world.client("province_viewer").post(entry_url(world.zone_a, action="approve"))
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert value.status == ReportStatus.APPROVED
    assert value.approved_by == world.users["province_viewer"]

    # The zone admin's correction now goes back for approval too.
    response = grid(world, "zone_admin", world.zone_a, rows={IVA: ("2.3", "12.3", "更正")})
    assert response.status_code == 302
    assert IndicatorValue.objects.get().status == ReportStatus.SUBMITTED


def test_region_viewer_does_not_see_drafts_in_the_entry_grid(world):
    """Drafts belong to the zone until submitted (scoping rule)."""
    figure(world.zone_a, IVA, 2024, 6, Decimal("1.23") * YI)
    page = world.client("province_viewer").get(entry_url(world.zone_a))
    assert page.status_code == 200
    assert line(page, IVA)["current"] is None
    assert line(page, IVA)["value"] in ("", None)


# --- Province template ----------------------------------------------------------------------


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
    book.close()
    return buffer.getvalue()


def headers(*codes) -> list[str]:
    result = [exchange.ZONE_HEADER]
    for code in codes:
        result += [exchange.value_header(ind(code)), exchange.growth_header(ind(code))]
    return result


def upload(world, content, role="zone_staff", write=True, name="template.xlsx"):
    data = {"file": SimpleUploadedFile(name, content)}
    data["write" if write else "check"] = "1"
    response = world.client(role).post("/stats/province-template/", data)
    assert response.status_code == 200
    return response.context["report"]


def test_template_download(world):
    figure(world.zone_a, IVA, 2024, 6, Decimal("2.2") * YI, ReportStatus.APPROVED, Decimal("12.3"))
    response = world.client("zone_staff").get(
        "/stats/province-template/download/?period=2024-06&period=2024-09"
    )
    assert response.status_code == 200
    assert "province-template-2024-06.xlsx" in response["Content-Disposition"]
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["2024-06", "2024-09"]
    table = book.get_sheet_by_name("2024-06").to_python()
    head = table[0]
    indicators = list(Indicator.objects.filter(is_active=True))
    assert head[0] == "开发区名称"
    assert len(head) == 1 + 2 * len(indicators)
    assert head[1:3] == [
        exchange.value_header(indicators[0]),
        exchange.growth_header(indicators[0]),
    ]
    assert "规模以上工业增加值（亿元）" in head and "规模以上工业增加值增速（%）" in head
    # Rows: the user's zones only, with the figures filled in.
    rows = {row[0]: row for row in table[1:]}
    assert set(rows) == {world.zone_a.name, world.zone_a2.name}
    at = head.index("规模以上工业增加值（亿元）")
    assert rows[world.zone_a.name][at] == pytest.approx(2.2)
    assert rows[world.zone_a.name][at + 1] == pytest.approx(12.3)
    assert rows[world.zone_a2.name][at] == ""


def test_downloaded_template_uploads_unchanged(world):
    figure(world.zone_a, IVA, 2024, 6, Decimal("2.2") * YI, ReportStatus.APPROVED, Decimal("12.3"))
    content = world.client("zone_staff").get("/stats/province-template/download/").content
    report = upload(world, content)
    assert report.errors == [] and report.unchanged == 1 and report.written == 0


def test_template_upload_writes_drafts(world):
    content = xlsx(
        {
            "2024-06": [
                headers(IVA, INV),
                [world.zone_a.name, 2.2, 12.3, 15.61, 129.6],
                [world.zone_a2.short_name, "1,234.5", "", "", ""],
            ]
        }
    )
    report = upload(world, content, write=False)
    assert report.errors == [] and report.valid == 3 and report.written == 0
    assert not IndicatorValue.objects.exists()  # a check writes nothing

    report = upload(world, content)
    assert report.errors == [] and report.written == 3
    values = {(v.zone_id, v.indicator.code): v for v in IndicatorValue.objects.all()}
    assert len(values) == 3
    v = values[(world.zone_a.pk, INV)]
    assert v.value == Decimal("15.61") * YI and v.stated_growth == Decimal("129.6")
    assert (v.year, v.month, v.status, v.source) == (2024, 6, ReportStatus.DRAFT, "import")
    assert values[(world.zone_a2.pk, IVA)].value == Decimal("1234.5") * YI
    assert values[(world.zone_a2.pk, IVA)].stated_growth is None
    history = v.history.latest()
    assert history.history_user == world.users["zone_staff"]
    assert "template.xlsx" in history.history_change_reason

    # A second upload with a changed draft updates it.
    content = xlsx({"2024-06": [headers(IVA), [world.zone_a.name, 2.3, 12.0]]})
    report = upload(world, content)
    assert report.errors == [] and report.written == 1
    v = IndicatorValue.objects.get(zone=world.zone_a, indicator__code=IVA)
    assert v.value == Decimal("2.3") * YI and v.version == 2


# Literal headers (the parameters are built before the database exists).
IVA_HEAD = ["开发区名称", "规模以上工业增加值（亿元）", "规模以上工业增加值增速（%）"]
INV_HEAD = ["开发区名称", "工业投资（亿元）", "工业投资增速（%）"]
GOOD_ROW = ["广灵经济技术开发区", 2.2, 12.3]


@pytest.mark.parametrize(
    "sheets,sheet,row,column",
    [
        ({"2024-06": [IVA_HEAD, GOOD_ROW, ["不存在的开发区", 1, 1]]}, "2024-06", 3, "开发区名称"),
        # Another city's zone is not the staff's to fill.
        (
            {"2024-06": [IVA_HEAD, GOOD_ROW, ["晋城经济技术开发区", 1, 1]]},
            "2024-06",
            3,
            "开发区名称",
        ),
        (
            {"2024-06": [IVA_HEAD, GOOD_ROW, ["大同示例开发区", "一百", 1]]},
            "2024-06",
            3,
            "规模以上工业增加值（亿元）",
        ),
        (
            {"2024-06": [IVA_HEAD, GOOD_ROW, ["大同示例开发区", -1, 1]]},
            "2024-06",
            3,
            "规模以上工业增加值（亿元）",
        ),
        (
            {"2024-06": [IVA_HEAD, GOOD_ROW, ["大同示例开发区", 1, -100.5]]},
            "2024-06",
            3,
            "规模以上工业增加值增速（%）",
        ),
        (
            {"2024-06": [IVA_HEAD, GOOD_ROW, ["大同示例开发区", "", 3.0]]},
            "2024-06",
            3,
            "规模以上工业增加值增速（%）",
        ),
        (
            {"2024-06": [[*IVA_HEAD, "不存在的指标"], [*GOOD_ROW, 5]]},
            "2024-06",
            1,
            "不存在的指标",
        ),
        (
            {"2024-06": [IVA_HEAD, GOOD_ROW, ["广灵经开区", 1, 1]]},  # the same zone twice
            "2024-06",
            3,
            "开发区名称",
        ),
        ({"2024-06": [IVA_HEAD, GOOD_ROW], "Sheet1": [IVA_HEAD, GOOD_ROW]}, "Sheet1", 0, ""),
        (
            {"2024-06": [["名称", "规模以上工业增加值（亿元）"], ["广灵经济技术开发区", 1]]},
            "2024-06",
            1,
            "名称",
        ),
        (
            {"2024-01": [INV_HEAD, ["广灵经济技术开发区", 1, 1]]},  # 1-2月 survey in January
            "2024-01",
            2,
            "工业投资（亿元）",
        ),
    ],
    ids=[
        "unknown-zone",
        "other-city-zone",
        "bad-number",
        "negative",
        "growth-below-minus-100",
        "growth-without-total",
        "unknown-column",
        "duplicate-zone",
        "bad-sheet-name",
        "bad-first-column",
        "january-investment",
    ],
)
def test_template_errors_name_the_cell_and_nothing_is_written(world, sheets, sheet, row, column):
    report = upload(world, xlsx(sheets))
    assert report.written == 0
    assert not IndicatorValue.objects.exists()
    assert {"sheet": sheet, "row": row, "column": column} in [
        {k: e[k] for k in ("sheet", "row", "column")} for e in report.errors
    ], report.errors
    assert all(e["message"] for e in report.errors)


def test_template_approved_figure_that_differs_is_refused(world):
    approved = figure(world.zone_a, IVA, 2024, 6, Decimal("2.2") * YI, ReportStatus.APPROVED)
    content = xlsx(
        {
            "2024-06": [
                headers(IVA),
                [world.zone_a.name, 2.5, 12.3],
                [world.zone_a2.name, 1.0, 2.0],
            ]
        }
    )
    report = upload(world, content)
    assert report.written == 0 and len(report.errors) == 1
    error = report.errors[0]
    assert error["sheet"] == "2024-06" and error["row"] == 2
    assert "规模以上工业增加值" in error["column"]
    approved.refresh_from_db()
    assert approved.value == Decimal("2.2") * YI
    assert IndicatorValue.objects.count() == 1  # zone A2's good row is not written either


def test_template_submitted_figure_waits_for_approval(world):
    figure(world.zone_a, IVA, 2024, 6, Decimal("2.2") * YI, ReportStatus.SUBMITTED)
    content = xlsx({"2024-06": [headers(IVA), [world.zone_a.name, 2.5, 12.3]]})
    assert upload(world, content, role="zone_staff").errors
    # The approver may overwrite it.
    report = upload(world, content, role="zone_admin")
    assert report.errors == [] and report.written == 1


def test_template_csv_names_its_period(world):
    rows = [headers(IVA), [world.zone_a.name, "2.2", "12.3"]]
    content = "\n".join(",".join(map(str, r)) for r in rows).encode("utf-8-sig")
    report = upload(world, content, name="2024-06.csv")
    assert report.errors == [] and report.written == 1
    assert IndicatorValue.objects.get().month == 6


def test_template_not_a_spreadsheet(world):
    response = world.client("zone_staff").post(
        "/stats/province-template/",
        {"file": SimpleUploadedFile("x.xlsx", b"not a spreadsheet"), "write": "1"},
    )
    assert response.status_code == 200 and response.context["report"] is None
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("role", ["province_viewer", "enterprise", "outsider"])
def test_template_upload_writes_only_where_the_user_may_enter(world, role):
    """Region viewers may not enter figures (the entry grid and the API refuse
    them); the template must not write for them either."""
    content = xlsx({"2024-06": [headers(IVA), GOOD_ROW]})
    report = upload(world, content, role=role)
    assert report.written == 0 and report.errors
    assert not IndicatorValue.objects.exists()


def test_region_viewer_template_download_has_no_drafts(world):
    figure(world.zone_a, IVA, 2024, 6, Decimal("2.2") * YI)  # a draft
    figure(world.zone_a2, IVA, 2024, 6, Decimal("3.3") * YI, ReportStatus.SUBMITTED)
    content = world.client("province_viewer").get("/stats/province-template/download/").content
    table = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    at = table[0].index("规模以上工业增加值（亿元）")
    rows = {row[0]: row for row in table[1:]}
    assert rows[world.zone_a2.name][at] == pytest.approx(3.3)
    assert rows[world.zone_a.name][at] == ""


# --- Enterprise reports: the generic import -------------------------------------------------

REPORT_HEADERS = ["统一社会信用代码", "指标", "年", "月", "数值（元）", "同比增长（%）"]


def report_file(rows, name="reports.xlsx"):
    return SimpleUploadedFile(name, xlsx({"企业报表": [REPORT_HEADERS, *rows]}))


def import_reports(world, rows, role="zone_staff"):
    client = world.client(role)
    response = client.post("/stats/reports/import/", {"file": report_file(rows)})
    assert response.status_code == 302, response.content
    job = BackgroundJob.objects.latest("pk")
    return client, job


def confirm(client, job):
    client.post(f"/jobs/{job.pk}/confirm/")
    job.refresh_from_db()
    return job


def test_report_import_creates_then_updates(world):
    row = [world.ent_a.credit_code, OUTPUT, 2024, 9, 120000000, 8.5]
    client, job = import_reports(world, [row])
    assert job.status == BackgroundJob.Status.PREVIEW, job.report["errors"]
    assert job.report["new"] == 1 and job.report["update"] == 0
    assert not EnterpriseReport.objects.exists()
    assert confirm(client, job).status == BackgroundJob.Status.DONE
    report = EnterpriseReport.objects.get()
    assert report.enterprise == world.ent_a and report.indicator.code == OUTPUT
    assert (report.year, report.month) == (2024, 9)
    assert report.value == Decimal(120000000) and report.stated_growth == Decimal("8.5")

    # The same key (credit code, indicator, year, month) updates the report.
    row = [world.ent_a.credit_code.lower(), OUTPUT, 2024, 9, 130000000, 9.0]
    client, job = import_reports(world, [row])
    assert job.report["update"] == 1 and job.report["new"] == 0, job.report
    assert confirm(client, job).status == BackgroundJob.Status.DONE
    report = EnterpriseReport.objects.get()
    assert report.value == Decimal(130000000) and report.stated_growth == Decimal("9.0")
    assert report.version == 2


@pytest.mark.parametrize("name", ["工业总产值", "Gross industrial output"])
def test_report_import_names_the_indicator_as_the_template_does(world, name):
    """The template's example names the indicator in Chinese (工业总产值)."""
    row = [world.ent_a.credit_code, name, 2024, 9, 120000000, 8.5]
    client, job = import_reports(world, [row])
    assert job.status == BackgroundJob.Status.PREVIEW, job.report["errors"]
    assert confirm(client, job).status == BackgroundJob.Status.DONE
    assert EnterpriseReport.objects.get().indicator.code == OUTPUT


def test_report_import_another_month_is_a_new_report(world):
    rows = [
        [world.ent_a.credit_code, OUTPUT, 2024, 8, 100000000, ""],
        [world.ent_a.credit_code, OUTPUT, 2024, 9, 120000000, ""],
    ]
    client, job = import_reports(world, rows)
    assert job.report["new"] == 2
    confirm(client, job)
    assert EnterpriseReport.objects.count() == 2


@pytest.mark.parametrize(
    "row,column",
    [
        (["{code}", "不存在的指标", 2024, 9, 1, ""], "指标"),
        # Enterprises do not report zone-level indicators.
        (["{code}", IVA, 2024, 9, 1, ""], "指标"),
        (["91140500MA0000000X", OUTPUT, 2024, 9, 1, ""], "统一社会信用代码"),
        (["{code}", OUTPUT, 2024, 13, 1, ""], "月"),
        (["{code}", OUTPUT, 2024, 9, -1, ""], "数值（元）"),
        (["{code}", OUTPUT, 2024, 8, 1, ""], "统一社会信用代码、指标、年、月"),
    ],
    ids=[
        "unknown-indicator",
        "zone-indicator",
        "unknown-enterprise",
        "bad-month",
        "negative",
        "duplicate-key",
    ],
)
def test_report_import_errors(world, row, column):
    row = [c.format(code=world.ent_a.credit_code) if isinstance(c, str) else c for c in row]
    good = [world.ent_a.credit_code, OUTPUT, 2024, 8, 100000000, ""]
    _client, job = import_reports(world, [good, row])
    assert job.status == BackgroundJob.Status.INVALID
    assert any(e["row"] == 3 and e["column"] == column for e in job.report["errors"]), job.report
    assert not EnterpriseReport.objects.exists()


def test_report_import_of_another_zones_enterprise_is_refused(world):
    row = [world.ent_b.credit_code, OUTPUT, 2024, 9, 120000000, ""]
    _client, job = import_reports(world, [row], role="zone_staff")
    assert job.status == BackgroundJob.Status.INVALID
    assert job.report["errors"][0]["column"] == "统一社会信用代码"


def test_report_reimport_with_a_zero_padded_month_updates(world):
    """The key compares numbers as numbers: month "09" is month 9."""
    first = [world.ent_a.credit_code, OUTPUT, 2024, 9, 100000000, ""]
    client, job = import_reports(world, [first])
    confirm(client, job)
    csv = (
        "统一社会信用代码,指标,年,月,数值（元）\n"
        f"{world.ent_a.credit_code},{OUTPUT},2024,09,200000000\n"
    ).encode("utf-8-sig")
    client.post("/stats/reports/import/", {"file": SimpleUploadedFile("r.csv", csv)})
    job = BackgroundJob.objects.latest("pk")
    assert job.status == BackgroundJob.Status.PREVIEW, job.report["errors"]
    assert job.report["update"] == 1
    assert confirm(client, job).status == BackgroundJob.Status.DONE
    assert EnterpriseReport.objects.get().value == Decimal(200000000)


def test_enterprise_report_submit_and_approve(world):
    from devzone.stats.models import EnterpriseReport

    output = Indicator.objects.get(code="industrial_output")
    report = EnterpriseReport.objects.create(
        enterprise=world.ent_a, indicator=output, year=2024, month=9, value=Decimal("1000")
    )
    url = f"/stats/reports/{report.pk}/"
    # The enterprise itself submits; its zone admin approves; nobody else may.
    assert world.client("outsider").post(f"{url}workflow/approve/").status_code == 404
    assert world.client("enterprise").post(f"{url}workflow/approve/").status_code == 403
    assert world.client("enterprise").post(f"{url}workflow/submit/").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert world.client("zone_staff").post(f"{url}workflow/approve/").status_code == 403
    page = world.client("zone_admin").get(url).content.decode()
    assert 'data-testid="approve-report"' in page
    assert world.client("zone_admin").post(f"{url}workflow/approve/").status_code == 302
    report.refresh_from_db()
    assert (
        report.status == ReportStatus.APPROVED and report.approved_by == world.users["zone_admin"]
    )


def test_template_import_names_the_audit_rule_a_cell_breaks(world):
    """工业投资 above 固定资产投资 is a hard rule: the row and cell are named,
    nothing is written; a stated growth far from the computed one is only
    checked at submission."""
    fai = "fixed_asset_investment"
    content = xlsx({"2024-06": [headers(INV, fai), [world.zone_a.name, 15.61, 129.6, 14.31, ""]]})
    report = upload(world, content)
    assert report.written == 0 and not IndicatorValue.objects.exists()
    (error,) = report.errors
    assert (error["sheet"], error["row"]) == ("2024-06", 2)
    assert error["column"] == "工业投资（亿元）"
    assert "不能大于固定资产投资" in error["message"]
    fine = xlsx({"2024-06": [headers(INV, fai), [world.zone_a.name, 15.61, 129.6, 18.36, ""]]})
    assert upload(world, fine).written == 2
