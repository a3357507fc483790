"""Bounds what one client can ask of the registration form: a fixed window per client address in the "ratelimit"
cache (Redis in production, shared by every web worker), as /api/ does (api/ratelimit.py)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    header = getattr(settings, "MAILLAGE_API_CLIENT_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", ""))[:64]


def allow(request: HttpRequest, scope: str = "register") -> bool:
    """Counts one request of this client; False once it is past the limit of the window."""
    limit, window = settings.MAILLAGE_REGISTRATIONS["RATE_LIMIT"]
    key = f"registrations-{scope}:{client_address(request)}:{int(time.time()) // window}"
    cache = caches["ratelimit"]
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        count = 1
    return count <= limit
