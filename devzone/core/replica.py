"""Reads of the reporting pages on a PostgreSQL replica (``DATABASE_REPLICA_URL``).

A province's or city's viewers read rankings, dashboards and comparisons
across all their zones; they write none of it. When a replica is configured,
their GET requests to the views in ``REPLICA_READ_VIEWS`` read from it, which
takes the heaviest reads off the primary. Everything else, and every write,
goes to the primary. Someone who has just written (any non-GET request) reads
from the primary for ``REPLICA_STICKY_SECONDS``, so a replica's lag never shows
them their own change missing.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

from django.conf import settings

from .scoping import Role

REPLICA = "replica"
STICKY_COOKIE = "devzone_primary"
_reading_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "reading_from_replica", default=False
)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads():
    """Reads inside go to the replica (when there is one)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading_from_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: objects from both relate.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's schema by replication.
        return db != REPLICA


class ReplicaReadsMiddleware:
    """Sends the reporting pages' reads of region viewers to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._replica_token = None
        try:
            response = self.get_response(request)
        finally:
            if request._replica_token is not None:
                _reading_from_replica.reset(request._replica_token)
        if request.method not in ("GET", "HEAD", "OPTIONS") and replica_configured():
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            replica_configured()
            and request.method in ("GET", "HEAD")
            and not request.COOKIES.get(STICKY_COOKIE)
            and request.resolver_match.view_name in settings.REPLICA_READ_VIEWS
            and request.user.is_authenticated
            and request.user.role == Role.REGION_VIEWER
        ):
            request._replica_token = _reading_from_replica.set(True)
        return None
