"""The approval service of 晋城经济技术开发区, from the seed page: 承诺制审批
"一本制" (the government sets the standards, the enterprise commits, 多评合一,
the government pays), saving each project on average 3 months of preliminary
procedures and 16万元 of document-preparation fees; "五个一" full agency, an
agent taking each project through every approval.

The seed gives the averages, not the items: which items 晋城's regional
assessment covers, the two extra projects and every item's mode and dates are
samples, chosen so that the seed's averages come out of them:

    project                         working days saved          fees saved (元)
    光机电产业集聚区基础设施及标准厂房  16 + 10 + 20 + 18 = 64      40,000 + 20,000 + 50,000 + 30,000 + 30,000 = 170,000
    精密光学元件生产线项目（示例）      45 + 17 = 62                50,000 + 50,000 + 30,000 + 30,000 = 160,000
    智能装备制造基地项目（示例）        18 + 10 + 11 + 20 = 59      40,000 + 50,000 + 30,000 + 30,000 = 150,000
    average of 3 projects           185 ÷ 3 = 61.7 working days  480,000 ÷ 3 = 160,000 元 = 16万元
                                    = 3.0 months (÷ 20.83) ≈ 90 calendar days (× 365 ÷ 250)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from devzone.core.demo import DEMO_PASSWORD, SEED
from devzone.core.models import Enterprise, User, Zone
from devzone.core.scoping import Role
from devzone.core.services import system_save
from devzone.core.workdays import official_workday
from devzone.projects.models import Project

from .catalogue import catalogue_load
from .documents import generate
from .models import ApprovalDocument, ApprovalItem, ProjectApproval, RegionalCoverage

ZONE = "晋城经济技术开发区"
YI = Decimal(100_000_000)
S, C, R, G = "standard", "commitment", "regional", "government_paid"

# What 晋城's completed regional assessment covers (sample: the seed says 多评合一
# without listing the assessments).
COVERED = [
    "地质灾害危险性评估",
    "压覆矿产资源评估",
    "地震安全性评价",
    "水资源论证",
    "洪水影响评价",
    "文物考古调查",
    "气候可行性论证",
]
COVERAGE_COMPLETED = date(2022, 6, 30)

# Two more sample projects of the zone: name, enterprise (sample, from the
# registry's demo), planned investment (亿元), description.
PROJECTS = [
    (
        "精密光学元件生产线项目（示例）",
        "晋城光学元件示例企业",
        Decimal("3.2"),
        "光机电产业集聚区标准厂房内的精密光学元件生产线（示例项目）。",
    ),
    (
        "智能装备制造基地项目（示例）",
        "晋城智能装备示例企业",
        Decimal("5.6"),
        "智能装备整机及零部件制造基地（示例项目）。",
    ),
]

# Items per project: (item, mode, applied on, approved on, commitment). An
# applied date of "open" is set a few working days before the day the demo is
# first loaded, so the agent's worklist shows an item within its limit.
ITEMS = {
    "光机电产业集聚区基础设施及标准厂房": [
        ("立项备案", S, date(2024, 3, 1), date(2024, 3, 1), ""),
        ("用地预审与选址", C, date(2024, 3, 4), date(2024, 3, 8), ""),
        ("地质灾害危险性评估", R, None, date(2024, 3, 4), ""),
        ("压覆矿产资源评估", R, None, date(2024, 3, 4), ""),
        (
            "节能审查",
            C,
            date(2024, 3, 11),
            date(2024, 3, 13),
            "项目年综合能耗控制在区域节能评价确定的指标内，主要用能设备达到一级能效（示例）。",
        ),
        ("环境影响评价", G, date(2024, 3, 11), date(2024, 4, 19), ""),
        ("安全评价", G, date(2024, 3, 11), date(2024, 4, 8), ""),
        ("水土保持方案", G, date(2024, 3, 11), date(2024, 4, 2), ""),
        ("消防设计审查", S, date(2024, 4, 15), date(2024, 4, 26), ""),
        ("施工许可", S, date(2024, 5, 6), date(2024, 5, 9), ""),
    ],
    "精密光学元件生产线项目（示例）": [
        ("立项备案", S, date(2024, 4, 22), date(2024, 4, 22), ""),
        ("水资源论证", R, None, date(2024, 4, 23), ""),
        ("建设工程规划许可", C, date(2024, 5, 6), date(2024, 5, 9), ""),
        ("环境影响评价", G, date(2024, 4, 24), date(2024, 6, 3), ""),
        ("节能审查", G, date(2024, 4, 24), date(2024, 5, 20), ""),
        ("水土保持方案", G, date(2024, 4, 24), date(2024, 5, 22), ""),
        ("施工许可", S, "open", None, ""),
        ("消防设计审查", S, None, None, ""),
    ],
    "智能装备制造基地项目（示例）": [
        ("立项备案", S, date(2024, 5, 27), date(2024, 5, 27), ""),
        ("用地预审与选址", C, date(2024, 6, 3), date(2024, 6, 5), ""),
        ("地质灾害危险性评估", R, None, date(2024, 6, 3), ""),
        ("节能审查", C, date(2024, 6, 11), date(2024, 6, 24), ""),
        ("建设工程规划许可", C, date(2024, 7, 1), date(2024, 7, 1), ""),
        ("环境影响评价", G, date(2024, 6, 4), date(2024, 7, 15), ""),
        ("安全评价", G, date(2024, 6, 4), date(2024, 7, 8), ""),
        ("水土保持方案", G, date(2024, 6, 4), date(2024, 7, 1), ""),
        ("施工许可", S, None, None, ""),
    ],
}

# A sample enterprise user of one sample project, to see what enterprises see.
ENTERPRISE_USER = ("jc_optics", "晋城光学元件示例企业（示例用户）", "晋城光学元件示例企业")


def _save(obj, reason):
    return system_save(instance=obj, reason=reason, quiet=True)


def _working_days_before(day: date, n: int) -> date:
    while n:
        day = date.fromordinal(day.toordinal() - 1)
        if official_workday(day):
            n -= 1
    return day


def _coverage(zone, items) -> None:
    for name in COVERED:
        if not RegionalCoverage.objects.filter(zone=zone, item=items[name]).exists():
            _save(
                RegionalCoverage(
                    zone=zone,
                    item=items[name],
                    completed_on=COVERAGE_COMPLETED,
                    reference="晋城经开区区域评估成果（示例）",
                    note="多评合一：区域评估成果供区内项目直接使用（覆盖事项与日期为示例）。",
                    is_sample=True,
                ),
                f"{SEED}: 多评合一（覆盖事项为示例）",
            )


def _projects(zone, leader, agent) -> dict[str, Project]:
    projects = {}
    for name, enterprise_name, investment, description in PROJECTS:
        project = Project.objects.filter(zone=zone, name=name).first()
        if project is None:
            project = _save(
                Project(
                    zone=zone,
                    name=name,
                    stage=Project.Stage.BUILDING,
                    industrial=True,
                    planned_investment=investment * YI,
                    leader=leader,
                    agent=agent,
                    location="晋城经济技术开发区光机电产业集聚区",
                    description=description,
                    is_sample=True,
                ),
                "sample",
            )
            enterprise = Enterprise.objects.filter(zone=zone, name=enterprise_name).first()
            if enterprise is not None:
                project.enterprises.add(enterprise)
        projects[name] = project
    return projects


def _enterprise_user(zone) -> None:
    username, full_name, enterprise_name = ENTERPRISE_USER
    enterprise = Enterprise.objects.filter(zone=zone, name=enterprise_name).first()
    if enterprise is None or User.objects.filter(username=username).exists():
        return
    user = User(
        username=username, first_name=full_name, role=Role.ENTERPRISE, enterprise=enterprise
    )
    user.set_password(DEMO_PASSWORD)
    user.save()


def _items(project, rows, items, agent, today) -> None:
    for name, mode, applied, approved, commitment in rows:
        if ProjectApproval.objects.filter(project=project, item=items[name]).exists():
            continue
        if applied == "open":
            applied = _working_days_before(today, 3)
        approval = ProjectApproval(
            project=project,
            item=items[name],
            mode=mode,
            applied_on=applied,
            approved_on=approved,
            agent=agent,
            commitment=commitment,
            is_sample=True,
        )
        approval.full_clean()
        _save(approval, f"{SEED}: 承诺制审批“一本制”（事项与日期为示例）")


def _sample_letter(project, items) -> None:
    """The signed commitment letter kept with one item: here the generated one (sample)."""
    approval = ProjectApproval.objects.get(project=project, item=items["节能审查"])
    title = "节能审查承诺书（示例）"
    if approval.documents.filter(title=title).exists():
        return
    from django.core.files.base import ContentFile

    filename, content = generate("commitment", [approval], today=approval.applied_on)
    document = ApprovalDocument(
        approval=approval,
        kind=ApprovalDocument.Kind.COMMITMENT,
        title=title,
        filename=filename,
        size=len(content),
        is_sample=True,
    )
    document.file.save("sample-commitment.docx", ContentFile(content), save=False)
    _save(document, "sample")


@transaction.atomic
def load() -> dict[str, int]:
    zone = Zone.objects.get(name=ZONE, is_sample=False)
    catalogue_load()  # the migration's catalogue, if a test database lost it
    items = {i.name: i for i in ApprovalItem.objects.all()}
    agent = User.objects.get(username="jc_agent")
    leader = User.objects.get(username="jc_leader")
    _coverage(zone, items)
    projects = {
        "光机电产业集聚区基础设施及标准厂房": Project.objects.get(
            zone=zone, name="光机电产业集聚区基础设施及标准厂房"
        ),
        **_projects(zone, leader, agent),
    }
    today = timezone.localdate()
    for name, rows in ITEMS.items():
        _items(projects[name], rows, items, agent, today)
    _sample_letter(projects["光机电产业集聚区基础设施及标准厂房"], items)
    _enterprise_user(zone)
    approvals = ProjectApproval.objects.filter(project__zone=zone)
    return {
        "regional assessment items": RegionalCoverage.objects.filter(zone=zone).count(),
        "projects": approvals.values("project").distinct().count(),
        "approval items": approvals.count(),
    }
