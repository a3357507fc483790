"""Who is asking, and how often: the client address of a request, and a fixed-window counter per client.

The client address is REMOTE_ADDR, unless the site runs behind reverse proxies: then set
`MAILLAGE_API_CLIENT_HEADER` to the header they fill (e.g. `HTTP_X_FORWARDED_FOR`) and `MAILLAGE_TRUSTED_PROXIES`
to how many of them there are. Each proxy *appends* the address it received the request from, so only the entry
appended by the outermost trusted proxy is a fact (the N-th from the right); whatever stands to its left was written
by the client and may be anything. A header shorter than that (the request did not come through every proxy) falls
back to REMOTE_ADDR.

Counts live in the "ratelimit" cache (Redis in production, so that every web worker shares them).
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address of the client as the trusted proxies saw it (REMOTE_ADDR without proxies)."""
    remote = request.META.get("REMOTE_ADDR", "")
    header = getattr(settings, "MAILLAGE_API_CLIENT_HEADER", "")
    if not header:
        return remote[:64]
    trusted = max(1, int(getattr(settings, "MAILLAGE_TRUSTED_PROXIES", 1) or 1))
    hops = [hop.strip() for hop in request.META.get(header, "").split(",")]
    if len(hops) < trusted or not hops[-trusted]:
        return remote[:64]
    hop = hops[-trusted]
    try:
        return str(ipaddress.ip_address(hop))
    except (
        ValueError
    ):  # a proxy that writes something else than an address: count it as it is, bounded
        return hop[:64]


@dataclass(frozen=True)
class Count:
    count: int
    limit: int
    retry_after: int  # seconds until the window closes

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit


def hit(name: str, who: str, limit: int, window: int) -> Count:
    """Counts one event of `name` for `who` (an address, or `hashed()` of anything personal) in its current window of
    `window` seconds. A window opens with the first event of `who` after the last one closed, not on the clock: a
    burst is counted as one whichever second it starts in."""
    now = time.time()
    cache = caches["ratelimit"]
    anchor = f"{name}:{who}"
    start = now if cache.add(anchor, now, timeout=window) else cache.get(anchor, now)
    key = f"{anchor}:{int(start * 1000)}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        count = 1
    return Count(count=count, limit=limit, retry_after=max(1, int(start + window - now) + 1))


def hashed(value: str) -> str:
    """A short digest, so that the cache never holds an e-mail address as it is."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def retry_phrase(seconds: int) -> str:
    """« 3 minutes », « 45 secondes », « 2 heures »: when to come back, in French."""
    if seconds >= 5400:
        value, unit = round(seconds / 3600), "heure"
    elif seconds >= 90:
        value, unit = round(seconds / 60), "minute"
    else:
        value, unit = seconds, "seconde"
    return f"{value} {unit}{'s' if value > 1 else ''}"
