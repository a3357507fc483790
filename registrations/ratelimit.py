"""Bounds what one client can ask of the registration form: a fixed window per client address (the proxy hop the
trusted proxy appended, `core.client`) in the "ratelimit" cache, as /api/ and the alerts do."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from core import client


def allow(request: HttpRequest, scope: str = "register") -> bool:
    """Counts one request of this client; False once it is past the limit of the window."""
    limit, window = settings.MAILLAGE_REGISTRATIONS["RATE_LIMIT"]
    return not client.hit(
        f"registrations-{scope}", client.client_address(request), limit, window
    ).exceeded
