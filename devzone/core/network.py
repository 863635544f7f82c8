"""The client's address, as far as the installation's own proxies vouch for it."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The address the request came from.

    With ``TRUSTED_PROXY_COUNT`` = 0 (the default) that is ``REMOTE_ADDR``, and
    ``X-Forwarded-For`` is ignored: anyone can write that header. Behind N
    proxies of our own, each appends the address it received the request from,
    so the Nth entry from the right was written by our outermost proxy and is
    the real client; entries further left are the client's to forge.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        # The request did not pass through all our proxies: only the socket's
        # address is known.
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
