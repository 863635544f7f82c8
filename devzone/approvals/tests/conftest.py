from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from devzone.approvals.catalogue import catalogue_load
from devzone.approvals.models import (
    ApprovalDocument,
    ApprovalItem,
    DocumentTemplate,
    ProjectApproval,
    RegionalCoverage,
)
from devzone.projects.models import Project
from devzone.testing import world_fixtures

SIGNED_LETTER = b"%PDF-1.4\n"

M = ProjectApproval.Mode


def item(name: str) -> ApprovalItem:
    """A catalogue item the data migration preloaded."""
    return ApprovalItem.objects.get(name=name)


def _build_aw(world):
    """The world with approvals: project 甲项目 in zone A (of 甲企业, agent: zone
    staff) with a commitment-based 节能审查 done in 2 working days (18 saved), a
    地质灾害危险性评估 covered by zone A's regional assessment (10 days, 40,000
    元), an open 施工许可 and a signed letter kept as a document; 乙项目 in zone B
    with its own 节能审查; zone A's own commitment-letter template."""
    # The catalogue comes from a data migration, which a transactional test's
    # flush wipes out for the tests after it: load it again.
    catalogue_load()
    w = world
    w.project_a = Project.objects.create(
        zone=w.zone_a,
        name="甲项目",
        planned_investment=Decimal("260000000"),
        agent=w.users["zone_staff"],
        location="广灵经开区再生金属园",
    )
    w.project_a.enterprises.add(w.ent_a)
    w.project_b = Project.objects.create(
        zone=w.zone_b, name="乙项目", planned_investment=Decimal("180000000")
    )
    w.coverage_a = RegionalCoverage.objects.create(
        zone=w.zone_a, item=item("地质灾害危险性评估"), completed_on=date(2022, 6, 30)
    )
    w.commit_a = ProjectApproval.objects.create(
        project=w.project_a,
        item=item("节能审查"),
        mode=M.COMMITMENT,
        applied_on=date(2024, 3, 11),
        approved_on=date(2024, 3, 13),
        commitment="年综合能耗控制在区域能评指标内。",
    )
    w.regional_a = ProjectApproval.objects.create(
        project=w.project_a,
        item=item("地质灾害危险性评估"),
        mode=M.REGIONAL,
        approved_on=date(2024, 3, 4),
    )
    w.open_a = ProjectApproval.objects.create(
        project=w.project_a, item=item("施工许可"), mode=M.STANDARD, applied_on=date(2024, 5, 6)
    )
    w.commit_b = ProjectApproval.objects.create(
        project=w.project_b,
        item=item("节能审查"),
        mode=M.COMMITMENT,
        applied_on=date(2024, 4, 1),
        approved_on=date(2024, 4, 3),
    )
    # The row names its file; each test stores the file itself (``_store_signed_letter``).
    w.document_a = ApprovalDocument.objects.create(
        approval=w.commit_a,
        kind="commitment",
        title="签字承诺书",
        filename="承诺书.pdf",
        size=len(SIGNED_LETTER),
        file="approvals/2024/03/signed.pdf",
    )
    w.template_a = DocumentTemplate.objects.create(
        kind="commitment",
        zone=w.zone_a,
        title="广灵经开区承诺书",
        body="{开发区}：本企业{企业名称}就{项目名称}的{审批事项}承诺：\n{承诺内容}\n{日期}",
    )
    w.global_commitment = DocumentTemplate.objects.get(kind="commitment", zone__isnull=True)
    return w


def _store_signed_letter(w):
    """The signed letter's file, in the test's own media folder (conftest's
    ``_media_root``), under the name its row gives."""
    stored = default_storage.save(w.document_a.file.name, ContentFile(SIGNED_LETTER))
    assert stored == w.document_a.file.name


aw_once, aw = world_fixtures(_build_aw, name="aw", each_test=_store_signed_letter)
