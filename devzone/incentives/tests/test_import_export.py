"""Imports of policies, applications, disbursements and financing cases: every
bad row and column reported, nothing written unless every row is good;
exports of what the lists show."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from devzone.core.models import BackgroundJob
from devzone.incentives.models import Application, Disbursement, FinancingCase, Policy

pytestmark = pytest.mark.django_db


def csv_file(headers, rows, name="import.csv"):
    lines = [",".join(headers)] + [",".join(r) for r in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8-sig"))


def run_import(world, url_name, headers, rows, role="zone_staff"):
    client = world.client(role)
    response = client.post(reverse(url_name), {"file": csv_file(headers, rows)})
    assert response.status_code == 302, response.content.decode()[:3000]
    job = BackgroundJob.objects.latest("pk")
    if job.status == BackgroundJob.Status.PREVIEW:
        client.post(reverse("core:job_confirm", args=[job.pk]))
        job.refresh_from_db()
    return job


def errors_of(job):
    return {(e["row"], e["column"]) for e in job.report["errors"]}


POLICY_HEADERS = [
    "所属开发区",
    "政策名称",
    "政策类别",
    "发文单位",
    "受理科室",
    "申报条件",
    "兑现方式",
    "定额（元）",
    "比例（%）",
    "计算基数",
    "上限（元）",
    "生效日期",
    "企业规模要求",
    "行业代码前缀",
    "所属产业链",
    "仅限在营企业",
]


def policy_row(title, **over):
    row = {
        "所属开发区": "广灵经济技术开发区",
        "政策名称": title,
        "政策类别": "厂房租赁",
        "发文单位": "广灵经开区管委会",
        "受理科室": "企业服务中心",
        "申报条件": "入驻企业",
        "兑现方式": "按比例",
        "定额（元）": "",
        "比例（%）": "50",
        "计算基数": "租金",
        "上限（元）": "500000",
        "生效日期": "2024-01-01",
        "企业规模要求": "规下",
        "行业代码前缀": "C32 C33",
        "所属产业链": "再生金属产业链",
        "仅限在营企业": "是",
        **over,
    }
    return [row[h] for h in POLICY_HEADERS]


def test_policies_import_with_their_criteria(world):
    job = run_import(
        world,
        "incentives:policy_import",
        POLICY_HEADERS,
        [
            policy_row("租金补贴"),
            policy_row(
                "规上奖励",
                **{
                    "兑现方式": "定额",
                    "定额（元）": "300000",
                    "比例（%）": "",
                    "计算基数": "",
                    "上限（元）": "",
                    "所属产业链": "",
                },
            ),
        ],
    )
    assert job.status == BackgroundJob.Status.DONE, job.report
    rent = Policy.objects.get(title="租金补贴")
    assert rent.req_chain == world.chain_a and rent.req_scale == "below" and rent.req_operating
    assert rent.req_industry_prefixes == "C32 C33"
    assert rent.rate_percent == Decimal("50") and rent.base == "rent"
    assert Policy.objects.get(title="规上奖励").fixed_amount == Decimal("300000")
    assert rent.history.first().history_user == world.users["zone_staff"]


def test_bad_policy_rows_are_reported_and_nothing_is_written(world):
    job = run_import(
        world,
        "incentives:policy_import",
        POLICY_HEADERS,
        [
            policy_row("好政策"),
            policy_row("坏一", **{"所属开发区": "晋城经济技术开发区"}),  # not the user's zone
            policy_row("坏二", **{"行业代码前缀": "X99"}),
            policy_row("坏三", **{"计算基数": ""}),
            policy_row("坏四", **{"生效日期": "明年"}),
        ],
    )
    assert job.status == BackgroundJob.Status.INVALID
    found = errors_of(job)
    assert (3, "所属开发区") in found
    assert (4, "行业代码前缀") in found
    assert (5, "计算基数") in found
    assert (6, "生效日期") in found
    assert not Policy.objects.exists()


APPLICATION_HEADERS = [
    "所属开发区",
    "政策名称",
    "企业",
    "申报日期",
    "申报基数（元）",
    "申请金额（元）",
    "状态",
    "批准金额（元）",
    "审核日期",
    "审核意见",
]


def test_applications_import_names_and_decisions(iw):
    job = run_import(
        iw,
        "incentives:application_import",
        APPLICATION_HEADERS,
        [
            [
                "广灵经济技术开发区",
                "厂房租赁优惠",
                "丙企业",
                "2023-03-01",
                "200000",
                "100000",
                "已批准",
                "100000",
                "2023-04-01",
                "",
            ],
            [
                "",
                "厂房租赁优惠",
                iw.ent_a.credit_code,
                "2023-05-01",
                "",
                "",
                "未通过",
                "",
                "2023-06-01",
                "材料不全",
            ],
        ],
    )
    assert job.status == BackgroundJob.Status.DONE, job.report
    approved = Application.objects.get(enterprise=iw.ent_c, submitted_on="2023-03-01")
    assert approved.status == "approved" and approved.decided_by == iw.users["zone_staff"]
    assert (
        Application.objects.get(enterprise=iw.ent_a, submitted_on="2023-05-01").decision_note
        == "材料不全"
    )


def test_application_import_refuses_bad_rows(iw):
    job = run_import(
        iw,
        "incentives:application_import",
        APPLICATION_HEADERS,
        [
            [
                "广灵经济技术开发区",
                "厂房租赁优惠",
                "乙企业",
                "2023-03-01",
                "",
                "1000",
                "",
                "",
                "",
                "",
            ],
            [
                "广灵经济技术开发区",
                "厂房租赁优惠",
                "丙企业",
                "2023-03-01",
                "",
                "1000",
                "已批准",
                "",
                "",
                "",
            ],
            [
                "广灵经济技术开发区",
                "厂房租赁优惠",
                "丙企业",
                "2019-03-01",
                "",
                "900000",
                "",
                "",
                "",
                "",
            ],
        ],
    )
    assert job.status == BackgroundJob.Status.INVALID
    found = errors_of(job)
    assert (2, "企业") in found  # 乙企业 is of zone B
    assert (3, "批准金额（元）") in found and (3, "审核日期") in found
    assert (4, "申报日期") in found and (4, "申请金额（元）") in found
    assert Application.objects.count() == 3


DISBURSEMENT_HEADERS = ["申报编号", "兑现日期", "兑现金额（元）", "支付凭证号"]


def test_payments_import_is_all_or_nothing_against_the_approved_amount(iw):
    number = iw.app_a.number  # approved 100,000; 40,000 paid
    job = run_import(
        iw,
        "incentives:disbursement_import",
        DISBURSEMENT_HEADERS,
        [[number, "2024-06-01", "30000", "P1"], [number, "2024-07-01", "30000.01", "P2"]],
    )
    assert job.status == BackgroundJob.Status.INVALID
    assert number in job.report["errors"][0]["message"]
    assert Disbursement.objects.count() == 1
    job = run_import(
        iw,
        "incentives:disbursement_import",
        DISBURSEMENT_HEADERS,
        [[number, "2024-06-01", "30000", "P1"], [number, "2024-07-01", "30000", "P2"]],
    )
    assert job.status == BackgroundJob.Status.DONE, job.report
    assert Disbursement.objects.count() == 3


def test_payments_import_refuses_unknown_and_unapproved_applications(iw):
    job = run_import(
        iw,
        "incentives:disbursement_import",
        DISBURSEMENT_HEADERS,
        [
            ["2099-9999-0001", "2024-06-01", "1", ""],
            [iw.app_c.number, "2024-06-01", "1", ""],
            [iw.app_b.number, "2024-06-01", "1", ""],
        ],
    )
    assert job.status == BackgroundJob.Status.INVALID
    found = errors_of(job)
    assert {(2, "申报编号"), (3, "申报编号"), (4, "申报编号")} <= found
    assert Disbursement.objects.count() == 1


FINANCING_HEADERS = [
    "所属开发区",
    "企业",
    "金融机构或基金",
    "融资品种",
    "申请金额（元）",
    "申请日期",
    "状态",
    "放款金额（元）",
    "放款或拒绝日期",
]


def test_financing_import(iw):
    job = run_import(
        iw,
        "incentives:financing_import",
        FINANCING_HEADERS,
        [
            [
                "广灵经济技术开发区",
                "丙企业",
                "县农商银行",
                "贷款",
                "5000000",
                "2023-01-05",
                "放款",
                "4000000",
                "2023-02-01",
            ],
            [
                "广灵经济技术开发区",
                "甲企业",
                "产业基金",
                "股权",
                "8000000",
                "2023-01-05",
                "放款",
                "",
                "",
            ],
        ],
    )
    assert job.status == BackgroundJob.Status.INVALID
    assert {(3, "放款金额（元）"), (3, "放款或拒绝日期")} <= errors_of(job)
    job = run_import(
        iw,
        "incentives:financing_import",
        FINANCING_HEADERS,
        [
            [
                "广灵经济技术开发区",
                "丙企业",
                "县农商银行",
                "贷款",
                "5000000",
                "2023-01-05",
                "放款",
                "4000000",
                "2023-02-01",
            ]
        ],
    )
    assert job.status == BackgroundJob.Status.DONE, job.report
    assert FinancingCase.objects.get(lender="县农商银行").amount_granted == Decimal("4000000")


def test_exports_show_the_lists(iw):
    client = iw.client("zone_staff")
    response = client.get(reverse("incentives:application_export") + "?format=xlsx")
    import io

    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    numbers = {r[0] for r in rows[1:]}
    assert numbers == {iw.app_a.number, iw.app_c.number}
    csv = client.get(reverse("incentives:policy_export") + "?format=csv").content.decode(
        "utf-8-sig"
    )
    assert "厂房租赁优惠" in csv and "乙区奖励" not in csv
    template = client.get(reverse("incentives:disbursement_import_template", args=["csv"]))
    assert "申报编号" in template.content.decode("utf-8-sig")
