"""晋城's 24-hour service hotline (24小时服务热线) and its zero tolerance for
吃拿卡要 and 阻工扰工, from the seed page. The page gives no calls: the
departments, their heads and the requests are samples (示例), across the
categories, one of them a complaint about an official, most resolved and
rated, two still open."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from devzone.core.demo import SEED
from devzone.core.models import Enterprise, User, Zone
from devzone.core.services import system_save

from .catalogue import load_catalogue
from .deadlines import refresh_deadlines
from .models import Category, Department, FollowUp, ServiceRequest
from .services import categories_for_zone

ZONE = "晋城经济技术开发区"
SHANGHAI = ZoneInfo("Asia/Shanghai")

# name, head (demo user), office phone
DEPARTMENTS = [
    ("营商环境监督室（示例）", "jincheng", "0356-8880010"),
    ("企业服务中心（示例）", "jc_leader", "0356-8880011"),
    ("项目代办中心（示例）", "jc_agent", "0356-8880012"),
]

# log number, category code, subject, request, department, assignee, received,
# [(step, day, hour, text)], rating, comment. Steps: accepted, answered, resolved.
REQUESTS = [
    (
        "JC-示例-001",
        "approval",
        "施工许可办理进度咨询（示例）",
        "光机电产业园标准厂房项目已按承诺制提交材料，想了解施工许可何时办结。（示例）",
        "项目代办中心（示例）",
        "jc_agent",
        (date(2024, 9, 23), 9),
        [
            ("accepted", date(2024, 9, 23), 10, "已受理，代办员全程跟进。"),
            ("answered", date(2024, 9, 24), 16, "材料齐全，预计三个工作日内办结。"),
            ("resolved", date(2024, 9, 27), 15, "施工许可证已核发，代办员送证上门。"),
        ],
        5,
        "代办员全程陪跑，很省心。",
    ),
    (
        "JC-示例-002",
        "employment",
        "急招电焊工30名（示例）",
        "企业扩产，急需熟练电焊工30名，请协助对接劳务资源。（示例）",
        "企业服务中心（示例）",
        "jc_leader",
        (date(2024, 9, 26), 14),
        [
            ("accepted", date(2024, 9, 26), 16, "已受理，转人社部门对接。"),
            ("answered", date(2024, 9, 27), 11, "已发布招聘信息，组织专场招聘会。"),
            ("resolved", date(2024, 10, 11), 17, "招聘会到岗26人，其余岗位持续推送。"),
        ],
        4,
        "基本解决，希望继续推荐。",
    ),
    (
        "JC-示例-003",
        "utilities",
        "厂区夜间停电抢修（示例）",
        "国庆假期中厂区突然停电，生产线停摆，请尽快协调供电抢修。（示例）",
        "企业服务中心（示例）",
        "jc_leader",
        (date(2024, 10, 5), 22),
        [
            ("accepted", date(2024, 10, 8), 9, "已受理（假期后首个工作日），协调供电公司。"),
            ("answered", date(2024, 10, 8), 11, "供电公司已派员排查。"),
            ("resolved", date(2024, 10, 24), 18, "更换故障变压器，恢复供电。"),
        ],
        3,
        "恢复供电太慢。",
    ),
    (
        "JC-示例-004",
        "financing",
        "技改项目贷款对接（示例）",
        "光学元件技改项目需贷款3000万元，请帮助对接银行。（示例）",
        "企业服务中心（示例）",
        "jc_leader",
        (date(2024, 10, 9), 10),
        [
            ("accepted", date(2024, 10, 9), 15, "已受理，属复杂诉求。"),
            ("answered", date(2024, 10, 10), 10, "已推荐三家合作银行。"),
            ("resolved", date(2024, 11, 8), 16, "银行完成授信审批，贷款已发放。"),
        ],
        5,
        "融资难题解决了。",
    ),
    (
        "JC-示例-005",
        "complaint_bribery",
        "办理手续时被暗示请客（示例）",
        "办理用地手续时，有工作人员暗示需要请客才能加快办理。（示例）",
        "营商环境监督室（示例）",
        "jincheng",
        (date(2024, 10, 10), 19),
        [
            ("accepted", date(2024, 10, 11), 9, "已受理，管委会领导督办。"),
            ("answered", date(2024, 10, 11), 17, "已核实情况，手续当日办结。"),
            ("resolved", date(2024, 10, 18), 16, "对相关人员严肃处理，结果已反馈。"),
        ],
        5,
        "处理坚决，感谢。",
    ),
    (
        "JC-示例-006",
        "policy",
        "人才公寓申请条件（示例）",
        "新引进博士如何申请人才公寓？（示例）",
        "企业服务中心（示例）",
        "jc_leader",
        (date(2024, 11, 4), 11),
        [
            ("accepted", date(2024, 11, 4), 14, "已受理。"),
            ("resolved", date(2024, 11, 6), 10, "已发送申请指南并预留公寓。"),
        ],
        None,
        "",
    ),
]

# Still open: received when the demo is first loaded.
OPEN_REQUESTS = [
    (
        "JC-示例-007",
        "other",
        "园区道路雨后积水（示例）",
        "光机电产业园北路雨后积水严重，影响货车通行。（示例）",
        "项目代办中心（示例）",
        "jc_agent",
        [],
    ),
    (
        "JC-示例-008",
        "employment",
        "岗前培训补贴咨询（示例）",
        "新招员工岗前培训能否申请补贴？（示例）",
        "企业服务中心（示例）",
        "jc_leader",
        ["accepted"],
    ),
]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def _save(obj, reason="sample"):
    return system_save(instance=obj, reason=reason, quiet=True)


def _departments(zone, users) -> dict[str, Department]:
    result = {}
    for name, head, phone in DEPARTMENTS:
        department = Department.objects.filter(zone=zone, name=name).first()
        values = {"head": users.get(head), "phone": phone, "is_sample": True}
        if department is None or any(getattr(department, k) != v for k, v in values.items()):
            department = department or Department(zone=zone, name=name)
            for k, v in values.items():
                setattr(department, k, v)
            _save(department, f"{SEED}: 24小时服务热线（部门为示例）")
        result[name] = department
    return result


def _log(request, kind, note, when, user=None, by_requester=False):
    entry = FollowUp(
        request=request,
        kind=kind,
        note=note,
        author=user,
        by_requester=by_requester,
        is_sample=True,
    )
    _save(entry)
    FollowUp.objects.filter(pk=entry.pk).update(created_at=when)


@transaction.atomic
def load() -> dict[str, int]:
    load_catalogue()
    zone = Zone.objects.filter(name=ZONE, is_sample=False).first()
    if zone is None:
        return {"categories": Category.objects.filter(zone=None).count()}
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["jincheng", "jc_leader", "jc_agent"])
    }
    departments = _departments(zone, users)
    categories = {c.code: c for c in categories_for_zone(zone.pk)}
    enterprise = Enterprise.objects.filter(zone=zone).order_by("-employees").first()
    for ref, code, title, text, department, assignee, received, steps, rating, comment in REQUESTS:
        if ServiceRequest.objects.filter(zone=zone, external_ref=ref).exists():
            continue
        request = ServiceRequest(
            zone=zone,
            external_ref=ref,
            channel=ServiceRequest.Channel.HOTLINE,
            category=categories[code],
            title=title,
            description=text,
            complex=code == "financing",
            priority=ServiceRequest.Priority.URGENT if code == "utilities" else "normal",
            contact_name="企业联络员（示例）",
            contact_phone="0356-8880099",
            enterprise=enterprise if code != "complaint_bribery" else None,
            department=departments[department],
            assignee=users.get(assignee),
            received_at=_at(*received),
            is_sample=True,
        )
        handler = users.get(assignee)
        for step, day, hour, note in steps:
            when = _at(day, hour)
            if step == "accepted":
                request.status, request.accepted_at = ServiceRequest.Status.ACCEPTED, when
            elif step == "answered":
                request.status, request.answered_at = ServiceRequest.Status.ANSWERED, when
                request.answer = note
            else:
                request.status, request.resolved_at = ServiceRequest.Status.RESOLVED, when
                request.answered_at = request.answered_at or when
                request.resolution = note
        if rating is not None:
            rated = request.resolved_at + timedelta(days=1, hours=3)
            request.status = ServiceRequest.Status.CLOSED
            request.rating, request.rating_comment = rating, comment
            request.rated_at = request.closed_at = rated
            # A complainant without a company account is called back (回访).
            request.rated_on_callback = request.enterprise is None
        if request.resolved_at is not None:
            refresh_deadlines(request)
            request.resolved_in_time = (
                timezone.localdate(request.resolved_at) <= request.resolve_due
            )
        _save(request, f"{SEED}: 24小时服务热线（诉求为示例）")
        for step, day, hour, note in steps:
            _log(request, step, note, _at(day, hour), user=handler)
        if rating is not None and request.rated_on_callback:
            note = f"回访：诉求人评价{rating}分（满分5分）。{comment}"
            _log(request, FollowUp.Kind.RATED, note, request.rated_at, user=users.get("jincheng"))
        elif rating is not None:
            note = f"评价{rating}分。{comment}"
            _log(request, FollowUp.Kind.RATED, note, request.rated_at, by_requester=True)
    now = timezone.now()
    for ref, code, title, text, department, assignee, steps in OPEN_REQUESTS:
        if ServiceRequest.objects.filter(zone=zone, external_ref=ref).exists():
            continue
        request = ServiceRequest(
            zone=zone,
            external_ref=ref,
            channel=ServiceRequest.Channel.HOTLINE,
            category=categories[code],
            title=title,
            description=text,
            contact_name="来电群众（示例）",
            contact_phone="0356-8880098",
            department=departments[department],
            assignee=users.get(assignee),
            received_at=now,
            is_sample=True,
        )
        if "accepted" in steps:
            request.status, request.accepted_at = ServiceRequest.Status.ACCEPTED, now
        _save(request, f"{SEED}: 24小时服务热线（诉求为示例）")
        if "accepted" in steps:
            _log(request, FollowUp.Kind.ACCEPTED, "已受理。", now, user=users.get(assignee))
    requests = ServiceRequest.objects.filter(zone=zone)
    return {
        "categories": Category.objects.filter(zone=None).count(),
        "departments": Department.objects.filter(zone=zone).count(),
        "requests": requests.count(),
        "rated": requests.filter(rating__isnull=False).count(),
    }
