"""A rate limit on /api/, and another on the public search page and its feed (/recherche/), per client address:
past the limit, 429 with `Retry-After` and a French message (JSON for /api/, the widget's own page for the widget
shown in partners' iframes, the site's page for /recherche/, plain text for the feed).

A fixed window counted in the "ratelimit" cache (Redis in production, so that every web worker shares it), per
client address (`core.client.client_address`: REMOTE_ADDR, or behind reverse proxies the hop appended by the
trusted one, see MAILLAGE_API_CLIENT_HEADER and MAILLAGE_TRUSTED_PROXIES).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse

from core import client

PREFIX = "/api/"
SEARCH_PREFIX = "/recherche/"
FEED_PATH = "/recherche/flux.atom"
WIDGET_PREFIX = "/api/widget/"
# The refusal answers before the CSP and X-Frame-Options middlewares: its own policy lets partner sites frame it.
WIDGET_REFUSAL_CSP = "default-src 'none'; style-src 'self'; frame-ancestors *"


def _widget_refusal(request: HttpRequest, message: str) -> HttpResponse:
    """The widget's own page with the message, for the iframe of a partner site (JSON would show as raw text)."""
    html = render_to_string(
        "api/widget.html", {"pages": [], "problems": [message]}, request=request
    )
    response = HttpResponse(html, status=429)
    response["Content-Security-Policy"] = WIDGET_REFUSAL_CSP
    return response


def client_address(request: HttpRequest) -> str:
    return client.client_address(request)


class ApiRateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(PREFIX):
            name, (limit, window) = "api-rate", settings.MAILLAGE_API_RATE_LIMIT
        elif request.path.startswith(SEARCH_PREFIX):
            name, (limit, window) = "search-rate", settings.MAILLAGE_SEARCH_RATE_LIMIT
        else:
            return self.get_response(request)
        request.client_address = client_address(
            request
        )  # read by the search statistics (distinct visitors)
        counted = client.hit(name, request.client_address, limit, window)
        count = counted.count
        if counted.exceeded:
            retry_after = counted.retry_after
            message = f"Trop de requêtes : réessayez dans {retry_after} seconde{'s' if retry_after > 1 else ''}."
            if request.path.startswith(WIDGET_PREFIX):
                response = _widget_refusal(request, message)
            elif request.path == FEED_PATH:
                response = HttpResponse(
                    message, status=429, content_type="text/plain; charset=utf-8"
                )
            elif request.path.startswith(SEARCH_PREFIX):
                response = TemplateResponse(
                    request, "429.html", {"message": message}, status=429
                ).render()
            else:
                response = JsonResponse(
                    {"error": message, "retry_after": retry_after},
                    status=429,
                    json_dumps_params={"ensure_ascii": False},
                )
            response["Retry-After"] = str(retry_after)
            return response
        response = self.get_response(request)
        response["X-RateLimit-Limit"] = str(limit)
        response["X-RateLimit-Remaining"] = str(max(0, limit - count))
        return response
