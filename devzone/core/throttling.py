"""Rate limits and failure counters, all keyed on ``network.client_ip``.

DRF's own throttles read ``X-Forwarded-For`` whenever it is present (unless
NUM_PROXIES is set), so a client could pick a fresh address per request; these
ask the one helper that knows how many proxies are ours.
"""

from __future__ import annotations

from django.core.cache import cache
from rest_framework import throttling

from .network import client_ip


class ClientAddressMixin:
    def get_ident(self, request):
        return client_ip(request) or "unknown"


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    pass


class AddressRateThrottle(AnonRateThrottle):
    """Per address, signed in or not: for endpoints open to the public."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _failure_key(scope: str, kind: str, value: str) -> str:
    return f"failures:{scope}:{kind}:{value}"


def failures_exceeded(*, scope: str, keys: dict[str, str | None], limit: int) -> bool:
    """Whether any of ``keys`` (kind → value, e.g. address, code) has had
    ``limit`` failures within its window."""
    wanted = [_failure_key(scope, k, v) for k, v in keys.items() if v]
    counts = cache.get_many(wanted)
    return any(count >= limit for count in counts.values())


def failure_record(*, scope: str, keys: dict[str, str | None], window_seconds: int) -> None:
    """Count one failure against each of ``keys``; the count expires after
    the window that began with its first failure."""
    for kind, value in keys.items():
        if not value:
            continue
        key = _failure_key(scope, kind, value)
        cache.add(key, 0, window_seconds)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window_seconds)
