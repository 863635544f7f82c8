"""Projects from the seed page: 广灵's 火山云太行算力中心 (two phases, 13.95亿元
reported in 2024, 89.4% of the zone's 工业投资, in operation from November) and
垣曲's incubation park (2.65亿元 on 86亩 in two phases)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from devzone.core.demo import DEMO_PASSWORD, SEED
from devzone.core.models import IndustryChain, User, Zone
from devzone.core.scoping import Role
from devzone.core.services import after_writes_deferred, system_save

from . import services
from .models import (
    Lead,
    LeadFollowUp,
    Problem,
    ProblemFollowUp,
    Project,
    ProjectInvestment,
    ScheduleTask,
    TaskDependency,
)

YI = Decimal(100_000_000)


def _save(obj, reason=SEED):
    return system_save(instance=obj, reason=reason, quiet=True)


# The seed's sentences on its projects, each shown as the project's source.
GUANGLING_ARTICLE = "科学导报《吹响决战决胜四季度“冲锋号”》"
YUANQU_ARTICLE = "科学导报《构筑发展新高地 培育发展新动能》"
JINCHENG_ARTICLE = "科学导报《打好“组合拳” 赋能经济高质量发展》"
COMPUTE_SOURCE = (
    f"{GUANGLING_ARTICLE}：“火山云太行算力中心项目引领投资高速增长，一期和二期今年已累计上报投资"
    "13.95亿元，占全区工业投资的89.4%，该项目预计11月投入运营，二期项目正在快速建设中。”"
)
PARK_SOURCE = (
    f"{YUANQU_ARTICLE}：“孵化园总投资2.65亿元，占地面积86亩，建设标准化厂房7.5万平方米。"
    "项目分两期建设。”"
)
PARK_ONE_SOURCE = (
    f"{YUANQU_ARTICLE}：“一期投资0.99亿元，占地39.14亩，主要建设一栋综合服务楼和一栋轻工业厂房”"
)
PARK_TWO_SOURCE = f"{YUANQU_ARTICLE}：“二期投资1.66亿元，占地37.7亩，主要建设三栋标准化厂房。”"
INFRASTRUCTURE_SOURCE = (
    f"{JINCHENG_ARTICLE}：“投资130亿元加强基础设施、厂房地、配套设施等硬件建设……"
    "全力打造2000亩标准地、200万平米的光机电产业集聚区”"
)


def _project(zone, name, **values) -> Project:
    project = Project.objects.filter(zone=zone, name=name).first() or Project(zone=zone, name=name)
    changed = project.pk is None or any(getattr(project, k) != v for k, v in values.items())
    for k, v in values.items():
        setattr(project, k, v)
    return _save(project) if changed else project


# The seed names no one: the responsible leaders (包联领导) and agents (代办员)
# of the notice boards are sample people, with sample office phones.
PEOPLE = [
    # username, full name, zone, office phone
    ("gl_leader", "包联领导（示例）", "广灵经济技术开发区", "0352-8880001"),
    ("gl_agent", "代办员（示例）", "广灵经济技术开发区", "0352-8880002"),
    ("yq_leader", "包联领导（示例）", "垣曲经济技术开发区", "0359-8880001"),
    ("yq_agent", "代办员（示例）", "垣曲经济技术开发区", "0359-8880002"),
    ("jc_leader", "包联领导（示例）", "晋城经济技术开发区", "0356-8880001"),
    ("jc_agent", "代办员（示例）", "晋城经济技术开发区", "0356-8880002"),
]


def _people(zones) -> dict[str, User]:
    people = {}
    for username, full_name, zone_name, phone in PEOPLE:
        user = User.objects.filter(username=username).first() or User(username=username)
        # A responsible leader (包联领导) is one of the zone's leadership: a zone admin.
        role = Role.ZONE_ADMIN if username.endswith("_leader") else Role.ZONE_STAFF
        user.first_name, user.role, user.phone = full_name, role, phone
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.zones.set([zones[zone_name]])
        people[username] = user
    return people


# Milestones that move a project's stage when done (竣工, 投产运营, 企业入驻).
MILESTONE_STAGES = {
    "竣工验收": Project.Stage.COMPLETED,
    "投产运营": Project.Stage.OPERATING,
    "企业入驻": Project.Stage.OPERATING,
}


# A seed project's dates that come from its sample schedule.
SCHEDULE_SAMPLE_FIELDS = ["completed_on", "expected_operation", "expected_start", "operating_on"]
# Who leads and runs a seed project: the seed names no one.
PEOPLE_SAMPLE_FIELDS = ["agent", "leader"]


def _schedule(project, start, deadline, tasks, links, baseline=True):
    """A sample schedule: tasks (name, duration, working days, actual start,
    actual finish, percent) and finish-to-start links (before, after, lag)."""
    invented = (
        project.sample_fields
        if project.is_sample
        else sorted({*project.sample_fields, *SCHEDULE_SAMPLE_FIELDS})
    )
    changed = (
        project.expected_start != start
        or project.expected_operation != deadline
        or project.sample_fields != invented
    )
    project.expected_start, project.expected_operation = start, deadline
    project.sample_fields = invented
    # The schedule is computed once, when every task and link is in, and tells
    # the leaders what is behind or at risk, as a real schedule entered at once would.
    with after_writes_deferred():
        if changed:
            _save(project, "sample")
        by_name = {}
        for name, duration, working, actual_start, actual_finish, percent in tasks:
            task = ScheduleTask.objects.filter(project=project, name=name).first()
            values = {
                "duration": duration,
                "working_days": working,
                "actual_start": actual_start,
                "actual_finish": actual_finish,
                "percent_complete": percent,
                "marks_stage": next(
                    (stage for suffix, stage in MILESTONE_STAGES.items() if name.endswith(suffix)),
                    "",
                ),
                "is_sample": True,
            }
            if task is None or any(getattr(task, k) != v for k, v in values.items()):
                task = task or ScheduleTask(project=project, name=name)
                for k, v in values.items():
                    setattr(task, k, v)
                _save(task, "sample")
            by_name[name] = task
        for before, after, lag in links:
            if not TaskDependency.objects.filter(
                before=by_name[before], after=by_name[after]
            ).exists():
                link = TaskDependency(
                    before=by_name[before], after=by_name[after], lag=lag, is_sample=True
                )
                _save(link, "sample")
    services.compute_schedule(project)
    if baseline:
        tasks = list(project.tasks.all())
        for t in tasks:
            if t.baseline_start is None:
                t.baseline_start, t.baseline_finish = t.earliest_start, t.earliest_finish
        ScheduleTask.objects.bulk_update(tasks, ["baseline_start", "baseline_finish"])
        Project.objects.filter(pk=project.pk).update(baseline_saved_on=start)
        services.refresh_statuses(list(project.tasks.all()))


@transaction.atomic
def load() -> dict[str, int]:
    zones = {z.name: z for z in Zone.objects.filter(is_sample=False)}
    guangling, yuanqu = zones["广灵经济技术开发区"], zones["垣曲经济技术开发区"]
    jincheng = zones["晋城经济技术开发区"]
    # The seed says the zones run a 24-hour hotline but gives no number: the
    # demo enters none, and the boards say so (pointing to the national 12345).
    people = _people(zones)
    leader, agent = people["gl_leader"], people["gl_agent"]
    compute = _project(
        guangling,
        "火山云太行算力中心",
        stage=Project.Stage.BUILDING,
        key_level=Project.KeyLevel.PROVINCE,
        industry_code="I6450",
        industrial=True,
        planned_investment=Decimal("30") * YI,
        is_sample=False,
        # The seed gives 13.95亿元 reported so far and November for operation, no plan or level.
        sample_fields=["industry_code", "key_level", "planned_investment", *PEOPLE_SAMPLE_FIELDS],
        source_note=COMPUTE_SOURCE,
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
        # In operation from November 2024 (seed), as its schedule's milestones say.
        stage=Project.Stage.OPERATING,
        completed_on=date(2024, 10, 18),
        operating_on=date(2024, 11, 28),
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
        sample_fields=["industry_code", "key_level", *PEOPLE_SAMPLE_FIELDS],
        source_note=PARK_SOURCE,
        key_level=Project.KeyLevel.COUNTY,
        leader=people["yq_leader"],
        agent=people["yq_agent"],
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
        leader=people["yq_leader"],
        agent=people["yq_agent"],
        is_sample=False,
        sample_fields=PEOPLE_SAMPLE_FIELDS,
        source_note=PARK_ONE_SOURCE,
        description="一栋综合服务楼和一栋轻工业厂房。",
    )
    park_two = _project(
        yuanqu,
        "创新创业孵化园（二期）",
        parent=park,
        # Its sample schedule is done: accepted in April 2025, tenants from May.
        stage=Project.Stage.OPERATING,
        completed_on=date(2025, 4, 25),
        operating_on=date(2025, 5, 6),
        industrial=True,
        planned_investment=Decimal("1.66") * YI,
        land_area_mu=Decimal("37.7"),
        leader=people["yq_leader"],
        agent=people["yq_agent"],
        is_sample=False,
        sample_fields=sorted([*PEOPLE_SAMPLE_FIELDS, *SCHEDULE_SAMPLE_FIELDS]),
        source_note=PARK_TWO_SOURCE,
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
    # 火山云 phase one: nearly finished in autumn 2024, operation expected in
    # November (seed); the tasks, durations and actual dates are samples.
    _schedule(
        phase_one,
        date(2023, 5, 8),
        date(2024, 11, 30),
        [
            ("场地平整与桩基", 60, False, date(2023, 5, 8), date(2023, 7, 10), 100),
            ("主体结构施工", 180, False, date(2023, 7, 11), date(2024, 1, 12), 100),
            ("机电安装", 120, False, date(2024, 1, 15), date(2024, 5, 20), 100),
            ("110千伏变电站及供配电", 150, False, date(2023, 8, 10), date(2024, 1, 20), 100),
            ("服务器机柜及设备安装", 60, False, date(2024, 5, 22), date(2024, 7, 25), 100),
            ("系统联调联试", 30, True, date(2024, 7, 29), date(2024, 9, 13), 100),
            ("竣工验收", 15, True, date(2024, 9, 18), date(2024, 10, 18), 100),
            ("投产运营", 0, False, date(2024, 11, 28), date(2024, 11, 28), 100),
        ],
        [
            ("场地平整与桩基", "主体结构施工", 0),
            ("主体结构施工", "机电安装", 0),
            ("场地平整与桩基", "110千伏变电站及供配电", 30),
            ("机电安装", "服务器机柜及设备安装", 0),
            ("110千伏变电站及供配电", "服务器机柜及设备安装", 0),
            ("服务器机柜及设备安装", "系统联调联试", 0),
            ("系统联调联试", "竣工验收", 0),
            ("竣工验收", "投产运营", 0),
        ],
    )
    # Phase two "is being built fast" (seed); its schedule is a sample, reported
    # against a baseline, with a task behind it and one late.
    _schedule(
        phase_two,
        date(2024, 6, 3),
        date(2027, 6, 30),
        [
            ("二期场地平整与桩基", 75, False, date(2024, 6, 3), date(2024, 8, 20), 100),
            ("二期主体结构施工", 300, False, date(2024, 8, 21), date(2025, 6, 20), 100),
            ("二期变电站接入", 180, False, date(2024, 9, 2), date(2025, 3, 28), 100),
            ("二期外部道路及管网", 240, False, date(2025, 3, 3), None, 70),
            ("二期机电安装", 300, False, date(2025, 6, 23), date(2026, 5, 20), 100),
            ("二期冷却系统", 240, False, date(2025, 7, 14), date(2026, 3, 30), 100),
            ("二期消防及智能化", 240, False, date(2026, 6, 8), None, 70),
            ("二期服务器设备安装", 240, False, date(2026, 5, 25), None, 55),
            ("二期系统联调联试", 60, True, None, None, 0),
            ("二期竣工验收", 20, True, None, None, 0),
            ("二期投产运营", 0, False, None, None, 0),
        ],
        [
            ("二期场地平整与桩基", "二期主体结构施工", 0),
            ("二期场地平整与桩基", "二期变电站接入", 10),
            ("二期场地平整与桩基", "二期外部道路及管网", 180),
            ("二期主体结构施工", "二期机电安装", 0),
            ("二期主体结构施工", "二期冷却系统", 20),
            ("二期机电安装", "二期消防及智能化", 0),
            ("二期机电安装", "二期服务器设备安装", 0),
            ("二期冷却系统", "二期服务器设备安装", 0),
            ("二期变电站接入", "二期服务器设备安装", 0),
            ("二期服务器设备安装", "二期系统联调联试", 0),
            ("二期消防及智能化", "二期系统联调联试", 0),
            ("二期外部道路及管网", "二期竣工验收", 0),
            ("二期系统联调联试", "二期竣工验收", 0),
            ("二期竣工验收", "二期投产运营", 0),
        ],
    )
    # 垣曲's park phase two: three standard factory buildings (seed); the schedule is a sample.
    _schedule(
        park_two,
        date(2024, 4, 1),
        date(2025, 12, 31),
        [
            ("厂房基础施工", 60, False, date(2024, 4, 1), date(2024, 6, 5), 100),
            ("三栋厂房主体施工", 200, False, date(2024, 6, 10), date(2025, 1, 15), 100),
            ("水电气暖配套", 90, False, date(2024, 11, 1), date(2025, 3, 10), 100),
            ("竣工验收", 20, True, date(2025, 3, 20), date(2025, 4, 25), 100),
            ("企业入驻", 0, False, date(2025, 5, 6), date(2025, 5, 6), 100),
        ],
        [
            ("厂房基础施工", "三栋厂房主体施工", 0),
            ("三栋厂房主体施工", "水电气暖配套", 0),
            ("水电气暖配套", "竣工验收", 0),
            ("竣工验收", "企业入驻", 0),
        ],
    )
    # 晋城: 130亿元 for infrastructure, factories and land, 2000亩 of standard land
    # (seed). The key level, dates and people are samples.
    _project(
        jincheng,
        "光机电产业集聚区基础设施及标准厂房",
        stage=Project.Stage.BUILDING,
        key_level=Project.KeyLevel.CITY,
        industrial=True,
        planned_investment=Decimal("130") * YI,
        land_area_mu=Decimal("2000"),
        leader=people["jc_leader"],
        agent=people["jc_agent"],
        is_sample=False,
        sample_fields=["key_level", *PEOPLE_SAMPLE_FIELDS],
        source_note=INFRASTRUCTURE_SOURCE,
        description="投资130亿元加强基础设施、厂房地、配套设施等硬件建设；2000亩标准地、"
        "200万平米的光机电产业集聚区。（重点级别、人员为示例）",
    )
    _leads(yuanqu, people["yq_agent"])
    return {
        "leads": Lead.objects.filter(zone=yuanqu).count(),
        "tasks": ScheduleTask.objects.filter(project__zone__in=[guangling, yuanqu]).count(),
        "projects": Project.objects.filter(zone__in=[guangling, yuanqu]).count(),
        "problems": Problem.objects.filter(project__zone__in=[guangling, yuanqu]).count(),
    }


# 垣曲 seeks investors in four regions; four companies negotiate to move into
# the incubation park (seed). Who they are is not said: the leads are samples.
LEADS = [
    ("长三角某服装企业（示例）", "服装加工项目", Lead.SourceRegion.YANGTZE_DELTA, "轻纺劳保"),
    ("粤港澳某电子企业（示例）", "电子元器件组装项目", Lead.SourceRegion.GREATER_BAY, "电子"),
    ("京津冀某机械企业（示例）", "机械零部件加工项目", Lead.SourceRegion.JING_JIN_JI, "机械制造"),
    ("成渝某劳保用品企业（示例）", "劳保用品生产项目", Lead.SourceRegion.CHENG_YU, "轻纺劳保"),
]


def _leads(zone, owner) -> None:
    chain = IndustryChain.objects.filter(zone=zone).first()
    for i, (investor, project_name, region, direction) in enumerate(LEADS):
        lead = Lead.objects.filter(zone=zone, investor=investor).first()
        if lead is None:
            lead = _save(
                Lead(
                    zone=zone,
                    investor=investor,
                    project_name=project_name,
                    source_region=region,
                    direction=direction,
                    chain=chain,
                    stage=Lead.Stage.NEGOTIATING,
                    owner=owner,
                    first_contact_on=date(2024, 3 + i, 10),
                    description="洽谈入驻垣曲创新创业孵化园，租赁标准化厂房。",
                    is_sample=True,
                ),
                f"{SEED}: 还有4家正在洽谈入驻（企业为示例）",
            )
            _save(
                LeadFollowUp(
                    lead=lead,
                    happened_on=date(2024, 3 + i, 25),
                    note="实地考察孵化园厂房，介绍厂房租赁、技术改造等十条优惠政策。",
                    is_sample=True,
                ),
                "sample",
            )
