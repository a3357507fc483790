"""Campaign tracking parameters (utm_*) survive the site's automatic redirects."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import HttpRequest, HttpResponse

REDIRECT_CODES = frozenset({301, 302, 307, 308})


def tracking_parameters(request: HttpRequest) -> list[tuple[str, str]]:
    return [
        (k, v)
        for k, v in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
        if k.lower().startswith("utm_")
    ]


def with_parameters(url: str, params: list[tuple[str, str]]) -> str:
    """`url` with `params` added, except those it already carries."""
    parts = urlsplit(url)
    existing = parse_qsl(parts.query, keep_blank_values=True)
    present = {k for k, _ in existing}
    added = [(k, v) for k, v in params if k not in present]
    if not added:
        return url
    return urlunsplit(parts._replace(query=urlencode(existing + added)))


class TrackingParametersRedirectMiddleware:
    """Copies the request's utm_* parameters onto the Location of public redirects (renamed pages, /r/<id>/)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code in REDIRECT_CODES
            and request.method in ("GET", "HEAD")
            and response.has_header("Location")
            and not request.path.startswith("/admin/")
        ):
            params = tracking_parameters(request)
            if params:
                response["Location"] = with_parameters(response["Location"], params)
        return response
