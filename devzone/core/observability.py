"""Request ids, structured logs and Prometheus metrics.

Every request gets an id (the proxy's ``X-Request-ID`` when it sends a
well-formed one, else a new one); it is in every log line written while the
request runs and in the response's ``X-Request-ID``, so one line in the proxy's
log leads to the application's. Metrics are counted per process; with several
gunicorn workers ``PROMETHEUS_MULTIPROC_DIR`` makes ``/metrics`` add them up.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, datetime

from django.conf import settings
from django.db import connections
from django.http import HttpResponse, HttpResponseForbidden
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from .network import client_ip

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_WELL_FORMED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

REQUESTS = Counter(
    "devzone_http_requests",
    "HTTP requests answered, by view and status.",
    ["method", "view", "status"],
)
LATENCY = Histogram(
    "devzone_http_request_duration_seconds",
    "Time to answer a request, by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
QUERIES = Counter(
    "devzone_db_queries",
    "SQL queries sent while answering requests, by database alias.",
    ["alias"],
)
QUERIES_PER_REQUEST = Histogram(
    "devzone_db_queries_per_request",
    "SQL queries sent while answering one request.",
    ["view"],
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500),
)


class RequestIdFilter(logging.Filter):
    """Gives every log record the current request's id (``-`` outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: what log collectors parse without rules."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if _WELL_FORMED_ID.match(given) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.id
        return response


class MetricsMiddleware:
    """Counts requests, their time and their SQL queries, by URL name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counted: dict[str, int] = {}

        def count(execute, sql, params, many, context):
            alias = context["connection"].alias
            counted[alias] = counted.get(alias, 0) + 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(count))
            response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match else "") or "unmatched"
        LATENCY.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(request.method, view, str(response.status_code)).inc()
        for alias, n in counted.items():
            QUERIES.labels(alias).inc(n)
        QUERIES_PER_REQUEST.labels(view).observe(sum(counted.values()))
        return response


# Gauges an app reads from its own tables at each scrape (the desk's
# escalations by level): name -> (help, label, source() -> {label value: count}).
_GAUGES: dict[str, tuple[str, str, Callable[[], dict[str, int]]]] = {}


def register_gauge(name: str, help_text: str, label: str, source) -> None:
    """An app's gauge, registered in its ``AppConfig.ready``: core names no app."""
    _GAUGES[name] = (help_text, label, source)


class DatabaseCollector:
    """Background jobs, and the gauges apps register (escalations), as the
    database holds them, read at each scrape: the worker that ran a job may be
    another process or machine, so its own counters would miss what the
    others did."""

    def collect(self):
        from django.db.models import Count

        from .models import BackgroundJob

        jobs = GaugeMetricFamily(
            "devzone_background_jobs",
            "Background jobs by kind and status.",
            labels=["kind", "status"],
        )
        for row in BackgroundJob.objects.values("kind", "status").annotate(n=Count("pk")):
            jobs.add_metric([row["kind"], row["status"]], row["n"])
        yield jobs
        for name, (help_text, label, source) in _GAUGES.items():
            gauge = GaugeMetricFamily(name, help_text, labels=[label])
            for value, count in source().items():
                gauge.add_metric([str(value)], count)
            yield gauge


def metrics_allowed(request) -> bool:
    """The metrics tell traffic and volumes: a scraper presents
    ``METRICS_TOKEN``, or, without one set, calls from this machine."""
    token = settings.METRICS_TOKEN
    if token:
        return request.headers.get("Authorization", "") == f"Bearer {token}"
    return client_ip(request) in {"127.0.0.1", "::1"}


def metrics(request):
    if not metrics_allowed(request):
        return HttpResponseForbidden()
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        for collector in (REQUESTS, LATENCY, QUERIES, QUERIES_PER_REQUEST):
            registry.register(collector)
    registry.register(DatabaseCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
