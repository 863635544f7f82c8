"""Benchmarks of the service desk at national scale (run by ``make bench``
after the statistics ones): about 5 million requests over ten years across
the generated zones (1,850 per zone; 2,700 zones nationally), a zone's desk
list and deadline dashboard, and the escalation scan over every open request.

Each timing is server time in-process (Django's test client through every
middleware, or the service alone)."""

from __future__ import annotations

import gc
import random
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from devzone.core.bulk import copy_rows
from devzone.core.models import User
from devzone.core.scoping import Role
from devzone.core.workdays import add_working_days
from devzone.stats.benchmarks import Timing, _time
from devzone.stats.generator import generated_zones

from . import services
from .catalogue import load_catalogue
from .models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Category,
    Department,
    Escalation,
    FollowUp,
    ServiceRequest,
)

REQUESTS_PER_ZONE = 1850  # 2,700 zones → 4,995,000 requests
# generate()'s arguments for the smallest data set, as the unit tests run it.
TINY = {"requests_per_zone": 40}
YEARS = 10
RECENT_DAYS = 25  # requests this young are still being handled
STUCK = 0.01  # share of older requests still open (long overdue, escalated)
USER_PREFIX = "bench-desk-"
DEPARTMENTS = ("企业服务中心", "项目代办中心", "营商环境监督室")
SHANGHAI = ZoneInfo("Asia/Shanghai")

S = ServiceRequest.Status

COLUMNS = [
    "created_at",
    "updated_at",
    "version",
    "is_sample",
    "zone_id",
    "code",
    "external_ref",
    "channel",
    "category_id",
    "title",
    "description",
    "priority",
    "complex",
    "contact_name",
    "contact_phone",
    "department_id",
    "assignee_id",
    "status",
    "is_open",
    "received_at",
    "clock_start",
    "accept_due",
    "answer_due",
    "resolve_due",
    "accepted_at",
    "answered_at",
    "resolved_at",
    "closed_at",
    "answer",
    "resolution",
    "resolved_in_time",
    "rating",
    "rating_comment",
    "rated_at",
    "reopen_count",
    "accept_warned",
    "answer_warned",
    "resolve_warned",
    "accept_level",
    "answer_level",
    "resolve_level",
]


def generated_requests():
    return ServiceRequest.objects.filter(zone__in=generated_zones())


def clear() -> None:
    """Remove the generated requests, departments and users (before the zones
    they are in are regenerated). Raw deletes: millions of rows."""
    requests = generated_requests()
    escalations = Escalation.objects.filter(request__in=requests)
    Escalation.recipients.through.objects.filter(escalation__in=escalations)._raw_delete("default")
    escalations._raw_delete("default")
    FollowUp.objects.filter(request__in=requests)._raw_delete("default")
    requests._raw_delete("default")
    Department.objects.filter(zone__in=generated_zones()).delete()
    User.objects.filter(username__startswith=USER_PREFIX).delete()


def _code(rng: random.Random) -> str:
    return "".join(rng.choices(CODE_ALPHABET, k=CODE_LENGTH))


class _Deadlines:
    """Deadlines by (day, days), all computed before the COPY starts: the
    official calendar may read entered days from the database, which is busy
    while the COPY streams."""

    def __init__(self, first: date, last: date, categories):
        spans = {
            n
            for c in categories
            for n in (c.accept_days, c.answer_days, c.resolve_days, c.complex_days)
        }
        self._days: dict[tuple[date, int], date] = {}
        day = first
        while day <= last:
            for n in spans:
                self._days[(day, n)] = add_working_days(day, n)
            day += timedelta(days=1)

    def of(self, day: date, category: Category, complex_case: bool) -> tuple[date, date, date]:
        days = self._days
        return (
            days[(day, category.accept_days)],
            days[(day, category.answer_days)],
            days[(day, category.days_to_resolve(complex_case))],
        )


def _end_of(day: date) -> datetime:
    return datetime.combine(day, dtime(17, 30), tzinfo=SHANGHAI)


def _rows(zone_id, rng, categories, departments, head_id, deadlines, now, today, per_zone):
    span = YEARS * 365 * 24 * 3600
    weights = [14, 14, 10, 14, 20, 1, 1, 26]  # by category, as ordered
    for i in range(per_zone):
        received = now - timedelta(seconds=int(span * (i + rng.random()) / per_zone))
        category = rng.choices(categories, weights)[0]
        complex_case = rng.random() < 0.1
        start = timezone.localdate(received)
        accept_due, answer_due, resolve_due = deadlines.of(start, category, complex_case)
        age = (today - start).days
        if age <= RECENT_DAYS:
            status = rng.choices(
                [S.RECEIVED, S.ACCEPTED, S.ANSWERED, S.RESOLVED, S.CLOSED], [2, 3, 2, 1, 2]
            )[0]
        elif rng.random() < STUCK:
            status = rng.choice([S.RECEIVED, S.ACCEPTED, S.ANSWERED])
        else:
            status = S.CLOSED if rng.random() < 0.9 else S.RESOLVED
        accepted = answered = resolved = closed = None
        in_time = rating = None
        if status != S.RECEIVED:
            accepted = min(received + timedelta(hours=rng.randrange(1, 30)), now)
        if status in (S.ANSWERED, S.RESOLVED, S.CLOSED):
            answered = min(accepted + timedelta(hours=rng.randrange(1, 40)), now)
        if status in (S.RESOLVED, S.CLOSED):
            late = rng.random() < 0.12
            day = (
                resolve_due + timedelta(days=rng.randrange(1, 15))
                if late
                else min(resolve_due, start + timedelta(days=rng.randrange(1, 14)))
            )
            resolved = max(min(_end_of(day), now), answered)
            in_time = timezone.localdate(resolved) <= resolve_due
        if status == S.CLOSED:
            closed = min(resolved + timedelta(hours=rng.randrange(2, 72)), now)
            rating = rng.choices([1, 2, 3, 4, 5], [2, 3, 10, 35, 50])[0]
        yield [
            received,
            received,
            1,
            True,
            zone_id,
            _code(rng),
            "",
            rng.choice(("hotline", "hotline", "web", "notice_board")),
            category.pk,
            f"生成诉求{zone_id}-{i:04d}",
            "生成的诉求内容，用于基准测试。",
            "normal",
            complex_case,
            "",
            "13800000000",
            departments[i % len(departments)],
            head_id,
            status,
            status in services.OPEN,
            received,
            start,
            accept_due,
            answer_due,
            resolve_due,
            accepted,
            answered,
            resolved,
            closed,
            "已答复。" if answered else "",
            "已办结。" if resolved else "",
            in_time,
            rating,
            "",
            closed,
            0,
            False,
            False,
            False,
            0,
            0,
            0,
        ]


@transaction.atomic
def generate(log=print, *, requests_per_zone: int = REQUESTS_PER_ZONE) -> dict[str, int]:
    """Requests in every generated zone, ten years of them; a zone admin and
    three departments per zone; the escalations of the long-stuck ones."""
    rng = random.Random(20241010)
    clear()
    load_catalogue()
    categories = list(Category.objects.filter(zone=None).order_by("order"))
    zones = list(generated_zones().order_by("pk").values_list("pk", flat=True))
    unusable = make_password(None)
    heads = User.objects.bulk_create(
        [
            User(
                username=f"{USER_PREFIX}{z}",
                first_name="基准管理员",
                role=Role.ZONE_ADMIN,
                password=unusable,
            )
            for z in zones
        ],
        batch_size=5000,
    )
    links = User.zones.through
    links.objects.bulk_create(
        [links(user_id=u.pk, zone_id=z) for u, z in zip(heads, zones, strict=True)],
        batch_size=5000,
    )
    Department.objects.bulk_create(
        [
            Department(zone_id=z, name=n, head=u, is_sample=True)
            for u, z in zip(heads, zones, strict=True)
            for n in DEPARTMENTS
        ],
        batch_size=5000,
    )
    departments: dict[int, list[int]] = {}
    for pk, zone_id in Department.objects.filter(zone_id__in=zones).values_list("pk", "zone_id"):
        departments.setdefault(zone_id, []).append(pk)
    now = timezone.now()
    today = timezone.localdate()
    first = timezone.localdate(now - timedelta(days=YEARS * 365 + 1))
    deadlines = _Deadlines(first, today, categories)

    def rows():
        for n, (zone_id, head) in enumerate(zip(zones, heads, strict=True), start=1):
            yield from _rows(
                zone_id,
                rng,
                categories,
                departments[zone_id],
                head.pk,
                deadlines,
                now,
                today,
                requests_per_zone,
            )
            if n % 300 == 0:
                log(f"  desk: {n * requests_per_zone:,} requests")

    copy_rows(ServiceRequest, COLUMNS, rows())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE desk_servicerequest")
    # The long-stuck requests were escalated (and told) long ago.
    raised = []
    for kind in services.DEADLINES:
        raised += services._raise(kind, Escalation.Level.DEPARTMENT, _due_before(kind, today))
    for days in sorted(set(Category.objects.values_list("escalate_after_days", flat=True))):
        cutoff = services.still_overdue_cutoff(today, days)
        for kind in services.DEADLINES:
            raised += services._raise(
                kind,
                Escalation.Level.ZONE_ADMIN,
                _due_before(kind, cutoff + timedelta(days=1), category__escalate_after_days=days),
            )
    Escalation.objects.filter(pk__in=raised).update(notified_at=now)
    total = generated_requests().count()
    log(f"{total:,} service requests in {len(zones):,} zones; {len(raised):,} escalations")
    return {"requests": total, "escalations": len(raised)}


def _due_before(kind: str, day: date, **more):
    from django.db.models import Q

    return Q(**{f"{kind}_due__lt": day}, **more)


def _queries(client, url) -> int:
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200
    return len(executed)


class _Rollback(Exception):
    pass


def _scan_rolled_back(day: date) -> tuple[float, dict]:
    """The scan as of ``day``, undone afterwards (so it can be repeated)."""
    result = {}
    start = time.perf_counter()
    try:
        with transaction.atomic():
            result.update(services.escalate_overdue(today=day))
            elapsed = time.perf_counter() - start
            raise _Rollback
    except _Rollback:
        pass
    return elapsed, result


def run(*, runs: int) -> list[str]:
    if not generated_requests().exists():
        generate()
    settings.DEBUG = False
    gc.collect()
    gc.freeze()
    total = generated_requests().count()
    open_total = generated_requests().filter(is_open=True).count()
    zone_id = generated_zones().order_by("pk").values_list("pk", flat=True).first()
    zone_requests = ServiceRequest.objects.filter(zone_id=zone_id).count()
    head = User.objects.get(username=f"{USER_PREFIX}{zone_id}")

    client = Client()
    client.force_login(head)
    list_url = "/desk/requests/"
    dashboard_url = f"/desk/dashboard/?zone={zone_id}"
    api_url = f"/api/v1/desk/requests/dashboard/?zone={zone_id}"
    list_queries = _queries(client, list_url)
    last_page = (zone_requests + 24) // 25
    last_queries = _queries(client, f"{list_url}?page={last_page}")
    dashboard_queries = _queries(client, dashboard_url)
    desk_list = Timing("desk list", _time(lambda: client.get(list_url), runs))
    overdue = Timing("overdue list", _time(lambda: client.get(f"{list_url}?overdue=true"), runs))
    dashboard = Timing("dashboard page", _time(lambda: client.get(dashboard_url), runs))
    dashboard_api = Timing("dashboard API", _time(lambda: client.get(api_url), runs))

    today = timezone.localdate()
    services.escalate_overdue(today=today)  # catch up (warnings since generation)
    scan_runs = max(3, min(runs, 10))
    steady = Timing("scan", [_scan_rolled_back(today)[0] for _ in range(scan_runs)])
    tomorrow = add_working_days(today, 1)
    next_runs = [_scan_rolled_back(tomorrow) for _ in range(scan_runs)]
    next_day = Timing("scan next working day", [t for t, _counts in next_runs])
    counts = next_runs[0][1]
    return [
        f"Service desk: {total:,} requests ({open_total:,} open) in "
        f"{generated_zones().count():,} zones; the measured zone has {zone_requests:,}.",
        "",
        "| benchmark | runs | p50 (ms) | p95 (ms) | target |",
        "|---|---:|---:|---:|---|",
        f"| a zone's desk list, first page (zone admin, {list_queries} queries) | {runs} | "
        f"{desk_list.p50:.1f} | {desk_list.p95:.1f} | p95 < 200 |",
        f"| a zone's overdue requests | {runs} | {overdue.p50:.1f} | {overdue.p95:.1f} | p95 < 200 |",
        f"| a zone's deadline dashboard page ({dashboard_queries} queries) | {runs} | "
        f"{dashboard.p50:.1f} | {dashboard.p95:.1f} | p95 < 200 |",
        f"| a zone's dashboard API | {runs} | {dashboard_api.p50:.1f} | {dashboard_api.p95:.1f} | p95 < 200 |",
        f"| escalation scan over {open_total:,} open requests, nothing new | {scan_runs} | "
        f"{steady.p50:.1f} | {steady.p95:.1f} | < 5000 |",
        f"| the scan on the next working day ({counts.get('warned', 0):,} warnings, "
        f"{counts.get('department', 0):,} + {counts.get('zone_admin', 0):,} escalations, notified) | "
        f"{scan_runs} | {next_day.p50:.1f} | {next_day.p95:.1f} | < 5000 |",
        "",
        f"- Desk list queries: first page {list_queries}, last page (page {last_page}) "
        f"{last_queries}: the same whatever the page.",
    ]
