"""Projects from the seed page: 广灵's 火山云太行算力中心 (two phases, 13.95亿元
reported in 2024, 89.4% of the zone's 工业投资, in operation from November) and
垣曲's incubation park (2.65亿元 on 86亩 in two phases)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from devzone.core.demo import SEED
from devzone.core.models import User, Zone

from .models import Problem, ProblemFollowUp, Project, ProjectInvestment

YI = Decimal(100_000_000)


def _save(obj, reason=SEED):
    obj._change_reason = reason
    obj.save()
    return obj


def _project(zone, name, **values) -> Project:
    project = Project.objects.filter(zone=zone, name=name).first() or Project(zone=zone, name=name)
    changed = project.pk is None or any(getattr(project, k) != v for k, v in values.items())
    for k, v in values.items():
        setattr(project, k, v)
    return _save(project) if changed else project


@transaction.atomic
def load() -> dict[str, int]:
    zones = {z.name: z for z in Zone.objects.filter(is_sample=False)}
    guangling, yuanqu = zones["广灵经济技术开发区"], zones["垣曲经济技术开发区"]
    leader = User.objects.filter(username="guangling").first()
    agent = User.objects.filter(username="staff").first()
    compute = _project(
        guangling,
        "火山云太行算力中心",
        stage=Project.Stage.BUILDING,
        key_level=Project.KeyLevel.PROVINCE,
        industry_code="I6450",
        industrial=True,
        planned_investment=Decimal("30") * YI,
        is_sample=False,
        expected_operation=date(2024, 11, 30),
        leader=leader,
        agent=agent,
        description="抖音公司火山云太行算力中心项目，一期建设已接近尾声，二期正在快速建设中。",
    )
    # The seed gives the two phases' combined 13.95亿元; the split and the plans are samples.
    phase_one = _project(
        guangling,
        "火山云太行算力中心（一期）",
        parent=compute,
        stage=Project.Stage.BUILDING,
        industrial=True,
        industry_code="I6450",
        planned_investment=Decimal("12") * YI,
        expected_operation=date(2024, 11, 30),
        leader=leader,
        agent=agent,
        is_sample=True,
    )
    phase_two = _project(
        guangling,
        "火山云太行算力中心（二期）",
        parent=compute,
        stage=Project.Stage.BUILDING,
        industrial=True,
        industry_code="I6450",
        planned_investment=Decimal("18") * YI,
        leader=leader,
        agent=agent,
        is_sample=True,
    )
    for project, amount in ((phase_one, Decimal("9.20")), (phase_two, Decimal("4.75"))):
        report = ProjectInvestment.objects.filter(project=project, year=2024, month=9).first()
        if report is None or report.cumulative != amount * YI:
            report = report or ProjectInvestment(project=project, year=2024, month=9)
            report.cumulative, report.is_sample = amount * YI, True
            _save(report, f"{SEED}: 一期和二期合计13.95亿元（分期为示例）")
    park = _project(
        yuanqu,
        "创新创业孵化园",
        stage=Project.Stage.BUILDING,
        industrial=True,
        industry_code="C18",
        planned_investment=Decimal("2.65") * YI,
        land_area_mu=Decimal("86"),
        is_sample=False,
        description="总投资2.65亿元，占地86亩，建设标准化厂房7.5万平方米，分两期建设。",
    )
    _project(
        yuanqu,
        "创新创业孵化园（一期）",
        parent=park,
        stage=Project.Stage.OPERATING,
        industrial=True,
        planned_investment=Decimal("0.99") * YI,
        land_area_mu=Decimal("39.14"),
        is_sample=False,
        description="一栋综合服务楼和一栋轻工业厂房。",
    )
    _project(
        yuanqu,
        "创新创业孵化园（二期）",
        parent=park,
        stage=Project.Stage.BUILDING,
        industrial=True,
        planned_investment=Decimal("1.66") * YI,
        land_area_mu=Decimal("37.7"),
        is_sample=False,
        description="三栋标准化厂房。",
    )
    # The seed speaks of following up problems; this one is a sample.
    problem = Problem.objects.filter(project=phase_two, title="二期变电站接入手续待办结").first()
    if problem is None:
        problem = _save(
            Problem(
                project=phase_two,
                title="二期变电站接入手续待办结",
                owner=agent,
                department="供电公司",
                deadline=date(2024, 10, 31),
                raised_on=date(2024, 9, 20),
                is_sample=True,
            ),
            "sample",
        )
        _save(
            ProblemFollowUp(
                problem=problem,
                happened_on=date(2024, 9, 25),
                note="已与供电公司对接，材料已提交。",
                is_sample=True,
            ),
            "sample",
        )
    return {
        "projects": Project.objects.filter(zone__in=[guangling, yuanqu]).count(),
        "problems": Problem.objects.filter(project__zone__in=[guangling, yuanqu]).count(),
    }
