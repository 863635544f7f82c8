"""Benchmarks of economic monitoring at national scale (``make bench``).

Each figure is measured in-process (server time: Django's test client through
every middleware, or the selector alone) with the bare SQL that computes the
same ranking measured in the same run, so the ratio is meaningful on any machine."""

from __future__ import annotations

import io
import platform
import statistics
import time
from dataclasses import dataclass

import xlsxwriter
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from devzone.core.models import User, Zone
from devzone.core.scoping import Role

from . import exchange, selectors
from .formatting import in_display_unit
from .generator import generated_zones
from .models import Indicator, IndicatorValue
from .periods import Period

BARE_RANKING_SQL = """
SELECT z.id, z.name, z.short_name, r.name, z.is_sample, v.value, v.stated_growth,
       CASE WHEN v.value IS NULL THEN NULL ELSE RANK() OVER (ORDER BY v.value IS NULL, v.value DESC) END
FROM core_zone z
JOIN core_region r ON r.id = z.region_id
LEFT JOIN stats_indicatorvalue v
       ON v.zone_id = z.id AND v.indicator_id = %s AND v.year = %s AND v.month = %s AND v.status = 'approved'
ORDER BY 8 IS NULL, 8, z.name
"""


@dataclass
class Timing:
    name: str
    runs: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.runs) * 1000

    @property
    def p95(self) -> float:
        ordered = sorted(self.runs)
        return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] * 1000


def _time(fn, runs: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    result = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        result.append(time.perf_counter() - start)
    return result


def _admin() -> User:
    user, _created = User.objects.get_or_create(
        username="bench-admin", defaults={"role": Role.PLATFORM_ADMIN}
    )
    return user


def bench_ranking(period: Period, runs: int) -> dict:
    indicator = Indicator.objects.get(code="industrial_value_added")
    peers = selectors.PeerGroup()  # nationwide: every zone
    client = Client()
    client.force_login(_admin())
    url = f"/api/v1/stats/ranking/?indicator={indicator.pk}&period={period}&by=total"

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(BARE_RANKING_SQL, [indicator.pk, period.year, period.month])
            return cursor.fetchall()

    sql = Timing("bare SQL (RANK() window)", _time(bare, runs))
    selector = Timing(
        "selectors.ranking",
        _time(lambda: selectors.ranking(indicator=indicator, period=period, peers=peers), runs),
    )
    endpoint = Timing("GET /api/v1/stats/ranking/", _time(lambda: client.get(url), runs))
    rows = len(bare())
    # Both compute the same ranking: compare ranks zone by zone.
    sql_ranks = {row[0]: row[7] for row in bare()}
    ours = {
        r.zone_id: r.rank
        for r in selectors.ranking(indicator=indicator, period=period, peers=peers)
    }
    return {"timings": [sql, selector, endpoint], "rows": rows, "same": sql_ranks == ours}


def bench_dashboard(runs: int) -> dict:
    zone = generated_zones().order_by("pk").first() or Zone.objects.order_by("pk").first()
    client = Client()
    client.force_login(_admin())
    url = f"/stats/dashboards/{zone.pk}/"
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    return {
        "timings": [Timing(f"GET {url}", _time(lambda: client.get(url), runs))],
        "queries": len(executed),
    }


def bench_import(period: Period) -> dict:
    """One national month from .xlsx: every generated zone × 30 indicators."""
    zones = list(generated_zones().values_list("name", flat=True))
    indicators = list(Indicator.objects.filter(is_active=True))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet(str(period))
    headers = [exchange.ZONE_HEADER]
    for ind in indicators:
        headers += [exchange.value_header(ind), exchange.growth_header(ind)]
    sheet.write_row(0, 0, headers)
    # The newest generated month's figures, as the province's form carries them:
    # parts within their wholes, so the audit rules pass and every figure is written.
    newest = (
        IndicatorValue.objects.filter(zone__in=generated_zones())
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )
    stored = {
        (zone_id, ind_id): (value, growth)
        for zone_id, ind_id, value, growth in IndicatorValue.objects.filter(
            year=newest[0], month=newest[1], zone__in=generated_zones()
        ).values_list("zone_id", "indicator_id", "value", "stated_growth")
    }
    zone_ids = dict(generated_zones().values_list("name", "pk"))
    for r, name in enumerate(zones, start=1):
        row = [name]
        for ind in indicators:
            value, growth = stored.get((zone_ids[name], ind.pk), (None, None))
            shown = in_display_unit(value, ind)
            row += [
                float(shown) if shown is not None else "",
                float(growth) if growth is not None else "",
            ]
        sheet.write_row(r, 0, row)
    book.close()
    content = buffer.getvalue()
    user = _admin()
    IndicatorValue.objects.filter(
        year=period.year, month=period.month, zone__in=generated_zones()
    ).delete()
    start = time.perf_counter()
    report = exchange.template_import(user=user, name="national.xlsx", content=content, write=True)
    seconds = time.perf_counter() - start
    written = report.written
    IndicatorValue.history.filter(year=period.year, month=period.month).delete()
    IndicatorValue.objects.filter(
        year=period.year, month=period.month, zone__in=generated_zones()
    ).delete()
    return {
        "seconds": seconds,
        "written": written,
        "errors": len(report.errors),
        "bytes": len(content),
    }


def run(*, runs: int, command: str) -> str:
    zones = generated_zones().count()
    values = IndicatorValue.objects.filter(zone__in=generated_zones()).count()
    latest = (
        IndicatorValue.objects.filter(zone__in=generated_zones())
        .order_by("-year", "-month")
        .first()
    )
    period = Period(latest.year, 6) if latest else Period(2024, 6)
    settings.DEBUG = False
    ranking = bench_ranking(period, runs)
    dashboard = bench_dashboard(runs)
    imported = bench_import(period.shift(24))
    sql, selector, endpoint = ranking["timings"]
    lines = [
        f"Measured {timezone.localtime():%Y-%m-%d %H:%M} on {platform.node() and 'this machine'} "
        f"({platform.processor() or platform.machine()}, {connection.vendor}), Python {platform.python_version()}.",
        f"Data: {zones:,} zones, {values:,} approved indicator values. Command: `{command}`.",
        "",
        "| benchmark | runs | p50 (ms) | p95 (ms) | target |",
        "|---|---:|---:|---:|---|",
        f"| national ranking, bare SQL ({ranking['rows']:,} zones) | {runs} | {sql.p50:.1f} | {sql.p95:.1f} | — |",
        f"| national ranking, `selectors.ranking` | {runs} | {selector.p50:.1f} | {selector.p95:.1f} | ≤ 2× SQL |",
        f"| national ranking, API endpoint (server time) | {runs} | {endpoint.p50:.1f} | {endpoint.p95:.1f} | p95 < 100 |",
        f"| zone dashboard page ({dashboard['queries']} queries) | {runs} | "
        f"{dashboard['timings'][0].p50:.1f} | {dashboard['timings'][0].p95:.1f} | p95 < 150 |",
        "",
        f"- Ranking ratio selector ÷ bare SQL: p50 {selector.p50 / sql.p50:.2f}×, p95 {selector.p95 / sql.p95:.2f}×; "
        f"endpoint ÷ bare SQL p95 {endpoint.p95 / sql.p95:.2f}×. Same ranks as the SQL: {ranking['same']}.",
        f"- Import of one month from .xlsx ({imported['bytes'] / 1e6:.1f} MB, {imported['written']:,} figures "
        f"written with history, {imported['errors']} errors): {imported['seconds']:.2f} s (target < 10 s).",
    ]
    return "\n".join(lines)
